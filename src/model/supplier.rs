//! A supplier of the register (A.5.19 to A.5.22): `suppliers/SUP-001.md`.
//! The front matter says what the supplier provides, how critical it is,
//! what data it receives and where, the contract's security terms, its
//! certifications and every review of it; the body holds the due diligence
//! notes, in Markdown.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::evidence::CADENCE_PATTERN;
use super::{Cadence, Classification, EvidenceFile, SupplierSettings};

/// How many days ahead a certification's expiry is shown as coming.
pub const CERTIFICATION_WARNING_DAYS: i64 = 30;

/// One supplier.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supplier {
    /// "SUP-" and digits ("SUP-001"); matches the file name.
    pub id: String,
    /// Who it is: "Amazon Web Services".
    pub title: String,
    /// Person id of the relationship owner, who reviews the supplier.
    pub owner: String,
    /// What it provides: "Hosting of the production platform".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<String>,
    /// low | medium | high | critical: sets the default review cadence.
    pub criticality: Criticality,
    /// onboarding | active | offboarded.
    pub status: SupplierStatus,
    /// The highest classification of the data it receives, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Classification>,
    /// Whether it processes personal data on our behalf (a subprocessor).
    #[serde(default)]
    pub subprocessor: bool,
    /// Where it processes our data ("IE", "DE", "United Kingdom").
    #[serde(default)]
    pub countries: Vec<String>,
    /// Annex A controls that govern the relationship ("A.5.19", "A.8.30").
    #[serde(default)]
    pub controls: Vec<String>,
    /// How often it is reviewed: "yearly", "6m", "2y"...; default by
    /// criticality from `[suppliers]` of isms.toml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = CADENCE_PATTERN))]
    pub review_every: Option<String>,
    /// The contract and its security terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<Contract>,
    /// Its certifications and attestation reports.
    #[serde(default)]
    pub certification: Vec<Certification>,
    /// The reviews of the supplier, oldest first.
    #[serde(default)]
    pub review: Vec<SupplierReview>,
}

/// `[contract]`: the agreement with the supplier (A.5.20).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// When it started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    /// When it ends (a fixed term), if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// When it next renews (a rolling term), if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renews: Option<NaiveDate>,
    /// Whether it holds information security terms (A.5.20).
    #[serde(default)]
    pub security_terms: bool,
    /// Whether a data processing agreement is signed.
    #[serde(default)]
    pub dpa: bool,
    /// Where to find it: a contract number, a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A certification or attestation the supplier holds.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// What it is: "ISO/IEC 27001", "SOC 2 Type II".
    pub name: String,
    /// The last day it is valid (a certificate's expiry, a report's
    /// period end plus 12 months).
    pub valid_until: NaiveDate,
    /// The evidence record holding the certificate or report ("EV-007").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Or the files themselves, with their content hash, as evidence
    /// collections record them.
    #[serde(default)]
    pub files: Vec<EvidenceFile>,
}

/// One review of a supplier (A.5.22).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierReview {
    /// The day of the review.
    pub on: NaiveDate,
    /// Person id of the reviewer.
    pub by: String,
    /// approved | approved-with-conditions | rejected.
    pub outcome: ReviewOutcome,
    /// What was found or agreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Ids of the risks it raised or updated ("R-005").
    #[serde(default)]
    pub risks: Vec<String>,
}

kebab_enum! {
    /// How critical a supplier is to the service.
    pub enum Criticality {
        /// Easily replaced; no sensitive data.
        Low,
        /// Disruptive to lose.
        Medium,
        /// The service or sensitive data depends on it.
        High,
        /// The service stops without it.
        Critical,
    }
}

kebab_enum! {
    /// Where the relationship stands.
    pub enum SupplierStatus {
        /// Due diligence under way.
        Onboarding,
        /// In use.
        Active,
        /// No longer used; its access and our data are gone.
        Offboarded,
    }
}

kebab_enum! {
    /// What a review concluded.
    pub enum ReviewOutcome {
        /// Fit to use.
        Approved,
        /// Fit to use once the conditions in the note are met.
        ApprovedWithConditions,
        /// Not to be used.
        Rejected,
    }
}

impl Supplier {
    /// Its review cadence: `review_every`, else its criticality's in
    /// `[suppliers]`.
    pub fn cadence(&self, settings: &SupplierSettings) -> Cadence {
        self.review_every
            .as_deref()
            .and_then(Cadence::parse)
            .unwrap_or_else(|| settings.cadence(self.criticality))
    }

    /// Its review cadence as written: `review_every`, else its
    /// criticality's in `[suppliers]`.
    pub fn every<'s>(&'s self, settings: &'s SupplierSettings) -> &'s str {
        self.review_every
            .as_deref()
            .unwrap_or_else(|| settings.every(self.criticality))
    }

    /// The latest review (by date, whatever the order).
    pub fn last_review(&self) -> Option<&SupplierReview> {
        self.review.iter().max_by_key(|r| r.on)
    }

    /// Whether it is reviewed at all: offboarded suppliers are not.
    pub fn under_review(&self) -> bool {
        self.status != SupplierStatus::Offboarded
    }

    /// When its next review is due; None if never reviewed or offboarded.
    pub fn review_due(&self, settings: &SupplierSettings) -> Option<NaiveDate> {
        if !self.under_review() {
            return None;
        }
        self.last_review()
            .map(|r| self.cadence(settings).after(r.on))
    }

    /// Days from `today` to its next review (negative once overdue); None
    /// when it has no review date (not under review, or never reviewed).
    pub fn review_due_in(&self, today: NaiveDate, settings: &SupplierSettings) -> Option<i64> {
        self.review_due(settings)
            .map(|due| super::days_until(due, today))
    }

    /// Days its review is overdue on `today`; None when it is not.
    pub fn review_overdue_days(
        &self,
        today: NaiveDate,
        settings: &SupplierSettings,
    ) -> Option<i64> {
        self.review_due_in(today, settings)
            .map(|d| -d)
            .filter(|d| *d > 0)
    }

    /// Its review is overdue on `today`, or it is a high or critical
    /// supplier never reviewed: what status and the site flag.
    pub fn needs_review(&self, today: NaiveDate, settings: &SupplierSettings) -> bool {
        self.review_overdue_days(today, settings).is_some() || self.needs_first_review()
    }

    /// Its review falls due by `until`, or it is a high or critical supplier
    /// never reviewed: what a listing looking ahead to `until` shows.
    pub fn review_due_by(&self, until: NaiveDate, settings: &SupplierSettings) -> bool {
        self.review_due(settings).is_some_and(|d| d <= until) || self.needs_first_review()
    }

    /// A `high` or `critical` active supplier nobody has reviewed yet.
    pub fn needs_first_review(&self) -> bool {
        self.status == SupplierStatus::Active
            && self.criticality >= Criticality::High
            && self.review.is_empty()
    }

    /// Whether the certification at `index` is superseded: another of the
    /// same name is valid for longer.
    fn superseded(&self, index: usize) -> bool {
        let Some(c) = self.certification.get(index) else {
            return false;
        };
        self.certification
            .iter()
            .enumerate()
            .any(|(i, o)| i != index && o.name == c.name && o.valid_until > c.valid_until)
    }

    /// The certifications that count, by index: the latest of each name,
    /// for a supplier still in use.
    pub fn current_certifications(&self) -> impl Iterator<Item = (usize, &Certification)> {
        let used = self.under_review();
        self.certification
            .iter()
            .enumerate()
            .filter(move |(i, _)| used && !self.superseded(*i))
    }

    /// The certifications expired on `today` and not renewed, by index.
    pub fn expired_certifications(
        &self,
        today: NaiveDate,
    ) -> impl Iterator<Item = (usize, &Certification)> {
        self.current_certifications()
            .filter(move |(_, c)| c.valid_until < today)
    }

    /// The certifications expiring within [`CERTIFICATION_WARNING_DAYS`]
    /// of `today` (still valid today), by index.
    pub fn expiring_certifications(
        &self,
        today: NaiveDate,
    ) -> impl Iterator<Item = (usize, &Certification)> {
        self.current_certifications().filter(move |(_, c)| {
            let left = (c.valid_until - today).num_days();
            (0..=CERTIFICATION_WARNING_DAYS).contains(&left)
        })
    }

    /// The day its contract ended, if it has ended on `today` while the
    /// supplier is still active.
    pub fn contract_ended(&self, today: NaiveDate) -> Option<NaiveDate> {
        let end = self.contract.as_ref()?.end?;
        (self.status == SupplierStatus::Active && end < today).then_some(end)
    }

    /// What the contract lacks for the data it receives: security terms
    /// for data above `internal`, a DPA for a subprocessor.
    pub fn missing_terms(&self) -> Vec<&'static str> {
        let c = self.contract.as_ref();
        let mut missing = Vec::new();
        if self.data > Some(Classification::Internal) && !c.is_some_and(|c| c.security_terms) {
            missing.push("security_terms");
        }
        if self.subprocessor && !c.is_some_and(|c| c.dpa) {
            missing.push("dpa");
        }
        missing
    }
}
