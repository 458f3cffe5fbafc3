//! Audits (9.2): completed audits have a date, nonconformities have corrective
//! actions (10.2), auditors do not audit themselves (9.2.2 b), and an internal
//! audit was completed in the last 12 months.

use super::Cx;
use crate::diag::{Code, Diagnostic};
use crate::model::{AuditKind, AuditStatus};

pub(super) fn check(cx: &mut Cx<'_>) {
    for r in &cx.tree.audits {
        let d = &r.data;
        if d.status == AuditStatus::Completed && d.performed.is_none() {
            cx.push(
                Diagnostic::new(
                    Code::NoPerformed,
                    Some(r.file),
                    r.spans.value("/status"),
                    format!("audit {} is completed but has no `performed` date", d.id),
                )
                .help("add `performed = YYYY-MM-DD`, the date the audit took place"),
            );
        }
        if let Some(p) = d.performed
            && p > cx.today
        {
            cx.push(
                Diagnostic::new(Code::DateOrder, Some(r.file), r.spans.value("/performed"), format!("audit {} was performed on {p}, which is after today ({})", d.id, cx.today))
                    .help("a performed date cannot be in the future; use `planned` for the scheduled date"),
            );
        }
        if let Some(i) = d.auditees.iter().position(|a| *a == d.lead) {
            cx.push(
                Diagnostic::new(Code::AuditorNotImpartial, Some(r.file), r.spans.value(&format!("/auditees/{i}")), format!("the lead auditor `{}` is also an auditee", d.lead))
                    .label("auditor audits their own work")
                    .help("choose a lead auditor independent of the area audited (9.2.2 b), or remove them from `auditees`"),
            );
        }
        for (f, finding) in d.finding.iter().enumerate() {
            if finding.kind.is_nonconformity() && finding.action.is_empty() {
                cx.push(
                    Diagnostic::new(
                        Code::NoCorrectiveAction,
                        Some(r.file),
                        r.spans.value(&format!("/finding/{f}/kind")),
                        format!(
                            "{} finding {} has no corrective action",
                            finding.kind, finding.id
                        ),
                    )
                    .help(
                        "add a [[finding.action]] with id, summary, owner, due and status (10.2)",
                    ),
                );
            }
        }
    }
    let year_ago = cx.today - chrono::Months::new(12);
    let recent = cx.tree.audits.iter().any(|r| {
        r.data.kind == AuditKind::Internal
            && r.data.status == AuditStatus::Completed
            && r.data
                .performed
                .is_some_and(|p| p >= year_ago && p <= cx.today)
    });
    if !recent && cx.tree.config.is_some() {
        cx.push(
            Diagnostic::new(Code::NoRecentAudit, None, 0..0, format!("no internal audit was completed between {year_ago} and {}", cx.today))
                .help("plan and complete an internal audit (9.2); record it in audits/ with kind = \"internal\""),
        );
    }
}
