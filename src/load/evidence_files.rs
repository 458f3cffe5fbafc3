//! The files evidence collections and suppliers' certifications record:
//! whether each path stays inside the tree, and the sha256 of what it holds
//! now, which the checker compares with the recorded hash.
//!
//! Hashing thousands of large files on every check would be slow, so a tree
//! on disk keeps a cache, the way git's index does: a file whose size,
//! modification time (and, on Unix, change time and inode) are those of
//! its cached entry is not read again. The cache lives outside the records
//! (`.git/isms/hash-cache` when the tree is in a git repository, else the
//! user's cache folder); it is only ever a shortcut: a file with any of
//! those changed is hashed again, and an entry too recent to tell a later
//! same-second change from the cached one is never stored. Files under
//! 64 KiB are not cached: hashing them costs no more than the lookup.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use super::{Record, TreeFs};
use crate::model::Evidence;

/// What a recorded evidence path holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// A regular file inside the tree, with the sha256 of its content.
    Hash(String),
    /// No such file.
    Missing,
    /// The path leads outside the tree (why).
    Outside(String),
    /// It could not be read (the error).
    Unreadable(String),
}

/// Whether a recorded path stays inside the tree by its shape: relative,
/// `/`-separated, no `.` or `..` parts. (Symbolic links are judged when the
/// file is read.)
pub fn check_path(rel: &str) -> Result<(), &'static str> {
    if rel.is_empty() {
        return Err("the path is empty");
    }
    if rel.starts_with('/') || rel.contains('\\') || rel.as_bytes().get(1) == Some(&b':') {
        return Err("the path is absolute; evidence files are named relative to the ISMS root");
    }
    if rel.split('/').any(|p| p == "..") {
        return Err("the path climbs out with `..`; evidence files must lie inside the ISMS tree");
    }
    if rel.split('/').any(|p| p.is_empty() || p == ".") {
        return Err("the path has an empty or `.` part; write it as `folder/file`");
    }
    Ok(())
}

/// The lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The sha256 of a file on disk, read in chunks.
pub(crate) fn sha256_file(path: &Path) -> io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// The state of every file the evidence records name, and of the `others`
/// (suppliers' and competence certificates), by recorded path.
pub(super) fn states<'p>(
    fs: &dyn TreeFs,
    records: &'p [Record<Evidence>],
    others: impl Iterator<Item = &'p String>,
) -> BTreeMap<String, FileState> {
    let mut out = BTreeMap::new();
    let mut wanted = Vec::new();
    let collected = records
        .iter()
        .flat_map(|r| r.data.collection.iter().flat_map(|c| c.files.iter()))
        .map(|f| &f.path);
    for path in collected.chain(others) {
        if out.contains_key(path) || wanted.contains(path) {
            continue;
        }
        match check_path(path) {
            Ok(()) => wanted.push(path.clone()),
            Err(why) => {
                out.insert(path.clone(), FileState::Outside(why.to_string()));
            }
        }
    }
    let states = fs.digests(&wanted);
    out.extend(wanted.into_iter().zip(states));
    out
}

/// One cached hash and what the file looked like when it was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    stamp: FileStamp,
    sha256: String,
}

/// What identifies a file's version without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileStamp {
    size: u64,
    mtime: u128,
    ctime: u128,
    ino: u64,
}

impl FileStamp {
    pub(crate) fn of(m: &std::fs::Metadata) -> FileStamp {
        let nanos = |t: io::Result<SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos())
        };
        #[cfg(unix)]
        let (ctime, ino) = {
            use std::os::unix::fs::MetadataExt;
            let secs = u128::try_from(m.ctime()).unwrap_or(0);
            let ns = u128::try_from(m.ctime_nsec()).unwrap_or(0);
            (secs * 1_000_000_000 + ns, m.ino())
        };
        #[cfg(not(unix))]
        let (ctime, ino) = (0, 0);
        FileStamp {
            size: m.len(),
            mtime: nanos(m.modified()),
            ctime,
            ino,
        }
    }

    /// Whether the file changed so recently that a change within the same
    /// clock tick could go unseen: such a hash is not cached.
    fn racy(&self, now: SystemTime) -> bool {
        let limit = now
            .checked_sub(Duration::from_secs(2))
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        self.mtime >= limit || self.ctime >= limit
    }
}

const HEADER: &str = "isms hash cache v1";

/// Files smaller than this are hashed as fast as they are looked up: not
/// cached (so small trees never write a cache at all).
const MIN_CACHED: u64 = 64 * 1024;

/// The hash cache of a tree on disk: absolute file path to its last hash.
#[derive(Debug, Default)]
pub struct HashCache {
    file: Option<PathBuf>,
    entries: HashMap<PathBuf, Entry>,
    changed: bool,
}

impl HashCache {
    /// The cache for the tree at canonical path `root` (empty if there is
    /// none yet or it cannot be read; no cache at all with
    /// `ISMS_NO_HASH_CACHE` set).
    pub fn open(root: &Path) -> HashCache {
        if std::env::var_os("ISMS_NO_HASH_CACHE").is_some() {
            return HashCache::default();
        }
        let file = cache_file(root);
        let entries = file
            .as_deref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .map(|t| parse(&t))
            .unwrap_or_default();
        HashCache {
            file,
            entries,
            changed: false,
        }
    }

    /// Where the cache is kept, if anywhere.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The cached hash of `path`, if its stamp is still `stamp`.
    pub(crate) fn get(&self, path: &Path, stamp: FileStamp) -> Option<&str> {
        self.entries
            .get(path)
            .filter(|e| e.stamp == stamp)
            .map(|e| e.sha256.as_str())
    }

    /// Remember a hash taken of `path` as it was at `stamp`.
    pub(crate) fn put(&mut self, path: PathBuf, stamp: FileStamp, sha256: String, now: SystemTime) {
        if stamp.size < MIN_CACHED || stamp.racy(now) {
            self.changed |= self.entries.remove(&path).is_some();
            return;
        }
        let entry = Entry { stamp, sha256 };
        if self.entries.get(&path) != Some(&entry) {
            self.entries.insert(path, entry);
            self.changed = true;
        }
    }

    /// Forget `path` (it is gone).
    pub(crate) fn forget(&mut self, path: &Path) {
        self.changed |= self.entries.remove(path).is_some();
    }

    /// Write the cache back if it changed; a cache that cannot be written
    /// is only a slower next run, so failures are ignored.
    pub fn save(&mut self) {
        let Some(file) = &self.file else { return };
        if !self.changed {
            return;
        }
        let mut lines: Vec<String> = self
            .entries
            .iter()
            .filter_map(|(p, e)| {
                let p = p.to_str()?;
                (!p.contains(['\t', '\n', '\r'])).then(|| {
                    let s = e.stamp;
                    format!(
                        "{}\t{}\t{}\t{}\t{}\t{p}",
                        e.sha256, s.size, s.mtime, s.ctime, s.ino
                    )
                })
            })
            .collect();
        lines.sort();
        let text = format!("{HEADER}\n{}\n", lines.join("\n"));
        if crate::output::write_atomic(file, text.as_bytes()).is_ok() {
            self.changed = false;
        }
    }
}

fn parse(text: &str) -> HashMap<PathBuf, Entry> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return HashMap::new();
    }
    lines
        .filter_map(|l| {
            let mut f = l.splitn(6, '\t');
            let sha256 = f.next()?.to_string();
            let stamp = FileStamp {
                size: f.next()?.parse().ok()?,
                mtime: f.next()?.parse().ok()?,
                ctime: f.next()?.parse().ok()?,
                ino: f.next()?.parse().ok()?,
            };
            let path = PathBuf::from(f.next()?);
            (sha256.len() == 64).then_some((path, Entry { stamp, sha256 }))
        })
        .collect()
}

/// `.git/isms/hash-cache` of the repository holding `root`, else
/// `isms/hash-cache-<root hash>` in the user's cache folder.
fn cache_file(root: &Path) -> Option<PathBuf> {
    for dir in root.ancestors() {
        let dot_git = dir.join(".git");
        if dot_git.is_dir() {
            return Some(dot_git.join("isms").join("hash-cache"));
        }
        if dot_git.is_file() {
            // A worktree or submodule: `gitdir: <path>`.
            let text = std::fs::read_to_string(&dot_git).ok()?;
            let git_dir = text.trim().strip_prefix("gitdir:")?.trim();
            return Some(dir.join(git_dir).join("isms").join("hash-cache"));
        }
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("LOCALAPPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let key = sha256_hex(root.as_os_str().as_encoded_bytes());
    Some(base.join("isms").join(format!("hash-cache-{}", &key[..16])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside() {
        assert!(check_path("evidence/files/a.json").is_ok());
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\b",
            "C:/x",
            "a//b",
            "./a",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cache_round_trips_and_refuses_a_changed_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = HashCache {
            file: Some(dir.path().join("c")),
            ..HashCache::default()
        };
        let stamp = FileStamp {
            size: MIN_CACHED,
            mtime: 1,
            ctime: 1,
            ino: 7,
        };
        let now = SystemTime::now();
        c.put(PathBuf::from("/t/a"), stamp, "a".repeat(64), now);
        c.save();
        let text = std::fs::read_to_string(dir.path().join("c")).unwrap();
        let back = parse(&text);
        assert_eq!(back.len(), 1);
        let c = HashCache {
            entries: back,
            ..HashCache::default()
        };
        assert!(c.get(Path::new("/t/a"), stamp).is_some());
        let grown = FileStamp {
            size: MIN_CACHED + 1,
            ..stamp
        };
        assert!(c.get(Path::new("/t/a"), grown).is_none());
        let touched = FileStamp { mtime: 2, ..stamp };
        assert!(c.get(Path::new("/t/a"), touched).is_none());
    }

    #[test]
    fn a_just_modified_file_is_not_cached() {
        let mut c = HashCache::default();
        let now = SystemTime::now();
        let ns = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let stamp = FileStamp {
            size: MIN_CACHED,
            mtime: ns,
            ctime: ns,
            ino: 1,
        };
        c.put(PathBuf::from("/t/a"), stamp, "a".repeat(64), now);
        assert!(c.get(Path::new("/t/a"), stamp).is_none());
    }
}
