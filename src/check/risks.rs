//! Risks (E03x, E045, W001, W003): the risk method (6.1.2 a) and every risk
//! against it: scales, level bands, residual against inherent and appetite,
//! acceptance (6.1.3 f), treatment with controls that the SoA does not
//! exclude (6.1.3 c), and review dates (8.2).

use super::{CheckRun, Site};
use crate::diag::Code;
use crate::load::Record;
use crate::model::{Config, Risk, Treatment};

pub(super) fn check(cx: &mut CheckRun<'_>) {
    relied_on_excluded(cx);
    let Some(cfg) = &cx.tree.config else { return };
    method(cx, cfg);
    for r in &cx.tree.risks {
        risk(cx, cfg, r);
    }
}

/// The scales and level bands of isms.toml (E031).
fn method(cx: &mut CheckRun<'_>, cfg: &Record<Config>) {
    let site = Site::of(cfg);
    let method = &cfg.data.risk;
    let max = method.max_score();
    for (scale, labels) in [
        ("likelihood", &method.likelihood),
        ("impact", &method.impact),
    ] {
        if labels.is_empty() {
            let msg = format!("the {scale} scale has no levels");
            cx.push(
                site.value(Code::Bands, &format!("/risk/{scale}"), msg)
                    .help(format!(
                        "list the {scale} labels from lowest to highest, e.g. [\"Rare\", \
                         \"Unlikely\", \"Possible\", \"Likely\", \"Almost certain\"]"
                    )),
            );
        }
    }
    let mut prev = 0;
    for (i, level) in method.level.iter().enumerate() {
        let at = format!("/risk/level/{i}/max");
        if level.max <= prev {
            let msg = format!(
                "level `{}` ends at {} but the level before it already reaches {prev}: \
                 the bands overlap",
                level.name, level.max
            );
            cx.push(site.value(Code::Bands, &at, msg).help(
                "list [[risk.level]] from lowest to highest, each `max` greater than the one \
                 before",
            ));
        } else if level.max > max && max > 0 {
            let msg = format!(
                "level `{}` ends at {}, above the highest possible score {max}",
                level.name, level.max
            );
            cx.push(site.value(Code::Bands, &at, msg).help(format!(
                "the top band should end at {max} (likelihood levels x impact levels)"
            )));
        }
        prev = prev.max(level.max);
    }
    if prev < max {
        let span = if method.level.is_empty() {
            site.key_span("/risk")
        } else {
            site.value_span(&format!("/risk/level/{}/max", method.level.len() - 1))
        };
        let msg = format!(
            "the level bands stop at {prev}: scores {} to {max} have no level",
            prev + 1
        );
        cx.push(site.span(Code::Bands, span, msg).help(format!(
            "raise the top band's `max` to {max}, or add a [[risk.level]] that reaches it"
        )));
    }
}

/// One risk against the method: scales (E030), scores (E032, E033),
/// controls (E034), acceptance expiry (W003) and review date (W001).
fn risk(cx: &mut CheckRun<'_>, cfg: &Record<Config>, r: &Record<Risk>) {
    let (method, d, site) = (&cfg.data.risk, &r.data, Site::of(r));
    let (nl, ni) = (method.likelihood.len() as u32, method.impact.len() as u32);
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
            let msg = format!("`{field}` is {v}, outside the {scale} scale 1 to {n}");
            cx.push(
                site.value(Code::OutOfScale, &format!("/{field}"), msg)
                    .help(format!(
                        "use a value from 1 ({}) to {n} ({})",
                        first(&method.likelihood, &method.impact, scale),
                        last(&method.likelihood, &method.impact, scale)
                    )),
            );
        }
    }
    if !in_scale {
        return;
    }
    let (inherent, residual) = (d.score(), d.residual_score());
    if residual > inherent {
        let key = site.key_span("/residual_likelihood");
        let end = site.value_span("/residual_impact").end.max(key.end);
        let msg = format!("residual score {residual} is above the inherent score {inherent}");
        cx.push(
            site.span(Code::ResidualAboveInherent, key.start..end, msg)
                .help(
                    "treatment cannot make a risk worse: lower the residual likelihood or \
                     impact, or raise the inherent ones",
                ),
        );
    }
    if d.above_appetite(method) && d.acceptance.is_none() {
        let msg = format!(
            "residual score {residual} is above the risk appetite ({}) and nobody has \
             accepted it",
            method.appetite
        );
        let help = acceptance_help(d, method.appetite, cx.today);
        cx.push(site.key(Code::NoAcceptance, "/id", msg).help(help));
    }
    if d.treatment == Treatment::Mitigate && d.controls.is_empty() {
        let at = if site.has("/controls") {
            "/controls"
        } else {
            "/treatment"
        };
        let msg = format!("risk {} is mitigated but names no controls", d.id);
        cx.push(site.value(Code::NoControls, at, msg).help(
            "list the Annex A controls the treatment relies on, e.g. controls = [\"A.8.13\"]",
        ));
    }
    if !d.is_open() {
        return;
    }
    if let Some(a) = &d.acceptance
        && a.expired(cx.today)
    {
        let msg = format!("the acceptance of risk {} expired on {}", d.id, a.expires);
        cx.push(
            site.value(Code::AcceptanceExpired, "/acceptance/expires", msg)
                .help(
                    "review the risk and renew the acceptance (new `on` and `expires`), or \
                     treat it further",
                ),
        );
    }
    if d.review_overdue(method, cx.today) {
        let (last, due) = (d.last_reviewed(), d.review_due(method));
        let at = if d.reviewed.is_some() {
            "/reviewed"
        } else {
            "/identified"
        };
        let msg = format!(
            "risk {} was due for review on {due} (last reviewed {last}, every {} days)",
            d.id, method.review_days
        );
        cx.push(
            site.value(Code::ReviewOverdue, at, msg)
                .help("review the risk and set `reviewed` to the date of the review"),
        );
    }
}

/// 6.1.3 c: controls that risk treatment relies on must not be excluded
/// in the SoA (E045).
fn relied_on_excluded(cx: &mut CheckRun<'_>) {
    let Some(soa) = &cx.tree.soa else { return };
    for r in &cx.tree.risks {
        let site = Site::of(r);
        for (i, id) in r.data.controls.iter().enumerate() {
            if let Some(&j) = cx.index.soa.get(id.as_str())
                && !soa.data.control[j].applicable
            {
                let excluded = Site::of(soa).value_span(&format!("/control/{j}/applicable"));
                let line = cx.line(soa.file, &excluded);
                let msg = format!("risk {} relies on {id}, which the SoA excludes", r.data.id);
                cx.push(
                    site.value(Code::ExcludedButRelied, &format!("/controls/{i}"), msg)
                        .label(format!("excluded in soa.toml:{line}"))
                        .help(format!(
                            "make {id} applicable in soa.toml (with reasons including \
                             \"risk\"), or treat the risk with other controls"
                        )),
                );
            }
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

/// E033's fix, concretely: where the residual score comes from (the
/// inherent one while `residual_likelihood`/`residual_impact` are unset),
/// what to lower, and the acceptance to add, with the owner and dates.
fn acceptance_help(d: &crate::model::Risk, appetite: u32, today: chrono::NaiveDate) -> String {
    let from = match (d.residual_likelihood, d.residual_impact) {
        (None, None) => format!(
            "with no `residual_likelihood` or `residual_impact` the residual score is the \
             inherent one ({} x {}); set them to the scores after treatment",
            d.likelihood, d.impact
        ),
        _ => "lower `residual_likelihood` or `residual_impact` with more treatment".to_string(),
    };
    let expires = today
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(today);
    format!(
        "{from} (at most {appetite} is within the appetite), or have the owner accept it: \
         acceptance = {{ by = \"{}\", on = {today}, expires = {expires} }} (above any [[action]])",
        d.owner
    )
}
