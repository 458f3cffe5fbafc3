//! `soa.toml`: the Statement of Applicability (6.1.3 d).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The Statement of Applicability.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Soa {
    /// The standard, e.g. "ISO/IEC 27001:2022".
    pub standard: String,
    /// Document version, e.g. "4.0".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Person id of the document owner.
    pub owner: String,
    /// Person id of who approved it; absent (or empty) until a person has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// When it was approved; absent until it has been.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<NaiveDate>,
    /// One entry per Annex A control.
    #[serde(default)]
    pub control: Vec<SoaControl>,
}

/// One control's entry in the SoA.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SoaControl {
    /// Annex A id, e.g. "A.5.1".
    pub id: String,
    /// Whether the control is applicable.
    pub applicable: Applicability,
    /// Why it is included: any of risk, legal, contract, business.
    #[serde(default)]
    pub reasons: Vec<Reason>,
    /// Implementation status (applicable controls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ImplementationStatus>,
    /// Why it is included or excluded.
    #[serde(default)]
    pub justification: String,
    /// How it is implemented, Markdown.
    #[serde(default)]
    pub implementation: String,
    /// Person id of the control owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Evidence: paths in the tree or URLs.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Ids of the documents (documents/) that set the control out.
    #[serde(default)]
    pub documents: Vec<String>,
    /// Ids of the obligations (obligations/) the control helps meet: what
    /// stands behind a `legal` or `contract` reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<String>,
    /// SOC 2 criteria the control serves ("CC6.1"): replaces the indicative
    /// mapping for this control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soc2: Option<Vec<String>>,
}

impl Soa {
    /// The first entry for a control id.
    pub fn entry(&self, id: &str) -> Option<&SoaControl> {
        self.control.iter().find(|c| c.id == id)
    }

    /// The SOC 2 criteria a control serves: its entry's own `soc2` list when
    /// it has one, else the indicative mapping.
    pub fn soc2_of(&self, id: &str) -> Vec<&str> {
        let own = self.entry(id).and_then(|e| e.soc2.as_deref());
        crate::catalogue::Catalogue::get().soc2_of(id, own)
    }

    /// Who approved the SoA, when it names a person (an empty
    /// `approved_by` names nobody).
    pub fn approver(&self) -> Option<&str> {
        self.approved_by.as_deref().filter(|p| !p.trim().is_empty())
    }

    /// Who approved the SoA and when, once both are recorded.
    pub fn approval(&self) -> Option<(&str, NaiveDate)> {
        Some((self.approver()?, self.approved_on?))
    }
}

/// `applicable = true | false`.
pub type Applicability = bool;

kebab_enum! {
    /// Why a control is included.
    pub enum Reason {
        /// Required to treat a risk.
        Risk,
        /// Required by law or regulation.
        Legal,
        /// Required by a contract.
        Contract,
        /// Required by the business or good practice.
        Business,
    }
}

/// How far a control is implemented.
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
    strum::EnumString,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum ImplementationStatus {
    /// In place and operating.
    Implemented,
    /// Partly in place.
    Partial,
    /// Planned, not yet in place.
    Planned,
    /// Not in place and not planned.
    NotImplemented,
}

impl ImplementationStatus {
    /// How far along it is, from 1 (not implemented) to 4 (implemented):
    /// merging several statuses into one keeps the weakest.
    pub fn strength(self) -> u8 {
        match self {
            ImplementationStatus::Implemented => 4,
            ImplementationStatus::Partial => 3,
            ImplementationStatus::Planned => 2,
            ImplementationStatus::NotImplemented => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ImplementationStatus;

    #[test]
    fn implementation_states_grow_stronger_as_they_go_further() {
        use ImplementationStatus::*;
        let order = [NotImplemented, Planned, Partial, Implemented];
        assert!(order.windows(2).all(|w| w[0].strength() < w[1].strength()));
        assert_eq!(
            "not-implemented".parse::<ImplementationStatus>().ok(),
            Some(NotImplemented)
        );
    }
}
