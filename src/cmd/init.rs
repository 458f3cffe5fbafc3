//! `isms init`: a new tree that explains itself, and `isms schema --write`:
//! the JSON Schemas where the `#:schema` lines of the files point.
//!
//! `init` refuses a folder that already holds an ISMS (isms.toml, soa.toml
//! or records) and never replaces a file: one that exists (a README of the
//! repository, say) is kept and named.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::{EXIT_ERRORS, EXIT_OK};
use crate::catalogue::Catalogue;
use crate::cli::InitArgs;
use crate::load::kinds;
use crate::schema::Kind;

const ISMS_TOML: &str = include_str!("../../templates/init/isms.toml");
const README: &str = include_str!("../../templates/init/README.md");
const WORKFLOW: &str = include_str!("../../templates/init/github/isms.yml");
const GITATTRIBUTES: &str = include_str!("../../templates/init/gitattributes");
const GITIGNORE: &str = include_str!("../../templates/init/gitignore");
const VSCODE: &str = include_str!("../../templates/init/vscode-extensions.json");

/// The folder the schemas go to inside a tree, as the directives name it.
pub const SCHEMA_DIR: &str = "schemas";

/// Run `isms init`.
pub fn run(args: &InitArgs) -> Result<u8> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let org = args.org.trim();
    if org.is_empty() || org.chars().any(char::is_control) {
        eprintln!(
            "error: --org needs the organisation's name on one line, e.g. --org \"Acme Ltd\""
        );
        return Ok(EXIT_ERRORS);
    }
    if let Some(why) = holds_an_isms(&dir)? {
        eprintln!(
            "error: {} already holds an ISMS ({why}); not touching it",
            dir.display()
        );
        return Ok(EXIT_ERRORS);
    }
    let today = crate::model::today(args.today);
    let mut files: Vec<(String, String)> = vec![
        (
            "isms.toml".into(),
            ISMS_TOML.replace("{{org}}", &toml_string(org)),
        ),
        ("soa.toml".into(), soa_toml(today)),
        ("README.md".into(), README.to_string()),
        (".github/workflows/isms.yml".into(), workflow()),
        (".gitattributes".into(), GITATTRIBUTES.to_string()),
        (".gitignore".into(), GITIGNORE.to_string()),
        (".vscode/extensions.json".into(), VSCODE.to_string()),
    ];
    for spec in kinds::specs() {
        files.push((format!("{}/.gitkeep", spec.folder), String::new()));
    }
    for &kind in Kind::ALL {
        files.push((
            format!("{SCHEMA_DIR}/{}.schema.json", kind.name()),
            kind.schema_text().to_string(),
        ));
    }
    for (rel, text) in &files {
        let path = dir.join(rel);
        if path.exists() {
            super::outln(&format!("kept    {} (it exists)", path.display()))?;
            continue;
        }
        crate::output::create_new(&path, text.as_bytes())?;
        super::outln(&format!("created {}", path.display()))?;
    }
    let shown = dir.display();
    super::outln(&format!(
        "\nnext: write the scope and rename the person `owner` in {shown}/isms.toml, then run \
         `isms check {shown}`: it lists what is left to decide in the SoA"
    ))?;
    Ok(EXIT_OK)
}

/// The CI workflow, installing isms from the repository this build names
/// (`repository` of Cargo.toml), or, when it names none, left for the
/// user: an empty `ISMS_INSTALL` stops the jobs with a message saying what
/// to set, never a placeholder URL that fails to clone.
fn workflow() -> String {
    let repo = env!("CARGO_PKG_REPOSITORY").trim();
    let install = if repo.is_empty() {
        String::new()
    } else {
        format!("--git {repo} isms")
    };
    // A JSON string is a YAML double-quoted scalar.
    let quoted = serde_json::to_string(&install).unwrap_or_else(|_| "\"\"".into());
    WORKFLOW.replace("{{install}}", &quoted)
}

/// Why `dir` already holds an ISMS, if it does.
fn holds_an_isms(dir: &Path) -> Result<Option<String>> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} exists and is not a folder", dir.display());
    }
    for file in ["isms.toml", "soa.toml"] {
        if dir.join(file).exists() {
            return Ok(Some(format!("it has {file}")));
        }
    }
    for spec in kinds::specs() {
        let folder = dir.join(spec.folder);
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let records = entries
            .filter_map(std::result::Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".md"))
            .count();
        if records > 0 {
            return Ok(Some(format!("{}/ holds {records} record(s)", spec.folder)));
        }
    }
    Ok(None)
}

pub use crate::load::edit::toml_string;

/// A new SoA: every Annex A control, titled in a comment, with
/// `applicable` and `justification` left for a person to decide.
pub fn soa_toml(today: chrono::NaiveDate) -> String {
    let mut out = String::from(
        "#:schema ./schemas/soa.schema.json\n\
         # Statement of Applicability (ISO/IEC 27001:2022 6.1.3 d): every Annex A control once.\n\
         # For each control decide `applicable = true` or `false` and say why in\n\
         # `justification`; an applicable control also needs `reasons` (any of \"risk\",\n\
         # \"legal\", \"contract\", \"business\") and a `status` (\"implemented\", \"partial\",\n\
         # \"planned\", \"not-implemented\"; once implemented, say how in `implementation`).\n\
         # `isms check` lists what is left.\n\
         standard = \"ISO/IEC 27001:2022\"\n\
         version = \"0.1\"\n\
         owner = \"owner\"\n",
    );
    out.push_str(&approval_lines(None, "owner", today));
    let mut theme = None;
    for c in &Catalogue::get().controls {
        if theme != Some(c.theme) {
            theme = Some(c.theme);
            let _ = write!(
                out,
                "\n# {rule}\n# {} {}\n# {rule}\n",
                c.theme.clause(),
                c.theme.title(),
                rule = "-".repeat(75)
            );
        }
        let _ = write!(
            out,
            "\n[[control]]\nid = \"{}\" # {}\n# applicable = true\njustification = \"\"\n",
            c.id, c.title
        );
    }
    out
}

/// The approval lines of a new soa.toml: who approved it and when, or,
/// before anyone has, the two keys commented out with an example (the SoA
/// is not approved by being written; `isms check` says it awaits approval).
pub fn approval_lines(
    approved: Option<(&str, chrono::NaiveDate)>,
    person: &str,
    today: chrono::NaiveDate,
) -> String {
    match approved {
        Some((by, on)) => format!("approved_by = {}\napproved_on = {on}\n", toml_string(by)),
        None => format!(
            "# Not approved yet: once a person has approved the SoA, record who and when\n\
             # approved_by = {}\n\
             # approved_on = {today}\n",
            toml_string(person)
        ),
    }
}

/// Run `isms schema --write DIR`: every schema as DIR/KIND.schema.json,
/// replacing older copies (they are generated, not edited).
pub fn write_schemas(dir: &Path) -> Result<u8> {
    for &kind in Kind::ALL {
        let path = dir.join(format!("{}.schema.json", kind.name()));
        crate::output::write_atomic(&path, kind.schema_text().as_bytes())?;
        super::outln(&format!("wrote {}", path.display()))?;
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_soa_lists_every_control_once_and_parses() {
        let text = soa_toml(chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap());
        let table: toml::Table = text.parse().unwrap();
        let controls = table["control"].as_array().unwrap();
        assert_eq!(controls.len(), 93);
        assert!(controls.iter().all(|c| c.get("applicable").is_none()));
        assert!(text.contains(
            "id = \"A.8.34\" # Protection of information systems during audit testing\n"
        ));
    }

    #[test]
    fn names_are_toml_strings() {
        let name = "A \"B\" \\ C # 'D'";
        let t: toml::Table = format!("v = {}", toml_string(name)).parse().unwrap();
        assert_eq!(t["v"].as_str(), Some(name));
    }
}
