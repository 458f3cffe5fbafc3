//! `isms review prep`: the management review drafted from the records and
//! a fixture git history (support::clean_story: MR-2026-Q1 held on
//! 2026-03-20; commits on 01-05, 02-10, 03-01 and 04-15).

use std::path::Path;

use crate::support::{Run, clean_story, isms, short, temp_copy};

const TODAY: &str = "2026-06-01";

fn prep(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["review", "prep", dir.to_str().unwrap(), "--today", TODAY];
    args.extend_from_slice(extra);
    isms(&args)
}

#[test]
fn the_draft_carries_the_period_since_the_last_review() {
    let st = clean_story();
    let run = prep(&st.s.isms(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The baseline is the tree as it stood on the review's day: the tag.
    let text = run.stdout.replace(&short(st.audit), "[audit]");
    insta::assert_snapshot!("prep_story_human", text);
    assert!(text.contains("Risk changes against the tree on 2026-03-20 ([audit])"));
    assert!(text.contains("R-002 closed"), "{text}");
    assert!(text.contains("P3: INC-2026-002"), "{text}");

    let json = prep(&st.s.isms(), &["--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["since"], "2026-03-20");
    assert_eq!(v["previous"], "MR-2026-Q1");
    let keys: Vec<&str> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "previous_actions",
            "external_internal_issues",
            "interested_party_needs",
            "performance",
            "interested_party_feedback",
            "risk_and_treatment",
            "improvement"
        ]
    );
}

#[test]
fn since_takes_a_revision_or_a_date() {
    let st = clean_story();
    let by_rev = prep(&st.s.isms(), &["--since", "audit-2026"]);
    assert_eq!(by_rev.code, 0, "{}", by_rev.stderr);
    assert!(
        by_rev
            .stdout
            .starts_with("Management review draft: 2026-03-01 to 2026-06-01")
    );
    let by_day = prep(&st.s.isms(), &["--since", "2026-02-15"]);
    assert_eq!(by_day.code, 0, "{}", by_day.stderr);
    // On 2026-02-15 the tree was the 02-10 commit: R-003 is new since.
    assert!(by_day.stdout.contains("R-003 added"), "{}", by_day.stdout);
    let bad = prep(&st.s.isms(), &["--since", "no-such-tag"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown revision `no-such-tag`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn write_creates_the_next_review_once_and_it_checks() {
    let st = clean_story();
    let run = prep(&st.s.isms(), &["--write"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = st.s.file("reviews/MR-2026-Q2.md");
    assert_eq!(run.stdout.trim_end(), path.to_str().unwrap());
    let text = std::fs::read_to_string(&path).unwrap();
    // From the review template, with its `#:schema` line, as `isms new
    // review` makes one.
    assert!(
        text.starts_with(
            "+++\n#:schema ../schemas/review.schema.json\nid = \"MR-2026-Q2\"\ndate = 2026-06-01\n"
        ),
        "{text}"
    );
    assert!(text.contains("status = \"planned\""));
    // The story's risks carry reviews dated after TODAY (E081); the draft
    // itself adds nothing to report.
    let check = isms(&["check", st.s.isms().to_str().unwrap(), "--today", TODAY]);
    assert!(!check.stderr.contains("MR-2026-Q2"), "{}", check.stderr);
    let errors: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.starts_with("error["))
        .collect();
    assert!(
        errors.iter().all(|l| l.starts_with("error[E081]")),
        "{}",
        check.stderr
    );

    // Again: the draft exists, so nothing is overwritten.
    std::fs::write(&path, "edited by a person\n").unwrap();
    let again = prep(&st.s.isms(), &["--write"]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("already exists; not overwriting it"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "edited by a person\n"
    );
}

#[test]
fn outside_git_the_records_dates_tell_what_is_new() {
    let dir = temp_copy("valid/minimal");
    let run = prep(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Not under git"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Risks identified since 2026-03-20:"),
        "{}",
        run.stdout
    );
}

#[test]
fn review_pdfs_one_sheet_per_owner_and_the_draft_pack() {
    let st = clean_story();
    let out = tempfile::tempdir().unwrap();
    let sheets = out.path().join("review");
    let run = isms(&[
        "review",
        "risks",
        st.s.isms().to_str().unwrap(),
        "--today",
        "2027-02-15",
        "--pdf",
        "-o",
        sheets.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&sheets)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in &names {
        let text = crate::support::pdf_text(&sheets.join(name));
        assert!(text.contains("Risk review:"), "{name}: {text}");
        assert!(text.contains("Reviewed on"), "{name}: {text}");
    }
    let draft = out.path().join("draft.pdf");
    let run = prep(&st.s.isms(), &["--pdf", draft.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = crate::support::pdf_text(&draft);
    for want in [
        "Management Review MR-2026-Q2: Draft Inputs",
        "Inherent risk",
        "a) Status of actions from previous management reviews",
        "g) Opportunities for continual improvement",
        "R-002 closed",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
}

#[test]
fn the_first_review_starts_at_the_first_commit_and_a_future_since_is_refused() {
    let st = clean_story();
    // No review held yet: the period is the whole history, from the
    // "Initial ISMS" commit of 2026-01-05, and isms says so.
    std::fs::remove_file(st.s.file("reviews/MR-2026-Q1.md")).unwrap();
    let run = prep(&st.s.isms(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("Management review draft: 2026-01-05 to 2026-06-01"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "no management review has been held yet; the period starts at the first commit"
        ),
        "{}",
        run.stderr
    );
    let future = prep(&st.s.isms(), &["--since", "2026-06-02"]);
    assert_eq!(future.code, 2);
    assert!(
        future
            .stderr
            .contains("--since 2026-06-02 is after today (2026-06-01)"),
        "{}",
        future.stderr
    );
}

#[test]
fn the_draft_names_the_obligations_and_suppliers_of_the_period() {
    let st = clean_story();
    let obligation = std::fs::read_to_string(
        crate::support::fixture("valid/obligations").join("obligations/OBL-001.md"),
    )
    .unwrap();
    std::fs::create_dir_all(st.s.file("obligations")).unwrap();
    std::fs::write(st.s.file("obligations/OBL-001.md"), obligation).unwrap();
    std::fs::create_dir_all(st.s.file("suppliers")).unwrap();
    std::fs::write(
        st.s.file("suppliers/SUP-001.md"),
        "+++\nid = \"SUP-001\"\ntitle = \"Mail host\"\nowner = \"bob\"\n\
         criticality = \"low\"\nstatus = \"active\"\n\n[[certification]]\n\
         name = \"ISO/IEC 27001\"\nvalid_until = 2026-05-15\n+++\n\nHosted email.\n",
    )
    .unwrap();
    let asset = std::fs::read_to_string(
        crate::support::fixture("valid/registers").join("assets/AST-001.md"),
    )
    .unwrap();
    std::fs::create_dir_all(st.s.file("assets")).unwrap();
    std::fs::write(st.s.file("assets/AST-001.md"), asset).unwrap();
    st.s.commit("bob", "2026-05-01", "Register UK GDPR and the mail host");
    let run = prep(&st.s.isms(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = &run.stdout.replace(&short(st.audit), "[audit]");
    insta::assert_snapshot!("prep_registers_human", text);
    let section = |letter: &str| section(text, letter);
    let b = section("b");
    assert!(
        b.contains(
            "Supplier register changes since 2026-03-20:\n- SUP-001 Mail host: onboarded, active"
        ),
        "{b}"
    );
    assert!(
        b.contains("- SUP-001 Mail host: ISO/IEC 27001 lapsed on 2026-05-15"),
        "{b}"
    );
    let c = section("c");
    assert!(c.contains("To discuss: Have the needs"), "{c}");
    assert!(
        c.contains(
            "Legal and contractual obligations changes since 2026-03-20:\n\
             - OBL-001 UK GDPR and the Data Protection Act 2018: added, applicable"
        ),
        "{c}"
    );
    assert!(section("f").contains("Asset inventory changes since 2026-03-20:\n- AST-001"));
}

/// Issue 24: in a repository whose history starts after the last review,
/// the period's changes are judged from the oldest commit (said so), not
/// "not under git", so a risk added since shows.
#[test]
fn a_history_younger_than_the_period_starts_at_the_oldest_commit() {
    let s = crate::support::Scenario::new();
    crate::support::copy_tree(&crate::support::fixture("valid/minimal"), &s.isms());
    s.commit("Bob Example", "2026-11-01", "Initial ISMS");
    let r1 = std::fs::read_to_string(s.file("risks/R-001.md")).unwrap();
    std::fs::write(
        s.file("risks/R-009.md"),
        r1.replace("id = \"R-001\"", "id = \"R-009\""),
    )
    .unwrap();
    s.commit("Bob Example", "2026-11-10", "R-009");
    let dir = s.isms();
    let run = isms(&[
        "review",
        "prep",
        dir.to_str().unwrap(),
        "--today",
        "2026-11-20",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: the git history starts after 2026-03-20"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("Not under git"), "{}", run.stdout);
    assert!(run.stdout.contains("R-009"), "{}", run.stdout);
}

#[test]
fn the_draft_names_the_context_issues_parties_and_requirements_of_the_period() {
    let st = clean_story();
    let fixture = crate::support::fixture("valid/obligations");
    let context = std::fs::read_to_string(fixture.join("context.toml")).unwrap();
    std::fs::write(st.s.file("context.toml"), &context).unwrap();
    st.s.commit("bob", "2026-05-01", "The context of the organisation");
    // In the period: CTX-01's effect restated, CTX-02 gone, a party added,
    // one requirement addressed otherwise, one requirement new; and an
    // obligation added.
    let changed = context
        .replace(
            "The ISMS must be certified and audited every year.",
            "Two customers now ask for SOC 2 as well.",
        )
        .replace(
            "[[issue]]\nid = \"CTX-02\"\nkind = \"internal\"\ntitle = \"A team of three\"\n\
             effect = \"Duties cannot always be segregated.\"\n\n",
            "",
        )
        .replace(
            "addressed_by = [\"OBL-002\", \"A.5.24\", \"ISP-01\"]",
            "addressed_by = [\"OBL-002\", \"A.5.24\"]",
        )
        + "\n[[party.requirement]]\ntext = \"A named data protection contact\"\n\
           addressed_by = [\"OBL-001\"]\n\n[[party]]\nid = \"IP-03\"\nname = \"Investors\"\n";
    assert_ne!(changed, context);
    std::fs::write(st.s.file("context.toml"), changed).unwrap();
    std::fs::create_dir_all(st.s.file("obligations")).unwrap();
    std::fs::copy(
        fixture.join("obligations/OBL-001.md"),
        st.s.file("obligations/OBL-001.md"),
    )
    .unwrap();
    st.s.commit("bob", "2026-05-10", "Context restated; UK GDPR registered");

    let run = prep(&st.s.isms(), &["--since", "HEAD~1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = &run.stdout;
    let section = |letter: &str| section(text, letter);
    let b = section("b");
    assert!(
        b.contains(
            "Context issues changes since 2026-05-01:\n\
             - CTX-01 Customers ask for certification: changed: effect\n\
             - CTX-02 A team of three: removed from the register\n"
        ),
        "{b}"
    );
    let c = section("c");
    for must in [
        "Interested parties changes since 2026-05-01:\n- IP-03 Investors: added\n",
        "Interested parties' requirements changes since 2026-05-01:\n\
         - IP-01 Notice of a security incident within 48 hours: changed: addressed_by\n\
         - IP-02 A named data protection contact: added\n",
        "- OBL-001 UK GDPR and the Data Protection Act 2018: added, applicable",
    ] {
        assert!(c.contains(must), "c) lacks `{must}`:\n{c}");
    }

    // `isms diff` speaks of them the same way.
    let dir = st.s.isms();
    let diff = isms(&["diff", "HEAD~1", "HEAD", "--dir", dir.to_str().unwrap()]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert!(
        diff.stdout.contains(
            "\nContext issues\n  CTX-01 effect changed: Customers ask for certification\n  \
             CTX-02 removed: A team of three\n\nInterested parties\n  IP-03 added: Investors\n"
        ),
        "{}",
        diff.stdout
    );
    // A context.toml that no longer loads is not every entry "removed".
    std::fs::write(st.s.file("context.toml"), "[[issue]\n").unwrap();
    let broken = isms(&["diff", "HEAD", "--dir", dir.to_str().unwrap()]);
    assert!(
        broken
            .stdout
            .contains("CTX-01 does not load in the working tree"),
        "{}",
        broken.stdout
    );
}

/// Input `letter` of a printed draft, from its `## letter)` heading to the
/// next.
fn section(text: &str, letter: &str) -> String {
    let start = text.find(&format!("## {letter})")).unwrap();
    let end = text[start + 3..]
        .find("## ")
        .map_or(text.len(), |e| start + 3 + e);
    text[start..end].to_string()
}
