//! An awareness campaign: `awareness/AWR-2026-01.md` (7.3, A.6.3, 5.2).
//! The front matter says what the campaign is (training, the
//! acknowledgement of documents, an exercise), who must take it (the whole
//! roster or some departments), by when and how often, and the completion
//! files the LMS or signing tool exported; the body says what it covers.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::evidence::{CADENCE_PATTERN, Cadence, SHA256_PATTERN};
use super::people::OneOrMany;

/// One awareness campaign.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// "AWR-", the year, a number: "AWR-2026-01"; matches the file name.
    pub id: String,
    /// e.g. "Annual security awareness training 2026".
    pub title: String,
    /// training | acknowledgement | exercise.
    pub kind: CampaignKind,
    /// Who must take it: "all" (the default), or department names as the
    /// roster writes them (one or a list).
    #[serde(default = "Campaign::everyone")]
    pub audience: OneOrMany,
    /// For an acknowledgement: the ids of the documents acknowledged. An
    /// acknowledgement dated before a document's current text was approved
    /// does not count.
    #[serde(default)]
    pub documents: Vec<String>,
    /// When it is due; for recurring training, the first cycle's due date;
    /// for an onboarding campaign, the first start date it applies to.
    pub due: NaiveDate,
    /// For recurring campaigns, the cadence as evidence writes it
    /// ("yearly", "6m"): due again one cadence after each due date, and
    /// only completions within the cycle count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = CADENCE_PATTERN))]
    pub every: Option<String>,
    /// An onboarding campaign: each joiner starting on or after `due` takes
    /// it within `[staff] onboarding_days` of their start.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub onboarding: bool,
    /// The completion `isms status` expects, in percent (default 100).
    #[serde(default = "Campaign::full", skip_serializing_if = "Campaign::is_full")]
    #[schemars(range(min = 1, max = 100))]
    pub target: u32,
    /// Person id of who runs it.
    pub owner: String,
    /// The completion files exported, each a CSV inside the tree with a
    /// staff id (or the roster's email), a date and optionally a score.
    #[serde(default)]
    pub completion_file: Vec<CompletionFileRef>,
}

/// A completion file as the record keeps it: where and its content hash.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompletionFileRef {
    /// Path relative to the ISMS root, `/`-separated.
    pub path: String,
    /// SHA-256 of the content when it was recorded, lowercase hex.
    #[schemars(regex(pattern = SHA256_PATTERN))]
    pub sha256: String,
}

kebab_enum! {
    /// What a campaign asks of staff.
    pub enum CampaignKind {
        /// A course or briefing (7.3, A.6.3).
        Training,
        /// Reading and accepting documents: the policy, the acceptable use
        /// policy (5.2, A.5.10).
        Acknowledgement,
        /// Taking part in an exercise: a phishing simulation, a tabletop.
        Exercise,
    }
}

impl Campaign {
    fn everyone() -> OneOrMany {
        OneOrMany::One("all".into())
    }

    fn full() -> u32 {
        100
    }

    fn is_full(t: &u32) -> bool {
        *t == 100
    }

    /// The cadence of a recurring campaign (None: once).
    pub fn cadence(&self) -> Option<Cadence> {
        self.every.as_deref().and_then(Cadence::parse)
    }

    /// Whether staff of `department` are in the audience.
    pub fn for_department(&self, department: &str) -> bool {
        self.audience
            .ids()
            .iter()
            .any(|a| a.eq_ignore_ascii_case("all") || a.eq_ignore_ascii_case(department))
    }
}
