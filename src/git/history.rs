//! Revision history of every record, from ONE walk of the commits: each
//! commit's ISMS folder is compared with its first parent's, tree to tree
//! (folders with the same id are skipped without being read), and the commit
//! is attributed to every record it changed. A file's history starts at the
//! commit that added it; renames are not followed.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use anyhow::{Context, Result};
use git2::{Commit, ObjectType, Oid, Repository, Sort, Tree, TreeWalkMode, TreeWalkResult};
use serde::Serialize;

use super::{Repo, is_record_path, is_record_top, short_id, utc_date};

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
        // Like git itself (outside fsck), trust the object store instead of
        // re-hashing every object read: hashing was a third of the walk.
        git2::opts::strict_hash_verification(false);

        let mut walk = self.repo.revwalk().context("walking the history")?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .context("walking the history")?;
        walk.push(start.id()).context("walking the history")?;

        let mut pool: Vec<Revision> = Vec::new();
        let mut changed = Vec::new();
        let mut trees = TreeCache::new(&self.repo);
        for oid in walk {
            trees.next_commit();
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
            if first.map(git2::Tree::id) == tree.as_ref().map(git2::Tree::id) {
                continue;
            }
            changed.clear();
            changed_files(&mut trees, first, tree.as_ref(), "", &mut changed)?;
            let mut index: Option<usize> = None;
            for (path, new_id, added) in &changed {
                let Some(trail) = trails.get_mut(path) else {
                    continue;
                };
                if trail.complete {
                    continue;
                }
                // A merge changed a file only if it differs from every
                // parent; otherwise the change belongs to the merged commits.
                if parent_trees
                    .iter()
                    .skip(1)
                    .flatten()
                    .any(|t| blob_at(t, path) == Some(*new_id))
                {
                    continue;
                }
                let i = *index.get_or_insert_with(|| {
                    pool.push(revision(&commit));
                    pool.len() - 1
                });
                trail.revisions.push(i);
                if *added {
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
        if dir.is_empty() && !is_record_top(name.as_bytes()) {
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

/// Record files added or changed from `old` to `new` (either may be absent),
/// as (path, new blob id, added). Deletions are left out: a deleted file has
/// no history in the tree being dated. Both trees are in git's order, so one
/// merge pass compares them; subtrees with equal ids are not read.
fn changed_files(
    trees: &mut TreeCache<'_>,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    dir: &str,
    out: &mut Vec<(String, Oid, bool)>,
) -> Result<()> {
    let Some(new) = new else { return Ok(()) };
    let mut olds = old.into_iter().flat_map(|t| t.iter()).peekable();
    for n in new.iter() {
        let name = n.name_bytes();
        if dir.is_empty() && !is_record_top(name) {
            continue;
        }
        let n_tree = n.kind() == Some(ObjectType::Tree);
        // Skip old entries that sort before this one (deleted ones).
        let mut same = None;
        while let Some(o) = olds.peek() {
            let o_tree = o.kind() == Some(ObjectType::Tree);
            match git_order(o.name_bytes(), o_tree, name, n_tree) {
                Ordering::Less => {
                    olds.next();
                }
                Ordering::Equal => {
                    same = olds.next();
                    break;
                }
                Ordering::Greater => break,
            }
        }
        if same.as_ref().is_some_and(|o| o.id() == n.id()) {
            continue;
        }
        let Ok(name) = std::str::from_utf8(name) else {
            continue;
        };
        let path = format!("{dir}{name}");
        match n.kind() {
            Some(ObjectType::Tree) => {
                let sub_new = trees.get(n.id())?;
                let sub_old = match &same {
                    Some(o) => Some(trees.get(o.id())?),
                    None => None,
                };
                changed_files(
                    trees,
                    sub_old.as_ref(),
                    Some(&sub_new),
                    &format!("{path}/"),
                    out,
                )?;
            }
            Some(ObjectType::Blob) => out.push((path, n.id(), same.is_none())),
            _ => {}
        }
    }
    Ok(())
}

/// The folders read for this commit and the one before. Walking back, a
/// commit's parent is usually the next commit, so its folders (the "old"
/// side now, the "new" side next) are read once. libgit2 does not cache
/// trees over 4 KiB, and a folder of 5,000 records is about 200 KiB.
struct TreeCache<'r> {
    repo: &'r Repository,
    now: HashMap<Oid, Tree<'r>>,
    before: HashMap<Oid, Tree<'r>>,
}

impl<'r> TreeCache<'r> {
    fn new(repo: &'r Repository) -> Self {
        TreeCache {
            repo,
            now: HashMap::new(),
            before: HashMap::new(),
        }
    }

    /// Start on the next commit: keep only the last commit's folders.
    fn next_commit(&mut self) {
        self.before = std::mem::take(&mut self.now);
    }

    fn get(&mut self, id: Oid) -> Result<Tree<'r>> {
        let tree = match self.now.get(&id) {
            Some(t) => return Ok(t.clone()),
            None => match self.before.remove(&id) {
                Some(t) => t,
                None => self.repo.find_tree(id).context("reading a tree")?,
            },
        };
        self.now.insert(id, tree.clone());
        Ok(tree)
    }
}

/// Git's order of tree entries: by name, a folder's name read as if it
/// ended in `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> Ordering {
    let slash = |t: bool| if t { Some(&b'/') } else { None };
    a.iter()
        .chain(slash(a_tree))
        .cmp(b.iter().chain(slash(b_tree)))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_orders_folders_as_if_slashed() {
        // "a.b" < "a/" (folder a) because '.' < '/'; "a0" > "a/".
        assert_eq!(git_order(b"a.b", false, b"a", true), Ordering::Less);
        assert_eq!(git_order(b"a0", false, b"a", true), Ordering::Greater);
        assert_eq!(git_order(b"a", false, b"a", true), Ordering::Less);
        assert_eq!(git_order(b"risks", true, b"risks", true), Ordering::Equal);
    }
}
