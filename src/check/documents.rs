//! Controlled documents (W012, W013): each document is approved again on
//! its review cadence, and, in git, no commit changes a document after its
//! latest approval. The second rule needs the history, which the checker
//! does not read: the pipeline passes each document's changes to
//! [`changed_after_approval`].

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Cx, Site};
use crate::diag::{Code, Diagnostic};
use crate::load::Tree;

pub(super) fn check(cx: &mut Cx<'_>) {
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
        let due = d.cadence().after(last.on);
        if due >= cx.today {
            continue;
        }
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

/// One commit that changed a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The commit's date.
    pub date: NaiveDate,
    /// The abbreviated commit id.
    pub short: String,
}

/// W013: a document whose file changed in a commit dated after its latest
/// approval. `changes` holds, by path relative to the ISMS root
/// (`documents/ISP-01.md`), the commits that changed each file since it
/// was added, newest first. An approval covers the file as it stood at the end of its day, so
/// record an approval in a commit of that day. The tree is judged as of
/// `today`: commits dated after it have not happened yet.
pub fn changed_after_approval(
    tree: &Tree,
    changes: &BTreeMap<String, Vec<Change>>,
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
        let i = d
            .approval
            .iter()
            .rposition(|a| a.on == last.on)
            .unwrap_or(0);
        let msg = format!(
            "{} changed on {} in {} after its approval on {}; approve the current text or revert",
            d.id, newest.date, newest.short, last.on
        );
        out.push(
            Site::of(r)
                .value(
                    Code::ChangedAfterApproval,
                    &format!("/approval/{i}/on"),
                    msg,
                )
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
