//! What a document was built from: the commit, its `git describe` name, its
//! date, and whether records have uncommitted changes.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use git2::{Commit, DescribeFormatOptions, DescribeOptions, Status, StatusOptions};
use serde::{Serialize, Serializer};

use super::{Repo, is_record_path, short_id, utc_day};

/// Where an output was built from: its date and provenance.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Stamp {
    /// The document date (from git or the records, never the clock);
    /// serialised as `YYYY-MM-DD`, or "" when nothing dates the tree.
    #[serde(serialize_with = "date_or_empty")]
    pub date: Option<NaiveDate>,
    /// Full commit id, when under version control.
    pub commit: Option<String>,
    /// `git describe` style name (tag-N-gshort) or short id.
    pub describe: Option<String>,
    /// Whether the working tree has uncommitted changes to the records.
    pub dirty: bool,
    /// The modified records when dirty.
    pub modified: Vec<String>,
    /// One line for footers: "commit abc1234" / "not under version control".
    pub label: String,
}

fn date_or_empty<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => d.serialize(s),
        None => s.serialize_str(""),
    }
}

impl Repo {
    /// The stamp of the tree at `at` (clean by definition: it is a commit), or
    /// of the working tree when `at` is None (dirty when records differ from
    /// HEAD). Dates are commit dates, so a commit always stamps the same.
    pub fn stamp(&self, at: Option<&str>) -> Result<Stamp> {
        let commit = self.commit(at)?;
        let modified = match at {
            Some(_) => Vec::new(),
            None => self.modified()?,
        };
        let dirty = !modified.is_empty();
        let Some(commit) = commit else {
            return Ok(Stamp {
                dirty,
                label: draft("no commit yet".into(), dirty),
                modified,
                ..Stamp::default()
            });
        };
        let short = short_id(commit.id());
        let date = utc_day(commit.time());
        let shown = date.map(|d| d.to_string()).unwrap_or_default();
        let describe = describe(&commit).unwrap_or_else(|| short.clone());
        let base = if describe == short {
            format!("commit {short} ({shown})")
        } else {
            format!("{describe} ({short}, {shown})")
        };
        Ok(Stamp {
            date,
            commit: Some(commit.id().to_string()),
            describe: Some(describe),
            dirty,
            modified,
            label: draft(base, dirty),
        })
    }

    /// The date (UTC) of the commit at `at`, or of HEAD; None before the
    /// first commit. What [`Repo::stamp`] dates by, without the status.
    pub fn commit_date(&self, at: Option<&str>) -> Result<Option<NaiveDate>> {
        Ok(self.commit(at)?.and_then(|c| utc_day(c.time())))
    }

    /// Record files (relative to the ISMS root, sorted) whose working copy
    /// or index entry differs from HEAD, including new untracked records.
    pub fn modified(&self) -> Result<Vec<String>> {
        let mut opts = StatusOptions::new();
        opts.include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .exclude_submodules(true);
        // Narrow the scan to the ISMS folder when its name is a plain path
        // (a pathspec would read `[` or `*` in a folder name as a pattern).
        let plain = !self.prefix.contains(['*', '?', '[', '\\']);
        if !self.prefix.is_empty() && plain {
            opts.pathspec(&self.prefix);
        }
        let statuses = self
            .repo
            .statuses(Some(&mut opts))
            .context("reading the status of the working tree")?;
        let dir = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        };
        let mut out: Vec<String> = statuses
            .iter()
            .filter(|s| !s.status().is_empty() && !s.status().contains(Status::IGNORED))
            .filter_map(|s| s.path().ok().map(str::to_string))
            .filter_map(|p| p.strip_prefix(&dir).map(str::to_string))
            .filter(|rel| is_record_path(rel))
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// `tag-N-gabc1234` (or just `tag` on a tagged commit), lightweight tags
/// included; None when no tag reaches the commit.
fn describe(commit: &Commit<'_>) -> Option<String> {
    let mut opts = DescribeOptions::new();
    opts.describe_tags();
    let d = commit.as_object().describe(&opts).ok()?;
    d.format(Some(DescribeFormatOptions::new().abbreviated_size(7)))
        .ok()
}

fn draft(base: String, dirty: bool) -> String {
    if dirty {
        format!("{base} DRAFT: uncommitted changes")
    } else {
        base
    }
}
