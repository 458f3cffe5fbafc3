//! `isms review`: the periodic risk review. `review risks` prints the
//! sheet of risks due (built by the view model, [`RiskReviewSheet`]; this
//! only filters and prints); `review done` records reviews by setting
//! `reviewed` in each risk's front matter, every other byte kept.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::table::{Style, paint};
use super::{EXIT_ERRORS, EXIT_OK, print_report};
use crate::check::Resolver;
use crate::cli::{Format, ReviewArgs, ReviewDoneArgs, ReviewRisksArgs};
use crate::load::{Target, edit};
use crate::render::view::{AssetDue, ControlState, RiskDue, RiskReviewSheet};
use crate::schema::Kind;

/// Run `isms review ...`.
pub fn run(args: &ReviewArgs) -> Result<u8> {
    match args {
        ReviewArgs::Risks(a) => risks(a),
        ReviewArgs::Done(a) => done(a),
        ReviewArgs::Prep(a) => super::prep::run(a),
    }
}

/// `isms review risks`: print the sheet. Never writes.
fn risks(args: &ReviewRisksArgs) -> Result<u8> {
    let mut opts = args.tree.options();
    // The sheet is about today, not about the commit's date.
    opts.today = Some(opts.check_date());
    let checked = crate::pipeline::check(&opts)?;
    if checked.has_errors() {
        print_report(&checked.report, &checked.tree.sources, &opts.dir);
        eprintln!("error: the review sheet needs a tree without errors; fix them and run again");
        return Ok(EXIT_ERRORS);
    }
    if let Some(owner) = &args.owner
        && let Err(why) = Resolver::new(&checked.tree).check(Target::Person, owner)
    {
        eprintln!("error: --owner {owner}: {why}");
        return Ok(EXIT_ERRORS);
    }
    let corpus = checked.into_corpus(&opts)?;
    let mut sheet = crate::render::view::risk_review(&corpus, args.within)?;
    if let Some(owner) = &args.owner {
        sheet.only_owner(owner);
    }
    match args.format {
        Format::Human => super::out(&render_human(&sheet, super::table::color()))?,
        Format::Json => super::outln(&serde_json::to_string_pretty(&sheet)?)?,
    }
    if args.pdf {
        pdf_sheets(&corpus, &sheet, &args.output)?;
    }
    Ok(EXIT_OK)
}

/// One PDF per owner on the sheet, `DIR/OWNER.pdf`.
fn pdf_sheets(
    corpus: &crate::pipeline::Corpus,
    sheet: &crate::render::view::RiskReviewSheet,
    dir: &std::path::Path,
) -> Result<()> {
    use crate::render::pdf::{Doc, Renderer, Standard};
    let renderer = Renderer::new(corpus)?;
    // The sheets are about risks: an owner with only assets due gets none.
    for group in sheet.owners.iter().filter(|g| !g.risks.is_empty()) {
        let one = serde_json::json!({
            "today": sheet.today,
            "within_days": sheet.within_days,
            "until": sheet.until,
            "owner": group,
        });
        let owner = crate::render::html::file_stem(&group.owner.id);
        let doc = Doc::RiskReview { owner, sheet: one };
        let bytes = renderer.render(&doc, Standard::V1_7)?;
        let path = dir.join(doc.file_name());
        crate::output::write_atomic(&path, &bytes)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The sheet as aligned text.
pub fn render_human(sheet: &RiskReviewSheet, color: bool) -> String {
    let bold = |s: &str| paint(s, Style::Bold, color);
    let mut out = String::new();
    let window = format!(
        "by {} (as of {}, within {} days)",
        sheet.until, sheet.today, sheet.within_days
    );
    if sheet.total == 0 && sheet.assets == 0 {
        let _ = writeln!(out, "No open risk is due for review {window}.");
        return out;
    }
    let mut head = format!(
        "Risk review: {} due {window}, {} overdue",
        plural(sheet.total, "risk"),
        sheet.overdue
    );
    if sheet.assets > 0 {
        let _ = write!(
            head,
            "; {} due for owner review",
            plural(sheet.assets, "asset")
        );
    }
    let _ = writeln!(out, "{}", bold(&head));
    for g in &sheet.owners {
        let owner = format!("{} ({})", g.owner.name, g.owner.id);
        let mut counts = Vec::new();
        if !g.risks.is_empty() || g.assets.is_empty() {
            counts.push(plural(g.risks.len(), "risk"));
        }
        if !g.assets.is_empty() {
            counts.push(plural(g.assets.len(), "asset"));
        }
        let _ = writeln!(out, "\n{}: {}", bold(&owner), counts.join(", "));
        for r in &g.risks {
            risk_lines(&mut out, r, color);
        }
        asset_lines(&mut out, &g.assets, color);
    }
    out
}

/// An owner's assets due for review, one line each, aligned.
fn asset_lines(out: &mut String, assets: &[AssetDue], color: bool) {
    if assets.is_empty() {
        return;
    }
    let red = |s: &str| paint(s, Style::BoldAlert, color);
    let _ = writeln!(
        out,
        "  {}",
        paint("Assets due for owner review", Style::Bold, color)
    );
    let id_w = assets.iter().map(|a| a.id.len()).max().unwrap_or(0);
    let title_w = assets
        .iter()
        .map(|a| a.title.chars().count())
        .max()
        .unwrap_or(0);
    for a in assets {
        let when = match (a.review_due, a.due_in_days) {
            (Some(due), Some(d)) if d < 0 => format!(
                "due {due}, {}",
                red(&format!(
                    "overdue by {}",
                    plural(d.unsigned_abs() as usize, "day")
                ))
            ),
            (Some(due), Some(0)) => format!("due {due}, due today"),
            (Some(due), Some(d)) => format!("due {due}, in {}", plural(d as usize, "day")),
            _ => red("never reviewed"),
        };
        let last = a
            .reviewed
            .map(|d| format!(" (last reviewed {d})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    {:<id_w$}  {:<title_w$}  {}  {when}{last}",
            a.id, a.title, a.kind
        );
    }
}

/// The label column of a risk's lines.
const LABEL: usize = 11;

fn row(out: &mut String, label: &str, text: &str) {
    let _ = writeln!(out, "    {label:<LABEL$} {text}");
}

/// Continuation lines of a multi-line field.
fn more(out: &mut String, text: &str) {
    let _ = writeln!(out, "    {:<LABEL$} {text}", "");
}

fn risk_lines(out: &mut String, r: &RiskDue, color: bool) {
    let red = |s: &str| paint(s, Style::BoldAlert, color);
    let title = format!("{}  {}", r.id, r.title);
    let _ = writeln!(out, "  {}", paint(&title, Style::Bold, color));
    let last = match r.reviewed {
        Some(d) => format!("last reviewed {d}"),
        None => format!("never reviewed, identified {}", r.identified),
    };
    let when = match r.due_in_days {
        d if d < 0 => red(&format!(
            "overdue by {}",
            plural(d.unsigned_abs() as usize, "day")
        )),
        0 => "due today".to_string(),
        d => format!("in {}", plural(d as usize, "day")),
    };
    row(out, "due", &format!("{}, {when} ({last})", r.review_due));
    let appetite = if r.above_appetite {
        format!(", {}", red("above appetite"))
    } else {
        String::new()
    };
    row(
        out,
        "score",
        &format!(
            "inherent {} {} (L{} x I{}), residual {} {} (L{} x I{}){appetite}",
            r.inherent.score,
            r.inherent.level,
            r.inherent.likelihood,
            r.inherent.impact,
            r.residual.score,
            r.residual.level,
            r.residual.likelihood,
            r.residual.impact,
        ),
    );
    let treatment = match &r.acceptance {
        Some(a) if a.expired => format!(
            "{}, {}",
            r.treatment,
            red(&format!("acceptance by {} expired {}", a.by.id, a.expires))
        ),
        Some(a) => format!(
            "{}, accepted by {} on {} until {}",
            r.treatment, a.by.id, a.on, a.expires
        ),
        None => r.treatment.to_string(),
    };
    row(out, "treatment", &treatment);
    let assets: Vec<String> = r
        .assets
        .iter()
        .map(|a| match &a.title {
            Some(t) => format!("{} {t}", a.id),
            None => a.id.clone(),
        })
        .collect();
    row(
        out,
        "assets",
        &if assets.is_empty() {
            "none listed".to_string()
        } else {
            assets.join(", ")
        },
    );
    let id_w = r.controls.iter().map(|c| c.id.len()).max().unwrap_or(0);
    let title_w = r
        .controls
        .iter()
        .map(|c| c.title.chars().count())
        .max()
        .unwrap_or(0);
    let controls: Vec<String> = r
        .controls
        .iter()
        .map(|c| {
            let status = match c.status {
                ControlState::Implemented => c.status.to_string(),
                s => red(&s.to_string()),
            };
            format!("{:<id_w$}  {:<title_w$}  {status}", c.id, c.title)
        })
        .collect();
    lines(out, "controls", &controls, "none");
    let id_w = r.open_actions.iter().map(|a| a.id.len()).max().unwrap_or(0);
    let sum_w = r
        .open_actions
        .iter()
        .map(|a| a.summary.chars().count())
        .max()
        .unwrap_or(0);
    let actions: Vec<String> = r
        .open_actions
        .iter()
        .map(|a| {
            let overdue = if a.overdue {
                format!("  {}", red("OVERDUE"))
            } else {
                String::new()
            };
            format!(
                "{:<id_w$}  {:<sum_w$}  {}  due {}{overdue}",
                a.id, a.summary, a.owner.id, a.due
            )
        })
        .collect();
    lines(out, "actions", &actions, "none open");
    let none = format!("none since {}", r.since);
    let incidents: Vec<String> = r
        .incidents
        .iter()
        .map(|i| format!("{}  {}  detected {}", i.id, i.title, i.detected))
        .collect();
    lines(out, "incidents", &incidents, &none);
    let findings: Vec<String> = r
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} ({}, {} {})  {}  cites {}",
                f.id,
                f.kind,
                f.audit,
                f.performed,
                f.summary,
                f.controls.join(", ")
            )
        })
        .collect();
    lines(out, "findings", &findings, &none);
}

/// A field of several lines, or `empty` when it has none.
fn lines(out: &mut String, label: &str, items: &[String], empty: &str) {
    let mut items = items.iter();
    match items.next() {
        None => row(out, label, empty),
        Some(first) => {
            row(out, label, first);
            for i in items {
                more(out, i);
            }
        }
    }
}

/// One risk file to edit.
struct Pending {
    id: String,
    path: PathBuf,
    old: Option<String>,
    text: String,
    changed: bool,
}

/// `isms review done`: set `reviewed` in each risk, every other byte kept.
/// Everything is validated before any file is written.
fn done(args: &ReviewDoneArgs) -> Result<u8> {
    let dir = super::tree_dir(args.dir.as_deref());
    let (tree, _) = crate::load::load_dir(&dir)?;
    let today = crate::model::today(args.today);
    let on = args.on.unwrap_or(today);
    let mut problems = Vec::new();
    if on > today {
        problems.push(format!(
            "--on {on} is after today ({today}): a review cannot be recorded before it happens"
        ));
    }
    let refs = Resolver::new(&tree);
    let mut seen = std::collections::HashSet::new();
    let mut pending = Vec::new();
    for id in args.ids.iter().filter(|id| seen.insert(id.as_str())) {
        let Some(r) = tree.risks.iter().find(|r| &r.data.id == id) else {
            if tree.is_broken(Kind::Risk, id) {
                problems.push(format!(
                    "{id}: risks/{id}.md does not load; `isms check` says why"
                ));
            } else if let Err(why) = refs.check(Target::Record(Kind::Risk), id) {
                problems.push(format!("{id}: {why}"));
            }
            continue;
        };
        if on < r.data.identified {
            problems.push(format!(
                "{id}: identified on {}, so it cannot have been reviewed on {on}",
                r.data.identified
            ));
            continue;
        }
        let path = dir.join(&tree.sources.get(r.file).path);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        match edit::set_top_level(&text, "reviewed", &edit::date_value(on), &["identified"]) {
            Ok(e) => pending.push(Pending {
                id: id.clone(),
                path,
                old: e.old,
                text: e.text,
                changed: e.changed,
            }),
            Err(e) => problems.push(format!("{id}: {}: {e:#}", path.display())),
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("error: {p}");
        }
        eprintln!("error: no file was changed");
        return Ok(EXIT_ERRORS);
    }
    // Every risk's file, or none of them.
    let mut batch = crate::output::Batch::default();
    for p in pending.iter().filter(|p| p.changed) {
        batch.replace(p.path.clone(), p.text.clone().into_bytes());
    }
    batch.commit()?;
    for p in &pending {
        if p.changed {
            let old = p.old.as_deref().unwrap_or("never");
            super::outln(&format!("{}: reviewed {old} -> {on}", p.id))?;
        } else {
            super::outln(&format!("{}: already reviewed {on}", p.id))?;
        }
    }
    Ok(EXIT_OK)
}
