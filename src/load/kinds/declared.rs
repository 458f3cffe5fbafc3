//! Each record kind's declaration: where its records live and what they
//! look like ([`KindSpec`]), what they name ([`RecordKind::references`]),
//! the actions they hold and the date they state. One `impl` per kind, in
//! [`super::for_each_kind`]'s order.

use chrono::NaiveDate;

use super::ids::*;
use super::{ActionList, KindSpec, RecordKind, RecordPdf, RegisterPdf};
use crate::diag::Code;
use crate::load::refs::{Ref, Refs, Target};
use crate::load::{Record, Tree};
use crate::model::*;
use crate::schema::Kind;

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
        register: Some(RegisterPdf {
            about: "The risk register and treatment plan",
            title: "Risk Register and Treatment Plan",
            even_empty: true,
        }),
        template: include_str!("../../../templates/records/risk.md"),
        controls_shown: &[],
        optional: false,
    };
    in_tree!(risks);
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        whole(&self.action)
    }
    fn references(&self) -> Vec<Ref<'_>> {
        Refs::new()
            .one("/owner", Target::Person, &self.owner)
            .each("/assets", Target::RecordOnceKept(Kind::Asset), &self.assets)
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
        register: None,
        template: include_str!("../../../templates/records/audit.md"),
        controls_shown: &[],
        optional: false,
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
        register: None,
        template: include_str!("../../../templates/records/review.md"),
        controls_shown: &[],
        optional: false,
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
        register: None,
        template: include_str!("../../../templates/records/incident.md"),
        controls_shown: &[],
        optional: false,
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
        unknown: Some(Code::UnknownEvidence),
        list_title: "Evidence register",
        nav: "Evidence",
        pdf: None,
        register: None,
        template: include_str!("../../../templates/records/evidence.md"),
        controls_shown: &[],
        optional: false,
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
        register: None,
        template: include_str!("../../../templates/records/document.md"),
        controls_shown: &[],
        optional: false,
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

impl RecordKind for Asset {
    const SPEC: KindSpec = KindSpec {
        noun: "asset",
        folder: "assets",
        schema: Kind::Asset,
        id_example: "AST-001",
        id_shape: is_asset_id,
        unknown: Some(Code::UnknownAsset),
        list_title: "Asset inventory",
        nav: "Assets",
        pdf: None,
        register: Some(RegisterPdf {
            about: "The asset inventory (A.5.9), grouped by type",
            title: "Asset Inventory",
            even_empty: false,
        }),
        template: include_str!("../../../templates/records/asset.md"),
        controls_shown: &["A.5.9"],
        optional: true,
    };
    fn id(&self) -> &str {
        &self.id
    }
    fn records(tree: &Tree) -> &[Record<Self>] {
        &tree.assets
    }
    fn records_mut(tree: &mut Tree) -> &mut Vec<Record<Self>> {
        &mut tree.assets
    }
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        Vec::new()
    }
    fn references(&self) -> Vec<Ref<'_>> {
        Refs::new()
            .one("/owner", Target::Person, &self.owner)
            .each("/depends_on", Target::Record(Kind::Asset), &self.depends_on)
            .each(
                "/suppliers",
                Target::Record(Kind::Supplier),
                &self.suppliers,
            )
            .done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        self.reviewed
    }
}

impl RecordKind for Supplier {
    const SPEC: KindSpec = KindSpec {
        noun: "supplier",
        folder: "suppliers",
        schema: Kind::Supplier,
        id_example: "SUP-001",
        id_shape: is_supplier_id,
        unknown: Some(Code::UnknownSupplier),
        list_title: "Supplier register",
        nav: "Suppliers",
        pdf: None,
        register: Some(RegisterPdf {
            about: "The supplier register (A.5.19 to A.5.22), with each supplier's last review \
                    and certificates",
            title: "Supplier Register",
            even_empty: false,
        }),
        template: include_str!("../../../templates/records/supplier.md"),
        controls_shown: &["A.5.19", "A.5.20", "A.5.21", "A.5.22"],
        optional: true,
    };
    fn id(&self) -> &str {
        &self.id
    }
    fn records(tree: &Tree) -> &[Record<Self>] {
        &tree.suppliers
    }
    fn records_mut(tree: &mut Tree) -> &mut Vec<Record<Self>> {
        &mut tree.suppliers
    }
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        Vec::new()
    }
    fn references(&self) -> Vec<Ref<'_>> {
        let mut r = Refs::new();
        r.one("/owner", Target::Person, &self.owner).each(
            "/controls",
            Target::Control,
            &self.controls,
        );
        for (i, c) in self.certification.iter().enumerate() {
            r.maybe(
                &format!("/certification/{i}/evidence"),
                Target::Record(Kind::Evidence),
                c.evidence.as_ref(),
            );
        }
        for (i, v) in self.review.iter().enumerate() {
            r.one(&format!("/review/{i}/by"), Target::Person, &v.by)
                .each(
                    &format!("/review/{i}/risks"),
                    Target::Record(Kind::Risk),
                    &v.risks,
                );
        }
        r.done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        self.last_review().map(|r| r.on)
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
        register: None,
        template: include_str!("../../../templates/records/obligation.md"),
        controls_shown: &["A.5.31"],
        optional: true,
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

impl RecordKind for Objective {
    const SPEC: KindSpec = KindSpec {
        noun: "objective",
        folder: "objectives",
        schema: Kind::Objective,
        id_example: "OBJ-01",
        id_shape: is_objective_id,
        unknown: None,
        list_title: "Information security objectives",
        nav: "Objectives",
        pdf: None,
        register: None,
        template: include_str!("../../../templates/records/objective.md"),
        controls_shown: &[],
        optional: true,
    };
    in_tree!(objectives);
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        Vec::new()
    }
    fn references(&self) -> Vec<Ref<'_>> {
        // `metric` names a built-in metric or a metric record: checked by
        // the objectives' own rules (E131), which know the built-in ids.
        Refs::new()
            .maybe("/owner", Target::Person, self.owner.as_ref())
            .maybe(
                "/policy",
                Target::Record(Kind::Document),
                self.policy.as_ref(),
            )
            .done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        None
    }
}

impl RecordKind for Metric {
    const SPEC: KindSpec = KindSpec {
        noun: "metric",
        folder: "metrics",
        schema: Kind::Metric,
        id_example: "MET-001",
        id_shape: is_metric_id,
        unknown: Some(Code::UnknownMetric),
        list_title: "Metrics",
        nav: "Metrics",
        pdf: None,
        register: None,
        template: include_str!("../../../templates/records/metric.md"),
        controls_shown: &[],
        optional: true,
    };
    in_tree!(metrics);
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        Vec::new()
    }
    fn references(&self) -> Vec<Ref<'_>> {
        let mut r = Refs::new();
        r.one("/owner", Target::Person, &self.owner);
        for (i, m) in self.measurement.iter().enumerate() {
            r.maybe(
                &format!("/measurement/{i}/evidence"),
                Target::Record(Kind::Evidence),
                m.evidence.as_ref(),
            );
        }
        r.done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        self.last().map(|m| m.on)
    }
}

impl RecordKind for Campaign {
    const SPEC: KindSpec = KindSpec {
        noun: "awareness campaign",
        folder: "awareness",
        schema: Kind::Campaign,
        id_example: "AWR-2026-01",
        id_shape: is_awareness_id,
        unknown: None,
        list_title: "Awareness campaigns",
        nav: "Awareness",
        pdf: None,
        register: None,
        template: include_str!("../../../templates/records/campaign.md"),
        controls_shown: &["A.6.3"],
        optional: true,
    };
    in_tree!(awareness);
    fn action_lists(&self) -> Vec<ActionList<'_>> {
        Vec::new()
    }
    fn references(&self) -> Vec<Ref<'_>> {
        Refs::new()
            .one("/owner", Target::Person, &self.owner)
            .each(
                "/documents",
                Target::Record(Kind::Document),
                &self.documents,
            )
            .done()
    }
    fn stated_date(&self) -> Option<NaiveDate> {
        None
    }
}
