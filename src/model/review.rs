//! A management review record: `reviews/MR-2026-Q3.md` (9.3).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Action;

/// One management review; the body is the minutes.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// e.g. "MR-2026-Q3"; matches the file name.
    pub id: String,
    /// Date held or planned.
    pub date: NaiveDate,
    /// Person id of the chair (top management).
    pub chair: String,
    /// Person ids of those present.
    #[serde(default)]
    pub attendees: Vec<String>,
    /// planned | held.
    pub status: ReviewStatus,
    /// The inputs of 9.3.2 a) to g).
    #[serde(default)]
    pub inputs: ReviewInputs,
    /// Decisions taken (9.3.3), Markdown each.
    #[serde(default)]
    pub decisions: Vec<String>,
    /// Actions arising.
    #[serde(default)]
    pub action: Vec<Action>,
}

/// The seven inputs a management review must consider (9.3.2 a-g), Markdown each.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInputs {
    /// a) status of actions from previous reviews.
    #[serde(default)]
    pub previous_actions: String,
    /// b) changes in external and internal issues.
    #[serde(default)]
    pub external_internal_issues: String,
    /// c) changes in needs and expectations of interested parties.
    #[serde(default)]
    pub interested_party_needs: String,
    /// d) feedback on information security performance.
    #[serde(default)]
    pub performance: String,
    /// e) feedback from interested parties.
    #[serde(default)]
    pub interested_party_feedback: String,
    /// f) results of risk assessment and status of the treatment plan.
    #[serde(default)]
    pub risk_and_treatment: String,
    /// g) opportunities for continual improvement.
    #[serde(default)]
    pub improvement: String,
}

/// The inputs in order: (key, clause letter, title).
pub const REVIEW_INPUTS: [(&str, &str, &str); 7] = [
    (
        "previous_actions",
        "a",
        "Status of actions from previous management reviews",
    ),
    (
        "external_internal_issues",
        "b",
        "Changes in external and internal issues",
    ),
    (
        "interested_party_needs",
        "c",
        "Changes in needs and expectations of interested parties",
    ),
    (
        "performance",
        "d",
        "Feedback on information security performance",
    ),
    (
        "interested_party_feedback",
        "e",
        "Feedback from interested parties",
    ),
    (
        "risk_and_treatment",
        "f",
        "Results of risk assessment and status of risk treatment plan",
    ),
    (
        "improvement",
        "g",
        "Opportunities for continual improvement",
    ),
];

impl ReviewInputs {
    /// The text of an input by key (one of [`REVIEW_INPUTS`]).
    pub fn get(&self, key: &str) -> &str {
        match key {
            "previous_actions" => &self.previous_actions,
            "external_internal_issues" => &self.external_internal_issues,
            "interested_party_needs" => &self.interested_party_needs,
            "performance" => &self.performance,
            "interested_party_feedback" => &self.interested_party_feedback,
            "risk_and_treatment" => &self.risk_and_treatment,
            "improvement" => &self.improvement,
            _ => "",
        }
    }
}

kebab_enum! {
    /// Review status.
    pub enum ReviewStatus {
        /// Scheduled.
        Planned,
        /// Took place.
        Held,
    }
}

impl Review {
    /// Held, on or before `today`: a review that took place by then.
    pub fn held_by(&self, today: NaiveDate) -> bool {
        self.status == ReviewStatus::Held && self.date <= today
    }

    /// The latest of `reviews` held by `today` (by date, then id): where
    /// the next review's period starts.
    pub fn last_held<'a>(
        reviews: impl IntoIterator<Item = &'a Review>,
        today: NaiveDate,
    ) -> Option<&'a Review> {
        reviews
            .into_iter()
            .filter(|r| r.held_by(today))
            .max_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)))
    }
}
