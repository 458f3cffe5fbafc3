//! The context of the organisation: `context.toml`, beside isms.toml
//! (optional). Its `[[issue]]`s are the internal and external issues
//! relevant to the ISMS (4.1) with their effect on it; its `[[party]]`s
//! are the interested parties with their requirements and what in the
//! ISMS addresses each (4.2).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `context.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The internal and external issues (4.1).
    #[serde(default)]
    pub issue: Vec<ContextIssue>,
    /// The interested parties and their requirements (4.2).
    #[serde(default)]
    pub party: Vec<Party>,
}

/// One internal or external issue.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContextIssue {
    /// "CTX-" then digits, e.g. "CTX-01".
    pub id: String,
    /// internal | external.
    pub kind: IssueKind,
    /// e.g. "E-invoicing mandates across the EU".
    pub title: String,
    /// Its effect on the ISMS and its intended outcomes.
    #[serde(default)]
    pub effect: String,
    /// Ids of the risks (risks/) it gives rise to.
    #[serde(default)]
    pub risks: Vec<String>,
}

kebab_enum! {
    /// Whether an issue arises inside the organisation or outside it.
    pub enum IssueKind {
        /// Inside: structure, people, culture, technology, capacity.
        Internal,
        /// Outside: law, markets, competitors, suppliers, threats, climate.
        External,
    }
}

/// One interested party.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// "IP-" then digits, e.g. "IP-01".
    pub id: String,
    /// e.g. "Customers", "The ICO".
    pub name: String,
    /// What it requires of the organisation.
    #[serde(default)]
    pub requirement: Vec<Requirement>,
}

/// One requirement of an interested party.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// What is required.
    pub text: String,
    /// What addresses it: Annex A control ids ("A.5.34"), obligation ids
    /// ("OBL-001") and document ids ("ISP-01").
    #[serde(default)]
    pub addressed_by: Vec<String>,
}
