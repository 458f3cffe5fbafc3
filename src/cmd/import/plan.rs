//! What an import will write, planned row by row before anything is
//! written: each row matched to its record (or to none), the fields that
//! differ set through `load::edit`, a new record made from its kind's
//! template (or a new entry appended to its file), and every problem kept
//! with its row. The same path for every sheet: a sheet says only where its
//! records are ([`Target`]).

use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde_json::Value;

use super::super::cells::Problem;
use super::super::columns::{Col, Ty};
use super::super::record::{self, Template};
use super::entries;
use crate::load::KindSpec;
use crate::load::edit::{self, Edit, Seg};
use crate::output::Batch;

/// One row's values: its columns and their values (None: an empty optional).
pub(super) type Values = Vec<(&'static Col, Option<Value>)>;

/// An entry a row appends: its array of tables, what the report says of
/// it, and its `key = value` lines.
type Appended = (&'static str, String, String);

/// What finds the record a row's id names, if there is one.
pub(super) type Finder<'t> = Box<dyn Fn(&str) -> Option<Found> + 't>;

/// Where a sheet's rows go.
pub(super) struct Target<'t> {
    /// The fields a new row must give (its schema's `required`).
    required: Vec<&'static str>,
    /// The record a row's id names, if there is one.
    find: Finder<'t>,
    /// How a row without a record is added.
    new: New,
    /// The columns, for the tables they set (`acceptance_by` ...).
    cols: &'static [Col],
    /// Where a key a record lacks goes, by key: after the first of these
    /// it has (the keys of the columns before its own, nearest first).
    anchors: Vec<(&'static str, Vec<&'static str>)>,
    /// Tables set key by key (see [`Target::keyed`]).
    keyed: &'static [&'static str],
}

/// Where a record is.
pub(super) struct Found {
    /// Its fields, as the model serialises them.
    pub current: Value,
    /// Its file, relative to the tree.
    pub rel: String,
    /// Whether the file is a record (TOML front matter) or a whole TOML file.
    pub record: bool,
    /// Its table in the file (empty: the top level).
    pub table: Vec<Seg<'static>>,
    /// What the report calls it: `risks/R-001.md`, `soa.toml A.5.1`.
    pub label: String,
}

/// How a row without a record is added.
pub(super) enum New {
    /// As a record file of its own, from the kind's template.
    File(&'static KindSpec, Template),
    /// As an entry of the array of tables `key` of the TOML file `rel`.
    Entry {
        /// The file, relative to the tree.
        rel: String,
        /// The array of tables (`control`).
        key: &'static str,
    },
}

/// A table of a record that a row sets through one column per key
/// (`acceptance_by`, `acceptance_on`, `acceptance_expires`): all or none,
/// unless the target sets it key by key.
#[derive(Clone)]
struct Table {
    /// Its key (`acceptance`).
    key: &'static str,
    /// Its columns, each with its key in the table.
    cols: Vec<(&'static Col, &'static str)>,
    /// Its value (None: no table).
    value: Option<Value>,
}

/// What will be written to one file.
struct File<'t> {
    /// Relative to the tree.
    rel: String,
    /// Its text now, or a new file's whole text.
    text: String,
    /// Whether it is new.
    new: bool,
    /// Whether it is a record (TOML front matter) or a whole TOML file.
    record: bool,
    /// Changes to make, in order.
    changes: Vec<Edit<'t>>,
    /// Entries to append: the array of tables and the entry's lines.
    entries: Vec<(&'static str, String)>,
    /// The rows that change it.
    rows: Vec<usize>,
}

impl File<'_> {
    /// File `rel` with `text`, nothing planned for it yet.
    fn new(rel: String, text: String, new: bool, record: bool) -> Self {
        File {
            rel,
            text,
            new,
            record,
            changes: Vec::new(),
            entries: Vec::new(),
            rows: Vec::new(),
        }
    }
}

/// What an import will write and say.
pub(super) struct Plan<'t> {
    /// The tree.
    dir: &'t Path,
    /// The day `{{today}}` of a template stands for.
    today: NaiveDate,
    /// The files, in the order rows first touch them.
    files: Vec<File<'t>>,
    /// What it does, a line per record.
    pub report: Vec<String>,
}

impl<'t> Plan<'t> {
    /// An empty plan for the tree in `dir`.
    pub fn new(dir: &'t Path, today: NaiveDate) -> Self {
        Plan {
            dir,
            today,
            files: Vec::new(),
            report: Vec::new(),
        }
    }

    /// Plan one row: `id` and its values, on sheet row `r`.
    pub fn row(
        &mut self,
        target: &'t Target<'_>,
        (r, id, values): (usize, String, Values),
        problems: &mut Vec<Problem>,
    ) -> Result<()> {
        let at = |message: String| on_row(r, message);
        let split = entries::take(&values)
            .and_then(|(values, groups)| Ok((split(target, &values)?, groups)));
        let ((plain, tables), groups) = match split {
            Ok(split) => split,
            Err(e) => {
                problems.push(at(e));
                return Ok(());
            }
        };
        let found = (target.find)(&id);
        let mut appended = Vec::new();
        for g in &groups {
            let current = found.as_ref().and_then(|f| f.current.get(g.key));
            match g.missing(current, &target.entry_required(g.key)) {
                Ok(new) => appended.extend(new.into_iter().map(|(line, body)| (g.key, line, body))),
                Err(e) => problems.push(at(format!("{id}: {e}"))),
            }
        }
        let Some(found) = found else {
            return self.add(target, r, &id, (&plain, &tables, &appended), problems);
        };
        let mut said = Vec::new();
        let mut changes = Vec::new();
        for (col, v) in &plain {
            let key = &col.ptr[1..];
            let old = found.current.get(key);
            if old != v.as_ref() {
                said.push(format!("{key} {} -> {}", show(old), show(v.as_ref())));
                changes.push(Edit {
                    table: found.table.clone(),
                    key,
                    value: v.as_ref().map(|v| toml_value(col.ty, v)),
                    after: target.after(key),
                });
            }
        }
        for t in &tables {
            let old = found.current.get(t.key);
            let keyed;
            let t = if target.keyed.contains(&t.key) {
                match differing(t, old) {
                    Some(d) => {
                        keyed = d;
                        &keyed
                    }
                    None => continue,
                }
            } else {
                t
            };
            if old == t.value.as_ref() {
                continue;
            }
            if target.keyed.contains(&t.key) {
                for (_, k) in &t.cols {
                    let new = t.value.as_ref().and_then(|v| v.get(*k));
                    let was = show(old.and_then(|o| o.get(*k)));
                    said.push(format!("{}.{k} {was} -> {}", t.key, show(new)));
                }
            } else {
                said.push(format!(
                    "{} {} -> {}",
                    t.key,
                    show(old),
                    show(t.value.as_ref())
                ));
            }
            let file = self.file(&found.rel, found.record)?;
            match table_changes(&self.files[file], &found.table, t, target) {
                Ok(c) => changes.extend(c),
                Err(e) => problems.push(at(format!("{id}: {e}"))),
            }
        }
        said.extend(appended.iter().map(|(_, line, _)| line.clone()));
        if said.is_empty() {
            return Ok(());
        }
        self.report
            .push(format!("change {}: {}", found.label, said.join(", ")));
        let file = self.file(&found.rel, found.record)?;
        let file = &mut self.files[file];
        file.changes.extend(changes);
        file.entries
            .extend(appended.into_iter().map(|(key, _, body)| (key, body)));
        file.rows.push(r);
        Ok(())
    }

    /// Plan a row whose id has no record yet.
    fn add(
        &mut self,
        target: &'t Target<'_>,
        r: usize,
        id: &str,
        (plain, tables, appended): (&Values, &[Table], &[Appended]),
        problems: &mut Vec<Problem>,
    ) -> Result<()> {
        let at = |message: String| on_row(r, message);
        let given = |key: &str| {
            plain.iter().any(|(c, v)| &c.ptr[1..] == key && v.is_some())
                || tables.iter().any(|t| t.key == key && t.value.is_some())
        };
        let missing: Vec<&str> = target
            .required
            .iter()
            .copied()
            .filter(|k| *k != "id" && !given(k))
            .collect();
        match &target.new {
            New::File(spec, template) => {
                let noun = spec.noun;
                if !missing.is_empty() {
                    problems.push(at(format!(
                        "{id} is a new {noun}: it needs {}",
                        missing.join(", ")
                    )));
                    return Ok(());
                }
                let rel = record::record_rel(spec, id);
                if std::fs::symlink_metadata(self.dir.join(&rel)).is_ok() {
                    problems.push(at(format!(
                        "{id} is a new {noun}, but {rel} is there already"
                    )));
                    return Ok(());
                }
                let bodies: Vec<(&str, String)> =
                    appended.iter().map(|(k, _, b)| (*k, b.clone())).collect();
                let made = self
                    .render(template, id, plain, tables, target)
                    .and_then(|text| entries::append(text, &bodies));
                match made {
                    Ok(text) => {
                        self.report.push(format!("create {rel}"));
                        let mut file = File::new(rel, text, true, true);
                        file.rows.push(r);
                        self.files.push(file);
                    }
                    Err(e) => problems.push(at(format!("{id} is a new {noun}: {e:#}"))),
                }
            }
            New::Entry { rel, key } => {
                if let [one] = missing.as_slice() {
                    problems.push(at(format!(
                        "{id} is not in {rel} yet: the sheet needs {} {one} column to add it",
                        article(one)
                    )));
                    return Ok(());
                }
                if !missing.is_empty() {
                    problems.push(at(format!(
                        "{id} is not in {rel} yet: the sheet needs the {} columns to add it",
                        missing.join(", ")
                    )));
                    return Ok(());
                }
                let mut body = format!("id = {}\n", edit::toml_string(id));
                for (col, v) in plain {
                    if let Some(v) = v {
                        let value = toml_value(col.ty, v).decorated("", "");
                        body.push_str(&format!("{} = {value}\n", &col.ptr[1..]));
                    }
                }
                for t in tables {
                    if let Some(v) = &t.value {
                        body.push_str(&format!("{} = {}\n", t.key, inline(t, v)));
                    }
                }
                let file = self.file(rel, false)?;
                let file = &mut self.files[file];
                file.entries.push((key, body));
                file.rows.push(r);
                self.report.push(format!("add {id} to {rel}"));
            }
        }
        Ok(())
    }

    /// A new record's text: its template with the row's fields.
    fn render(
        &self,
        template: &Template,
        id: &str,
        plain: &Values,
        tables: &[Table],
        target: &Target<'_>,
    ) -> Result<String> {
        let title = plain
            .iter()
            .find(|(c, _)| c.ptr == "/title")
            .and_then(|(_, v)| v.as_ref()?.as_str())
            .unwrap_or("");
        let fields: Vec<Edit<'_>> = plain
            .iter()
            .map(|(col, v)| Edit {
                table: Vec::new(),
                key: &col.ptr[1..],
                value: v.as_ref().map(|v| toml_value(col.ty, v)),
                after: target.after(&col.ptr[1..]),
            })
            .collect();
        let text = template.render(id, title, self.today, &fields)?;
        let file = File::new(String::new(), text, true, true);
        let mut changes = Vec::new();
        for t in tables.iter().filter(|t| t.value.is_some()) {
            let keyed;
            let t = if target.keyed.contains(&t.key) {
                match differing(t, None) {
                    Some(d) => {
                        keyed = d;
                        &keyed
                    }
                    None => continue,
                }
            } else {
                t
            };
            changes.extend(table_changes(&file, &[], t, target).map_err(anyhow::Error::msg)?);
        }
        edit::change_record(&file.text, &changes)
    }

    /// The index of the plan of file `rel`, read when first touched.
    fn file(&mut self, rel: &str, record: bool) -> Result<usize> {
        if let Some(i) = self.files.iter().position(|f| f.rel == rel) {
            return Ok(i);
        }
        let path = self.dir.join(rel);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        self.files
            .push(File::new(rel.to_string(), text, false, record));
        Ok(self.files.len() - 1)
    }

    /// Make every planned change, each file whole: the files to write, or
    /// (as problems) why one cannot be.
    pub fn finish(self, problems: &mut Vec<Problem>) -> Batch {
        let mut batch = Batch::default();
        for f in self.files {
            if !f.new && f.changes.is_empty() && f.entries.is_empty() {
                continue;
            }
            let row = match f.rows.as_slice() {
                [one] => Some(*one),
                _ => None,
            };
            let mut made = if f.record {
                edit::change_record(&f.text, &f.changes)
            } else {
                edit::change_toml(&f.text, &f.changes)
            };
            for (key, body) in &f.entries {
                made = made.and_then(|text| {
                    if f.record {
                        edit::append_table(&text, key, body).map(|e| e.text)
                    } else {
                        edit::append_toml(&text, key, body)
                    }
                });
            }
            match made {
                Ok(text) if f.new => batch.create(self.dir.join(&f.rel), text.into_bytes()),
                Ok(text) => batch.replace(self.dir.join(&f.rel), text.into_bytes()),
                Err(e) => problems.push(Problem {
                    row,
                    col: None,
                    message: format!("{}: {e:#}", f.rel),
                }),
            }
        }
        batch
    }
}

/// A row's values split into plain fields and the tables their columns
/// make (`/acceptance/by` ...): a table needs all its columns or none.
fn split(target: &Target<'_>, values: &Values) -> Result<(Values, Vec<Table>), String> {
    let cols = target.cols;
    let mut plain = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    for (col, v) in values {
        match col.ptr[1..].split_once('/') {
            None => plain.push((*col, v.clone())),
            Some((key, _)) if !tables.iter().any(|t| t.key == key) => tables.push(Table {
                key,
                cols: cols
                    .iter()
                    .filter_map(|c| {
                        Some((
                            c,
                            c.ptr
                                .strip_prefix('/')?
                                .strip_prefix(key)?
                                .strip_prefix('/')?,
                        ))
                    })
                    .collect(),
                value: None,
            }),
            Some(_) => {}
        }
    }
    for t in &mut tables {
        let parts: Vec<(&str, Option<&Value>)> = t
            .cols
            .iter()
            .map(|(c, k)| {
                let v = values
                    .iter()
                    .find(|(x, _)| std::ptr::eq(*x, *c))
                    .and_then(|(_, v)| v.as_ref());
                (*k, v)
            })
            .collect();
        if target.keyed.contains(&t.key) || parts.iter().all(|(_, v)| v.is_some()) {
            let obj = parts
                .into_iter()
                .filter_map(|(k, v)| Some((k.to_string(), v?.clone())))
                .collect();
            t.value = Some(Value::Object(obj));
        } else if parts.iter().any(|(_, v)| v.is_some()) {
            let names: Vec<&str> = t.cols.iter().map(|(c, _)| c.name).collect();
            let (last, rest) = names.split_last().unwrap_or((&"", &[]));
            return Err(format!(
                "{} {} needs all of {} and {last} (or none)",
                article(t.key),
                t.key,
                rest.join(", ")
            ));
        }
    }
    Ok((plain, tables))
}

/// A problem of sheet row `r` as a whole.
fn on_row(r: usize, message: String) -> Problem {
    Problem {
        row: Some(r),
        col: None,
        message,
    }
}

/// "a" or "an", as English puts it before `word`.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Of a table set key by key, the keys the row gives that differ from
/// `old` (a key it lacks counts as false or nothing), None if none does.
fn differing(t: &Table, old: Option<&Value>) -> Option<Table> {
    let v = t.value.as_ref()?;
    let was = |k: &str| match old.and_then(|o| o.get(k)) {
        Some(x) => x.clone(),
        None if v.get(k).is_some_and(Value::is_boolean) => Value::Bool(false),
        None => Value::Null,
    };
    let cols: Vec<(&'static Col, &'static str)> = t
        .cols
        .iter()
        .filter(|(_, k)| v.get(*k).is_some_and(|x| *x != was(k)))
        .copied()
        .collect();
    if cols.is_empty() {
        return None;
    }
    let obj = cols
        .iter()
        .filter_map(|(_, k)| Some((k.to_string(), v.get(*k)?.clone())))
        .collect();
    Some(Table {
        key: t.key,
        cols,
        value: Some(Value::Object(obj)),
    })
}

/// The changes that set table `t` of the table at `path` of `file`: its
/// keys where a `[table]` stands, else one inline table after the keys of
/// the columns before it.
fn table_changes<'t>(
    file: &File<'_>,
    path: &[Seg<'static>],
    t: &Table,
    target: &'t Target<'_>,
) -> Result<Vec<Edit<'t>>, String> {
    let toml = if file.record {
        crate::load::split_front_matter(&file.text)
            .map(|(toml, _, _)| toml)
            .unwrap_or("")
    } else {
        file.text.as_str()
    };
    // Whether the table is there, and whether as a `[table]`.
    let found = toml.parse::<toml_edit::DocumentMut>().ok().and_then(|doc| {
        let mut item = doc.as_item();
        for seg in path {
            item = match seg {
                Seg::Key(k) => item.get(k)?,
                Seg::Index(n) => item.get(n)?,
            };
        }
        item.get(t.key).map(toml_edit::Item::is_table)
    });
    let is_table = found == Some(true);
    let mut table = path.to_vec();
    match (is_table, &t.value) {
        (true, Some(v)) => {
            table.push(Seg::Key(t.key));
            Ok(t.cols
                .iter()
                .map(|(col, k)| Edit {
                    table: table.clone(),
                    key: k,
                    value: v.get(*k).map(|x| toml_value(col.ty, x)),
                    after: &[],
                })
                .collect())
        }
        (true, None) => Err(format!(
            "the sheet removes the {}, which is a [{}] table here: remove it by hand",
            t.key, t.key
        )),
        // Set whole, an inline table set key by key would lose the rest.
        (false, Some(_)) if found.is_some() && target.keyed.contains(&t.key) => Err(format!(
            "the {} is an inline table here: write it as a [{}] table, whose keys the sheet \
             sets one by one",
            t.key, t.key
        )),
        (false, v) => Ok(vec![Edit {
            table,
            key: t.key,
            value: v
                .as_ref()
                .map(|v| toml_edit::Value::InlineTable(inline(t, v))),
            after: target.after(t.key),
        }]),
    }
}

/// Table `t`'s value `v` as an inline table, its keys in column order.
fn inline(t: &Table, v: &Value) -> toml_edit::InlineTable {
    let mut table = toml_edit::InlineTable::new();
    for (col, k) in &t.cols {
        if let Some(x) = v.get(*k) {
            table.insert(*k, toml_value(col.ty, x));
        }
    }
    table
}

impl<'t> Target<'t> {
    /// A sheet of columns `cols` whose rows are found by `find` and added
    /// as `new` says; a new row must give `required`.
    pub fn new(
        cols: &'static [Col],
        required: Vec<&'static str>,
        find: Finder<'t>,
        new: New,
    ) -> Self {
        let mut anchors: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
        let mut before: Vec<&'static str> = Vec::new();
        for c in cols {
            // The top-level key a column sets: `acceptance` for `/acceptance/by`.
            let Some(key) = c.ptr.get(1..).and_then(|p| p.split('/').next()) else {
                continue;
            };
            if key.is_empty() || anchors.iter().any(|(k, _)| *k == key) {
                continue;
            }
            anchors.push((key, before.iter().rev().copied().collect()));
            before.push(key);
        }
        Target {
            required,
            find,
            new,
            cols,
            anchors,
            keyed: &[],
        }
    }

    /// Tables whose keys are all optional (a supplier's `contract`): a row
    /// sets the keys it gives that differ, each by itself, and a table it
    /// would add with nothing but defaults is not added.
    pub fn keyed(mut self, tables: &'static [&'static str]) -> Self {
        self.keyed = tables;
        self
    }

    /// The keys a new entry of the array of tables `key` must give, from
    /// the kind's schema.
    fn entry_required(&self, key: &str) -> Vec<&'static str> {
        match &self.new {
            New::File(spec, _) => super::super::columns::entry_required(spec.schema, key),
            New::Entry { .. } => Vec::new(),
        }
    }

    /// Where key `key` goes in a record that lacks it: after the first it
    /// has of the keys of the columns before its own, nearest first.
    fn after(&self, key: &str) -> &[&'static str] {
        self.anchors
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(&[], |(_, before)| before.as_slice())
    }
}

/// A field value as TOML: dates as dates, strings as records write them
/// (basic strings), the rest as JSON says.
pub(super) fn toml_value(ty: Ty, v: &Value) -> toml_edit::Value {
    match v {
        Value::String(s) if matches!(ty, Ty::Date | Ty::OptDate) => match s.parse::<NaiveDate>() {
            Ok(d) => edit::date_value(d),
            Err(_) => toml_edit::Value::from(s.as_str()),
        },
        Value::String(s) => edit::string_value(s),
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

/// A value as the report shows it, long text cut.
fn show(v: Option<&Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(Value::String(s)) if s.chars().count() > 40 => {
            format!("{:?}", s.chars().take(37).collect::<String>() + "...")
        }
        Some(v) => v.to_string(),
    }
}
