//! View models: what documents show, computed once from a checked corpus
//! and shared by the PDF and HTML renderers so the two cannot drift.
//! Templates see only these structs (serialised), never the record model.
//! Names of people are resolved, scores carry their level, cross-references
//! run both ways, every figure both outputs show is computed here, and
//! Markdown is converted by the caller's renderer ([`Md`]).
//!
//! A module per record kind builds that kind's views; `ViewCx` carries what
//! they all need.

mod action;
mod asset;
mod audit;
mod context;
mod doc_control;
mod document;
pub mod evidence;
mod incident;
pub mod measurement;
mod method;
mod obligation;
pub mod people;
pub mod prep;
mod programme;
mod refs;
pub mod registers;
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
pub use context::{Addressing, ContextView, IssueView, PartyView, RequirementView};
pub use doc_control::DocControl;
pub use document::{ApprovalView, DocumentView};
pub use evidence::{EvidenceItem, EvidenceRegister, EvidenceState};
pub use incident::{IncidentView, TimelineView};
pub use measurement::{MeasurementView, MetricView, ObjectiveView, PointView};
pub use method::{LevelView, MatrixCell, Method, RiskMatrix, Score, ink_for};
pub use obligation::ObligationView;
pub use people::{
    CampaignLine, CampaignView, CompetenceView, CountsView, ExpiringCompetence, HolderView,
    PeopleStatus, RoleView,
};
pub use programme::{AwaitingView, ClauseGap, ProgrammeView, ThemeGap, VerificationView};
pub use refs::{AssetRef, ControlRef, PersonRef, RecordRef};
pub use review::{InputView, ReviewView};
pub use risk::{AcceptanceView, RiskView};
pub use risk_review::{
    ActionDue, AssetDue, CitedFinding, CitedIncident, ControlState, ControlStatus, OwnerGroup,
    RiskDue, RiskReviewSheet, ScoreBrief,
};
pub use soa::{ControlView, CoveringEvidence, EvidenceLink, SoaCounts, SoaView, ThemeView};
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

/// Converts Markdown source for the target format.
///
/// [`build`] calls it once per fragment, in one fixed order that outputs
/// may rely on: the site numbers fragments in it to keep footnote ids unique
/// on a page, so the same tree gives the same bytes. The order (the test
/// `markdown_is_converted_in_the_documented_order` holds it to this list):
///
/// 1. each risk's text;
/// 2. each evidence record's runbook;
/// 3. each Annex A control's implementation from the SoA, theme by theme in
///    catalogue order (an empty one for a control the SoA does not list);
/// 4. each audit's text;
/// 5. each review's inputs (in [`crate::model::REVIEW_INPUTS`] order), its
///    decisions, then its text;
/// 6. each incident's text;
/// 7. each document's text;
/// 8. each asset's text;
/// 9. each supplier's notes;
/// 10. each obligation's text;
/// 11. each objective's plan;
/// 12. each metric's text (how it is measured);
/// 13. each awareness campaign's text;
/// 14. each ISMS role's responsibilities, in isms.toml's order;
/// 15. the organisation's scope.
///
/// Records of a kind come in the tree's order (by file name), not the
/// order the view lists them in. Reordering this changes the site's
/// footnote ids (not what a reader sees): change the list and the test
/// with it.
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
    pub heat_inherent: RiskMatrix,
    /// Residual heat map, open risks.
    pub heat_residual: RiskMatrix,
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
    /// The obligations register, by id.
    pub obligations: Vec<ObligationView>,
    /// Awareness campaigns, by id, with their completion.
    pub campaigns: Vec<CampaignView>,
    /// The ISMS roles (5.3), in isms.toml's order.
    pub roles: Vec<RoleView>,
    /// The context of the organisation, when the tree has a context.toml.
    pub context: Option<ContextView>,
    /// Objectives and metrics with their series, for a tree keeping them.
    pub measurement: Option<MeasurementView>,
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
pub(crate) struct ViewCx<'a> {
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

impl ViewCx<'_> {
    /// Document control of the record read from `file`.
    fn doc_control(&self, file: FileId) -> DocControl {
        let path = &self.tree.sources.get(file).path;
        DocControl::new(path, self.history, self.modified)
    }
}

impl<'a> ViewCx<'a> {
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
        let cx = ViewCx {
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
    let (cx, cfg, soa) = ViewCx::new(corpus, &|_| Md::Html(String::new()))?;
    let review_days = cfg.asset_settings().review_days;
    Ok(risk_review::sheet(&cx, &soa.data, review_days, within_days))
}

/// The view of a checked corpus, with Markdown converted by `md`.
pub fn build(corpus: &Corpus, md: MdFn<'_>) -> Result<View> {
    let (cx, cfg, soa) = ViewCx::new(corpus, md)?;
    // The order of these calls is the order Markdown is converted in, as
    // listed at [`MdFn`]: every call that converts any comes before `scope`.
    let risks = risk::all(&cx);
    let evidence = evidence::register_with(cx.tree, cx.today, EVIDENCE_DUE_DAYS, Some(md));
    let evidence = evidence::with_doc_control(&cx, evidence);
    let soa = soa::view(&cx, cfg, soa, &evidence);
    let audits = audit::all(&cx);
    let reviews = review::all(&cx);
    let incidents = incident::all(&cx);
    let documents = document::all(&cx);
    let assets = asset::inventory(&cx, &cfg.asset_settings());
    let suppliers = supplier::register(&cx, &cfg.supplier_settings());
    let obligations = obligation::all(&cx);
    let measurement = measurement::view(&cx, corpus.measured.as_ref());
    let campaigns = people::campaigns(&cx);
    let roles = people::roles(&cx, cfg);
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
        obligations,
        campaigns,
        roles,
        context: context::view(&cx),
        measurement,
        mandatory: crate::check::mandatory_map(&corpus.tree),
        actions,
        stats,
        programme,
        history: corpus.history.docs.clone(),
        changes: corpus.since.clone(),
        soc2: soc2::view(cx.tree, corpus.today),
    })
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::pipeline::Options;

    /// The sample tree, as the documents render it.
    fn sample() -> Corpus {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("isms");
        let opts = Options {
            today: "2026-11-20".parse().ok(),
            ..Options::new(dir)
        };
        crate::pipeline::corpus(&opts).unwrap()
    }

    /// The view, with each fragment converted to its number in call order,
    /// and the fragments as given.
    fn numbered(corpus: &Corpus) -> (View, Vec<String>) {
        let seen = RefCell::new(Vec::new());
        let md = |s: &str| {
            let mut seen = seen.borrow_mut();
            seen.push(s.to_string());
            Md::Html((seen.len() - 1).to_string())
        };
        let view = build(corpus, &md).unwrap();
        (view, seen.into_inner())
    }

    fn number(md: &Md) -> usize {
        match md {
            Md::Html(n) => n.parse().unwrap(),
            Md::Tree(_) => unreachable!("the test converts to numbers"),
        }
    }

    /// The fragment numbers read back from the view in the order [`MdFn`]
    /// lists.
    fn documented_order(tree: &Tree, view: &View) -> Vec<usize> {
        fn of<'v, V>(all: &'v [V], id: impl Fn(&V) -> &str, want: &str) -> &'v V {
            all.iter().find(|v| id(v) == want).unwrap()
        }
        let mut out = Vec::new();
        for r in &tree.risks {
            out.push(number(&of(&view.risks, |v| &v.id, &r.data.id).body));
        }
        let items: Vec<&EvidenceItem> =
            view.evidence.owners.iter().flat_map(|o| &o.items).collect();
        for r in &tree.evidence {
            let item = of(&items, |v| &v.id, &r.data.id);
            out.push(number(item.runbook.as_ref().unwrap()));
        }
        for theme in &view.soa.themes {
            out.extend(theme.controls.iter().map(|c| number(&c.implementation)));
        }
        for r in &tree.audits {
            out.push(number(&of(&view.audits, |v| &v.id, &r.data.id).body));
        }
        for r in &tree.reviews {
            let v = of(&view.reviews, |v| &v.id, &r.data.id);
            out.extend(v.inputs.iter().map(|i| number(&i.text)));
            out.extend(v.decisions.iter().map(number));
            out.push(number(&v.body));
        }
        for r in &tree.incidents {
            out.push(number(&of(&view.incidents, |v| &v.id, &r.data.id).body));
        }
        for r in &tree.documents {
            out.push(number(&of(&view.documents, |v| &v.id, &r.data.id).body));
        }
        for r in &tree.assets {
            out.push(number(&of(&view.assets.items, |v| &v.id, &r.data.id).body));
        }
        for r in &tree.suppliers {
            out.push(number(
                &of(&view.suppliers.items, |v| &v.id, &r.data.id).body,
            ));
        }
        for r in &tree.obligations {
            out.push(number(&of(&view.obligations, |v| &v.id, &r.data.id).body));
        }
        let measurement = view.measurement.as_ref().unwrap();
        for r in &tree.objectives {
            out.push(number(
                &of(&measurement.objectives, |v| &v.id, &r.data.id).body,
            ));
        }
        for r in &tree.metrics {
            let m = of(&measurement.metrics, |v| &v.metric.id, &r.data.id);
            out.push(number(m.body.as_ref().unwrap()));
        }
        for r in &tree.awareness {
            out.push(number(&of(&view.campaigns, |v| &v.id, &r.data.id).body));
        }
        out.extend(view.roles.iter().map(|r| number(&r.responsibilities)));
        out.push(number(&view.org.scope));
        out
    }

    /// The site numbers Markdown fragments in the order `build` converts
    /// them (its footnote ids): that order is the one [`MdFn`] documents,
    /// every fragment is in it, and building again gives the same sequence.
    #[test]
    fn markdown_is_converted_in_the_documented_order() {
        let corpus = sample();
        let (view, seen) = numbered(&corpus);
        assert!(
            seen.len() > 100,
            "the sample converts its SoA and records: {}",
            seen.len()
        );
        let order = documented_order(&corpus.tree, &view);
        assert_eq!(order, (0..seen.len()).collect::<Vec<_>>());
        let (_, again) = numbered(&corpus);
        assert_eq!(
            seen, again,
            "a second build converts the same fragments in the same order"
        );
    }
}
