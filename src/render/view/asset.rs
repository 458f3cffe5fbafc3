//! The asset inventory (A.5.9): one view per asset, with the risks that
//! cite it and its dependencies both ways, and the choices the site's
//! filters offer.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::refs::{PersonRef, RecordRef};
use super::{DocControl, Md, ViewCx};
use crate::load::Record;
use crate::model::{Asset, AssetSettings, AssetStatus, AssetType, Cia, Classification};

/// The inventory: every asset by id, and what the list can be filtered by.
#[derive(Debug, Clone, Serialize)]
pub struct AssetInventory {
    /// Every asset, in natural id order.
    pub items: Vec<AssetView>,
    /// The types present, in the order of [`AssetType`].
    pub types: Vec<AssetType>,
    /// The classifications present, lowest first.
    pub classifications: Vec<Classification>,
    /// The owners, by name.
    pub owners: Vec<PersonRef>,
    /// The top of the CIA scale (`[assets] cia_levels`).
    pub cia_levels: u32,
    /// Days between owner reviews (`[assets] review_days`).
    pub review_days: u32,
    /// Active assets whose review is overdue, or that were never reviewed.
    pub unreviewed: usize,
}

/// One asset.
#[derive(Debug, Clone, Serialize)]
pub struct AssetView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Owner.
    pub owner: PersonRef,
    /// information | software | service | hardware | people | site.
    #[serde(rename = "type")]
    pub kind: AssetType,
    /// Classification, if any.
    pub classification: Option<Classification>,
    /// CIA ratings, if any.
    pub cia: Option<Cia>,
    /// The assets it depends on.
    pub depends_on: Vec<RecordRef>,
    /// The assets that depend on it.
    pub depended_on_by: Vec<RecordRef>,
    /// Who provides or hosts it, by id.
    pub suppliers: Vec<RecordRef>,
    /// Where it is.
    pub location: Option<String>,
    /// active | planned | retired.
    pub status: AssetStatus,
    /// Last owner review.
    pub reviewed: Option<NaiveDate>,
    /// Next owner review due.
    pub review_due: Option<NaiveDate>,
    /// Active and past its review date.
    pub review_overdue: bool,
    /// In use and never reviewed or overdue ([`crate::model::Asset::needs_review`]).
    #[serde(skip)]
    pub needs_review: bool,
    /// The risks whose `assets` name it.
    pub risks: Vec<RecordRef>,
    /// Description.
    pub body: Md,
    /// Document control from git.
    pub doc_control: DocControl,
}

/// The inventory of the view's tree.
pub(super) fn inventory(cx: &ViewCx<'_>, settings: &AssetSettings) -> AssetInventory {
    let tree = cx.tree;
    let titles: HashMap<&str, &str> = tree
        .assets
        .iter()
        .map(|a| (a.data.id.as_str(), a.data.title.as_str()))
        .collect();
    let suppliers: HashMap<&str, &str> = tree
        .suppliers
        .iter()
        .map(|s| (s.data.id.as_str(), s.data.title.as_str()))
        .collect();
    let named = |id: &str| RecordRef::new(id, titles.get(id).copied().unwrap_or(""));
    let mut risks_of: HashMap<&str, Vec<RecordRef>> = HashMap::new();
    for r in &tree.risks {
        for a in &r.data.assets {
            let rr = RecordRef::new(&r.data.id, &r.data.title);
            risks_of.entry(a.as_str()).or_default().push(rr);
        }
    }
    let mut dependents: HashMap<&str, Vec<RecordRef>> = HashMap::new();
    for a in &tree.assets {
        for d in &a.data.depends_on {
            let rr = RecordRef::new(&a.data.id, &a.data.title);
            dependents.entry(d.as_str()).or_default().push(rr);
        }
    }
    let view = |r: &Record<Asset>| {
        let d = &r.data;
        let sorted = |mut v: Vec<RecordRef>| {
            v.sort_by(|a, b| natord::compare(&a.id, &b.id));
            v
        };
        AssetView {
            id: d.id.clone(),
            title: d.title.clone(),
            owner: cx.people.get(&d.owner),
            kind: d.kind,
            classification: d.classification,
            cia: d.cia,
            depends_on: d.depends_on.iter().map(|x| named(x)).collect(),
            depended_on_by: sorted(dependents.get(d.id.as_str()).cloned().unwrap_or_default()),
            suppliers: d
                .suppliers
                .iter()
                .map(|s| RecordRef::new(s, suppliers.get(s.as_str()).copied().unwrap_or("")))
                .collect(),
            location: d.location.clone(),
            status: d.status,
            reviewed: d.reviewed,
            review_due: d.review_due(settings.review_days),
            review_overdue: d.review_overdue(cx.today, settings.review_days),
            needs_review: d.needs_review(cx.today, settings.review_days),
            risks: sorted(risks_of.get(d.id.as_str()).cloned().unwrap_or_default()),
            body: (cx.md)(&r.body),
            doc_control: cx.doc_control(r.file),
        }
    };
    let mut items: Vec<AssetView> = tree.assets.iter().map(view).collect();
    items.sort_by(|a, b| natord::compare(&a.id, &b.id));
    let types: BTreeSet<AssetType> = items.iter().map(|a| a.kind).collect();
    let classifications: BTreeSet<Classification> =
        items.iter().filter_map(|a| a.classification).collect();
    let owner_ids: BTreeSet<&str> = items.iter().map(|a| a.owner.id.as_str()).collect();
    let mut owners: Vec<PersonRef> = owner_ids.into_iter().map(|o| cx.people.get(o)).collect();
    owners.sort_by(|a, b| a.name.cmp(&b.name));
    let unreviewed = items.iter().filter(|a| a.needs_review).count();
    AssetInventory {
        types: types.into_iter().collect(),
        classifications: classifications.into_iter().collect(),
        owners,
        cia_levels: settings.cia_levels,
        review_days: settings.review_days,
        unreviewed,
        items,
    }
}
