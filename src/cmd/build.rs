//! `isms build`: everything into one output folder, with a short summary
//! of what was written (and progress on a terminal while PDFs render).

use std::io::IsTerminal;
use std::time::Instant;

use anyhow::Result;

use super::{EXIT_ERRORS, EXIT_OK, prepare};
use crate::cli::{BuildArgs, Output};

/// Check, then render the HTML site and the PDF documents (or only one of
/// them with `--only`). The site comes first: it is quick, and a PDF failure
/// then still leaves a complete site behind.
pub fn run(args: &BuildArgs) -> Result<u8> {
    let start = Instant::now();
    let opts = args.render.options(&args.tree);
    let Some(corpus) = prepare(&opts)? else {
        return Ok(EXIT_ERRORS);
    };
    let mut lines = Vec::new();
    if args.only != Some(Output::Pdf) {
        let dir = args.output.join("html");
        let pages = crate::render::html::build(&corpus, &dir)?;
        lines.push(format!("{} (site, {pages} pages)", dir.display()));
    }
    if args.only != Some(Output::Html) {
        let dir = args.output.join("pdf");
        // Progress only where someone watches, and only for builds that
        // take more than a moment.
        let live = !args.quiet && std::io::stderr().is_terminal();
        let progress = |done: usize, total: usize, name: &str| {
            if live && start.elapsed().as_millis() > 500 {
                eprint!("\r\x1b[2K  rendered {done}/{total}: {name}");
            }
        };
        let built = crate::render::pdf::build_all(
            &corpus,
            &dir,
            args.render.pdf_standard.into(),
            &progress,
        )?;
        if live {
            eprint!("\r\x1b[2K");
        }
        lines.push(format!(
            "{} ({} PDFs, {} pages)",
            dir.display(),
            built.documents,
            built.pages
        ));
    }
    if !args.quiet {
        let warnings = corpus.report.warnings();
        let warned = match warnings {
            0 => String::new(),
            1 => ", 1 warning".to_string(),
            n => format!(", {n} warnings"),
        };
        eprintln!(
            "wrote {} in {:.1} s{warned}",
            lines.join(" and "),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(EXIT_OK)
}
