//! The quarterly risk review sheet (6.1.2 d, 8.2): the open risks whose
//! review falls due within a window, by owner, with what the owner needs
//! to review each one: its scores, treatment, the assets it is about, the
//! SoA status of the controls it relies on, its open actions, and the incidents and audit
//! findings that touched it since it was last reviewed. Beside them, each
//! owner's assets whose review by their owner (A.5.9) falls due in the
//! window or never happened.
//!
//! Serialised, this is the JSON of `isms review risks --format json`; the
//! shape is documented field by field below and in the README, and kept
//! stable (fields may be added, never renamed or removed).

use chrono::NaiveDate;
use serde::Serialize;

use super::ViewCx;
use super::refs::{AssetRef, PersonRef};
use super::risk::{self, AcceptanceView, RiskView};
use crate::model::{AssetType, ImplementationStatus, Risk, Soa, Treatment};

/// The sheet.
#[derive(Debug, Clone, Serialize)]
pub struct RiskReviewSheet {
    /// The day the sheet is judged as of.
    pub today: NaiveDate,
    /// The window, in days.
    pub within_days: u32,
    /// The last day of the window: risks due on or before it are listed.
    pub until: NaiveDate,
    /// How many risks are listed.
    pub total: usize,
    /// How many of them are overdue.
    pub overdue: usize,
    /// How many assets are listed (absent when none is).
    #[serde(skip_serializing_if = "is_zero")]
    pub assets: usize,
    /// The risks (and assets) by owner, owners by name.
    pub owners: Vec<OwnerGroup>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl RiskReviewSheet {
    /// Keep only the risks owned by person `id`, with the counts to match.
    pub fn only_owner(&mut self, id: &str) {
        self.owners.retain(|g| g.owner.id == id);
        self.total = self.owners.iter().map(|g| g.risks.len()).sum();
        self.assets = self.owners.iter().map(|g| g.assets.len()).sum();
        self.overdue = self
            .owners
            .iter()
            .flat_map(|g| &g.risks)
            .filter(|r| r.overdue)
            .count();
    }
}

/// One owner's risks: overdue first, then by due date, then by id; then
/// their assets due for review, never reviewed first, then by due date.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerGroup {
    /// The owner.
    pub owner: PersonRef,
    /// Their risks due (may be empty when they own only assets due).
    pub risks: Vec<RiskDue>,
    /// Their assets due for review (absent when none is).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<AssetDue>,
}

/// One asset due for review by its owner (`[assets] review_days` after its
/// last review), or never reviewed.
#[derive(Debug, Clone, Serialize)]
pub struct AssetDue {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// information | software | service | hardware | people | site.
    #[serde(rename = "type")]
    pub kind: AssetType,
    /// When its owner last reviewed it (None: never).
    pub reviewed: Option<NaiveDate>,
    /// When its next review is due (None: never reviewed, so now).
    pub review_due: Option<NaiveDate>,
    /// Days from today to the due date; negative when overdue; None when
    /// never reviewed.
    pub due_in_days: Option<i64>,
    /// Past its due date, or never reviewed.
    pub overdue: bool,
}

/// One risk due for review.
#[derive(Debug, Clone, Serialize)]
pub struct RiskDue {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Inherent score.
    pub inherent: ScoreBrief,
    /// Residual score.
    pub residual: ScoreBrief,
    /// The residual score is above appetite.
    pub above_appetite: bool,
    /// mitigate | accept | transfer | avoid.
    pub treatment: Treatment,
    /// The acceptance of its residual risk, if any.
    pub acceptance: Option<AcceptanceView>,
    /// When it was identified.
    pub identified: NaiveDate,
    /// When it was last reviewed (None: never).
    pub reviewed: Option<NaiveDate>,
    /// When its next review is due.
    pub review_due: NaiveDate,
    /// Its last review, else when it was identified: what incidents and
    /// findings are listed since. Not serialised (`reviewed` and
    /// `identified` say it).
    #[serde(skip)]
    pub since: NaiveDate,
    /// Days from today to the due date; negative when overdue.
    pub due_in_days: i64,
    /// Past its due date.
    pub overdue: bool,
    /// What it is about: its `assets`, each with the asset record's title
    /// when it names one (a tree without an inventory names them in free
    /// text).
    pub assets: Vec<AssetRef>,
    /// The controls it relies on, with their SoA status.
    pub controls: Vec<ControlStatus>,
    /// Its open treatment actions, by due date.
    pub open_actions: Vec<ActionDue>,
    /// Incidents citing it detected on or after its last review (or
    /// identification), oldest first.
    pub incidents: Vec<CitedIncident>,
    /// Findings citing any of its controls, from audits performed on or
    /// after its last review (or identification), oldest first.
    pub findings: Vec<CitedFinding>,
}

/// A score as the sheet shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreBrief {
    /// likelihood x impact.
    pub score: u32,
    /// Likelihood value (1-based).
    pub likelihood: u32,
    /// Impact value (1-based).
    pub impact: u32,
    /// The level's name ("High").
    pub level: String,
    /// The level's index from 0 (lowest), for colouring.
    pub level_index: usize,
}

/// A control a risk relies on, with its Statement of Applicability status.
#[derive(Debug, Clone, Serialize)]
pub struct ControlStatus {
    /// "A.8.5".
    pub id: String,
    /// Its Annex A title.
    pub title: String,
    /// Its status in the SoA.
    pub status: ControlState,
}

/// Where a control stands in the SoA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::Display)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum ControlState {
    /// Applicable, implemented.
    Implemented,
    /// Applicable, partly implemented.
    Partial,
    /// Applicable, planned.
    Planned,
    /// Applicable, not implemented (or no status given).
    NotImplemented,
    /// Not applicable: excluded from the SoA.
    Excluded,
    /// Not in the SoA at all.
    Missing,
}

/// An open action.
#[derive(Debug, Clone, Serialize)]
pub struct ActionDue {
    /// Id.
    pub id: String,
    /// What.
    pub summary: String,
    /// Who.
    pub owner: PersonRef,
    /// Due date.
    pub due: NaiveDate,
    /// Past due.
    pub overdue: bool,
}

/// An incident citing the risk.
#[derive(Debug, Clone, Serialize)]
pub struct CitedIncident {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The day it was detected.
    pub detected: NaiveDate,
}

/// An audit finding citing one of the risk's controls.
#[derive(Debug, Clone, Serialize)]
pub struct CitedFinding {
    /// Finding id.
    pub id: String,
    /// The audit it came from.
    pub audit: String,
    /// The day the audit was performed.
    pub performed: NaiveDate,
    /// major | minor | observation | improvement.
    pub kind: crate::model::FindingKind,
    /// What was found.
    pub summary: String,
    /// Which of the risk's controls it cites.
    pub controls: Vec<String>,
}

/// The sheet as of `cx.today`, for a window of `within_days`.
pub(super) fn sheet(
    cx: &ViewCx<'_>,
    soa: &Soa,
    review_days: u32,
    within_days: u32,
) -> RiskReviewSheet {
    let today = cx.today;
    let until = crate::model::horizon(today, within_days);
    let mut due: Vec<(PersonRef, RiskDue)> = cx
        .tree
        .risks
        .iter()
        .filter(|r| r.data.review_due_by(cx.scale.method(), until))
        .map(|r| (risk::view(cx, r), &r.data))
        .map(|(v, risk)| (v.owner.clone(), entry(cx, soa, &v, risk)))
        .collect();
    // Overdue first, then by due date (the same order), then by id.
    due.sort_by(|(_, a), (_, b)| {
        (a.review_due, !a.overdue)
            .cmp(&(b.review_due, !b.overdue))
            .then_with(|| natord::compare(&a.id, &b.id))
    });
    let mut owners: Vec<OwnerGroup> = Vec::new();
    for (owner, r) in due {
        match owners.iter_mut().find(|g| g.owner.id == owner.id) {
            Some(g) => g.risks.push(r),
            None => owners.push(OwnerGroup {
                owner,
                risks: vec![r],
                assets: Vec::new(),
            }),
        }
    }
    for a in assets_due(cx, review_days, until) {
        let owner = cx.people.get(&a.0);
        match owners.iter_mut().find(|g| g.owner.id == owner.id) {
            Some(g) => g.assets.push(a.1),
            None => owners.push(OwnerGroup {
                owner,
                risks: Vec::new(),
                assets: vec![a.1],
            }),
        }
    }
    owners.sort_by(|a, b| (&a.owner.name, &a.owner.id).cmp(&(&b.owner.name, &b.owner.id)));
    let total = owners.iter().map(|g| g.risks.len()).sum();
    let overdue = owners
        .iter()
        .flat_map(|g| &g.risks)
        .filter(|r| r.overdue)
        .count();
    let assets = owners.iter().map(|g| g.assets.len()).sum();
    RiskReviewSheet {
        today,
        within_days,
        until,
        total,
        overdue,
        assets,
        owners,
    }
}

/// The assets in use whose review falls due by `until` or never happened,
/// with their owner's id: never reviewed first, then by due date, then by
/// id.
fn assets_due(cx: &ViewCx<'_>, review_days: u32, until: NaiveDate) -> Vec<(String, AssetDue)> {
    let mut due: Vec<(String, AssetDue)> = cx
        .tree
        .assets
        .iter()
        .map(|r| &r.data)
        .filter(|a| a.review_due_by(until, review_days))
        .map(|a| {
            let entry = AssetDue {
                id: a.id.clone(),
                title: a.title.clone(),
                kind: a.kind,
                reviewed: a.reviewed,
                review_due: a.review_due(review_days),
                due_in_days: a.review_due_in(cx.today, review_days),
                overdue: a.needs_review(cx.today, review_days),
            };
            (a.owner.clone(), entry)
        })
        .collect();
    due.sort_by(|(_, a), (_, b)| {
        a.review_due
            .cmp(&b.review_due)
            .then_with(|| natord::compare(&a.id, &b.id))
    });
    due
}

fn brief(s: &super::Score) -> ScoreBrief {
    ScoreBrief {
        score: s.score,
        likelihood: s.likelihood,
        impact: s.impact,
        level: s.level.name.clone(),
        level_index: s.level.index,
    }
}

/// One risk's entry, from its view, its record (when it was last reviewed,
/// when it is due) and the records citing it since that review.
fn entry(cx: &ViewCx<'_>, soa: &Soa, v: &RiskView, risk: &Risk) -> RiskDue {
    let since = risk.last_reviewed();
    let assets = v.assets.clone();
    let controls = v
        .controls
        .iter()
        .map(|c| ControlStatus {
            id: c.id.clone(),
            title: c.title.clone(),
            status: state(soa, &c.id),
        })
        .collect();
    let mut open_actions: Vec<ActionDue> = v
        .actions
        .iter()
        .filter(|a| a.is_open())
        .map(|a| ActionDue {
            id: a.id.clone(),
            summary: a.summary.clone(),
            owner: a.owner.clone(),
            due: a.due,
            overdue: a.overdue,
        })
        .collect();
    open_actions.sort_by(|a, b| (a.due, &a.id).cmp(&(b.due, &b.id)));
    let mut incidents: Vec<CitedIncident> = cx
        .tree
        .incidents
        .iter()
        .map(|r| &r.data)
        .filter(|i| i.risks.iter().any(|r| r == &v.id) && i.detected.date() >= since)
        .map(|i| CitedIncident {
            id: i.id.clone(),
            title: i.title.clone(),
            detected: i.detected.date(),
        })
        .collect();
    incidents.sort_by(|a, b| (a.detected, &a.id).cmp(&(b.detected, &b.id)));
    let mut findings = Vec::new();
    for a in cx.tree.audits.iter().map(|r| &r.data) {
        let Some(performed) = a.performed.filter(|p| *p >= since) else {
            continue;
        };
        for f in &a.finding {
            let cited: Vec<String> = v
                .controls
                .iter()
                .filter(|c| f.refs.contains(&c.id))
                .map(|c| c.id.clone())
                .collect();
            if !cited.is_empty() {
                findings.push(CitedFinding {
                    id: f.id.clone(),
                    audit: a.id.clone(),
                    performed,
                    kind: f.kind,
                    summary: f.summary.clone(),
                    controls: cited,
                });
            }
        }
    }
    findings.sort_by(|a, b| (a.performed, &a.id).cmp(&(b.performed, &b.id)));
    RiskDue {
        id: v.id.clone(),
        title: v.title.clone(),
        inherent: brief(&v.inherent),
        residual: brief(&v.residual),
        above_appetite: v.above_appetite,
        treatment: v.treatment,
        acceptance: v.acceptance.clone(),
        identified: v.identified,
        reviewed: v.reviewed,
        review_due: v.review_due,
        since,
        due_in_days: risk.review_due_in(cx.scale.method(), cx.today),
        overdue: v.review_overdue,
        assets,
        controls,
        open_actions,
        incidents,
        findings,
    }
}

/// Control `id`'s standing in the SoA.
fn state(soa: &Soa, id: &str) -> ControlState {
    match soa.control.iter().find(|c| c.id == id) {
        None => ControlState::Missing,
        Some(c) if !c.applicable => ControlState::Excluded,
        Some(c) => match c.status {
            Some(ImplementationStatus::Implemented) => ControlState::Implemented,
            Some(ImplementationStatus::Partial) => ControlState::Partial,
            Some(ImplementationStatus::Planned) => ControlState::Planned,
            Some(ImplementationStatus::NotImplemented) | None => ControlState::NotImplemented,
        },
    }
}
