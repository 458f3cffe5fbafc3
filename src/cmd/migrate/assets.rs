//! `isms migrate assets`: the free-text names of risks' `assets` turned into
//! asset records, and the risks' lists rewritten to their ids.
//!
//! One record per distinct name (compared without case or surrounding
//! space; the first spelling is its title), made from the asset template
//! like `isms new asset`, owned by whoever owns most of the risks naming it
//! (the first of them on a tie), and never marked reviewed: its owner still
//! has to classify and review it. A name that already is an asset id, or an
//! existing asset's title, keeps to that asset. Each risk's `assets` is set
//! through `load::edit`, so every other byte of the file stays. Everything
//! is written or nothing; `--dry-run` prints the plan only.

use std::collections::HashMap;

use anyhow::{Context, Result};

use super::super::{EXIT_ERRORS, EXIT_OK};
use crate::cli::MigrateAssetsArgs;
use crate::cmd::record::{Template, field, record_rel};
use crate::load::edit::{self, Edit};
use crate::load::{DiskFs, RecordKind, next_id};
use crate::model::Asset;
use crate::schema::Kind;

/// An asset the migration creates.
#[derive(Debug)]
struct NewAsset {
    id: String,
    title: String,
    owner: String,
    /// The risks naming it, in file order.
    risks: Vec<String>,
}

/// Run `isms migrate assets`.
pub fn run(args: &MigrateAssetsArgs) -> Result<u8> {
    let dir = crate::cmd::tree_dir(args.dir.as_deref());
    let (tree, _) = crate::load::load_dir(&dir)?;
    if tree.broken_count(Kind::Risk) > 0 {
        eprintln!(
            "error: some risk records do not load (`isms check` says why); fix them first, so \
             every risk's assets are migrated; nothing was written"
        );
        return Ok(EXIT_ERRORS);
    }
    let today = crate::model::today(args.today);
    let spec = &Asset::SPEC;
    let fs = DiskFs::new(&dir).with_context(|| format!("reading {}", dir.display()))?;
    let mut taken =
        next_id::ids_on_disk(&fs, spec).with_context(|| format!("listing {}/", spec.folder))?;

    // Existing assets, by id and by title.
    let mut known: HashMap<String, String> = HashMap::new();
    for a in &tree.assets {
        known.insert(key(&a.data.id), a.data.id.clone());
        known.insert(key(&a.data.title), a.data.id.clone());
    }
    let mut created: Vec<NewAsset> = Vec::new();
    let mut owners: Vec<Vec<String>> = Vec::new();
    // Each risk's rewritten list, where it changes.
    let mut rewrites: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, r) in tree.risks.iter().enumerate() {
        let mut ids: Vec<String> = Vec::new();
        for name in &r.data.assets {
            let k = key(name);
            let id = match known.get(&k) {
                Some(id) => id.clone(),
                None => {
                    let id = next_id::next_free(spec, &taken, today);
                    taken.push(id.clone());
                    known.insert(k, id.clone());
                    created.push(NewAsset {
                        id: id.clone(),
                        title: name.trim().to_string(),
                        owner: String::new(),
                        risks: Vec::new(),
                    });
                    owners.push(Vec::new());
                    id
                }
            };
            if let Some(n) = created.iter().position(|a| a.id == id)
                && !created[n].risks.contains(&r.data.id)
            {
                created[n].risks.push(r.data.id.clone());
                owners[n].push(r.data.owner.clone());
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if ids != r.data.assets {
            rewrites.push((i, ids));
        }
    }
    for (a, os) in created.iter_mut().zip(&owners) {
        a.owner = most_common(os);
    }

    let template = Template::read(&fs, spec)?;
    let mut batch = crate::output::Batch::default();
    let mut report = String::new();
    let verb = if args.dry_run {
        "would create"
    } else {
        "created"
    };
    for a in &created {
        let fields = [
            field("owner", edit::string_value(&a.owner), &["title"]),
            Edit {
                table: Vec::new(),
                key: "reviewed",
                value: None,
                after: &[],
            },
        ];
        let text = template
            .render(&a.id, &a.title, today, &fields)
            .with_context(|| format!("making {}", a.id))?;
        let rel = record_rel(spec, &a.id);
        report.push_str(&format!(
            "{verb} {rel} {:?}, owner {}, named by {}\n",
            a.title,
            a.owner,
            a.risks.join(", ")
        ));
        batch.create(dir.join(&rel), text.into_bytes());
    }
    let verb = if args.dry_run {
        "would rewrite"
    } else {
        "rewrote"
    };
    for (i, ids) in &rewrites {
        let r = &tree.risks[*i];
        let path = &tree.sources.get(r.file).path;
        let text =
            std::fs::read_to_string(dir.join(path)).with_context(|| format!("reading {path}"))?;
        let change = Edit {
            table: Vec::new(),
            key: "assets",
            value: Some(edit::string_array(ids)),
            after: &[],
        };
        let new = edit::change_record(&text, &[change])
            .with_context(|| format!("rewriting the assets of {path}"))?;
        report.push_str(&format!("{verb} {path}: assets = [{}]\n", ids.join(", ")));
        batch.replace(dir.join(path), new.into_bytes());
    }
    if created.is_empty() && rewrites.is_empty() {
        report.push_str("nothing to migrate: every risk's assets already name asset records\n");
    } else if args.dry_run {
        report.push_str("dry run: nothing was written\n");
    } else {
        batch.commit()?;
        report.push_str(
            "next: give each new asset its type and classification, and have its owner review \
             it (`reviewed = DATE`)\n",
        );
    }
    crate::cmd::out(&report)?;
    Ok(EXIT_OK)
}

/// A name as compared: trimmed, lower case.
fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The most frequent of `items`, the first seen on a tie ("" for none).
fn most_common(items: &[String]) -> String {
    let mut best: Option<(&String, usize)> = None;
    for it in items {
        let n = items.iter().filter(|x| *x == it).count();
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((it, n));
        }
    }
    best.map(|(s, _)| s.clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_is_the_most_common_the_first_on_a_tie() {
        let v = |s: &[&str]| s.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(most_common(&v(&["a", "b", "b"])), "b");
        assert_eq!(most_common(&v(&["a", "b"])), "a");
        assert_eq!(most_common(&[]), "");
    }
}
