//! Git as the document control of an ISMS (ISO 27001 7.5): find the
//! repository that holds a tree, read the tree as it was at any revision
//! ([`GitFs`]), say what a document was built from ([`Repo::stamp`]), and give
//! every record its revision history from one walk of the commits
//! ([`Repo::history`]). Everything goes through libgit2 (the `git2` crate);
//! nothing here runs the `git` command or touches the working tree or index.

mod fs;
mod history;
mod stamp;

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use git2::{Commit, ErrorCode, Repository};

pub use fs::GitFs;
pub use history::{DocHistory, History, Revision};
pub use stamp::Stamp;

use crate::diag::Diagnostic;
use crate::load::{Tree, kinds};

/// The top-level files of the record format besides the record folders.
const RECORD_FILES: [&str; 3] = ["isms.toml", "soa.toml", "templates"];

/// Whether `name`, at the top of an ISMS folder, is part of the record
/// format: only changes under these make a tree dirty or appear in its
/// history.
pub fn is_record_top(name: &[u8]) -> bool {
    let is = |s: &str| s.as_bytes() == name;
    RECORD_FILES.into_iter().any(is) || kinds::specs().iter().any(|k| is(k.folder))
}

/// Whether `rel` (relative to the ISMS root, `/`-separated) is part of the
/// record format.
pub fn is_record_path(rel: &str) -> bool {
    let first = rel.split('/').next().unwrap_or("");
    is_record_top(first.as_bytes()) && (rel.contains('/') || first.ends_with(".toml"))
}

/// The git repository holding an ISMS tree, and where in it the tree is.
pub struct Repo {
    repo: Repository,
    /// The ISMS folder relative to the work tree, `/`-separated, "" at the top.
    prefix: String,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("path", &self.repo.path())
            .field("prefix", &self.prefix)
            .finish()
    }
}

impl Repo {
    /// The repository whose work tree holds `dir`, or None when `dir` is
    /// under no repository (or only under a bare one).
    pub fn discover(dir: &Path) -> Result<Option<Repo>> {
        let abs = existing_prefix_canonical(dir)
            .with_context(|| format!("finding the folder {}", dir.display()))?;
        let repo = match Repository::discover(&abs.0) {
            Ok(r) => r,
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(None),
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("opening the git repository holding {}", dir.display())
                });
            }
        };
        let Some(workdir) = repo.workdir() else {
            return Ok(None);
        };
        let workdir = workdir
            .canonicalize()
            .with_context(|| format!("finding the work tree {}", workdir.display()))?;
        let full = abs.0.join(&abs.1);
        let Ok(rel) = full.strip_prefix(&workdir) else {
            return Ok(None);
        };
        let mut parts = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(s) => parts.push(
                    s.to_str()
                        .ok_or_else(|| anyhow!("{} is not a UTF-8 path", dir.display()))?
                        .to_string(),
                ),
                _ => bail!("cannot place {} inside its repository", dir.display()),
            }
        }
        Ok(Some(Repo {
            repo,
            prefix: parts.join("/"),
        }))
    }

    /// Like [`Repo::discover`], but a tree outside any repository is an error
    /// saying what needed git.
    pub fn require(dir: &Path, what: &str) -> Result<Repo> {
        Repo::discover(dir)?.ok_or_else(|| {
            // Name the folder itself: `.` or `..` alone says little.
            let full = dir
                .canonicalize()
                .or_else(|_| std::path::absolute(dir))
                .unwrap_or_else(|_| dir.to_path_buf());
            let folder = if full == dir {
                full.display().to_string()
            } else {
                format!("{} ({})", dir.display(), full.display())
            };
            anyhow!("{what} needs a git repository, and the folder {folder} is not inside one")
        })
    }

    /// The underlying libgit2 repository.
    pub fn repository(&self) -> &Repository {
        &self.repo
    }

    /// The ISMS folder relative to the repository's work tree ("" at the top).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The commit a revision (commit id, tag, branch, `HEAD~2`...) names.
    pub fn resolve(&self, rev: &str) -> Result<Commit<'_>> {
        let object = self.repo.revparse_single(rev).map_err(|e| {
            anyhow!(
                "unknown revision `{rev}`: {} (give a commit id, tag or branch of the repository at {})",
                e.message(),
                self.workdir_display()
            )
        })?;
        object
            .peel_to_commit()
            .map_err(|_| anyhow!("revision `{rev}` does not name a commit"))
    }

    /// The commit HEAD points at; None in a repository with no commits yet.
    pub fn head(&self) -> Result<Option<Commit<'_>>> {
        match self.repo.head() {
            Ok(r) => Ok(Some(r.peel_to_commit().context("reading HEAD")?)),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
            Err(e) => Err(e).context("reading HEAD"),
        }
    }

    /// `rev`'s commit, or HEAD's when `rev` is None.
    pub fn commit(&self, rev: Option<&str>) -> Result<Option<Commit<'_>>> {
        match rev {
            Some(rev) => self.resolve(rev).map(Some),
            None => self.head(),
        }
    }

    /// The newest commit on HEAD's first-parent line made on or before
    /// `day` (UTC): the tree as it stood that day. None when HEAD is younger.
    pub fn commit_on(&self, day: chrono::NaiveDate) -> Result<Option<Commit<'_>>> {
        let Some(mut commit) = self.head()? else {
            return Ok(None);
        };
        loop {
            if utc_day(commit.time()).is_some_and(|d| d <= day) {
                return Ok(Some(commit));
            }
            match commit.parents().next() {
                Some(parent) => commit = parent,
                None => return Ok(None),
            }
        }
    }

    /// The oldest commit on HEAD's first-parent line: where the history
    /// starts. None in a repository with no commits yet.
    pub fn first_commit(&self) -> Result<Option<Commit<'_>>> {
        let Some(mut commit) = self.head()? else {
            return Ok(None);
        };
        while let Some(parent) = commit.parents().next() {
            commit = parent;
        }
        Ok(Some(commit))
    }

    /// The file at `rel` (relative to the ISMS folder) as commit `id` has
    /// it, and as its first parent had it (None where it is absent).
    pub fn file_and_parent(&self, id: &str, rel: &str) -> Result<[Option<Vec<u8>>; 2]> {
        let commit = self.resolve(id)?;
        let parent = commit.parents().next();
        let read = |c: &Commit<'_>| -> Result<Option<Vec<u8>>> {
            let Some(tree) = self.isms_tree(c)? else {
                return Ok(None);
            };
            let Ok(entry) = tree.get_path(Path::new(rel)) else {
                return Ok(None);
            };
            let blob = self.repo.find_blob(entry.id()).ok();
            Ok(blob.map(|b| b.content().to_vec()))
        };
        let before = match &parent {
            Some(p) => read(p)?,
            None => None,
        };
        Ok([read(&commit)?, before])
    }

    /// The ISMS folder's tree in `commit`, None when the folder is absent.
    pub fn isms_tree<'r>(&'r self, commit: &Commit<'r>) -> Result<Option<git2::Tree<'r>>> {
        let root = commit.tree().context("reading a commit's tree")?;
        if self.prefix.is_empty() {
            return Ok(Some(root));
        }
        match root.get_path(Path::new(&self.prefix)) {
            Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => Ok(Some(
                self.repo
                    .find_tree(entry.id())
                    .context("reading the ISMS folder's tree")?,
            )),
            Ok(_) => Ok(None),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e).context("reading the ISMS folder's tree"),
        }
    }

    /// Load the tree as it was at `rev`, from the repository's objects only.
    pub fn load_at(&self, rev: &str) -> Result<(Tree, Vec<Diagnostic>)> {
        let commit = self.resolve(rev)?;
        let folder = if self.prefix.is_empty() {
            "the repository root".to_string()
        } else {
            format!("`{}`", self.prefix)
        };
        let tree = self
            .isms_tree(&commit)?
            .ok_or_else(|| anyhow!("{folder} does not exist at `{rev}`"))?;
        let fs = GitFs::new(&self.repo, tree);
        if !fs.is_file("isms.toml") {
            bail!("{folder} has no isms.toml at `{rev}`: not an ISMS tree at that revision");
        }
        crate::load::load(&fs)
    }

    /// Copy the files renderers read from a tree besides its records (the
    /// tree's own `templates/pdf/` and `templates/html/`, and the files in
    /// `extra`, such as the logo) as they were at `rev` into `dest`, so a
    /// render `--at REV` uses the commit's templates, not the working tree's.
    pub fn snapshot_assets(&self, rev: &str, extra: &[&str], dest: &Path) -> Result<()> {
        use crate::load::TreeFs;
        let commit = self.resolve(rev)?;
        let Some(tree) = self.isms_tree(&commit)? else {
            return Ok(());
        };
        let fs = GitFs::new(&self.repo, tree);
        let mut files: Vec<String> = Vec::new();
        for dir in ["templates/pdf", "templates/html"] {
            for name in fs
                .list(dir)
                .with_context(|| format!("listing {dir} at `{rev}`"))?
                .names
            {
                files.push(format!("{dir}/{name}"));
            }
        }
        files.extend(extra.iter().map(|s| s.trim_start_matches("./").to_string()));
        for rel in files {
            // Only plain relative paths inside the tree: never `..` or absolute.
            if rel.starts_with('/') || rel.split('/').any(|p| p == ".." || p.is_empty()) {
                continue;
            }
            if let Some(bytes) = fs
                .read(&rel)
                .with_context(|| format!("reading {rel} at `{rev}`"))?
            {
                let path = dest.join(&rel);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, bytes)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
        }
        Ok(())
    }

    fn workdir_display(&self) -> String {
        self.repo.workdir().map_or_else(
            || self.repo.path().display().to_string(),
            |p| p.display().to_string(),
        )
    }
}

/// Split `dir` into its longest existing ancestor (canonical) and the rest,
/// so a folder deleted from the working tree can still be read at a revision.
fn existing_prefix_canonical(dir: &Path) -> std::io::Result<(PathBuf, PathBuf)> {
    let abs = std::path::absolute(dir)?;
    let mut base = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = base.canonicalize() {
            let tail: PathBuf = rest.iter().rev().collect();
            return Ok((c, tail));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return Err(std::io::Error::other("no existing ancestor folder")),
        }
    }
}

/// A git time as its UTC day.
pub fn utc_day(time: git2::Time) -> Option<chrono::NaiveDate> {
    chrono::DateTime::from_timestamp(time.seconds(), 0).map(|t| t.date_naive())
}

/// A git time as its UTC day, `YYYY-MM-DD` ("" when out of range).
pub(crate) fn utc_date(time: git2::Time) -> String {
    utc_day(time).map(|d| d.to_string()).unwrap_or_default()
}

/// The first seven hex digits of a commit id: stable for a commit, unlike
/// the shortest unique prefix.
pub(crate) fn short_id(id: git2::Oid) -> String {
    id.to_string()[..7].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_paths() {
        assert!(is_record_path("isms.toml"));
        assert!(is_record_path("risks/R-001.md"));
        assert!(is_record_path("templates/pdf/soa.typ"));
        assert!(!is_record_path("README.md"));
        assert!(!is_record_path("risks"));
        assert!(!is_record_path("out/pdf/soa.pdf"));
    }
}
