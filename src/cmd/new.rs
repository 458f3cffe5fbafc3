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

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde_json::Value;

use super::init::toml_string;
use super::{EXIT_ERRORS, EXIT_OK};
use crate::cli::NewArgs;
use crate::load::{DiskFs, KindSpec, TreeFs, kinds, next_id};

/// The built-in template of a kind, by name.
fn builtin(name: &str) -> Option<&'static str> {
    Some(match name {
        "risk" => include_str!("../../templates/records/risk.md"),
        "audit" => include_str!("../../templates/records/audit.md"),
        "review" => include_str!("../../templates/records/review.md"),
        "incident" => include_str!("../../templates/records/incident.md"),
        _ => return None,
    })
}

/// The names `isms new` takes: every record kind.
pub fn kind_names() -> Vec<&'static str> {
    kinds::specs().iter().map(|s| s.name).collect()
}

/// Run `isms new`.
pub fn run(args: &NewArgs) -> Result<u8> {
    let Some(spec) = kinds::specs().iter().find(|s| s.name == args.kind) else {
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
    let rel = format!("templates/records/{}.md", spec.name);
    let (template, from) = match fs.read(&rel).with_context(|| format!("reading {rel}"))? {
        Some(bytes) => (
            String::from_utf8(bytes).with_context(|| format!("{rel} is not UTF-8 text"))?,
            rel.clone(),
        ),
        None => match builtin(spec.name) {
            Some(t) => (t.to_string(), "the built-in template".to_string()),
            None => (from_schema(spec), "the schema".to_string()),
        },
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

/// A template for a kind without a built-in one: its required fields, from
/// its schema, each with an empty value of its type.
fn from_schema(spec: &KindSpec) -> String {
    let schema = spec.schema.schema();
    let mut out = String::from("+++\n#:schema {{schema}}\n");
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let props = schema.get("properties");
    for key in required {
        let value = match key {
            "id" => "{{id}}".to_string(),
            "title" => "{{title}}".to_string(),
            _ => empty_value(schema, props.and_then(|p| p.get(key))),
        };
        let _ = writeln!(out, "{key} = {value}");
    }
    out.push_str("+++\n\n");
    out
}

/// An empty TOML value of a property's type.
fn empty_value(root: &Value, prop: Option<&Value>) -> String {
    let Some(mut p) = prop else {
        return "\"\"".into();
    };
    if let Some(target) = p
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#"))
        .and_then(|ptr| root.pointer(ptr))
    {
        p = target;
    }
    if let Some(first) = p
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.to_string();
    }
    match (
        p.get("type").and_then(Value::as_str),
        p.get("format").and_then(Value::as_str),
    ) {
        (Some("string"), Some("date")) => "{{today}}".into(),
        (_, Some("date-time")) => "{{now}}".into(),
        (Some("string"), _) if p.get("pattern").is_some() => "{{now}}".into(),
        (Some("integer" | "number"), _) => "0".into(),
        (Some("boolean"), _) => "false".into(),
        (Some("array"), _) => "[]".into(),
        (Some("object"), _) => "{}".into(),
        _ => "\"\"".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_kind_gets_a_template_that_parses() {
        for spec in kinds::specs() {
            let t = builtin(spec.name).map_or_else(|| from_schema(spec), str::to_string);
            let text = fill(
                &t,
                spec.id_example,
                "A \"quoted\" {{id}}",
                day("2027-01-01"),
                spec,
            );
            let (toml, _, _) = crate::load::split_front_matter(&text).unwrap();
            let table: toml::Table = toml.parse().unwrap();
            assert_eq!(table["id"].as_str(), Some(spec.id_example), "{}", spec.name);
            assert!(toml.starts_with("#:schema ../schemas/"));
            let generated = from_schema(spec);
            let text = fill(&generated, spec.id_example, "T", day("2027-01-01"), spec);
            let (toml, _, _) = crate::load::split_front_matter(&text).unwrap();
            assert!(toml.parse::<toml::Table>().is_ok(), "{text}");
        }
    }
}
