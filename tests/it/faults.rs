//! The day something is off: a full or unwritable output folder, a build or
//! a record edit killed halfway, trees that are huge or odd, repositories
//! in every shape git makes. Each ends in a clear message and exit 2 (or a
//! diagnostic and exit 1), never a panic, and nothing is lost.
//!
//! Links leading out of the tree are refused where each is read: records
//! (fixture E007), evidence files (evidence.rs), templates (pdf.rs, html.rs)
//! and logos (html.rs).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{
    FIXTURE_TODAY, Run, Scenario, bin, check_json, copy_tree, edit, files, fixture, isms, temp_copy,
};

/// Never a panic: Rust's panic exit (101) or its message.
fn no_panic(run: &Run) {
    assert_ne!(run.code, 101, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `build TREE -o OUT --today ...`, the arguments.
fn build_args<'a>(tree: &'a Path, out: &'a Path) -> [&'a str; 6] {
    ["build", s(tree), "-o", s(out), "--today", FIXTURE_TODAY]
}

/// `isms build TREE -o OUT --today ...`.
fn build(tree: &Path, out: &Path) -> Run {
    let mut args = build_args(tree, out).to_vec();
    args.push("--quiet");
    isms(&args)
}

/// Run `isms args` with writes limited to `kib` KiB per file (the shell's
/// `ulimit -f`, SIGXFSZ ignored): every larger write fails as on a full disk.
/// `/bin/sh` by its path: every Unix has one, whatever PATH says.
pub fn isms_with_file_limit(kib: u32, args: &[&str]) -> Run {
    let out = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" \"$@\""))
        .arg(bin())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run /bin/sh");
    Run::from(out)
}

/// The names directly in `dir`.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Start `isms args`, kill it (SIGKILL) after `after`, and wait for it.
fn kill_after(args: &[&str], after: Duration) {
    let mut child = Command::new(bin())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    child.kill().ok();
    child.wait().unwrap();
}

#[test]
fn an_output_folder_that_cannot_be_made_is_a_clear_error() {
    let tree = temp_copy("valid/minimal");
    let parent = tempfile::tempdir().unwrap();
    let file = parent.path().join("report.txt");
    std::fs::write(&file, "not a folder").unwrap();
    let run = build(tree.path(), &file.join("out"));
    no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(run.stderr.contains("report.txt"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");

    // A folder without write permission (not a test root can run).
    let locked = parent.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    set_mode(&locked, 0o555);
    if std::fs::write(locked.join("probe"), "").is_err() {
        let run = build(tree.path(), &locked.join("out"));
        no_panic(&run);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("ermission denied"), "{}", run.stderr);
    }
    set_mode(&locked, 0o755);
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A copy of the minimal tree built into `PARENT/out`, then edited so the
/// next build differs: (tree, parent, out, the files of that first build).
fn built_then_edited() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    PathBuf,
    BTreeMap<String, Vec<u8>>,
) {
    let tree = temp_copy("valid/minimal");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("out");
    assert_eq!(build(tree.path(), &out).code, 0);
    let first = files(&out);
    edit(
        &tree.path().join("risks/R-001.md"),
        "Phishing leads to account takeover",
        "Phishing leads to a takeover",
    );
    (tree, parent, out, first)
}

#[test]
fn a_full_disk_leaves_the_previous_build_whole() {
    let (tree, parent, out, before) = built_then_edited();
    let args = build_args(tree.path(), &out);
    let run = isms_with_file_limit(24, &args);
    no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("File too large"), "{}", run.stderr);
    assert!(files(&out) == before, "the previous build is untouched");
    assert_eq!(
        names(parent.path()),
        ["out"],
        "no half-built folder is left"
    );
}

#[test]
fn a_build_killed_halfway_leaves_a_whole_build() {
    let (tree, _parent, out, old) = built_then_edited();
    // What the interrupted build would have written, built elsewhere.
    let elsewhere = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    assert_eq!(build(tree.path(), elsewhere.path()).code, 0);
    let took = started.elapsed().as_millis() as u64;
    let new = files(elsewhere.path());
    assert!(old != new);
    let args = build_args(tree.path(), &out);
    // Kills spread over the whole build: loading, the site, each PDF.
    for ms in (1..=12).map(|tenth| took * tenth / 10) {
        kill_after(&args, Duration::from_millis(ms));
        // Each of out/html and out/pdf is one whole build, old or new.
        let now = files(&out);
        for part in ["html/", "pdf/"] {
            let pick = |m: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
                m.iter()
                    .filter(|(k, _)| k.starts_with(part))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            };
            let got = pick(&now);
            assert!(
                got == pick(&old) || got == pick(&new),
                "after a kill at {ms} ms, {part} is neither the old build nor the new"
            );
        }
    }
    // The next build completes and clears what the killed ones left.
    assert_eq!(build(tree.path(), &out).code, 0);
    assert!(files(&out) == new);
    let left: Vec<String> = names(&out)
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "stages of killed builds remain: {left:?}");
}

/// A copy of the minimal tree whose R-001 is padded past 16 KiB, so a
/// write limit of 8 KiB makes its rewrite fail.
fn tree_with_a_long_risk() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let tree = temp_copy("valid/minimal");
    let path = tree.path().join("risks/R-001.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&"The treatment is tracked in the plan.\n".repeat(500));
    std::fs::write(&path, &text).unwrap();
    (tree, path, text.into_bytes())
}

/// `isms review done R-001` in the tree `dir`, on the fixtures' day.
fn review_done(dir: &str) -> [&str; 9] {
    let day = FIXTURE_TODAY;
    [
        "review", "done", "R-001", "--dir", dir, "--on", day, "--today", day,
    ]
}

#[test]
fn a_record_edit_that_cannot_be_written_leaves_the_record_as_it_was() {
    let (tree, path, before) = tree_with_a_long_risk();
    let dir = s(tree.path()).to_string();
    let review = review_done(&dir);
    let run = isms_with_file_limit(8, &review);
    no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("File too large"), "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(names(&tree.path().join("risks")), ["R-001.md", "R-002.md"]);

    // An import rewriting the same record fails the same way.
    let sheet = tree.path().join("risks.csv");
    let export = isms(&["export", "risks", &dir, "-o", s(&sheet)]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    let csv = std::fs::read_to_string(&sheet).unwrap();
    std::fs::write(&sheet, csv.replacen("Phishing leads", "Phishing led", 1)).unwrap();
    let run = isms_with_file_limit(8, &["import", "risks", s(&sheet), "--dir", &dir]);
    no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(names(&tree.path().join("risks")), ["R-001.md", "R-002.md"]);
}

#[test]
fn a_record_edit_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let (tree, path, before) = tree_with_a_long_risk();
    let args = review_done(s(tree.path()));
    // The file as the command writes it, made in a copy.
    let (other, other_path, _) = tree_with_a_long_risk();
    let done = isms(&review_done(s(other.path())));
    assert_eq!(done.code, 0, "{}", done.stderr);
    let after = std::fs::read(&other_path).unwrap();
    assert_ne!(after, before);
    for step in 0..40u64 {
        std::fs::write(&path, &before).unwrap();
        kill_after(&args, Duration::from_micros(step * 500));
        let now = std::fs::read(&path).unwrap();
        assert!(
            now == before || now == after,
            "killed after {} us, R-001.md is neither the old file nor the new",
            step * 500
        );
    }
}

#[test]
fn a_tree_of_ten_thousand_records_checks() {
    let tree = temp_copy("valid/minimal");
    let risks = tree.path().join("risks");
    let template = std::fs::read_to_string(risks.join("R-002.md")).unwrap();
    for i in 0..10_000 {
        let id = format!("R-{:05}", 10_000 + i);
        std::fs::write(
            risks.join(format!("{id}.md")),
            template.replace("R-002", &id),
        )
        .unwrap();
    }
    let (code, json) = check_json(tree.path(), &[]);
    assert_eq!(json["errors"], 0, "{json}");
    assert_eq!(code, 0);
    let status = isms(&[
        "status",
        s(tree.path()),
        "--today",
        FIXTURE_TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(status.code, 0, "{}", status.stderr);
}

#[test]
fn a_file_that_vanishes_or_is_replaced_while_checking_is_never_a_panic() {
    // A checker racing an editor that saves by rename: whatever it sees,
    // it reports and ends.
    let tree = temp_copy("valid/minimal");
    let risk = tree.path().join("risks/R-002.md");
    let text = std::fs::read(&risk).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flip = {
        let (stop, risk) = (stop.clone(), risk.clone());
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                std::fs::remove_file(&risk).ok();
                std::fs::write(&risk, &text).ok();
            }
        })
    };
    for _ in 0..20 {
        let run = isms(&["check", s(tree.path()), "--today", FIXTURE_TODAY]);
        no_panic(&run);
        assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    flip.join().unwrap();
}

/// The minimal tree committed in a fresh repository: the scenario and the
/// commits, oldest first.
fn history(commits: usize) -> (Scenario, Vec<git2::Oid>) {
    let sc = Scenario::new();
    copy_tree(&fixture("valid/minimal"), &sc.isms());
    let mut ids = vec![sc.commit("Bob Example", "2026-09-01", "Initial ISMS")];
    let mut said = "Accepted by the CEO.".to_string();
    for i in 1..commits {
        let now = format!("Accepted by the CEO (review {i}).");
        edit(&sc.file("risks/R-002.md"), &said, &now);
        said = now;
        let day = format!("2026-10-{i:02}");
        ids.push(sc.commit("Alice Example", &day, &format!("Review {i}")));
    }
    (sc, ids)
}

/// check, build, status and review prep all end well in `tree`.
fn works(tree: &Path) {
    let (code, json) = check_json(tree, &[]);
    assert_eq!(
        (code, &json["errors"]),
        (0, &serde_json::json!(0)),
        "{json}"
    );
    let out = tempfile::tempdir().unwrap();
    let run = build(tree, out.path());
    no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for args in [
        vec!["status", s(tree), "--today", FIXTURE_TODAY],
        vec!["review", "prep", s(tree), "--today", FIXTURE_TODAY],
    ] {
        let run = isms(&args);
        no_panic(&run);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_repository_with_no_commits() {
    let tree = temp_copy("valid/minimal");
    git2::Repository::init(tree.path()).unwrap();
    works(tree.path());
    let run = isms(&["diff", "HEAD", s(tree.path())]);
    no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(run.stderr.contains("HEAD"), "{}", run.stderr);
}

#[test]
fn a_detached_head() {
    let (sc, ids) = history(3);
    sc.repo.set_head_detached(ids[1]).unwrap();
    works(&sc.isms());
    let run = isms(&["diff", &ids[0].to_string(), s(&sc.isms())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_shallow_clone() {
    // What `git clone --depth 2` leaves: the oldest commit kept is marked
    // shallow, and what came before it is not in the repository at all.
    let (sc, ids) = history(3);
    std::fs::write(sc.root().join(".git/shallow"), format!("{}\n", ids[1])).unwrap();
    let hex = ids[0].to_string();
    std::fs::remove_file(
        sc.root()
            .join(".git/objects")
            .join(&hex[..2])
            .join(&hex[2..]),
    )
    .unwrap();
    works(&sc.isms());
    let run = isms(&["diff", &ids[1].to_string(), s(&sc.isms())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = isms(&["diff", &hex, s(&sc.isms())]);
    no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(&hex[..7]), "{}", run.stderr);
}

#[test]
fn a_linked_worktree() {
    let (sc, ids) = history(2);
    let place = tempfile::tempdir().unwrap();
    let wt_path = place.path().join("audit-prep");
    sc.repo.worktree("audit-prep", &wt_path, None).unwrap();
    let tree = wt_path.join("isms");
    works(&tree);
    let run = isms(&["diff", &ids[0].to_string(), s(&tree)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let from = ids[0].to_string();
    assert!(run.stdout.contains(&from[..7]), "{}", run.stdout);
}

#[test]
fn names_that_are_not_utf8_in_a_commit_are_reported() {
    use std::os::unix::ffi::OsStrExt;
    let (sc, _) = history(1);
    let odd = std::ffi::OsStr::from_bytes(b"R-0\xe93.md");
    std::fs::write(sc.file("risks").join(odd), "").unwrap();
    sc.commit("Bob Example", "2026-10-05", "A file from another machine");
    for extra in [&[][..], &["--at", "HEAD"][..]] {
        let (code, json) = check_json(&sc.isms(), extra);
        assert_eq!(code, 1, "{json}");
        assert_eq!(json["diagnostics"][0]["code"], "E008", "{extra:?}: {json}");
    }
}

#[test]
fn a_file_where_a_record_folder_should_be_is_a_diagnostic() {
    let tree = temp_copy("valid/minimal");
    std::fs::remove_dir_all(tree.path().join("incidents")).unwrap();
    std::fs::write(tree.path().join("incidents"), "not a folder").unwrap();
    edit(
        &tree.path().join("risks/R-002.md"),
        "owner = \"alice\"",
        "owner = \"nobody\"",
    );
    let (code, json) = check_json(tree.path(), &[]);
    assert_eq!(code, 1, "{json}");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // The folder is reported, and so is every other mistake.
    assert!(codes.contains(&"E007") && codes.contains(&"E020"), "{json}");
}
