//! `isms status` and `isms actions`: the live reports of issue 9, pinned
//! over the sample and the minimal fixture with a fixed `--today`.

use crate::support::{fixture, isms, isms_in, root, temp_copy};

const TODAY: &str = "2027-02-20";

fn sample() -> String {
    root().join("isms").to_str().unwrap().to_string()
}

#[test]
fn status_of_the_sample_reads_for_people_and_scripts() {
    // A copy outside git: the objectives' trends would otherwise come from
    // this project's own history, which moves with every commit.
    let copy = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&root().join("isms"), copy.path());
    let sample = || copy.path().to_str().unwrap().to_string();
    let run = isms(&["status", &sample(), "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("status_sample_human", run.stdout);
    let run = isms(&["status", &sample(), "--today", TODAY, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    insta::assert_snapshot!(
        "status_sample_json",
        serde_json::to_string_pretty(&json).unwrap()
    );
    // Every risk the human view names above appetite is in the JSON too.
    for r in json["above_appetite"].as_array().unwrap() {
        assert!(run.stdout.contains(r["id"].as_str().unwrap()));
    }
}

#[test]
fn status_names_expired_acceptances_and_overdue_reviews() {
    let json = |today: &str| -> serde_json::Value {
        let run = isms(&["status", &sample(), "--today", today, "--format", "json"]);
        serde_json::from_str(&run.stdout).unwrap()
    };
    // R-006's acceptance runs to 2027-03-31.
    let later = json("2027-05-01");
    let r6 = later["above_appetite"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "R-006")
        .unwrap();
    assert_eq!(r6["acceptance"], "expired");
    let overdue: usize = later["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["overdue"].as_array().unwrap().len())
        .sum();
    assert!(overdue > 0, "{later}");
    assert_eq!(later["checker"]["errors"], 0);
    assert!(later["checker"]["warnings"].as_u64().unwrap() > 0);
}

#[test]
fn status_works_from_inside_the_tree_and_on_a_tree_with_errors() {
    let dir = temp_copy("valid/minimal");
    let from_root = isms_in(dir.path(), &["status", "--today", TODAY]);
    let from_risks = isms_in(&dir.path().join("risks"), &["status", "--today", TODAY]);
    assert_eq!(from_root.code, 0, "{}", from_root.stderr);
    assert_eq!(from_root.stdout, from_risks.stdout);

    let risk = dir.path().join("risks/R-001.md");
    let text = std::fs::read_to_string(&risk).unwrap();
    std::fs::write(&risk, text.replacen("treatment = \"", "treatment = \"x", 1)).unwrap();
    let broken = isms_in(dir.path(), &["status", "--today", TODAY]);
    assert_eq!(broken.code, 0, "{}", broken.stderr);
    assert!(
        broken.stdout.contains("Checker: 1 error"),
        "{}",
        broken.stdout
    );
    assert!(
        broken
            .stderr
            .contains("records that do not load are left out"),
        "{}",
        broken.stderr
    );
}

#[test]
fn actions_filter_sort_and_export() {
    let all = isms(&["actions", &sample(), "--today", TODAY, "--format", "json"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    let json: serde_json::Value = serde_json::from_str(&all.stdout).unwrap();
    let actions = json["actions"].as_array().unwrap();
    let dues: Vec<&str> = actions.iter().map(|a| a["due"].as_str().unwrap()).collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted, "sorted by due date");
    for kind in ["risk", "finding", "review", "incident"] {
        assert!(actions.iter().any(|a| a["source_kind"] == kind), "{kind}");
    }

    let open = isms(&["actions", &sample(), "--today", TODAY, "--status", "open"]);
    insta::assert_snapshot!("actions_open_human", open.stdout);
    let audit = isms(&[
        "actions",
        &sample(),
        "--today",
        TODAY,
        "--source",
        "audit",
        "--format",
        "csv",
    ]);
    insta::assert_snapshot!("actions_audit_csv", audit.stdout);
    let overdue = isms(&["actions", &sample(), "--today", TODAY, "--overdue"]);
    assert!(
        overdue
            .stdout
            .lines()
            .skip(1)
            .all(|l| l.is_empty() || l.contains("overdue") || l.starts_with("No actions")),
        "{}",
        overdue.stdout
    );
    let mine = isms(&[
        "actions",
        &sample(),
        "--today",
        TODAY,
        "--owner",
        "mhale",
        "--format",
        "json",
    ]);
    let mine: serde_json::Value = serde_json::from_str(&mine.stdout).unwrap();
    assert!(
        mine["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["owner"]["id"] == "mhale")
    );
}

#[test]
fn actions_refuses_an_unknown_owner_with_a_suggestion() {
    let run = isms(&[
        "actions",
        fixture("valid/minimal").to_str().unwrap(),
        "--owner",
        "alic",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean"), "{}", run.stderr);
}

#[test]
fn status_judges_audit_coverage_over_the_configured_cycle() {
    let dir = temp_copy("valid/minimal");
    let cfg = dir.path().join("isms.toml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str("\n[audit]\ncycle_months = 24\n");
    std::fs::write(&cfg, text).unwrap();
    let run = isms_in(
        dir.path(),
        &["status", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let p = &json["audit_programme"];
    assert_eq!(p["cycle_months"], 24);
    assert_eq!(p["from"], "2025-02-20");
    assert_eq!(p["audits"], serde_json::json!(["IA-2026-01"]));
    // The audit lists 9.2 and 6.1.3: clause 9 still misses 9.1 and 9.3.x.
    let nine = p["uncovered_clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "9")
        .unwrap();
    let ids: Vec<&str> = nine["uncovered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["9.1", "9.3.1", "9.3.2", "9.3.3"]);
    // The minimal tree's one minor finding was verified effective.
    assert_eq!(p["awaiting"], serde_json::json!([]));
    let human = isms_in(dir.path(), &["status", "--today", TODAY]);
    assert!(
        human.stdout.contains("Audit programme: 24-month cycle"),
        "{}",
        human.stdout
    );
}

/// `isms ... | head`: when the reader goes away the command stops quietly,
/// with the shell's status for a closed pipe, not a panic.
#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    use std::process::{Command, Stdio};
    for args in [
        vec!["status", "--format", "json"],
        vec!["actions", "--format", "csv"],
        vec!["explain", "--list"],
        // Issue 24: export wrote past `cmd::out`.
        vec!["export", "soa"],
    ] {
        // The reader is gone before isms starts, so even a short output
        // meets the closed pipe (a reader closed after the spawn raced with
        // `explain --list`, which can finish first).
        let out = Command::new(crate::support::bin())
            .args(&args)
            .current_dir(root().join("isms"))
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

/// A pipe whose reader is already gone: every write to it fails at once, as
/// when `isms ... 2>&1 | head -c 10` has read its ten bytes.
fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

#[test]
fn no_command_panics_when_stdout_and_stderr_are_closed() {
    use clap::CommandFactory;
    use std::process::{Command, Stdio};
    let tree = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&root().join("isms"), tree.path());
    let dir = tree.path().to_str().unwrap().to_string();
    let scratch = tempfile::tempdir().unwrap();
    let at = |name: &str| scratch.path().join(name).to_str().unwrap().to_string();
    // Every subcommand, each where it has the most to say on stderr.
    let cases: Vec<Vec<String>> = [
        vec!["check", &dir, "--today", "2030-01-01"],
        vec!["schema", "risk"],
        vec!["explain", "--list"],
        vec!["pdf", "soa", &dir, "-o", &at("soa.pdf")],
        vec!["build", &dir, "-o", &at("out"), "--only", "html"],
        vec!["diff", "HEAD~1", "HEAD", &dir],
        vec!["status", &dir, "--today", "2030-01-01"],
        vec!["actions", &dir, "--owner", "nobody"],
        vec!["review", "risks", &dir, "--today", "2030-01-01"],
        vec!["evidence", &dir, "--today", "2030-01-01"],
        vec!["metrics", &dir, "--today", "2030-01-01"],
        vec!["measure", "MET-404", "3", "--dir", &dir],
        vec!["awareness", &dir, "--today", "2030-01-01"],
        vec!["init", &at("new"), "--org", "Closed Pipe Ltd"],
        vec!["new", "risk", "--title", "T", "--dir", &dir],
        vec!["export", "risks", &dir],
        vec!["import", "risks", &at("missing.csv"), "--dir", &dir],
        vec![
            "migrate",
            "soa",
            "--from",
            "2013",
            &at("missing.csv"),
            "--dir",
            &dir,
        ],
        vec!["completions", "bash"],
        vec!["man"],
    ]
    .iter()
    .map(|c| c.iter().map(ToString::to_string).collect())
    .collect();
    let covered: Vec<&str> = cases.iter().map(|c| c[0].as_str()).collect();
    for sub in isms::cli::Cli::command().get_subcommands() {
        assert!(
            covered.contains(&sub.get_name()),
            "`isms {}` is not run with a closed stderr here",
            sub.get_name()
        );
    }
    for args in &cases {
        let status = Command::new(crate::support::bin())
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(closed_pipe())
            .stderr(closed_pipe())
            .status()
            .unwrap();
        let code = status.code();
        assert!(
            matches!(code, Some(0 | 1 | 2 | 141)),
            "isms {}: exit {code:?} with stdout and stderr closed (101 is a panic)",
            args.join(" ")
        );
    }
}

/// The sample with 3,000 more risks, each a year past its review: a tree
/// with thousands of warnings to print.
fn three_thousand_risks() -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&root().join("isms"), tree.path());
    for n in 100..3100 {
        let risk = format!(
            "+++\nid = \"R-{n:04}\"\ntitle = \"Generated risk {n}\"\nowner = \"spatel\"\n\
             threat = \"A threat.\"\nvulnerability = \"A weakness.\"\nlikelihood = 3\n\
             impact = 3\ntreatment = \"mitigate\"\ncontrols = [\"A.8.5\"]\n\
             residual_likelihood = 2\nresidual_impact = 3\nstatus = \"open\"\n\
             identified = 2025-05-14\nreviewed = 2025-06-01\n+++\n\nGenerated.\n"
        );
        let path = tree.path().join(format!("risks/R-{n:04}.md"));
        std::fs::write(path, risk).unwrap();
    }
    tree
}

/// Issue 25: `isms check 2>&1 | head -c 10` on a tree with 3,000 warnings:
/// both streams go to one pipe whose reader takes ten bytes and leaves.
/// The first writes succeed, the rest fail; the command ends quietly (141)
/// or with its verdict, never a panic (101). Likewise every command with
/// that much to say.
#[test]
fn head_c_10_of_both_streams_on_a_large_tree_is_never_a_panic() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let tree = three_thousand_risks();
    let dir = tree.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let today = "2026-11-20";
    for args in [
        vec!["check", dir, "--today", today],
        vec!["check", dir, "--today", today, "--format", "json"],
        vec!["status", dir, "--today", today],
        vec!["review", "risks", dir, "--today", today],
        vec!["actions", dir],
        vec!["export", "risks", dir],
        vec!["build", dir, "-o", site.to_str().unwrap(), "--only", "html"],
    ] {
        let (mut reader, writer) = std::io::pipe().unwrap();
        let mut child = {
            let mut command = Command::new(crate::support::bin());
            command
                .args(&args)
                .env("NO_COLOR", "1")
                .stdin(Stdio::null())
                .stdout(writer.try_clone().unwrap())
                .stderr(writer);
            command.spawn().unwrap()
            // `command`, holding the pipe's writing ends, is dropped here:
            // the child's are the only ones left.
        };
        let mut first = [0u8; 10];
        reader.read_exact(&mut first).unwrap();
        drop(reader);
        let code = child.wait().unwrap().code();
        assert!(
            matches!(code, Some(0 | 1 | 141)),
            "isms {}: exit {code:?} after `2>&1 | head -c 10` (101 is a panic)",
            args.join(" ")
        );
    }
}
