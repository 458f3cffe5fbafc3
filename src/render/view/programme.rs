//! The audit programme as documents and `isms status` show it: what the
//! completed internal audits of the current cycle covered (9.2.2) and which
//! nonconformities' corrective actions await an effectiveness check
//! (10.2 d). Both figures come from [`crate::programme`], the same
//! computation `isms check` warns from (W007, W008).

use chrono::NaiveDate;
use serde::Serialize;

use super::ViewCx;
use super::refs::{PersonRef, RecordRef};
use crate::catalogue::Theme;
use crate::model::{AuditProgramme, FindingKind, Verification};
use crate::programme::{self, Awaiting, EFFECTIVENESS_GRACE_DAYS};

/// The audit programme's coverage and follow-up.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeView {
    /// The cycle in months (`[audit] cycle_months`, default 12).
    pub cycle_months: u32,
    /// First day of the current cycle.
    pub from: NaiveDate,
    /// Last day of the current cycle (today).
    pub to: NaiveDate,
    /// Whether the programme has run a whole cycle (its first completed
    /// internal audit is on or before `from`); only then does `isms check`
    /// warn about uncovered clauses.
    pub whole_cycle: bool,
    /// The first completed internal audit ever performed.
    pub started: Option<NaiveDate>,
    /// The first day `isms check` judges coverage on: a cycle after `started`.
    pub judged_from: Option<NaiveDate>,
    /// Completed internal audits of the cycle.
    pub audits: Vec<String>,
    /// Clauses 4 to 10 with a sub-clause no audit of the cycle covered.
    pub uncovered_clauses: Vec<ClauseGap>,
    /// Clauses 4 to 10 in all.
    pub clause_count: usize,
    /// Each Annex A theme with its applicable controls not covered.
    pub themes: Vec<ThemeGap>,
    /// Themes none of whose applicable controls an audit of the cycle covered.
    pub uncovered_themes: Vec<RecordRef>,
    /// Nonconformities whose corrective actions await an effectiveness check,
    /// longest waiting first.
    pub awaiting: Vec<AwaitingView>,
}

/// A clause with sub-clauses not covered this cycle.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseGap {
    /// "7".
    pub id: String,
    /// "Support".
    pub title: String,
    /// The leaf sub-clauses not covered.
    pub uncovered: Vec<RecordRef>,
    /// None of the clause was covered.
    pub none_covered: bool,
}

/// An Annex A theme's coverage this cycle.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeGap {
    /// The theme.
    pub theme: Theme,
    /// "A.5".
    pub clause: String,
    /// "Organizational controls".
    pub title: String,
    /// Applicable controls.
    pub applicable: usize,
    /// Of those, covered.
    pub covered: usize,
    /// Applicable controls not covered, in catalogue order.
    pub uncovered: Vec<String>,
}

/// A finding's effectiveness review, as documents show it.
#[derive(Debug, Clone, Serialize)]
pub struct VerificationView {
    /// When.
    pub on: NaiveDate,
    /// Who.
    pub by: PersonRef,
    /// Whether the actions were effective.
    pub effective: bool,
    /// What the review found.
    pub note: String,
}

/// A nonconformity waiting for its effectiveness check.
#[derive(Debug, Clone, Serialize)]
pub struct AwaitingView {
    /// Finding id.
    pub finding: String,
    /// The audit holding it.
    pub audit: String,
    /// major | minor.
    pub kind: FindingKind,
    /// What was found.
    pub summary: String,
    /// unverified | ineffective.
    pub reason: Awaiting,
    /// The latest action's done date (unverified), or the review date
    /// (ineffective).
    pub since: NaiveDate,
    /// Days since.
    pub days: i64,
    /// Unverified for longer than `isms check` allows (W008).
    pub overdue: bool,
    /// The last review, if any.
    pub verified: Option<VerificationView>,
}

/// The view of a finding's verification.
pub(super) fn verification(cx: &ViewCx<'_>, v: &Verification) -> VerificationView {
    VerificationView {
        on: v.on,
        by: cx.people.get(&v.by),
        effective: v.effective,
        note: v.note.clone(),
    }
}

/// The programme as of the view's date.
pub(super) fn view(cx: &ViewCx<'_>) -> ProgrammeView {
    let tree = cx.tree;
    let months = tree
        .config
        .as_ref()
        .map_or(AuditProgramme::DEFAULT_CYCLE_MONTHS, |c| {
            c.data.audit_cycle_months()
        });
    let audits = tree.audits.iter().map(|r| &r.data);
    let soa = tree.soa.as_ref().map(|s| &s.data);
    let cov = programme::coverage(audits, soa, months, cx.today);
    let title = |id: &str| cx.cat.clause(id).map_or("", |c| c.title);
    let uncovered_clauses = cov
        .uncovered_clauses()
        .map(|c| ClauseGap {
            id: c.id.to_string(),
            title: c.title.to_string(),
            uncovered: c
                .uncovered
                .iter()
                .map(|u| RecordRef::new(u, title(u)))
                .collect(),
            none_covered: c.covered.is_empty(),
        })
        .collect();
    let themes = cov
        .themes
        .iter()
        .map(|t| ThemeGap {
            theme: t.theme,
            clause: t.clause.to_string(),
            title: t.title.to_string(),
            applicable: t.applicable,
            covered: t.covered,
            uncovered: t.uncovered.clone(),
        })
        .collect();
    let uncovered_themes = cov
        .uncovered_themes()
        .map(|t| RecordRef::new(t.clause, t.title))
        .collect();
    let mut awaiting: Vec<AwaitingView> = tree
        .audits
        .iter()
        .flat_map(|r| r.data.finding.iter().map(move |f| (&r.data.id, f)))
        .filter_map(|(audit, f)| {
            let (reason, since) = programme::awaiting_check(f)?;
            let days = (cx.today - since).num_days();
            Some(AwaitingView {
                finding: f.id.clone(),
                audit: audit.clone(),
                kind: f.kind,
                summary: f.summary.clone(),
                reason,
                since,
                days,
                overdue: reason == Awaiting::Unverified && days >= EFFECTIVENESS_GRACE_DAYS,
                verified: f.verified.as_ref().map(|v| verification(cx, v)),
            })
        })
        .collect();
    awaiting.sort_by(|a, b| (a.since, &a.finding).cmp(&(b.since, &b.finding)));
    ProgrammeView {
        cycle_months: months,
        from: cov.from,
        to: cov.to,
        whole_cycle: cov.whole_cycle(),
        started: cov.started,
        judged_from: cov.started.map(|s| s + chrono::Months::new(months)),
        audits: cov.audits.clone(),
        uncovered_clauses,
        clause_count: cov.clauses.len(),
        themes,
        uncovered_themes,
        awaiting,
    }
}
