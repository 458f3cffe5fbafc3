//! Incidents (E07x): resolution after detection, and timelines in order.

use super::{CheckRun, Site};
use crate::diag::Code;

pub(super) fn check(cx: &mut CheckRun<'_>) {
    for r in &cx.tree.incidents {
        let (d, site) = (&r.data, Site::of(r));
        if let Some(resolved) = d.resolved
            && resolved < d.detected
        {
            let msg = format!(
                "incident {} is resolved ({resolved}) before it was detected ({})",
                d.id, d.detected
            );
            cx.push(
                site.value(Code::ResolvedBeforeDetected, "/resolved", msg)
                    .help("check both date-times and their time zones"),
            );
        }
        for (i, pair) in d.timeline.windows(2).enumerate() {
            if pair[1].at < pair[0].at {
                let msg = format!(
                    "timeline entry {} ({}) comes before the entry above it ({})",
                    i + 2,
                    pair[1].at,
                    pair[0].at
                );
                let at = format!("/timeline/{}/at", i + 1);
                cx.push(
                    site.value(Code::TimelineOrder, &at, msg).help(
                        "list [[timeline]] entries in chronological order, or correct the time",
                    ),
                );
            }
        }
    }
}
