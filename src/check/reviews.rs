//! Management reviews (E06x, W005; 9.3): a held review is not in the future
//! and considered all seven inputs of 9.3.2, and one was held in the last 12
//! months.

use super::{CheckRun, Site};
use crate::diag::{Code, Diagnostic};
use crate::model::{REVIEW_INPUTS, Review, ReviewStatus};

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let today = cx.today;
    for r in &cx.tree.reviews {
        let (d, site) = (&r.data, Site::of(r));
        if d.status == ReviewStatus::Held && d.date > cx.now {
            let msg = format!(
                "review {} is marked held on {}, which is after today ({})",
                d.id, d.date, cx.now
            );
            cx.push(
                site.value(Code::DateOrder, "/date", msg)
                    .help("a review in the future is `status = \"planned\"`"),
            );
        }
        if d.status != ReviewStatus::Held {
            continue;
        }
        for (key, letter, title) in REVIEW_INPUTS {
            if d.inputs.get(key).trim().is_empty() {
                let at = format!("/inputs/{key}");
                let span = if site.has(&at) {
                    site.value_span(&at)
                } else if site.has("/inputs") {
                    site.key_span("/inputs")
                } else {
                    site.value_span("/status")
                };
                let msg = format!(
                    "held review {} does not record input 9.3.2 {letter}) `{key}`",
                    d.id
                );
                cx.push(
                    site.span(Code::ReviewInputMissing, span, msg)
                        .help(format!("under [inputs], add `{key} = \"...\"`: {title}")),
                );
            }
        }
    }
    let year_ago = crate::model::recent_since(today);
    let last = Review::last_held(cx.tree.reviews.iter().map(|r| &r.data), today);
    let recent = last.is_some_and(|r| r.date >= year_ago);
    if !recent && cx.tree.config.is_some() {
        let msg = format!("no management review was held between {year_ago} and {today}");
        cx.push(Diagnostic::new(Code::NoRecentReview, None, 0..0, msg).help(
            "hold a management review (9.3) and record it in reviews/ with status = \"held\"",
        ));
    }
}
