//! Document control in the view model (ISO 27001 7.5.2, 7.5.3): each
//! record's created / last changed / revisions from git history, and whether
//! it has uncommitted changes. Built empty by [`view::build`](super::view::build)
//! and filled by [`Pack::attach_history`] so the view model stays usable
//! without git.

use serde::Serialize;

use super::view::Pack;
use crate::git::{History, Revision};

/// Document control of one record file. Outside git everything but `path`
/// is empty.
#[derive(Debug, Clone, Serialize, Default)]
pub struct DocControl {
    /// The file, relative to the ISMS root (`risks/R-007.md`, `soa.toml`).
    pub path: String,
    /// The commit that added the file.
    pub created: Option<Revision>,
    /// The latest commit that changed it.
    pub last_changed: Option<Revision>,
    /// Every commit that changed it, newest first.
    pub revisions: Vec<Revision>,
    /// It has uncommitted changes: the document is a draft.
    pub modified: bool,
}

impl DocControl {
    /// Empty document control of the file at `path`.
    pub fn of(path: &str) -> Self {
        DocControl {
            path: path.to_string(),
            ..DocControl::default()
        }
    }

    fn fill(&mut self, history: &History, modified: &[String]) {
        if let Some(h) = history.get(&self.path) {
            self.created = Some(h.created.clone());
            self.last_changed = Some(h.last_changed.clone());
            self.revisions = h.revisions.clone();
        }
        self.modified = modified.contains(&self.path);
    }
}

impl Pack {
    /// Fill every record's document control from `history`, and the draft
    /// flags from the stamp's modified files; keep the whole history in
    /// [`Pack::history`].
    pub fn attach_history(&mut self, history: &History) {
        let modified = self.stamp.modified.clone();
        self.soa.doc_control.fill(history, &modified);
        for r in &mut self.risks {
            r.doc_control.fill(history, &modified);
        }
        for a in &mut self.audits {
            a.doc_control.fill(history, &modified);
        }
        for r in &mut self.reviews {
            r.doc_control.fill(history, &modified);
        }
        for i in &mut self.incidents {
            i.doc_control.fill(history, &modified);
        }
        self.history = history.docs.clone();
    }
}
