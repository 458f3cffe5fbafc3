//! The `sheet` target: any bytes as a sheet, CSV or xlsx, imported into a
//! fresh copy of a fixture tree by the real `isms import`.
//!
//! What must hold for every input: no panic; a refused import (an error
//! or exit 1) leaves every byte of the tree as it was; an accepted one
//! leaves a tree that `isms check` still reads as a tool (diagnostics,
//! never an error), and importing the same sheet again changes nothing
//! (an import is idempotent: what it wrote already says what the sheet
//! says).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{built_in_trees, options, temp_dir, write_files};
use crate::cli::{ImportArgs, ImportWhat};
use crate::cmd::EXIT_OK;

/// Every file under `root`, by path, with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("listing the tree").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("reading the tree");
                out.insert(
                    path.strip_prefix(root).expect("inside").to_path_buf(),
                    bytes,
                );
            }
        }
    }
    out
}

/// The built-in tree an import of `what` starts from: the first that keeps
/// records of it (its folder, or `soa.toml`), else the first.
fn tree_for(what: ImportWhat) -> &'static str {
    let value = what.to_possible_value().expect("every variant is a value");
    let name = value.get_name();
    let (folder, file) = (format!("{name}/"), format!("{name}.toml"));
    let trees = built_in_trees();
    trees
        .iter()
        .find(|(_, files)| {
            files
                .iter()
                .any(|(path, _)| path.starts_with(&folder) || *path == file)
        })
        .unwrap_or(&trees[0])
        .0
}

/// The first byte picks what is imported (its low bits, over every
/// `ImportWhat`) and the format (its top bit: xlsx, else CSV); the rest is
/// the sheet. Returns whether the import was accepted.
pub fn sheet(data: &[u8]) -> bool {
    let Some((&pick, content)) = data.split_first() else {
        return false;
    };
    let whats = ImportWhat::value_variants();
    let what = whats[usize::from(pick & 0x7f) % whats.len()];
    let ext = if pick & 0x80 == 0 { "csv" } else { "xlsx" };
    let work = temp_dir();
    let root = work.path().join("tree");
    let name = tree_for(what);
    let files = &built_in_trees()
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a built-in tree")
        .1;
    write_files(&root, files);
    let file = work.path().join(format!("sheet.{ext}"));
    std::fs::write(&file, content).expect("writing the sheet");
    let args = ImportArgs {
        what,
        file,
        sheet: None,
        dir: Some(root.clone()),
        dry_run: false,
        map: Vec::new(),
        renumber: false,
        rescale: None,
    };
    let before = snapshot(&root);
    let first = crate::cmd::import::run(&args);
    let after = snapshot(&root);
    if !matches!(first, Ok(EXIT_OK)) {
        assert!(before == after, "a refused import wrote nothing");
        return false;
    }
    crate::pipeline::check(&options(&root))
        .expect("an imported tree gives diagnostics, never an error of the tool");
    let again = crate::cmd::import::run(&args);
    assert!(
        matches!(again, Ok(EXIT_OK)),
        "a sheet imported once imports again: {again:?}"
    );
    let changed: Vec<PathBuf> = snapshot(&root)
        .into_iter()
        .filter(|(path, bytes)| after.get(path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        changed.is_empty(),
        "importing the same sheet twice changed {changed:?}"
    );
    true
}
