//! Reading a sheet's rows against the tree: each cell parsed by its
//! column's type, mapped (`--map`), and judged as `isms check` judges the
//! record it becomes (ids, controls, people, risk scores).

use std::collections::HashMap;

use serde_json::Value;

use super::Importer;
use super::plan::Values;
use crate::cmd::cells::{Header, Problem};
use crate::cmd::cells::{boolean, date, enum_value, split, split_list};
use crate::cmd::columns::{self, Axis};
use crate::cmd::columns::{Col, Ty};
use crate::cmd::values;
use crate::load::{KindSpec, next_id};
use crate::model::Person;
use crate::schema::Kind;
use crate::sheet;
use crate::sheet::{CellIn, Sheet};

impl Importer<'_> {
    /// Parse every row: (row index, id, values), reporting problems.
    pub(super) fn rows(
        &self,
        grid: &Sheet,
        header: &Header<'static>,
        id_of: &dyn Fn(&str) -> Result<String, String>,
        problems: &mut Vec<Problem>,
        notes: &mut Vec<(String, Vec<usize>)>,
    ) -> Vec<(usize, String, Values)> {
        let mut out = Vec::new();
        let mut first_row: HashMap<String, usize> = HashMap::new();
        // Ids renumbered (`--renumber`) must not take one the sheet uses.
        if let Some(&(c, _)) = header.cols.iter().find(|(_, col)| col.ty == Ty::Id) {
            let ids = grid.rows.iter().skip(header.data_from);
            self.taken
                .borrow_mut()
                .extend(ids.map(|row| row[c].text().trim().to_string()));
        }
        let mut said = |r: usize, col: &Col| {
            for note in self.said.take() {
                let note = format!("column {} {note}", col.name);
                match notes.iter_mut().find(|(n, _)| *n == note) {
                    Some((_, rows)) => rows.push(r),
                    None => notes.push((note, vec![r])),
                }
            }
        };
        for (r, row) in grid.rows.iter().enumerate().skip(header.data_from) {
            if row.iter().all(CellIn::is_blank) {
                continue;
            }
            let csv = grid.sheets.is_empty();
            if let Some(c) = (header.width..row.len()).find(|&c| csv && !row[c].is_blank()) {
                // A CSV row read shifted has every cell wrong: say what is.
                problems.push(Problem {
                    row: Some(r),
                    col: None,
                    message: format!(
                        "the row has more cells than the header has columns (column {} \
                         holds `{}`); a value with a comma needs quotes in CSV",
                        sheet::column_letter(c + grid.first_col),
                        row[c].text().trim()
                    ),
                });
                continue;
            }
            if let Some(&(c, col)) = header.cols.iter().find(|(_, col)| col.ty == Ty::Id) {
                let v = row[c].text();
                if section(&v) {
                    self.said
                        .borrow_mut()
                        .push(format!("`{}` is a section heading: skipped", v.trim()));
                    said(r, col);
                    continue;
                }
            }
            let mut id = None;
            let mut values = Vec::new();
            for &(c, col) in &header.cols {
                let at = |message: String| Problem {
                    row: Some(r),
                    col: Some((c, col.name.to_string())),
                    message,
                };
                if col.ty == Ty::Id {
                    let v = row[c].text().trim().to_string();
                    if let Some(prev) = first_row.insert(v.clone(), r) {
                        problems.push(at(format!(
                            "`{v}` is in the sheet twice (first on row {})",
                            prev + grid.first_row
                        )));
                    } else {
                        match id_of(&v) {
                            Ok(v) => id = Some(v),
                            Err(e) => problems.push(at(e)),
                        }
                    }
                    said(r, col);
                    continue;
                }
                if matches!(col.ty, Ty::Derived(_)) {
                    continue;
                }
                let mapped = self.mapped(col, &row[c]);
                match self.value(col, mapped.as_ref().unwrap_or(&row[c])) {
                    Ok(v) => values.push((col, v)),
                    Err(e) => problems.push(at(e)),
                }
                said(r, col);
            }
            marked(header, r, row, &mut values, problems);
            if let Some(id) = id {
                out.push((r, id, values));
            }
        }
        out
    }

    /// One cell as a field value, strictly.
    pub(super) fn value(&self, col: &Col, cell: &CellIn) -> Result<Option<Value>, String> {
        let ty = col.ty;
        let text = cell.text().trim().to_string();
        let shown = if text.is_empty() {
            "an empty cell".to_string()
        } else {
            format!("`{text}`")
        };
        if cell.is_blank() {
            return match ty {
                Ty::Text => Ok(Some(Value::from(""))),
                Ty::OptText => Ok(None),
                Ty::Flag => Ok(Some(Value::Bool(false))),
                Ty::List | Ty::Controls | Ty::EnumList(_) => Ok(Some(Value::Array(Vec::new()))),
                Ty::DateList => Ok(None),
                Ty::OptPerson
                | Ty::OptScore(_)
                | Ty::OptEnum(_)
                | Ty::OptDate
                | Ty::OptCadence
                | Ty::OptRating => Ok(None),
                _ => Err(format!("{shown}: this column needs a value here")),
            };
        }
        let raw = match cell {
            CellIn::Text(t) => t.clone(),
            other => other.text(),
        };
        Ok(Some(match ty {
            Ty::Title => Value::from(text),
            Ty::Text | Ty::OptText => Value::from(raw),
            Ty::Id | Ty::Derived(_) => Value::from(text),
            Ty::Person | Ty::OptPerson => Value::from(self.person(&text)?),
            Ty::Score(axis) | Ty::OptScore(axis) => Value::from(self.score(axis, cell, &text)?),
            Ty::OptEnum(_) if values::applicability(&text) == Some(false) && text.len() > 2 => {
                // `N/A`, `Not applicable`: no status, as an empty cell.
                return Ok(None);
            }
            Ty::Enum(allowed) | Ty::OptEnum(allowed) => {
                Value::from(self.word(col, allowed, &text)?)
            }
            Ty::Date | Ty::OptDate => {
                let d = date(cell, &text)?;
                // These say what happened: a day to come is a plan (a next review).
                if PAST.contains(&col.ptr) && d > self.today {
                    return Err(format!(
                        "{d} is after today ({}): `{}` is a day that has been, and a date to \
                         come (the next review) has no column here",
                        self.today, col.name
                    ));
                }
                Value::from(d.to_string())
            }
            Ty::Cadence | Ty::OptCadence => Value::from(cadence(&text)?),
            Ty::OptRating => Value::from(self.rating(cell, &text)?),
            Ty::List => Value::from(split(&raw)),
            Ty::DateList => {
                let days: Result<Vec<String>, String> = match cell {
                    CellIn::Text(_) => split(&raw)
                        .iter()
                        .map(|d| Ok(date(&CellIn::Text(d.clone()), d)?.to_string()))
                        .collect(),
                    // One date (an xlsx date cell, a serial number).
                    one => date(one, &text).map(|d| vec![d.to_string()]),
                };
                Value::from(days?)
            }
            Ty::Controls => {
                // Every id of the cell that is not a control, not just the first.
                let (ids, bad): (Vec<_>, Vec<_>) = split_list(&raw)
                    .iter()
                    .map(|id| self.control(id))
                    .partition(Result::is_ok);
                if !bad.is_empty() {
                    let bad: Vec<String> = bad.into_iter().filter_map(Result::err).collect();
                    return Err(bad.join("; and "));
                }
                Value::from(ids.into_iter().flatten().collect::<Vec<String>>())
            }
            Ty::EnumList(allowed) => {
                let items: Result<Vec<&str>, String> = split_list(&raw)
                    .iter()
                    .map(|s| self.word(col, allowed, s))
                    .collect();
                Value::from(items?)
            }
            Ty::Bool | Ty::Flag => Value::from(boolean(cell, &text)?),
        }))
    }

    /// A `--map`ped cell: the value it stands for, if a map names it.
    fn mapped(&self, col: &Col, cell: &CellIn) -> Option<CellIn> {
        let written = columns::normalise(&cell.text());
        self.maps
            .iter()
            .find(|(c, from, _)| std::ptr::eq(*c, col) && *from == written)
            .map(|(_, _, to)| CellIn::Text(to.clone()))
    }

    /// An enum value as written, or a common word for one (said so).
    fn word(
        &self,
        col: &Col,
        allowed: &'static [&'static str],
        text: &str,
    ) -> Result<&'static str, String> {
        let Err(e) = enum_value(allowed, text) else {
            return enum_value(allowed, text);
        };
        let map = |v: &str| format!("--map '{}:{text}={v}'", col.name);
        match values::word(allowed, text) {
            values::Meaning::Value(v) => {
                self.said
                    .borrow_mut()
                    .push(format!("`{text}` read as `{v}`"));
                Ok(v)
            }
            values::Meaning::Ambiguous(could) => Err(format!(
                "`{text}` could mean {} here: say which with {} (or another of them)",
                could.join(" or "),
                map(could[0])
            )),
            values::Meaning::Unknown => Err(format!(
                "{e}; if it means one of them, {} reads it so",
                map(allowed[0])
            )),
        }
    }

    /// A row's id of kind `spec` (risk, asset): a record that loads if it
    /// exists, an id of the kind (or, `--renumber`, the next free one,
    /// said so).
    pub(super) fn record_id(&self, spec: &'static KindSpec, id: &str) -> Result<String, String> {
        if self.tree.is_broken(spec.schema, id) {
            return Err(format!(
                "{} does not load, so this row cannot update it; fix it first (`isms check`)",
                crate::cmd::record::record_rel(spec, id)
            ));
        }
        if (spec.id_shape)(id) {
            return Ok(id.to_string());
        }
        if !self.renumber || id.is_empty() {
            return Err(format!(
                "`{id}` is not a {} id such as {}: rename it in the sheet, or pass \
                 --renumber to give each such row the next free id (said for each)",
                spec.noun, spec.id_example
            ));
        }
        let mut taken = self.taken.borrow_mut();
        match spec.schema {
            Kind::Asset => taken.extend(self.tree.assets.iter().map(|a| a.data.id.clone())),
            Kind::Supplier => {
                taken.extend(self.tree.suppliers.iter().map(|s| s.data.id.clone()));
            }
            _ => taken.extend(self.tree.risks.iter().map(|r| r.data.id.clone())),
        }
        taken.extend(
            self.tree
                .broken
                .iter()
                .filter(|(schema, _)| *schema == spec.schema)
                .map(|(_, stem)| stem.clone()),
        );
        let new = next_id::next_free(spec, &taken, self.today);
        taken.push(new.clone());
        self.said.borrow_mut().push(format!(
            "`{id}` is {new} now (write {new} in the sheet before importing it again)"
        ));
        Ok(new)
    }

    /// An Annex A control id, a bare one (`8.2`) read as the control it
    /// names (said so).
    pub(super) fn control(&self, id: &str) -> Result<String, String> {
        let check = |id: &str| self.refs.check(crate::load::Target::Control, id);
        match check(id) {
            Ok(()) => Ok(id.to_string()),
            Err(e) => {
                let bare = id.split('.').count() == 2
                    && id
                        .split('.')
                        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
                let full = format!("A.{id}");
                let parts: Vec<&str> = id.strip_prefix("A.").unwrap_or(id).split('.').collect();
                let numbered = parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
                if bare && check(&full).is_ok() {
                    self.said
                        .borrow_mut()
                        .push(format!("`{id}` read as `{full}`"));
                    Ok(full)
                } else if numbered && parts.len() == 3 {
                    Err(format!(
                        "`{id}` is an ISO/IEC 27001:2013 (or 2005) control id, not a 2022 one: \
                         `isms migrate soa --from 2013 FILE` turns a 2013 SoA into a 2022 one, \
                         and a risk's controls are 2022 ids"
                    ))
                } else {
                    Err(e)
                }
            }
        }
    }

    /// A person, by id, else by name or role (said so). One nobody is
    /// is kept, so the `[[person]]` entries to add can be printed.
    pub(super) fn person(&self, text: &str) -> Result<String, String> {
        let Err(e) = self.refs.check(crate::load::Target::Person, text) else {
            return Ok(text.to_string());
        };
        let people = self
            .tree
            .config
            .as_ref()
            .map_or(&[][..], |c| &c.data.person[..]);
        let key = columns::normalise(text);
        let by = |field: fn(&Person) -> &str| -> Vec<&Person> {
            people
                .iter()
                .filter(|p| columns::normalise(field(p)) == key)
                .collect()
        };
        let mut found = by(|p| &p.name);
        if found.is_empty() {
            found = by(|p| &p.role);
        }
        match found.as_slice() {
            [one] => {
                self.said.borrow_mut().push(format!(
                    "`{text}` read as `{}` ({}, {})",
                    one.id, one.name, one.role
                ));
                Ok(one.id.clone())
            }
            [] => {
                let mut missing = self.missing.borrow_mut();
                if !missing.iter().any(|m| m == text) {
                    missing.push(text.to_string());
                }
                let hint = e
                    .split_once("did you mean")
                    .and_then(|(_, rest)| rest.split_inclusive('?').next())
                    .map(|rest| format!(" (did you mean{rest})"))
                    .unwrap_or_default();
                Err(format!(
                    "`{text}` is no person of isms.toml, by id, name or role{hint}: write a \
                     person's id, or add the [[person]] printed below"
                ))
            }
            many => {
                let ids: Vec<&str> = many.iter().map(|p| p.id.as_str()).collect();
                Err(format!(
                    "`{text}` is the role of {}: name one of them by id",
                    ids.join(" and ")
                ))
            }
        }
    }

    pub(super) fn score(&self, axis: Axis, cell: &CellIn, text: &str) -> Result<u32, String> {
        let (labels, what) = match (self.method, axis) {
            (Some(m), Axis::Likelihood) => (&m.likelihood[..], "likelihood"),
            (Some(m), Axis::Impact) => (&m.impact[..], "impact"),
            (None, _) => (&[][..], "the"),
        };
        let n = self.rescale.map_or(labels.len(), |top| top as usize);
        let by_number = match cell {
            CellIn::Number(f) if f.fract() == 0.0 => Some(*f as i64),
            _ => text.parse::<i64>().ok(),
        };
        let found = match by_number {
            Some(v) if self.rescale.is_some() => self.rescaled(v, labels),
            Some(v) if v >= 1 && (v as usize) <= n => Some(v as u32),
            Some(_) => None,
            None => labels
                .iter()
                .position(|l| l.eq_ignore_ascii_case(text))
                .map(|i| i as u32 + 1),
        };
        found.ok_or_else(|| {
            format!(
                "`{text}` is not on the {what} scale: expected 1 to {n} or one of {}",
                labels.join(", ")
            )
        })
    }
}

impl Importer<'_> {
    /// A confidentiality, integrity or availability rating: 1 to
    /// `[assets] cia_levels`, or, on the default scale of 3, Low, Medium or
    /// High (said so).
    pub(super) fn rating(&self, cell: &CellIn, text: &str) -> Result<u32, String> {
        let n = self
            .tree
            .config
            .as_ref()
            .and_then(|c| c.data.assets.as_ref())
            .map_or(3, |a| a.cia_levels);
        let by_number = match cell {
            CellIn::Number(f) if f.fract() == 0.0 => Some(*f as i64),
            _ => text.parse::<i64>().ok(),
        };
        if let Some(v) = by_number {
            return u32::try_from(v)
                .ok()
                .filter(|v| (1..=n).contains(v))
                .ok_or_else(|| format!("{v} is not on the CIA scale: expected 1 to {n}"));
        }
        let word = match text.to_lowercase().as_str() {
            "low" | "l" => 1,
            "medium" | "med" | "m" => 2,
            "high" | "h" => 3,
            _ => 0,
        };
        if n != 3 || word == 0 {
            return Err(format!(
                "`{text}` is not on the CIA scale: expected a number from 1 to {n}{}",
                if n == 3 {
                    " (or Low, Medium, High)"
                } else {
                    ""
                }
            ));
        }
        self.said
            .borrow_mut()
            .push(format!("`{text}` read as `{word}`"));
        Ok(word)
    }
}

/// Date fields that record what has happened (never after today).
const PAST: &[&str] = &["/identified", "/reviewed", "/acceptance/on", "/review/-/on"];

/// Whether an id cell is a section heading of Annex A (`A.5`, `5`,
/// `A.5 Organizational controls`) rather than a record's id.
fn section(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    let number = first
        .strip_prefix("A.")
        .unwrap_or(first)
        .trim_end_matches(['.', ':']);
    !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
}

/// The values of a row's mark columns (`X` under "Legal") added to their
/// list column (`reasons`), in the list's own order, once each.
fn marked(
    header: &Header<'static>,
    r: usize,
    row: &[CellIn],
    values: &mut super::plan::Values,
    problems: &mut Vec<Problem>,
) {
    let Some(&(_, list, _)) = header.marks.first() else {
        return;
    };
    let mut on: Vec<&str> = Vec::new();
    for &(c, _, value) in &header.marks {
        match crate::cmd::cells::marks(&row[c], value) {
            Ok(true) => on.push(value),
            Ok(false) => {}
            Err(message) => problems.push(Problem {
                row: Some(r),
                col: Some((c, header.labels.get(&c).cloned().unwrap_or_default())),
                message,
            }),
        }
    }
    let i = match values.iter().position(|(c, _)| std::ptr::eq(*c, list)) {
        Some(i) => i,
        None => {
            values.push((list, None));
            values.len() - 1
        }
    };
    let slot = &mut values[i].1;
    let mut all: Vec<String> = slot
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    all.extend(on.iter().map(|v| (*v).to_string()));
    let order = match list.ty {
        Ty::EnumList(allowed) => allowed,
        _ => &[],
    };
    all.sort_by_key(|v| order.iter().position(|a| a == v));
    all.dedup();
    *slot = Some(Value::from(all));
}

/// A cadence as the records write it (`yearly`, `6m`): as written, in
/// lower case, or a common word for one.
fn cadence(text: &str) -> Result<String, String> {
    let lower = text.to_lowercase();
    let word = match lower.as_str() {
        "annual" | "every year" | "once a year" | "12m" | "12 months" => "yearly",
        "every quarter" | "3 months" => "quarterly",
        "every month" => "monthly",
        "every 6 months" | "6 months" | "twice a year" | "biannually" | "semi-annually" => "6m",
        "every 2 years" | "2 years" | "biennially" => "2y",
        other => other,
    };
    crate::model::Cadence::parse(word)
        .map(|_| word.to_string())
        .ok_or_else(|| {
            format!(
                "`{text}` is not a cadence: write yearly, half-yearly, quarterly, monthly,                  weekly, daily, or a number and d, m or y (6m, 2y, 30d)"
            )
        })
}
