//! Where a tree's files come from: the working directory, or (for `--at REV`)
//! a git commit. The loader asks only for the files of the record format, by
//! path relative to the ISMS root, so no record can make it read elsewhere.

use std::io;
use std::path::{Path, PathBuf};

#[cfg(doc)]
use super::evidence_files::check_path;
use super::evidence_files::{FileStamp, FileState, HashCache, sha256_file, sha256_hex};

/// A read-only view of an ISMS tree.
pub trait TreeFs {
    /// The bytes of a file at `rel` (relative, `/`-separated), or None if absent.
    fn read(&self, rel: &str) -> io::Result<Option<Vec<u8>>>;
    /// The regular files directly inside directory `rel`.
    fn list(&self, rel: &str) -> io::Result<Listing>;
    /// An id of the content of the file at `rel` that changes whenever the
    /// content does (a git blob id), if this reader knows one without
    /// reading the file: what [`super::ParseCache`] keys parsed records by.
    fn content_key(&self, _rel: &str) -> Option<Vec<u8>> {
        None
    }
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

/// The regular files of one folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Their names, sorted.
    pub names: Vec<String>,
    /// Names that are not UTF-8, shown lossily (U+FFFD for each bad
    /// byte), sorted: no record can be named by them, so they are reported.
    pub not_utf8: Vec<String>,
}

/// The largest record file isms reads (1 MiB): hundreds of pages of text.
/// A bigger one is almost always a pasted log or an export, and would make
/// every render crawl; it is reported instead of read.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

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
}

impl TreeFs for DiskFs {
    /// A file that vanished since it was listed reads as absent; one
    /// larger than [`MAX_RECORD_BYTES`] is an `io::ErrorKind::FileTooLarge`
    /// error, not read. The file is read by its resolved path, the one
    /// found to lie inside the tree.
    fn read(&self, rel: &str) -> io::Result<Option<Vec<u8>>> {
        let path = self.root.join(rel);
        let meta = match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => m,
            Ok(_) => return Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let real = match path.canonicalize() {
            Ok(p) if p.starts_with(&self.canonical_root) => p,
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    format!("{rel} is a link to a file outside the ISMS tree"),
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        if meta.len() > MAX_RECORD_BYTES {
            return Err(too_large(rel, meta.len()));
        }
        match std::fs::read(&real) {
            Ok(bytes) if bytes.len() as u64 > MAX_RECORD_BYTES => {
                Err(too_large(rel, bytes.len() as u64))
            }
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
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
                    let stamp = FileStamp::of(&m);
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

    fn list(&self, rel: &str) -> io::Result<Listing> {
        let dir = self.root.join(rel);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Listing::default()),
            Err(e) => return Err(e),
        };
        let mut listing = Listing::default();
        for entry in entries {
            let entry = entry?;
            if !entry.path().is_file() {
                continue;
            }
            let name = entry.file_name();
            match name.to_str() {
                Some(name) => listing.names.push(name.to_string()),
                None => listing.not_utf8.push(name.to_string_lossy().into_owned()),
            }
        }
        listing.names.sort();
        listing.not_utf8.sort();
        Ok(listing)
    }
}

/// The error for a record of `len` bytes, over [`MAX_RECORD_BYTES`].
pub fn too_large(rel: &str, len: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "{rel} is {:.1} MiB; records larger than {} MiB are not read",
            len as f64 / (1u64 << 20) as f64,
            MAX_RECORD_BYTES >> 20
        ),
    )
}

/// A file to hash: its slot, its real path and the stamp it had.
type Todo = (usize, PathBuf, FileStamp);

/// Hash files on up to four threads; results in no particular order.
fn hash_all(todo: Vec<Todo>) -> Vec<(usize, PathBuf, FileStamp, io::Result<String>)> {
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
