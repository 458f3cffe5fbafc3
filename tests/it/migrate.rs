//! `isms migrate soa --from 2013`: a 2013 SoA of all 114 controls becomes a
//! 2022 soa.toml whose check lists exactly the 11 controls new in 2022.

use std::path::Path;

use crate::support::{check_json, isms, root, temp_copy};

/// The 114 controls of data/annex-a-2013.tsv: (id, title).
fn controls_2013() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("data/annex-a-2013.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols[0].to_string(), cols[1].to_string())
        })
        .collect()
}

/// A 2013 soa.toml: every control applicable and implemented, but A.5.1.2
/// partial and A.11.1.6 excluded.
fn soa_2013(path: &Path) {
    let mut out = String::from(
        "standard = \"ISO/IEC 27001:2013\"\nversion = \"3.2\"\nowner = \"bob\"\napproved_by = \"alice\"\napproved_on = 2025-03-01\n",
    );
    for (id, title) in controls_2013() {
        let (applicable, status) = match id.as_str() {
            "A.11.1.6" => ("false", ""),
            "A.5.1.2" => ("true", "status = \"partial\"\n"),
            _ => ("true", "status = \"implemented\"\n"),
        };
        let reasons = if applicable == "true" {
            "reasons = [\"risk\"]\n"
        } else {
            ""
        };
        out.push_str(&format!(
            "\n[[control]]\nid = \"{id}\"\napplicable = {applicable}\n{reasons}{status}justification = \"{title}: why.\"\n"
        ));
    }
    assert_eq!(out.matches("[[control]]").count(), 114);
    std::fs::write(path, out).unwrap();
}

fn migrate(dir: &Path, file: &Path, extra: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "migrate",
        "soa",
        "--from",
        "2013",
        file.to_str().unwrap(),
        "--dir",
        dir.to_str().unwrap(),
        "--today",
        "2026-11-20",
    ];
    args.extend_from_slice(extra);
    isms(&args)
}

#[test]
fn a_2013_soa_of_114_controls_becomes_93_with_the_new_ones_left_to_check() {
    let dir = temp_copy("valid/minimal");
    let old = dir.path().join("soa-2013.toml");
    soa_2013(&old);
    let before = std::fs::read(dir.path().join("soa.toml")).unwrap();
    let refused = migrate(dir.path(), &old, &[]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(std::fs::read(dir.path().join("soa.toml")).unwrap(), before);

    use std::os::unix::fs::PermissionsExt;
    let target = dir.path().join("soa.toml");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = migrate(dir.path(), &old, &["--force", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mode = std::fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640, "the replaced soa.toml keeps its mode");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["entries"], 114);
    let undecided: Vec<&str> = report["undecided"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let new = [
        "A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11", "A.8.12", "A.8.16",
        "A.8.23", "A.8.28",
    ];
    assert_eq!(undecided, new);
    let split = &report["split"][0];
    assert_eq!(split["from"], "A.18.2.3");
    assert_eq!(split["to"], serde_json::json!(["A.5.36", "A.8.8"]));
    let merged = report["merged"].as_array().unwrap();
    let a51 = merged.iter().find(|c| c["id"] == "A.5.1").unwrap();
    assert_eq!(a51["from"], serde_json::json!(["A.5.1.1", "A.5.1.2"]));
    assert_eq!(a51["status"], "partial");
    let carried = report["carried"].as_array().unwrap().len();
    assert_eq!(carried + merged.len() + undecided.len(), 93);

    let text = std::fs::read_to_string(dir.path().join("soa.toml")).unwrap();
    assert!(text.starts_with("#:schema ./schemas/soa.schema.json\n"));
    assert!(text.contains("approved_by = \"alice\""));
    assert!(text.contains(
        "justification = \"A.5.1.1: Policies for information security: why.\\nA.5.1.2: Review of the policies for information security: why.\""
    ));
    // A.11.1.6 (delivery and loading areas) was excluded, but A.7.2 also
    // comes from the applicable A.11.1.2: applicable, with a note.
    assert!(text.contains("A.11.1.6 (excluded in 2013): "), "{text}");
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let mut flagged: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            assert_eq!(d["code"], "E003", "{d}");
            let m = d["message"].as_str().unwrap();
            m[m.rfind('(').unwrap() + 1..m.rfind(')').unwrap()].to_string()
        })
        .collect();
    flagged.sort_by(|a, b| natord::compare(a, b));
    let mut want: Vec<String> = new.iter().map(ToString::to_string).collect();
    want.sort_by(|a, b| natord::compare(a, b));
    assert_eq!(flagged, want, "{json}");
}

#[test]
fn a_2013_sheet_with_lenient_headers_migrates_and_a_bad_one_writes_nothing() {
    let dir = temp_copy("valid/minimal");
    std::fs::remove_file(dir.path().join("soa.toml")).unwrap();
    let sheet = dir.path().join("soa-2013.csv");
    // The 2013 template's reason marks: LR, CO, BR/BP, RRA.
    let mut csv =
        String::from("Control ID,Applicability,Implementation Status,Rationale,LR,CO,BR/BP,RRA\n");
    for (id, _) in controls_2013() {
        csv.push_str(&format!("{id},Yes,Implemented,Needed for {id},X,,,✓\n"));
    }
    std::fs::write(&sheet, &csv).unwrap();
    let run = migrate(dir.path(), &sheet, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("merged ("), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("A.5.7 Threat intelligence: new in 2022"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(dir.path().join("soa.toml")).unwrap();
    assert!(
        text.contains("owner = \"owner\""),
        "placeholders without a head"
    );
    assert!(
        text.contains("applicable = true\nreasons = [\"risk\", \"legal\"]\n"),
        "{text}"
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Control ID,Applicability\nA.9.2.1,Yes\nA.9.2.1,No\nA.5.15,Yes\nA.9.9.9,maybe\n",
    )
    .unwrap();
    let other = tempfile::tempdir().unwrap();
    let run = migrate(other.path(), &bad, &[]);
    assert_eq!(run.code, 1);
    for want in [
        "row 3, column A (id): `A.9.2.1` is in the sheet twice (first on row 2)",
        "row 4, column A (id): `A.5.15` is a 2022 control id",
        "row 5, column A (id): `A.9.9.9` is not an ISO/IEC 27001:2013",
        "row 5, column B (applicable): `maybe` is not true or false",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
    assert!(!other.path().join("soa.toml").exists());
}

/// `isms migrate assets`: the free-text names of a tree's risks become
/// asset records, the risks name their ids and nothing else of them
/// changes, and the tree still checks clean.
#[test]
fn migrate_assets_turns_names_into_records_and_keeps_every_other_byte() {
    let dir = temp_copy("valid/minimal");
    let tree = dir.path().to_str().unwrap();
    let before = std::fs::read_to_string(dir.path().join("risks/R-001.md")).unwrap();
    let dry = isms(&[
        "migrate",
        "assets",
        tree,
        "--dry-run",
        "--today",
        "2026-11-20",
    ]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stdout
            .contains("would create assets/AST-001.md \"Email\", owner bob, named by R-001"),
        "{}",
        dry.stdout
    );
    assert!(
        !dir.path().join("assets").exists(),
        "a dry run writes nothing"
    );

    let run = isms(&["migrate", "assets", tree, "--today", "2026-11-20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = std::fs::read_to_string(dir.path().join("risks/R-001.md")).unwrap();
    assert_eq!(
        after,
        before.replace(
            r#"assets = ["Email", "SSO"]"#,
            r#"assets = ["AST-001", "AST-002"]"#
        )
    );
    let sso = std::fs::read_to_string(dir.path().join("assets/AST-002.md")).unwrap();
    assert!(
        sso.contains("title = \"SSO\"") && sso.contains("owner = \"bob\""),
        "{sso}"
    );
    assert!(
        !sso.contains("reviewed ="),
        "left for its owner to review: {sso}"
    );
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(json["errors"], 0, "{json:#}");
    assert_eq!(code, 0);

    let again = isms(&["migrate", "assets", tree, "--today", "2026-11-20"]);
    assert!(
        again.stdout.contains("nothing to migrate"),
        "{}",
        again.stdout
    );
}
