//! Columns that add entries to a record's array of tables: a supplier's
//! certifications (`/certification/-/name`, `/certification/-/valid_until`)
//! and its last review (`/review/-/on`, `/review/-/by`, `/review/-/outcome`).
//! A cell may list several (`ISO/IEC 27001; SOC 2 Type II` beside
//! `2027-06-30; 2026-12-31`), the columns of a group read side by side. An
//! entry the record already holds (every key the sheet gives equal) changes
//! nothing; any other is appended as a new `[[certification]]` or
//! `[[review]]`, since a renewal or a review is a new entry, never an edit
//! of the last. Entries are never removed. Export shows, of each record, the
//! entries such a sheet would hold.

use serde_json::{Map, Value};

use super::super::columns::{Col, Ty, appended};
use super::plan::Values;
use crate::load::edit;

/// The entries one row gives for one array of tables.
pub(super) struct Group {
    /// The array of tables (`certification`).
    pub key: &'static str,
    /// Its columns the sheet has, each with its key in an entry.
    cols: Vec<(&'static Col, &'static str)>,
    /// The entries, each an object of the keys given.
    entries: Vec<Map<String, Value>>,
}

/// Take the entry columns out of `values`: the rest, and the groups they
/// make, or what is wrong with them (cells of a group listing different
/// numbers of entries).
pub(super) fn take(values: &Values) -> Result<(Values, Vec<Group>), String> {
    let mut rest = Vec::new();
    let mut groups: Vec<(Group, Vec<Vec<Value>>)> = Vec::new();
    for (col, v) in values {
        let Some((key, field)) = appended(col) else {
            rest.push((*col, v.clone()));
            continue;
        };
        let items = match v {
            None => Vec::new(),
            Some(Value::Array(a)) => a.clone(),
            Some(one) => vec![one.clone()],
        };
        let i = match groups.iter().position(|(g, _)| g.key == key) {
            Some(i) => i,
            None => {
                let group = Group {
                    key,
                    cols: Vec::new(),
                    entries: Vec::new(),
                };
                groups.push((group, Vec::new()));
                groups.len() - 1
            }
        };
        groups[i].0.cols.push((col, field));
        groups[i].1.push(items);
    }
    let mut out = Vec::new();
    for (mut group, lists) in groups {
        let n = lists.iter().map(Vec::len).max().unwrap_or(0);
        if let Some(short) = lists.iter().position(|l| !l.is_empty() && l.len() != n) {
            let names: Vec<&str> = group.cols.iter().map(|(c, _)| c.name).collect();
            return Err(format!(
                "{} lists {} entr{} where {} lists {n}: give each {} in the same order",
                group.cols[short].0.name,
                lists[short].len(),
                if lists[short].len() == 1 { "y" } else { "ies" },
                names.join(" and "),
                group.key
            ));
        }
        for i in 0..n {
            let entry: Map<String, Value> = group
                .cols
                .iter()
                .zip(&lists)
                .filter_map(|((_, k), l)| Some((k.to_string(), l.get(i)?.clone())))
                .collect();
            group.entries.push(entry);
        }
        out.push(group);
    }
    Ok((rest, out))
}

impl Group {
    /// The entries the record (whose array of tables is `current`) does
    /// not hold yet, each as its `key = value` lines; or what a new entry
    /// lacks of `required`.
    pub fn missing(
        &self,
        current: Option<&Value>,
        required: &[&str],
    ) -> Result<Vec<(String, String)>, String> {
        let held = current
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let mut out = Vec::new();
        for e in &self.entries {
            let recorded = held
                .iter()
                .any(|h| e.iter().all(|(k, v)| h.get(k) == Some(v)));
            if recorded {
                continue;
            }
            let lacks: Vec<&str> = required
                .iter()
                .copied()
                .filter(|k| !e.contains_key(*k))
                .collect();
            if !lacks.is_empty() {
                return Err(format!(
                    "a new {} needs {} (the sheet gives {})",
                    self.key,
                    lacks.join(" and "),
                    e.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
                ));
            }
            let mut body = String::new();
            let mut said = Vec::new();
            for (col, k) in &self.cols {
                if let Some(v) = e.get(*k) {
                    let ty = if matches!(col.ty, Ty::DateList) {
                        Ty::Date
                    } else {
                        col.ty
                    };
                    let value = super::plan::toml_value(ty, v).decorated("", "");
                    body.push_str(&format!("{k} = {value}\n"));
                    said.push(value.to_string());
                }
            }
            out.push((format!("{} + {}", self.key, said.join(" ")), body));
        }
        Ok(out)
    }
}

/// The text of record `text` with `bodies` appended, each under its
/// array of tables.
pub(super) fn append(text: String, bodies: &[(&str, String)]) -> anyhow::Result<String> {
    bodies.iter().try_fold(text, |text, (key, body)| {
        edit::append_table(&text, key, body).map(|e| e.text)
    })
}
