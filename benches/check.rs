//! `cargo bench --bench check`: whole-process time of `isms check`.
//! Target (issue 2): a clean check of the sample well under 100 ms.

// Benchmark code: a failed unwrap is a broken benchmark, reported as such.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

fn main() {
    let sample = common::root().join("isms");
    let sample = sample.to_str().unwrap();
    common::time(
        "check: sample ISMS",
        &["check", sample, "--today", "2026-11-20"],
        20,
    );
    let dir = tempfile::tempdir().unwrap();
    common::generate(dir.path(), 5000);
    let big = dir.path().to_str().unwrap();
    common::time(
        "check: generated tree, 5,000 risks",
        &["check", big, "--today", "2026-11-20"],
        5,
    );
}
