//! `isms check --format github|sarif`: the reports CI tools read, pointing
//! at the same places as `--format json`, with paths from the repository's
//! root.

use std::path::Path;

use serde_json::Value;

use crate::support::{check_json, copy_tree, edit, fixture, isms};

/// A repository whose ISMS sits in a folder whose name needs escaping, with
/// a risk naming an unknown control (E021).
fn repo_with_error() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    git2::Repository::init(tmp.path()).unwrap();
    let dir = tmp.path().join("isms, v:1");
    std::fs::create_dir_all(&dir).unwrap();
    copy_tree(&fixture("valid/minimal"), &dir);
    edit(&dir.join("risks/R-001.md"), "\"A.5.17\"", "\"A.5.71\"");
    (tmp, dir)
}

fn run(dir: &Path, format: &str) -> crate::support::Run {
    isms(&[
        "check",
        dir.to_str().unwrap(),
        "--format",
        format,
        "--today",
        "2026-11-20",
    ])
}

#[test]
fn github_annotations_point_at_the_lines_from_the_repository_root() {
    let (_tmp, dir) = repo_with_error();
    let (code, json) = check_json(&dir, &[]);
    assert_eq!(code, 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "E021");
    let gh = run(&dir, "github");
    assert_eq!(gh.code, 1, "{}", gh.stderr);
    let lines: Vec<&str> = gh.stdout.lines().collect();
    assert_eq!(lines.len(), json["diagnostics"].as_array().unwrap().len());
    let expected = format!(
        "::error file=isms%2C v%3A1/risks/R-001.md,line={},col={},endLine={},endColumn={},title=E021::",
        d["line"], d["column"], d["end_line"], d["end_column"]
    );
    assert!(
        lines[0].starts_with(&expected),
        "{}\nwanted {expected}",
        lines[0]
    );
    // The help goes on a second line of the message, escaped.
    assert!(lines[0].contains("%0Ahelp: "), "{}", lines[0]);
    assert!(!lines[0].contains('\r'));
    assert!(gh.stderr.contains("1 error"), "{}", gh.stderr);
}

#[test]
fn github_is_empty_for_a_clean_tree_and_warns_with_warning() {
    let clean = run(&fixture("valid/minimal"), "github");
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert_eq!(clean.stdout, "");
    // Late enough for the reviews to be overdue: warnings, exit 0.
    let late = isms(&[
        "check",
        fixture("valid/minimal").to_str().unwrap(),
        "--format",
        "github",
        "--today",
        "2030-01-01",
    ]);
    assert_eq!(late.code, 0, "{}", late.stderr);
    assert!(late.stdout.lines().count() > 0);
    for line in late.stdout.lines() {
        assert!(line.starts_with("::warning "), "{line}");
    }
}

#[test]
fn sarif_is_a_valid_2_1_0_log() {
    let (_tmp, dir) = repo_with_error();
    let (_, json) = check_json(&dir, &[]);
    let sarif = run(&dir, "sarif");
    assert_eq!(sarif.code, 1, "{}", sarif.stderr);
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "isms");
    let rules = driver["rules"].as_array().unwrap();
    let explain = isms(&["explain", "E021"]);
    let e021 = rules.iter().position(|r| r["id"] == "E021").unwrap();
    let rule = &rules[e021];
    assert!(
        explain
            .stdout
            .contains(rule["shortDescription"]["text"].as_str().unwrap()),
        "{}",
        explain.stdout
    );
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    let w001 = rules.iter().find(|r| r["id"] == "W001").unwrap();
    assert_eq!(w001["defaultConfiguration"]["level"], "warning");
    let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "a rule per code, once each");

    let results = runs[0]["results"].as_array().unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (r, d) in results.iter().zip(diagnostics) {
        assert_eq!(r["ruleId"], d["code"]);
        assert_eq!(
            rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
            d["code"]
        );
        assert_eq!(r["level"], d["severity"]);
        assert!(
            r["message"]["text"]
                .as_str()
                .unwrap()
                .contains(d["message"].as_str().unwrap())
        );
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert_eq!(
            uri,
            format!("isms%2C%20v%3A1/{}", d["file"].as_str().unwrap())
        );
        let region = &loc["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["end_line"]);
        assert_eq!(region["endColumn"], d["end_column"]);
    }
    assert_eq!(results[0]["ruleIndex"].as_u64().unwrap() as usize, e021);
}

#[test]
fn sarif_points_tree_wide_findings_at_isms_toml() {
    // No audit nor review in the last 12 months: W004 and W005, file-less.
    let sarif = isms(&[
        "check",
        fixture("valid/minimal").to_str().unwrap(),
        "--format",
        "sarif",
        "--today",
        "2030-01-01",
    ]);
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let w004 = results.iter().find(|r| r["ruleId"] == "W004").unwrap();
    let uri = w004["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("valid/minimal/isms.toml"), "{uri}");
}
