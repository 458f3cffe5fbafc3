//! An asset of the inventory (A.5.9): `assets/AST-001.md`. The front matter
//! says what the asset is (ISO/IEC 27005's primary and supporting assets),
//! who owns it, how it is classified and rated, what it runs on and who
//! provides it; the body describes it, in Markdown.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Classification;

/// One asset of the inventory.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Asset {
    /// "AST-" and digits ("AST-001"); matches the file name.
    pub id: String,
    /// What it is called: "Ledger database".
    pub title: String,
    /// Person id of the asset owner (A.5.9), who classifies and reviews it.
    pub owner: String,
    /// information | software | service | hardware | people | site.
    #[serde(rename = "type")]
    pub kind: AssetType,
    /// public | internal | confidential | restricted, as documents use;
    /// required for `information` assets (A.5.12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    /// Confidentiality, integrity and availability ratings, each from 1 to
    /// `[assets] cia_levels` of isms.toml (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cia: Option<Cia>,
    /// Ids of the assets it runs on or needs ("AST-004").
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// Ids of the suppliers who provide or host it ("SUP-002").
    #[serde(default)]
    pub suppliers: Vec<String>,
    /// Where it is: a region, an office, "staff homes" (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// active | planned | retired.
    pub status: AssetStatus,
    /// When its owner last reviewed the entry; reviewed again every
    /// `[assets] review_days` of isms.toml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<NaiveDate>,
}

/// Confidentiality, integrity and availability ratings of an asset.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cia {
    /// How much harm disclosure does: 1 (least) to `cia_levels`.
    #[schemars(range(min = 1))]
    pub confidentiality: u32,
    /// How much harm corruption does: 1 (least) to `cia_levels`.
    #[schemars(range(min = 1))]
    pub integrity: u32,
    /// How much harm unavailability does: 1 (least) to `cia_levels`.
    #[schemars(range(min = 1))]
    pub availability: u32,
}

impl Cia {
    /// Each rating with its field name, in order.
    pub fn ratings(&self) -> [(&'static str, u32); 3] {
        [
            ("confidentiality", self.confidentiality),
            ("integrity", self.integrity),
            ("availability", self.availability),
        ]
    }
}

kebab_enum! {
    /// What sort of asset it is (ISO/IEC 27005 primary and supporting assets).
    pub enum AssetType {
        /// Data and records: a primary asset.
        Information,
        /// Applications and code.
        Software,
        /// A service used or run: hosting, identity, email.
        Service,
        /// Devices and equipment.
        Hardware,
        /// People and the knowledge they hold.
        People,
        /// Premises.
        Site,
    }
}

kebab_enum! {
    /// Whether an asset is in use.
    pub enum AssetStatus {
        /// In use.
        Active,
        /// Not in use yet.
        Planned,
        /// No longer in use.
        Retired,
    }
}

impl Asset {
    /// When its next review is due: `review_days` after the last one;
    /// None if it was never reviewed.
    pub fn review_due(&self, review_days: u32) -> Option<NaiveDate> {
        self.reviewed
            .map(|r| r + chrono::Days::new(u64::from(review_days)))
    }

    /// Whether it is still in use (not retired): only such assets are
    /// reviewed.
    pub fn in_use(&self) -> bool {
        self.status != AssetStatus::Retired
    }

    /// Days from `today` to its next review (negative once overdue); None
    /// for a retired asset or one never reviewed.
    pub fn review_due_in(&self, today: NaiveDate, review_days: u32) -> Option<i64> {
        if !self.in_use() {
            return None;
        }
        self.review_due(review_days)
            .map(|due| super::days_until(due, today))
    }

    /// Days its review is overdue on `today`; None when it is not (retired,
    /// never reviewed, or not yet due).
    pub fn review_overdue_days(&self, today: NaiveDate, review_days: u32) -> Option<i64> {
        self.review_due_in(today, review_days)
            .map(|d| -d)
            .filter(|d| *d > 0)
    }

    /// In use and past its review date on `today`.
    pub fn review_overdue(&self, today: NaiveDate, review_days: u32) -> bool {
        self.review_overdue_days(today, review_days).is_some()
    }

    /// In use, and never reviewed or overdue on `today`: what status, the
    /// site and the review sheet count as needing its owner's review.
    pub fn needs_review(&self, today: NaiveDate, review_days: u32) -> bool {
        self.in_use()
            && (self.reviewed.is_none() || self.review_overdue_days(today, review_days).is_some())
    }

    /// In use, and never reviewed or due for review by `until`: what a
    /// review sheet looking ahead to `until` lists.
    pub fn review_due_by(&self, until: NaiveDate, review_days: u32) -> bool {
        self.in_use() && self.review_due(review_days).is_none_or(|d| d <= until)
    }
}
