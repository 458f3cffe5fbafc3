//! The obligations register (A.5.31): each legal, statutory, regulatory
//! or contractual requirement with where it comes from, who owns it, when
//! it is next reviewed, and what meets it: the controls and documents it
//! names, and the SoA controls that cite it.

use serde::Serialize;

use super::refs::{self, ControlRef, PersonRef, RecordRef};
use super::{DocControl, Md, ViewCx};
use crate::load::Record;
use crate::model::{Obligation, ObligationKind, ObligationStatus};

/// One obligation.
#[derive(Debug, Clone, Serialize)]
pub struct ObligationView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// law | regulation | contract | standard | certification.
    pub kind: ObligationKind,
    /// Where it applies ("UK"), if stated.
    pub jurisdiction: Option<String>,
    /// Owner.
    pub owner: PersonRef,
    /// The citation or URL as written.
    pub source: String,
    /// The source, when it is a web address to link to.
    pub source_url: Option<String>,
    /// Controls it names as meeting it.
    pub controls: Vec<ControlRef>,
    /// Documents it names as meeting it, with their titles.
    pub documents: Vec<RecordRef>,
    /// SoA controls that cite it in their `obligations`.
    pub cited_by: Vec<ControlRef>,
    /// The review cadence as written ("yearly").
    pub review_every: String,
    /// The last review, `YYYY-MM-DD`.
    pub reviewed: String,
    /// When the next review is due (none once retired).
    pub next_review: Option<String>,
    /// Days past the next review as of the view's date, when overdue.
    pub days_overdue: Option<i64>,
    /// applicable | monitoring | retired.
    pub status: ObligationStatus,
    /// Applicable and met by no control and no document.
    pub unaddressed: bool,
    /// What it requires.
    pub body: Md,
    /// Document control from git.
    pub doc_control: DocControl,
}

/// The view of one obligation.
fn view(cx: &ViewCx<'_>, r: &Record<Obligation>) -> ObligationView {
    let o = &r.data;
    let titles: std::collections::HashMap<&str, &str> = cx
        .tree
        .documents
        .iter()
        .map(|d| (d.data.id.as_str(), d.data.title.as_str()))
        .collect();
    let cited_by = cx
        .tree
        .soa
        .iter()
        .flat_map(|s| &s.data.control)
        .filter(|c| c.obligations.contains(&o.id))
        .map(|c| refs::control(cx.cat, &c.id))
        .collect();
    let is_url = o.source.starts_with("https://") || o.source.starts_with("http://");
    ObligationView {
        id: o.id.clone(),
        title: o.title.clone(),
        kind: o.kind,
        jurisdiction: o.jurisdiction.clone(),
        owner: cx.people.get(&o.owner),
        source: o.source.clone(),
        source_url: is_url.then(|| o.source.clone()),
        controls: refs::controls(cx.cat, &o.controls),
        documents: o
            .documents
            .iter()
            .map(|d| RecordRef::new(d, titles.get(d.as_str()).copied().unwrap_or("")))
            .collect(),
        cited_by,
        review_every: o.review_every.clone(),
        reviewed: o.reviewed.to_string(),
        next_review: o.review_due().map(|d| d.to_string()),
        days_overdue: o.days_overdue(cx.today),
        status: o.status,
        unaddressed: o.unaddressed(),
        body: (cx.md)(&r.body),
        doc_control: cx.doc_control(r.file),
    }
}

/// Every obligation, by id; its Markdown converted in file order.
pub(super) fn all(cx: &ViewCx<'_>) -> Vec<ObligationView> {
    let mut all: Vec<ObligationView> = cx.tree.obligations.iter().map(|r| view(cx, r)).collect();
    all.sort_by(|a, b| natord::compare(&a.id, &b.id));
    all
}
