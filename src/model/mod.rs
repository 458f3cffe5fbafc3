//! The record model: plain serde types, one file per record kind. The model
//! knows nothing of loading or rendering. JSON Schemas in `schemas/` are
//! generated from these types (see [`crate::schema`]).

mod action;
mod audit;
mod config;
mod incident;
mod review;
mod risk;
mod soa;
mod time;

pub use action::{Action, ActionStatus};
pub use audit::{Audit, AuditKind, AuditStatus, Finding, FindingKind};
pub use config::{Config, Level, Organisation, Person, RiskMethod};
pub use incident::{Incident, IncidentStatus, Severity, TimelineEntry};
pub use review::{REVIEW_INPUTS, Review, ReviewInputs, ReviewStatus};
pub use risk::{Acceptance, Risk, RiskStatus, Treatment};
pub use soa::{Applicability, ImplementationStatus, Reason, Soa, SoaControl};
pub use time::Timestamp;

/// Implement `as_str` for a unit enum whose serde names are its wire format.
macro_rules! wire_names {
    ($ty:ident { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            /// The value as written in records.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name,)* }
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use wire_names;
