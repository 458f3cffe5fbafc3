//! Controlled documents: what they are, who approved which text, and the
//! document itself. An approval covers the file as committed on or before
//! its day: the view names that commit, so a reader sees which text each
//! approval speaks for.

use serde::Serialize;

use super::refs::{self, ControlRef, PersonRef, RecordRef};
use super::{DocControl, Md, ViewCx};
use crate::git::Revision;
use crate::load::Record;
use crate::model::{Classification, Document, DocumentKind};

/// One approval.
#[derive(Debug, Clone, Serialize)]
pub struct ApprovalView {
    /// Who approved.
    pub by: PersonRef,
    /// When, `YYYY-MM-DD`.
    pub on: String,
    /// The remark.
    pub note: Option<String>,
    /// The commit whose text the approval covers: the latest one that
    /// changed the file on or before the approval's day (none outside git).
    pub covers: Option<Revision>,
}

/// One document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// policy | procedure | standard | plan | statement.
    pub kind: DocumentKind,
    /// Owner.
    pub owner: PersonRef,
    /// public | internal | confidential | restricted.
    pub classification: Classification,
    /// The review cadence as written ("yearly").
    pub review_every: String,
    /// Controls it implements.
    pub controls: Vec<ControlRef>,
    /// Clauses it satisfies, with titles.
    pub clauses: Vec<RecordRef>,
    /// The document it replaces.
    pub supersedes: Option<String>,
    /// Approvals, oldest first.
    pub approvals: Vec<ApprovalView>,
    /// The latest approval's day.
    pub last_approved: Option<String>,
    /// When the next review is due.
    pub next_review: Option<String>,
    /// The next review is past as of the view's date.
    pub review_overdue: bool,
    /// The version: the commit that last changed the file, "draft" with
    /// uncommitted changes, or "" outside git.
    pub version: String,
    /// The document text.
    pub body: Md,
    /// The SoA entries that cite it (`documents` of a control).
    pub cited_by_soa: Vec<ControlRef>,
    /// The evidence records that cite it (`documents` of an item).
    pub cited_by_evidence: Vec<RecordRef>,
    /// Document control from git.
    pub doc_control: DocControl,
}

/// The view of one document.
pub(super) fn view(cx: &ViewCx<'_>, r: &Record<Document>) -> DocumentView {
    let d = &r.data;
    let doc_control = cx.doc_control(r.file);
    let covers = |on: chrono::NaiveDate| {
        let day = on.to_string();
        doc_control
            .revisions
            .iter()
            .find(|rev| rev.date <= day)
            .cloned()
    };
    let due = d.review_due();
    let version = match (&doc_control.last_changed, doc_control.modified) {
        (_, true) => "draft".to_string(),
        (Some(rev), false) => format!("{} ({})", rev.short, rev.date),
        (None, false) => String::new(),
    };
    DocumentView {
        id: d.id.clone(),
        title: d.title.clone(),
        kind: d.kind,
        owner: cx.people.get(&d.owner),
        classification: d.classification,
        review_every: d.review_every.clone(),
        controls: refs::controls(cx.cat, &d.controls),
        clauses: d
            .clauses
            .iter()
            .map(|c| refs::clause_or_control(cx.cat, c))
            .collect(),
        supersedes: d.supersedes.clone(),
        approvals: d
            .approval
            .iter()
            .map(|a| ApprovalView {
                by: cx.people.get(&a.by),
                on: a.on.to_string(),
                note: a.note.clone(),
                covers: covers(a.on),
            })
            .collect(),
        last_approved: d.last_approval().map(|a| a.on.to_string()),
        next_review: due.map(|d| d.to_string()),
        review_overdue: d.review_overdue(cx.today),
        version,
        body: (cx.md)(&r.body),
        cited_by_soa: cx
            .tree
            .soa
            .iter()
            .flat_map(|s| &s.data.control)
            .filter(|c| c.documents.contains(&d.id))
            .map(|c| refs::control(cx.cat, &c.id))
            .collect(),
        cited_by_evidence: cx
            .tree
            .evidence
            .iter()
            .filter(|e| e.data.documents.contains(&d.id))
            .map(|e| RecordRef::new(&e.data.id, &e.data.title))
            .collect(),
        doc_control,
    }
}

/// Every document, by id.
pub(super) fn all(cx: &ViewCx<'_>) -> Vec<DocumentView> {
    let mut docs: Vec<DocumentView> = cx.tree.documents.iter().map(|r| view(cx, r)).collect();
    docs.sort_by(|a, b| natord::compare(&a.id, &b.id));
    docs
}
