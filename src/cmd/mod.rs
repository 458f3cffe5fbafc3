//! One module per subcommand. Each returns the process exit code; errors of
//! the environment come back as `anyhow` errors (exit 2).

pub mod build;
pub mod check;
pub mod diff;
pub mod pdf;

use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use crate::cli::{Cli, Command, TreeArgs};
use crate::diag::{Diagnostic, Report, Sources};
use crate::git::{History, Repo};
use crate::load::Tree;
use crate::render::view::{self, Stamp};

/// Exit code: no errors.
pub const EXIT_OK: u8 = 0;
/// Exit code: the records have errors.
pub const EXIT_ERRORS: u8 = 1;
/// Exit code: the tool could not run.
pub const EXIT_FAILURE: u8 = 2;

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Schema { kind } => schema(&kind),
        Command::Explain { code, list } => explain(code.as_deref(), list),
        Command::Pdf(args) => pdf::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Diff(args) => diff::run(&args),
    }
}

fn schema(kind: &str) -> Result<u8> {
    match crate::schema::Kind::from_name(kind) {
        Some(k) => {
            print!("{}", k.schema_text());
            Ok(EXIT_OK)
        }
        None => anyhow::bail!(
            "unknown record kind `{kind}`; kinds are: isms, soa, risk, audit, review, incident"
        ),
    }
}

fn explain(code: Option<&str>, list: bool) -> Result<u8> {
    use crate::diag::Code;
    match code {
        Some(c) if !list => match Code::ALL
            .iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(c))
        {
            Some(k) => {
                let sev = match k.severity() {
                    crate::diag::Severity::Error => "error",
                    crate::diag::Severity::Warning => "warning",
                };
                println!("{k} ({sev}, {}): {}", k.family(), k.summary());
                Ok(EXIT_OK)
            }
            None => anyhow::bail!("unknown code `{c}`; `isms explain --list` lists them"),
        },
        _ => {
            for k in Code::ALL {
                println!("{k}  {}", k.summary());
            }
            Ok(EXIT_OK)
        }
    }
}

/// The date warnings are judged against.
pub fn today(args: &TreeArgs) -> NaiveDate {
    args.today
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Load a tree from the working tree, or with `--at REV` straight from that
/// commit (the working tree and index untouched).
pub fn load_tree(args: &TreeArgs) -> Result<(Tree, Vec<Diagnostic>)> {
    match &args.at {
        Some(rev) => Repo::require(&args.dir, "--at")?.load_at(rev),
        None => crate::load::load_dir(&args.dir),
    }
}

/// Load and check a tree: the tree and the sorted report.
pub fn load_and_check(args: &TreeArgs) -> Result<(Tree, Report)> {
    let (tree, mut diags) = load_tree(args)?;
    diags.extend(crate::check::check(
        &tree,
        crate::check::Options { today: today(args) },
    ));
    let report = Report::new(diags, &tree.sources);
    Ok((tree, report))
}

/// A tree that checked without errors, ready to render.
pub struct Prepared {
    /// The loaded tree.
    pub tree: Tree,
    /// Its diagnostics (warnings only).
    pub report: Report,
    /// The date overdue flags are judged against: `--today`, else the
    /// document date (`stamp.date`).
    pub today: NaiveDate,
    /// Where the tree came from (git commit, or the records' own dates).
    pub stamp: Stamp,
    /// The ISMS root folder (for the tree's own templates and assets).
    pub root: std::path::PathBuf,
    /// With `--at`, the commit's templates and logo, copied out; `root`
    /// points here then. Kept alive as long as the Prepared.
    pub snapshot: Option<tempfile::TempDir>,
    /// Revision history of every record file (empty outside git).
    pub history: History,
    /// What changed since `--since REV`, when asked for.
    pub since: Option<crate::diff::Changes>,
}

impl Prepared {
    /// The view model, with Markdown converted by `md`, document control
    /// attached.
    pub fn pack(&self, md: view::MdFn<'_>) -> Result<view::Pack> {
        let mut pack = view::build(&self.tree, self.today, self.stamp.clone(), md)
            .ok_or_else(|| anyhow::anyhow!("the tree has no isms.toml or soa.toml"))?;
        pack.attach_history(&self.history);
        pack.changes = self.since.clone();
        Ok(pack)
    }
}

/// What `pdf` and `build` ask of a tree beyond where it is.
#[derive(Debug, Clone, Default)]
pub struct RenderOpts {
    /// Refuse a tree with uncommitted changes to its records.
    pub release: bool,
    /// Compare with the tree at this revision ("changes since").
    pub since: Option<String>,
}

/// [`prepare_with`] with default options.
pub fn prepare(args: &TreeArgs) -> Result<std::result::Result<Prepared, u8>> {
    prepare_with(args, &RenderOpts::default())
}

/// Load and check; print the diagnostics; refuse (Err(exit code)) when there
/// are errors. Warnings are shown and do not block. Stamp the tree and read
/// its history from git; with `release`, refuse (exit 2) a tree that is not
/// exactly a commit.
pub fn prepare_with(
    args: &TreeArgs,
    opts: &RenderOpts,
) -> Result<std::result::Result<Prepared, u8>> {
    let (tree, report) = load_and_check(args)?;
    if report.errors() > 0 {
        print_report(&report, &tree.sources, &args.dir);
        eprintln!("error: not rendering a tree with errors; fix them and run again");
        return Ok(Err(EXIT_ERRORS));
    }
    if report.warnings() > 0 {
        print_report(&report, &tree.sources, &args.dir);
    }
    let (stamp, history) = provenance(args, &tree)?;
    if opts.release {
        if stamp.commit.is_none() {
            anyhow::bail!(
                "--release builds only from a git commit, and {} is not under version control",
                args.dir.display()
            );
        }
        if stamp.dirty {
            anyhow::bail!(
                "--release refuses a tree with uncommitted changes to: {}; commit them, or build a draft without --release",
                stamp.modified.join(", ")
            );
        }
    }
    let since = match &opts.since {
        Some(rev) => Some(changes_since(args, rev, &tree)?),
        None => None,
    };
    if stamp.dirty {
        eprintln!(
            "note: building a DRAFT: uncommitted changes to {}",
            stamp.modified.join(", ")
        );
    }
    // Documents are judged as of their own date (the commit's, or the
    // records'), not the wall clock, so the same commit renders the same
    // bytes on any day; --today overrides.
    let today = args
        .today
        .or_else(|| NaiveDate::parse_from_str(&stamp.date, "%Y-%m-%d").ok())
        .unwrap_or_else(|| today(args));
    // Renderers read the tree's own templates and logo from `root`; at a
    // past commit those must be the commit's, so copy them out of git.
    let (root, snapshot) = match &args.at {
        Some(rev) => {
            let dir =
                tempfile::tempdir().context("creating a folder for the commit's templates")?;
            let logo: Vec<&str> = tree
                .config
                .as_ref()
                .and_then(|c| c.data.organisation.logo.as_deref())
                .into_iter()
                .collect();
            Repo::require(&args.dir, "--at")?.snapshot_assets(rev, &logo, dir.path())?;
            (dir.path().to_path_buf(), Some(dir))
        }
        None => (args.dir.clone(), None),
    };
    Ok(Ok(Prepared {
        tree,
        report,
        today,
        stamp,
        root,
        snapshot,
        history,
        since,
    }))
}

/// What changed from revision `rev` to `tree` (the tree being rendered: at
/// `--at`, or the working tree).
pub fn changes_since(args: &TreeArgs, rev: &str, tree: &Tree) -> Result<crate::diff::Changes> {
    use crate::diff::Side;
    let repo = Repo::require(&args.dir, "--since")?;
    let from = Side::revision(rev, &repo.resolve(rev)?.id().to_string());
    let (old, diags) = repo.load_at(rev)?;
    diff::warn_broken(&from, &diags);
    let to = match &args.at {
        Some(at) => Side::revision(at, &repo.resolve(at)?.id().to_string()),
        None => Side::working_tree(),
    };
    Ok(crate::diff::compare(&old, tree, from, to))
}

/// Where a tree came from and the history of its records: from git when the
/// tree is in a repository (at `--at REV`, or HEAD plus the working tree's
/// changes), otherwise dated by its records and "not under version control".
pub fn provenance(args: &TreeArgs, tree: &Tree) -> Result<(Stamp, History)> {
    let Some(repo) = Repo::discover(&args.dir)? else {
        return Ok((untracked_stamp(tree), History::default()));
    };
    let at = args.at.as_deref();
    let mut stamp = repo.stamp(at)?;
    if stamp.date.is_empty() {
        // A repository with no commit yet: nothing to date it by but the records.
        stamp.date = untracked_stamp(tree).date;
    }
    Ok((stamp, repo.history(at)?))
}

/// Provenance of a tree outside version control: dated by its records.
pub fn untracked_stamp(tree: &Tree) -> Stamp {
    let date = view::records_date(tree)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    Stamp {
        date,
        label: "not under version control".into(),
        ..Stamp::default()
    }
}

/// Print a human report on stderr.
pub fn print_report(report: &Report, sources: &Sources, root: &Path) {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", report.render_human(sources, root, color));
}
