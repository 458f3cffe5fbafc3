//! Audits (E05x, W004, W007, W008; 9.2, 10.2): completed audits have a date
//! in the past, nonconformities have corrective actions (10.2), auditors do
//! not audit themselves (9.2.2 b), an internal audit was completed in the
//! last 12 months, the audit programme covers every clause each cycle
//! (9.2.2), and someone other than the actions' owners reviews the
//! effectiveness of finished corrective actions (10.2 d). Coverage and
//! "awaiting a check" are computed in [`crate::programme`], which the
//! status view shares.

use super::{CheckRun, Site};
use crate::diag::{Code, Diagnostic};
use crate::model::{ActionStatus, Audit, AuditStatus, Finding};
use crate::programme::{self, Awaiting, EFFECTIVENESS_GRACE_DAYS};

pub(super) fn check(cx: &mut CheckRun<'_>) {
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
            && p > cx.now
        {
            let msg = format!(
                "audit {} was performed on {p}, which is after today ({})",
                d.id, cx.now
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
            verification(cx, &site.under(&format!("/finding/{f}")), finding);
        }
    }
    coverage(cx);
    let year_ago = crate::model::recent_since(today);
    let last = Audit::last_internal(cx.tree.audits.iter().map(|r| &r.data), today);
    let recent = last.is_some_and(|(p, _)| p >= year_ago);
    if !recent && cx.tree.config.is_some() {
        let msg = format!("no internal audit was completed between {year_ago} and {today}");
        cx.push(Diagnostic::new(Code::NoRecentAudit, None, 0..0, msg).help(
            "plan and complete an internal audit (9.2); record it in audits/ with \
             kind = \"internal\"",
        ));
    }
}

/// A finding's effectiveness review: not in the future (E081), not before
/// the actions it judges effective (E081), not by an owner of one of them
/// (E053); and a finished nonconformity reviewed within 90 days (W008).
fn verification(cx: &mut CheckRun<'_>, site: &Site<'_>, f: &Finding) {
    let (today, now) = (cx.today, cx.now);
    if let Some(v) = &f.verified {
        if v.on > now {
            let msg = format!(
                "the effectiveness of finding {} was verified on {}, which is after today \
                 ({now})",
                f.id, v.on
            );
            cx.push(
                site.value(Code::DateOrder, "/verified/on", msg)
                    .help("a verification date cannot be in the future; correct the date"),
            );
        }
        let later = f
            .action
            .iter()
            .filter_map(|a| a.done.map(|d| (d, a)))
            .filter(|(d, _)| *d > v.on)
            .max_by(|x, y| (x.0, &x.1.id).cmp(&(y.0, &y.1.id)));
        if v.effective
            && let Some((done, a)) = later
        {
            let msg = format!(
                "finding {} was verified effective on {}, before its action {} was done on \
                 {done}",
                f.id, v.on, a.id
            );
            cx.push(site.value(Code::DateOrder, "/verified/on", msg).help(
                "verify effectiveness after the corrective actions are done (10.2 d): correct \
                 the date, or record `effective = false` if the review led to this action",
            ));
        }
        let owns = f
            .action
            .iter()
            .filter(|a| a.status != ActionStatus::Cancelled)
            .find(|a| a.owner == v.by);
        if let Some(a) = owns {
            let msg = format!(
                "`{}` verifies the effectiveness of finding {} but owns its action {}",
                v.by, f.id, a.id
            );
            cx.push(
                site.value(Code::VerifierOwnsAction, "/verified/by", msg)
                    .label("checks their own corrective action")
                    .help(
                        "have someone who did not carry out the actions review their \
                         effectiveness (10.2 d), e.g. the auditor or the ISMS manager",
                    ),
            );
        }
    }
    // A review judged effective before an action was done is E081 above;
    // saying it is missing too would be noise.
    let premature = f
        .verified
        .as_ref()
        .is_some_and(|v| v.effective && f.action.iter().any(|a| a.done > Some(v.on)));
    let Some((Awaiting::Unverified, since)) = programme::awaiting_check(f) else {
        return;
    };
    let days = (today - since).num_days();
    if premature || days < EFFECTIVENESS_GRACE_DAYS {
        return;
    }
    let after = match &f.verified {
        Some(v) => format!(", after the last effectiveness review ({}),", v.on),
        None => ",".to_string(),
    };
    let msg = format!(
        "the corrective actions of {} finding {} were done on {since}, {days} days ago{after} \
         and nobody has verified that they were effective",
        f.kind, f.id
    );
    let at = if site.has("/verified") {
        "/verified/on"
    } else {
        "/kind"
    };
    cx.push(site.value(Code::EffectivenessNotVerified, at, msg).help(
        "review whether the actions removed the cause (10.2 d) and record it under the \
         finding: [finding.verified] with on, by, effective and an optional note",
    ));
}

/// W007: once the programme has run a whole cycle, each clause of 4 to 10
/// whose sub-clauses a completed internal audit of the cycle did not all
/// cover, one warning per clause naming the sub-clauses.
fn coverage(cx: &mut CheckRun<'_>) {
    let Some(cfg) = &cx.tree.config else {
        return;
    };
    let months = cfg.data.audit_cycle_months();
    let audits = cx.tree.audits.iter().map(|r| &r.data);
    let soa = cx.tree.soa.as_ref().map(|s| &s.data);
    let cov = programme::coverage(audits, soa, months, cx.today);
    if !cov.whole_cycle() {
        return;
    }
    for c in cov.uncovered_clauses() {
        let which = if c.covered.is_empty() {
            "none of its sub-clauses".to_string()
        } else {
            c.uncovered.join(", ")
        };
        let msg = format!(
            "clause {} ({}): no completed internal audit between {} and {} covered {which}",
            c.id, c.title, cov.from, cov.to
        );
        let plan = if c.covered.is_empty() {
            format!("\"{}\"", c.id)
        } else {
            c.uncovered
                .iter()
                .map(|u| format!("\"{u}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let help = format!(
            "the audit programme should cover every clause each {months}-month cycle (9.2.2): \
             add {plan} to the `clauses` of an internal audit and complete it"
        );
        cx.push(Diagnostic::new(Code::ClauseNotAudited, None, 0..0, msg).help(help));
    }
}
