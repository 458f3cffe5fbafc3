//! The supplier register (E110, E111, W021 to W024): no active asset rests
//! on an offboarded supplier, a supplier receiving more than internal data
//! has security terms (and a subprocessor a DPA), each supplier is reviewed
//! on its cadence, certifications are renewed and contracts are current;
//! a certification's files are what was recorded (E090 to E092, as
//! evidence files). Unknown supplier and evidence ids are references (E027,
//! E028).

use std::collections::HashMap;

use super::{CheckRun, Site};
use crate::diag::Code;
use crate::model::{AssetStatus, SupplierStatus};

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    let settings = tree
        .config
        .as_ref()
        .map(|c| c.data.supplier_settings())
        .unwrap_or_default();
    for r in &tree.suppliers {
        let (d, site) = (&r.data, Site::of(r));
        for field in d.missing_terms() {
            let (ptr, msg, help) = match field {
                "dpa" => (
                    "/subprocessor",
                    format!("{} processes personal data for us with no DPA", d.id),
                    "sign a data processing agreement and record `dpa = true` under [contract]",
                ),
                _ => (
                    "/data",
                    format!(
                        "{} receives {} data with no security terms in its contract",
                        d.id,
                        d.data.map(|c| c.to_string()).unwrap_or_default()
                    ),
                    "agree information security terms and record `security_terms = true` under \
                     [contract] (A.5.20)",
                ),
            };
            cx.push(
                site.value(Code::SupplierNoTerms, ptr, msg)
                    .label(format!("needs `{field}` in [contract]"))
                    .help(help),
            );
        }
        if let Some(days) = d.review_overdue_days(cx.today, &settings) {
            let last = d.last_review().map(|v| v.on);
            let due = d.review_due(&settings);
            let at = d
                .review
                .iter()
                .position(|v| Some(v.on) == last)
                .unwrap_or(0);
            cx.push(
                site.value(
                    Code::SupplierReviewOverdue,
                    &format!("/review/{at}/on"),
                    format!(
                        "{} is overdue for review by {days} day{}: last reviewed {}, due {} \
                         ({} supplier)",
                        d.id,
                        plural(days),
                        last.map(|l| l.to_string()).unwrap_or_default(),
                        due.map(|l| l.to_string()).unwrap_or_default(),
                        d.criticality
                    ),
                )
                .help(format!(
                    "review the supplier and add a [[review]] with on = {}",
                    cx.today
                )),
            );
        }
        if d.needs_first_review() {
            cx.push(
                site.value(
                    Code::SupplierNeverReviewed,
                    "/criticality",
                    format!(
                        "{} is a {} active supplier never reviewed",
                        d.id, d.criticality
                    ),
                )
                .help("record its due diligence as a [[review]] (A.5.19, A.5.22)"),
            );
        }
        for (i, c) in d.certification.iter().enumerate() {
            for (j, f) in c.files.iter().enumerate() {
                let file = site.under(&format!("/certification/{i}/files/{j}"));
                super::evidence::file_rule(cx, &file, &f.path, &f.sha256, CERTIFICATE_CHANGED);
            }
        }
        for (i, c) in d.expired_certifications(cx.today) {
            let days = (cx.today - c.valid_until).num_days();
            cx.push(
                site.value(
                    Code::CertificationExpired,
                    &format!("/certification/{i}/valid_until"),
                    format!(
                        "{}'s {} expired {days} day{} ago, on {}",
                        d.id,
                        c.name,
                        plural(days),
                        c.valid_until
                    ),
                )
                .help("obtain the renewed certificate or report and record it as a new [[certification]]"),
            );
        }
        if let Some(end) = d.contract_ended(cx.today) {
            cx.push(
                site.value(
                    Code::ContractEnded,
                    "/contract/end",
                    format!(
                        "{}'s contract ended on {end} but the supplier is active",
                        d.id
                    ),
                )
                .help("record the renewed contract's end, or set status = \"offboarded\""),
            );
        }
    }
    hosted_by_offboarded(cx);
}

/// E110: an active asset whose `suppliers` names an offboarded supplier.
fn hosted_by_offboarded(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    let offboarded: HashMap<&str, &str> = tree
        .suppliers
        .iter()
        .filter(|s| s.data.status == SupplierStatus::Offboarded)
        .map(|s| (s.data.id.as_str(), s.data.title.as_str()))
        .collect();
    if offboarded.is_empty() {
        return;
    }
    for a in tree
        .assets
        .iter()
        .filter(|a| a.data.status == AssetStatus::Active)
    {
        for (i, s) in a.data.suppliers.iter().enumerate() {
            if let Some(title) = offboarded.get(s.as_str()) {
                cx.push(
                    Site::of(a)
                        .value(
                            Code::HostedByOffboarded,
                            &format!("/suppliers/{i}"),
                            format!(
                                "{} is active but its supplier {s} ({title}) is offboarded",
                                a.data.id
                            ),
                        )
                        .label("offboarded")
                        .help(
                            "move the asset to its new supplier, or set its status = \"retired\"",
                        ),
                );
            }
        }
    }
}

/// What to do with a certificate or report whose file changed.
const CERTIFICATE_CHANGED: &str = "a certificate or report must be the one that was checked: \
     restore the file, or record the renewed one (its path and sha256) in the [[certification]]";
