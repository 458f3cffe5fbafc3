//! New records, written one way: from their kind's template (the tree's
//! own `templates/records/KIND.md` when it has one, else the built-in one,
//! else one made from the kind's schema), with its `#:schema` line, its
//! placeholders filled, and then the fields a command gives set through
//! `load::edit`: where the template has them (its comments kept), else
//! after the keys the command names. `isms new`, `isms evidence new` and
//! `isms import` create records only through [`Template`].
//!
//! Templates are Markdown records with placeholders: `{{id}}`, `{{title}}`
//! (TOML strings, quoted), `{{bare_id}}`, `{{title_text}}` (plain text),
//! `{{today}}` (a TOML date), `{{now}}` (a TOML date-time) and `{{schema}}`
//! (the relative path of the kind's JSON Schema, for `#:schema`).

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde_json::Value;

use crate::load::edit::{self, Change};
use crate::load::{KindSpec, TreeFs};

/// The built-in template of a kind, by name.
fn builtin(name: &str) -> Option<&'static str> {
    Some(match name {
        "risk" => include_str!("../../templates/records/risk.md"),
        "audit" => include_str!("../../templates/records/audit.md"),
        "review" => include_str!("../../templates/records/review.md"),
        "incident" => include_str!("../../templates/records/incident.md"),
        "evidence" => include_str!("../../templates/records/evidence.md"),
        _ => return None,
    })
}

/// The template new records of a kind are made from.
#[derive(Debug, Clone)]
pub struct Template {
    /// The kind.
    spec: &'static KindSpec,
    /// The template's text.
    text: String,
    /// Where it comes from, for messages: `templates/records/risk.md`,
    /// "the built-in template" or "the schema".
    from: String,
}

impl Template {
    /// The template of kind `spec` in the tree `fs`.
    pub fn read(fs: &dyn TreeFs, spec: &'static KindSpec) -> Result<Template> {
        let rel = format!("templates/records/{}.md", spec.name);
        let (text, from) = match fs.read(&rel).with_context(|| format!("reading {rel}"))? {
            Some(bytes) => (
                String::from_utf8(bytes).with_context(|| format!("{rel} is not UTF-8 text"))?,
                rel,
            ),
            None => match builtin(spec.name) {
                Some(t) => (t.to_string(), "the built-in template".to_string()),
                None => (from_schema(spec), "the schema".to_string()),
            },
        };
        Ok(Template { spec, text, from })
    }

    /// The text of new record `id`: the template with its placeholders
    /// filled, then each of `fields` (top-level keys, or keys of its
    /// tables) set. An error when the template does not make a record or
    /// does not take a field.
    pub fn render(
        &self,
        id: &str,
        title: &str,
        today: NaiveDate,
        fields: &[Change<'_>],
    ) -> Result<String> {
        let from = &self.from;
        let text = fill(&self.text, id, title, today, self.spec);
        let toml = match crate::load::split_front_matter(&text) {
            Ok((toml, _, _)) => toml,
            Err((_, why)) => bail!("{from} does not make a record: {why}"),
        };
        if let Err(e) = toml.parse::<toml::Table>() {
            bail!(
                "{from} does not make valid TOML front matter: {}",
                e.message()
            );
        }
        if fields.is_empty() {
            return Ok(text);
        }
        edit::change_record(&text, fields)
            .with_context(|| format!("{from} does not take the fields of {id}"))
    }
}

/// The path of record `id` of kind `spec`, relative to the tree
/// (`risks/R-007.md`).
pub fn record_rel(spec: &KindSpec, id: &str) -> String {
    format!("{}/{id}.md", spec.folder)
}

/// A top-level field of a new record, set to `value`; a key the template
/// lacks goes after the first of `after` the record has (else after its
/// last key).
pub fn field<'a>(key: &'a str, value: toml_edit::Value, after: &'a [&'a str]) -> Change<'a> {
    Change {
        table: Vec::new(),
        key,
        value: Some(value),
        after,
    }
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
            "id" => Some(edit::toml_string(id)),
            "bare_id" => Some(id.to_string()),
            "title" => Some(edit::toml_string(title)),
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
    use crate::load::{RecordKind, kinds};
    use crate::model::{Evidence, Risk};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn built_in(spec: &'static KindSpec) -> Template {
        Template {
            spec,
            text: builtin(spec.name).map_or_else(|| from_schema(spec), str::to_string),
            from: "the built-in template".into(),
        }
    }

    #[test]
    fn every_kind_gets_a_template_that_parses() {
        for spec in kinds::specs() {
            let text = built_in(spec)
                .render(
                    spec.id_example,
                    "A \"quoted\" {{id}}",
                    day("2027-01-01"),
                    &[],
                )
                .unwrap();
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

    #[test]
    fn fields_are_set_where_the_template_has_them_keeping_its_comments() {
        let text = built_in(&Risk::SPEC)
            .render(
                "R-010",
                "Flood",
                day("2027-01-01"),
                &[
                    field("likelihood", 2.into(), &[]),
                    field("reviewed", edit::date_value(day("2027-01-02")), &[]),
                ],
            )
            .unwrap();
        assert!(text.starts_with(
            "+++\n#:schema ../schemas/risk.schema.json\nid = \"R-010\"\ntitle = \"Flood\"\n"
        ));
        assert!(text.contains("\nlikelihood = 2            # 1 to the length"));
        assert!(text.contains("\nidentified = 2027-01-01\nreviewed = 2027-01-02\n"));
        let text = built_in(&Evidence::SPEC)
            .render(
                "EV-003",
                "MFA report",
                day("2027-01-01"),
                &[field(
                    "soc2",
                    edit::string_array(&["CC6.1".into()]),
                    &["controls"],
                )],
            )
            .unwrap();
        assert!(
            text.contains("\ncontrols = []\nsoc2 = [\"CC6.1\"]\nevery = "),
            "{text}"
        );
        let table = Template {
            spec: &Risk::SPEC,
            text: "+++\nid = {{id}}\n[likelihood]\n+++\n".into(),
            from: "templates/records/risk.md".into(),
        };
        let err = table
            .render(
                "R-1",
                "",
                day("2027-01-01"),
                &[field("likelihood", 2.into(), &[])],
            )
            .unwrap_err();
        assert!(
            format!("{err:#}").contains("templates/records/risk.md"),
            "{err:#}"
        );
    }
}
