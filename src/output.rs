//! Writing outputs: every file is written to a temporary sibling and renamed
//! into place, so a reader never sees half a PDF and a failed run never
//! leaves a truncated file where a good one was.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// A temporary file in `dir` that gets the usual mode of a new file under
/// the user's umask (0644 under 022) rather than tempfile's private 0600,
/// so an output renamed into place can be read by whoever reads the folder.
fn temp_in(dir: &Path) -> Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
        .tempfile_in(dir)
        .with_context(|| format!("writing into {}", dir.display()))
}

/// `bytes` in a temporary file beside `path` (its folder created), flushed
/// to disk, ready to be renamed into place.
fn staged(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut tmp = temp_in(dir)?;
    tmp.write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    tmp.as_file().sync_all().ok();
    Ok(tmp)
}

/// Write `bytes` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    staged(path, bytes)?
        .persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Create a new file at `path` holding `bytes`, atomically, refusing to
/// replace a file that exists (an error naming it). The file gets the usual
/// mode under the user's umask (0644 under 022), as any new file would.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    staged(path, bytes)?.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!("{} already exists; not overwriting it", path.display())
        } else {
            anyhow::Error::new(e.error).context(format!("writing {}", path.display()))
        }
    })?;
    Ok(())
}

/// Replace the existing file `path` with `bytes` atomically, as
/// [`write_atomic`] does, keeping its permissions (a 0640 record stays
/// 0640; a fresh temporary file would be 0600). A symbolic link is followed:
/// the file it points to is replaced, the link stays.
pub fn replace_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let path =
        std::fs::canonicalize(path).with_context(|| format!("reading {}", path.display()))?;
    let perms = std::fs::metadata(&path)
        .with_context(|| format!("reading {}", path.display()))?
        .permissions();
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("writing into {}", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    tmp.as_file()
        .set_permissions(perms)
        .with_context(|| format!("keeping the permissions of {}", path.display()))?;
    tmp.as_file().sync_all().ok();
    tmp.persist(&path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Write many files atomically, as [`write_atomic`] does one: each is written
/// to a temporary sibling, everything is flushed to disk once, then each is
/// renamed into place. One flush instead of one per file, and leaving files
/// that already hold the same bytes alone (their modification times too), is
/// what makes a site of thousands of pages quick to write.
pub fn write_atomic_all(files: &[(std::path::PathBuf, &[u8])]) -> Result<()> {
    let mut pending = Vec::with_capacity(files.len());
    let mut dirs = std::collections::BTreeSet::new();
    for (path, bytes) in files {
        if same_bytes(path, bytes) {
            continue;
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if dirs.insert(dir.to_path_buf()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let mut tmp = temp_in(dir)?;
        tmp.write_all(bytes)
            .with_context(|| format!("writing {}", path.display()))?;
        // Close the file (keeping its name) so thousands stay under the fd limit.
        pending.push((tmp.into_temp_path(), path));
    }
    flush(&dirs, &pending);
    for (tmp, path) in pending {
        tmp.persist(path)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Flush written files to disk before they are renamed into place.
#[cfg(target_os = "linux")]
fn flush(
    dirs: &std::collections::BTreeSet<std::path::PathBuf>,
    _: &[(tempfile::TempPath, &std::path::PathBuf)],
) {
    // syncfs flushes the whole filesystem a folder is on: once per filesystem
    // would do, once per folder is simpler and still a handful of calls.
    for dir in dirs {
        if let Ok(d) = std::fs::File::open(dir) {
            rustix::fs::syncfs(&d).ok();
        }
    }
}

/// Flush written files to disk before they are renamed into place.
#[cfg(not(target_os = "linux"))]
fn flush(
    _: &std::collections::BTreeSet<std::path::PathBuf>,
    pending: &[(tempfile::TempPath, &std::path::PathBuf)],
) {
    for (tmp, _) in pending {
        if let Ok(f) = std::fs::File::open(tmp) {
            f.sync_all().ok();
        }
    }
}

/// Whether `path` is a file holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn outputs_get_the_mode_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let one = dir.path().join("one.pdf");
        write_atomic(&one, b"x").unwrap();
        let many = dir.path().join("site/index.html");
        write_atomic_all(&[(many.clone(), b"y".as_slice())]).unwrap();
        let new = dir.path().join("new.md");
        create_new(&new, b"z").unwrap();
        for p in [&one, &many, &new] {
            assert_eq!(mode(p), mode(&plain), "{}", p.display());
        }
    }

    #[test]
    fn write_atomic_all_writes_and_leaves_same_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a/x.html");
        let b = dir.path().join("b.html");
        write_atomic_all(&[(a.clone(), b"one"), (b.clone(), b"two")]).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        let before = std::fs::metadata(&b).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_atomic_all(&[(a.clone(), b"uno"), (b.clone(), b"two")]).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"uno");
        assert_eq!(std::fs::metadata(&b).unwrap().modified().unwrap(), before);
        let left: Vec<_> = std::fs::read_dir(dir.path().join("a")).unwrap().collect();
        assert_eq!(left.len(), 1, "temporary files left behind");
    }

    #[cfg(unix)]
    #[test]
    fn replace_atomic_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("r.md");
        std::fs::write(&f, b"old").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace_atomic(&f, b"new").unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"new");
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
