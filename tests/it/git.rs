//! Git as document control: history, stamps, `--at` and `isms diff`, over
//! real repositories built with git2 in temporary folders (commits by
//! different authors at fixed times, a lightweight tag, an uncommitted edit).
//! The story's repository and helpers (in `support`) are shared with the
//! PDF and HTML tests.

use git2::{IndexAddOption, Oid, Repository, Signature, Time};
use isms::git::{Repo, Revision};

use crate::support::{Run, Scenario, at, copy_tree, edit, fixture, isms, isms_in, short, story};

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
    assert_eq!(head.date.unwrap().to_string(), "2026-04-15");
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
    let opts = isms::pipeline::Options::new(dir.path());
    let (tree, _) = isms::pipeline::load(&opts).unwrap();
    let (stamp, history) = isms::pipeline::provenance(&opts, &tree).unwrap();
    assert_eq!(stamp.label, "not under version control");
    assert_eq!(stamp.commit, None);
    assert!(!stamp.dirty);
    assert!(stamp.date.is_some());
    assert!(history.docs.is_empty());

    let Run { code, stderr, .. } = isms(&["check", dir.path().to_str().unwrap(), "--at", "HEAD"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--at needs a git repository"), "{stderr}");
}

#[test]
fn view_model_carries_document_control() {
    let st = story();
    let opts = isms::pipeline::Options {
        at: Some("audit-2026".into()),
        ..isms::pipeline::Options::new(st.s.isms())
    };
    let corpus = isms::pipeline::corpus(&opts).unwrap();
    let md = |s: &str| isms::render::view::Md::Html(s.to_string());
    let pack = isms::render::view::build(&corpus, &md).unwrap();
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
    let Run { code, stderr, .. } = isms(&["check", dir, "--today", "2026-11-20"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("nobody"), "{stderr}");

    for rev in ["audit-2026", "HEAD", "master~1"] {
        let Run { code, stderr, .. } = isms(&["check", dir, "--today", "2026-11-20", "--at", rev]);
        assert_eq!(code, 0, "--at {rev}: {stderr}");
    }
    // Even with the record deleted from the working tree.
    std::fs::remove_file(st.s.file("risks/R-003.md")).unwrap();
    let Run { code, stderr, .. } =
        isms(&["check", dir, "--today", "2026-11-20", "--at", "audit-2026"]);
    assert_eq!(code, 0, "{stderr}");

    let Run { code, stderr, .. } = isms(&["check", dir, "--at", "audit-2025"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown revision `audit-2025`"), "{stderr}");
}

#[test]
fn diff_speaks_in_risk_committee_terms() {
    let st = story();
    let dir = st.s.isms();
    let dir = dir.to_str().unwrap();
    let a = short(st.audit);
    let Run {
        code,
        stdout: out,
        stderr: err,
    } = isms(&["diff", "audit-2026", "--dir", dir]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        format!(
            "\
Changes from audit-2026 ({a}) to the working tree

Risks
  R-001 owner Bob Example -> nobody
  R-002 closed: Cloud region outage

Incidents
  INC-2026-002 new: Lost laptop (P3, resolved)

Audit findings
  IA-2026-01-F2 new observation in IA-2026-01: Access reviews are informal

Actions
  ACT-001 done 2026-04-10: Enforce phishing-resistant MFA (R-001)
  ACT-010 opened: Write down the access review (Bob Example, due 2026-12-01; IA-2026-01)
"
        )
    );

    let init = st.initial.to_string();
    let (i, q) = (short(st.initial), short(st.quarter));
    let Run {
        code, stdout: out, ..
    } = isms(&["diff", &init, "HEAD", "--dir", dir]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!(
            "\
Changes from {i} to HEAD ({q})

Risks
  R-001 residual 6 Medium -> 3 Low
  R-002 closed: Cloud region outage
  R-003 added: Laptop theft (inherent 12 High, residual 4 Low, mitigate, owner Carol Example)

Statement of Applicability
  A.8.13 Information backup: status implemented -> partial

Incidents
  INC-2026-002 new: Lost laptop (P3, resolved)

Audit findings
  IA-2026-01-F2 new observation in IA-2026-01: Access reviews are informal

Actions
  ACT-001 done 2026-04-10: Enforce phishing-resistant MFA (R-001)
  ACT-010 opened: Write down the access review (Bob Example, due 2026-12-01; IA-2026-01)
  ACT-020 opened: Encrypt every laptop (Carol Example, due 2026-12-31; R-003)
"
        )
    );

    let Run {
        code, stdout: out, ..
    } = isms(&["diff", "HEAD~1", "HEAD~1", "--dir", dir]);
    assert_eq!(code, 0);
    assert!(
        out.ends_with(
            "\nNo changes to risks, the SoA, incidents, findings, actions or other records.\n"
        ),
        "{out}"
    );
}

/// `isms diff` takes the tree as every command does, `[DIR]` (after the
/// revisions), or finds it; `--dir` still works.
#[test]
fn diff_takes_the_tree_positionally_or_finds_it() {
    let st = story();
    let dir = st.s.isms();
    let tree = dir.to_str().unwrap();
    let Run {
        code,
        stdout: want,
        stderr,
    } = isms(&["diff", "audit-2026", "--dir", tree]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(want.starts_with("Changes from audit-2026 ("), "{want}");
    let risks = dir.join("risks");
    for (cwd, args) in [
        (crate::support::root(), vec!["diff", "audit-2026", tree]),
        // The newcomer's command, from the repository's top: `isms` is the tree.
        (
            st.s.root().to_path_buf(),
            vec!["diff", "audit-2026", "isms"],
        ),
        (dir.clone(), vec!["diff", "audit-2026"]),
        (risks.clone(), vec!["diff", "audit-2026"]),
        (risks.clone(), vec!["diff", "audit-2026", ".."]),
    ] {
        let run = isms_in(&cwd, &args);
        assert_eq!(
            (run.code, run.stderr.as_str(), run.stdout.as_str()),
            (0, "", want.as_str()),
            "{args:?} in {}",
            cwd.display()
        );
    }
    // Two revisions and the tree.
    let Run { code, stdout, .. } = isms(&["diff", "HEAD~1", "HEAD~1", tree]);
    assert_eq!(code, 0);
    assert!(stdout.contains("No changes to risks"), "{stdout}");
    let Run { code, stdout, .. } = isms_in(st.s.root(), &["diff", "HEAD~1", "HEAD", "isms"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("Changes from HEAD~1 ("), "{stdout}");
    // The tree named twice is a usage error.
    let Run { code, .. } = isms(&["diff", "HEAD~1", "HEAD", tree, "--dir", tree]);
    assert_eq!(code, 2);
}

#[test]
fn diff_outside_git_names_the_folder_it_looked_at() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), dir.path());
    if Repo::discover(dir.path()).unwrap().is_some() {
        return; // the temporary folder is inside a repository on this machine
    }
    let full = dir.path().canonicalize().unwrap();
    let Run { code, stderr, .. } = isms_in(dir.path(), &["diff", "audit-2026"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!(
            "isms diff needs a git repository, and the folder . ({}) is not inside one",
            full.display()
        )),
        "{stderr}"
    );
    let Run { code, stderr, .. } =
        isms_in(&dir.path().join("risks"), &["diff", "audit-2026", ".."]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!("the folder .. ({}) is not", full.display())),
        "{stderr}"
    );
}

/// Human output of `isms diff` goes to stdout, and its help says so; only
/// `isms check` prints its human report on stderr.
#[test]
fn diff_help_says_where_its_output_goes() {
    let Run { code, stdout, .. } = isms(&["diff", "--help"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("stderr"), "{stdout}");
    assert!(stdout.contains("stdout"), "{stdout}");
    assert!(stdout.contains("[REV2] [DIR]"), "{stdout}");
    let Run { stdout, .. } = isms(&["check", "--help"]);
    assert!(stdout.contains("on stderr"), "{stdout}");
}

#[test]
fn diff_reports_removals_reopenings_exclusions_and_cancellations() {
    let st = story();
    let s = &st.s;
    std::fs::remove_file(s.file("risks/R-001.md")).unwrap();
    edit(
        &s.file("risks/R-002.md"),
        "status = \"closed\"",
        "status = \"open\"",
    );
    edit(
        &s.file("risks/R-003.md"),
        "likelihood = 3",
        "likelihood = 4",
    );
    edit(&s.file("risks/R-003.md"), "\"mitigate\"", "\"transfer\"");
    edit(
        &s.file("risks/R-003.md"),
        "status = \"open\"\n+++",
        "status = \"cancelled\"\n+++",
    );
    let soa = s.file("soa.toml");
    edit(
        &soa,
        "id = \"A.7.4\"\napplicable = true",
        "id = \"A.7.4\"\napplicable = false",
    );
    edit(&soa, "status = \"partial\"", "status = \"implemented\"");
    let dir = s.isms();
    let dir = dir.to_str().unwrap();
    let q = short(st.quarter);
    let Run {
        code, stdout: out, ..
    } = isms(&["diff", "HEAD", "--dir", dir]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!(
            "\
Changes from HEAD ({q}) to the working tree

Risks
  R-001 removed: Phishing leads to account takeover
  R-002 reopened: Cloud region outage
  R-003 inherent 12 High -> 16 High
  R-003 treatment mitigate -> transfer

Statement of Applicability
  A.7.4 Physical security monitoring: applicable -> excluded
  A.8.13 Information backup: status partial -> implemented

Actions
  ACT-020 cancelled: Encrypt every laptop (R-003)
"
        )
    );

    // The other way round, between two commits.
    let fifth = s.commit("Alice Example", "2026-05-01", "Rework the register");
    let (f, q) = (short(fifth), short(st.quarter));
    let Run {
        code, stdout: out, ..
    } = isms(&["diff", "HEAD", "HEAD~1", "--dir", dir]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!(
            "\
Changes from HEAD ({f}) to HEAD~1 ({q})

Risks
  R-001 added: Phishing leads to account takeover (inherent 16 High, residual 3 Low, mitigate, owner Bob Example)
  R-002 closed: Cloud region outage
  R-003 inherent 16 High -> 12 High
  R-003 treatment transfer -> mitigate

Statement of Applicability
  A.7.4 Physical security monitoring: excluded -> applicable (implemented)
  A.8.13 Information backup: status implemented -> partial

Actions
  ACT-001 done 2026-04-10: Enforce phishing-resistant MFA (R-001)
  ACT-020 opened: Encrypt every laptop (Carol Example, due 2026-12-31; R-003)
"
        )
    );
}

#[test]
fn diff_as_json() {
    let st = story();
    let dir = st.s.isms();
    let Run {
        code, stdout: out, ..
    } = isms(&[
        "diff",
        "audit-2026",
        "--dir",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["from"]["rev"], "audit-2026");
    assert_eq!(v["from"]["commit"], st.audit.to_string());
    assert_eq!(v["to"]["commit"], serde_json::Value::Null);
    assert_eq!(v["risks"][0]["id"], "R-001");
    assert_eq!(v["risks"][0]["owner"]["from"]["id"], "bob");
    assert_eq!(v["risks"][0]["owner"]["to"]["id"], "nobody");
    assert_eq!(v["risks"][1]["event"], "closed");
    assert_eq!(v["incidents"][0]["id"], "INC-2026-002");
    assert_eq!(v["findings"][0]["id"], "IA-2026-01-F2");
    assert_eq!(v["actions"][0]["event"], "done");
    assert_eq!(v["actions"][1]["event"], "opened");
    assert_eq!(v["soa"], serde_json::json!([]));

    let init = st.initial.to_string();
    let Run { stdout: out, .. } = isms(&[
        "diff",
        &init,
        "--dir",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let r1 = &v["risks"][0];
    assert_eq!(
        r1["residual"]["from"],
        serde_json::json!({"score": 6, "level": "Medium"})
    );
    assert_eq!(
        r1["residual"]["to"],
        serde_json::json!({"score": 3, "level": "Low"})
    );
    assert_eq!(v["soa"][0]["status"]["to"], "partial");

    let Run {
        code, stderr: err, ..
    } = isms(&["diff", "no-such-tag", "--dir", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown revision `no-such-tag`"), "{err}");
}

#[test]
fn release_refuses_drafts_and_since_records_changes() {
    let st = story();
    let s = &st.s;
    edit(
        &s.file("risks/R-001.md"),
        "owner = \"nobody\"",
        "owner = \"bob\"",
    );
    edit(
        &s.file("risks/R-001.md"),
        "most common way in.",
        "most common way in, still.",
    );
    let opts = |at: Option<&str>, release: bool, since: Option<&str>| isms::pipeline::Options {
        dir: s.isms(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
        at: at.map(str::to_string),
        release,
        since: since.map(str::to_string),
        ..isms::pipeline::Options::default()
    };
    let err = isms::pipeline::corpus(&opts(None, true, None)).expect_err("a dirty tree is refused");
    assert_eq!(
        err.to_string(),
        "--release refuses a tree with uncommitted changes to: risks/R-001.md; commit them, or build a draft without --release"
    );
    let corpus = isms::pipeline::corpus(&opts(Some("audit-2026"), true, None)).unwrap();
    assert!(!corpus.stamp.dirty);
    assert!(corpus.since.is_none());

    let corpus = isms::pipeline::corpus(&opts(None, false, Some("audit-2026"))).unwrap();
    assert!(corpus.stamp.dirty);
    let md = |s: &str| isms::render::view::Md::Html(s.to_string());
    let pack = isms::render::view::build(&corpus, &md).unwrap();
    let changes = pack.changes.expect("changes since the tag");
    assert_eq!(changes.from.rev.as_deref(), Some("audit-2026"));
    assert_eq!(changes.to.label, "the working tree");
    let ids: Vec<&str> = changes.risks.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["R-002"]);
    let r1 = pack.risks.iter().find(|r| r.id == "R-001").unwrap();
    assert!(r1.doc_control.modified);
    assert_eq!(r1.doc_control.revisions.len(), 3);
}

#[test]
fn merged_branches_are_attributed_to_their_own_commits() {
    let s = Scenario::new();
    copy_tree(&fixture("valid/minimal"), &s.isms());
    let base = s.commit("Alice Example", "2026-01-05", "Initial ISMS");
    // A branch changes R-002 ...
    edit(
        &s.file("risks/R-002.md"),
        "Accepted by the CEO.",
        "Accepted by the CEO in writing.",
    );
    let side = s.commit(
        "Carol Example",
        "2026-01-10",
        "Record the written acceptance",
    );
    // ... while the main line, reset to the base, changes R-001; then merge.
    let repo = &s.repo;
    let base_commit = repo.find_commit(base).unwrap();
    repo.reset(base_commit.as_object(), git2::ResetType::Hard, None)
        .unwrap();
    edit(
        &s.file("risks/R-001.md"),
        "most common way in.",
        "most common way in!",
    );
    let main = s.commit("Bob Example", "2026-01-12", "Stress phishing");
    edit(
        &s.file("risks/R-002.md"),
        "Accepted by the CEO.",
        "Accepted by the CEO in writing.",
    );
    let mut index = repo.index().unwrap();
    index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::new(
        "Alice Example",
        "alice@example.com",
        &Time::new(at("2026-01-15"), 0),
    )
    .unwrap();
    let (m, sd) = (
        repo.find_commit(main).unwrap(),
        repo.find_commit(side).unwrap(),
    );
    let merge = repo
        .commit(
            Some("HEAD"),
            &sig,
            &sig,
            "Merge the acceptance",
            &tree,
            &[&m, &sd],
        )
        .unwrap();

    let h = Repo::discover(&s.isms())
        .unwrap()
        .unwrap()
        .history(None)
        .unwrap();
    let ids = |p: &str| -> Vec<String> {
        h.get(p)
            .unwrap()
            .revisions
            .iter()
            .map(|r| r.short.clone())
            .collect()
    };
    assert_eq!(ids("risks/R-002.md"), [short(side), short(base)]);
    assert_eq!(ids("risks/R-001.md"), [short(main), short(base)]);
    assert!(
        h.docs
            .values()
            .all(|d| d.revisions.iter().all(|r| r.commit != merge.to_string()))
    );
}

#[test]
fn tree_at_the_top_of_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    copy_tree(&fixture("valid/minimal"), dir.path());
    std::fs::write(dir.path().join("NOTES.md"), "not a record\n").unwrap();
    let mut index = repo.index().unwrap();
    index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::new(
        "Alice Example",
        "alice@example.com",
        &Time::new(at("2026-06-01"), 0),
    )
    .unwrap();
    let first = repo
        .commit(Some("HEAD"), &sig, &sig, "Start", &tree, &[])
        .unwrap();

    let r = Repo::discover(dir.path()).unwrap().unwrap();
    assert_eq!(r.prefix(), "");
    let h = r.history(None).unwrap();
    assert!(h.get("NOTES.md").is_none());
    assert_eq!(h.get("soa.toml").unwrap().created.commit, first.to_string());
    assert_eq!(h.docs.len(), 7, "{:?}", h.docs.keys());
    std::fs::write(dir.path().join("NOTES.md"), "still not a record\n").unwrap();
    edit(
        &dir.path().join("soa.toml"),
        "version = \"1.0\"",
        "version = \"1.1\"",
    );
    let stamp = r.stamp(None).unwrap();
    assert_eq!(stamp.modified, vec!["soa.toml".to_string()]);
    assert_eq!(stamp.date.unwrap().to_string(), "2026-06-01");
}

/// `--at REV` renders with the tree's own templates as they were at REV, not
/// the working tree's (regression: the renderers read templates from disk).
#[test]
fn build_at_a_tag_uses_the_commits_own_templates() {
    let s = Scenario::new();
    copy_tree(&fixture("valid/minimal"), &s.isms());
    std::fs::create_dir_all(s.file("templates/html")).unwrap();
    let template = s.file("templates/html/actions.html.tera");
    std::fs::write(&template, "<p>TEMPLATE AT TAG</p>\n").unwrap();
    let id = s.commit("Ann Author", "2026-10-01", "Add the ISMS");
    s.tag("audit-2026", id);
    std::fs::write(&template, "<p>TEMPLATE NOW</p>\n").unwrap();

    let dir = s.isms();
    let dir = dir.to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let page = || std::fs::read_to_string(out.path().join("html/actions.html")).unwrap();
    let Run { code, stderr, .. } = isms(&[
        "build",
        dir,
        "-o",
        o,
        "--only",
        "html",
        "--at",
        "audit-2026",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(page().contains("TEMPLATE AT TAG"), "{}", page());
    let Run { code, stderr, .. } = isms(&["build", dir, "-o", o, "--only", "html"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(page().contains("TEMPLATE NOW"), "{}", page());
}

#[test]
fn diff_names_records_of_every_other_kind_added_changed_or_unreadable() {
    let st = crate::support::clean_story();
    let s = &st.s;
    let doc = fixture("valid/documents/documents/ISP-01.md");
    std::fs::create_dir_all(s.file("documents")).unwrap();
    std::fs::copy(&doc, s.file("documents/ISP-01.md")).unwrap();
    s.commit("Alice Example", "2026-05-01", "The security policy");
    edit(
        &s.file("documents/ISP-01.md"),
        "note = \"first issue\"",
        "note = \"reissued\"",
    );
    s.commit("Alice Example", "2026-05-02", "Policy note");
    let dir = s.isms();
    let dir = dir.to_str().unwrap();
    let added = isms(&["diff", "HEAD~2", "HEAD~1", "--dir", dir]);
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(
        added
            .stdout
            .contains("\nDocuments\n  ISP-01 added: Information security policy\n"),
        "{}",
        added.stdout
    );
    let changed = isms(&["diff", "HEAD~1", "HEAD", "--dir", dir]);
    assert!(
        changed
            .stdout
            .contains("\nDocuments\n  ISP-01 approval changed: Information security policy\n"),
        "{}",
        changed.stdout
    );
    // A record that no longer loads is not "removed".
    std::fs::write(s.file("documents/ISP-01.md"), "+++\nid = \n+++\n").unwrap();
    let broken = isms(&["diff", "HEAD", "--dir", dir]);
    assert!(
        broken
            .stdout
            .contains("ISP-01 does not load in the working tree"),
        "{}",
        broken.stdout
    );
}

/// Issue 24: a risk that no longer loads in the newer tree (`likelihood =
/// "two"`) is said not to load, not "removed".
#[test]
fn diff_says_a_risk_that_does_not_load_is_not_removed() {
    let st = crate::support::clean_story();
    let s = &st.s;
    crate::support::set_key(&s.file("risks/R-001.md"), "likelihood", "\"two\"");
    let dir = s.isms();
    let run = isms(&["diff", "HEAD", "--dir", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("R-001 does not load in the working tree"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("R-001 removed"), "{}", run.stdout);
}
