//! Controlled documents (W015, W016, W017): each document is approved
//! again on its review cadence; in git, no commit changes a document after
//! its latest approval; and, once the tree keeps documents, every item of
//! documented information the standard requires is provided by something. The second rule needs the history, which the checker
//! does not read: the pipeline passes each document's changes to
//! [`changed_after_approval`].

use std::collections::BTreeMap;

use chrono::NaiveDate;

use serde::Serialize;

use super::{CheckRun, Site};
use crate::catalogue::Catalogue;
use crate::diag::{Code, Diagnostic};
use crate::load::Tree;

/// One item of required documented information and what provides it.
#[derive(Debug, Clone, Serialize)]
pub struct MandatoryItem {
    /// The clause requiring it ("5.2", "6.1.3 d").
    pub clause: &'static str,
    /// What it is.
    pub item: &'static str,
    /// What in the tree provides it: document ids citing the clause, then
    /// the file or folder that is that information ("soa.toml", "risks/").
    pub provided_by: Vec<String>,
}

/// The mandatory-document map of a tree: for each item the standard
/// requires (data/mandatory-documents.tsv), what provides it. An Annex A
/// control's item (A.5.31) is listed only while the SoA applies the
/// control.
pub fn mandatory_map(tree: &Tree) -> Vec<MandatoryItem> {
    let applies = |control: &str| {
        tree.soa.as_ref().is_some_and(|s| {
            s.data
                .control
                .iter()
                .any(|c| c.id == control && c.applicable)
        })
    };
    Catalogue::get()
        .mandatory
        .iter()
        .filter(|m| !m.clause.starts_with("A.") || applies(m.clause))
        .map(|m| {
            let mut provided_by: Vec<String> = tree
                .documents
                .iter()
                .filter(|r| {
                    let d = &r.data;
                    d.clauses.iter().chain(&d.controls).any(|c| c == m.clause)
                })
                .map(|r| r.data.id.clone())
                .collect();
            let record: &[&str] = match m.provided_by {
                "soa" if tree.soa.is_some() => &["soa.toml"],
                "risks" if !tree.risks.is_empty() => &["risks/"],
                "audits" if !tree.audits.is_empty() => &["audits/"],
                "reviews" if !tree.reviews.is_empty() => &["reviews/"],
                "evidence" if !tree.evidence.is_empty() => &["evidence/"],
                "obligations" if !tree.obligations.is_empty() => &["obligations/"],
                "objectives" if !tree.objectives.is_empty() => &["objectives/"],
                // Monitoring results: evidence collected, and the 9.1
                // report (`isms pdf measurement`) of a tree measuring.
                "measurement" => {
                    let measuring = !tree.objectives.is_empty() || !tree.metrics.is_empty();
                    match (!tree.evidence.is_empty(), measuring) {
                        (true, true) => &["evidence/", "measurement report"],
                        (true, false) => &["evidence/"],
                        (false, true) => &["measurement report"],
                        (false, false) => &[],
                    }
                }
                // The scope, and the context it is set in (4.1, 4.2).
                "scope" => match (scope_stated(tree), tree.context.is_some()) {
                    (true, true) => &["isms.toml scope", "context.toml"],
                    (true, false) => &["isms.toml scope"],
                    (false, _) => &[],
                },
                _ => &[],
            };
            provided_by.extend(record.iter().map(ToString::to_string));
            MandatoryItem {
                clause: m.clause,
                item: m.item,
                provided_by,
            }
        })
        .collect()
}

/// Whether isms.toml states a scope.
fn scope_stated(tree: &Tree) -> bool {
    tree.config
        .as_ref()
        .is_some_and(|c| !c.data.organisation.scope.trim().is_empty())
}

/// W017: once the tree keeps documents (so a tree that has not started
/// on them is not told fourteen times), each required clause's item
/// nothing provides.
fn mandatory(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    if tree.documents.is_empty() {
        return;
    }
    for m in mandatory_map(tree) {
        // An Annex A item (A.5.31's list) is shown in the map, not warned
        // about: a tree that has not started an obligations register is
        // not told so (W032 asks, once it has one).
        if !m.provided_by.is_empty() || m.clause.starts_with("A.") {
            continue;
        }
        let msg = format!(
            "nothing provides {} ({}), documented information ISO/IEC 27001:2022 requires",
            m.item.to_lowercase(),
            m.clause
        );
        cx.push(
            Diagnostic::new(Code::MandatoryMissing, None, 0..0, msg).help(format!(
                "add a document that provides it and cite the clause: clauses = [\"{}\"]",
                m.clause
            )),
        );
    }
}

pub(super) fn check(cx: &mut CheckRun<'_>) {
    mandatory(cx);
    for r in &cx.tree.documents {
        let (d, site) = (&r.data, Site::of(r));
        let Some(last) = d.last_approval() else {
            let msg = format!("{} has never been approved", d.id);
            cx.push(
                site.key(Code::DocumentReviewOverdue, "/id", msg).help(format!(
                    "have the document approved and record it: [[approval]] by = \"...\" on = {}",
                    cx.today
                )),
            );
            continue;
        };
        let (Some(due), true) = (d.review_due(), d.review_overdue(cx.today)) else {
            continue;
        };
        let i = d
            .approval
            .iter()
            .rposition(|a| a.on == last.on)
            .unwrap_or(0);
        let days = (cx.today - due).num_days();
        let msg = format!(
            "{} is overdue for review by {days} day{}: last approved {}, due {due} (every {})",
            d.id,
            if days == 1 { "" } else { "s" },
            last.on,
            d.review_every
        );
        cx.push(
            site.value(
                Code::DocumentReviewOverdue,
                &format!("/approval/{i}/on"),
                msg,
            )
            .help("review the document and record the approval as a new [[approval]]"),
        );
    }
}

/// One commit that changed a document's text (W016 compares its date with
/// the document's latest approval).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentCommit {
    /// The commit's date.
    pub date: NaiveDate,
    /// The abbreviated commit id.
    pub short: String,
}

/// W016: a document whose file changed in a commit dated after its latest
/// approval. `changes` holds, by path relative to the ISMS root
/// (`documents/ISP-01.md`), the commits that changed each file since it
/// was added, newest first. An approval covers the file as it stood at the end of its day, so
/// record an approval in a commit of that day. The tree is judged as of
/// `today`: commits dated after it have not happened yet.
pub fn changed_after_approval(
    tree: &Tree,
    changes: &BTreeMap<String, Vec<DocumentCommit>>,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in &tree.documents {
        let d = &r.data;
        let Some(last) = d.last_approval() else {
            continue;
        };
        let path = &tree.sources.get(r.file).path;
        let Some(newest) = changes.get(path).and_then(|c| {
            c.iter()
                .filter(|c| c.date > last.on && c.date <= today)
                .max_by_key(|c| c.date)
        }) else {
            continue;
        };
        let msg = format!(
            "{} changed on {} in {} after its approval on {}; approve the current text or revert",
            d.id, newest.date, newest.short, last.on
        );
        out.push(
            at_last_approval(r, last.on, msg)
                .label("this approval covers the text before that commit")
                .help(format!(
                    "have the current text approved and add an [[approval]] dated on or after \
                     {}, committed the same day; or revert the change (git log -p {path})",
                    newest.date
                )),
        );
    }
    out
}

/// W016 for the working tree: documents whose text has edits not yet
/// committed that their latest approval does not cover (`edited`: their
/// paths, relative to the ISMS root). A DRAFT build marks the whole tree;
/// this names the document and what to do.
pub fn edited_after_approval(tree: &Tree, edited: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in &tree.documents {
        let path = &tree.sources.get(r.file).path;
        let d = &r.data;
        let Some(last) = d.last_approval() else {
            continue;
        };
        if !edited.contains(path) {
            continue;
        }
        let msg = format!(
            "{}'s text has uncommitted edits that its approval on {} does not cover",
            d.id, last.on
        );
        out.push(
            at_last_approval(r, last.on, msg)
                .label("this approval covers the committed text")
                .help(format!(
                    "have the edited text approved and add an [[approval]] for it, then commit \
                     both; or undo the edits (git checkout -- {path})"
                )),
        );
    }
    out
}

/// W016 at the date of a document's latest approval (dated `on`).
fn at_last_approval(
    r: &crate::load::Record<crate::model::Document>,
    on: NaiveDate,
    msg: String,
) -> Diagnostic {
    let i = r
        .data
        .approval
        .iter()
        .rposition(|a| a.on == on)
        .unwrap_or(0);
    Site::of(r).value(
        Code::ChangedAfterApproval,
        &format!("/approval/{i}/on"),
        msg,
    )
}

/// When the text in force of each document (by id) was approved: for a
/// document whose text changed after it was added (`changes`, as for
/// [`changed_after_approval`]), the first approval on or after the latest
/// change up to `today` (the change's own date while none approves it);
/// or its latest approval marked `text_changed` up to `today`, if later.
/// Acknowledgements dated earlier are of an older text.
pub fn text_in_force(
    tree: &Tree,
    changes: &BTreeMap<String, Vec<DocumentCommit>>,
    today: NaiveDate,
) -> BTreeMap<String, NaiveDate> {
    let mut out = BTreeMap::new();
    for r in &tree.documents {
        let path = &tree.sources.get(r.file).path;
        let approvals = || r.data.approval.iter().filter(|a| a.on <= today);
        let marked = approvals().filter(|a| a.text_changed).map(|a| a.on).max();
        let in_git = changes
            .get(path)
            .and_then(|c| c.iter().map(|c| c.date).filter(|d| *d <= today).max())
            .map(|changed| {
                approvals()
                    .map(|a| a.on)
                    .filter(|on| *on >= changed)
                    .min()
                    .unwrap_or(changed)
            });
        if let Some(since) = marked.max(in_git) {
            out.insert(r.data.id.clone(), since);
        }
    }
    out
}
