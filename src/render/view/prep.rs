//! The draft of the next management review (`isms review prep`): the seven
//! inputs of ISO 27001 9.3.2 filled with what the records and their git
//! history say happened since the last review, with prompts where a person
//! must judge. Facts only: nothing here decides anything.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use super::View;

mod objectives;
mod registers;
use crate::diff::Changes;
use crate::git::History;
use crate::load::Tree;
use crate::model::{self, ActionStatus, FindingKind, Review};

/// The draft.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewDraft {
    /// The start of the period under review (the last held review's date,
    /// or `--since`).
    pub since: NaiveDate,
    /// The end of the period: today.
    pub today: NaiveDate,
    /// What the risk changes were compared against, e.g. "MR-2026-Q3's day
    /// (abc1234)"; None outside git.
    pub baseline: Option<String>,
    /// The last held review, whose inputs and actions carry over.
    pub previous: Option<String>,
    /// The seven inputs, in the order of 9.3.2.
    pub inputs: Vec<DraftInput>,
}

/// One input of 9.3.2, drafted.
#[derive(Debug, Clone, Serialize)]
pub struct DraftInput {
    /// The review record's key (`previous_actions`).
    pub key: &'static str,
    /// The letter in 9.3.2 ("a").
    pub letter: &'static str,
    /// What the standard asks for.
    pub title: &'static str,
    /// The draft text (Markdown): facts, then a prompt for the meeting.
    pub text: String,
}

/// What the draft is built from.
pub struct DraftSources<'a> {
    /// The tree now.
    pub tree: &'a Tree,
    /// Its view.
    pub view: &'a View,
    /// Git history of every record (empty outside git).
    pub history: &'a History,
    /// What changed since the baseline (None outside git).
    pub changes: Option<&'a Changes>,
    /// The start of the period.
    pub since: NaiveDate,
    /// Every metric's value on `since`, by id (see
    /// [`crate::metrics::values_on`]).
    pub metrics_then: &'a std::collections::BTreeMap<String, Option<f64>>,
}

/// The last held review on or before `today`.
pub fn last_held(tree: &Tree, today: NaiveDate) -> Option<&Review> {
    Review::last_held(tree.reviews.iter().map(|r| &r.data), today)
}

/// Draft the next review.
pub fn build(s: &DraftSources<'_>) -> ReviewDraft {
    let today = s.view.today;
    let previous = last_held(s.tree, today);
    let texts = [
        previous_actions(s),
        issues(s, previous),
        needs(s, previous),
        performance(s),
        feedback(s, previous),
        risk(s),
        improvement(s),
    ];
    let inputs = model::REVIEW_INPUTS
        .iter()
        .zip(texts)
        .map(|((key, letter, title), text)| DraftInput {
            key,
            letter,
            title,
            text,
        })
        .collect();
    ReviewDraft {
        since: s.since,
        today,
        baseline: s.changes.map(|c| c.from.label.clone()),
        previous: previous.map(|r| r.id.clone()),
        inputs,
    }
}

/// a) Every action earlier reviews decided, with its status now.
fn previous_actions(s: &DraftSources<'_>) -> String {
    let mut o = String::new();
    let actions: Vec<_> = s
        .view
        .actions
        .iter()
        .filter(|a| a.source_kind == "review")
        .collect();
    if actions.is_empty() {
        return "No earlier review recorded any action.\n".into();
    }
    for a in actions {
        let state = match (a.status, a.done) {
            (ActionStatus::Done, Some(d)) => format!("done on {d}"),
            (ActionStatus::Open, _) if a.overdue => format!("OVERDUE since {}", a.due),
            (ActionStatus::Open, _) => format!("open, due {}", a.due),
            (status, _) => status.to_string(),
        };
        let _ = writeln!(
            o,
            "- {} ({}, {}): {state}. {}",
            a.id, a.source_id, a.owner.id, a.summary
        );
    }
    o
}

/// What the previous review recorded under an input, quoted, then a prompt.
fn carried(
    previous: Option<&Review>,
    get: fn(&model::ReviewInputs) -> &String,
    ask: &str,
) -> String {
    let mut o = String::new();
    if let Some(p) = previous {
        let said = get(&p.inputs).trim();
        if said.is_empty() {
            let _ = writeln!(o, "{} recorded nothing here.", p.id);
        } else {
            let _ = writeln!(o, "{} recorded:\n", p.id);
            for line in said.lines() {
                let _ = writeln!(o, "> {line}");
            }
        }
        o.push('\n');
    }
    let _ = writeln!(o, "To discuss: {ask}");
    o
}

/// Commit subjects since the period began of changes to files under
/// `prefix` ("isms.toml", "risks/"), newest first, without repeats.
fn commits_touching(s: &DraftSources<'_>, prefix: &str) -> Vec<String> {
    let since = s.since.to_string();
    let mut seen = BTreeSet::new();
    let mut out: Vec<(String, String)> = Vec::new();
    for (path, h) in &s.history.docs {
        if !path.starts_with(prefix) {
            continue;
        }
        for r in h.revisions.iter().filter(|r| r.date > since) {
            if seen.insert(r.commit.clone()) {
                out.push((
                    r.date.clone(),
                    format!("{} {} ({})", r.date, r.subject, r.short),
                ));
            }
        }
    }
    out.sort_by(|a, b| b.cmp(a));
    out.into_iter().map(|(_, l)| l).collect()
}

/// b) Changes in external and internal issues.
fn issues(s: &DraftSources<'_>, previous: Option<&Review>) -> String {
    let mut o = carried(
        previous,
        |i| &i.external_internal_issues,
        "Which external and internal issues (4.1) have changed: the business, its \
         suppliers, the threat landscape, the law?",
    );
    let commits = commits_touching(s, "isms.toml");
    if !commits.is_empty() {
        let _ = writeln!(
            o,
            "\nChanges to the organisation, scope or people since {}:",
            s.since
        );
        for c in commits {
            let _ = writeln!(o, "- {c}");
        }
    }
    registers::context_issues(s, &mut o);
    registers::suppliers(s, &mut o);
    o
}

/// c) Changes in the needs and expectations of interested parties.
fn needs(s: &DraftSources<'_>, previous: Option<&Review>) -> String {
    let mut o = carried(
        previous,
        |i| &i.interested_party_needs,
        "Have the needs and expectations of customers, regulators or other interested \
         parties changed (new contracts, laws, certifications asked for)?",
    );
    registers::parties(s, &mut o);
    registers::obligations(s, &mut o);
    o
}

/// e) Feedback from interested parties.
fn feedback(s: &DraftSources<'_>, previous: Option<&Review>) -> String {
    let mut o = carried(
        previous,
        |i| &i.interested_party_feedback,
        "What have customers, auditors and other interested parties said (questionnaires, \
         complaints, audit reports)?",
    );
    let breaches: Vec<_> = s
        .tree
        .incidents
        .iter()
        .map(|r| &r.data)
        .filter(|i| i.detected.date() > s.since)
        .filter(|i| i.personal_data_breach || i.users_affected > 0)
        .collect();
    if !breaches.is_empty() {
        let _ = writeln!(
            o,
            "\nIncidents since {} that reached people outside:",
            s.since
        );
        for i in breaches {
            let pdb = if i.personal_data_breach {
                ", personal data breach"
            } else {
                ""
            };
            let _ = writeln!(
                o,
                "- {} {} ({} users affected{pdb}): {}",
                i.id, i.severity, i.users_affected, i.title
            );
        }
    }
    o
}

/// Counts over one period, for the trend line.
#[derive(Default)]
struct Period {
    incidents: usize,
    nonconformities: usize,
    actions_done: usize,
}

fn period(tree: &Tree, from: NaiveDate, to: NaiveDate) -> Period {
    let within = |d: NaiveDate| d > from && d <= to;
    let mut p = Period {
        incidents: tree
            .incidents
            .iter()
            .filter(|i| within(i.data.detected.date()))
            .count(),
        ..Period::default()
    };
    for a in &tree.audits {
        if a.data.performed.is_some_and(within) {
            p.nonconformities += a
                .data
                .finding
                .iter()
                .filter(|f| f.kind.is_nonconformity())
                .count();
        }
    }
    for r in crate::load::kinds::records(tree) {
        for list in &r.actions {
            p.actions_done += list
                .actions
                .iter()
                .filter(|a| a.done.is_some_and(within))
                .count();
        }
    }
    p
}

/// d) Feedback on information security performance.
fn performance(s: &DraftSources<'_>) -> String {
    let mut o = String::new();
    let today = s.view.today;
    let audits: Vec<_> = s
        .view
        .audits
        .iter()
        .filter(|a| a.performed.is_some_and(|p| p > s.since && p <= today))
        .collect();
    let _ = writeln!(o, "Audits since {}:", s.since);
    if audits.is_empty() {
        let _ = writeln!(o, "- none performed");
    }
    for a in audits {
        let [major, minor, obs, imp] = a.finding_counts;
        let ca: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.kind.is_nonconformity())
            .flat_map(|f| &f.actions)
            .collect();
        let done = ca.iter().filter(|x| x.status == ActionStatus::Done).count();
        let _ = writeln!(
            o,
            "- {} {} ({}): {major} major, {minor} minor, {obs} observations, {imp} \
             improvements; corrective actions {done} of {} done",
            a.id,
            a.title,
            a.kind,
            ca.len()
        );
    }
    let incidents: Vec<_> = s
        .tree
        .incidents
        .iter()
        .map(|r| &r.data)
        .filter(|i| i.detected.date() > s.since)
        .collect();
    let _ = writeln!(o, "\nIncidents since {}: {}", s.since, incidents.len());
    for sev in [
        model::Severity::P1,
        model::Severity::P2,
        model::Severity::P3,
        model::Severity::P4,
    ] {
        let ids: Vec<&str> = incidents
            .iter()
            .filter(|i| i.severity == sev)
            .map(|i| i.id.as_str())
            .collect();
        if !ids.is_empty() {
            let _ = writeln!(o, "- {sev}: {}", ids.join(", "));
        }
    }
    let days = (today - s.since).num_days().max(1);
    let before = s.since - chrono::Days::new(days.unsigned_abs());
    let now = period(s.tree, s.since, today);
    let then = period(s.tree, before, s.since);
    let _ = writeln!(
        o,
        "\nThis period ({} to {today}) against the one before ({before} to {}):",
        s.since, s.since
    );
    let _ = writeln!(
        o,
        "- incidents: {} (before: {})",
        now.incidents, then.incidents
    );
    let _ = writeln!(
        o,
        "- nonconformities raised: {} (before: {})",
        now.nonconformities, then.nonconformities
    );
    let _ = writeln!(
        o,
        "- actions completed: {} (before: {})",
        now.actions_done, then.actions_done
    );
    let _ = writeln!(
        o,
        "- actions open now: {}, overdue: {}",
        s.view.stats.open_actions,
        s.view.stats.overdue_actions.len()
    );
    objectives::lines(&mut o, s.view.measurement.as_ref(), s.since, s.metrics_then);
    awareness(&mut o, s.tree, s.since, today);
    let _ = writeln!(
        o,
        "\nTo discuss: are the security objectives (6.2) being met, and do the \
         monitoring results (9.1) say the controls work?"
    );
    o
}

/// d)'s awareness lines: completion now against the period's start, over
/// all campaigns and each (nothing without a roster or campaigns).
fn awareness(o: &mut String, tree: &Tree, since: NaiveDate, today: NaiveDate) {
    let pct = |p: Option<f64>| p.map_or("none due".to_string(), |p| format!("{p:.0}%"));
    let (now, then) = (
        crate::awareness::awareness_completion(tree, today),
        crate::awareness::awareness_completion(tree, since),
    );
    if now.is_none() && then.is_none() {
        return;
    }
    let _ = writeln!(
        o,
        "- awareness completion: {} (at {since}: {})",
        pct(now),
        pct(then)
    );
    let before = crate::awareness::campaigns(tree, since);
    for c in crate::awareness::campaigns(tree, today) {
        let of_due = |k: &crate::awareness::Counts| {
            k.percent_of_due()
                .map_or("none due".to_string(), |p| format!("{p}%"))
        };
        let was = before
            .iter()
            .find(|b| b.id == c.id)
            .map_or("none due".to_string(), |b| of_due(&b.counts));
        let _ = writeln!(
            o,
            "  - {} {}: {} of the {} due complete, {} (at {since}: {was})",
            c.id,
            c.title,
            c.counts.complete,
            c.counts.due(),
            of_due(&c.counts)
        );
    }
}

/// f) Results of risk assessment and status of the risk treatment plan.
fn risk(s: &DraftSources<'_>) -> String {
    let mut o = String::new();
    match s.changes {
        Some(c) => {
            let _ = writeln!(o, "Changes since {}:", c.from.label);
            let sections: Vec<_> = c
                .sections()
                .into_iter()
                .filter(|x| x.title == "Risks" || x.title == "Statement of Applicability")
                .collect();
            if sections.is_empty() {
                let _ = writeln!(o, "- no risk or SoA changes");
            }
            for sec in sections {
                let _ = writeln!(o, "- {}:", sec.title);
                for l in sec.lines {
                    let _ = writeln!(o, "  - {} {}", l.id, l.text);
                }
            }
        }
        None => {
            let added: Vec<&str> = s
                .tree
                .risks
                .iter()
                .filter(|r| r.data.identified > s.since)
                .map(|r| r.data.id.as_str())
                .collect();
            let _ = writeln!(
                o,
                "Risks identified since {}: {}",
                s.since,
                if added.is_empty() {
                    "none".to_string()
                } else {
                    added.join(", ")
                }
            );
        }
    }
    let stats = &s.view.stats;
    let _ = writeln!(o, "\nAbove appetite now: {}", stats.above_appetite.len());
    for r in s.view.risks.iter().filter(|r| r.above_appetite) {
        let acceptance = match &r.acceptance {
            Some(a) if a.expired => format!("acceptance EXPIRED on {}", a.expires),
            Some(a) => format!("accepted by {} until {}", a.by.id, a.expires),
            None => "NOT ACCEPTED".into(),
        };
        let _ = writeln!(
            o,
            "- {} residual {} {}: {acceptance}",
            r.id, r.residual.score, r.residual.level.name
        );
    }
    let _ = writeln!(
        o,
        "\nOverdue for review now: {}",
        stats.overdue_reviews.len()
    );
    for r in &stats.overdue_reviews {
        let _ = writeln!(o, "- {} {}", r.id, r.title);
    }
    registers::assets(s, &mut o);
    let _ = writeln!(
        o,
        "\nTo discuss: is the risk treatment plan on track, and are the residual risks still \
         acceptable to their owners?"
    );
    o
}

/// g) Opportunities for continual improvement.
fn improvement(s: &DraftSources<'_>) -> String {
    let mut o = String::new();
    let open: Vec<_> = s
        .view
        .audits
        .iter()
        .flat_map(|a| &a.findings)
        .filter(|f| matches!(f.kind, FindingKind::Improvement | FindingKind::Observation))
        .flat_map(|f| f.actions.iter().map(move |a| (f, a)))
        .filter(|(_, a)| a.is_open())
        .collect();
    let _ = writeln!(o, "Open improvement actions: {}", open.len());
    for (f, a) in open {
        let _ = writeln!(
            o,
            "- {} ({} {}, {}, due {}): {}",
            a.id, a.source_id, f.id, a.owner.id, a.due, a.summary
        );
    }
    let _ = writeln!(
        o,
        "\nTo discuss: what should the ISMS do better next period?"
    );
    o
}
