//! `isms metrics` (every metric's series over the git history and each
//! objective's state, computed by [`crate::metrics`]; this only prints) and
//! `isms measure` (appends a `[[measurement]]` to a manual metric, every
//! other byte of the record kept).

use std::fmt::Write as _;

use anyhow::{Context, Result};

use super::append::{append, loaded, refuse};
use super::table::{Style, Table, color};
use super::{EXIT_ERRORS, EXIT_OK};
use crate::cli::{MeasureArgs, MetricsArgs, MetricsFormat, PeriodArg};
use crate::load::{Tree, edit};
use crate::metrics::{self, Measured, Period, Standing, format_value};

impl From<PeriodArg> for Period {
    fn from(p: PeriodArg) -> Self {
        match p {
            PeriodArg::Month => Period::Month,
            PeriodArg::Quarter => Period::Quarter,
        }
    }
}

/// Run `isms metrics`.
pub fn run(args: &MetricsArgs) -> Result<u8> {
    let opts = args.tree.options();
    let today = opts.check_date();
    let checked = crate::pipeline::check(&opts)?;
    let errors = checked.report.errors();
    if errors > 0 {
        eprintln!(
            "note: the tree has {errors} error(s); records that do not load are left out (`isms check` lists them)"
        );
    }
    let tree = &checked.tree;
    if let Some(id) = &args.explain {
        return explain(tree, id);
    }
    let measured = crate::pipeline::measure(&opts, tree, args.period.into(), today)?;
    let standings = metrics::standings(tree, &measured);
    match args.format {
        MetricsFormat::Table => {
            eprintln!("note: {}", measured.coverage);
            super::out(&render_table(&measured, &standings))?;
        }
        MetricsFormat::Json => {
            let doc = serde_json::json!({
                "period": measured.period,
                "today": measured.today,
                "coverage": measured.coverage,
                "coverage_note": measured.coverage.to_string(),
                "metrics": measured.series,
                "objectives": objectives_json(&standings),
            });
            super::outln(&serde_json::to_string_pretty(&doc)?)?;
        }
        MetricsFormat::Csv => super::out(&String::from_utf8_lossy(&csv(&measured)?))?,
    }
    Ok(if errors > 0 { EXIT_ERRORS } else { EXIT_OK })
}

/// `--explain [ID]`: one metric's definition, or the list of them all.
fn explain(tree: &Tree, id: &str) -> Result<u8> {
    if id.is_empty() {
        let mut t = Table::new(&["id", "unit", "name"]);
        for m in metrics::all(tree) {
            t.row(vec![m.id, m.unit, m.name], Style::Plain);
        }
        super::out(&t.render("", false))?;
        return Ok(EXIT_OK);
    }
    let Some(m) = metrics::find(tree, id) else {
        let ids: Vec<String> = metrics::all(tree).into_iter().map(|m| m.id).collect();
        anyhow::bail!(
            "unknown metric `{id}`; metrics are: {} (`isms metrics --explain` lists them)",
            ids.join(", ")
        );
    };
    let better = if m.higher_is_better {
        "higher"
    } else {
        "lower"
    };
    let kind = if m.manual {
        "manual, measured and recorded in metrics/"
    } else {
        "built in, computed from the records"
    };
    super::out(&format!(
        "{} ({}): {}\nunit: {}; {better} is better\n\n{}\n",
        m.id, kind, m.name, m.unit, m.definition
    ))?;
    Ok(EXIT_OK)
}

/// The series as a table (a column per period), then the objectives.
fn render_table(measured: &Measured, standings: &[Standing<'_>]) -> String {
    let mut out = String::new();
    let labels: Vec<String> = measured
        .series
        .first()
        .map(|s| s.points.iter().map(|p| p.label.clone()).collect())
        .unwrap_or_default();
    let mut header = vec!["metric", "unit"];
    header.extend(labels.iter().map(String::as_str));
    let mut t = Table::new(&header);
    for s in &measured.series {
        let mut row = vec![s.metric.id.clone(), s.metric.unit.clone()];
        row.extend(s.points.iter().map(|p| {
            p.value
                .map_or_else(|| "-".to_string(), |v| format_value(v, &s.metric.unit))
        }));
        t.row(row, Style::Plain);
    }
    let _ = writeln!(
        out,
        "Metrics by {} to {} (the last column is the period so far):",
        measured.period, measured.today
    );
    out.push_str(&t.render("  ", color()));
    if standings.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\nObjectives as of {}:", measured.today);
    let mut t = Table::new(&["id", "state", "now", "target", "by", "trend", "title"]);
    for s in standings {
        let o = &s.record.data;
        let unit = s.series.map(|x| x.metric.unit.as_str()).unwrap_or("");
        let j = &s.judgement;
        let style = if j.state.needs_attention() {
            Style::Alert
        } else {
            Style::Plain
        };
        t.row(
            vec![
                o.id.clone(),
                j.state.to_string(),
                j.now.map_or_else(|| "-".into(), |v| format_value(v, unit)),
                o.target.map_or_else(|| "-".into(), |t| t.to_string()),
                o.by.map_or_else(|| "-".into(), |d| d.to_string()),
                j.trend.to_string(),
                o.title.clone(),
            ],
            style,
        );
    }
    out.push_str(&t.render("  ", color()));
    out
}

/// The objectives' states for `--format json`.
fn objectives_json(standings: &[Standing<'_>]) -> Vec<serde_json::Value> {
    standings
        .iter()
        .map(|s| {
            let o = &s.record.data;
            serde_json::json!({
                "id": o.id,
                "title": o.title,
                "metric": o.metric,
                "target": o.target,
                "by": o.by,
                "status": o.status,
                "state": s.judgement.state,
                "now": s.judgement.now,
                "previous": s.judgement.previous,
                "trend": s.judgement.trend,
            })
        })
        .collect()
}

/// One row per metric and period.
fn csv(measured: &Measured) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["metric", "period", "end", "value", "unit"])?;
    for s in &measured.series {
        for p in &s.points {
            let value = p.value.map(|v| v.to_string()).unwrap_or_default();
            w.write_record([
                s.metric.id.as_str(),
                p.label.as_str(),
                &p.end.to_string(),
                &value,
                s.metric.unit.as_str(),
            ])?;
        }
    }
    w.into_inner().context("writing CSV")
}

/// `isms measure MET-001 VALUE`: append a measurement.
pub fn measure(args: &MeasureArgs) -> Result<u8> {
    use crate::check::Resolver;
    use crate::load::Target;
    use crate::schema::Kind;
    let dir = super::tree_dir(args.dir.as_deref());
    let (tree, _) = crate::load::load_dir(&dir)?;
    let today = crate::model::today(args.today);
    let on = args.on.unwrap_or(today);
    let refs = Resolver::new(&tree);
    let record = match loaded::<crate::model::Metric>(&tree, &args.id) {
        Ok(r) => r,
        Err(why) => return Ok(refuse(&[why])),
    };
    let mut problems = Vec::new();
    if !args.value.is_finite() {
        problems.push(format!("{}: not a number", args.value));
    }
    if on > today {
        problems.push(format!(
            "--on {on} is after today ({today}): a value cannot be measured before its day"
        ));
    }
    if let Some(last) = record.data.last()
        && on < last.on
    {
        problems.push(format!(
            "--on {on} is before the last measurement ({}); measurements are kept oldest first",
            last.on
        ));
    }
    if let Some(ev) = &args.evidence
        && let Err(why) = refs.check(Target::Record(Kind::Evidence), ev)
    {
        problems.push(format!("--evidence {ev}: {why}"));
    }
    if !problems.is_empty() {
        return Ok(refuse(&problems));
    }
    let mut body = format!("on = {on}\nvalue = {}\n", toml_number(args.value));
    if let Some(n) = &args.note {
        let _ = writeln!(body, "note = {}", edit::toml_string(n));
    }
    if let Some(ev) = &args.evidence {
        let _ = writeln!(body, "evidence = {}", edit::toml_string(ev));
    }
    let rel = &tree.sources.get(record.file).path;
    if let Some(code) = append(&dir, rel, &args.id, "measurement", &body)? {
        return Ok(code);
    }
    let m = &record.data;
    super::outln(&format!(
        "{}: {} measured {on}; next due {}",
        m.id,
        format_value(args.value, &m.unit),
        m.cadence().after(on)
    ))?;
    Ok(EXIT_OK)
}

/// A value as TOML writes it: always a float, so the field keeps one type.
fn toml_number(v: f64) -> String {
    toml_edit::Value::from(v).to_string().trim().to_string()
}
