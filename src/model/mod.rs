//! The record model: plain serde types, one file per record kind. The model
//! knows nothing of loading or rendering. JSON Schemas in `schemas/` are
//! generated from these types (see [`crate::schema`]).

/// A closed set of words a record field takes, written in kebab-case
/// (`not-implemented`): every such enum of the model derives the same
/// traits (serde, the schema, strum's names, order by declaration), declared
/// once here.
macro_rules! kebab_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize,
            serde::Deserialize,
            schemars::JsonSchema,
            strum::Display,
            strum::IntoStaticStr,
            strum::VariantNames,
        )]
        #[serde(rename_all = "kebab-case")]
        #[strum(serialize_all = "kebab-case")]
        pub enum $name { $($body)* }
    };
}

mod action;
mod asset;
mod audit;
mod campaign;
mod config;
mod context;
mod document;
mod evidence;
mod incident;
mod metric;
mod objective;
mod obligation;
mod people;
mod review;
mod risk;
mod soa;
mod staff;
mod supplier;
mod time;

pub use action::{Action, ActionStatus};
pub use asset::{Asset, AssetStatus, AssetType, Cia};
pub use audit::{Audit, AuditKind, AuditStatus, Finding, FindingKind, Verification};
pub use campaign::{Campaign, CampaignKind, CompletionFileRef};
pub use config::{
    AssetSettings, AuditProgramme, Config, Level, Organisation, Period, Person, RiskMethod,
    Soc2Category, Soc2Scope, SupplierSettings,
};
pub use context::{Context, ContextIssue, IssueKind, Party, Requirement};
pub use document::{Approval, Classification, Document, DocumentKind};
pub use evidence::{Cadence, Collection, Evidence, EvidenceFile};
pub use incident::{Incident, IncidentStatus, Severity, TimelineEntry};
pub use metric::{Measurement, Metric};
pub use objective::{Objective, ObjectiveStatus, ObjectiveTarget, Op};
pub use obligation::{Obligation, ObligationKind, ObligationStatus};
pub use people::{COMPETENCE_WARNING_DAYS, Competence, OneOrMany, Role, StaffSettings};
pub use review::{REVIEW_INPUTS, Review, ReviewInputs, ReviewStatus};
pub use risk::{Acceptance, Risk, RiskStatus, Treatment};
pub use soa::{Applicability, ImplementationStatus, Reason, Soa, SoaControl};
pub use staff::{Roster, StaffMember};
pub use supplier::{
    CERTIFICATION_WARNING_DAYS, Certification, Contract, Criticality, ReviewOutcome, Supplier,
    SupplierReview, SupplierStatus,
};
pub use time::{Timestamp, days_until, horizon, next_due_after, recent_since, today};
