//! `cargo bench --bench reports`: whole-process time of the quarterly
//! review commands (issue 9). Target: each well under 0.2 s on the sample;
//! cost linear in the tree, shown at 10x and 100x the sample's 31 risks.

// Benchmark code: a failed unwrap is a broken benchmark, reported as such.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

/// Time each report over the tree in `dir`.
fn reports(label: &str, dir: &str, runs: usize) {
    let today = ["--today", "2026-11-20"];
    let cases: [(&str, Vec<&str>); 5] = [
        ("status", vec!["status", dir]),
        ("actions", vec!["actions", dir]),
        (
            "actions --format csv",
            vec!["actions", dir, "--format", "csv"],
        ),
        (
            "review risks --within 90d",
            vec!["review", "risks", dir, "--within", "90d"],
        ),
        (
            "review prep",
            vec!["review", "prep", dir, "--since", "2026-09-22"],
        ),
    ];
    for (name, mut args) in cases {
        args.extend(today);
        common::time(&format!("{name}: {label}"), &args, runs);
    }
}

fn main() {
    let sample = common::root().join("isms");
    reports("sample ISMS", sample.to_str().unwrap(), 10);
    for (risks, label, runs) in [(310, "10x (310 risks)", 5), (3100, "100x (3,100 risks)", 3)] {
        let dir = tempfile::tempdir().unwrap();
        common::generate(dir.path(), risks);
        reports(label, dir.path().to_str().unwrap(), runs);
    }
}
