//! References between records as documents show them: people by name,
//! controls and clauses with their titles, and the cross-references that run
//! back from a control or a risk to what cites it, built once per view.

use std::collections::HashMap;

use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::load::Tree;
use crate::model::{Config, Person};

/// A person as documents show them.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRef {
    /// Person id.
    pub id: String,
    /// Full name (the id when unknown).
    pub name: String,
    /// Role.
    pub role: String,
}

/// A control as a reference.
#[derive(Debug, Clone, Serialize)]
pub struct ControlRef {
    /// "A.5.1".
    pub id: String,
    /// Title.
    pub title: String,
}

/// A record as a reference.
#[derive(Debug, Clone, Serialize)]
pub struct RecordRef {
    /// Id.
    pub id: String,
    /// Title or summary.
    pub title: String,
}

impl RecordRef {
    /// A reference with this id and title.
    pub fn new(id: &str, title: &str) -> Self {
        RecordRef {
            id: id.to_string(),
            title: title.to_string(),
        }
    }
}

/// One entry of a risk's `assets`: an asset record's id and title, or
/// free text (a tree without an inventory names them so).
#[derive(Debug, Clone, Serialize)]
pub struct AssetRef {
    /// As the risk writes it: an asset id, or free text.
    pub id: String,
    /// The asset record's title; None when `id` names no asset (pages
    /// link it only when it does).
    pub title: Option<String>,
}

/// The people of isms.toml by id.
pub(super) struct People<'t>(HashMap<&'t str, &'t Person>);

impl<'t> People<'t> {
    pub(super) fn new(cfg: &'t Config) -> Self {
        People(cfg.person.iter().map(|p| (p.id.as_str(), p)).collect())
    }

    /// The person with `id`; an unknown id stands for itself.
    pub(super) fn get(&self, id: &str) -> PersonRef {
        match self.0.get(id) {
            Some(p) => PersonRef {
                id: p.id.clone(),
                name: p.name.clone(),
                role: p.role.clone(),
            },
            None => PersonRef {
                id: id.to_string(),
                name: id.to_string(),
                role: String::new(),
            },
        }
    }

    /// Many people.
    pub(super) fn all(&self, ids: &[String]) -> Vec<PersonRef> {
        ids.iter().map(|p| self.get(p)).collect()
    }
}

/// A control with its Annex A title ("" when unknown).
pub(super) fn control(cat: &Catalogue, id: &str) -> ControlRef {
    ControlRef {
        id: id.to_string(),
        title: cat.control(id).map_or("", |c| c.title).to_string(),
    }
}

/// Many controls.
pub(super) fn controls(cat: &Catalogue, ids: &[String]) -> Vec<ControlRef> {
    ids.iter().map(|c| control(cat, c)).collect()
}

/// A clause ("9.2") or control ("A.5.1") with its title.
pub(super) fn clause_or_control(cat: &Catalogue, id: &str) -> RecordRef {
    let title = if id.starts_with("A.") {
        cat.control(id).map_or("", |c| c.title)
    } else {
        cat.clause(id).map_or("", |c| c.title)
    };
    RecordRef::new(id, title)
}

/// What cites a control or a risk, from the other side.
#[derive(Default)]
pub(super) struct CrossRefs<'t> {
    /// Incidents citing each risk.
    pub incidents_of_risk: HashMap<&'t str, Vec<RecordRef>>,
    /// Incidents citing each control.
    pub incidents_of_control: HashMap<&'t str, Vec<RecordRef>>,
    /// Risks relying on each control.
    pub risks_of_control: HashMap<&'t str, Vec<RecordRef>>,
    /// Findings citing each control (finding id, audit id as title).
    pub findings_of_control: HashMap<&'t str, Vec<RecordRef>>,
    /// Risk titles by id.
    pub risk_titles: HashMap<&'t str, &'t str>,
    /// Asset titles by id.
    pub asset_titles: HashMap<&'t str, &'t str>,
}

impl<'t> CrossRefs<'t> {
    pub(super) fn build(tree: &'t Tree) -> Self {
        let mut x = CrossRefs::default();
        for r in &tree.incidents {
            let rr = RecordRef::new(&r.data.id, &r.data.title);
            for risk in &r.data.risks {
                x.incidents_of_risk
                    .entry(risk)
                    .or_default()
                    .push(rr.clone());
            }
            for c in &r.data.controls {
                x.incidents_of_control
                    .entry(c)
                    .or_default()
                    .push(rr.clone());
            }
        }
        for r in &tree.risks {
            x.risk_titles.insert(&r.data.id, &r.data.title);
            for c in &r.data.controls {
                let rr = RecordRef::new(&r.data.id, &r.data.title);
                x.risks_of_control.entry(c).or_default().push(rr);
            }
        }
        for a in &tree.assets {
            x.asset_titles.insert(&a.data.id, &a.data.title);
        }
        for a in &tree.audits {
            for f in &a.data.finding {
                for c in f.refs.iter().filter(|x| x.starts_with("A.")) {
                    let rr = RecordRef::new(&f.id, &a.data.id);
                    x.findings_of_control.entry(c).or_default().push(rr);
                }
            }
        }
        x
    }
}

impl CrossRefs<'_> {
    /// A risk's `assets` as references: titled where they name an asset.
    pub(super) fn assets(&self, ids: &[String]) -> Vec<AssetRef> {
        ids.iter()
            .map(|id| AssetRef {
                id: id.clone(),
                title: self.asset_titles.get(id.as_str()).map(|t| (*t).to_string()),
            })
            .collect()
    }
}

/// The references in `map` under `key` (none when absent).
pub(super) fn cited(map: &HashMap<&str, Vec<RecordRef>>, key: &str) -> Vec<RecordRef> {
    map.get(key).cloned().unwrap_or_default()
}
