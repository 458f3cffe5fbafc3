//! The checker: every rule the standard and the record format imply, run over
//! a loaded [`Tree`]. Each family of rules lives in its own module; all of them
//! run, so one pass reports every mistake. Checks never panic on odd data:
//! they read only what the loader accepted.

mod audits;
mod ids;
mod incidents;
mod references;
mod reviews;
mod risks;
mod soa;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::diag::{Code, Diagnostic, FileId};
use crate::load::{Record, SpanMap, Tree};
use crate::model::{Action, ActionStatus};

/// Options for a check run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The date warnings are judged against.
    pub today: NaiveDate,
}

/// Run every check; the diagnostics are unsorted.
pub fn check(tree: &Tree, opts: Options) -> Vec<Diagnostic> {
    let index = Index::build(tree);
    let mut cx = Cx {
        tree,
        index: &index,
        today: opts.today,
        diags: Vec::new(),
    };
    ids::check(&mut cx);
    references::check(&mut cx);
    risks::check(&mut cx);
    soa::check(&mut cx);
    audits::check(&mut cx);
    reviews::check(&mut cx);
    incidents::check(&mut cx);
    actions(&mut cx);
    cx.diags
}

/// Lookups built once per run, so no rule is quadratic in the record count.
pub struct Index<'t> {
    /// Person ids from isms.toml.
    pub people: HashSet<&'t str>,
    /// Risk id to record.
    pub risks: HashMap<&'t str, &'t Record<crate::model::Risk>>,
    /// SoA entries by control id (first occurrence).
    pub soa: HashMap<&'t str, usize>,
}

impl<'t> Index<'t> {
    /// Build the lookups.
    pub fn build(tree: &'t Tree) -> Self {
        let people = tree
            .config
            .iter()
            .flat_map(|c| c.data.person.iter().map(|p| p.id.as_str()))
            .collect();
        let risks = tree.risks.iter().map(|r| (r.data.id.as_str(), r)).collect();
        let mut soa = HashMap::new();
        if let Some(s) = &tree.soa {
            for (i, c) in s.data.control.iter().enumerate() {
                soa.entry(c.id.as_str()).or_insert(i);
            }
        }
        Index { people, risks, soa }
    }
}

/// The state of a check run.
pub(crate) struct Cx<'t> {
    pub tree: &'t Tree,
    pub index: &'t Index<'t>,
    pub today: NaiveDate,
    pub diags: Vec<Diagnostic>,
}

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

/// Every action in the tree, in a stable order (risks, audits, reviews, incidents).
pub fn all_actions(tree: &Tree) -> Vec<ActionAt<'_>> {
    fn push<'t>(
        out: &mut Vec<ActionAt<'t>>,
        file: FileId,
        spans: &'t SpanMap,
        prefix: &str,
        parent: &'t str,
        actions: &'t [Action],
    ) {
        out.extend(actions.iter().enumerate().map(|(i, action)| ActionAt {
            file,
            spans,
            pointer: format!("{prefix}/action/{i}"),
            parent,
            action,
        }));
    }
    let mut out = Vec::new();
    for r in &tree.risks {
        push(&mut out, r.file, &r.spans, "", &r.data.id, &r.data.action);
    }
    for r in &tree.audits {
        for (f, finding) in r.data.finding.iter().enumerate() {
            let prefix = format!("/finding/{f}");
            push(
                &mut out,
                r.file,
                &r.spans,
                &prefix,
                &finding.id,
                &finding.action,
            );
        }
    }
    for r in &tree.reviews {
        push(&mut out, r.file, &r.spans, "", &r.data.id, &r.data.action);
    }
    for r in &tree.incidents {
        push(&mut out, r.file, &r.spans, "", &r.data.id, &r.data.action);
    }
    out
}

/// Actions: done dates agree with status; open actions past due.
fn actions(cx: &mut Cx<'_>) {
    for at in all_actions(cx.tree) {
        let a = at.action;
        match (a.status, a.done) {
            (ActionStatus::Done, None) => cx.diags.push(
                Diagnostic::new(
                    Code::DoneDate,
                    Some(at.file),
                    at.spans.value(&format!("{}/status", at.pointer)),
                    format!("action {} is done but has no `done` date", a.id),
                )
                .help("add `done = YYYY-MM-DD`, the date it was completed"),
            ),
            (ActionStatus::Open | ActionStatus::Cancelled, Some(_)) => cx.diags.push(
                Diagnostic::new(
                    Code::DoneDate,
                    Some(at.file),
                    at.spans.key(&format!("{}/done", at.pointer)),
                    format!("action {} has a `done` date but its status is {}", a.id, a.status),
                )
                .help("set `status = \"done\"`, or remove `done`"),
            ),
            (ActionStatus::Done, Some(done)) if done > cx.today => cx.diags.push(
                Diagnostic::new(
                    Code::DateOrder,
                    Some(at.file),
                    at.spans.value(&format!("{}/done", at.pointer)),
                    format!("action {} is marked done on {done}, which is after today ({})", a.id, cx.today),
                )
                .help("a done date cannot be in the future; correct the date"),
            ),
            (ActionStatus::Open, _) if a.due < cx.today => cx.diags.push(
                Diagnostic::new(
                    Code::ActionOverdue,
                    Some(at.file),
                    at.spans.value(&format!("{}/due", at.pointer)),
                    format!("action {} ({}) was due on {}, {} days ago", a.id, at.parent, a.due, (cx.today - a.due).num_days()),
                )
                .help("finish it (status = \"done\", done = date), re-plan it with a new `due`, or cancel it"),
            ),
            _ => {}
        }
    }
}

impl Cx<'_> {
    /// Report a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }
}
