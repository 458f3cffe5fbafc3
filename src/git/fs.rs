//! [`GitFs`]: an ISMS tree read straight from a commit's objects, for
//! `--at REV`. The working tree and the index are never looked at.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::path::Path;

use git2::{ErrorCode, FileMode, ObjectType, Oid, Repository, Tree, TreeEntry};

use crate::load::{Listing, MAX_RECORD_BYTES, TreeFs, too_large};

/// The ISMS folder of one commit, as a [`TreeFs`].
pub struct GitFs<'r> {
    repo: &'r Repository,
    root: Tree<'r>,
    /// Folders already looked up, so reading a thousand records of one
    /// folder finds the folder once.
    dirs: RefCell<HashMap<String, Option<Tree<'r>>>>,
}

/// What the loader needs of one tree entry.
struct Entry {
    id: Oid,
    kind: Option<ObjectType>,
    mode: i32,
}

impl Entry {
    fn of(e: &TreeEntry<'_>) -> Self {
        Entry {
            id: e.id(),
            kind: e.kind(),
            mode: e.filemode(),
        }
    }

    /// A blob with a regular file mode (not a symbolic link, not a submodule).
    fn is_regular(&self) -> bool {
        self.kind == Some(ObjectType::Blob)
            && (self.mode == i32::from(FileMode::Blob)
                || self.mode == i32::from(FileMode::BlobExecutable))
    }
}

impl<'r> GitFs<'r> {
    /// A view of `root`, the ISMS folder's tree in some commit.
    pub fn new(repo: &'r Repository, root: Tree<'r>) -> Self {
        GitFs {
            repo,
            root,
            dirs: RefCell::new(HashMap::new()),
        }
    }

    /// Whether `rel` is a regular file in the tree.
    pub fn is_file(&self, rel: &str) -> bool {
        matches!(self.entry(rel), Ok(Some(e)) if e.is_regular())
    }

    /// The folder at `dir` ("" for the root), if there is one.
    fn with_dir<T>(&self, dir: &str, f: impl FnOnce(&Tree<'r>) -> T) -> io::Result<Option<T>> {
        if dir.is_empty() {
            return Ok(Some(f(&self.root)));
        }
        let mut dirs = self.dirs.borrow_mut();
        if !dirs.contains_key(dir) {
            let tree = match self.root.get_path(Path::new(dir)) {
                Ok(e) if e.kind() == Some(ObjectType::Tree) => {
                    Some(self.repo.find_tree(e.id()).map_err(io::Error::other)?)
                }
                Ok(_) => None,
                Err(e) if e.code() == ErrorCode::NotFound => None,
                Err(e) => return Err(io::Error::other(e)),
            };
            dirs.insert(dir.to_string(), tree);
        }
        Ok(dirs.get(dir).and_then(Option::as_ref).map(f))
    }

    fn entry(&self, rel: &str) -> io::Result<Option<Entry>> {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        Ok(self
            .with_dir(dir, |t| t.get_name(name).map(|e| Entry::of(&e)))?
            .flatten())
    }
}

impl TreeFs for GitFs<'_> {
    fn content_key(&self, rel: &str) -> Option<Vec<u8>> {
        let entry = self.entry(rel).ok().flatten()?;
        entry.is_regular().then(|| entry.id.as_bytes().to_vec())
    }

    fn read(&self, rel: &str) -> io::Result<Option<Vec<u8>>> {
        let Some(entry) = self.entry(rel)? else {
            return Ok(None);
        };
        if entry.mode == i32::from(FileMode::Link) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("{rel} is a symbolic link in the commit; isms reads only regular files"),
            ));
        }
        if !entry.is_regular() {
            return Ok(None);
        }
        let blob = self.repo.find_blob(entry.id).map_err(io::Error::other)?;
        if blob.size() as u64 > MAX_RECORD_BYTES {
            return Err(too_large(rel, blob.size() as u64));
        }
        Ok(Some(blob.content().to_vec()))
    }

    fn list(&self, rel: &str) -> io::Result<Listing> {
        let mut listing = self
            .with_dir(rel.trim_end_matches('/'), |t| {
                let mut listing = Listing::default();
                for e in t.iter().filter(|e| Entry::of(e).is_regular()) {
                    match e.name() {
                        Ok(name) => listing.names.push(name.to_string()),
                        Err(_) => listing
                            .not_utf8
                            .push(String::from_utf8_lossy(e.name_bytes()).into_owned()),
                    }
                }
                listing
            })?
            .unwrap_or_default();
        listing.names.sort();
        listing.not_utf8.sort();
        Ok(listing)
    }
}
