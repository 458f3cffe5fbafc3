//! `cargo bench --bench people`: `isms check` and `isms awareness` over a
//! tree whose roster holds 5,000 staff in 10 departments and which runs 20
//! awareness campaigns, each with a completion export of about 4,500 rows
//! (issue 22). Target: each under 1 s.

// Benchmark code: a failed unwrap is a broken benchmark, reported as such.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

use std::fmt::Write as _;

const STAFF: usize = 5000;
const CAMPAIGNS: usize = 20;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_dir(&common::root().join("tests/fixtures/valid/people"), root);
    std::fs::remove_dir_all(root.join("awareness")).unwrap();
    std::fs::create_dir_all(root.join("awareness/files")).unwrap();
    let mut roster = String::from("Employee No.,Dept,Hire Date,Termination Date,Work Email\n");
    for i in 0..STAFF {
        let start = format!("20{:02}-{:02}-{:02}", 10 + i % 16, 1 + i % 12, 1 + i % 28);
        let end = if i % 50 == 0 { "2025-06-30" } else { "" };
        let _ = writeln!(
            roster,
            "S{i:05},Department {},{start},{end},s{i:05}@bench.example",
            i % 10
        );
    }
    std::fs::write(root.join("people/staff.csv"), roster).unwrap();
    for c in 1..=CAMPAIGNS {
        let mut export = String::from("Learner Email,Completion Status,Completed On (UTC),Score\n");
        for i in (0..STAFF).filter(|i| (i + c) % 10 != 0) {
            let _ = writeln!(
                export,
                "s{i:05}@bench.example,Completed,2026-{:02}-{:02} 10:00,{}",
                1 + (i + c) % 9,
                1 + i % 28,
                60 + i % 40
            );
        }
        let rel = format!("awareness/files/export-{c:02}.csv");
        std::fs::write(root.join(&rel), &export).unwrap();
        let sha = isms::load::sha256_hex(export.as_bytes());
        let (kind, docs) = if c == 1 {
            ("acknowledgement", "documents = [\"ISP-01\"]\n")
        } else {
            ("training", "")
        };
        let record = format!(
            "+++\nid = \"AWR-2026-{c:02}\"\ntitle = \"Campaign {c}\"\nkind = \"{kind}\"\n{docs}due = 2026-10-31\nevery = \"yearly\"\nowner = \"bob\"\n\n[[completion_file]]\npath = \"{rel}\"\nsha256 = \"{sha}\"\n+++\n\nCampaign {c}.\n"
        );
        std::fs::write(root.join(format!("awareness/AWR-2026-{c:02}.md")), record).unwrap();
    }
    let tree = root.to_str().unwrap().to_string();
    // The campaigns leave a tenth of the staff overdue: warnings, no errors.
    common::time(
        "check: 5,000 staff, 20 campaigns",
        &["check", &tree, "--today", "2026-11-20"],
        5,
    );
    common::time(
        "awareness: 5,000 staff, 20 campaigns (json)",
        &[
            "awareness",
            &tree,
            "--today",
            "2026-11-20",
            "--format",
            "json",
        ],
        5,
    );
}
