//! The internal audit programme (9.2.2) and the follow-up of corrective
//! actions (10.2 d), computed from the model alone so that the checker
//! (`check/audits.rs`) and the view model (`render/view/programme.rs`)
//! judge them the same way without one layer reaching into another.
//!
//! **Coverage** is judged per *leaf* clause of the clause catalogue: the
//! sub-clauses that have no sub-clause of their own (4.1 ... 4.4, 6.1.1 ...
//! 6.1.3, 7.5.1 ... 7.5.3, 9.2.1, 9.2.2, 10.2, ...), rolled up per clause 4
//! to 10. An audit that lists a clause covers every leaf at or under it
//! ("9" covers 9.1 to 9.3.3, "9.2" covers 9.2.1 and 9.2.2, "9.2.2" only
//! itself), so listing the top-level clause is the way to say "all of it".
//! Only *completed internal* audits performed within the cycle count: 9.2
//! asks the organisation's own programme to cover the ISMS; a certification
//! body's audit does not discharge it. Annex A coverage counts the controls
//! the SoA holds applicable (every control when the SoA does not say).

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalogue::{Catalogue, Theme};
use crate::model::{Audit, Finding, Soa};

/// How long a nonconformity's corrective actions may stay done without an
/// effectiveness review before `isms check` warns (W008).
pub const EFFECTIVENESS_GRACE_DAYS: i64 = 90;

/// What the completed internal audits of one cycle covered.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// The cycle in months.
    pub cycle_months: u32,
    /// First day of the cycle (today minus the cycle).
    pub from: NaiveDate,
    /// Last day of the cycle (today).
    pub to: NaiveDate,
    /// The earliest completed internal audit ever performed: when the
    /// programme started.
    pub started: Option<NaiveDate>,
    /// The completed internal audits performed in the cycle, by date.
    pub audits: Vec<String>,
    /// Clauses 4 to 10 with their leaf sub-clauses.
    pub clauses: Vec<ClauseCoverage>,
    /// The four Annex A themes.
    pub themes: Vec<ThemeCoverage>,
}

/// One clause of 4 to 10 and which of its sub-clauses the cycle covered.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseCoverage {
    /// "4" ... "10".
    pub id: &'static str,
    /// "Context of the organization".
    pub title: &'static str,
    /// Leaf sub-clauses covered.
    pub covered: Vec<&'static str>,
    /// Leaf sub-clauses not covered, in catalogue order.
    pub uncovered: Vec<&'static str>,
}

/// One Annex A theme and which of its applicable controls the cycle covered.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeCoverage {
    /// The theme.
    pub theme: Theme,
    /// "A.5".
    pub clause: &'static str,
    /// "Organizational controls".
    pub title: &'static str,
    /// Applicable controls of the theme.
    pub applicable: usize,
    /// Of those, covered by an audit of the cycle.
    pub covered: usize,
    /// Applicable controls not covered, in catalogue order.
    pub uncovered: Vec<String>,
}

impl Coverage {
    /// Whether the programme has run for a whole cycle (its first completed
    /// internal audit is on or before the cycle's first day). Before that, a
    /// clause cannot have gone unaudited for a whole cycle.
    pub fn whole_cycle(&self) -> bool {
        self.started.is_some_and(|s| s <= self.from)
    }

    /// Clauses with a sub-clause the cycle did not cover.
    pub fn uncovered_clauses(&self) -> impl Iterator<Item = &ClauseCoverage> {
        self.clauses.iter().filter(|c| !c.uncovered.is_empty())
    }

    /// Themes of which the cycle covered no applicable control.
    pub fn uncovered_themes(&self) -> impl Iterator<Item = &ThemeCoverage> {
        self.themes
            .iter()
            .filter(|t| t.applicable > 0 && t.covered == 0)
    }
}

impl ClauseCoverage {
    /// Whether every leaf of the clause was covered.
    pub fn is_covered(&self) -> bool {
        self.uncovered.is_empty()
    }
}

/// Whether clause id `scope` (as an audit lists it) covers clause `leaf`.
fn covers(scope: &str, leaf: &str) -> bool {
    leaf == scope
        || leaf
            .strip_prefix(scope)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// The leaf clauses of the catalogue under top-level clause `top`.
fn leaves<'c>(cat: &'c Catalogue, top: &'c str) -> impl Iterator<Item = &'static str> + 'c {
    let ids: Vec<&'static str> = cat.clauses.iter().map(|c| c.id).collect();
    cat.clauses
        .iter()
        .map(|c| c.id)
        .filter(move |id| covers(top, id) && *id != top)
        .filter(move |id| !ids.iter().any(|o| o != id && covers(id, o)))
}

/// What the completed internal audits performed from `today` minus
/// `cycle_months` to `today` (inclusive) covered. `soa` decides which
/// controls are applicable.
pub fn coverage<'a>(
    audits: impl IntoIterator<Item = &'a Audit>,
    soa: Option<&Soa>,
    cycle_months: u32,
    today: NaiveDate,
) -> Coverage {
    let cat = Catalogue::get();
    let from = today - chrono::Months::new(cycle_months);
    let mut done: Vec<(NaiveDate, &Audit)> = audits
        .into_iter()
        .filter_map(|a| a.internal_done_by(today).map(|p| (p, a)))
        .collect();
    done.sort_by(|x, y| (x.0, &x.1.id).cmp(&(y.0, &y.1.id)));
    let started = done.first().map(|d| d.0);
    let cycle: Vec<&Audit> = done.iter().filter(|d| d.0 >= from).map(|d| d.1).collect();
    let clause_in_scope = |leaf: &str| {
        cycle
            .iter()
            .any(|a| a.clauses.iter().any(|s| covers(s, leaf)))
    };
    let clauses = cat
        .clauses
        .iter()
        .filter(|c| !c.id.contains('.'))
        .map(|top| {
            let (covered, uncovered) = leaves(cat, top.id).partition(|l| clause_in_scope(l));
            ClauseCoverage {
                id: top.id,
                title: top.title,
                covered,
                uncovered,
            }
        })
        .collect();
    let applicable = |id: &str| {
        soa.and_then(|s| s.control.iter().find(|c| c.id == id))
            .is_none_or(|c| c.applicable)
    };
    let control_in_scope = |id: &str| cycle.iter().any(|a| a.controls.iter().any(|c| c == id));
    let themes = Theme::ALL
        .iter()
        .map(|&theme| {
            let mut t = ThemeCoverage {
                theme,
                clause: theme.clause(),
                title: theme.title(),
                applicable: 0,
                covered: 0,
                uncovered: Vec::new(),
            };
            let controls = cat.controls.iter().filter(|c| c.theme == theme);
            for c in controls.filter(|c| applicable(&c.id)) {
                t.applicable += 1;
                if control_in_scope(&c.id) {
                    t.covered += 1;
                } else {
                    t.uncovered.push(c.id.clone());
                }
            }
            t
        })
        .collect();
    Coverage {
        cycle_months,
        from,
        to: today,
        started,
        audits: cycle.iter().map(|a| a.id.clone()).collect(),
        clauses,
        themes,
    }
}

/// Why a nonconformity's corrective action awaits an effectiveness check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::Display)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Awaiting {
    /// The actions are done and nobody has reviewed their effectiveness
    /// since (or the last review predates an action done after it).
    Unverified,
    /// The last review found the actions not effective, and no action has
    /// been finished since.
    Ineffective,
}

/// Whether a finding's corrective action awaits an effectiveness check
/// (10.2 d), and since when: the latest `done` date when unverified, the
/// review date when found ineffective. Only nonconformities are followed up.
pub fn awaiting_check(f: &Finding) -> Option<(Awaiting, NaiveDate)> {
    if !f.kind.is_nonconformity() {
        return None;
    }
    let last_done = f.action.iter().filter_map(|a| a.done).max();
    if let Some(v) = &f.verified
        && !v.effective
        && last_done.is_none_or(|d| d <= v.on)
    {
        return Some((Awaiting::Ineffective, v.on));
    }
    let done = f.actions_done_on()?;
    match &f.verified {
        Some(v) if v.on >= done => None,
        _ => Some((Awaiting::Unverified, done)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, ActionStatus, AuditKind, AuditStatus, FindingKind, Verification};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn audit(id: &str, kind: AuditKind, performed: &str, clauses: &[&str]) -> Audit {
        Audit {
            id: id.into(),
            title: String::new(),
            kind,
            status: AuditStatus::Completed,
            planned: date(performed),
            performed: Some(date(performed)),
            lead: "a".into(),
            auditees: Vec::new(),
            clauses: clauses.iter().map(ToString::to_string).collect(),
            controls: vec!["A.5.1".into(), "A.8.2".into()],
            finding: Vec::new(),
        }
    }

    fn uncovered(c: &Coverage, id: &str) -> Vec<&'static str> {
        c.clauses
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .uncovered
            .clone()
    }

    #[test]
    fn leaves_are_the_sub_clauses_without_children() {
        let cat = Catalogue::get();
        assert_eq!(
            leaves(cat, "9").collect::<Vec<_>>(),
            ["9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3"]
        );
        assert_eq!(leaves(cat, "10").collect::<Vec<_>>(), ["10.1", "10.2"]);
        assert_eq!(leaves(cat, "1").count(), 0);
        assert!(!covers("1", "10.1"));
        assert!(covers("10", "10.1"));
    }

    #[test]
    fn a_clause_covers_its_sub_clauses_and_rolls_up() {
        let today = date("2026-11-20");
        let a = audit(
            "IA-1",
            AuditKind::Internal,
            "2026-03-01",
            &["9.2", "9.3.1", "4"],
        );
        let c = coverage([&a], None, 12, today);
        assert_eq!(uncovered(&c, "9"), ["9.1", "9.3.2", "9.3.3"]);
        assert!(c.clauses.iter().find(|c| c.id == "4").unwrap().is_covered());
        assert_eq!(uncovered(&c, "10"), ["10.1", "10.2"]);
        assert_eq!(c.audits, ["IA-1"]);
        assert!(
            !c.whole_cycle(),
            "started 2026-03-01, after the cycle began"
        );
    }

    #[test]
    fn only_completed_internal_audits_in_the_cycle_count() {
        let today = date("2026-11-20");
        let cert = audit("CA-1", AuditKind::Certification, "2026-06-01", &["4", "5"]);
        let old = audit("IA-0", AuditKind::Internal, "2025-11-19", &["5"]);
        let mut planned = audit("IA-2", AuditKind::Internal, "2026-10-01", &["4"]);
        planned.status = AuditStatus::Planned;
        let future = audit("IA-3", AuditKind::Internal, "2026-12-01", &["4"]);
        let edge = audit("IA-1", AuditKind::Internal, "2025-11-20", &["10"]);
        let c = coverage([&cert, &old, &planned, &future, &edge], None, 12, today);
        assert_eq!(c.audits, ["IA-1"]);
        assert_eq!(c.started, Some(date("2025-11-19")));
        assert!(c.whole_cycle());
        let open: Vec<&str> = c.uncovered_clauses().map(|c| c.id).collect();
        assert_eq!(open, ["4", "5", "6", "7", "8", "9"]);
        // A longer cycle reaches the older audit.
        let c = coverage([&old, &edge], None, 24, today);
        assert!(c.clauses.iter().find(|c| c.id == "5").unwrap().is_covered());
        assert!(!c.whole_cycle());
    }

    #[test]
    fn themes_count_applicable_controls() {
        let today = date("2026-11-20");
        let a = audit("IA-1", AuditKind::Internal, "2026-03-01", &[]);
        let c = coverage([&a], None, 12, today);
        let t: Vec<(usize, usize, usize)> = c
            .themes
            .iter()
            .map(|t| (t.applicable, t.covered, t.uncovered.len()))
            .collect();
        assert_eq!(t, [(37, 1, 36), (8, 0, 8), (14, 0, 14), (34, 1, 33)]);
        let none: Vec<&str> = c.uncovered_themes().map(|t| t.clause).collect();
        assert_eq!(none, ["A.6", "A.7"]);
        assert!(!c.themes[0].uncovered.contains(&"A.5.1".to_string()));
    }

    fn finding(kind: FindingKind, done: &[Option<&str>]) -> Finding {
        Finding {
            id: "F1".into(),
            kind,
            refs: Vec::new(),
            summary: String::new(),
            root_cause: String::new(),
            action: done
                .iter()
                .enumerate()
                .map(|(i, d)| Action {
                    id: format!("ACT-{i}"),
                    summary: String::new(),
                    owner: "bob".into(),
                    due: date("2026-01-01"),
                    status: if d.is_some() {
                        ActionStatus::Done
                    } else {
                        ActionStatus::Open
                    },
                    done: d.map(date),
                })
                .collect(),
            verified: None,
        }
    }

    fn verified(on: &str, effective: bool) -> Option<Verification> {
        Some(Verification {
            on: date(on),
            by: "carol".into(),
            effective,
            note: String::new(),
        })
    }

    #[test]
    fn effectiveness_is_awaited_once_actions_are_done() {
        let d = date("2026-04-20");
        let f = finding(
            FindingKind::Minor,
            &[Some("2026-03-01"), Some("2026-04-20")],
        );
        assert_eq!(awaiting_check(&f), Some((Awaiting::Unverified, d)));
        let open = finding(FindingKind::Major, &[Some("2026-03-01"), None]);
        assert_eq!(awaiting_check(&open), None);
        let obs = finding(FindingKind::Observation, &[Some("2026-03-01")]);
        assert_eq!(awaiting_check(&obs), None);
        let mut ok = f.clone();
        ok.verified = verified("2026-06-01", true);
        assert_eq!(awaiting_check(&ok), None);
        let mut bad = f.clone();
        bad.verified = verified("2026-06-01", false);
        assert_eq!(
            awaiting_check(&bad),
            Some((Awaiting::Ineffective, date("2026-06-01")))
        );
        // A further action after an ineffective review: open, then done.
        let mut again = finding(FindingKind::Minor, &[Some("2026-04-20"), None]);
        again.verified = verified("2026-06-01", false);
        assert_eq!(
            awaiting_check(&again),
            Some((Awaiting::Ineffective, date("2026-06-01")))
        );
        again.action[1].status = ActionStatus::Done;
        again.action[1].done = Some(date("2026-08-01"));
        assert_eq!(
            awaiting_check(&again),
            Some((Awaiting::Unverified, date("2026-08-01")))
        );
    }
}
