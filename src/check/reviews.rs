//! Management reviews (9.3): a held review considered all seven inputs of
//! 9.3.2, and one was held in the last 12 months.

use super::Cx;
use crate::diag::{Code, Diagnostic};
use crate::model::{REVIEW_INPUTS, ReviewStatus};

pub(super) fn check(cx: &mut Cx<'_>) {
    for r in &cx.tree.reviews {
        let d = &r.data;
        if d.status == ReviewStatus::Held && d.date > cx.today {
            cx.push(
                Diagnostic::new(
                    Code::DateOrder,
                    Some(r.file),
                    r.spans.value("/date"),
                    format!(
                        "review {} is marked held on {}, which is after today ({})",
                        d.id, d.date, cx.today
                    ),
                )
                .help("a review in the future is `status = \"planned\"`"),
            );
        }
        if d.status != ReviewStatus::Held {
            continue;
        }
        for (key, letter, title) in REVIEW_INPUTS {
            if d.inputs.get(key).trim().is_empty() {
                let at = format!("/inputs/{key}");
                let span = if r.spans.has(&at) {
                    r.spans.value(&at)
                } else if r.spans.has("/inputs") {
                    r.spans.key("/inputs")
                } else {
                    r.spans.value("/status")
                };
                cx.push(
                    Diagnostic::new(
                        Code::ReviewInputMissing,
                        Some(r.file),
                        span,
                        format!(
                            "held review {} does not record input 9.3.2 {letter}) `{key}`",
                            d.id
                        ),
                    )
                    .help(format!("under [inputs], add `{key} = \"...\"`: {title}")),
                );
            }
        }
    }
    let year_ago = cx.today - chrono::Months::new(12);
    let recent = cx.tree.reviews.iter().any(|r| {
        r.data.status == ReviewStatus::Held && r.data.date >= year_ago && r.data.date <= cx.today
    });
    if !recent && cx.tree.config.is_some() {
        cx.push(
            Diagnostic::new(
                Code::NoRecentReview,
                None,
                0..0,
                format!(
                    "no management review was held between {year_ago} and {}",
                    cx.today
                ),
            )
            .help(
                "hold a management review (9.3) and record it in reviews/ with status = \"held\"",
            ),
        );
    }
}
