//! Issue 11: `isms init`, `isms new`, `isms schema --write`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{check_json, isms, temp_copy};

/// Every file of a tree and its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn init(dir: &Path) {
    let run = isms(&[
        "init",
        s(dir),
        "--org",
        "Acme \"Q\" Ltd",
        "--today",
        "2026-11-20",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn init_writes_a_tree_whose_check_lists_the_soa_decisions() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("isms");
    init(&dir);
    for f in [
        "isms.toml",
        "soa.toml",
        "README.md",
        ".github/workflows/isms.yml",
        ".gitattributes",
        "schemas/risk.schema.json",
        "risks/.gitkeep",
        "incidents/.gitkeep",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    for f in ["isms.toml", "soa.toml"] {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        assert!(text.starts_with("#:schema ./schemas/"), "{f}");
        let target = text
            .lines()
            .next()
            .unwrap()
            .trim_start_matches("#:schema ./");
        assert!(dir.join(target).is_file(), "{f} points at {target}");
    }
    let config = std::fs::read_to_string(dir.join("isms.toml")).unwrap();
    assert!(config.contains(r#"name = "Acme \"Q\" Ltd""#), "{config}");
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/isms.yml")).unwrap();
    assert!(workflow.contains("--format github"));
    let ignored = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(
        ignored.contains("/*.xlsx\n") && ignored.contains("/*.csv\n"),
        "sheets exported into the tree are not records: {ignored}"
    );
    // No placeholder URL that fails to clone: empty until set, and the jobs
    // say what to set.
    assert!(!workflow.contains("your-org"), "{workflow}");
    assert!(!workflow.contains("{{"), "{workflow}");
    assert!(workflow.contains("ISMS_INSTALL: "), "{workflow}");
    assert!(
        workflow.contains("set ISMS_INSTALL in this workflow"),
        "{workflow}"
    );

    let (code, json) = check_json(&dir, &[]);
    assert_eq!(code, 1);
    let errors: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 93, "{json:#}");
    assert!(errors.iter().all(|d| d["code"] == "E003"
        && d["file"] == "soa.toml"
        && d["message"].as_str().unwrap().contains("`applicable`")));
    let first = errors[0]["message"].as_str().unwrap();
    assert!(first.contains("(A.5.1)"), "{first}");
}

#[test]
fn init_refuses_a_tree_and_keeps_existing_files() {
    let tree = temp_copy("valid/minimal");
    let before = snapshot(tree.path());
    let run = isms(&["init", s(tree.path()), "--org", "X"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("already holds an ISMS"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(tree.path()), before);

    // A folder with only records in it is a tree too.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("risks")).unwrap();
    std::fs::write(tmp.path().join("risks/R-001.md"), "+++\n+++\n").unwrap();
    let run = isms(&["init", s(tmp.path()), "--org", "X"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("risks/ holds 1 record"),
        "{}",
        run.stderr
    );

    // A repository's own README is kept.
    let repo = tempfile::tempdir().unwrap();
    std::fs::write(repo.path().join("README.md"), "Our repo.\n").unwrap();
    let run = isms(&["init", s(repo.path()), "--org", "X"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("kept"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(repo.path().join("README.md")).unwrap(),
        "Our repo.\n"
    );
    let run = isms(&["init", s(tree.path()), "--org", ""]);
    assert_eq!(run.code, 1);
}

#[test]
fn schema_write_puts_every_schema_where_the_directives_point() {
    let tmp = tempfile::tempdir().unwrap();
    let run = isms(&["schema", "--write", s(tmp.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for kind in ["isms", "soa", "risk", "audit", "review", "incident"] {
        let written =
            std::fs::read_to_string(tmp.path().join(format!("{kind}.schema.json"))).unwrap();
        assert_eq!(written, isms(&["schema", kind]).stdout, "{kind}");
    }
    assert_ne!(isms(&["schema"]).code, 0);
}

#[test]
fn new_records_take_the_next_id_and_check_says_what_to_fill() {
    let tree = temp_copy("valid/minimal");
    let dir = tree.path();
    let new = |args: &[&str]| {
        let mut all = vec!["new"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--dir", s(dir), "--today", "2026-11-20"]);
        isms(&all)
    };
    let run = new(&["risk", "--title", "Laptop \"theft\" {{id}}"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = PathBuf::from(run.stdout.trim());
    assert_eq!(path, dir.join("risks/R-003.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("+++\n#:schema ../schemas/risk.schema.json\n"));
    assert!(
        text.contains(r#"title = "Laptop \"theft\" {{id}}""#),
        "{text}"
    );
    assert!(text.contains("identified = 2026-11-20"));

    let (code, json) = check_json(dir, &[]);
    assert_eq!(code, 1);
    let about_new: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "risks/R-003.md")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(about_new.contains(&"E020"), "{json:#}");
    assert!(about_new.contains(&"E030"), "{json:#}");
    assert_eq!(json["errors"].as_u64().unwrap() as usize, about_new.len());

    for (kind, id) in [
        ("risk", "risks/R-004.md"),
        ("audit", "audits/IA-2026-02.md"),
        ("review", "reviews/MR-2026-Q4.md"),
        ("incident", "incidents/INC-2026-002.md"),
    ] {
        let run = new(&[kind]);
        assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
        assert_eq!(PathBuf::from(run.stdout.trim()), dir.join(id), "{kind}");
    }
    // Every new record loads: check reports only what is left to fill in,
    // never a syntax or format error.
    let (_, json) = check_json(dir, &[]);
    for d in json["diagnostics"].as_array().unwrap() {
        let code = d["code"].as_str().unwrap();
        assert!(!["E001", "E002", "E003", "E004"].contains(&code), "{d}");
    }
    let run = isms(&["new", "policy", "--dir", s(dir)]);
    assert_eq!(run.code, 2);
}

#[test]
fn new_uses_the_trees_own_template_and_never_overwrites() {
    let tree = temp_copy("valid/minimal");
    let dir = tree.path();
    std::fs::create_dir_all(dir.join("templates/records")).unwrap();
    std::fs::write(
        dir.join("templates/records/risk.md"),
        "+++\nid = {{id}}\ntitle = {{title}}\n+++\nOur own template for {{title_text}}.\n",
    )
    .unwrap();
    let run = isms(&["new", "risk", "--dir", s(dir), "--title", "Flood"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.join("risks/R-003.md")).unwrap();
    assert_eq!(
        text,
        "+++\nid = \"R-003\"\ntitle = \"Flood\"\n+++\nOur own template for Flood.\n"
    );
    std::fs::write(
        dir.join("templates/records/risk.md"),
        "+++\nid = {{id}\n+++\n",
    )
    .unwrap();
    let before = snapshot(dir);
    let run = isms(&["new", "risk", "--dir", s(dir)]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("templates/records/risk.md"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(dir), before);
}

#[test]
fn a_new_tree_takes_a_first_record_of_every_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("t");
    init(&dir);
    for kind in ["risk", "audit", "review", "incident"] {
        let run = isms(&["new", kind, "--dir", s(&dir), "--today", "2027-05-02"]);
        assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
    }
    assert!(dir.join("risks/R-001.md").is_file());
    assert!(dir.join("audits/IA-2027-01.md").is_file());
    assert!(dir.join("reviews/MR-2027-Q2.md").is_file());
    assert!(dir.join("incidents/INC-2027-001.md").is_file());
}

#[test]
fn completions_and_man_page_cover_the_commands() {
    let run = isms(&["completions", "bash"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("isms") && run.stdout.contains("import"));
    let run = isms(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(".ie") || run.stdout.contains(".TH"),
        "{}",
        &run.stdout[..80]
    );
}

/// Issue 24: `isms init` approves nothing: the SoA it writes names no
/// approver and no date (the first PDF said "Approved by Your Name"), and
/// `check` says the SoA awaits approval and how to record it.
#[test]
fn a_new_soa_is_not_approved_and_check_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("isms");
    init(&dir);
    let soa = std::fs::read_to_string(dir.join("soa.toml")).unwrap();
    let table: toml::Table = soa.parse().unwrap();
    assert!(table.get("approved_by").is_none(), "{soa}");
    assert!(table.get("approved_on").is_none(), "{soa}");
    assert!(soa.contains("# approved_on = 2026-11-20\n"), "{soa}");
    // Decided (all excluded, but it checks), so the SoA is judged as a
    // document and the tree builds.
    let soa = soa
        .replace("# applicable = true", "applicable = false")
        .replace("justification = \"\"", "justification = \"Not for us\"");
    std::fs::write(dir.join("soa.toml"), &soa).unwrap();

    let (_, json) = check_json(&dir, &[]);
    let waits: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "W015" && d["file"] == "soa.toml")
        .collect();
    assert_eq!(waits.len(), 1, "{json:#}");
    assert_eq!(waits[0]["severity"], "warning");
    // Its documents say so rather than naming an approver.
    let built = tmp.path().join("out");
    let run = isms(&["build", s(&dir), "-o", s(&built), "--today", "2026-11-20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = crate::support::pdf_text(&built.join("pdf/soa.pdf"));
    assert!(pdf.contains("Not approved yet"), "{pdf}");
    assert!(pdf.contains("Approved by Not approved yet"), "{pdf}");
    let html = std::fs::read_to_string(built.join("html/soa.html")).unwrap();
    assert!(html.contains("not approved yet"), "{html}");
    assert!(
        waits[0]["message"]
            .as_str()
            .unwrap()
            .contains("the SoA awaits approval"),
        "{}",
        waits[0]
    );
    assert!(
        waits[0]["help"]
            .as_str()
            .unwrap()
            .contains("approved_by = \"<person id>\" and approved_on = 2026-11-20"),
        "{}",
        waits[0]
    );

    // Recording who approved it, and when, settles it.
    let approved = soa.replace(
        "# approved_by = \"owner\"\n# approved_on = 2026-11-20\n",
        "approved_by = \"owner\"\napproved_on = 2026-11-20\n",
    );
    std::fs::write(dir.join("soa.toml"), approved).unwrap();
    let (_, json) = check_json(&dir, &[]);
    assert!(
        !json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "W015"),
        "{json:#}"
    );
}
