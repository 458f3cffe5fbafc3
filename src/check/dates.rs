//! Dates of things that have happened (E081): a risk identified, reviewed
//! or accepted, an asset, supplier or obligation reviewed, evidence
//! collected, a document or the SoA approved. None of them can be after
//! today (`--today`, else the system date; a build judged as of its
//! commit's date still judges these by today): a sheet's "next review"
//! column read as the last one, or a typo in the year, would otherwise
//! count as a review and hide an overdue one. Audits, reviews and actions
//! judge their own dates of this kind (audits.rs, reviews.rs, actions.rs).

use chrono::NaiveDate;

use super::{CheckRun, Site};
use crate::diag::Code;

/// Where a date of a past event stands: the record's site and id, the
/// pointer, what happened, and the date.
type Past<'t> = (Site<'t>, &'t str, String, &'static str, NaiveDate);

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    let mut found: Vec<Past<'_>> = Vec::new();
    let mut past = |site, id, at, what, on: Option<NaiveDate>| {
        if let Some(on) = on {
            found.push((site, id, at, what, on));
        }
    };
    for r in &tree.risks {
        let d = &r.data;
        past(
            Site::of(r),
            &r.data.id,
            "/identified".into(),
            "identified",
            Some(d.identified),
        );
        past(
            Site::of(r),
            &r.data.id,
            "/reviewed".into(),
            "reviewed",
            d.reviewed,
        );
        let accepted = d.acceptance.as_ref().map(|a| a.on);
        past(
            Site::of(r),
            &r.data.id,
            "/acceptance/on".into(),
            "accepted",
            accepted,
        );
    }
    for r in &tree.assets {
        past(
            Site::of(r),
            &r.data.id,
            "/reviewed".into(),
            "reviewed",
            r.data.reviewed,
        );
    }
    for r in &tree.obligations {
        past(
            Site::of(r),
            &r.data.id,
            "/reviewed".into(),
            "reviewed",
            Some(r.data.reviewed),
        );
    }
    for r in &tree.suppliers {
        for (i, v) in r.data.review.iter().enumerate() {
            past(
                Site::of(r),
                &r.data.id,
                format!("/review/{i}/on"),
                "reviewed",
                Some(v.on),
            );
        }
    }
    for r in &tree.evidence {
        for (i, c) in r.data.collection.iter().enumerate() {
            past(
                Site::of(r),
                &r.data.id,
                format!("/collection/{i}/on"),
                "collected",
                Some(c.on),
            );
        }
    }
    for r in &tree.documents {
        for (i, a) in r.data.approval.iter().enumerate() {
            past(
                Site::of(r),
                &r.data.id,
                format!("/approval/{i}/on"),
                "approved",
                Some(a.on),
            );
        }
    }
    if let Some(s) = &tree.soa {
        past(
            Site::of(s),
            "the SoA",
            "/approved_on".into(),
            "approved",
            s.data.approved_on,
        );
    }
    let today = cx.now;
    for (site, id, at, what, on) in found {
        if on <= today {
            continue;
        }
        let msg = format!("{id} was {what} on {on}, which is after today ({today})");
        cx.push(site.value(Code::DateOrder, &at, msg).help(format!(
            "write the day it was {what}: that cannot be after today; a date still to come \
             (the next review) is not kept, it follows from the last one"
        )));
    }
}
