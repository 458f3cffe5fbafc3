//! The site's objectives and metrics: a chart per objective and per
//! metric (geometry from [`super::trend`]), by id, for the dashboard,
//! `objectives.html`, `metrics.html` and the record pages.

use std::collections::BTreeMap;

use tera::Context;

use super::trend::{LineChart, line_chart};
use crate::render::view::{MeasurementView, View};

/// The size of a chart on its own page and on the lists.
pub const FULL: (f64, f64) = (520.0, 200.0);
/// The size of an objective's chart on the dashboard.
pub const SMALL: (f64, f64) = (260.0, 110.0);

/// Each objective's chart, with its target line, by objective id.
pub fn objective_charts(m: &MeasurementView, size: (f64, f64)) -> BTreeMap<String, LineChart> {
    m.objectives
        .iter()
        .map(|o| {
            let target = o.target_value.zip(o.target.clone());
            let chart = line_chart(&o.metric_name, &o.unit, &o.points, target, size);
            (o.id.clone(), chart)
        })
        .collect()
}

/// Each metric's chart, by metric id.
pub fn metric_charts(m: &MeasurementView) -> BTreeMap<String, LineChart> {
    m.metrics
        .iter()
        .map(|x| {
            (
                x.metric.id.clone(),
                line_chart(&x.metric.name, &x.metric.unit, &x.points, None, FULL),
            )
        })
        .collect()
}

/// What the objectives' and metrics' pages are given beside their records:
/// the whole measurement view and the charts.
pub fn context(pack: &View) -> Context {
    let mut ctx = Context::new();
    if let Some(m) = &pack.measurement {
        ctx.insert("measurement", m);
        ctx.insert("objective_charts", &objective_charts(m, FULL));
        ctx.insert("metric_charts", &metric_charts(m));
    }
    ctx
}

/// What one objective's or metric's page is given beside its record: the
/// period and coverage of the series, and its own chart (under the id, as
/// the list pages have them). Only its own: a page given every chart made
/// the site's cost grow with the square of the records (16 s at 100x).
pub fn record_context(pack: &View) -> Context {
    let mut ctx = Context::new();
    if let Some(m) = &pack.measurement {
        let mut about = BTreeMap::new();
        about.insert("period", &m.period);
        about.insert("coverage", &m.coverage);
        ctx.insert("measurement", &about);
    }
    ctx
}

/// Add the chart of the objective or metric `id` from `charts` to its
/// page's context `ctx`, under `key`.
pub fn own_chart(ctx: &mut Context, key: &str, charts: &BTreeMap<String, LineChart>, id: &str) {
    let own: BTreeMap<&str, &LineChart> = charts.get(id).map(|c| (id, c)).into_iter().collect();
    ctx.insert(key, &own);
}
