//! Document control in the view model (ISO 27001 7.5.2, 7.5.3): each
//! record's created / last changed / revisions from git history, and whether
//! it has uncommitted changes. Outside git only the path is known.

use serde::Serialize;

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
    /// Document control of the file at `path` from `history`, a draft when
    /// `modified` names it.
    pub fn new(path: &str, history: &History, modified: &[String]) -> Self {
        let h = history.get(path);
        DocControl {
            path: path.to_string(),
            created: h.map(|h| h.created.clone()),
            last_changed: h.map(|h| h.last_changed.clone()),
            revisions: h.map(|h| h.revisions.clone()).unwrap_or_default(),
            modified: modified.iter().any(|m| m == path),
        }
    }
}
