//! Ids (E01x): each kind has a shape, a record's id matches its file name, and no id
//! is used twice anywhere in the tree (actions and findings included).

use std::collections::HashMap;
use std::ops::Range;

use super::{CheckRun, Site, all_actions};
use crate::diag::{Code, FileId};
use crate::load::kinds;

/// Actions and findings: capital segments joined by hyphens, "ACT-031", "IA-2026-01-F1".
pub fn is_item_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 2
        && parts[0].starts_with(|c: char| c.is_ascii_uppercase())
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

/// Letters, digits, `.`, `_`, `-`, `@`, starting with a letter: "mhale", "j.doe".
pub fn is_person_id(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

struct Seen {
    file: FileId,
    span: Range<usize>,
    what: &'static str,
}

pub(super) fn check<'t>(cx: &mut CheckRun<'t>) {
    let tree = cx.tree;
    // Record ids: shape and file name, each kind as it declares them.
    let records = kinds::records(tree);
    let mut seen: HashMap<&str, Seen> = HashMap::new();
    for r in &records {
        let (file, id, what) = (r.file, r.id, r.spec.noun);
        let (shape, example) = (r.spec.id_shape, r.spec.id_example);
        let site = Site::new(file, r.spans);
        if !shape(id) {
            let msg = format!("`{id}` is not a valid {what} id");
            cx.push(
                site.value(Code::IdShape, "/id", msg)
                    .help(format!("{what} ids look like {example}")),
            );
        }
        let path = &tree.sources.get(file).path;
        let stem = path
            .rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".md");
        if stem != id {
            let msg = format!("id {id} does not match the file name {stem}.md");
            cx.push(site.value(Code::IdFile, "/id", msg).help(format!(
                "rename the file to {id}.md, or set `id = \"{stem}\"`"
            )));
        }
        dup(cx, &mut seen, id, &site, what);
    }
    // Findings and actions share the same id space as records.
    for r in &tree.audits {
        for (i, f) in r.data.finding.iter().enumerate() {
            let site = Site::of(r).under(&format!("/finding/{i}"));
            if !is_item_id(&f.id) {
                let msg = format!("`{}` is not a valid finding id", f.id);
                cx.push(
                    site.value(Code::IdShape, "/id", msg)
                        .help(format!("finding ids look like {}-F1", r.data.id)),
                );
            }
            dup(cx, &mut seen, &f.id, &site, "finding");
        }
    }
    for at in all_actions(tree) {
        let site = at.site();
        if !is_item_id(&at.action.id) {
            let msg = format!("`{}` is not a valid action id", at.action.id);
            cx.push(
                site.value(Code::IdShape, "/id", msg)
                    .help("action ids look like ACT-031: capitals and digits joined by hyphens"),
            );
        }
        dup(cx, &mut seen, &at.action.id, &site, "action");
    }
    // People.
    if let Some(cfg) = &tree.config {
        let mut people: HashMap<&str, Range<usize>> = HashMap::new();
        for (i, p) in cfg.data.person.iter().enumerate() {
            let site = Site::of(cfg).under(&format!("/person/{i}"));
            if !is_person_id(&p.id) {
                let msg = format!("`{}` is not a valid person id", p.id);
                cx.push(
                    site.value(Code::IdShape, "/id", msg).help(
                        "person ids are short, without spaces, such as \"mhale\" or \"j.doe\"",
                    ),
                );
            }
            if let Some(first) = people.get(p.id.as_str()) {
                let line = cx.line(cfg.file, first);
                let msg = format!("person id {} is used twice", p.id);
                cx.push(
                    site.value(Code::IdDuplicate, "/id", msg)
                        .label(format!("also defined on line {line}"))
                        .help("give each person their own id"),
                );
            } else {
                people.insert(&p.id, site.value_span("/id"));
            }
        }
    }
}

/// Report `id` (at `/id` of `site`) if it was seen before, else remember it.
fn dup<'t>(
    cx: &mut CheckRun<'t>,
    seen: &mut HashMap<&'t str, Seen>,
    id: &'t str,
    site: &Site<'_>,
    what: &'static str,
) {
    if let Some(first) = seen.get(id) {
        let path = &cx.tree.sources.get(first.file).path;
        let line = cx.line(first.file, &first.span);
        let label = format!(
            "{what} with the same id as a {} in {path}:{line}",
            first.what
        );
        let msg = format!("id {id} is used twice");
        cx.push(
            site.value(Code::IdDuplicate, "/id", msg)
                .label(label)
                .help("ids must be unique across the whole tree; give this one a new id"),
        );
    } else {
        let (file, span) = (site.file, site.value_span("/id"));
        seen.insert(id, Seen { file, span, what });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_and_person_shapes() {
        assert!(
            is_item_id("ACT-031")
                && is_item_id("IA-2026-01-F1")
                && !is_item_id("act-1")
                && !is_item_id("ACT")
        );
        assert!(
            is_person_id("mhale")
                && is_person_id("JDoe")
                && !is_person_id("j doe")
                && !is_person_id("1x")
        );
    }
}
