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

/// A record's dates of past events: pointer, what happened, the date.
type Dates = Vec<(String, &'static str, Option<NaiveDate>)>;

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    let mut found: Vec<Past<'_>> = Vec::new();
    for r in &tree.risks {
        let d = &r.data;
        let accepted = d.acceptance.as_ref().map(|a| a.on);
        let dates = vec![
            ("/identified".into(), "identified", Some(d.identified)),
            ("/reviewed".into(), "reviewed", d.reviewed),
            ("/acceptance/on".into(), "accepted", accepted),
        ];
        add(&mut found, &Site::of(r), &d.id, dates);
    }
    for r in &tree.assets {
        let dates = vec![("/reviewed".into(), "reviewed", r.data.reviewed)];
        add(&mut found, &Site::of(r), &r.data.id, dates);
    }
    for r in &tree.obligations {
        let dates = vec![("/reviewed".into(), "reviewed", Some(r.data.reviewed))];
        add(&mut found, &Site::of(r), &r.data.id, dates);
    }
    for r in &tree.suppliers {
        let dates = each("/review", "reviewed", r.data.review.iter().map(|v| v.on));
        add(&mut found, &Site::of(r), &r.data.id, dates);
    }
    for r in &tree.evidence {
        let dates = each(
            "/collection",
            "collected",
            r.data.collection.iter().map(|c| c.on),
        );
        add(&mut found, &Site::of(r), &r.data.id, dates);
    }
    for r in &tree.documents {
        let dates = each(
            "/approval",
            "approved",
            r.data.approval.iter().map(|a| a.on),
        );
        add(&mut found, &Site::of(r), &r.data.id, dates);
    }
    if let Some(s) = &tree.soa {
        let dates = vec![("/approved_on".into(), "approved", s.data.approved_on)];
        add(&mut found, &Site::of(s), "the SoA", dates);
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

/// The `on` dates of a list of tables (`/review/0/on`, ...).
fn each(list: &str, what: &'static str, dates: impl Iterator<Item = NaiveDate>) -> Dates {
    dates
        .enumerate()
        .map(|(i, on)| (format!("{list}/{i}/on"), what, Some(on)))
        .collect()
}

/// Keep the dates a record gives (`None`: the record has no such date).
fn add<'t>(found: &mut Vec<Past<'t>>, site: &Site<'t>, id: &'t str, dates: Dates) {
    for (at, what, on) in dates {
        if let Some(on) = on {
            found.push((site.clone(), id, at, what, on));
        }
    }
}
