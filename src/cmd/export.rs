//! `isms export risks|soa|actions|incidents|evidence`: one row per record (per
//! control, per action) as CSV, xlsx or JSON. Multi-valued cells are joined
//! with `; `, dates are ISO (real dates in xlsx), enums as the records
//! write them, Markdown kept as text. Never writes into the tree.

use std::path::Path;

use anyhow::{Result, bail};
use serde_json::Value;

use super::columns::{self, Col, Ty};
use super::{EXIT_ERRORS, EXIT_OK};
use crate::cli::{ExportArgs, ExportWhat, SheetFormat};
use crate::load::{Tree, kinds};
use crate::sheet::{self, CellOut};

/// Run `isms export`.
pub fn run(args: &ExportArgs) -> Result<u8> {
    let dir = super::tree_dir(args.dir.as_deref());
    let (tree, diags) = crate::load::load_dir(&dir)?;
    let broken = diags
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .count();
    if broken > 0 {
        let soa_broken = diags.iter().any(|d| {
            d.severity == crate::diag::Severity::Error
                && d.file
                    .is_some_and(|f| tree.sources.get(f).path == "soa.toml")
        });
        if soa_broken {
            eprintln!(
                "error: soa.toml does not load, so nothing can be exported until it does; a new \
                 tree's SoA must say for every control whether it applies and why \
                 (`applicable`, `justification`): `isms check` lists each one left"
            );
        } else {
            eprintln!(
                "error: {broken} record error(s) keep records out of the export; `isms check` \
                 lists them"
            );
        }
        return Ok(EXIT_ERRORS);
    }
    let today = args.today.unwrap_or_else(crate::model::system_today);
    let (name, header, rows) = table(&tree, args.what, today);
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
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(EXIT_OK)
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

/// The sheet's name, header and rows.
pub fn table(
    tree: &Tree,
    what: ExportWhat,
    today: chrono::NaiveDate,
) -> (&'static str, Vec<&'static str>, Vec<Vec<CellOut>>) {
    match what {
        ExportWhat::Risks => ("risks", names(columns::RISKS), risks(tree)),
        ExportWhat::Soa => ("soa", names(columns::SOA), soa(tree)),
        ExportWhat::Actions => (
            "actions",
            vec![
                "id", "source", "record", "summary", "owner", "due", "status", "done",
            ],
            actions(tree),
        ),
        ExportWhat::Incidents => (
            "incidents",
            vec![
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
            ],
            incidents(tree),
        ),
        ExportWhat::Evidence => (
            "evidence",
            vec![
                "id",
                "title",
                "owner",
                "controls",
                "soc2",
                "every",
                "last_collected",
                "next_due",
                "state",
                "collections",
            ],
            evidence(tree, today),
        ),
    }
}

/// One row per evidence record, judged as of `today` (due soon: within 30
/// days, as `isms evidence` counts by default).
fn evidence(tree: &Tree, today: chrono::NaiveDate) -> Vec<Vec<CellOut>> {
    let mut items = crate::render::view::evidence::items(tree, today, 30);
    items.sort_by(|a, b| natord::compare(&a.id, &b.id));
    items
        .into_iter()
        .map(|e| {
            vec![
                CellOut::Text(e.id),
                CellOut::Text(e.title),
                CellOut::Text(e.owner.id),
                CellOut::List(e.controls),
                CellOut::List(e.soc2),
                CellOut::Text(e.every),
                e.last.map_or(CellOut::Empty, |c| CellOut::Date(c.on)),
                e.due.map_or(CellOut::Empty, CellOut::Date),
                CellOut::Text(<&str>::from(e.state).to_string()),
                CellOut::Int(i64::try_from(e.collections.len()).unwrap_or(i64::MAX)),
            ]
        })
        .collect()
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

fn risks(tree: &Tree) -> Vec<Vec<CellOut>> {
    let method = tree.config.as_ref().map(|c| &c.data.risk);
    tree.risks
        .iter()
        .map(|r| {
            let json = serde_json::to_value(&r.data).unwrap_or(Value::Null);
            columns::RISKS
                .iter()
                .map(|c| match c.name {
                    "score" => CellOut::Int(i64::from(r.data.score())),
                    "residual_score" => CellOut::Int(i64::from(r.data.residual_score())),
                    "level" => method
                        .and_then(|m| m.level(r.data.residual_score()))
                        .map_or(CellOut::Empty, |(_, l)| CellOut::Text(l.name.clone())),
                    _ => cell(c.ty, json.pointer(c.ptr)),
                })
                .collect()
        })
        .collect()
}

fn soa(tree: &Tree) -> Vec<Vec<CellOut>> {
    let cat = crate::catalogue::Catalogue::get();
    let Some(soa) = &tree.soa else {
        return Vec::new();
    };
    soa.data
        .control
        .iter()
        .map(|e| {
            let json = serde_json::to_value(e).unwrap_or(Value::Null);
            let known = cat.control(&e.id);
            columns::SOA
                .iter()
                .map(|c| match c.name {
                    "title" => known.map_or(CellOut::Empty, |k| CellOut::Text(k.title.into())),
                    "theme" => {
                        known.map_or(CellOut::Empty, |k| CellOut::Text(k.theme.title().into()))
                    }
                    _ => cell(c.ty, json.pointer(c.ptr)),
                })
                .collect()
        })
        .collect()
}

fn actions(tree: &Tree) -> Vec<Vec<CellOut>> {
    let mut rows = Vec::new();
    for r in kinds::records(tree) {
        for list in &r.actions {
            for a in list.actions {
                rows.push(vec![
                    CellOut::Text(a.id.clone()),
                    CellOut::Text(r.spec.name().into()),
                    CellOut::Text(list.finding.unwrap_or(r.id).into()),
                    CellOut::Text(a.summary.clone()),
                    CellOut::Text(a.owner.clone()),
                    CellOut::Date(a.due),
                    CellOut::Text(a.status.to_string()),
                    a.done.map_or(CellOut::Empty, CellOut::Date),
                ]);
            }
        }
    }
    rows
}

fn incidents(tree: &Tree) -> Vec<Vec<CellOut>> {
    tree.incidents
        .iter()
        .map(|r| {
            let json = serde_json::to_value(&r.data).unwrap_or(Value::Null);
            [
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
            ]
            .iter()
            .map(|k| cell(Ty::Text, json.get(*k)))
            .collect()
        })
        .collect()
}
