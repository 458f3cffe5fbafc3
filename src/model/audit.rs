//! An audit record: `audits/IA-2026-01.md` (9.2).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Action, ActionStatus};

/// One audit with its findings; the body is the report.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Audit {
    /// e.g. "IA-2026-01"; matches the file name.
    pub id: String,
    /// What the audit covers.
    pub title: String,
    /// internal | external | certification | surveillance.
    pub kind: AuditKind,
    /// planned | in-progress | completed | cancelled.
    pub status: AuditStatus,
    /// Planned date.
    pub planned: NaiveDate,
    /// Date performed (required once completed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performed: Option<NaiveDate>,
    /// Person id of the lead auditor.
    pub lead: String,
    /// Person ids of those audited.
    #[serde(default)]
    pub auditees: Vec<String>,
    /// ISO 27001 clauses in scope ("9.2").
    #[serde(default)]
    pub clauses: Vec<String>,
    /// Annex A controls in scope.
    #[serde(default)]
    pub controls: Vec<String>,
    /// Findings.
    #[serde(default)]
    pub finding: Vec<Finding>,
}

/// One audit finding.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Unique across the tree, e.g. "IA-2026-01-F1".
    pub id: String,
    /// major | minor | observation | improvement.
    pub kind: FindingKind,
    /// Clause or control ids the finding is against.
    #[serde(default)]
    pub refs: Vec<String>,
    /// What was found.
    pub summary: String,
    /// Why it happened (10.2 b).
    #[serde(default)]
    pub root_cause: String,
    /// Corrective actions.
    #[serde(default)]
    pub action: Vec<Action>,
    /// The review of the corrective actions' effectiveness (10.2 d).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<Verification>,
}

/// Who checked that a finding's corrective actions worked, and when (10.2 d).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    /// When the effectiveness was reviewed; not before the actions were done.
    pub on: NaiveDate,
    /// Person id of the reviewer; not one of the actions' owners.
    pub by: String,
    /// Whether the corrective actions removed the cause.
    pub effective: bool,
    /// What the review looked at and found.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

kebab_enum! {
    /// Audit kind.
    pub enum AuditKind {
        /// First-party internal audit (9.2).
        Internal,
        /// Second-party audit by a customer or partner.
        External,
        /// Certification audit by a certification body.
        Certification,
        /// Surveillance audit by a certification body.
        Surveillance,
    }
}

kebab_enum! {
    /// Audit status.
    pub enum AuditStatus {
        /// Scheduled.
        Planned,
        /// Under way.
        InProgress,
        /// Done; report written.
        Completed,
        /// Will not happen.
        Cancelled,
    }
}

kebab_enum! {
    /// Finding kind.
    pub enum FindingKind {
        /// Major nonconformity.
        Major,
        /// Minor nonconformity.
        Minor,
        /// Observation.
        Observation,
        /// Opportunity for improvement.
        Improvement,
    }
}

impl Finding {
    /// The date the corrective actions were finished: the latest `done` date,
    /// once every action is done or cancelled and at least one is done.
    /// `None` while an action is open, or when there are no done actions.
    pub fn actions_done_on(&self) -> Option<NaiveDate> {
        if self.action.iter().any(|a| a.status == ActionStatus::Open) {
            return None;
        }
        self.action.iter().filter_map(|a| a.done).max()
    }
}

impl FindingKind {
    /// Whether this is a nonconformity that needs corrective action (10.2).
    pub fn is_nonconformity(self) -> bool {
        matches!(self, FindingKind::Major | FindingKind::Minor)
    }
}

impl Audit {
    /// When the audit was performed, if it is an internal audit completed
    /// by `today`: what counts for the audit programme (9.2).
    pub fn internal_done_by(&self, today: NaiveDate) -> Option<NaiveDate> {
        let done = self.kind == AuditKind::Internal && self.status == AuditStatus::Completed;
        self.performed.filter(|p| done && *p <= today)
    }

    /// The latest internal audit of `audits` completed by `today` (by date,
    /// then id), with its date.
    pub fn last_internal<'a>(
        audits: impl IntoIterator<Item = &'a Audit>,
        today: NaiveDate,
    ) -> Option<(NaiveDate, &'a Audit)> {
        audits
            .into_iter()
            .filter_map(|a| a.internal_done_by(today).map(|p| (p, a)))
            .max_by(|x, y| (x.0, &x.1.id).cmp(&(y.0, &y.1.id)))
    }
}
