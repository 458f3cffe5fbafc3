//! `isms review risks` (the review sheet) and `isms review done` (recording
//! reviews with every other byte of the record kept).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{Run, isms, isms_in, temp_copy};

/// Every file of a tree and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The minimal fixture with R-001 never reviewed (so the incident and the
/// finding since it was identified count), relying on A.5.18 (which the
/// audit's finding cites) and on A.8.5, made partial in the SoA.
fn sheet_tree() -> tempfile::TempDir {
    let t = temp_copy("valid/minimal");
    let r1 = t.path().join("risks/R-001.md");
    edit(&r1, "reviewed = 2026-09-01\n", "");
    edit(
        &r1,
        r#"["A.5.17", "A.8.5"]"#,
        r#"["A.5.17", "A.8.5", "A.5.18"]"#,
    );
    edit(
        &t.path().join("soa.toml"),
        "id = \"A.8.5\"\napplicable = true\nreasons = [\"risk\"]\nstatus = \"implemented\"",
        "id = \"A.8.5\"\napplicable = true\nreasons = [\"risk\"]\nstatus = \"partial\"",
    );
    t
}

fn sheet(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "review",
        "risks",
        dir.to_str().unwrap(),
        "--today",
        "2027-02-15",
    ];
    args.extend_from_slice(extra);
    isms(&args)
}

const HUMAN: &str = "\
Risk review: 2 risks due by 2027-03-17 (as of 2027-02-15, within 30 days), 2 overdue

Alice Example (alice): 1 risk
  R-002  Cloud region outage
    due         2027-02-11, overdue by 4 days (last reviewed 2026-08-15)
    score       inherent 10 High (L2 x I5), residual 10 High (L2 x I5), above appetite
    treatment   accept, accepted by alice on 2026-08-15 until 2027-08-15
    assets      none listed
    controls    none
    actions     none open
    incidents   none since 2026-08-15
    findings    none since 2026-08-15

Bob Example (bob): 1 risk
  R-001  Phishing leads to account takeover
    due         2026-07-09, overdue by 221 days (never reviewed, identified 2026-01-10)
    score       inherent 16 High (L4 x I4), residual 6 Medium (L2 x I3)
    treatment   mitigate
    assets      Email, SSO
    controls    A.5.17  Authentication information  implemented
                A.8.5   Secure authentication       partial
                A.5.18  Access rights               implemented
    actions     ACT-001  Enforce phishing-resistant MFA  bob  due 2026-12-31  OVERDUE
    incidents   INC-2026-001  Phishing email reported  detected 2026-04-02
    findings    IA-2026-01-F1 (minor, IA-2026-01 2026-03-03)  Leavers kept access for a week  cites A.5.18
";

#[test]
fn sheet_human_is_pinned_and_read_only() {
    let t = sheet_tree();
    let before = snapshot(t.path());
    let r = sheet(t.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, HUMAN);
    assert_eq!(snapshot(t.path()), before, "review risks wrote to the tree");
}

/// `--owner bob --format json`, byte for byte.
const JSON_BOB: &str = r#"{
  "today": "2027-02-15",
  "within_days": 30,
  "until": "2027-03-17",
  "total": 1,
  "overdue": 1,
  "owners": [
    {
      "owner": {
        "id": "bob",
        "name": "Bob Example",
        "role": "Security lead"
      },
      "risks": [
        {
          "id": "R-001",
          "title": "Phishing leads to account takeover",
          "inherent": {
            "score": 16,
            "likelihood": 4,
            "impact": 4,
            "level": "High",
            "level_index": 2
          },
          "residual": {
            "score": 6,
            "likelihood": 2,
            "impact": 3,
            "level": "Medium",
            "level_index": 1
          },
          "above_appetite": false,
          "treatment": "mitigate",
          "acceptance": null,
          "identified": "2026-01-10",
          "reviewed": null,
          "review_due": "2026-07-09",
          "due_in_days": -221,
          "overdue": true,
          "assets": [
            {
              "id": "Email",
              "title": null
            },
            {
              "id": "SSO",
              "title": null
            }
          ],
          "controls": [
            {
              "id": "A.5.17",
              "title": "Authentication information",
              "status": "implemented"
            },
            {
              "id": "A.8.5",
              "title": "Secure authentication",
              "status": "partial"
            },
            {
              "id": "A.5.18",
              "title": "Access rights",
              "status": "implemented"
            }
          ],
          "open_actions": [
            {
              "id": "ACT-001",
              "summary": "Enforce phishing-resistant MFA",
              "owner": {
                "id": "bob",
                "name": "Bob Example",
                "role": "Security lead"
              },
              "due": "2026-12-31",
              "overdue": true
            }
          ],
          "incidents": [
            {
              "id": "INC-2026-001",
              "title": "Phishing email reported",
              "detected": "2026-04-02"
            }
          ],
          "findings": [
            {
              "id": "IA-2026-01-F1",
              "audit": "IA-2026-01",
              "performed": "2026-03-03",
              "kind": "minor",
              "summary": "Leavers kept access for a week",
              "controls": [
                "A.5.18"
              ]
            }
          ]
        }
      ]
    }
  ]
}
"#;

#[test]
fn sheet_json_is_pinned_and_filters_by_owner() {
    let t = sheet_tree();
    let r = sheet(t.path(), &["--owner", "bob", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, JSON_BOB);
    let r = sheet(t.path(), &["--format", "json"]);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        (v["total"].as_u64(), v["overdue"].as_u64()),
        (Some(2), Some(2))
    );
    let owners: Vec<&str> = v["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["owner"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(owners, ["alice", "bob"]);
}

#[test]
fn sheet_window_and_owner_mistakes() {
    let t = sheet_tree();
    // R-002 is due 2027-02-11: not within 30 days of 2026-11-20, within 90.
    let dir = t.path().to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "review",
            "risks",
            dir,
            "--today",
            "2026-11-20",
            "--owner",
            "alice",
        ];
        args.extend_from_slice(extra);
        isms(&args)
    };
    let r = run(&[]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "No open risk is due for review by 2026-12-20 (as of 2026-11-20, within 30 days).\n"
    );
    // A number of days, with or without its `d`.
    for within in ["90d", "90"] {
        let r = run(&["--within", within]);
        assert_eq!(r.code, 0);
        let head = "Risk review: 1 risk due by 2027-02-18";
        assert!(r.stdout.starts_with(head), "{within}: {}", r.stdout);
    }
    let r = run(&["--within", "90x"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not a number of days such as 30d"),
        "{}",
        r.stderr
    );
    let r = sheet(t.path(), &["--owner", "bobb"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("--owner bobb: no person with id `bobb`; did you mean `bob`?"),
        "{}",
        r.stderr
    );
}

fn done_in(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["review", "done", "--today", "2026-11-20"];
    all.extend_from_slice(args);
    isms_in(dir, &all)
}

/// `isms check` passes (warnings allowed).
fn checks_clean(dir: &Path) {
    let r = isms(&["check", dir.to_str().unwrap(), "--today", "2026-11-20"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn done_replaces_the_date_and_nothing_else() {
    let t = temp_copy("valid/minimal");
    let before = snapshot(t.path());
    let r2 = t.path().join("risks/R-002.md");
    let dir = t.path().to_str().unwrap();
    let r = done_in(Path::new("/"), &["--dir", dir, "R-002"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "R-002: reviewed 2026-08-15 -> 2026-11-20\n");
    let mut expected = before.clone();
    let old = String::from_utf8(before[&r2].clone()).unwrap();
    let new = old.replacen("reviewed = 2026-08-15\n", "reviewed = 2026-11-20\n", 1);
    assert_ne!(old, new);
    expected.insert(r2.clone(), new.into_bytes());
    assert_eq!(snapshot(t.path()), expected);
    checks_clean(t.path());
    // Again: nothing to change, nothing written.
    let r = done_in(t.path(), &["R-002"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "R-002: already reviewed 2026-11-20\n")
    );
    assert_eq!(snapshot(t.path()), expected);
}

/// A record with comments, odd spacing and CRLF line endings, never reviewed.
const COMMENTED: &str = "+++\r\n\
# Kept by the risk committee.\r\n\
id = \"R-003\"   # the id\r\n\
title   = \"Laptop theft\"\r\n\
owner = \"bob\"\r\n\
likelihood = 2\r\n\
impact = 3\r\n\
treatment = \"accept\"\r\n\
status = \"open\"\r\n\
identified = 2026-03-01 # first raised at MR-2026-Q1\r\n\
\r\n\
# acceptance is not needed: within appetite\r\n\
assets = [\r\n\
  \"Laptops\",  # all of them\r\n\
]\r\n\
+++\r\n\
Body with `+++` and reviewed = 2020-01-01 in it.\r\n";

#[cfg(unix)]
#[test]
fn done_inserts_after_identified_keeping_crlf_comments_and_mode() {
    use std::os::unix::fs::PermissionsExt;
    let t = temp_copy("valid/minimal");
    let r3 = t.path().join("risks/R-003.md");
    std::fs::write(&r3, COMMENTED).unwrap();
    std::fs::set_permissions(&r3, std::fs::Permissions::from_mode(0o640)).unwrap();
    let r1 = t.path().join("risks/R-001.md");
    let before = snapshot(t.path());
    let r = done_in(t.path(), &["R-003", "R-001", "--on", "2026-11-19"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "R-003: reviewed never -> 2026-11-19\nR-001: reviewed 2026-09-01 -> 2026-11-19\n"
    );
    let mut expected = before.clone();
    expected.insert(
        r3.clone(),
        COMMENTED
            .replacen(
                "identified = 2026-03-01 # first raised at MR-2026-Q1\r\n",
                "identified = 2026-03-01 # first raised at MR-2026-Q1\r\nreviewed = 2026-11-19\r\n",
                1,
            )
            .into_bytes(),
    );
    let old1 = String::from_utf8(before[&r1].clone()).unwrap();
    expected.insert(
        r1.clone(),
        old1.replacen("reviewed = 2026-09-01", "reviewed = 2026-11-19", 1)
            .into_bytes(),
    );
    assert_eq!(snapshot(t.path()), expected);
    let mode = std::fs::metadata(&r3).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the record's mode changed");
    let left: Vec<_> = std::fs::read_dir(t.path().join("risks")).unwrap().collect();
    assert_eq!(left.len(), 3, "temporary files left behind");
    checks_clean(t.path());
}

#[test]
fn done_refuses_mistakes_and_changes_nothing() {
    let t = temp_copy("valid/minimal");
    let before = snapshot(t.path());
    let cases: &[(&[&str], &str)] = &[
        (
            &["R-001", "R-003"],
            "error: R-003: no risk with id `R-003`; did you mean `R-001`?",
        ),
        (
            &["R-001", "X-1"],
            "error: X-1: no risk with id `X-1`; create risks/X-1.md, or refer to an existing risk",
        ),
        (
            &["R-001", "--on", "2026-11-21"],
            "error: --on 2026-11-21 is after today (2026-11-20)",
        ),
        (
            &["R-001", "R-002", "--on", "2026-01-31"],
            "error: R-002: identified on 2026-02-01, so it cannot have been reviewed on 2026-01-31",
        ),
    ];
    for (args, message) in cases {
        let r = done_in(t.path(), args);
        assert_eq!(r.code, 1, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("no file was changed"),
            "{args:?}: {}",
            r.stderr
        );
        assert_eq!(r.stdout, "", "{args:?}");
        assert_eq!(snapshot(t.path()), before, "{args:?} changed a file");
    }
    let r = done_in(t.path(), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn sample_sheet_orders_overdue_first_then_by_due_date() {
    let sample = crate::support::root().join("isms");
    let r = sheet(&sample, &["--format", "json", "--within", "60d"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut listed = 0;
    let mut assets_listed = 0;
    for g in v["owners"].as_array().unwrap() {
        let risks = g["risks"].as_array().unwrap();
        let keys: Vec<(bool, &str)> = risks
            .iter()
            .map(|r| {
                (
                    !r["overdue"].as_bool().unwrap(),
                    r["review_due"].as_str().unwrap(),
                )
            })
            .collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
        assert!(
            risks
                .iter()
                .all(|r| r["review_due"].as_str().unwrap() <= "2027-04-16")
        );
        listed += risks.len();
        // Its assets beside them: never reviewed first, then by due date.
        let assets = g["assets"].as_array().map_or(&[][..], Vec::as_slice);
        let due: Vec<&str> = assets
            .iter()
            .map(|a| a["review_due"].as_str().unwrap_or(""))
            .collect();
        assert!(due.windows(2).all(|w| w[0] <= w[1]), "{due:?}");
        assert!(due.iter().all(|d| *d <= "2027-04-16"), "{due:?}");
        assets_listed += assets.len();
    }
    assert_eq!(v["total"].as_u64(), Some(listed as u64));
    assert_eq!(v["assets"].as_u64().unwrap_or(0), assets_listed as u64);
    assert!(
        listed > 0 && v["overdue"].as_u64() > Some(0),
        "{}",
        r.stdout
    );
}

#[test]
fn each_owner_s_assets_due_are_listed_beside_their_risks() {
    // The registers fixture: AST-003 (alice) falls due on 2027-03-15,
    // within the window; AST-004 is given to carol, who owns no risk, and
    // was never reviewed; AST-001 and AST-002 (bob) are due in September.
    let t = temp_copy("valid/registers");
    let a4 = t.path().join("assets/AST-004.md");
    edit(&a4, "owner = \"alice\"", "owner = \"carol\"");
    edit(&a4, "reviewed = 2026-08-15\n", "");
    let r = sheet(t.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("review_risks_with_assets", r.stdout);
    assert!(
        r.stdout.contains("; 2 assets due for owner review\n"),
        "{}",
        r.stdout
    );
    // Not due: AST-001 is only among R-001's assets.
    assert!(!r.stdout.contains("AST-001  "), "{}", r.stdout);

    let json = sheet(t.path(), &["--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["assets"], 2);
    let carol = v["owners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["owner"]["id"] == "carol")
        .unwrap();
    assert_eq!(carol["risks"].as_array().unwrap().len(), 0);
    assert_eq!(carol["assets"][0]["id"], "AST-004");
    assert_eq!(carol["assets"][0]["review_due"], serde_json::Value::Null);
    assert_eq!(carol["assets"][0]["overdue"], true);
    // Each risk names its assets with their titles, in text and PDF.
    assert!(
        r.stdout.contains("    assets      AST-004 Cloud region\n"),
        "{}",
        r.stdout
    );
    let out = tempfile::tempdir().unwrap();
    let pdf = sheet(
        t.path(),
        &[
            "--owner",
            "alice",
            "--pdf",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(pdf.code, 0, "{}", pdf.stderr);
    let text = crate::support::pdf_text(&out.path().join("alice.pdf"));
    assert!(text.contains("Assets AST-004 Cloud region"), "{text}");

    let only = sheet(t.path(), &["--owner", "carol", "--format", "json"]);
    assert_eq!(only.code, 0, "{}", only.stderr);
    let v: serde_json::Value = serde_json::from_str(&only.stdout).unwrap();
    assert_eq!(
        (v["total"].as_u64(), v["assets"].as_u64()),
        (Some(0), Some(1))
    );
}
