//! The context of the organisation (4.1, 4.2) from `context.toml`: its
//! issues with their effect and the risks they give rise to, and its
//! interested parties with each requirement and what addresses it, every
//! reference resolved to a title and a page of the site.

use serde::Serialize;

use super::ViewCx;
use super::refs::RecordRef;
use crate::load::Target;
use crate::load::refs::addressing_target;
use crate::model::{Context, IssueKind};
use crate::schema::Kind;

/// The context.
#[derive(Debug, Clone, Serialize)]
pub struct ContextView {
    /// The internal and external issues, as listed.
    pub issues: Vec<IssueView>,
    /// The interested parties, as listed.
    pub parties: Vec<PartyView>,
}

/// One issue.
#[derive(Debug, Clone, Serialize)]
pub struct IssueView {
    /// Id.
    pub id: String,
    /// internal | external.
    pub kind: IssueKind,
    /// Title.
    pub title: String,
    /// Its effect on the ISMS ("" when not stated).
    pub effect: String,
    /// The risks it gives rise to, with titles.
    pub risks: Vec<RecordRef>,
}

/// One interested party.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its requirements.
    pub requirements: Vec<RequirementView>,
}

/// One requirement and what addresses it.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementView {
    /// What is required.
    pub text: String,
    /// What addresses it.
    pub addressed_by: Vec<Addressing>,
}

/// A control, obligation or document that addresses a requirement.
#[derive(Debug, Clone, Serialize)]
pub struct Addressing {
    /// "control", "obligation" or "document".
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Its title ("" when unknown).
    pub title: String,
    /// Its page, relative to the site's root.
    pub href: String,
}

/// The view of a tree's context.toml, when it has one.
pub(super) fn view(cx: &ViewCx<'_>) -> Option<ContextView> {
    let c: &Context = &cx.tree.context.as_ref()?.data;
    let title_of = |kind: Kind, id: &str| -> String {
        let found = match kind {
            Kind::Risk => cx
                .tree
                .risks
                .iter()
                .find(|r| r.data.id == id)
                .map(|r| r.data.title.as_str()),
            Kind::Obligation => cx
                .tree
                .obligations
                .iter()
                .find(|r| r.data.id == id)
                .map(|r| r.data.title.as_str()),
            _ => cx
                .tree
                .documents
                .iter()
                .find(|r| r.data.id == id)
                .map(|r| r.data.title.as_str()),
        };
        found.unwrap_or_default().to_string()
    };
    let addressing = |id: &String| match addressing_target(id) {
        Target::Control => Addressing {
            kind: "control",
            id: id.clone(),
            title: cx.cat.control(id).map_or("", |c| c.title).to_string(),
            href: format!("soa.html#{id}"),
        },
        Target::Record(Kind::Obligation) => Addressing {
            kind: "obligation",
            id: id.clone(),
            title: title_of(Kind::Obligation, id),
            href: format!("obligations/{id}.html"),
        },
        _ => Addressing {
            kind: "document",
            id: id.clone(),
            title: title_of(Kind::Document, id),
            href: format!("documents/{id}.html"),
        },
    };
    Some(ContextView {
        issues: c
            .issue
            .iter()
            .map(|i| IssueView {
                id: i.id.clone(),
                kind: i.kind,
                title: i.title.clone(),
                effect: i.effect.clone(),
                risks: i
                    .risks
                    .iter()
                    .map(|r| RecordRef::new(r, &title_of(Kind::Risk, r)))
                    .collect(),
            })
            .collect(),
        parties: c
            .party
            .iter()
            .map(|p| PartyView {
                id: p.id.clone(),
                name: p.name.clone(),
                requirements: p
                    .requirement
                    .iter()
                    .map(|r| RequirementView {
                        text: r.text.clone(),
                        addressed_by: r.addressed_by.iter().map(addressing).collect(),
                    })
                    .collect(),
            })
            .collect(),
    })
}
