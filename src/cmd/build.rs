//! `isms build`: everything into one output folder.

use anyhow::Result;

use super::{EXIT_OK, RenderOpts, prepare_with};
use crate::cli::BuildArgs;

/// Check, then render the PDF documents and the HTML site.
pub fn run(args: &BuildArgs) -> Result<u8> {
    let opts = RenderOpts {
        release: args.release,
        since: args.since.clone(),
    };
    let prepared = match prepare_with(&args.tree, &opts)? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    crate::render::pdf::build_all(&prepared, &args.output.join("pdf"), args.pdf_standard)?;
    crate::render::html::build(&prepared, &args.output.join("html"))?;
    Ok(EXIT_OK)
}
