//! Incident post-mortems: severity, impact, timeline and lessons.

use serde::Serialize;

use super::action::{self, ActionView};
use super::refs::{self, ControlRef, PersonRef, RecordRef};
use super::{DocControl, Md, ViewCx};
use crate::load::Record;
use crate::model::{Incident, IncidentStatus, Severity};

/// One timeline entry.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    /// When, formatted.
    pub at: String,
    /// What.
    pub event: String,
}

/// One incident.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// P1..P4.
    pub severity: Severity,
    /// Status.
    pub status: IncidentStatus,
    /// Incident lead.
    pub owner: Option<PersonRef>,
    /// Detected, formatted.
    pub detected: String,
    /// Resolved, formatted.
    pub resolved: Option<String>,
    /// Time to resolve, e.g. "3 h 43 min".
    pub duration: Option<String>,
    /// Services.
    pub services: Vec<String>,
    /// Users affected.
    pub users_affected: u64,
    /// Personal data breach.
    pub personal_data_breach: bool,
    /// Related risks.
    pub risks: Vec<RecordRef>,
    /// Controls involved.
    pub controls: Vec<ControlRef>,
    /// Timeline.
    pub timeline: Vec<TimelineView>,
    /// Actions.
    pub actions: Vec<ActionView>,
    /// Post-mortem.
    pub body: Md,
    /// Document control from git.
    pub doc_control: DocControl,
}

/// The view of one incident record.
pub(super) fn view(cx: &ViewCx<'_>, r: &Record<Incident>) -> IncidentView {
    let d = &r.data;
    let risk = |id: &String| {
        let title = cx.xref.risk_titles.get(id.as_str()).copied();
        RecordRef::new(id, title.unwrap_or_default())
    };
    IncidentView {
        id: d.id.clone(),
        title: d.title.clone(),
        severity: d.severity,
        status: d.status,
        owner: d.owner.as_deref().map(|p| cx.people.get(p)),
        detected: d.detected.to_string(),
        resolved: d.resolved.map(|t| t.to_string()),
        duration: d.resolved.map(|t| duration(t.0 - d.detected.0)),
        services: d.services.clone(),
        users_affected: d.users_affected,
        personal_data_breach: d.personal_data_breach,
        risks: d.risks.iter().map(risk).collect(),
        controls: refs::controls(cx.cat, &d.controls),
        timeline: d
            .timeline
            .iter()
            .map(|t| TimelineView {
                at: t.at.to_string(),
                event: t.event.clone(),
            })
            .collect(),
        actions: action::views(cx, &d.action, "incident", &d.id),
        body: (cx.md)(&r.body),
        doc_control: cx.doc_control(r.file),
    }
}

/// Every incident, newest first.
pub(super) fn all(cx: &ViewCx<'_>) -> Vec<IncidentView> {
    let mut incidents: Vec<(&Record<Incident>, IncidentView)> =
        cx.tree.incidents.iter().map(|r| (r, view(cx, r))).collect();
    incidents.sort_by(|a, b| {
        (b.0.data.detected)
            .cmp(&a.0.data.detected)
            .then_with(|| a.1.id.cmp(&b.1.id))
    });
    incidents.into_iter().map(|(_, v)| v).collect()
}

/// "45 min", "3 h 43 min", "2 d 5 h".
fn duration(d: chrono::TimeDelta) -> String {
    let mins = d.num_minutes().max(0);
    let (days, hours, m) = (mins / 1440, (mins % 1440) / 60, mins % 60);
    match (days, hours) {
        (0, 0) => format!("{m} min"),
        (0, h) => format!("{h} h {m} min"),
        (d, h) => format!("{d} d {h} h"),
    }
}
