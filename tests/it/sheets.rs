//! Issue 11: `isms export` and `isms import`: the round trip of the sample
//! changes no byte, headers lenient, values strict, nothing written on error.
//! Real sheets' shapes (issue 24) are in `real_sheets.rs`, the registers'
//! imports (issues 20, 23) in `registers.rs`.

use std::path::{Path, PathBuf};

use crate::onboarding::snapshot;
use crate::support::{copy_tree, isms, root, temp_copy};

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

pub fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("isms"), dir.path());
    dir
}

#[test]
fn export_then_import_of_the_sample_changes_no_byte() {
    let tree = sample();
    let before = snapshot(tree.path());
    let out = tempfile::tempdir().unwrap();
    for what in ["risks", "soa", "assets", "suppliers", "obligations"] {
        for ext in ["csv", "xlsx"] {
            let file = out.path().join(format!("{what}.{ext}"));
            let run = isms(&["export", what, s(tree.path()), "-o", s(&file)]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            let run = isms(&["import", what, s(&file), "--dir", s(tree.path())]);
            assert_eq!(run.code, 0, "{what}.{ext}: {}", run.stderr);
            assert!(run.stdout.contains("nothing to change"), "{}", run.stdout);
        }
    }
    assert_eq!(snapshot(tree.path()), before);
    let csv = std::fs::read_to_string(out.path().join("risks.csv")).unwrap();
    assert_eq!(csv.lines().count(), 32);
    round_trip_of_every_valid_fixture();
    assert!(csv.starts_with("id,title,owner,assets,"));
    assert!(
        csv.contains(",A.8.5; A.5.17; A.8.16; A.8.20,"),
        "lists joined with '; '"
    );
    let soa = std::fs::read_to_string(out.path().join("soa.csv")).unwrap();
    assert!(
        soa.contains("**Information Security Policy**"),
        "Markdown kept as text"
    );
    for what in ["actions", "incidents"] {
        let run = isms(&["export", what, s(tree.path()), "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert!(!v.as_array().unwrap().is_empty());
    }
}

/// Every valid fixture tree's sheets round-trip too: the sample fills in
/// what they leave out (an asset with no CIA ratings went in as "an empty
/// cell: this column needs a value here").
fn round_trip_of_every_valid_fixture() {
    let out = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures/valid");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let tree = temp_copy(&format!("valid/{name}"));
        let before = snapshot(tree.path());
        for what in ["risks", "soa", "assets", "suppliers", "obligations"] {
            let file = out.path().join(format!("{name}-{what}.csv"));
            let run = isms(&["export", what, s(tree.path()), "-o", s(&file)]);
            assert_eq!(run.code, 0, "{name} {what}: {}", run.stderr);
            let run = isms(&["import", what, s(&file), "--dir", s(tree.path())]);
            assert_eq!(run.code, 0, "{name} {what}: {}", run.stderr);
        }
        assert!(
            snapshot(tree.path()) == before,
            "{name}: a round trip changed the tree"
        );
    }
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn lenient_headers_update_only_what_the_sheet_carries() {
    let tree = temp_copy("valid/minimal");
    let r1 = tree.path().join("risks/R-001.md");
    let before = std::fs::read_to_string(&r1).unwrap();
    let sheet = write(
        tree.path(),
        "in.csv",
        "Risk ID,Risk Owner,Probability,Treatment Option,Annex A controls,Residual likelihood\n\
         R-001,bob,Possible,MITIGATE,A.5.17; A.8.5,1\n",
    );
    let run = isms(&[
        "import",
        "risks",
        s(&sheet),
        "--dir",
        s(tree.path()),
        "--dry-run",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("would change risks/R-001.md"),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read_to_string(&r1).unwrap(), before);
    let run = isms(&["import", "risks", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = std::fs::read_to_string(&r1).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(after.contains("\nlikelihood = 3\n"), "{after}");
    assert!(after.contains("\nresidual_likelihood = 1\n"), "{after}");
}

#[test]
fn a_malformed_sheet_reports_every_error_and_writes_nothing() {
    let tree = temp_copy("valid/minimal");
    let before = snapshot(tree.path());
    let sheet = write(
        tree.path(),
        "bad.csv",
        "id,title,owner,likelihood,impact,treatment,status,identified,Comments\n\
         R-001,Phishing,nobody,7,Major,mitigate,open,2026-01-10,\n\
         R-001,Again,bob,1,1,fix,open,10/01/2026,\n\
         X-9,New,bob,1,1,accept,open,2026-01-10,\n",
    );
    let before = {
        let mut b = before;
        b.insert(sheet.clone(), std::fs::read(&sheet).unwrap());
        b
    };
    let run = isms(&["import", "risks", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1);
    for want in [
        "row 1, column I (Comments): unknown column",
        "row 2, column C (owner): `nobody` is no person of isms.toml, by id, name or role",
        "row 2, column D (likelihood): `7` is not on the likelihood scale",
        "row 3, column A (id): `R-001` is in the sheet twice (first on row 2)",
        "row 3, column F (treatment): `fix` is not allowed here",
        "row 3, column H (identified): `10/01/2026` is not a date",
        "row 4, column A (id): `X-9` is not a risk id",
        "7 problem(s)",
        "nothing was written",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
    assert_eq!(snapshot(tree.path()), before);
}

#[test]
fn xlsx_with_serial_dates_and_merged_headers_creates_a_risk() {
    use rust_xlsxwriter::{Format, Workbook};
    let tree = temp_copy("valid/minimal");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Register").unwrap();
    let f = Format::new();
    // Row 1: plain headers, each merged down; "Residual" merged over two columns.
    for (c, h) in [
        "Ref",
        "Risk",
        "Owner",
        "Likelihood",
        "Impact",
        "Treatment",
        "Status",
        "Date identified",
    ]
    .iter()
    .enumerate()
    {
        ws.merge_range(0, c as u16, 1, c as u16, h, &f).unwrap();
    }
    ws.merge_range(0, 8, 0, 9, "Residual", &f).unwrap();
    ws.write_string(1, 8, "Likelihood").unwrap();
    ws.write_string(1, 9, "Impact").unwrap();
    let row = [
        "R-010",
        "Flood in the server room",
        "bob",
        "",
        "",
        "Mitigate",
        "Open",
    ];
    for (c, v) in row.iter().enumerate() {
        ws.write_string(2, c as u16, *v).unwrap();
    }
    ws.write_number(2, 3, 2).unwrap();
    ws.write_string(2, 4, "major").unwrap();
    ws.write_number(2, 7, 46082).unwrap(); // 2026-03-01 as a serial number
    ws.write_number(2, 8, 1).unwrap();
    ws.write_number(2, 9, 4).unwrap();
    let file = tree.path().join("register.xlsx");
    book.save(&file).unwrap();

    let run = isms(&["import", "risks", s(&file), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(tree.path().join("risks/R-010.md")).unwrap();
    // Made from the risk template, as `isms new risk` makes one: its
    // `#:schema` line, its comments and its body, the row's values set.
    assert!(
        text.starts_with("+++\n#:schema ../schemas/risk.schema.json\nid = \"R-010\"\n"),
        "{text}"
    );
    assert!(text.contains("\n## Treatment\n"), "{text}");
    assert!(
        text.contains("\nlikelihood = 2            # 1 to the length"),
        "{text}"
    );
    let front = text.split("+++\n").nth(1).unwrap();
    let fields: toml::Table = front.parse().unwrap();
    for (key, want) in [
        ("title", "\"Flood in the server room\""),
        ("owner", "\"bob\""),
        ("likelihood", "2"),
        ("impact", "4"),
        ("residual_likelihood", "1"),
        ("residual_impact", "4"),
        ("treatment", "\"mitigate\""),
        ("status", "\"open\""),
        ("identified", "2026-03-01"),
    ] {
        assert_eq!(fields[key].to_string(), want, "{key}\n{text}");
    }
    // The new risk loads; what is left is what check says (no controls yet).
    let run = isms(&["check", s(tree.path()), "--today", "2026-11-20"]);
    assert!(!run.stderr.contains("E00"), "{}", run.stderr);
    // Importing it again changes nothing and refuses to recreate.
    let run = isms(&["import", "risks", s(&file), "--dir", s(tree.path())]);
    assert!(run.stdout.contains("nothing to change"), "{}", run.stdout);
}

#[test]
fn soa_import_edits_entries_in_place() {
    let tree = temp_copy("valid/minimal");
    let soa = tree.path().join("soa.toml");
    let before = std::fs::read_to_string(&soa).unwrap();
    let sheet = write(
        tree.path(),
        "soa.csv",
        "Control,Implementation status,Justification\nA.8.13,Partial,Backups are tested quarterly\n",
    );
    let run = isms(&["import", "soa", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = std::fs::read_to_string(&soa).unwrap();
    assert_eq!(before.lines().count(), after.lines().count());
    let changed = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 2, "{after}");
    assert!(after.contains("status = \"partial\""));
}

#[test]
fn export_evidence_gives_one_row_per_record_judged_as_of_today() {
    let dir = crate::support::fixture("valid/evidence");
    let dir = dir.to_str().unwrap();
    let csv = isms(&["export", "evidence", dir, "--today", "2027-01-15"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "id,title,owner,controls,soc2,every,last_collected,next_due,state,collections",
            "EV-001,Quarterly access review,bob,A.5.15; A.5.18,CC6.2; CC6.3; CC6.4,quarterly,2026-09-30,2026-12-30,overdue,2",
            "EV-002,Backup restore test,alice,A.8.13,A1.2; A1.3,yearly,2026-07-08,2027-07-08,current,1",
        ]
    );
    let json = isms(&[
        "export",
        "evidence",
        dir,
        "--format",
        "json",
        "--today",
        "2026-11-20",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(rows[0]["state"], "current");
    assert_eq!(rows[0]["collections"], 2);
    assert_eq!(rows[1]["controls"], serde_json::json!(["A.8.13"]));
}

#[test]
fn new_soa_entries_are_appended_and_an_acceptance_is_set_whole() {
    let tree = temp_copy("valid/minimal");
    let soa = tree.path().join("soa.toml");
    let text = std::fs::read_to_string(&soa).unwrap();
    let last = text.rfind("\n[[control]]\nid = \"A.8.34\"").unwrap();
    std::fs::write(&soa, &text[..=last]).unwrap();
    let without = write(
        tree.path(),
        "justify.csv",
        "Control,Justification\nA.8.34,New\n",
    );
    let run = isms(&["import", "soa", s(&without), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("A.8.34 is not in soa.toml yet: the sheet needs an applicable column"),
        "{}",
        run.stderr
    );
    let sheet = write(
        tree.path(),
        "soa.csv",
        "Control,Applicable,Reasons,Justification\nA.8.34,yes,risk; legal,Needed \"now\"\n",
    );
    let run = isms(&["import", "soa", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "add A.8.34 to soa.toml\n");
    let after = std::fs::read_to_string(&soa).unwrap();
    assert_eq!(
        &after[last + 1..],
        "\n[[control]]\nid = \"A.8.34\"\napplicable = true\nreasons = [\"risk\", \"legal\"]\njustification = \"Needed \\\"now\\\"\"\n"
    );

    let r1 = tree.path().join("risks/R-001.md");
    let partial = write(
        tree.path(),
        "accept.csv",
        "id,acceptance_by,acceptance_on,acceptance_expires\nR-001,bob,2026-10-01,\n",
    );
    let before = snapshot(tree.path());
    let run = isms(&["import", "risks", s(&partial), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("an acceptance needs all of acceptance_by, acceptance_on and acceptance_expires (or none)"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(tree.path()), before);
    let whole = write(
        tree.path(),
        "accept.csv",
        "id,acceptance_by,acceptance_on,acceptance_expires\nR-001,bob,2026-10-01,2027-10-01\n",
    );
    let run = isms(&["import", "risks", s(&whole), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&r1).unwrap();
    assert!(
        text.contains("reviewed = 2026-09-01\nacceptance = { by = \"bob\", on = 2026-10-01, expires = 2027-10-01 }\n"),
        "{text}"
    );
}
