//! `isms diff`: what changed between two revisions (issue 5; being built).

use anyhow::{Result, bail};

use crate::cli::DiffArgs;

/// Compare two revisions.
pub fn run(_args: &DiffArgs) -> Result<u8> {
    bail!("isms diff is not built yet")
}
