//! `cargo bench --bench html`: whole-process time of `isms build --only html`
//! into a fresh folder, and again into the folder of the previous build
//! (unchanged pages are left alone). Targets (issue 4): the sample well
//! under 0.3 s; 5,000 risks under 3 s.

// Benchmark code: a failed unwrap is a broken benchmark, reported as such.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

/// Median of `runs` builds of `tree`, each into a new, empty folder. The
/// folders are deleted only at the end: on ext4, creating thousands of files
/// right after deleting thousands (the previous run's) is several times
/// slower, which would measure the benchmark rather than isms.
fn time_fresh(label: &str, tree: &str, runs: usize) -> Duration {
    let mut keep = Vec::new();
    common::measure(label, runs, || {
        let out = tempfile::tempdir().unwrap();
        let start = Instant::now();
        let status = Command::new(common::isms())
            .args(build_args(tree, out.path().to_str().unwrap()))
            .output()
            .expect("run isms");
        let took = start.elapsed();
        assert!(status.status.success(), "{label}: isms build failed");
        keep.push(out);
        took
    })
}

/// `isms build TREE --only html -o OUT` as of the sample's date.
fn build_args<'a>(tree: &'a str, out: &'a str) -> [&'a str; 8] {
    [
        "build",
        tree,
        "--today",
        "2026-11-20",
        "--only",
        "html",
        "-o",
        out,
    ]
}

fn main() {
    let sample = common::root().join("isms");
    let sample = sample.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    common::generate(dir.path(), 5000);
    let big = dir.path().to_str().unwrap();
    for (name, tree, runs) in [
        ("sample ISMS", sample, 20),
        ("generated tree, 5,000 risks", big, 5),
    ] {
        time_fresh(&format!("html: {name}, new folder"), tree, runs);
        let out = tempfile::tempdir().unwrap();
        let out = out.path().to_str().unwrap();
        common::time(
            &format!("html: {name}, rebuild"),
            &build_args(tree, out),
            runs,
        );
    }
}
