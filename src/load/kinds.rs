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

use super::refs::{Ref, Refs, Target};
use super::{Record, SpanMap, Tree};
use crate::diag::{Code, FileId};
use crate::model::Obligation;
use crate::model::{Action, Audit, Document, Evidence, Incident, Review, ReviewStatus, Risk};
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
    /// The built-in template `isms new` fills (`templates/records/KIND.md`;
    /// a tree's own file of that name overrides it).
    pub template: &'static str,
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
pub trait RecordKind: DeserializeOwned + serde::Serialize + 'static {
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
    v.visit::<Obligation>();
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

/// The `RecordKind` methods that say where a kind's records are: its id
/// is its `id` field, its records the [`Tree`] field named.
macro_rules! in_tree {
    ($field:ident) => {
        fn id(&self) -> &str {
            &self.id
        }
        fn records(tree: &Tree) -> &[Record<Self>] {
            &tree.$field
        }
        fn records_mut(tree: &mut Tree) -> &mut Vec<Record<Self>> {
            &mut tree.$field
        }
    };
}

fn whole(actions: &[Action]) -> Vec<ActionList<'_>> {
    vec![ActionList {
        parent_pointer: String::new(),
        finding: None,
        actions,
    }]
}

impl RecordKind for Risk {
    const SPEC: KindSpec = KindSpec {
        noun: "risk",
        folder: "risks",
        schema: Kind::Risk,
        id_example: "R-007",
        id_shape: is_risk_id,
        unknown: Some(Code::UnknownRisk),
        list_title: "Risk register",
        nav: "Risks",
        pdf: None,
        template: include_str!("../../templates/records/risk.md"),
    };
    in_tree!(risks);
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        whole(&self.action)
    }
    fn references(&self) -> Vec<Ref<'_>> {
        Refs::new()
            .one("/owner", Target::Person, &self.owner)
            .each("/controls", Target::Control, &self.controls)
            .maybe(
                "/acceptance/by",
                Target::Person,
                self.acceptance.as_ref().map(|a| &a.by),
            )
            .done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        Some(self.last_reviewed())
    }
}

impl RecordKind for Audit {
    const SPEC: KindSpec = KindSpec {
        noun: "audit",
        folder: "audits",
        schema: Kind::Audit,
        id_example: "IA-2026-01",
        id_shape: is_audit_id,
        unknown: None,
        list_title: "Audits",
        nav: "Audits",
        pdf: Some(RecordPdf {
            command: "audit",
            about: "One audit report",
            title: Some("Audit Report"),
            in_folder: false,
        }),
        template: include_str!("../../templates/records/audit.md"),
    };
    in_tree!(audits);
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        self.finding
            .iter()
            .enumerate()
            .map(|(i, f)| ActionList {
                parent_pointer: format!("/finding/{i}"),
                finding: Some(&f.id),
                actions: &f.action,
            })
            .collect()
    }
    fn references(&self) -> Vec<Ref<'_>> {
        let mut r = Refs::new();
        r.one("/lead", Target::Person, &self.lead)
            .each("/auditees", Target::Person, &self.auditees)
            .each("/clauses", Target::Clause, &self.clauses)
            .each("/controls", Target::Control, &self.controls);
        for (f, finding) in self.finding.iter().enumerate() {
            r.each(
                &format!("/finding/{f}/refs"),
                Target::ClauseOrControl,
                &finding.refs,
            )
            .maybe(
                &format!("/finding/{f}/verified/by"),
                Target::Person,
                finding.verified.as_ref().map(|v| &v.by),
            );
        }
        r.done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        self.performed
    }
}

impl RecordKind for Review {
    const SPEC: KindSpec = KindSpec {
        noun: "management review",
        folder: "reviews",
        schema: Kind::Review,
        id_example: "MR-2026-Q3",
        id_shape: is_review_id,
        unknown: None,
        list_title: "Management reviews",
        nav: "Reviews",
        pdf: Some(RecordPdf {
            command: "review",
            about: "One management review's minutes",
            title: Some("Management Review"),
            in_folder: false,
        }),
        template: include_str!("../../templates/records/review.md"),
    };
    in_tree!(reviews);
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        whole(&self.action)
    }
    fn references(&self) -> Vec<Ref<'_>> {
        Refs::new()
            .one("/chair", Target::Person, &self.chair)
            .each("/attendees", Target::Person, &self.attendees)
            .done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        (self.status == ReviewStatus::Held).then_some(self.date)
    }
}

impl RecordKind for Incident {
    const SPEC: KindSpec = KindSpec {
        noun: "incident",
        folder: "incidents",
        schema: Kind::Incident,
        id_example: "INC-2026-004",
        id_shape: is_incident_id,
        unknown: None,
        list_title: "Incidents",
        nav: "Incidents",
        pdf: Some(RecordPdf {
            command: "incident",
            about: "One incident post-mortem",
            title: Some("Incident Post-Mortem"),
            in_folder: false,
        }),
        template: include_str!("../../templates/records/incident.md"),
    };
    in_tree!(incidents);
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        whole(&self.action)
    }
    fn references(&self) -> Vec<Ref<'_>> {
        Refs::new()
            .maybe("/owner", Target::Person, self.owner.as_ref())
            .each("/risks", Target::Record(Kind::Risk), &self.risks)
            .each("/controls", Target::Control, &self.controls)
            .done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        Some(self.resolved.unwrap_or(self.detected).date())
    }
}

impl RecordKind for Evidence {
    const SPEC: KindSpec = KindSpec {
        noun: "evidence item",
        folder: "evidence",
        schema: Kind::Evidence,
        id_example: "EV-004",
        id_shape: is_evidence_id,
        unknown: None,
        list_title: "Evidence register",
        nav: "Evidence",
        pdf: None,
        template: include_str!("../../templates/records/evidence.md"),
    };
    in_tree!(evidence);
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        Vec::new()
    }
    fn references(&self) -> Vec<Ref<'_>> {
        let mut r = Refs::new();
        r.one("/owner", Target::Person, &self.owner)
            .each("/controls", Target::Control, &self.controls)
            .each(
                "/soc2",
                Target::Criterion,
                self.soc2.as_deref().unwrap_or_default(),
            );
        for (i, c) in self.collection.iter().enumerate() {
            r.one(&format!("/collection/{i}/by"), Target::Person, &c.by);
        }
        r.each(
            "/documents",
            Target::Record(Kind::Document),
            &self.documents,
        )
        .done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        self.last().map(|c| c.on)
    }
}

impl RecordKind for Document {
    const SPEC: KindSpec = KindSpec {
        noun: "document",
        folder: "documents",
        schema: Kind::Document,
        id_example: "ISP-01",
        id_shape: is_document_id,
        unknown: Some(Code::UnknownDocument),
        list_title: "Documents",
        nav: "Documents",
        pdf: Some(RecordPdf {
            command: "doc",
            about: "One controlled document: a policy, procedure, standard, plan or statement \
                    of documents/",
            title: None,
            in_folder: true,
        }),
        template: include_str!("../../templates/records/document.md"),
    };
    in_tree!(documents);
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        Vec::new()
    }
    fn references(&self) -> Vec<Ref<'_>> {
        let mut r = Refs::new();
        r.one("/owner", Target::Person, &self.owner)
            .each("/controls", Target::Control, &self.controls)
            .each("/clauses", Target::Clause, &self.clauses);
        for (i, a) in self.approval.iter().enumerate() {
            r.one(&format!("/approval/{i}/by"), Target::Person, &a.by);
        }
        r.done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        self.last_approval().map(|a| a.on)
    }
}

impl RecordKind for Obligation {
    const SPEC: KindSpec = KindSpec {
        noun: "obligation",
        folder: "obligations",
        schema: Kind::Obligation,
        id_example: "OBL-001",
        id_shape: is_obligation_id,
        unknown: Some(Code::UnknownObligation),
        list_title: "Legal and contractual obligations",
        nav: "Obligations",
        pdf: None,
        template: include_str!("../../templates/records/obligation.md"),
    };
    in_tree!(obligations);
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        Vec::new()
    }
    fn references(&self) -> Vec<Ref<'_>> {
        Refs::new()
            .one("/owner", Target::Person, &self.owner)
            .each("/controls", Target::Control, &self.controls)
            .each(
                "/documents",
                Target::Record(Kind::Document),
                &self.documents,
            )
            .done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        Some(self.reviewed)
    }
}

/// "OBL-" then digits: "OBL-001".
pub fn is_obligation_id(s: &str) -> bool {
    s.strip_prefix("OBL-").is_some_and(all_digits)
}

/// The organisation's own code: a capital, then capitals, digits and
/// single hyphens, not ending in one: "ISP-01", "POL-AC-2".
pub fn is_document_id(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// "EV-" then digits: "EV-004".
pub fn is_evidence_id(s: &str) -> bool {
    s.strip_prefix("EV-").is_some_and(all_digits)
}

/// "R-" then digits: "R-007".
pub fn is_risk_id(s: &str) -> bool {
    s.strip_prefix("R-").is_some_and(all_digits)
}

/// Two to four capitals, the year, a number: "IA-2026-01".
pub fn is_audit_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let prefix = |p: &str| (2..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_uppercase());
    matches!(parts[..], [p, y, n] if prefix(p) && is_year(y) && all_digits(n))
}

/// "MR-", the year, a period: "MR-2026-Q3", "MR-2026-03".
pub fn is_review_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let period = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    matches!(parts[..], ["MR", y, p] if is_year(y) && period(p))
}

/// "INC-", the year, a number: "INC-2026-004".
pub fn is_incident_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    matches!(parts[..], ["INC", y, n] if is_year(y) && all_digits(n))
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && all_digits(s)
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_id_shapes() {
        assert!(is_risk_id("R-007") && is_risk_id("R-7"));
        assert!(!is_risk_id("RISK-007") && !is_risk_id("R-"));
        assert!(is_audit_id("IA-2026-01"));
        assert!(!is_audit_id("IA-26-01") && !is_audit_id("ia-2026-01"));
        assert!(is_review_id("MR-2026-Q3") && !is_review_id("MR-Q3"));
        assert!(is_incident_id("INC-2026-004"));
        assert!(!is_incident_id("INC-04") && !is_incident_id("INC-2026-"));
        assert!(is_evidence_id("EV-004") && !is_evidence_id("EV-") && !is_evidence_id("E-1"));
        assert!(is_document_id("ISP-01") && is_document_id("POL-AC-2") && is_document_id("SCOPE"));
        assert!(!is_document_id("isp-01") && !is_document_id("ISP-") && !is_document_id("1SP"));
        assert!(!is_document_id("ISP--1") && !is_document_id("ISP_01") && !is_document_id(""));
    }

    #[test]
    fn kinds_are_listed_once_each() {
        let folders: std::collections::HashSet<_> = specs().iter().map(|k| k.folder).collect();
        assert_eq!(folders.len(), specs().len());
        assert!(specs().iter().all(|k| (k.id_shape)(k.id_example)));
    }
}
