//! [`Changes`] as text: a heading per kind of record, one line per change,
//! the id first (`R-007 residual 12 High -> 6 Medium`).

use std::fmt::Write as _;

use super::{ActionEvent, Changes, Rating, RiskEvent, Shift};

pub(super) fn render(c: &Changes) -> String {
    let mut out = format!("Changes from {} to {}\n", c.from.label, c.to.label);
    if c.is_empty() {
        out.push_str("\nNo changes to risks, the SoA, incidents, findings or actions.\n");
        return out;
    }
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = writeln!(out, "\n{title}");
            for l in lines {
                let _ = writeln!(out, "  {l}");
            }
        }
    };
    section("Risks", c.risks.iter().flat_map(risk_lines).collect());
    section(
        "Statement of Applicability",
        c.soa
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
                format!("{} {}: {}", x.id, x.title, parts.join(", "))
            })
            .collect(),
    );
    section(
        "Incidents",
        c.incidents
            .iter()
            .map(|i| format!("{} new: {} ({}, {})", i.id, i.title, i.severity, i.status))
            .collect(),
    );
    section(
        "Audit findings",
        c.findings
            .iter()
            .map(|f| format!("{} new {} in {}: {}", f.id, f.kind, f.audit, f.summary))
            .collect(),
    );
    section(
        "Actions",
        c.actions
            .iter()
            .map(|a| match a.event {
                ActionEvent::Opened => format!(
                    "{} opened: {} ({}, due {}; {})",
                    a.id, a.summary, a.owner.name, a.due, a.source
                ),
                ActionEvent::Done => format!(
                    "{} done{}: {} ({})",
                    a.id,
                    a.done
                        .as_deref()
                        .map(|d| format!(" {d}"))
                        .unwrap_or_default(),
                    a.summary,
                    a.source
                ),
                ActionEvent::Cancelled => {
                    format!("{} cancelled: {} ({})", a.id, a.summary, a.source)
                }
            })
            .collect(),
    );
    out
}

fn risk_lines(r: &super::RiskChange) -> Vec<String> {
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
            return vec![format!(
                "{id} added: {} (inherent {}, residual {}, {treatment}, owner {owner})",
                r.title,
                to(&r.inherent),
                to(&r.residual)
            )];
        }
        Some(RiskEvent::Removed) => return vec![format!("{id} removed: {}", r.title)],
        _ => {}
    }
    let mut lines = Vec::new();
    match r.event {
        Some(RiskEvent::Closed) => lines.push(format!("{id} closed: {}", r.title)),
        Some(RiskEvent::Reopened) => lines.push(format!("{id} reopened: {}", r.title)),
        _ => {}
    }
    if let Some(s) = &r.inherent {
        lines.push(format!("{id} inherent {}", rating_arrow(s)));
    }
    if let Some(s) = &r.residual {
        lines.push(format!("{id} residual {}", rating_arrow(s)));
    }
    if let Some(s) = &r.treatment {
        lines.push(format!("{id} treatment {}", arrow(&s.from, &s.to)));
    }
    if let Some(s) = &r.owner {
        let name = |w: &Option<super::Who>| w.as_ref().map(|w| w.name.clone());
        lines.push(format!(
            "{id} owner {}",
            arrow(&name(&s.from), &name(&s.to))
        ));
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
