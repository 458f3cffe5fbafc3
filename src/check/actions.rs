//! Actions (E08x, W002), wherever they sit (risks, audit findings, reviews,
//! incidents): a done date agrees with the status and is not in the future,
//! and open actions are not past their due date. E081 (two dates of one
//! record in an impossible order) is in this family by number, but audits.rs
//! and reviews.rs report it too, for a performed or held date in the future.

use super::{CheckRun, Site};
use crate::diag::{Code, FileId};
use crate::load::{SpanMap, Tree, kinds};
use crate::model::{Action, ActionStatus};

/// Where an action sits: its file, spans and JSON pointer.
pub struct ActionAt<'t> {
    /// The file.
    pub file: FileId,
    /// The file's spans.
    pub spans: &'t SpanMap,
    /// e.g. "/finding/0/action/1".
    pub pointer: String,
    /// The id of the record (or finding) that holds it.
    pub parent: &'t str,
    /// The action.
    pub action: &'t Action,
}

impl<'t> ActionAt<'t> {
    /// The action as a place to report at: pointers are relative to it.
    pub(crate) fn site(&self) -> Site<'t> {
        Site::new(self.file, self.spans).under(&self.pointer)
    }
}

/// Every action in the tree, in a stable order (kind by kind, each record in
/// file order).
pub fn all_actions(tree: &Tree) -> Vec<ActionAt<'_>> {
    let mut out = Vec::new();
    for r in kinds::records(tree) {
        for list in r.actions {
            let parent = list.finding.unwrap_or(r.id);
            let at = list.actions.iter().enumerate().map(|(i, action)| ActionAt {
                file: r.file,
                spans: r.spans,
                pointer: format!("{}/action/{i}", list.parent_pointer),
                parent,
                action,
            });
            out.extend(at);
        }
    }
    out
}

/// Done dates agree with status (E080) and are not in the future (E081);
/// open actions past due (W002).
pub(super) fn check(cx: &mut CheckRun<'_>) {
    let (today, now) = (cx.today, cx.now);
    for at in all_actions(cx.tree) {
        let (a, site) = (at.action, at.site());
        let d = match (a.status, a.done) {
            (ActionStatus::Done, None) => site
                .value(
                    Code::DoneDate,
                    "/status",
                    format!("action {} is done but has no `done` date", a.id),
                )
                .help("add `done = YYYY-MM-DD`, the date it was completed"),
            (ActionStatus::Open | ActionStatus::Cancelled, Some(_)) => site
                .key(
                    Code::DoneDate,
                    "/done",
                    format!(
                        "action {} has a `done` date but its status is {}",
                        a.id, a.status
                    ),
                )
                .help("set `status = \"done\"`, or remove `done`"),
            (ActionStatus::Done, Some(done)) if done > now => site
                .value(
                    Code::DateOrder,
                    "/done",
                    format!(
                        "action {} is marked done on {done}, which is after today ({now})",
                        a.id
                    ),
                )
                .help("a done date cannot be in the future; correct the date"),
            _ if a.overdue(today) => site
                .value(
                    Code::ActionOverdue,
                    "/due",
                    format!(
                        "action {} ({}) was due on {}, {} days ago",
                        a.id,
                        at.parent,
                        a.due,
                        (today - a.due).num_days()
                    ),
                )
                .help(
                    "finish it (status = \"done\", done = date), re-plan it with a new `due`, \
                     or cancel it",
                ),
            _ => continue,
        };
        cx.push(d);
    }
}
