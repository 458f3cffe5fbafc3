//! `isms new KIND [--title T]`: a new record of any kind of
//! [`kinds::specs`], with the next free id in the tree's own style, from a
//! template: the tree's `templates/records/KIND.md` when it has one, else
//! the built-in one, else (a kind without a built-in template) one made
//! from the kind's schema. Prints the path; never overwrites a file.
//!
//! Templates are Markdown records with placeholders: `{{id}}`, `{{title}}`
//! (TOML strings, quoted), `{{bare_id}}`, `{{title_text}}` (plain text),
//! `{{today}}` (a TOML date), `{{now}}` (a TOML date-time) and `{{schema}}`
//! (the relative path of the kind's JSON Schema, for `#:schema`).

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::init::toml_string;
use super::{EXIT_ERRORS, EXIT_OK};
use crate::cli::NewArgs;
use crate::load::{DiskFs, KindSpec, TreeFs, kinds, next_id};

/// The names `isms new` takes: every record kind.
pub fn kind_names() -> Vec<&'static str> {
    kinds::specs().iter().map(|s| s.name()).collect()
}

/// Run `isms new`.
pub fn run(args: &NewArgs) -> Result<u8> {
    let Some(spec) = kinds::specs().iter().find(|s| s.name() == args.kind) else {
        bail!(
            "unknown record kind `{}`; kinds are: {}",
            args.kind,
            kind_names().join(", ")
        );
    };
    let dir = super::tree_dir(args.dir.as_deref());
    if !dir.join("isms.toml").is_file() {
        eprintln!(
            "error: {} has no isms.toml: not an ISMS tree (`isms init` starts one)",
            dir.display()
        );
        return Ok(EXIT_ERRORS);
    }
    if let Some(t) = &args.title
        && t.chars().any(char::is_control)
    {
        eprintln!("error: --title must be one line of text");
        return Ok(EXIT_ERRORS);
    }
    let today = args.today.unwrap_or_else(crate::model::system_today);
    let fs = DiskFs::new(&dir).with_context(|| format!("reading {}", dir.display()))?;
    let existing =
        next_id::ids_on_disk(&fs, spec).with_context(|| format!("listing {}/", spec.folder))?;
    let id = next_id::next_free(spec, &existing, today);
    let rel = format!("templates/records/{}.md", spec.name());
    let (template, from) = match fs.read(&rel).with_context(|| format!("reading {rel}"))? {
        Some(bytes) => (
            String::from_utf8(bytes).with_context(|| format!("{rel} is not UTF-8 text"))?,
            rel.clone(),
        ),
        None => (
            spec.template.to_string(),
            "the built-in template".to_string(),
        ),
    };
    let title = args.title.as_deref().unwrap_or("");
    let text = fill(&template, &id, title, today, spec);
    if let Err((_, why)) = crate::load::split_front_matter(&text) {
        bail!("{from} does not make a record: {why}");
    }
    if let Ok((toml, _, _)) = crate::load::split_front_matter(&text)
        && let Err(e) = toml.parse::<toml::Table>()
    {
        bail!(
            "{from} does not make valid TOML front matter: {}",
            e.message()
        );
    }
    let path = dir.join(spec.folder).join(format!("{id}.md"));
    crate::output::create_new(&path, text.as_bytes())?;
    // Relative to where the command runs: `risks/R-032.md`, not `./risks/...`.
    let shown = path.strip_prefix(".").unwrap_or(&path);
    super::outln(&shown.display().to_string())?;
    Ok(EXIT_OK)
}

/// Fill a template's placeholders in one pass (a title holding `{{id}}`
/// stays as written).
fn fill(template: &str, id: &str, title: &str, today: NaiveDate, spec: &KindSpec) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let value = match &after[..end] {
            "id" => Some(toml_string(id)),
            "bare_id" => Some(id.to_string()),
            "title" => Some(toml_string(title)),
            "title_text" => Some(title.to_string()),
            "today" => Some(today.to_string()),
            "now" => Some(format!("{today}T00:00:00Z")),
            "schema" => Some(format!("../schemas/{}.schema.json", spec.schema.name())),
            _ => None,
        };
        match value {
            Some(v) => {
                out.push_str(&v);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_kind_gets_a_template_that_loads() {
        // Each kind's template, filled, is a record the loader accepts
        // (schema and all) in a valid tree: only the people it leaves for
        // the user to name are reported, by the checker.
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal");
        for spec in kinds::specs() {
            let text = fill(
                spec.template,
                spec.id_example,
                "A \"quoted\" {{id}}",
                day("2027-01-01"),
                spec,
            );
            let (toml, _, _) = crate::load::split_front_matter(&text).unwrap();
            assert!(toml.starts_with("#:schema ../schemas/"));
            let dir = tempfile::tempdir().unwrap();
            copy_dir(&fixture, dir.path());
            std::fs::create_dir_all(dir.path().join(spec.folder)).unwrap();
            let rel = format!("{}/{}.md", spec.folder, spec.id_example);
            std::fs::write(dir.path().join(&rel), &text).unwrap();
            let (tree, diags) = crate::load::load_dir(dir.path()).unwrap();
            let here: Vec<String> = diags
                .iter()
                .filter(|d| d.file.is_some_and(|f| tree.sources.get(f).path == rel))
                .map(|d| format!("{}: {}", d.code, d.message))
                .collect();
            assert!(here.is_empty(), "{rel} from the template: {here:?}\n{text}");
            let ids: Vec<&str> = kinds::records(&tree)
                .iter()
                .filter(|r| r.spec.schema == spec.schema)
                .map(|r| r.id)
                .collect();
            assert!(ids.contains(&spec.id_example), "{rel} did not load");
        }
    }

    fn copy_dir(from: &Path, to: &Path) {
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy_dir(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
    }
}
