//! `isms check`: valid trees pass, each invalid fixture fails with exactly
//! its code at its line, and no odd input makes the tool panic.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::support::{
    Run, check_json, commit_all, copy_tree, fixture, isms, isms_in, set_key, temp_copy,
};

/// What an invalid fixture expects (tests/fixtures/invalid/*/expect.toml).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// The one diagnostic code the fixture must produce.
    code: String,
    /// The file it points at ("" for tree-wide findings).
    #[serde(default)]
    file: String,
    /// The line it points at (0 for tree-wide findings).
    #[serde(default)]
    line: usize,
    /// Text the message must contain.
    #[serde(default)]
    message: String,
    /// Other codes the defect necessarily implies (e.g. a completed audit
    /// without a date no longer counts as a recent audit: W004).
    #[serde(default)]
    also: Vec<String>,
    /// The valid tree the edits apply to [default: "valid/minimal"];
    /// evidence rules start from "valid/evidence", which keeps a register.
    #[serde(default)]
    base: Option<String>,
    /// Edits applied to the base tree (tests/fixtures/valid/minimal).
    #[serde(default)]
    edit: Vec<Edit>,
    /// Files of the base tree to delete.
    #[serde(default)]
    delete: Vec<String>,
    /// Symbolic links made in the tree, to files of the fixture's folder
    /// (outside the materialised tree).
    #[serde(default)]
    link: Vec<Link>,
    /// Empty files made in the tree under names that are not UTF-8.
    #[serde(default)]
    odd_name: Vec<OddName>,
    /// Files grown by appending text, for size limits no fixture should
    /// carry in git.
    #[serde(default)]
    pad: Vec<Pad>,
    /// For rules judged against git history: the tree is committed, then
    /// changed and committed again.
    #[serde(default)]
    git: Option<GitHistory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Link {
    /// Where the link is made, relative to the tree.
    at: String,
    /// What it points to, relative to the fixture's folder.
    to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OddName {
    dir: String,
    /// The file name's bytes.
    name: Vec<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pad {
    file: String,
    /// How many bytes to append.
    bytes: usize,
}

/// A fixture's history: the materialised tree is committed on `first`,
/// then each of `later` applies its edits and is committed on its day.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GitHistory {
    first: String,
    #[serde(default)]
    later: Vec<LaterCommit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LaterCommit {
    day: String,
    message: String,
    edit: Vec<Edit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    find: String,
    replace: String,
}

/// Build a tree from the base fixture plus an invalid fixture's edits and files.
fn materialise(case: &Path, expect: &Expect) -> tempfile::TempDir {
    let dir = temp_copy(expect.base.as_deref().unwrap_or("valid/minimal"));
    apply(case, dir.path(), &expect.edit);
    for d in &expect.delete {
        std::fs::remove_file(dir.path().join(d)).unwrap();
    }
    let files = case.join("files");
    if files.is_dir() {
        copy_tree(&files, dir.path());
    }
    for l in &expect.link {
        std::os::unix::fs::symlink(case.join(&l.to), dir.path().join(&l.at)).unwrap();
    }
    for o in &expect.odd_name {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(&o.name);
        std::fs::write(dir.path().join(&o.dir).join(name), "").unwrap();
    }
    for p in &expect.pad {
        let path = dir.path().join(&p.file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        let line = "A line of a log pasted into the record.\n";
        text.push_str(&line.repeat(p.bytes.div_ceil(line.len())));
        std::fs::write(&path, text).unwrap();
    }
    if let Some(git) = &expect.git {
        let repo = git2::Repository::init(dir.path()).unwrap();
        commit_all(&repo, &git.first, "Initial ISMS");
        for later in &git.later {
            apply(case, dir.path(), &later.edit);
            commit_all(&repo, &later.day, &later.message);
        }
    }
    dir
}

fn apply(case: &Path, dir: &Path, edits: &[Edit]) {
    for e in edits {
        let path = dir.join(&e.file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.matches(&e.find).count(),
            1,
            "{}: `{}` must occur once in {}",
            case.display(),
            e.find,
            e.file
        );
        std::fs::write(&path, text.replacen(&e.find, &e.replace, 1)).unwrap();
    }
}

#[test]
fn valid_fixtures_check_clean() {
    for entry in std::fs::read_dir(fixture("valid")).unwrap() {
        let dir = entry.unwrap().path();
        let (code, json) = check_json(&dir, &["--deny-warnings"]);
        assert_eq!(
            json["diagnostics"],
            Value::Array(vec![]),
            "{}",
            dir.display()
        );
        assert_eq!(code, 0, "{}", dir.display());
    }
}

#[test]
fn the_sample_isms_checks_clean() {
    let (code, json) = check_json(&crate::support::root().join("isms"), &[]);
    assert_eq!(json["errors"], 0, "{json:#}");
    assert_eq!(code, 0);
}

#[test]
fn each_invalid_fixture_fails_with_exactly_its_code() {
    let mut cases: Vec<_> = std::fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 35,
        "expected a fixture per code, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in cases {
        let expect: Expect =
            toml::from_str(&std::fs::read_to_string(case.join("expect.toml")).unwrap()).unwrap();
        let tree = materialise(&case, &expect);
        let (code, json) = check_json(tree.path(), &[]);
        let all = json["diagnostics"].as_array().unwrap();
        let diags: Vec<&Value> = all
            .iter()
            .filter(|d| !expect.also.iter().any(|a| d["code"] == a.as_str()))
            .collect();
        let also_seen = expect
            .also
            .iter()
            .all(|a| all.iter().any(|d| d["code"] == a.as_str()));
        let got: Vec<String> = diags
            .iter()
            .map(|d| {
                format!(
                    "{} {}:{} {}",
                    d["code"].as_str().unwrap(),
                    d["file"].as_str().unwrap_or(""),
                    d["line"].as_u64().unwrap_or(0),
                    d["message"].as_str().unwrap()
                )
            })
            .collect();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let ok = diags.len() == 1
            && also_seen
            && diags[0]["code"] == expect.code.as_str()
            && diags[0]["file"].as_str().unwrap_or("") == expect.file
            && diags[0]["line"].as_u64().unwrap_or(0) as usize == expect.line
            && diags[0]["message"]
                .as_str()
                .unwrap()
                .contains(&expect.message)
            && diags[0]["help"].as_str().is_some_and(|h| !h.is_empty());
        let want_exit = if expect.code.starts_with('E') { 1 } else { 0 };
        if !ok || code != want_exit {
            failures.push(format!(
                "{name}: expected {} {}:{} (exit {want_exit}), got exit {code}: {got:#?}",
                expect.code, expect.file, expect.line
            ));
        }
        if expect.code.starts_with('W') {
            let (code, _) = check_json(tree.path(), &["--deny-warnings"]);
            if code != 1 {
                failures.push(format!("{name}: --deny-warnings should fail on a warning"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The full human output of each invalid fixture, pinned as a snapshot
/// (tests/it/snapshots/check__rustc_text@CASE.snap): header, location,
/// source line, caret and label, help line and summary line.
#[test]
fn each_invalid_fixture_reads_like_rustc() {
    insta::glob!("../fixtures/invalid", "*/expect.toml", |path| {
        let case = path.parent().unwrap();
        let name = case.file_name().unwrap().to_str().unwrap();
        let expect: Expect = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let tree = materialise(case, &expect);
        let dir = tree.path().to_str().unwrap();
        let run = isms(&["check", dir, "--today", "2026-11-20"]);
        assert_eq!(run.stdout, "", "{name}");
        let want_exit = if expect.code.starts_with('E') { 1 } else { 0 };
        assert_eq!(run.code, want_exit, "{name}: {}", run.stderr);
        insta::with_settings!({
            snapshot_suffix => name,
            description => "isms check [TREE] --today 2026-11-20 (NO_COLOR=1): stderr",
            omit_expression => true,
        }, {
            insta::assert_snapshot!("rustc_text", run.stderr.replace(dir, "[TREE]"));
        });
    });
}

#[test]
fn every_code_has_an_invalid_fixture() {
    let mut covered = std::collections::HashSet::new();
    for entry in std::fs::read_dir(fixture("invalid")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path().join("expect.toml")).unwrap();
        let expect: Expect = toml::from_str(&text).unwrap();
        covered.insert(expect.code);
    }
    let codes = isms_codes();
    let missing: Vec<_> = codes.iter().filter(|c| !covered.contains(*c)).collect();
    assert!(
        missing.is_empty(),
        "codes without an invalid fixture: {missing:?}"
    );
}

fn isms_codes() -> Vec<String> {
    let Run { stdout: out, .. } = isms(&["explain", "--list"]);
    out.lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// `isms explain CODE` is what `rustc --explain` is: the code's line, then
/// what the rule protects, a wrong example and the fix, on stdout.
#[test]
fn explain_says_what_a_rule_protects_with_a_wrong_example_and_the_fix() {
    let Run {
        code,
        stdout,
        stderr,
    } = isms(&["explain", "e021"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some(
            "E021 (error, references): a control id that Annex A of ISO/IEC 27001:2022 does not have"
        )
    );
    assert_eq!(lines.next(), Some(""));
    assert!(lines.next().unwrap().starts_with("What it protects: "));
    for part in [
        "6.1.3",
        "## Wrong\n",
        "controls = [\"A.9.2.1\", \"A.5.71\"]",
        "## Fixed\n",
        "controls = [\"A.5.16\", \"A.5.17\"]",
    ] {
        assert!(stdout.contains(part), "{part}: {stdout}");
    }
    // Every code has its own explanation.
    for c in isms_codes() {
        let Run { code, stdout, .. } = isms(&["explain", &c]);
        assert_eq!(code, 0, "{c}");
        assert!(stdout.starts_with(&format!("{c} (")), "{c}: {stdout}");
        assert!(stdout.contains("## Fixed"), "{c}: {stdout}");
    }
    let Run { code, stderr, .. } = isms(&["explain", "E999"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("isms explain --list"), "{stderr}");
}

#[test]
fn explain_list_is_one_line_per_code() {
    let Run { code, stdout, .. } = isms(&["explain", "--list"]);
    assert_eq!(code, 0);
    let codes = isms_codes();
    assert_eq!(stdout.lines().count(), codes.len());
    assert!(codes.len() >= 41, "{codes:?}");
    assert!(
        stdout
            .lines()
            .all(|l| l.len() > 6 && l.as_bytes()[4..6] == *b"  "),
        "{stdout}"
    );
    assert!(!stdout.contains("## Wrong"));
}

/// A 2013-style Annex A id is told which 2022 control(s) it became, from
/// the correspondence of ISO/IEC 27002:2022 Annex B (data/map-2013-2022.tsv).
#[test]
fn a_2013_control_id_names_the_2022_controls_it_became() {
    let dir = temp_copy("valid/minimal");
    let path = dir.path().join("risks/R-001.md");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "controls = [\"A.5.17\", \"A.8.5\"]",
        "controls = [\"A.9.2.1\", \"A.18.2.3\", \"A.9.9.9\"]",
    );
    std::fs::write(&path, text).unwrap();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let helps: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "E021")
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(
        helps,
        [
            "`A.9.2.1` is the ISO 27001:2013 id of \"User registration and de-registration\", \
             which became `A.5.16` (Identity management) in 2022; Annex A 2022 ids run A.5.1 to \
             A.8.34",
            "`A.18.2.3` is the ISO 27001:2013 id of \"Technical compliance review\", which became \
             `A.5.36` (Compliance with policies, rules and standards for information security) \
             and `A.8.8` (Management of technical vulnerabilities) in 2022; Annex A 2022 ids run \
             A.5.1 to A.8.34",
            "`A.9.9.9` looks like an ISO 27001:2013 id, but Annex A 2013 had no such control; \
             Annex A 2022 ids run A.5.1 to A.5.37, A.6.1 to A.6.8, A.7.1 to A.7.14, A.8.1 to \
             A.8.34",
        ]
    );
}

/// The JSON report says which tree its relative `file` paths are in: the
/// folder as given, or as found from the current one.
#[test]
fn json_output_names_the_tree_its_paths_are_relative_to() {
    let dir = temp_copy("valid/minimal");
    let path = dir.path().join("risks/R-001.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("owner = \"bob\"", "owner = \"nobody\"");
    std::fs::write(&path, text).unwrap();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(json["root"], dir.path().to_str().unwrap());
    assert_eq!(json["diagnostics"][0]["file"], "risks/R-001.md");
    for key in ["errors", "warnings", "diagnostics"] {
        assert!(json.get(key).is_some(), "{key}: {json}");
    }
    for (cwd, args, root) in [
        (dir.path().to_path_buf(), vec!["check"], "."),
        (dir.path().join("risks"), vec!["check"], ".."),
        (dir.path().join("risks"), vec!["check", ".."], ".."),
    ] {
        let mut args = args;
        args.extend(["--format", "json", "--today", "2026-11-20"]);
        let run = isms_in(&cwd, &args);
        let json: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(json["root"], root, "{args:?} in {}", cwd.display());
        assert_eq!(json["diagnostics"][0]["file"], "risks/R-001.md");
    }
}

#[test]
fn human_output_reads_like_rustc() {
    let dir = temp_copy("valid/minimal");
    let path = dir.path().join("risks/R-001.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("assets = [", "asets = [");
    std::fs::write(&path, text).unwrap();
    let Run {
        code,
        stdout,
        stderr,
    } = isms_in(dir.path(), &["check", "--today", "2026-11-20"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "error[E004]: unknown field `asets`
 --> risks/R-001.md:5:1
  |
5 | asets = [\"Email\", \"SSO\"]
  | ^^^^^ not part of the format
  |
help: did you mean `assets`?

1 error, 0 warnings
"
    );
}

#[test]
fn crlf_and_bom_trees_check_clean() {
    let dir = temp_copy("valid/minimal");
    for rel in [
        "isms.toml",
        "soa.toml",
        "risks/R-001.md",
        "audits/IA-2026-01.md",
        "incidents/INC-2026-001.md",
    ] {
        let path = dir.path().join(rel);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace('\n', "\r\n");
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    }
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(json["diagnostics"], Value::Array(vec![]));
    assert_eq!(code, 0);
}

/// Records up to 1 MiB are read, checked and rendered (fixture E009 has
/// one past it, which is reported and not read).
#[test]
fn a_record_of_almost_a_mebibyte_checks_and_builds() {
    let dir = temp_copy("valid/minimal");
    let path = dir.path().join("risks/R-001.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(20) + "\n\n";
    while text.len() + para.len() < isms::load::MAX_RECORD_BYTES as usize {
        text.push_str(&para);
    }
    std::fs::write(&path, text).unwrap();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(json["errors"], 0);
    assert_eq!(code, 0);
    let out = tempfile::tempdir().unwrap();
    let run = isms(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--today",
        crate::support::FIXTURE_TODAY,
        "--quiet",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn errors_on_a_line_after_crlf_front_matter_point_at_the_right_line() {
    let dir = temp_copy("valid/minimal");
    let path = dir.path().join("risks/R-001.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("owner = \"bob\"", "owner = \"nobody\"")
        .replace('\n', "\r\n");
    std::fs::write(&path, text).unwrap();
    let (_, json) = check_json(dir.path(), &[]);
    let d = &json["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("E020"), Some(4), Some(9))
    );
}

#[test]
fn a_folder_that_is_not_an_isms_tree_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let Run { code, stderr, .. } = isms(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no isms.toml"), "{stderr}");
    let Run { code, .. } = isms(&["check", "/nonexistent/isms/tree"]);
    assert_eq!(code, 2);
}

#[test]
fn garbage_in_every_file_never_panics() {
    let inputs: [&[u8]; 8] = [
        b"",
        b"+++",
        b"+++\n+++\n",
        b"+++\n[[[\n+++\n",
        b"\xef\xbb\xbf+++\r\nid = 1\r\n+++\r\n",
        b"+++\nid = \"R-001\"\nlikelihood = 99999999999999999999\n+++\n",
        b"+++\naction = [1, 2]\nfinding = \"x\"\ntimeline = {}\n+++\n",
        b"\x00\x01\x02\xff",
    ];
    for (i, input) in inputs.iter().enumerate() {
        let dir = temp_copy("valid/minimal");
        for rel in [
            "isms.toml",
            "soa.toml",
            "risks/R-001.md",
            "audits/IA-2026-01.md",
            "reviews/MR-2026-Q1.md",
            "incidents/INC-2026-001.md",
        ] {
            std::fs::write(dir.path().join(rel), input).unwrap();
        }
        let Run {
            code,
            stdout,
            stderr,
        } = isms(&[
            "check",
            dir.path().to_str().unwrap(),
            "--format",
            "json",
            "--today",
            "2026-11-20",
        ]);
        assert_eq!(code, 1, "input {i}: {stdout}\n{stderr}");
        assert!(!stderr.contains("panicked"), "input {i}: {stderr}");
        let json: Value = serde_json::from_str(&stdout).unwrap();
        assert!(json["errors"].as_u64().unwrap() > 0);
    }
}

#[test]
fn schema_command_prints_each_kind() {
    for kind in ["isms", "soa", "risk", "audit", "review", "incident"] {
        let Run {
            code, stdout: out, ..
        } = isms(&["schema", kind]);
        assert_eq!(code, 0);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(
            out,
            std::fs::read_to_string(
                crate::support::root().join(format!("schemas/{kind}.schema.json"))
            )
            .unwrap()
        );
    }
    let Run { code, .. } = isms(&["schema", "nope"]);
    assert_eq!(code, 2);
}

/// Rendered documents judge "overdue" as of their own date (here, outside
/// git, the latest date in the records: 2026-09-01), not the wall clock, so
/// the same tree renders the same bytes on any day; `--today` overrides.
#[test]
fn renders_are_dated_by_the_records_not_the_clock() {
    let dir = temp_copy("valid/minimal");
    let path = dir.path().join("risks/R-001.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("due = 2026-12-31", "due = 2026-10-01");
    std::fs::write(&path, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let tree = dir.path().to_str().unwrap();
    let html = out.path().to_str().unwrap();
    let Run { code, stderr, .. } = isms(&["build", tree, "-o", html, "--only", "html"]);
    assert_eq!(code, 0, "{stderr}");
    let page = std::fs::read_to_string(out.path().join("html/actions.html")).unwrap();
    assert!(page.contains("0 overdue as of 2026-09-01"), "{page}");
    let Run { code, stderr, .. } = isms(&[
        "build",
        tree,
        "-o",
        html,
        "--only",
        "html",
        "--today",
        "2026-11-20",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let page = std::fs::read_to_string(out.path().join("html/actions.html")).unwrap();
    assert!(page.contains("1 overdue as of 2026-11-20"), "{page}");
}

/// Issue 24: a `reviewed` date after the day the tree is judged as of (a
/// sheet's "Next review" read as the last one) is an error at its line, as
/// is any other date of something that happened.
#[test]
fn a_past_event_dated_after_today_is_an_error_at_its_line() {
    let tree = temp_copy("valid/minimal");
    let r1 = tree.path().join("risks/R-001.md");
    let text = std::fs::read_to_string(&r1).unwrap();
    std::fs::write(
        &r1,
        text.replace("reviewed = 2026-09-01", "reviewed = 2027-03-01"),
    )
    .unwrap();
    let (code, json) = check_json(tree.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    let late: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "E081")
        .collect();
    assert_eq!(late.len(), 1, "{json:#}");
    assert_eq!(late[0]["file"], "risks/R-001.md");
    assert_eq!(late[0]["line"], 16);
    assert_eq!(
        late[0]["message"],
        "R-001 was reviewed on 2027-03-01, which is after today (2026-11-20)"
    );
    // Judged as of a later day, the same date is a past review.
    let dir = tree.path().to_str().unwrap();
    let run = isms(&["check", dir, "--today", "2027-03-01"]);
    assert!(!run.stderr.contains("E081"), "{}", run.stderr);
}

/// Issue 24: a risk scored with a word of the scale is told its number on
/// the scale of isms.toml; a word that is none of them, the scale.
#[test]
fn a_score_written_as_a_label_is_told_its_number() {
    let tree = temp_copy("valid/minimal");
    let r1 = tree.path().join("risks/R-001.md");
    set_key(&r1, "likelihood", "\"Likely\"");
    set_key(&r1, "impact", "\"Huge\"");
    let (code, json) = check_json(tree.path(), &[]);
    assert_eq!(code, 1);
    let helps: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "E002" && d["file"] == "risks/R-001.md")
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(
        helps,
        [
            "`Likely` is 4 on the likelihood scale of isms.toml: write `likelihood = 4`",
            "write `impact` as the number of its label on the impact scale of isms.toml: \
             1 Negligible, 2 Minor, 3 Moderate, 4 Major, 5 Severe",
        ],
        "{json:#}"
    );
}

/// Issue 24: an owner written as a person's name is offered the person's id.
#[test]
fn a_person_written_by_name_is_offered_the_id() {
    let tree = temp_copy("valid/minimal");
    set_key(
        &tree.path().join("risks/R-001.md"),
        "owner",
        "\"Bob Example\"",
    );
    let (_, json) = check_json(tree.path(), &[]);
    let help = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E020")
        .map(|d| d["help"].as_str().unwrap().to_string());
    assert_eq!(
        help.as_deref(),
        Some("`Bob Example` is the name of person `bob`: refer to people by id, `bob`"),
        "{json:#}"
    );
}

/// Issue 24: E033 on a new risk says the residual score is the inherent
/// one until the residual keys are set, and gives the acceptance to add.
#[test]
fn no_acceptance_says_where_the_residual_comes_from_and_the_fix() {
    let tree = temp_copy("valid/minimal");
    let dir = tree.path().to_str().unwrap();
    let run = isms(&["new", "risk", "--dir", dir, "--title", "Flood"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = tree.path().join("risks/R-003.md");
    for (key, value) in [
        ("owner", "\"bob\""),
        ("likelihood", "4"),
        ("impact", "4"),
        ("treatment", "\"accept\""),
    ] {
        set_key(&path, key, value);
    }
    let (_, json) = check_json(tree.path(), &[]);
    let help = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E033")
        .map(|d| d["help"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("{json:#}"));
    assert_eq!(
        help,
        "with no `residual_likelihood` or `residual_impact` the residual score is the inherent \
         one (4 x 4); set them to the scores after treatment (at most 8 is within the \
         appetite), or have the owner accept it: acceptance = { by = \"bob\", on = 2026-11-20, \
         expires = 2027-11-20 } (above any [[action]])"
    );
}

/// Issue 24: `isms build` judges the warnings it prints as of the date its
/// documents carry (the commit's), as the site does, and says which; a
/// record dated after that commit but not after today is no error.
#[test]
fn a_build_prints_the_warnings_of_its_documents_date() {
    let tree = temp_copy("valid/minimal");
    let repo = git2::Repository::init(tree.path()).unwrap();
    // Long after the risks' last reviews: they are overdue as of the commit.
    commit_all(&repo, "2030-01-01", "Initial ISMS");
    let out = tempfile::tempdir().unwrap();
    let dir = tree.path().to_str().unwrap();
    let run = isms(&["build", dir, "-o", out.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning[W001]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("note: judged as of 2030-01-01"),
        "{}",
        run.stderr
    );
    let site = std::fs::read_to_string(out.path().join("html/index.html")).unwrap();
    assert!(
        site.contains("overdue items judged as of 2030-01-01"),
        "{site}"
    );

    // A commit dated before a record's review (an older tag, another time
    // zone) builds: the review is not in the future today.
    let tree = temp_copy("valid/minimal");
    let repo = git2::Repository::init(tree.path()).unwrap();
    commit_all(&repo, "2026-08-01", "Initial ISMS");
    let dir = tree.path().to_str().unwrap();
    let run = isms(&["build", dir, "-o", out.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("E081"), "{}", run.stderr);
}
