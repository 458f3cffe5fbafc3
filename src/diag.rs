//! Diagnostics: the one type every check reports a user's mistake with, and
//! the reporters that print them like rustc (annotate-snippets) or as JSON.
//!
//! A diagnostic points at a byte range of a file the loader kept; line and
//! column are computed from that range when rendering, so they always match
//! the file as the user sees it (front matter offsets included).

use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

mod ci;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks rendering; `isms check` exits 1.
    Error,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
}

macro_rules! codes {
    ($($name:ident = $code:literal, $sev:ident, $family:ident, $summary:literal;)*) => {
        /// Stable diagnostic codes. Never renumber: users grep and CI greps for them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $(#[doc = $summary] $name,)* }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];
            /// The code as printed, e.g. "E012".
            pub fn as_str(self) -> &'static str { match self { $(Code::$name => $code,)* } }
            /// One line saying what the code is about.
            pub fn summary(self) -> &'static str { match self { $(Code::$name => $summary,)* } }
            /// The default severity of the code.
            pub fn severity(self) -> Severity { match self { $(Code::$name => Severity::$sev,)* } }
            /// The family of rules the code belongs to, e.g. "risks": the loader
            /// reports "format"; every other family is the module of `check/`
            /// that reports it.
            pub fn family(self) -> &'static str {
                match self { $(Code::$name => stringify!($family),)* }
            }
            /// The long explanation `isms explain CODE` prints (Markdown):
            /// what the rule protects, a wrong example and its fix. One file
            /// per code in src/diag/explain/, so a code without one does not
            /// compile.
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$name => include_str!(concat!("diag/explain/", $code, ".md")),)* }
            }
        }
    };
}

codes! {
    Syntax = "E001", Error, format, "the file is not valid TOML, or its front matter is malformed";
    Type = "E002", Error, format, "a value has the wrong type or is not one of the allowed values";
    Missing = "E003", Error, format, "a required field is missing";
    Unknown = "E004", Error, format, "a field the format does not define";
    Encoding = "E005", Error, format, "the file cannot be read as UTF-8 text";
    MissingFile = "E006", Error, format, "a file the tree needs is missing";
    Unreadable = "E007", Error, format, "a record file cannot be read, or is a link leading outside the tree";
    FileName = "E008", Error, format, "a file name in a record folder is not UTF-8";
    TooLarge = "E009", Error, format, "a record file is larger than isms reads (1 MiB)";
    IdShape = "E010", Error, ids, "an id does not have the shape its kind requires";
    IdFile = "E011", Error, ids, "a record's id does not match its file name";
    IdDuplicate = "E012", Error, ids, "the same id is used twice";
    UnknownPerson = "E020", Error, references, "a person id that isms.toml does not define";
    UnknownControl = "E021", Error, references, "a control id that Annex A of ISO/IEC 27001:2022 does not have";
    UnknownRisk = "E022", Error, references, "a risk id with no record in risks/";
    UnknownClause = "E023", Error, references, "a clause id outside clauses 4 to 10 of ISO/IEC 27001:2022";
    UnknownCriterion = "E024", Error, references, "a SOC 2 criterion id that the 2017 Trust Services Criteria do not have";
    UnknownDocument = "E025", Error, references, "a document id with no record in documents/";
    UnknownAsset = "E026", Error, references, "an asset id with no record in assets/ (once the tree keeps assets)";
    UnknownSupplier = "E027", Error, references, "a supplier id with no record in suppliers/";
    UnknownEvidence = "E028", Error, references, "an evidence id with no record in evidence/";
    UnknownObligation = "E029", Error, references, "an obligation id with no record in obligations/";
    OutOfScale = "E030", Error, risks, "a likelihood or impact outside the scales of isms.toml";
    Bands = "E031", Error, risks, "the risk level bands leave a gap, overlap, or do not reach the top score";
    ResidualAboveInherent = "E032", Error, risks, "the residual score is higher than the inherent score";
    NoAcceptance = "E033", Error, risks, "the residual score is above appetite and nobody accepted it";
    NoControls = "E034", Error, risks, "a risk treated by `mitigate` names no controls";
    SoaMissing = "E040", Error, soa, "the SoA does not list every Annex A control";
    SoaDuplicate = "E041", Error, soa, "the SoA lists a control twice";
    SoaNoReasons = "E042", Error, soa, "an applicable control gives no reason for inclusion";
    SoaNoStatus = "E043", Error, soa, "an applicable control has no implementation status";
    SoaNoJustification = "E044", Error, soa, "an SoA entry has no justification";
    ExcludedButRelied = "E045", Error, risks, "a risk relies on a control that the SoA excludes (6.1.3 c)";
    NoPerformed = "E050", Error, audits, "a completed audit has no performed date";
    NoCorrectiveAction = "E051", Error, audits, "a major or minor finding has no corrective action";
    AuditorNotImpartial = "E052", Error, audits, "the lead auditor audits their own work (9.2.2 b)";
    VerifierOwnsAction = "E053", Error, audits, "the person verifying a corrective action's effectiveness owns one of its actions (10.2 d)";
    ReviewInputMissing = "E060", Error, reviews, "a held management review lacks one of the inputs of 9.3.2";
    ResolvedBeforeDetected = "E070", Error, incidents, "an incident is resolved before it was detected";
    TimelineOrder = "E071", Error, incidents, "an incident timeline is out of order";
    DoneDate = "E080", Error, actions, "an action's done date does not agree with its status";
    DateOrder = "E081", Error, actions, "two dates of one record are in an impossible order";
    EvidenceFileMissing = "E090", Error, evidence, "a file an evidence collection or a supplier certification records is missing";
    EvidenceHashMismatch = "E091", Error, evidence, "an evidence or certificate file no longer matches the sha256 recorded for it";
    EvidenceOutside = "E092", Error, evidence, "an evidence or certificate file path leads outside the ISMS tree";
    CollectionOrder = "E093", Error, evidence, "evidence collections are not in date order, oldest first";
    EvidenceForExcluded = "E094", Error, evidence, "an evidence record covers a control the SoA excludes";
    AssetUnclassified = "E100", Error, assets, "an information asset has no classification";
    AssetCycle = "E101", Error, assets, "assets depend on each other in a cycle";
    CiaOutOfScale = "E102", Error, assets, "a CIA rating above `[assets] cia_levels` of isms.toml";
    HostedByOffboarded = "E110", Error, suppliers, "an active asset is provided or hosted by an offboarded supplier";
    SupplierNoTerms = "E111", Error, suppliers, "a supplier receiving data above internal has no contract security terms, or a subprocessor has no DPA";
    ObjectiveIncomplete = "E130", Error, objectives, "an objective lacks what 6.2 requires: an owner, a target, a date to meet it by, or how results are evaluated";
    UnknownMetric = "E131", Error, objectives, "a metric id that is neither built in nor a record in metrics/";
    RoleWithoutHolder = "E135", Error, people, "an ISMS role in isms.toml has no holder (5.3)";
    HolderNotCompetent = "E136", Error, people, "a role's holder has no competence record for something the role needs (7.2)";
    RosterRow = "E137", Error, people, "a row of the staff roster cannot be read: no id, a date that is not one, an id twice";
    UnknownStaff = "E138", Error, awareness, "a completion file names a staff id or email the roster does not hold";
    CompletionRow = "E139", Error, awareness, "a row of an awareness completion file cannot be read: no one named, a date that is not one";
    ReviewOverdue = "W001", Warning, risks, "a risk is overdue for review";
    ActionOverdue = "W002", Warning, actions, "an open action is past its due date";
    AcceptanceExpired = "W003", Warning, risks, "a risk acceptance has expired";
    NoRecentAudit = "W004", Warning, audits, "no internal audit was completed in the last 12 months (9.2)";
    NoRecentReview = "W005", Warning, reviews, "no management review was held in the last 12 months (9.3)";
    ExcludedExtras = "W006", Warning, soa, "an excluded control still carries status or reasons";
    ClauseNotAudited = "W007", Warning, audits, "a clause went a whole audit cycle without a completed internal audit covering it (9.2.2)";
    EffectivenessNotVerified = "W008", Warning, audits, "a nonconformity's corrective actions were done 90 days ago or more and nobody verified their effectiveness (10.2 d)";
    ImplementedUndescribed = "W009", Warning, soa, "an applicable control is marked implemented but does not say how (`implementation`)";
    EvidenceOverdue = "W010", Warning, evidence, "evidence is overdue: its last collection is older than its cadence";
    ControlWithoutEvidence = "W011", Warning, evidence, "an implemented control has no evidence: no record covers it and its SoA entry lists none";
    Soc2Unmapped = "W012", Warning, soc2, "a SOC 2 criterion in scope has nothing mapped to it: no applicable control serves it and no evidence record covers it";
    Placeholder = "W013", Warning, setup, "a placeholder `isms init` wrote is still there: the scope or a person's name";
    DocumentReviewOverdue = "W015", Warning, documents, "a document's last approval is older than its review cadence, or it was never approved";
    ChangedAfterApproval = "W016", Warning, documents, "a document's text changed after its latest approval: in a later commit, or in edits not yet committed";
    MandatoryMissing = "W017", Warning, documents, "documented information ISO/IEC 27001 requires that nothing in the tree provides";
    AssetReviewOverdue = "W020", Warning, assets, "an asset's last review by its owner is older than `[assets] review_days`";
    SupplierReviewOverdue = "W021", Warning, suppliers, "a supplier's last review is older than its review cadence";
    SupplierNeverReviewed = "W022", Warning, suppliers, "a high or critical active supplier has never been reviewed";
    CertificationExpired = "W023", Warning, suppliers, "a supplier's certification has expired and no renewal is recorded";
    ContractEnded = "W024", Warning, suppliers, "a supplier's contract has ended while the supplier is still active";
    MeasurementOverdue = "W050", Warning, objectives, "a manual metric's last measurement is older than its cadence";
    ObjectivePastDue = "W051", Warning, objectives, "an objective's `by` date has passed and it is still active";
    ObligationReviewOverdue = "W030", Warning, obligations, "an obligation's last review is older than its `review_every`";
    ObligationUnaddressed = "W031", Warning, obligations, "an applicable obligation is met by no control and no document";
    SoaReasonWithoutObligation = "W032", Warning, obligations, "an SoA control included for a `legal` or `contract` reason cites no obligation, though the tree keeps an obligations register";
    RequirementUnaddressed = "W033", Warning, context, "a requirement of an interested party is addressed by nothing";
    IssueWithoutEffect = "W034", Warning, context, "a context issue does not say what effect it has on the ISMS";
    CompetenceExpired = "W053", Warning, people, "a competence a role holder relies on has expired";
    CampaignIncomplete = "W054", Warning, awareness, "an awareness campaign past its due date has staff who have not completed it";
    AcknowledgementOutdated = "W055", Warning, awareness, "staff acknowledged an earlier text of a document that has changed since";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// One source file the loader read, kept whole so diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the ISMS root, with `/` separators.
    pub path: String,
    /// The text, BOM removed. Empty when the file could not be decoded.
    pub text: String,
    /// Byte offset of each line start, for line/column lookups.
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Keep a file's text.
    pub fn new(path: String, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

/// Every file the loader read.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Add a file and return its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }
}

/// A mistake in a user's records.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// The file at fault (None for a tree-wide finding with no file).
    pub file: Option<FileId>,
    /// Byte range in the file; empty ranges point at a position.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// Short label under the underlined text.
    pub label: Option<String>,
    /// What would be right.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(
        code: Code,
        file: Option<FileId>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            file,
            span,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    /// Add a help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Add a label under the span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// The diagnostics of one run, sorted for output.
#[derive(Debug, Default)]
pub struct Report {
    /// All diagnostics, sorted by file, line, then code.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Sort diagnostics by file path and position, then by code.
    pub fn new(mut diagnostics: Vec<Diagnostic>, sources: &Sources) -> Self {
        diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file.map(|f| sources.get(f).path.clone()),
                    d.span.start,
                    d.code,
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        diagnostics.dedup_by(|a, b| {
            a.file == b.file && a.span == b.span && a.code == b.code && a.message == b.message
        });
        Report { diagnostics }
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Render like rustc. `color` adds ANSI styles.
    pub fn render_human(&self, sources: &Sources, root: &Path, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for d in &self.diagnostics {
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
            };
            let path;
            let mut group =
                Group::with_title(level.primary_title(d.message.as_str()).id(d.code.as_str()));
            if let Some(file) = d.file {
                let src = sources.get(file);
                path = display_path(root, &src.path);
                let span = clamp(&src.text, d.span.clone());
                let mut ann = AnnotationKind::Primary.span(span);
                if let Some(label) = &d.label {
                    ann = ann.label(label.as_str());
                }
                group = group.element(
                    Snippet::source(src.text.as_str())
                        .path(path.as_str())
                        .fold(true)
                        .annotation(ann),
                );
            }
            let mut report: Vec<Group> = vec![group];
            if let Some(help) = &d.help {
                report.push(Group::with_title(
                    Level::HELP.secondary_title(help.as_str()),
                ));
            }
            out.push_str(&renderer.render(&report));
            out.push_str("\n\n");
        }
        let (e, w) = (self.errors(), self.warnings());
        out.push_str(&summary_line(e, w));
        out.push('\n');
        out
    }

    /// Render as a JSON document with one object per diagnostic. `root` is
    /// the tree's folder as the command was given it (or found it), which
    /// the diagnostics' `file` paths are relative to.
    pub fn render_json(&self, sources: &Sources, root: &Path) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            severity: Severity,
            code: Code,
            file: Option<&'a str>,
            line: Option<usize>,
            column: Option<usize>,
            end_line: Option<usize>,
            end_column: Option<usize>,
            message: &'a str,
            label: Option<&'a str>,
            help: Option<&'a str>,
        }
        #[derive(Serialize)]
        struct Doc<'a> {
            root: String,
            errors: usize,
            warnings: usize,
            diagnostics: Vec<Out<'a>>,
        }
        let diagnostics = self
            .diagnostics
            .iter()
            .map(|d| {
                let (file, start, end) = match d.file {
                    Some(f) => {
                        let src = sources.get(f);
                        let span = clamp(&src.text, d.span.clone());
                        (
                            Some(src.path.as_str()),
                            Some(src.line_col(span.start)),
                            Some(src.line_col(span.end)),
                        )
                    }
                    None => (None, None, None),
                };
                Out {
                    severity: d.severity,
                    code: d.code,
                    file,
                    line: start.map(|p| p.0),
                    column: start.map(|p| p.1),
                    end_line: end.map(|p| p.0),
                    end_column: end.map(|p| p.1),
                    message: &d.message,
                    label: d.label.as_deref(),
                    help: d.help.as_deref(),
                }
            })
            .collect();
        let doc = Doc {
            root: root.to_string_lossy().into_owned(),
            errors: self.errors(),
            warnings: self.warnings(),
            diagnostics,
        };
        serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
    }
}

/// "2 errors, 1 warning" style summary.
pub fn summary_line(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no errors, no warnings".to_string(),
        _ => format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}

/// A path for display: relative to the current directory when possible.
fn display_path(root: &Path, rel: &str) -> String {
    if root == Path::new(".") {
        return rel.to_string();
    }
    let full: PathBuf = root.join(rel);
    full.to_string_lossy().replace('\\', "/")
}

/// Keep a span inside the text and on character boundaries.
fn clamp(text: &str, span: Range<usize>) -> Range<usize> {
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (s, e) = (fix(span.start), fix(span.end));
    s..e.max(s)
}

/// The candidate closest to `word` by edit distance, if close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        // Ties go to the candidate that sorts first, so the suggestion does
        // not depend on the order a hash map yields candidates in.
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| natord::compare(a.1, b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let f = SourceFile::new("x".into(), "ab\nçd\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(5), (2, 2));
    }

    #[test]
    fn closest_finds_typos_only() {
        let keys = ["treatment", "title", "owner"];
        assert_eq!(closest("treatmnet", keys), Some("treatment"));
        assert_eq!(closest("zzz", keys), None);
        // Equally close: the first in natural order, whatever the input order.
        assert_eq!(closest("R-003", ["R-002", "R-001"]), Some("R-001"));
        assert_eq!(closest("R-003", ["R-001", "R-002"]), Some("R-001"));
    }

    #[test]
    fn each_family_is_the_loader_or_a_check_module() {
        let families = [
            "format",
            "ids",
            "references",
            "risks",
            "soa",
            "audits",
            "reviews",
            "incidents",
            "actions",
            "evidence",
            "soc2",
            "setup",
            "documents",
            "assets",
            "suppliers",
            "obligations",
            "context",
            "objectives",
            "people",
            "awareness",
        ];
        for c in Code::ALL {
            assert!(families.contains(&c.family()), "{c}: {}", c.family());
        }
        assert_eq!(Code::ExcludedButRelied.family(), "risks");
    }

    /// The TOML blocks of one section ("## Wrong", "## Fixed") of an explanation.
    fn toml_blocks<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
        text.split("\n## ")
            .filter_map(|s| s.strip_prefix(heading)?.strip_prefix('\n'))
            .flat_map(|s| s.split("```toml\n").skip(1))
            .filter_map(|b| b.split_once("\n```").map(|(code, _)| code))
            .collect()
    }

    #[test]
    fn every_code_explains_what_it_protects_a_wrong_example_and_the_fix() {
        for c in Code::ALL {
            let text = c.explanation();
            assert!(
                text.starts_with("What it protects: "),
                "{c}: an explanation opens with what the rule protects"
            );
            let wrong = toml_blocks(text, "Wrong");
            let fixed = toml_blocks(text, "Fixed");
            assert!(!wrong.is_empty(), "{c}: no ```toml block under ## Wrong");
            assert!(!fixed.is_empty(), "{c}: no ```toml block under ## Fixed");
            for block in fixed {
                if let Err(e) = block.parse::<toml::Table>() {
                    panic!("{c}: the fixed example is not valid TOML: {e}\n{block}");
                }
            }
            assert!(text.is_ascii() || *c == Code::Encoding, "{c}: plain text");
            assert!(
                text.lines().all(|l| l.chars().count() <= 80),
                "{c}: lines of at most 80"
            );
        }
    }

    #[test]
    fn the_wrong_examples_show_what_the_fix_changes() {
        for c in Code::ALL {
            let text = c.explanation();
            // E001's wrong example is broken TOML; E005's differ only in
            // encoding, which a text example cannot show.
            if !matches!(c, Code::Syntax | Code::Encoding) {
                assert_ne!(
                    toml_blocks(text, "Wrong"),
                    toml_blocks(text, "Fixed"),
                    "{c}"
                );
            }
        }
        assert!(
            toml_blocks(Code::Syntax.explanation(), "Wrong")[0]
                .parse::<toml::Table>()
                .is_err()
        );
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
        }
    }
}
