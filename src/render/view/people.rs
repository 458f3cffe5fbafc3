//! People (5.3, 7.2, 7.3): the ISMS roles with their holders and what
//! makes each competent, and each awareness campaign with its completion
//! per department as [`crate::awareness`] judges it. Only counts and staff
//! ids reach a view: no name or email the roster may hold.

use serde::Serialize;

use super::refs::{PersonRef, RecordRef};
use super::{DocControl, Md, ViewCx};
use crate::awareness::{self, CampaignStatus, Counts};
use crate::model::{CampaignKind, Config};

/// One ISMS role.
#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Responsibilities and authorities.
    pub responsibilities: Md,
    /// Holders, each with their competence records.
    pub holders: Vec<HolderView>,
    /// What the role needs.
    pub competence: Vec<String>,
}

/// A role's holder and their competence records.
#[derive(Debug, Clone, Serialize)]
pub struct HolderView {
    /// Who.
    pub person: PersonRef,
    /// Every competence record of theirs.
    pub competence: Vec<CompetenceView>,
    /// What the role needs that they have no record of.
    pub missing: Vec<String>,
}

/// One competence record.
#[derive(Debug, Clone, Serialize)]
pub struct CompetenceView {
    /// Name.
    pub name: String,
    /// Obtained, `YYYY-MM-DD`.
    pub on: String,
    /// Expires, `YYYY-MM-DD`, if it does.
    pub expires: Option<String>,
    /// Expired as of the view's date.
    pub expired: bool,
    /// Expiring within 60 days of the view's date.
    pub expiring: bool,
    /// The evidence record, if any.
    pub evidence: Option<String>,
    /// Files recorded as its evidence.
    pub files: Vec<String>,
}

/// One awareness campaign.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// training | acknowledgement | exercise.
    pub kind: CampaignKind,
    /// "all" or the departments.
    pub audience: Vec<String>,
    /// Documents acknowledged.
    pub documents: Vec<RecordRef>,
    /// The due date in force, `YYYY-MM-DD`.
    pub due: String,
    /// Past it.
    pub past_due: bool,
    /// The cadence, if recurring.
    pub every: Option<String>,
    /// Taken by joiners.
    pub onboarding: bool,
    /// Target, percent.
    pub target: u32,
    /// Owner.
    pub owner: PersonRef,
    /// Completion files recorded: path, rows read.
    pub files: Vec<(String, usize)>,
    /// The whole audience (none without a roster).
    pub total: Option<CountsView>,
    /// Each department's.
    pub departments: Vec<CountsView>,
    /// Documents changed since some acknowledged them, and how many.
    pub outdated: Vec<awareness::Outdated>,
    /// What it covers.
    pub body: Md,
    /// Document control from git.
    pub doc_control: DocControl,
}

/// Counts of an audience as pages show them.
#[derive(Debug, Clone, Serialize)]
pub struct CountsView {
    /// The department ("" for the whole audience).
    pub name: String,
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
    /// Completion, percent.
    pub percent: u32,
    /// The bar's segments, complete first, on a scale of 0 to 1000.
    pub bar: Vec<Segment>,
}

/// One segment of a completion bar.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    /// The class its colour comes from (the SoA bars' palette).
    pub class: &'static str,
    /// What it counts: "complete", "outdated", "overdue", "pending".
    pub label: &'static str,
    /// How many.
    pub count: usize,
    /// Its start, 0 to 1000.
    pub x: usize,
    /// Its width.
    pub w: usize,
}

impl CountsView {
    fn new(name: &str, counts: &Counts) -> Self {
        let parts = [
            ("seg-implemented", "complete", counts.complete),
            ("seg-partial", "outdated", counts.outdated),
            ("seg-not-implemented", "overdue", counts.overdue),
            ("seg-planned", "pending", counts.pending),
        ];
        let mut bar = Vec::new();
        let (mut x, mut sum) = (0, 0);
        for (class, label, count) in parts {
            if count == 0 {
                continue;
            }
            sum += count;
            let end = (sum * 1000 / counts.audience.max(1)).min(1000);
            bar.push(Segment {
                class,
                label,
                count,
                x,
                w: end - x,
            });
            x = end;
        }
        CountsView {
            name: name.to_string(),
            counts: counts.clone(),
            percent: counts.percent(),
            bar,
        }
    }
}

/// The roles of isms.toml, in its order.
pub(super) fn roles(cx: &ViewCx<'_>, cfg: &Config) -> Vec<RoleView> {
    cfg.role
        .iter()
        .map(|r| RoleView {
            id: r.id.clone(),
            title: r.title.clone(),
            responsibilities: (cx.md)(&r.responsibilities),
            holders: r
                .holders()
                .iter()
                .map(|h| {
                    let records = cfg.person(h).map_or(&[][..], |p| &p.competence[..]);
                    HolderView {
                        person: cx.people.get(h),
                        competence: records
                            .iter()
                            .map(|k| CompetenceView {
                                name: k.name.clone(),
                                on: k.on.to_string(),
                                expires: k.expires.map(|e| e.to_string()),
                                expired: k.expired(cx.today),
                                expiring: k.expiring(cx.today),
                                evidence: k.evidence.clone(),
                                files: k.files.iter().map(|f| f.path.clone()).collect(),
                            })
                            .collect(),
                        missing: r
                            .competence
                            .iter()
                            .filter(|n| !records.iter().any(|k| k.is(n)))
                            .cloned()
                            .collect(),
                    }
                })
                .collect(),
            competence: r.competence.clone(),
        })
        .collect()
}

/// Every campaign, by id; bodies converted in file order.
pub(super) fn campaigns(cx: &ViewCx<'_>) -> Vec<CampaignView> {
    let judged: Vec<CampaignStatus> = awareness::campaigns(cx.tree, cx.today);
    let titles: std::collections::HashMap<&str, &str> = cx
        .tree
        .documents
        .iter()
        .map(|d| (d.data.id.as_str(), d.data.title.as_str()))
        .collect();
    let mut all: Vec<CampaignView> = cx
        .tree
        .awareness
        .iter()
        .map(|r| {
            let c = &r.data;
            let status = judged.iter().find(|s| s.id == c.id);
            CampaignView {
                id: c.id.clone(),
                title: c.title.clone(),
                kind: c.kind,
                audience: c.audience.ids().to_vec(),
                documents: c
                    .documents
                    .iter()
                    .map(|d| RecordRef::new(d, titles.get(d.as_str()).copied().unwrap_or("")))
                    .collect(),
                due: status.map_or(c.due, |s| s.due).to_string(),
                past_due: status.is_some_and(|s| s.past_due),
                every: c.every.clone(),
                onboarding: c.onboarding,
                target: c.target,
                owner: cx.people.get(&c.owner),
                files: c
                    .completion_file
                    .iter()
                    .map(|f| {
                        let rows = cx
                            .tree
                            .completion_files
                            .get(&f.path)
                            .map_or(0, |x| x.rows.len());
                        (f.path.clone(), rows)
                    })
                    .collect(),
                total: status.map(|s| CountsView::new("", &s.counts)),
                departments: status
                    .iter()
                    .flat_map(|s| &s.departments)
                    .map(|(n, k)| CountsView::new(n, k))
                    .collect(),
                outdated: status.map(|s| s.outdated.clone()).unwrap_or_default(),
                body: (cx.md)(&r.body),
                doc_control: cx.doc_control(r.file),
            }
        })
        .collect();
    all.sort_by(|a, b| natord::compare(&a.id, &b.id));
    all
}

/// What `isms status` says of people: campaigns below their target with
/// staff overdue, and role holders' competences expired or expiring.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PeopleStatus {
    /// Campaigns with staff overdue (or with only an older text
    /// acknowledged) and completion below target.
    pub below_target: Vec<CampaignLine>,
    /// Competences role holders rely on, expired or expiring within 60
    /// days, soonest first.
    pub competence_expiring: Vec<ExpiringCompetence>,
}

impl PeopleStatus {
    /// Nothing to say.
    pub fn is_empty(&self) -> bool {
        self.below_target.is_empty() && self.competence_expiring.is_empty()
    }
}

/// A campaign below its target.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignLine {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Completion, percent.
    pub percent: u32,
    /// Target, percent.
    pub target: u32,
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// A competence expired or expiring.
#[derive(Debug, Clone, Serialize)]
pub struct ExpiringCompetence {
    /// Who holds it.
    pub person: PersonRef,
    /// What.
    pub name: String,
    /// When it lapses.
    pub expires: chrono::NaiveDate,
    /// Days from today (negative: expired).
    pub days: i64,
}

/// The people part of `isms status` as of `today`.
pub fn status(tree: &crate::load::Tree, today: chrono::NaiveDate) -> PeopleStatus {
    let below_target = awareness::campaigns(tree, today)
        .into_iter()
        .filter(|c| c.counted)
        .filter(|c| c.counts.overdue + c.counts.outdated > 0 && c.counts.percent() < c.target)
        .map(|c| CampaignLine {
            id: c.id,
            title: c.title,
            percent: c.counts.percent(),
            target: c.target,
            counts: c.counts,
        })
        .collect();
    let mut competence_expiring = Vec::new();
    if let Some(cfg) = &tree.config {
        let cfg = &cfg.data;
        let people = super::refs::People::new(cfg);
        let holders: std::collections::BTreeSet<&str> = cfg
            .role
            .iter()
            .flat_map(|r| r.holders().iter().map(String::as_str))
            .collect();
        for p in cfg
            .person
            .iter()
            .filter(|p| holders.contains(p.id.as_str()))
        {
            for k in &p.competence {
                // A lapsed record renewed by a later one is no news.
                let Some(expires) = k.expires else { continue };
                if p.renewed(k) || !(k.expired(today) || k.expiring(today)) {
                    continue;
                }
                competence_expiring.push(ExpiringCompetence {
                    person: people.get(&p.id),
                    name: k.name.clone(),
                    expires,
                    days: crate::model::days_until(expires, today),
                });
            }
        }
    }
    competence_expiring.sort_by(|a, b| (a.expires, &a.person.id).cmp(&(b.expires, &b.person.id)));
    PeopleStatus {
        below_target,
        competence_expiring,
    }
}
