//! A risk record: `risks/R-007.md`.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Action, RiskMethod};

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

kebab_enum! {
    /// Risk treatment option.
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
}

kebab_enum! {
    /// Whether a risk is still managed.
    pub enum RiskStatus {
        /// In the register.
        Open,
        /// No longer relevant.
        Closed,
    }
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

    /// Whether the risk is still managed (open).
    pub fn is_open(&self) -> bool {
        self.status == RiskStatus::Open
    }

    /// Open, and the residual score is above the method's appetite: it
    /// needs a named acceptance (6.1.3 f).
    pub fn above_appetite(&self, method: &RiskMethod) -> bool {
        self.is_open() && self.residual_score() > method.appetite
    }

    /// When the risk was last looked at: its last review, else the day it
    /// was identified.
    pub fn last_reviewed(&self) -> NaiveDate {
        self.reviewed.unwrap_or(self.identified)
    }

    /// When the next review is due: the method's `review_days` after the
    /// last review (8.2).
    pub fn review_due(&self, method: &RiskMethod) -> NaiveDate {
        self.last_reviewed()
            .checked_add_days(chrono::Days::new(u64::from(method.review_days)))
            .unwrap_or(NaiveDate::MAX)
    }

    /// Open and its review falls due by `until`: what a listing looking
    /// ahead to `until` (the review sheet) shows.
    pub fn review_due_by(&self, method: &RiskMethod, until: NaiveDate) -> bool {
        self.is_open() && self.review_due(method) <= until
    }

    /// Days from `today` to its next review (negative once overdue).
    pub fn review_due_in(&self, method: &RiskMethod, today: NaiveDate) -> i64 {
        super::days_until(self.review_due(method), today)
    }

    /// Open and past its review date on `today`.
    pub fn review_overdue(&self, method: &RiskMethod, today: NaiveDate) -> bool {
        self.is_open() && self.review_due(method) < today
    }
}

impl Acceptance {
    /// Past its expiry date on `today`.
    pub fn expired(&self, today: NaiveDate) -> bool {
        self.expires < today
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn risk() -> Risk {
        serde_json::from_value(serde_json::json!({
            "id": "R-001", "title": "t", "owner": "a", "likelihood": 4, "impact": 4,
            "treatment": "accept", "residual_likelihood": 3, "residual_impact": 3,
            "status": "open", "identified": "2026-01-10",
        }))
        .unwrap()
    }

    fn method(appetite: u32, review_days: u32) -> RiskMethod {
        serde_json::from_value(serde_json::json!({
            "likelihood": ["1", "2", "3", "4", "5"], "impact": ["1", "2", "3", "4", "5"],
            "appetite": appetite, "review_days": review_days, "level": [],
        }))
        .unwrap()
    }

    #[test]
    fn review_falls_due_after_the_last_review() {
        let mut r = risk();
        let m = method(8, 90);
        assert_eq!(r.review_due(&m), day("2026-04-10"));
        assert!(!r.review_overdue(&m, day("2026-04-10")));
        assert!(r.review_overdue(&m, day("2026-04-11")));
        r.reviewed = Some(day("2026-04-01"));
        assert_eq!(r.review_due(&m), day("2026-06-30"));
        r.status = RiskStatus::Closed;
        assert!(!r.review_overdue(&m, day("2030-01-01")));
        // A review interval past the calendar is never due, and no panic.
        assert_eq!(r.review_due(&method(8, u32::MAX)), NaiveDate::MAX);
    }

    #[test]
    fn appetite_is_judged_on_the_residual_score_of_open_risks() {
        let mut r = risk();
        assert!(r.above_appetite(&method(8, 90)));
        assert!(!r.above_appetite(&method(9, 90)));
        r.status = RiskStatus::Closed;
        assert!(!r.above_appetite(&method(8, 90)));
    }
}
