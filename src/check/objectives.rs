//! Objectives and their metrics (E130, E131, W050, W051): each objective
//! says what 6.2 asks (who, what target, by when, how evaluated) and is
//! measured by a metric that exists; manual metrics are measured on their
//! cadence (9.1 c); an objective past its date is recorded as met or missed.

use super::{CheckRun, Site};
use crate::diag::Code;
use crate::metrics::{self, BUILTINS};

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    for r in &tree.objectives {
        let (o, site) = (&r.data, Site::of(r));
        let missing = o.missing();
        if !missing.is_empty() {
            cx.push(
                site.key(
                    Code::ObjectiveIncomplete,
                    "/id",
                    format!(
                        "{} does not say {} (6.2)",
                        o.id,
                        missing
                            .iter()
                            .map(|m| format!("`{m}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .label("6.2 asks who, what target, by when and how results are evaluated")
                .help(format!(
                    "add {}",
                    missing
                        .iter()
                        .map(|m| example(m))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        if !metrics::exists(tree, &o.metric) {
            let nearest = nearest(tree, &o.metric);
            let help = match nearest {
                Some(n) => format!("did you mean `{n}`? `isms metrics --explain` lists them"),
                None => "name a built-in metric (`isms metrics --explain` lists them) or a \
                         record of metrics/ (MET-001)"
                    .to_string(),
            };
            cx.push(
                site.value(
                    Code::UnknownMetric,
                    "/metric",
                    format!("{} is measured by `{}`, which is no metric", o.id, o.metric),
                )
                .label("neither built in nor in metrics/")
                .help(help),
            );
        }
        if o.past_due(cx.today)
            && let Some(by) = o.by
        {
            let days = (cx.today - by).num_days();
            cx.push(
                site.value(
                    Code::ObjectivePastDue,
                    "/status",
                    format!(
                        "{} was to be met by {by}, {days} day{} ago, and is still active",
                        o.id,
                        plural(days)
                    ),
                )
                .help("record the outcome: status = \"met\" or \"missed\" (and set a new objective if the aim stands)"),
            );
        }
    }
    for r in &tree.metrics {
        let (m, site) = (&r.data, Site::of(r));
        let (Some(days), Some(last)) = (m.overdue_days(cx.today), m.last()) else {
            continue;
        };
        let at = m
            .measurement
            .iter()
            .position(|x| x.on == last.on)
            .unwrap_or(0);
        cx.push(
            site.value(
                Code::MeasurementOverdue,
                &format!("/measurement/{at}/on"),
                format!(
                    "{} is overdue for measurement by {days} day{}: last measured {}, every {}",
                    m.id,
                    plural(days),
                    last.on,
                    m.every
                ),
            )
            .help(format!(
                "measure it and record the value: `isms measure {} VALUE --on {}`",
                m.id, cx.today
            )),
        );
    }
}

/// How a field 6.2 asks for is written, for the help line.
fn example(field: &str) -> &'static str {
    match field {
        "owner" => "owner = \"<person id>\"",
        "target" => "target = { op = \">=\", value = 95 }",
        "by" => "by = <the date it is to be met>",
        _ => "evaluation = \"<how and how often results are evaluated>\"",
    }
}

/// The metric id closest to `id`, for "did you mean".
fn nearest<'t>(tree: &'t crate::load::Tree, id: &str) -> Option<&'t str> {
    let ids = BUILTINS
        .iter()
        .map(|b| b.id)
        .chain(tree.metrics.iter().map(|m| m.data.id.as_str()));
    crate::diag::closest(id, ids)
}
