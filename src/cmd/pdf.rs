//! `isms pdf`: one PDF document (issue 3; being built).

use anyhow::{Result, bail};

use crate::cli::PdfArgs;

/// Render one document.
pub fn run(_args: &PdfArgs) -> Result<u8> {
    bail!("PDF rendering is not built yet")
}
