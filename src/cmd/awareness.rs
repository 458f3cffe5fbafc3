//! `isms awareness`: each awareness campaign's completion as of `--today`,
//! by department, and who is overdue, as a table, JSON or CSV; and
//! `isms awareness add`, which records a completion export once every row
//! names someone on the roster. Staff are shown by id only: never more
//! personal data than the roster holds, and no name or email it may hold.

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::EXIT_OK;
use super::table::{self, Style, Table};
use crate::awareness::{self, CampaignStatus, Counts, Standing};
use crate::cli::{AwarenessAction, AwarenessAddArgs, AwarenessArgs, TableFormat};
use crate::load::edit;

/// Run `isms awareness`.
pub fn run(args: &AwarenessArgs) -> Result<u8> {
    match &args.action {
        Some(AwarenessAction::Add(a)) => add(a),
        None => list(args),
    }
}

/// What `--format json` prints.
#[derive(Serialize)]
struct Listing<'a> {
    /// The day completion is judged as of.
    today: chrono::NaiveDate,
    /// The department asked for, if any.
    department: Option<&'a str>,
    /// The campaigns.
    campaigns: Vec<CampaignJson<'a>>,
}

#[derive(Serialize)]
struct CampaignJson<'a> {
    id: &'a str,
    title: &'a str,
    kind: crate::model::CampaignKind,
    due: chrono::NaiveDate,
    past_due: bool,
    target: u32,
    #[serde(flatten)]
    counts: Counts,
    percent: u32,
    departments: Vec<DepartmentJson<'a>>,
    /// Documents changed since some acknowledged them, and how many.
    outdated_documents: &'a [awareness::Outdated],
    /// Who is overdue (or acknowledged an earlier text): staff ids.
    overdue_staff: Vec<&'a awareness::Member>,
}

#[derive(Serialize)]
struct DepartmentJson<'a> {
    name: &'a str,
    #[serde(flatten)]
    counts: &'a Counts,
    percent: u32,
}

fn list(args: &AwarenessArgs) -> Result<u8> {
    // The campaigns alone: no view of the rest of the tree is built, and
    // no metric series replayed.
    let opts = crate::pipeline::Options {
        unmeasured: true,
        ..args.list.tree.options()
    };
    let corpus = crate::pipeline::check(&opts)?.into_overview(&opts)?;
    if corpus.report.errors() > 0 {
        eprintln!(
            "note: the tree has {} error(s); records that do not load are left out (`isms check` lists them)",
            corpus.report.errors()
        );
    }
    let tree = &corpus.tree;
    if tree.staff.is_none() {
        bail!(
            "the tree keeps no staff roster: set `[staff] roster = \"people/staff.csv\"` in isms.toml"
        );
    }
    let judged = awareness::campaigns(tree, corpus.today);
    let dept = args.list.department.as_deref();
    if let (Some(d), Some(roster)) = (dept, &tree.staff) {
        let known = roster.departments();
        if !known.contains(&d) {
            bail!(
                "--department {d}: no such department on the roster; it has {}",
                known.join(", ")
            );
        }
    }
    let in_dept = |name: &str| dept.is_none_or(|d| d == name);
    match args.list.format {
        TableFormat::Human => super::out(&human(&judged, &in_dept, table::color()))?,
        TableFormat::Json => {
            let listing = Listing {
                today: corpus.today,
                department: dept,
                campaigns: judged.iter().map(|c| json(c, &in_dept)).collect(),
            };
            super::outln(&serde_json::to_string_pretty(&listing)?)?;
        }
        TableFormat::Csv => super::out(&csv(&judged, &in_dept)?)?,
    }
    Ok(EXIT_OK)
}

fn json<'a>(c: &'a CampaignStatus, in_dept: &dyn Fn(&str) -> bool) -> CampaignJson<'a> {
    let departments: Vec<DepartmentJson<'a>> = c
        .departments
        .iter()
        .filter(|(n, _)| in_dept(n))
        .map(|(name, counts)| DepartmentJson {
            name,
            counts,
            percent: counts.percent(),
        })
        .collect();
    let mut counts = Counts::default();
    for d in &departments {
        counts.audience += d.counts.audience;
        counts.complete += d.counts.complete;
        counts.outdated += d.counts.outdated;
        counts.overdue += d.counts.overdue;
        counts.pending += d.counts.pending;
    }
    CampaignJson {
        id: &c.id,
        title: &c.title,
        kind: c.kind,
        due: c.due,
        past_due: c.past_due,
        target: c.target,
        percent: counts.percent(),
        counts,
        departments,
        outdated_documents: &c.outdated,
        overdue_staff: late(c, in_dept).collect(),
    }
}

/// The members of `c` in the department asked for who are overdue or
/// acknowledged only an earlier text.
fn late<'a, 'f>(
    c: &'a CampaignStatus,
    in_dept: &'f dyn Fn(&str) -> bool,
) -> impl Iterator<Item = &'a awareness::Member> + use<'a, 'f> {
    c.members.iter().filter(move |m| {
        in_dept(&m.department) && matches!(m.standing, Standing::Overdue | Standing::Outdated)
    })
}

fn human(judged: &[CampaignStatus], in_dept: &dyn Fn(&str) -> bool, color: bool) -> String {
    let mut s = String::new();
    if judged.is_empty() {
        s.push_str("No awareness campaigns recorded (awareness/).\n");
    }
    for c in judged {
        let j = json(c, in_dept);
        let _ = writeln!(
            s,
            "{} {} ({}, {}{}): {} of {} complete ({}%, target {}%)",
            c.id,
            c.title,
            c.kind,
            if c.onboarding {
                format!("joiners from {}", c.due)
            } else {
                format!("due {}", c.due)
            },
            if c.past_due { ", passed" } else { "" },
            j.counts.complete,
            j.counts.audience,
            j.percent,
            c.target
        );
        let mut t = Table::new(&[
            "Department",
            "Staff",
            "Complete",
            "%",
            "Overdue",
            "Outdated",
            "Not yet due",
        ]);
        for d in &j.departments {
            let style = if d.counts.overdue + d.counts.outdated > 0 {
                Style::Alert
            } else {
                Style::Plain
            };
            t.row(
                vec![
                    d.name.to_string(),
                    d.counts.audience.to_string(),
                    d.counts.complete.to_string(),
                    d.percent.to_string(),
                    d.counts.overdue.to_string(),
                    d.counts.outdated.to_string(),
                    d.counts.pending.to_string(),
                ],
                style,
            );
        }
        s.push_str(&t.render("  ", color));
        for o in c
            .outdated
            .iter()
            .filter(|_| j.departments.len() == c.departments.len())
        {
            let _ = writeln!(
                s,
                "  {} acknowledged {} before its current text (approved {})",
                o.count, o.document, o.since
            );
        }
        let late: Vec<String> = late(c, in_dept)
            .map(|m| format!("{} ({}, due {})", m.id, m.department, m.due))
            .collect();
        if !late.is_empty() {
            let _ = writeln!(s, "  overdue: {}", late.join(", "));
        }
        s.push('\n');
    }
    s
}

fn csv(judged: &[CampaignStatus], in_dept: &dyn Fn(&str) -> bool) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "campaign",
        "staff_id",
        "department",
        "standing",
        "due",
        "completed",
    ])?;
    for c in judged {
        for m in c.members.iter().filter(|m| in_dept(&m.department)) {
            let standing: &str = match m.standing {
                Standing::Complete => "complete",
                Standing::Outdated => "outdated",
                Standing::Overdue => "overdue",
                Standing::Pending => "pending",
            };
            w.write_record([
                c.id.as_str(),
                m.id.as_str(),
                m.department.as_str(),
                standing,
                &m.due.to_string(),
                &m.completed.map(|d| d.to_string()).unwrap_or_default(),
            ])?;
        }
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// `isms awareness add`: check every row, then copy and record the file.
fn add(args: &AwarenessAddArgs) -> Result<u8> {
    let dir = super::tree_dir(args.dir.as_deref());
    let (tree, _) = crate::load::load_dir(&dir)?;
    let refuse = super::append::refuse;
    let Some(record) = tree.awareness.iter().find(|r| r.data.id == args.id) else {
        return Ok(refuse(&[format!(
            "{}: no awareness campaign with this id (awareness/{}.md)",
            args.id, args.id
        )]));
    };
    let Some(roster) = &tree.staff else {
        return Ok(refuse(&[
            "the tree keeps no staff roster (or it does not read): `isms check` says why".into(),
        ]));
    };
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let shown = args.file.display().to_string();
    let Ok(text) = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes))
    else {
        return Ok(refuse(&[format!(
            "{shown}: not UTF-8 text; export it as UTF-8 CSV"
        )]));
    };
    let mut sources = crate::diag::Sources::default();
    let file = sources.add(crate::diag::SourceFile::new(
        shown.clone(),
        text.to_string(),
    ));
    let mut diags = Vec::new();
    let rows = crate::load::completions(file, text, &mut diags);
    let mut problems: Vec<String> = diags
        .iter()
        .map(|d| {
            let line = sources.get(file).line_col(d.span.start).0;
            format!("{shown}:{line}: {}", d.message)
        })
        .collect();
    let unknown: Vec<String> = rows
        .iter()
        .filter(|r| roster.position(&r.who).is_none())
        .map(|r| format!("row {}: `{}`", r.line, r.who))
        .collect();
    if !unknown.is_empty() {
        problems.push(format!(
            "{shown}: {} not on the staff roster: {}",
            if unknown.len() == 1 {
                "one row names someone"
            } else {
                "rows name people"
            },
            unknown.join(", ")
        ));
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(format!("{shown}: no completions in the file"));
    }
    if !problems.is_empty() {
        return Ok(refuse(&problems));
    }
    let root = dir
        .canonicalize()
        .with_context(|| format!("reading {}", dir.display()))?;
    let mut batch = crate::output::Batch::default();
    let rel = match super::evidence::inside(&root, &args.file) {
        Ok((_, rel)) => rel,
        Err(_) => {
            let name = args
                .file
                .file_name()
                .and_then(|n| n.to_str())
                .filter(|n| crate::load::check_path(n).is_ok())
                .unwrap_or("completions.csv");
            let rel = format!("awareness/files/{}-{name}", args.id);
            if dir.join(&rel).exists() {
                return Ok(refuse(&[format!(
                    "{rel} exists already; rename the export and add it again"
                )]));
            }
            batch.create(dir.join(&rel), bytes.clone());
            rel
        }
    };
    if record.data.completion_file.iter().any(|f| f.path == rel) {
        return Ok(refuse(&[format!("{}: {rel} is recorded already", args.id)]));
    }
    let sha = crate::load::sha256_hex(&bytes);
    let body = format!("path = {}\nsha256 = \"{sha}\"\n", edit::toml_string(&rel));
    let path = dir.join(&tree.sources.get(record.file).path);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let edited = match edit::append_table(&text, "completion_file", &body) {
        Ok(e) => e,
        Err(e) => return Ok(refuse(&[format!("{}: {}: {e:#}", args.id, path.display())])),
    };
    batch.replace(path, edited.text.into_bytes());
    batch.commit()?;
    super::outln(&format!(
        "{}: recorded {rel} ({} completion{}, sha256 {})",
        args.id,
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        &sha[..12]
    ))?;
    Ok(EXIT_OK)
}
