//! Where a tree's files come from: the working directory, or (for `--at REV`)
//! a git commit. The loader asks only for the files of the record format, by
//! path relative to the ISMS root, so no record can make it read elsewhere.

use std::io;
use std::path::{Path, PathBuf};

/// A read-only view of an ISMS tree.
pub trait TreeFs {
    /// The bytes of a file at `rel` (relative, `/`-separated), or None if absent.
    fn read(&self, rel: &str) -> io::Result<Option<Vec<u8>>>;
    /// Names of the regular files directly inside directory `rel`, sorted.
    fn list(&self, rel: &str) -> io::Result<Vec<String>>;
}

/// A tree on disk.
#[derive(Debug, Clone)]
pub struct DiskFs {
    root: PathBuf,
    canonical_root: PathBuf,
}

impl DiskFs {
    /// A view of the directory `root`.
    pub fn new(root: &Path) -> io::Result<Self> {
        Ok(DiskFs {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize()?,
        })
    }

    /// Whether `path` resolves (symlinks followed) to somewhere inside the root.
    fn inside(&self, path: &Path) -> bool {
        path.canonicalize()
            .map(|p| p.starts_with(&self.canonical_root))
            .unwrap_or(false)
    }
}

impl TreeFs for DiskFs {
    fn read(&self, rel: &str) -> io::Result<Option<Vec<u8>>> {
        let path = self.root.join(rel);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => return Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        }
        if !self.inside(&path) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("{rel} is a link to a file outside the ISMS tree"),
            ));
        }
        std::fs::read(&path).map(Some)
    }

    fn list(&self, rel: &str) -> io::Result<Vec<String>> {
        let dir = self.root.join(rel);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry?;
            if entry.path().is_file()
                && let Some(name) = entry.file_name().to_str()
            {
                names.push(name.to_string());
            }
        }
        names.sort();
        Ok(names)
    }
}
