//! The record kinds, declared once. A kind is a folder of Markdown records
//! with TOML front matter (`risks/R-007.md`); [`RecordKind`] says where its
//! files live, which schema validates them, what its ids look like, and how
//! to reach its records in a [`Tree`] and the actions they hold.
//! [`for_each_kind`] is the one list of kinds: loading, id checks, history,
//! document control and the site all iterate over it (or over [`specs`] and
//! [`records`], which are built from it), so a new kind is this list, its
//! [`Tree`] field and its own files.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::refs::Ref;
mod declared;
mod ids;

pub use ids::*;

use super::{Record, SpanMap, Tree};
use crate::diag::{Code, FileId};
use crate::model::{
    Action, Asset, Audit, Campaign, Document, Evidence, Incident, Metric, Objective, Obligation,
    Review, Risk, Supplier,
};
use crate::schema::Kind;

/// What a record kind declares about itself.
#[derive(Debug)]
pub struct KindSpec {
    /// What people call one: "risk", "management review".
    pub noun: &'static str,
    /// The folder holding one file per record, relative to the ISMS root.
    pub folder: &'static str,
    /// The schema its front matter is validated against.
    pub schema: Kind,
    /// An id of the right shape, for help lines.
    pub id_example: &'static str,
    /// Whether an id has the shape this kind requires.
    pub id_shape: fn(&str) -> bool,
    /// The code a reference to a record of this kind that does not exist
    /// gets (E022 for risks); None while no kind refers to this one.
    pub unknown: Option<Code>,
    /// The title of the kind's list in the site: "Management reviews".
    pub list_title: &'static str,
    /// The site navigation's link to that list: "Reviews".
    pub nav: &'static str,
    /// Each record's own PDF (`isms pdf audit ID`); None for kinds shown
    /// only in tree-wide documents (the risk register, the pack).
    pub pdf: Option<RecordPdf>,
    /// The kind's register, one PDF of all its records (`isms pdf risks`);
    /// None for kinds shown only record by record and in the pack.
    pub register: Option<RegisterPdf>,
    /// The built-in template `isms new` fills (`templates/records/KIND.md`;
    /// a tree's own file of that name overrides it).
    pub template: &'static str,
    /// The Annex A controls whose SoA row shows this kind's records as the
    /// register behind them, with its size and currency (A.5.9 for the
    /// asset inventory); empty for most kinds.
    pub controls_shown: &'static [&'static str],
    /// A register a tree may not keep (assets, suppliers, obligations): the
    /// site lists and links it only for a tree that has records of it, so a
    /// tree written before the kind existed renders as it did.
    pub optional: bool,
}

/// A record kind's one-record PDF document.
#[derive(Debug)]
pub struct RecordPdf {
    /// Its `isms pdf` subcommand: "audit", "doc".
    pub command: &'static str,
    /// What `isms pdf --help` says of it.
    pub about: &'static str,
    /// What its title says before the id ("Audit Report IA-2026-01"); None
    /// for the record's own id and title.
    pub title: Option<&'static str>,
    /// Whether it goes in a folder named like the kind's
    /// (`documents/ISP-01.pdf`) rather than beside the pack (`IA-2026-01.pdf`).
    pub in_folder: bool,
}

/// A record kind's register: one PDF of every record of the kind, made by
/// `isms pdf FOLDER` from `templates/pdf/FOLDER.typ` into `FOLDER.pdf`.
#[derive(Debug)]
pub struct RegisterPdf {
    /// What `isms pdf --help` says of it.
    pub about: &'static str,
    /// Its title: "Risk Register and Treatment Plan".
    pub title: &'static str,
    /// Whether `isms build` makes it for a tree holding no record of the
    /// kind (an empty risk register is itself worth showing).
    pub even_empty: bool,
}

impl KindSpec {
    /// Short name: `isms schema risk`, `isms new risk`, an action's source
    /// kind; the schema's name.
    pub fn name(&self) -> &'static str {
        self.schema.name()
    }
}

/// A list of actions inside a record: a risk's treatment actions, one
/// finding's corrective actions.
#[derive(Debug, Clone)]
pub struct ActionList<'t> {
    /// JSON pointer of the list's parent ("" for the record, "/finding/0").
    pub parent_pointer: String,
    /// The finding holding the list, for audits.
    pub finding: Option<&'t str>,
    /// The actions.
    pub actions: &'t [Action],
}

/// A record kind: a model type stored as one Markdown file per record.
pub trait RecordKind: DeserializeOwned + serde::Serialize + Clone + 'static {
    /// Where and what it is.
    const SPEC: KindSpec;
    /// The record's id (its file stem).
    fn id(&self) -> &str;
    /// The records of this kind in a tree.
    fn records(tree: &Tree) -> &[Record<Self>];
    /// The same, to fill while loading.
    fn records_mut(tree: &mut Tree) -> &mut Vec<Record<Self>>;
    /// The action lists the record holds, in the order they appear.
    fn action_lists(&self) -> Vec<ActionList<'_>>;
    /// Every person, control, clause, criterion and record the record names,
    /// but its actions' owners (those come with [`Self::action_lists`]).
    fn references(&self) -> Vec<Ref<'_>>;
    /// The latest date the record states as having happened (reviewed,
    /// performed, held, resolved), which dates a tree outside git.
    fn stated_date(&self) -> Option<NaiveDate>;
}

/// Visits every record kind with its type, for code generic over kinds.
pub trait KindVisitor {
    /// Called once per kind, in [`for_each_kind`]'s order.
    fn visit<K: RecordKind>(&mut self);
}

/// The record kinds, in the order documents list them.
pub fn for_each_kind(v: &mut impl KindVisitor) {
    v.visit::<Risk>();
    v.visit::<Audit>();
    v.visit::<Review>();
    v.visit::<Incident>();
    v.visit::<Evidence>();
    v.visit::<Document>();
    v.visit::<Asset>();
    v.visit::<Supplier>();
    v.visit::<Obligation>();
    v.visit::<Objective>();
    v.visit::<Metric>();
    v.visit::<Campaign>();
}

/// Every kind's spec, in [`for_each_kind`]'s order.
pub fn specs() -> &'static [&'static KindSpec] {
    struct Specs(Vec<&'static KindSpec>);
    impl KindVisitor for Specs {
        fn visit<K: RecordKind>(&mut self) {
            self.0.push(&K::SPEC);
        }
    }
    static SPECS: std::sync::OnceLock<Vec<&'static KindSpec>> = std::sync::OnceLock::new();
    SPECS.get_or_init(|| {
        let mut s = Specs(Vec::new());
        for_each_kind(&mut s);
        s.0
    })
}

/// The spec of a record kind; None for `isms.toml` and `soa.toml`.
pub fn spec(kind: Kind) -> Option<&'static KindSpec> {
    specs().iter().copied().find(|s| s.schema == kind)
}

/// One record of any kind, as the kind-independent stages see it.
#[derive(Debug, Clone)]
pub struct AnyRecord<'t> {
    /// Its kind.
    pub spec: &'static KindSpec,
    /// Its file.
    pub file: FileId,
    /// Spans of its front matter.
    pub spans: &'t SpanMap,
    /// Its id.
    pub id: &'t str,
    /// The action lists it holds.
    pub actions: Vec<ActionList<'t>>,
    /// The latest date it states ([`RecordKind::stated_date`]).
    pub stated: Option<NaiveDate>,
}

/// Every record of the tree, kind by kind, each kind in file order.
pub fn records(tree: &Tree) -> Vec<AnyRecord<'_>> {
    struct Collect<'t> {
        tree: &'t Tree,
        out: Vec<AnyRecord<'t>>,
    }
    impl KindVisitor for Collect<'_> {
        fn visit<K: RecordKind>(&mut self) {
            let tree = self.tree;
            self.out.extend(K::records(tree).iter().map(|r| AnyRecord {
                spec: &K::SPEC,
                file: r.file,
                spans: &r.spans,
                id: r.data.id(),
                actions: r.data.action_lists(),
                stated: r.data.stated_date(),
            }));
        }
    }
    let mut c = Collect {
        tree,
        out: Vec::new(),
    };
    for_each_kind(&mut c);
    c.out
}

/// Whether `name` is a record kind's folder (`risks`).
pub fn is_record_folder(name: &str) -> bool {
    specs().iter().any(|s| s.folder == name)
}
