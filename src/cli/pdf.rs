//! `isms pdf`: the fixed documents, and one subcommand per record kind
//! that has its own PDF (`isms pdf audit ID`) or a register (`isms pdf
//! risks`), made from the kind list so a new kind needs no line here.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::TreeArgs;
use crate::load::kinds::{self, KindSpec, RecordPdf};

/// PDF conformance level.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum PdfStandard {
    /// Plain PDF 1.7.
    #[default]
    #[value(name = "1.7")]
    V1_7,
    /// PDF/A-2b, for archiving evidence.
    #[value(name = "a-2b")]
    A2b,
}

impl From<PdfStandard> for crate::render::pdf::Standard {
    fn from(s: PdfStandard) -> Self {
        match s {
            PdfStandard::V1_7 => Self::V1_7,
            PdfStandard::A2b => Self::A2b,
        }
    }
}

/// `isms pdf`.
#[derive(Debug, Args)]
pub struct PdfArgs {
    /// Which document.
    #[command(subcommand)]
    pub doc: PdfDoc,
}

/// Options shared by every PDF document.
#[derive(Debug, Args, Clone)]
pub struct PdfOpts {
    /// Tree and date.
    #[command(flatten)]
    pub tree: TreeArgs,
    /// Output file [default: out/pdf/<document>.pdf].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How it is rendered.
    #[command(flatten)]
    pub render: RenderArgs,
}

/// How documents are rendered, for `isms pdf` and `isms build` alike.
#[derive(Debug, Args, Clone)]
pub struct RenderArgs {
    /// PDF standard to conform to.
    #[arg(long, value_enum, default_value_t = PdfStandard::V1_7)]
    pub pdf_standard: PdfStandard,
    /// Add a "changes since REV" section to the pack.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// Refuse to build from a tree with uncommitted changes.
    #[arg(long)]
    pub release: bool,
}

/// The PDF documents.
#[derive(Debug, Subcommand)]
pub enum PdfDoc {
    /// The Statement of Applicability (A4 landscape).
    Soa(PdfOpts),
    /// A record kind's register, for every kind that has one (`isms pdf
    /// risks`, `isms pdf assets`).
    #[command(flatten)]
    Register(RegisterDoc),
    /// The SOC 2 crosswalk: criteria in scope, controls, evidence (needs [soc2]).
    Soc2(PdfOpts),
    /// The context of the organisation: scope, issues, interested parties
    /// and the obligations register (4.1-4.3, A.5.31).
    Context(PdfOpts),
    /// The monitoring and measurement report (9.1): objectives (6.2), their
    /// state and progress, and a chart of every metric with its values.
    Measurement(PdfOpts),
    /// One record's own document, for every kind that has one (`isms pdf
    /// audit IA-2026-01`, `isms pdf doc ISP-01`).
    #[command(flatten)]
    Record(RecordDoc),
    /// The whole ISMS pack.
    Pack(PdfOpts),
}

/// `isms pdf KIND ID`: one subcommand per record kind with its own PDF,
/// from the kind list ([`KindSpec::pdf`]), so a new kind's PDF needs no
/// line here.
#[derive(Debug, Clone)]
pub struct RecordDoc {
    /// The kind.
    pub kind: crate::schema::Kind,
    /// The record's id.
    pub id: String,
    /// Options.
    pub opts: PdfOpts,
}

/// `isms pdf FOLDER`: one subcommand per record kind with a register, from
/// the kind list ([`KindSpec::register`]).
#[derive(Debug, Clone)]
pub struct RegisterDoc {
    /// The kind.
    pub kind: crate::schema::Kind,
    /// Options.
    pub opts: PdfOpts,
}

/// The record kinds with a register, and its `isms pdf` subcommand.
fn registers() -> impl Iterator<Item = (&'static KindSpec, &'static kinds::RegisterPdf)> {
    kinds::specs()
        .iter()
        .filter_map(|s| Some((*s, s.register.as_ref()?)))
}

impl clap::FromArgMatches for RegisterDoc {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let Some((name, sub)) = m.subcommand() else {
            return Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand));
        };
        let Some((spec, _)) = registers().find(|(s, _)| s.folder == name) else {
            return Err(clap::Error::new(clap::error::ErrorKind::InvalidSubcommand));
        };
        Ok(RegisterDoc {
            kind: spec.schema,
            opts: PdfOpts::from_arg_matches(sub)?,
        })
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Subcommand for RegisterDoc {
    fn augment_subcommands(mut cmd: clap::Command) -> clap::Command {
        for (spec, reg) in registers() {
            let sub = PdfOpts::augment_args(clap::Command::new(spec.folder));
            cmd = cmd.subcommand(sub.about(reg.about));
        }
        cmd
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        registers().any(|(s, _)| s.folder == name)
    }
}

/// The record kinds with their own PDF, and how `isms pdf` names each.
fn record_pdfs() -> impl Iterator<Item = (&'static KindSpec, &'static RecordPdf)> {
    kinds::specs()
        .iter()
        .filter_map(|s| Some((*s, s.pdf.as_ref()?)))
}

impl clap::FromArgMatches for RecordDoc {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let Some((name, sub)) = m.subcommand() else {
            return Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand));
        };
        let Some((spec, _)) = record_pdfs().find(|(_, p)| p.command == name) else {
            return Err(clap::Error::new(clap::error::ErrorKind::InvalidSubcommand));
        };
        let id = sub
            .get_one::<String>("id")
            .cloned()
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::MissingRequiredArgument))?;
        Ok(RecordDoc {
            kind: spec.schema,
            id,
            opts: PdfOpts::from_arg_matches(sub)?,
        })
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Subcommand for RecordDoc {
    fn augment_subcommands(mut cmd: clap::Command) -> clap::Command {
        for (spec, pdf) in record_pdfs() {
            let mut noun = spec.noun.to_string();
            if let Some(first) = noun.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            let id = clap::Arg::new("id")
                .value_name("ID")
                .required(true)
                .help(format!("{noun} id, e.g. {}", spec.id_example));
            // The options first: they bring their struct's own doc as `about`.
            let sub = PdfOpts::augment_args(clap::Command::new(pdf.command).arg(id));
            cmd = cmd.subcommand(sub.about(pdf.about));
        }
        cmd
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        record_pdfs().any(|(_, p)| p.command == name)
    }
}
