//! Appending an entry to one existing record (`isms evidence add`'s
//! `[[collection]]`, `isms measure`'s `[[measurement]]`): find the record
//! as `isms check` would name it, refuse with every reason and write
//! nothing, or append the table through the byte-keeping editor and write
//! the file atomically, keeping its mode.

use std::path::Path;

use anyhow::{Context, Result};

use super::EXIT_ERRORS;
use crate::check::Resolver;
use crate::load::{Record, RecordKind, Target, Tree, edit};

/// The loaded record of kind `K` with `id`, or why there is none, as a
/// line for [`refuse`].
pub(super) fn loaded<'t, K: RecordKind>(tree: &'t Tree, id: &str) -> Result<&'t Record<K>, String> {
    if let Some(r) = K::records(tree).iter().find(|r| r.data.id() == id) {
        return Ok(r);
    }
    Err(
        match Resolver::new(tree).unknown(Target::Record(K::SPEC.schema), id) {
            Some(u) => format!("{id}: {}", u.line()),
            None => format!(
                "{id}: {}/{id}.md does not load; `isms check` says why",
                K::SPEC.folder
            ),
        },
    )
}

/// Print each problem and that nothing was written: exit 1.
pub(super) fn refuse(problems: &[String]) -> u8 {
    for p in problems {
        eprintln!("error: {p}");
    }
    eprintln!("error: no file was changed");
    EXIT_ERRORS
}

/// Append `[[key]]` with `body` to the record `id` read from `rel` under
/// `dir`; Ok(None) once written, Ok(Some(exit code)) when the file could
/// not take it (refused, nothing written).
pub(super) fn append(dir: &Path, rel: &str, id: &str, key: &str, body: &str) -> Result<Option<u8>> {
    let path = dir.join(rel);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let edited = match edit::append_table(&text, key, body) {
        Ok(e) => e,
        Err(e) => return Ok(Some(refuse(&[format!("{id}: {}: {e:#}", path.display())]))),
    };
    crate::output::replace_atomic(&path, edited.text.as_bytes())?;
    Ok(None)
}
