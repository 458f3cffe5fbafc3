//! New records, written one way: from their kind's template (the tree's
//! own `templates/records/KIND.md` when it has one, else the built-in one
//! the kind declares), with its `#:schema` line, its
//! placeholders filled, and then the fields a command gives set through
//! `load::edit`: where the template has them (its comments kept), else
//! after the keys the command names. `isms new`, `isms evidence new` and
//! `isms import` create records only through [`Template`].
//!
//! Templates are Markdown records with placeholders: `{{id}}`, `{{title}}`
//! (TOML strings, quoted), `{{bare_id}}`, `{{title_text}}` (plain text),
//! `{{today}}` (a TOML date), `{{now}}` (a TOML date-time) and `{{schema}}`
//! (the relative path of the kind's JSON Schema, for `#:schema`).

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::load::edit::{self, Edit};
use crate::load::{KindSpec, TreeFs};

/// The template new records of a kind are made from.
#[derive(Debug, Clone)]
pub struct Template {
    /// The kind.
    spec: &'static KindSpec,
    /// The template's text.
    text: String,
    /// Where it comes from, for messages: `templates/records/risk.md` or
    /// "the built-in template".
    from: String,
}

impl Template {
    /// The template of kind `spec` in the tree `fs`.
    pub fn read(fs: &dyn TreeFs, spec: &'static KindSpec) -> Result<Template> {
        let rel = format!("templates/records/{}.md", spec.name());
        let (text, from) = match fs.read(&rel).with_context(|| format!("reading {rel}"))? {
            Some(bytes) => (
                String::from_utf8(bytes).with_context(|| format!("{rel} is not UTF-8 text"))?,
                rel,
            ),
            None => (
                spec.template.to_string(),
                "the built-in template".to_string(),
            ),
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
        fields: &[Edit<'_>],
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
pub fn field<'a>(key: &'a str, value: toml_edit::Value, after: &'a [&'a str]) -> Edit<'a> {
    Edit {
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::{RecordKind, kinds};
    use crate::model::{Evidence, Risk};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn built_in(spec: &'static KindSpec) -> Template {
        Template {
            spec,
            text: spec.template.to_string(),
            from: "the built-in template".into(),
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
            text.contains("\nsoc2 = [\"CC6.1\"]\nevery = \"quarterly\""),
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

    #[test]
    fn every_kind_gets_a_template_that_loads() {
        // Each kind's template, filled, is a record the loader accepts
        // (schema and all) in a valid tree: only the people it leaves for
        // the user to name are reported, by the checker.
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal");
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
