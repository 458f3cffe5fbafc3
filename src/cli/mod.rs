//! The command line, declared with clap. Doc comments are the help text.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

mod metrics;
mod pdf;

pub use metrics::{MeasureArgs, MetricsArgs, MetricsFormat, PeriodArg};
pub use pdf::{PdfArgs, PdfDoc, PdfOpts, PdfStandard, RecordDoc, RegisterDoc, RenderArgs};

use crate::load::kinds;

/// Keep an ISO/IEC 27001 ISMS as a tree of TOML and Markdown records: check it
/// like a compiler, render auditor-ready PDF and HTML packs.
#[derive(Debug, Parser)]
#[command(name = "isms", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every record and report every mistake, with file, line and a fix.
    Check(CheckArgs),
    /// Print the JSON Schema of a record kind, or write them all with --write DIR.
    Schema {
        /// The record kind.
        #[arg(required_unless_present = "write", value_parser = schema_kinds())]
        kind: Option<String>,
        /// Write every schema into DIR as KIND.schema.json (where the `#:schema` lines
        /// of `isms init` and `isms new` point: the tree's schemas/ folder).
        #[arg(long, value_name = "DIR", conflicts_with = "kind")]
        write: Option<PathBuf>,
    },
    /// Explain a diagnostic code (`isms explain E045`): what the rule protects, a wrong
    /// example and its fix; or list every code.
    Explain {
        /// The code, e.g. E045.
        code: Option<String>,
        /// List every code with its summary.
        #[arg(long)]
        list: bool,
    },
    /// Render one PDF document (checks first; refuses a tree with errors).
    Pdf(PdfArgs),
    /// Render everything into OUT: out/pdf (the pack and each document) and out/html.
    Build(BuildArgs),
    /// What changed in the ISMS between two revisions, in terms a risk committee understands.
    Diff(DiffArgs),
    /// The state of the ISMS on one screen: risks, reviews due, actions, SoA, audits.
    Status(StatusArgs),
    /// Every action in the tree, whatever holds it, with filters.
    Actions(ActionsArgs),
    /// The periodic reviews: risks due and reviewed, and the management review drafted.
    #[command(subcommand)]
    Review(ReviewArgs),
    /// The evidence register: what is due and overdue, and recording new collections.
    Evidence(EvidenceArgs),
    /// Awareness campaigns: completion by department and who is overdue; recording the
    /// completion files an LMS or signing tool exports.
    Awareness(AwarenessArgs),
    // Onboarding (issue 11): the arguments are in the block at the end.
    /// Monitoring and measurement (9.1): every metric's value at each period end over the
    /// git history, and where each objective (6.2) stands.
    Metrics(MetricsArgs),
    /// Record a measurement of a manual metric (metrics/MET-001.md), every other byte kept.
    Measure(MeasureArgs),
    /// Start a new ISMS tree that explains itself (never overwrites a file).
    Init(InitArgs),
    /// Create a new record with the next free id, from a template; prints its path.
    New(NewArgs),
    /// Export the risks, the SoA, the actions, the incidents or the evidence register as CSV,
    /// xlsx or JSON.
    Export(ExportArgs),
    /// Create or update risks or SoA entries from a CSV or xlsx sheet (all rows checked first).
    Import(ImportArgs),
    /// Move records to a newer format: a 2013 SoA (soa.toml with 2013 ids, or a
    /// sheet) into a 2022 soa.toml; risks' free-text assets into asset records.
    #[command(subcommand)]
    Migrate(MigrateCmd),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `isms man > isms.1`.
    Man,
}

/// `isms review prep`.
#[derive(Debug, Args)]
pub struct ReviewPrepArgs {
    /// Tree and date.
    #[command(flatten)]
    pub tree: TreeArgs,
    /// Start of the period: a date (YYYY-MM-DD) or a git revision [default:
    /// the date of the last held review].
    #[arg(long, value_name = "REV|DATE")]
    pub since: Option<String>,
    /// Create the next review record (status "planned") instead of printing
    /// the draft; never overwrites a file.
    #[arg(long)]
    pub write: bool,
    /// Also render the draft as a review pack PDF into FILE
    /// [default: out/review/<next id>-draft.pdf].
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "")]
    pub pdf: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Where the tree is and what "today" is.
#[derive(Debug, Args, Clone)]
pub struct TreeArgs {
    /// The ISMS tree: the folder holding isms.toml [default: the current
    /// folder, or the nearest one above it that holds isms.toml].
    pub dir: Option<PathBuf>,
    /// Judge dates (overdue reviews and actions) as of this day [default: the system date].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Read the tree from this git revision (commit, tag or branch) instead of the working tree.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

/// `isms check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Tree and date.
    #[command(flatten)]
    pub tree: TreeArgs,
    /// Output format: for people, like rustc, on stderr; or JSON, GitHub
    /// Actions annotations or SARIF on stdout.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `isms check`'s output format: those of every command, and two for CI.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// Like rustc, on stderr.
    Human,
    /// A JSON document on stdout.
    Json,
    /// GitHub Actions workflow commands on stdout, so each diagnostic shows
    /// on its line of the pull request.
    Github,
    /// A SARIF 2.1.0 log on stdout, for code-scanning dashboards.
    Sarif,
}

/// Output format. Where each goes is the command's to say: `isms check`
/// prints people's diagnostics on stderr, every other command on stdout.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// For people.
    Human,
    /// A JSON document on stdout.
    Json,
}

/// `isms build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Tree and date.
    #[command(flatten)]
    pub tree: TreeArgs,
    /// Output folder.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    pub output: PathBuf,
    /// How the PDFs are rendered.
    #[command(flatten)]
    pub render: RenderArgs,
    /// Build only the HTML site or only the PDF documents [default: both].
    #[arg(long, value_enum, value_name = "OUTPUT")]
    pub only: Option<Output>,
    /// Print nothing but the diagnostics: no summary, no progress.
    #[arg(short, long)]
    pub quiet: bool,
}

/// What `isms build --only` builds.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Output {
    /// The static HTML site, out/html.
    Html,
    /// The PDF documents, out/pdf.
    Pdf,
}

/// `isms status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Tree and date.
    #[command(flatten)]
    pub tree: TreeArgs,
    /// Count risk reviews due within this many days as due soon.
    #[arg(long, value_name = "DAYS", default_value = "30d", value_parser = parse_days)]
    pub within: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `isms actions`.
#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// Tree and date.
    #[command(flatten)]
    pub tree: TreeArgs,
    /// Only this person's actions (a person id of isms.toml).
    #[arg(long, value_name = "ID")]
    pub owner: Option<String>,
    /// Only open actions past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Only actions in this state.
    #[arg(long, value_enum)]
    pub status: Option<ActionState>,
    /// Only actions held by this kind of record.
    #[arg(long, value_enum)]
    pub source: Option<ActionSource>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Human)]
    pub format: TableFormat,
}

/// An action's state, as `--status` takes it.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ActionState {
    /// Still to do.
    Open,
    /// Done.
    Done,
    /// Cancelled.
    Cancelled,
}

/// What holds an action, as `--source` takes it.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ActionSource {
    /// A risk's treatment.
    Risk,
    /// An audit finding's corrective action.
    Audit,
    /// A management review's decision.
    Review,
    /// An incident's lesson.
    Incident,
}

/// Output of a listing.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TableFormat {
    /// An aligned table, for people.
    Human,
    /// A JSON document.
    Json,
    /// CSV with a header row.
    Csv,
}

/// The names `isms schema` takes: every kind of file the tree holds.
fn schema_kinds() -> clap::builder::PossibleValuesParser {
    let names: Vec<&'static str> = crate::schema::Kind::ALL.iter().map(|k| k.name()).collect();
    clap::builder::PossibleValuesParser::new(names)
}

/// "30d" or "30": a number of days, at most ten years.
fn parse_days(s: &str) -> Result<u32, String> {
    s.strip_suffix('d')
        .unwrap_or(s)
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= 3660)
        .ok_or_else(|| format!("`{s}` is not a number of days such as 30d (at most 3660d)"))
}

/// `isms diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier revision (commit, tag or branch).
    #[arg(value_name = "REV1")]
    pub from: String,
    /// The later revision [default: the working tree]. A folder holding
    /// isms.toml here is the tree, not a revision: `isms diff REV1 DIR`.
    #[arg(value_name = "REV2")]
    pub to: Option<String>,
    /// The ISMS tree: the folder holding isms.toml, inside the repository
    /// [default: the current folder, or the nearest one above it that holds
    /// isms.toml].
    #[arg(value_name = "DIR")]
    pub tree: Option<PathBuf>,
    /// The ISMS tree, as an option (the same as DIR).
    #[arg(long = "dir", value_name = "DIR", conflicts_with = "tree")]
    pub dir: Option<PathBuf>,
    /// Output format (either way on stdout).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

// ---- `isms review` (issue 9) -------------------------------------------

/// `isms review`.
#[derive(Debug, Subcommand)]
pub enum ReviewArgs {
    /// The review sheet: open risks due for review within a window (overdue first), by owner.
    Risks(ReviewRisksArgs),
    /// Record that risks were reviewed: set `reviewed` in each, changing nothing else in the file.
    Done(ReviewDoneArgs),
    /// Draft the next management review (9.3.2 inputs) from the records and their git history.
    Prep(ReviewPrepArgs),
}

/// `isms review risks`.
#[derive(Debug, Args)]
pub struct ReviewRisksArgs {
    /// Tree and date.
    #[command(flatten)]
    pub tree: TreeArgs,
    /// Only the risks owned by this person (their id in isms.toml).
    #[arg(long, value_name = "ID")]
    pub owner: Option<String>,
    /// List risks due within this many days, e.g. 30d (overdue ones always).
    #[arg(long, value_name = "DAYS", default_value = "30d", value_parser = parse_days)]
    pub within: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also write one PDF sheet per owner into the --output folder.
    #[arg(long)]
    pub pdf: bool,
    /// Where --pdf writes the sheets.
    #[arg(short, long, value_name = "DIR", default_value = "out/review")]
    pub output: PathBuf,
}

/// `isms review done`.
#[derive(Debug, Args)]
pub struct ReviewDoneArgs {
    /// The ISMS tree: the folder holding isms.toml [default: the current
    /// folder, or the nearest one above it that holds isms.toml].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The risks reviewed, e.g. R-007 R-012.
    #[arg(required = true, value_name = "RISK")]
    pub ids: Vec<String>,
    /// The day of the review [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub on: Option<NaiveDate>,
    /// What today is, which the review cannot be after [default: the system date].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

// ---- `isms evidence` (issue 10) -----------------------------------------

/// `isms evidence`: the listing, or a subcommand.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EvidenceArgs {
    /// Create a record or record a collection.
    #[command(subcommand)]
    pub action: Option<EvidenceAction>,
    /// The listing's options.
    #[command(flatten)]
    pub list: EvidenceListArgs,
}

/// `isms evidence [DIR]`: every item with its last collection, next due
/// date and state, by owner.
#[derive(Debug, Args)]
pub struct EvidenceListArgs {
    /// Tree and date.
    #[command(flatten)]
    pub tree: TreeArgs,
    /// Count items due within this many days as due soon.
    #[arg(long, value_name = "DAYS", default_value = "30d", value_parser = parse_days)]
    pub due: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// The evidence subcommands.
#[derive(Debug, Subcommand)]
pub enum EvidenceAction {
    /// Create the next EV-NNN record (no collection yet) and print its path.
    New(EvidenceNewArgs),
    /// Record a collection: hash the files (inside the tree) and append them, nothing else changed.
    Add(EvidenceAddArgs),
}

/// `isms evidence new`.
#[derive(Debug, Args)]
pub struct EvidenceNewArgs {
    /// The ISMS tree [default: the current folder, or the nearest one above it that holds isms.toml].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// What the evidence is, e.g. "Quarterly access review".
    #[arg(long)]
    pub title: String,
    /// An Annex A control it shows working (repeat for several).
    #[arg(long = "control", value_name = "ID", required = true)]
    pub controls: Vec<String>,
    /// Who collects it (a person id of isms.toml).
    #[arg(long, value_name = "ID")]
    pub owner: String,
    /// How often: 30d, 2w, 3m, 1y, weekly, monthly, quarterly, half-yearly, yearly.
    #[arg(long, value_name = "CADENCE")]
    pub every: String,
    /// A SOC 2 criterion it covers (repeat) [default: derived from the controls].
    #[arg(long = "soc2", value_name = "ID")]
    pub soc2: Vec<String>,
}

/// `isms awareness`.
#[derive(Debug, Args)]
pub struct AwarenessArgs {
    /// Record a completion file.
    #[command(subcommand)]
    pub action: Option<AwarenessAction>,
    /// The listing's options.
    #[command(flatten)]
    pub list: AwarenessListArgs,
}

/// `isms awareness [DIR]`: each campaign's completion by department, and
/// who is overdue (by staff id: nothing more than the roster holds).
#[derive(Debug, Args)]
pub struct AwarenessListArgs {
    /// Tree and date.
    #[command(flatten)]
    pub tree: TreeArgs,
    /// Only this department (as the roster writes it).
    #[arg(long, value_name = "D")]
    pub department: Option<String>,
    /// Output format: a table, JSON, or CSV with a row per member of each
    /// campaign's audience.
    #[arg(long, value_enum, default_value_t = TableFormat::Human)]
    pub format: TableFormat,
}

/// The awareness subcommands.
#[derive(Debug, Subcommand)]
pub enum AwarenessAction {
    /// Record a completion export (CSV: staff id or email, date, optional score): every
    /// row is checked against the roster first, then the file is copied into the tree
    /// (unless it is in it) and recorded with its sha256.
    Add(AwarenessAddArgs),
}

/// `isms awareness add`.
#[derive(Debug, Args)]
pub struct AwarenessAddArgs {
    /// The ISMS tree [default: the current folder, or the nearest one above it that holds isms.toml].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The campaign, e.g. AWR-2026-01.
    pub id: String,
    /// The completion file (CSV).
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
}

/// `isms evidence add`.
#[derive(Debug, Args)]
pub struct EvidenceAddArgs {
    /// The ISMS tree [default: the current folder, or the nearest one above it that holds isms.toml].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The evidence record, e.g. EV-004.
    pub id: String,
    /// Files of this collection, inside the tree (their sha256 is recorded).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// A URL where the evidence lives, e.g. a CI run (repeat for several).
    #[arg(long = "link", value_name = "URL")]
    pub links: Vec<String>,
    /// The date the evidence is effective [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub on: Option<NaiveDate>,
    /// A remark on this collection.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Who collected it (a person id) [default: the record's owner].
    #[arg(long, value_name = "ID")]
    pub by: Option<String>,
    /// What today is, which `--on` cannot be after [default: the system date].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}
// ---- onboarding: `isms init`, `isms new` (issue 11) --------------------

/// `isms init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the tree in [default: the current folder].
    pub dir: Option<PathBuf>,
    /// The organisation's name, printed on every document.
    #[arg(long, value_name = "NAME")]
    pub org: String,
    /// The date written as the SoA's draft approval date [default: the system date].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// `isms new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The kind of record.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(crate::cmd::new::kind_names()))]
    pub kind: String,
    /// The record's title.
    #[arg(long)]
    pub title: Option<String>,
    /// The ISMS tree [default: the current folder, or the nearest one above it that
    /// holds isms.toml].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The date the id's year and the template's dates come from [default: the system date].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

// ---- onboarding: `isms export`, `isms import` (issue 11) ---------------

/// `isms export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export: risks, soa, actions, incidents, evidence, or any
    /// record kind's folder (audits, reviews, documents...).
    #[arg(value_parser = export_sheets())]
    pub what: String,
    /// The ISMS tree [default: the current folder, or the nearest one above it that
    /// holds isms.toml].
    pub dir: Option<PathBuf>,
    /// Output format [default: from the -o file's extension, else csv].
    #[arg(long, value_enum)]
    pub format: Option<SheetFormat>,
    /// Output file [default: standard output; xlsx needs a file].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Judge evidence due dates and states as of this day [default: the system date].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// The sheets `isms export` writes: those with columns of their own, then
/// every other record kind's, by its folder.
pub const EXPORT_SHEETS: [&str; 5] = ["risks", "soa", "actions", "incidents", "evidence"];

fn export_sheets() -> clap::builder::PossibleValuesParser {
    let mut names: Vec<&'static str> = EXPORT_SHEETS.to_vec();
    for spec in kinds::specs() {
        if !names.contains(&spec.folder) {
            names.push(spec.folder);
        }
    }
    clap::builder::PossibleValuesParser::new(names)
}

/// A sheet's file format.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SheetFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// An Excel workbook: header row, frozen panes, filters.
    Xlsx,
    /// A JSON array of objects.
    Json,
}

/// `isms import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the sheet holds.
    #[arg(value_enum)]
    pub what: ImportWhat,
    /// The sheet: a .csv file or an .xlsx workbook (its first sheet, or --sheet).
    pub file: PathBuf,
    /// The sheet of the workbook to read, by name [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The ISMS tree [default: the current folder, or the nearest one above it that
    /// holds isms.toml].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Print what would be created and changed; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Read a column's value as another: `status:Ongoing=partial` (repeatable;
    /// the value is matched without case or punctuation).
    #[arg(long = "map", value_name = "COLUMN:VALUE=VALUE")]
    pub map: Vec<String>,
    /// Give each row whose id is not one of the kind's (`RISK-DEV-01`) the next
    /// free id, saying which.
    #[arg(long)]
    pub renumber: bool,
    /// The risk sheet scores likelihood and impact 1 to N: map each onto the
    /// tree's scales (1 stays 1, N becomes the top), saying so. Without it a
    /// sheet on another scale than isms.toml's is refused.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..=100))]
    pub rescale: Option<u32>,
}

/// What `isms import` reads.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ImportWhat {
    /// Risks: rows matched to risks/ID.md by id.
    Risks,
    /// SoA entries: rows matched to soa.toml's controls by id.
    Soa,
    /// Assets: rows matched to assets/ID.md by id.
    Assets,
    /// Suppliers: rows matched to suppliers/ID.md by id.
    Suppliers,
    /// Obligations: rows matched to obligations/ID.md by id.
    Obligations,
}

// ---- onboarding: `isms migrate` (issue 11) -----------------------------

/// `isms migrate`.
#[derive(Debug, Subcommand)]
pub enum MigrateCmd {
    /// Turn a 2013 SoA (soa.toml with 2013 ids, or a sheet) into a 2022 soa.toml.
    Soa(MigrateArgs),
    /// Turn the free-text names in risks' `assets` into asset records (one per
    /// distinct name, owned by the owner of the risks naming it) and rewrite the
    /// risks' lists to their ids, keeping every other byte.
    Assets(MigrateAssetsArgs),
}

/// `isms migrate assets`.
#[derive(Debug, Args)]
pub struct MigrateAssetsArgs {
    /// The ISMS tree [default: the current folder, or the nearest one above it
    /// that holds isms.toml].
    pub dir: Option<PathBuf>,
    /// Print the plan (records created, risks rewritten) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The date new records are made on [default: the system date].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// `isms migrate soa`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The edition FILE follows.
    #[arg(long, value_enum)]
    pub from: Edition,
    /// The old SoA: a soa.toml written with 2013 ids (A.9.2.1), or a .csv or .xlsx sheet
    /// with a column of 2013 ids (headers as `isms import soa` reads them).
    pub file: PathBuf,
    /// The ISMS tree whose soa.toml is written [default: the current folder, or the
    /// nearest one above it that holds isms.toml].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Replace an existing soa.toml (its mode is kept).
    #[arg(long)]
    pub force: bool,
    /// The migration report's format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The date written as the new SoA's draft approval date when FILE has none
    /// [default: the system date].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// An earlier edition of ISO/IEC 27001.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Edition {
    /// ISO/IEC 27001:2013 (114 Annex A controls, A.5.1.1 to A.18.2.3).
    #[value(name = "2013")]
    Iso2013,
}
