//! Controlled documents: approval tied to the text in git (W016 over a
//! real history), the document's PDF with the commit each approval covers
//! and its classification on every page, `isms build` writing one PDF per
//! document, and a hostile document printed literally.

use crate::support::{
    Run, Scenario, check_json, copy_tree, edit, fixture, isms, pdf_pages, pdf_text, render_pdf,
    short, temp_copy,
};

const TODAY: &str = "2026-11-20";

/// valid/documents committed on 2026-03-01, ISP-01's text revised on
/// 2026-09-29 for its approval of 2026-09-30.
fn approved() -> (Scenario, git2::Oid) {
    let s = Scenario::new();
    copy_tree(&fixture("valid/documents"), &s.isms());
    s.commit("Bob Example", "2026-03-01", "Initial ISMS");
    edit(
        &s.file("documents/ISP-01.md"),
        "protects the information it holds.",
        "protects the information it holds and processes.",
    );
    let revised = s.commit("Bob Example", "2026-09-29", "ISP-01: text for approval");
    (s, revised)
}

fn codes(json: &serde_json::Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_change_committed_after_the_approval_warns_with_its_commit() {
    let (s, _) = approved();
    let (code, json) = check_json(&s.isms(), &["--deny-warnings"]);
    assert_eq!(code, 0, "{json:#}");

    edit(
        &s.file("documents/ISP-01.md"),
        "2. Keep the service available.",
        "2. Keep the service available.\n3. Delete nothing, ever.",
    );
    let changed = s.commit("Bob Example", "2026-11-02", "ISP-01: keep everything");
    let (code, json) = check_json(&s.isms(), &[]);
    assert_eq!(code, 0);
    assert_eq!(
        codes(&json),
        [format!(
            "W016 ISP-01 changed on 2026-11-02 in {} after its approval on 2026-09-30; approve \
             the current text or revert",
            short(changed)
        )]
    );

    // Judged as of a day before the change, the change has not happened.
    let run = isms(&["check", s.isms().to_str().unwrap(), "--today", "2026-10-15"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("W016"), "{}", run.stderr);

    // Approving the current text on the day it is committed clears it.
    edit(
        &s.file("documents/ISP-01.md"),
        "note = \"first issue\"\n",
        "note = \"first issue\"\n\n[[approval]]\nby = \"alice\"\non = 2026-11-03\n",
    );
    s.commit("Alice Example", "2026-11-03", "ISP-01: approved");
    let (code, json) = check_json(&s.isms(), &["--deny-warnings"]);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn outside_git_only_the_approvals_age_is_judged() {
    let dir = temp_copy("valid/documents");
    let (code, json) = check_json(dir.path(), &["--deny-warnings"]);
    assert_eq!(code, 0, "{json:#}");
    let run = isms(&[
        "check",
        dir.path().to_str().unwrap(),
        "--today",
        "2027-10-15",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning[W015]: ISP-01 is overdue for review by 15 days"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_pdf_shows_who_approved_which_commit_and_the_classification_on_every_page() {
    let (s, revised) = approved();
    let out = s.root().join("ISP-01.pdf");
    let Run { code, stderr, .. } = render_pdf(&["doc", "ISP-01"], &s.isms(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    for must in [
        "Information security policy",
        "ISP-01",
        "Policy",
        "Bob Example, Security lead",
        "Alice Example, CEO",
        &format!("{} of 2026-09-29", short(revised)),
        "first issue",
        "5.2 Policy",
        "A.5.1 Policies for information security",
        "Document control",
        "ISP-01: text for approval",
        "Fixture Co protects the information it holds and processes.",
        "Keep customer data confidential.",
    ] {
        assert!(text.contains(must), "the PDF lacks `{must}`:\n{text}");
    }
    let version = format!("version {} (2026-09-29)", short(revised));
    let pages = pdf_pages(&out);
    assert!(pages.len() >= 2);
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("INTERNAL"),
            "page {} has no classification",
            i + 1
        );
        assert!(page.contains(&version), "page {} lacks `{version}`", i + 1);
    }

    let Run { code, stderr, .. } = isms(&[
        "pdf",
        "doc",
        "ISP-09",
        s.isms().to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("there is no document `ISP-09`; documents are: ACP-01, ISP-01"),
        "{stderr}"
    );
}

#[test]
fn build_writes_one_pdf_per_document() {
    let dir = temp_copy("valid/documents");
    let out = dir.path().join("out");
    let Run { code, stderr, .. } = isms(&[
        "build",
        dir.path().to_str().unwrap(),
        "--today",
        TODAY,
        "--only",
        "pdf",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    for id in ["ISP-01", "ACP-01"] {
        let pdf = out.join("pdf/documents").join(format!("{id}.pdf"));
        assert!(pdf.is_file(), "{} missing", pdf.display());
    }
    let acp = pdf_text(&out.join("pdf/documents/ACP-01.pdf"));
    assert!(
        acp.contains("CONFIDENTIAL") && acp.contains("Supersedes"),
        "{acp}"
    );
}

const HOSTILE: &str = r#"+++
id = "ISP-01"
title = 'Hostile #read("/etc/passwd") ] * $x$ <script>alert(1)</script>'
kind = "policy"
owner = "bob"
classification = "internal"
review_every = "yearly"

[[approval]]
by = "alice"
on = 2026-09-30
note = '#strong[x] ]] <b>'
+++

Body: #read("/etc/passwd") then #import "x.typ": * and $x$ and @ref and a < b and c ] d.

<script>alert("x")</script>
"#;

#[test]
fn a_hostile_document_prints_literally() {
    let dir = temp_copy("valid/documents");
    std::fs::write(dir.path().join("documents/ISP-01.md"), HOSTILE).unwrap();
    let out = dir.path().join("ISP-01.pdf");
    let Run { code, stderr, .. } = render_pdf(&["doc", "ISP-01"], dir.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    for must in [
        r#"Hostile #read("/etc/passwd") ] * $x$ <script>alert(1)</script>"#,
        "#strong[x] ]] <b>",
        r#"Body: #read("/etc/passwd") then #import "x.typ": * and $x$ and @ref and a < b and c ] d."#,
    ] {
        assert!(
            text.contains(must),
            "`{must}` not printed literally:\n{text}"
        );
    }
    assert!(!text.contains("root:"), "a file was read");
}

#[test]
fn status_shows_what_provides_each_mandatory_item() {
    let dir = temp_copy("valid/documents");
    edit(
        &dir.path().join("documents/MAN-01.md"),
        "\"6.2\", \"7.2\"",
        "\"6.2\"",
    );
    let run = isms(&["status", dir.path().to_str().unwrap(), "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(
        out.contains("Mandatory documented information: 13 of 15 provided"),
        "{out}"
    );
    let line = |clause: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(&format!("{clause} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("7.2").ends_with("nothing"), "{out}");
    assert!(line("5.2").ends_with("ISP-01"), "{out}");
    assert!(line("6.1.3 d").ends_with("soa.toml"), "{out}");
    assert!(line("9.2").ends_with("audits/"), "{out}");
    // The SoA applies A.5.31 and the tree keeps no obligations register:
    // shown as missing, not warned about.
    assert!(line("A.5.31").ends_with("nothing"), "{out}");
    let check = isms(&["check", dir.path().to_str().unwrap(), "--today", TODAY]);
    assert!(!check.stderr.contains("(A.5.31)"), "{}", check.stderr);

    // With a context and an obligations register, 4.3 and A.5.31 point at them.
    let dir = crate::support::fixture("valid/obligations");
    let run = isms(&["status", dir.to_str().unwrap(), "--today", TODAY]);
    let out = &run.stdout;
    let line = |clause: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(&format!("{clause} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line("4.3").ends_with("isms.toml scope, context.toml"),
        "{out}"
    );
    assert!(line("A.5.31").ends_with("obligations/"), "{out}");
}

#[test]
fn the_pack_has_the_document_register_the_map_and_the_documents() {
    let dir = temp_copy("valid/documents");
    let out = dir.path().join("pack.pdf");
    let Run { code, stderr, .. } = render_pdf(&["pack"], dir.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    for must in [
        "Documented information",
        "Document register",
        "Mandatory documented information",
        "Statement of Applicability soa.toml",
        "ACP-01 Access control procedure",
        "Access is granted on request, approved by the owner.",
    ] {
        assert!(text.contains(must), "the pack lacks `{must}`");
    }
}

#[test]
fn the_soa_shows_the_documents_each_control_cites() {
    let dir = temp_copy("valid/documents");
    let out = dir.path().join("soa.pdf");
    let Run { code, stderr, .. } = render_pdf(&["soa"], dir.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    // A.5.1 cites ISP-01 in its SoA entry; ACP-01 says it implements A.5.15.
    assert!(text.contains("Documents: ISP-01"), "{text}");
    assert!(text.contains("Documents: ACP-01"), "{text}");

    let site = dir.path().join("out");
    let Run { code, stderr, .. } = isms(&[
        "build",
        dir.path().to_str().unwrap(),
        "--today",
        TODAY,
        "--only",
        "html",
        "-o",
        site.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let soa = std::fs::read_to_string(site.join("html/soa.html")).unwrap();
    assert!(
        soa.contains(
            "<a href=\"documents/ISP-01.html\" title=\"Information security policy\">ISP-01</a>"
        ),
        "the SoA page does not link ISP-01"
    );
}

/// Approval covers the text: a later commit that touches only the front
/// matter (a new owner, a note) leaves the approved text as it was.
#[test]
fn a_front_matter_change_after_the_approval_does_not_warn() {
    let (s, _) = approved();
    let path = s.file("documents/ISP-01.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("note = \"first issue\"", "note = \"first issue, filed\"", 1),
    )
    .unwrap();
    s.commit("Bob Example", "2026-11-02", "ISP-01: note");
    let (code, json) = check_json(&s.isms(), &["--deny-warnings"]);
    assert_eq!(code, 0, "{json:#}");
}

/// Issue 24: an approved document's text edited in the working tree, not
/// yet committed, warns (W016) with the fix; recording a new approval for
/// the edit, or undoing it, clears it; a front-matter edit alone does not
/// warn.
#[test]
fn uncommitted_edits_to_an_approved_text_warn() {
    let (s, _) = approved();
    let isp = s.file("documents/ISP-01.md");
    edit(
        &isp,
        "note = \"first issue\"\n",
        "note = \"first issue, reviewed\"\n",
    );
    let (code, json) = check_json(&s.isms(), &["--deny-warnings"]);
    assert_eq!(code, 0, "front matter only: {json:#}");

    edit(
        &isp,
        "2. Keep the service available.",
        "2. Keep the service available.\n3. Delete nothing, ever.",
    );
    let (_, json) = check_json(&s.isms(), &[]);
    assert_eq!(
        codes(&json),
        ["W016 ISP-01's text has uncommitted edits that its approval on 2026-09-30 does not cover"]
    );
    let help = json["diagnostics"][0]["help"].as_str().unwrap();
    assert!(
        help.contains("git checkout -- documents/ISP-01.md"),
        "{help}"
    );
    let status = isms(&["status", s.isms().to_str().unwrap(), "--today", TODAY]);
    assert!(status.stdout.contains("1 warning"), "{}", status.stdout);

    // The edit approved (recorded, not yet committed): nothing to say.
    edit(
        &isp,
        "note = \"first issue, reviewed\"\n",
        "note = \"first issue, reviewed\"\n\n[[approval]]\nby = \"alice\"\non = 2026-11-19\n",
    );
    let (code, json) = check_json(&s.isms(), &["--deny-warnings"]);
    assert_eq!(code, 0, "{json:#}");
}

/// Issue 24: a document's page and PDF say which SoA entries and evidence
/// records cite it.
#[test]
fn a_document_says_what_cites_it() {
    let out = tempfile::tempdir().unwrap();
    let tree = fixture("valid/documents");
    let run = isms(&[
        "build",
        tree.to_str().unwrap(),
        "--today",
        TODAY,
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(out.path().join("html/documents/ISP-01.html")).unwrap();
    assert!(
        page.contains(
            "<dt>Cited by</dt><dd><a href=\"../soa.html#A.5.1\" title=\"Policies for information security\">A.5.1</a></dd>"
        ),
        "{page}"
    );
    let pdf = pdf_text(&out.path().join("pdf/documents/ISP-01.pdf"));
    assert!(pdf.contains("Cited by SoA A.5.1"), "{pdf}");
}
