//! Monitoring and measurement (9.1) and the objectives it judges (6.2).
//! A metric is built in ([`builtin`]: computed from the records as they
//! stood on a day) or manual (a record of `metrics/`, its values written
//! down); [`series`] gives a metric's value at each period end over the
//! git history, and [`judge`] says where each objective stands. This sits
//! above loading and below the checker and the views, so all of them ask
//! the same questions the same way.

pub mod builtin;
pub mod judge;
pub mod series;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

pub use builtin::{BUILTINS, Builtin, builtin};
pub use judge::{Judgement, ObjectiveState, Trend, judge};
pub use series::{Coverage, Measured, Point, Series, Standing, measure, standings, values_on};

use crate::load::Tree;

/// The length of the periods a series is measured over.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, strum::Display, strum::EnumString,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Period {
    /// Calendar months.
    Month,
    /// Calendar quarters (the default: management reviews are quarterly).
    #[default]
    Quarter,
}

impl Period {
    /// How many months one period is.
    pub fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
        }
    }

    /// The first day of the period holding `day`.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        let m = self.months();
        let month = (day.month0() / m) * m + 1;
        NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
    }

    /// The last day of the period holding `day`.
    pub fn end_of(self, day: NaiveDate) -> NaiveDate {
        self.start_of(day)
            .checked_add_months(Months::new(self.months()))
            .and_then(|d| d.pred_opt())
            .unwrap_or(day)
    }

    /// The period's name: "2026-Q3", "2026-07".
    pub fn label(self, day: NaiveDate) -> String {
        match self {
            Period::Month => format!("{}-{:02}", day.year(), day.month()),
            Period::Quarter => format!("{}-Q{}", day.year(), day.month0() / 3 + 1),
        }
    }

    /// The last days of the periods from the one holding `from` to the one
    /// holding `to`, the last cut short at `to` (today's value so far).
    pub fn ends(self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut day = self.end_of(from);
        while day < to {
            out.push(day);
            match day
                .succ_opt()
                .map(|next| self.end_of(next))
                .filter(|next| *next > day)
            {
                Some(next) => day = next,
                None => break,
            }
        }
        if from <= to {
            out.push(to);
        }
        out
    }
}

/// The days a value is measured over: a period, or its part up to a day.
/// Counts "in the period" (incidents, actions falling due) take the days
/// from `from` to `to`; states (open risks, overdue actions) are judged on
/// `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The first day.
    pub from: NaiveDate,
    /// The last day, the one states are judged on.
    pub to: NaiveDate,
}

impl Window {
    /// The period of length `period` holding `day`, up to `day`.
    pub fn upto(period: Period, day: NaiveDate) -> Window {
        Window {
            from: period.start_of(day),
            to: day,
        }
    }

    /// Whether `day` falls within the window.
    pub fn holds(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// What a listing says of a metric, built in or manual.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct MetricInfo {
    /// Its id: "risks-reviewed-on-time", "MET-001".
    pub id: String,
    /// Its name or title.
    pub name: String,
    /// The unit of its values.
    pub unit: String,
    /// Whether a higher value is better.
    pub higher_is_better: bool,
    /// Whether its values are written down (a record of `metrics/`) rather
    /// than computed.
    pub manual: bool,
    /// What it counts: a built-in's definition, a manual metric's body.
    pub definition: String,
}

impl MetricInfo {
    fn of_builtin(b: &Builtin) -> Self {
        MetricInfo {
            id: b.id.to_string(),
            name: b.name.to_string(),
            unit: b.unit.to_string(),
            higher_is_better: b.higher_is_better,
            manual: false,
            definition: b.definition.to_string(),
        }
    }
}

/// Every metric of the tree: the built-in ones, then its manual ones in
/// file order.
pub fn all(tree: &Tree) -> Vec<MetricInfo> {
    let builtins = BUILTINS.iter().map(MetricInfo::of_builtin);
    let manual = tree.metrics.iter().map(|m| MetricInfo {
        id: m.data.id.clone(),
        name: m.data.title.clone(),
        unit: m.data.unit.clone(),
        higher_is_better: m.data.higher_is_better,
        manual: true,
        definition: m.body.trim().to_string(),
    });
    builtins.chain(manual).collect()
}

/// The metric with this id in `tree`, built in or manual.
pub fn find(tree: &Tree, id: &str) -> Option<MetricInfo> {
    match builtin(id) {
        Some(b) => Some(MetricInfo::of_builtin(b)),
        None => all(tree).into_iter().find(|m| m.id == id),
    }
}

/// Whether `id` names a metric in `tree`: built in, or a record of
/// `metrics/` (loaded or broken).
pub fn exists(tree: &Tree, id: &str) -> bool {
    builtin(id).is_some()
        || tree.metrics.iter().any(|m| m.data.id == id)
        || tree.is_broken(crate::schema::Kind::Metric, id)
}

/// The value of metric `id` for `tree` over `window`: a built-in computed
/// from the records, a manual one's latest measurement on or before the
/// window's last day. None when there is nothing to measure or no such
/// metric.
pub fn value(tree: &Tree, id: &str, window: &Window) -> Option<f64> {
    match builtin(id) {
        Some(b) => (b.compute)(tree, window),
        None => tree
            .metrics
            .iter()
            .find(|m| m.data.id == id)
            .and_then(|m| m.data.value_on(window.to)),
    }
}

/// A value as listings print it: whole numbers whole, others to one
/// decimal, "%" after percentages: "96.8%", "3", "4.5".
pub fn format_value(value: f64, unit: &str) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let number = if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    };
    if unit == "%" {
        format!("{number}%")
    } else {
        number
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_end_where_the_calendar_says() {
        let q = Period::Quarter;
        assert_eq!(q.start_of(d("2026-05-17")), d("2026-04-01"));
        assert_eq!(q.end_of(d("2026-05-17")), d("2026-06-30"));
        assert_eq!(q.end_of(d("2026-12-01")), d("2026-12-31"));
        assert_eq!(q.label(d("2026-12-01")), "2026-Q4");
        assert_eq!(
            q.ends(d("2026-02-10"), d("2026-08-01")),
            vec![d("2026-03-31"), d("2026-06-30"), d("2026-08-01")]
        );
        assert_eq!(
            q.ends(d("2026-06-30"), d("2026-06-30")),
            vec![d("2026-06-30")]
        );
        assert_eq!(Period::Month.end_of(d("2028-02-03")), d("2028-02-29"));
        assert_eq!(Period::Month.label(d("2028-02-03")), "2028-02");
    }

    #[test]
    fn values_print_short() {
        assert_eq!(format_value(96.774, "%"), "96.8%");
        assert_eq!(format_value(100.0, "%"), "100%");
        assert_eq!(format_value(3.0, "risks"), "3");
        assert_eq!(format_value(4.25, "hours"), "4.3");
    }
}
