//! The risk method (6.1.2 a) and every risk against it: scales, level bands,
//! residual against inherent and appetite, acceptance (6.1.3 f), treatment
//! with controls, and review dates (8.2).

use super::Cx;
use crate::diag::{Code, Diagnostic};
use crate::model::{RiskStatus, Treatment};

pub(super) fn check(cx: &mut Cx<'_>) {
    let Some(cfg) = &cx.tree.config else { return };
    let method = &cfg.data.risk;
    let max = method.max_score();
    for (scale, labels) in [
        ("likelihood", &method.likelihood),
        ("impact", &method.impact),
    ] {
        if labels.is_empty() {
            cx.push(
                Diagnostic::new(Code::Bands, Some(cfg.file), cfg.spans.value(&format!("/risk/{scale}")), format!("the {scale} scale has no levels"))
                    .help(format!("list the {scale} labels from lowest to highest, e.g. [\"Rare\", \"Unlikely\", \"Possible\", \"Likely\", \"Almost certain\"]")),
            );
        }
    }
    let mut prev = 0;
    for (i, level) in method.level.iter().enumerate() {
        let span = cfg.spans.value(&format!("/risk/level/{i}/max"));
        if level.max <= prev {
            cx.push(
                Diagnostic::new(
                    Code::Bands,
                    Some(cfg.file),
                    span,
                    format!("level `{}` ends at {} but the level before it already reaches {prev}: the bands overlap", level.name, level.max),
                )
                .help("list [[risk.level]] from lowest to highest, each `max` greater than the one before"),
            );
        } else if level.max > max && max > 0 {
            cx.push(
                Diagnostic::new(
                    Code::Bands,
                    Some(cfg.file),
                    span,
                    format!(
                        "level `{}` ends at {}, above the highest possible score {max}",
                        level.name, level.max
                    ),
                )
                .help(format!(
                    "the top band should end at {max} (likelihood levels x impact levels)"
                )),
            );
        }
        prev = prev.max(level.max);
    }
    if prev < max {
        let span = if method.level.is_empty() {
            cfg.spans.key("/risk")
        } else {
            cfg.spans
                .value(&format!("/risk/level/{}/max", method.level.len() - 1))
        };
        cx.push(
            Diagnostic::new(
                Code::Bands,
                Some(cfg.file),
                span,
                format!(
                    "the level bands stop at {prev}: scores {} to {max} have no level",
                    prev + 1
                ),
            )
            .help(format!(
                "raise the top band's `max` to {max}, or add a [[risk.level]] that reaches it"
            )),
        );
    }

    let (nl, ni) = (method.likelihood.len() as u32, method.impact.len() as u32);
    for r in &cx.tree.risks {
        let d = &r.data;
        let mut in_scale = true;
        for (field, value, n, scale) in [
            ("likelihood", Some(d.likelihood), nl, "likelihood"),
            ("impact", Some(d.impact), ni, "impact"),
            (
                "residual_likelihood",
                d.residual_likelihood,
                nl,
                "likelihood",
            ),
            ("residual_impact", d.residual_impact, ni, "impact"),
        ] {
            if let Some(v) = value
                && (v < 1 || v > n)
            {
                in_scale = false;
                cx.push(
                    Diagnostic::new(
                        Code::OutOfScale,
                        Some(r.file),
                        r.spans.value(&format!("/{field}")),
                        format!("`{field}` is {v}, outside the {scale} scale 1 to {n}"),
                    )
                    .help(format!(
                        "use a value from 1 ({}) to {n} ({})",
                        first(&method.likelihood, &method.impact, scale),
                        last(&method.likelihood, &method.impact, scale)
                    )),
                );
            }
        }
        if !in_scale {
            continue;
        }
        let (inherent, residual) = (d.score(), d.residual_score());
        if residual > inherent {
            cx.push(
                Diagnostic::new(
                    Code::ResidualAboveInherent,
                    Some(r.file),
                    r.spans.key("/residual_likelihood").start..r.spans.value("/residual_impact").end.max(r.spans.key("/residual_likelihood").end),
                    format!("residual score {residual} is above the inherent score {inherent}"),
                )
                .help("treatment cannot make a risk worse: lower the residual likelihood or impact, or raise the inherent ones"),
            );
        }
        if d.status == RiskStatus::Open && residual > method.appetite && d.acceptance.is_none() {
            cx.push(
                Diagnostic::new(
                    Code::NoAcceptance,
                    Some(r.file),
                    r.spans.key("/id"),
                    format!("residual score {residual} is above the risk appetite ({}) and nobody has accepted it", method.appetite),
                )
                .help("add an [acceptance] table with `by`, `on` and `expires`, or plan more treatment to bring the residual score down"),
            );
        }
        if d.treatment == Treatment::Mitigate && d.controls.is_empty() {
            let span = if r.spans.has("/controls") {
                r.spans.value("/controls")
            } else {
                r.spans.value("/treatment")
            };
            cx.push(
                Diagnostic::new(Code::NoControls, Some(r.file), span, format!("risk {} is mitigated but names no controls", d.id))
                    .help("list the Annex A controls the treatment relies on, e.g. controls = [\"A.8.13\"]"),
            );
        }
        if d.status == RiskStatus::Closed {
            continue;
        }
        if let Some(a) = &d.acceptance
            && a.expires < cx.today
        {
            cx.push(
                Diagnostic::new(Code::AcceptanceExpired, Some(r.file), r.spans.value("/acceptance/expires"), format!("the acceptance of risk {} expired on {}", d.id, a.expires))
                    .help("review the risk and renew the acceptance (new `on` and `expires`), or treat it further"),
            );
        }
        let last = d.reviewed.unwrap_or(d.identified);
        let due = last + chrono::Days::new(u64::from(method.review_days));
        if due < cx.today {
            let at = if d.reviewed.is_some() {
                "/reviewed"
            } else {
                "/identified"
            };
            cx.push(
                Diagnostic::new(
                    Code::ReviewOverdue,
                    Some(r.file),
                    r.spans.value(at),
                    format!(
                        "risk {} was due for review on {due} (last reviewed {last}, every {} days)",
                        d.id, method.review_days
                    ),
                )
                .help("review the risk and set `reviewed` to the date of the review"),
            );
        }
    }
}

fn first<'a>(l: &'a [String], i: &'a [String], scale: &str) -> &'a str {
    let s = if scale == "likelihood" { l } else { i };
    s.first().map_or("", String::as_str)
}

fn last<'a>(l: &'a [String], i: &'a [String], scale: &str) -> &'a str {
    let s = if scale == "likelihood" { l } else { i };
    s.last().map_or("", String::as_str)
}
