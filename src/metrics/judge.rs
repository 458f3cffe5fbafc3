//! Where an objective stands as of a day (6.2, 9.3.2 d): on track, at risk
//! (not at its target, no better than a period ago, and less than a period
//! left), met or missed (by its `by` date, or as its owner recorded), from
//! its metric's series.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Period, Series};
use crate::model::{Objective, ObjectiveStatus};

/// An objective's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::Display)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum ObjectiveState {
    /// At its target, or with time left to reach it.
    OnTrack,
    /// Short of its target, not improving, with less than a period left.
    AtRisk,
    /// Reached by its date (or recorded as met).
    Met,
    /// Not reached by its date (or recorded as missed).
    Missed,
    /// Withdrawn by its owner.
    Withdrawn,
    /// Its metric has no value yet.
    Unmeasured,
}

impl ObjectiveState {
    /// Whether management should hear of it: at risk or missed.
    pub fn needs_attention(self) -> bool {
        matches!(self, ObjectiveState::AtRisk | ObjectiveState::Missed)
    }
}

/// Which way a metric moved over the last period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::Display)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Trend {
    /// Towards the target.
    Better,
    /// Away from it.
    Worse,
    /// Unchanged.
    Flat,
    /// Not known: fewer than two values.
    Unknown,
}

/// An objective judged as of a day.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Judgement {
    /// Its state.
    pub state: ObjectiveState,
    /// Its metric's latest value.
    pub now: Option<f64>,
    /// The value a period before.
    pub previous: Option<f64>,
    /// Which way it moved.
    pub trend: Trend,
}

/// Judge `objective` on its metric's `series` as of `today`.
pub fn judge(
    objective: &Objective,
    series: &Series,
    period: Period,
    today: NaiveDate,
) -> Judgement {
    let now = series.now();
    let previous = series.previous();
    let trend = match (objective.target, previous, now) {
        (Some(t), Some(p), Some(n)) if t.heading_away(p, n) => Trend::Worse,
        (Some(_), Some(p), Some(n)) if (n - p).abs() < 1e-9 => Trend::Flat,
        (Some(_), Some(_), Some(_)) => Trend::Better,
        _ => Trend::Unknown,
    };
    let state = match objective.status {
        ObjectiveStatus::Withdrawn => ObjectiveState::Withdrawn,
        ObjectiveStatus::Met => ObjectiveState::Met,
        ObjectiveStatus::Missed => ObjectiveState::Missed,
        ObjectiveStatus::Active => active(objective, series, now, trend, period, today),
    };
    Judgement {
        state,
        now,
        previous,
        trend,
    }
}

fn active(
    objective: &Objective,
    series: &Series,
    now: Option<f64>,
    trend: Trend,
    period: Period,
    today: NaiveDate,
) -> ObjectiveState {
    let (Some(target), Some(value)) = (objective.target, now) else {
        return ObjectiveState::Unmeasured;
    };
    match objective.by {
        Some(by) if by < today => {
            let at_by = series.at(by).unwrap_or(value);
            if target.met_by(at_by) {
                ObjectiveState::Met
            } else {
                ObjectiveState::Missed
            }
        }
        _ if target.met_by(value) => ObjectiveState::OnTrack,
        Some(by) => {
            let left = by
                .checked_sub_months(chrono::Months::new(period.months()))
                .is_none_or(|d| d < today);
            if left && trend != Trend::Better {
                ObjectiveState::AtRisk
            } else {
                ObjectiveState::OnTrack
            }
        }
        None => ObjectiveState::OnTrack,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{MetricInfo, Point};
    use crate::model::{ObjectiveTarget, Op};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn series(values: &[(&str, f64)]) -> Series {
        Series {
            metric: MetricInfo::default(),
            points: values
                .iter()
                .map(|(end, v)| Point {
                    end: d(end),
                    label: String::new(),
                    value: Some(*v),
                })
                .collect(),
        }
    }

    fn objective(by: &str, status: ObjectiveStatus) -> Objective {
        Objective {
            id: "OBJ-01".into(),
            title: "T".into(),
            owner: Some("bob".into()),
            metric: "risks-reviewed-on-time".into(),
            target: Some(ObjectiveTarget {
                op: Op::AtLeast,
                value: 95.0,
            }),
            by: Some(d(by)),
            resources: None,
            evaluation: Some("quarterly".into()),
            policy: None,
            status,
        }
    }

    fn state(o: &Objective, s: &Series, today: &str) -> ObjectiveState {
        judge(o, s, Period::Quarter, d(today)).state
    }

    #[test]
    fn objectives_are_on_track_at_risk_met_or_missed() {
        let active = objective("2026-12-31", ObjectiveStatus::Active);
        let falling = series(&[("2026-06-30", 92.0), ("2026-09-30", 90.0)]);
        let rising = series(&[("2026-06-30", 80.0), ("2026-09-30", 90.0)]);
        let reached = series(&[("2026-06-30", 90.0), ("2026-09-30", 96.0)]);
        // Short of the target, worse, more than a period left: on track.
        assert_eq!(
            state(&active, &falling, "2026-09-30"),
            ObjectiveState::OnTrack
        );
        // Less than a period left and not improving: at risk.
        assert_eq!(
            state(&active, &falling, "2026-10-15"),
            ObjectiveState::AtRisk
        );
        // Improving with less than a period left: still on track.
        assert_eq!(
            state(&active, &rising, "2026-10-15"),
            ObjectiveState::OnTrack
        );
        assert_eq!(
            state(&active, &reached, "2026-10-15"),
            ObjectiveState::OnTrack
        );
        // Past the date: judged by the value then.
        assert_eq!(state(&active, &reached, "2027-01-05"), ObjectiveState::Met);
        assert_eq!(
            state(&active, &falling, "2027-01-05"),
            ObjectiveState::Missed
        );
        // What the owner recorded stands.
        let met = objective("2026-12-31", ObjectiveStatus::Met);
        assert_eq!(state(&met, &falling, "2026-10-15"), ObjectiveState::Met);
        let gone = objective("2026-12-31", ObjectiveStatus::Withdrawn);
        assert_eq!(
            state(&gone, &falling, "2026-10-15"),
            ObjectiveState::Withdrawn
        );
        assert_eq!(
            state(&active, &series(&[]), "2026-10-15"),
            ObjectiveState::Unmeasured
        );
        let j = judge(&active, &falling, Period::Quarter, d("2026-10-15"));
        assert_eq!(
            (j.now, j.previous, j.trend),
            (Some(90.0), Some(92.0), Trend::Worse)
        );
    }
}
