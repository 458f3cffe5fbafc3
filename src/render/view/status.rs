//! The state of the ISMS on one screen (`isms status`): risks by level,
//! what is above appetite and whether someone accepted it, reviews overdue
//! and coming due by owner, open and overdue actions, SoA progress, and how
//! long since the last internal audit and management review, what the audit
//! programme has not covered this cycle and which corrective actions await an
//! effectiveness check, and what provides each item of documented
//! information the standard requires. Built from the same [`View`] the documents show, so
//! the figures agree with them.

use chrono::NaiveDate;
use serde::Serialize;

use super::refs::PersonRef;
use super::{ActionView, ProgrammeView, RiskView, SoaCounts, View};
use crate::load::Tree;
use crate::model::{Audit, Review};

/// Everything `isms status` shows.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    /// The day it is judged as of.
    pub today: NaiveDate,
    /// What the checker found.
    pub checker: CheckerCounts,
    /// Open risks.
    pub open_risks: usize,
    /// Open risks per level, lowest first.
    pub levels: Vec<LevelCount>,
    /// The risk appetite (a residual score above it needs an acceptance).
    pub appetite: u32,
    /// Open risks above appetite, highest residual score first.
    pub above_appetite: Vec<AboveAppetite>,
    /// The window "due soon" looks ahead by, in days.
    pub due_within_days: u32,
    /// Owners with risks overdue for review or due soon, by name.
    pub reviews: Vec<OwnerReviews>,
    /// Obligations overdue for review or due within the window, soonest
    /// first (absent when none are).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub obligations_due: Vec<DueObligation>,
    /// Open actions.
    pub open_actions: usize,
    /// Open actions past due, by due date.
    pub overdue_actions: Vec<ActionLine>,
    /// SoA progress per theme, then in total.
    pub soa: Vec<ThemeProgress>,
    /// The last completed internal audit (9.2).
    pub last_internal_audit: Option<LastHeld>,
    /// The last held management review (9.3).
    pub last_review: Option<LastHeld>,
    /// The internal audit programme: clauses and Annex A themes not audited
    /// this cycle (9.2.2), and corrective actions awaiting an effectiveness
    /// check (10.2 d).
    pub audit_programme: ProgrammeView,
    /// The documented information the standard requires and what provides
    /// each item (empty providers: nothing does).
    pub mandatory_documents: Vec<crate::check::MandatoryItem>,
    /// Supplier and asset reviews due, certifications lapsing (A.5.9,
    /// A.5.19-A.5.22).
    pub registers: super::registers::RegisterStatus,
    /// Objectives at risk or missed as of the day (6.2), absent when none
    /// are.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objectives_attention: Vec<ObjectiveLine>,
    /// Awareness campaigns below target and role holders' competences
    /// expiring (absent when there is nothing to say).
    #[serde(skip_serializing_if = "super::PeopleStatus::is_empty")]
    pub people: super::PeopleStatus,
}

/// An objective needing attention, as `isms status` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveLine {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// at-risk or missed.
    pub state: crate::metrics::ObjectiveState,
    /// Its metric's latest value as printed.
    pub now: String,
    /// The target as printed, if any.
    pub target: Option<String>,
    /// When it is to be met.
    pub by: Option<NaiveDate>,
    /// Which way it moved over the last period.
    pub trend: crate::metrics::Trend,
}

/// The checker's counts.
#[derive(Debug, Clone, Serialize)]
pub struct CheckerCounts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
}

/// Open risks in one level band.
#[derive(Debug, Clone, Serialize)]
pub struct LevelCount {
    /// Band name.
    pub level: String,
    /// Open risks whose inherent score is in the band.
    pub inherent: usize,
    /// Open risks whose residual score is in the band.
    pub residual: usize,
}

/// An open risk above appetite.
#[derive(Debug, Clone, Serialize)]
pub struct AboveAppetite {
    /// Risk id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Residual score.
    pub residual: u32,
    /// Its level.
    pub level: String,
    /// Owner.
    pub owner: PersonRef,
    /// none | current | expired.
    pub acceptance: AcceptanceState,
    /// Who accepted it, when there is an acceptance.
    pub accepted_by: Option<PersonRef>,
    /// Until when, when there is an acceptance.
    pub expires: Option<NaiveDate>,
}

/// Whether a risk above appetite is covered by an acceptance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::Display)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum AcceptanceState {
    /// Nobody accepted it.
    None,
    /// Accepted, and the acceptance runs.
    Current,
    /// Accepted, but the acceptance has expired.
    Expired,
}

/// One owner's risks to review.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerReviews {
    /// The owner.
    pub owner: PersonRef,
    /// Open risks past their review date, most overdue first.
    pub overdue: Vec<DueRisk>,
    /// Open risks due within the window.
    pub due_soon: Vec<DueRisk>,
}

/// A risk with its review date.
#[derive(Debug, Clone, Serialize)]
pub struct DueRisk {
    /// Risk id.
    pub id: String,
    /// Title.
    pub title: String,
    /// When its review is due.
    pub due: NaiveDate,
    /// Days from today to the due date (negative: overdue).
    pub days: i64,
}

/// An obligation with its review date.
#[derive(Debug, Clone, Serialize)]
pub struct DueObligation {
    /// Obligation id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its owner.
    pub owner: PersonRef,
    /// When its review is due.
    pub due: NaiveDate,
    /// Days from today to the due date (negative: overdue).
    pub days: i64,
}

/// Obligations whose review is due by `within` days after `today` (or
/// overdue), soonest first; the owner as the view names them.
fn obligations_due(tree: &Tree, view: &View, within: u32) -> Vec<DueObligation> {
    let today = view.today;
    let horizon = crate::model::horizon(today, within);
    let mut due: Vec<DueObligation> = tree
        .obligations
        .iter()
        .filter_map(|r| {
            let due = r.data.review_due().filter(|d| *d <= horizon)?;
            let owner = view.obligations.iter().find(|o| o.id == r.data.id)?;
            Some(DueObligation {
                id: r.data.id.clone(),
                title: r.data.title.clone(),
                owner: owner.owner.clone(),
                due,
                days: crate::model::days_until(due, today),
            })
        })
        .collect();
    due.sort_by(|a, b| (a.due, &a.id).cmp(&(b.due, &b.id)));
    due
}

/// An action, in one line.
#[derive(Debug, Clone, Serialize)]
pub struct ActionLine {
    /// Id.
    pub id: String,
    /// What.
    pub summary: String,
    /// Who.
    pub owner: PersonRef,
    /// Due date.
    pub due: NaiveDate,
    /// Days past due.
    pub days_overdue: i64,
    /// The record holding it.
    pub source: String,
}

/// Implementation progress of one SoA theme (or of all).
#[derive(Debug, Clone, Serialize)]
pub struct ThemeProgress {
    /// "A.5", or "all".
    pub clause: String,
    /// Title.
    pub title: String,
    /// The theme's counts, as the SoA shows them.
    #[serde(flatten)]
    pub counts: SoaCounts,
}

/// The last audit or review, and whether the next is due.
#[derive(Debug, Clone, Serialize)]
pub struct LastHeld {
    /// Its id.
    pub id: String,
    /// When it was performed or held.
    pub date: NaiveDate,
    /// Days since.
    pub days_ago: i64,
    /// When the next is expected (a year on).
    pub next_due: NaiveDate,
    /// The year has passed.
    pub overdue: bool,
}

/// The status of `view` (of `tree`) as of its date, with reviews due
/// within `within` days counted as due soon and the checker's counts.
pub fn build(tree: &Tree, view: &View, within: u32, errors: usize, warnings: usize) -> StatusView {
    let today = view.today;
    let levels = view
        .method
        .levels
        .iter()
        .map(|l| LevelCount {
            level: l.name.clone(),
            inherent: view
                .stats
                .inherent_by_level
                .get(l.index)
                .copied()
                .unwrap_or(0),
            residual: view
                .stats
                .residual_by_level
                .get(l.index)
                .copied()
                .unwrap_or(0),
        })
        .collect();
    StatusView {
        today,
        checker: CheckerCounts { errors, warnings },
        open_risks: view.stats.open_risks,
        levels,
        appetite: view.method.appetite,
        above_appetite: above_appetite(view),
        due_within_days: within,
        reviews: reviews(&view.risks, today, within),
        obligations_due: obligations_due(tree, view, within),
        open_actions: view.stats.open_actions,
        overdue_actions: overdue_actions(&view.actions, today),
        soa: soa(view),
        last_internal_audit: last_audit(tree, today),
        last_review: last_review(tree, today),
        audit_programme: view.programme.clone(),
        mandatory_documents: view.mandatory.clone(),
        registers: tree
            .config
            .as_ref()
            .map(|c| super::registers::status(tree, &c.data, today, within))
            .unwrap_or_default(),
        objectives_attention: view
            .measurement
            .iter()
            .flat_map(|m| m.objectives.iter().filter(|o| o.attention))
            .map(|o| ObjectiveLine {
                id: o.id.clone(),
                title: o.title.clone(),
                state: o.state,
                now: o.now.clone(),
                target: o.target.clone(),
                by: o.by,
                trend: o.trend,
            })
            .collect(),
        people: super::people::status(tree, today),
    }
}

fn above_appetite(view: &View) -> Vec<AboveAppetite> {
    let mut out: Vec<AboveAppetite> = view
        .risks
        .iter()
        .filter(|r| r.above_appetite)
        .map(|r| {
            let acc = r.acceptance.as_ref();
            AboveAppetite {
                id: r.id.clone(),
                title: r.title.clone(),
                residual: r.residual.score,
                level: r.residual.level.name.clone(),
                owner: r.owner.clone(),
                acceptance: match acc {
                    None => AcceptanceState::None,
                    Some(a) if a.expired => AcceptanceState::Expired,
                    Some(_) => AcceptanceState::Current,
                },
                accepted_by: acc.map(|a| a.by.clone()),
                expires: acc.map(|a| a.expires),
            }
        })
        .collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.residual));
    out
}

fn reviews(risks: &[RiskView], today: NaiveDate, within: u32) -> Vec<OwnerReviews> {
    let horizon = crate::model::horizon(today, within);
    let mut owners: Vec<OwnerReviews> = Vec::new();
    let mut due: Vec<&RiskView> = risks
        .iter()
        .filter(|r| r.is_open() && r.review_due <= horizon)
        .collect();
    due.sort_by(|a, b| (a.review_due, &a.id).cmp(&(b.review_due, &b.id)));
    for r in due {
        let line = DueRisk {
            id: r.id.clone(),
            title: r.title.clone(),
            due: r.review_due,
            days: crate::model::days_until(r.review_due, today),
        };
        let at = match owners.iter().position(|o| o.owner.id == r.owner.id) {
            Some(i) => i,
            None => {
                owners.push(OwnerReviews {
                    owner: r.owner.clone(),
                    overdue: Vec::new(),
                    due_soon: Vec::new(),
                });
                owners.len() - 1
            }
        };
        if r.review_overdue {
            owners[at].overdue.push(line);
        } else {
            owners[at].due_soon.push(line);
        }
    }
    owners.sort_by(|a, b| (&a.owner.name, &a.owner.id).cmp(&(&b.owner.name, &b.owner.id)));
    owners
}

fn overdue_actions(actions: &[ActionView], today: NaiveDate) -> Vec<ActionLine> {
    let mut out: Vec<ActionLine> = actions
        .iter()
        .filter(|a| a.overdue)
        .map(|a| ActionLine {
            id: a.id.clone(),
            summary: a.summary.clone(),
            owner: a.owner.clone(),
            due: a.due,
            days_overdue: -crate::model::days_until(a.due, today),
            source: a.finding.clone().unwrap_or_else(|| a.source_id.clone()),
        })
        .collect();
    out.sort_by(|a, b| (a.due, &a.id).cmp(&(b.due, &b.id)));
    out
}

fn soa(view: &View) -> Vec<ThemeProgress> {
    let line = |clause: &str, title: &str, c: &SoaCounts| ThemeProgress {
        clause: clause.to_string(),
        title: title.to_string(),
        counts: c.clone(),
    };
    let mut out: Vec<ThemeProgress> = view
        .soa
        .themes
        .iter()
        .map(|t| line(&t.clause, &t.title, &t.counts))
        .collect();
    out.push(line("all", "All controls", &view.soa.totals));
    out
}

/// The last audit or review, judged as the checker judges W004 and W005.
fn last_held(id: &str, date: NaiveDate, today: NaiveDate) -> LastHeld {
    LastHeld {
        id: id.to_string(),
        date,
        days_ago: (today - date).num_days(),
        next_due: crate::model::next_due_after(date),
        overdue: date < crate::model::recent_since(today),
    }
}

fn last_audit(tree: &Tree, today: NaiveDate) -> Option<LastHeld> {
    Audit::last_internal(tree.audits.iter().map(|r| &r.data), today)
        .map(|(p, a)| last_held(&a.id, p, today))
}

fn last_review(tree: &Tree, today: NaiveDate) -> Option<LastHeld> {
    Review::last_held(tree.reviews.iter().map(|r| &r.data), today)
        .map(|r| last_held(&r.id, r.date, today))
}
