//! `isms pdf`: check the tree, then render one PDF document.

use anyhow::Result;

use super::{EXIT_OK, prepare};
use crate::cli::{PdfArgs, PdfDoc};
use crate::render::pdf::{Doc, Renderer};

/// Render one document into `-o FILE` or `out/pdf/<document>.pdf`.
pub fn run(args: &PdfArgs) -> Result<u8> {
    let (doc, opts) = match &args.doc {
        PdfDoc::Soa(o) => (Doc::Soa, o),
        PdfDoc::Risks(o) => (Doc::Risks, o),
        PdfDoc::Audit { id, opts } => (Doc::Audit(id.clone()), opts),
        PdfDoc::Review { id, opts } => (Doc::Review(id.clone()), opts),
        PdfDoc::Incident { id, opts } => (Doc::Incident(id.clone()), opts),
        PdfDoc::Pack(o) => (Doc::Pack, o),
    };
    let prepared = match prepare(&opts.tree)? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let bytes = Renderer::new(&prepared)?.render(&doc, opts.pdf_standard)?;
    let path = opts
        .output
        .clone()
        .unwrap_or_else(|| std::path::Path::new("out/pdf").join(doc.file_name()));
    crate::output::write_atomic(&path, &bytes)?;
    eprintln!("wrote {}", path.display());
    Ok(EXIT_OK)
}
