//! `isms pdf` and the PDF half of `isms build`: the documents hold what an
//! auditor looks for, record text prints literally, templates can be
//! overridden from the tree but never read outside it, the same tree gives
//! the same bytes, and documents built in git carry their document control,
//! provenance and DRAFT marks.

use std::path::Path;

use crate::support::{
    Run, clean_story, edit, fixture, isms, pdf_pages, pdf_text, render_pdf, root, short, temp_copy,
};

const TODAY: &str = "2026-11-20";

#[test]
fn soa_lists_every_control_and_renders_identically_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
    let sample = root().join("isms");
    for out in [&a, &b] {
        let Run { code, stderr, .. } = render_pdf(&["soa"], &sample, out, &[]);
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
    let Run { code, stderr, .. } = render_pdf(&["pack"], &sample, &out, &[]);
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
    let Run { code, stderr, .. } = render_pdf(&["pack"], &fixture("valid/hostile"), &out, &[]);
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
    let Run { code, stderr, .. } = render_pdf(&["soa"], tree.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    assert!(text.contains("Custom SoA of Fixture Co"), "{text}");
}

/// `cargo bench --bench pdf` measures typst's own cost of the register with
/// benches/floor/risks.typ; it must keep rendering every risk and every open
/// action the built-in register lists as the view model changes, or the
/// bench compares with less than the register.
#[test]
fn the_bench_floor_of_the_register_renders_every_risk_and_action() {
    let tree = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&root().join("isms"), tree.path());
    let built_in = tree.path().join("built-in.pdf");
    let Run { code, stderr, .. } = render_pdf(&["risks"], tree.path(), &built_in, &[]);
    assert_eq!(code, 0, "{stderr}");
    let templates = tree.path().join("templates/pdf");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::copy(
        root().join("benches/floor/risks.typ"),
        templates.join("risks.typ"),
    )
    .unwrap();
    let floor = tree.path().join("floor.pdf");
    let Run { code, stderr, .. } = render_pdf(&["risks"], tree.path(), &floor, &[]);
    assert_eq!(code, 0, "{stderr}");

    // Risk and action ids ("R-001", "ACT-031") in a PDF's text.
    let ids = |pdf: &Path| -> std::collections::BTreeSet<String> {
        pdf_text(pdf)
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| {
                let digits = w.strip_prefix("R-").or_else(|| w.strip_prefix("ACT-"));
                digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            })
            .map(str::to_string)
            .collect()
    };
    let (listed, floored) = (ids(&built_in), ids(&floor));
    assert!(
        listed.contains("R-031") && listed.contains("ACT-031"),
        "{listed:?}"
    );
    let missing: Vec<_> = listed.difference(&floored).collect();
    assert!(missing.is_empty(), "missing from the floor: {missing:?}");
    // Only the two tables: the override took the built-in's place.
    assert!(!pdf_text(&floor).contains("Heat maps"));
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
        let Run { code, stderr, .. } = render_pdf(&["soa"], tree.path(), &out, &[]);
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
    let Run { code, stderr, .. } = render_pdf(&["soa"], tree.path(), &out, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("denied"), "{stderr}");
    assert!(!stderr.contains("secret"), "{stderr}");
    // A shared file the built-in templates import: the error names the
    // tree's link, not only the built-in line that imports it.
    std::fs::remove_file(templates.join("soa.typ")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("evil.typ"), templates.join("data.typ"))
        .unwrap();
    let Run { code, stderr, .. } = render_pdf(&["soa"], tree.path(), &out, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("denied: templates/pdf/data.typ resolves outside the ISMS tree"),
        "{stderr}"
    );
    assert!(!out.exists());
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
        let Run { code, stderr, .. } = render_pdf(doc, &tree, &out, &[]);
        assert_eq!(code, 0, "{doc:?}: {stderr}");
        assert!(pdf_text(&out).contains("Fixture Co"), "{doc:?}");
    }
    let out = dir.path().join("soa-a.pdf");
    let Run { code, stderr, .. } = render_pdf(&["soa"], &tree, &out, &["--pdf-standard", "a-2b"]);
    assert_eq!(code, 0, "{stderr}");
    let bytes = String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned();
    assert!(bytes.contains("pdfaid:part"), "no PDF/A identification");
}

#[test]
fn unknown_record_and_tree_with_errors_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let Run { code, stderr, .. } = render_pdf(
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
    let Run { code, stderr, .. } = render_pdf(&["soa"], tree.path(), &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("not rendering a tree with errors"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn build_all_writes_every_document() {
    let opts = isms::pipeline::Options {
        today: Some(TODAY.parse().unwrap()),
        ..isms::pipeline::Options::new(fixture("valid/minimal"))
    };
    let corpus = isms::pipeline::corpus(&opts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let built = isms::render::pdf::build_all(
        &corpus,
        dir.path(),
        isms::render::pdf::Standard::V1_7,
        &|_, _, _| {},
    )
    .unwrap();
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
    assert_eq!(built.documents, 6);
    let pages: usize = names
        .iter()
        .map(|n| crate::support::pdf_pages(&dir.path().join(n)).len())
        .sum();
    assert_eq!(built.pages, pages);
}

/// `isms build` says what it wrote, and nothing with `--quiet`; PDFs
/// rendered in parallel are the same bytes as one at a time.
#[test]
fn build_prints_a_summary_and_parallel_pdfs_match_single_ones() {
    let out = tempfile::tempdir().unwrap();
    let tree = fixture("valid/minimal");
    let build = |extra: &[&str]| {
        let mut args = vec!["build", tree.to_str().unwrap(), "--today", TODAY, "-o"];
        args.push(out.path().to_str().unwrap());
        args.extend_from_slice(extra);
        isms(&args)
    };
    let run = build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = run.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("wrote "), "{}", run.stderr);
    assert!(last.contains("(site, "), "{last}");
    assert!(last.contains("(6 PDFs, "), "{last}");
    let quiet = build(&["--quiet"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert_eq!(quiet.stderr, "", "--quiet prints nothing for a clean tree");
    let single = out.path().join("single.pdf");
    let one = render_pdf(&["pack"], &tree, &single, &[]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    let parallel = std::fs::read(out.path().join("pdf/pack.pdf")).unwrap();
    assert_eq!(std::fs::read(&single).unwrap(), parallel);
}

#[test]
fn git_history_is_the_document_control_of_the_soa_and_audit() {
    let st = clean_story();
    let tree = st.s.isms();
    let dir = tempfile::tempdir().unwrap();
    let (soa, again) = (dir.path().join("soa.pdf"), dir.path().join("again.pdf"));
    for out in [&soa, &again] {
        let Run { code, stderr, .. } = render_pdf(&["soa"], &tree, out, &[]);
        assert_eq!(code, 0, "{stderr}");
        assert!(!stderr.contains("DRAFT"), "{stderr}");
    }
    assert!(
        std::fs::read(&soa).unwrap() == std::fs::read(&again).unwrap(),
        "same commit, different bytes"
    );

    let (i, a, q) = (short(st.initial), short(st.audit), short(st.quarter));
    let label = format!("audit-2026-1-g{q} ({q}, 2026-04-15)");
    let pages = pdf_pages(&soa);
    for (n, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains(&format!("Built from {label}")),
            "SoA page {} does not say what it was built from: {page}",
            n + 1
        );
    }
    let text = pages.join(" ");
    for must in [
        format!("Generated by isms from the ISMS records. Built from {label}."),
        "Revision history File soa.toml".into(),
        format!("Created 2026-01-05 by Alice Example ({i})"),
        format!("Last changed {a}, 2026-03-01 by Carol Example"),
        format!("{a} 2026-03-01 Carol Example Add R-003; backups only partial"),
        format!("{i} 2026-01-05 Alice Example Initial ISMS"),
    ] {
        assert!(text.contains(&must), "SoA lacks `{must}`: {text}");
    }
    assert!(!text.contains("DRAFT"), "a clean tree is no draft");
    // Newest first.
    assert!(text.find(&format!("{a} 2026-03-01")) < text.find(&format!("{i} 2026-01-05")));

    let audit = dir.path().join("audit.pdf");
    let Run { code, stderr, .. } = render_pdf(&["audit", "IA-2026-01"], &tree, &audit, &[]);
    assert_eq!(code, 0, "{stderr}");
    let pages = pdf_pages(&audit);
    for (n, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Built from {label}")),
            "page {}",
            n + 1
        );
    }
    let text = pages.join(" ");
    for must in [
        "Document control File audits/IA-2026-01.md".to_string(),
        format!("Created 2026-01-05 by Alice Example ({i})"),
        format!("Last changed {q}, 2026-04-15 by Bob Example"),
        format!(
            "{q} 2026-04-15 Bob Example Quarter review {i} 2026-01-05 Alice Example Initial ISMS"
        ),
    ] {
        assert!(text.contains(&must), "audit lacks `{must}`: {text}");
    }
    assert!(
        !text.contains("earlier revision"),
        "two revisions need no cap"
    );
}

#[test]
fn long_histories_are_capped_with_a_count_of_earlier_revisions() {
    let st = clean_story();
    let audit = st.s.file("audits/IA-2026-01.md");
    for n in 1..=16 {
        let text = std::fs::read_to_string(&audit).unwrap();
        std::fs::write(&audit, format!("{text}\nNote {n}.\n")).unwrap();
        st.s.commit(
            "Dana Example",
            &format!("2026-05-{n:02}"),
            &format!("Note {n}"),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("audit.pdf");
    let Run { code, stderr, .. } = render_pdf(&["audit", "IA-2026-01"], &st.s.isms(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    // 18 revisions: the newest 15 in the table, then the rest counted.
    assert!(text.contains("2026-05-16 Dana Example Note 16"), "{text}");
    assert!(text.contains("2026-05-02 Dana Example Note 2"), "{text}");
    assert!(!text.contains("Dana Example Note 1 "), "{text}");
    let i = short(st.initial);
    assert!(
        text.contains(&format!(
            "and 3 earlier revisions, back to {i}, 2026-01-05, Alice Example."
        )),
        "{text}"
    );

    // Commit authors and subjects are data too: printed, never run.
    let hostile = r#"#read("/etc/passwd") *b* $x$ ] @ref \ <x>"#;
    let text = std::fs::read_to_string(&audit).unwrap();
    std::fs::write(&audit, format!("{text}\nLast note.\n")).unwrap();
    st.s.commit("Eve #strong[x]", "2026-06-01", hostile);
    let Run { code, stderr, .. } = render_pdf(&["audit", "IA-2026-01"], &st.s.isms(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    assert!(
        text.contains(&format!("2026-06-01 Eve #strong[x] {hostile}")),
        "{text}"
    );
    assert!(!text.contains("root:x:0:0"));
}

#[test]
fn draft_marks_every_page_and_names_the_modified_records() {
    let st = clean_story();
    edit(
        &st.s.file("risks/R-001.md"),
        "most common way in.",
        "most common way in, still.",
    );
    edit(
        &st.s.file("audits/IA-2026-01.md"),
        "All good otherwise.",
        "All good otherwise, on reflection.",
    );
    let tree = st.s.isms();
    let dir = tempfile::tempdir().unwrap();
    let q = short(st.quarter);
    let modified = "audits/IA-2026-01.md, risks/R-001.md";
    for (doc, first) in [
        (&["soa"][..], "soa"),
        (&["audit", "IA-2026-01"], "audit"),
        (&["pack"], "pack"),
    ] {
        let out = dir.path().join(format!("{first}.pdf"));
        let Run { code, stderr, .. } = render_pdf(doc, &tree, &out, &[]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains(&format!(
                "note: building a DRAFT: uncommitted changes to {modified}"
            )),
            "{stderr}"
        );
        let pages = pdf_pages(&out);
        assert!(
            first == "audit" || pages.len() > 2,
            "{first}: {} pages",
            pages.len()
        );
        for (n, page) in pages.iter().enumerate() {
            assert!(
                page.contains(&format!("DRAFT — uncommitted changes to {modified}")),
                "{first} page {} has no DRAFT band: {page}",
                n + 1
            );
            if n > 0 {
                assert!(
                    page.contains(&format!("({q}, 2026-04-15) DRAFT: uncommitted changes")),
                    "{first} page {}: {page}",
                    n + 1
                );
            }
        }
        let text = pages.join(" ");
        if first != "audit" {
            assert!(
                text.contains(&format!(
                    "it is not a controlled copy. Uncommitted changes to: {modified}."
                )),
                "{first}: {text}"
            );
        }
    }
    // The audit's own document control says its record is the draft.
    let text = pdf_text(&dir.path().join("audit.pdf"));
    assert!(
        text.contains(&format!("Status DRAFT: uncommitted changes since {q}")),
        "{text}"
    );
    assert!(
        text.contains("draft – – Uncommitted changes (not a controlled copy)"),
        "{text}"
    );
    // In the pack, the modified risk says so under its title.
    let text = pdf_text(&dir.path().join("pack.pdf"));
    assert!(
        text.contains("risks/R-001.md · created 2026-01-05 by Alice Example"),
        "{text}"
    );
    assert!(
        text.contains("3 revisions · DRAFT: uncommitted changes"),
        "{text}"
    );

    // --release refuses the draft and writes nothing.
    let out = dir.path().join("release.pdf");
    for doc in [&["soa"][..], &["audit", "IA-2026-01"], &["pack"]] {
        let Run { code, stderr, .. } = render_pdf(doc, &tree, &out, &["--release"]);
        assert_eq!(code, 2, "{doc:?}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "--release refuses a tree with uncommitted changes to: {modified}"
            )),
            "{stderr}"
        );
        assert!(!out.exists(), "{doc:?} wrote a PDF");
    }
    // ... but builds the tagged commit, clean.
    let Run { code, stderr, .. } =
        render_pdf(&["soa"], &tree, &out, &["--release", "--at", "audit-2026"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    assert!(text.contains(&format!(
        "Built from audit-2026 ({}, 2026-03-01)",
        short(st.audit)
    )));
    assert!(!text.contains("DRAFT"), "{text}");
}

#[test]
fn pack_since_a_tag_has_a_changes_section() {
    let st = clean_story();
    let tree = st.s.isms();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack.pdf");
    let Run { code, stderr, .. } = render_pdf(&["pack"], &tree, &out, &["--since", "audit-2026"]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    let a = short(st.audit);
    let section = format!(
        "Changes since audit-2026 What changed in the ISMS from audit-2026 ({a}) to the working tree"
    );
    let at = text
        .find(&section)
        .unwrap_or_else(|| panic!("no changes section: {text}"));
    let rest = &text[at..];
    for line in [
        "Risks Risk Change R-002 closed: Cloud region outage",
        "Incidents Incident Change INC-2026-002 new: Lost laptop (P3, resolved)",
        "Audit findings Finding Change IA-2026-01-F2 new observation in IA-2026-01: Access reviews are informal",
        "Actions Action Change ACT-001 done 2026-04-10: Enforce phishing-resistant MFA (R-001)",
        "ACT-010 opened: Write down the access review (Bob Example, due 2026-12-01; IA-2026-01)",
    ] {
        assert!(
            rest.contains(line),
            "changes section lacks `{line}`: {rest}"
        );
    }
    // In the contents, after the scope.
    assert!(text.contains("2 Changes since audit-2026"), "{text}");

    // Since the first commit: score moves print with arrows.
    let init = st.initial.to_string();
    let Run { code, stderr, .. } = render_pdf(&["pack"], &tree, &out, &["--since", &init]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    for line in [
        "R-001 residual 6 Medium → 3 Low",
        "Statement of Applicability Control Change A.8.13 Information backup: status implemented → partial",
    ] {
        assert!(text.contains(line), "lacks `{line}`: {text}");
    }

    // Without --since there is no such section; other documents ignore it.
    let Run { code, stderr, .. } = render_pdf(&["pack"], &tree, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!pdf_text(&out).contains("Changes since"));
    let Run { code, stderr, .. } = render_pdf(&["soa"], &tree, &out, &["--since", "audit-2026"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("to the pack only"), "{stderr}");
}

#[test]
fn documents_outside_git_say_they_are_not_under_version_control() {
    let tree = temp_copy("valid/minimal");
    let dir = tempfile::tempdir().unwrap();
    let soa = dir.path().join("soa.pdf");
    let Run { code, stderr, .. } = render_pdf(&["soa"], tree.path(), &soa, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&soa);
    assert!(
        text.contains("Revision history File soa.toml Version not under version control"),
        "{text}"
    );
    assert!(
        text.contains("Built from not under version control"),
        "{text}"
    );
    assert!(!text.contains("DRAFT"), "{text}");
    let audit = dir.path().join("audit.pdf");
    let Run { code, stderr, .. } = render_pdf(&["audit", "IA-2026-01"], tree.path(), &audit, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&audit);
    assert!(
        text.contains(
            "Document control File audits/IA-2026-01.md Version not under version control"
        ),
        "{text}"
    );
    assert!(
        !text.contains("Revision Date Author Change"),
        "an empty history table"
    );
    let Run { code, stderr, .. } = render_pdf(&["soa"], tree.path(), &soa, &["--release"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not under version control"), "{stderr}");
}

/// A build that fails halfway leaves the previous PDFs whole and nothing of
/// its own behind; outputs are readable by others (not 0600).
#[test]
fn a_failed_build_leaves_the_previous_output_whole() {
    let tree = temp_copy("valid/minimal");
    let out = tempfile::tempdir().unwrap();
    let build = || {
        isms(&[
            "build",
            tree.path().to_str().unwrap(),
            "--today",
            TODAY,
            "-o",
            out.path().to_str().unwrap(),
        ])
    };
    let first = build();
    assert_eq!(first.code, 0, "{}", first.stderr);
    let pack = std::fs::read(out.path().join("pdf/pack.pdf")).unwrap();
    std::fs::create_dir_all(tree.path().join("templates/pdf")).unwrap();
    std::fs::write(
        tree.path().join("templates/pdf/soa.typ"),
        "#panic(\"broken template\")\n",
    )
    .unwrap();
    let second = build();
    assert_eq!(second.code, 2, "{}", second.stderr);
    assert!(
        second.stderr.contains("broken template"),
        "{}",
        second.stderr
    );
    assert_eq!(
        std::fs::read(out.path().join("pdf/pack.pdf")).unwrap(),
        pack
    );
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["html", "pdf"], "no staging folder is left behind");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode();
        assert_ne!(
            mode(&out.path().join("pdf/pack.pdf")) & 0o044,
            0,
            "readable by others"
        );
        assert_ne!(
            mode(&out.path().join("html")) & 0o055,
            0,
            "a folder others can open"
        );
    }
}

/// `isms pdf DOC` renders what `isms build` renders for DOC, byte for byte,
/// in a tree with objectives: the documents that show no measurement skip
/// the metric series (`pipeline::Options::unmeasured`) and lose nothing.
#[test]
fn one_document_alone_is_the_builds_document() {
    let tree = crate::support::fixture("valid/objectives");
    let out = crate::support::built(&tree, &["--only", "pdf"]);
    for doc in ["soa", "risks", "measurement", "pack"] {
        let alone = out.path().join(format!("alone-{doc}.pdf"));
        let run = render_pdf(&[doc], &tree, &alone, &[]);
        assert_eq!(run.code, 0, "{doc}: {}", run.stderr);
        let built = std::fs::read(out.path().join(format!("pdf/{doc}.pdf"))).unwrap();
        assert!(std::fs::read(&alone).unwrap() == built, "{doc} differs");
    }
}
