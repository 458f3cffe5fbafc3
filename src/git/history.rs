//! Revision history of every record, from ONE walk of the commits: each
//! commit's ISMS folder is diffed against its first parent's (tree to tree,
//! so unchanged folders are skipped by id) and the commit is attributed to
//! every record it changed. A file's history starts at the commit that added
//! it; renames are not followed.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context, Result};
use git2::{Commit, Delta, DiffOptions, ObjectType, Oid, Sort, TreeWalkMode, TreeWalkResult};
use serde::Serialize;

use super::{RECORD_PATHS, Repo, is_record_path, short_id, utc_date};

/// One commit as a revision of a document.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Revision {
    /// Full commit id.
    pub commit: String,
    /// First seven hex digits of the id.
    pub short: String,
    /// Author date, UTC, `YYYY-MM-DD`.
    pub date: String,
    /// Author name.
    pub author: String,
    /// First line of the commit message.
    pub subject: String,
}

/// Document control of one file: when it was created and every revision.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocHistory {
    /// The commit that added the file.
    pub created: Revision,
    /// The latest commit that changed it.
    pub last_changed: Revision,
    /// Every commit that changed it, newest first.
    pub revisions: Vec<Revision>,
}

/// The history of every record file, keyed by path relative to the ISMS
/// root (`risks/R-007.md`, `soa.toml`).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct History {
    /// Per file.
    pub docs: BTreeMap<String, DocHistory>,
}

impl History {
    /// The history of the file at `rel`, if it has one.
    pub fn get(&self, rel: &str) -> Option<&DocHistory> {
        self.docs.get(rel)
    }
}

/// What the walk knows of one file.
#[derive(Default)]
struct Trail {
    /// Indexes into the revision pool, newest first.
    revisions: Vec<usize>,
    /// Reached the commit that added it: older commits are another life.
    complete: bool,
}

impl Repo {
    /// The history of every record file in the tree at `at` (HEAD when None),
    /// from one walk of the commits reachable from it.
    pub fn history(&self, at: Option<&str>) -> Result<History> {
        let Some(start) = self.commit(at)? else {
            return Ok(History::default());
        };
        let Some(start_tree) = self.isms_tree(&start)? else {
            return Ok(History::default());
        };
        let mut trails = tracked_files(&start_tree)?;

        let mut walk = self.repo.revwalk().context("walking the history")?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .context("walking the history")?;
        walk.push(start.id()).context("walking the history")?;

        let mut pool: Vec<Revision> = Vec::new();
        let mut opts = DiffOptions::new();
        opts.skip_binary_check(true).ignore_submodules(true);
        for p in RECORD_PATHS {
            opts.pathspec(p);
        }
        for oid in walk {
            let commit = self
                .repo
                .find_commit(oid.context("walking the history")?)
                .context("reading a commit")?;
            let tree = self.isms_tree(&commit)?;
            let parents: Vec<Commit<'_>> = commit.parents().collect();
            let mut parent_trees = Vec::with_capacity(parents.len());
            for p in &parents {
                parent_trees.push(self.isms_tree(p)?);
            }
            let first = parent_trees.first().and_then(Option::as_ref);
            if first.map(|t| t.id()) == tree.as_ref().map(|t| t.id()) {
                continue;
            }
            let diff = self
                .repo
                .diff_tree_to_tree(first, tree.as_ref(), Some(&mut opts))
                .context("comparing a commit with its parent")?;
            let mut index: Option<usize> = None;
            for delta in diff.deltas() {
                let Some(path) = delta
                    .new_file()
                    .path()
                    .or_else(|| delta.old_file().path())
                    .and_then(|p| p.to_str())
                else {
                    continue;
                };
                let Some(trail) = trails.get_mut(path) else {
                    continue;
                };
                if trail.complete || delta.status() == Delta::Deleted {
                    continue;
                }
                // A merge changed a file only if it differs from every
                // parent; otherwise the change belongs to the merged commits.
                let new_id = delta.new_file().id();
                if parent_trees
                    .iter()
                    .skip(1)
                    .flatten()
                    .any(|t| blob_at(t, path) == Some(new_id))
                {
                    continue;
                }
                let i = *index.get_or_insert_with(|| {
                    pool.push(revision(&commit));
                    pool.len() - 1
                });
                trail.revisions.push(i);
                if delta.status() == Delta::Added {
                    trail.complete = true;
                }
            }
        }

        let docs = trails
            .into_iter()
            .filter_map(|(path, trail)| {
                let revisions: Vec<Revision> =
                    trail.revisions.iter().map(|&i| pool[i].clone()).collect();
                Some((
                    path,
                    DocHistory {
                        created: revisions.last()?.clone(),
                        last_changed: revisions.first()?.clone(),
                        revisions,
                    },
                ))
            })
            .collect();
        Ok(History { docs })
    }
}

/// Every record file in the ISMS folder's tree, with an empty trail.
fn tracked_files(root: &git2::Tree<'_>) -> Result<HashMap<String, Trail>> {
    let mut files = HashMap::new();
    root.walk(TreeWalkMode::PreOrder, |dir, entry| {
        let Ok(name) = entry.name() else {
            return TreeWalkResult::Skip;
        };
        if dir.is_empty() && !RECORD_PATHS.contains(&name) {
            return TreeWalkResult::Skip;
        }
        if entry.kind() == Some(ObjectType::Blob) {
            let path = format!("{dir}{name}");
            if is_record_path(&path) {
                files.insert(path, Trail::default());
            }
        }
        TreeWalkResult::Ok
    })
    .context("listing the ISMS folder")?;
    Ok(files)
}

fn blob_at(tree: &git2::Tree<'_>, path: &str) -> Option<Oid> {
    tree.get_path(std::path::Path::new(path))
        .ok()
        .filter(|e| e.kind() == Some(ObjectType::Blob))
        .map(|e| e.id())
}

fn revision(commit: &Commit<'_>) -> Revision {
    let author = commit.author();
    Revision {
        commit: commit.id().to_string(),
        short: short_id(commit.id()),
        date: utc_date(author.when()),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        subject: commit
            .summary_bytes()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default(),
    }
}
