//! The context of the organisation in `context.toml` (W033, W034; 4.1,
//! 4.2): each issue says what effect it has on the ISMS, each requirement
//! of an interested party is addressed by something; issue and party ids
//! have their shapes (E010) and are used once (E012). What the ids of
//! `risks` and `addressed_by` name is judged with every other reference.

use std::collections::HashMap;

use super::{CheckRun, Site};
use crate::diag::Code;

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let Some(context) = &cx.tree.context else {
        return;
    };
    let file = Site::of(context);
    let c = &context.data;
    let issues = c.issue.iter().map(|i| i.id.as_str());
    ids(cx, &file, "/issue", "CTX-", "CTX-01", issues);
    let parties = c.party.iter().map(|p| p.id.as_str());
    ids(cx, &file, "/party", "IP-", "IP-01", parties);
    for (i, issue) in c.issue.iter().enumerate() {
        if issue.effect.trim().is_empty() {
            let site = file.under(&format!("/issue/{i}"));
            let at = if site.has("/effect") {
                "/effect"
            } else {
                "/id"
            };
            let msg = format!("{} does not say what effect it has on the ISMS", issue.id);
            cx.push(
                site.value(Code::IssueWithoutEffect, at, msg).help(
                    "say how the issue affects the ISMS's intended outcomes: effect = \"...\"",
                ),
            );
        }
    }
    for (p, party) in c.party.iter().enumerate() {
        for (q, req) in party.requirement.iter().enumerate() {
            if !req.addressed_by.is_empty() {
                continue;
            }
            let site = file.under(&format!("/party/{p}/requirement/{q}"));
            let msg = format!(
                "a requirement of {} ({}) is addressed by nothing",
                party.id, party.name
            );
            cx.push(site.value(Code::RequirementUnaddressed, "/text", msg).help(
                "name the controls, obligations or documents that address it: \
                     addressed_by = [\"A.5.34\", \"OBL-001\", \"ISP-01\"]",
            ));
        }
    }
}

/// E010 and E012 for the ids of one list (`/issue`, `/party`).
fn ids<'a>(
    cx: &mut CheckRun<'_>,
    file: &Site<'_>,
    list: &str,
    prefix: &str,
    example: &str,
    ids: impl Iterator<Item = &'a str>,
) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        let at = format!("{list}/{i}/id");
        let shaped = id
            .strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !shaped {
            let msg = format!("`{id}` is not an id of the shape {prefix}NN");
            cx.push(
                file.value(Code::IdShape, &at, msg)
                    .help(format!("use ids like \"{example}\"")),
            );
        }
        if let Some(j) = first.get(id) {
            let line = cx.line(file.file, &file.value_span(&format!("{list}/{j}/id")));
            let msg = format!("`{id}` is used twice in context.toml");
            cx.push(
                file.value(Code::IdDuplicate, &at, msg)
                    .label(format!("first used on line {line}"))
                    .help("give each entry its own id"),
            );
        } else {
            first.insert(id, i);
        }
    }
}
