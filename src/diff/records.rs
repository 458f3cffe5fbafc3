//! Records of the kinds [`super::compare`] has no committee terms for
//! (documents, evidence, reviews, assets, suppliers, obligations, and any
//! kind added later): which were added, removed or no longer load, and which
//! of their fields changed, found from each kind's records as data, so a new
//! kind is in `isms diff` and every "changes since" without a line here.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::load::Tree;
use crate::load::kinds::{self, KindVisitor, RecordKind};
use crate::schema::Kind;

/// The kinds [`super::compare`] speaks of in their own terms (risk scores,
/// new incidents and findings); every other kind is compared here.
const OWN_TERMS: [Kind; 3] = [Kind::Risk, Kind::Incident, Kind::Audit];

/// What happened to one record.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RecordEvent {
    /// New in the later tree.
    Added,
    /// Gone from the later tree.
    Removed,
    /// Its file is in the later tree but does not load there.
    Unreadable,
    /// Some of its fields changed.
    Changed,
}

/// One record of a kind compared generically.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RecordChange {
    /// The kind's list title ("Supplier register"): the section it is in.
    pub kind: &'static str,
    /// The record's id.
    pub id: String,
    /// Its title (where its kind has one).
    pub title: String,
    /// What happened.
    pub event: RecordEvent,
    /// For [`RecordEvent::Changed`], the top-level fields that changed, in
    /// the record's order.
    pub fields: Vec<String>,
}

/// The records of every kind outside [`OWN_TERMS`] that differ between `a`
/// (earlier) and `b`, kind by kind in the kind list's order, ids in natural
/// order.
pub fn compare(a: &Tree, b: &Tree) -> Vec<RecordChange> {
    struct Visit<'t> {
        a: &'t Tree,
        b: &'t Tree,
        out: Vec<RecordChange>,
    }
    impl KindVisitor for Visit<'_> {
        fn visit<K: RecordKind>(&mut self) {
            let spec = &K::SPEC;
            if OWN_TERMS.contains(&spec.schema) {
                return;
            }
            let (old, new) = (as_json::<K>(self.a), as_json::<K>(self.b));
            let mut ids: Vec<&String> = old.keys().chain(new.keys()).collect();
            ids.sort_by(|x, y| natord::compare(x, y));
            ids.dedup();
            for id in ids {
                let (before, after) = (old.get(id), new.get(id));
                let (event, fields) = match (before, after) {
                    (None, Some(_)) => (RecordEvent::Added, Vec::new()),
                    (Some(_), None) if self.b.is_broken(spec.schema, id) => {
                        (RecordEvent::Unreadable, Vec::new())
                    }
                    (Some(_), None) => (RecordEvent::Removed, Vec::new()),
                    (Some(x), Some(y)) => match changed_fields(x, y) {
                        f if f.is_empty() => continue,
                        f => (RecordEvent::Changed, f),
                    },
                    (None, None) => continue,
                };
                let title = after.or(before).and_then(|v| v.get("title"));
                self.out.push(RecordChange {
                    kind: spec.list_title,
                    id: id.clone(),
                    title: title.and_then(Value::as_str).unwrap_or("").to_string(),
                    event,
                    fields,
                });
            }
        }
    }
    let mut visit = Visit {
        a,
        b,
        out: Vec::new(),
    };
    kinds::for_each_kind(&mut visit);
    visit.out
}

/// The records of kind `K` in `tree` as JSON, by id.
fn as_json<K: RecordKind>(tree: &Tree) -> BTreeMap<String, Value> {
    K::records(tree)
        .iter()
        .map(|r| {
            let value = serde_json::to_value(&r.data).unwrap_or(Value::Null);
            (r.data.id().to_string(), value)
        })
        .collect()
}

/// The top-level keys whose values differ, in `after`'s order, then those
/// only `before` has.
pub(super) fn changed_fields(before: &Value, after: &Value) -> Vec<String> {
    let (Some(x), Some(y)) = (before.as_object(), after.as_object()) else {
        return if before == after {
            Vec::new()
        } else {
            vec!["(the record)".into()]
        };
    };
    let mut out: Vec<String> = y
        .iter()
        .filter(|(k, v)| x.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(x.keys().filter(|k| !y.contains_key(*k)).cloned());
    out
}
