//! `isms import risks|soa|assets|suppliers|obligations FILE`: create or update records from a sheet,
//! matching rows by id. Headers are matched leniently (see `columns`),
//! values strictly. Every row is validated first; any error (sheet, row,
//! column, value, what was expected) means nothing is written, and then
//! every file is written or none (`output::Batch`). Every sheet takes one
//! path (`plan`): an update changes only the fields whose value differs,
//! each where it stands (`load::edit`), so the body, comments and fields
//! the sheet does not carry stay as they were (importing an export
//! changes no byte); a new risk or register entry is made from the kind's template, a new
//! SoA entry appended to soa.toml. What a new row must give is its
//! schema's `required`.

mod entries;
mod plan;
mod rows;
mod scale;

use std::collections::HashMap;

use anyhow::Result;
use serde_json::Value;

use std::cell::RefCell;

use super::cells::{self, Problem, header};
use super::columns::{self, Col};
use super::record::Template;
use super::soa_rows;
use super::{EXIT_ERRORS, EXIT_OK};
use crate::check::Resolver;
use crate::cli::{ImportArgs, ImportWhat};
use crate::load::edit::Seg;
use crate::load::{DiskFs, KindSpec, RecordKind, Tree};
use crate::model::{Asset, Obligation, Risk, RiskMethod, Supplier};
use crate::sheet;
use plan::{Found, New, Plan, Target};

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
        ImportWhat::Obligations => columns::OBLIGATIONS,
    };
    let mut problems = Vec::new();
    let today = crate::model::today(None);
    let mut plan = Plan::new(&dir, today);
    let importer = Importer {
        tree: &tree,
        refs: Resolver::new(&tree),
        dir: &dir,
        method: tree.config.as_ref().map(|c| &c.data.risk),
        maps: maps(cols, &args.map)?,
        said: RefCell::default(),
        renumber: args.renumber,
        rescale: args.rescale,
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
        // The record kind of a sheet of records (None: the SoA's entries).
        let spec: Option<&'static KindSpec> = match args.what {
            ImportWhat::Risks => Some(&Risk::SPEC),
            ImportWhat::Soa => None,
            ImportWhat::Assets => Some(&Asset::SPEC),
            ImportWhat::Suppliers => Some(&Supplier::SPEC),
            ImportWhat::Obligations => Some(&Obligation::SPEC),
        };
        let id = |id: &str| match spec {
            Some(spec) => importer.record_id(spec, id),
            None => importer.control(id),
        };
        let rows = importer.rows(&grid, &header, &id, &mut problems, &mut notes);
        if args.what == ImportWhat::Risks {
            importer.scales(&grid, &header, &rows, &mut problems);
        }
        target = match (args.what, spec) {
            (ImportWhat::Risks, _) => importer.risks(&mut problems)?,
            (_, None) => importer.soa(&mut problems),
            (_, Some(spec)) => Some(importer.register(spec)?),
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
    /// `--rescale N`: the sheet scores 1 to N; numbers are mapped onto the
    /// tree's scales.
    rescale: Option<u32>,
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

    /// A register's rows (assets, suppliers, obligations): its record
    /// files, new ones from the template, whose defaults (an asset's type
    /// and status, a supplier's criticality and status, an obligation's
    /// cadence and status) stand when the sheet has no such column.
    fn register(&self, spec: &'static KindSpec) -> Result<Target<'t>> {
        let tree = self.tree;
        let Some(sheet) = columns::REGISTERS.iter().find(|r| r.kind == spec.schema) else {
            anyhow::bail!("the {} has no sheet to import", spec.list_title);
        };
        let records: HashMap<String, (Value, crate::diag::FileId)> =
            super::export::kind_records(tree, spec.schema)
                .into_iter()
                .map(|(v, file)| (v["id"].as_str().unwrap_or("").to_string(), (v, file)))
                .collect();
        let find = move |id: &str| {
            let (data, file) = records.get(id)?;
            let rel = tree.sources.get(*file).path.clone();
            Some(Found {
                current: data.clone(),
                label: rel.clone(),
                rel,
                record: true,
                table: Vec::new(),
            })
        };
        let fs = DiskFs::new(self.dir)?;
        let template = Template::read(&fs, spec)?;
        let mut required = columns::required(columns::row_schema(sheet.rows));
        required.retain(|k| !sheet.defaulted.contains(k));
        Ok(Target::new(
            sheet.cols,
            required,
            Box::new(find),
            New::File(spec, template),
        )
        .keyed(sheet.keyed))
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
