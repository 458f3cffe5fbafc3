//! Where a tree's files come from: the working directory, or (for `--at REV`)
//! a git commit. The loader asks only for the files of the record format, by
//! path relative to the ISMS root, so no record can make it read elsewhere.

use std::io;
use std::path::{Path, PathBuf};

#[cfg(doc)]
use super::evidence_files::check_path;
use super::evidence_files::{FileState, HashCache, Stamp, sha256_file, sha256_hex};

/// A read-only view of an ISMS tree.
pub trait TreeFs {
    /// The bytes of a file at `rel` (relative, `/`-separated), or None if absent.
    fn read(&self, rel: &str) -> io::Result<Option<Vec<u8>>>;
    /// Names of the regular files directly inside directory `rel`, sorted.
    fn list(&self, rel: &str) -> io::Result<Vec<String>>;
    /// What each of `rels` (paths that passed [`check_path`]) holds now:
    /// the sha256 of its content, or why there is none.
    fn digests(&self, rels: &[String]) -> Vec<FileState> {
        rels.iter()
            .map(|rel| match self.read(rel) {
                Ok(Some(bytes)) => FileState::Hash(sha256_hex(&bytes)),
                Ok(None) => FileState::Missing,
                Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                    FileState::Outside(e.to_string())
                }
                Err(e) => FileState::Unreadable(e.to_string()),
            })
            .collect()
    }
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

    /// Hashes through the tree's [`HashCache`]: only files whose stamp
    /// changed are read, on a few threads.
    fn digests(&self, rels: &[String]) -> Vec<FileState> {
        let mut cache = HashCache::open(&self.canonical_root);
        let now = std::time::SystemTime::now();
        let mut out: Vec<Option<FileState>> = vec![None; rels.len()];
        let mut todo = Vec::new();
        for (i, rel) in rels.iter().enumerate() {
            let path = self.root.join(rel);
            let real = match path.canonicalize() {
                Ok(p) => p,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    out[i] = Some(FileState::Missing);
                    continue;
                }
                Err(e) => {
                    out[i] = Some(FileState::Unreadable(e.to_string()));
                    continue;
                }
            };
            if !real.starts_with(&self.canonical_root) {
                out[i] = Some(FileState::Outside(
                    "it is a symbolic link to a file outside the ISMS tree".to_string(),
                ));
                continue;
            }
            match std::fs::metadata(&real) {
                Ok(m) if m.is_file() => {
                    let stamp = Stamp::of(&m);
                    match cache.get(&real, stamp) {
                        Some(h) => out[i] = Some(FileState::Hash(h.to_string())),
                        None => todo.push((i, real, stamp)),
                    }
                }
                Ok(_) => out[i] = Some(FileState::Missing),
                Err(e) => out[i] = Some(FileState::Unreadable(e.to_string())),
            }
        }
        for (i, real, stamp, hashed) in hash_all(todo) {
            match hashed {
                Ok(h) => {
                    cache.put(real, stamp, h.clone(), now);
                    out[i] = Some(FileState::Hash(h));
                }
                Err(e) => {
                    cache.forget(&real);
                    out[i] = Some(FileState::Unreadable(e.to_string()));
                }
            }
        }
        cache.save();
        out.into_iter()
            .map(|s| s.unwrap_or(FileState::Missing))
            .collect()
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

/// A file to hash: its slot, its real path and the stamp it had.
type Todo = (usize, PathBuf, Stamp);

/// Hash files on up to four threads; results in no particular order.
fn hash_all(todo: Vec<Todo>) -> Vec<(usize, PathBuf, Stamp, io::Result<String>)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 4)
        .min(todo.len().max(1));
    if threads <= 1 {
        return todo
            .into_iter()
            .map(|(i, p, s)| {
                let h = sha256_file(&p);
                (i, p, s, h)
            })
            .collect();
    }
    let queue = std::sync::Mutex::new(todo);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let next = queue.lock().ok().and_then(|mut q| q.pop());
                        let Some((i, p, s)) = next else { break };
                        let h = sha256_file(&p);
                        done.push((i, p, s, h));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    })
}
