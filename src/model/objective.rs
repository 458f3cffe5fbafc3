//! An information security objective (6.2): `objectives/OBJ-01.md`. What
//! will be achieved (a metric and its target), by when, with what resources,
//! who is responsible and how results are evaluated; the body is the plan.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One objective.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// "OBJ-" and digits ("OBJ-01"); matches the file name.
    pub id: String,
    /// What is to be achieved: "Risks reviewed on time".
    pub title: String,
    /// Person id of who is responsible (6.2 g); required by `isms check`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// What measures it: a built-in metric id ("risks-reviewed-on-time",
    /// `isms metrics --explain` lists them) or a manual metric's ("MET-001").
    pub metric: String,
    /// The value to reach (6.2 b, measurable); required by `isms check`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<ObjectiveTarget>,
    /// The day it is to be met (6.2 h); required by `isms check`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<NaiveDate>,
    /// What resources it needs (6.2 f): people, time, budget, tools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<String>,
    /// How and how often results are evaluated (6.2 i); required by
    /// `isms check`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<String>,
    /// The document it serves (6.2 a: consistent with the policy), usually
    /// "ISP-01".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// active | met | missed | withdrawn.
    pub status: ObjectiveStatus,
}

/// `target = { op = ">=", value = 95 }`: the value the metric is to reach.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveTarget {
    /// How the metric compares with the value: ">=", ">", "<=", "<", "==".
    pub op: Op,
    /// The value, in the metric's unit.
    pub value: f64,
}

/// A comparison a target makes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, strum::IntoStaticStr,
)]
pub enum Op {
    /// At least.
    #[serde(rename = ">=")]
    #[strum(serialize = ">=")]
    AtLeast,
    /// More than.
    #[serde(rename = ">")]
    #[strum(serialize = ">")]
    Above,
    /// At most.
    #[serde(rename = "<=")]
    #[strum(serialize = "<=")]
    AtMost,
    /// Less than.
    #[serde(rename = "<")]
    #[strum(serialize = "<")]
    Below,
    /// Exactly.
    #[serde(rename = "==")]
    #[strum(serialize = "==")]
    Equal,
}

kebab_enum! {
    /// Where an objective stands, as its owner records it.
    pub enum ObjectiveStatus {
        /// Being worked towards.
        Active,
        /// Reached, and recorded as such.
        Met,
        /// Not reached by its date, and recorded as such.
        Missed,
        /// Dropped.
        Withdrawn,
    }
}

impl Op {
    /// The operator as written: ">=".
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl ObjectiveTarget {
    /// Whether `value` meets the target.
    pub fn met_by(&self, value: f64) -> bool {
        match self.op {
            Op::AtLeast => value >= self.value,
            Op::Above => value > self.value,
            Op::AtMost => value <= self.value,
            Op::Below => value < self.value,
            Op::Equal => (value - self.value).abs() < 1e-9,
        }
    }

    /// Whether moving from `from` to `to` heads away from the target: down
    /// for ">=" and ">", up for "<=" and "<", further off for "==".
    pub fn heading_away(&self, from: f64, to: f64) -> bool {
        match self.op {
            Op::AtLeast | Op::Above => to < from,
            Op::AtMost | Op::Below => to > from,
            Op::Equal => (to - self.value).abs() > (from - self.value).abs(),
        }
    }
}

impl std::fmt::Display for ObjectiveTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.op.as_str(), self.value)
    }
}

impl Objective {
    /// Whether it is still being worked towards.
    pub fn is_active(&self) -> bool {
        self.status == ObjectiveStatus::Active
    }

    /// Active, and its `by` date has passed on `today`.
    pub fn past_due(&self, today: NaiveDate) -> bool {
        self.is_active() && self.by.is_some_and(|by| by < today)
    }

    /// What 6.2 asks for that the record does not say: "owner", "target",
    /// "by", "evaluation" (an empty evaluation says nothing).
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        // An empty owner is an unknown person (E020), reported there.
        if self.owner.is_none() {
            missing.push("owner");
        }
        if self.target.is_none() {
            missing.push("target");
        }
        if self.by.is_none() {
            missing.push("by");
        }
        if self
            .evaluation
            .as_deref()
            .is_none_or(|e| e.trim().is_empty())
        {
            missing.push("evaluation");
        }
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_compare_and_trend() {
        let t = ObjectiveTarget {
            op: Op::AtLeast,
            value: 95.0,
        };
        assert!(t.met_by(95.0) && !t.met_by(94.9));
        assert!(t.heading_away(90.0, 85.0) && !t.heading_away(85.0, 90.0));
        let t = ObjectiveTarget {
            op: Op::AtMost,
            value: 0.0,
        };
        assert!(t.met_by(0.0) && !t.met_by(1.0));
        assert!(t.heading_away(1.0, 2.0));
        assert_eq!(t.to_string(), "<= 0");
    }
}
