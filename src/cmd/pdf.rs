//! `isms pdf`: check the tree, then render one PDF document (`--release`
//! refuses a draft; `--since REV` adds "changes since" to the pack).

use anyhow::Result;

use super::{EXIT_ERRORS, EXIT_OK, prepare};
use crate::cli::{PdfArgs, PdfDoc};
use crate::render::pdf::{Doc, Renderer};

/// Render one document into `-o FILE` or `out/pdf/<document>.pdf`.
pub fn run(args: &PdfArgs) -> Result<u8> {
    let (doc, opts) = match &args.doc {
        PdfDoc::Soa(o) => (Doc::Soa, o),
        PdfDoc::Register(r) => (Doc::Register(r.kind), &r.opts),
        PdfDoc::Soc2(o) => (Doc::Soc2, o),
        PdfDoc::Context(o) => (Doc::Context, o),
        PdfDoc::Measurement(o) => (Doc::Measurement, o),
        PdfDoc::Record(r) => (Doc::record(r.kind, &r.id), &r.opts),
        PdfDoc::Pack(o) => (Doc::Pack, o),
    };
    let mut pipeline_opts = opts.render.options(&opts.tree);
    pipeline_opts.unmeasured = !matches!(doc, Doc::Pack | Doc::Measurement);
    if pipeline_opts.since.is_some() && doc != Doc::Pack {
        eprintln!("note: --since adds a \"changes since\" section to the pack only; ignored");
        pipeline_opts.since = None;
    }
    let Some(corpus) = prepare(&pipeline_opts)? else {
        return Ok(EXIT_ERRORS);
    };
    let bytes = Renderer::new(&corpus)?.render(&doc, opts.render.pdf_standard.into())?;
    let path = opts
        .output
        .clone()
        .unwrap_or_else(|| std::path::Path::new("out/pdf").join(doc.file_name()));
    crate::output::write_atomic(&path, &bytes)?;
    eprintln!("wrote {}", path.display());
    Ok(EXIT_OK)
}
