//! Campaign judged as of a day (7.3, A.6.3, 5.2), computed once from the
//! tree so that the checker (`check/awareness.rs`), the views and the
//! commands (`isms awareness`, `status`, `review prep`) count alike.
//!
//! **Audience**: the roster's members on staff on the day (leavers, whose
//! `end` has passed, drop out; joiners who have not started are not yet
//! in) whose department the campaign names (or all). An onboarding
//! campaign's audience is those who started on or after its `due`.
//!
//! **Due**: the campaign's due date; for recurring campaigns the latest
//! due date of its cadence on or before the day (the first one while none
//! has passed); a joiner's own due date is never earlier than their start
//! plus `[staff] onboarding_days`, and for an onboarding campaign it is
//! exactly that.
//!
//! **Complete**: a completion dated on or before the day, and for recurring
//! campaigns within the cycle (after the due date one cadence earlier); for
//! an acknowledgement, dated on or after the approval of each document's
//! text in force ([`Tree::text_in_force`]): an earlier one acknowledged an
//! older text and is **outdated** once the changed text's own deadline
//! (its approval plus `[staff] onboarding_days`, and never before their
//! due date) has passed, pending before. Not complete and past their own
//! due date: **overdue**; else **pending**.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::load::{Completion, Record, Tree};
use crate::model::{Campaign, CampaignKind, Roster, StaffMember};

/// Where one member of the audience stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Completed (in the cycle, of the text in force).
    Complete,
    /// Only acknowledged a text of a document that has changed since.
    Outdated,
    /// Not complete, and past their due date.
    Overdue,
    /// Not complete, not yet due.
    Pending,
}

/// One member of a campaign's audience.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// Their index in the roster's members.
    #[serde(skip)]
    pub index: usize,
    /// Their staff id.
    pub id: String,
    /// Their department.
    pub department: String,
    /// Their own due date.
    pub due: NaiveDate,
    /// Their latest completion that counts (or, outdated, the latest).
    pub completed: Option<NaiveDate>,
    /// Where they stand.
    pub standing: Standing,
}

/// The counts of an audience (a campaign's, or one department's of it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Members of the audience.
    pub audience: usize,
    /// Complete.
    pub complete: usize,
    /// Outdated acknowledgements.
    pub outdated: usize,
    /// Overdue (outdated not included).
    pub overdue: usize,
    /// Not yet due.
    pub pending: usize,
}

impl Counts {
    fn add(&mut self, s: Standing) {
        self.audience += 1;
        match s {
            Standing::Complete => self.complete += 1,
            Standing::Outdated => self.outdated += 1,
            Standing::Overdue => self.overdue += 1,
            Standing::Pending => self.pending += 1,
        }
    }

    /// How many are due: complete, outdated or overdue (not pending).
    pub fn due(&self) -> usize {
        self.audience - self.pending
    }

    /// Completion of those due, in whole percent rounded down; None when
    /// nobody is due yet.
    pub fn percent_of_due(&self) -> Option<u32> {
        let due = self.due();
        (due > 0).then(|| u32::try_from(self.complete * 100 / due).unwrap_or(100))
    }

    /// Completion in whole percent (100 for an empty audience), rounded down
    /// so 99.6% is not shown as done.
    pub fn percent(&self) -> u32 {
        if self.audience == 0 {
            return 100;
        }
        u32::try_from(self.complete * 100 / self.audience).unwrap_or(100)
    }
}

/// A document an acknowledgement names whose text changed: who
/// acknowledged only the earlier text.
#[derive(Debug, Clone, Serialize)]
pub struct Outdated {
    /// The document's id.
    pub document: String,
    /// When its text in force was approved.
    pub since: NaiveDate,
    /// How many of the audience acknowledged only an earlier text.
    pub count: usize,
}

/// One campaign judged as of a day.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignStatus {
    /// The campaign's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// training | acknowledgement | exercise.
    pub kind: CampaignKind,
    /// The due date in force on the day (see the module's notes).
    pub due: NaiveDate,
    /// Whether that due date has passed (never, for an onboarding
    /// campaign: each joiner has their own).
    pub past_due: bool,
    /// Taken by each joiner within their onboarding days.
    pub onboarding: bool,
    /// Its target, in percent.
    pub target: u32,
    /// The whole audience's counts.
    pub counts: Counts,
    /// Each department's counts, by department name.
    pub departments: BTreeMap<String, Counts>,
    /// Per document changed since some acknowledged it.
    pub outdated: Vec<Outdated>,
    /// Every member of the audience, in roster order.
    pub members: Vec<Member>,
    /// Whether every completion export it records read whole; when one
    /// did not (gone, not UTF-8, a bad row: each an error of its own) the
    /// counts may miss completions, so nothing judges it short.
    pub counted: bool,
}

/// Every campaign of the tree judged as of `today`, in file order; none
/// without a roster.
pub fn campaigns(tree: &Tree, today: NaiveDate) -> Vec<CampaignStatus> {
    let Some(roster) = &tree.staff else {
        return Vec::new();
    };
    let days = onboarding_days(tree);
    tree.awareness
        .iter()
        .map(|r| judge(tree, roster, r, days, today))
        .collect()
}

/// The awareness completion of the whole tree as of `today`, in percent:
/// the share of every campaign's audience (those already due only) that has
/// completed, for metrics and objectives. None without a roster or with
/// nobody due yet.
pub fn awareness_completion(tree: &Tree, today: NaiveDate) -> Option<f64> {
    let (mut due, mut done) = (0usize, 0usize);
    for c in campaigns(tree, today) {
        due += c.counts.due();
        done += c.counts.complete;
    }
    (due > 0).then(|| done as f64 * 100.0 / due as f64)
}

/// `[staff] onboarding_days` (30 when isms.toml has no `[staff]`).
fn onboarding_days(tree: &Tree) -> u32 {
    tree.config
        .as_ref()
        .and_then(|c| c.data.staff.as_ref())
        .map_or(30, |s| s.onboarding_days)
}

/// The due date in force on `today`, and the first day a completion counts
/// for it (None: any date).
fn cycle(a: &Campaign, today: NaiveDate) -> (NaiveDate, Option<NaiveDate>) {
    let Some(cadence) = a.cadence() else {
        return (a.due, None);
    };
    let mut due = a.due;
    loop {
        let next = cadence.after(due);
        if next > today || next <= due {
            break;
        }
        due = next;
    }
    // The cycle ending at `due` began one cadence earlier.
    let began = back(cadence, due);
    (due, Some(began))
}

/// The due date one cadence before `due` (the day after it is when the cycle
/// began).
fn back(cadence: crate::model::Cadence, due: NaiveDate) -> NaiveDate {
    use crate::model::Cadence;
    match cadence {
        Cadence::Days(n) => due.checked_sub_days(chrono::Days::new(u64::from(n))),
        Cadence::Months(n) => due.checked_sub_months(chrono::Months::new(n)),
    }
    .unwrap_or(NaiveDate::MIN)
}

/// One campaign judged as of `today`.
fn judge(
    tree: &Tree,
    roster: &Roster,
    r: &Record<Campaign>,
    onboarding_days: u32,
    today: NaiveDate,
) -> CampaignStatus {
    let a = &r.data;
    let (due, began) = cycle(a, today);
    // Each member's completions that happened by `today`.
    let mut done: HashMap<usize, Vec<NaiveDate>> = HashMap::new();
    let mut counted = true;
    for f in &a.completion_file {
        let Some(file) = tree.completion_files.get(&f.path) else {
            counted = false;
            continue;
        };
        counted &= file.whole;
        for c in file.rows.iter().filter(|c| c.date <= today) {
            if let Some(i) = roster.position(&c.who) {
                done.entry(i).or_default().push(c.date);
            }
        }
    }
    // The approval of each named document's text in force.
    let since: Vec<(&str, NaiveDate)> = if a.kind == CampaignKind::Acknowledgement {
        a.documents
            .iter()
            .filter_map(|d| Some((d.as_str(), *tree.text_in_force.get(d)?)))
            // Judged as of an earlier day, a later text was not yet in force.
            .filter(|(_, since)| *since <= today)
            .collect()
    } else {
        Vec::new()
    };
    let in_force = since.iter().map(|(_, d)| *d).max();
    let mut out = CampaignStatus {
        id: a.id.clone(),
        title: a.title.clone(),
        kind: a.kind,
        due,
        past_due: due < today && !a.onboarding,
        onboarding: a.onboarding,
        target: a.target,
        counts: Counts::default(),
        departments: BTreeMap::new(),
        outdated: since
            .iter()
            .map(|(d, s)| Outdated {
                document: (*d).to_string(),
                since: *s,
                count: 0,
            })
            .collect(),
        members: Vec::new(),
        counted,
    };
    for (i, m) in roster.members.iter().enumerate() {
        if !m.on_staff(today) || !a.for_department(&m.department) {
            continue;
        }
        let Some(own_due) = member_due(a, m, due, onboarding_days) else {
            continue;
        };
        let dates = done.get(&i).map_or(&[][..], Vec::as_slice);
        let in_cycle = |d: &&NaiveDate| began.is_none_or(|b| **d > b);
        let latest = dates.iter().filter(in_cycle).max().copied();
        let counting = dates
            .iter()
            .filter(in_cycle)
            .filter(|d| in_force.is_none_or(|s| **d >= s))
            .max()
            .copied();
        // A changed text is acknowledged again within the onboarding days
        // of its approval.
        let again = in_force.map_or(own_due, |s| own_due.max(settle(s, onboarding_days)));
        let standing = if counting.is_some() {
            Standing::Complete
        } else if latest.is_some() && again >= today {
            Standing::Pending
        } else if latest.is_some() {
            for o in &mut out.outdated {
                if latest.is_some_and(|l| l < o.since) {
                    o.count += 1;
                }
            }
            Standing::Outdated
        } else if own_due < today {
            Standing::Overdue
        } else {
            Standing::Pending
        };
        out.counts.add(standing);
        out.departments
            .entry(m.department.clone())
            .or_default()
            .add(standing);
        out.members.push(Member {
            index: i,
            id: m.id.clone(),
            department: m.department.clone(),
            due: own_due,
            completed: counting.or(latest),
            standing,
        });
    }
    out.outdated.retain(|o| o.count > 0);
    out
}

/// A member's own due date for campaign `a` whose due date in force is
/// `due`; None when the campaign is not theirs (an onboarding campaign of
/// someone who started before it applied).
fn member_due(
    a: &Campaign,
    m: &StaffMember,
    due: NaiveDate,
    onboarding_days: u32,
) -> Option<NaiveDate> {
    if a.onboarding {
        let start = m.start.filter(|s| *s >= a.due)?;
        return Some(settle(start, onboarding_days));
    }
    Some(m.start.map_or(due, |s| due.max(settle(s, onboarding_days))))
}

/// `days` after `from`: a joiner's onboarding deadline, a changed text's
/// deadline for acknowledging it again.
fn settle(from: NaiveDate, days: u32) -> NaiveDate {
    from.checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// The completion rows of `tree` that name nobody on the roster: the
/// campaign, the file's path and the row.
pub fn unknown_rows(tree: &Tree) -> Vec<(&Record<Campaign>, usize, &Completion)> {
    let Some(roster) = &tree.staff else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in &tree.awareness {
        for (k, f) in r.data.completion_file.iter().enumerate() {
            let Some(file) = tree.completion_files.get(&f.path) else {
                continue;
            };
            out.extend(
                file.rows
                    .iter()
                    .filter(|c| roster.position(&c.who).is_none() && !roster.is_unread(&c.who))
                    .map(|c| (r, k, c)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OneOrMany;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn campaign(due: &str, every: Option<&str>) -> Campaign {
        Campaign {
            id: "AWR-2026-01".into(),
            title: "t".into(),
            kind: CampaignKind::Training,
            audience: OneOrMany::One("all".into()),
            documents: Vec::new(),
            due: d(due),
            every: every.map(str::to_string),
            onboarding: false,
            target: 100,
            owner: "x".into(),
            completion_file: Vec::new(),
        }
    }

    #[test]
    fn a_recurring_campaign_counts_completions_in_its_cycle() {
        let a = campaign("2026-03-31", Some("yearly"));
        assert_eq!(
            cycle(&a, d("2026-01-01")),
            (d("2026-03-31"), Some(d("2025-03-31")))
        );
        assert_eq!(
            cycle(&a, d("2027-02-01")),
            (d("2026-03-31"), Some(d("2025-03-31")))
        );
        assert_eq!(
            cycle(&a, d("2027-04-01")),
            (d("2027-03-31"), Some(d("2026-03-31")))
        );
        let once = campaign("2026-03-31", None);
        assert_eq!(cycle(&once, d("2030-01-01")), (d("2026-03-31"), None));
    }

    #[test]
    fn joiners_have_their_onboarding_days() {
        let a = campaign("2026-03-31", None);
        let m = StaffMember {
            id: "E1".into(),
            department: "X".into(),
            start: Some(d("2026-03-20")),
            end: None,
            name: None,
            email: None,
            line: 2,
        };
        assert_eq!(member_due(&a, &m, a.due, 30), Some(d("2026-04-19")));
        let mut onboarding = campaign("2026-01-01", None);
        onboarding.onboarding = true;
        assert_eq!(
            member_due(&onboarding, &m, a.due, 30),
            Some(d("2026-04-19"))
        );
        let old = StaffMember {
            start: Some(d("2020-01-01")),
            ..m
        };
        assert_eq!(member_due(&onboarding, &old, a.due, 30), None);
    }
}
