//! The checker: every rule the standard and the record format imply, run over
//! a loaded [`Tree`]. Each family of codes (see `isms explain`) lives in its
//! own module, named after the family; all of them run, so one pass reports
//! every mistake. Checks never panic on odd data: they read only what the
//! loader accepted.
//!
//! Rules report through a [`Site`]: a file, its spans and a JSON pointer
//! prefix, so a rule names only the pointer, the code and the message.

mod actions;
mod assets;
mod audits;
mod awareness;
mod context;
mod dates;
mod documents;
mod evidence;
mod ids;
mod incidents;
mod objectives;
mod obligations;
mod people;
pub mod references;
mod reviews;
mod risks;
mod setup;
mod soa;
mod soc2;
mod suppliers;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;

pub use actions::{ActionAt, all_actions};
pub use documents::{
    DocumentCommit, MandatoryItem, changed_after_approval, edited_after_approval, mandatory_map,
    text_in_force,
};
pub use references::{Resolver, Unknown};

use crate::diag::{Code, Diagnostic, FileId};
use crate::load::{Record, SpanMap, Tree, kinds};
use crate::schema::Kind;

/// Options for a check run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The date warnings are judged against.
    pub today: NaiveDate,
    /// The last day anything recorded can have happened on (`--today`, else
    /// the system date): a date of a past event after it is an error
    /// (E081). A build judges its warnings as of the commit's date, but a
    /// record dated the day after that commit (another time zone, an older
    /// tag) did not happen in the future.
    pub now: NaiveDate,
}

/// Run every check; the diagnostics are unsorted.
pub fn check(tree: &Tree, opts: Options) -> Vec<Diagnostic> {
    let index = Index::build(tree);
    let mut cx = CheckRun {
        tree,
        index: &index,
        today: opts.today,
        now: opts.now,
        diags: Vec::new(),
    };
    ids::check(&mut cx);
    references::check(&mut cx);
    risks::check(&mut cx);
    soa::check(&mut cx);
    audits::check(&mut cx);
    reviews::check(&mut cx);
    incidents::check(&mut cx);
    actions::check(&mut cx);
    evidence::check(&mut cx);
    soc2::check(&mut cx);
    setup::check(&mut cx);
    documents::check(&mut cx);
    assets::check(&mut cx);
    suppliers::check(&mut cx);
    obligations::check(&mut cx);
    objectives::check(&mut cx);
    context::check(&mut cx);
    dates::check(&mut cx);
    people::check(&mut cx);
    awareness::check(&mut cx);
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
    /// The ids of each kind's records.
    pub ids: HashMap<Kind, HashSet<&'t str>>,
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
        let mut ids: HashMap<Kind, HashSet<&str>> = HashMap::new();
        for r in kinds::records(tree) {
            ids.entry(r.spec.schema).or_default().insert(r.id);
        }
        Index {
            people,
            risks,
            soa,
            ids,
        }
    }
}

/// The state of a check run: the tree, its lookups, the date rules judge
/// against, and the diagnostics so far. Every rule takes it (as `cx`).
pub(crate) struct CheckRun<'t> {
    pub tree: &'t Tree,
    pub index: &'t Index<'t>,
    pub today: NaiveDate,
    pub now: NaiveDate,
    pub diags: Vec<Diagnostic>,
}

impl CheckRun<'_> {
    /// Report a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// The 1-based line a span starts on in `file`.
    pub fn line(&self, file: FileId, span: &Range<usize>) -> usize {
        self.tree.sources.get(file).line_col(span.start).0
    }
}

/// Where a rule reports: a file, its spans, and a JSON pointer prefix that
/// every pointer given to it is appended to ("" for the whole record,
/// "/finding/0/action/1" for one action). The diagnostic's severity is the
/// code's own.
#[derive(Debug, Clone)]
pub struct Site<'s> {
    /// The file.
    pub file: FileId,
    /// The file's spans.
    pub spans: &'s SpanMap,
    /// Prepended to every pointer, e.g. "/control/3".
    pub prefix: String,
}

impl<'s> Site<'s> {
    /// A whole file.
    pub fn new(file: FileId, spans: &'s SpanMap) -> Self {
        Site {
            file,
            spans,
            prefix: String::new(),
        }
    }

    /// A whole record.
    pub fn of<T>(record: &'s Record<T>) -> Self {
        Site::new(record.file, &record.spans)
    }

    /// The part of the file under `ptr`, e.g. `soa.under("/control/3")`.
    pub fn under(&self, ptr: &str) -> Self {
        Site {
            file: self.file,
            spans: self.spans,
            prefix: self.pointer(ptr),
        }
    }

    /// The full pointer of `ptr` (the prefix, then `ptr`).
    pub fn pointer(&self, ptr: &str) -> String {
        format!("{}{ptr}", self.prefix)
    }

    /// Whether `ptr` exists in the file.
    pub fn has(&self, ptr: &str) -> bool {
        self.spans.has(&self.pointer(ptr))
    }

    /// The span of the value at `ptr` (or its nearest ancestor).
    pub fn value_span(&self, ptr: &str) -> Range<usize> {
        self.spans.value(&self.pointer(ptr))
    }

    /// The span of the key at `ptr` (or its value, or its nearest ancestor).
    pub fn key_span(&self, ptr: &str) -> Range<usize> {
        self.spans.key(&self.pointer(ptr))
    }

    /// A diagnostic underlining the value at `ptr`.
    pub fn value(&self, code: Code, ptr: &str, message: impl Into<String>) -> Diagnostic {
        self.span(code, self.value_span(ptr), message)
    }

    /// A diagnostic underlining the key at `ptr`.
    pub fn key(&self, code: Code, ptr: &str, message: impl Into<String>) -> Diagnostic {
        self.span(code, self.key_span(ptr), message)
    }

    /// A diagnostic underlining `span` of the file.
    pub fn span(&self, code: Code, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Some(self.file), span, message)
    }
}
