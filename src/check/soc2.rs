//! SOC 2 (W012): with `[soc2]` in isms.toml, every Trust Services criterion
//! in scope should have something mapped to it: an applicable Annex A control
//! that serves it (its SoA entry's own `soc2` list, else the indicative
//! mapping) or an evidence record covering it. Also the Type II period's
//! dates in order (E081).

use std::collections::HashSet;

use super::{CheckRun, Site};
use crate::catalogue::Catalogue;
use crate::diag::Code;

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    let Some(cfg) = &tree.config else { return };
    let Some(scope) = &cfg.data.soc2 else { return };
    let site = Site::of(cfg);
    if let Some(p) = scope.period
        && p.from > p.to
    {
        let msg = format!(
            "the SOC 2 period ends on {} before it starts on {}",
            p.to, p.from
        );
        cx.push(
            site.value(Code::DateOrder, "/soc2/period/to", msg)
                .help("a Type II observation period runs `from` its first day `to` its last"),
        );
    }
    // Without a SoA every control looks excluded: the SoA rules say so.
    let Some(soa) = &tree.soa else { return };
    let soa = &soa.data;
    let mut served: HashSet<&str> = HashSet::new();
    for c in soa.control.iter().filter(|c| c.applicable) {
        served.extend(soa.soc2_of(&c.id));
    }
    let evidenced: HashSet<String> = tree
        .evidence
        .iter()
        .flat_map(|r| r.data.soc2_criteria(Some(soa)).0)
        .collect();
    for (i, category) in scope.categories.iter().enumerate() {
        if scope.categories[..i].contains(category) {
            continue;
        }
        for c in Catalogue::get().criteria.iter() {
            if !category.includes(c.id) || served.contains(c.id) || evidenced.contains(c.id) {
                continue;
            }
            let msg = format!(
                "SOC 2 criterion {} ({}) is in scope but nothing is mapped to it",
                c.id, c.series
            );
            cx.push(
                site.value(Code::Soc2Unmapped, &format!("/soc2/categories/{i}"), msg)
                    .label("its category is in scope here")
                    .help(format!(
                        "no applicable control serves {id} and no evidence record covers it: add \
                         \"{id}\" to the `soc2` list of a control's entry in soa.toml (it \
                         replaces the indicative mapping for that control) or of an evidence \
                         record",
                        id = c.id
                    )),
            );
        }
    }
}
