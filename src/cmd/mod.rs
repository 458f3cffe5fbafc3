//! One module per subcommand. Each returns the process exit code; errors of
//! the environment come back as `anyhow` errors (exit 2).

pub mod actions;
mod append;
pub mod awareness;
pub mod build;
mod cells;
pub mod check;
mod columns;
pub mod diff;
pub mod evidence;
pub mod export;
pub mod import;
pub mod init;
pub mod metrics;
pub mod migrate;
pub mod new;
pub mod pdf;
pub mod prep;
mod record;
pub mod review;
mod soa_rows;
pub mod status;
mod table;
mod values;

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::{Cli, Command, TreeArgs};
use crate::diag::{Report, Sources};
use crate::pipeline::{self, Corpus, Options};

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
        Command::Schema { kind, write } => match (write, kind) {
            (Some(dir), _) => init::write_schemas(&dir),
            (None, Some(kind)) => schema(&kind),
            (None, None) => anyhow::bail!("name a record kind, or --write DIR"),
        },
        Command::Explain { code, list } => explain(code.as_deref(), list),
        Command::Pdf(args) => pdf::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Status(args) => status::run(&args),
        Command::Actions(args) => actions::run(&args),
        Command::Review(args) => review::run(&args),
        Command::Evidence(args) => evidence::run(&args),
        Command::Metrics(args) => metrics::run(&args),
        Command::Measure(args) => metrics::measure(&args),
        Command::Awareness(args) => awareness::run(&args),
        Command::Init(args) => init::run(&args),
        Command::New(args) => new::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Migrate(crate::cli::MigrateCmd::Soa(args)) => migrate::run(&args),
        Command::Migrate(crate::cli::MigrateCmd::Assets(args)) => migrate::assets::run(&args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "isms", &mut script);
            out(&String::from_utf8_lossy(&script))?;
            Ok(EXIT_OK)
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            out(&String::from_utf8_lossy(&page))?;
            Ok(EXIT_OK)
        }
    }
}

fn schema(kind: &str) -> Result<u8> {
    match crate::schema::Kind::from_name(kind) {
        Some(k) => {
            out(k.schema_text())?;
            Ok(EXIT_OK)
        }
        None => anyhow::bail!(
            "unknown record kind `{kind}`; kinds are: {}",
            crate::schema::Kind::names()
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
                outln(&format!("{k} ({sev}, {}): {}", k.family(), k.summary()))?;
                out(&format!("\n{}", k.explanation()))?;
                Ok(EXIT_OK)
            }
            None => anyhow::bail!("unknown code `{c}`; `isms explain --list` lists them"),
        },
        _ => {
            for k in Code::ALL {
                outln(&format!("{k}  {}", k.summary()))?;
            }
            Ok(EXIT_OK)
        }
    }
}

/// The tree's folder: `given`, else the current folder or the nearest one
/// above it holding isms.toml (as a relative path, `..`, so diagnostics name
/// files relative to where the command runs).
pub fn tree_dir(given: Option<&Path>) -> PathBuf {
    if let Some(d) = given {
        return d.to_path_buf();
    }
    let here = PathBuf::from(".");
    let Ok(cwd) = std::env::current_dir() else {
        return here;
    };
    let mut up = PathBuf::new();
    for dir in cwd.ancestors() {
        if dir.join("isms.toml").is_file() {
            return if up.as_os_str().is_empty() { here } else { up };
        }
        up.push("..");
    }
    here
}

impl TreeArgs {
    /// The tree's folder: as given, else the current folder or the nearest
    /// one above it holding isms.toml (as a relative path, `..`, so
    /// diagnostics name files relative to where the command runs).
    pub fn dir(&self) -> PathBuf {
        tree_dir(self.dir.as_deref())
    }

    /// The pipeline options these arguments name.
    pub fn options(&self) -> Options {
        Options {
            dir: self.dir(),
            at: self.at.clone(),
            today: self.today,
            ..Options::default()
        }
    }
}

impl crate::cli::RenderArgs {
    /// The pipeline options of `tree` rendered with these (`since` as
    /// given: `isms pdf` keeps it for the pack alone).
    pub fn options(&self, tree: &TreeArgs) -> Options {
        Options {
            release: self.release,
            since: self.since.clone(),
            ..tree.options()
        }
    }
}

/// Check the tree and print its diagnostics; refuse (None) a tree with
/// errors, else prepare it for rendering. Warnings are shown and do not
/// block.
pub(crate) fn prepare(opts: &Options) -> Result<Option<Corpus>> {
    let checked = pipeline::check_documents(opts)?;
    if checked.report.errors() > 0 || checked.report.warnings() > 0 {
        print_report(&checked.report, &checked.tree.sources, &opts.dir);
        if opts.today.is_none() {
            eprintln!(
                "note: judged as of {}, the date the documents carry (--today judges as of another day)",
                checked.today
            );
        }
    }
    if checked.has_errors() {
        eprintln!("error: not rendering a tree with errors; fix them and run again");
        return Ok(None);
    }
    let corpus = checked.into_corpus(opts)?;
    if corpus.stamp.dirty {
        eprintln!(
            "note: building a DRAFT: uncommitted changes to {}",
            corpus.stamp.modified.join(", ")
        );
    }
    Ok(Some(corpus))
}

/// The view of a tree as far as it loads, for the live reports (`status`,
/// `actions`): a tree with errors still reports, with a note saying what
/// that leaves out.
pub(crate) fn overview(opts: &Options) -> Result<(Corpus, crate::render::view::View)> {
    let corpus = pipeline::check(opts)?.into_overview(opts)?;
    let errors = corpus.report.errors();
    if errors > 0 {
        eprintln!(
            "note: the tree has {errors} error(s); records that do not load are left out (`isms check` lists them)"
        );
    }
    let view = crate::render::view::build(&corpus, &crate::render::view::no_markdown)?;
    Ok((corpus, view))
}

/// Standard output went away (`isms ... | head`): the command stops
/// quietly, as Unix tools do, instead of failing on a broken pipe.
#[derive(Debug)]
pub struct ReaderGone;

impl std::fmt::Display for ReaderGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("standard output was closed")
    }
}

impl std::error::Error for ReaderGone {}

/// Write `text` to standard output; a reader that went away is
/// [`ReaderGone`], any other failure an error saying so. Every command
/// prints through this (clippy's `print_stdout` keeps it so).
pub fn out(text: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ReaderGone.into()),
        r => r.map_err(|e| anyhow::Error::new(e).context("writing to standard output")),
    }
}

/// [`out`] and a newline.
pub fn outln(text: &str) -> Result<()> {
    out(&format!("{text}\n"))
}

/// Print a human report on stderr.
pub fn print_report(report: &Report, sources: &Sources, root: &Path) {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", report.render_human(sources, root, color));
}
