//! The risk register: one view per risk, scored on the method's scales.

use chrono::NaiveDate;
use serde::Serialize;

use super::action::{self, ActionView};
use super::refs::{self, AssetRef, ControlRef, PersonRef, RecordRef};
use super::{DocControl, Md, ViewCx};
use crate::load::Record;
use crate::model::{Risk, RiskStatus, Treatment};

/// One risk.
#[derive(Debug, Clone, Serialize)]
pub struct RiskView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Owner.
    pub owner: PersonRef,
    /// What it is about: its `assets`, titled where they name an asset.
    pub assets: Vec<AssetRef>,
    /// Threat.
    pub threat: String,
    /// Vulnerability.
    pub vulnerability: String,
    /// Inherent score.
    pub inherent: super::Score,
    /// Residual score.
    pub residual: super::Score,
    /// Open, and the residual score is above appetite.
    pub above_appetite: bool,
    /// Treatment option.
    pub treatment: Treatment,
    /// Controls relied on.
    pub controls: Vec<ControlRef>,
    /// open | closed.
    pub status: RiskStatus,
    /// Identified date.
    pub identified: NaiveDate,
    /// Last review date.
    pub reviewed: Option<NaiveDate>,
    /// Next review due.
    pub review_due: NaiveDate,
    /// Open and past its review date.
    pub review_overdue: bool,
    /// Acceptance, if any.
    pub acceptance: Option<AcceptanceView>,
    /// Treatment actions.
    pub actions: Vec<ActionView>,
    /// Open actions count.
    pub open_actions: usize,
    /// Incidents that cite this risk.
    pub incidents: Vec<RecordRef>,
    /// Body.
    pub body: Md,
    /// Document control from git: created, last changed, revisions.
    pub doc_control: DocControl,
}

impl RiskView {
    /// Whether the risk is open.
    pub fn is_open(&self) -> bool {
        self.status == RiskStatus::Open
    }
}

/// A risk acceptance.
#[derive(Debug, Clone, Serialize)]
pub struct AcceptanceView {
    /// Who.
    pub by: PersonRef,
    /// When.
    pub on: NaiveDate,
    /// Until.
    pub expires: NaiveDate,
    /// Past its expiry.
    pub expired: bool,
}

/// The view of one risk record.
pub(super) fn view(cx: &ViewCx<'_>, r: &Record<Risk>) -> RiskView {
    let d = &r.data;
    let method = cx.scale.method();
    let actions = action::views(cx, &d.action, "risk", &d.id);
    RiskView {
        id: d.id.clone(),
        title: d.title.clone(),
        owner: cx.people.get(&d.owner),
        assets: cx.xref.assets(&d.assets),
        threat: d.threat.clone(),
        vulnerability: d.vulnerability.clone(),
        inherent: cx.scale.score(d.likelihood, d.impact),
        residual: cx.scale.score(d.res_likelihood(), d.res_impact()),
        above_appetite: d.above_appetite(method),
        treatment: d.treatment,
        controls: refs::controls(cx.cat, &d.controls),
        status: d.status,
        identified: d.identified,
        reviewed: d.reviewed,
        review_due: d.review_due(method),
        review_overdue: d.review_overdue(method, cx.today),
        acceptance: d.acceptance.as_ref().map(|a| AcceptanceView {
            by: cx.people.get(&a.by),
            on: a.on,
            expires: a.expires,
            expired: a.expired(cx.today),
        }),
        open_actions: actions.iter().filter(|a| a.is_open()).count(),
        actions,
        incidents: refs::cited(&cx.xref.incidents_of_risk, &d.id),
        body: (cx.md)(&r.body),
        doc_control: cx.doc_control(r.file),
    }
}

/// Every risk, in natural id order (R-9 before R-10).
pub(super) fn all(cx: &ViewCx<'_>) -> Vec<RiskView> {
    let mut risks: Vec<RiskView> = cx.tree.risks.iter().map(|r| view(cx, r)).collect();
    risks.sort_by(|a, b| natord::compare(&a.id, &b.id));
    risks
}
