//! The numbers a dashboard or a summary shows, computed once for every
//! output: open risks by level, what needs attention, the latest audit and
//! review, and the heat maps of open risks.

use std::collections::BTreeMap;

use serde::Serialize;

use super::action::ActionView;
use super::audit::AuditView;
use super::incident::IncidentView;
use super::method::{RiskMatrix, Scale};
use super::refs::RecordRef;
use super::review::ReviewView;
use super::risk::RiskView;
use crate::model::{IncidentStatus, ReviewStatus};

/// Dashboard numbers.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Stats {
    /// Open risks.
    pub open_risks: usize,
    /// Open risks per level index, inherent.
    pub inherent_by_level: Vec<usize>,
    /// Open risks per level index, residual.
    pub residual_by_level: Vec<usize>,
    /// Open risks above appetite.
    pub above_appetite: Vec<RecordRef>,
    /// Open risks overdue for review.
    pub overdue_reviews: Vec<RecordRef>,
    /// Open actions.
    pub open_actions: usize,
    /// Open actions past due.
    pub overdue_actions: Vec<RecordRef>,
    /// The audit performed last (by date, then id).
    pub latest_audit: Option<String>,
    /// The review held last, else the last one planned.
    pub latest_review: Option<String>,
    /// Incidents still open.
    pub open_incidents: usize,
}

/// The heat maps of open risks: inherent and residual.
pub(super) struct Heat {
    pub inherent: RiskMatrix,
    pub residual: RiskMatrix,
}

/// What [`Stats`] is computed from.
pub(super) struct Parts<'v> {
    pub risks: &'v [RiskView],
    pub actions: &'v [ActionView],
    pub audits: &'v [AuditView],
    pub reviews: &'v [ReviewView],
    pub incidents: &'v [IncidentView],
}

/// The numbers and the heat maps.
pub(super) fn compute(scale: &Scale<'_>, p: &Parts<'_>) -> (Stats, Heat) {
    let mut inherent: BTreeMap<(u32, u32), Vec<String>> = BTreeMap::new();
    let mut residual: BTreeMap<(u32, u32), Vec<String>> = BTreeMap::new();
    let mut stats = Stats {
        inherent_by_level: vec![0; scale.level_count()],
        residual_by_level: vec![0; scale.level_count()],
        ..Stats::default()
    };
    for r in p.risks.iter().filter(|r| r.is_open()) {
        let cell = |s: &super::Score| (s.likelihood, s.impact);
        inherent
            .entry(cell(&r.inherent))
            .or_default()
            .push(r.id.clone());
        residual
            .entry(cell(&r.residual))
            .or_default()
            .push(r.id.clone());
        stats.open_risks += 1;
        if let Some(n) = stats.inherent_by_level.get_mut(r.inherent.level.index) {
            *n += 1;
        }
        if let Some(n) = stats.residual_by_level.get_mut(r.residual.level.index) {
            *n += 1;
        }
        let rr = RecordRef::new(&r.id, &r.title);
        if r.above_appetite {
            stats.above_appetite.push(rr.clone());
        }
        if r.review_overdue {
            stats.overdue_reviews.push(rr);
        }
    }
    for a in p.actions.iter().filter(|a| a.is_open()) {
        stats.open_actions += 1;
        if a.overdue {
            stats
                .overdue_actions
                .push(RecordRef::new(&a.id, &a.summary));
        }
    }
    stats.latest_audit = p
        .audits
        .iter()
        .filter(|a| a.performed.is_some())
        .max_by(|a, b| (a.performed, &a.id).cmp(&(b.performed, &b.id)))
        .map(|a| a.id.clone());
    stats.latest_review = p
        .reviews
        .iter()
        .rfind(|r| r.status == ReviewStatus::Held)
        .or(p.reviews.last())
        .map(|r| r.id.clone());
    stats.open_incidents = p
        .incidents
        .iter()
        .filter(|i| i.status == IncidentStatus::Open)
        .count();
    let heat = Heat {
        inherent: scale.matrix(&inherent),
        residual: scale.matrix(&residual),
    };
    (stats, heat)
}
