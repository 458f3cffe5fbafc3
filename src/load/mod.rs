//! Load an ISMS tree: read every file of the record format, keep its text for
//! diagnostics, split front matter from Markdown, convert TOML to JSON with a
//! span map, validate against the kind's schema, and deserialise into the
//! model. Mistakes become diagnostics; one broken file never stops the run.

mod cache;
mod completions;
pub mod csv_table;
pub mod edit;
mod evidence_files;
mod fs;
mod hints;
pub mod kinds;
pub mod next_id;
pub mod refs;
mod staff;
mod toml_json;
mod validate;

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::de::DeserializeOwned;

pub use cache::ParseCache;
pub use completions::{COMPLETION_COLUMNS, Completion, CompletionFile, completions};
pub use evidence_files::{FileState, HashCache, check_path, sha256_hex};
pub use fs::{DiskFs, Listing, MAX_RECORD_BYTES, TreeFs, too_large};
pub use kinds::{AnyRecord, KindSpec, KindVisitor, RecordKind};
pub use refs::{Ref, Target};
pub use toml_json::SpanMap;

use crate::diag::{Code, Diagnostic, FileId, SourceFile, Sources};
use crate::model::{
    Asset, Audit, Config, Document, Evidence, Incident, Review, Risk, Soa, Supplier,
};
use crate::schema::Kind;

/// One loaded record: its data, its Markdown body and where it came from.
#[derive(Debug, Clone)]
pub struct Record<T> {
    /// The file it was read from.
    pub file: FileId,
    /// The front matter (or whole TOML file), deserialised.
    pub data: T,
    /// The Markdown body after the front matter ("" for TOML files).
    pub body: String,
    /// Spans of every key and value, for diagnostics.
    pub spans: SpanMap,
}

/// Everything read from an ISMS tree. Records whose files are broken are
/// absent; their kinds and ids are in `broken` so references to them are
/// not reported a second time.
#[derive(Debug, Default)]
pub struct Tree {
    /// The text of every file read.
    pub sources: Sources,
    /// `isms.toml`.
    pub config: Option<Record<Config>>,
    /// `soa.toml`.
    pub soa: Option<Record<Soa>>,
    /// `context.toml`, when the tree has one.
    pub context: Option<Record<crate::model::Context>>,
    /// The staff roster `[staff] roster` names, as far as it read.
    pub staff: Option<crate::model::Roster>,
    /// `risks/*.md`, by file name.
    pub risks: Vec<Record<Risk>>,
    /// `audits/*.md`, by file name.
    pub audits: Vec<Record<Audit>>,
    /// `reviews/*.md`, by file name.
    pub reviews: Vec<Record<Review>>,
    /// `incidents/*.md`, by file name.
    pub incidents: Vec<Record<Incident>>,
    /// `evidence/*.md`, by file name.
    pub evidence: Vec<Record<Evidence>>,
    /// `documents/*.md`, by file name.
    pub documents: Vec<Record<Document>>,
    /// `assets/*.md`, by file name.
    pub assets: Vec<Record<Asset>>,
    /// `suppliers/*.md`, by file name.
    pub suppliers: Vec<Record<Supplier>>,
    /// `obligations/*.md`, by file name.
    pub obligations: Vec<Record<crate::model::Obligation>>,
    /// `objectives/*.md`, by file name.
    pub objectives: Vec<Record<crate::model::Objective>>,
    /// `metrics/*.md`, by file name.
    pub metrics: Vec<Record<crate::model::Metric>>,
    /// `awareness/*.md`, by file name.
    pub awareness: Vec<Record<crate::model::Campaign>>,
    /// What each file an evidence collection, a supplier's or a person's
    /// certification records holds now, by the path as recorded (see [`evidence_files`]).
    pub evidence_files: std::collections::BTreeMap<String, FileState>,
    /// What each completion file the awareness campaigns record holds now,
    /// by the path as recorded.
    pub completion_files: std::collections::BTreeMap<String, CompletionFile>,
    /// When the text in force of each document was approved (by document
    /// id), for documents whose text changed in git after it was added:
    /// acknowledgements dated earlier are of an older text. Filled by the
    /// pipeline from the history; empty outside git.
    pub text_in_force: std::collections::BTreeMap<String, chrono::NaiveDate>,
    /// Records that exist but could not be loaded: their kind and file stem.
    pub broken: HashSet<(Kind, String)>,
}

impl Tree {
    /// Whether a record of `kind` with this id (file stem) exists but could
    /// not be loaded.
    pub fn is_broken(&self, kind: Kind, id: &str) -> bool {
        // The set is small (only broken files), so the lookup allocates.
        self.broken.contains(&(kind, id.to_string()))
    }

    /// Whether the tree keeps records of `kind`: a file of its folder
    /// loaded or not. References a kind makes to another once that one is
    /// kept ([`Target::RecordOnceKept`]) are checked only then.
    pub fn keeps(&self, kind: Kind) -> bool {
        kinds::records(self).iter().any(|r| r.spec.schema == kind) || self.broken_count(kind) > 0
    }

    /// How many records of `kind` exist but could not be loaded.
    pub fn broken_count(&self, kind: Kind) -> usize {
        self.broken.iter().filter(|(k, _)| *k == kind).count()
    }

    /// The latest date any record states: what dates the documents of a
    /// tree outside git.
    pub fn records_date(&self) -> Option<chrono::NaiveDate> {
        let soa = self.soa.iter().filter_map(|s| s.data.approved_on);
        soa.chain(kinds::records(self).iter().filter_map(|r| r.stated))
            .max()
    }
}

/// Load the tree in directory `root` from disk.
pub fn load_dir(root: &Path) -> Result<(Tree, Vec<Diagnostic>)> {
    if !root.is_dir() {
        bail!("{} is not a directory", root.display());
    }
    if !root.join("isms.toml").is_file() {
        bail!(
            "{} has no isms.toml: not an ISMS tree (run isms in the folder that holds isms.toml, or pass it as DIR)",
            root.display()
        );
    }
    let fs = DiskFs::new(root).with_context(|| format!("reading {}", root.display()))?;
    load(&fs)
}

/// Load a tree from any [`TreeFs`].
pub fn load(fs: &dyn TreeFs) -> Result<(Tree, Vec<Diagnostic>)> {
    let mut tree = Tree::default();
    let mut diags = Vec::new();
    load_records(fs, &mut tree, &mut diags, None);
    let certificates = tree
        .suppliers
        .iter()
        .flat_map(|r| &r.data.certification)
        .flat_map(|c| &c.files)
        .map(|f| &f.path);
    let competence_files = tree.config.iter().flat_map(|c| {
        c.data
            .person
            .iter()
            .flat_map(|p| p.competence.iter().flat_map(|k| k.files.iter()))
            .map(|f| &f.path)
    });
    tree.evidence_files =
        evidence_files::states(fs, &tree.evidence, certificates.chain(competence_files));
    Ok((tree, diags))
}

/// Load a tree's records from a reader that knows each file's content id
/// (a commit, through [`crate::git::GitFs`]), taking every file version
/// `cache` already holds from it instead of parsing it again: loading the
/// tree at many commits costs one parse per file version. What evidence
/// files hold now is not read (`evidence_files` is left empty): a tree
/// loaded this way is for reading its records, not for checking files.
pub fn load_cached(fs: &dyn TreeFs, cache: &mut ParseCache) -> (Tree, Vec<Diagnostic>) {
    let mut tree = Tree::default();
    let mut diags = Vec::new();
    load_records(fs, &mut tree, &mut diags, Some(cache));
    (tree, diags)
}

/// `isms.toml`, `soa.toml`, `context.toml` and every record folder.
fn load_records(
    fs: &dyn TreeFs,
    tree: &mut Tree,
    diags: &mut Vec<Diagnostic>,
    cache: Option<&mut ParseCache>,
) {
    let mut loader = Loader {
        fs,
        tree,
        diags,
        cache,
    };
    loader.tree.config = loader.reuse("isms.toml", Kind::Isms, |l| {
        l.toml_file::<Config>("isms.toml", Kind::Isms)
    });
    loader.tree.soa = loader.reuse("soa.toml", Kind::Soa, |l| {
        l.toml_file::<Soa>("soa.toml", Kind::Soa)
    });
    loader.tree.context = loader.reuse("context.toml", Kind::Context, |l| {
        l.optional_toml_file("context.toml", Kind::Context)
    });
    loader.tree.staff = loader.staff();
    let mut loader = LoadKinds(loader);
    kinds::for_each_kind(&mut loader);
    loader.0.tree.completion_files = loader.0.completion_files();
}

/// Loads the records of each kind from its folder. A file or folder that
/// cannot be read is a diagnostic, so loading always goes on.
struct LoadKinds<'a>(Loader<'a>);

impl KindVisitor for LoadKinds<'_> {
    fn visit<K: RecordKind>(&mut self) {
        self.0.kind::<K>();
    }
}

struct Loader<'a> {
    fs: &'a dyn TreeFs,
    tree: &'a mut Tree,
    diags: &'a mut Vec<Diagnostic>,
    cache: Option<&'a mut ParseCache>,
}

impl Loader<'_> {
    /// The record at `rel` from the cache when it holds this version of
    /// the file, else from `parse` (and then kept, if it parsed cleanly).
    fn reuse<T: Clone + 'static>(
        &mut self,
        rel: &str,
        kind: Kind,
        parse: impl FnOnce(&mut Self) -> Option<Record<T>>,
    ) -> Option<Record<T>> {
        let key = match self.cache {
            Some(_) => self.fs.content_key(rel),
            None => None,
        };
        let Some(key) = key else {
            return parse(self);
        };
        if let Some(hit) = self
            .cache
            .as_deref_mut()
            .and_then(|c| c.get::<T>(kind, &key))
        {
            let (source, record) = (hit.source.clone(), hit.record.clone());
            let file = self.tree.sources.add(source);
            return Some(Record { file, ..record });
        }
        let record = parse(self)?;
        let source = self.tree.sources.get(record.file).clone();
        if let Some(cache) = self.cache.as_deref_mut() {
            let parsed = cache::Parsed {
                source,
                record: record.clone(),
            };
            cache.put(kind, key, parsed);
        }
        Some(record)
    }

    /// Every record of kind `K`, in file-name order; broken ones are noted.
    fn kind<K: RecordKind>(&mut self) {
        let dir = K::SPEC.folder;
        let listing = match self.fs.list(dir) {
            Ok(listing) => listing,
            Err(e) => {
                // A file where the folder should be, or one isms may not
                // read: reported with the rest of the tree's mistakes.
                self.diags.push(
                    Diagnostic::new(
                        Code::Unreadable,
                        None,
                        0..0,
                        format!("the {dir}/ folder cannot be read: {e}"),
                    )
                    .help(format!(
                        "keep the {} records in a folder named {dir}/",
                        K::SPEC.noun
                    )),
                );
                return;
            }
        };
        for name in &listing.not_utf8 {
            self.diags.push(
                Diagnostic::new(
                    Code::FileName,
                    None,
                    0..0,
                    format!("{dir}/{name} has a file name that is not UTF-8; it was not read"),
                )
                .help("rename it to its record's id, e.g. `R-014.md` (U+FFFD marks each byte that is not UTF-8)"),
            );
        }
        for name in listing.names {
            if !name.ends_with(".md")
                || name.starts_with(['.', '_'])
                || name.eq_ignore_ascii_case("README.md")
            {
                continue;
            }
            let rel = format!("{dir}/{name}");
            let kind = K::SPEC.schema;
            match self.reuse(&rel, kind, |l| l.record::<K>(&rel, kind)) {
                Some(r) => K::records_mut(self.tree).push(r),
                None => {
                    let stem = name.trim_end_matches(".md").to_string();
                    self.tree.broken.insert((K::SPEC.schema, stem));
                }
            }
        }
    }

    /// Read a file as text: None if absent, `(id, None)` if it is not UTF-8
    /// (reported here).
    fn read(&mut self, rel: &str) -> Option<(FileId, Option<String>)> {
        let bytes = match self.fs.read(rel) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return None,
            Err(e) => return Some((self.unreadable(rel, &e), None)),
        };
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..3);
                }
                let id = self
                    .tree
                    .sources
                    .add(SourceFile::new(rel.to_string(), text.clone()));
                Some((id, Some(text)))
            }
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let id = self
                    .tree
                    .sources
                    .add(SourceFile::new(rel.to_string(), lossy));
                self.diags.push(
                    Diagnostic::new(
                        Code::Encoding,
                        Some(id),
                        at..at + 1,
                        format!("{rel} is not valid UTF-8 text"),
                    )
                    .label("this byte is not UTF-8")
                    .help("save the file with UTF-8 encoding"),
                );
                Some((id, None))
            }
        }
    }

    /// Report a file that is there but cannot be read; the tree goes on
    /// loading so every other mistake is reported too.
    fn unreadable(&mut self, rel: &str, e: &std::io::Error) -> FileId {
        let id = self
            .tree
            .sources
            .add(SourceFile::new(rel.to_string(), String::new()));
        // isms's own refusals name the file; the system's errors do not.
        let message = if e.raw_os_error().is_none() {
            e.to_string()
        } else {
            format!("{rel} cannot be read: {e}")
        };
        let (code, message, help) = match e.kind() {
            std::io::ErrorKind::FileTooLarge => (
                Code::TooLarge,
                e.to_string(),
                "keep logs, exports and attachments as evidence files (`isms evidence add`) and link them from the record",
            ),
            std::io::ErrorKind::PermissionDenied => (
                Code::Unreadable,
                message,
                "keep records as regular files inside the tree, readable by whoever runs isms",
            ),
            _ => (
                Code::Unreadable,
                message,
                "check the file's permissions, and that it is a regular file",
            ),
        };
        let d = Diagnostic::new(code, Some(id), 0..0, message)
            .label("not read")
            .help(help);
        self.diags.push(d);
        id
    }

    /// A TOML file the tree may leave out (`context.toml`): None, and no
    /// diagnostic, when it is absent; None and noted in `broken` (under its
    /// stem) when it does not load.
    fn optional_toml_file<T: DeserializeOwned>(
        &mut self,
        rel: &str,
        kind: Kind,
    ) -> Option<Record<T>> {
        let (file, text) = self.read(rel)?;
        let parsed = text.and_then(|t| self.parse(file, &t, 0, kind, String::new()));
        if parsed.is_none() {
            // There but not loaded: `isms diff` says so, not "removed".
            let stem = rel.split('.').next().unwrap_or(rel);
            self.tree.broken.insert((kind, stem.to_string()));
        }
        parsed
    }

    /// `isms.toml` or `soa.toml`.
    fn toml_file<T: DeserializeOwned>(&mut self, rel: &str, kind: Kind) -> Option<Record<T>> {
        let Some((file, text)) = self.read(rel) else {
            self.diags.push(
                Diagnostic::new(
                    Code::MissingFile,
                    None,
                    0..0,
                    format!("the tree has no {rel}"),
                )
                .help(format!(
                    "create {rel}; `isms schema {}` prints its format",
                    kind.name()
                )),
            );
            return None;
        };
        self.parse(file, &text?, 0, kind, String::new())
    }

    /// A Markdown record with TOML front matter.
    fn record<T: DeserializeOwned>(&mut self, rel: &str, kind: Kind) -> Option<Record<T>> {
        let (file, Some(text)) = self.read(rel)? else {
            return None;
        };
        match split_front_matter(&text) {
            Ok((toml, base, body)) => self.parse(file, toml, base, kind, body.to_string()),
            Err((span, message)) => {
                self.diags.push(
                    Diagnostic::new(Code::Syntax, Some(file), span, message).help(
                        "a record starts with a line `+++`, then its TOML fields, then a line `+++`, then the Markdown body",
                    ),
                );
                None
            }
        }
    }

    fn parse<T: DeserializeOwned>(
        &mut self,
        file: FileId,
        toml: &str,
        base: usize,
        kind: Kind,
        body: String,
    ) -> Option<Record<T>> {
        let (value, mut spans) = match toml_json::parse(toml, base) {
            Ok(v) => v,
            Err(errors) => {
                for e in errors {
                    self.diags.push(
                        Diagnostic::new(
                            Code::Syntax,
                            Some(file),
                            e.span,
                            format!("invalid TOML: {}", e.message),
                        )
                        .help(e.help.unwrap_or_else(|| {
                            "fix the TOML syntax; strings need quotes, dates do not (2026-03-01)"
                                .to_string()
                        })),
                    );
                }
                return None;
            }
        };
        if base > 0 {
            // Front matter: "missing field" errors point at the opening `+++`.
            spans.set_root_key(0..3);
        }
        let mut errors = validate::validate(kind, &value, &spans, file);
        if kind == Kind::Risk {
            let method = self.tree.config.as_ref().map(|c| &c.data.risk);
            hints::scale_words(method, &value, &spans, &mut errors);
        }
        if !errors.is_empty() {
            self.diags.extend(errors);
            return None;
        }
        match serde_json::from_value::<T>(value) {
            Ok(data) => Some(Record {
                file,
                data,
                body,
                spans,
            }),
            Err(e) => {
                self.diags.push(
                    Diagnostic::new(
                        Code::Type,
                        Some(file),
                        base..base,
                        format!("the record does not fit its format: {e}"),
                    )
                    .help(format!("`isms schema {}` prints the format", kind.name())),
                );
                None
            }
        }
    }
}

/// Split `+++` front matter: (TOML text, its byte offset, body). Accepts LF
/// and CRLF line endings.
pub(crate) fn split_front_matter(
    text: &str,
) -> std::result::Result<(&str, usize, &str), (std::ops::Range<usize>, String)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        let end = first.len().min(text.len());
        let message = if text.trim().is_empty() {
            "the file is empty: a record needs front matter".to_string()
        } else {
            "the record does not start with `+++` front matter".to_string()
        };
        return Err((0..end.min(first.trim_end().len()), message));
    }
    let start = first.len();
    let mut pos = start;
    for line in lines {
        if line.trim_end() == "+++" {
            let body = &text[pos + line.len()..];
            return Ok((&text[start..pos], start, body));
        }
        pos += line.len();
    }
    Err((
        0..3,
        "the front matter opened here is never closed with `+++`".to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_lf_and_crlf() {
        let (t, base, body) = split_front_matter("+++\nid = 1\n+++\nbody\n").unwrap();
        assert_eq!((t, base, body), ("id = 1\n", 4, "body\n"));
        let (t, base, body) = split_front_matter("+++\r\nid = 1\r\n+++\r\nbody").unwrap();
        assert_eq!((t, base, body), ("id = 1\r\n", 5, "body"));
        assert!(split_front_matter("").is_err());
        assert!(split_front_matter("+++\nid = 1\n").is_err());
        assert!(split_front_matter("id = 1").is_err());
    }

    /// A tree on disk whose listing of risks/ names one more file than is
    /// there, as when a file is deleted between listing and reading.
    struct Vanishing(DiskFs);

    impl TreeFs for Vanishing {
        fn read(&self, rel: &str) -> std::io::Result<Option<Vec<u8>>> {
            self.0.read(rel)
        }
        fn list(&self, rel: &str) -> std::io::Result<Listing> {
            let mut l = self.0.list(rel)?;
            if rel == "risks" {
                l.names.push("R-999.md".to_string());
            }
            Ok(l)
        }
    }

    #[test]
    fn a_file_gone_between_listing_and_reading_is_skipped_quietly() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal");
        let (tree, diags) = load(&Vanishing(DiskFs::new(&root).unwrap())).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(tree.risks.len(), 2);
    }
}
