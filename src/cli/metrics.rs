//! `isms metrics` and `isms measure`: monitoring and measurement (9.1).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::TreeArgs;

/// `isms metrics`.
#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// Tree and date.
    #[command(flatten)]
    pub tree: TreeArgs,
    /// The length of each period of the series.
    #[arg(long, value_enum, default_value_t = PeriodArg::Quarter)]
    pub period: PeriodArg,
    /// Output format: a table for people, or every series and objective as
    /// JSON or CSV on stdout.
    #[arg(long, value_enum, default_value_t = MetricsFormat::Table)]
    pub format: MetricsFormat,
    /// Print what a metric counts (its id, e.g. risks-reviewed-on-time or
    /// MET-001) instead of the values; without an id, list every metric.
    #[arg(long, value_name = "ID", num_args = 0..=1, default_missing_value = "")]
    pub explain: Option<String>,
}

/// The periods a series is measured over.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PeriodArg {
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
}

/// How `isms metrics` prints.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MetricsFormat {
    /// Aligned tables for people.
    Table,
    /// One JSON document: the series and the objectives' states.
    Json,
    /// One row per metric and period: metric, period, end, value, unit.
    Csv,
}

/// `isms measure`.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// The manual metric (a record of metrics/), e.g. MET-001.
    pub id: String,
    /// The value measured, in the metric's unit.
    #[arg(allow_negative_numbers = true)]
    pub value: f64,
    /// The ISMS tree [default: the current folder, or the nearest one above it that holds isms.toml].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The day the value holds for [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub on: Option<NaiveDate>,
    /// Where it came from or what explains it.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The evidence record holding the source, e.g. EV-012.
    #[arg(long, value_name = "ID")]
    pub evidence: Option<String>,
    /// Judge "after today" as of this day [default: the system date].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}
