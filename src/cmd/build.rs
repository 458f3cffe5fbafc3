//! `isms build`: everything into one output folder.

use anyhow::Result;

use super::{EXIT_ERRORS, EXIT_OK, prepare};
use crate::cli::{BuildArgs, Output};
use crate::pipeline::Options;

/// Check, then render the HTML site and the PDF documents (or only one of
/// them with `--only`). The site comes first: it is quick, and a PDF failure
/// then still leaves a complete site behind.
pub fn run(args: &BuildArgs) -> Result<u8> {
    let opts = Options {
        release: args.release,
        since: args.since.clone(),
        ..args.tree.options()
    };
    let Some(corpus) = prepare(&opts)? else {
        return Ok(EXIT_ERRORS);
    };
    if args.only != Some(Output::Pdf) {
        crate::render::html::build(&corpus, &args.output.join("html"))?;
    }
    if args.only != Some(Output::Html) {
        let standard = args.pdf_standard.into();
        crate::render::pdf::build_all(&corpus, &args.output.join("pdf"), standard)?;
    }
    Ok(EXIT_OK)
}
