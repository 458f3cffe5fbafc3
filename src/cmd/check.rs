//! `isms check`: report every mistake in a tree.

use anyhow::Result;

use super::{EXIT_ERRORS, EXIT_OK, print_report};
use crate::cli::{CheckArgs, Format};

/// Check the tree and print the report.
pub fn run(args: &CheckArgs) -> Result<u8> {
    let opts = args.tree.options();
    let checked = crate::pipeline::check(&opts)?;
    let (tree, report) = (&checked.tree, &checked.report);
    match args.format {
        Format::Human => print_report(report, &tree.sources, &opts.dir),
        Format::Json => super::out(&report.render_json(&tree.sources, &opts.dir))?,
    }
    let failed = report.errors() > 0 || (args.deny_warnings && report.warnings() > 0);
    Ok(if failed { EXIT_ERRORS } else { EXIT_OK })
}
