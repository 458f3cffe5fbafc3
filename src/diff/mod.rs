//! What changed in an ISMS between two trees, in the terms a risk committee
//! uses rather than lines of text: risks added, removed, closed or reopened,
//! score and level moves, treatment and owner changes, SoA applicability and
//! status, new incidents and findings, actions opened, done or cancelled;
//! and, for every other kind of record, what was added, removed or changed.
//! [`compare`] builds [`Changes`], which `isms diff` prints (as text or JSON)
//! and which the packs show as "changes since" with `--since REV`.

mod context;
mod human;
mod records;

pub use context::{ISSUES as CONTEXT_ISSUES, PARTIES, REQUIREMENTS};
pub use human::{ChangeLine, ChangeSection};
pub use records::{RecordChange, RecordEvent};

use std::collections::HashMap;

use serde::Serialize;

use crate::load::{Tree, kinds};
use crate::model::{self, ActionStatus, Config, RiskStatus};

/// One end of a comparison.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Side {
    /// The revision as given (`audit-2026`); None for the working tree.
    pub rev: Option<String>,
    /// The full commit id; None for the working tree.
    pub commit: Option<String>,
    /// How to name it: "audit-2026 (abc1234)" or "the working tree".
    pub label: String,
}

impl Side {
    /// The working tree.
    pub fn working_tree() -> Self {
        Side {
            rev: None,
            commit: None,
            label: "the working tree".into(),
        }
    }

    /// Revision `rev`, which resolved to commit `commit` (full hex id).
    pub fn revision(rev: &str, commit: &str) -> Self {
        let short = &commit[..commit.len().min(7)];
        let label = if commit.starts_with(rev) || rev.starts_with(short) {
            short.to_string()
        } else {
            format!("{rev} ({short})")
        };
        Side {
            rev: Some(rev.to_string()),
            commit: Some(commit.to_string()),
            label,
        }
    }
}

/// A value before and after; None on a side where the thing does not exist.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Shift<T> {
    /// Before.
    pub from: Option<T>,
    /// After.
    pub to: Option<T>,
}

/// A risk score with its level.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Rating {
    /// likelihood x impact.
    pub score: u32,
    /// The level band's name ("?" when the method does not cover it).
    pub level: String,
}

/// A person by id and name.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Who {
    /// Person id.
    pub id: String,
    /// Full name (the id when the person is unknown).
    pub name: String,
}

/// What happened to a risk as a whole.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RiskEvent {
    /// New in the register.
    Added,
    /// Gone from the register.
    Removed,
    /// Its file is in the later tree but does not load there (not removed).
    Unreadable,
    /// Status open -> closed.
    Closed,
    /// Status closed -> open.
    Reopened,
}

/// The changes to one risk. Only the parts that changed are set; an added
/// risk carries its ratings, treatment and owner as `to` values.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RiskChange {
    /// Risk id.
    pub id: String,
    /// Title (the newer one).
    pub title: String,
    /// Added, removed, closed or reopened; None when changed in place.
    pub event: Option<RiskEvent>,
    /// Inherent score and level.
    pub inherent: Option<Shift<Rating>>,
    /// Residual score and level.
    pub residual: Option<Shift<Rating>>,
    /// Treatment option.
    pub treatment: Option<Shift<String>>,
    /// Owner.
    pub owner: Option<Shift<Who>>,
}

/// A change to one control's entry in the SoA.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ControlChange {
    /// "A.8.13".
    pub id: String,
    /// Control title.
    pub title: String,
    /// Applicability, when it changed.
    pub applicable: Option<Shift<bool>>,
    /// Implementation status (of an applicable control), when it changed.
    pub status: Option<Shift<String>>,
}

/// An incident that is new.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NewIncident {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// P1..P4.
    pub severity: String,
    /// open | resolved | closed.
    pub status: String,
}

/// An audit finding that is new.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NewFinding {
    /// Finding id.
    pub id: String,
    /// The audit holding it.
    pub audit: String,
    /// major | minor | observation | improvement.
    pub kind: String,
    /// What was found.
    pub summary: String,
}

/// What happened to an action.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ActionEvent {
    /// New and open, or back to open.
    Opened,
    /// Marked done.
    Done,
    /// Cancelled.
    Cancelled,
}

/// An action opened, done or cancelled.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ActionChange {
    /// Action id.
    pub id: String,
    /// Opened, done or cancelled.
    pub event: ActionEvent,
    /// What.
    pub summary: String,
    /// Who.
    pub owner: Who,
    /// Due date.
    pub due: String,
    /// Done date, when done.
    pub done: Option<String>,
    /// The record holding it (risk, audit, review or incident id).
    pub source: String,
}

/// Everything that changed between two trees.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Changes {
    /// The earlier tree.
    pub from: Side,
    /// The later tree.
    pub to: Side,
    /// Risks, by id.
    pub risks: Vec<RiskChange>,
    /// SoA entries, in Annex A order.
    pub soa: Vec<ControlChange>,
    /// New incidents, by id.
    pub incidents: Vec<NewIncident>,
    /// New findings, by id.
    pub findings: Vec<NewFinding>,
    /// Actions opened, done or cancelled, by id.
    pub actions: Vec<ActionChange>,
    /// Records of every other kind (documents, evidence, reviews, assets,
    /// suppliers, obligations...) added, removed or changed, then the
    /// context issues, interested parties and their requirements.
    pub records: Vec<RecordChange>,
}

impl Changes {
    /// Nothing a risk committee would notice changed.
    pub fn is_empty(&self) -> bool {
        self.risks.is_empty()
            && self.soa.is_empty()
            && self.incidents.is_empty()
            && self.findings.is_empty()
            && self.actions.is_empty()
            && self.records.is_empty()
    }

    /// The changes as text, one line per change.
    pub fn render_human(&self) -> String {
        human::render(self)
    }

    /// The changes grouped by kind of record (empty groups left out), one
    /// line per change: the lines [`Changes::render_human`] prints.
    pub fn sections(&self) -> Vec<ChangeSection> {
        human::sections(self)
    }
}

/// Compare tree `a` (earlier, `from`) with tree `b` (later, `to`).
pub fn compare(a: &Tree, b: &Tree, from: Side, to: Side) -> Changes {
    let ca = a.config.as_ref().map(|c| &c.data);
    let cb = b.config.as_ref().map(|c| &c.data);
    let mut changes = Changes {
        from,
        to,
        risks: risks(a, b, ca, cb),
        soa: soa(a, b),
        incidents: Vec::new(),
        findings: Vec::new(),
        actions: actions(a, b, cb),
        records: {
            let mut r = records::compare(a, b);
            r.extend(context::compare(a, b));
            r
        },
    };

    let old: HashMap<&str, ()> = a
        .incidents
        .iter()
        .map(|r| (r.data.id.as_str(), ()))
        .collect();
    changes.incidents = b
        .incidents
        .iter()
        .map(|r| &r.data)
        .filter(|i| !old.contains_key(i.id.as_str()))
        .map(|i| NewIncident {
            id: i.id.clone(),
            title: i.title.clone(),
            severity: i.severity.to_string(),
            status: i.status.to_string(),
        })
        .collect();
    changes
        .incidents
        .sort_by(|x, y| natord::compare(&x.id, &y.id));

    let old: HashMap<&str, ()> = a
        .audits
        .iter()
        .flat_map(|r| r.data.finding.iter().map(|f| (f.id.as_str(), ())))
        .collect();
    changes.findings = b
        .audits
        .iter()
        .flat_map(|r| r.data.finding.iter().map(move |f| (&r.data.id, f)))
        .filter(|(_, f)| !old.contains_key(f.id.as_str()))
        .map(|(audit, f)| NewFinding {
            id: f.id.clone(),
            audit: audit.clone(),
            kind: f.kind.to_string(),
            summary: f.summary.clone(),
        })
        .collect();
    changes
        .findings
        .sort_by(|x, y| natord::compare(&x.id, &y.id));
    changes
}

fn who(cfg: Option<&Config>, id: &str) -> Who {
    Who {
        id: id.to_string(),
        name: cfg
            .and_then(|c| c.person(id))
            .map_or_else(|| id.to_string(), |p| p.name.clone()),
    }
}

fn rating(cfg: Option<&Config>, score: u32) -> Rating {
    Rating {
        score,
        level: cfg
            .and_then(|c| c.risk.level(score))
            .map_or_else(|| "?".to_string(), |(_, l)| l.name.clone()),
    }
}

/// Some(shift) when the two values differ.
fn shift<T: PartialEq>(from: T, to: T) -> Option<Shift<T>> {
    (from != to).then_some(Shift {
        from: Some(from),
        to: Some(to),
    })
}

fn risks(a: &Tree, b: &Tree, ca: Option<&Config>, cb: Option<&Config>) -> Vec<RiskChange> {
    let old: HashMap<&str, &model::Risk> = a
        .risks
        .iter()
        .map(|r| (r.data.id.as_str(), &r.data))
        .collect();
    let new: HashMap<&str, &model::Risk> = b
        .risks
        .iter()
        .map(|r| (r.data.id.as_str(), &r.data))
        .collect();
    let mut out = Vec::new();
    for r in b.risks.iter().map(|r| &r.data) {
        let Some(o) = old.get(r.id.as_str()) else {
            out.push(RiskChange {
                id: r.id.clone(),
                title: r.title.clone(),
                event: Some(RiskEvent::Added),
                inherent: Some(Shift {
                    from: None,
                    to: Some(rating(cb, r.score())),
                }),
                residual: Some(Shift {
                    from: None,
                    to: Some(rating(cb, r.residual_score())),
                }),
                treatment: Some(Shift {
                    from: None,
                    to: Some(r.treatment.to_string()),
                }),
                owner: Some(Shift {
                    from: None,
                    to: Some(who(cb, &r.owner)),
                }),
            });
            continue;
        };
        let event = match (o.status, r.status) {
            (RiskStatus::Open, RiskStatus::Closed) => Some(RiskEvent::Closed),
            (RiskStatus::Closed, RiskStatus::Open) => Some(RiskEvent::Reopened),
            _ => None,
        };
        let change = RiskChange {
            id: r.id.clone(),
            title: r.title.clone(),
            event,
            inherent: shift(rating(ca, o.score()), rating(cb, r.score())),
            residual: shift(
                rating(ca, o.residual_score()),
                rating(cb, r.residual_score()),
            ),
            treatment: shift(o.treatment.to_string(), r.treatment.to_string()),
            owner: shift(who(ca, &o.owner), who(cb, &r.owner)),
        };
        if change.event.is_some()
            || change.inherent.is_some()
            || change.residual.is_some()
            || change.treatment.is_some()
            || change.owner.is_some()
        {
            out.push(change);
        }
    }
    for o in a.risks.iter().map(|r| &r.data) {
        if !new.contains_key(o.id.as_str()) {
            out.push(RiskChange {
                id: o.id.clone(),
                title: o.title.clone(),
                event: Some(if b.is_broken(crate::schema::Kind::Risk, &o.id) {
                    RiskEvent::Unreadable
                } else {
                    RiskEvent::Removed
                }),
                inherent: None,
                residual: None,
                treatment: None,
                owner: None,
            });
        }
    }
    out.sort_by(|x, y| natord::compare(&x.id, &y.id));
    out
}

fn soa(a: &Tree, b: &Tree) -> Vec<ControlChange> {
    let (Some(sa), Some(sb)) = (&a.soa, &b.soa) else {
        return Vec::new();
    };
    let old: HashMap<&str, &model::SoaControl> =
        sa.data.control.iter().map(|c| (c.id.as_str(), c)).collect();
    let new: HashMap<&str, &model::SoaControl> =
        sb.data.control.iter().map(|c| (c.id.as_str(), c)).collect();
    let status = |c: &model::SoaControl| {
        c.status
            .filter(|_| c.applicable)
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    let cat = crate::catalogue::Catalogue::get();
    cat.controls
        .iter()
        .filter_map(|ctl| {
            let (o, n) = (old.get(ctl.id.as_str())?, new.get(ctl.id.as_str())?);
            let applicable = shift(o.applicable, n.applicable);
            let status = match (o.applicable, n.applicable) {
                (true, true) => shift(status(o), status(n)),
                // Newly applicable: say where it stands.
                (false, true) => Some(Shift {
                    from: None,
                    to: Some(status(n)),
                }),
                _ => None,
            };
            (applicable.is_some() || status.is_some()).then(|| ControlChange {
                id: ctl.id.clone(),
                title: ctl.title.to_string(),
                applicable,
                status,
            })
        })
        .collect()
}

/// Every action in a tree with the id of the record holding it.
fn all_actions(t: &Tree) -> Vec<(&model::Action, &str)> {
    let mut out: Vec<(&model::Action, &str)> = Vec::new();
    for r in kinds::records(t) {
        for list in &r.actions {
            out.extend(list.actions.iter().map(|x| (x, r.id)));
        }
    }
    out
}

fn actions(a: &Tree, b: &Tree, cb: Option<&Config>) -> Vec<ActionChange> {
    let old: HashMap<&str, ActionStatus> = all_actions(a)
        .into_iter()
        .map(|(x, _)| (x.id.as_str(), x.status))
        .collect();
    let mut out: Vec<ActionChange> = all_actions(b)
        .into_iter()
        .filter_map(|(x, source)| {
            let before = old.get(x.id.as_str()).copied();
            if before == Some(x.status) {
                return None;
            }
            let event = match x.status {
                ActionStatus::Open => ActionEvent::Opened,
                ActionStatus::Done => ActionEvent::Done,
                ActionStatus::Cancelled => ActionEvent::Cancelled,
            };
            Some(ActionChange {
                id: x.id.clone(),
                event,
                summary: x.summary.clone(),
                owner: who(cb, &x.owner),
                due: x.due.format("%Y-%m-%d").to_string(),
                done: x.done.map(|d| d.format("%Y-%m-%d").to_string()),
                source: source.to_string(),
            })
        })
        .collect();
    out.sort_by(|x, y| natord::compare(&x.id, &y.id));
    out
}
