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
    let (path, tmp) = staged_replacement(path, bytes)?;
    tmp.persist(&path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// `bytes` in a temporary file beside the file `path` resolves to, with
/// that file's permissions, ready to replace it; and the resolved path.
fn staged_replacement(
    path: &Path,
    bytes: &[u8],
) -> Result<(std::path::PathBuf, tempfile::NamedTempFile)> {
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
    Ok((path, tmp))
}

/// Files written all or nothing: new ones (never replacing a file) and
/// replacements of existing ones (keeping their permissions, as
/// [`replace_atomic`]). Every file is staged beside its target before any
/// is renamed into place, so a full disk or a missing permission changes
/// nothing; a rename that still fails undoes the renames before it.
#[derive(Debug, Default)]
pub struct Batch {
    /// Path, bytes, and whether the file is new.
    files: Vec<(std::path::PathBuf, Vec<u8>, bool)>,
}

impl Batch {
    /// Create the new file `path` holding `bytes`.
    pub fn create(&mut self, path: std::path::PathBuf, bytes: Vec<u8>) {
        self.files.push((path, bytes, true));
    }

    /// Replace the existing file `path` with `bytes`.
    pub fn replace(&mut self, path: std::path::PathBuf, bytes: Vec<u8>) {
        self.files.push((path, bytes, false));
    }

    /// Write every file, or none.
    pub fn commit(self) -> Result<()> {
        let mut ready = Vec::new();
        for (path, bytes, new) in self.files {
            if new {
                if std::fs::symlink_metadata(&path).is_ok() {
                    anyhow::bail!("{} already exists; not overwriting it", path.display());
                }
                ready.push((staged(&path, &bytes)?, path, None));
            } else {
                let (path, tmp) = staged_replacement(&path, &bytes)?;
                let old =
                    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
                ready.push((tmp, path, Some(old)));
            }
        }
        let mut done: Vec<(std::path::PathBuf, Option<Vec<u8>>)> = Vec::new();
        for (tmp, path, old) in ready {
            let renamed = match old {
                None => tmp.persist_noclobber(&path).map(drop),
                Some(_) => tmp.persist(&path).map(drop),
            };
            if let Err(e) = renamed {
                // Put back what was already renamed; the staged files left
                // are removed as they drop.
                for (path, old) in done.into_iter().rev() {
                    let _ = match old {
                        None => std::fs::remove_file(&path).map_err(anyhow::Error::from),
                        Some(bytes) => replace_atomic(&path, &bytes),
                    };
                }
                return Err(anyhow::Error::new(e.error)
                    .context(format!("writing {}; no file was changed", path.display())));
            }
            done.push((path, old));
        }
        Ok(())
    }
}

/// An output folder built beside its target and swapped into place at the
/// end, so the folder a reader (or a web server) sees is always a whole
/// build: an interrupted or failed build leaves the previous one as it was,
/// and no file of it is ever half-written. Nothing is flushed to disk file
/// by file (as static site generators do): the swap is the guarantee.
///
/// Files whose bytes did not change are hard links to the previous build's,
/// so they keep their modification times and cost no writing.
#[derive(Debug)]
pub struct Staging {
    target: std::path::PathBuf,
    stage: tempfile::TempDir,
    written: std::sync::Mutex<std::collections::BTreeSet<String>>,
    /// The stage folder held open with a lock while this build runs, so a
    /// later build can tell a stage left by a killed build from a live one.
    _lock: Option<std::fs::File>,
}

impl Staging {
    /// Start building the folder `target` (its parent is created).
    pub fn new(target: &Path) -> Result<Self> {
        let parent = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let mut builder = tempfile::Builder::new();
        let prefix = format!(".{name}.building-");
        builder.prefix(&prefix);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The usual mode of a new folder under the umask, not 0700.
            builder.permissions(std::fs::Permissions::from_mode(0o777));
        }
        remove_abandoned(parent, &prefix);
        let stage = builder
            .tempdir_in(parent)
            .with_context(|| format!("creating a folder beside {}", target.display()))?;
        let lock = lock(stage.path());
        Ok(Staging {
            target: target.to_path_buf(),
            stage,
            written: std::sync::Mutex::default(),
            _lock: lock,
        })
    }

    /// Write the file `rel` (a `/`-separated path inside the folder).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.stage.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let old = self.target.join(rel);
        let linked = same_bytes(&old, bytes) && std::fs::hard_link(&old, &path).is_ok();
        if !linked {
            std::fs::write(&path, bytes)
                .with_context(|| format!("writing {}", self.target.join(rel).display()))?;
        }
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(rel.to_string());
        Ok(())
    }

    /// Keep the previous build's files that this build did not write and
    /// `keep` says to keep (files a person put in the folder, say).
    pub fn carry_over(&self, keep: impl Fn(&str) -> bool) -> Result<()> {
        let written = std::mem::take(
            &mut *self
                .written
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let mut stack = vec![String::new()];
        while let Some(rel_dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(self.target.join(&rel_dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                    continue;
                };
                let rel = if rel_dir.is_empty() {
                    name
                } else {
                    format!("{rel_dir}/{name}")
                };
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    stack.push(rel);
                } else if kind.is_file() && !written.contains(&rel) && keep(&rel) {
                    let to = self.stage.path().join(&rel);
                    if let Some(dir) = to.parent() {
                        std::fs::create_dir_all(dir)?;
                    }
                    if std::fs::hard_link(entry.path(), &to).is_err() {
                        std::fs::copy(entry.path(), &to)
                            .with_context(|| format!("keeping {}", entry.path().display()))?;
                    }
                }
            }
        }
        *self
            .written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = written;
        Ok(())
    }

    /// Put the new folder in place of the old one, which is then removed.
    pub fn commit(self) -> Result<()> {
        let target = &self.target;
        if !target.exists() {
            let stage = self.stage.keep();
            return std::fs::rename(&stage, target)
                .with_context(|| format!("moving the new {} into place", target.display()));
        }
        if exchange(self.stage.path(), target).is_ok() {
            // The stage now holds the previous build; dropping it removes it.
            return Ok(());
        }
        // Where the two cannot be exchanged in one step: move the old one
        // aside, the new one in, then remove the old.
        let aside = tempfile::Builder::new()
            .prefix(".old-")
            .tempdir_in(self.stage.path())
            .context("making room for the previous build")?;
        let old = aside.path().join("old");
        std::fs::rename(target, &old)
            .with_context(|| format!("moving the previous {} aside", target.display()))?;
        let stage = self.stage.keep();
        let result = std::fs::rename(&stage, target);
        if result.is_err() {
            std::fs::rename(&old, target).ok();
        }
        result.with_context(|| format!("moving the new {} into place", target.display()))?;
        std::fs::remove_dir_all(&stage).ok();
        Ok(())
    }
}

/// The folder `dir` opened and locked (an exclusive `flock`, released when
/// the process ends however it ends), or None where that cannot be done.
#[cfg(target_os = "linux")]
fn lock(dir: &Path) -> Option<std::fs::File> {
    use rustix::fs::{FlockOperation, flock};
    let f = std::fs::File::open(dir).ok()?;
    flock(&f, FlockOperation::NonBlockingLockExclusive).ok()?;
    Some(f)
}

#[cfg(not(target_os = "linux"))]
fn lock(_: &Path) -> Option<std::fs::File> {
    None
}

/// Remove the stage folders (`prefix*` in `parent`) that builds killed
/// halfway left behind: those nobody holds a lock on. A build running
/// beside this one keeps its lock, so its stage is left alone.
fn remove_abandoned(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let is_stage = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(prefix))
            && entry.file_type().is_ok_and(|t| t.is_dir());
        if is_stage && let Some(held) = lock(&entry.path()) {
            std::fs::remove_dir_all(entry.path()).ok();
            drop(held);
        }
    }
}

/// Swap two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Swapping in one step is Linux's; elsewhere the caller moves the old
/// folder aside first.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic exchange here"))
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

    #[cfg(target_os = "linux")]
    #[test]
    fn stages_of_killed_builds_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("html");
        // What a build killed halfway leaves: a stage nobody holds.
        let abandoned = dir.path().join(".html.building-dead01");
        std::fs::create_dir_all(abandoned.join("risks")).unwrap();
        std::fs::write(abandoned.join("risks/R-1.html"), "half").unwrap();
        let live = Staging::new(&site).unwrap();
        assert!(!abandoned.exists(), "the abandoned stage is removed");
        let other = Staging::new(&site).unwrap();
        assert!(
            live.stage.path().is_dir(),
            "a running build's stage is kept"
        );
        other.write("index.html", b"two").unwrap();
        other.commit().unwrap();
        live.write("index.html", b"one").unwrap();
        live.commit().unwrap();
        assert_eq!(std::fs::read(site.join("index.html")).unwrap(), b"one");
    }

    #[cfg(unix)]
    #[test]
    fn a_batch_writes_every_file_or_none() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept.md");
        std::fs::write(&kept, "old").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        let taken = dir.path().join("taken.md");
        std::fs::write(&taken, "someone's").unwrap();
        let mut batch = Batch::default();
        batch.replace(kept.clone(), b"new".to_vec());
        batch.create(dir.path().join("a/new.md"), b"fresh".to_vec());
        batch.create(taken.clone(), b"mine".to_vec());
        let err = batch.commit().unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err:#}");
        assert_eq!(std::fs::read(&kept).unwrap(), b"old");
        assert_eq!(std::fs::read(&taken).unwrap(), b"someone's");
        assert!(!dir.path().join("a/new.md").exists());

        let mut batch = Batch::default();
        batch.replace(kept.clone(), b"new".to_vec());
        batch.create(dir.path().join("a/new.md"), b"fresh".to_vec());
        batch.commit().unwrap();
        assert_eq!(std::fs::read(&kept).unwrap(), b"new");
        let mode = std::fs::metadata(&kept).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(
            std::fs::read(dir.path().join("a/new.md")).unwrap(),
            b"fresh"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 3, "no staged file is left: {names:?}");
    }

    #[test]
    fn a_staged_folder_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("html");
        let first = Staging::new(&site).unwrap();
        first.write("index.html", b"one").unwrap();
        first.write("risks/R-1.html", b"r1").unwrap();
        first.commit().unwrap();
        std::fs::write(site.join("CNAME"), "isms.example.com").unwrap();

        let second = Staging::new(&site).unwrap();
        second.write("index.html", b"two").unwrap();
        second.write("risks/R-1.html", b"r1").unwrap();
        // Until the commit, the old build is what is there.
        assert_eq!(std::fs::read(site.join("index.html")).unwrap(), b"one");
        second.carry_over(|rel| !rel.starts_with("risks/")).unwrap();
        second.commit().unwrap();
        assert_eq!(std::fs::read(site.join("index.html")).unwrap(), b"two");
        assert_eq!(std::fs::read(site.join("risks/R-1.html")).unwrap(), b"r1");
        assert_eq!(
            std::fs::read(site.join("CNAME")).unwrap(),
            b"isms.example.com"
        );

        // A build that fails before its commit leaves the previous one.
        let failed = Staging::new(&site).unwrap();
        failed.write("index.html", b"three").unwrap();
        drop(failed);
        assert_eq!(std::fs::read(site.join("index.html")).unwrap(), b"two");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["html"], "no staging folder is left behind");
    }

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
        let staged = Staging::new(&dir.path().join("site")).unwrap();
        staged.write("index.html", b"y").unwrap();
        staged.commit().unwrap();
        let many = dir.path().join("site/index.html");
        let plain_dir = dir.path().join("plain-dir");
        std::fs::create_dir(&plain_dir).unwrap();
        assert_eq!(mode(&dir.path().join("site")), mode(&plain_dir));
        let new = dir.path().join("new.md");
        create_new(&new, b"z").unwrap();
        for p in [&one, &many, &new] {
            assert_eq!(mode(p), mode(&plain), "{}", p.display());
        }
    }

    #[test]
    fn staging_writes_and_leaves_same_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let build = |files: &[(&str, &[u8])]| {
            let s = Staging::new(&site).unwrap();
            for (rel, bytes) in files {
                s.write(rel, bytes).unwrap();
            }
            s.commit().unwrap();
        };
        let (a, b) = (site.join("a/x.html"), site.join("b.html"));
        build(&[("a/x.html", b"one"), ("b.html", b"two")]);
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        let before = std::fs::metadata(&b).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        build(&[("a/x.html", b"uno"), ("b.html", b"two")]);
        assert_eq!(std::fs::read(&a).unwrap(), b"uno");
        assert_eq!(std::fs::metadata(&b).unwrap().modified().unwrap(), before);
        let left: Vec<_> = std::fs::read_dir(site.join("a")).unwrap().collect();
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
