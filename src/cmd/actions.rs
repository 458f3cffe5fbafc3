//! `isms actions`: every action in the tree, whatever holds it (risk
//! treatment, audit finding, management review, incident), filtered and
//! sorted by due date, as a table, JSON or CSV (the sheet `isms export
//! actions` writes).

use crate::check::Resolver;
use crate::load::Target;
use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::export::{self, ActionRow};
use super::table::{self, Style, Table};
use super::{EXIT_OK, overview};
use crate::cli::{ActionSource, ActionState, ActionsArgs, TableFormat};
use crate::model::ActionStatus;
use crate::render::view::ActionView;

/// What `--format json` prints.
#[derive(Serialize)]
struct Listing<'a> {
    /// The day overdue is judged as of.
    today: chrono::NaiveDate,
    /// The actions, by due date.
    actions: Vec<&'a ActionView>,
}

/// List the actions.
pub fn run(args: &ActionsArgs) -> Result<u8> {
    // Actions show no measurement: the metric series are not replayed.
    let opts = crate::pipeline::Options {
        unmeasured: true,
        ..args.tree.options()
    };
    let (corpus, view) = overview(&opts)?;
    if let Some(owner) = &args.owner
        && let Err(why) = Resolver::new(&corpus.tree).check(Target::Person, owner)
    {
        bail!("--owner {owner}: {why}");
    }
    let mut actions: Vec<&ActionView> = view.actions.iter().filter(|a| keep(args, a)).collect();
    actions.sort_by(|a, b| (a.due, &a.id).cmp(&(b.due, &b.id)));
    match args.format {
        TableFormat::Human => super::out(&human(&actions, table::color()))?,
        TableFormat::Json => {
            let listing = Listing {
                today: view.today,
                actions,
            };
            super::outln(&serde_json::to_string_pretty(&listing)?)?;
        }
        TableFormat::Csv => super::out(&csv(&actions)?)?,
    }
    Ok(EXIT_OK)
}

/// Whether the filters keep action `a`.
fn keep(args: &ActionsArgs, a: &ActionView) -> bool {
    let status = args.status.is_none_or(|s| {
        a.status
            == match s {
                ActionState::Open => ActionStatus::Open,
                ActionState::Done => ActionStatus::Done,
                ActionState::Cancelled => ActionStatus::Cancelled,
            }
    });
    let source = args.source.is_none_or(|s| {
        a.source_kind
            == match s {
                ActionSource::Risk => "risk",
                ActionSource::Audit => "finding",
                ActionSource::Review => "review",
                ActionSource::Incident => "incident",
            }
    });
    let owner = args.owner.as_ref().is_none_or(|o| &a.owner.id == o);
    status && source && owner && (!args.overdue || a.overdue)
}

/// The record holding an action, as people name it: "R-007", "IA-2026-01 IA-2026-01-F2".
fn source(a: &ActionView) -> String {
    match &a.finding {
        Some(f) => format!("{} {f}", a.source_id),
        None => a.source_id.clone(),
    }
}

fn human(actions: &[&ActionView], color: bool) -> String {
    if actions.is_empty() {
        return "No actions match.\n".into();
    }
    let mut t = Table::new(&["ID", "DUE", "STATUS", "OWNER", "SOURCE", "SUMMARY"]);
    for a in actions {
        let status = if a.overdue {
            "overdue".to_string()
        } else {
            a.status.to_string()
        };
        let style = if a.overdue {
            Style::Alert
        } else {
            Style::Plain
        };
        let cells = vec![
            a.id.clone(),
            a.due.to_string(),
            status,
            a.owner.id.clone(),
            source(a),
            a.summary.clone(),
        ];
        t.row(cells, style);
    }
    let open = actions.iter().filter(|a| a.is_open()).count();
    let overdue = actions.iter().filter(|a| a.overdue).count();
    format!(
        "{}\n{} action{}: {open} open, {overdue} overdue.\n",
        t.render("", color),
        actions.len(),
        if actions.len() == 1 { "" } else { "s" }
    )
}

/// The action sheet (`isms export actions`'s columns) of `actions`.
fn csv(actions: &[&ActionView]) -> Result<String> {
    let rows: Vec<ActionRow<'_>> = actions
        .iter()
        .map(|a| ActionRow {
            id: &a.id,
            kind: a.record_kind,
            record: a.finding.as_deref().unwrap_or(&a.source_id),
            summary: &a.summary,
            owner: &a.owner.id,
            due: a.due,
            status: a.status,
            done: a.done,
        })
        .collect();
    let (header, rows) = export::action_sheet(&rows);
    String::from_utf8(crate::sheet::write_csv(&header, &rows)?).context("CSV is UTF-8")
}
