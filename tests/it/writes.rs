//! Issue 25: every command that writes records holds when the write fails
//! or the process is killed. Each command in [`writers`] runs on a copy of a
//! fixture tree whose every record is padded past 16 KiB, so that:
//!
//! - with writes limited to 8 KiB a file (a full disk), it fails with a
//!   clear error and exit 2, never a panic, and every byte of the tree is
//!   as it was, the small new files it would have made included;
//! - killed at any moment, each file is the old one or the new one, whole,
//!   and whatever else is left is a hidden staging file the checker skips.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{FIXTURE_TODAY, bin, copy_tree, files, fixture, isms};

/// A command that writes records: its name, the fixture it starts from, and
/// how to make its arguments in a copy of that fixture (writing any sheet
/// it reads beside the tree).
struct Writer {
    name: &'static str,
    fixture: &'static str,
    args: fn(&Path) -> Vec<String>,
}

/// `export WHAT` of the tree at `dir` as CSV, edited by `edit`, written to
/// `dir/../WHAT.csv`; the `import WHAT` arguments that read it back.
fn import(dir: &Path, what: &str, edit: impl Fn(String) -> String) -> Vec<String> {
    let tree = dir.to_str().unwrap();
    let export = isms(&["export", what, tree, "--today", FIXTURE_TODAY]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    let sheet = dir.parent().unwrap().join(format!("{what}.csv"));
    std::fs::write(&sheet, edit(export.stdout)).unwrap();
    ["import", what, sheet.to_str().unwrap(), "--dir", tree]
        .map(String::from)
        .to_vec()
}

/// A CSV row for the header of `csv`: the named columns' values, the rest empty.
fn row(csv: &str, values: &[(&str, &str)]) -> String {
    let header = csv.lines().next().unwrap().split(',');
    let cells: Vec<&str> = header
        .map(|h| values.iter().find(|(c, _)| *c == h).map_or("", |(_, v)| *v))
        .collect();
    cells.join(",")
}

/// Every command that writes records, each changing an existing file and,
/// where it can, making a new one.
fn writers() -> Vec<Writer> {
    vec![
        Writer {
            name: "import risks",
            fixture: "valid/minimal",
            args: |dir| {
                import(dir, "risks", |csv| {
                    let new = row(
                        &csv,
                        &[
                            ("id", "R-950"),
                            ("title", "A risk from the sheet"),
                            ("owner", "alice"),
                            ("likelihood", "2"),
                            ("impact", "2"),
                            ("treatment", "accept"),
                            ("status", "open"),
                            ("identified", "2026-01-10"),
                        ],
                    );
                    format!(
                        "{}{new}\n",
                        csv.replacen("Phishing leads", "Phishing led", 1)
                    )
                })
            },
        },
        Writer {
            name: "import soa",
            fixture: "valid/minimal",
            args: |dir| {
                import(dir, "soa", |csv| {
                    csv.replacen("Needed to treat", "Chosen to treat", 1)
                })
            },
        },
        Writer {
            name: "import assets",
            fixture: "valid/registers",
            args: |dir| {
                import(dir, "assets", |csv| {
                    let csv = csv.replacen("AST-001,Email,", "AST-001,Staff email,", 1);
                    let new = row(
                        &csv,
                        &[
                            ("id", "AST-050"),
                            ("title", "Laptops"),
                            ("owner", "bob"),
                            ("type", "hardware"),
                            ("status", "active"),
                        ],
                    );
                    format!("{csv}{new}\n")
                })
            },
        },
        Writer {
            name: "import suppliers",
            fixture: "valid/registers",
            args: |dir| {
                import(dir, "suppliers", |csv| {
                    csv.replacen("Hosted staff email", "Hosted staff mail", 1)
                })
            },
        },
        Writer {
            name: "import obligations",
            fixture: "valid/obligations",
            args: |dir| {
                import(dir, "obligations", |csv| {
                    let new = row(
                        &csv,
                        &[
                            ("id", "OBL-050"),
                            ("title", "PECR"),
                            ("kind", "regulation"),
                            ("owner", "bob"),
                            ("source", "SI 2003/2426"),
                            ("controls", "A.5.34"),
                            ("review_every", "yearly"),
                            ("reviewed", "2026-10-01"),
                            ("status", "applicable"),
                        ],
                    );
                    let csv = csv.replacen("Customer security schedule", "Customer schedule", 1);
                    format!("{csv}{new}\n")
                })
            },
        },
        Writer {
            name: "measure",
            fixture: "valid/objectives",
            args: |dir| {
                let tree = dir.to_str().unwrap();
                [
                    "measure",
                    "MET-001",
                    "4.5",
                    "--dir",
                    tree,
                    "--on",
                    FIXTURE_TODAY,
                ]
                .map(String::from)
                .to_vec()
            },
        },
        Writer {
            name: "awareness add",
            fixture: "valid/people",
            args: |dir| {
                let export = dir.parent().unwrap().join("lms-export.csv");
                std::fs::write(&export, "Employee No.,Completed On\nF001,2026-11-02\n").unwrap();
                let tree = dir.to_str().unwrap();
                [
                    "awareness",
                    "add",
                    "AWR-2026-01",
                    export.to_str().unwrap(),
                    "--dir",
                    tree,
                ]
                .map(String::from)
                .to_vec()
            },
        },
        Writer {
            name: "migrate assets",
            fixture: "valid/minimal",
            args: |dir| {
                [
                    "migrate",
                    "assets",
                    dir.to_str().unwrap(),
                    "--today",
                    FIXTURE_TODAY,
                ]
                .map(String::from)
                .to_vec()
            },
        },
    ]
}

/// Pad every record past 16 KiB: Markdown records get body text, TOML
/// files a comment, so a rewrite of any of them exceeds an 8 KiB limit.
fn pad(dir: &Path) {
    for (rel, bytes) in files(dir) {
        let padding = if rel.ends_with(".md") {
            "The treatment is tracked in the plan.\n"
        } else if rel.ends_with(".toml") {
            "# Kept long on purpose: a rewrite must not fit in 8 KiB.\n"
        } else {
            continue;
        };
        let mut text = String::from_utf8(bytes).unwrap();
        text.push_str(&padding.repeat(500));
        std::fs::write(dir.join(&rel), text).unwrap();
    }
}

/// A padded copy of the writer's fixture and the command's arguments in it.
fn prepared(w: &Writer) -> (tempfile::TempDir, std::path::PathBuf, Vec<String>) {
    let work = tempfile::tempdir().unwrap();
    let tree = work.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    copy_tree(&fixture(w.fixture), &tree);
    pad(&tree);
    let args = (w.args)(&tree);
    (work, tree, args)
}

/// The tree as the command leaves it when nothing stops it, and how long
/// the command took.
fn written(w: &Writer) -> (BTreeMap<String, Vec<u8>>, Duration) {
    let (_work, tree, args) = prepared(w);
    let before = files(&tree);
    let start = std::time::Instant::now();
    let run = isms(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let took = start.elapsed();
    assert_eq!(run.code, 0, "{}: {}{}", w.name, run.stdout, run.stderr);
    let after = files(&tree);
    assert_ne!(before, after, "{} changes the tree", w.name);
    (after, took)
}

#[test]
fn a_record_writer_on_a_full_disk_changes_nothing() {
    for w in writers() {
        // The command does write when it can (else this proves nothing).
        written(&w);
        let (_work, tree, args) = prepared(&w);
        let before = files(&tree);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = crate::faults::isms_with_file_limit(8, &args);
        assert_ne!(run.code, 101, "{}: {}", w.name, run.stderr);
        assert!(
            !run.stderr.contains("panicked"),
            "{}: {}",
            w.name,
            run.stderr
        );
        assert_eq!(run.code, 2, "{}: {}", w.name, run.stderr);
        assert!(
            run.stderr.contains("File too large"),
            "{}: {}",
            w.name,
            run.stderr
        );
        assert!(
            files(&tree) == before,
            "{}: a failed write changed the tree",
            w.name
        );
    }
}

#[test]
fn a_record_writer_killed_at_any_moment_leaves_each_file_old_or_new() {
    for w in writers() {
        // Kills spread over the command's whole run, a little past its end.
        let (after, took) = written(&w);
        let steps = 25u32;
        let (_work, tree, args) = prepared(&w);
        let before = files(&tree);
        for step in 0..steps {
            let wait = took * step / (steps - 4);
            // Back to the tree as it was, files the last run made removed.
            for rel in files(&tree).keys() {
                if !before.contains_key(rel) {
                    std::fs::remove_file(tree.join(rel)).unwrap();
                }
            }
            for (rel, bytes) in &before {
                std::fs::write(tree.join(rel), bytes).unwrap();
            }
            let mut child = Command::new(bin())
                .args(&args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(wait);
            child.kill().ok();
            child.wait().unwrap();
            for (rel, now) in files(&tree) {
                let name = rel.rsplit('/').next().unwrap();
                let whole = before.get(&rel) == Some(&now) || after.get(&rel) == Some(&now);
                assert!(
                    whole || name.starts_with('.'),
                    "{}: killed after {wait:?}, {rel} is neither the old file nor the new",
                    w.name
                );
            }
            let check = isms(&["check", tree.to_str().unwrap(), "--today", FIXTURE_TODAY]);
            assert!(
                check.code == 0 || check.code == 1,
                "{}: the tree a killed run left checks: {}",
                w.name,
                check.stderr
            );
        }
    }
}
