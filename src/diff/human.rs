//! [`Changes`] as text: a heading per kind of record, one line per change,
//! the id first (`R-007 residual 12 High -> 6 Medium`). The same lines, id
//! apart, are what the pack's "changes since" section prints.

use std::fmt::Write as _;

use serde::Serialize;

use super::{ActionEvent, Changes, Rating, RecordEvent, RiskEvent, Shift};

/// The changes to one kind of record, as lines of text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChangeSection {
    /// "Risks", "Statement of Applicability", "Incidents", "Audit findings"
    /// or "Actions".
    pub title: &'static str,
    /// One line per change, in the order of [`Changes`].
    pub lines: Vec<ChangeLine>,
}

/// One change: the record's id and what happened to it
/// (`R-007`, `residual 12 High -> 6 Medium`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChangeLine {
    /// Risk, control, incident, finding or action id.
    pub id: String,
    /// The change, without the id.
    pub text: String,
}

fn line(id: &str, text: String) -> ChangeLine {
    ChangeLine {
        id: id.to_string(),
        text,
    }
}

pub(super) fn render(c: &Changes) -> String {
    let mut out = format!("Changes from {} to {}\n", c.from.label, c.to.label);
    if c.is_empty() {
        out.push_str(
            "\nNo changes to risks, the SoA, incidents, findings, actions or other records.\n",
        );
        return out;
    }
    for s in sections(c) {
        let _ = writeln!(out, "\n{}", s.title);
        for l in s.lines {
            let _ = writeln!(out, "  {} {}", l.id, l.text);
        }
    }
    out
}

/// The non-empty sections of `c`, in the order risks, SoA, incidents,
/// findings, actions.
pub(super) fn sections(c: &Changes) -> Vec<ChangeSection> {
    let soa = c
        .soa
        .iter()
        .map(|x| {
            let mut parts = Vec::new();
            let status = x.status.as_ref().and_then(|s| s.to.clone());
            match &x.applicable {
                Some(Shift { to: Some(true), .. }) => parts.push(format!(
                    "excluded -> applicable ({})",
                    status
                        .filter(|s| !s.is_empty())
                        .unwrap_or("no status".into())
                )),
                Some(_) => parts.push("applicable -> excluded".into()),
                None => {
                    if let Some(s) = &x.status {
                        parts.push(format!("status {}", arrow(&s.from, &s.to)));
                    }
                }
            }
            line(&x.id, format!("{}: {}", x.title, parts.join(", ")))
        })
        .collect();
    let incidents = c
        .incidents
        .iter()
        .map(|i| {
            let text = format!("new: {} ({}, {})", i.title, i.severity, i.status);
            line(&i.id, text)
        })
        .collect();
    let findings = c
        .findings
        .iter()
        .map(|f| {
            let text = format!("new {} in {}: {}", f.kind, f.audit, f.summary);
            line(&f.id, text)
        })
        .collect();
    let actions = c
        .actions
        .iter()
        .map(|a| {
            let text = match a.event {
                ActionEvent::Opened => format!(
                    "opened: {} ({}, due {}; {})",
                    a.summary, a.owner.name, a.due, a.source
                ),
                ActionEvent::Done => format!(
                    "done{}: {} ({})",
                    a.done
                        .as_deref()
                        .map(|d| format!(" {d}"))
                        .unwrap_or_default(),
                    a.summary,
                    a.source
                ),
                ActionEvent::Cancelled => format!("cancelled: {} ({})", a.summary, a.source),
            };
            line(&a.id, text)
        })
        .collect();
    let mut sections: Vec<(&'static str, Vec<ChangeLine>)> = vec![
        (
            "Risks",
            c.risks
                .iter()
                .flat_map(|r| risk_lines(r, &c.to.label))
                .collect(),
        ),
        ("Statement of Applicability", soa),
        ("Incidents", incidents),
        ("Audit findings", findings),
        ("Actions", actions),
    ];
    // Every other kind, a section each, in the kind list's order.
    for r in &c.records {
        let text = match r.event {
            RecordEvent::Added => format!("added: {}", r.title),
            RecordEvent::Removed => format!("removed: {}", r.title),
            RecordEvent::Unreadable => {
                format!("does not load in {}: {}", c.to.label, r.title)
            }
            RecordEvent::Changed => format!("{} changed: {}", r.fields.join(", "), r.title),
        };
        let text = text.trim_end_matches(": ").to_string();
        match sections.last_mut() {
            Some((title, lines)) if *title == r.kind => lines.push(line(&r.id, text)),
            _ => sections.push((r.kind, vec![line(&r.id, text)])),
        }
    }
    sections
        .into_iter()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|(title, lines)| ChangeSection { title, lines })
        .collect()
}

fn risk_lines(r: &super::RiskChange, later: &str) -> Vec<ChangeLine> {
    let id = &r.id;
    match r.event {
        Some(RiskEvent::Added) => {
            let to = |s: &Option<Shift<Rating>>| {
                s.as_ref()
                    .and_then(|s| s.to.as_ref())
                    .map(rated)
                    .unwrap_or_default()
            };
            let treatment = r
                .treatment
                .as_ref()
                .and_then(|s| s.to.clone())
                .unwrap_or_default();
            let owner = r
                .owner
                .as_ref()
                .and_then(|s| s.to.as_ref())
                .map(|w| w.name.clone())
                .unwrap_or_default();
            let text = format!(
                "added: {} (inherent {}, residual {}, {treatment}, owner {owner})",
                r.title,
                to(&r.inherent),
                to(&r.residual)
            );
            return vec![line(id, text)];
        }
        Some(RiskEvent::Removed) => return vec![line(id, format!("removed: {}", r.title))],
        Some(RiskEvent::Unreadable) => {
            let text = format!(
                "does not load in {later}: {} (`isms check` says why)",
                r.title
            );
            return vec![line(id, text)];
        }
        _ => {}
    }
    let mut lines = Vec::new();
    match r.event {
        Some(RiskEvent::Closed) => lines.push(line(id, format!("closed: {}", r.title))),
        Some(RiskEvent::Reopened) => lines.push(line(id, format!("reopened: {}", r.title))),
        _ => {}
    }
    if let Some(s) = &r.inherent {
        lines.push(line(id, format!("inherent {}", rating_arrow(s))));
    }
    if let Some(s) = &r.residual {
        lines.push(line(id, format!("residual {}", rating_arrow(s))));
    }
    if let Some(s) = &r.treatment {
        lines.push(line(id, format!("treatment {}", arrow(&s.from, &s.to))));
    }
    if let Some(s) = &r.owner {
        let name = |w: &Option<super::Who>| w.as_ref().map(|w| w.name.clone());
        let text = format!("owner {}", arrow(&name(&s.from), &name(&s.to)));
        lines.push(line(id, text));
    }
    lines
}

fn rated(r: &Rating) -> String {
    format!("{} {}", r.score, r.level)
}

fn rating_arrow(s: &Shift<Rating>) -> String {
    arrow(&s.from.as_ref().map(rated), &s.to.as_ref().map(rated))
}

fn arrow(from: &Option<String>, to: &Option<String>) -> String {
    let show = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".into());
    format!("{} -> {}", show(from), show(to))
}
