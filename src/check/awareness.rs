//! Campaign campaigns (E138, W054, W055, and E090-E092 for their
//! completion files): every completion names someone on the roster, each
//! completion file is the one recorded, a campaign past due has everyone
//! complete, and no acknowledgement is of a text changed since. What
//! counts as complete is [`crate::awareness`]'s judgement, shared with the
//! views and commands.

use super::{CheckRun, Site};
use crate::awareness;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    for r in &tree.awareness {
        let site = Site::of(r);
        for (k, f) in r.data.completion_file.iter().enumerate() {
            let state = tree.completion_files.get(&f.path).map(|c| &c.state);
            let at = site.under(&format!("/completion_file/{k}"));
            super::evidence::file_state_rule(
                cx,
                &at,
                &f.path,
                &f.sha256,
                state,
                "a completion export must be what the LMS gave: restore the file, or record \
                 the new export with isms awareness add",
            );
        }
    }
    unknown_staff(cx);
    for c in awareness::campaigns(tree, cx.today) {
        let Some(r) = tree.awareness.iter().find(|r| r.data.id == c.id) else {
            continue;
        };
        // An export that did not read (E005, E090, E139...) leaves the
        // counts unknown: the error says so, a shortfall would mislead.
        if !c.counted {
            continue;
        }
        let site = Site::of(r);
        if c.counts.overdue > 0 {
            let n = c.counts.overdue;
            let msg = if c.onboarding {
                format!(
                    "{n} joiner{} not completed {} within their onboarding days ({}% of {} \
                     complete)",
                    if n == 1 { " has" } else { "s have" },
                    c.id,
                    c.counts.percent(),
                    c.counts.audience
                )
            } else {
                format!(
                    "{} is past due ({}) and {n} of {} staff {} not completed it ({}% complete)",
                    c.id,
                    c.due,
                    c.counts.audience,
                    if n == 1 { "has" } else { "have" },
                    c.counts.percent()
                )
            };
            let depts: Vec<String> = c
                .departments
                .iter()
                .filter(|(_, d)| d.overdue > 0)
                .map(|(name, d)| {
                    format!(
                        "{} {}",
                        if name.is_empty() { "(none)" } else { name },
                        d.overdue
                    )
                })
                .collect();
            cx.push(
                site.value(Code::CampaignIncomplete, "/due", msg)
                    .label(format!("overdue by department: {}", depts.join(", ")))
                    .help(format!(
                        "chase them (`isms awareness --format csv` lists who), then record the \
                         later export: isms awareness add {} FILE.csv",
                        c.id
                    )),
            );
        }
        for o in &c.outdated {
            let at = r
                .data
                .documents
                .iter()
                .position(|d| *d == o.document)
                .map_or("/documents".to_string(), |i| format!("/documents/{i}"));
            let n = o.count;
            let msg = format!(
                "{n} staff acknowledged {} before its current text was approved on {}, and \
                 not since",
                o.document, o.since
            );
            cx.push(
                site.value(Code::AcknowledgementOutdated, &at, msg)
                    .label("changed since they acknowledged it")
                    .help(format!(
                        "ask them to acknowledge the current text, and record the export: \
                         isms awareness add {} FILE.csv",
                        c.id
                    )),
            );
        }
    }
}

/// E138: completion rows naming nobody on the roster, at their line.
fn unknown_staff(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    let Some(roster) = &tree.staff else { return };
    let ids = roster.members.iter().map(|m| m.id.as_str());
    for (r, k, c) in awareness::unknown_rows(tree) {
        let path = &r.data.completion_file[k].path;
        let Some(file) = tree.completion_files.get(path).and_then(|f| f.file) else {
            continue;
        };
        let help = match crate::diag::closest(&c.who, ids.clone()) {
            Some(s) => {
                format!("did you mean `{s}`? completions name the roster's staff id or email")
            }
            None => "use the roster's staff id or email, or add the person to the roster".into(),
        };
        cx.push(
            Diagnostic::new(
                Code::UnknownStaff,
                Some(file),
                c.span.clone(),
                format!(
                    "`{}` (a completion of {}) is not on the staff roster",
                    c.who, r.data.id
                ),
            )
            .help(help),
        );
    }
}
