//! `isms diff REV1 [REV2] [DIR]`: what changed in the ISMS between two
//! revisions (REV2 defaults to the working tree), in a risk committee's terms.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::EXIT_OK;
use crate::cli::{DiffArgs, Format};
use crate::diff::{Side, compare};
use crate::git::Repo;
use crate::pipeline::warn_broken;

/// Compare two revisions and print the changes.
pub fn run(args: &DiffArgs) -> Result<u8> {
    let (to, dir) = to_and_dir(args);
    let repo = Repo::require(&dir, "isms diff")?;
    let from = repo.resolve(&args.from)?;
    let from_side = Side::revision(&args.from, &from.id().to_string());
    let (from_tree, from_diags) = repo.load_at(&args.from)?;
    warn_broken(&from_side, &from_diags);
    let (to_side, (to_tree, to_diags)) = match to {
        Some(rev) => {
            let c = repo.resolve(rev)?;
            (Side::revision(rev, &c.id().to_string()), repo.load_at(rev)?)
        }
        None => (Side::working_tree(), crate::load::load_dir(&dir)?),
    };
    warn_broken(&to_side, &to_diags);
    let changes = compare(&from_tree, &to_tree, from_side, to_side);
    match args.format {
        Format::Human => super::out(&changes.render_human())?,
        Format::Json => super::outln(&serde_json::to_string_pretty(&changes)?)?,
    }
    Ok(EXIT_OK)
}

/// The later revision and the tree, with a trailing argument that is an
/// existing folder holding isms.toml taken for the tree (`isms diff
/// audit-2026 mytree`) when no other argument names it. The tree is as
/// given, else found as every command finds it ([`super::tree_dir`]).
fn to_and_dir(args: &DiffArgs) -> (Option<&str>, PathBuf) {
    let given = args.tree.as_deref().or(args.dir.as_deref());
    match (&args.to, given) {
        (Some(to), None) if Path::new(to).join("isms.toml").is_file() => (None, PathBuf::from(to)),
        (to, given) => (to.as_deref(), super::tree_dir(given)),
    }
}
