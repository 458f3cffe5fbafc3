//! What `isms status` says of the asset inventory and the supplier register:
//! supplier reviews overdue or due soon (and high or critical suppliers
//! never reviewed), certifications expired or expiring, and asset owner
//! reviews overdue or never done. Every judgement is the model's
//! (`Supplier::review_due`, `Asset::review_overdue_days`...), the same the
//! checker's W020-W023 make.

use chrono::NaiveDate;
use serde::Serialize;

use crate::load::Tree;
use crate::model::Config;

/// The registers' lines of `isms status`; empty for a tree without them.
#[derive(Debug, Clone, Serialize, Default)]
pub struct RegisterStatus {
    /// Whether the tree keeps an asset inventory.
    pub assets_kept: bool,
    /// Whether the tree keeps a supplier register.
    pub suppliers_kept: bool,
    /// Suppliers whose review is overdue or due within the window, and high
    /// or critical active ones never reviewed: overdue first, then by date.
    pub supplier_reviews: Vec<ReviewLine>,
    /// Certifications expired and not renewed, or expiring within
    /// [`crate::model::CERTIFICATION_WARNING_DAYS`], soonest first.
    pub certifications: Vec<CertificationLine>,
    /// Assets in use whose owner review is overdue or was never done.
    pub asset_reviews: Vec<ReviewLine>,
}

/// A record due for review.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewLine {
    /// The record's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The person id of its owner.
    pub owner: String,
    /// When the review is due; None when it was never reviewed.
    pub due: Option<NaiveDate>,
    /// Days past due (0 or less: not yet due).
    pub days_overdue: Option<i64>,
}

/// A supplier's certification that lapsed or is about to.
#[derive(Debug, Clone, Serialize)]
pub struct CertificationLine {
    /// The supplier's id.
    pub supplier: String,
    /// The certification ("ISO/IEC 27001").
    pub name: String,
    /// Its last valid day.
    pub valid_until: NaiveDate,
    /// Whether it has expired.
    pub expired: bool,
}

/// The registers' status on `today`, with reviews due within `within` days
/// counted as due soon.
pub fn status(tree: &Tree, cfg: &Config, today: NaiveDate, within: u32) -> RegisterStatus {
    let soon = crate::model::horizon(today, within);
    let settings = cfg.supplier_settings();
    // `due_in`: the model's days from today to the review (negative late).
    let line = |id: &str, title: &str, owner: &str, due, due_in: Option<i64>| ReviewLine {
        id: id.to_string(),
        title: title.to_string(),
        owner: owner.to_string(),
        due,
        days_overdue: due_in.map(|d| -d),
    };
    let mut supplier_reviews: Vec<ReviewLine> = tree
        .suppliers
        .iter()
        .map(|r| &r.data)
        .filter(|s| s.review_due_by(soon, &settings))
        .map(|s| {
            let (due, due_in) = (s.review_due(&settings), s.review_due_in(today, &settings));
            line(&s.id, &s.title, &s.owner, due, due_in)
        })
        .collect();
    supplier_reviews.sort_by(|a, b| (a.due, &a.id).cmp(&(b.due, &b.id)));
    let mut certifications: Vec<CertificationLine> = tree
        .suppliers
        .iter()
        .flat_map(|r| {
            let s = &r.data;
            let lapsed = s.expired_certifications(today).map(|(_, c)| (c, true));
            let coming = s.expiring_certifications(today).map(|(_, c)| (c, false));
            lapsed.chain(coming).map(|(c, expired)| CertificationLine {
                supplier: s.id.clone(),
                name: c.name.clone(),
                valid_until: c.valid_until,
                expired,
            })
        })
        .collect();
    certifications.sort_by(|a, b| (a.valid_until, &a.supplier).cmp(&(b.valid_until, &b.supplier)));
    let review_days = cfg.asset_settings().review_days;
    let mut asset_reviews: Vec<ReviewLine> = tree
        .assets
        .iter()
        .map(|r| &r.data)
        .filter(|a| a.needs_review(today, review_days))
        .map(|a| {
            let (due, due_in) = (
                a.review_due(review_days),
                a.review_due_in(today, review_days),
            );
            line(&a.id, &a.title, &a.owner, due, due_in)
        })
        .collect();
    asset_reviews.sort_by(|a, b| (a.due, &a.id).cmp(&(b.due, &b.id)));
    RegisterStatus {
        assets_kept: !tree.assets.is_empty(),
        suppliers_kept: !tree.suppliers.is_empty(),
        supplier_reviews,
        certifications,
        asset_reviews,
    }
}
