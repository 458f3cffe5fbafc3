//! A legal, statutory, regulatory or contractual requirement:
//! `obligations/OBL-001.md` (A.5.31, with A.5.32-A.5.34 for intellectual
//! property, records and privacy). The front matter says what the
//! obligation is, where it comes from, who owns it, which controls and
//! documents meet it and when it was last reviewed; the body says what it
//! requires of the organisation.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::evidence::{CADENCE_PATTERN, Cadence};

/// One obligation of the register.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// "OBL-" then digits, e.g. "OBL-001"; matches the file name.
    pub id: String,
    /// e.g. "UK GDPR and the Data Protection Act 2018".
    pub title: String,
    /// law | regulation | contract | standard | certification.
    pub kind: ObligationKind,
    /// Where it applies: "UK", "EU", "US"; omitted for a contract or
    /// certification that applies wherever the organisation works.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// Person id of who keeps track of it.
    pub owner: String,
    /// Where it is written: a citation ("Regulation (EU) 2016/679") or a
    /// URL.
    pub source: String,
    /// Annex A controls that meet it ("A.5.34").
    #[serde(default)]
    pub controls: Vec<String>,
    /// Ids of the documents (documents/) that meet it.
    #[serde(default)]
    pub documents: Vec<String>,
    /// How often it is reviewed for changes and for how it is met:
    /// "yearly", "6m", "2y"...
    #[schemars(regex(pattern = CADENCE_PATTERN))]
    pub review_every: String,
    /// When it was last reviewed.
    pub reviewed: NaiveDate,
    /// applicable | monitoring | retired.
    pub status: ObligationStatus,
}

kebab_enum! {
    /// Where an obligation comes from.
    pub enum ObligationKind {
        /// An act of a legislature (UK GDPR, the Data Protection Act 2018).
        Law,
        /// A regulation or a regulator's rules (PECR, HMRC's MTD requirements).
        Regulation,
        /// A contract with a customer, supplier or partner.
        Contract,
        /// A standard the organisation has committed to follow.
        Standard,
        /// A certification or attestation it holds or seeks (ISO/IEC 27001,
        /// SOC 2).
        Certification,
    }
}

kebab_enum! {
    /// Whether an obligation binds the organisation now.
    pub enum ObligationStatus {
        /// It binds the organisation: controls or documents must meet it.
        Applicable,
        /// Not binding yet (a law not in force, a market not entered): watched.
        Monitoring,
        /// No longer binding; kept for the record.
        Retired,
    }
}

impl Obligation {
    /// The review cadence (yearly if `review_every` does not parse; the
    /// schema refuses that).
    pub fn cadence(&self) -> Cadence {
        Cadence::parse(&self.review_every).unwrap_or(Cadence::Months(12))
    }

    /// When the next review is due: one cadence after the last; None once
    /// retired.
    pub fn review_due(&self) -> Option<NaiveDate> {
        (self.status != ObligationStatus::Retired).then(|| self.cadence().after(self.reviewed))
    }

    /// How many days past its review date it is on `today` (None when not
    /// overdue, or retired).
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        self.review_due()
            .filter(|due| *due < today)
            .map(|due| (today - due).num_days())
    }

    /// Applicable, and met by no control and no document.
    pub fn unaddressed(&self) -> bool {
        self.status == ObligationStatus::Applicable
            && self.controls.is_empty()
            && self.documents.is_empty()
    }
}
