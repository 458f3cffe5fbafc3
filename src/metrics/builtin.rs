//! The built-in metrics: what isms measures from the records themselves, as
//! the tree stood on any day. Each asks the model's own derived facts (a
//! risk's `review_overdue`, an action's `overdue`, a supplier's
//! `needs_review`...), so a metric and the checker can never disagree.

use chrono::NaiveDate;

use super::Window;
use crate::load::{Tree, kinds};
use crate::model::{Incident, IncidentStatus, Severity};

/// A metric isms computes.
#[derive(Debug)]
pub struct Builtin {
    /// Its id, as an objective's `metric` names it: "risks-reviewed-on-time".
    pub id: &'static str,
    /// What it is called: "Risks reviewed on time".
    pub name: &'static str,
    /// The unit of its values: "%", "risks", "days".
    pub unit: &'static str,
    /// Whether a higher value is better.
    pub higher_is_better: bool,
    /// One paragraph saying exactly what is counted (`isms metrics --explain`).
    pub definition: &'static str,
    /// Its value for the tree as it stood at the end of `window`; None when
    /// there is nothing to measure (no open risk to be on time or not).
    pub compute: fn(&Tree, &Window) -> Option<f64>,
}

/// Every built-in metric, in the order listings show them.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        id: "risks-above-appetite",
        name: "Open risks above appetite",
        unit: "risks",
        higher_is_better: false,
        definition: "The number of open risks whose residual score is above the appetite of \
                     isms.toml's [risk] method (each needs a named acceptance, 6.1.3 f).",
        compute: risks_above_appetite,
    },
    Builtin {
        id: "risks-reviewed-on-time",
        name: "Risks reviewed on time",
        unit: "%",
        higher_is_better: true,
        definition: "Of the open risks, the share not overdue for review: last reviewed (or \
                     identified) no more than [risk] review_days before the day (8.2). None \
                     while no risk is open.",
        compute: risks_reviewed_on_time,
    },
    Builtin {
        id: "actions-closed-on-time",
        name: "Actions closed by their due date",
        unit: "%",
        higher_is_better: true,
        definition: "Of the actions (anywhere in the tree) falling due within the period and \
                     not cancelled, the share done on or before their due date. None when no \
                     action fell due in the period.",
        compute: actions_closed_on_time,
    },
    Builtin {
        id: "actions-overdue",
        name: "Overdue actions",
        unit: "actions",
        higher_is_better: false,
        definition: "The number of open actions past their due date on the day (what W002 \
                     warns about).",
        compute: actions_overdue,
    },
    Builtin {
        id: "nonconformities-open",
        name: "Open nonconformities",
        unit: "findings",
        higher_is_better: false,
        definition: "The number of major and minor findings of audits performed by the day \
                     whose corrective actions are not all finished (10.2).",
        compute: nonconformities_open,
    },
    Builtin {
        id: "nonconformities-mean-age",
        name: "Mean age of open nonconformities",
        unit: "days",
        higher_is_better: false,
        definition: "The mean number of days since the audit that raised them, over the open \
                     nonconformities counted by nonconformities-open. None when none is open.",
        compute: nonconformities_mean_age,
    },
    Builtin {
        id: "corrective-actions-effective",
        name: "Corrective actions verified effective",
        unit: "%",
        higher_is_better: true,
        definition: "Of the nonconformities whose corrective actions were reviewed for \
                     effectiveness by the day (10.2 d), the share found effective. None before \
                     any review.",
        compute: corrective_actions_effective,
    },
    Builtin {
        id: "evidence-on-time",
        name: "Evidence collected on time",
        unit: "%",
        higher_is_better: true,
        definition: "Of the evidence items, the share collected at least once and not overdue \
                     for their next collection on the day (what W010 warns about). None without \
                     evidence records.",
        compute: evidence_on_time,
    },
    Builtin {
        id: "soa-implemented",
        name: "Applicable controls implemented",
        unit: "%",
        higher_is_better: true,
        definition: "Of the controls the Statement of Applicability marks applicable, the share \
                     whose status is implemented.",
        compute: soa_implemented,
    },
    Builtin {
        id: "documents-current",
        name: "Documents approved and in cadence",
        unit: "%",
        higher_is_better: true,
        definition: "Of the documents, the share approved at least once and not overdue for \
                     their next review on the day (what W015 warns about). None without \
                     documents.",
        compute: documents_current,
    },
    Builtin {
        id: "incidents-p1",
        name: "P1 incidents in the period",
        unit: "incidents",
        higher_is_better: false,
        definition: "The number of P1 (critical) incidents detected within the period.",
        compute: |t, w| incidents_of(t, w, Severity::P1),
    },
    Builtin {
        id: "incidents-p2",
        name: "P2 incidents in the period",
        unit: "incidents",
        higher_is_better: false,
        definition: "The number of P2 (high) incidents detected within the period.",
        compute: |t, w| incidents_of(t, w, Severity::P2),
    },
    Builtin {
        id: "incidents-p3",
        name: "P3 incidents in the period",
        unit: "incidents",
        higher_is_better: false,
        definition: "The number of P3 (medium) incidents detected within the period.",
        compute: |t, w| incidents_of(t, w, Severity::P3),
    },
    Builtin {
        id: "incidents-p4",
        name: "P4 incidents in the period",
        unit: "incidents",
        higher_is_better: false,
        definition: "The number of P4 (low) incidents detected within the period.",
        compute: |t, w| incidents_of(t, w, Severity::P4),
    },
    Builtin {
        id: "incident-resolution-hours",
        name: "Mean time from detection to resolution",
        unit: "hours",
        higher_is_better: false,
        definition: "The mean number of hours from `detected` to `resolved`, over the incidents \
                     resolved within the period. None when none was resolved.",
        compute: incident_resolution_hours,
    },
    Builtin {
        id: "p1-incidents-over-4h",
        name: "P1 incidents unresolved over 4 hours",
        unit: "incidents",
        higher_is_better: false,
        definition: "The number of P1 incidents detected within the period that took more than \
                     4 hours to resolve, or are still unresolved more than 4 hours after \
                     detection at the end of the period.",
        compute: p1_over_4h,
    },
    Builtin {
        id: "suppliers-reviewed-on-time",
        name: "Suppliers reviewed on time",
        unit: "%",
        higher_is_better: true,
        definition: "Of the suppliers not offboarded, the share not needing review on the day: \
                     reviewed within their cadence, and never-reviewed ones only when neither \
                     high nor critical (W021, W022). None without suppliers.",
        compute: suppliers_reviewed,
    },
    Builtin {
        id: "assets-reviewed",
        name: "Assets reviewed",
        unit: "%",
        higher_is_better: true,
        definition: "Of the assets in use, the share reviewed by their owner within [assets] \
                     review_days of the day (W020). None without assets.",
        compute: assets_reviewed,
    },
    Builtin {
        id: "awareness-completion",
        name: "Awareness completion",
        unit: "%",
        higher_is_better: true,
        definition: "Of the staff due to complete an awareness campaign by the day (its \
                     audience from the roster, leavers out, joiners given their onboarding \
                     days), the share who completed it in its current cycle; an \
                     acknowledgement of a document's earlier text does not count (7.3, 5.2). \
                     None without campaigns.",
        compute: awareness_completion,
    },
];

/// The built-in metric with this id.
pub fn builtin(id: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.id == id)
}

/// `part` of `whole` as a percentage, None of nothing.
fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// The mean of `values`, None of none.
fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn count(n: usize) -> Option<f64> {
    Some(n as f64)
}

fn risks_above_appetite(tree: &Tree, w: &Window) -> Option<f64> {
    let method = &tree.config.as_ref()?.data.risk;
    let _ = w; // judged on the records as they stood: no date involved
    count(
        tree.risks
            .iter()
            .filter(|r| r.data.above_appetite(method))
            .count(),
    )
}

fn risks_reviewed_on_time(tree: &Tree, w: &Window) -> Option<f64> {
    let method = &tree.config.as_ref()?.data.risk;
    let open: Vec<_> = tree.risks.iter().filter(|r| r.data.is_open()).collect();
    let on_time = open
        .iter()
        .filter(|r| !r.data.review_overdue(method, w.to))
        .count();
    percent(on_time, open.len())
}

fn actions_closed_on_time(tree: &Tree, w: &Window) -> Option<f64> {
    use crate::model::ActionStatus;
    let (mut due, mut on_time) = (0, 0);
    for r in kinds::records(tree) {
        for a in r.actions.iter().flat_map(|l| l.actions) {
            if a.status == ActionStatus::Cancelled || !w.holds(a.due) {
                continue;
            }
            due += 1;
            if a.status == ActionStatus::Done && a.done.is_some_and(|d| d <= a.due) {
                on_time += 1;
            }
        }
    }
    percent(on_time, due)
}

fn actions_overdue(tree: &Tree, w: &Window) -> Option<f64> {
    let records = kinds::records(tree);
    count(
        records
            .iter()
            .flat_map(|r| r.actions.iter().flat_map(|l| l.actions))
            .filter(|a| a.overdue(w.to))
            .count(),
    )
}

/// The open nonconformities of audits performed by `day`, with that date.
fn open_nonconformities(tree: &Tree, day: NaiveDate) -> Vec<NaiveDate> {
    let mut raised = Vec::new();
    for a in &tree.audits {
        let Some(on) = a.data.performed.filter(|p| *p <= day) else {
            continue;
        };
        let open =
            a.data.finding.iter().filter(|f| {
                f.kind.is_nonconformity() && f.actions_done_on().is_none_or(|d| d > day)
            });
        raised.extend(open.map(|_| on));
    }
    raised
}

fn nonconformities_open(tree: &Tree, w: &Window) -> Option<f64> {
    count(open_nonconformities(tree, w.to).len())
}

fn nonconformities_mean_age(tree: &Tree, w: &Window) -> Option<f64> {
    let ages: Vec<f64> = open_nonconformities(tree, w.to)
        .iter()
        .map(|on| (w.to - *on).num_days() as f64)
        .collect();
    mean(&ages)
}

fn corrective_actions_effective(tree: &Tree, w: &Window) -> Option<f64> {
    let verified: Vec<bool> = tree
        .audits
        .iter()
        .flat_map(|a| &a.data.finding)
        .filter(|f| f.kind.is_nonconformity())
        .filter_map(|f| f.verified.as_ref().filter(|v| v.on <= w.to))
        .map(|v| v.effective)
        .collect();
    percent(verified.iter().filter(|e| **e).count(), verified.len())
}

fn evidence_on_time(tree: &Tree, w: &Window) -> Option<f64> {
    let on_time = tree
        .evidence
        .iter()
        .filter(|e| e.data.last().is_some() && !e.data.overdue(w.to))
        .count();
    percent(on_time, tree.evidence.len())
}

fn soa_implemented(tree: &Tree, _: &Window) -> Option<f64> {
    use crate::model::ImplementationStatus;
    let soa = &tree.soa.as_ref()?.data;
    let applicable: Vec<_> = soa.control.iter().filter(|c| c.applicable).collect();
    let done = applicable
        .iter()
        .filter(|c| c.status == Some(ImplementationStatus::Implemented))
        .count();
    percent(done, applicable.len())
}

fn documents_current(tree: &Tree, w: &Window) -> Option<f64> {
    let current = tree
        .documents
        .iter()
        .filter(|d| d.data.last_approval().is_some() && !d.data.review_overdue(w.to))
        .count();
    percent(current, tree.documents.len())
}

fn incidents_of(tree: &Tree, w: &Window, severity: Severity) -> Option<f64> {
    count(
        tree.incidents
            .iter()
            .filter(|i| i.data.severity == severity && w.holds(i.data.detected.date()))
            .count(),
    )
}

/// Hours from detection to resolution, None while unresolved.
fn resolution_hours(i: &Incident) -> Option<f64> {
    let resolved = i.resolved?;
    Some((resolved.0 - i.detected.0).num_minutes() as f64 / 60.0)
}

fn incident_resolution_hours(tree: &Tree, w: &Window) -> Option<f64> {
    let hours: Vec<f64> = tree
        .incidents
        .iter()
        .filter(|i| i.data.resolved.is_some_and(|r| w.holds(r.date())))
        .filter_map(|i| resolution_hours(&i.data))
        .collect();
    mean(&hours)
}

fn p1_over_4h(tree: &Tree, w: &Window) -> Option<f64> {
    let end = w.to.and_hms_opt(23, 59, 59)?.and_utc();
    count(
        tree.incidents
            .iter()
            .map(|i| &i.data)
            .filter(|i| i.severity == Severity::P1 && w.holds(i.detected.date()))
            .filter(|i| match resolution_hours(i) {
                Some(h) => h > 4.0,
                None => {
                    i.status == IncidentStatus::Open
                        && (end - i.detected.0.to_utc()).num_minutes() > 240
                }
            })
            .count(),
    )
}

fn suppliers_reviewed(tree: &Tree, w: &Window) -> Option<f64> {
    let settings = tree
        .config
        .as_ref()
        .map(|c| c.data.supplier_settings())
        .unwrap_or_default();
    let used: Vec<_> = tree
        .suppliers
        .iter()
        .filter(|s| s.data.under_review())
        .collect();
    let fine = used
        .iter()
        .filter(|s| !s.data.needs_review(w.to, &settings))
        .count();
    percent(fine, used.len())
}

fn assets_reviewed(tree: &Tree, w: &Window) -> Option<f64> {
    let days = tree
        .config
        .as_ref()
        .map(|c| c.data.asset_settings())
        .unwrap_or_default()
        .review_days;
    let used: Vec<_> = tree.assets.iter().filter(|a| a.data.in_use()).collect();
    let fine = used
        .iter()
        .filter(|a| !a.data.needs_review(w.to, days))
        .count();
    percent(fine, used.len())
}

/// Awareness completion (7.3) on the window's last day, as `isms awareness`
/// judges it: of the staff due by then, the share who completed. In a
/// tree loaded from a past commit a document's text in force is what its
/// approvals mark (`text_changed`), not what later git history shows.
fn awareness_completion(tree: &Tree, w: &Window) -> Option<f64> {
    crate::awareness::awareness_completion(tree, w.to)
}
