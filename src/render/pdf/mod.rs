//! PDF output through typst embedded as a library. The view model goes to
//! typst as data (`/data.json`, what to render in `/document.json`); static
//! templates lay it out. Same tree, same bytes: the date, the document id and
//! the PDF timestamp all come from the records, never the clock.

mod world;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use anyhow::{Context, Result, anyhow, bail};
use serde::Serialize;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard as TypstStandard, PdfStandards, Timestamp};

use crate::diff::{ChangeSection, Changes};
use crate::load::kinds::{self, KindSpec, RecordPdf};
use crate::pipeline::Corpus;
use crate::render::markdown;
use crate::render::view::{self, Md, View};
use crate::schema::Kind;

use world::DocWorld;

/// The PDF conformance level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standard {
    /// Plain PDF 1.7.
    #[default]
    V1_7,
    /// PDF/A-2b, for archiving evidence.
    A2b,
}

/// One PDF document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doc {
    /// The Statement of Applicability.
    Soa,
    /// A record kind's register, as its [`KindSpec::register`] says (the
    /// risk register, the asset inventory), rendered by the template named
    /// like the kind's folder (`risks.typ`).
    Register(Kind),
    /// The SOC 2 crosswalk (`[soc2]` in isms.toml).
    Soc2,
    /// The context of the organisation: scope, issues, interested parties
    /// and the obligations register (4.1-4.3, A.5.31).
    Context,
    /// The monitoring and measurement report (9.1): objectives and every
    /// metric's series, for a tree keeping objectives or metrics.
    Measurement,
    /// One record's own document (an audit report, a review's minutes, an
    /// incident post-mortem, a controlled document): a kind whose
    /// [`KindSpec::pdf`] says how, rendered by the template named like the
    /// kind (`audit.typ`).
    Record {
        /// The record's kind.
        kind: Kind,
        /// The record's id.
        id: String,
    },
    /// The whole pack.
    Pack,
    /// One risk owner's quarterly review sheet; `sheet` is the owner's part
    /// of [`view::RiskReviewSheet`] as JSON.
    RiskReview {
        /// The owner's person id.
        owner: String,
        /// What the sheet shows.
        sheet: serde_json::Value,
    },
    /// The next management review's draft, as a review pack; `draft` is a
    /// [`view::prep::ReviewDraft`] as JSON.
    ReviewDraft {
        /// The id the review will take.
        id: String,
        /// What the draft says.
        draft: serde_json::Value,
    },
}

impl Doc {
    /// The one-record document of a record (`audit`, `IA-2026-01`).
    pub fn record(kind: Kind, id: impl Into<String>) -> Doc {
        Doc::Record {
            kind,
            id: id.into(),
        }
    }

    /// The template (and default file stem) of the document.
    pub fn template(&self) -> &'static str {
        match self {
            Doc::Soa => "soa",
            Doc::Register(kind) => kinds::spec(*kind).map_or(kind.name(), |s| s.folder),
            Doc::Soc2 => "soc2",
            Doc::Context => "context",
            Doc::Measurement => "measurement",
            Doc::Record { kind, .. } => kind.name(),
            Doc::Pack => "pack",
            Doc::RiskReview { .. } => "risk-review",
            Doc::ReviewDraft { .. } => "review-draft",
        }
    }

    /// The default output file name.
    pub fn file_name(&self) -> String {
        match self {
            Doc::Record { kind, id } => match kinds::spec(*kind) {
                Some(KindSpec {
                    folder,
                    pdf:
                        Some(RecordPdf {
                            in_folder: true, ..
                        }),
                    ..
                }) => format!("{folder}/{id}.pdf"),
                _ => format!("{id}.pdf"),
            },
            Doc::RiskReview { owner, .. } => format!("{owner}.pdf"),
            Doc::ReviewDraft { id, .. } => format!("{id}-draft.pdf"),
            _ => format!("{}.pdf", self.template()),
        }
    }

    /// The record id of a single-record document.
    fn id(&self) -> Option<&str> {
        match self {
            Doc::Record { id, .. } | Doc::ReviewDraft { id, .. } => Some(id),
            Doc::RiskReview { owner: id, .. } => Some(id),
            _ => None,
        }
    }

    fn title(&self) -> String {
        match self {
            Doc::Soa => "Statement of Applicability".into(),
            Doc::Register(kind) => kinds::spec(*kind)
                .and_then(|s| s.register.as_ref())
                .map_or_else(|| kind.name().to_string(), |r| r.title.to_string()),
            Doc::Soc2 => "SOC 2 Crosswalk".into(),
            Doc::Context => "Context of the Organisation".into(),
            Doc::Measurement => "Monitoring and Measurement Report".into(),
            Doc::Record { kind, id } => {
                match kinds::spec(*kind).and_then(|s| s.pdf.as_ref()?.title) {
                    Some(title) => format!("{title} {id}"),
                    None => id.clone(),
                }
            }
            Doc::Pack => "ISMS Documentation Pack".into(),
            Doc::RiskReview { .. } => "Risk Review Sheet".into(),
            Doc::ReviewDraft { id, .. } => format!("Management Review {id}: Draft Inputs"),
        }
    }
}

/// What `/document.json` tells the template.
#[derive(Serialize)]
struct DocumentMeta<'a> {
    /// soa | risks | audit | review | incident | pack.
    kind: &'a str,
    /// The record, for single-record documents.
    id: Option<&'a str>,
    /// The document title.
    title: String,
    /// The version shown in footers and on the title page.
    version: String,
    /// The accent colour, checked to be "#rrggbb".
    accent: String,
    /// The pack's "changes since" section, with `--since REV`.
    changes: Option<ChangesMeta>,
    /// A controlled document's classification, marked on every page.
    #[serde(skip_serializing_if = "Option::is_none")]
    classification: Option<String>,
    /// What a document built for one occasion shows (a review sheet, a
    /// draft), beyond the view model.
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<&'a serde_json::Value>,
}

/// "Changes since REV" as lines of text, grouped as [`Changes`] groups them.
#[derive(Serialize)]
struct ChangesMeta {
    /// The revision as given (`audit-2026`).
    since: String,
    /// The earlier tree: "audit-2026 (abc1234)".
    from: String,
    /// The later tree: "the working tree" or "HEAD (def5678)".
    to: String,
    /// Risks, SoA, incidents, findings, actions: the non-empty ones.
    sections: Vec<ChangeSection>,
}

impl ChangesMeta {
    fn of(c: &Changes) -> Self {
        ChangesMeta {
            since: c.from.rev.clone().unwrap_or_else(|| c.from.label.clone()),
            from: c.from.label.clone(),
            to: c.to.label.clone(),
            sections: c.sections(),
        }
    }
}

/// A corpus's view model, serialised once for every document.
pub struct Renderer<'a> {
    corpus: &'a Corpus,
    pack: View,
    data: Bytes,
    date: chrono::NaiveDate,
}

impl<'a> Renderer<'a> {
    /// Build the view model of `corpus` with Markdown as typst trees.
    pub fn new(corpus: &'a Corpus) -> Result<Self> {
        let pack = view::build(corpus, &|s| Md::Tree(markdown::to_tree(s)))?;
        let data = Bytes::new(serde_json::to_vec(&pack).context("serialising the view model")?);
        let date = corpus.stamp.date.unwrap_or(corpus.today);
        Ok(Renderer {
            corpus,
            pack,
            data,
            date,
        })
    }

    /// The view model.
    pub fn view(&self) -> &View {
        &self.pack
    }

    /// The view model as the templates read it (`/data.json`).
    pub fn data_json(&self) -> &[u8] {
        self.data.as_slice()
    }

    /// What the templates read as `/document.json` for `doc`: which
    /// document, its title, version, accent and (for the pack) changes.
    pub fn document_json(&self, doc: &Doc) -> Result<Vec<u8>> {
        // A controlled document carries its own version and classification.
        let document = match doc {
            Doc::Record {
                kind: Kind::Document,
                id,
            } => self.pack.documents.iter().find(|d| &d.id == id),
            _ => None,
        };
        let version = match (doc, document) {
            (Doc::Soa, _) => self.pack.soa.version.clone(),
            (_, Some(d)) if !d.version.is_empty() => d.version.clone(),
            (_, _) => self.pack.stamp.describe.clone().unwrap_or_else(|| {
                let date = self.pack.stamp.date;
                date.map(|d| d.to_string()).unwrap_or_default()
            }),
        };
        let meta = DocumentMeta {
            kind: doc.template(),
            id: doc.id(),
            title: match document {
                Some(d) => format!("{} {}", d.id, d.title),
                None => doc.title(),
            },
            classification: document.map(|d| d.classification.to_string()),
            version,
            accent: accent(&self.pack.org.accent),
            changes: match doc {
                Doc::Pack => self.pack.changes.as_ref().map(ChangesMeta::of),
                _ => None,
            },
            payload: match doc {
                Doc::RiskReview { sheet, .. } => Some(sheet),
                Doc::ReviewDraft { draft, .. } => Some(draft),
                _ => None,
            },
        };
        serde_json::to_vec(&meta).context("serialising the document")
    }

    /// Render one document to PDF bytes.
    pub fn render(&self, doc: &Doc, standard: Standard) -> Result<Vec<u8>> {
        self.render_paged(doc, standard).map(|r| r.bytes)
    }

    /// Render one document: its PDF bytes and page count.
    pub fn render_paged(&self, doc: &Doc, standard: Standard) -> Result<Rendered> {
        self.check_id(doc)?;
        let name = format!("{}.typ", doc.template());
        let meta = self.document_json(doc)?;
        let today = typst_date(self.date)?;
        let world = DocWorld::new(&self.corpus.root, &name, self.data.clone(), meta, today);
        let origin = match world.override_path(&name) {
            Some(p) => format!("the tree's template {}", p.display()),
            None => format!("the built-in template {name}"),
        };
        let what = format!("rendering {} with {origin}", doc.title());

        let warned = typst::compile::<PagedDocument>(&world);
        let document = warned
            .output
            .map_err(|errors| anyhow!(diagnostics(&world, &errors)))
            .with_context(|| what.clone())?;

        let standards = match standard {
            Standard::V1_7 => PdfStandards::new(&[TypstStandard::V_1_7]),
            Standard::A2b => PdfStandards::new(&[TypstStandard::A_2b]),
        }
        .map_err(|e| anyhow!("{}", e.message()))?;
        let options = PdfOptions {
            ident: Smart::Custom(format!(
                "isms/{}/{}/{}",
                self.pack.org.name,
                doc.template(),
                doc.id().unwrap_or("")
            )),
            timestamp: Some(Timestamp::new_utc(today)),
            standards,
            ..PdfOptions::default()
        };
        let bytes = typst_pdf::pdf(&document, &options)
            .map_err(|errors| anyhow!(diagnostics(&world, &errors)))
            .with_context(|| format!("{what}: exporting the PDF"))?;
        Ok(Rendered {
            bytes,
            pages: document.pages().len(),
        })
    }

    /// Refuse a single-record document whose record does not exist, and
    /// the SOC 2 crosswalk of a tree without `[soc2]`.
    fn check_id(&self, doc: &Doc) -> Result<()> {
        if *doc == Doc::Soc2 && self.pack.soc2.is_none() {
            bail!(
                "isms.toml has no [soc2] scope: add `[soc2] categories = [\"security\"]` (and \
                 any of availability, confidentiality, processing-integrity, privacy)"
            );
        }
        let Doc::Record { kind, id } = doc else {
            return Ok(());
        };
        let ids: Vec<&str> = kinds::records(&self.corpus.tree)
            .into_iter()
            .filter(|r| r.spec.schema == *kind)
            .map(|r| r.id)
            .collect();
        if ids.contains(&id.as_str()) {
            return Ok(());
        }
        let noun = kinds::spec(*kind).map_or("record", |s| s.noun);
        if ids.is_empty() {
            bail!("there is no {noun} `{id}`: the tree has no {noun} records");
        }
        bail!("there is no {noun} `{id}`; {noun}s are: {}", ids.join(", "))
    }
}

/// One rendered document.
#[derive(Debug)]
pub struct Rendered {
    /// The PDF.
    pub bytes: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
}

/// What [`build_all`] wrote.
#[derive(Debug, Default)]
pub struct Built {
    /// PDF files written.
    pub documents: usize,
    /// Their pages, all told.
    pub pages: usize,
}

/// Told each time a document is done: (done so far, total, file name).
pub type Progress<'a> = &'a (dyn Fn(usize, usize, &str) + Sync);

/// Render every PDF document of a corpus into `dir`: the pack, the SoA, the
/// registers (risks always, assets when the tree keeps some), the SOC 2 crosswalk (with `[soc2]`), the context of the
/// organisation (with a context.toml or obligations), one PDF per audit,
/// review and incident, and one per controlled document in `documents/`.
/// The bytes do not depend on the order documents finish in. The folder is
/// replaced whole at the end ([`crate::output::Staging`]).
///
/// Documents render on as many threads as the machine has cores: first the
/// one-record documents, trimming typst's memo cache after each, then the
/// tree-wide ones, untrimmed. Trimmed beside a pack, the cache lost what the
/// pack was about to reuse (a 100x build's pack took 141 s instead of 52);
/// trimmed after a pack, each trim walked the tables the pack had grown (a
/// third of the rest of the build).
pub fn build_all(
    corpus: &Corpus,
    dir: &Path,
    standard: Standard,
    progress: Progress<'_>,
) -> Result<Built> {
    let r = Renderer::new(corpus)?;
    let v = r.view();
    let mut docs = vec![Doc::Pack, Doc::Soa];
    docs.extend(
        kinds::specs()
            .iter()
            .filter(|s| {
                s.register
                    .as_ref()
                    .is_some_and(|r| r.even_empty || corpus.tree.keeps(s.schema))
            })
            .map(|s| Doc::Register(s.schema)),
    );
    if v.soc2.is_some() {
        docs.push(Doc::Soc2);
    }
    if v.context.is_some() || !v.obligations.is_empty() {
        docs.push(Doc::Context);
    }
    if v.measurement.is_some() {
        docs.push(Doc::Measurement);
    }
    let wide = docs.len();
    docs.extend(
        kinds::records(&corpus.tree)
            .into_iter()
            .filter(|r| r.spec.pdf.is_some())
            .map(|r| Doc::record(r.spec.schema, r.id)),
    );

    // The folder is built beside the old one and swapped in at the end: a
    // failed or interrupted build leaves the previous PDFs as they were.
    let staging = crate::output::Staging::new(dir)?;
    let batch = Batch {
        renderer: &r,
        docs: &docs,
        standard,
        staging: &staging,
        progress,
        done: AtomicUsize::new(0),
        pages: AtomicUsize::new(0),
    };
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    batch.render(wide..docs.len(), workers, true)?;
    batch.render(0..wide, workers, false)?;
    let pages = batch.pages.into_inner();
    // PDFs of records that are gone stay, as they always have: a PDF may
    // have been sent to someone.
    staging.carry_over(|_| true)?;
    staging.commit()?;
    Ok(Built {
        documents: docs.len(),
        pages,
    })
}

/// The documents of one build and what rendering them has done so far.
struct Batch<'a> {
    renderer: &'a Renderer<'a>,
    docs: &'a [Doc],
    standard: Standard,
    staging: &'a crate::output::Staging,
    progress: Progress<'a>,
    done: AtomicUsize,
    pages: AtomicUsize,
}

impl Batch<'_> {
    /// Render `docs[range]` into the stage on `workers` threads, trimming
    /// typst's memo cache after each document if `trim`. On failure, the
    /// error of the first failing document in order, so the same broken
    /// tree always reports the same failure.
    fn render(&self, range: std::ops::Range<usize>, workers: usize, trim: bool) -> Result<()> {
        let next = AtomicUsize::new(range.start);
        let failure: Mutex<Option<(usize, anyhow::Error)>> = Mutex::new(None);
        let work = || {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(doc) = self.docs.get(i).filter(|_| i < range.end) else {
                    break;
                };
                let name = doc.file_name();
                let result = self
                    .renderer
                    .render_paged(doc, self.standard)
                    .and_then(|out| {
                        // typst memoises every layout it makes; kept across
                        // hundreds of documents that grew a 630-record build to
                        // 5.5 GB. Keep what the last documents used (fonts, the
                        // templates, the parsed data).
                        if trim {
                            typst::comemo::evict(2);
                        }
                        self.staging.write(&name, &out.bytes).map(|()| out.pages)
                    });
                match result {
                    Ok(n) => {
                        self.pages.fetch_add(n, Ordering::Relaxed);
                        let d = self.done.fetch_add(1, Ordering::Relaxed) + 1;
                        (self.progress)(d, self.docs.len(), &name);
                    }
                    Err(e) => {
                        let mut f = failure.lock().unwrap_or_else(PoisonError::into_inner);
                        if f.as_ref().is_none_or(|(j, _)| i < *j) {
                            *f = Some((i, e));
                        }
                        next.store(range.end, Ordering::Relaxed);
                    }
                }
            }
        };
        std::thread::scope(|s| {
            for _ in 1..workers.min(range.len()) {
                s.spawn(work);
            }
            work();
        });
        match failure.into_inner().unwrap_or_else(PoisonError::into_inner) {
            Some((_, e)) => Err(e),
            None => Ok(()),
        }
    }
}

/// "#rrggbb" as given, or the default blue for anything typst would reject.
fn accent(given: &str) -> String {
    let ok = given.len() == 7
        && given.starts_with('#')
        && given[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok {
        given.to_ascii_lowercase()
    } else {
        "#1f4e79".into()
    }
}

fn typst_date(d: chrono::NaiveDate) -> Result<Datetime> {
    use chrono::Datelike;
    Datetime::from_ymd_hms(d.year(), d.month() as u8, d.day() as u8, 0, 0, 0)
        .ok_or_else(|| anyhow!("the document date {d} is out of range"))
}

/// Typst's errors as "file:line:col: error: message" lines, with hints.
fn diagnostics(world: &DocWorld, diags: &[SourceDiagnostic]) -> String {
    let mut out = Vec::new();
    for d in diags.iter().filter(|d| d.severity == Severity::Error) {
        let at = d
            .span
            .id()
            .and_then(|id| {
                let source = world.source(id).ok()?;
                let range = world.range(d.span)?;
                let (line, col) = source.lines().byte_to_line_column(range.start)?;
                let file = id.vpath().get_without_slash().to_string();
                let file = match world.override_path(&file) {
                    Some(p) => p.display().to_string(),
                    None => format!("built-in templates/pdf/{file}"),
                };
                Some(format!("{file}:{}:{}: ", line + 1, col + 1))
            })
            .unwrap_or_default();
        let mut line = format!("{at}{}", d.message);
        for h in &d.hints {
            line.push_str(&format!("\n  hint: {}", h.v));
        }
        out.push(line);
    }
    if out.is_empty() {
        "typst failed without saying why".into()
    } else {
        out.join("\n")
    }
}
