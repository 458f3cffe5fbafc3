//! People (issue 22): rosters and completion exports as other systems write
//! them give the right counts, `isms awareness add` checks every row before
//! writing anything, and a changed policy is caught.

use std::path::Path;

use serde_json::Value;

use crate::support::{commit_all, edit, isms, temp_copy};

/// `isms awareness DIR --today DAY --format json`, parsed.
fn awareness_json(dir: &Path, today: &str) -> Value {
    let run = isms(&[
        "awareness",
        dir.to_str().unwrap(),
        "--today",
        today,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn campaign<'v>(json: &'v Value, id: &str) -> &'v Value {
    json["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

/// Replace a completion file and record its new hash.
fn replace_export(dir: &Path, record: &str, rel: &str, bytes: &[u8]) {
    let old = isms::load::sha256_hex(&std::fs::read(dir.join(rel)).unwrap());
    std::fs::write(dir.join(rel), bytes).unwrap();
    let new = isms::load::sha256_hex(bytes);
    edit(&dir.join(record), &old, &new);
}

#[test]
fn odd_rosters_and_lms_exports_give_the_right_counts() {
    let tree = temp_copy("valid/people");
    let dir = tree.path();
    // An HR export from a European spreadsheet: a byte order mark,
    // semicolons, CRLF, notes in the headers, day-first and named dates,
    // names and emails, a leaver, a joiner not yet started.
    let roster = "\u{feff}Personnel No.;Full Name;Business Email;Department Name;Date of Joining (DD/MM/YYYY);Date of Leaving\r\n\
        F001;Alice Example;alice@fixture.example;Management;01/04/2019;\r\n\
        F002;Bob Example;bob@fixture.example;Engineering;06/01/2020;\r\n\
        F003;Carol Example;carol@fixture.example;Finance;13/09/2021;\r\n\
        F004;Dan Example;dan@fixture.example;Engineering;1 Feb 2022;\r\n\
        F005;Erin Example;erin@fixture.example;Engineering;15/05/2023;31/12/2025\r\n\
        F006;Femi Example;femi@fixture.example;Support;04/03/2024;\r\n\
        F007;Gus Example;gus@fixture.example;Support;12/01/2026;\r\n\
        F009;Ines Example;ines@fixture.example;Support;01/02/2026;\r\n\
        F010;Jo Example;jo@fixture.example;Engineering;01/12/2026;\r\n";
    std::fs::write(dir.join("people/staff.csv"), roster).unwrap();
    // An LMS export listing every learner: by name or email, with a status;
    // only completed rows count, whatever the case of the email.
    let lms = "Learner Name,Learner Email,Course,Completion Status,Completion Date,Score\n\
        Alice Example,,Security basics,Completed,14 Mar 2026,92\n\
        ,BOB@FIXTURE.EXAMPLE,Security basics,Completed,2026-03-03 11:40:12,88\n\
        Carol Example,carol@fixture.example,Security basics,In Progress,,\n\
        Dan Example,dan@fixture.example,Security basics,Not Started,,\n\
        Femi Example,femi@fixture.example,Security basics,Passed,21/03/2026,81\n\
        Gus Example,gus@fixture.example,Security basics,Completed,2026-02-02T09:00:00Z,90\n\
        Ines Example,ines@fixture.example,Security basics,Failed,2026-03-30,40\n\
        Erin Example,erin@fixture.example,Security basics,Completed,2025-11-30,70\n";
    replace_export(
        dir,
        "awareness/AWR-2026-01.md",
        "awareness/files/lms-2026-03.csv",
        lms.as_bytes(),
    );
    let json = awareness_json(dir, "2026-11-20");
    let c = campaign(&json, "AWR-2026-01");
    // On staff: F001-F004, F006, F007, F009 (F005 left, F010 not started).
    assert_eq!(c["audience"], 7, "{c:#}");
    assert_eq!(c["complete"], 4, "{c:#}");
    assert_eq!(c["overdue"], 3, "{c:#}");
    let depts: Vec<(String, u64, u64)> = c["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap().to_string(),
                d["audience"].as_u64().unwrap(),
                d["complete"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        depts,
        [
            ("Engineering".to_string(), 2, 1),
            ("Finance".to_string(), 1, 0),
            ("Management".to_string(), 1, 1),
            ("Support".to_string(), 3, 2),
        ]
    );
    let overdue: Vec<&str> = c["overdue_staff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(overdue, ["F003", "F004", "F009"]);
    // Only ids reach the output: the roster's names and emails do not.
    let text = serde_json::to_string(&json).unwrap();
    assert!(
        !text.contains("Example") && !text.contains("@fixture"),
        "{text}"
    );
    // The onboarding campaign: F009 joined 2026-02-01 and has not taken it.
    let onboarding = campaign(&json, "AWR-2026-03");
    assert_eq!(
        (
            onboarding["audience"].as_u64(),
            onboarding["overdue"].as_u64()
        ),
        (Some(2), Some(1))
    );
    // --department narrows every count.
    let run = isms(&[
        "awareness",
        dir.to_str().unwrap(),
        "--today",
        "2026-11-20",
        "--department",
        "Support",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.lines().skip(1).all(|l| l.contains(",Support,")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("AWR-2026-01,F009,Support,overdue,2026-03-31,"),
        "{}",
        run.stdout
    );
    // And the checker counts as the command does.
    let run = isms(&["check", dir.to_str().unwrap(), "--today", "2026-11-20"]);
    assert!(
        run.stderr.contains(
            "AWR-2026-01 is past due (2026-03-31) and 3 of 7 staff have not completed it"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn awareness_add_checks_every_row_and_writes_nothing_on_error() {
    let tree = temp_copy("valid/people");
    let dir = tree.path();
    let before = crate::support::files(dir);
    let outside = tempfile::tempdir().unwrap();
    let bad = outside.path().join("export.csv");
    std::fs::write(
        &bad,
        "Employee ID,Date Signed\nF001,2026-11-02\nF099,2026-11-02\nF002,2026-11-03\nnobody@x.example,2026-11-03\n",
    )
    .unwrap();
    let args = [
        "awareness",
        "add",
        "AWR-2026-02",
        bad.to_str().unwrap(),
        "--dir",
        dir.to_str().unwrap(),
    ];
    let run = isms(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("row 3: `F099`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("row 5: `nobody@x.example`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no file was changed"), "{}", run.stderr);
    assert_eq!(crate::support::files(dir), before, "nothing written");

    let good = outside.path().join("export-2.csv");
    std::fs::write(
        &good,
        "Employee ID,Date Signed\nF001,2026-11-02\nF002,2026-11-03\n",
    )
    .unwrap();
    let args = [
        "awareness",
        "add",
        "AWR-2026-02",
        good.to_str().unwrap(),
        "--dir",
        dir.to_str().unwrap(),
    ];
    let run = isms(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let copied = dir.join("awareness/files/AWR-2026-02-export-2.csv");
    assert_eq!(
        std::fs::read(&copied).unwrap(),
        std::fs::read(&good).unwrap()
    );
    let record = std::fs::read_to_string(dir.join("awareness/AWR-2026-02.md")).unwrap();
    let sha = isms::load::sha256_hex(&std::fs::read(&good).unwrap());
    assert!(
        record.contains(&format!(
            "[[completion_file]]\npath = \"awareness/files/AWR-2026-02-export-2.csv\"\nsha256 = \"{sha}\""
        )),
        "{record}"
    );
    let run = isms(&[
        "check",
        dir.to_str().unwrap(),
        "--today",
        "2026-11-20",
        "--deny-warnings",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The same file twice is refused.
    let run = isms(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn a_changed_policy_is_caught_and_acknowledging_it_again_clears_it() {
    let tree = temp_copy("valid/people");
    let dir = tree.path();
    let repo = git2::Repository::init(dir).unwrap();
    commit_all(&repo, "2026-10-07", "The ISMS, ISP-01 acknowledged by all");
    let isp = dir.join("documents/ISP-01.md");
    edit(
        &isp,
        "2. Keep the service available.",
        "2. Keep the service available.\n3. Report every lost laptop within an hour.",
    );
    edit(
        &isp,
        "note = \"first issue\"",
        "note = \"first issue\"\n\n[[approval]]\nby = \"alice\"\non = 2026-10-12",
    );
    commit_all(&repo, "2026-10-12", "ISP-01: lost laptops, approved");
    // Within the onboarding days of the new text: pending, no warning.
    let c = awareness_json(dir, "2026-10-20");
    let c = campaign(&c, "AWR-2026-02");
    assert_eq!(
        (
            c["complete"].as_u64(),
            c["pending"].as_u64(),
            c["outdated"].as_u64()
        ),
        (Some(0), Some(6), Some(0)),
        "{c:#}"
    );
    // After them: every acknowledgement is of the old text.
    let json = awareness_json(dir, "2026-11-20");
    let c = campaign(&json, "AWR-2026-02");
    assert_eq!(
        (c["complete"].as_u64(), c["outdated"].as_u64()),
        (Some(0), Some(6)),
        "{c:#}"
    );
    let run = isms(&["check", dir.to_str().unwrap(), "--today", "2026-11-20"]);
    assert!(
        run.stderr.contains(
            "6 staff acknowledged ISP-01 before its current text was approved on 2026-10-12"
        ),
        "{}",
        run.stderr
    );
    // Two acknowledge the new text.
    let export = dir.join("isp-01-again.csv");
    std::fs::write(
        &export,
        "staff id,signed on\nF001,2026-10-20\nF002,2026-10-21\n",
    )
    .unwrap();
    let run = isms(&[
        "awareness",
        "add",
        "AWR-2026-02",
        export.to_str().unwrap(),
        "--dir",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let c = awareness_json(dir, "2026-11-20");
    let c = campaign(&c, "AWR-2026-02");
    assert_eq!(
        (c["complete"].as_u64(), c["outdated"].as_u64()),
        (Some(2), Some(4)),
        "{c:#}"
    );
}

/// The codes and files of a check's diagnostics, as "CODE file".
fn coded(json: &Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}", d["code"].as_str().unwrap(), d["file"]))
        .collect()
}

/// A roster or completion export that is not UTF-8 (a spreadsheet saved as
/// Latin-1) or is gone is one diagnostic at the file or at what names it.
#[test]
fn rosters_and_exports_not_utf8_or_gone_are_diagnostics() {
    let roster = "people/staff.csv";
    let export = "awareness/files/lms-2026-03.csv";

    let tree = temp_copy("valid/people");
    let text = std::fs::read(tree.path().join(roster)).unwrap();
    let latin1 = [
        text.as_slice(),
        b"F099,Ren\xe9e Exemple,renee@fixture.example,Support,2026-01-05,\n",
    ]
    .concat();
    std::fs::write(tree.path().join(roster), latin1).unwrap();
    let (code, json) = crate::support::check_json(tree.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(coded(&json), [format!("E005 \"{roster}\"")], "{json:#}");

    let tree = temp_copy("valid/people");
    let text = std::fs::read(tree.path().join(export)).unwrap();
    let latin1 = [
        text.as_slice(),
        b"ren\xe9e@fixture.example,Security basics 2026,2026-03-04 10:00:00,90\n",
    ]
    .concat();
    replace_export(tree.path(), "awareness/AWR-2026-01.md", export, &latin1);
    let (code, json) = crate::support::check_json(tree.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(coded(&json), [format!("E005 \"{export}\"")], "{json:#}");

    let tree = temp_copy("valid/people");
    std::fs::remove_file(tree.path().join(export)).unwrap();
    let (code, json) = crate::support::check_json(tree.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(
        coded(&json),
        ["E090 \"awareness/AWR-2026-01.md\""],
        "{json:#}"
    );
    // Nor does `isms status` list it as below target: its count is unknown.
    let run = isms(&[
        "status",
        tree.path().to_str().unwrap(),
        "--today",
        "2026-11-20",
    ]);
    assert!(!run.stdout.contains("AWR-2026-01"), "{}", run.stdout);
}

/// The roster and a completion export vanish and come back while the
/// checker reads them (an HR sync that saves by delete and write): every
/// run ends with a verdict, and the only errors are that one is missing.
#[test]
fn a_roster_or_export_that_vanishes_while_checking_is_a_diagnostic() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let tree = temp_copy("valid/people");
    let paths =
        ["people/staff.csv", "awareness/files/lms-2026-03.csv"].map(|rel| tree.path().join(rel));
    let texts = paths.clone().map(|p| std::fs::read(p).unwrap());
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let flip = {
        let (stop, paths) = (stop.clone(), paths.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                for (path, text) in paths.iter().zip(&texts) {
                    std::fs::remove_file(path).ok();
                    std::fs::write(path, text).ok();
                }
            }
        })
    };
    for _ in 0..20 {
        let (code, json) = crate::support::check_json(tree.path(), &[]);
        assert!(matches!(code, 0 | 1), "{json:#}");
        for d in coded(&json) {
            // Gone (E006, E090), or caught half-written (a short file: its
            // hash differs, E091, or a row is cut, E137/E139).
            let known = ["E006 ", "E090 ", "E091 ", "E137 ", "E139 ", "W054 "];
            assert!(known.iter().any(|k| d.starts_with(k)), "{d}: {json:#}");
        }
    }
    stop.store(true, Ordering::Relaxed);
    flip.join().unwrap();
}

/// The pack's awareness chapter draws each campaign's completion as a bar
/// (complete green, overdue red, the target a mark across it) and a bar per
/// department beside its counts: rastered, its page holds long runs of
/// both colours, which text and the colour key never make.
#[test]
fn the_packs_awareness_chapter_draws_completion_bars() {
    let tree = temp_copy("valid/people");
    // One more in Support, on staff since before the first campaign's due
    // date and in no export: overdue.
    let roster = tree.path().join("people/staff.csv");
    let text = std::fs::read_to_string(&roster).unwrap();
    let extra = "F099,Zed Example,zed@fixture.example,Support,2025-01-06,\n";
    std::fs::write(&roster, text + extra).unwrap();
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("pack.pdf");
    let run = isms(&[
        "pdf",
        "pack",
        tree.path().to_str().unwrap(),
        "--today",
        "2026-11-20",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = crate::support::pdf_pages(&pdf);
    let at = pages
        .iter()
        .position(|p| p.contains("AWR-2026-01 Security basics") && p.contains("Completion"))
        .expect("the awareness chapter");
    assert!(
        pages[at].contains("6 of 7 (85%, target 100%)"),
        "{}",
        pages[at]
    );
    let rasters = crate::support::pdf_rasters(&pdf);
    let page = &rasters[at];
    let (w, h) = (usize::from(page.width()), usize::from(page.height()));
    // The longest horizontal run of a colour, and how many rows hold a run
    // of at least `min` pixels of it.
    let runs = |(r, g, b): (u8, u8, u8), min: usize| {
        let (mut longest, mut rows) = (0, 0);
        for y in 0..h {
            let (mut run, mut best) = (0, 0);
            for p in &page.data()[y * w..(y + 1) * w] {
                let hit =
                    p.a > 200 && p.r.abs_diff(r) < 8 && p.g.abs_diff(g) < 8 && p.b.abs_diff(b) < 8;
                run = if hit { run + 1 } else { 0 };
                best = best.max(run);
            }
            longest = longest.max(best);
            rows += usize::from(best >= min);
        }
        (longest, rows)
    };
    let (green, red) = ((0x2e, 0x7d, 0x32), (0xc6, 0x28, 0x28));
    // The campaign's bar spans the text width (6/7 of it green), each
    // department's the table's last column.
    let (longest, rows) = runs(green, 200);
    assert!(longest > 500, "the campaign's bar, green: {longest} px");
    assert!(rows > 5 * 8, "5 bars, each some rows high: {rows}");
    // Support's 1 of 3 overdue is a third of its bar; the campaign's 1 of 7
    // a seventh of the wide one.
    let (longest, rows) = runs(red, 40);
    assert!(longest > 60, "overdue, red: {longest} px");
    assert!(rows > 2 * 8, "2 bars with an overdue part: {rows}");
}
