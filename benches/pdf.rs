//! `cargo bench --bench pdf`: whole-process time of `isms pdf` (issue 3).
//! Targets: the SoA of the sample under 0.15 s and the sample pack under
//! 1 s; the risk register of a generated 2,000-risk tree is reported.

mod common;

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

    let pack = pdf("pack.pdf");
    let mut args = vec!["pdf", "pack", sample, "-o", &pack];
    args.extend(today);
    common::time("pdf pack: sample ISMS", &args, 5);

    let dir = tempfile::tempdir().unwrap();
    common::generate(dir.path(), 2000);
    let big = dir.path().to_str().unwrap();
    let risks = pdf("risks.pdf");
    let mut args = vec!["pdf", "risks", big, "-o", &risks];
    args.extend(today);
    common::time("pdf risks: generated tree, 2,000 risks", &args, 3);
}
