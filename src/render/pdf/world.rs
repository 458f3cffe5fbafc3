//! The typst `World` of one document: the templates (built in, or the ISMS
//! tree's own `templates/pdf/`), the data as a virtual `/data.json`, the
//! bundled fonts and a fixed date. Nothing else exists in it: no system
//! fonts, no packages, no other file, so neither a record nor a template can
//! make typst read outside the tree.

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

/// The built-in templates, by file name under `templates/pdf/`.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("lib.typ", include_str!("../../../templates/pdf/lib.typ")),
    ("data.typ", include_str!("../../../templates/pdf/data.typ")),
    (
        "document.typ",
        include_str!("../../../templates/pdf/document.typ"),
    ),
    ("md.typ", include_str!("../../../templates/pdf/md.typ")),
    (
        "sections.typ",
        include_str!("../../../templates/pdf/sections.typ"),
    ),
    ("soa.typ", include_str!("../../../templates/pdf/soa.typ")),
    ("soc2.typ", include_str!("../../../templates/pdf/soc2.typ")),
    (
        "risks.typ",
        include_str!("../../../templates/pdf/risks.typ"),
    ),
    (
        "assets.typ",
        include_str!("../../../templates/pdf/assets.typ"),
    ),
    (
        "suppliers.typ",
        include_str!("../../../templates/pdf/suppliers.typ"),
    ),
    (
        "audit.typ",
        include_str!("../../../templates/pdf/audit.typ"),
    ),
    (
        "review.typ",
        include_str!("../../../templates/pdf/review.typ"),
    ),
    (
        "incident.typ",
        include_str!("../../../templates/pdf/incident.typ"),
    ),
    ("pack.typ", include_str!("../../../templates/pdf/pack.typ")),
    (
        "risk-review.typ",
        include_str!("../../../templates/pdf/risk-review.typ"),
    ),
    (
        "review-draft.typ",
        include_str!("../../../templates/pdf/review-draft.typ"),
    ),
];

/// The virtual path of the data: the view model.
pub const DATA_PATH: &str = "/data.json";
/// The virtual path of what to render (kind, record id, title, version).
pub const DOCUMENT_PATH: &str = "/document.json";

/// What every document shares and is built once per process: the standard
/// library and the bundled fonts.
struct Shared {
    library: LazyHash<Library>,
    fonts: FontStore,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let mut fonts = FontStore::new();
    fonts.extend(typst_kit::fonts::embedded());
    Shared {
        library: LazyHash::new(Library::default()),
        fonts,
    }
});

/// One compilation: a main template, the data, and where overrides live.
pub struct DocWorld {
    main: FileId,
    data: Bytes,
    document: Bytes,
    /// `<root>/templates/pdf`, canonicalised, when the tree has one.
    overrides: Option<PathBuf>,
    /// The canonical ISMS root: nothing outside it is ever read.
    root: Option<PathBuf>,
    today: Datetime,
    /// Sources already read, so a template is parsed once per world.
    sources: Mutex<Vec<(FileId, Source)>>,
}

/// The file id of a path in the (only) project root.
#[allow(
    clippy::unwrap_used,
    reason = "\"/\" is a valid virtual path; the fallback cannot fail"
)]
pub fn file_id(path: &str) -> FileId {
    // Paths given here are constants ("/data.json", "/soa.typ"), all valid.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| VirtualPath::new("/").unwrap());
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl DocWorld {
    /// A world compiling `/<main>` of the tree at `root`, with `data` as
    /// `/data.json`, `document` as `/document.json` and `today` as the date.
    pub fn new(root: &Path, main: &str, data: Bytes, document: Vec<u8>, today: Datetime) -> Self {
        let root = root.canonicalize().ok();
        let overrides = root
            .as_ref()
            .map(|r| r.join("templates").join("pdf"))
            .filter(|d| d.is_dir());
        DocWorld {
            main: file_id(&format!("/{main}")),
            data,
            document: Bytes::new(document),
            overrides,
            root,
            today,
            sources: Mutex::new(Vec::new()),
        }
    }

    /// Where a template comes from: the tree's own file, if there is one.
    pub fn override_path(&self, name: &str) -> Option<PathBuf> {
        let dir = self.overrides.as_ref()?;
        let vpath = VirtualPath::new(format!("/{name}")).ok()?;
        let path = vpath.realize(dir).ok()?;
        path.is_file().then_some(path)
    }

    /// The bytes of a virtual path: the data, a tree template, a built-in
    /// template; anything else does not exist.
    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if *id.root() != VirtualRoot::Project {
            return Err(FileError::Other(Some(
                "typst packages are not available to isms templates".into(),
            )));
        }
        let vpath = id.vpath();
        let name = vpath.get_with_slash();
        if name == DATA_PATH {
            return Ok(self.data.clone());
        }
        if name == DOCUMENT_PATH {
            return Ok(self.document.clone());
        }
        let rel = vpath.get_without_slash();
        if let Some(dir) = &self.overrides {
            let path = vpath.realize(dir).map_err(|_| FileError::AccessDenied)?;
            if path.exists() {
                return self.read_inside(&path);
            }
        }
        match TEMPLATES.iter().find(|(n, _)| *n == rel) {
            Some((_, text)) => Ok(Bytes::from_string(*text)),
            None => Err(FileError::NotFound(PathBuf::from(name))),
        }
    }

    /// Read a file of the tree's template folder, refusing anything that
    /// resolves (through `..` or symlinks) to a place outside the ISMS root.
    fn read_inside(&self, path: &Path) -> FileResult<Bytes> {
        let real = path
            .canonicalize()
            .map_err(|e| FileError::from_io(e, path))?;
        let inside = self.root.as_ref().is_some_and(|r| real.starts_with(r));
        if !inside {
            // Name the tree's file: the error's span is where a template
            // imports it, often a built-in one (`lib.typ` imports data.typ).
            let shown = self
                .root
                .as_ref()
                .and_then(|r| path.strip_prefix(r).ok())
                .unwrap_or(path);
            return Err(FileError::Other(Some(
                format!(
                    "access denied: {} resolves outside the ISMS tree and was not read",
                    shown.display()
                )
                .into(),
            )));
        }
        if real.is_dir() {
            return Err(FileError::IsDirectory);
        }
        std::fs::read(&real)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, path))
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        SHARED.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut cache = self
            .sources
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, s)) = cache.iter().find(|(i, _)| *i == id) {
            return Ok(s.clone());
        }
        let bytes = self.read(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text.to_string());
        cache.push((id, source.clone()));
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::TEMPLATES;

    /// "file:line: code" of each built-in template line, outside `//`
    /// comments, for which `wrong(file, code)` holds.
    fn lines_where(wrong: impl Fn(&str, &str) -> bool) -> Vec<String> {
        TEMPLATES
            .iter()
            .flat_map(|(name, text)| text.lines().enumerate().map(move |(i, l)| (*name, i, l)))
            .map(|(name, i, line)| (name, i + 1, line.split("//").next().unwrap_or("")))
            .filter(|(name, _, line)| wrong(name, line))
            .map(|(name, n, line)| format!("{name}:{n}: {}", line.trim()))
            .collect()
    }

    #[test]
    fn built_in_templates_reach_the_data_through_view() {
        // A function that names `data` hashes the whole view model each
        // time a document defines it: a 100x build spent a third of its
        // time there (see data.typ).
        let named = lines_where(|name, line| {
            // Outside string literals ("data.typ" is a file name).
            let line: String = line.split('"').step_by(2).collect::<Vec<_>>().join(" ");
            name != "data.typ"
                && line.match_indices("data").any(|(at, _)| {
                    let before = line[..at].chars().next_back();
                    let after = line[at + 4..].chars().next();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
                        && after == Some('.')
                })
        });
        assert!(
            named.is_empty(),
            "use view() instead:\n{}",
            named.join("\n")
        );
    }

    #[test]
    fn no_built_in_template_function_takes_a_spread_of_rows() {
        // typst binds a closure's `..sink` by removing arguments one at a
        // time from the front: spreading a register's 45,000 cells into one
        // cost seconds. Table rows go in as one array (`rows:`). `facts`
        // takes a handful of pairs.
        let sinks = lines_where(|_, line| {
            let Some(rest) = line.trim_start().strip_prefix("#let ") else {
                return false;
            };
            // The parameter list: up to the `)` that closes the first `(`.
            let Some((_, params)) = rest.split_once('(') else {
                return false;
            };
            let mut depth = 0;
            let end = params.find(|c| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth < 0
            });
            let params = &params[..end.unwrap_or(params.len())];
            params.contains("..") && !rest.starts_with("facts(")
        });
        assert!(
            sinks.is_empty(),
            "take an array instead:\n{}",
            sinks.join("\n")
        );
    }
}
