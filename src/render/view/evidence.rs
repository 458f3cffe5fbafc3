//! The evidence register as documents and `isms evidence` show it: each
//! item with its last collection, when it is next due and its state, by
//! owner. Built from the tree alone, so the terminal listing, the site and
//! the PDF pack show the same states.

use chrono::NaiveDate;
use serde::Serialize;

use super::refs::{self, ControlRef, People, PersonRef};
use super::soa::{EvidenceLink, evidence_link};
use super::{Md, MdFn};
use crate::catalogue::Catalogue;
use crate::load::Tree;
use crate::model::{Evidence, Soa};

/// Where an evidence item stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    strum::Display,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum EvidenceState {
    /// Past its due date.
    Overdue,
    /// Never collected.
    Never,
    /// Due within the window.
    DueSoon,
    /// Collected within its cadence.
    Current,
}

/// One recorded file.
#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    /// Path inside the tree.
    pub path: String,
    /// Its recorded sha256.
    pub sha256: String,
}

/// One collection.
#[derive(Debug, Clone, Serialize)]
pub struct CollectionView {
    /// Effective date.
    pub on: NaiveDate,
    /// Who collected it.
    pub by: PersonRef,
    /// Remark ("" when none).
    pub note: String,
    /// Files with their hashes.
    pub files: Vec<FileView>,
    /// Links as written.
    pub links: Vec<String>,
    /// The same links, `url` set only for valid http(s) ones (the only
    /// ones documents make anchors of).
    pub link_refs: Vec<EvidenceLink>,
}

/// One evidence item.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceItem {
    /// "EV-004".
    pub id: String,
    /// Title.
    pub title: String,
    /// Who collects it.
    pub owner: PersonRef,
    /// Cadence as written ("quarterly").
    pub every: String,
    /// Annex A controls.
    pub controls: Vec<String>,
    /// The same controls with their titles.
    pub control_refs: Vec<ControlRef>,
    /// SOC 2 criteria: as listed, else derived from the controls.
    pub soc2: Vec<String>,
    /// Whether `soc2` was derived from the indicative mapping.
    pub soc2_derived: bool,
    /// The latest collection.
    pub last: Option<CollectionView>,
    /// Every collection, oldest first.
    pub collections: Vec<CollectionView>,
    /// Next due (None: never collected).
    pub due: Option<NaiveDate>,
    /// Days until due (negative: overdue; None: never collected).
    pub due_in_days: Option<i64>,
    /// State as of `today`.
    pub state: EvidenceState,
    /// The record's path inside the tree.
    pub file: String,
    /// Its document control (revision history from git), on the site's
    /// record page; absent from the register commands print.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_control: Option<super::DocControl>,
    /// The runbook (the record's Markdown body), converted for documents;
    /// absent where nothing shows Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runbook: Option<Md>,
}

/// One owner's items.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceOwner {
    /// The owner.
    pub owner: PersonRef,
    /// Overdue first, then never collected, due soon, current; then by due
    /// date and id.
    pub items: Vec<EvidenceItem>,
}

/// The register.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRegister {
    /// The date states are judged against.
    pub today: NaiveDate,
    /// Items due within this many days are due soon.
    pub due_days: u32,
    /// today + due_days.
    pub until: NaiveDate,
    /// Items listed.
    pub total: usize,
    /// How many are overdue.
    pub overdue: usize,
    /// How many are due soon.
    pub due_soon: usize,
    /// How many were never collected.
    pub never: usize,
    /// How many are current.
    pub current: usize,
    /// By owner name.
    pub owners: Vec<EvidenceOwner>,
}

/// The SOC 2 criteria an item covers (see [`Evidence::soc2_criteria`]).
pub fn soc2_of(e: &Evidence, soa: Option<&Soa>) -> (Vec<String>, bool) {
    e.soc2_criteria(soa)
}

/// Every item of the tree, in file order, with its state as of `today`.
pub fn items(tree: &Tree, today: NaiveDate, due_days: u32) -> Vec<EvidenceItem> {
    items_with(tree, today, due_days, None)
}

/// [`items`], with each runbook converted by `md` when given.
fn items_with(
    tree: &Tree,
    today: NaiveDate,
    due_days: u32,
    md: Option<MdFn<'_>>,
) -> Vec<EvidenceItem> {
    let Some(cfg) = &tree.config else {
        return Vec::new();
    };
    let people = People::new(&cfg.data);
    let cat = Catalogue::get();
    let until = today + chrono::Days::new(u64::from(due_days));
    tree.evidence
        .iter()
        .map(|r| {
            let e = &r.data;
            let collections: Vec<CollectionView> = e
                .collection
                .iter()
                .map(|c| CollectionView {
                    on: c.on,
                    by: people.get(&c.by),
                    note: c.note.clone().unwrap_or_default(),
                    files: c
                        .files
                        .iter()
                        .map(|f| FileView {
                            path: f.path.clone(),
                            sha256: f.sha256.clone(),
                        })
                        .collect(),
                    links: c.links.clone(),
                    link_refs: c.links.iter().map(|l| evidence_link(l)).collect(),
                })
                .collect();
            let last = e
                .last()
                .and_then(|l| e.collection.iter().rposition(|c| c.on == l.on))
                .and_then(|i| collections.get(i).cloned());
            let due = e.due();
            let state = match due {
                None => EvidenceState::Never,
                Some(_) if e.overdue(today) => EvidenceState::Overdue,
                Some(d) if d <= until => EvidenceState::DueSoon,
                Some(_) => EvidenceState::Current,
            };
            let (soc2, soc2_derived) = soc2_of(e, tree.soa.as_ref().map(|s| &s.data));
            EvidenceItem {
                id: e.id.clone(),
                title: e.title.clone(),
                owner: people.get(&e.owner),
                every: e.every.clone(),
                controls: e.controls.clone(),
                control_refs: e.controls.iter().map(|c| refs::control(cat, c)).collect(),
                soc2,
                soc2_derived,
                last,
                collections,
                due,
                due_in_days: due.map(|d| crate::model::days_until(d, today)),
                state,
                file: tree.sources.get(r.file).path.clone(),
                doc_control: None,
                runbook: md.map(|md| md(&r.body)),
            }
        })
        .collect()
}

/// The register with each item's document control (its revision history
/// from git), as every record page of the site has.
pub(super) fn with_doc_control(
    cx: &super::ViewCx<'_>,
    mut register: EvidenceRegister,
) -> EvidenceRegister {
    for item in register.owners.iter_mut().flat_map(|g| g.items.iter_mut()) {
        let record = cx.tree.evidence.iter().find(|r| r.data.id == item.id);
        item.doc_control = record.map(|r| cx.doc_control(r.file));
    }
    register
}

/// The register by owner, as of `today`, with items due within
/// `due_days` counted as due soon.
pub fn register(tree: &Tree, today: NaiveDate, due_days: u32) -> EvidenceRegister {
    register_with(tree, today, due_days, None)
}

/// [`register`], with each runbook converted by `md` when given (the
/// documents' register).
pub(super) fn register_with(
    tree: &Tree,
    today: NaiveDate,
    due_days: u32,
    md: Option<MdFn<'_>>,
) -> EvidenceRegister {
    let mut all = items_with(tree, today, due_days, md);
    let count = |s| all.iter().filter(|i| i.state == s).count();
    let (overdue, due_soon, never, current) = (
        count(EvidenceState::Overdue),
        count(EvidenceState::DueSoon),
        count(EvidenceState::Never),
        count(EvidenceState::Current),
    );
    let total = all.len();
    all.sort_by(|a, b| {
        (
            &a.owner.name,
            &a.owner.id,
            a.state,
            a.due,
            natord_key(&a.id),
        )
            .cmp(&(
                &b.owner.name,
                &b.owner.id,
                b.state,
                b.due,
                natord_key(&b.id),
            ))
    });
    let mut owners: Vec<EvidenceOwner> = Vec::new();
    for item in all {
        match owners.last_mut() {
            Some(g) if g.owner.id == item.owner.id => g.items.push(item),
            _ => owners.push(EvidenceOwner {
                owner: item.owner.clone(),
                items: vec![item],
            }),
        }
    }
    EvidenceRegister {
        today,
        due_days,
        until: today + chrono::Days::new(u64::from(due_days)),
        total,
        overdue,
        due_soon,
        never,
        current,
        owners,
    }
}

/// An id sorting key that orders EV-9 before EV-10.
fn natord_key(id: &str) -> (usize, &str) {
    (id.len(), id)
}
