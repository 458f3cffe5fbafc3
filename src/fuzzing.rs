//! The fuzz targets' work, one function per target of `fuzz/` (cargo-fuzz):
//! each takes one input, runs the real code on it and asserts what must
//! hold for every input. `fuzz/fuzz_targets/*.rs` only call these, and
//! `tests/it/fuzz.rs` replays the saved crash inputs through them, so a
//! fixed crash cannot come back unnoticed. Not part of the tool's API.
//!
//! The fixture trees the targets start from are built in (`include_bytes!`)
//! and written once per process to a temporary folder, in `/dev/shm` when
//! there is one.

// A fuzz target reports a broken invariant by panicking: libFuzzer and the
// test harness both catch panics, so here they are the point, not a bug.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod markup;
mod sheet;

pub use sheet::sheet;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use chrono::NaiveDate;
use include_dir::{Dir, DirEntry, include_dir};

use crate::diag::{Report, Sources, summary_line};
use crate::pipeline::{self, Options};
use crate::render::markdown;
use crate::render::pdf::{Doc, Renderer, Standard};

/// A file of a built-in tree: its path in the tree and its bytes.
type File = (&'static str, &'static [u8]);

/// The built-in trees, by the folder name they get on disk: fixture trees of
/// `tests/fixtures/valid/`, embedded whole (every file, however many are
/// added), in the order [`record_files`] searches them.
static TREE_DIRS: [(&str, Dir<'static>); 7] = [
    (
        "minimal",
        include_dir!("$CARGO_MANIFEST_DIR/tests/fixtures/valid/minimal"),
    ),
    (
        "evidence",
        include_dir!("$CARGO_MANIFEST_DIR/tests/fixtures/valid/evidence"),
    ),
    (
        "documents",
        include_dir!("$CARGO_MANIFEST_DIR/tests/fixtures/valid/documents"),
    ),
    (
        "objectives",
        include_dir!("$CARGO_MANIFEST_DIR/tests/fixtures/valid/objectives"),
    ),
    (
        "registers",
        include_dir!("$CARGO_MANIFEST_DIR/tests/fixtures/valid/registers"),
    ),
    (
        "obligations",
        include_dir!("$CARGO_MANIFEST_DIR/tests/fixtures/valid/obligations"),
    ),
    (
        "people",
        include_dir!("$CARGO_MANIFEST_DIR/tests/fixtures/valid/people"),
    ),
];

/// Each built-in tree's files, by path in the tree.
fn built_in_trees() -> &'static [(&'static str, Vec<File>)] {
    static TREES: OnceLock<Vec<(&'static str, Vec<File>)>> = OnceLock::new();
    TREES.get_or_init(|| {
        TREE_DIRS
            .iter()
            .map(|(name, dir)| {
                let mut files = Vec::new();
                collect_files(dir, &mut files);
                files.sort_unstable_by_key(|(path, _)| *path);
                (*name, files)
            })
            .collect()
    })
}

fn collect_files(dir: &'static Dir<'static>, out: &mut Vec<File>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => collect_files(d, out),
            DirEntry::File(f) => out.push((f.path().to_str().expect("a UTF-8 path"), f.contents())),
        }
    }
}

/// The files of built-in tree `name`.
fn tree_files(name: &str) -> &'static [File] {
    built_in_trees()
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, files)| files.as_slice())
        .expect("a built-in tree")
}

/// What the first byte of a `record` input picks: the tree and the one
/// file of it the rest of the input replaces. One per record kind, in
/// `for_each_kind`'s order (in the first built-in tree that has records of
/// the kind, the one named like the kind's example id, else the first),
/// then the two TOML files. A kind with no file in any
/// built-in tree panics here, and `tests/it/fuzz.rs` fails.
pub fn record_files() -> &'static [(&'static str, &'static str)] {
    static FILES: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut files: Vec<(&str, &str)> = crate::load::kinds::specs()
            .iter()
            .map(|spec| {
                built_in_trees()
                    .iter()
                    .find_map(|(tree, files)| {
                        // The record named like the kind's example, else the first.
                        let example = format!("{}/{}.md", spec.folder, spec.id_example);
                        let records = files.iter().map(|(path, _)| *path).filter(|path| {
                            path.strip_prefix(spec.folder)
                                .and_then(|p| p.strip_prefix('/'))
                                .is_some_and(|name| !name.contains('/') && name.ends_with(".md"))
                        });
                        let records: Vec<&str> = records.collect();
                        let path = records
                            .iter()
                            .find(|p| **p == example)
                            .or(records.first())?;
                        Some((*tree, *path))
                    })
                    .unwrap_or_else(|| panic!("no built-in tree has a {} record", spec.noun))
            })
            .collect();
        files.extend([("minimal", "isms.toml"), ("minimal", "soa.toml")]);
        files
    })
}

/// The day every target judges dates against (the fixtures' day).
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("a valid date")
}

/// A temporary folder, in memory when the system has `/dev/shm`.
fn temp_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    let mut builder = tempfile::Builder::new();
    builder.prefix("isms-fuzz-");
    let dir = if shm.is_dir() {
        builder.tempdir_in(shm)
    } else {
        builder.tempdir()
    };
    dir.expect("creating a temporary folder")
}

/// The built-in trees written out once, behind a lock: a target changes
/// one file, runs, and puts it back before the next input.
struct Trees {
    dir: tempfile::TempDir,
}

fn trees() -> MutexGuard<'static, Trees> {
    static TREES_ON_DISK: OnceLock<Mutex<Trees>> = OnceLock::new();
    TREES_ON_DISK
        .get_or_init(|| {
            let dir = temp_dir();
            for (name, files) in built_in_trees() {
                write_files(&dir.path().join(name), files);
            }
            Mutex::new(Trees { dir })
        })
        .lock()
        // A panicking input (in the test suite) restored its file while
        // unwinding; the trees are fine.
        .unwrap_or_else(PoisonError::into_inner)
}

fn write_files(root: &Path, files: &[File]) {
    for (rel, bytes) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("mkdir");
        std::fs::write(&path, bytes).expect("writing a fixture file");
    }
}

/// One file of a tree replaced for as long as this lives; dropping it
/// (also while unwinding from a failed assertion) puts the original back.
struct Replaced {
    path: PathBuf,
    original: &'static [u8],
}

impl Replaced {
    fn new(trees: &Trees, tree: &str, rel: &str, content: &[u8]) -> Self {
        let original = tree_files(tree)
            .iter()
            .find(|(r, _)| *r == rel)
            .map(|(_, bytes)| *bytes)
            .expect("a file of a built-in tree");
        let path = trees.dir.path().join(tree).join(rel);
        std::fs::write(&path, content).expect("writing the input");
        Replaced { path, original }
    }
}

impl Drop for Replaced {
    fn drop(&mut self) {
        // Nothing to do about a failure while dropping; the next write fails loudly.
        let _ = std::fs::write(&self.path, self.original);
    }
}

fn options(dir: &Path) -> Options {
    Options {
        today: Some(today()),
        ..Options::new(dir)
    }
}

/// `split_front_matter` on any text: a split returns the exact pieces of
/// the text (opening line, TOML, closing line, body concatenate back to
/// it, the TOML's offset is where it starts, neither fence is inside the
/// TOML); a refusal points inside the text.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match crate::load::split_front_matter(text) {
        Ok((toml, base, body)) => {
            let toml_at = offset_in(text, toml);
            let body_at = offset_in(text, body);
            assert_eq!(toml_at, base, "the TOML starts at the offset returned");
            assert_eq!(body_at + body.len(), text.len(), "the body runs to the end");
            let opening = &text[..base];
            let closing = &text[base + toml.len()..body_at];
            assert_eq!(opening.trim_end(), "+++", "opening fence {opening:?}");
            assert_eq!(closing.trim_end(), "+++", "closing fence {closing:?}");
            assert!(opening.ends_with('\n'), "the opening fence is a whole line");
            assert!(
                closing.ends_with('\n') || body.is_empty(),
                "the body starts after the closing line"
            );
            assert!(
                !toml
                    .split_inclusive('\n')
                    .any(|line| line.trim_end() == "+++"),
                "the front matter ends at the first closing fence"
            );
            assert_eq!(format!("{opening}{toml}{closing}{body}"), text);
        }
        Err((span, message)) => {
            assert_span(text, &span);
            assert!(!message.is_empty());
        }
    }
}

/// The byte offset of `part` inside `whole` (a sub-slice of it).
fn offset_in(whole: &str, part: &str) -> usize {
    let (w, p) = (whole.as_ptr() as usize, part.as_ptr() as usize);
    assert!(
        p >= w && p + part.len() <= w + whole.len(),
        "a piece of the text, not a copy"
    );
    p - w
}

fn assert_span(text: &str, span: &Range<usize>) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} inside a text of {} bytes",
        text.len()
    );
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
}

/// One file of a valid fixture tree replaced by the input (the first byte
/// picks which, see [`record_files`]), then the real load and check, and
/// every diagnostic rendered in each output format; see [`diagnostics`].
pub fn record(data: &[u8]) {
    let Some((&pick, content)) = data.split_first() else {
        return;
    };
    let files = record_files();
    let (tree, rel) = files[usize::from(pick) % files.len()];
    let trees = trees();
    let _replaced = Replaced::new(&trees, tree, rel, content);
    check_tree(&trees.dir.path().join(tree));
}

/// The CSV files the checker reads: the staff roster and each completion
/// export of the `people` tree, in path order.
pub fn csv_files() -> Vec<&'static str> {
    tree_files("people")
        .iter()
        .map(|(path, _)| *path)
        .filter(|path| path.ends_with(".csv"))
        .collect()
}

/// One CSV file the checker reads (the first byte picks which, see
/// [`csv_files`]) replaced by the input, then the real load and check and
/// every diagnostic rendered, as for [`record`]: a roster or a completion
/// export of any bytes is diagnostics, never a failure of the tool.
pub fn csv(data: &[u8]) {
    let Some((&pick, content)) = data.split_first() else {
        return;
    };
    let files = csv_files();
    let rel = files[usize::from(pick) % files.len()];
    let trees = trees();
    let _replaced = Replaced::new(&trees, "people", rel, content);
    check_tree(&trees.dir.path().join("people"));
}

/// Load and check a tree on disk, then render its diagnostics.
fn check_tree(dir: &Path) {
    let checked = pipeline::check(&options(dir))
        .expect("records give diagnostics, never an error of the tool");
    diagnostics(&checked.report, &checked.tree.sources, dir);
}

/// Every diagnostic renders in every format, and the formats agree: a
/// span inside its (decoded) file, the human report ends with the summary,
/// JSON and SARIF parse with one entry per diagnostic and 1-based positions
/// whose end is not before their start, and GitHub gets one command line
/// per diagnostic.
pub fn diagnostics(report: &Report, sources: &Sources, root: &Path) {
    let summary = summary_line(report.errors(), report.warnings());
    for d in &report.diagnostics {
        if let Some(file) = d.file {
            let src = sources.get(file);
            // An undecodable file keeps no text; its span names the byte.
            if !src.text.is_empty() {
                assert!(
                    d.span.start <= d.span.end && d.span.end <= src.text.len(),
                    "{} {:?} in {} ({} bytes): {}",
                    d.code.as_str(),
                    d.span,
                    src.path,
                    src.text.len(),
                    d.message
                );
            }
        }
    }
    for color in [false, true] {
        let human = report.render_human(sources, root, color);
        assert!(human.ends_with(&format!("{summary}\n")), "{human}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&report.render_json(sources, root)).expect("JSON output parses");
    assert_eq!(json["errors"], report.errors());
    assert_eq!(json["warnings"], report.warnings());
    let items = json["diagnostics"].as_array().expect("a list");
    assert_eq!(items.len(), report.diagnostics.len());
    for item in items {
        if item["file"].is_null() {
            continue;
        }
        let at = |k: &str| item[k].as_u64().expect("a position");
        let (start, end) = (
            (at("line"), at("column")),
            (at("end_line"), at("end_column")),
        );
        assert!(start.0 >= 1 && start.1 >= 1, "{item}");
        assert!(end >= start, "{item}");
    }
    let github = report.render_github(sources, "tree");
    assert_eq!(github.lines().count(), report.diagnostics.len(), "{github}");
    assert!(
        github
            .lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
        "{github}"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&report.render_sarif(sources, "tree")).expect("SARIF parses");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), report.diagnostics.len());
}

/// Most files a `tree` input writes; the rest are ignored.
const TREE_FILES: usize = 512;

/// A whole tree in one input (see [`parse_tree`]) written to a fresh
/// folder, then the real load and check and every diagnostic rendered, as
/// for [`record`].
pub fn tree(data: &[u8]) {
    let dir = temp_dir();
    for (rel, content) in parse_tree(data) {
        let path = dir.path().join(&rel);
        // A mutated tree can ask for a file where a folder is and the
        // other way round: such a file is left out.
        if let Some(parent) = path.parent()
            && std::fs::create_dir_all(parent).is_ok()
        {
            let _ = std::fs::write(&path, content);
        }
    }
    if dir.path().join("isms.toml").is_file() {
        check_tree(dir.path());
    } else {
        // Not an ISMS tree: a clear refusal (exit 2), not diagnostics.
        let refused = pipeline::check(&options(dir.path()));
        assert!(refused.is_err(), "a folder without isms.toml is refused");
    }
}

/// Read a `tree` input, leniently: a sequence of entries, each a path,
/// a NUL byte, the content's length as 4 bytes little-endian and the
/// content. A length past the end takes the rest; a short length field
/// ends the input. Paths keep only plain relative components (no empty,
/// `.`, `..`, hidden or over-long ones, nothing but letters, digits and
/// `-_.` in a name), at most 4 deep; an entry with no path left is skipped.
/// `fuzz/seed.sh` writes the sample tree in this form.
pub fn parse_tree(mut data: &[u8]) -> Vec<(PathBuf, &[u8])> {
    let mut files = Vec::new();
    while files.len() < TREE_FILES {
        let Some(nul) = data.iter().position(|&b| b == 0) else {
            break;
        };
        let (path, rest) = (&data[..nul], &data[nul + 1..]);
        let Some((len, rest)) = rest.split_first_chunk::<4>() else {
            break;
        };
        let len = usize::try_from(u32::from_le_bytes(*len)).unwrap_or(usize::MAX);
        let (content, rest) = rest.split_at(len.min(rest.len()));
        data = rest;
        if let Some(rel) = clean_path(path) {
            files.push((rel, content));
        }
    }
    files
}

fn clean_path(path: &[u8]) -> Option<PathBuf> {
    let text = String::from_utf8_lossy(path);
    let parts: Vec<&str> = text
        .split('/')
        .filter(|p| {
            !p.is_empty()
                && !p.starts_with('.')
                && p.len() <= 64
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
        .collect();
    (!parts.is_empty() && parts.len() <= 4).then(|| parts.iter().collect())
}

/// The Markdown converters on any text: nothing panics, the HTML (plain
/// and scoped) holds only the tags, attributes and URLs the converter
/// writes itself (see [`markup::assert_inert_html`]), and the typst tree
/// is data of the documented shape with safe links only.
pub fn markdown(data: &[u8]) {
    let md = String::from_utf8_lossy(data);
    markup::assert_inert_html(&markdown::to_html(&md));
    markup::assert_inert_html(&markdown::to_html_scoped(&md, "r-1-"));
    markup::assert_tree(&markdown::to_tree(&md));
    // Any text is judged as a URL without panicking.
    let _ = markdown::safe_url(&md);
}

/// The front matter `typst_body` keeps: the minimal tree's incident up to
/// and including its closing `+++` line.
fn incident_front_matter() -> &'static str {
    let (_, bytes) = tree_files("minimal")
        .iter()
        .find(|(rel, _)| *rel == "incidents/INC-2026-001.md")
        .expect("the incident");
    let text = std::str::from_utf8(bytes).expect("UTF-8 fixture");
    let (toml, base, _) = crate::load::split_front_matter(text).expect("front matter");
    let end = base + toml.len();
    let close = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    &text[..close]
}

/// The input as the body of an incident, rendered to PDF through the real
/// typst path: whenever the tree still checks clean, the post-mortem must
/// compile (the body is data to the template: no text of it can be typst
/// markup that fails, reads files or stops the document).
pub fn typst_body(data: &[u8]) {
    let _ = typst_body_renders(data);
}

/// [`typst_body`], saying whether the tree checked clean and so whether
/// the post-mortem was rendered at all.
pub fn typst_body_renders(data: &[u8]) -> bool {
    let body = String::from_utf8_lossy(data);
    let content = format!("{}{body}", incident_front_matter());
    let trees = trees();
    let _replaced = Replaced::new(
        &trees,
        "minimal",
        "incidents/INC-2026-001.md",
        content.as_bytes(),
    );
    let dir = trees.dir.path().join("minimal");
    let opts = options(&dir);
    let checked = pipeline::check(&opts).expect("records give diagnostics");
    if checked.has_errors() {
        return false;
    }
    let corpus = checked.into_corpus(&opts).expect("a clean tree renders");
    let renderer = Renderer::new(&corpus).expect("the view model builds");
    let doc = Doc::record(crate::schema::Kind::Incident, "INC-2026-001");
    let pdf = renderer
        .render(&doc, Standard::V1_7)
        .unwrap_or_else(|e| panic!("the incident compiles: {e:#}"));
    assert!(pdf.starts_with(b"%PDF-"));
    // typst memoises every layout; across thousands of distinct inputs in
    // one process that grew past 4 GB (libFuzzer's limit), as a build of
    // many PDFs did before it trimmed the cache the same way.
    typst::comemo::evict(2);
    true
}
