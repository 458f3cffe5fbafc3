//! View models: what documents show, computed once from a checked tree and
//! shared by the PDF and HTML renderers so the two cannot drift. Templates
//! see only these structs (serialised), never the record model. Names of
//! people are resolved, scores carry their level, cross-references run both
//! ways, and Markdown is converted by the caller's renderer ([`Md`]).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalogue::{Catalogue, Theme};
use crate::load::Tree;
use crate::model::{self, ActionStatus, ImplementationStatus, RiskStatus};
pub use crate::render::doc_control::DocControl;

/// Markdown converted for one output: HTML text, or a block tree (JSON) that
/// the typst templates walk. Record text stays data in both.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Md {
    /// Sanitised HTML.
    Html(String),
    /// A JSON tree of blocks and inlines.
    Tree(serde_json::Value),
}

/// Converts Markdown source for the target format.
pub type MdFn<'a> = &'a dyn Fn(&str) -> Md;

/// Where the output was built from: dates and provenance.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Stamp {
    /// The document date (from git or the records, never the clock).
    pub date: String,
    /// Full commit id, when under version control.
    pub commit: Option<String>,
    /// `git describe` style name (tag-N-gshort) or short id.
    pub describe: Option<String>,
    /// Whether the working tree has uncommitted changes to the records.
    pub dirty: bool,
    /// The modified records when dirty.
    pub modified: Vec<String>,
    /// One line for footers: "commit abc1234" / "not under version control".
    pub label: String,
}

/// A person as documents show them.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRef {
    /// Person id.
    pub id: String,
    /// Full name (the id when unknown).
    pub name: String,
    /// Role.
    pub role: String,
}

/// A control as a reference.
#[derive(Debug, Clone, Serialize)]
pub struct ControlRef {
    /// "A.5.1".
    pub id: String,
    /// Title.
    pub title: String,
}

/// A record as a reference.
#[derive(Debug, Clone, Serialize)]
pub struct RecordRef {
    /// Id.
    pub id: String,
    /// Title or summary.
    pub title: String,
}

/// A risk level band.
#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    /// Index from 0 (lowest).
    pub index: usize,
    /// Name.
    pub name: String,
    /// Lowest score in the band.
    pub min: u32,
    /// Highest score in the band.
    pub max: u32,
    /// Fill colour "#rrggbb".
    pub color: String,
    /// Text colour that contrasts with `color`.
    pub ink: String,
}

/// A scored position: likelihood x impact.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// Likelihood value (1-based).
    pub likelihood: u32,
    /// Its label.
    pub likelihood_label: String,
    /// Impact value (1-based).
    pub impact: u32,
    /// Its label.
    pub impact_label: String,
    /// likelihood x impact.
    pub score: u32,
    /// The band.
    pub level: LevelView,
}

/// One cell of a heat map or the method matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Likelihood value.
    pub likelihood: u32,
    /// Impact value.
    pub impact: u32,
    /// Score.
    pub score: u32,
    /// Band.
    pub level: LevelView,
    /// Risks in the cell (open risks only).
    pub risks: Vec<String>,
}

/// The risk method.
#[derive(Debug, Clone, Serialize)]
pub struct Method {
    /// Likelihood labels, lowest first.
    pub likelihood: Vec<String>,
    /// Impact labels, lowest first.
    pub impact: Vec<String>,
    /// Appetite.
    pub appetite: u32,
    /// Review interval in days.
    pub review_days: u32,
    /// Bands.
    pub levels: Vec<LevelView>,
    /// Rows from the highest likelihood down; cells by impact ascending.
    pub matrix: Vec<Vec<Cell>>,
}

/// One action.
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    /// Id.
    pub id: String,
    /// What.
    pub summary: String,
    /// Who.
    pub owner: PersonRef,
    /// Due date.
    pub due: String,
    /// open | done | cancelled.
    pub status: String,
    /// Done date.
    pub done: Option<String>,
    /// Open and past due.
    pub overdue: bool,
    /// Kind of the record holding it: risk | finding | review | incident.
    pub source_kind: String,
    /// Id of the record (page) holding it; for findings, the audit.
    pub source_id: String,
    /// Id of the finding, for finding actions.
    pub finding: Option<String>,
}

/// One risk.
#[derive(Debug, Clone, Serialize)]
pub struct RiskView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Owner.
    pub owner: PersonRef,
    /// Assets.
    pub assets: Vec<String>,
    /// Threat.
    pub threat: String,
    /// Vulnerability.
    pub vulnerability: String,
    /// Inherent score.
    pub inherent: Score,
    /// Residual score.
    pub residual: Score,
    /// Residual above appetite.
    pub above_appetite: bool,
    /// Treatment option.
    pub treatment: String,
    /// Controls relied on.
    pub controls: Vec<ControlRef>,
    /// open | closed.
    pub status: String,
    /// Identified date.
    pub identified: String,
    /// Last review date.
    pub reviewed: Option<String>,
    /// Next review due.
    pub review_due: String,
    /// Open and past its review date.
    pub review_overdue: bool,
    /// Acceptance, if any.
    pub acceptance: Option<AcceptanceView>,
    /// Treatment actions.
    pub actions: Vec<ActionView>,
    /// Open actions count.
    pub open_actions: usize,
    /// Incidents that cite this risk.
    pub incidents: Vec<RecordRef>,
    /// Body.
    pub body: Md,
    /// Document control from git: created, last changed, revisions.
    pub doc_control: DocControl,
}

/// A risk acceptance.
#[derive(Debug, Clone, Serialize)]
pub struct AcceptanceView {
    /// Who.
    pub by: PersonRef,
    /// When.
    pub on: String,
    /// Until.
    pub expires: String,
    /// Past its expiry.
    pub expired: bool,
}

/// Implementation counts of a group of controls.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SoaCounts {
    /// All controls.
    pub total: usize,
    /// Applicable.
    pub applicable: usize,
    /// Implemented.
    pub implemented: usize,
    /// Partial.
    pub partial: usize,
    /// Planned.
    pub planned: usize,
    /// Not implemented.
    pub not_implemented: usize,
    /// Excluded.
    pub excluded: usize,
    /// Percent of applicable controls implemented (0-100).
    pub percent_implemented: u32,
}

/// One SoA row.
#[derive(Debug, Clone, Serialize)]
pub struct ControlView {
    /// "A.5.1".
    pub id: String,
    /// Title.
    pub title: String,
    /// Theme key.
    pub theme: Theme,
    /// Applicable.
    pub applicable: bool,
    /// Reasons for inclusion.
    pub reasons: Vec<String>,
    /// implemented | partial | planned | not-implemented | "" (excluded).
    pub status: String,
    /// Justification.
    pub justification: String,
    /// Implementation notes.
    pub implementation: Md,
    /// Owner.
    pub owner: Option<PersonRef>,
    /// Evidence items; `url` set for http(s) links.
    pub evidence: Vec<Evidence>,
    /// Risks relying on the control.
    pub risks: Vec<RecordRef>,
    /// Findings citing the control (id, audit id as title).
    pub findings: Vec<RecordRef>,
    /// Incidents citing the control.
    pub incidents: Vec<RecordRef>,
    /// Indicative SOC 2 criteria (third-party mapping).
    pub soc2: Vec<String>,
}

/// One evidence item.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// As written.
    pub text: String,
    /// A safe http(s) URL, if the item is one.
    pub url: Option<String>,
}

/// One theme of the SoA.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeView {
    /// Theme key.
    pub key: Theme,
    /// "Organizational controls".
    pub title: String,
    /// "A.5".
    pub clause: String,
    /// Counts.
    pub counts: SoaCounts,
    /// Rows.
    pub controls: Vec<ControlView>,
}

/// The Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
pub struct SoaView {
    /// Standard.
    pub standard: String,
    /// Version.
    pub version: String,
    /// Owner.
    pub owner: PersonRef,
    /// Approver.
    pub approved_by: PersonRef,
    /// Approval date.
    pub approved_on: String,
    /// Counts over all themes.
    pub totals: SoaCounts,
    /// Themes in order.
    pub themes: Vec<ThemeView>,
    /// Document control of soa.toml from git.
    pub doc_control: DocControl,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// Id.
    pub id: String,
    /// major | minor | observation | improvement.
    pub kind: String,
    /// Clause and control references with titles.
    pub refs: Vec<RecordRef>,
    /// Summary.
    pub summary: String,
    /// Root cause.
    pub root_cause: String,
    /// Corrective actions.
    pub actions: Vec<ActionView>,
}

/// One audit.
#[derive(Debug, Clone, Serialize)]
pub struct AuditView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: String,
    /// Status.
    pub status: String,
    /// Planned date.
    pub planned: String,
    /// Performed date.
    pub performed: Option<String>,
    /// Lead auditor.
    pub lead: PersonRef,
    /// Auditees.
    pub auditees: Vec<PersonRef>,
    /// Clauses in scope.
    pub clauses: Vec<RecordRef>,
    /// Controls in scope.
    pub controls: Vec<ControlRef>,
    /// Findings.
    pub findings: Vec<FindingView>,
    /// Count of major, minor, observation, improvement findings.
    pub finding_counts: [usize; 4],
    /// Report body.
    pub body: Md,
    /// Document control from git.
    pub doc_control: DocControl,
}

/// One review input.
#[derive(Debug, Clone, Serialize)]
pub struct InputView {
    /// Key.
    pub key: String,
    /// "a".
    pub letter: String,
    /// Title.
    pub title: String,
    /// Text.
    pub text: Md,
    /// Whether anything was recorded.
    pub present: bool,
}

/// One management review.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    /// Id.
    pub id: String,
    /// Date.
    pub date: String,
    /// Chair.
    pub chair: PersonRef,
    /// Attendees.
    pub attendees: Vec<PersonRef>,
    /// planned | held.
    pub status: String,
    /// The seven inputs in order.
    pub inputs: Vec<InputView>,
    /// Decisions.
    pub decisions: Vec<Md>,
    /// Actions.
    pub actions: Vec<ActionView>,
    /// Minutes.
    pub body: Md,
    /// Document control from git.
    pub doc_control: DocControl,
}

/// One timeline entry.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    /// When, formatted.
    pub at: String,
    /// What.
    pub event: String,
}

/// One incident.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// P1..P4.
    pub severity: String,
    /// Status.
    pub status: String,
    /// Incident lead.
    pub owner: Option<PersonRef>,
    /// Detected, formatted.
    pub detected: String,
    /// Resolved, formatted.
    pub resolved: Option<String>,
    /// Time to resolve, e.g. "3 h 43 min".
    pub duration: Option<String>,
    /// Services.
    pub services: Vec<String>,
    /// Users affected.
    pub users_affected: u64,
    /// Personal data breach.
    pub personal_data_breach: bool,
    /// Related risks.
    pub risks: Vec<RecordRef>,
    /// Controls involved.
    pub controls: Vec<ControlRef>,
    /// Timeline.
    pub timeline: Vec<TimelineView>,
    /// Actions.
    pub actions: Vec<ActionView>,
    /// Post-mortem.
    pub body: Md,
    /// Document control from git.
    pub doc_control: DocControl,
}

/// The organisation.
#[derive(Debug, Clone, Serialize)]
pub struct OrgView {
    /// Name.
    pub name: String,
    /// Scope.
    pub scope: Md,
    /// Accent colour.
    pub accent: String,
    /// Logo path inside the tree, if any.
    pub logo: Option<String>,
}

/// Dashboard numbers.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Stats {
    /// Open risks.
    pub open_risks: usize,
    /// Open risks per level index, inherent.
    pub inherent_by_level: Vec<usize>,
    /// Open risks per level index, residual.
    pub residual_by_level: Vec<usize>,
    /// Open risks above appetite.
    pub above_appetite: Vec<RecordRef>,
    /// Open risks overdue for review.
    pub overdue_reviews: Vec<RecordRef>,
    /// Open actions.
    pub open_actions: usize,
    /// Open actions past due.
    pub overdue_actions: Vec<RecordRef>,
}

/// Everything a document or page can show.
#[derive(Debug, Clone, Serialize)]
pub struct Pack {
    /// Organisation.
    pub org: OrgView,
    /// Provenance.
    pub stamp: Stamp,
    /// The date things are judged against (overdue flags).
    pub today: String,
    /// People.
    pub people: Vec<PersonRef>,
    /// Risk method.
    pub method: Method,
    /// Risks by id.
    pub risks: Vec<RiskView>,
    /// Inherent heat map (same shape as the method matrix), open risks.
    pub heat_inherent: Vec<Vec<Cell>>,
    /// Residual heat map, open risks.
    pub heat_residual: Vec<Vec<Cell>>,
    /// SoA.
    pub soa: SoaView,
    /// Audits by planned date.
    pub audits: Vec<AuditView>,
    /// Reviews by date.
    pub reviews: Vec<ReviewView>,
    /// Incidents by detection time, newest first.
    pub incidents: Vec<IncidentView>,
    /// Every action, open first, by due date.
    pub actions: Vec<ActionView>,
    /// Dashboard numbers.
    pub stats: Stats,
    /// Revision history of every record file from git, by path relative to
    /// the ISMS root (empty outside git).
    pub history: BTreeMap<String, crate::git::DocHistory>,
    /// What changed since `--since REV`, when asked for.
    pub changes: Option<crate::diff::Changes>,
}

/// Default band colours from green to red, by band count.
const DEFAULT_COLORS: [&str; 5] = ["#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a"];

/// Black or white, whichever reads better on `hex` (WCAG relative luminance).
pub fn ink_for(hex: &str) -> &'static str {
    let c = |i: usize| {
        let v = hex
            .get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0) as f64
            / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5);
    // Contrast with white: 1.05/(l+0.05); with black: (l+0.05)/0.05.
    if 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 {
        "#ffffff"
    } else {
        "#000000"
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Build the pack view of a checked tree. `md` converts Markdown for the
/// target; `today` judges overdue flags; `stamp` says where it came from.
pub fn build(tree: &Tree, today: NaiveDate, stamp: Stamp, md: MdFn<'_>) -> Option<Pack> {
    let cfg = &tree.config.as_ref()?.data;
    let soa = &tree.soa.as_ref()?.data;
    let cat = Catalogue::get();
    let people: HashMap<&str, &model::Person> =
        cfg.person.iter().map(|p| (p.id.as_str(), p)).collect();
    let person = |id: &str| match people.get(id) {
        Some(p) => PersonRef {
            id: p.id.clone(),
            name: p.name.clone(),
            role: p.role.clone(),
        },
        None => PersonRef {
            id: id.to_string(),
            name: id.to_string(),
            role: String::new(),
        },
    };
    let control_ref = |id: &str| ControlRef {
        id: id.to_string(),
        title: cat.control(id).map_or("", |c| c.title).to_string(),
    };

    // Method.
    let m = &cfg.risk;
    let levels: Vec<LevelView> = {
        let mut lo = 1;
        m.level
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let color = l.color.clone().unwrap_or_else(|| {
                    let n = m.level.len().clamp(1, 5);
                    let pick = if n == 1 {
                        0
                    } else {
                        i * (DEFAULT_COLORS.len() - 1) / (n - 1).max(1)
                    };
                    DEFAULT_COLORS[pick.min(DEFAULT_COLORS.len() - 1)].to_string()
                });
                let v = LevelView {
                    index: i,
                    name: l.name.clone(),
                    min: lo,
                    max: l.max,
                    ink: ink_for(&color).to_string(),
                    color,
                };
                lo = l.max + 1;
                v
            })
            .collect()
    };
    let level_of = |score: u32| -> LevelView {
        m.level(score)
            .map(|(i, _)| levels[i].clone())
            .unwrap_or_else(|| LevelView {
                index: 0,
                name: "?".into(),
                min: 0,
                max: 0,
                color: "#9e9e9e".into(),
                ink: "#000000".into(),
            })
    };
    let label = |labels: &[String], v: u32| {
        (v as usize)
            .checked_sub(1)
            .and_then(|i| labels.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let score = |l: u32, i: u32| Score {
        likelihood: l,
        likelihood_label: label(&m.likelihood, l),
        impact: i,
        impact_label: label(&m.impact, i),
        score: l * i,
        level: level_of(l * i),
    };
    let grid = |cells: &BTreeMap<(u32, u32), Vec<String>>| -> Vec<Vec<Cell>> {
        (1..=m.likelihood.len() as u32)
            .rev()
            .map(|l| {
                (1..=m.impact.len() as u32)
                    .map(|i| Cell {
                        likelihood: l,
                        impact: i,
                        score: l * i,
                        level: level_of(l * i),
                        risks: cells.get(&(l, i)).cloned().unwrap_or_default(),
                    })
                    .collect()
            })
            .collect()
    };

    // Cross-references, built once.
    let mut incidents_of_risk: HashMap<&str, Vec<RecordRef>> = HashMap::new();
    let mut incidents_of_control: HashMap<&str, Vec<RecordRef>> = HashMap::new();
    for r in &tree.incidents {
        let rr = RecordRef {
            id: r.data.id.clone(),
            title: r.data.title.clone(),
        };
        for x in &r.data.risks {
            incidents_of_risk.entry(x).or_default().push(rr.clone());
        }
        for c in &r.data.controls {
            incidents_of_control.entry(c).or_default().push(rr.clone());
        }
    }
    let mut risks_of_control: HashMap<&str, Vec<RecordRef>> = HashMap::new();
    for r in &tree.risks {
        for c in &r.data.controls {
            risks_of_control.entry(c).or_default().push(RecordRef {
                id: r.data.id.clone(),
                title: r.data.title.clone(),
            });
        }
    }
    let mut findings_of_control: HashMap<&str, Vec<RecordRef>> = HashMap::new();
    for a in &tree.audits {
        for f in &a.data.finding {
            for x in f.refs.iter().filter(|x| x.starts_with("A.")) {
                findings_of_control.entry(x).or_default().push(RecordRef {
                    id: f.id.clone(),
                    title: a.data.id.clone(),
                });
            }
        }
    }

    let action = |a: &model::Action, kind: &str, source: &str, finding: Option<&str>| ActionView {
        id: a.id.clone(),
        summary: a.summary.clone(),
        owner: person(&a.owner),
        due: date(a.due),
        status: a.status.to_string(),
        done: a.done.map(date),
        overdue: a.status == ActionStatus::Open && a.due < today,
        source_kind: kind.to_string(),
        source_id: source.to_string(),
        finding: finding.map(str::to_string),
    };

    // Risks.
    let mut risks: Vec<RiskView> = tree
        .risks
        .iter()
        .map(|r| {
            let d = &r.data;
            let last = d.reviewed.unwrap_or(d.identified);
            let due = last + chrono::Days::new(u64::from(m.review_days));
            let actions: Vec<ActionView> = d
                .action
                .iter()
                .map(|a| action(a, "risk", &d.id, None))
                .collect();
            RiskView {
                id: d.id.clone(),
                title: d.title.clone(),
                owner: person(&d.owner),
                assets: d.assets.clone(),
                threat: d.threat.clone(),
                vulnerability: d.vulnerability.clone(),
                inherent: score(d.likelihood, d.impact),
                residual: score(d.res_likelihood(), d.res_impact()),
                above_appetite: d.status == RiskStatus::Open && d.residual_score() > m.appetite,
                treatment: d.treatment.to_string(),
                controls: d.controls.iter().map(|c| control_ref(c)).collect(),
                status: d.status.to_string(),
                identified: date(d.identified),
                reviewed: d.reviewed.map(date),
                review_due: date(due),
                review_overdue: d.status == RiskStatus::Open && due < today,
                acceptance: d.acceptance.as_ref().map(|a| AcceptanceView {
                    by: person(&a.by),
                    on: date(a.on),
                    expires: date(a.expires),
                    expired: a.expires < today,
                }),
                open_actions: actions.iter().filter(|a| a.status == "open").count(),
                actions,
                incidents: incidents_of_risk
                    .get(d.id.as_str())
                    .cloned()
                    .unwrap_or_default(),
                body: md(&r.body),
                doc_control: DocControl::of(&tree.sources.get(r.file).path),
            }
        })
        .collect();
    risks.sort_by_key(|r| natural_key(&r.id));

    let mut inherent_cells: BTreeMap<(u32, u32), Vec<String>> = BTreeMap::new();
    let mut residual_cells: BTreeMap<(u32, u32), Vec<String>> = BTreeMap::new();
    let mut stats = Stats {
        inherent_by_level: vec![0; levels.len()],
        residual_by_level: vec![0; levels.len()],
        ..Stats::default()
    };
    for r in risks.iter().filter(|r| r.status == "open") {
        inherent_cells
            .entry((r.inherent.likelihood, r.inherent.impact))
            .or_default()
            .push(r.id.clone());
        residual_cells
            .entry((r.residual.likelihood, r.residual.impact))
            .or_default()
            .push(r.id.clone());
        stats.open_risks += 1;
        if let Some(n) = stats.inherent_by_level.get_mut(r.inherent.level.index) {
            *n += 1;
        }
        if let Some(n) = stats.residual_by_level.get_mut(r.residual.level.index) {
            *n += 1;
        }
        let rr = RecordRef {
            id: r.id.clone(),
            title: r.title.clone(),
        };
        if r.above_appetite {
            stats.above_appetite.push(rr.clone());
        }
        if r.review_overdue {
            stats.overdue_reviews.push(rr);
        }
    }

    // SoA.
    let entries: HashMap<&str, &model::SoaControl> =
        soa.control.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut totals = SoaCounts::default();
    let themes: Vec<ThemeView> = Theme::ALL
        .iter()
        .map(|&theme| {
            let mut counts = SoaCounts::default();
            let controls: Vec<ControlView> = cat
                .controls
                .iter()
                .filter(|c| c.theme == theme)
                .map(|c| {
                    let e = entries.get(c.id.as_str());
                    let applicable = e.is_some_and(|e| e.applicable);
                    let status = e.and_then(|e| e.status).filter(|_| applicable);
                    counts.total += 1;
                    if applicable {
                        counts.applicable += 1;
                        match status {
                            Some(ImplementationStatus::Implemented) => counts.implemented += 1,
                            Some(ImplementationStatus::Partial) => counts.partial += 1,
                            Some(ImplementationStatus::Planned) => counts.planned += 1,
                            Some(ImplementationStatus::NotImplemented) | None => {
                                counts.not_implemented += 1
                            }
                        }
                    } else {
                        counts.excluded += 1;
                    }
                    ControlView {
                        id: c.id.clone(),
                        title: c.title.to_string(),
                        theme,
                        applicable,
                        reasons: e
                            .map(|e| e.reasons.iter().map(|r| r.to_string()).collect())
                            .unwrap_or_default(),
                        status: status.map(|s| s.to_string()).unwrap_or_default(),
                        justification: e.map(|e| e.justification.clone()).unwrap_or_default(),
                        implementation: md(e.map_or("", |e| e.implementation.as_str())),
                        owner: e.and_then(|e| e.owner.as_deref()).map(&person),
                        evidence: e
                            .map(|e| e.evidence.iter().map(|t| evidence(t)).collect())
                            .unwrap_or_default(),
                        risks: risks_of_control
                            .get(c.id.as_str())
                            .cloned()
                            .unwrap_or_default(),
                        findings: findings_of_control
                            .get(c.id.as_str())
                            .cloned()
                            .unwrap_or_default(),
                        incidents: incidents_of_control
                            .get(c.id.as_str())
                            .cloned()
                            .unwrap_or_default(),
                        soc2: c.soc2.iter().map(|s| s.to_string()).collect(),
                    }
                })
                .collect();
            counts.percent_implemented = percent(counts.implemented, counts.applicable);
            totals.total += counts.total;
            totals.applicable += counts.applicable;
            totals.implemented += counts.implemented;
            totals.partial += counts.partial;
            totals.planned += counts.planned;
            totals.not_implemented += counts.not_implemented;
            totals.excluded += counts.excluded;
            ThemeView {
                key: theme,
                title: theme.title().to_string(),
                clause: theme.clause().to_string(),
                counts,
                controls,
            }
        })
        .collect();
    totals.percent_implemented = percent(totals.implemented, totals.applicable);
    let soa_view = SoaView {
        standard: soa.standard.clone(),
        version: soa.version.clone().unwrap_or_else(|| "1.0".into()),
        owner: person(&soa.owner),
        approved_by: person(&soa.approved_by),
        approved_on: date(soa.approved_on),
        totals,
        themes,
        doc_control: tree
            .soa
            .as_ref()
            .map(|r| DocControl::of(&tree.sources.get(r.file).path))
            .unwrap_or_default(),
    };

    // Audits.
    let ref_of = |x: &str| RecordRef {
        id: x.to_string(),
        title: if x.starts_with("A.") {
            cat.control(x).map_or("", |c| c.title).to_string()
        } else {
            cat.clause(x).map_or("", |c| c.title).to_string()
        },
    };
    let mut audits: Vec<AuditView> = tree
        .audits
        .iter()
        .map(|r| {
            let d = &r.data;
            let mut counts = [0; 4];
            for f in &d.finding {
                counts[f.kind as usize] += 1;
            }
            AuditView {
                id: d.id.clone(),
                title: d.title.clone(),
                kind: d.kind.to_string(),
                status: d.status.to_string(),
                planned: date(d.planned),
                performed: d.performed.map(date),
                lead: person(&d.lead),
                auditees: d.auditees.iter().map(|p| person(p)).collect(),
                clauses: d.clauses.iter().map(|c| ref_of(c)).collect(),
                controls: d.controls.iter().map(|c| control_ref(c)).collect(),
                findings: d
                    .finding
                    .iter()
                    .map(|f| FindingView {
                        id: f.id.clone(),
                        kind: f.kind.to_string(),
                        refs: f.refs.iter().map(|x| ref_of(x)).collect(),
                        summary: f.summary.clone(),
                        root_cause: f.root_cause.clone(),
                        actions: f
                            .action
                            .iter()
                            .map(|a| action(a, "finding", &d.id, Some(&f.id)))
                            .collect(),
                    })
                    .collect(),
                finding_counts: counts,
                body: md(&r.body),
                doc_control: DocControl::of(&tree.sources.get(r.file).path),
            }
        })
        .collect();
    audits.sort_by(|a, b| (&a.planned, &a.id).cmp(&(&b.planned, &b.id)));

    // Reviews.
    let mut reviews: Vec<ReviewView> = tree
        .reviews
        .iter()
        .map(|r| {
            let d = &r.data;
            ReviewView {
                id: d.id.clone(),
                date: date(d.date),
                chair: person(&d.chair),
                attendees: d.attendees.iter().map(|p| person(p)).collect(),
                status: d.status.to_string(),
                inputs: model::REVIEW_INPUTS
                    .iter()
                    .map(|(key, letter, title)| InputView {
                        key: key.to_string(),
                        letter: letter.to_string(),
                        title: title.to_string(),
                        text: md(d.inputs.get(key)),
                        present: !d.inputs.get(key).trim().is_empty(),
                    })
                    .collect(),
                decisions: d.decisions.iter().map(|x| md(x)).collect(),
                actions: d
                    .action
                    .iter()
                    .map(|a| action(a, "review", &d.id, None))
                    .collect(),
                body: md(&r.body),
                doc_control: DocControl::of(&tree.sources.get(r.file).path),
            }
        })
        .collect();
    reviews.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));

    // Incidents, newest first.
    let risk_titles: HashMap<&str, &str> = tree
        .risks
        .iter()
        .map(|r| (r.data.id.as_str(), r.data.title.as_str()))
        .collect();
    let mut incidents: Vec<(model::Timestamp, IncidentView)> = tree
        .incidents
        .iter()
        .map(|r| {
            let d = &r.data;
            let view = IncidentView {
                id: d.id.clone(),
                title: d.title.clone(),
                severity: d.severity.to_string(),
                status: d.status.to_string(),
                owner: d.owner.as_deref().map(&person),
                detected: d.detected.to_string(),
                resolved: d.resolved.map(|t| t.to_string()),
                duration: d.resolved.map(|t| duration(t.0 - d.detected.0)),
                services: d.services.clone(),
                users_affected: d.users_affected,
                personal_data_breach: d.personal_data_breach,
                risks: d
                    .risks
                    .iter()
                    .map(|x| RecordRef {
                        id: x.clone(),
                        title: risk_titles
                            .get(x.as_str())
                            .map(|t| t.to_string())
                            .unwrap_or_default(),
                    })
                    .collect(),
                controls: d.controls.iter().map(|c| control_ref(c)).collect(),
                timeline: d
                    .timeline
                    .iter()
                    .map(|t| TimelineView {
                        at: t.at.to_string(),
                        event: t.event.clone(),
                    })
                    .collect(),
                actions: d
                    .action
                    .iter()
                    .map(|a| action(a, "incident", &d.id, None))
                    .collect(),
                body: md(&r.body),
                doc_control: DocControl::of(&tree.sources.get(r.file).path),
            };
            (d.detected, view)
        })
        .collect();
    incidents.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let incidents: Vec<IncidentView> = incidents.into_iter().map(|(_, v)| v).collect();

    // Every action: open first, then by due date.
    let mut actions: Vec<ActionView> = risks
        .iter()
        .flat_map(|r| r.actions.iter().cloned())
        .chain(
            audits
                .iter()
                .flat_map(|a| a.findings.iter().flat_map(|f| f.actions.iter().cloned())),
        )
        .chain(reviews.iter().flat_map(|r| r.actions.iter().cloned()))
        .chain(incidents.iter().flat_map(|i| i.actions.iter().cloned()))
        .collect();
    actions.sort_by(|a, b| {
        ((a.status != "open"), &a.due, &a.id).cmp(&((b.status != "open"), &b.due, &b.id))
    });
    for a in actions.iter().filter(|a| a.status == "open") {
        stats.open_actions += 1;
        if a.overdue {
            stats.overdue_actions.push(RecordRef {
                id: a.id.clone(),
                title: a.summary.clone(),
            });
        }
    }

    let method = Method {
        likelihood: m.likelihood.clone(),
        impact: m.impact.clone(),
        appetite: m.appetite,
        review_days: m.review_days,
        levels: levels.clone(),
        matrix: grid(&BTreeMap::new()),
    };
    let mut people_list: Vec<PersonRef> = cfg.person.iter().map(|p| person(&p.id)).collect();
    people_list.sort_by(|a, b| a.name.cmp(&b.name));
    Some(Pack {
        org: OrgView {
            name: cfg.organisation.name.clone(),
            scope: md(&cfg.organisation.scope),
            accent: cfg
                .organisation
                .accent
                .clone()
                .unwrap_or_else(|| "#1f4e79".into()),
            logo: cfg.organisation.logo.clone(),
        },
        stamp,
        today: date(today),
        people: people_list,
        heat_inherent: grid(&inherent_cells),
        heat_residual: grid(&residual_cells),
        method,
        risks,
        soa: soa_view,
        audits,
        reviews,
        incidents,
        actions,
        stats,
        history: BTreeMap::new(),
        changes: None,
    })
}

fn percent(part: usize, whole: usize) -> u32 {
    (part * 100).checked_div(whole).unwrap_or(0) as u32
}

/// Sort key that orders "R-9" before "R-10".
fn natural_key(id: &str) -> (String, u64, String) {
    let digits: String = id
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let prefix = id[..id.len() - digits.len()].to_string();
    (prefix, digits.parse().unwrap_or(0), id.to_string())
}

fn duration(d: chrono::TimeDelta) -> String {
    let mins = d.num_minutes().max(0);
    let (days, hours, m) = (mins / 1440, (mins % 1440) / 60, mins % 60);
    match (days, hours) {
        (0, 0) => format!("{m} min"),
        (0, h) => format!("{h} h {m} min"),
        (d, h) => format!("{d} d {h} h"),
    }
}

/// An evidence item, with a URL only for http(s) links (never javascript: etc.)
/// made of characters a URL may hold: text with spaces or `<>"{}|\^` and
/// backticks stays text, so every link a document prints is a valid URL.
fn evidence(text: &str) -> Evidence {
    let t = text.trim();
    let url_chars = t.chars().all(|c| {
        let iri = !c.is_ascii() && !c.is_whitespace() && !c.is_control();
        (c.is_ascii_graphic() || iri)
            && !matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
    });
    let url = (url_chars && (t.starts_with("https://") || t.starts_with("http://")))
        .then(|| t.to_string());
    Evidence {
        text: text.to_string(),
        url,
    }
}

/// The latest date any record states, for documents of a tree outside git.
pub fn records_date(tree: &Tree) -> Option<NaiveDate> {
    let mut dates: Vec<NaiveDate> = Vec::new();
    if let Some(s) = &tree.soa {
        dates.push(s.data.approved_on);
    }
    for r in &tree.risks {
        dates.push(r.data.reviewed.unwrap_or(r.data.identified));
    }
    for a in &tree.audits {
        dates.extend(a.data.performed);
    }
    for r in &tree.reviews {
        if r.data.status == model::ReviewStatus::Held {
            dates.push(r.data.date);
        }
    }
    for i in &tree.incidents {
        dates.push(i.data.resolved.unwrap_or(i.data.detected).date());
    }
    dates.into_iter().max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ink_contrasts() {
        assert_eq!(ink_for("#ffffff"), "#000000");
        assert_eq!(ink_for("#000000"), "#ffffff");
        assert_eq!(ink_for("#c62828"), "#ffffff");
        assert_eq!(ink_for("#f9a825"), "#000000");
    }

    #[test]
    fn evidence_links_only_valid_http_urls() {
        assert!(evidence("https://example.com/a?b=c#d").url.is_some());
        assert!(evidence("javascript:alert(1)").url.is_none());
        assert!(evidence("policies/x.pdf").url.is_none());
        assert!(evidence("https://example.com/<script>").url.is_none());
        assert!(evidence("https://example.com/a b").url.is_none());
    }

    #[test]
    fn natural_order() {
        assert!(natural_key("R-9") < natural_key("R-10"));
    }
}
