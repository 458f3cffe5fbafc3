//! Issue 24: sheets as people keep them: title rows, words for values,
//! lists in one cell, owners by name or role, other scales, mark columns,
//! and a fresh tree's first imports.

use std::path::{Path, PathBuf};

use crate::sheets::{s, write};
use crate::support::{isms, temp_copy};

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
