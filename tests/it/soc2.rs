//! SOC 2 (`[soc2]` in isms.toml): the crosswalk of a fixture pinned as a
//! snapshot, a SoA entry's `soc2` list overriding the indicative mapping,
//! Type II gap detection, the PDF's text, and the page and PDF existing only
//! with `[soc2]`.

use std::path::Path;

use scraper::{ElementRef, Html, Selector};

use crate::support::{Run, check_json, edit, fixture, isms, pdf_text, render_pdf, temp_copy};

const TODAY: &str = "2026-11-20";

/// Build the site of `tree` and parse its soc2.html (None: no such page).
fn soc2_page(tree: &Path) -> (Html, Option<Html>) {
    let out = tempfile::tempdir().unwrap();
    let Run { code, stderr, .. } = isms(&[
        "build",
        tree.to_str().unwrap(),
        "--today",
        TODAY,
        "--only",
        "html",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let read = |name: &str| std::fs::read_to_string(out.path().join("html").join(name)).ok();
    let index = Html::parse_document(&read("index.html").unwrap());
    (index, read("soc2.html").map(|s| Html::parse_document(&s)))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line per criterion: id | controls | evidence | flag.
fn coverage(page: &Html) -> String {
    let item = |row: ElementRef<'_>, col: usize, li: &str| -> String {
        let cell = row.select(&sel("td")).nth(col).unwrap();
        let items: Vec<String> = cell.select(&sel(li)).map(text).collect();
        if items.is_empty() {
            "-".into()
        } else {
            items.join("; ")
        }
    };
    page.select(&sel("table.soc2 tbody tr"))
        .map(|row| {
            let id = text(row.select(&sel("th")).next().unwrap());
            let flag = text(row.select(&sel("td")).nth(2).unwrap());
            format!(
                "{id} | {} | {} | {}",
                item(row, 0, "li.control"),
                item(row, 1, "li.evidence"),
                if flag.is_empty() { "-" } else { &flag }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The row of one criterion, as [`coverage`] prints it.
fn row(page: &Html, id: &str) -> String {
    coverage(page)
        .lines()
        .find(|l| l.starts_with(&format!("{id} |")))
        .unwrap_or_else(|| panic!("no row {id}"))
        .to_string()
}

#[test]
fn the_fixture_s_soc2_coverage_is_pinned() {
    let tree = temp_copy("valid/soc2");
    // One criterion whose only control is no longer implemented: flagged.
    let soa = tree.path().join("soa.toml");
    let src = std::fs::read_to_string(&soa).unwrap();
    let at = src.find("id = \"A.5.31\"").unwrap();
    let fixed = format!(
        "{}{}",
        &src[..at],
        src[at..].replacen("status = \"implemented\"", "status = \"partial\"", 1)
    );
    std::fs::write(&soa, fixed).unwrap();
    let (index, page) = soc2_page(tree.path());
    let page = page.expect("soc2.html");
    let nav: Vec<String> = index.select(&sel("header nav a")).map(text).collect();
    assert!(nav.contains(&"SOC 2".to_string()), "{nav:?}");
    let all = text_of(&page);
    assert!(
        all.contains("Indicative crosswalk, not an AICPA mapping"),
        "{all}"
    );
    assert!(
        row(&page, "CC1.2").ends_with("| flagged"),
        "{}",
        row(&page, "CC1.2")
    );
    let counts: Vec<String> = page
        .select(&sel("#soc2-counts dt, #soc2-counts dd"))
        .map(text)
        .collect();
    let counts = counts.join(" ");
    insta::with_settings!({
        description => "soc2.html of valid/soc2 (A.5.31 partial) as of 2026-11-20: criterion | controls | evidence | flag",
        omit_expression => true,
    }, {
        insta::assert_snapshot!("coverage", format!("{counts}\n\n{}", coverage(&page)));
    });
}

fn text_of(page: &Html) -> String {
    text(page.root_element())
}

#[test]
fn a_soa_soc2_list_overrides_the_indicative_mapping() {
    let tree = temp_copy("valid/soc2");
    let (_, page) = soc2_page(tree.path());
    let page = page.unwrap();
    // Indicatively A.8.13 (backup) serves C1.1 among others.
    assert!(
        row(&page, "C1.1").contains("A.8.13"),
        "{}",
        row(&page, "C1.1")
    );
    let soa = tree.path().join("soa.toml");
    let src = std::fs::read_to_string(&soa).unwrap();
    let at = src.find("id = \"A.8.13\"").unwrap();
    let with = format!(
        "{}{}",
        &src[..at],
        src[at..].replacen(
            "status = \"implemented\"\n",
            "status = \"implemented\"\nsoc2 = [\"A1.2\", \"CC8.1\"]\n",
            1
        )
    );
    std::fs::write(&soa, with).unwrap();
    let (_, page) = soc2_page(tree.path());
    let page = page.unwrap();
    assert!(
        !row(&page, "C1.1").contains("A.8.13"),
        "{}",
        row(&page, "C1.1")
    );
    assert!(
        row(&page, "CC8.1").contains("A.8.13 Information backup (SoA)"),
        "{}",
        row(&page, "CC8.1")
    );
    assert!(
        row(&page, "A1.2").contains("A.8.13 Information backup (SoA)"),
        "{}",
        row(&page, "A1.2")
    );
    // An id the criteria do not have is E024, pointing at the SoA entry.
    edit(
        &soa,
        "soc2 = [\"A1.2\", \"CC8.1\"]",
        "soc2 = [\"A1.2\", \"CC8.9\"]",
    );
    let (code, json) = check_json(tree.path(), &[]);
    assert_eq!(code, 1);
    let d = &json["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["file"].as_str()),
        (Some("E024"), Some("soa.toml")),
        "{json:#}"
    );
}

#[test]
fn type_ii_gaps_longer_than_the_cadence_are_shown() {
    let tree = temp_copy("valid/soc2");
    // EV-001 is quarterly, collected 2026-06-30 and 2026-09-30: nothing
    // from January to June. EV-002 is yearly, collected 2026-07-08.
    edit(
        &tree.path().join("isms.toml"),
        "period = { from = 2026-07-01, to = 2026-12-31 }",
        "period = { from = 2026-01-01, to = 2026-09-30 }",
    );
    let (_, page) = soc2_page(tree.path());
    let page = page.unwrap();
    let period = |id: &str| {
        let r = page
            .select(&sel(&format!("tr[id='period-{id}']")))
            .next()
            .unwrap();
        (
            r.value().attr("data-coverage").unwrap().to_string(),
            text(r),
        )
    };
    let (state, line) = period("EV-001");
    assert_eq!(state, "gap", "{line}");
    assert!(
        line.contains("2026-01-01 to 2026-06-30 (180 days; due 2026-04-01)"),
        "{line}"
    );
    assert_eq!(period("EV-002").0, "covered");
    // The running H2 period of the fixture: no gap so far.
    let (_, page) = soc2_page(&fixture("valid/soc2"));
    let page = page.unwrap();
    let states: Vec<&str> = page
        .select(&sel("table.soc2-period tbody tr"))
        .map(|r| r.value().attr("data-coverage").unwrap())
        .collect();
    assert_eq!(states, ["on-track", "on-track"]);
}

#[test]
fn the_soc2_pdf_says_what_it_is_and_shows_the_crosswalk() {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("soc2.pdf");
    let tree = fixture("valid/soc2");
    let Run { code, stderr, .. } = render_pdf(&["soc2"], &tree, &pdf, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&pdf);
    for must in [
        "SOC 2 Crosswalk",
        "Indicative crosswalk, not an AICPA mapping",
        "Security (common criteria), Availability, Confidentiality",
        "Type II, 2026-07-01 to 2026-12-31 (184 days)",
        "Criteria in scope 38",
        "CC6 Logical and Physical Access Controls",
        "A.5.15 Access control",
        "EV-001 Quarterly access review",
        "A1 Additional Criteria for Availability",
        "A.7.5 Protecting against physical and environmental threats Excluded",
        "Type II period coverage",
        "On track",
    ] {
        assert!(text.contains(must), "soc2.pdf lacks `{must}`:\n{text}");
    }
    // Without [soc2] there is nothing to render: said plainly, exit 2.
    let Run { code, stderr, .. } = isms(&[
        "pdf",
        "soc2",
        fixture("valid/minimal").to_str().unwrap(),
        "-o",
        out.path().join("x.pdf").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no [soc2] scope"), "{stderr}");
}

#[test]
fn the_page_and_the_pdf_exist_only_with_a_soc2_scope() {
    let (index, page) = soc2_page(&fixture("valid/minimal"));
    assert!(page.is_none());
    let nav: Vec<String> = index.select(&sel("header nav a")).map(text).collect();
    assert!(!nav.contains(&"SOC 2".to_string()), "{nav:?}");
    for (tree, want) in [("valid/soc2", true), ("valid/minimal", false)] {
        let out = tempfile::tempdir().unwrap();
        let Run { code, stderr, .. } = isms(&[
            "build",
            fixture(tree).to_str().unwrap(),
            "--today",
            TODAY,
            "--only",
            "pdf",
            "-o",
            out.path().to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(out.path().join("pdf/soc2.pdf").is_file(), want, "{tree}");
    }
}
