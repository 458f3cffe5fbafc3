//! `isms new KIND [--title T]`: a new record of any kind of
//! [`kinds::specs`], with the next free id in the tree's own style, from
//! the kind's template (`record::Template`). Prints the path; never
//! overwrites a file.

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};

use super::record::{self, Template};
use super::{EXIT_ERRORS, EXIT_OK};
use crate::cli::NewArgs;
use crate::load::{DiskFs, KindSpec, TreeFs, kinds};

/// The names `isms new` takes: every record kind.
pub fn kind_names() -> Vec<&'static str> {
    kinds::specs().iter().map(|s| s.name).collect()
}

/// Run `isms new`.
pub fn run(args: &NewArgs) -> Result<u8> {
    let Some(spec) = kinds::specs().iter().find(|s| s.name == args.kind) else {
        bail!(
            "unknown record kind `{}`; kinds are: {}",
            args.kind,
            kind_names().join(", ")
        );
    };
    let dir = super::tree_dir(args.dir.as_deref());
    if !dir.join("isms.toml").is_file() {
        eprintln!(
            "error: {} has no isms.toml: not an ISMS tree (`isms init` starts one)",
            dir.display()
        );
        return Ok(EXIT_ERRORS);
    }
    if let Some(t) = &args.title
        && t.chars().any(char::is_control)
    {
        eprintln!("error: --title must be one line of text");
        return Ok(EXIT_ERRORS);
    }
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let fs = DiskFs::new(&dir).with_context(|| format!("reading {}", dir.display()))?;
    let existing: Vec<String> = fs
        .list(spec.folder)
        .with_context(|| format!("listing {}/", spec.folder))?
        .names
        .into_iter()
        .filter(|n| n.ends_with(".md") && !n.starts_with(['.', '_']))
        .map(|n| n.trim_end_matches(".md").to_string())
        .filter(|id| (spec.id_shape)(id))
        .collect();
    let id = next_id(spec, &existing, today);
    let template = Template::read(&fs, spec)?;
    let text = template.render(&id, args.title.as_deref().unwrap_or(""), today, &[])?;
    let path = dir.join(record::record_rel(spec, &id));
    crate::output::create_new(&path, text.as_bytes())?;
    // Relative to where the command runs: `risks/R-032.md`, not `./risks/...`.
    let shown = path.strip_prefix(".").unwrap_or(&path);
    super::outln(&shown.display().to_string())?;
    Ok(EXIT_OK)
}

/// The next free id in the style of the tree's newest id of this kind (or
/// the kind's example): a four-digit year part becomes this year, the last
/// number counts up keeping its width, and a quarter ("Q3") is this
/// quarter or the next free one.
pub fn next_id(spec: &KindSpec, existing: &[String], today: NaiveDate) -> String {
    let last_number = |id: &str| {
        let runs = split_runs(id);
        let n = runs
            .iter()
            .rev()
            .find_map(|r| r.parse::<u64>().ok())
            .unwrap_or(0);
        (runs.iter().find_map(|r| r.parse::<u64>().ok()), n, id.len())
    };
    let style = existing
        .iter()
        .max_by_key(|id| last_number(id))
        .map_or(spec.id_example, String::as_str);
    let parts = split_runs(style);
    let Some(last) = parts
        .iter()
        .rposition(|p| p.starts_with(|c: char| c.is_ascii_digit()))
    else {
        return format!("{style}-1");
    };
    let year = today.year().to_string();
    let head: Vec<String> = parts[..last]
        .iter()
        .map(|p| {
            if p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()) && p.starts_with(['1', '2']) {
                year.clone()
            } else {
                (*p).to_string()
            }
        })
        .collect();
    let prefix = head.concat();
    let width = parts[last].len();
    let quarter = head.last().is_some_and(|p| p.ends_with('Q'));
    let taken = |n: u32| {
        let id = format!("{prefix}{n:0width$}");
        existing.contains(&id)
    };
    let used = existing
        .iter()
        .filter_map(|e| e.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max();
    let mut n = if quarter {
        today
            .month()
            .div_ceil(3)
            .max(used.map_or(0, |u| u + 1).min(4))
    } else {
        used.map_or(1, |u| u + 1)
    };
    while taken(n) {
        n += 1;
    }
    let id = format!("{prefix}{n:0width$}");
    if (spec.id_shape)(&id) {
        id
    } else {
        spec.id_example.to_string()
    }
}

/// Split an id into runs of digits and runs of anything else.
fn split_runs(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut digit = None;
    for (i, c) in s.char_indices() {
        let d = c.is_ascii_digit();
        if digit.is_some_and(|p| p != d) {
            out.push(&s[start..i]);
            start = i;
        }
        digit = Some(d);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::RecordKind;
    use crate::model::{Audit, Incident, Review, Risk};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn next_ids_follow_the_tree() {
        let today = day("2027-02-15");
        assert_eq!(next_id(&Risk::SPEC, &[], today), "R-001");
        assert_eq!(
            next_id(&Risk::SPEC, &ids(&["R-009", "R-031", "R-4"]), today),
            "R-032"
        );
        assert_eq!(next_id(&Risk::SPEC, &ids(&["R-7"]), today), "R-8");
        assert_eq!(
            next_id(&Audit::SPEC, &ids(&["IA-2026-01", "IA-2026-02"]), today),
            "IA-2027-01"
        );
        assert_eq!(
            next_id(&Audit::SPEC, &ids(&["IA-2027-01", "IA-2026-02"]), today),
            "IA-2027-02"
        );
        assert_eq!(next_id(&Incident::SPEC, &[], today), "INC-2027-001");
        assert_eq!(
            next_id(&Incident::SPEC, &ids(&["INC-2027-004"]), today),
            "INC-2027-005"
        );
        assert_eq!(
            next_id(&Review::SPEC, &ids(&["MR-2026-Q3"]), today),
            "MR-2027-Q1"
        );
        assert_eq!(
            next_id(&Review::SPEC, &ids(&["MR-2027-Q1"]), today),
            "MR-2027-Q2"
        );
        assert_eq!(
            next_id(&Review::SPEC, &ids(&["MR-2026-03"]), today),
            "MR-2027-01"
        );
    }
}
