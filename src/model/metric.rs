//! A manual metric: `metrics/MET-001.md`. What isms cannot see in the
//! records (a phishing click rate, patch latency from the scanner, uptime)
//! is measured by someone on a cadence and written down as
//! `[[measurement]]` entries; the body says how it is measured.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Cadence;
use super::evidence::CADENCE_PATTERN;

/// One manual metric and its measurements.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// "MET-" and digits ("MET-001"); matches the file name.
    pub id: String,
    /// What it measures: "Phishing simulation click rate".
    pub title: String,
    /// Person id of who measures it.
    pub owner: String,
    /// The unit of its values: "%", "days", "hours", "count".
    pub unit: String,
    /// Whether a higher value is better (uptime) or worse (click rate).
    pub higher_is_better: bool,
    /// How often it is measured: "30d", "monthly", "quarterly"... (as
    /// evidence's `every`).
    #[schemars(regex(pattern = CADENCE_PATTERN))]
    pub every: String,
    /// The measurements, oldest first.
    #[serde(default)]
    pub measurement: Vec<Measurement>,
}

/// One measurement of a manual metric.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// The day the value holds for.
    pub on: NaiveDate,
    /// The value, in the metric's unit.
    pub value: f64,
    /// Where it came from or what explains it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The evidence record holding the source ("EV-012"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl Metric {
    /// The cadence (monthly if `every` does not parse; the schema refuses
    /// that).
    pub fn cadence(&self) -> Cadence {
        Cadence::parse(&self.every).unwrap_or(Cadence::Months(1))
    }

    /// The latest measurement (by date, whatever the order).
    pub fn last(&self) -> Option<&Measurement> {
        self.measurement.iter().max_by_key(|m| m.on)
    }

    /// The value as of `day`: the latest measurement on or before it.
    pub fn value_on(&self, day: NaiveDate) -> Option<f64> {
        self.measurement
            .iter()
            .filter(|m| m.on <= day)
            .max_by_key(|m| m.on)
            .map(|m| m.value)
    }

    /// When the next measurement is due: one cadence after the last (None:
    /// never measured).
    pub fn due(&self) -> Option<NaiveDate> {
        self.last().map(|m| self.cadence().after(m.on))
    }

    /// Days the next measurement is overdue on `today`; None when it is not.
    pub fn overdue_days(&self, today: NaiveDate) -> Option<i64> {
        self.due()
            .map(|due| (today - due).num_days())
            .filter(|d| *d > 0)
    }
}
