//! PDF output through typst embedded as a library (issue 3; being built).

use std::path::Path;

use anyhow::{Result, bail};

use crate::cmd::Prepared;

/// Render every PDF document of a prepared tree into `dir`.
pub fn build_all(_prepared: &Prepared, _dir: &Path) -> Result<()> {
    bail!("PDF rendering is not built yet")
}
