//! `isms import risks|soa|assets|suppliers FILE`: create or update records from a sheet,
//! matching rows by id. Headers are matched leniently (see `columns`),
//! values strictly. Every row is validated first; any error (sheet, row,
//! column, value, what was expected) means nothing is written, and then
//! every file is written or none (`output::Batch`). Every sheet takes one
//! path (`plan`): an update changes only the fields whose value differs,
//! each where it stands (`load::edit`), so the body, comments and fields
//! the sheet does not carry stay as they were (importing an export
//! changes no byte); a new risk, asset or supplier is made from the kind's template, a new
//! SoA entry appended to soa.toml. What a new row must give is its
//! schema's `required`.

mod plan;

use std::collections::HashMap;

use anyhow::Result;
use serde_json::Value;

use std::cell::RefCell;

use super::cells::{self, Header, Problem, boolean, date, enum_value, header, split, split_list};
use super::columns::{self, Axis, Col, Ty};
use super::record::Template;
use super::soa_rows;
use super::values;
use super::{EXIT_ERRORS, EXIT_OK};
use crate::check::Resolver;
use crate::cli::{ImportArgs, ImportWhat};
use crate::load::edit::Seg;
use crate::load::{DiskFs, KindSpec, RecordKind, Tree, next_id};
use crate::model::{Asset, Person, Risk, RiskMethod, Supplier};
use crate::schema::Kind;
use crate::sheet::{self, CellIn, Sheet};
use plan::{Found, New, Plan, Target, Values};

/// Run `isms import`.
pub fn run(args: &ImportArgs) -> Result<u8> {
    if !args.file.is_file() {
        anyhow::bail!("{}: no such file", args.file.display());
    }
    let dir = super::tree_dir(args.dir.as_deref());
    // Errors elsewhere in the tree do not stop an import: a row whose
    // record does not load is refused by itself, and soa.toml's undecided
    // controls are what `import soa` decides.
    let (tree, _) = crate::load::load_dir(&dir)?;
    let grid = sheet::read(&args.file, args.sheet.as_deref())?;
    let cols = match args.what {
        ImportWhat::Risks => columns::RISKS,
        ImportWhat::Soa => columns::SOA,
        ImportWhat::Assets => columns::ASSETS,
        ImportWhat::Suppliers => columns::SUPPLIERS,
    };
    let mut problems = Vec::new();
    let today = crate::pipeline::Options::new(&dir).check_date();
    let mut plan = Plan::new(&dir, today);
    let importer = Importer {
        tree: &tree,
        refs: Resolver::new(&tree),
        dir: &dir,
        method: tree.config.as_ref().map(|c| &c.data.risk),
        maps: maps(cols, &args.map)?,
        said: RefCell::default(),
        renumber: args.renumber,
        taken: RefCell::default(),
        today,
        missing: RefCell::default(),
    };
    let target;
    let mut notes = Vec::new();
    if let Some(header) = header(&grid, cols, &mut problems) {
        for (c, label, why) in &header.not_read {
            let at = sheet::column_letter(c + grid.first_col);
            notes.push((
                format!("column {at} ({label}) is not read: {why}"),
                Vec::new(),
            ));
        }
        let rows = match args.what {
            ImportWhat::Risks => importer.rows(
                &grid,
                &header,
                &|id| importer.record_id(&Risk::SPEC, id),
                &mut problems,
                &mut notes,
            ),
            ImportWhat::Soa => importer.rows(
                &grid,
                &header,
                &|id| importer.control(id),
                &mut problems,
                &mut notes,
            ),
            ImportWhat::Assets => importer.rows(
                &grid,
                &header,
                &|id| importer.record_id(&Asset::SPEC, id),
                &mut problems,
                &mut notes,
            ),
            ImportWhat::Suppliers => importer.rows(
                &grid,
                &header,
                &|id| importer.record_id(&Supplier::SPEC, id),
                &mut problems,
                &mut notes,
            ),
        };
        target = match args.what {
            ImportWhat::Risks => importer.risks(&mut problems)?,
            ImportWhat::Soa => importer.soa(&mut problems),
            ImportWhat::Assets => Some(importer.register(&Asset::SPEC)?),
            ImportWhat::Suppliers => Some(importer.register(&Supplier::SPEC)?),
        };
        if let Some(target) = &target {
            for row in rows {
                plan.row(target, row, &mut problems)?;
            }
        }
    }
    let report = std::mem::take(&mut plan.report);
    let batch = plan.finish(&mut problems);
    let file = args.file.display();
    if !problems.is_empty() {
        for line in cells::placed(&file.to_string(), &grid, &problems) {
            eprintln!("error: {line}");
        }
        eprintln!(
            "error: {} problem(s) in {file}; nothing was written",
            problems.len()
        );
        let missing = importer.missing.take();
        if !missing.is_empty() {
            eprintln!("\nhelp: add the people the sheet names to isms.toml:\n");
            for text in &missing {
                eprint!("{}", person_entry(text));
            }
        }
        return Ok(EXIT_ERRORS);
    }
    let verb = if args.dry_run { "would " } else { "" };
    for (note, rows) in &notes {
        if rows.is_empty() {
            eprintln!("note: {note}");
        } else {
            eprintln!("note: {}: {note}", cells::rows_text(&grid, rows));
        }
    }
    for line in &report {
        super::outln(&format!("{verb}{line}"))?;
    }
    if report.is_empty() {
        super::outln(&format!(
            "nothing to change: the tree already says what {file} says"
        ))?;
    }
    if !args.dry_run {
        batch.commit()?;
    }
    Ok(EXIT_OK)
}

/// The `--map COLUMN:VALUE=VALUE` options, each column one of `cols`.
fn maps(cols: &'static [Col], given: &[String]) -> Result<Vec<(&'static Col, String, String)>> {
    given
        .iter()
        .map(|m| {
            let parsed = m.split_once(':').and_then(|(c, rest)| {
                let (from, to) = rest.split_once('=')?;
                Some((c, from, to))
            });
            let Some((c, from, to)) = parsed else {
                anyhow::bail!("--map {m}: write it as COLUMN:VALUE=VALUE (status:Ongoing=partial)");
            };
            let Some(col) = columns::find(cols, c) else {
                let names: Vec<&str> = cols.iter().map(|c| c.name).collect();
                anyhow::bail!(
                    "--map {m}: no column `{c}` in this sheet (columns: {})",
                    names.join(", ")
                );
            };
            Ok((col, columns::normalise(from), to.trim().to_string()))
        })
        .collect()
}

/// Date fields that record what has happened (never after today).
const PAST: &[&str] = &["/identified", "/reviewed", "/acceptance/on"];

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

/// A `[[person]]` entry for an owner written `text` (a name or a role).
fn person_entry(text: &str) -> String {
    let id: String = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let s = crate::load::edit::toml_string(text);
    format!(
        "[[person]]\nid = {}\nname = {s} # the sheet's `{text}`: keep it as the name or the role, and write the other\nrole = {s}\n\n",
        crate::load::edit::toml_string(&id)
    )
}

/// An import into a tree: reads a sheet's rows against the tree (its
/// people, controls and risk method) and finds, for each, the record or
/// entry it creates or updates.
struct Importer<'t> {
    tree: &'t Tree,
    /// Judges people and controls as `isms check` does.
    refs: Resolver<'t>,
    dir: &'t std::path::Path,
    method: Option<&'t RiskMethod>,
    /// `--map`: a column's written value and the value it stands for.
    maps: Vec<(&'static Col, String, String)>,
    /// What the cell being read was read as, when not as written.
    said: RefCell<Vec<String>>,
    /// `--renumber`: a row whose id is not a risk id gets the next free one.
    renumber: bool,
    /// The ids a renumbered row must not take: the sheet's and the new ones.
    taken: RefCell<Vec<String>>,
    /// The day new ids are numbered for.
    today: chrono::NaiveDate,
    /// Owners that are nobody in isms.toml, as written.
    missing: RefCell<Vec<String>>,
}

impl<'t> Importer<'t> {
    /// The risk register's rows: risk files, new ones from the template.
    fn risks(&self, problems: &mut Vec<Problem>) -> Result<Option<Target<'t>>> {
        let tree = self.tree;
        if self.method.is_none() {
            problems.push(Problem {
                row: None,
                col: None,
                message: "isms.toml does not load, and its risk method is what scores are read \
                          against; fix it first (`isms check`)"
                    .into(),
            });
            return Ok(None);
        }
        let by_id: HashMap<&str, usize> = tree
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| (r.data.id.as_str(), i))
            .collect();
        let find = move |id: &str| {
            let rec = &tree.risks[*by_id.get(id)?];
            let rel = tree.sources.get(rec.file).path.clone();
            Some(Found {
                current: serde_json::to_value(&rec.data).unwrap_or(Value::Null),
                label: rel.clone(),
                rel,
                record: true,
                table: Vec::new(),
            })
        };
        let fs = DiskFs::new(self.dir)?;
        let template = Template::read(&fs, &Risk::SPEC)?;
        Ok(Some(Target::new(
            columns::RISKS,
            columns::required(columns::row_schema(columns::RISK_ROWS)),
            Box::new(find),
            New::File(&Risk::SPEC, template),
        )))
    }

    /// A register's rows (assets, suppliers): its record files, new ones
    /// from the template, whose defaults (an asset's type and status, a
    /// supplier's criticality and status) stand when the sheet has no
    /// such column.
    fn register(&self, spec: &'static KindSpec) -> Result<Target<'t>> {
        let tree = self.tree;
        let (cols, rows) = match spec.schema {
            Kind::Supplier => (columns::SUPPLIERS, columns::SUPPLIER_ROWS),
            _ => (columns::ASSETS, columns::ASSET_ROWS),
        };
        let find = move |id: &str| {
            let (data, file) = match spec.schema {
                Kind::Supplier => {
                    let rec = tree.suppliers.iter().find(|s| s.data.id == id)?;
                    (serde_json::to_value(&rec.data), rec.file)
                }
                _ => {
                    let rec = tree.assets.iter().find(|a| a.data.id == id)?;
                    (serde_json::to_value(&rec.data), rec.file)
                }
            };
            let rel = tree.sources.get(file).path.clone();
            Some(Found {
                current: data.unwrap_or(Value::Null),
                label: rel.clone(),
                rel,
                record: true,
                table: Vec::new(),
            })
        };
        let fs = DiskFs::new(self.dir)?;
        let template = Template::read(&fs, spec)?;
        let mut required = columns::required(columns::row_schema(rows));
        required.retain(|k| !["type", "criticality", "status"].contains(k));
        // A contract's keys are all optional: a row sets those it gives.
        Ok(
            Target::new(cols, required, Box::new(find), New::File(spec, template))
                .keyed(&["contract"]),
        )
    }

    /// The SoA's rows: the `[[control]]` entries of soa.toml, new ones
    /// appended.
    fn soa(&self, problems: &mut Vec<Problem>) -> Option<Target<'t>> {
        let whole = |message: String| Problem {
            row: None,
            col: None,
            message,
        };
        let entries = match soa_rows::entries(self.tree, self.dir) {
            Ok(Some(entries)) => entries,
            Ok(None) => {
                problems.push(whole(
                    "the tree has no soa.toml to import into (`isms init` writes one)".into(),
                ));
                return None;
            }
            Err(e) => {
                problems.push(whole(e));
                return None;
            }
        };
        let rel = "soa.toml".to_string();
        let file = rel.clone();
        let find = move |id: &str| {
            let i = entries.iter().position(|c| c.id == id)?;
            Some(Found {
                current: entries[i].fields.clone(),
                label: format!("{file} {id}"),
                rel: file.clone(),
                record: false,
                table: vec![Seg::Key("control"), Seg::Index(i)],
            })
        };
        Some(Target::new(
            columns::SOA,
            columns::required(columns::row_schema(columns::SOA_ROWS)),
            Box::new(find),
            New::Entry {
                rel,
                key: "control",
            },
        ))
    }
}

impl Importer<'_> {
    /// Parse every row: (row index, id, values), reporting problems.
    fn rows(
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
            if let Some(id) = id {
                out.push((r, id, values));
            }
        }
        out
    }

    /// One cell as a field value, strictly.
    fn value(&self, col: &Col, cell: &CellIn) -> Result<Option<Value>, String> {
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
            Ty::List => Value::from(split(&raw)),
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
    fn record_id(&self, spec: &'static KindSpec, id: &str) -> Result<String, String> {
        if self.tree.is_broken(spec.schema, id) {
            return Err(format!(
                "{} does not load, so this row cannot update it; fix it first (`isms check`)",
                super::record::record_rel(spec, id)
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
    fn control(&self, id: &str) -> Result<String, String> {
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
    fn person(&self, text: &str) -> Result<String, String> {
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
}
