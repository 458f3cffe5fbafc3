//! `isms pdf` and the PDF half of `isms build`: the documents hold what an
//! auditor looks for, record text prints literally, templates can be
//! overridden from the tree but never read outside it, and the same tree
//! gives the same bytes.

use std::path::Path;
use std::process::Command;

use crate::support::{fixture, isms, root, temp_copy};

const TODAY: &str = "2026-11-20";

/// The text of a PDF in content order (a table cell's text stays together),
/// whitespace collapsed (cells wrap lines).
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    // poppler prints "Syntax Error: Suspects object is wrong type" on tagged
    // PDFs: harmless, and the only stderr we tolerate.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let noise = stderr
        .lines()
        .filter(|l| !l.contains("Suspects object is wrong type"))
        .collect::<Vec<_>>();
    assert!(
        out.status.success() && noise.is_empty(),
        "pdftotext: {stderr}"
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Render `doc` (e.g. ["soa"], ["audit", "IA-2026-01"]) of `tree` into `out`.
fn render(doc: &[&str], tree: &Path, out: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["pdf"];
    args.extend_from_slice(doc);
    let (tree, out) = (tree.to_str().unwrap(), out.to_str().unwrap());
    args.extend_from_slice(&[tree, "--today", TODAY, "-o", out]);
    args.extend_from_slice(extra);
    let (code, _, stderr) = isms(&args);
    (code, stderr)
}

#[test]
fn soa_lists_every_control_and_renders_identically_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
    let sample = root().join("isms");
    for out in [&a, &b] {
        let (code, stderr) = render(&["soa"], &sample, out, &[]);
        assert_eq!(code, 0, "{stderr}");
    }
    let bytes = std::fs::read(&a).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(
        bytes == std::fs::read(&b).unwrap(),
        "same tree, different bytes"
    );

    // A title that wraps at its own hyphen ("non-disclosure") comes out as "non- disclosure".
    let text = pdf_text(&a).replace("- ", "-");
    let catalogue = isms::catalogue::Catalogue::get();
    assert_eq!(catalogue.controls.len(), 93);
    for c in &catalogue.controls {
        let row = format!("{} {}", c.id, c.title);
        assert!(text.contains(&row), "SoA lacks `{row}`");
    }
    for must in [
        "Northwind Ledger Ltd",
        "Statement of Applicability",
        "ISO/IEC 27001:2022",
        "Document control",
        "Summary by theme",
        "A.8 Technological controls",
        "SOC 2 (indicative, third-party mapping)",
        "Risks relying",
        "page 2 of",
    ] {
        assert!(text.contains(must), "SoA lacks `{must}`");
    }
}

#[test]
fn pack_holds_every_part_and_every_risk() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack.pdf");
    let sample = root().join("isms");
    let (code, stderr) = render(&["pack"], &sample, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    for must in [
        "Northwind Ledger Ltd",
        "ISMS Documentation Pack",
        "Contents",
        "Scope",
        "Risk assessment method",
        "Risk matrix",
        "Heat maps",
        "Risk register",
        "Risk treatment plan",
        "Statement of Applicability",
        "Audit programme",
        "Management reviews",
        "Incidents",
        "Timeline",
        "Open action tracker",
    ] {
        assert!(text.contains(must), "pack lacks `{must}`");
    }
    for entry in std::fs::read_dir(sample.join("risks")).unwrap() {
        let name = entry.unwrap().file_name();
        let id = name.to_str().unwrap().trim_end_matches(".md");
        assert!(text.contains(id), "pack lacks risk {id}");
    }
    // Markdown bodies are rendered, not printed as source.
    assert!(
        !text.contains("## Context"),
        "a Markdown heading printed raw"
    );
    assert!(!text.contains("|---|"), "a Markdown table printed raw");
}

#[test]
fn record_text_prints_literally_and_never_reads_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack.pdf");
    let (code, stderr) = render(&["pack"], &fixture("valid/hostile"), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    for literal in [
        r#"Hostile #read("/etc/passwd") #import "x.typ" ] * $x$ < \ @ref {{ x }} <script>alert(1)</script>"#,
        "#set text(size: 40pt) ]] #{panic()} <b>",
        r#"Body: #read("/etc/passwd") then #import "x.typ": * and $x$ and @ref and {{ x }} and a < b and c ] d and 1 * 2 and back \ slash."#,
        r#"<script>alert("x")</script>"#,
        "Heading with #emph[markup]",
        "done task #pagebreak()",
        r#"#include "/etc/passwd""#,
        "Fixture Co",
    ] {
        assert!(text.contains(literal), "not printed literally: `{literal}`");
    }
    assert!(
        !text.contains("root:x:0:0"),
        "/etc/passwd leaked into the PDF"
    );
}

#[test]
fn template_in_the_tree_overrides_the_built_in_one() {
    let tree = temp_copy("valid/minimal");
    let templates = tree.path().join("templates/pdf");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("soa.typ"),
        "#import \"lib.typ\": *\n#show: setup\nCustom SoA of #data.org.name, #data.soa.totals.applicable applicable.\n",
    )
    .unwrap();
    let out = tree.path().join("soa.pdf");
    let (code, stderr) = render(&["soa"], tree.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    assert!(text.contains("Custom SoA of Fixture Co"), "{text}");
}

#[test]
fn template_cannot_read_outside_the_tree() {
    let tree = temp_copy("valid/minimal");
    let templates = tree.path().join("templates/pdf");
    std::fs::create_dir_all(&templates).unwrap();
    let out = tree.path().join("soa.pdf");
    for (i, read) in [
        "#read(\"../../etc/passwd\")",
        "#read(\"/etc/passwd\")",
        "#read(\"../../isms.toml\")",
        "#include \"/../../../../etc/passwd\"",
        "#import \"@preview/cetz:0.3.0\"",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(templates.join("soa.typ"), format!("Line one\n{read}\n")).unwrap();
        let (code, stderr) = render(&["soa"], tree.path(), &out, &[]);
        assert_eq!(code, 2, "case {i} `{read}` must fail: {stderr}");
        assert!(
            stderr.contains("soa.typ:2:"),
            "case {i}: no template and line in: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!out.exists());
    }
}

#[cfg(unix)]
#[test]
fn template_symlinked_out_of_the_tree_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("evil.typ"), "secret outside the tree").unwrap();
    let tree = temp_copy("valid/minimal");
    let templates = tree.path().join("templates/pdf");
    std::fs::create_dir_all(&templates).unwrap();
    std::os::unix::fs::symlink(outside.path().join("evil.typ"), templates.join("soa.typ")).unwrap();
    let out = tree.path().join("soa.pdf");
    let (code, stderr) = render(&["soa"], tree.path(), &out, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("denied"), "{stderr}");
}

#[test]
fn every_document_renders_and_pdf_a_is_offered() {
    let tree = fixture("valid/minimal");
    let dir = tempfile::tempdir().unwrap();
    for doc in [
        &["risks"][..],
        &["audit", "IA-2026-01"],
        &["review", "MR-2026-Q1"],
        &["incident", "INC-2026-001"],
    ] {
        let out = dir.path().join(format!("{}.pdf", doc.join("-")));
        let (code, stderr) = render(doc, &tree, &out, &[]);
        assert_eq!(code, 0, "{doc:?}: {stderr}");
        assert!(pdf_text(&out).contains("Fixture Co"), "{doc:?}");
    }
    let out = dir.path().join("soa-a.pdf");
    let (code, stderr) = render(&["soa"], &tree, &out, &["--pdf-standard", "a-2b"]);
    assert_eq!(code, 0, "{stderr}");
    let bytes = String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned();
    assert!(bytes.contains("pdfaid:part"), "no PDF/A identification");
}

#[test]
fn unknown_record_and_tree_with_errors_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let (code, stderr) = render(
        &["audit", "IA-1999-09"],
        &fixture("valid/minimal"),
        &out,
        &[],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("there is no audit `IA-1999-09`; audits are: IA-2026-01"),
        "{stderr}"
    );

    let tree = temp_copy("valid/minimal");
    let soa = tree.path().join("soa.toml");
    std::fs::write(&soa, "standard = 1\n").unwrap();
    let (code, stderr) = render(&["soa"], tree.path(), &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("not rendering a tree with errors"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn build_all_writes_every_document() {
    let args = isms::cli::TreeArgs {
        dir: fixture("valid/minimal"),
        today: Some(TODAY.parse().unwrap()),
        at: None,
    };
    let prepared = isms::cmd::prepare(&args).unwrap().unwrap();
    let dir = tempfile::tempdir().unwrap();
    isms::render::pdf::build_all(&prepared, dir.path(), isms::cli::PdfStandard::V1_7).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "IA-2026-01.pdf",
            "INC-2026-001.pdf",
            "MR-2026-Q1.pdf",
            "pack.pdf",
            "risks.pdf",
            "soa.pdf"
        ]
    );
}
