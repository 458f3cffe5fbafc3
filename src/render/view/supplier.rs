//! The supplier register (A.5.19 to A.5.22): one view per supplier, with
//! its contract, certifications and reviews, when it is next due, and the
//! assets it provides or hosts.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::refs::{self, ControlRef, PersonRef, RecordRef};
use super::{DocControl, Md, ViewCx};
use crate::load::Record;
use crate::model::{
    Classification, Contract, Criticality, ReviewOutcome, Supplier, SupplierSettings,
    SupplierStatus,
};

/// The register: every supplier by id, and its totals as of today.
#[derive(Debug, Clone, Serialize)]
pub struct SupplierRegister {
    /// Every supplier, in natural id order.
    pub items: Vec<SupplierView>,
    /// Suppliers in use whose review is overdue, or high and critical ones
    /// never reviewed.
    pub overdue: usize,
    /// Certifications expired and not renewed.
    pub expired: usize,
    /// Certifications expiring within 30 days.
    pub expiring: usize,
}

/// One supplier.
#[derive(Debug, Clone, Serialize)]
pub struct SupplierView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The relationship owner.
    pub owner: PersonRef,
    /// What it provides.
    pub services: Option<String>,
    /// low | medium | high | critical.
    pub criticality: Criticality,
    /// onboarding | active | offboarded.
    pub status: SupplierStatus,
    /// The highest classification it receives.
    pub data: Option<Classification>,
    /// Whether it processes personal data for us.
    pub subprocessor: bool,
    /// Where it processes our data.
    pub countries: Vec<String>,
    /// The controls that govern it.
    pub controls: Vec<ControlRef>,
    /// Its review cadence, as written.
    pub every: String,
    /// Its contract, if recorded.
    pub contract: Option<Contract>,
    /// Its certifications, as recorded.
    pub certifications: Vec<CertificationView>,
    /// The earliest expiry among its current certifications.
    pub certified_until: Option<NaiveDate>,
    /// Its reviews, latest first.
    pub reviews: Vec<SupplierReviewView>,
    /// Next review due (None when never reviewed, or offboarded).
    pub review_due: Option<NaiveDate>,
    /// Past its review date, or high or critical and never reviewed.
    pub review_overdue: bool,
    /// The assets naming it among their suppliers.
    pub assets: Vec<RecordRef>,
    /// The due diligence notes.
    pub body: Md,
    /// Document control from git.
    pub doc_control: DocControl,
}

/// One certification of a supplier.
#[derive(Debug, Clone, Serialize)]
pub struct CertificationView {
    /// "ISO/IEC 27001".
    pub name: String,
    /// Its last valid day.
    pub valid_until: NaiveDate,
    /// The evidence record holding it.
    pub evidence: Option<String>,
    /// Or its files, by path.
    pub files: Vec<String>,
    /// Superseded by a later one of the same name, or the supplier is
    /// offboarded.
    pub superseded: bool,
    /// Expired and not renewed.
    pub expired: bool,
    /// Expiring within 30 days.
    pub expiring: bool,
}

/// One review of a supplier.
#[derive(Debug, Clone, Serialize)]
pub struct SupplierReviewView {
    /// Its day.
    pub on: NaiveDate,
    /// The reviewer.
    pub by: PersonRef,
    /// approved | approved-with-conditions | rejected.
    pub outcome: ReviewOutcome,
    /// What was found or agreed.
    pub note: Option<String>,
    /// The risks it raised.
    pub risks: Vec<RecordRef>,
}

/// The register of the view's tree.
pub(super) fn register(cx: &ViewCx<'_>, settings: &SupplierSettings) -> SupplierRegister {
    let tree = cx.tree;
    let risk_titles: HashMap<&str, &str> = tree
        .risks
        .iter()
        .map(|r| (r.data.id.as_str(), r.data.title.as_str()))
        .collect();
    let mut assets_of: HashMap<&str, Vec<RecordRef>> = HashMap::new();
    for a in &tree.assets {
        for s in &a.data.suppliers {
            let rr = RecordRef::new(&a.data.id, &a.data.title);
            assets_of.entry(s.as_str()).or_default().push(rr);
        }
    }
    let view = |r: &Record<Supplier>| {
        let d = &r.data;
        let current: Vec<usize> = d.current_certifications().map(|(i, _)| i).collect();
        let expired: Vec<usize> = d.expired_certifications(cx.today).map(|(i, _)| i).collect();
        let expiring: Vec<usize> = d
            .expiring_certifications(cx.today)
            .map(|(i, _)| i)
            .collect();
        let certifications = d
            .certification
            .iter()
            .enumerate()
            .map(|(i, c)| CertificationView {
                name: c.name.clone(),
                valid_until: c.valid_until,
                evidence: c.evidence.clone(),
                files: c.files.iter().map(|f| f.path.clone()).collect(),
                superseded: !current.contains(&i),
                expired: expired.contains(&i),
                expiring: expiring.contains(&i),
            })
            .collect();
        let certified_until = current
            .iter()
            .filter_map(|i| d.certification.get(*i))
            .map(|c| c.valid_until)
            .min();
        let mut reviews: Vec<SupplierReviewView> = d
            .review
            .iter()
            .map(|v| SupplierReviewView {
                on: v.on,
                by: cx.people.get(&v.by),
                outcome: v.outcome,
                note: v.note.clone(),
                risks: v
                    .risks
                    .iter()
                    .map(|x| RecordRef::new(x, risk_titles.get(x.as_str()).copied().unwrap_or("")))
                    .collect(),
            })
            .collect();
        reviews.sort_by_key(|r| std::cmp::Reverse(r.on));
        let mut assets = assets_of.get(d.id.as_str()).cloned().unwrap_or_default();
        assets.sort_by(|a, b| natord::compare(&a.id, &b.id));
        SupplierView {
            id: d.id.clone(),
            title: d.title.clone(),
            owner: cx.people.get(&d.owner),
            services: d.services.clone(),
            criticality: d.criticality,
            status: d.status,
            data: d.data,
            subprocessor: d.subprocessor,
            countries: d.countries.clone(),
            controls: refs::controls(cx.cat, &d.controls),
            every: d.every(settings).to_string(),
            contract: d.contract.clone(),
            certifications,
            certified_until,
            reviews,
            review_due: d.review_due(settings),
            review_overdue: d.needs_review(cx.today, settings),
            assets,
            body: (cx.md)(&r.body),
            doc_control: cx.doc_control(r.file),
        }
    };
    let mut items: Vec<SupplierView> = tree.suppliers.iter().map(view).collect();
    items.sort_by(|a, b| natord::compare(&a.id, &b.id));
    let count = |f: fn(&CertificationView) -> bool| {
        items
            .iter()
            .flat_map(|s| &s.certifications)
            .filter(|c| f(c))
            .count()
    };
    SupplierRegister {
        overdue: items.iter().filter(|s| s.review_overdue).count(),
        expired: count(|c| c.expired),
        expiring: count(|c| c.expiring),
        items,
    }
}
