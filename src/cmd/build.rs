//! `isms build`: everything into one output folder.

use anyhow::Result;

use super::{EXIT_OK, RenderOpts, prepare_with};
use crate::cli::{BuildArgs, Output};

/// Check, then render the HTML site and the PDF documents (or only one of
/// them with `--only`). The site comes first: it is quick, and a PDF failure
/// then still leaves a complete site behind.
pub fn run(args: &BuildArgs) -> Result<u8> {
    let opts = RenderOpts {
        release: args.release,
        since: args.since.clone(),
    };
    let prepared = match prepare_with(&args.tree, &opts)? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    if args.only != Some(Output::Pdf) {
        crate::render::html::build(&prepared, &args.output.join("html"))?;
    }
    if args.only != Some(Output::Html) {
        crate::render::pdf::build_all(&prepared, &args.output.join("pdf"), args.pdf_standard)?;
    }
    Ok(EXIT_OK)
}
