//! The Statement of Applicability (E04x, W006, W009; 6.1.3 d): every Annex A
//! control exactly once, reasons and status for applicable controls (and,
//! once implemented, how), a
//! justification for every entry, and nothing but a justification on an
//! excluded control; and, until the SoA records who approved it and when,
//! that it awaits approval (W015, as for any document). Risks relying on an excluded control (E045) are a rule
//! about risks: see `risks.rs`.

use std::collections::HashMap;

use super::{CheckRun, Site};
use crate::catalogue::Catalogue;
use crate::diag::Code;
use crate::model::ImplementationStatus;

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let Some(soa) = &cx.tree.soa else { return };
    let cat = Catalogue::get();
    let file = Site::of(soa);
    approval(cx, &soa.data, &file);
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, c) in soa.data.control.iter().enumerate() {
        let site = file.under(&format!("/control/{i}"));
        if let Some(&j) = first.get(c.id.as_str()) {
            let line = cx.line(soa.file, &file.value_span(&format!("/control/{j}/id")));
            let msg = format!("{} is listed twice in the SoA", c.id);
            cx.push(
                site.value(Code::SoaDuplicate, "/id", msg)
                    .label(format!("first listed on line {line}"))
                    .help("keep one [[control]] entry per control; merge the two"),
            );
            continue;
        }
        first.insert(&c.id, i);
        if c.justification.trim().is_empty() {
            let (what, at) = if site.has("/justification") {
                ("an empty justification", "/justification")
            } else {
                ("no justification", "/id")
            };
            let help = if c.applicable {
                "say why the control is included: the risks, laws or contracts that need it"
            } else {
                "an excluded control needs a justification for its exclusion (6.1.3 d)"
            };
            let msg = format!("{} has {what}", c.id);
            cx.push(site.value(Code::SoaNoJustification, at, msg).help(help));
        }
        if c.applicable {
            if c.reasons.is_empty() {
                let msg = format!("{} is applicable but gives no reason for inclusion", c.id);
                cx.push(site.value(Code::SoaNoReasons, "/id", msg).help(
                    "add reasons = [...] with any of \"risk\", \"legal\", \"contract\", \
                     \"business\"",
                ));
            }
            if c.status == Some(ImplementationStatus::Implemented)
                && c.implementation.trim().is_empty()
            {
                let msg = format!("{} is implemented but does not say how", c.id);
                cx.push(
                    site.value(Code::ImplementedUndescribed, "/status", msg)
                        .help(
                            "describe how in `implementation` (Markdown: the measures, tools and \
                     procedures); the SoA prints \"Not described\" without it",
                        ),
                );
            }
            if c.status.is_none() {
                let msg = format!("{} is applicable but has no implementation status", c.id);
                cx.push(site.value(Code::SoaNoStatus, "/id", msg).help(
                    "add status = \"implemented\", \"partial\", \"planned\" or \
                     \"not-implemented\"",
                ));
            }
        } else if c.status.is_some() || !c.reasons.is_empty() {
            let at = if c.status.is_some() {
                "/status"
            } else {
                "/reasons"
            };
            let msg = format!("{} is excluded but still has a status or reasons", c.id);
            cx.push(site.key(Code::ExcludedExtras, at, msg).help(
                "remove `status` and `reasons` from an excluded control, or set applicable = true",
            ));
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
        let msg = format!(
            "the SoA does not list {} of the 93 Annex A controls: {list}",
            missing.len()
        );
        cx.push(
            file.key(Code::SoaMissing, "/standard", msg).help(
                "add a [[control]] entry for each, applicable or excluded with a justification",
            ),
        );
    }
}

/// W015 on soa.toml until a person's approval is recorded: `isms init`
/// leaves it unapproved, and a document must not say "approved" before
/// anyone has.
fn approval(cx: &mut CheckRun<'_>, soa: &crate::model::Soa, file: &Site<'_>) {
    let what = match (soa.approver(), soa.approved_on) {
        (Some(_), Some(_)) => return,
        (Some(_), None) => "it names who approved it but not when (`approved_on`)",
        (None, Some(_)) => "it says when it was approved but not by whom (`approved_by`)",
        (None, None) => "it records no approval yet",
    };
    let at = ["/approved_by", "/approved_on"]
        .into_iter()
        .find(|p| file.has(p))
        .unwrap_or("/owner");
    let msg = format!("the SoA awaits approval: {what}");
    cx.push(file.key(Code::DocumentReviewOverdue, at, msg).help(format!(
        "once a person has approved the SoA, record it in soa.toml: \
             approved_by = \"<person id>\" and approved_on = {}",
        cx.today
    )));
}
