//! Audits (E05x, W004; 9.2): completed audits have a date in the past,
//! nonconformities have corrective actions (10.2), auditors do not audit
//! themselves (9.2.2 b), and an internal audit was completed in the last 12
//! months.

use super::{Cx, Site};
use crate::diag::{Code, Diagnostic};
use crate::model::{AuditKind, AuditStatus};

pub(super) fn check(cx: &mut Cx<'_>) {
    let today = cx.today;
    for r in &cx.tree.audits {
        let (d, site) = (&r.data, Site::of(r));
        if d.status == AuditStatus::Completed && d.performed.is_none() {
            let msg = format!("audit {} is completed but has no `performed` date", d.id);
            cx.push(
                site.value(Code::NoPerformed, "/status", msg)
                    .help("add `performed = YYYY-MM-DD`, the date the audit took place"),
            );
        }
        if let Some(p) = d.performed
            && p > today
        {
            let msg = format!(
                "audit {} was performed on {p}, which is after today ({today})",
                d.id
            );
            cx.push(site.value(Code::DateOrder, "/performed", msg).help(
                "a performed date cannot be in the future; use `planned` for the scheduled date",
            ));
        }
        if let Some(i) = d.auditees.iter().position(|a| *a == d.lead) {
            let msg = format!("the lead auditor `{}` is also an auditee", d.lead);
            cx.push(
                site.value(Code::AuditorNotImpartial, &format!("/auditees/{i}"), msg)
                    .label("auditor audits their own work")
                    .help(
                        "choose a lead auditor independent of the area audited (9.2.2 b), or \
                         remove them from `auditees`",
                    ),
            );
        }
        for (f, finding) in d.finding.iter().enumerate() {
            if finding.kind.is_nonconformity() && finding.action.is_empty() {
                let msg = format!(
                    "{} finding {} has no corrective action",
                    finding.kind, finding.id
                );
                cx.push(
                    site.value(Code::NoCorrectiveAction, &format!("/finding/{f}/kind"), msg)
                        .help(
                            "add a [[finding.action]] with id, summary, owner, due and status \
                             (10.2)",
                        ),
                );
            }
        }
    }
    let year_ago = today - chrono::Months::new(12);
    let recent = cx.tree.audits.iter().any(|r| {
        r.data.kind == AuditKind::Internal
            && r.data.status == AuditStatus::Completed
            && r.data
                .performed
                .is_some_and(|p| p >= year_ago && p <= today)
    });
    if !recent && cx.tree.config.is_some() {
        let msg = format!("no internal audit was completed between {year_ago} and {today}");
        cx.push(Diagnostic::new(Code::NoRecentAudit, None, 0..0, msg).help(
            "plan and complete an internal audit (9.2); record it in audits/ with \
             kind = \"internal\"",
        ));
    }
}
