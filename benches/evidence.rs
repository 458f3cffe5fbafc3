//! `cargo bench --bench evidence`: `isms check` over a tree whose evidence
//! register records 2,000 files of 1 MB. The first run hashes all 2 GB; a
//! repeat finds every file unchanged in the hash cache (size, mtime,
//! ctime, inode) and reads none. Target (issue 10): a repeat under 1 s.

// Benchmark code: a failed unwrap is a broken benchmark, reported as such.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

const FILES: usize = 2000;
const SIZE: usize = 1 << 20;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    copy(
        &common::root().join("tests/fixtures/valid/evidence"),
        dir.path(),
    );
    let files = dir.path().join("evidence/files/bulk");
    std::fs::create_dir_all(&files).unwrap();
    let mut rec = String::from(
        "+++\nid = \"EV-003\"\ntitle = \"Bulk logs\"\nowner = \"alice\"\ncontrols = [\"A.8.15\"]\nevery = \"yearly\"\n\n[[collection]]\non = 2026-11-01\nby = \"alice\"\nfiles = [\n",
    );
    let mut bytes = vec![0u8; SIZE];
    for i in 0..FILES {
        // Distinct content per file, cheap to make.
        bytes[..8].copy_from_slice(&(i as u64).to_le_bytes());
        bytes[SIZE - 1] = (i % 251) as u8;
        let name = format!("log-{i:04}.bin");
        std::fs::write(files.join(&name), &bytes).unwrap();
        let sha = isms::load::sha256_hex(&bytes);
        let _ = writeln!(
            rec,
            "  {{ path = \"evidence/files/bulk/{name}\", sha256 = \"{sha}\" }},"
        );
    }
    rec.push_str("]\n+++\nBulk.\n");
    std::fs::write(dir.path().join("evidence/EV-003.md"), rec).unwrap();
    // The cache only keeps files whose times are a few seconds old.
    std::thread::sleep(Duration::from_millis(2500));
    let tree = dir.path().to_str().unwrap();
    let run = || {
        let start = Instant::now();
        let out = Command::new(common::isms())
            .args(["check", tree, "--today", "2026-11-20"])
            .env("XDG_CACHE_HOME", cache.path())
            .output()
            .unwrap();
        let took = start.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        took
    };
    let first = run();
    println!(
        "{:<48} {:>8.3} s",
        "check: 2,000 evidence files of 1 MB, first run",
        first.as_secs_f64()
    );
    common::measure("check: 2,000 evidence files of 1 MB, repeat", 5, run);
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}
