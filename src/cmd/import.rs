//! `isms import risks|soa FILE`: create or update records from a sheet,
//! matching rows by id. Headers are matched leniently (see `columns`),
//! values strictly. Every row is validated first; any error (sheet, row,
//! column, value, what was expected) means nothing is written. An update
//! changes only the fields whose value differs, each where it stands
//! (`load::edit`), so the body, comments and fields the sheet does not
//! carry stay as they were: importing an export changes no byte.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde_json::Value;

use super::cells::{Header, Problem, boolean, date, enum_value, header, place, split};
use super::columns::{self, Axis, Col, Ty};
use super::{EXIT_ERRORS, EXIT_OK};
use crate::catalogue::Catalogue;
use crate::cli::{ImportArgs, ImportWhat};
use crate::load::Tree;
use crate::load::edit::{self, Change, Seg};
use crate::model::RiskMethod;
use crate::sheet::{self, CellIn, Grid};

/// A file to write.
struct Write {
    path: PathBuf,
    text: String,
    create: bool,
}

/// Run `isms import`.
pub fn run(args: &ImportArgs) -> Result<u8> {
    let dir = super::tree_dir(args.dir.as_deref());
    let (tree, diags) = crate::load::load_dir(&dir)?;
    if diags
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error)
    {
        eprintln!(
            "error: the tree has errors that keep records from loading; fix them first (`isms check`)"
        );
        return Ok(EXIT_ERRORS);
    }
    let grid = sheet::read(&args.file)?;
    let cols = match args.what {
        ImportWhat::Risks => columns::RISKS,
        ImportWhat::Soa => columns::SOA,
    };
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut report = Vec::new();
    if let Some(header) = header(&grid, cols, &mut problems) {
        let cx = Cx {
            tree: &tree,
            dir: &dir,
            method: tree.config.as_ref().map(|c| &c.data.risk),
        };
        match args.what {
            ImportWhat::Risks => cx.risks(&grid, &header, &mut problems, &mut out, &mut report)?,
            ImportWhat::Soa => cx.soa(&grid, &header, &mut problems, &mut out, &mut report)?,
        }
    }
    let file = args.file.display();
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("error: {}", place(&file.to_string(), &grid, p));
        }
        eprintln!(
            "error: {} problem(s) in {file}; nothing was written",
            problems.len()
        );
        return Ok(EXIT_ERRORS);
    }
    let verb = if args.dry_run { "would " } else { "" };
    for line in &report {
        super::outln(&format!("{verb}{line}"))?;
    }
    if report.is_empty() {
        super::outln(&format!(
            "nothing to change: the tree already says what {file} says"
        ))?;
    }
    if !args.dry_run {
        for w in &out {
            if w.create {
                crate::output::create_new(&w.path, w.text.as_bytes())?;
            } else {
                crate::output::replace_atomic(&w.path, w.text.as_bytes())?;
            }
        }
    }
    Ok(EXIT_OK)
}

struct Cx<'t> {
    tree: &'t Tree,
    dir: &'t std::path::Path,
    method: Option<&'t RiskMethod>,
}

/// One row's values: field pointer to value (None: an empty optional).
type Values<'c> = Vec<(&'c Col, Option<Value>)>;

impl Cx<'_> {
    /// Parse every row: (row index, id, values), reporting problems.
    fn rows<'c>(
        &self,
        grid: &Grid,
        header: &Header<'c>,
        id_ok: &dyn Fn(&str) -> Result<(), String>,
        problems: &mut Vec<Problem>,
    ) -> Vec<(usize, String, Values<'c>)> {
        let mut out = Vec::new();
        let mut first_row: HashMap<String, usize> = HashMap::new();
        for (r, row) in grid.rows.iter().enumerate().skip(header.data_from) {
            if row.iter().all(CellIn::is_blank) {
                continue;
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
                    if let Err(e) = id_ok(&v) {
                        problems.push(at(e));
                    } else if let Some(prev) = first_row.insert(v.clone(), r) {
                        problems.push(at(format!(
                            "`{v}` is in the sheet twice (first on row {})",
                            prev + grid.first_row
                        )));
                    } else {
                        id = Some(v);
                    }
                    continue;
                }
                if matches!(col.ty, Ty::Derived(_)) {
                    continue;
                }
                match self.value(col.ty, &row[c]) {
                    Ok(v) => values.push((col, v)),
                    Err(e) => problems.push(at(e)),
                }
            }
            if let Some(id) = id {
                out.push((r, id, values));
            }
        }
        out
    }

    /// One cell as a field value, strictly.
    fn value(&self, ty: Ty, cell: &CellIn) -> Result<Option<Value>, String> {
        let text = cell.text().trim().to_string();
        let shown = if text.is_empty() {
            "an empty cell".to_string()
        } else {
            format!("`{text}`")
        };
        if cell.is_blank() {
            return match ty {
                Ty::Text => Ok(Some(Value::from(""))),
                Ty::List | Ty::Controls | Ty::EnumList(_) => Ok(Some(Value::Array(Vec::new()))),
                Ty::OptPerson | Ty::OptScore(_) | Ty::OptEnum(_) | Ty::OptDate => Ok(None),
                _ => Err(format!("{shown}: this column needs a value here")),
            };
        }
        let raw = match cell {
            CellIn::Text(t) => t.clone(),
            other => other.text(),
        };
        Ok(Some(match ty {
            Ty::Title => Value::from(text),
            Ty::Text => Value::from(raw),
            Ty::Id | Ty::Derived(_) => Value::from(text),
            Ty::Person | Ty::OptPerson => Value::from(self.person(&text)?),
            Ty::Score(axis) | Ty::OptScore(axis) => Value::from(self.score(axis, cell, &text)?),
            Ty::Enum(allowed) | Ty::OptEnum(allowed) => Value::from(enum_value(allowed, &text)?),
            Ty::Date | Ty::OptDate => Value::from(date(cell, &text)?.to_string()),
            Ty::List => Value::from(split(&raw)),
            Ty::Controls => {
                let cat = Catalogue::get();
                let ids = split(&raw);
                for id in &ids {
                    if cat.control(id).is_none() {
                        let hint = cat
                            .suggest_control(id)
                            .map_or(String::new(), |s| format!("; did you mean {s}?"));
                        return Err(format!(
                            "`{id}` is not an Annex A 2022 control id (A.5.1 to A.8.34){hint}"
                        ));
                    }
                }
                Value::from(ids)
            }
            Ty::EnumList(allowed) => {
                let items: Result<Vec<&str>, String> =
                    split(&raw).iter().map(|s| enum_value(allowed, s)).collect();
                Value::from(items?)
            }
            Ty::Bool => Value::from(boolean(cell, &text)?),
        }))
    }

    fn person(&self, id: &str) -> Result<String, String> {
        let people: Vec<&str> = self
            .tree
            .config
            .iter()
            .flat_map(|c| c.data.person.iter().map(|p| p.id.as_str()))
            .collect();
        if people.contains(&id) {
            return Ok(id.to_string());
        }
        let hint = crate::diag::closest(id, people.iter().copied())
            .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
        Err(format!("`{id}` is not a person id of isms.toml{hint}"))
    }

    fn score(&self, axis: Axis, cell: &CellIn, text: &str) -> Result<u32, String> {
        let (labels, what) = match (self.method, axis) {
            (Some(m), Axis::Likelihood) => (&m.likelihood[..], "likelihood"),
            (Some(m), Axis::Impact) => (&m.impact[..], "impact"),
            (None, _) => (&[][..], "the"),
        };
        let n = labels.len();
        let by_number = match cell {
            CellIn::Number(f) if f.fract() == 0.0 => Some(*f as i64),
            _ => text.parse::<i64>().ok(),
        };
        let found = match by_number {
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

    fn risks(
        &self,
        grid: &Grid,
        header: &Header<'_>,
        problems: &mut Vec<Problem>,
        out: &mut Vec<Write>,
        report: &mut Vec<String>,
    ) -> Result<()> {
        let id_ok = |id: &str| {
            if crate::load::kinds::is_risk_id(id) {
                Ok(())
            } else {
                Err(format!("`{id}` is not a risk id such as R-007"))
            }
        };
        let rows = self.rows(grid, header, &id_ok, problems);
        let by_id: HashMap<&str, usize> = self
            .tree
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| (r.data.id.as_str(), i))
            .collect();
        for (r, id, values) in rows {
            let accept = acceptance(&values);
            if let Err(e) = &accept {
                problems.push(Problem {
                    row: Some(r),
                    col: None,
                    message: e.clone(),
                });
                continue;
            }
            let accept = accept.unwrap_or(Acceptance::Absent);
            let plain: Values<'_> = values
                .into_iter()
                .filter(|(c, _)| !c.ptr.starts_with("/acceptance/"))
                .collect();
            match by_id.get(id.as_str()) {
                Some(&i) => {
                    let rec = &self.tree.risks[i];
                    let current = serde_json::to_value(&rec.data).unwrap_or(Value::Null);
                    let path = self.tree.sources.get(rec.file).path.clone();
                    let full = self.dir.join(&path);
                    let text = std::fs::read_to_string(&full)
                        .with_context(|| format!("reading {}", full.display()))?;
                    let mut changes = Vec::new();
                    let mut said = Vec::new();
                    for (col, v) in &plain {
                        let key = &col.ptr[1..];
                        let old = current.get(key);
                        if old != v.as_ref() {
                            said.push(format!("{key} {} -> {}", show(old), show(v.as_ref())));
                            changes.push(Change {
                                table: Vec::new(),
                                key,
                                value: v.as_ref().map(|v| toml_value(col.ty, v)),
                                after: &[],
                            });
                        }
                    }
                    let old_acc = current.get("acceptance");
                    if let Acceptance::Set(new) = &accept
                        && old_acc != new.as_ref()
                    {
                        said.push(format!(
                            "acceptance {} -> {}",
                            show(old_acc),
                            show(new.as_ref())
                        ));
                        match acceptance_changes(&text, new.as_ref()) {
                            Ok(mut c) => changes.append(&mut c),
                            Err(e) => problems.push(Problem {
                                row: Some(r),
                                col: None,
                                message: format!("{id}: {e}"),
                            }),
                        }
                    }
                    if changes.is_empty() {
                        continue;
                    }
                    match edit::change_record(&text, &changes) {
                        Ok(new) => {
                            report.push(format!("change {path}: {}", said.join(", ")));
                            out.push(Write {
                                path: full,
                                text: new,
                                create: false,
                            });
                        }
                        Err(e) => problems.push(Problem {
                            row: Some(r),
                            col: None,
                            message: format!("{path}: {e:#}"),
                        }),
                    }
                }
                None => {
                    let rel = format!("risks/{id}.md");
                    match new_risk(&id, &plain, &accept) {
                        Ok(text) => {
                            report.push(format!("create {rel}"));
                            out.push(Write {
                                path: self.dir.join(&rel),
                                text,
                                create: true,
                            });
                        }
                        Err(e) => problems.push(Problem {
                            row: Some(r),
                            col: None,
                            message: format!("{id} is a new risk: {e}"),
                        }),
                    }
                }
            }
        }
        Ok(())
    }

    fn soa(
        &self,
        grid: &Grid,
        header: &Header<'_>,
        problems: &mut Vec<Problem>,
        out: &mut Vec<Write>,
        report: &mut Vec<String>,
    ) -> Result<()> {
        let cat = Catalogue::get();
        let id_ok = |id: &str| {
            if cat.control(id).is_some() {
                Ok(())
            } else {
                let hint = cat
                    .suggest_control(id)
                    .map_or(String::new(), |s| format!("; did you mean {s}?"));
                Err(format!("`{id}` is not an Annex A 2022 control id{hint}"))
            }
        };
        let rows = self.rows(grid, header, &id_ok, problems);
        let Some(soa) = &self.tree.soa else {
            problems.push(Problem {
                row: None,
                col: None,
                message: "the tree has no soa.toml to import into (`isms init` writes one)".into(),
            });
            return Ok(());
        };
        let path = self.dir.join("soa.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let mut changes = Vec::new();
        let mut appended = String::new();
        for (r, id, values) in &rows {
            match soa.data.control.iter().position(|c| c.id == *id) {
                Some(i) => {
                    let current = serde_json::to_value(&soa.data.control[i]).unwrap_or(Value::Null);
                    let mut said = Vec::new();
                    for (col, v) in values {
                        let key = &col.ptr[1..];
                        let old = current.get(key);
                        if old != v.as_ref() {
                            said.push(format!("{key} {} -> {}", show(old), show(v.as_ref())));
                            changes.push(Change {
                                table: vec![Seg::Key("control"), Seg::Index(i)],
                                key,
                                value: v.as_ref().map(|v| toml_value(col.ty, v)),
                                after: &["id", "applicable", "reasons", "status"],
                            });
                        }
                    }
                    if !said.is_empty() {
                        report.push(format!("change soa.toml {id}: {}", said.join(", ")));
                    }
                }
                None => {
                    let required = columns::required(columns::row_schema(columns::SOA_ROWS));
                    if required
                        .iter()
                        .any(|k| *k != "id" && !values.iter().any(|(c, _)| c.name == *k))
                    {
                        problems.push(Problem {
                            row: Some(*r),
                            col: None,
                            message: format!("{id} is not in soa.toml yet: the sheet needs an applicable column to add it"),
                        });
                        continue;
                    }
                    appended.push_str(&format!("\n[[control]]\nid = {}\n", edit::toml_string(id)));
                    for (col, v) in values {
                        if let Some(v) = v {
                            appended.push_str(&format!(
                                "{} = {}\n",
                                &col.ptr[1..],
                                toml_value(col.ty, v).decorated("", "")
                            ));
                        }
                    }
                    report.push(format!("add {id} to soa.toml"));
                }
            }
        }
        if changes.is_empty() && appended.is_empty() {
            return Ok(());
        }
        match edit::change_toml(&text, &changes) {
            Ok(mut new) => {
                if !appended.is_empty() && !new.ends_with('\n') {
                    new.push('\n');
                }
                new.push_str(&appended);
                out.push(Write {
                    path,
                    text: new,
                    create: false,
                });
            }
            Err(e) => problems.push(Problem {
                row: None,
                col: None,
                message: format!("soa.toml: {e:#}"),
            }),
        }
        Ok(())
    }
}

/// What a row says about a risk's acceptance.
enum Acceptance {
    /// The sheet has no acceptance columns.
    Absent,
    /// The acceptance (None: none).
    Set(Option<Value>),
}

fn acceptance(values: &Values<'_>) -> Result<Acceptance, String> {
    let part = |name: &str| {
        values
            .iter()
            .find(|(c, _)| c.name == name)
            .map(|(_, v)| v.clone())
    };
    let (by, on, expires) = (
        part("acceptance_by"),
        part("acceptance_on"),
        part("acceptance_expires"),
    );
    if by.is_none() && on.is_none() && expires.is_none() {
        return Ok(Acceptance::Absent);
    }
    match (by.flatten(), on.flatten(), expires.flatten()) {
        (None, None, None) => Ok(Acceptance::Set(None)),
        (Some(by), Some(on), Some(expires)) => Ok(Acceptance::Set(Some(serde_json::json!({
            "by": by, "on": on, "expires": expires
        })))),
        _ => Err("an acceptance needs all of acceptance_by, acceptance_on and acceptance_expires (or none)".into()),
    }
}

/// The changes that set a risk's acceptance: its keys where an
/// `[acceptance]` table stands, else one inline table.
fn acceptance_changes(text: &str, new: Option<&Value>) -> Result<Vec<Change<'static>>, String> {
    let table = crate::load::split_front_matter(text)
        .ok()
        .and_then(|(toml, _, _)| toml.parse::<toml_edit::DocumentMut>().ok())
        .is_some_and(|d| d.get("acceptance").is_some_and(toml_edit::Item::is_table));
    match (table, new) {
        (true, Some(v)) => Ok(["by", "on", "expires"]
            .into_iter()
            .map(|k| Change {
                table: vec![Seg::Key("acceptance")],
                key: k,
                value: v.get(k).map(|x| toml_value(if k == "by" { Ty::Text } else { Ty::Date }, x)),
                after: &[],
            })
            .collect()),
        (true, None) => Err("the sheet removes the acceptance, which is an [acceptance] table here: remove it by hand".into()),
        (false, v) => Ok(vec![Change {
            table: Vec::new(),
            key: "acceptance",
            value: v.map(|v| {
                let mut t = toml_edit::InlineTable::new();
                t.insert("by", toml_value(Ty::Text, &v["by"]));
                t.insert("on", toml_value(Ty::Date, &v["on"]));
                t.insert("expires", toml_value(Ty::Date, &v["expires"]));
                toml_edit::Value::InlineTable(t)
            }),
            after: &["reviewed", "identified"],
        }]),
    }
}

/// A new risk record from a row.
fn new_risk(id: &str, values: &Values<'_>, accept: &Acceptance) -> Result<String, String> {
    let required = columns::required(columns::row_schema(columns::RISK_ROWS));
    let missing: Vec<&str> = required
        .into_iter()
        .filter(|k| *k != "id" && !values.iter().any(|(c, v)| c.name == *k && v.is_some()))
        .collect();
    if !missing.is_empty() {
        return Err(format!("it needs {}", missing.join(", ")));
    }
    let mut text = format!(
        "+++\n#:schema ../schemas/risk.schema.json\nid = {}\n",
        edit::toml_string(id)
    );
    for (col, v) in values {
        if let Some(v) = v {
            text.push_str(&format!(
                "{} = {}\n",
                &col.ptr[1..],
                toml_value(col.ty, v).decorated("", "")
            ));
        }
    }
    if let Acceptance::Set(Some(v)) = accept {
        text.push_str(&format!(
            "\n[acceptance]\nby = {}\non = {}\nexpires = {}\n",
            edit::toml_string(v["by"].as_str().unwrap_or_default()),
            v["on"].as_str().unwrap_or_default(),
            v["expires"].as_str().unwrap_or_default()
        ));
    }
    text.push_str("+++\n");
    Ok(text)
}

/// A field value as TOML: dates as dates, the rest as JSON says.
fn toml_value(ty: Ty, v: &Value) -> toml_edit::Value {
    match v {
        Value::String(s) if matches!(ty, Ty::Date | Ty::OptDate) => match s.parse::<NaiveDate>() {
            Ok(d) => edit::date_value(d),
            Err(_) => toml_edit::Value::from(s.as_str()),
        },
        Value::String(s) => {
            // A basic string, escaped, as records write them.
            edit::toml_string(s)
                .parse::<toml_edit::Value>()
                .unwrap_or_else(|_| toml_edit::Value::from(s.as_str()))
        }
        Value::Number(n) => toml_edit::Value::from(n.as_i64().unwrap_or(0)),
        Value::Bool(b) => toml_edit::Value::from(*b),
        Value::Array(a) => {
            let mut arr = toml_edit::Array::new();
            for x in a {
                arr.push(toml_value(Ty::Text, x));
            }
            toml_edit::Value::Array(arr)
        }
        _ => toml_edit::Value::from(v.to_string()),
    }
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(Value::String(s)) if s.chars().count() > 40 => {
            format!("{:?}", s.chars().take(37).collect::<String>() + "...")
        }
        Some(v) => v.to_string(),
    }
}
