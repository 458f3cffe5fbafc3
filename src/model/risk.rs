//! A risk record: `risks/R-007.md`.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Action;

/// One risk in the register (6.1.2, 6.1.3).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// "R-" and three or more digits; matches the file name.
    pub id: String,
    /// Short name of the risk.
    pub title: String,
    /// Person id of the risk owner (6.1.2 c 2).
    pub owner: String,
    /// Assets at risk.
    #[serde(default)]
    pub assets: Vec<String>,
    /// What could happen.
    #[serde(default)]
    pub threat: String,
    /// The weakness the threat exploits.
    #[serde(default)]
    pub vulnerability: String,
    /// Inherent likelihood: 1-based position on the likelihood scale.
    pub likelihood: u32,
    /// Inherent impact: 1-based position on the impact scale.
    pub impact: u32,
    /// mitigate | accept | transfer | avoid.
    pub treatment: Treatment,
    /// Annex A controls the treatment relies on ("A.8.13").
    #[serde(default)]
    pub controls: Vec<String>,
    /// Likelihood after treatment; defaults to the inherent likelihood.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_likelihood: Option<u32>,
    /// Impact after treatment; defaults to the inherent impact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_impact: Option<u32>,
    /// open | closed.
    pub status: RiskStatus,
    /// When the risk was identified.
    pub identified: NaiveDate,
    /// When the risk was last reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<NaiveDate>,
    /// Who accepted the residual risk, when, and until when (6.1.3 f).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
    /// Treatment actions.
    #[serde(default)]
    pub action: Vec<Action>,
}

/// A named acceptance of residual risk.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Person id of who accepted.
    pub by: String,
    /// When.
    pub on: NaiveDate,
    /// Until when the acceptance holds.
    pub expires: NaiveDate,
}

/// Risk treatment option.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::IntoStaticStr,
    strum::VariantNames,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Treatment {
    /// Reduce with controls.
    Mitigate,
    /// Retain as it is.
    Accept,
    /// Share with a third party (insurance, contract).
    Transfer,
    /// Stop the activity.
    Avoid,
}

/// Whether a risk is still managed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::IntoStaticStr,
    strum::VariantNames,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum RiskStatus {
    /// In the register.
    Open,
    /// No longer relevant.
    Closed,
}

impl Risk {
    /// Inherent score.
    pub fn score(&self) -> u32 {
        self.likelihood * self.impact
    }

    /// Residual likelihood (inherent when not given).
    pub fn res_likelihood(&self) -> u32 {
        self.residual_likelihood.unwrap_or(self.likelihood)
    }

    /// Residual impact (inherent when not given).
    pub fn res_impact(&self) -> u32 {
        self.residual_impact.unwrap_or(self.impact)
    }

    /// Residual score.
    pub fn residual_score(&self) -> u32 {
        self.res_likelihood() * self.res_impact()
    }
}
