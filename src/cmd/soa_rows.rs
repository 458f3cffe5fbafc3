//! The SoA's `[[control]]` entries as sheets see them, also when soa.toml
//! does not load: a new tree's SoA lists every control undecided (no
//! `applicable` yet), which `isms check` rightly calls an error, but
//! `isms import soa` is what decides them and `isms export soa` what gives
//! the sheet to decide them in. An entry that reads as the model's is
//! shown as the model writes it; one that does not, as the file writes it.

use std::path::Path;

use serde_json::Value;

use crate::load::Tree;
use crate::model::SoaControl;

/// One entry of soa.toml: its id and fields.
pub(super) struct Entry {
    /// The control id (`A.5.1`).
    pub id: String,
    /// Its fields, as the model serialises them where it can.
    pub fields: Value,
}

/// The entries of the tree's soa.toml in file order; `Ok(None)` when the
/// tree has none, `Err` (what to fix) when the file is not TOML.
pub(super) fn entries(tree: &Tree, dir: &Path) -> Result<Option<Vec<Entry>>, String> {
    if let Some(soa) = &tree.soa {
        return Ok(Some(
            soa.data
                .control
                .iter()
                .map(|c| Entry {
                    id: c.id.clone(),
                    fields: serde_json::to_value(c).unwrap_or(Value::Null),
                })
                .collect(),
        ));
    }
    let Ok(text) = std::fs::read_to_string(dir.join("soa.toml")) else {
        return Ok(None);
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let doc: toml::Table = toml::from_str(text).map_err(|e| {
        format!(
            "soa.toml is not readable TOML ({}); fix it first (`isms check` shows where)",
            e.message()
        )
    })?;
    let list = match doc.get("control") {
        None => Vec::new(),
        Some(toml::Value::Array(list)) => list.clone(),
        Some(_) => {
            return Err(
                "soa.toml's `control` is not a list of [[control]] tables; fix it first".into(),
            );
        }
    };
    Ok(Some(
        list.into_iter()
            .map(|item| {
                let raw = serde_json::to_value(&item).unwrap_or(Value::Null);
                let fields = as_model(item.clone())
                    .or_else(|| undecided(item))
                    .unwrap_or(raw);
                Entry {
                    id: fields
                        .get("id")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    fields,
                }
            })
            .collect(),
    ))
}

/// An entry as the model writes it, if it reads as one.
fn as_model(item: toml::Value) -> Option<Value> {
    serde_json::to_value(item.try_into::<SoaControl>().ok()?).ok()
}

/// An entry that lacks only its decision (`applicable`), as the model
/// writes it (its defaults filled in) without one.
fn undecided(item: toml::Value) -> Option<Value> {
    let toml::Value::Table(mut t) = item else {
        return None;
    };
    if t.contains_key("applicable") {
        return None;
    }
    t.insert("applicable".into(), toml::Value::Boolean(false));
    let mut fields = as_model(toml::Value::Table(t))?;
    fields.as_object_mut()?.remove("applicable");
    Some(fields)
}
