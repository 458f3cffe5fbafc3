//! An evidence record: `evidence/EV-004.md`. The front matter says what the
//! evidence is, which controls it shows working, how often it is collected,
//! and every collection so far (files with their sha256, links); the body
//! is the runbook saying how to collect it.

use chrono::{Days, Months, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Soa;
use crate::catalogue::Catalogue;

/// What `every` accepts: a number of days, weeks, months or years
/// (`30d`, `2w`, `3m`, `1y`) or a word.
pub const CADENCE_PATTERN: &str =
    r"^([1-9][0-9]{0,3}[dwmy]|daily|weekly|monthly|quarterly|half-yearly|yearly|annually)$";

/// What `sha256` accepts: 64 lowercase hex digits.
pub const SHA256_PATTERN: &str = r"^[0-9a-f]{64}$";

/// One item of evidence, collected on a cadence.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// "EV-" and digits; matches the file name.
    pub id: String,
    /// What the evidence is, e.g. "Quarterly access review".
    pub title: String,
    /// Person id of who collects it.
    pub owner: String,
    /// Annex A controls it shows working ("A.5.18").
    #[serde(default)]
    pub controls: Vec<String>,
    /// SOC 2 criteria it covers ("CC6.2"); default: derived from the
    /// controls through the indicative mapping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soc2: Option<Vec<String>>,
    /// Ids of the documents (documents/) it follows, e.g. its procedure.
    #[serde(default)]
    pub documents: Vec<String>,
    /// How often it is collected: "30d", "2w", "3m", "1y", "weekly",
    /// "monthly", "quarterly", "half-yearly", "yearly".
    #[schemars(regex(pattern = CADENCE_PATTERN))]
    pub every: String,
    /// The collections, oldest first.
    #[serde(default)]
    pub collection: Vec<Collection>,
}

/// One collection of an evidence item.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// The date the evidence is effective (may differ from the commit date).
    pub on: NaiveDate,
    /// Person id of who collected it.
    pub by: String,
    /// A remark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Files inside the ISMS tree, each with its content hash.
    #[serde(default)]
    pub files: Vec<EvidenceFile>,
    /// URLs of where the evidence lives (a CI run, a ticket).
    #[serde(default)]
    pub links: Vec<String>,
}

/// A file of a collection.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    /// Path relative to the ISMS root, `/`-separated.
    pub path: String,
    /// SHA-256 of the content when it was recorded, lowercase hex.
    #[schemars(regex(pattern = SHA256_PATTERN))]
    pub sha256: String,
}

/// A collection cadence, parsed from `every`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// Every so many days.
    Days(u32),
    /// Every so many calendar months.
    Months(u32),
}

impl Cadence {
    /// Parse `every` ("30d", "quarterly"...); None if it is not one.
    pub fn parse(s: &str) -> Option<Cadence> {
        let word = match s {
            "daily" => Some(Cadence::Days(1)),
            "weekly" => Some(Cadence::Days(7)),
            "monthly" => Some(Cadence::Months(1)),
            "quarterly" => Some(Cadence::Months(3)),
            "half-yearly" => Some(Cadence::Months(6)),
            "yearly" | "annually" => Some(Cadence::Months(12)),
            _ => None,
        };
        if word.is_some() {
            return word;
        }
        let unit = s.chars().last()?;
        let n: u32 = s[..s.len() - unit.len_utf8()]
            .parse()
            .ok()
            .filter(|n| *n > 0)?;
        match unit {
            'd' => Some(Cadence::Days(n)),
            'w' => Some(Cadence::Days(n.checked_mul(7)?)),
            'm' => Some(Cadence::Months(n)),
            'y' => Some(Cadence::Months(n.checked_mul(12)?)),
            _ => None,
        }
    }

    /// The day after `from` by one cadence (the date it is next due).
    pub fn after(self, from: NaiveDate) -> NaiveDate {
        match self {
            Cadence::Days(n) => from.checked_add_days(Days::new(u64::from(n))),
            Cadence::Months(n) => from.checked_add_months(Months::new(n)),
        }
        .unwrap_or(NaiveDate::MAX)
    }

    /// Roughly how many days one cadence is, for sorting and labels.
    pub fn approx_days(self) -> u32 {
        match self {
            Cadence::Days(n) => n,
            Cadence::Months(n) => n.saturating_mul(30),
        }
    }
}

impl Evidence {
    /// The cadence (daily if `every` does not parse; the schema refuses that).
    pub fn cadence(&self) -> Cadence {
        Cadence::parse(&self.every).unwrap_or(Cadence::Days(1))
    }

    /// The SOC 2 criteria the item covers, and whether they were derived:
    /// its own `soc2` list, else those its controls serve (each control's
    /// `soc2` list in the SoA, else the indicative mapping), catalogue order.
    pub fn soc2_criteria(&self, soa: Option<&Soa>) -> (Vec<String>, bool) {
        if let Some(list) = &self.soc2 {
            return (list.clone(), false);
        }
        let cat = Catalogue::get();
        let mapped: std::collections::HashSet<&str> = self
            .controls
            .iter()
            .flat_map(|c| match soa {
                Some(s) => s.soc2_of(c),
                None => cat.soc2_of(c, None),
            })
            .collect();
        let list = cat
            .criteria
            .iter()
            .filter(|c| mapped.contains(c.id))
            .map(|c| c.id.to_string())
            .collect();
        (list, true)
    }

    /// The latest collection (collections are kept oldest first, but the
    /// latest date wins even when they are not).
    pub fn last(&self) -> Option<&Collection> {
        self.collection.iter().max_by_key(|c| c.on)
    }

    /// When the next collection is due: one cadence after the last (None:
    /// never collected).
    pub fn due(&self) -> Option<NaiveDate> {
        self.last().map(|c| self.cadence().after(c.on))
    }

    /// Collected, and past its next due date on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.due().is_some_and(|due| due < today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cadences_parse() {
        assert_eq!(Cadence::parse("30d"), Some(Cadence::Days(30)));
        assert_eq!(Cadence::parse("2w"), Some(Cadence::Days(14)));
        assert_eq!(Cadence::parse("quarterly"), Some(Cadence::Months(3)));
        assert_eq!(Cadence::parse("1y"), Some(Cadence::Months(12)));
        assert_eq!(Cadence::parse("0d"), None);
        assert_eq!(Cadence::parse("often"), None);
        assert_eq!(Cadence::parse(""), None);
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(Cadence::Months(3).after(d("2026-11-30")), d("2027-02-28"));
        assert_eq!(Cadence::Days(30).after(d("2026-11-01")), d("2026-12-01"));
    }
}
