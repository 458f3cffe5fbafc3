//! View models: what documents show, computed once from a checked corpus
//! and shared by the PDF and HTML renderers so the two cannot drift.
//! Templates see only these structs (serialised), never the record model.
//! Names of people are resolved, scores carry their level, cross-references
//! run both ways, every figure both outputs show is computed here, and
//! Markdown is converted by the caller's renderer ([`Md`]).
//!
//! A module per record kind builds that kind's views; [`Cx`] carries what
//! they all need.

mod action;
mod asset;
mod audit;
mod doc_control;
mod document;
pub mod evidence;
mod incident;
mod method;
pub mod prep;
mod programme;
mod refs;
mod review;
mod risk;
mod risk_review;
mod soa;
pub mod soc2;
mod stats;
pub mod status;
mod supplier;

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

pub use action::ActionView;
pub use asset::{AssetInventory, AssetView};
pub use audit::{AuditView, FindingView};
pub use doc_control::DocControl;
pub use document::{ApprovalView, DocumentView};
pub use evidence::{EvidenceItem, EvidenceRegister, EvidenceState};
pub use incident::{IncidentView, TimelineView};
pub use method::{Cell, Grid, LevelView, Method, Score, ink_for};
pub use programme::{AwaitingView, ClauseGap, ProgrammeView, ThemeGap, VerificationView};
pub use refs::{ControlRef, PersonRef, RecordRef};
pub use review::{InputView, ReviewView};
pub use risk::{AcceptanceView, RiskView};
pub use risk_review::{
    ActionDue, CitedFinding, CitedIncident, ControlState, ControlStatus, OwnerGroup, RiskDue,
    RiskReviewSheet, ScoreBrief,
};
pub use soa::{ControlView, CoveringEvidence, Evidence, SoaCounts, SoaView, ThemeView};
pub use soc2::Soc2View;
pub use stats::Stats;
pub use supplier::{CertificationView, SupplierRegister, SupplierReviewView, SupplierView};

use crate::catalogue::Catalogue;
use crate::diag::FileId;
use crate::git::{DocHistory, History, Stamp};
use crate::load::Tree;
use crate::model::{Config, Soa};
use crate::pipeline::Corpus;

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

/// Converts Markdown source for the target format. [`build`] calls it in
/// one fixed order, written out there (risks, evidence runbooks, SoA
/// entries, audits, reviews, incidents, documents, assets, suppliers, then the scope), so an
/// output that numbers fragments (the site's footnote ids) numbers them the
/// same on every build.
pub type MdFn<'a> = &'a dyn Fn(&str) -> Md;

/// An [`MdFn`] for outputs that show no Markdown (terminal reports).
pub fn no_markdown(_: &str) -> Md {
    Md::Html(String::new())
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

/// Everything a document or page can show.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Organisation.
    pub org: OrgView,
    /// Provenance.
    pub stamp: Stamp,
    /// The date things are judged against (overdue flags).
    pub today: NaiveDate,
    /// People.
    pub people: Vec<PersonRef>,
    /// Risk method.
    pub method: Method,
    /// Risks by id.
    pub risks: Vec<RiskView>,
    /// Inherent heat map (same shape as the method matrix), open risks.
    pub heat_inherent: Grid,
    /// Residual heat map, open risks.
    pub heat_residual: Grid,
    /// SoA.
    pub soa: SoaView,
    /// The evidence register as of `today`, items due within
    /// [`EVIDENCE_DUE_DAYS`] counted as due soon.
    pub evidence: EvidenceRegister,
    /// Audits by planned date.
    pub audits: Vec<AuditView>,
    /// Reviews by date.
    pub reviews: Vec<ReviewView>,
    /// Incidents by detection time, newest first.
    pub incidents: Vec<IncidentView>,
    /// Controlled documents, by id.
    pub documents: Vec<DocumentView>,
    /// The asset inventory.
    pub assets: AssetInventory,
    /// The supplier register.
    pub suppliers: SupplierRegister,
    /// The documented information the standard requires, and what in the
    /// tree provides each item.
    pub mandatory: Vec<crate::check::MandatoryItem>,
    /// Every action, open first, by due date.
    pub actions: Vec<ActionView>,
    /// Dashboard numbers.
    pub stats: Stats,
    /// The internal audit programme: coverage this cycle and corrective
    /// actions awaiting an effectiveness check.
    pub programme: ProgrammeView,
    /// Revision history of every record file from git, by path relative to
    /// the ISMS root (empty outside git).
    pub history: BTreeMap<String, DocHistory>,
    /// What changed since `--since REV`, when asked for.
    pub changes: Option<crate::diff::Changes>,
    /// The SOC 2 crosswalk, when isms.toml has `[soc2]`.
    pub soc2: Option<Soc2View>,
}

/// Documents count evidence due within this many days as due soon, as
/// `isms evidence` does by default.
pub const EVIDENCE_DUE_DAYS: u32 = 30;

/// What every kind's view builder needs.
pub(crate) struct Cx<'a> {
    tree: &'a Tree,
    cat: &'static Catalogue,
    people: refs::People<'a>,
    scale: method::Scale<'a>,
    xref: refs::CrossRefs<'a>,
    today: NaiveDate,
    md: MdFn<'a>,
    history: &'a History,
    modified: &'a [String],
}

impl Cx<'_> {
    /// Document control of the record read from `file`.
    fn doc_control(&self, file: FileId) -> DocControl {
        let path = &self.tree.sources.get(file).path;
        DocControl::new(path, self.history, self.modified)
    }
}

impl<'a> Cx<'a> {
    /// The context of a checked corpus, with its isms.toml and soa.toml.
    fn new(
        corpus: &'a Corpus,
        md: MdFn<'a>,
    ) -> Result<(Self, &'a Config, &'a crate::load::Record<Soa>)> {
        let tree = &corpus.tree;
        let (Some(cfg), Some(soa)) = (&tree.config, &tree.soa) else {
            anyhow::bail!("the tree has no isms.toml or soa.toml");
        };
        let cfg = &cfg.data;
        let cx = Cx {
            tree,
            cat: Catalogue::get(),
            people: refs::People::new(cfg),
            scale: method::Scale::new(&cfg.risk),
            xref: refs::CrossRefs::build(tree),
            today: corpus.today,
            md,
            history: &corpus.history,
            modified: &corpus.stamp.modified,
        };
        Ok((cx, cfg, soa))
    }
}

/// The quarterly risk review sheet of a checked corpus: open risks whose
/// review falls due within `within_days` of the corpus's `today` (or is
/// overdue), by owner. See [`RiskReviewSheet`].
pub fn risk_review(corpus: &Corpus, within_days: u32) -> Result<RiskReviewSheet> {
    // The sheet shows no Markdown, so none is converted.
    let (cx, _, soa) = Cx::new(corpus, &|_| Md::Html(String::new()))?;
    Ok(risk_review::sheet(&cx, &soa.data, within_days))
}

/// The view of a checked corpus, with Markdown converted by `md`.
pub fn build(corpus: &Corpus, md: MdFn<'_>) -> Result<View> {
    let (cx, cfg, soa) = Cx::new(corpus, md)?;
    // The order of these calls is the order Markdown is converted in (see
    // [`MdFn`]): every call that converts any comes before `scope`.
    let risks = risk::all(&cx);
    let evidence = evidence::register_with(cx.tree, cx.today, EVIDENCE_DUE_DAYS, Some(md));
    let soa = soa::view(&cx, soa, &evidence);
    let audits = audit::all(&cx);
    let reviews = review::all(&cx);
    let incidents = incident::all(&cx);
    let documents = document::all(&cx);
    let assets = asset::inventory(&cx, &cfg.asset_settings());
    let suppliers = supplier::register(&cx, &cfg.supplier_settings());
    let actions = action::all(&cx);
    let parts = stats::Parts {
        risks: &risks,
        actions: &actions,
        audits: &audits,
        reviews: &reviews,
        incidents: &incidents,
    };
    let (stats, heat) = stats::compute(&cx.scale, &parts);
    let programme = programme::view(&cx);
    let mut people: Vec<PersonRef> = cfg.person.iter().map(|p| cx.people.get(&p.id)).collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    let org = &cfg.organisation;
    let scope = md(&org.scope);
    Ok(View {
        org: OrgView {
            name: org.name.clone(),
            scope,
            accent: org.accent.clone().unwrap_or_else(|| "#1f4e79".into()),
            logo: org.logo.clone(),
        },
        stamp: corpus.stamp.clone(),
        today: corpus.today,
        people,
        method: cx.scale.view(),
        risks,
        heat_inherent: heat.inherent,
        heat_residual: heat.residual,
        soa,
        evidence,
        audits,
        reviews,
        incidents,
        documents,
        assets,
        suppliers,
        mandatory: crate::check::mandatory_map(&corpus.tree),
        actions,
        stats,
        programme,
        history: corpus.history.docs.clone(),
        changes: corpus.since.clone(),
        soc2: soc2::view(cx.tree, corpus.today),
    })
}
