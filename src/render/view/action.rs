//! Actions as documents show them, wherever they are held (risk treatment,
//! audit finding, management review, incident), and the one list of every
//! action in the tree.

use chrono::NaiveDate;
use serde::Serialize;

use super::ViewCx;
use super::refs::PersonRef;
use crate::load::kinds;
use crate::model::{Action, ActionStatus};

/// One action.
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    /// Id.
    pub id: String,
    /// What.
    pub summary: String,
    /// Who.
    pub owner: PersonRef,
    /// Due date.
    pub due: NaiveDate,
    /// open | done | cancelled.
    pub status: ActionStatus,
    /// Done date.
    pub done: Option<NaiveDate>,
    /// Open and past due.
    pub overdue: bool,
    /// Kind of the record holding it as pages name it: risk | finding |
    /// review | incident (an audit's actions are its findings').
    pub source_kind: &'static str,
    /// Kind of the record holding it: risk | audit | review | incident.
    #[serde(skip)]
    pub record_kind: &'static str,
    /// Id of the record (page) holding it; for findings, the audit.
    pub source_id: String,
    /// Id of the finding, for finding actions.
    pub finding: Option<String>,
}

impl ActionView {
    /// Whether it is still open.
    pub fn is_open(&self) -> bool {
        self.status == ActionStatus::Open
    }
}

/// The view of action `a`, held by record `source` of kind `kind` (and by
/// `finding` of it, for audits: its source kind is then "finding").
pub(super) fn view(
    cx: &ViewCx<'_>,
    a: &Action,
    kind: &'static str,
    source: &str,
    finding: Option<&str>,
) -> ActionView {
    ActionView {
        id: a.id.clone(),
        summary: a.summary.clone(),
        owner: cx.people.get(&a.owner),
        due: a.due,
        status: a.status,
        done: a.done,
        overdue: a.overdue(cx.today),
        source_kind: if finding.is_some() { "finding" } else { kind },
        record_kind: kind,
        source_id: source.to_string(),
        finding: finding.map(str::to_string),
    }
}

/// The views of a record's own actions.
pub(super) fn views(
    cx: &ViewCx<'_>,
    actions: &[Action],
    kind: &'static str,
    source: &str,
) -> Vec<ActionView> {
    actions
        .iter()
        .map(|a| view(cx, a, kind, source, None))
        .collect()
}

/// Every action in the tree: open first, then by due date and id.
pub(super) fn all(cx: &ViewCx<'_>) -> Vec<ActionView> {
    let mut out: Vec<ActionView> = Vec::new();
    for r in kinds::records(cx.tree) {
        for list in &r.actions {
            out.extend(
                list.actions
                    .iter()
                    .map(|a| view(cx, a, r.spec.name(), r.id, list.finding)),
            );
        }
    }
    out.sort_by(|a, b| (!a.is_open(), a.due, &a.id).cmp(&(!b.is_open(), b.due, &b.id)));
    out
}
