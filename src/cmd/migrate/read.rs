//! Reading the old SoA: a soa.toml with 2013 ids, or a sheet read through
//! the SoA columns of `isms import` with a 2013 id column. Every problem is
//! collected (with row and column for a sheet) before anything is merged.

use std::collections::HashMap;
use std::path::Path;

use super::{Entry, Head};
use crate::catalogue::{Annex2013, Catalogue};
use crate::cmd::cells::{self, Problem};
use crate::cmd::columns::{self, Ty};
use crate::model::Soa;
use crate::sheet::{self, CellIn};

/// The entries and document fields of FILE, or every problem with it.
pub fn read(path: &Path) -> Result<(Vec<Entry>, Option<Head>), Vec<String>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let shown = path.display().to_string();
    if ext.as_deref() == Some("toml") {
        let text = std::fs::read_to_string(path).map_err(|e| vec![format!("{shown}: {e}")])?;
        let soa = soa_of(&text).map_err(|e| vec![format!("{shown}: {e}")])?;
        let head = Head {
            version: soa.version.clone(),
            owner: soa.owner.clone(),
            approved_by: soa.approver().map(str::to_string),
            approved_on: soa.approved_on,
        };
        let mut problems = Vec::new();
        let mut seen = HashMap::new();
        let mut entries = Vec::new();
        for (i, c) in soa.control.into_iter().enumerate() {
            let at = format!("{shown}, control[{i}]");
            if let Err(e) = id_ok(&c.id) {
                problems.push(format!("{at}: {e}"));
                continue;
            }
            if let Some(first) = seen.insert(c.id.clone(), i) {
                problems.push(format!(
                    "{at}: `{}` is in the SoA twice (first as control[{first}])",
                    c.id
                ));
                continue;
            }
            entries.push(Entry {
                id: c.id,
                applicable: Some(c.applicable),
                reasons: c.reasons.iter().map(ToString::to_string).collect(),
                status: c.status.map(|s| s.to_string()),
                justification: c.justification,
                implementation: c.implementation,
                owner: c.owner,
                evidence: c.evidence,
            });
        }
        return if problems.is_empty() {
            Ok((entries, Some(head)))
        } else {
            Err(problems)
        };
    }
    let grid = sheet::read(path, None).map_err(|e| vec![format!("{e:#}")])?;
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    if let Some(header) = cells::header(&grid, columns::SOA, &mut problems) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (r, row) in grid.rows.iter().enumerate().skip(header.data_from) {
            if row.iter().all(CellIn::is_blank) {
                continue;
            }
            let mut entry = Entry::default();
            let mut ok = true;
            for &(c, col) in &header.cols {
                let cell = &row[c];
                let text = cell.text().trim().to_string();
                let raw = match cell {
                    CellIn::Text(t) => t.clone(),
                    other => other.text(),
                };
                let mut fail = |message: String| {
                    problems.push(Problem {
                        row: Some(r),
                        col: Some((c, col.name.to_string())),
                        message,
                    });
                    ok = false;
                };
                let blank = cell.is_blank();
                match (col.name, col.ty) {
                    (_, Ty::Id) => match id_ok(&text) {
                        Err(e) => fail(e),
                        Ok(()) => match seen.insert(text.clone(), r) {
                            Some(prev) => fail(format!(
                                "`{text}` is in the sheet twice (first on row {})",
                                prev + grid.first_row
                            )),
                            None => entry.id = text,
                        },
                    },
                    (_, Ty::Derived(_)) => {}
                    ("applicable", _) if !blank => match cells::boolean(cell, &text) {
                        Ok(b) => entry.applicable = Some(b),
                        Err(e) => fail(e),
                    },
                    ("reasons", Ty::EnumList(allowed)) => {
                        for item in cells::split(&raw) {
                            match cells::enum_value(allowed, &item) {
                                Ok(v) => entry.reasons.push(v.to_string()),
                                Err(e) => fail(e),
                            }
                        }
                    }
                    ("status", Ty::OptEnum(allowed)) if !blank => {
                        match cells::enum_value(allowed, &text) {
                            Ok(v) => entry.status = Some(v.to_string()),
                            Err(e) => fail(e),
                        }
                    }
                    ("justification", _) => entry.justification = raw.trim().to_string(),
                    ("implementation", _) => entry.implementation = raw.trim().to_string(),
                    ("owner", _) if !blank => entry.owner = Some(text),
                    ("evidence", _) => entry.evidence = cells::split(&raw),
                    _ => {}
                }
            }
            for &(c, _, value) in &header.marks {
                match cells::marks(&row[c], value) {
                    Ok(true) if !entry.reasons.iter().any(|v| v == value) => {
                        entry.reasons.push(value.to_string());
                    }
                    Ok(_) => {}
                    Err(message) => {
                        let label = header.labels.get(&c).cloned().unwrap_or_default();
                        problems.push(Problem {
                            row: Some(r),
                            col: Some((c, label)),
                            message,
                        });
                        ok = false;
                    }
                }
            }
            if ok && !entry.id.is_empty() {
                entries.push(entry);
            }
        }
    }
    if problems.is_empty() {
        Ok((entries, None))
    } else {
        let file = path.display().to_string();
        Err(problems
            .iter()
            .map(|p| cells::place(&file, &grid, p))
            .collect())
    }
}

/// A soa.toml's text as the model reads it (dates as TOML dates).
fn soa_of(text: &str) -> Result<Soa, String> {
    fn json(v: toml::Value) -> serde_json::Value {
        match v {
            toml::Value::String(s) => s.into(),
            toml::Value::Integer(i) => i.into(),
            toml::Value::Float(f) => f.into(),
            toml::Value::Boolean(b) => b.into(),
            toml::Value::Datetime(d) => d.to_string().into(),
            toml::Value::Array(a) => a.into_iter().map(json).collect(),
            toml::Value::Table(t) => t.into_iter().map(|(k, v)| (k, json(v))).collect(),
        }
    }
    let table: toml::Table = toml::from_str(text).map_err(|e| format!("not valid TOML: {e}"))?;
    serde_json::from_value(json(toml::Value::Table(table)))
        .map_err(|e| format!("not a soa.toml: {e}"))
}

/// Whether `id` is a 2013 control id, and if not, what it looks like.
fn id_ok(id: &str) -> Result<(), String> {
    let old = Annex2013::get();
    if old.control(id).is_some() {
        return Ok(());
    }
    if Catalogue::get().control(id).is_some() {
        return Err(format!(
            "`{id}` is a 2022 control id, not a 2013 one: this SoA may already be on 2022 \
             (`isms import soa` reads a 2022 sheet)"
        ));
    }
    let hint = old
        .suggest(id)
        .map_or(String::new(), |s| format!("; did you mean {s}?"));
    Err(format!(
        "`{id}` is not an ISO/IEC 27001:2013 Annex A control id (A.5.1.1 to A.18.2.3){hint}"
    ))
}

/// The document fields of an existing soa.toml, when it has them (its
/// controls may be undecided: `isms init` writes them so).
pub fn head_of(path: &Path) -> Option<Head> {
    let text = std::fs::read_to_string(path).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    let text_of = |k: &str| {
        table
            .get(k)
            .and_then(toml::Value::as_str)
            .map(str::to_string)
    };
    let approved_on = match table.get("approved_on") {
        Some(toml::Value::Datetime(d)) => d.to_string().parse().ok(),
        _ => None,
    };
    Some(Head {
        version: text_of("version"),
        owner: text_of("owner")?,
        approved_by: text_of("approved_by").filter(|p| !p.trim().is_empty()),
        approved_on,
    })
}
