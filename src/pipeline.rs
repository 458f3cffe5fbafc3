//! The pipeline every command runs, in plain options (no command line here):
//! load a tree (from disk, or from a git revision with `at`), check it, and
//! turn it into a [`Corpus`] for views and renderers: for documents, a tree
//! that checked without errors, stamped with where it came from, with its
//! records' history and, when asked, what changed since another revision;
//! for live reports, an overview of the tree as far as it loaded.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::diag::{Diagnostic, Report};
use crate::diff::{Changes, Side};
use crate::git::{History, Repo, Stamp};
use crate::load::Tree;

/// Where the tree is and how to take it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The ISMS folder (holding isms.toml).
    pub dir: PathBuf,
    /// Read the tree at this git revision instead of the working tree.
    pub at: Option<String>,
    /// Judge dates as of this day; unset: the system date when checking,
    /// the document date when rendering.
    pub today: Option<NaiveDate>,
    /// Refuse a tree that is not exactly a commit.
    pub release: bool,
    /// Compare with the tree at this revision ("changes since").
    pub since: Option<String>,
    /// Leave out the metric series over the history: for a document or
    /// report that shows no measurement (every PDF but the pack and the 9.1
    /// report; `isms actions`, `isms awareness`), which then does not
    /// replay the history for it (most of an asset register's time at 100x
    /// the sample).
    pub unmeasured: bool,
}

impl Options {
    /// Options for the tree in `dir`, as it is on disk.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Options {
            dir: dir.into(),
            ..Options::default()
        }
    }

    /// The date checks judge against: `today`, else the system date, as
    /// [`crate::model::today`] decides for every command. A stage that
    /// needs it twice asks once and passes it on.
    pub fn check_date(&self) -> NaiveDate {
        crate::model::today(self.today)
    }
}

/// Load a tree from the working tree, or with `at` straight from that
/// commit (the working tree and index untouched).
pub fn load(opts: &Options) -> Result<(Tree, Vec<Diagnostic>)> {
    match &opts.at {
        Some(rev) => Repo::require(&opts.dir, "--at")?.load_at(rev),
        None => crate::load::load_dir(&opts.dir),
    }
}

/// A loaded tree and its sorted diagnostics.
#[derive(Debug)]
pub struct Checked {
    /// The tree.
    pub tree: Tree,
    /// Every diagnostic, sorted by file and line.
    pub report: Report,
    /// The records' git history, when checking read it (for documents), so
    /// rendering does not walk the commits a second time.
    history: Option<History>,
    /// The date it was judged as of.
    pub today: NaiveDate,
}

/// Load and check a tree, as of the check date (`today`, else the clock).
pub fn check(opts: &Options) -> Result<Checked> {
    let (tree, diags) = load(opts)?;
    let now = opts.check_date();
    // Git is asked only for the documents' history and edits.
    let repo = if tree.documents.is_empty() {
        None
    } else {
        Repo::discover(&opts.dir)?
    };
    judge(opts, tree, diags, (now, now), repo.as_ref())
}

/// Load and check a tree for its documents: as of the date they are judged
/// as of (`today`, else the commit's date, else the records'; see
/// [`Checked::into_corpus`]), so the warnings a build prints and the ones
/// its documents show are the same, on one as-of date.
pub fn check_documents(opts: &Options) -> Result<Checked> {
    let (tree, diags) = load(opts)?;
    // Git is asked for the commit's date (without `today`) and for the
    // documents' history and edits, once for both.
    let repo = if opts.today.is_none() || !tree.documents.is_empty() {
        Repo::discover(&opts.dir)?
    } else {
        None
    };
    let date = match (opts.today, &repo) {
        (Some(day), _) => Some(day),
        (None, Some(repo)) => repo.commit_date(opts.at.as_deref())?,
        (None, None) => None,
    };
    let now = opts.check_date();
    let date = date.or_else(|| tree.records_date()).unwrap_or(now);
    judge(opts, tree, diags, (date, now), repo.as_ref())
}

/// Check a loaded tree as of `today`; `now` is the check date its caller
/// read once (past events dated after it are impossible, E081). `repo`,
/// found once by the caller, gives the documents' history and their
/// uncommitted edits; with no document neither is asked.
fn judge(
    opts: &Options,
    mut tree: Tree,
    mut diags: Vec<Diagnostic>,
    (today, now): (NaiveDate, NaiveDate),
    repo: Option<&Repo>,
) -> Result<Checked> {
    let check_opts = crate::check::Options { today, now };
    let repo = repo.filter(|_| !tree.documents.is_empty());
    let (changes, history) = document_changes(opts, repo, &tree)?;
    tree.text_in_force = crate::check::text_in_force(&tree, &changes, today);
    diags.extend(crate::check::check(&tree, check_opts));
    diags.extend(crate::check::changed_after_approval(&tree, &changes, today));
    if opts.at.is_none()
        && let Some(repo) = repo
    {
        let edited = edited_since_approval(repo, &tree)?;
        diags.extend(crate::check::edited_after_approval(&tree, &edited));
    }
    let report = Report::new(diags, &tree.sources);
    Ok(Checked {
        tree,
        report,
        history,
        today,
    })
}

/// For W016 and the acknowledgements of awareness campaigns, for a tree in
/// git: the commits that changed each document's text, by path. The checker
/// judges the tree alone; the commits come from here. Outside git (or with
/// no document) there are none; commits after the check date are not
/// counted (by the checker).
/// The commit that added a file is no change to it: a document approved
/// before it came into git is approved as it came in. Only a change to the
/// text counts: a commit that touched the front matter alone (a new
/// approval, an owner) leaves the approved text as it was.
type DocumentChanges = std::collections::BTreeMap<String, Vec<crate::check::DocumentCommit>>;

fn document_changes(
    opts: &Options,
    repo: Option<&Repo>,
    tree: &Tree,
) -> Result<(DocumentChanges, Option<History>)> {
    let Some(repo) = repo else {
        return Ok((DocumentChanges::new(), None));
    };
    let history = repo.history(opts.at.as_deref())?;
    let documents: std::collections::HashSet<&str> = tree
        .documents
        .iter()
        .map(|r| tree.sources.get(r.file).path.as_str())
        .collect();
    let changes = history
        .docs
        .iter()
        .filter(|(path, _)| documents.contains(path.as_str()))
        .map(|(path, doc)| {
            let commits = doc
                .revisions
                .iter()
                .filter(|r| r.commit != doc.created.commit)
                .filter(|r| text_changed(repo, &r.commit, path))
                .filter_map(|r| {
                    Some(crate::check::DocumentCommit {
                        date: r.date.parse().ok()?,
                        short: r.short.clone(),
                    })
                })
                .collect();
            (path.clone(), commits)
        })
        .collect();
    Ok((changes, Some(history)))
}

/// Whether commit `id` changed the Markdown text of the record at `rel`
/// (not only its front matter). A file that cannot be read counts as
/// changed, so a doubt never hides a change.
fn text_changed(repo: &Repo, id: &str, rel: &str) -> bool {
    match repo.file_and_parent(id, rel) {
        Ok([Some(now), Some(before)]) => body_of(&now) != body_of(&before),
        _ => true,
    }
}

/// A record file's text below its front matter (all of it without one).
fn body_of(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match crate::load::split_front_matter(&text) {
        Ok((_, _, body)) => body.to_string(),
        Err(_) => text.into_owned(),
    }
}

/// The documents (paths) whose text in the working tree differs from
/// HEAD's while no newer approval is recorded than HEAD's: edits nobody
/// has approved. A document new since HEAD has no committed text to judge.
fn edited_since_approval(repo: &Repo, tree: &Tree) -> Result<Vec<String>> {
    let modified = repo.modified()?;
    let mut out = Vec::new();
    for r in &tree.documents {
        let src = tree.sources.get(r.file);
        if !modified.contains(&src.path) {
            continue;
        }
        let Ok([Some(head), _]) = repo.file_and_parent("HEAD", &src.path) else {
            continue;
        };
        if body_of(&head) == body_of(src.text.as_bytes()) {
            continue;
        }
        let approved_now = r.data.last_approval().map(|a| a.on);
        if approved_now > last_approval_in(&String::from_utf8_lossy(&head)) {
            continue;
        }
        out.push(src.path.clone());
    }
    Ok(out)
}

/// The latest `[[approval]]` date of a document's text, if it parses.
fn last_approval_in(text: &str) -> Option<NaiveDate> {
    let (front, _, _) = crate::load::split_front_matter(text).ok()?;
    let table: toml::Table = front.parse().ok()?;
    table
        .get("approval")?
        .as_array()?
        .iter()
        .filter_map(|a| a.get("on")?.as_datetime()?.to_string().parse().ok())
        .max()
}

/// A checked tree and what views and renderers need besides its records:
/// the date things are judged against, where the tree came from, its
/// history. It is made one of two ways, and the two differ:
///
/// - [`Checked::into_corpus`], for documents (the PDFs, the site, the risk
///   review sheets): the tree checked without errors, so `report` holds
///   warnings only; `today` is the document date unless given; `stamp` and
///   `history` come from git, `root` holds the templates of the commit
///   built (with `at`), and `since` is filled when asked for.
/// - [`Checked::into_overview`], for live reports (`isms status`,
///   `isms actions`, `isms review prep`): the tree as far as it loaded, so
///   `report` may hold errors and the records they kept from loading are
///   missing; `today` is the check date; `history` is empty (a caller that
///   needs it reads it with [`provenance`]), `since` is None and `root` is
///   the folder on disk.
pub struct Corpus {
    /// The loaded tree.
    pub tree: Tree,
    /// Its diagnostics: warnings only, except in an overview.
    pub report: Report,
    /// The date overdue flags are judged against: `today`, else the
    /// document date (for an overview, the check date).
    pub today: NaiveDate,
    /// Where the tree came from (git commit, or the records' own dates).
    pub stamp: Stamp,
    /// The ISMS folder the renderers read the tree's own templates and
    /// assets from.
    pub root: PathBuf,
    /// With `at`, the commit's templates and logo, copied out; `root`
    /// points here then. Kept alive as long as the corpus.
    snapshot: Option<tempfile::TempDir>,
    /// Revision history of every record file (empty outside git, and in an
    /// overview).
    pub history: History,
    /// What changed since `since`, when asked for (never in an overview).
    pub since: Option<Changes>,
    /// Every metric's series by quarter and each objective's state, for a
    /// tree keeping objectives or metrics (None for one keeping neither).
    pub measured: Option<crate::metrics::Measured>,
}

impl std::fmt::Debug for Corpus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Corpus")
            .field("root", &self.root)
            .field("stamp", &self.stamp)
            .field("today", &self.today)
            .field(
                "snapshot",
                &self.snapshot.as_ref().map(tempfile::TempDir::path),
            )
            .finish_non_exhaustive()
    }
}

impl Checked {
    /// Whether the records have errors.
    pub fn has_errors(&self) -> bool {
        self.report.errors() > 0
    }

    /// The corpus documents render from (see [`Corpus`]): stamp the tree
    /// and read its history from git; with `release`, refuse a tree that is
    /// not exactly a commit; with `since`, compare. Only a tree without
    /// errors renders: callers report those first.
    pub fn into_corpus(self, opts: &Options) -> Result<Corpus> {
        if self.has_errors() {
            bail!(
                "not rendering a tree with {} error(s); `isms check` lists them",
                self.report.errors()
            );
        }
        let Checked {
            tree,
            report,
            history,
            today: judged,
        } = self;
        let (stamp, history) = provenance_with(opts, &tree, history)?;
        if opts.release {
            if stamp.commit.is_none() {
                bail!(
                    "--release builds only from a git commit, and {} is not under version control",
                    opts.dir.display()
                );
            }
            if stamp.dirty {
                bail!(
                    "--release refuses a tree with uncommitted changes to: {}; commit them, or build a draft without --release",
                    stamp.modified.join(", ")
                );
            }
        }
        let since = match &opts.since {
            Some(rev) => Some(changes_since(opts, rev, &tree)?),
            None => None,
        };
        // Documents are judged as of their own date (the commit's, or the
        // records'), not the wall clock, so the same commit renders the same
        // bytes on any day; `today` overrides.
        let today = opts.today.or(stamp.date).unwrap_or(judged);
        // Renderers read the tree's own templates and logo from `root`; at a
        // past commit those must be the commit's, so copy them out of git.
        let (root, snapshot) = match &opts.at {
            Some(rev) => {
                let dir =
                    tempfile::tempdir().context("creating a folder for the commit's templates")?;
                let logo: Vec<&str> = tree
                    .config
                    .as_ref()
                    .and_then(|c| c.data.organisation.logo.as_deref())
                    .into_iter()
                    .collect();
                Repo::require(&opts.dir, "--at")?.snapshot_assets(rev, &logo, dir.path())?;
                (dir.path().to_path_buf(), Some(dir))
            }
            None => (opts.dir.clone(), None),
        };
        let measured = measured(opts, &tree, today)?;
        Ok(Corpus {
            tree,
            report,
            today,
            stamp,
            root,
            snapshot,
            history,
            since,
            measured,
        })
    }
}

impl Checked {
    /// An overview (see [`Corpus`]): the tree as far as it loaded, for live
    /// reports (`isms status`, `isms actions`, `isms review prep`): errors
    /// do not stop it, dates are judged as of `today` or the system date,
    /// and no history is read.
    pub fn into_overview(self, opts: &Options) -> Result<Corpus> {
        let Checked {
            tree,
            report,
            today,
            ..
        } = self;
        let stamp = match Repo::discover(&opts.dir)? {
            Some(repo) => repo.stamp(opts.at.as_deref())?,
            None => untracked_stamp(&tree),
        };
        let measured = measured(opts, &tree, today)?;
        Ok(Corpus {
            tree,
            report,
            today,
            stamp,
            root: opts.dir.clone(),
            snapshot: None,
            history: History::default(),
            since: None,
            measured,
        })
    }
}

/// Load, check and prepare a tree for rendering in one step, for callers
/// that show no diagnostics: a tree with errors is an error.
pub fn corpus(opts: &Options) -> Result<Corpus> {
    check_documents(opts)?.into_corpus(opts)
}

/// What changed from revision `rev` to `tree` (the tree being rendered: at
/// `at`, or the working tree). Records that do not load at `rev` are left
/// out, with one warning.
fn changes_since(opts: &Options, rev: &str, tree: &Tree) -> Result<Changes> {
    let repo = Repo::require(&opts.dir, "--since")?;
    let from = Side::revision(rev, &repo.resolve(rev)?.id().to_string());
    let (old, diags) = repo.load_at(rev)?;
    warn_broken(&from, &diags);
    let to = match &opts.at {
        Some(at) => Side::revision(at, &repo.resolve(at)?.id().to_string()),
        None => Side::working_tree(),
    };
    Ok(crate::diff::compare(&old, tree, from, to))
}

/// What changed from the tree as it stood on `day` (the newest commit on
/// HEAD made that day or before) to `tree`; None outside git or when the
/// history does not reach back that far.
pub fn changes_since_day(opts: &Options, day: NaiveDate, tree: &Tree) -> Result<Option<Changes>> {
    let Some(repo) = Repo::discover(&opts.dir)? else {
        return Ok(None);
    };
    let Some(commit) = repo.commit_on(day)? else {
        return Ok(None);
    };
    let id = commit.id().to_string();
    let label = format!("the tree on {day}");
    let from = Side::revision(&label, &id);
    let (old, diags) = repo.load_at(&id)?;
    warn_broken(&from, &diags);
    let to = match &opts.at {
        Some(at) => Side::revision(at, &repo.resolve(at)?.id().to_string()),
        None => Side::working_tree(),
    };
    Ok(Some(crate::diff::compare(&old, tree, from, to)))
}

/// The date of revision `rev`'s commit (UTC) and what changed from it to
/// `tree`.
pub fn changes_since_rev(opts: &Options, rev: &str, tree: &Tree) -> Result<(NaiveDate, Changes)> {
    let repo = Repo::require(&opts.dir, "--since REV")?;
    let commit = repo.resolve(rev)?;
    let day = chrono::DateTime::from_timestamp(commit.time().seconds(), 0)
        .map(|t| t.date_naive())
        .with_context(|| format!("the commit `{rev}` has no valid date"))?;
    Ok((day, changes_since(opts, rev, tree)?))
}

/// Records that do not load are missing from a comparison: say so, once.
pub fn warn_broken(side: &Side, diags: &[Diagnostic]) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .count();
    if errors > 0 {
        eprintln!(
            "warning: {} has {errors} error(s) in its records; records that do not load are left out of the comparison (`isms check` lists them)",
            side.label
        );
    }
}

/// Where a tree came from and the history of its records: from git when the
/// tree is in a repository (at `at`, or HEAD plus the working tree's
/// changes), otherwise dated by its records and "not under version control".
pub fn provenance(opts: &Options, tree: &Tree) -> Result<(Stamp, History)> {
    provenance_with(opts, tree, None)
}

/// [`provenance`], with the history when it was read already.
fn provenance_with(
    opts: &Options,
    tree: &Tree,
    known: Option<History>,
) -> Result<(Stamp, History)> {
    let Some(repo) = Repo::discover(&opts.dir)? else {
        return Ok((untracked_stamp(tree), History::default()));
    };
    let at = opts.at.as_deref();
    let mut stamp = repo.stamp(at)?;
    if stamp.date.is_none() {
        // A repository with no commit yet: nothing to date it by but the records.
        stamp.date = tree.records_date();
    }
    let history = match known {
        Some(h) => h,
        None => repo.history(at)?,
    };
    Ok((stamp, history))
}

/// Every metric's series for `tree` (the tree `opts` names), per `period`
/// over the git history of the repository holding it, as of `today`;
/// outside git, the current values alone.
pub fn measure(
    opts: &Options,
    tree: &Tree,
    period: crate::metrics::Period,
    today: NaiveDate,
) -> Result<crate::metrics::Measured> {
    let repo = Repo::discover(&opts.dir)?;
    crate::metrics::measure(repo.as_ref(), opts.at.as_deref(), tree, period, today)
}

/// Every metric's value on `day` for `tree` (the tree `opts` names), from
/// the commit standing that day: a past management review's figures.
pub fn values_on(
    opts: &Options,
    tree: &Tree,
    day: NaiveDate,
) -> Result<std::collections::BTreeMap<String, Option<f64>>> {
    let repo = Repo::discover(&opts.dir)?;
    let period = crate::metrics::Period::Quarter;
    crate::metrics::values_on(repo.as_ref(), opts.at.as_deref(), tree, day, period)
}

/// The quarterly series documents show, for a tree keeping objectives or
/// metrics; None for one keeping neither, which reads no history for them,
/// and for a document that shows none (`unmeasured`).
fn measured(
    opts: &Options,
    tree: &Tree,
    today: NaiveDate,
) -> Result<Option<crate::metrics::Measured>> {
    if opts.unmeasured || (tree.objectives.is_empty() && tree.metrics.is_empty()) {
        return Ok(None);
    }
    let period = crate::metrics::Period::Quarter;
    measure(opts, tree, period, today).map(Some)
}

/// Provenance of a tree outside version control: dated by its records.
fn untracked_stamp(tree: &Tree) -> Stamp {
    Stamp {
        date: tree.records_date(),
        label: "not under version control".into(),
        ..Stamp::default()
    }
}
