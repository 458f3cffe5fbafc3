//! `isms evidence`: the register listing (built by the view model,
//! [`EvidenceRegister`]; this only prints), `evidence new` (creates the
//! next record from the kind's template, never overwriting) and `evidence add` (appends a
//! collection with the files' sha256, every other byte of the record kept).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::append::{append, loaded, refuse};
use super::record::{self, Template};
use super::{EXIT_ERRORS, EXIT_OK, print_report};
use crate::check::Resolver;
use crate::cli::{
    EvidenceAction, EvidenceAddArgs, EvidenceArgs, EvidenceListArgs, EvidenceNewArgs, Format,
};
use crate::load::{DiskFs, RecordKind, Target, edit, next_id};
use crate::model::{Cadence, Evidence};
use crate::render::view::evidence::register;
use crate::render::view::{EvidenceRegister, EvidenceState};

/// Run `isms evidence ...`.
pub fn run(args: &EvidenceArgs) -> Result<u8> {
    match &args.action {
        None => list(&args.list),
        Some(EvidenceAction::New(a)) => new(a),
        Some(EvidenceAction::Add(a)) => add(a),
    }
}

/// `isms evidence [DIR]`: print the register. Never writes (but the hash
/// cache).
fn list(args: &EvidenceListArgs) -> Result<u8> {
    let mut opts = args.tree.options();
    opts.today = Some(opts.check_date());
    let checked = crate::pipeline::check(&opts)?;
    let errors = checked.report.errors();
    if errors > 0 {
        print_report(&checked.report, &checked.tree.sources, &opts.dir);
        eprintln!("note: the tree has {errors} error(s); records that do not load are left out");
    }
    let today = opts.check_date();
    let reg = register(&checked.tree, today, args.due);
    match args.format {
        Format::Human => super::out(&render_human(&reg))?,
        Format::Json => super::outln(&serde_json::to_string_pretty(&reg)?)?,
    }
    Ok(if errors > 0 { EXIT_ERRORS } else { EXIT_OK })
}

/// The register as aligned text.
pub fn render_human(reg: &EvidenceRegister) -> String {
    let mut out = String::new();
    if reg.total == 0 {
        let _ = writeln!(
            out,
            "No evidence records (evidence/*.md); `isms evidence new` creates one."
        );
        return out;
    }
    let _ = writeln!(
        out,
        "Evidence as of {} (due soon: by {}): {} item{}, {} overdue, {} due soon, {} never collected, {} current",
        reg.today,
        reg.until,
        reg.total,
        if reg.total == 1 { "" } else { "s" },
        reg.overdue,
        reg.due_soon,
        reg.never,
        reg.current
    );
    let all = reg.owners.iter().flat_map(|g| &g.items);
    let id_w = all.clone().map(|i| i.id.len()).max().unwrap_or(0);
    let every_w = all.map(|i| i.every.len()).max().unwrap_or(0);
    for g in &reg.owners {
        let _ = writeln!(
            out,
            "\n{} ({}): {} item{}",
            g.owner.name,
            g.owner.id,
            g.items.len(),
            if g.items.len() == 1 { "" } else { "s" }
        );
        for i in &g.items {
            let last = i.last.as_ref().map_or_else(
                || "never collected".to_string(),
                |c| format!("last {}", c.on),
            );
            let state = match (i.state, i.due_in_days) {
                (EvidenceState::Overdue, Some(d)) => format!("OVERDUE by {} days", -d),
                (EvidenceState::DueSoon, Some(d)) => format!("due in {d} days"),
                (s, _) => s.to_string(),
            };
            let due = i.due.map_or_else(|| "-".repeat(10), |d| d.to_string());
            let _ = writeln!(
                out,
                "  {:<id_w$}  {:<every_w$}  {:<20}  due {due}  {state}\n  {:<id_w$}  {}",
                i.id, i.every, last, "", i.title
            );
        }
    }
    out
}

/// What is wrong with `id` given as `flag` for a `target`, judged as
/// `isms check` judges references; None when nothing is.
fn problem(refs: &Resolver<'_>, flag: &str, target: Target, id: &str) -> Option<String> {
    refs.check(target, id)
        .err()
        .map(|why| format!("{flag} {id}: {why}"))
}

/// `isms evidence new`: create the next EV-NNN record.
fn new(args: &EvidenceNewArgs) -> Result<u8> {
    let dir = super::tree_dir(args.dir.as_deref());
    let (tree, _) = crate::load::load_dir(&dir)?;
    let refs = Resolver::new(&tree);
    let mut problems = Vec::new();
    if args.title.trim().is_empty() {
        problems.push("--title is empty".to_string());
    }
    for c in &args.controls {
        if let Some(p) = problem(&refs, "--control", Target::Control, c) {
            problems.push(p);
        } else if let Some(soa) = &tree.soa
            && soa.data.control.iter().any(|x| &x.id == c && !x.applicable)
        {
            problems.push(format!("--control {c}: the SoA excludes it"));
        }
    }
    for c in &args.soc2 {
        problems.extend(problem(&refs, "--soc2", Target::Criterion, c));
    }
    problems.extend(problem(&refs, "--owner", Target::Person, &args.owner));
    if Cadence::parse(&args.every).is_none() {
        problems.push(format!(
            "--every {}: not a cadence such as 30d, 2w, 3m, 1y, monthly, quarterly, yearly",
            args.every
        ));
    }
    if !problems.is_empty() {
        return Ok(refuse(&problems));
    }
    let spec = &Evidence::SPEC;
    // A broken record's file still holds its id; so does a record whose
    // id is not its file name.
    let fs = DiskFs::new(&dir).with_context(|| format!("reading {}", dir.display()))?;
    let mut taken = next_id::ids_on_disk(&fs, spec).unwrap_or_default();
    taken.extend(tree.evidence.iter().map(|r| r.data.id.clone()));
    let today = crate::model::today(None);
    // Evidence ids have no year or quarter: the day does not matter.
    let id = next_id::next_free(spec, &taken, today);
    let mut fields = vec![
        record::field("title", edit::string_value(args.title.trim()), &[]),
        record::field("owner", edit::string_value(&args.owner), &[]),
        record::field("controls", edit::string_array(&args.controls), &["owner"]),
    ];
    if !args.soc2.is_empty() {
        fields.push(record::field(
            "soc2",
            edit::string_array(&args.soc2),
            &["controls"],
        ));
    }
    fields.push(record::field(
        "every",
        edit::string_value(&args.every),
        &["soc2", "controls"],
    ));
    let text = Template::read(&fs, spec)?.render(&id, args.title.trim(), today, &fields)?;
    let path = dir.join(record::record_rel(spec, &id));
    crate::output::create_new(&path, text.as_bytes())?;
    // As `isms new` shows it: `evidence/EV-001.md`, not `./evidence/...`.
    let shown = path.strip_prefix(".").unwrap_or(&path);
    super::outln(&shown.display().to_string())?;
    Ok(EXIT_OK)
}

/// A file given on the command line, as a path inside the tree.
pub(super) fn inside(
    root_canon: &Path,
    file: &Path,
) -> std::result::Result<(PathBuf, String), String> {
    let real = file
        .canonicalize()
        .map_err(|e| format!("{}: {e}", file.display()))?;
    if !real.is_file() {
        return Err(format!("{}: not a regular file", file.display()));
    }
    let rel = real.strip_prefix(root_canon).map_err(|_| {
        format!(
            "{}: outside the ISMS tree ({}); copy it into the tree first",
            file.display(),
            root_canon.display()
        )
    })?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    let rel = parts
        .map(|p| p.join("/"))
        .ok_or_else(|| format!("{}: the path is not UTF-8", file.display()))?;
    crate::load::check_path(&rel).map_err(|why| format!("{}: {why}", file.display()))?;
    Ok((real, rel))
}

/// `isms evidence add`: append a collection to one record.
fn add(args: &EvidenceAddArgs) -> Result<u8> {
    let dir = super::tree_dir(args.dir.as_deref());
    let (tree, _) = crate::load::load_dir(&dir)?;
    let today = crate::model::today(args.today);
    let on = args.on.unwrap_or(today);
    let mut problems = Vec::new();
    let refs = Resolver::new(&tree);
    let record = match loaded::<Evidence>(&tree, &args.id) {
        Ok(r) => r,
        Err(why) => return Ok(refuse(&[why])),
    };
    if on > today {
        problems.push(format!(
            "--on {on} is after today ({today}): evidence cannot be recorded before it exists"
        ));
    }
    if let Some(last) = record.data.last()
        && on < last.on
    {
        problems.push(format!(
            "--on {on} is before the last collection ({}); collections are kept oldest first",
            last.on
        ));
    }
    let by = args.by.clone().unwrap_or_else(|| record.data.owner.clone());
    problems.extend(problem(&refs, "--by", Target::Person, &by));
    if args.files.is_empty() && args.links.is_empty() {
        problems.push("give at least one FILE or --link".to_string());
    }
    for l in &args.links {
        if !(l.starts_with("https://") || l.starts_with("http://"))
            || l.contains(char::is_whitespace)
        {
            problems.push(format!("--link {l}: not an http(s) URL"));
        }
    }
    let root_canon = dir
        .canonicalize()
        .with_context(|| format!("reading {}", dir.display()))?;
    let mut files = Vec::new();
    for f in &args.files {
        match inside(&root_canon, f) {
            Ok((real, rel)) => {
                if !files.iter().any(|(r, _): &(String, String)| r == &rel) {
                    let sha = crate::load::sha256_hex(
                        &std::fs::read(&real)
                            .with_context(|| format!("reading {}", f.display()))?,
                    );
                    files.push((rel, sha));
                }
            }
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Ok(refuse(&problems));
    }
    let mut body = format!("on = {on}\nby = {}\n", edit::toml_string(&by));
    if let Some(n) = &args.note {
        let _ = writeln!(body, "note = {}", edit::toml_string(n));
    }
    if !files.is_empty() {
        body.push_str("files = [\n");
        for (rel, sha) in &files {
            let _ = writeln!(
                body,
                "  {{ path = {}, sha256 = \"{sha}\" }},",
                edit::toml_string(rel)
            );
        }
        body.push_str("]\n");
    }
    if !args.links.is_empty() {
        let _ = writeln!(body, "links = {}", edit::string_array(&args.links));
    }
    let rel = &tree.sources.get(record.file).path;
    if let Some(code) = append(&dir, rel, &args.id, "collection", &body)? {
        return Ok(code);
    }
    let due = record.data.cadence().after(on);
    super::outln(&format!(
        "{}: collected {on} ({} file{}, {} link{}); next due {due}",
        args.id,
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        args.links.len(),
        if args.links.len() == 1 { "" } else { "s" }
    ))?;
    for (rel, sha) in &files {
        super::outln(&format!("  {sha}  {rel}"))?;
    }
    Ok(EXIT_OK)
}
