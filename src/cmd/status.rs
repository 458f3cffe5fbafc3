//! `isms status`: the state of the ISMS on one screen, or as JSON.

use std::fmt::Write as _;

use anyhow::Result;

use super::table::{self, Style, Table, paint};
use super::{EXIT_OK, overview};
use crate::cli::{Format, StatusArgs};
use crate::programme::Awaiting;
use crate::render::view::ProgrammeView;
use crate::render::view::registers::{RegisterStatus, ReviewLine};
use crate::render::view::status::{self, AcceptanceState, LastHeld, StatusView};

/// Print the status.
pub fn run(args: &StatusArgs) -> Result<u8> {
    let (corpus, view) = overview(&args.tree.options())?;
    let (errors, warnings) = (corpus.report.errors(), corpus.report.warnings());
    let st = status::build(&corpus.tree, &view, args.within, errors, warnings);
    match args.format {
        Format::Human => super::out(&human(&view.org.name, &st, table::color()))?,
        Format::Json => super::outln(&serde_json::to_string_pretty(&st)?)?,
    }
    Ok(EXIT_OK)
}

/// "1 risk", "2 risks".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("{n} {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn human(org: &str, st: &StatusView, color: bool) -> String {
    let h = |s: &str| paint(s, Style::Bold, color);
    let alert = |s: &str| paint(s, Style::Alert, color);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        h(&format!("{org}: ISMS status as of {}", st.today))
    );
    let c = &st.checker;
    let checker = format!(
        "Checker: {}, {}",
        count(c.errors, "error"),
        count(c.warnings, "warning")
    );
    let checker = if c.errors > 0 {
        alert(&checker)
    } else {
        checker
    };
    let _ = writeln!(o, "{checker} (`isms check` lists them)");

    let _ = writeln!(o, "\n{}", h(&format!("Risks: {} open", st.open_risks)));
    let mut t = Table::new(&["LEVEL", "INHERENT", "RESIDUAL"]);
    for l in &st.levels {
        let cells = vec![
            l.level.clone(),
            l.inherent.to_string(),
            l.residual.to_string(),
        ];
        t.row(cells, Style::Plain);
    }
    o.push_str(&t.render("  ", color));

    let title = format!(
        "Above appetite (residual score above {}): {}",
        st.appetite,
        st.above_appetite.len()
    );
    let _ = writeln!(o, "\n{}", h(&title));
    for r in &st.above_appetite {
        let acceptance = match (r.acceptance, &r.accepted_by, r.expires) {
            (AcceptanceState::Current, Some(by), Some(until)) => {
                format!("accepted by {} until {until}", by.id)
            }
            (AcceptanceState::Expired, Some(by), Some(until)) => {
                alert(&format!("acceptance by {} EXPIRED on {until}", by.id))
            }
            _ => alert("NOT ACCEPTED"),
        };
        let line = format!(
            "  {}  {} {}  owner {}  {acceptance}  {}",
            r.id, r.residual, r.level, r.owner.id, r.title
        );
        let _ = writeln!(o, "{line}");
    }

    let title = format!(
        "Risk reviews overdue or due within {} days",
        st.due_within_days
    );
    let _ = writeln!(o, "\n{}", h(&title));
    if st.reviews.is_empty() {
        let _ = writeln!(o, "  None.");
    }
    for owner in &st.reviews {
        let _ = writeln!(o, "  {} ({})", owner.owner.name, owner.owner.id);
        for r in &owner.overdue {
            let when = alert(&format!("overdue since {} ({} days)", r.due, -r.days));
            let _ = writeln!(o, "    {}  {when}  {}", r.id, r.title);
        }
        for r in &owner.due_soon {
            let _ = writeln!(
                o,
                "    {}  due {} (in {} days)  {}",
                r.id, r.due, r.days, r.title
            );
        }
    }

    if !st.obligations_due.is_empty() {
        let title = format!(
            "Obligation reviews overdue or due within {} days",
            st.due_within_days
        );
        let _ = writeln!(o, "\n{}", h(&title));
        for ob in &st.obligations_due {
            let when = if ob.days < 0 {
                alert(&format!("overdue since {} ({} days)", ob.due, -ob.days))
            } else {
                format!("due {} (in {} days)", ob.due, ob.days)
            };
            let _ = writeln!(o, "  {}  {when}  {}  {}", ob.id, ob.owner.id, ob.title);
        }
    }

    people(&mut o, st, &h, &alert);

    let title = format!(
        "Actions: {} open, {} overdue",
        st.open_actions,
        st.overdue_actions.len()
    );
    let _ = writeln!(o, "\n{}", h(&title));
    for a in &st.overdue_actions {
        let late = alert(&format!("due {} ({} days overdue)", a.due, a.days_overdue));
        let _ = writeln!(
            o,
            "  {}  {late}  {}  {}  {}",
            a.id, a.owner.id, a.source, a.summary
        );
    }

    let _ = writeln!(o, "\n{}", h("Statement of Applicability"));
    let mut t = Table::new(&[
        "THEME",
        "APPLICABLE",
        "IMPLEMENTED",
        "PARTIAL",
        "PLANNED",
        "NOT",
        "EXCLUDED",
        "DONE",
    ]);
    for p in &st.soa {
        // The totals row is named by its title alone, not "all All controls".
        let name = match p.clause.as_str() {
            "all" => p.title.clone(),
            clause => format!("{clause} {}", p.title),
        };
        let p = &p.counts;
        let cells = vec![
            name,
            p.applicable.to_string(),
            p.implemented.to_string(),
            p.partial.to_string(),
            p.planned.to_string(),
            p.not_implemented.to_string(),
            p.excluded.to_string(),
            format!("{}%", p.percent_implemented),
        ];
        t.row(cells, Style::Plain);
    }
    o.push_str(&t.render("  ", color));

    let _ = writeln!(o, "\n{}", h("Audit and review (expected yearly)"));
    let line = |what: &str, last: &Option<LastHeld>| match last {
        Some(l) => {
            let next = format!("next due {}", l.next_due);
            let next = if l.overdue {
                alert(&format!("{next}: OVERDUE"))
            } else {
                next
            };
            format!(
                "  {what}: {} on {}, {} days ago; {next}",
                l.id, l.date, l.days_ago
            )
        }
        None => format!("  {what}: {}", alert("none on record")),
    };
    let _ = writeln!(
        o,
        "{}",
        line("Last internal audit", &st.last_internal_audit)
    );
    let _ = writeln!(o, "{}", line("Last management review", &st.last_review));
    programme(&mut o, &st.audit_programme, color);
    mandatory(&mut o, &st.mandatory_documents, color);
    registers(&mut o, &st.registers, st.due_within_days, color);
    objectives(&mut o, &st.objectives_attention, color);
    o
}

/// Objectives at risk or missed (6.2); nothing when none is.
fn objectives(o: &mut String, list: &[crate::render::view::status::ObjectiveLine], color: bool) {
    if list.is_empty() {
        return;
    }
    let title = format!("Objectives at risk or missed: {}", list.len());
    let _ = writeln!(o, "\n{}", paint(&title, Style::Bold, color));
    for ob in list {
        let target = ob.target.as_deref().unwrap_or("no target");
        let by = ob.by.map(|d| format!(" by {d}")).unwrap_or_default();
        let state = paint(&ob.state.to_string(), Style::Alert, color);
        let _ = writeln!(
            o,
            "  {}  {state}: {} now, target {target}{by}  {}",
            ob.id, ob.now, ob.title
        );
    }
}

/// Supplier and asset reviews due, certifications lapsing; nothing for a
/// tree that keeps neither register.
fn registers(o: &mut String, r: &RegisterStatus, within: u32, color: bool) {
    if !r.assets_kept && !r.suppliers_kept {
        return;
    }
    let h = |s: &str| paint(s, Style::Bold, color);
    let alert = |s: &str| paint(s, Style::Alert, color);
    let when = |l: &ReviewLine| match (l.due, l.days_overdue) {
        (Some(due), Some(d)) if d > 0 => alert(&format!("overdue by {d} days (due {due})")),
        (Some(due), _) => format!("due {due}"),
        (None, _) => alert("never reviewed"),
    };
    let _ = writeln!(o, "\n{}", h("Registers (A.5.9, A.5.19-A.5.22)"));
    if r.suppliers_kept {
        let title = format!("Supplier reviews overdue or due within {within} days");
        let _ = writeln!(o, "  {title}: {}", r.supplier_reviews.len());
        for l in &r.supplier_reviews {
            let _ = writeln!(o, "    {} {} ({}): {}", l.id, l.title, l.owner, when(l));
        }
        let _ = writeln!(
            o,
            "  Certifications expired or expiring: {}",
            r.certifications.len()
        );
        for c in &r.certifications {
            let state = if c.expired {
                alert(&format!("expired {}", c.valid_until))
            } else {
                format!("valid until {}", c.valid_until)
            };
            let _ = writeln!(o, "    {} {}: {state}", c.supplier, c.name);
        }
    }
    if r.assets_kept {
        let _ = writeln!(
            o,
            "  Asset owner reviews overdue or never done: {}",
            r.asset_reviews.len()
        );
        for l in &r.asset_reviews {
            let _ = writeln!(o, "    {} {} ({}): {}", l.id, l.title, l.owner, when(l));
        }
    }
}

/// The mandatory-document map: each required item and what provides it.
fn mandatory(o: &mut String, items: &[crate::check::MandatoryItem], color: bool) {
    let missing = items.iter().filter(|m| m.provided_by.is_empty()).count();
    let title = format!(
        "Mandatory documented information: {} of {} provided",
        items.len() - missing,
        items.len()
    );
    let _ = writeln!(o, "\n{}", paint(&title, Style::Bold, color));
    let mut t = Table::new(&["CLAUSE", "ITEM", "PROVIDED BY"]);
    for m in items {
        let (by, style) = if m.provided_by.is_empty() {
            ("nothing".to_string(), Style::Alert)
        } else {
            (m.provided_by.join(", "), Style::Plain)
        };
        t.row(vec![m.clause.to_string(), m.item.to_string(), by], style);
    }
    o.push_str(&t.render("  ", color));
}

/// The audit programme's coverage this cycle and the corrective actions
/// awaiting an effectiveness check.
fn programme(o: &mut String, p: &ProgrammeView, color: bool) {
    let h = |s: &str| paint(s, Style::Bold, color);
    let alert = |s: &str| paint(s, Style::Alert, color);
    let title = format!(
        "Audit programme: {}-month cycle, {} to {}",
        p.cycle_months, p.from, p.to
    );
    let _ = writeln!(o, "\n{}", h(&title));
    let audits = if p.audits.is_empty() {
        alert("none")
    } else {
        p.audits.join(", ")
    };
    let _ = writeln!(o, "  Completed internal audits this cycle: {audits}");
    let _ = writeln!(
        o,
        "  Clauses not fully audited: {} of {}",
        p.uncovered_clauses.len(),
        p.clause_count
    );
    for c in &p.uncovered_clauses {
        let which = if c.none_covered {
            "none audited".to_string()
        } else {
            let ids: Vec<&str> = c.uncovered.iter().map(|u| u.id.as_str()).collect();
            ids.join(", ")
        };
        let _ = writeln!(o, "    {} {}: {which}", c.id, c.title);
    }
    let themes: Vec<&str> = p.uncovered_themes.iter().map(|t| t.id.as_str()).collect();
    let themes = if themes.is_empty() {
        "none".to_string()
    } else {
        themes.join(", ")
    };
    let _ = writeln!(o, "  Annex A themes not audited: {themes}");
    for t in p.themes.iter().filter(|t| !t.uncovered.is_empty()) {
        let _ = writeln!(
            o,
            "    {} {}: {} of {} applicable not audited: {}",
            t.clause,
            t.title,
            t.uncovered.len(),
            t.applicable,
            t.uncovered.join(", ")
        );
    }
    if let (false, Some(start), Some(from)) = (p.whole_cycle, p.started, p.judged_from) {
        let _ = writeln!(
            o,
            "  The programme started on {start}; `isms check` warns about clauses not audited \
             from {from}."
        );
    }
    let title = format!(
        "Corrective actions awaiting an effectiveness check: {}",
        p.awaiting.len()
    );
    let _ = writeln!(o, "\n{}", h(&title));
    for a in &p.awaiting {
        let state = match a.reason {
            Awaiting::Unverified => {
                let s = format!(
                    "actions done {} ({} days ago), not verified",
                    a.since, a.days
                );
                if a.overdue { alert(&s) } else { s }
            }
            Awaiting::Ineffective => {
                let by = a.verified.as_ref().map_or("", |v| v.by.id.as_str());
                alert(&format!("found NOT EFFECTIVE by {by} on {}", a.since))
            }
        };
        let _ = writeln!(o, "  {}  {}  {}  {state}", a.finding, a.kind, a.audit);
    }
}

/// Awareness campaigns below target and competences expiring.
fn people(
    o: &mut String,
    st: &StatusView,
    h: &dyn Fn(&str) -> String,
    alert: &dyn Fn(&str) -> String,
) {
    let p = &st.people;
    if !p.below_target.is_empty() {
        let _ = writeln!(o, "\n{}", h("Awareness below target"));
        for c in &p.below_target {
            let late = alert(&format!("{} overdue", c.counts.overdue + c.counts.outdated));
            let _ = writeln!(
                o,
                "  {}  {} of {} complete ({}%, target {}%)  {late}  {}",
                c.id, c.counts.complete, c.counts.audience, c.percent, c.target, c.title
            );
        }
    }
    if !p.competence_expiring.is_empty() {
        let title = format!(
            "Competences of role holders expired or expiring within {} days",
            crate::model::COMPETENCE_WARNING_DAYS
        );
        let _ = writeln!(o, "\n{}", h(&title));
        for k in &p.competence_expiring {
            let when = if k.days < 0 {
                let ago = count(usize::try_from(-k.days).unwrap_or(0), "day");
                alert(&format!("expired {} ({ago} ago)", k.expires))
            } else {
                let days = count(usize::try_from(k.days).unwrap_or(0), "day");
                format!("expires {} (in {days})", k.expires)
            };
            let _ = writeln!(
                o,
                "  {} ({})  {}  {when}",
                k.person.name, k.person.id, k.name
            );
        }
    }
}
