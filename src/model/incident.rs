//! An incident record: `incidents/INC-2026-004.md`; the body is the post-mortem.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Action, Timestamp};

/// One information security incident.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// e.g. "INC-2026-004"; matches the file name.
    pub id: String,
    /// What happened, in a line.
    pub title: String,
    /// P1 (worst) to P4.
    pub severity: Severity,
    /// open | resolved | closed.
    pub status: IncidentStatus,
    /// Person id of the incident lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it was detected.
    pub detected: Timestamp,
    /// When it was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Timestamp>,
    /// Services affected.
    #[serde(default)]
    pub services: Vec<String>,
    /// Number of users affected.
    #[serde(default)]
    pub users_affected: u64,
    /// Whether personal data was breached (GDPR art. 33).
    #[serde(default)]
    pub personal_data_breach: bool,
    /// Risk ids the incident relates to.
    #[serde(default)]
    pub risks: Vec<String>,
    /// Annex A controls involved.
    #[serde(default)]
    pub controls: Vec<String>,
    /// What happened when, in order.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// Follow-up actions.
    #[serde(default)]
    pub action: Vec<Action>,
}

/// One timeline entry.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// When.
    pub at: Timestamp,
    /// What happened.
    pub event: String,
}

/// Incident severity.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::IntoStaticStr,
)]
pub enum Severity {
    /// Critical.
    P1,
    /// High.
    P2,
    /// Medium.
    P3,
    /// Low.
    P4,
}

kebab_enum! {
    /// Incident status.
    pub enum IncidentStatus {
        /// Being handled.
        Open,
        /// Service restored.
        Resolved,
        /// Post-mortem done, actions tracked.
        Closed,
    }
}
