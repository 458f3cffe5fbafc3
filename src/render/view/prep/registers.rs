//! The registers in the review draft: the context issues added, changed or
//! removed, the suppliers onboarded, offboarded or changed and the
//! certifications lapsed (under b), the interested parties and their
//! requirements and the obligations added, changed or retired (under c) and
//! the asset changes (under f), from the period's record changes (git) and
//! the records as they stand.

use std::fmt::Write as _;

use super::DraftSources;
use crate::diff::{self, RecordChange, RecordEvent};
use crate::load::RecordKind;
use crate::model::{Asset, Obligation, Supplier};

/// b) The supplier register's changes in the period, then the
/// certifications of suppliers in use that lapsed in it.
pub(super) fn suppliers(s: &DraftSources<'_>, o: &mut String) {
    kind_changes::<Supplier>(s, o, "onboarded", |id| {
        s.tree
            .suppliers
            .iter()
            .find(|r| r.data.id == id)
            .map(|r| r.data.status.to_string())
    });
    let today = s.view.today;
    let lapsed: Vec<String> = s
        .tree
        .suppliers
        .iter()
        .flat_map(|r| {
            r.data
                .current_certifications()
                .filter(|(_, c)| c.valid_until >= s.since && c.valid_until < today)
                .map(|(_, c)| {
                    format!(
                        "- {} {}: {} lapsed on {}",
                        r.data.id, r.data.title, c.name, c.valid_until
                    )
                })
        })
        .collect();
    if !lapsed.is_empty() {
        let _ = writeln!(o, "\nSupplier certifications lapsed since {}:", s.since);
        for l in lapsed {
            let _ = writeln!(o, "{l}");
        }
    }
}

/// b) The context issues (4.1) added, changed or removed in the period.
pub(super) fn context_issues(s: &DraftSources<'_>, o: &mut String) {
    changes(s, o, diff::CONTEXT_ISSUES, "added", |_| None);
}

/// c) The interested parties and their requirements (4.2) added, changed
/// or removed in the period.
pub(super) fn parties(s: &DraftSources<'_>, o: &mut String) {
    changes(s, o, diff::PARTIES, "added", |_| None);
    changes(s, o, diff::REQUIREMENTS, "added", |_| None);
}

/// c) The obligations added, changed or retired in the period.
pub(super) fn obligations(s: &DraftSources<'_>, o: &mut String) {
    kind_changes::<Obligation>(s, o, "added", |id| {
        s.tree
            .obligations
            .iter()
            .find(|r| r.data.id == id)
            .map(|r| r.data.status.to_string())
    });
}

/// f) The asset inventory's changes in the period.
pub(super) fn assets(s: &DraftSources<'_>, o: &mut String) {
    kind_changes::<Asset>(s, o, "added", |id| {
        s.tree
            .assets
            .iter()
            .find(|r| r.data.id == id)
            .map(|r| r.data.status.to_string())
    });
}

/// A paragraph listing the period's changes to records of kind `K`, if
/// any: `added` is the word for a new record, `status` a record's status
/// now, by id.
fn kind_changes<K: RecordKind>(
    s: &DraftSources<'_>,
    o: &mut String,
    added: &str,
    status: impl Fn(&str) -> Option<String>,
) {
    changes(s, o, K::SPEC.list_title, added, status);
}

/// A paragraph listing the period's changes in section `title` of the
/// diff, if any: `added` is the word for a new entry, `status` an entry's
/// status now, by id.
fn changes(
    s: &DraftSources<'_>,
    o: &mut String,
    title: &str,
    added: &str,
    status: impl Fn(&str) -> Option<String>,
) {
    let Some(c) = s.changes else { return };
    let mine: Vec<&RecordChange> = c.records.iter().filter(|r| r.kind == title).collect();
    if mine.is_empty() {
        return;
    }
    let _ = writeln!(o, "\n{title} changes since {}:", s.since);
    for r in mine {
        let now = status(&r.id);
        let what = match (r.event, now) {
            (RecordEvent::Added, Some(st)) => format!("{added}, {st}"),
            (RecordEvent::Added, None) => added.to_string(),
            (RecordEvent::Removed, _) => "removed from the register".into(),
            (RecordEvent::Unreadable, _) => "no longer loads".into(),
            (RecordEvent::Changed, Some(st)) if r.fields.iter().any(|f| f == "status") => {
                let rest: Vec<&str> = r
                    .fields
                    .iter()
                    .filter(|f| *f != "status")
                    .map(String::as_str)
                    .collect();
                if rest.is_empty() {
                    format!("now {st}")
                } else {
                    format!("now {st}; also changed: {}", rest.join(", "))
                }
            }
            (RecordEvent::Changed, _) => format!("changed: {}", r.fields.join(", ")),
        };
        let name = if r.title.is_empty() {
            r.id.clone()
        } else {
            format!("{} {}", r.id, r.title)
        };
        let _ = writeln!(o, "- {name}: {what}");
    }
}
