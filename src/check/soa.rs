//! The Statement of Applicability (6.1.3 d): every Annex A control exactly
//! once, reasons and status for applicable controls, a justification for
//! every entry, and no risk relying on an excluded control (6.1.3 c).

use std::collections::HashMap;

use super::Cx;
use crate::catalogue::Catalogue;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &mut Cx<'_>) {
    let Some(soa) = &cx.tree.soa else { return };
    let cat = Catalogue::get();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, c) in soa.data.control.iter().enumerate() {
        let at = |f: &str| format!("/control/{i}/{f}");
        if let Some(&j) = first.get(c.id.as_str()) {
            let (line, _) = cx
                .tree
                .sources
                .get(soa.file)
                .line_col(soa.spans.value(&format!("/control/{j}/id")).start);
            cx.push(
                Diagnostic::new(
                    Code::SoaDuplicate,
                    Some(soa.file),
                    soa.spans.value(&at("id")),
                    format!("{} is listed twice in the SoA", c.id),
                )
                .label(format!("first listed on line {line}"))
                .help("keep one [[control]] entry per control; merge the two"),
            );
            continue;
        }
        first.insert(&c.id, i);
        if c.justification.trim().is_empty() {
            let (what, span) = if soa.spans.has(&at("justification")) {
                (
                    "an empty justification",
                    soa.spans.value(&at("justification")),
                )
            } else {
                ("no justification", soa.spans.value(&at("id")))
            };
            let help = if c.applicable {
                "say why the control is included: the risks, laws or contracts that need it"
            } else {
                "an excluded control needs a justification for its exclusion (6.1.3 d)"
            };
            cx.push(
                Diagnostic::new(
                    Code::SoaNoJustification,
                    Some(soa.file),
                    span,
                    format!("{} has {what}", c.id),
                )
                .help(help),
            );
        }
        if c.applicable {
            if c.reasons.is_empty() {
                cx.push(
                    Diagnostic::new(Code::SoaNoReasons, Some(soa.file), soa.spans.value(&at("id")), format!("{} is applicable but gives no reason for inclusion", c.id))
                        .help("add reasons = [...] with any of \"risk\", \"legal\", \"contract\", \"business\""),
                );
            }
            if c.status.is_none() {
                cx.push(
                    Diagnostic::new(Code::SoaNoStatus, Some(soa.file), soa.spans.value(&at("id")), format!("{} is applicable but has no implementation status", c.id))
                        .help("add status = \"implemented\", \"partial\", \"planned\" or \"not-implemented\""),
                );
            }
        } else if c.status.is_some() || !c.reasons.is_empty() {
            let key = if c.status.is_some() {
                at("status")
            } else {
                at("reasons")
            };
            cx.push(
                Diagnostic::new(Code::ExcludedExtras, Some(soa.file), soa.spans.key(&key), format!("{} is excluded but still has a status or reasons", c.id))
                    .help("remove `status` and `reasons` from an excluded control, or set applicable = true"),
            );
        }
    }
    let missing: Vec<&str> = cat
        .controls
        .iter()
        .filter(|c| !first.contains_key(c.id.as_str()))
        .map(|c| c.id.as_str())
        .collect();
    if !missing.is_empty() {
        let list = if missing.len() > 12 {
            format!(
                "{} and {} more",
                missing[..12].join(", "),
                missing.len() - 12
            )
        } else {
            missing.join(", ")
        };
        cx.push(
            Diagnostic::new(
                Code::SoaMissing,
                Some(soa.file),
                soa.spans.key("/standard"),
                format!(
                    "the SoA does not list {} of the 93 Annex A controls: {list}",
                    missing.len()
                ),
            )
            .help("add a [[control]] entry for each, applicable or excluded with a justification"),
        );
    }
    // 6.1.3 c: controls that risk treatment relies on must not be excluded.
    for r in &cx.tree.risks {
        for (i, id) in r.data.controls.iter().enumerate() {
            if let Some(&j) = cx.index.soa.get(id.as_str())
                && !soa.data.control[j].applicable
            {
                let (line, _) = cx
                    .tree
                    .sources
                    .get(soa.file)
                    .line_col(soa.spans.value(&format!("/control/{j}/applicable")).start);
                cx.push(
                    Diagnostic::new(
                        Code::ExcludedButRelied,
                        Some(r.file),
                        r.spans.value(&format!("/controls/{i}")),
                        format!("risk {} relies on {id}, which the SoA excludes", r.data.id),
                    )
                    .label(format!("excluded in soa.toml:{line}"))
                    .help(format!("make {id} applicable in soa.toml (with reasons including \"risk\"), or treat the risk with other controls")),
                );
            }
        }
    }
}
