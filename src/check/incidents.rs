//! Incidents: resolution after detection, and timelines in order.

use super::Cx;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &mut Cx<'_>) {
    for r in &cx.tree.incidents {
        let d = &r.data;
        if let Some(resolved) = d.resolved
            && resolved < d.detected
        {
            cx.push(
                Diagnostic::new(
                    Code::ResolvedBeforeDetected,
                    Some(r.file),
                    r.spans.value("/resolved"),
                    format!(
                        "incident {} is resolved ({resolved}) before it was detected ({})",
                        d.id, d.detected
                    ),
                )
                .help("check both date-times and their time zones"),
            );
        }
        for (i, pair) in d.timeline.windows(2).enumerate() {
            if pair[1].at < pair[0].at {
                cx.push(
                    Diagnostic::new(
                        Code::TimelineOrder,
                        Some(r.file),
                        r.spans.value(&format!("/timeline/{}/at", i + 1)),
                        format!(
                            "timeline entry {} ({}) comes before the entry above it ({})",
                            i + 2,
                            pair[1].at,
                            pair[0].at
                        ),
                    )
                    .help("list [[timeline]] entries in chronological order, or correct the time"),
                );
            }
        }
    }
}
