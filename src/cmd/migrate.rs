//! `isms migrate soa --from 2013 FILE`: a 2013 SoA (a soa.toml written with
//! 2013 ids, or a sheet with a 2013 id column) turned into a 2022 soa.toml
//! through the ISO/IEC 27002:2022 correspondence (`catalogue::Annex2013`).
//!
//! A 2022 control takes the decisions of the 2013 controls it comes from:
//! applicable when any of them was, the weakest of their statuses, their
//! reasons together, each justification labelled with its 2013 id when
//! there are several. A 2013 control that split is copied to each of its
//! 2022 controls. Controls new in 2022, and those whose predecessors FILE
//! does not carry, are left undecided, so `isms check` lists them. Nothing
//! is written while FILE has a problem, nor over an existing soa.toml
//! without `--force`.

pub mod assets;
mod merge;
mod read;

use std::path::Path;

use anyhow::Result;

use super::{EXIT_ERRORS, EXIT_OK};
use crate::cli::{Format, MigrateArgs};
use merge::{Migrated, Outcome};

/// One 2013 entry as FILE gives it.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The 2013 id, e.g. "A.9.2.1".
    pub id: String,
    /// Applicable (None: FILE leaves it open).
    pub applicable: Option<bool>,
    /// Reasons for inclusion, as written ("risk"...).
    pub reasons: Vec<String>,
    /// Implementation status, as written ("partial"...).
    pub status: Option<String>,
    /// Why included or excluded.
    pub justification: String,
    /// How it is implemented.
    pub implementation: String,
    /// The control owner's person id.
    pub owner: Option<String>,
    /// Evidence paths or URLs.
    pub evidence: Vec<String>,
}

/// The document fields of the old SoA, when FILE (or the soa.toml being
/// replaced) has them.
#[derive(Debug, Clone)]
pub struct Head {
    /// Document version.
    pub version: Option<String>,
    /// Owner's person id.
    pub owner: String,
    /// Approver's person id, once approved.
    pub approved_by: Option<String>,
    /// Approval date, once approved.
    pub approved_on: Option<chrono::NaiveDate>,
}

/// Run `isms migrate`.
pub fn run(args: &MigrateArgs) -> Result<u8> {
    let dir = super::tree_dir(args.dir.as_deref());
    let target = dir.join("soa.toml");
    let exists = target.exists();
    if exists && !args.force {
        eprintln!(
            "error: {} exists; not replacing it (add --force to replace it with the migrated SoA)",
            target.display()
        );
        return Ok(EXIT_ERRORS);
    }
    let (entries, head) = match read::read(&args.file) {
        Ok(read) => read,
        Err(problems) => {
            for p in &problems {
                eprintln!("error: {p}");
            }
            eprintln!(
                "error: {} problem(s) in {}; nothing was written",
                problems.len(),
                args.file.display()
            );
            return Ok(EXIT_ERRORS);
        }
    };
    let head = head.or_else(|| exists.then(|| read::head_of(&target)).flatten());
    let today = crate::model::today(args.today);
    let migrated = merge::migrate(&entries);
    let source = args.file.display().to_string();
    let text = merge::soa_toml(&migrated, head.as_ref(), today, &source);
    if exists {
        crate::output::replace_atomic(&target, text.as_bytes())?;
    } else {
        crate::output::create_new(&target, text.as_bytes())?;
    }
    match args.format {
        Format::Human => super::out(&human(&migrated, &source, &target))?,
        Format::Json => super::out(&json(&migrated, &source, &target))?,
    }
    Ok(EXIT_OK)
}

/// The report for people.
fn human(m: &Migrated, source: &str, target: &Path) -> String {
    let mut out = format!(
        "wrote {}: {} ISO/IEC 27001:2013 control(s) of {source} into the 93 controls of 2022\n",
        target.display(),
        m.entries
    );
    let merged: Vec<&Outcome> = m.controls.iter().filter(|c| c.from.len() > 1).collect();
    out.push_str(&format!(
        "\ncarried over one to one: {}\n",
        m.controls.iter().filter(|c| c.from.len() == 1).count()
    ));
    out.push_str(&format!("\nmerged ({}):\n", merged.len()));
    for c in &merged {
        out.push_str(&format!("  {} <- {}", c.id, c.from.join(", ")));
        out.push_str(&format!(" ({})\n", c.decision()));
    }
    out.push_str(&format!("\nsplit ({}):\n", m.split.len()));
    for (from, to) in &m.split {
        out.push_str(&format!(
            "  {from} -> {} (its decision copied to each)\n",
            to.join(", ")
        ));
    }
    let left: Vec<&Outcome> = m.controls.iter().filter(|c| c.undecided()).collect();
    out.push_str(&format!("\nleft undecided ({}):\n", left.len()));
    for c in &left {
        out.push_str(&format!("  {} {}: {}\n", c.id, c.title, c.why_left()));
    }
    let notes: Vec<(&str, &String)> = m
        .controls
        .iter()
        .flat_map(|c| c.notes.iter().map(move |n| (c.id.as_str(), n)))
        .collect();
    if !notes.is_empty() {
        out.push_str(&format!("\nto look at ({}):\n", notes.len()));
        for (id, n) in notes {
            out.push_str(&format!("  {id}: {n}\n"));
        }
    }
    out.push_str(&format!(
        "\nnext: decide the controls left undecided in {}, review the merged justifications, \
         then run `isms check`: it lists what is left\n",
        target.display()
    ));
    out
}

/// The report as one JSON document.
fn json(m: &Migrated, source: &str, target: &Path) -> String {
    use serde_json::json;
    let control = |c: &Outcome| {
        json!({
            "id": c.id,
            "from": c.from,
            "applicable": c.applicable,
            "status": c.status,
            "notes": c.notes,
        })
    };
    let doc = json!({
        "source": source,
        "written": target.display().to_string(),
        "from": "ISO/IEC 27001:2013",
        "to": "ISO/IEC 27001:2022",
        "entries": m.entries,
        "carried": m.controls.iter().filter(|c| c.from.len() == 1).map(control).collect::<Vec<_>>(),
        "merged": m.controls.iter().filter(|c| c.from.len() > 1).map(control).collect::<Vec<_>>(),
        "split": m.split.iter().map(|(f, t)| json!({"from": f, "to": t})).collect::<Vec<_>>(),
        "undecided": m.controls.iter().filter(|c| c.undecided()).map(|c| json!({
            "id": c.id,
            "title": c.title,
            "new_in_2022": c.new_in_2022,
            "from": c.from,
            "why": c.why_left(),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
