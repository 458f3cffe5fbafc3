//! `isms new KIND [--title T]`: a new record of any kind of
//! [`kinds::specs`], with the next free id in the tree's own style, from
//! the kind's template (`record::Template`). Prints the path; never
//! overwrites a file.

use anyhow::{Context, Result, bail};

use super::record::{self, Template};
use super::{EXIT_ERRORS, EXIT_OK};
use crate::cli::NewArgs;
use crate::load::{DiskFs, kinds, next_id};

/// The names `isms new` takes: every record kind.
pub fn kind_names() -> Vec<&'static str> {
    kinds::specs().iter().map(|s| s.name()).collect()
}

/// Run `isms new`.
pub fn run(args: &NewArgs) -> Result<u8> {
    let Some(spec) = kinds::specs().iter().find(|s| s.name() == args.kind) else {
        bail!(
            "unknown record kind `{}`; kinds are: {}",
            args.kind,
            kind_names().join(", ")
        );
    };
    let dir = super::tree_dir(args.dir.as_deref());
    if !dir.join("isms.toml").is_file() {
        eprintln!(
            "error: {} has no isms.toml: not an ISMS tree (`isms init` starts one)",
            dir.display()
        );
        return Ok(EXIT_ERRORS);
    }
    if let Some(t) = &args.title
        && t.chars().any(char::is_control)
    {
        eprintln!("error: --title must be one line of text");
        return Ok(EXIT_ERRORS);
    }
    let today = crate::model::today(args.today);
    let fs = DiskFs::new(&dir).with_context(|| format!("reading {}", dir.display()))?;
    let existing =
        next_id::ids_on_disk(&fs, spec).with_context(|| format!("listing {}/", spec.folder))?;
    let id = next_id::next_free(spec, &existing, today);
    let template = Template::read(&fs, spec)?;
    let text = template.render(&id, args.title.as_deref().unwrap_or(""), today, &[])?;
    let path = dir.join(record::record_rel(spec, &id));
    crate::output::create_new(&path, text.as_bytes())?;
    // Relative to where the command runs: `risks/R-032.md`, not `./risks/...`.
    let shown = path.strip_prefix(".").unwrap_or(&path);
    super::outln(&shown.display().to_string())?;
    Ok(EXIT_OK)
}
