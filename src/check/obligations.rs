//! The legal, statutory, regulatory and contractual register (W030-W032;
//! A.5.31): each obligation is reviewed on its cadence, each applicable one
//! is met by a control or a document, and, once the tree keeps a register,
//! every SoA control included for a `legal` or `contract` reason names the
//! obligations behind it. Unknown ids in obligations are references
//! (E020, E021, E025), judged with every other reference.

use super::{CheckRun, Site};
use crate::diag::Code;
use crate::model::Reason;

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    for r in &tree.obligations {
        let (o, site) = (&r.data, Site::of(r));
        if let (Some(days), Some(due)) = (o.days_overdue(cx.today), o.review_due()) {
            let msg = format!(
                "{} is overdue for review by {days} day{}: last reviewed {}, due {due} (every {})",
                o.id,
                if days == 1 { "" } else { "s" },
                o.reviewed,
                o.review_every
            );
            cx.push(
                site.value(Code::ObligationReviewOverdue, "/reviewed", msg)
                    .help(format!(
                        "review what it requires and how it is met, then set reviewed = {}",
                        cx.today
                    )),
            );
        }
        if o.unaddressed() {
            let msg = format!(
                "{} is applicable but no control and no document meets it",
                o.id
            );
            cx.push(
                site.value(Code::ObligationUnaddressed, "/status", msg)
                    .help(
                        "name the Annex A controls (controls = [\"A.5.34\"]) or the documents \
                         (documents = [\"ISP-01\"]) that meet it, or set status = \"monitoring\"",
                    ),
            );
        }
    }
    soa_reasons(cx);
}

/// W032: once the tree keeps obligations (so a tree without a register is
/// not told about every legal reason), each applicable SoA control whose
/// reasons include `legal` or `contract` and that names no obligation.
fn soa_reasons(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    let Some(soa) = &tree.soa else { return };
    if tree.obligations.is_empty() {
        return;
    }
    let file = Site::of(soa);
    for (i, c) in soa.data.control.iter().enumerate() {
        let why: Vec<&str> = c
            .reasons
            .iter()
            .filter(|r| matches!(r, Reason::Legal | Reason::Contract))
            .map(Into::into)
            .collect();
        if !c.applicable || why.is_empty() || !c.obligations.is_empty() {
            continue;
        }
        let site = file.under(&format!("/control/{i}"));
        let msg = format!(
            "{} is included for a {} reason but cites no obligation",
            c.id,
            why.join(" and ")
        );
        cx.push(
            site.value(Code::SoaReasonWithoutObligation, "/reasons", msg)
                .help(
                    "name the laws or contracts behind it from obligations/, e.g. \
                     obligations = [\"OBL-001\"]",
                ),
        );
    }
}
