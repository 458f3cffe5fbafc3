//! The recipe for a record kind (README "Adding a record kind"), enforced:
//! every kind of the kind list has its schema, its record template, its
//! site pages, its place in the PDFs, an explain page and an invalid
//! fixture for each code it owns, and fixtures. A kind added to the list
//! and missing any of these fails here, by name.

use std::collections::BTreeMap;
use std::path::Path;

use isms::load::Target;
use isms::load::kinds::{self, KindSpec};
use isms::schema::Kind;

use crate::support::{built, isms, pdf_text, root};

/// The sample's records, by kind name.
fn sample_ids() -> BTreeMap<&'static str, Vec<String>> {
    let (tree, _) = isms::load::load_dir(&root().join("isms")).unwrap();
    let mut ids: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in kinds::records(&tree) {
        ids.entry(r.spec.name()).or_default().push(r.id.to_string());
    }
    ids
}

/// Whether some fixture tree (valid, or an invalid one's edits) holds a
/// file in the kind's folder.
fn fixtures_of(spec: &KindSpec) -> (bool, bool) {
    let folder = format!("{}/", spec.folder);
    let has_file = |dir: &Path| {
        std::fs::read_dir(dir.join(spec.folder)).is_ok_and(|mut d| {
            d.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".md")))
        })
    };
    let valid = std::fs::read_dir(root().join("tests/fixtures/valid"))
        .unwrap()
        .any(|e| has_file(&e.unwrap().path()));
    let invalid = std::fs::read_dir(root().join("tests/fixtures/invalid"))
        .unwrap()
        .any(|e| {
            let dir = e.unwrap().path();
            let expect = std::fs::read_to_string(dir.join("expect.toml")).unwrap_or_default();
            has_file(&dir) || expect.contains(&format!("\"{folder}"))
        });
    (valid, invalid)
}

#[test]
fn every_record_kind_has_what_the_recipe_names() {
    let out = built(&root().join("isms"), &[]);
    let (site, pdf) = (out.path().join("html"), out.path().join("pdf"));
    let pack = pdf_text(&pdf.join("pack.pdf"));
    let ids = sample_ids();
    let mut missing = Vec::new();
    for spec in kinds::specs() {
        let (name, folder) = (spec.name(), spec.folder);
        let mut lack = |what: String| missing.push(format!("{name}: {what}"));
        let schema = root().join(format!("schemas/{name}.schema.json"));
        if std::fs::read_to_string(&schema).ok().as_deref() != Some(spec.schema.schema_text()) {
            lack(format!("schemas/{name}.schema.json"));
        }
        if !root()
            .join(format!("templates/records/{name}.md"))
            .is_file()
        {
            lack(format!(
                "templates/records/{name}.md (the template of `isms new {name}`)"
            ));
        }
        if !root()
            .join(format!("templates/html/{folder}.html.tera"))
            .is_file()
        {
            lack(format!(
                "templates/html/{folder}.html.tera (the site's list)"
            ));
        }
        if let Some(p) = &spec.pdf
            && !root().join(format!("templates/pdf/{name}.typ")).is_file()
        {
            lack(format!(
                "templates/pdf/{name}.typ (`isms pdf {}`)",
                p.command
            ));
        }
        if spec.register.is_some() && !root().join(format!("templates/pdf/{folder}.typ")).is_file()
        {
            lack(format!("templates/pdf/{folder}.typ (`isms pdf {folder}`)"));
        }
        let Some(records) = ids.get(name) else {
            lack("no record in the sample isms/, which every output test renders".into());
            continue;
        };
        if spec.register.is_some() && !pdf.join(format!("{folder}.pdf")).is_file() {
            lack(format!("its register {folder}.pdf"));
        }
        if !site.join(format!("{folder}.html")).is_file() {
            lack(format!("the site's {folder}.html"));
        }
        for id in records {
            if !site.join(format!("{folder}/{id}.html")).is_file() {
                lack(format!("the site's page {folder}/{id}.html"));
            }
            if !pack.contains(id.as_str()) {
                lack(format!("{id} in the pack PDF"));
            }
            if let Some(p) = &spec.pdf {
                let file = match p.in_folder {
                    true => pdf.join(format!("{folder}/{id}.pdf")),
                    false => pdf.join(format!("{id}.pdf")),
                };
                if !file.is_file() {
                    lack(format!("its own PDF {}", file.display()));
                }
            }
        }
        if let Some(code) = spec.unknown {
            if code.explanation().trim().is_empty() {
                lack(format!("an explain page for {code}"));
            }
            let fixture = std::fs::read_dir(root().join("tests/fixtures/invalid"))
                .unwrap()
                .any(|e| {
                    e.unwrap()
                        .file_name()
                        .to_string_lossy()
                        .starts_with(code.as_str())
                });
            if !fixture {
                lack(format!(
                    "an invalid fixture tests/fixtures/invalid/{code}-*"
                ));
            }
        }
        let (valid, invalid) = fixtures_of(spec);
        if !valid {
            lack(format!("a valid fixture tree with a {folder}/ record"));
        }
        if !invalid {
            lack(format!("an invalid fixture that breaks a {folder}/ record"));
        }
    }
    assert!(
        missing.is_empty(),
        "the recipe is not followed:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_record_kind_a_reference_names_has_a_code() {
    // A reference to a record that does not exist is reported with the
    // named kind's `unknown` code: every kind the sample's records name
    // must have one.
    let (tree, _) = isms::load::load_dir(&root().join("isms")).unwrap();
    struct Named<'t>(&'t isms::load::Tree, Vec<Kind>);
    impl kinds::KindVisitor for Named<'_> {
        fn visit<K: kinds::RecordKind>(&mut self) {
            for r in K::records(self.0) {
                for x in r.data.references() {
                    if let Target::Record(k) | Target::RecordOnceKept(k) = x.target {
                        self.1.push(k);
                    }
                }
            }
        }
    }
    let mut named = Named(&tree, Vec::new());
    kinds::for_each_kind(&mut named);
    let soa = tree
        .soa
        .as_ref()
        .map(|s| isms::load::refs::soa_references(&s.data));
    named
        .1
        .extend(soa.into_iter().flatten().filter_map(|r| match r.target {
            Target::Record(k) => Some(k),
            _ => None,
        }));
    assert!(
        !named.1.is_empty(),
        "the sample names records of other kinds"
    );
    for kind in named.1 {
        let spec = kinds::spec(kind).unwrap();
        assert!(
            spec.unknown.is_some(),
            "{} records are named but have no code",
            spec.name()
        );
    }
}

#[test]
fn every_record_kind_exports_a_row_per_record() {
    let dir = root().join("isms");
    for (name, ids) in sample_ids() {
        let spec = kinds::specs().iter().find(|s| s.name() == name).unwrap();
        let run = isms(&[
            "export",
            spec.folder,
            dir.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 0, "export {}: {}", spec.folder, run.stderr);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
        let exported: Vec<&str> = rows.iter().filter_map(|r| r["id"].as_str()).collect();
        for id in &ids {
            assert!(
                exported.contains(&id.as_str()),
                "export {} lacks {id}",
                spec.folder
            );
        }
        assert_eq!(rows.len(), ids.len(), "export {}", spec.folder);
        // A table of plain values is a column per field: an objective's
        // target is what the auditor samples it by.
        if spec.folder == "objectives" {
            let first = &rows[0];
            assert_eq!(
                (&first["target.op"], &first["target.value"]),
                (&serde_json::json!(">="), &serde_json::json!(95)),
                "{first:#}"
            );
        }
    }
}

#[test]
fn registers_show_on_the_soa_rows_of_the_controls_they_evidence() {
    let tree = root().join("isms");
    let out = built(&tree, &["--only", "html"]);
    let tree = tree.to_str().unwrap();
    let soa_html = std::fs::read_to_string(out.path().join("html/soa.html")).unwrap();
    let pdf_path = out.path().join("soa.pdf");
    let pdf = isms(&[
        "pdf",
        "soa",
        tree,
        "-o",
        pdf_path.to_str().unwrap(),
        "--today",
        "2026-11-20",
    ]);
    assert_eq!(pdf.code, 0, "{}", pdf.stderr);
    let soa_pdf = pdf_text(&pdf_path)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let shown: usize = kinds::specs().iter().map(|s| s.controls_shown.len()).sum();
    assert!(shown > 0, "some kind is shown on SoA rows");
    for spec in kinds::specs()
        .iter()
        .filter(|s| !s.controls_shown.is_empty())
    {
        let n = sample_ids()[spec.name()].len();
        let line = format!(
            "Register: <a href=\"{}.html\">{}</a>, {n} records",
            spec.folder, spec.list_title
        );
        assert_eq!(
            soa_html.matches(&line).count(),
            spec.controls_shown.len(),
            "{line} on each of {:?}",
            spec.controls_shown
        );
        let text = format!("Register: {}, {n} records", spec.list_title);
        assert_eq!(
            soa_pdf.matches(&text).count(),
            spec.controls_shown.len(),
            "{text}"
        );
    }
}

#[test]
fn a_tree_without_an_optional_register_renders_no_page_or_link_for_it() {
    let out = built(
        &crate::support::fixture("valid/minimal"),
        &["--only", "html"],
    );
    let index = std::fs::read_to_string(out.path().join("html/index.html")).unwrap();
    let optional: Vec<&KindSpec> = kinds::specs()
        .iter()
        .copied()
        .filter(|s| s.optional)
        .collect();
    assert!(!optional.is_empty());
    for spec in optional {
        let page = format!("{}.html", spec.folder);
        assert!(
            !out.path().join("html").join(&page).exists(),
            "{page} for a tree without one"
        );
        assert!(
            !index.contains(&format!("href=\"{page}\"")),
            "a link to {page}"
        );
    }
    // Kinds every ISMS keeps are listed even when empty.
    assert!(out.path().join("html/documents.html").is_file());
}

/// A risk's assets link to their pages (site) and show their titles (the
/// pack's risk statements); in a tree without an inventory they are the text the risk
/// wrote.
#[test]
fn a_risks_assets_link_to_their_records() {
    let sample = root().join("isms");
    let out = built(&sample, &["--only", "html"]);
    let page = std::fs::read_to_string(out.path().join("html/risks/R-001.html")).unwrap();
    assert!(
        page.contains(
            "<li><a href=\"../assets/AST-002.html\">AST-002</a> Customer user accounts and API keys</li>"
        ),
        "{page}"
    );
    // The pack's risk statements (the register PDF is the table alone).
    let pdf = out.path().join("pack.pdf");
    let run = crate::support::render_pdf(&["pack"], &sample, &pdf, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&pdf);
    assert!(
        text.contains("AST-002 Customer user accounts and API keys, AST-001 Tenant ledger"),
        "{text}"
    );
    let minimal = crate::support::fixture("valid/minimal");
    let out = built(&minimal, &["--only", "html"]);
    let page = std::fs::read_to_string(out.path().join("html/risks/R-001.html")).unwrap();
    assert!(page.contains("<li>Email</li><li>SSO</li>"), "{page}");
}
