//! [`GitFs`]: an ISMS tree read straight from a commit's objects, for
//! `--at REV`. The working tree and the index are never looked at.

use std::io;
use std::path::Path;

use git2::{ErrorCode, FileMode, ObjectType, Repository, Tree, TreeEntry};

use crate::load::TreeFs;

/// The ISMS folder of one commit, as a [`TreeFs`].
pub struct GitFs<'r> {
    repo: &'r Repository,
    root: Tree<'r>,
}

impl<'r> GitFs<'r> {
    /// A view of `root`, the ISMS folder's tree in some commit.
    pub fn new(repo: &'r Repository, root: Tree<'r>) -> Self {
        GitFs { repo, root }
    }

    /// Whether `rel` is a regular file in the tree.
    pub fn is_file(&self, rel: &str) -> bool {
        matches!(self.entry(rel), Ok(Some(e)) if is_regular(&e))
    }

    fn entry(&self, rel: &str) -> io::Result<Option<TreeEntry<'static>>> {
        match self.root.get_path(Path::new(rel)) {
            Ok(e) => Ok(Some(e)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(io::Error::other(e)),
        }
    }
}

/// A blob with a regular file mode (not a symbolic link, not a submodule).
fn is_regular(entry: &TreeEntry<'_>) -> bool {
    entry.kind() == Some(ObjectType::Blob)
        && matches!(
            entry.filemode(),
            m if m == i32::from(FileMode::Blob) || m == i32::from(FileMode::BlobExecutable)
        )
}

impl TreeFs for GitFs<'_> {
    fn read(&self, rel: &str) -> io::Result<Option<Vec<u8>>> {
        let Some(entry) = self.entry(rel)? else {
            return Ok(None);
        };
        if entry.filemode() == i32::from(FileMode::Link) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("{rel} is a symbolic link in the commit; isms reads only regular files"),
            ));
        }
        if !is_regular(&entry) {
            return Ok(None);
        }
        let blob = self.repo.find_blob(entry.id()).map_err(io::Error::other)?;
        Ok(Some(blob.content().to_vec()))
    }

    fn list(&self, rel: &str) -> io::Result<Vec<String>> {
        let Some(entry) = self.entry(rel)? else {
            return Ok(Vec::new());
        };
        if entry.kind() != Some(ObjectType::Tree) {
            return Ok(Vec::new());
        }
        let tree = self.repo.find_tree(entry.id()).map_err(io::Error::other)?;
        let mut names: Vec<String> = tree
            .iter()
            .filter(is_regular)
            .filter_map(|e| e.name().ok().map(str::to_string))
            .collect();
        names.sort();
        Ok(names)
    }
}
