//! `isms export risks|soa|actions|incidents|evidence|FOLDER`: one row per
//! record (per control, per action) as CSV, xlsx or JSON; the registers
//! (assets, suppliers, obligations) in the columns `isms import` reads; a
//! record kind without a sheet of its own (audits, reviews, documents, any new kind)
//! gets one from its schema. Multi-valued cells are joined
//! with `; `, dates are ISO (real dates in xlsx), enums as the records
//! write them, Markdown kept as text. Never writes into the tree.

use std::path::Path;

use anyhow::{Result, bail};
use serde_json::Value;

use super::columns::{self, Col, Derived, Ty};
use super::soa_rows;
use super::{EXIT_ERRORS, EXIT_OK};
use crate::cli::{ExportArgs, SheetFormat};
use crate::diag::FileId;
use crate::load::kinds::{KindSpec, KindVisitor, RecordKind};
use crate::load::{Tree, kinds};
use crate::model::{ActionStatus, Risk, RiskMethod};
use crate::render::view::evidence::EvidenceItem;
use crate::sheet::{self, CellOut};

/// Run `isms export`.
pub fn run(args: &ExportArgs) -> Result<u8> {
    let dir = super::tree_dir(args.dir.as_deref());
    let (tree, diags) = crate::load::load_dir(&dir)?;
    // A sheet is refused only for errors in the files it is made of: a new
    // tree's undecided soa.toml keeps no risk out of the risk sheet, and the
    // SoA sheet is soa.toml alone, read even while it leaves controls
    // undecided (it is the sheet to decide them in, `soa_rows`).
    let sources = sources_of(&args.what);
    let mut blocking = 0;
    let mut elsewhere = std::collections::BTreeSet::new();
    for d in diags
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error && args.what != "soa")
    {
        let path = d.file.map(|f| tree.sources.get(f).path.as_str());
        match path {
            Some(p)
                if !sources
                    .iter()
                    .any(|s| p == *s || p.starts_with(&format!("{s}/"))) =>
            {
                elsewhere.insert(p.to_string());
            }
            _ => blocking += 1,
        }
    }
    if blocking > 0 {
        eprintln!(
            "error: {blocking} record error(s) keep records out of the {} sheet; `isms check` \
             lists them",
            args.what
        );
        return Ok(EXIT_ERRORS);
    }
    if !elsewhere.is_empty() {
        let files: Vec<String> = elsewhere.into_iter().collect();
        eprintln!(
            "note: errors elsewhere in the tree ({}) do not touch this sheet; `isms check` \
             lists them",
            files.join(", ")
        );
    }
    let today = crate::model::today(args.today);
    let (name, header, rows) = table(&tree, &dir, &args.what, today)?;
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let format = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, Some(p)) => format_of(p)?,
        (None, None) => SheetFormat::Csv,
    };
    let bytes = match format {
        SheetFormat::Csv => sheet::write_csv(&header, &rows)?,
        SheetFormat::Json => sheet::write_json(&header, &rows)?,
        SheetFormat::Xlsx => sheet::write_xlsx(name, &header, &rows)?,
    };
    match &args.output {
        Some(p) => crate::output::write_atomic(p, &bytes)?,
        None if format == SheetFormat::Xlsx => {
            bail!("xlsx is binary: name a file with -o FILE.xlsx")
        }
        // Through `out`, so `isms export risks | head` ends quietly.
        None => super::out(&String::from_utf8_lossy(&bytes))?,
    }
    Ok(EXIT_OK)
}

/// The files (paths or folders, relative to the ISMS root) sheet `what`
/// is made of: isms.toml always (people, the risk method), and the
/// records it lists.
fn sources_of(what: &str) -> Vec<&'static str> {
    let mut out = vec!["isms.toml"];
    match what {
        "actions" => out.extend(["risks", "audits", "reviews", "incidents"]),
        folder => out.extend(
            kinds::specs()
                .iter()
                .filter(|s| s.folder == folder)
                .map(|s| s.folder),
        ),
    }
    out
}

/// The format a file name implies.
fn format_of(path: &Path) -> Result<SheetFormat> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Ok(SheetFormat::Csv),
        Some("xlsx") => Ok(SheetFormat::Xlsx),
        Some("json") => Ok(SheetFormat::Json),
        _ => bail!(
            "{}: say --format csv, xlsx or json (or name a .csv, .xlsx or .json file)",
            path.display()
        ),
    }
}

/// A sheet: its name, header and rows.
pub type Table = (&'static str, Vec<String>, Vec<Vec<CellOut>>);

/// The sheet's name, header and rows: `what` is one of
/// [`crate::cli::EXPORT_SHEETS`] or a record kind's folder.
pub fn table(tree: &Tree, dir: &Path, what: &str, today: chrono::NaiveDate) -> Result<Table> {
    let (name, header, rows) = match what {
        "risks" => ("risks", names(columns::RISKS), risks(tree)),
        "soa" => {
            let entries = soa_rows::entries(tree, dir)
                .map_err(anyhow::Error::msg)?
                .unwrap_or_default();
            ("soa", names(columns::SOA), soa(&entries))
        }
        "actions" => {
            let (header, rows) = action_sheet(&action_rows(tree));
            ("actions", header, rows)
        }
        "incidents" => ("incidents", INCIDENTS.to_vec(), incidents(tree)),
        "evidence" => {
            let (header, rows) = evidence(tree, today);
            ("evidence", header, rows)
        }
        folder => match kinds::specs().iter().find(|s| s.folder == folder) {
            Some(spec)
                if let Some(sheet) = columns::REGISTERS.iter().find(|r| r.kind == spec.schema) =>
            {
                (spec.folder, names(sheet.cols), register(tree, sheet))
            }
            Some(spec) => {
                let (header, rows) = kind_sheet(tree, spec);
                return Ok((spec.folder, header, rows));
            }
            None => bail!("there is no sheet `{what}`"),
        },
    };
    Ok((name, header.into_iter().map(String::from).collect(), rows))
}

/// The sheet of a record kind without one of its own: a row per record, a
/// column per top-level field its schema gives a plain value (text, date,
/// number, flag, list of text), and per field of a table of plain values
/// (`target.op`, `target.value`); lists of tables (findings, approvals)
/// stay in the records.
fn kind_sheet(tree: &Tree, spec: &KindSpec) -> (Vec<String>, Vec<Vec<CellOut>>) {
    let schema: &'static Value = spec.schema.schema();
    let resolve = |p: &'static Value| -> &'static Value {
        p.get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|ptr| schema.pointer(ptr))
            .unwrap_or(p)
    };
    let properties = |p: &'static Value| {
        p.get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(move |(name, prop)| (name.as_str(), resolve(prop)))
    };
    let plain = |p: &'static Value| -> Option<Cell> {
        let ty = p.get("type").and_then(Value::as_str);
        Some(match (ty, p.get("format").and_then(Value::as_str)) {
            (Some("string"), Some("date")) => Cell::Date,
            (Some("string"), _) => Cell::Text,
            (Some("integer" | "number"), _) => Cell::Number,
            (Some("boolean"), _) => Cell::Bool,
            (Some("array"), _)
                if p.get("items").map(resolve).and_then(|i| i.get("type"))
                    == Some(&Value::from("string")) =>
            {
                Cell::List
            }
            _ => return None,
        })
    };
    // (column name, pointer into the record, how it shows)
    let mut cols: Vec<(String, String, Cell)> = Vec::new();
    for (name, p) in properties(schema) {
        if let Some(cell) = plain(p) {
            cols.push((name.to_string(), format!("/{name}"), cell));
            continue;
        }
        let fields: Option<Vec<(&str, Cell)>> = (p.get("type") == Some(&Value::from("object")))
            .then(|| {
                properties(p)
                    .map(|(n, q)| plain(q).map(|c| (n, c)))
                    .collect()
            })
            .flatten();
        for (field, cell) in fields.into_iter().flatten() {
            cols.push((format!("{name}.{field}"), format!("/{name}/{field}"), cell));
        }
    }
    let rows = kind_records(tree, spec.schema)
        .iter()
        .map(|(r, _)| {
            cols.iter()
                .map(|(_, at, cell)| cell.of(r.pointer(at)))
                .collect()
        })
        .collect();
    (cols.into_iter().map(|(name, ..)| name).collect(), rows)
}

/// How a schema-derived column shows its value.
#[derive(Clone, Copy)]
enum Cell {
    Text,
    Date,
    Number,
    Bool,
    List,
}

impl Cell {
    fn of(self, v: Option<&Value>) -> CellOut {
        let Some(v) = v.filter(|v| !v.is_null()) else {
            return CellOut::Empty;
        };
        match self {
            Cell::Date => v
                .as_str()
                .and_then(|s| s.parse().ok())
                .map_or_else(|| CellOut::Text(text(v)), CellOut::Date),
            // A whole number read as a float (`value = 95` in a number
            // field) is the number the record wrote.
            Cell::Number => v
                .as_i64()
                .or_else(|| {
                    v.as_f64()
                        .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                        .map(|f| f as i64)
                })
                .map_or_else(|| CellOut::Text(text(v)), CellOut::Int),
            Cell::Bool => v.as_bool().map_or(CellOut::Empty, CellOut::Bool),
            Cell::List => CellOut::List(v.as_array().into_iter().flatten().map(text).collect()),
            Cell::Text => CellOut::Text(text(v)),
        }
    }
}

fn text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// The records of `kind` in `tree` as the model serialises them, with
/// their files, in file order.
pub(super) fn kind_records(tree: &Tree, kind: crate::schema::Kind) -> Vec<(Value, FileId)> {
    struct Json<'t>(&'t Tree, crate::schema::Kind, Vec<(Value, FileId)>);
    impl KindVisitor for Json<'_> {
        fn visit<K: RecordKind>(&mut self) {
            if K::SPEC.schema == self.1 {
                self.2 = K::records(self.0)
                    .iter()
                    .map(|r| {
                        let v = serde_json::to_value(&r.data).unwrap_or(Value::Null);
                        (v, r.file)
                    })
                    .collect();
            }
        }
    }
    let mut json = Json(tree, kind, Vec::new());
    kinds::for_each_kind(&mut json);
    json.2
}

/// A column of a sheet of `T`s: its header and its cell.
type Column<T> = (&'static str, fn(&T) -> CellOut);

/// The header and the rows of a sheet of `items`.
fn sheet_of<T>(cols: &[Column<T>], items: &[T]) -> (Vec<&'static str>, Vec<Vec<CellOut>>) {
    let header = cols.iter().map(|(name, _)| *name).collect();
    let rows = items
        .iter()
        .map(|item| cols.iter().map(|(_, cell)| cell(item)).collect())
        .collect();
    (header, rows)
}

/// The evidence register's columns.
const EVIDENCE: &[Column<EvidenceItem>] = &[
    ("id", |e| CellOut::Text(e.id.clone())),
    ("title", |e| CellOut::Text(e.title.clone())),
    ("owner", |e| CellOut::Text(e.owner.id.clone())),
    ("controls", |e| CellOut::List(e.controls.clone())),
    ("soc2", |e| CellOut::List(e.soc2.clone())),
    ("every", |e| CellOut::Text(e.every.clone())),
    ("last_collected", |e| {
        e.last
            .as_ref()
            .map_or(CellOut::Empty, |c| CellOut::Date(c.on))
    }),
    ("next_due", |e| e.due.map_or(CellOut::Empty, CellOut::Date)),
    ("state", |e| {
        CellOut::Text(<&str>::from(e.state).to_string())
    }),
    ("collections", |e| {
        CellOut::Int(i64::try_from(e.collections.len()).unwrap_or(i64::MAX))
    }),
];

/// One row per evidence record, judged as of `today` (due soon: within 30
/// days, as `isms evidence` counts by default).
fn evidence(tree: &Tree, today: chrono::NaiveDate) -> (Vec<&'static str>, Vec<Vec<CellOut>>) {
    let mut items = crate::render::view::evidence::items(tree, today, 30);
    items.sort_by(|a, b| natord::compare(&a.id, &b.id));
    sheet_of(EVIDENCE, &items)
}

fn names(cols: &[Col]) -> Vec<&'static str> {
    cols.iter().map(|c| c.name).collect()
}

/// A field's value as a cell of a column's type.
pub fn cell(ty: Ty, v: Option<&Value>) -> CellOut {
    match v {
        None | Some(Value::Null) => CellOut::Empty,
        Some(Value::String(s)) if matches!(ty, Ty::Date | Ty::OptDate) => s
            .parse()
            .map_or_else(|_| CellOut::Text(s.clone()), CellOut::Date),
        Some(Value::String(s)) => CellOut::Text(s.clone()),
        Some(Value::Number(n)) => n
            .as_i64()
            .map_or_else(|| CellOut::Text(n.to_string()), CellOut::Int),
        Some(Value::Bool(b)) => CellOut::Bool(*b),
        Some(Value::Array(a)) => CellOut::List(
            a.iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect(),
        ),
        Some(other) => CellOut::Text(other.to_string()),
    }
}

/// A register's rows, a cell per column of its sheet, in file order.
fn register(tree: &Tree, sheet: &columns::Register) -> Vec<Vec<CellOut>> {
    kind_records(tree, sheet.kind)
        .iter()
        .map(|(json, _)| {
            sheet
                .cols
                .iter()
                .map(|c| match columns::appended(c) {
                    Some((key, field)) => {
                        let all = json.get(key).and_then(Value::as_array);
                        let values: Vec<Value> = shown(key, all.map_or(&[][..], Vec::as_slice))
                            .into_iter()
                            .filter_map(|e| e.get(field).cloned())
                            .collect();
                        match c.ty {
                            Ty::List | Ty::DateList => cell(c.ty, Some(&Value::Array(values))),
                            _ => cell(c.ty, values.first()),
                        }
                    }
                    None => cell(c.ty, json.pointer(c.ptr)),
                })
                .collect()
        })
        .collect()
}

/// Of a record's entries of array `key`, those a sheet shows: the last
/// review; the latest certification of each name.
fn shown<'v>(key: &str, entries: &'v [Value]) -> Vec<&'v Value> {
    let text = |v: &'v Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("");
    match key {
        "review" => entries
            .iter()
            .enumerate()
            // The latest day; of two on one day, the later entry.
            .max_by(|(i, a), (j, b)| (text(a, "on"), i).cmp(&(text(b, "on"), j)))
            .map(|(_, v)| v)
            .into_iter()
            .collect(),
        _ => entries
            .iter()
            .filter(|c| {
                !entries.iter().any(|o| {
                    text(o, "name") == text(c, "name")
                        && text(o, "valid_until") > text(c, "valid_until")
                })
            })
            .collect(),
    }
}

fn risks(tree: &Tree) -> Vec<Vec<CellOut>> {
    let method = tree.config.as_ref().map(|c| &c.data.risk);
    tree.risks
        .iter()
        .map(|r| {
            let json = serde_json::to_value(&r.data).unwrap_or(Value::Null);
            columns::RISKS
                .iter()
                .map(|c| match c.ty {
                    Ty::Derived(d) => risk_fact(d, &r.data, method),
                    _ => cell(c.ty, json.pointer(c.ptr)),
                })
                .collect()
        })
        .collect()
}

/// A derived column of the risk register.
fn risk_fact(d: Derived, r: &Risk, method: Option<&RiskMethod>) -> CellOut {
    match d {
        Derived::Score => CellOut::Int(i64::from(r.score())),
        Derived::ResidualScore => CellOut::Int(i64::from(r.residual_score())),
        Derived::Level => method
            .and_then(|m| m.level(r.residual_score()))
            .map_or(CellOut::Empty, |(_, l)| CellOut::Text(l.name.clone())),
        // Columns of the SoA: not in this sheet (`columns`' tests).
        Derived::ControlTitle | Derived::ControlTheme => CellOut::Empty,
    }
}

/// One row per entry of soa.toml, an undecided one (a new tree's) with
/// its empty cells to fill.
fn soa(entries: &[soa_rows::Entry]) -> Vec<Vec<CellOut>> {
    let cat = crate::catalogue::Catalogue::get();
    entries
        .iter()
        .map(|e| {
            let known = cat.control(&e.id);
            columns::SOA
                .iter()
                .map(|c| match c.ty {
                    Ty::Derived(d) => control_fact(d, known),
                    _ => cell(c.ty, e.fields.pointer(c.ptr)),
                })
                .collect()
        })
        .collect()
}

/// A derived column of the SoA, from the catalogue's entry of the control.
fn control_fact(d: Derived, known: Option<&crate::catalogue::Control>) -> CellOut {
    let Some(k) = known else {
        return CellOut::Empty;
    };
    match d {
        Derived::ControlTitle => CellOut::Text(k.title.into()),
        Derived::ControlTheme => CellOut::Text(k.theme.title().into()),
        // Columns of the risk register: not in this sheet (`columns`' tests).
        Derived::Score | Derived::ResidualScore | Derived::Level => CellOut::Empty,
    }
}

/// One action as the action sheet shows it.
pub struct ActionRow<'a> {
    /// The action.
    pub id: &'a str,
    /// The kind of the record holding it (`audit` for a finding's).
    pub kind: &'a str,
    /// The record holding it: for an audit finding's action, the finding.
    pub record: &'a str,
    /// What.
    pub summary: &'a str,
    /// The owner's person id.
    pub owner: &'a str,
    /// Due date.
    pub due: chrono::NaiveDate,
    /// open | done | cancelled.
    pub status: ActionStatus,
    /// Done date.
    pub done: Option<chrono::NaiveDate>,
}

/// A column of the action sheet (a [`Column`] for rows of any lifetime).
type ActionColumn = (&'static str, fn(&ActionRow<'_>) -> CellOut);

/// The action sheet's columns: `isms export actions` and `isms actions
/// --format csv` write the same sheet.
const ACTIONS: &[ActionColumn] = &[
    ("id", |a| CellOut::Text(a.id.into())),
    ("source", |a| CellOut::Text(a.kind.into())),
    ("record", |a| CellOut::Text(a.record.into())),
    ("summary", |a| CellOut::Text(a.summary.into())),
    ("owner", |a| CellOut::Text(a.owner.into())),
    ("due", |a| CellOut::Date(a.due)),
    ("status", |a| CellOut::Text(a.status.to_string())),
    ("done", |a| a.done.map_or(CellOut::Empty, CellOut::Date)),
];

/// The action sheet of `actions`, in their order.
pub fn action_sheet(actions: &[ActionRow<'_>]) -> (Vec<&'static str>, Vec<Vec<CellOut>>) {
    sheet_of(ACTIONS, actions)
}

/// Every action of the tree, record by record as the kinds list them.
fn action_rows(tree: &Tree) -> Vec<ActionRow<'_>> {
    let mut rows = Vec::new();
    for r in kinds::records(tree) {
        for list in &r.actions {
            for a in list.actions {
                rows.push(ActionRow {
                    id: &a.id,
                    kind: r.spec.name(),
                    record: list.finding.unwrap_or(r.id),
                    summary: &a.summary,
                    owner: &a.owner,
                    due: a.due,
                    status: a.status,
                    done: a.done,
                });
            }
        }
    }
    rows
}

/// The incident sheet's columns: fields of the records, as they are.
const INCIDENTS: &[&str] = &[
    "id",
    "title",
    "severity",
    "status",
    "owner",
    "detected",
    "resolved",
    "services",
    "users_affected",
    "personal_data_breach",
    "risks",
    "controls",
];

fn incidents(tree: &Tree) -> Vec<Vec<CellOut>> {
    tree.incidents
        .iter()
        .map(|r| {
            let json = serde_json::to_value(&r.data).unwrap_or(Value::Null);
            INCIDENTS
                .iter()
                .map(|k| cell(Ty::Text, json.get(*k)))
                .collect()
        })
        .collect()
}
