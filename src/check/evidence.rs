//! The evidence register (E09x, W007, W008): every recorded file is still
//! there, inside the tree, holding what was reviewed; collections run
//! oldest first; no evidence for an excluded control; evidence collected on
//! its cadence; and, once a tree keeps an evidence register, every
//! implemented control shows some evidence.

use std::collections::HashSet;

use super::{CheckRun, Site};
use crate::diag::Code;
use crate::load::FileState;
use crate::model::ImplementationStatus;

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    for r in &tree.evidence {
        let (d, site) = (&r.data, Site::of(r));
        for (i, c) in d.collection.iter().enumerate() {
            let at = site.under(&format!("/collection/{i}"));
            if i > 0 && c.on < d.collection[i - 1].on {
                let prev = d.collection[i - 1].on;
                let line = cx.line(
                    r.file,
                    &site.value_span(&format!("/collection/{}/on", i - 1)),
                );
                cx.push(
                    at.value(
                        Code::CollectionOrder,
                        "/on",
                        format!("collection on {} comes after one on {prev}", c.on),
                    )
                    .label(format!("earlier than the collection on line {line}"))
                    .help("keep [[collection]] entries oldest first: move this one up"),
                );
            }
            for (j, f) in c.files.iter().enumerate() {
                let file = at.under(&format!("/files/{j}"));
                file_rule(cx, &file, &f.path, &f.sha256, NEW_COLLECTION);
            }
        }
        for (k, id) in d.controls.iter().enumerate() {
            let excluded = tree.soa.as_ref().and_then(|s| {
                let i = *cx.index.soa.get(id.as_str())?;
                (!s.data.control[i].applicable).then_some(())
            });
            if excluded.is_some() {
                let msg = format!("{} covers {id}, which the SoA excludes", d.id);
                cx.push(
                    site.value(Code::EvidenceForExcluded, &format!("/controls/{k}"), msg)
                        .label("excluded in soa.toml")
                        .help(format!(
                            "remove {id} from `controls`, or make it applicable in the SoA"
                        )),
                );
            }
        }
        if let (Some(last), Some(due)) = (d.last(), d.due())
            && d.overdue(cx.today)
        {
            let days = (cx.today - due).num_days();
            let i = d
                .collection
                .iter()
                .rposition(|c| c.on == last.on)
                .unwrap_or(0);
            let msg = format!(
                "{} is overdue by {days} day{}: last collected {}, due {due} (every {})",
                d.id,
                if days == 1 { "" } else { "s" },
                last.on,
                d.every
            );
            cx.push(
                site.value(Code::EvidenceOverdue, &format!("/collection/{i}/on"), msg)
                    .help(format!(
                        "collect it again and record it: isms evidence add {} FILE...",
                        d.id
                    )),
            );
        }
    }
    controls_without_evidence(cx);
}

/// What to do with evidence whose file changed: record it anew.
const NEW_COLLECTION: &str = "evidence must be what was reviewed: restore the file, or record the new \
     version as a new collection (isms evidence add)";

/// E090, E091, E092 for one recorded file (an evidence collection's, a
/// supplier certification's); `changed` is the help when its content
/// changed.
pub(super) fn file_rule(
    cx: &mut CheckRun<'_>,
    site: &Site<'_>,
    path: &str,
    sha256: &str,
    changed: &str,
) {
    let state = cx.tree.evidence_files.get(path);
    file_state_rule(cx, site, path, sha256, state, changed);
}

/// E090, E091, E092 for a recorded file in `state` now; `changed` is the
/// help when its content changed.
pub(super) fn file_state_rule(
    cx: &mut CheckRun<'_>,
    site: &Site<'_>,
    path: &str,
    sha256: &str,
    state: Option<&FileState>,
    changed: &str,
) {
    let diag = match state {
        Some(FileState::Hash(h)) if h == sha256 => return,
        Some(FileState::Hash(h)) => site
            .value(
                Code::EvidenceHashMismatch,
                "/sha256",
                format!("{path} has changed since it was recorded"),
            )
            .label(format!(
                "the file's sha256 is now {}",
                &h[..h.len().min(16)]
            ))
            .help(changed),
        Some(FileState::Outside(why)) => site
            .value(
                Code::EvidenceOutside,
                "/path",
                format!("`{path}` is not inside the ISMS tree: {why}"),
            )
            .help("copy the evidence into the tree (e.g. evidence/files/) and record that path"),
        Some(FileState::Unreadable(e)) => site
            .value(
                Code::EvidenceFileMissing,
                "/path",
                format!("{path} cannot be read: {e}"),
            )
            .help("make the file readable, or record where the evidence is now"),
        Some(FileState::Missing) | None => site
            .value(
                Code::EvidenceFileMissing,
                "/path",
                format!("{path} does not exist"),
            )
            .label("no such file in the tree")
            .help("restore the file (git checkout), or correct the path"),
    };
    cx.push(diag);
}

/// W008: once the tree keeps an evidence register, an applicable control
/// marked implemented needs evidence: a record covering it, or a list in
/// its SoA entry.
fn controls_without_evidence(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    let Some(soa) = &tree.soa else { return };
    if tree.evidence.is_empty() && tree.broken_count(crate::schema::Kind::Evidence) == 0 {
        return;
    }
    let covered: HashSet<&str> = tree
        .evidence
        .iter()
        .flat_map(|r| r.data.controls.iter().map(String::as_str))
        .collect();
    let site = Site::of(soa);
    for (i, c) in soa.data.control.iter().enumerate() {
        if !c.applicable
            || c.status != Some(ImplementationStatus::Implemented)
            || !c.evidence.is_empty()
            || covered.contains(c.id.as_str())
            || cx.index.soa.get(c.id.as_str()) != Some(&i)
        {
            continue;
        }
        let msg = format!("{} is implemented but has no evidence", c.id);
        cx.push(
            site.value(
                Code::ControlWithoutEvidence,
                &format!("/control/{i}/status"),
                msg,
            )
            .help(format!(
                "add an evidence record covering it (isms evidence new --control {} ...), \
                     or list its evidence in the SoA entry: evidence = [\"...\"]",
                c.id
            )),
        );
    }
}
