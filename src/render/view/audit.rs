//! Internal and external audits (9.2) with their findings.

use chrono::NaiveDate;
use serde::Serialize;

use super::action::{self, ActionView};
use super::programme::{self, VerificationView};
use super::refs::{self, ControlRef, PersonRef, RecordRef};
use super::{DocControl, Md, ViewCx};
use crate::load::Record;
use crate::model::{Audit, AuditKind, AuditStatus, Finding, FindingKind};

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// Id.
    pub id: String,
    /// major | minor | observation | improvement.
    pub kind: FindingKind,
    /// Clause and control references with titles.
    pub refs: Vec<RecordRef>,
    /// Summary.
    pub summary: String,
    /// Root cause.
    pub root_cause: String,
    /// Corrective actions.
    pub actions: Vec<ActionView>,
    /// The review of the actions' effectiveness (10.2 d), if recorded.
    pub verified: Option<VerificationView>,
}

/// One audit.
#[derive(Debug, Clone, Serialize)]
pub struct AuditView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: AuditKind,
    /// Status.
    pub status: AuditStatus,
    /// Planned date.
    pub planned: NaiveDate,
    /// Performed date.
    pub performed: Option<NaiveDate>,
    /// Lead auditor.
    pub lead: PersonRef,
    /// Auditees.
    pub auditees: Vec<PersonRef>,
    /// Clauses in scope.
    pub clauses: Vec<RecordRef>,
    /// Controls in scope.
    pub controls: Vec<ControlRef>,
    /// Findings.
    pub findings: Vec<FindingView>,
    /// Count of major, minor, observation, improvement findings.
    pub finding_counts: [usize; 4],
    /// Report body.
    pub body: Md,
    /// Document control from git.
    pub doc_control: DocControl,
}

fn finding(cx: &ViewCx<'_>, audit: &str, f: &Finding) -> FindingView {
    FindingView {
        id: f.id.clone(),
        kind: f.kind,
        refs: f
            .refs
            .iter()
            .map(|x| refs::clause_or_control(cx.cat, x))
            .collect(),
        summary: f.summary.clone(),
        root_cause: f.root_cause.clone(),
        actions: f
            .action
            .iter()
            .map(|a| action::view(cx, a, "audit", audit, Some(&f.id)))
            .collect(),
        verified: f.verified.as_ref().map(|v| programme::verification(cx, v)),
    }
}

/// The view of one audit record.
pub(super) fn view(cx: &ViewCx<'_>, r: &Record<Audit>) -> AuditView {
    let d = &r.data;
    let mut counts = [0; 4];
    for f in &d.finding {
        counts[f.kind as usize] += 1;
    }
    AuditView {
        id: d.id.clone(),
        title: d.title.clone(),
        kind: d.kind,
        status: d.status,
        planned: d.planned,
        performed: d.performed,
        lead: cx.people.get(&d.lead),
        auditees: cx.people.all(&d.auditees),
        clauses: d
            .clauses
            .iter()
            .map(|c| refs::clause_or_control(cx.cat, c))
            .collect(),
        controls: refs::controls(cx.cat, &d.controls),
        findings: d.finding.iter().map(|f| finding(cx, &d.id, f)).collect(),
        finding_counts: counts,
        body: (cx.md)(&r.body),
        doc_control: cx.doc_control(r.file),
    }
}

/// Every audit, by planned date.
pub(super) fn all(cx: &ViewCx<'_>) -> Vec<AuditView> {
    let mut audits: Vec<AuditView> = cx.tree.audits.iter().map(|r| view(cx, r)).collect();
    audits.sort_by(|a, b| (a.planned, &a.id).cmp(&(b.planned, &b.id)));
    audits
}
