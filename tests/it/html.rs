//! `isms build`'s HTML site: every page is there, the same tree gives the
//! same bytes, record text is never live, every link resolves, the pages
//! are valid HTML (Nu checker) and load in Chromium without console errors.
//!
//! The Nu checker and Chromium tests need `java` with the vnu-jar and
//! `chromium` (`.ci/run` installs both). Where those are missing they skip
//! with one line on stderr, unless `ISMS_REQUIRE_TOOLS=1` (set by `.ci/run`)
//! makes that a failure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

use crate::support::{
    Run, clean_story, copy_tree, edit, files, find_program, fixture, isms, root, short, temp_copy,
    tool_present,
};

/// Build the site of `tree` into a fresh folder: (the folder, its html/).
fn build(tree: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let Run { code, stderr, .. } = build_into(tree, out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let site = out.path().join("html");
    (out, site)
}

/// `isms build TREE --only html -o OUT --today 2026-11-20 EXTRA...`.
fn build_into(tree: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "build",
        tree.to_str().unwrap(),
        "--today",
        "2026-11-20",
        "--only",
        "html",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    isms(&args)
}

/// The HTML pages of a site, parsed: relative path -> document.
fn pages(site: &Path) -> BTreeMap<String, Html> {
    files(site)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, Html::parse_document(&String::from_utf8(b).unwrap())))
        .collect()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(doc: &Html) -> String {
    doc.root_element().text().collect()
}

#[test]
fn the_sample_site_has_every_page_and_all_93_controls() {
    let (_out, site) = build(&root().join("isms"));
    let pages = pages(&site);
    for p in [
        "index.html",
        "soa.html",
        "risks.html",
        "audits.html",
        "reviews.html",
        "incidents.html",
        "actions.html",
        "evidence.html",
    ] {
        assert!(pages.contains_key(p), "{p} missing");
    }
    let sample = root().join("isms");
    for (dir, page_dir) in [
        ("risks", "risks"),
        ("audits", "audits"),
        ("reviews", "reviews"),
        ("incidents", "incidents"),
        ("evidence", "evidence"),
    ] {
        for e in std::fs::read_dir(sample.join(dir)).unwrap() {
            if e.as_ref().unwrap().path().is_dir() {
                continue; // evidence/files/
            }
            let stem = e.unwrap().path().file_stem().unwrap().to_owned();
            let page = format!("{page_dir}/{}.html", stem.to_str().unwrap());
            assert!(pages.contains_key(&page), "{page} missing");
        }
    }
    let soa = &pages["soa.html"];
    let rows = soa.select(&sel("table.soa tbody tr[id^='A.']")).count();
    assert_eq!(rows, 93);
    // A control row lists the risks relying on it; the risk links back.
    let a517 = soa.select(&sel("tr[id='A.5.17'] a")).count();
    assert!(a517 > 0, "A.5.17 lists no risks, findings or incidents");
    // Under each row, a <details> opens to the implementation and the
    // evidence: the entry's own list and the records covering it.
    let more = soa.select(&sel("table.soa tr.more details")).count();
    assert_eq!(more, 93);
    let a817: String = soa
        .select(&sel("tr[id='A.8.13'] + tr.more"))
        .flat_map(|e| e.text())
        .collect();
    assert!(
        a817.contains("Implementation") && a817.contains("EV-002") && a817.contains("2026-08-14"),
        "{a817}"
    );
    // The register by owner, and a record page with its files and hashes.
    let register = text(&pages["evidence.html"]);
    assert!(register.contains("12 items"), "{register}");
    let ev = &pages["evidence/EV-001.html"];
    let t = text(ev);
    assert!(
        t.contains("evidence/files/access-review-2026-q3.csv"),
        "{t}"
    );
    assert!(
        t.contains("dc3fdbf3a43101d64f02ad574fe758056b5bd9c3145e9783e0161aa397f37b48"),
        "{t}"
    );
    assert_eq!(ev.select(&sel("table.collections tbody tr")).count(), 3);
    let nav: Vec<String> = pages["index.html"]
        .select(&sel("header nav a"))
        .map(|a| a.text().collect())
        .collect();
    assert!(nav.iter().any(|l| l == "Evidence"), "{nav:?}");
    // Every page shows what it was built from.
    for (p, doc) in &pages {
        let footer: String = doc.select(&sel("footer")).flat_map(|f| f.text()).collect();
        assert!(
            footer.contains("records as of 2026-") && footer.contains("not under version control")
                || footer.contains("commit"),
            "{p}: footer `{footer}`"
        );
    }
    // Both heat maps count every open risk.
    let index = text(&pages["index.html"]);
    assert!(index.contains("Inherent risk (28 open)"), "{index}");
    assert!(index.contains("Residual risk (28 open)"), "{index}");
}

#[test]
fn the_same_tree_gives_byte_identical_html() {
    let (_a, first) = build(&root().join("isms"));
    let (_b, second) = build(&root().join("isms"));
    let (first, second) = (files(&first), files(&second));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between two builds");
    }
}

#[test]
fn build_writes_the_site_even_before_the_pdfs() {
    // `isms build` renders the site first, so it is there whatever the PDF
    // stage does.
    let out = tempfile::tempdir().unwrap();
    let tree = fixture("valid/minimal");
    isms(&[
        "build",
        tree.to_str().unwrap(),
        "--today",
        "2026-11-20",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert!(out.path().join("html/index.html").is_file());
}

#[test]
fn record_text_is_never_live() {
    let (_out, site) = build(&fixture("valid/xss"));
    let pages = pages(&site);
    let any = sel("*");
    let mut seen_literal = 0;
    for (p, doc) in &pages {
        for el in doc.select(&any) {
            let name = el.value().name();
            for (attr, value) in el.value().attrs() {
                assert!(
                    !attr.to_ascii_lowercase().starts_with("on"),
                    "{p}: live event handler <{name} {attr}=\"{value}\">"
                );
                if matches!(
                    attr,
                    "href" | "src" | "action" | "formaction" | "xlink:href"
                ) {
                    let v: String = value
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    assert!(
                        !v.starts_with("javascript:") && !v.starts_with("data:"),
                        "{p}: <{name} {attr}=\"{value}\">"
                    );
                }
            }
            if name == "script" {
                let src = el.value().attr("src").unwrap_or("");
                assert!(
                    src.ends_with("site.js") && el.text().next().is_none(),
                    "{p}: a <script> that is not the site's own: {}",
                    el.html()
                );
            }
            assert!(
                !matches!(
                    name,
                    "iframe" | "frame" | "object" | "embed" | "base" | "img"
                ),
                "{p}: an element record text must not create: {}",
                el.html()
            );
        }
        let t = text(doc);
        // Printed as text, never evaluated by the template engine. The
        // footer names the commit the fixture was built from, whose short
        // id may hold "49" (5c49a69 did): leave it out of the search.
        let t: String = t
            .split_whitespace()
            .filter(|w| !(w.len() >= 7 && w.chars().all(|c| c.is_ascii_hexdigit())))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(!t.contains("49"), "{p}: `{{{{ 7*7 }}}}` was evaluated");
        if t.contains("{{ 7*7 }}")
            && t.contains("{% raw %}")
            && t.contains("<script>alert(1)</script>")
        {
            seen_literal += 1;
        }
    }
    // The payloads show as text on the dashboard, the SoA and every record page.
    for p in [
        "index.html",
        "soa.html",
        "risks/R-001.html",
        "audits/IA-2026-01.html",
        "reviews/MR-2026-Q1.html",
        "incidents/INC-2026-001.html",
        "documents.html",
        "documents/ISP-01.html",
    ] {
        let t = text(&pages[p]);
        assert!(
            t.contains("{{ 7*7 }}"),
            "{p} does not show the payload as text"
        );
        assert!(
            t.contains("<img src=x onerror=alert(1)>"),
            "{p} does not show the payload as text"
        );
    }
    assert!(
        seen_literal >= 8,
        "payloads printed literally on {seen_literal} pages"
    );
}

/// Targets of every link and resource of a site that do not exist, as
/// "page: target" lines. Fragments must name an id on the target page.
fn broken_links(site: &Path) -> Vec<String> {
    let pages = pages(site);
    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(p, d)| {
            let ids = d
                .select(&sel("[id]"))
                .filter_map(|e| e.value().attr("id").map(str::to_string))
                .collect();
            (p.as_str(), ids)
        })
        .collect();
    let all = files(site);
    let links = sel("a[href], link[href], script[src], img[src]");
    let mut broken = Vec::new();
    for (page, doc) in &pages {
        for el in doc.select(&links) {
            let target = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap_or_default();
            let lower = target.to_ascii_lowercase();
            if lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("mailto:")
            {
                continue;
            }
            let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
            let resolved = if path.is_empty() {
                Some(page.clone())
            } else {
                resolve(page, path)
            };
            let ok = match resolved {
                Some(r) if all.contains_key(&r) => {
                    fragment.is_empty() || ids.get(r.as_str()).is_some_and(|s| s.contains(fragment))
                }
                _ => false,
            };
            if !ok {
                broken.push(format!("{page}: {target}"));
            }
        }
    }
    broken
}

/// A relative link from `page` as a path relative to the site root, or
/// None when it leaves the site.
fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[test]
fn every_link_and_anchor_resolves() {
    for tree in [
        root().join("isms"),
        fixture("valid/xss"),
        fixture("valid/minimal"),
        fixture("valid/documents"),
    ] {
        let (_out, site) = build(&tree);
        let broken = broken_links(&site);
        assert!(
            broken.is_empty(),
            "{}: broken links:\n{}",
            tree.display(),
            broken.join("\n")
        );
    }
}

#[test]
fn branding_comes_from_isms_toml() {
    let tree = temp_copy("valid/minimal");
    let cfg = tree.path().join("isms.toml");
    let text = std::fs::read_to_string(&cfg).unwrap().replacen(
        "scope = ",
        "accent = \"#8b1f5f\"\nlogo = \"brand/logo.png\"\nscope = ",
        1,
    );
    std::fs::write(&cfg, text).unwrap();
    std::fs::create_dir_all(tree.path().join("brand")).unwrap();
    std::fs::write(tree.path().join("brand/logo.png"), b"\x89PNG fake").unwrap();
    let (out, site) = build(tree.path());
    assert_eq!(
        std::fs::read(site.join("logo.png")).unwrap(),
        b"\x89PNG fake"
    );
    let theme = std::fs::read_to_string(site.join("theme.css")).unwrap();
    assert!(theme.contains("--accent: #8b1f5f;"), "{theme}");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("<img src=\"logo.png\""), "{index}");
    assert!(index.contains("Fixture Co"));
    let risk = std::fs::read_to_string(site.join("risks/R-001.html")).unwrap();
    assert!(risk.contains("<img src=\"../logo.png\""));
    // Built again without a logo into the same folder: the old one goes.
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("logo = \"brand/logo.png\"\n", "");
    std::fs::write(&cfg, text).unwrap();
    let Run { code, stderr, .. } = build_into(tree.path(), out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!site.join("logo.png").exists());
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!index.contains("<img"), "{index}");
}

#[test]
fn a_logo_outside_the_tree_is_left_out_with_a_warning() {
    let parent = tempfile::tempdir().unwrap();
    let tree = parent.path().join("tree");
    copy_tree(&fixture("valid/minimal"), &tree);
    std::fs::write(parent.path().join("secret.png"), b"secret").unwrap();
    let cfg = tree.join("isms.toml");
    let text = std::fs::read_to_string(&cfg).unwrap().replacen(
        "scope = ",
        "logo = \"../secret.png\"\nscope = ",
        1,
    );
    std::fs::write(&cfg, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let Run { code, stderr, .. } = build_into(&tree, out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning: logo `../secret.png`"), "{stderr}");
    let site = files(&out.path().join("html"));
    assert!(
        site.keys().all(|k| !k.starts_with("logo")),
        "{:?}",
        site.keys()
    );
}

#[test]
fn templates_in_the_tree_override_the_built_in_ones() {
    let tree = temp_copy("valid/minimal");
    let dir = tree.path().join("templates/html");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("actions.html.tera"),
        "{% extends \"base.html.tera\" %}{% block main %}<h1>Our actions: {{ actions | length }}</h1><p>{{ org.name }} &amp; co</p>{% endblock main %}",
    )
    .unwrap();
    let (_out, site) = build(tree.path());
    let actions = std::fs::read_to_string(site.join("actions.html")).unwrap();
    assert!(actions.contains("<h1>Our actions: 3</h1>"), "{actions}");
    // The other pages keep the built-in templates.
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("ISMS dashboard"));
}

#[cfg(unix)]
#[test]
fn a_template_linked_from_outside_the_tree_is_refused() {
    let parent = tempfile::tempdir().unwrap();
    let tree = parent.path().join("tree");
    copy_tree(&fixture("valid/minimal"), &tree);
    std::fs::write(parent.path().join("evil.tera"), "{{ org.name }}").unwrap();
    std::fs::create_dir_all(tree.join("templates/html")).unwrap();
    std::os::unix::fs::symlink(
        parent.path().join("evil.tera"),
        tree.join("templates/html/index.html.tera"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let Run { code, stderr, .. } = build_into(&tree, out.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("outside the ISMS tree"), "{stderr}");
}

#[test]
fn pages_of_removed_records_are_removed() {
    let tree = temp_copy("valid/minimal");
    let out = tempfile::tempdir().unwrap();
    let args = |t: &Path| {
        vec![
            "build".to_string(),
            t.to_str().unwrap().to_string(),
            "--today".into(),
            "2026-11-20".into(),
            "--only".into(),
            "html".into(),
            "-o".into(),
            out.path().to_str().unwrap().to_string(),
        ]
    };
    let run = |t: &Path| {
        let a = args(t);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let Run { code, stderr, .. } = isms(&a);
        assert_eq!(code, 0, "{stderr}");
    };
    run(tree.path());
    assert!(out.path().join("html/risks/R-002.html").is_file());
    std::fs::remove_file(tree.path().join("risks/R-002.md")).unwrap();
    run(tree.path());
    assert!(!out.path().join("html/risks/R-002.html").exists());
    assert!(out.path().join("html/risks/R-001.html").is_file());
}

/// The `<main>` of a record page, compared with a reviewed snapshot
/// (tests/it/snapshots; `cargo insta review` or `INSTA_UPDATE=always`).
#[test]
fn the_risk_page_main_matches_its_snapshot() {
    // A copy outside this repository, so the page does not depend on the
    // project's own git history (or on how deep a CI clone is).
    let tree = temp_copy("valid/minimal");
    let (_out, site) = build(tree.path());
    let page = std::fs::read_to_string(site.join("risks/R-001.html")).unwrap();
    let start = page.find("<main").expect("a <main>");
    let end = page.find("</main>").expect("a </main>") + "</main>".len();
    insta::assert_snapshot!("risk_page_main", &page[start..end]);
}

/// The Nu HTML Checker's jar: `ISMS_VNU_JAR`, or where `.ci/run` puts it.
fn vnu_jar() -> PathBuf {
    if let Some(p) = std::env::var_os("ISMS_VNU_JAR") {
        return PathBuf::from(p);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    cache.join("isms/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
}

#[test]
fn every_page_is_valid_html() {
    let jar = vnu_jar();
    let java = find_program("java");
    let missing = if java.is_none() {
        Some("java not found for the Nu HTML Checker".to_string())
    } else if !jar.is_file() {
        Some(format!(
            "no Nu HTML Checker at {}: .ci/run puts it there, or set ISMS_VNU_JAR",
            jar.display()
        ))
    } else {
        None
    };
    if !tool_present(missing) {
        return;
    }
    for tree in [
        root().join("isms"),
        fixture("valid/xss"),
        fixture("valid/documents"),
    ] {
        let (_out, site) = build(&tree);
        let out = Command::new(java.as_ref().unwrap())
            .arg("-jar")
            .arg(&jar)
            .args(["--errors-only", "--skip-non-html", "--exit-zero-always"])
            .arg(&site)
            .output()
            .expect("run java");
        let report = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "vnu failed to run: {report}");
        assert!(
            report.trim().is_empty(),
            "{}: the Nu HTML Checker reports errors:\n{report}",
            tree.display()
        );
    }
}

/// Chromium (`ISMS_CHROMIUM`, or `chromium` on PATH), or None when the test
/// is to skip (see `tool_present`).
fn chromium_bin() -> Option<PathBuf> {
    let name = std::env::var("ISMS_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let bin = find_program(&name);
    tool_present(bin.is_none().then(|| format!("{name} not found"))).then(|| bin.unwrap())
}

/// Run headless Chromium on `url` with `--dump-dom`: (DOM, stderr log).
fn chromium(bin: &Path, url: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {} ({e})", bin.display()));
    // Read both pipes on threads so neither fills up and blocks the browser.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish within 120 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (out.join().unwrap(), err.join().unwrap())
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.canonicalize().unwrap().display())
}

#[test]
fn every_page_loads_in_chromium_without_console_errors() {
    let Some(bin) = chromium_bin() else {
        return;
    };
    for tree in [
        root().join("isms"),
        fixture("valid/xss"),
        fixture("valid/documents"),
    ] {
        let (out, site) = build(&tree);
        // One browser run loads every page, each in a frame of a harness page
        // outside the site; console messages of every frame reach the log.
        let mut harness = String::from(
            "<!DOCTYPE html><html lang=\"en\"><head><title>all pages</title></head><body>\n",
        );
        let pages: Vec<String> = files(&site)
            .into_keys()
            .filter(|p| p.ends_with(".html"))
            .collect();
        for p in &pages {
            harness.push_str(&format!(
                "<iframe src=\"{}\"></iframe>\n",
                file_url(&site.join(p))
            ));
        }
        harness.push_str("</body></html>\n");
        let harness_path = out.path().join("harness.html");
        std::fs::write(&harness_path, harness).unwrap();
        let (dom, log) = chromium(&bin, &file_url(&harness_path));
        assert!(
            dom.contains("<iframe"),
            "chromium did not load the harness:\n{log}"
        );
        let problems: Vec<&str> = log
            .lines()
            .filter(|l| {
                l.contains(":CONSOLE") || l.contains("Uncaught") || l.contains("Refused to")
            })
            .collect();
        assert!(
            problems.is_empty(),
            "{}: console messages while loading {} pages:\n{}",
            tree.display(),
            pages.len(),
            problems.join("\n")
        );
        let broken = broken_links(&site);
        assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    }
}

#[test]
fn the_scripts_run_in_chromium_and_the_pages_work_without_them() {
    let Some(bin) = chromium_bin() else {
        return;
    };
    let (_out, site) = build(&root().join("isms"));
    // Without JavaScript: the filter form is hidden and every row is shown.
    let soa = std::fs::read_to_string(site.join("soa.html")).unwrap();
    assert!(soa.contains("<form id=\"soa-filters\" class=\"filters\" hidden>"));
    // With it: the form shows, and register headers become sort buttons.
    let (dom, log) = chromium(&bin, &file_url(&site.join("soa.html")));
    let doc = Html::parse_document(&dom);
    let form = doc
        .select(&sel("#soa-filters"))
        .next()
        .expect("the filter form");
    assert!(
        form.value().attr("hidden").is_none(),
        "site.js did not run:\n{log}"
    );
    let count: String = doc
        .select(&sel("#f-count"))
        .flat_map(|e| e.text())
        .collect();
    assert_eq!(count, "93 of 93 controls shown");
    // soa.html?status=partial opens filtered to the partial controls.
    let partial = Html::parse_document(&soa)
        .select(&sel("tr[data-status='partial']"))
        .count();
    assert!(partial > 0);
    let (dom, log) = chromium(
        &bin,
        &format!("{}?status=partial", file_url(&site.join("soa.html"))),
    );
    let doc = Html::parse_document(&dom);
    let count: String = doc
        .select(&sel("#f-count"))
        .flat_map(|e| e.text())
        .collect();
    assert_eq!(count, format!("{partial} of 93 controls shown"), "{log}");
    let shown = doc
        .select(&sel("table.soa tbody tr:not([hidden])"))
        .filter(|r| r.value().attr("data-status") == Some("partial"))
        .count();
    assert_eq!(shown, partial);
    let (dom, log) = chromium(&bin, &file_url(&site.join("risks.html")));
    let doc = Html::parse_document(&dom);
    let buttons = doc.select(&sel("table.register thead button.sort")).count();
    assert!(buttons >= 8, "no sort buttons in the register:\n{log}");
}

/// The site is the document control too (issue 5): every record page has
/// its revision history from git, a tree with uncommitted changes is marked
/// DRAFT on every page naming the files, and `--since REV` adds the
/// committee's "changes since" list to the dashboard.
#[test]
fn site_carries_git_history_draft_marks_and_changes_since() {
    let st = clean_story();
    edit(
        &st.s.file("audits/IA-2026-01.md"),
        "All good otherwise.",
        "All good otherwise, on reflection.",
    );
    let tree = st.s.isms();
    let out = tempfile::tempdir().unwrap();
    let Run { code, stderr, .. } = build_into(&tree, out.path(), &["--since", "audit-2026"]);
    assert_eq!(code, 0, "{stderr}");
    let page = |rel: &str| std::fs::read_to_string(out.path().join("html").join(rel)).unwrap();

    let audit = page("audits/IA-2026-01.html");
    assert!(audit.contains("Revision history, newest first"), "{audit}");
    let q = short(st.quarter);
    let row = format!(
        "<tr><td><code>{q}</code></td><td class=\"nw\">2026-04-15</td><td>Bob Example</td><td>Quarter review</td></tr>"
    );
    assert!(
        audit.contains(&row),
        "no row for the quarter commit {q}: {audit}"
    );
    let a = short(st.audit);
    assert!(
        audit.contains(
            "<strong>Draft:</strong> <code>audits/IA-2026-01.md</code> has uncommitted changes"
        ),
        "{audit}"
    );
    let risk = page("risks/R-002.html");
    assert!(risk.contains("Revision history, newest first"));
    assert!(
        !risk.contains("<strong>Draft:</strong>"),
        "R-002 is unchanged: {risk}"
    );

    for rel in ["index.html", "soa.html", "risks/R-002.html", "actions.html"] {
        assert!(
            page(rel).contains(
                "<strong>DRAFT</strong>: built with uncommitted changes to audits/IA-2026-01.md"
            ),
            "{rel} has no DRAFT banner"
        );
    }
    let index = page("index.html");
    assert!(
        index.contains(&format!("Changes since audit-2026 ({a})")),
        "{index}"
    );
    assert!(
        index.contains("<span class=\"rid\">R-002</span> closed: Cloud region outage"),
        "{index}"
    );
}
