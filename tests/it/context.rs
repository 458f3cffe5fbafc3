//! The context of the organisation (issue 23): `context.toml` and the
//! obligations register shown on the site (context.html, the obligation
//! pages) and in the context PDF; a tree with neither gets no context page
//! and no context PDF.

use std::path::Path;

use crate::support::{Run, built, fixture, isms, pdf_text, render_pdf};

const TODAY: &str = "2026-11-20";

/// Build `tree` into a temporary folder.
fn build(tree: &Path) -> tempfile::TempDir {
    built(tree, &[])
}

#[test]
fn the_context_page_shows_issues_and_what_addresses_each_requirement() {
    let out = build(&fixture("valid/obligations"));
    let html = std::fs::read_to_string(out.path().join("html/context.html")).unwrap();
    for must in [
        "Context of the organisation",
        "All systems of Fixture Co.",
        "CTX-01",
        "The ISMS must be certified and audited every year.",
        r#"<a href="risks/R-001.html""#,
        "Notice of a security incident within 48 hours",
        r#"<a href="obligations/OBL-002.html" title="Customer security schedule">OBL-002</a>"#,
        r#"<a href="soa.html#A.5.24""#,
        r#"<a href="documents/ISP-01.html" title="Information security policy">ISP-01</a>"#,
    ] {
        assert!(html.contains(must), "context.html lacks `{must}`");
    }
    let index = std::fs::read_to_string(out.path().join("html/index.html")).unwrap();
    assert!(index.contains(r#"href="context.html""#));
    let page = std::fs::read_to_string(out.path().join("html/obligations/OBL-001.html")).unwrap();
    for must in [
        "UK GDPR and the Data Protection Act 2018",
        r#"<a href="https://www.legislation.gov.uk/ukpga/2018/12""#,
        "A.5.34",
        r#"<a href="../documents/ISP-01.html">ISP-01</a>"#,
        // Cited by the SoA's A.5.1.
        r#"<a href="../soa.html#A.5.1""#,
    ] {
        assert!(page.contains(must), "OBL-001.html lacks `{must}`");
    }
}

#[test]
fn the_context_pdf_holds_scope_issues_parties_and_obligations() {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("context.pdf");
    let Run { code, stderr, .. } =
        render_pdf(&["context"], &fixture("valid/obligations"), &pdf, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&pdf);
    for must in [
        "Context of the Organisation",
        "Scope of the ISMS (4.3)",
        "Internal and external issues (4.1)",
        "CTX-02",
        "Interested parties and their requirements (4.2)",
        "The ICO",
        "(A.5.31)",
        "OBL-003 EU AI Act",
        "Regulation (EU) 2024/1689",
    ] {
        assert!(text.contains(must), "context.pdf lacks `{must}`:\n{text}");
    }
}

#[test]
fn a_tree_without_context_or_obligations_has_no_context_page_or_pdf() {
    let out = build(&fixture("valid/minimal"));
    assert!(!out.path().join("html/context.html").exists());
    assert!(!out.path().join("pdf/context.pdf").exists());
    let index = std::fs::read_to_string(out.path().join("html/index.html")).unwrap();
    assert!(!index.contains(r#"href="context.html""#));
    let with = build(&fixture("valid/obligations"));
    assert!(with.path().join("pdf/context.pdf").is_file());
}

#[test]
fn status_lists_obligations_due_for_review_only_when_some_are() {
    let tree = fixture("valid/obligations");
    let dir = tree.to_str().unwrap();
    let run = isms(&["status", dir, "--today", "2027-05-20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let want = "Obligation reviews overdue or due within 30 days\n  \
                OBL-003  overdue since 2027-04-01 (49 days)  bob  EU AI Act\n  \
                OBL-002  due 2027-06-01 (in 12 days)  alice  Customer security schedule\n";
    assert!(run.stdout.contains(want), "{}", run.stdout);
    let run = isms(&["status", dir, "--today", TODAY]);
    assert!(!run.stdout.contains("Obligation reviews"), "{}", run.stdout);
}
