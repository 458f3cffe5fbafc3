//! The static HTML site through tera templates (issue 4; being built).

use std::path::Path;

use anyhow::{Result, bail};

use crate::cmd::Prepared;

/// Render the HTML site of a prepared tree into `dir`.
pub fn build(_prepared: &Prepared, _dir: &Path) -> Result<()> {
    bail!("HTML rendering is not built yet")
}
