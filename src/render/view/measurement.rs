//! Monitoring, measurement and objectives (9.1, 6.2) as documents show
//! them: each metric's series with every value printed as well as charted,
//! and each objective with its target, its state as of the view's date and
//! the trend. The numbers come from [`crate::metrics`], computed once by
//! the pipeline; this only shapes them.

use chrono::NaiveDate;
use serde::Serialize;

use super::refs::{PersonRef, RecordRef};
use super::{DocControl, Md, ViewCx};
use crate::metrics::{self, Measured, ObjectiveState, Series, Trend, format_value};
use crate::model::{ObjectiveStatus, ObjectiveTarget};

/// One value of a series.
#[derive(Debug, Clone, Serialize)]
pub struct PointView {
    /// The period: "2026-Q3".
    pub label: String,
    /// The day it was measured on.
    pub end: NaiveDate,
    /// The value, if there was one.
    pub value: Option<f64>,
    /// The value as printed ("96.8%"), "–" without one.
    pub shown: String,
}

/// A metric and its series.
#[derive(Debug, Clone, Serialize)]
pub struct MetricView {
    /// Its id, name, unit, direction and definition (a manual metric's
    /// `definition` is its body's source: templates show `body`).
    #[serde(flatten)]
    pub metric: crate::metrics::MetricInfo,
    /// A manual metric's text, how it is measured.
    pub body: Option<Md>,
    /// A manual metric's owner.
    pub owner: Option<PersonRef>,
    /// A manual metric's cadence as written.
    pub every: Option<String>,
    /// Its values, oldest first.
    pub points: Vec<PointView>,
    /// The latest value as printed.
    pub now: String,
    /// The objectives it measures.
    pub objectives: Vec<RecordRef>,
    /// A manual metric's document control.
    pub doc_control: Option<DocControl>,
}

/// One objective (6.2) and where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who is responsible.
    pub owner: Option<PersonRef>,
    /// The metric's id.
    pub metric: String,
    /// The metric's name (the id when unknown).
    pub metric_name: String,
    /// The metric's unit.
    pub unit: String,
    /// The target as printed: "≥ 95%".
    pub target: Option<String>,
    /// The target's value, for the chart's target line.
    pub target_value: Option<f64>,
    /// When it is to be met.
    pub by: Option<NaiveDate>,
    /// The resources it needs.
    pub resources: Option<String>,
    /// How results are evaluated.
    pub evaluation: Option<String>,
    /// The document it serves.
    pub policy: Option<RecordRef>,
    /// As recorded: active | met | missed | withdrawn.
    pub status: ObjectiveStatus,
    /// As judged on the view's date.
    pub state: ObjectiveState,
    /// Whether the state needs management's attention (at risk, missed).
    pub attention: bool,
    /// The latest value as printed.
    pub now: String,
    /// The value a period before as printed.
    pub previous: String,
    /// Which way it moved.
    pub trend: Trend,
    /// Its metric's values.
    pub points: Vec<PointView>,
    /// The plan.
    pub body: Md,
    /// Document control from git.
    pub doc_control: DocControl,
}

/// Everything about measurement a document shows.
#[derive(Debug, Clone, Serialize)]
pub struct MeasurementView {
    /// "quarter" or "month".
    pub period: String,
    /// How much history the series stand on, in a sentence.
    pub coverage: String,
    /// Every metric: built-in ones, then manual ones.
    pub metrics: Vec<MetricView>,
    /// Every objective, by id.
    pub objectives: Vec<ObjectiveView>,
    /// Objectives at risk or missed.
    pub attention: usize,
}

/// The symbol a target's comparison prints as.
fn op_symbol(t: &ObjectiveTarget) -> &'static str {
    match t.op.as_str() {
        ">=" => "≥",
        "<=" => "≤",
        ">" => ">",
        "<" => "<",
        _ => "=",
    }
}

/// A value as printed, "–" for none.
fn shown(value: Option<f64>, unit: &str) -> String {
    value.map_or_else(|| "–".to_string(), |v| format_value(v, unit))
}

fn points(series: Option<&Series>) -> Vec<PointView> {
    let Some(s) = series else {
        return Vec::new();
    };
    s.points
        .iter()
        .map(|p| PointView {
            label: p.label.clone(),
            end: p.end,
            value: p.value,
            shown: shown(p.value, &s.metric.unit),
        })
        .collect()
}

/// The measurement view; None when the tree keeps neither objectives nor
/// metrics (or nothing was measured). Markdown is converted objectives
/// first, then metrics, each in file order.
pub(super) fn view(cx: &ViewCx<'_>, measured: Option<&Measured>) -> Option<MeasurementView> {
    let measured = measured?;
    let tree = cx.tree;
    let standings = metrics::standings(tree, measured);
    let titles: std::collections::HashMap<&str, &str> = tree
        .documents
        .iter()
        .map(|d| (d.data.id.as_str(), d.data.title.as_str()))
        .collect();
    let mut objectives: Vec<ObjectiveView> = standings
        .iter()
        .map(|s| {
            let (o, r) = (&s.record.data, s.record);
            let unit = s.series.map(|x| x.metric.unit.clone()).unwrap_or_default();
            ObjectiveView {
                id: o.id.clone(),
                title: o.title.clone(),
                owner: o.owner.as_deref().map(|p| cx.people.get(p)),
                metric: o.metric.clone(),
                metric_name: s
                    .series
                    .map_or_else(|| o.metric.clone(), |x| x.metric.name.clone()),
                target: o
                    .target
                    .map(|t| format!("{} {}", op_symbol(&t), format_value(t.value, &unit))),
                target_value: o.target.map(|t| t.value),
                unit,
                by: o.by,
                resources: o.resources.clone(),
                evaluation: o.evaluation.clone(),
                policy: o
                    .policy
                    .as_deref()
                    .map(|p| RecordRef::new(p, titles.get(p).copied().unwrap_or(""))),
                status: o.status,
                state: s.judgement.state,
                attention: s.judgement.state.needs_attention(),
                now: shown(s.judgement.now, s.series.map_or("", |x| &x.metric.unit)),
                previous: shown(
                    s.judgement.previous,
                    s.series.map_or("", |x| &x.metric.unit),
                ),
                trend: s.judgement.trend,
                points: points(s.series),
                body: (cx.md)(&r.body),
                doc_control: cx.doc_control(r.file),
            }
        })
        .collect();
    objectives.sort_by(|a, b| natord::compare(&a.id, &b.id));
    let mut bodies: std::collections::HashMap<&str, Md> = tree
        .metrics
        .iter()
        .map(|m| (m.data.id.as_str(), (cx.md)(&m.body)))
        .collect();
    let metrics = measured
        .series
        .iter()
        .map(|s| {
            let record = tree.metrics.iter().find(|m| m.data.id == s.metric.id);
            MetricView {
                metric: s.metric.clone(),
                body: bodies.remove(s.metric.id.as_str()),
                owner: record.map(|m| cx.people.get(&m.data.owner)),
                every: record.map(|m| m.data.every.clone()),
                points: points(Some(s)),
                now: shown(s.now(), &s.metric.unit),
                objectives: objectives
                    .iter()
                    .filter(|o| o.metric == s.metric.id)
                    .map(|o| RecordRef::new(&o.id, &o.title))
                    .collect(),
                doc_control: record.map(|m| cx.doc_control(m.file)),
            }
        })
        .collect();
    let attention = objectives.iter().filter(|o| o.attention).count();
    Some(MeasurementView {
        period: measured.period.to_string(),
        coverage: measured.coverage.to_string(),
        metrics,
        objectives,
        attention,
    })
}
