//! The references records make: each kind declares, in its
//! [`RecordKind::references`](super::RecordKind::references), which of its
//! fields name what (an owner names a person, `controls` name Annex A
//! controls, `risks` name risk records). `check` validates every declared
//! reference with one function, and commands that write records validate
//! what they are given with the same one, so a reference a kind declares is
//! never left unchecked and every "did you mean" reads the same.

use crate::model::{Config, Context, Soa};
use crate::schema::Kind;

/// What a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A `[[person]]` of isms.toml.
    Person,
    /// An Annex A control of ISO/IEC 27001:2022 ("A.8.13").
    Control,
    /// A clause of ISO/IEC 27001:2022, 4 to 10 ("9.2").
    Clause,
    /// A SOC 2 Trust Services Criterion ("CC6.1").
    Criterion,
    /// An Annex A control when it starts with "A.", else a clause: what an
    /// audit finding cites.
    ClauseOrControl,
    /// A record of a kind ("R-007", "ISP-01").
    Record(Kind),
    /// A record of a kind once the tree keeps that kind (a file in its
    /// folder), free text before: a risk's `assets` name asset records once
    /// the tree has an inventory, and anything while it has none.
    RecordOnceKept(Kind),
}

/// One reference: the JSON pointer of the value (in its file's front
/// matter) and the id it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref<'r> {
    /// Where the value is, as a JSON pointer ("/controls/2").
    pub pointer: String,
    /// What it must name.
    pub target: Target,
    /// The id as written.
    pub id: &'r str,
}

/// The references of one record, collected field by field.
#[derive(Debug, Default)]
pub struct Refs<'r>(Vec<Ref<'r>>);

impl<'r> Refs<'r> {
    /// No references yet.
    pub fn new() -> Self {
        Refs(Vec::new())
    }

    /// The value at `pointer` names a `target`.
    pub fn one(&mut self, pointer: &str, target: Target, id: &'r str) -> &mut Self {
        self.0.push(Ref {
            pointer: pointer.to_string(),
            target,
            id,
        });
        self
    }

    /// The value at `pointer`, when present, names a `target`.
    pub fn maybe(&mut self, pointer: &str, target: Target, id: Option<&'r String>) -> &mut Self {
        if let Some(id) = id {
            self.one(pointer, target, id);
        }
        self
    }

    /// Each item of the list at `pointer` names a `target`.
    pub fn each(&mut self, pointer: &str, target: Target, ids: &'r [String]) -> &mut Self {
        for (i, id) in ids.iter().enumerate() {
            self.one(&format!("{pointer}/{i}"), target, id);
        }
        self
    }

    /// The references collected.
    pub fn done(&mut self) -> Vec<Ref<'r>> {
        std::mem::take(&mut self.0)
    }
}

/// What `context.toml` references: each issue's risks, and what addresses
/// each requirement of each party: an Annex A control ("A.5.34"), an
/// obligation ("OBL-001") or a document (any other id), told apart by
/// their shapes.
pub fn context_references(c: &Context) -> Vec<Ref<'_>> {
    let mut r = Refs::new();
    for (i, issue) in c.issue.iter().enumerate() {
        r.each(
            &format!("/issue/{i}/risks"),
            Target::Record(Kind::Risk),
            &issue.risks,
        );
    }
    for (p, party) in c.party.iter().enumerate() {
        for (q, req) in party.requirement.iter().enumerate() {
            for (k, id) in req.addressed_by.iter().enumerate() {
                let target = addressing_target(id);
                r.one(
                    &format!("/party/{p}/requirement/{q}/addressed_by/{k}"),
                    target,
                    id,
                );
            }
        }
    }
    r.done()
}

/// What an id in a requirement's `addressed_by` names, by its shape: a
/// control ("A.5.34"), an obligation ("OBL-001"), else a document.
pub fn addressing_target(id: &str) -> Target {
    if id.starts_with("A.") {
        Target::Control
    } else if super::kinds::is_obligation_id(id) {
        Target::Record(Kind::Obligation)
    } else {
        Target::Record(Kind::Document)
    }
}

/// What `soa.toml` references: its owner and approver, and per control its
/// id, owner, SOC 2 criteria and documents.
pub fn soa_references(s: &Soa) -> Vec<Ref<'_>> {
    let mut r = Refs::new();
    r.one("/owner", Target::Person, &s.owner).maybe(
        "/approved_by",
        Target::Person,
        s.approved_by.as_ref().filter(|p| !p.trim().is_empty()),
    );
    for (i, c) in s.control.iter().enumerate() {
        let at = format!("/control/{i}");
        r.one(&format!("{at}/id"), Target::Control, &c.id)
            .maybe(&format!("{at}/owner"), Target::Person, c.owner.as_ref())
            .each(
                &format!("{at}/soc2"),
                Target::Criterion,
                c.soc2.as_deref().unwrap_or_default(),
            )
            .each(
                &format!("{at}/documents"),
                Target::Record(Kind::Document),
                &c.documents,
            )
            .each(
                &format!("{at}/obligations"),
                Target::Record(Kind::Obligation),
                &c.obligations,
            );
    }
    r.done()
}

/// What `isms.toml` references: each role's holders, and the evidence
/// record each competence cites.
pub fn config_references(c: &Config) -> Vec<Ref<'_>> {
    let mut r = Refs::new();
    for (i, role) in c.role.iter().enumerate() {
        for (h, id) in role.holders().iter().enumerate() {
            r.one(
                &format!("/role/{i}{}", &role.holder_pointer(h)),
                Target::Person,
                id,
            );
        }
    }
    for (p, person) in c.person.iter().enumerate() {
        for (k, comp) in person.competence.iter().enumerate() {
            r.maybe(
                &format!("/person/{p}/competence/{k}/evidence"),
                Target::Record(Kind::Evidence),
                comp.evidence.as_ref(),
            );
        }
    }
    r.done()
}
