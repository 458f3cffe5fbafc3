//! `cargo bench --bench pdf`: whole-process time of `isms pdf` (issue 3).
//! Targets: the SoA of the sample under 0.15 s and the sample pack under
//! 1 s; the risk register of generated trees of 500 to 5,000 risks is
//! reported (issue 13 asked 5,000 in under 8 s and 1 GB). Each register size
//! is also rendered with `benches/floor/risks.typ`, the same cells as plain
//! text: the part of the register's cost that is typst's own. When a
//! standalone `typst` CLI is on PATH (or in `ISMS_TYPST`), the same
//! templates and data are also compiled by it, for the "within 1.2x of the
//! typst CLI on the same content" comparison.

// Benchmark code: a failed unwrap is a broken benchmark, reported as such.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

use std::path::Path;

use isms::pipeline::Options;
use isms::render::pdf::{Doc, Renderer};

/// Write the typst project isms compiles for `doc` of `tree` (templates,
/// `/data.json`, `/document.json`) into `dir`, for the typst CLI.
fn export(tree: &Path, doc: &Doc, dir: &Path) {
    let opts = Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
        ..Options::new(tree)
    };
    let corpus = isms::pipeline::corpus(&opts).expect("the tree checks");
    let r = Renderer::new(&corpus).unwrap();
    std::fs::write(dir.join("data.json"), r.data_json()).unwrap();
    std::fs::write(dir.join("document.json"), r.document_json(doc).unwrap()).unwrap();
    for e in std::fs::read_dir(common::root().join("templates/pdf")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
}

/// Time the typst CLI on the exported project, if there is a CLI.
fn typst_cli(label: &str, tree: &Path, doc: &Doc, main: &str, runs: usize) {
    let typst = std::env::var("ISMS_TYPST").unwrap_or_else(|_| "typst".into());
    if std::process::Command::new(&typst)
        .arg("--version")
        .output()
        .is_err()
    {
        println!("{label:<48} (no typst CLI: set ISMS_TYPST or put typst on PATH)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    export(tree, doc, dir.path());
    let root = dir.path().to_str().unwrap().to_string();
    let input = dir.path().join(main);
    let out = dir.path().join("out.pdf");
    common::measure(label, runs, || {
        let start = std::time::Instant::now();
        let st = std::process::Command::new(&typst)
            .args(["compile", "--ignore-system-fonts", "--root", &root])
            .arg(&input)
            .arg(&out)
            .output()
            .expect("run typst");
        assert!(
            st.status.success(),
            "typst: {}",
            String::from_utf8_lossy(&st.stderr)
        );
        start.elapsed()
    });
}

fn main() {
    let out = tempfile::tempdir().unwrap();
    let pdf = |name: &str| out.path().join(name).to_str().unwrap().to_string();
    let sample = common::root().join("isms");
    let sample = sample.to_str().unwrap();
    let today = ["--today", "2026-11-20"];

    let soa = pdf("soa.pdf");
    let mut args = vec!["pdf", "soa", sample, "-o", &soa];
    args.extend(today);
    common::time("pdf soa: sample ISMS", &args, 10);
    let sample_dir = common::root().join("isms");
    typst_cli(
        "  typst CLI, same SoA",
        &sample_dir,
        &Doc::Soa,
        "soa.typ",
        10,
    );

    let pack = pdf("pack.pdf");
    let mut args = vec!["pdf", "pack", sample, "-o", &pack];
    args.extend(today);
    common::time("pdf pack: sample ISMS", &args, 5);

    // The register at growing sizes (issue 13: 5,000 risks under 8 s and
    // 1 GB); linear growth keeps time and memory per risk flat.
    for risks in [500, 1000, 2000, 5000] {
        let dir = tempfile::tempdir().unwrap();
        common::generate(dir.path(), risks);
        let big = dir.path().to_str().unwrap();
        let out = pdf(&format!("risks-{risks}.pdf"));
        let cell = common::timed(
            &["pdf", "risks", big, "-o", &out, "--today", "2026-11-20"],
            3,
        );
        println!(
            "{:<48} {}   ({:.2} ms per risk)",
            format!("pdf risks: generated tree, {risks} risks"),
            cell.show(),
            cell.time.as_secs_f64() * 1000.0 / risks as f64
        );
        // The same cells as plain text (benches/floor/risks.typ in the
        // tree's templates): what typst itself needs, whatever the look.
        let templates = dir.path().join("templates/pdf");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::copy(
            common::root().join("benches/floor/risks.typ"),
            templates.join("risks.typ"),
        )
        .unwrap();
        let floor = common::timed(
            &["pdf", "risks", big, "-o", &out, "--today", "2026-11-20"],
            3,
        );
        let memory = match (floor.peak_kib, cell.peak_kib) {
            (Some(f), Some(c)) => format!(", {:.0}% of its memory", 100.0 * f as f64 / c as f64),
            _ => String::new(),
        };
        println!(
            "{:<48} {}   ({:.0}% of the register's time{memory})",
            "  typst floor: the same cells as plain text",
            floor.show(),
            100.0 * floor.time.as_secs_f64() / cell.time.as_secs_f64(),
        );
        std::fs::remove_file(templates.join("risks.typ")).unwrap();
        if risks == 2000 {
            typst_cli(
                "  typst CLI, same register",
                dir.path(),
                &Doc::Register(isms::schema::Kind::Risk),
                "risks.typ",
                3,
            );
        }
    }
}
