//! The SOC 2 view (`[soc2]` in isms.toml): every criterion in scope with the
//! Annex A controls that serve it (the SoA entry's own `soc2` list, else the
//! indicative third-party mapping), their SoA status and the evidence
//! covering them with its freshness; for a Type II period, whether each
//! evidence item's collections cover the period at its cadence. It is an
//! indicative crosswalk, not a mapping the AICPA publishes: documents say so.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::evidence::{self, EvidenceItem, EvidenceState};
use crate::catalogue::Catalogue;
use crate::load::Tree;
use crate::model::{Cadence, ImplementationStatus, Period, Soa, Soc2Scope};

/// What every SOC 2 document and page says of the mapping.
pub const CROSSWALK_NOTE: &str = "ISO/IEC 27001:2022 Annex A controls are related to the 2017 Trust Services Criteria through a \
     third-party mapping (pivoted through Adobe CCF), overridden per control by the SoA's own \
     soc2 lists. A SOC 2 report is the service auditor's judgement, not this table's.";

/// Evidence due within this many days counts as due soon (as `isms evidence`).
const DUE_DAYS: u32 = 30;

/// One control mapped to a criterion.
#[derive(Debug, Clone, Serialize)]
pub struct MappedControl {
    /// "A.5.15".
    pub id: String,
    /// Title.
    pub title: String,
    /// Whether the SoA applies it.
    pub applicable: bool,
    /// implemented | partial | planned | not-implemented | excluded.
    pub status: String,
    /// Whether the SoA entry's own `soc2` list maps it (not the indicative
    /// mapping).
    pub overridden: bool,
}

/// One evidence item covering a criterion.
#[derive(Debug, Clone, Serialize)]
pub struct MappedEvidence {
    /// "EV-004".
    pub id: String,
    /// Title.
    pub title: String,
    /// Cadence as written.
    pub every: String,
    /// Freshness as of the view's date.
    pub state: EvidenceState,
    /// The latest collection's date.
    pub last: Option<NaiveDate>,
    /// Next due.
    pub due: Option<NaiveDate>,
    /// Type II: how its collections cover the period.
    pub period: Option<PeriodCoverage>,
}

/// One criterion in scope.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    /// "CC6.1".
    pub id: String,
    /// "Security (common criteria)".
    pub category: String,
    /// "CC6 Logical and Physical Access Controls".
    pub series: String,
    /// Controls serving it, catalogue order.
    pub controls: Vec<MappedControl>,
    /// Evidence covering it, by id.
    pub evidence: Vec<MappedEvidence>,
    /// Applicable controls marked implemented.
    pub implemented: usize,
    /// Evidence items current or due soon (not overdue, collected).
    pub current_evidence: usize,
    /// No applicable implemented control and no current evidence.
    pub flagged: bool,
    /// No applicable control and no evidence record at all (`isms check`
    /// warns: W012).
    pub unmapped: bool,
}

/// A series ("CC6 ...") of criteria.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesView {
    /// "CC6 Logical and Physical Access Controls".
    pub title: String,
    /// The category.
    pub category: String,
    /// Criteria in catalogue order.
    pub criteria: Vec<CriterionView>,
}

/// A stretch of a period with no collection for longer than the cadence.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Gap {
    /// The period start or the collection the stretch runs from.
    pub from: NaiveDate,
    /// The collection, period end (or today) it runs to.
    pub to: NaiveDate,
    /// Days between the two.
    pub days: i64,
    /// When the next collection was due.
    pub due: NaiveDate,
}

/// How an evidence item's collections cover a Type II period.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PeriodCoverage {
    /// covered (period over, no gap) | on-track (period running, no gap so
    /// far) | gap | not-started.
    pub state: &'static str,
    /// Collections dated within the period.
    pub collections: usize,
    /// The last day judged: the period end, or today while it runs.
    pub through: NaiveDate,
    /// Gaps longer than the cadence, in order.
    pub gaps: Vec<Gap>,
}

/// An evidence item in the Type II table.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodEvidence {
    /// "EV-004".
    pub id: String,
    /// Title.
    pub title: String,
    /// Cadence as written.
    pub every: String,
    /// Criteria in scope it covers.
    pub criteria: Vec<String>,
    /// Its coverage.
    pub coverage: PeriodCoverage,
}

/// The period with its length.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodView {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Days, both ends included.
    pub days: i64,
}

/// Totals over the criteria in scope.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Soc2Counts {
    /// Criteria in scope.
    pub criteria: usize,
    /// With an applicable implemented control.
    pub implemented: usize,
    /// With current evidence.
    pub evidenced: usize,
    /// Flagged: neither.
    pub flagged: usize,
    /// With nothing mapped.
    pub unmapped: usize,
    /// Type II: evidence items in scope with a gap.
    pub period_gaps: usize,
}

/// The SOC 2 crosswalk.
#[derive(Debug, Clone, Serialize)]
pub struct Soc2View {
    /// The label every document carries.
    pub note: &'static str,
    /// Category titles in scope, as listed.
    pub categories: Vec<String>,
    /// Type II observation period, if any.
    pub period: Option<PeriodView>,
    /// The date freshness is judged against.
    pub today: NaiveDate,
    /// Totals.
    pub counts: Soc2Counts,
    /// Criteria by series, catalogue order.
    pub series: Vec<SeriesView>,
    /// Type II: every evidence item covering a criterion in scope.
    pub period_evidence: Vec<PeriodEvidence>,
}

/// The SOC 2 view of a tree as of `today`, or None without `[soc2]`.
pub fn view(tree: &Tree, today: NaiveDate) -> Option<Soc2View> {
    let cfg = &tree.config.as_ref()?.data;
    let scope = cfg.soc2.as_ref()?;
    let soa = tree.soa.as_ref().map(|s| &s.data);
    let items = evidence::items(tree, today, DUE_DAYS);
    let cadences: HashMap<&str, Cadence> = tree
        .evidence
        .iter()
        .map(|r| (r.data.id.as_str(), r.data.cadence()))
        .collect();
    let period = scope.period;
    let coverage = |item: &EvidenceItem| {
        let p = period?;
        let cadence = cadences.get(item.id.as_str()).copied()?;
        let dates: Vec<NaiveDate> = item.collections.iter().map(|c| c.on).collect();
        Some(period_coverage(&dates, cadence, p, today))
    };
    let by_criterion = controls_by_criterion(soa);
    let mut counts = Soc2Counts::default();
    let mut series: Vec<SeriesView> = Vec::new();
    let cat = Catalogue::get();
    for c in cat.criteria.iter().filter(|c| in_scope(scope, c.id)) {
        let controls = by_criterion.get(c.id).cloned().unwrap_or_default();
        let evidence: Vec<MappedEvidence> = items
            .iter()
            .filter(|i| i.soc2.iter().any(|x| x == c.id))
            .map(|i| MappedEvidence {
                id: i.id.clone(),
                title: i.title.clone(),
                every: i.every.clone(),
                state: i.state,
                last: i.last.as_ref().map(|l| l.on),
                due: i.due,
                period: coverage(i),
            })
            .collect();
        let implemented = controls
            .iter()
            .filter(|m| m.applicable && m.status == "implemented")
            .count();
        let current_evidence = evidence.iter().filter(|e| fresh(e.state)).count();
        let flagged = implemented == 0 && current_evidence == 0;
        let unmapped = !controls.iter().any(|m| m.applicable) && evidence.is_empty();
        counts.criteria += 1;
        counts.implemented += usize::from(implemented > 0);
        counts.evidenced += usize::from(current_evidence > 0);
        counts.flagged += usize::from(flagged);
        counts.unmapped += usize::from(unmapped);
        let view = CriterionView {
            id: c.id.to_string(),
            category: c.category.to_string(),
            series: c.series.to_string(),
            controls,
            evidence,
            implemented,
            current_evidence,
            flagged,
            unmapped,
        };
        match series.last_mut() {
            Some(s) if s.title == c.series => s.criteria.push(view),
            _ => series.push(SeriesView {
                title: c.series.to_string(),
                category: c.category.to_string(),
                criteria: vec![view],
            }),
        }
    }
    let period_evidence: Vec<PeriodEvidence> = items
        .iter()
        .filter_map(|i| {
            let criteria: Vec<String> = i
                .soc2
                .iter()
                .filter(|x| in_scope(scope, x))
                .cloned()
                .collect();
            if criteria.is_empty() {
                return None;
            }
            Some(PeriodEvidence {
                id: i.id.clone(),
                title: i.title.clone(),
                every: i.every.clone(),
                criteria,
                coverage: coverage(i)?,
            })
        })
        .collect();
    counts.period_gaps = period_evidence
        .iter()
        .filter(|e| e.coverage.state == "gap")
        .count();
    Some(Soc2View {
        note: CROSSWALK_NOTE,
        categories: scope
            .categories
            .iter()
            .map(|c| c.title().to_string())
            .collect(),
        period: period.map(|p| PeriodView {
            from: p.from,
            to: p.to,
            days: (p.to - p.from).num_days() + 1,
        }),
        today,
        counts,
        series,
        period_evidence,
    })
}

/// Whether `[soc2]` puts a criterion id in scope.
fn in_scope(scope: &Soc2Scope, criterion: &str) -> bool {
    scope.categories.iter().any(|c| c.includes(criterion))
}

/// Collected and not overdue.
fn fresh(state: EvidenceState) -> bool {
    matches!(state, EvidenceState::Current | EvidenceState::DueSoon)
}

/// Every criterion with the controls serving it (override-aware), catalogue
/// order; an SoA entry's own `soc2` list replaces the indicative mapping.
fn controls_by_criterion(soa: Option<&Soa>) -> HashMap<&'static str, Vec<MappedControl>> {
    let cat = Catalogue::get();
    let mut out: HashMap<&'static str, Vec<MappedControl>> = HashMap::new();
    for c in &cat.controls {
        let entry = soa.and_then(|s| s.entry(&c.id));
        let own = entry.and_then(|e| e.soc2.as_deref());
        let mapped = match soa {
            Some(s) => s.soc2_of(&c.id),
            None => cat.soc2_of(&c.id, None),
        };
        let applicable = entry.is_some_and(|e| e.applicable);
        let status = match entry.and_then(|e| e.status) {
            _ if !applicable => "excluded",
            Some(s) => <&'static str>::from(s),
            None => <&'static str>::from(ImplementationStatus::NotImplemented),
        };
        for id in mapped {
            // Criteria are looked up so the map's keys live as long as the
            // catalogue; an unknown id is the checker's E024.
            let Some(criterion) = cat.criterion(id) else {
                continue;
            };
            let list = out.entry(criterion.id).or_default();
            if list.iter().all(|m| m.id != c.id) {
                list.push(MappedControl {
                    id: c.id.clone(),
                    title: c.title.to_string(),
                    applicable,
                    status: status.to_string(),
                    overridden: own.is_some(),
                });
            }
        }
    }
    out
}

/// How collections on `dates` (any order) cover `period` at `cadence`, as of
/// `today`: starting from the period's first day, each next collection (and
/// finally the period's last day, or today while the period runs) must come
/// no later than one cadence after the one before.
pub fn period_coverage(
    dates: &[NaiveDate],
    cadence: Cadence,
    period: Period,
    today: NaiveDate,
) -> PeriodCoverage {
    let through = period.to.min(today);
    let mut inside: Vec<NaiveDate> = dates
        .iter()
        .copied()
        .filter(|d| *d >= period.from && *d <= through)
        .collect();
    inside.sort();
    if today < period.from {
        return PeriodCoverage {
            state: "not-started",
            collections: 0,
            through: period.from,
            gaps: Vec::new(),
        };
    }
    let mut gaps = Vec::new();
    let mut prev = period.from;
    for next in inside.iter().copied().chain(std::iter::once(through)) {
        let due = cadence.after(prev);
        if next > due {
            gaps.push(Gap {
                from: prev,
                to: next,
                days: (next - prev).num_days(),
                due,
            });
        }
        prev = next;
    }
    let state = match (gaps.is_empty(), through == period.to) {
        (false, _) => "gap",
        (true, true) => "covered",
        (true, false) => "on-track",
    };
    PeriodCoverage {
        state,
        collections: inside.len(),
        through,
        gaps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn h2() -> Period {
        Period {
            from: d("2026-07-01"),
            to: d("2026-12-31"),
        }
    }

    #[test]
    fn quarterly_collections_cover_a_half_year() {
        let dates = [d("2026-06-30"), d("2026-09-30"), d("2026-12-20")];
        let c = period_coverage(&dates, Cadence::Months(3), h2(), d("2027-01-15"));
        assert_eq!((c.state, c.collections, c.gaps.len()), ("covered", 2, 0));
    }

    #[test]
    fn a_missed_quarter_is_a_gap_with_its_dates() {
        let dates = [d("2026-07-15"), d("2026-12-01")];
        let c = period_coverage(&dates, Cadence::Months(3), h2(), d("2027-01-15"));
        assert_eq!(c.state, "gap");
        assert_eq!(
            c.gaps,
            vec![Gap {
                from: d("2026-07-15"),
                to: d("2026-12-01"),
                days: 139,
                due: d("2026-10-15"),
            }]
        );
    }

    #[test]
    fn the_start_and_the_end_of_the_period_count() {
        // Nothing until September: the stretch from the period's first day
        // is longer than a month.
        let c = period_coverage(
            &[d("2026-09-01")],
            Cadence::Months(1),
            h2(),
            d("2027-01-01"),
        );
        let spans: Vec<_> = c.gaps.iter().map(|g| (g.from, g.to)).collect();
        assert_eq!(
            spans,
            vec![
                (d("2026-07-01"), d("2026-09-01")),
                (d("2026-09-01"), d("2026-12-31"))
            ]
        );
    }

    #[test]
    fn a_running_period_is_judged_up_to_today() {
        let dates = [d("2026-09-30")];
        let c = period_coverage(&dates, Cadence::Months(3), h2(), d("2026-11-20"));
        assert_eq!((c.state, c.through), ("on-track", d("2026-11-20")));
        let never = period_coverage(&[], Cadence::Days(30), h2(), d("2026-11-20"));
        assert_eq!(never.state, "gap");
        let early = period_coverage(&[], Cadence::Days(30), h2(), d("2026-06-01"));
        assert_eq!(early.state, "not-started");
    }
}
