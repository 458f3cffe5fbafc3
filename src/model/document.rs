//! A controlled document: `documents/ISP-01.md`. The front matter says what
//! the document is (a policy, a procedure...), who owns it, how it is
//! classified, how often it is reviewed, what it implements and who approved
//! it when; the body is the document itself, in Markdown.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::evidence::{CADENCE_PATTERN, Cadence};

/// One controlled document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The organisation's own code (capitals, digits, hyphens, e.g.
    /// "ISP-01"); matches the file name.
    pub id: String,
    /// e.g. "Information security policy".
    pub title: String,
    /// policy | procedure | standard | plan | statement.
    pub kind: DocumentKind,
    /// Person id of the document owner.
    pub owner: String,
    /// public | internal | confidential | restricted.
    pub classification: Classification,
    /// How often it is reviewed and approved again: "yearly", "2y", "6m"...
    #[schemars(regex(pattern = CADENCE_PATTERN))]
    pub review_every: String,
    /// Annex A controls it implements ("A.5.1").
    #[serde(default)]
    pub controls: Vec<String>,
    /// ISO/IEC 27001 clauses it satisfies ("5.2").
    #[serde(default)]
    pub clauses: Vec<String>,
    /// The id of the document it replaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    /// The approvals, oldest first.
    #[serde(default)]
    pub approval: Vec<Approval>,
}

/// One approval of a document's text.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Person id of who approved it.
    pub by: String,
    /// When.
    pub on: NaiveDate,
    /// A remark ("annual review, no changes").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The approval of a changed text: acknowledgements dated before it
    /// are of an older text (in git, the history tells this by itself).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub text_changed: bool,
}

kebab_enum! {
    /// What sort of document it is.
    pub enum DocumentKind {
        /// A policy: what is required and why (5.2, topic-specific policies).
        Policy,
        /// A procedure: how something is done, step by step.
        Procedure,
        /// A standard: specific mandatory settings or rules.
        Standard,
        /// A plan: e.g. business continuity, incident response.
        Plan,
        /// A statement: e.g. the scope statement (4.3).
        Statement,
    }
}

kebab_enum! {
    /// Who may read the document.
    pub enum Classification {
        /// Anyone.
        Public,
        /// Staff and contractors.
        Internal,
        /// Named groups only.
        Confidential,
        /// Named people only.
        Restricted,
    }
}

impl Document {
    /// The review cadence (yearly if `review_every` does not parse; the
    /// schema refuses that).
    pub fn cadence(&self) -> Cadence {
        Cadence::parse(&self.review_every).unwrap_or(Cadence::Months(12))
    }

    /// The latest approval (by date, whatever the order).
    pub fn last_approval(&self) -> Option<&Approval> {
        self.approval.iter().max_by_key(|a| a.on)
    }

    /// When the next review is due: one cadence after the last approval.
    pub fn review_due(&self) -> Option<NaiveDate> {
        self.last_approval().map(|a| self.cadence().after(a.on))
    }

    /// Approved, and past its review date on `today` (a document never
    /// approved has no review date: it is reported as such).
    pub fn review_overdue(&self, today: NaiveDate) -> bool {
        self.review_due().is_some_and(|due| due < today)
    }
}
