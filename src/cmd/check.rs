//! `isms check`: report every mistake in a tree.

use std::path::Path;

use anyhow::Result;

use super::{EXIT_ERRORS, EXIT_OK, print_report};
use crate::cli::{CheckArgs, CheckFormat};

/// Check the tree and print the report.
pub fn run(args: &CheckArgs) -> Result<u8> {
    let opts = args.tree.options();
    let checked = crate::pipeline::check(&opts)?;
    let (tree, report) = (&checked.tree, &checked.report);
    match args.format {
        CheckFormat::Human => print_report(report, &tree.sources, &opts.dir),
        CheckFormat::Json => super::out(&report.render_json(&tree.sources, &opts.dir))?,
        CheckFormat::Github => {
            super::out(&report.render_github(&tree.sources, &repo_prefix(&opts.dir)))?;
            eprintln!(
                "{}",
                crate::diag::summary_line(report.errors(), report.warnings())
            );
        }
        CheckFormat::Sarif => {
            super::out(&report.render_sarif(&tree.sources, &repo_prefix(&opts.dir)))?;
        }
    }
    let failed = report.errors() > 0 || (args.deny_warnings && report.warnings() > 0);
    Ok(if failed { EXIT_ERRORS } else { EXIT_OK })
}

/// The tree's folder as CI tools name files: relative to the root of the git
/// repository holding it, else the folder as given.
fn repo_prefix(dir: &Path) -> String {
    match crate::git::Repo::discover(dir) {
        Ok(Some(repo)) => repo.prefix().to_string(),
        _ => dir.to_string_lossy().into_owned(),
    }
}
