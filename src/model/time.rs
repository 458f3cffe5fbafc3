//! Date-times in records (incident detection, timelines). TOML offset
//! date-times are kept with their offset; local date-times are read as UTC.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The day a command judges as of: the `--today` it was `given`, else
/// today on this machine's clock. The one place isms reads the clock for a
/// date (`clippy.toml` disallows `Local::now` elsewhere), so every command
/// decides "today" the same way; a command reads it once and passes it on.
#[allow(clippy::disallowed_methods)]
pub fn today(given: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    given.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The last day of a look-ahead of `days` from `today`: what "due within
/// N days" compares a due date against (status, the review sheet).
pub fn horizon(today: chrono::NaiveDate, days: u32) -> chrono::NaiveDate {
    today
        .checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(chrono::NaiveDate::MAX)
}

/// Days from `today` to `due`: 0 on the day, negative once it has passed.
pub fn days_until(due: chrono::NaiveDate, today: chrono::NaiveDate) -> i64 {
    (due - today).num_days()
}

/// How long an ISMS may go between internal audits, and between management
/// reviews, before isms warns (W004, W005) and `status` calls the next one
/// overdue: the same reading of "at planned intervals" (9.2, 9.3) for both.
pub const AUDIT_AND_REVIEW_MONTHS: u32 = 12;

/// When the next audit or review is due after one on `date`.
pub fn next_due_after(date: chrono::NaiveDate) -> chrono::NaiveDate {
    date + chrono::Months::new(AUDIT_AND_REVIEW_MONTHS)
}

/// The first day an audit or review still counts as recent on `today`.
pub fn recent_since(today: chrono::NaiveDate) -> chrono::NaiveDate {
    today - chrono::Months::new(AUDIT_AND_REVIEW_MONTHS)
}

/// A point in time as a record writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<FixedOffset>);

impl Timestamp {
    /// Parse RFC 3339 (`2026-05-03T14:22:00Z`) or a local date-time
    /// (`2026-05-03T14:22:00`, `2026-05-03 14:22`), the latter as UTC.
    pub fn parse(s: &str) -> Option<Timestamp> {
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Some(Timestamp(t));
        }
        let s = s.replacen(' ', "T", 1);
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok())
            .map(|n| Timestamp(Utc.from_utc_datetime(&n).fixed_offset()))
    }

    /// The calendar date in the timestamp's own offset.
    pub fn date(&self) -> chrono::NaiveDate {
        self.0.date_naive()
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.offset().local_minus_utc() == 0 {
            write!(f, "{}", self.0.format("%Y-%m-%d %H:%M UTC"))
        } else {
            write!(f, "{}", self.0.format("%Y-%m-%d %H:%M %:z"))
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a date-time: {s}")))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_rfc3339())
    }
}

/// What the schema accepts: RFC 3339 with or without an offset.
pub const TIMESTAMP_PATTERN: &str =
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$";

impl JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A date-time such as 2026-05-03T14:22:00Z (TOML offset date-time); without an offset it is read as UTC.",
            "pattern": TIMESTAMP_PATTERN,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_offset_and_local() {
        let a = Timestamp::parse("2026-05-03T14:22:00Z").unwrap();
        let b = Timestamp::parse("2026-05-03T16:22:00+02:00").unwrap();
        assert_eq!(a, b);
        assert_eq!(Timestamp::parse("2026-05-03T14:22:00"), Some(a));
        assert_eq!(Timestamp::parse("2026-05-03 14:22"), Some(a));
        assert!(Timestamp::parse("2026-05-03").is_none());
    }
}
