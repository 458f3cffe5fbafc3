//! Git as document control: history, stamps, `--at` and `isms diff`, over
//! real repositories built with git2 in temporary folders (commits by
//! different authors at fixed times, a lightweight tag, an uncommitted edit).

use std::path::{Path, PathBuf};

use git2::{Commit, IndexAddOption, Oid, Repository, Signature, Time};
use isms::git::{Repo, Revision};

use crate::support::{copy_tree, fixture, isms};

/// Seconds since the epoch of 10:00 UTC on a day.
fn at(day: &str) -> i64 {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp()
}

/// Replace the one occurrence of `find` in a file.
fn edit(path: &Path, find: &str, replace: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(find).count(),
        1,
        "{find} in {}",
        path.display()
    );
    std::fs::write(path, text.replacen(find, replace, 1)).unwrap();
}

/// A repository with the ISMS in its `isms/` folder.
struct Scenario {
    dir: tempfile::TempDir,
    repo: Repository,
}

impl Scenario {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        Scenario { dir, repo }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn isms(&self) -> PathBuf {
        self.dir.path().join("isms")
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.isms().join(rel)
    }

    /// Commit every change in the work tree as `who` on `day`.
    fn commit(&self, who: &str, day: &str, message: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let email = format!(
            "{}@example.com",
            who.split(' ').next().unwrap().to_lowercase()
        );
        let sig = Signature::new(who, &email, &Time::new(at(day), 0)).unwrap();
        let parent: Option<Commit<'_>> = self.repo.head().ok().map(|h| h.peel_to_commit().unwrap());
        let parents: Vec<&Commit<'_>> = parent.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    fn tag(&self, name: &str, id: Oid) {
        let obj = self.repo.find_object(id, None).unwrap();
        self.repo.tag_lightweight(name, &obj, false).unwrap();
    }
}

/// Commit ids of the standard story.
struct Story {
    s: Scenario,
    initial: Oid,
    residual: Oid,
    audit: Oid,
    quarter: Oid,
}

const R003: &str = r#"+++
id = "R-003"
title = "Laptop theft"
owner = "carol"
assets = ["Laptops"]
threat = "Theft"
vulnerability = "Unencrypted disks"
likelihood = 3
impact = 4
treatment = "mitigate"
controls = ["A.8.13"]
residual_likelihood = 2
residual_impact = 2
status = "open"
identified = 2026-02-20

[[action]]
id = "ACT-020"
summary = "Encrypt every laptop"
owner = "carol"
due = 2026-12-31
status = "open"
+++
Laptops travel.
"#;

const INC002: &str = r#"+++
id = "INC-2026-002"
title = "Lost laptop"
severity = "P3"
status = "resolved"
owner = "carol"
detected = 2026-04-01T08:00:00Z
resolved = 2026-04-01T12:00:00Z
risks = ["R-003"]
controls = ["A.8.13"]
+++
Reported the same day.
"#;

const FINDING: &str = r#"
[[finding]]
id = "IA-2026-01-F2"
kind = "observation"
refs = ["A.5.15"]
summary = "Access reviews are informal"

[[finding.action]]
id = "ACT-010"
summary = "Write down the access review"
owner = "bob"
due = 2026-12-01
status = "open"
+++"#;

/// Four commits by three people; `audit-2026` tags the third; then an
/// uncommitted edit that gives R-001 an owner nobody knows (a check error).
fn story() -> Story {
    let s = Scenario::new();
    copy_tree(&fixture("valid/minimal"), &s.isms());
    std::fs::write(s.root().join("README.md"), "Our ISMS.\n").unwrap();
    let initial = s.commit("Alice Example", "2026-01-05", "Initial ISMS");

    edit(
        &s.file("risks/R-001.md"),
        "residual_likelihood = 2",
        "residual_likelihood = 1",
    );
    let residual = s.commit(
        "Bob Example",
        "2026-02-10",
        "Lower R-001 residual after MFA rollout\n\nMFA is enforced for everyone.",
    );

    std::fs::write(s.file("risks/R-003.md"), R003).unwrap();
    edit(
        &s.file("soa.toml"),
        "id = \"A.8.13\"\napplicable = true\nreasons = [\"risk\"]\nstatus = \"implemented\"",
        "id = \"A.8.13\"\napplicable = true\nreasons = [\"risk\"]\nstatus = \"partial\"",
    );
    let audit = s.commit(
        "Carol Example",
        "2026-03-01",
        "Add R-003; backups only partial",
    );
    s.tag("audit-2026", audit);

    edit(
        &s.file("risks/R-002.md"),
        "status = \"open\"",
        "status = \"closed\"",
    );
    edit(
        &s.file("risks/R-001.md"),
        "status = \"open\"\n+++",
        "status = \"done\"\ndone = 2026-04-10\n+++",
    );
    std::fs::write(s.file("incidents/INC-2026-002.md"), INC002).unwrap();
    let audit_file = s.file("audits/IA-2026-01.md");
    let text = std::fs::read_to_string(&audit_file).unwrap();
    let text = text.replacen("\n+++\n# Report", &format!("\n{FINDING}\n# Report"), 1);
    std::fs::write(&audit_file, text).unwrap();
    std::fs::write(s.root().join("README.md"), "Our ISMS, reviewed.\n").unwrap();
    let quarter = s.commit("Bob Example", "2026-04-15", "Quarter review");

    edit(
        &s.file("risks/R-001.md"),
        "owner = \"bob\"\nassets",
        "owner = \"nobody\"\nassets",
    );
    Story {
        s,
        initial,
        residual,
        audit,
        quarter,
    }
}

fn short(id: Oid) -> String {
    id.to_string()[..7].to_string()
}

fn rev(id: Oid, day: &str, author: &str, subject: &str) -> Revision {
    Revision {
        commit: id.to_string(),
        short: short(id),
        date: day.to_string(),
        author: author.to_string(),
        subject: subject.to_string(),
    }
}

#[test]
fn history_dates_every_record_from_one_walk() {
    let st = story();
    let repo = Repo::discover(&st.s.isms()).unwrap().unwrap();
    assert_eq!(repo.prefix(), "isms");
    let h = repo.history(None).unwrap();

    let initial = rev(st.initial, "2026-01-05", "Alice Example", "Initial ISMS");
    let residual = rev(
        st.residual,
        "2026-02-10",
        "Bob Example",
        "Lower R-001 residual after MFA rollout",
    );
    let audit = rev(
        st.audit,
        "2026-03-01",
        "Carol Example",
        "Add R-003; backups only partial",
    );
    let quarter = rev(st.quarter, "2026-04-15", "Bob Example", "Quarter review");

    let r1 = h.get("risks/R-001.md").unwrap();
    assert_eq!(r1.created, initial);
    assert_eq!(r1.last_changed, quarter);
    assert_eq!(
        r1.revisions,
        vec![quarter.clone(), residual.clone(), initial.clone()]
    );

    let r3 = h.get("risks/R-003.md").unwrap();
    assert_eq!(r3.revisions, vec![audit.clone()]);
    assert_eq!(r3.created, audit);

    let soa = h.get("soa.toml").unwrap();
    assert_eq!(soa.revisions, vec![audit.clone(), initial.clone()]);
    assert_eq!(h.get("isms.toml").unwrap().revisions, vec![initial.clone()]);
    assert_eq!(
        h.get("incidents/INC-2026-002.md").unwrap().revisions,
        vec![quarter.clone()]
    );
    // Files outside the ISMS folder have no document control.
    assert!(
        h.docs.keys().all(|k| !k.contains("README")),
        "{:?}",
        h.docs.keys()
    );

    // At the tag, history stops there: R-002 was not yet closed.
    let h = repo.history(Some("audit-2026")).unwrap();
    assert_eq!(
        h.get("risks/R-002.md").unwrap().revisions,
        vec![initial.clone()]
    );
    assert_eq!(h.get("risks/R-001.md").unwrap().last_changed, residual);
    assert!(h.get("incidents/INC-2026-002.md").is_none());
}

#[test]
fn stamp_names_the_commit_and_marks_drafts() {
    let st = story();
    let repo = Repo::discover(&st.s.isms()).unwrap().unwrap();

    let head = repo.stamp(None).unwrap();
    let q = short(st.quarter);
    assert_eq!(head.commit, Some(st.quarter.to_string()));
    assert_eq!(head.date, "2026-04-15");
    assert_eq!(
        head.describe.as_deref(),
        Some(format!("audit-2026-1-g{q}").as_str())
    );
    assert!(head.dirty);
    assert_eq!(head.modified, vec!["risks/R-001.md".to_string()]);
    assert_eq!(
        head.label,
        format!("audit-2026-1-g{q} ({q}, 2026-04-15) DRAFT: uncommitted changes")
    );

    let tagged = repo.stamp(Some("audit-2026")).unwrap();
    let a = short(st.audit);
    assert_eq!(tagged.label, format!("audit-2026 ({a}, 2026-03-01)"));
    assert!(!tagged.dirty && tagged.modified.is_empty());

    let untagged = repo.stamp(Some(&st.residual.to_string())).unwrap();
    let r = short(st.residual);
    assert_eq!(untagged.describe.as_deref(), Some(r.as_str()));
    assert_eq!(untagged.label, format!("commit {r} (2026-02-10)"));

    // A file outside the ISMS folder does not make it a draft; a new record does.
    edit(
        &st.s.file("risks/R-001.md"),
        "owner = \"nobody\"",
        "owner = \"bob\"",
    );
    std::fs::write(st.s.root().join("notes.txt"), "scratch\n").unwrap();
    assert!(!repo.stamp(None).unwrap().dirty);
    std::fs::write(st.s.file("risks/R-004.md"), "+++\n").unwrap();
    assert_eq!(
        repo.stamp(None).unwrap().modified,
        vec!["risks/R-004.md".to_string()]
    );
}

#[test]
fn stamp_outside_git_says_so() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), dir.path());
    if Repo::discover(dir.path()).unwrap().is_some() {
        return; // the temporary folder is inside a repository on this machine
    }
    let args = isms::cli::TreeArgs {
        dir: dir.path().to_path_buf(),
        today: None,
        at: None,
    };
    let (tree, _) = isms::cmd::load_tree(&args).unwrap();
    let (stamp, history) = isms::cmd::provenance(&args, &tree).unwrap();
    assert_eq!(stamp.label, "not under version control");
    assert_eq!(stamp.commit, None);
    assert!(!stamp.dirty);
    assert!(!stamp.date.is_empty());
    assert!(history.docs.is_empty());

    let (code, _, stderr) = isms(&["check", dir.path().to_str().unwrap(), "--at", "HEAD"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--at needs a git repository"), "{stderr}");
}

#[test]
fn view_model_carries_document_control() {
    let st = story();
    let args = isms::cli::TreeArgs {
        dir: st.s.isms(),
        today: None,
        at: Some("audit-2026".into()),
    };
    let (tree, _) = isms::cmd::load_tree(&args).unwrap();
    let (stamp, history) = isms::cmd::provenance(&args, &tree).unwrap();
    let md = |s: &str| isms::render::view::Md::Html(s.to_string());
    let mut pack = isms::render::view::build(&tree, chrono::NaiveDate::MIN, stamp, &md).unwrap();
    pack.attach_history(&history);
    let r1 = pack.risks.iter().find(|r| r.id == "R-001").unwrap();
    assert_eq!(r1.doc_control.path, "risks/R-001.md");
    assert_eq!(r1.doc_control.revisions.len(), 2);
    assert_eq!(
        r1.doc_control.last_changed.as_ref().unwrap().author,
        "Bob Example"
    );
    assert!(!r1.doc_control.modified);
    assert_eq!(pack.soa.doc_control.revisions.len(), 2);
    assert_eq!(
        pack.audits[0].doc_control.created.as_ref().unwrap().subject,
        "Initial ISMS"
    );
    assert!(pack.history.contains_key("reviews/MR-2026-Q1.md"));
    assert!(pack.stamp.label.starts_with("audit-2026 ("));
}

#[test]
fn check_at_a_tag_reads_the_commit_not_the_working_tree() {
    let st = story();
    let dir = st.s.isms();
    let dir = dir.to_str().unwrap();
    let (code, _, stderr) = isms(&["check", dir, "--today", "2026-11-20"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("nobody"), "{stderr}");

    for rev in ["audit-2026", "HEAD", "master~1"] {
        let (code, _, stderr) = isms(&["check", dir, "--today", "2026-11-20", "--at", rev]);
        assert_eq!(code, 0, "--at {rev}: {stderr}");
    }
    // Even with the record deleted from the working tree.
    std::fs::remove_file(st.s.file("risks/R-003.md")).unwrap();
    let (code, _, stderr) = isms(&["check", dir, "--today", "2026-11-20", "--at", "audit-2026"]);
    assert_eq!(code, 0, "{stderr}");

    let (code, _, stderr) = isms(&["check", dir, "--at", "audit-2025"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown revision `audit-2025`"), "{stderr}");
}
