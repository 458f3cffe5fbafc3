//! The entries of `context.toml` compared: context issues by id, interested
//! parties by id and, within a party, its requirements by their text (a
//! requirement has no id; one whose text changed reads as one removed and
//! one added). They come out as [`RecordChange`]s, a section each, after
//! the record kinds, so `isms diff` and the review draft's b) and c) speak
//! of them like any register.

use std::collections::BTreeMap;

use serde_json::Value;

use super::records::{RecordChange, RecordEvent, changed_fields};
use crate::load::Tree;
use crate::model::{Context, Party};
use crate::schema::Kind;

/// The section of context issues (4.1).
pub const ISSUES: &str = "Context issues";
/// The section of interested parties (4.2).
pub const PARTIES: &str = "Interested parties";
/// The section of interested parties' requirements (4.2 b), each line
/// under its party's id.
pub const REQUIREMENTS: &str = "Interested parties' requirements";

/// The entry of the file that does not load, in [`Tree::broken`].
const FILE: &str = "context";

/// Issues, parties and requirements that differ between `a` (earlier) and
/// `b`, in that order, ids in natural order.
pub(super) fn compare(a: &Tree, b: &Tree) -> Vec<RecordChange> {
    let empty = Context::default();
    let ca = a.context.as_ref().map_or(&empty, |c| &c.data);
    let cb = b.context.as_ref().map_or(&empty, |c| &c.data);
    let unreadable = b.is_broken(Kind::Context, FILE);
    let issues = |c: &Context| -> BTreeMap<String, (String, Value)> {
        c.issue
            .iter()
            .map(|i| (i.id.clone(), (i.title.clone(), json(i))))
            .collect()
    };
    // A party's own fields; its requirements are compared one by one.
    let parties = |c: &Context| -> BTreeMap<String, (String, Value)> {
        c.party
            .iter()
            .map(|p| {
                let mut v = json(p);
                if let Some(o) = v.as_object_mut() {
                    o.remove("requirement");
                }
                (p.id.clone(), (p.name.clone(), v))
            })
            .collect()
    };
    let mut out = Vec::new();
    entries(ISSUES, &issues(ca), &issues(cb), unreadable, &mut out);
    entries(PARTIES, &parties(ca), &parties(cb), unreadable, &mut out);
    let mut ids: Vec<&str> = ca
        .party
        .iter()
        .chain(&cb.party)
        .map(|p| p.id.as_str())
        .collect();
    ids.sort_by(|x, y| natord::compare(x, y));
    ids.dedup();
    let find = |c: &'_ Context, id: &str| c.party.iter().find(|p| p.id == id).map(requirements);
    for id in ids {
        let (old, new) = (
            find(ca, id).unwrap_or_default(),
            find(cb, id).unwrap_or_default(),
        );
        let start = out.len();
        entries(REQUIREMENTS, &old, &new, unreadable, &mut out);
        // Keyed by text for the comparison; the line is under the party.
        for r in &mut out[start..] {
            r.id = id.to_string();
        }
    }
    out
}

/// A party's requirements by their text, the text also as the title.
fn requirements(p: &Party) -> BTreeMap<String, (String, Value)> {
    p.requirement
        .iter()
        .map(|r| (r.text.clone(), (r.text.clone(), json(r))))
        .collect()
}

fn json<T: serde::Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

/// Push one change per key of `old` and `new` (key to title and fields)
/// whose entry was added, removed or changed, keys in natural order.
fn entries(
    kind: &'static str,
    old: &BTreeMap<String, (String, Value)>,
    new: &BTreeMap<String, (String, Value)>,
    unreadable: bool,
    out: &mut Vec<RecordChange>,
) {
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort_by(|x, y| natord::compare(x, y));
    keys.dedup();
    for key in keys {
        let (event, fields, title) = match (old.get(key), new.get(key)) {
            (None, Some((t, _))) => (RecordEvent::Added, Vec::new(), t),
            (Some((t, _)), None) if unreadable => (RecordEvent::Unreadable, Vec::new(), t),
            (Some((t, _)), None) => (RecordEvent::Removed, Vec::new(), t),
            (Some((_, x)), Some((t, y))) => match changed_fields(x, y) {
                f if f.is_empty() => continue,
                f => (RecordEvent::Changed, f, t),
            },
            (None, None) => continue,
        };
        out.push(RecordChange {
            kind,
            id: key.clone(),
            title: title.clone(),
            event,
            fields,
        });
    }
}
