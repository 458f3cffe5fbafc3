//! Issue 11: `isms export` and `isms import`: the round trip of the sample
//! changes no byte, headers lenient, values strict, nothing written on error.

use std::path::{Path, PathBuf};

use crate::onboarding::snapshot;
use crate::support::{check_json, copy_tree, isms, root, temp_copy};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn sample() -> tempfile::TempDir {
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

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
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

/// A new tree, as `isms init` writes it.
fn fresh() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    let run = isms(&["init", "--org", "Acme", s(&tree)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, tree)
}

/// Issue 24: the undecided SoA of a new tree is what `import soa` decides,
/// so it blocks neither the starter sheet, nor its import, nor risks.
#[test]
fn a_fresh_tree_exports_a_starter_soa_and_takes_both_sheets() {
    let (dir, tree) = fresh();
    let missing = dir.path().join("nope.csv");
    let run = isms(&["import", "soa", s(&missing), "--dir", s(&tree)]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nope.csv: no such file"),
        "{}",
        run.stderr
    );

    let starter = dir.path().join("starter.csv");
    let run = isms(&["export", "soa", s(&tree), "-o", s(&starter)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&starter).unwrap();
    assert_eq!(text.lines().count(), 94);
    assert_eq!(
        text.lines().nth(1),
        Some("A.5.1,Policies for information security,Organizational controls,,,,,,,")
    );
    // The sheet a person makes of it: a decision and a reason per control.
    let mut filled = String::from("Control,Applicable,Reasons,Status,Justification\n");
    for line in text.lines().skip(1) {
        let id = line.split(',').next().unwrap();
        if id == "A.7.5" {
            filled.push_str(&format!("{id},no,,,We have no premises of our own\n"));
        } else {
            filled.push_str(&format!("{id},yes,risk,planned,Needed for our risks\n"));
        }
    }
    let sheet = write(dir.path(), "soa.csv", &filled);
    let run = isms(&["import", "soa", s(&sheet), "--dir", s(&tree)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "change soa.toml A.7.5: applicable (none) -> false, justification \"\" -> \"We have no premises of our own\"\n"
        ),
        "{}",
        run.stdout
    );
    let check = isms(&["check", s(&tree)]);
    assert!(check.stderr.contains("0 errors"), "{}", check.stderr);
    let run = isms(&["import", "soa", s(&sheet), "--dir", s(&tree)]);
    assert!(run.stdout.contains("nothing to change"), "{}", run.stdout);

    let (dir, tree) = fresh();
    let risks = write(
        dir.path(),
        "risks.csv",
        "id,title,owner,likelihood,impact,treatment,status,identified\n\
         R-001,Laptop theft,owner,2,3,mitigate,open,2026-01-05\n",
    );
    let run = isms(&["import", "risks", s(&risks), "--dir", s(&tree)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "create risks/R-001.md\n");
}

/// Issue 24: a risk that does not load refuses only the row that names it.
#[test]
fn a_broken_record_refuses_only_its_own_row() {
    let tree = temp_copy("valid/minimal");
    let r1 = tree.path().join("risks/R-001.md");
    let text = std::fs::read_to_string(&r1).unwrap();
    std::fs::write(
        &r1,
        text.replacen("likelihood = ", "likelihood = \"two\" #", 1),
    )
    .unwrap();
    let sheet = write(
        tree.path(),
        "in.csv",
        "id,title,owner,likelihood,impact,treatment,status,identified\n\
         R-009,Flood,bob,2,3,mitigate,open,2026-01-05\n",
    );
    let run = isms(&["import", "risks", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheet = write(tree.path(), "in.csv", "id,likelihood\nR-001,2\n");
    let run = isms(&["import", "risks", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("row 2, column A (id): risks/R-001.md does not load"),
        "{}",
        run.stderr
    );
}

/// Issue 24: the words real sheets use for applicability, status and
/// treatment are understood (and said so); an ambiguous one asks for
/// `--map`, which settles it.
#[test]
fn common_values_are_understood_and_ambiguous_ones_mapped() {
    let tree = temp_copy("valid/minimal");
    let sheet = write(
        tree.path(),
        "soa.csv",
        "Control,Applicable,Status,Justification\n\
         A.5.1,Applicable,Partially implemented,Policies\n\
         A.5.2,Applicable (Inherited),In progress,Roles\n\
         A.5.3,Included,Yes,Duties\n\
         A.5.4,Not applicable,N/A,No management\n\
         A.5.5,N/A,,No authorities\n\
         A.5.6,Excluded,,No groups\n\
         A.5.7,Applicable,Not started,Intel\n\
         A.5.8,Applicable,No,Projects\n",
    );
    let run = isms(&[
        "import",
        "soa",
        s(&sheet),
        "--dir",
        s(tree.path()),
        "--dry-run",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "row 9, column C (status): `No` could mean planned or not-implemented here: \
             say which with --map 'status:No=planned'"
        ),
        "{}",
        run.stderr
    );
    let run = isms(&[
        "import",
        "soa",
        s(&sheet),
        "--dir",
        s(tree.path()),
        "--dry-run",
        "--map",
        "status:no=not-implemented",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: row 2: column status `Partially implemented` read as `partial`"),
        "{}",
        run.stderr
    );
    for line in [
        "A.5.2: status \"implemented\" -> \"partial\"",
        "A.5.3: justification",
        "A.5.4: applicable true -> false, status \"implemented\" -> (none)",
        "A.5.5: applicable true -> false",
        "A.5.6: applicable true -> false",
        "A.5.7: status \"implemented\" -> \"planned\"",
        "A.5.8: status \"implemented\" -> \"not-implemented\"",
    ] {
        assert!(run.stdout.contains(line), "{line}: {}", run.stdout);
    }

    let risks = write(
        tree.path(),
        "risks.csv",
        "id,title,owner,likelihood,impact,treatment,status,identified\n\
         R-011,One,bob,2,3,Reduce,In progress,2026-01-05\n\
         R-012,Two,bob,2,3,Tolerate,Accepted,2026-01-05\n\
         R-013,Three,bob,2,3,Share,Not started,2026-01-05\n\
         R-014,Four,bob,2,3,Terminate,open,2026-01-05\n\
         R-015,Five,bob,2,3,Retain,In progress,2026-01-05\n\
         R-016,Six,bob,2,3,Modify,open,2026-01-05\n\
         R-017,Seven,bob,2,3,Treat,open,2026-01-05\n",
    );
    let run = isms(&["import", "risks", s(&risks), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: rows 2, 7-8: column treatment `Reduce`")
            || run.stderr.contains("`Reduce` read as `mitigate`"),
        "{}",
        run.stderr
    );
    let read =
        |id: &str| std::fs::read_to_string(tree.path().join(format!("risks/{id}.md"))).unwrap();
    assert!(read("R-012").contains("treatment = \"accept\""));
    assert!(read("R-013").contains("treatment = \"transfer\""));
    assert!(read("R-014").contains("treatment = \"avoid\""));
    assert!(read("R-017").contains("treatment = \"mitigate\""));
    assert!(read("R-011").contains("status = \"open\""));
}

/// Issue 24: controls listed with commas or as bare `8.2`, and risk ids
/// of the sheet's own style, renumbered when asked and said so.
#[test]
fn lists_with_commas_bare_control_ids_and_foreign_risk_ids() {
    let tree = temp_copy("valid/minimal");
    let sheet = write(
        tree.path(),
        "in.csv",
        "id,title,owner,likelihood,impact,treatment,status,identified,controls\n\
         RISK-DEV-01,One,bob,2,3,mitigate,open,2026-01-05,\"A.5.15, A.5.17, 8.2\"\n\
         RISK-DEV-02,Two,bob,2,3,mitigate,open,2026-01-05,\"8.2, 8.99; A.9.9\"\n\
         R-011,Three,bob,2,3,mitigate,open,2026-01-05,8.5\n",
    );
    let run = isms(&["import", "risks", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1);
    for want in [
        "row 2, column A (id): `RISK-DEV-01` is not a risk id such as R-007: rename it in the \
         sheet, or pass --renumber",
        "row 3, column I (controls): `8.99` is not an Annex A control",
        "; and `A.9.9` is not an Annex A control",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
    std::fs::write(
        &sheet,
        std::fs::read_to_string(&sheet)
            .unwrap()
            .replace("8.2, 8.99; A.9.9", "8.2"),
    )
    .unwrap();
    let run = isms(&[
        "import",
        "risks",
        s(&sheet),
        "--dir",
        s(tree.path()),
        "--renumber",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "create risks/R-012.md\ncreate risks/R-013.md\ncreate risks/R-011.md\n"
    );
    for note in [
        "note: row 2: column id `RISK-DEV-01` is R-012 now (write R-012 in the sheet",
        "note: rows 2-3: column controls `8.2` read as `A.8.2`",
    ] {
        assert!(run.stderr.contains(note), "{note}\n{}", run.stderr);
    }
    let r12 = std::fs::read_to_string(tree.path().join("risks/R-012.md")).unwrap();
    assert!(
        r12.contains("controls = [\"A.5.15\", \"A.5.17\", \"A.8.2\"]"),
        "{r12}"
    );
}

/// Issue 24: a workbook whose first sheet is an introduction, and whose
/// register has title rows, scale notes in its headers and columns that
/// mean the next review or a plan.
#[test]
fn headers_below_titles_with_notes_on_a_named_sheet() {
    use rust_xlsxwriter::Workbook;
    let tree = temp_copy("valid/minimal");
    let mut book = Workbook::new();
    let intro = book.add_worksheet();
    intro.set_name("Intro").unwrap();
    intro
        .write_string(0, 0, "How to use this register")
        .unwrap();
    let ws = book.add_worksheet();
    ws.set_name("Risks").unwrap();
    ws.write_string(0, 0, "Acme risk register").unwrap();
    ws.write_string(1, 0, "Version 3").unwrap();
    let header = [
        "Risk ID",
        "Risk Description",
        "Risk Owner",
        "Likelihood (1-5)",
        "Impact (1-5)",
        "Risk Rating",
        "Treatment",
        "Status",
        "Date identified",
        "Mapped Annex A Control(s)",
        "Next Review",
        "Treatment Action",
    ];
    let row = [
        "R-020",
        "Flood",
        "bob",
        "2",
        "3",
        "Medium",
        "Mitigate",
        "Open",
        "2026-01-05",
        "A.7.5",
        "2027-05-01",
        "Raise the racks",
    ];
    for (c, (h, v)) in header.iter().zip(row).enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
        ws.write_string(4, c as u16, v).unwrap();
    }
    let file = tree.path().join("register.xlsx");
    book.save(&file).unwrap();

    let run = isms(&["import", "risks", s(&file), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "sheet Intro, row 1: no id column: rows are matched to records by id; if the rows \
             are on another sheet of the workbook (Risks), name it with --sheet NAME"
        ),
        "{}",
        run.stderr
    );
    let run = isms(&[
        "import",
        "risks",
        s(&file),
        "--dir",
        s(tree.path()),
        "--sheet",
        "Nope",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no sheet `Nope`; its sheets: Intro, Risks"),
        "{}",
        run.stderr
    );
    let run = isms(&[
        "import",
        "risks",
        s(&file),
        "--dir",
        s(tree.path()),
        "--sheet",
        "Risks",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "create risks/R-020.md\n");
    assert!(
        run.stderr.contains(
            "note: column K (Next Review) is not read: `reviewed` is the last review, not the next"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("column L (Treatment Action) is not read")
    );
    let r = std::fs::read_to_string(tree.path().join("risks/R-020.md")).unwrap();
    assert!(r.contains("controls = [\"A.7.5\"]"), "{r}");
    assert!(!r.contains("reviewed = 2027"), "{r}");

    let soa = write(
        tree.path(),
        "soa.csv",
        "Statement of Applicability\n\nControl,Applicable (Yes/No),Justification\nA.5.1,No,Not us\n",
    );
    let run = isms(&[
        "import",
        "soa",
        s(&soa),
        "--dir",
        s(tree.path()),
        "--dry-run",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("A.5.1: applicable true -> false"),
        "{}",
        run.stdout
    );
}

/// Issue 24: owners written as a person's name or role are that person;
/// one nobody is gets the `[[person]]` entry to add printed.
#[test]
fn owners_by_name_or_role_and_the_people_to_add() {
    let tree = temp_copy("valid/minimal");
    let sheet = write(
        tree.path(),
        "in.csv",
        "id,title,owner,likelihood,impact,treatment,status,identified\n\
         R-011,One,Bob Example,2,3,mitigate,open,2026-01-05\n\
         R-012,Two,ceo,2,3,mitigate,open,2026-01-05\n\
         R-013,Three,Head of Infrastructure,2,3,mitigate,open,2026-01-05\n",
    );
    let run = isms(&["import", "risks", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1);
    for want in [
        "row 4, column C (owner): `Head of Infrastructure` is no person of isms.toml, by id, \
         name or role: write a person's id, or add the [[person]] printed below",
        "help: add the people the sheet names to isms.toml:\n\n[[person]]\n\
         id = \"head-of-infrastructure\"\nname = \"Head of Infrastructure\"",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("row 2"), "{}", run.stderr);
    assert!(!run.stderr.contains("row 3"), "{}", run.stderr);
    // Added as printed, the person is found by the role the sheet gives.
    let toml = tree.path().join("isms.toml");
    let entry = &run.stderr[run.stderr.find("\n[[person]]").unwrap() + 1..];
    let mut text = std::fs::read_to_string(&toml).unwrap();
    let at = text.find("[[person]]").unwrap();
    text.insert_str(at, entry);
    std::fs::write(&toml, text).unwrap();
    let run = isms(&["import", "risks", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "note: row 2: column owner `Bob Example` read as `bob` (Bob Example, Security lead)"
        ),
        "{}",
        run.stderr
    );
    let r13 = std::fs::read_to_string(tree.path().join("risks/R-013.md")).unwrap();
    assert!(r13.contains("owner = \"head-of-infrastructure\""), "{r13}");
}

/// Issue 24: CSV rows are numbered by the file's lines (blank ones
/// counted), a row with a cell too many is one error, and the same error
/// down a column is said once with its rows.
#[test]
fn csv_rows_by_line_extra_cells_and_repeated_errors_collapsed() {
    let tree = temp_copy("valid/minimal");
    let sheet = write(
        tree.path(),
        "in.csv",
        "id,title,owner,likelihood,impact,treatment,status,identified\n\
         \n\
         R-011,One,nobody,2,3,mitigate,open,2026-01-05\n\
         R-012,Two,nobody,2,3,mitigate,open,2026-01-05\n\
         R-013,Three,nobody,2,3,mitigate,open,2026-01-05\n\
         \n\
         R-014,Four, and more,bob,2,3,mitigate,open,2026-01-05\n\
         R-015,Five,bob,9,3,mitigate,open,2026-01-05\n",
    );
    let run = isms(&["import", "risks", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1);
    for want in [
        "in.csv, rows 3-5, column C (owner): `nobody` is no person of isms.toml",
        "in.csv, row 7: the row has more cells than the header has columns (column I holds \
         `2026-01-05`); a value with a comma needs quotes in CSV",
        "in.csv, row 8, column D (likelihood): `9` is not on the likelihood scale",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("row 7, column"), "{}", run.stderr);
}

/// Issue 24: Annex A section rows are skipped (said so), and 2013 ids are
/// named as such, pointing at `isms migrate`.
#[test]
fn section_rows_skipped_and_2013_ids_named() {
    let tree = temp_copy("valid/minimal");
    let sheet = write(
        tree.path(),
        "soa.csv",
        "Control,Applicable,Justification\n\
         A.5 Organizational controls,,\n\
         A.5.1,No,Not us\n\
         A.6,,\n\
         A.6.1,No,Not us\n",
    );
    let run = isms(&[
        "import",
        "soa",
        s(&sheet),
        "--dir",
        s(tree.path()),
        "--dry-run",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "note: row 2: column id `A.5 Organizational controls` is a section heading: skipped"
        ),
        "{}",
        run.stderr
    );
    let sheet = write(
        tree.path(),
        "soa.csv",
        "Control,Applicable,Justification\nA.9.2.1,Yes,Access\n",
    );
    let run = isms(&[
        "import",
        "soa",
        s(&sheet),
        "--dir",
        s(tree.path()),
        "--dry-run",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "row 2, column A (id): `A.9.2.1` is an ISO/IEC 27001:2013 (or 2005) control id, not \
             a 2022 one: `isms migrate soa --from 2013 FILE`"
        ),
        "{}",
        run.stderr
    );
}

/// Issue 24: a `reviewed` date after today is a next review, not the last.
#[test]
fn a_review_date_to_come_is_not_the_last_review() {
    let tree = temp_copy("valid/minimal");
    let sheet = write(
        tree.path(),
        "in.csv",
        "id,Last reviewed\nR-001,2999-01-01\n",
    );
    let run = isms(&["import", "risks", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("row 2, column B (reviewed): 2999-01-01 is after today"),
        "{}",
        run.stderr
    );
}

/// Issue 20: an asset inventory as one is kept (a title row, "Asset name",
/// owners by name or role, "Confidential") makes asset records that check
/// clean; a row already in the tree that says what it says changes nothing.
#[test]
fn an_asset_inventory_creates_assets_that_check_clean() {
    let tree = temp_copy("valid/registers");
    let a1 = tree.path().join("assets/AST-001.md");
    let before = std::fs::read_to_string(&a1).unwrap();
    let sheet = write(
        tree.path(),
        "assets.csv",
        "Information asset inventory,,,,,,,,\n\
         ,,,,,,,,\n\
         Asset ID,Asset name,Asset owner,Asset type,Classification,Location,Runs on,Vendor,Last reviewed\n\
         AST-001,Email,Bob Example,Service,,Hosted,AST-002,SUP-001,2026-09-01\n\
         AST-005,Customer database,Alice Example,Information,Confidential,eu-west-1,AST-004,SUP-001,2026-10-01\n\
         AST-006,Laptops,CEO,Hardware,Internal,Staff homes,,,2026-10-02\n",
    );
    let run = isms(&["import", "assets", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("create assets/AST-005.md"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("create assets/AST-006.md"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("AST-001"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("note: row 6: column owner `CEO` read as `alice` (Alice Example, CEO)"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&a1).unwrap(), before);
    let a5 = std::fs::read_to_string(tree.path().join("assets/AST-005.md")).unwrap();
    for want in [
        "title = \"Customer database\"",
        "owner = \"alice\"",
        "type = \"information\"",
        "classification = \"confidential\"",
        "depends_on = [\"AST-004\"]",
        "suppliers = [\"SUP-001\"]",
        "location = \"eu-west-1\"",
        "status = \"active\"",
        "reviewed = 2026-10-01",
    ] {
        assert!(a5.contains(want), "{want}\n{a5}");
    }
    let a6 = std::fs::read_to_string(tree.path().join("assets/AST-006.md")).unwrap();
    assert!(a6.contains("owner = \"alice\""), "{a6}");
    assert!(a6.contains("type = \"hardware\""), "{a6}");
    let (code, report) = check_json(tree.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    // Imported again, the sheet changes nothing.
    let run = isms(&["import", "assets", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("nothing to change"), "{}", run.stdout);
}

/// Issue 20: a supplier register (a title row, "Vendor", "Criticality" =
/// "High", "DPA signed" = "Yes") makes supplier records, a contract set key
/// by key; a row that says what its supplier says changes nothing.
#[test]
fn a_supplier_register_creates_suppliers_with_their_contracts() {
    let tree = temp_copy("valid/registers");
    let s1 = tree.path().join("suppliers/SUP-001.md");
    let before = std::fs::read_to_string(&s1).unwrap();
    let sheet = write(
        tree.path(),
        "suppliers.csv",
        "Supplier register,,,,,,,,,\n\
         Supplier ID,Vendor,Relationship owner,Services,Criticality,Status,Data classification,Contract end,DPA signed,Security terms\n\
         SUP-001,Mail host,Bob Example,Hosted staff email,High,Active,Confidential,,Yes,Yes\n\
         SUP-003,Payroll bureau,Alice Example,Payroll,Medium,Active,Restricted,2027-12-31,Yes,Yes\n\
         SUP-004,Sandwich shop,CEO,,Low,Onboarding,,,No,No\n",
    );
    let run = isms(&["import", "suppliers", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("SUP-001"), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(&s1).unwrap(), before);
    let s3 = std::fs::read_to_string(tree.path().join("suppliers/SUP-003.md")).unwrap();
    for want in [
        "title = \"Payroll bureau\"",
        "owner = \"alice\"",
        "services = \"Payroll\"",
        "criticality = \"medium\"",
        "status = \"active\"",
        "data = \"restricted\"",
        "contract = { end = 2027-12-31, dpa = true, security_terms = true }",
    ] {
        assert!(s3.contains(want), "{want}\n{s3}");
    }
    let s4 = std::fs::read_to_string(tree.path().join("suppliers/SUP-004.md")).unwrap();
    assert!(!s4.contains("\ncontract"), "{s4}");
    let (code, report) = check_json(tree.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    // A contract's key changed in the sheet is changed where it stands.
    let sheet = write(
        tree.path(),
        "suppliers.csv",
        "Supplier ID,Vendor,Relationship owner,Criticality,Status,DPA signed\n\
         SUP-001,Mail host,bob,high,active,No\n",
    );
    let run = isms(&["import", "suppliers", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("change suppliers/SUP-001.md: contract.dpa true -> false"),
        "{}",
        run.stdout
    );
    let after = std::fs::read_to_string(&s1).unwrap();
    assert_eq!(after, before.replace("\ndpa = true\n", "\ndpa = false\n"));
    // An inline contract is not set key by key (its other keys would go).
    let s2 = tree.path().join("suppliers/SUP-002.md");
    let text = std::fs::read_to_string(&s2).unwrap().replace(
        "[contract]\nstart = 2022-01-01\nend = 2025-06-30\n",
        "contract = { start = 2022-01-01, end = 2025-06-30 }\n",
    );
    std::fs::write(&s2, &text).unwrap();
    let sheet = write(
        tree.path(),
        "suppliers.csv",
        "Supplier ID,DPA signed\nSUP-002,Yes\n",
    );
    let run = isms(&["import", "suppliers", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the contract is an inline table here: write it as a [contract] table"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&s2).unwrap(), text);
}

/// Issue 24: a sheet scored 1 to 3 does not go silently into a 5x5 tree
/// (a row it calls Critical would score Medium): a header stating its
/// scale, or a level the tree's method contradicts, is refused with the
/// fix, and `--rescale 3` maps the sheet's numbers onto the tree's scales.
#[test]
fn a_sheet_on_another_scale_is_refused_or_rescaled() {
    let tree = temp_copy("valid/minimal");
    let dir = tree.path();
    let import = |sheet: &Path, extra: &[&str]| {
        let mut args = vec!["import", "risks", s(sheet), "--dir", s(dir)];
        args.extend_from_slice(extra);
        isms(&args)
    };
    let stated = write(
        dir,
        "stated.csv",
        "Risk ID,Title,Owner,Likelihood (1-3),Impact (1-3),Treatment,Status,Identified\n\
         R-009,Flood,bob,3,3,accept,open,2026-01-05\n",
    );
    let before = crate::onboarding::snapshot(dir);
    let run = import(&stated, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "row 1, column D (likelihood): the header scores likelihood 1 to 3, and the tree's \
             likelihood scale is 1 to 5 (Rare, Unlikely, Possible, Likely, Almost certain)"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--rescale N"), "{}", run.stderr);
    assert_eq!(crate::onboarding::snapshot(dir), before);

    // No scale in the headers, but a level the tree's method does not give.
    let levelled = write(
        dir,
        "levelled.csv",
        "Risk ID,Title,Owner,Likelihood,Impact,Risk Rating,Treatment,Status,Identified\n\
         R-009,Flood,bob,3,3,Critical,accept,open,2026-01-05\n\
         R-010,Fire,bob,1,2,Low,accept,open,2026-01-05\n",
    );
    let run = import(&levelled, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "row 2, column F (level): the sheet's level `Critical` is not the tree's: \
             likelihood 3 x impact 3 = 9 is Medium on the tree's method"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("row 3"), "{}", run.stderr);

    // Rescaled explicitly: 1 to 3 onto 1 to 5, each said.
    let run = import(&stated, &["--rescale", "3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("column likelihood `3` (1 to 3) read as 5 (Almost certain)"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(dir.join("risks/R-009.md")).unwrap();
    assert!(
        text.contains("likelihood = 5 ") && text.contains("impact = 5 "),
        "{text}"
    );
}

/// Issue 24: reasons written as mark columns (`X`, `✓`, `✔`, `yes`) under
/// a merged "Reasons" heading, or alone as the 2013 template's `LR`, `CO`,
/// `BR/BP`, `RRA`, are the SoA's `reasons`; anything else in such a cell is
/// an error at its cell.
#[test]
fn reason_marks_under_a_group_heading_are_the_reasons() {
    use rust_xlsxwriter::{Format, Workbook};
    let tree = temp_copy("valid/minimal");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let f = Format::new();
    for (c, h) in ["Control", "Applicable", "Justification"]
        .iter()
        .enumerate()
    {
        ws.merge_range(0, c as u16, 1, c as u16, h, &f).unwrap();
    }
    ws.merge_range(0, 3, 0, 6, "Reasons", &f).unwrap();
    for (c, h) in ["Legal", "Contractual", "Business", "Risk assessment"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, 3 + c as u16, *h).unwrap();
    }
    for (r, cells) in [
        ["A.5.1", "Yes", "Policies", "X", "", "✓", ""],
        ["A.5.2", "Yes", "Roles", "", "✔", "", "yes"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(2 + r as u32, c as u16, *v).unwrap();
        }
    }
    let file = tree.path().join("soa.xlsx");
    book.save(&file).unwrap();
    let run = isms(&[
        "import",
        "soa",
        s(&file),
        "--dir",
        s(tree.path()),
        "--dry-run",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("reasons [\"risk\"] -> [\"legal\",\"business\"]\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("reasons [\"risk\"] -> [\"risk\",\"contract\"]\n"),
        "{}",
        run.stdout
    );

    // A CSV has no merged cells: the heading over blank cells groups the
    // sub-headings below it.
    let grouped = write(
        tree.path(),
        "grouped.csv",
        "Control,Applicable,Justification,Reasons,,,\n\
         ,,,Legal,Contractual,Business,Risk assessment\n\
         A.5.1,Yes,Policies,X,,✓,\n",
    );
    let run = isms(&[
        "import",
        "soa",
        s(&grouped),
        "--dir",
        s(tree.path()),
        "--dry-run",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("reasons [\"risk\"] -> [\"legal\",\"business\"]\n"),
        "{}",
        run.stdout
    );

    let sheet = write(
        tree.path(),
        "marks.csv",
        "Control,Applicable,Justification,LR,CO,BR/BP,RRA\n\
         A.5.1,Yes,Policies,X,,,X\n\
         A.5.2,Yes,Roles,,maybe,,X\n",
    );
    let run = isms(&["import", "soa", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("row 3, column E (CO): `maybe` is not a mark: X, ✓ or yes"),
        "{}",
        run.stderr
    );
}

/// Issue 24: a fresh tree's undecided SoA keeps no other sheet from
/// exporting: the risk sheet of a tree with no risks is its header, exit 0;
/// an error in the files a sheet is made of still refuses it.
#[test]
fn a_fresh_tree_exports_a_header_only_risk_sheet() {
    let (dir, tree) = fresh();
    let run = isms(&["export", "risks", s(&tree)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stdout.starts_with("id,title,owner,"), "{}", run.stdout);
    assert!(run.stderr.contains("(soa.toml)"), "{}", run.stderr);
    let xlsx = dir.path().join("risks.xlsx");
    let run = isms(&["export", "risks", s(&tree), "-o", s(&xlsx)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(xlsx.is_file());

    std::fs::write(tree.join("risks/R-001.md"), "+++\nid = 1\n+++\n").unwrap();
    let run = isms(&["export", "risks", s(&tree)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("keep records out of the risks sheet"),
        "{}",
        run.stderr
    );
    let run = isms(&["export", "incidents", s(&tree)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Issue 23: an obligations register as one is kept ("Legal requirement",
/// "Type" = "Law", "Review frequency" = "Annually", owners by name) makes
/// obligation records that check clean; a changed cell is changed where it
/// stands; a cadence that is none is refused with nothing written.
#[test]
fn an_obligations_register_creates_and_updates_obligations() {
    let tree = temp_copy("valid/obligations");
    let o2 = tree.path().join("obligations/OBL-002.md");
    let before = std::fs::read_to_string(&o2).unwrap();
    let sheet = write(
        tree.path(),
        "obligations.csv",
        "Legal and regulatory register,,,,,,,,\n\
         Obligation ID,Legal requirement,Type,Country,Responsible,Citation,Annex A,Policies,Review frequency,Last reviewed,Status\n\
         OBL-002,Customer security schedule,Contract,,Alice Example,\"Fixture Co customer terms, Schedule 2\",\"A.5.1, A.8.13\",,Every 2 years,2026-06-01,Applicable\n\
         OBL-004,Network and Information Systems Regulations,Regulation,UK,Bob Example,SI 2018/506,A.5.24,ISP-01,Annually,2026-10-01,Monitoring\n",
    );
    let run = isms(&["import", "obligations", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("change obligations/OBL-002.md: review_every \"yearly\" -> \"2y\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("create obligations/OBL-004.md"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&o2).unwrap(),
        before.replace("review_every = \"yearly\"", "review_every = \"2y\"")
    );
    let o4 = std::fs::read_to_string(tree.path().join("obligations/OBL-004.md")).unwrap();
    for want in [
        "title = \"Network and Information Systems Regulations\"",
        "kind = \"regulation\"",
        "jurisdiction = \"UK\"",
        "owner = \"bob\"",
        "source = \"SI 2018/506\"",
        "controls = [\"A.5.24\"]",
        "documents = [\"ISP-01\"]",
        "review_every = \"annually\"",
        "reviewed = 2026-10-01",
        "status = \"monitoring\"",
    ] {
        assert!(o4.contains(want), "{want}\n{o4}");
    }
    let (code, report) = check_json(tree.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    // Imported again, the sheet changes nothing.
    let run = isms(&["import", "obligations", s(&sheet), "--dir", s(tree.path())]);
    assert!(run.stdout.contains("nothing to change"), "{}", run.stdout);
    // A review frequency that is no cadence: refused, nothing written.
    let bad = write(
        tree.path(),
        "obligations.csv",
        "id,title,kind,owner,source,review_every,reviewed,status\n\
         OBL-005,PCI DSS,standard,bob,PCI SSC,Whenever,2026-10-01,applicable\n",
    );
    let run = isms(&["import", "obligations", s(&bad), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`Whenever` is not a cadence: write yearly, half-yearly"),
        "{}",
        run.stderr
    );
    assert!(!tree.path().join("obligations/OBL-005.md").exists());
}

/// Issue 20: a supplier sheet's certifications (names beside their
/// expiry) and last review add entries: a renewal is a new
/// `[[certification]]`, a review a new `[[review]]`; what the record holds
/// already changes nothing, and a review without its reviewer is refused.
#[test]
fn supplier_certifications_and_reviews_are_appended_from_the_sheet() {
    let tree = temp_copy("valid/registers");
    let s1 = tree.path().join("suppliers/SUP-001.md");
    let before = std::fs::read_to_string(&s1).unwrap();
    let sheet = write(
        tree.path(),
        "suppliers.csv",
        "Supplier ID,Vendor,Certification,Certification expiry,Last reviewed,Reviewer,Outcome\n\
         SUP-001,Mail host,ISO/IEC 27001; SOC 2 Type II,2027-06-30; 2027-03-31,2026-11-02,Bob Example,Approved\n",
    );
    let run = isms(&["import", "suppliers", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "change suppliers/SUP-001.md: certification + \"SOC 2 Type II\" 2027-03-31, \
             review + 2026-11-02 \"bob\" \"approved\""
        ),
        "{}",
        run.stdout
    );
    let after = std::fs::read_to_string(&s1).unwrap();
    let (toml, body) = before.rsplit_once("+++\n").unwrap();
    assert_eq!(
        after,
        format!(
            "{toml}\n[[certification]]\nname = \"SOC 2 Type II\"\nvalid_until = 2027-03-31\n\n\
             [[review]]\non = 2026-11-02\nby = \"bob\"\noutcome = \"approved\"\n+++\n{body}"
        )
    );
    let (code, report) = check_json(tree.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    // Again: all recorded, nothing to change.
    let run = isms(&["import", "suppliers", s(&sheet), "--dir", s(tree.path())]);
    assert!(run.stdout.contains("nothing to change"), "{}", run.stdout);
    // The export shows them: the latest of each certification, the last review.
    let csv = isms(&["export", "suppliers", s(tree.path())]);
    assert!(
        csv.stdout.contains(
            ",ISO/IEC 27001; SOC 2 Type II,2027-06-30; 2027-03-31,2026-11-02,bob,approved\n"
        ),
        "{}",
        csv.stdout
    );

    // A review with no reviewer, and names and dates that do not pair up.
    let bad = write(
        tree.path(),
        "suppliers.csv",
        "Supplier ID,Certification,Certification expiry,Last reviewed\n\
         SUP-001,ISO/IEC 27001,2027-06-30,2026-11-10\n\
         SUP-002,Cyber Essentials; ISO/IEC 27001,2026-05-01,\n",
    );
    let text = std::fs::read_to_string(&s1).unwrap();
    let run = isms(&["import", "suppliers", s(&bad), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for want in [
        "SUP-001: a new review needs by and outcome (the sheet gives on)",
        "certifications_valid_until lists 1 entry where certifications and \
         certifications_valid_until lists 2",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(&s1).unwrap(), text);
}

/// Issue 20: an asset's CIA ratings are three columns, all or none, each
/// a number on the `[assets] cia_levels` scale or Low/Medium/High.
#[test]
fn asset_cia_ratings_are_read_as_three_columns() {
    let tree = temp_copy("valid/registers");
    let a1 = tree.path().join("assets/AST-001.md");
    let before = std::fs::read_to_string(&a1).unwrap();
    let sheet = write(
        tree.path(),
        "assets.csv",
        "Asset ID,Asset name,Asset owner,C,I,A\n\
         AST-001,Email,bob,3,2,2\n\
         AST-005,Payroll records,alice,High,High,Low\n",
    );
    let run = isms(&["import", "assets", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&a1).unwrap(), before);
    let a5 = std::fs::read_to_string(tree.path().join("assets/AST-005.md")).unwrap();
    assert!(
        a5.contains("cia = { confidentiality = 3, integrity = 3, availability = 1 }"),
        "{a5}"
    );
    assert!(run.stderr.contains("`High` read as `3`"), "{}", run.stderr);
    let bad = write(
        tree.path(),
        "assets.csv",
        "Asset ID,Asset name,Asset owner,Confidentiality,Integrity,Availability\n\
         AST-001,Email,bob,4,2,2\n\
         AST-002,Single sign-on,bob,3,,\n",
    );
    let run = isms(&["import", "assets", s(&bad), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for want in [
        "4 is not on the CIA scale: expected 1 to 3",
        "a cia needs all of confidentiality, integrity and availability (or none)",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
}
