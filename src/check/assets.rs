//! The asset inventory (E100 to E102, W020): an information asset is
//! classified, CIA ratings stay on the scale of isms.toml, no asset depends
//! on itself through `depends_on`, and each owner reviews their assets every
//! `[assets] review_days`. Unknown asset ids are references (E026).

use std::collections::{HashMap, HashSet};

use super::{CheckRun, Site};
use crate::diag::Code;
use crate::model::AssetType;

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    if tree.assets.is_empty() {
        return;
    }
    let settings = tree
        .config
        .as_ref()
        .map(|c| c.data.asset_settings())
        .unwrap_or_default();
    for r in &tree.assets {
        let (d, site) = (&r.data, Site::of(r));
        if d.kind == AssetType::Information && d.classification.is_none() {
            cx.push(
                site.value(
                    Code::AssetUnclassified,
                    "/type",
                    format!("{} is an information asset with no classification", d.id),
                )
                .label("information needs a classification")
                .help(
                    "add `classification = \"internal\"` (or public, confidential, restricted) \
                     as the owner decides",
                ),
            );
        }
        if let Some(cia) = &d.cia {
            for (name, value) in cia.ratings() {
                if value > settings.cia_levels {
                    let levels = settings.cia_levels;
                    cx.push(
                        site.value(
                            Code::CiaOutOfScale,
                            &format!("/cia/{name}"),
                            format!("{} rates {name} {value}, above the scale of {levels}", d.id),
                        )
                        .label(format!("1 to {levels}"))
                        .help(format!(
                            "rate from 1 to {levels}, or raise `[assets] cia_levels` in isms.toml"
                        )),
                    );
                }
            }
        }
        if let (Some(days), Some(last)) = (
            d.review_overdue_days(cx.today, settings.review_days),
            d.reviewed,
        ) {
            let due = d.review_due(settings.review_days).unwrap_or(last);
            cx.push(
                site.value(
                    Code::AssetReviewOverdue,
                    "/reviewed",
                    format!(
                        "{} is overdue for review by {days} day{}: last reviewed {last}, due {due} \
                         (every {} days)",
                        d.id,
                        if days == 1 { "" } else { "s" },
                        settings.review_days
                    ),
                )
                .help(format!(
                    "review the entry with its owner and record the day: reviewed = {}",
                    cx.today
                )),
            );
        }
    }
    cycles(cx);
}

/// E101: each cycle of `depends_on`, once, at the entry that closes it
/// (found walking the assets in file order).
fn cycles(cx: &mut CheckRun<'_>) {
    let assets = &cx.tree.assets;
    let index: HashMap<&str, usize> = assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.data.id.as_str(), i))
        .collect();
    // 0 unvisited, 1 on the walk's path, 2 done.
    let mut state = vec![0u8; assets.len()];
    let mut seen: HashSet<Vec<usize>> = HashSet::new();
    let mut found = Vec::new();
    for start in 0..assets.len() {
        if state[start] != 0 {
            continue;
        }
        // The path: (asset, next depends_on entry to follow).
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let deps = &assets[node].data.depends_on;
            let Some(dep) = deps.get(*next) else {
                state[node] = 2;
                path.pop();
                continue;
            };
            let k = *next;
            *next += 1;
            let Some(&to) = index.get(dep.as_str()) else {
                continue;
            };
            match state[to] {
                0 => {
                    state[to] = 1;
                    path.push((to, 0));
                }
                1 => {
                    let from = path.iter().position(|(n, _)| *n == to).unwrap_or(0);
                    let members: Vec<usize> = path[from..].iter().map(|(n, _)| *n).collect();
                    let mut key = members.clone();
                    key.sort_unstable();
                    if seen.insert(key) {
                        found.push((node, k, members));
                    }
                }
                _ => {}
            }
        }
    }
    for (node, k, members) in found {
        let r = &assets[node];
        let mut ring: Vec<&str> = members
            .iter()
            .map(|&m| assets[m].data.id.as_str())
            .collect();
        ring.push(ring[0]);
        let msg = match members.len() {
            1 => format!("{} depends on itself", r.data.id),
            _ => format!(
                "assets depend on each other in a cycle: {}",
                ring.join(" -> ")
            ),
        };
        cx.push(
            Site::of(r)
                .value(Code::AssetCycle, &format!("/depends_on/{k}"), msg)
                .label("closes the cycle")
                .help("an asset runs on what it depends on: keep the direction that is true"),
        );
    }
}
