//! References (E02x) that must lead somewhere: people, Annex A controls,
//! risks, clauses, SOC 2 criteria and documents, wherever a record names
//! them.

use super::{Cx, Site, all_actions};
use crate::catalogue::Catalogue;
use crate::diag::{Code, closest};

/// How Annex A 2022 ids run, for help texts.
const ANNEX_A_RANGES: &str = "A.5.1 to A.5.37, A.6.1 to A.6.8, A.7.1 to A.7.14, A.8.1 to A.8.34";

pub(super) fn check(cx: &mut Cx<'_>) {
    let tree = cx.tree;
    if let Some(soa) = &tree.soa {
        let (s, site) = (&soa.data, Site::of(soa));
        person(cx, &site, "/owner", &s.owner);
        person(cx, &site, "/approved_by", &s.approved_by);
        for (i, c) in s.control.iter().enumerate() {
            let entry = site.under(&format!("/control/{i}"));
            control(cx, &entry, "/id", &c.id);
            if let Some(o) = &c.owner {
                person(cx, &entry, "/owner", o);
            }
            for (j, x) in c.soc2.iter().flatten().enumerate() {
                criterion(cx, &entry, &format!("/soc2/{j}"), x);
            }
            for (k, x) in c.documents.iter().enumerate() {
                document(cx, &entry, &format!("/documents/{k}"), x);
            }
        }
    }
    for r in &tree.risks {
        let (d, site) = (&r.data, Site::of(r));
        person(cx, &site, "/owner", &d.owner);
        for (i, c) in d.controls.iter().enumerate() {
            control(cx, &site, &format!("/controls/{i}"), c);
        }
        if let Some(a) = &d.acceptance {
            person(cx, &site, "/acceptance/by", &a.by);
        }
    }
    for r in &tree.audits {
        let (d, site) = (&r.data, Site::of(r));
        person(cx, &site, "/lead", &d.lead);
        for (i, p) in d.auditees.iter().enumerate() {
            person(cx, &site, &format!("/auditees/{i}"), p);
        }
        for (i, c) in d.clauses.iter().enumerate() {
            clause(cx, &site, &format!("/clauses/{i}"), c);
        }
        for (i, c) in d.controls.iter().enumerate() {
            control(cx, &site, &format!("/controls/{i}"), c);
        }
        for (f, finding) in d.finding.iter().enumerate() {
            for (i, x) in finding.refs.iter().enumerate() {
                let at = format!("/finding/{f}/refs/{i}");
                if x.starts_with("A.") {
                    control(cx, &site, &at, x);
                } else {
                    clause(cx, &site, &at, x);
                }
            }
            if let Some(v) = &finding.verified {
                person(cx, &site, &format!("/finding/{f}/verified/by"), &v.by);
            }
        }
    }
    for r in &tree.reviews {
        let (d, site) = (&r.data, Site::of(r));
        person(cx, &site, "/chair", &d.chair);
        for (i, p) in d.attendees.iter().enumerate() {
            person(cx, &site, &format!("/attendees/{i}"), p);
        }
    }
    for r in &tree.incidents {
        let (d, site) = (&r.data, Site::of(r));
        if let Some(o) = &d.owner {
            person(cx, &site, "/owner", o);
        }
        for (i, x) in d.risks.iter().enumerate() {
            risk(cx, &site, &format!("/risks/{i}"), x);
        }
        for (i, c) in d.controls.iter().enumerate() {
            control(cx, &site, &format!("/controls/{i}"), c);
        }
    }
    for r in &tree.evidence {
        let (d, site) = (&r.data, Site::of(r));
        person(cx, &site, "/owner", &d.owner);
        for (i, c) in d.controls.iter().enumerate() {
            control(cx, &site, &format!("/controls/{i}"), c);
        }
        for (i, c) in d.soc2.iter().flatten().enumerate() {
            criterion(cx, &site, &format!("/soc2/{i}"), c);
        }
        for (i, c) in d.collection.iter().enumerate() {
            person(cx, &site, &format!("/collection/{i}/by"), &c.by);
        }
        for (i, x) in d.documents.iter().enumerate() {
            document(cx, &site, &format!("/documents/{i}"), x);
        }
    }
    for r in &tree.documents {
        let (d, site) = (&r.data, Site::of(r));
        person(cx, &site, "/owner", &d.owner);
        for (i, c) in d.controls.iter().enumerate() {
            control(cx, &site, &format!("/controls/{i}"), c);
        }
        for (i, c) in d.clauses.iter().enumerate() {
            clause(cx, &site, &format!("/clauses/{i}"), c);
        }
        for (i, a) in d.approval.iter().enumerate() {
            person(cx, &site, &format!("/approval/{i}/by"), &a.by);
        }
    }
    for at in all_actions(tree) {
        person(cx, &at.site(), "/owner", &at.action.owner);
    }
}

/// E020: `id` at `ptr` is a person of isms.toml.
fn person(cx: &mut Cx<'_>, site: &Site<'_>, ptr: &str, id: &str) {
    // Without a loaded isms.toml every person would look unknown: say nothing.
    if cx.tree.config.is_none() || cx.index.people.contains(id) {
        return;
    }
    let help = match closest(id, cx.index.people.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? people are defined as [[person]] in isms.toml"),
        None => {
            "add a [[person]] with this id to isms.toml, or use an existing person id".to_string()
        }
    };
    let msg = format!("no person with id `{id}`");
    cx.push(
        site.value(Code::UnknownPerson, ptr, msg)
            .label("not defined in isms.toml")
            .help(help),
    );
}

/// E021: `id` at `ptr` is an Annex A 2022 control.
fn control(cx: &mut Cx<'_>, site: &Site<'_>, ptr: &str, id: &str) {
    let cat = Catalogue::get();
    if cat.control(id).is_some() {
        return;
    }
    let help = if let Some(old) = crate::catalogue::Annex2013::get().control(id) {
        let became: Vec<String> = old
            .to
            .iter()
            .map(|new| match cat.control(new) {
                Some(c) => format!("`{new}` ({})", c.title),
                None => format!("`{new}`"),
            })
            .collect();
        format!(
            "`{id}` is the ISO 27001:2013 id of \"{}\", which became {} in 2022; Annex A \
             2022 ids run A.5.1 to A.8.34",
            old.title,
            became.join(" and ")
        )
    } else if id
        .strip_prefix("A.")
        .is_some_and(|r| r.matches('.').count() == 2)
    {
        format!(
            "`{id}` looks like an ISO 27001:2013 id, but Annex A 2013 had no such control; \
             Annex A 2022 ids run {ANNEX_A_RANGES}"
        )
    } else if let Some(s) = cat.suggest_control(id).filter(|_| id.starts_with("A.")) {
        format!("did you mean `{s}`? Annex A 2022 ids run {ANNEX_A_RANGES}")
    } else {
        format!("Annex A 2022 ids run {ANNEX_A_RANGES}")
    };
    let msg = format!("`{id}` is not an Annex A control of ISO/IEC 27001:2022");
    cx.push(site.value(Code::UnknownControl, ptr, msg).help(help));
}

/// E023: `id` at `ptr` is a clause from 4 to 10.
fn clause(cx: &mut Cx<'_>, site: &Site<'_>, ptr: &str, id: &str) {
    let cat = Catalogue::get();
    if cat.clause(id).is_some() {
        return;
    }
    let help = match closest(id, cat.clauses.iter().map(|c| c.id)) {
        Some(s) if s != id => {
            format!("did you mean `{s}`? clauses run from 4 to 10.2, e.g. \"6.1.3\", \"9.2\"")
        }
        _ => "clauses run from 4 to 10.2, e.g. \"6.1.3\", \"9.2\"; Annex A controls start with A."
            .to_string(),
    };
    let msg = format!("`{id}` is not a clause of ISO/IEC 27001:2022 (4 to 10)");
    cx.push(site.value(Code::UnknownClause, ptr, msg).help(help));
}

/// E024: `id` at `ptr` is a SOC 2 criterion.
fn criterion(cx: &mut Cx<'_>, site: &Site<'_>, ptr: &str, id: &str) {
    let cat = Catalogue::get();
    if cat.criterion(id).is_some() {
        return;
    }
    let help = match closest(id, cat.criteria.iter().map(|c| c.id)) {
        Some(s) => format!(
            "did you mean `{s}`? criteria run CC1.1 to CC9.2, A1.1 to A1.3, C1.1, C1.2, PI1.1 \
             to PI1.5, P1.1 to P8.1"
        ),
        None => "criteria run CC1.1 to CC9.2, A1.1 to A1.3, C1.1, C1.2, PI1.1 to PI1.5, P1.1 \
                 to P8.1"
            .to_string(),
    };
    let msg = format!("`{id}` is not a SOC 2 criterion (2017 Trust Services Criteria)");
    cx.push(site.value(Code::UnknownCriterion, ptr, msg).help(help));
}

/// E025: `id` at `ptr` is a document in documents/ (or one whose file is
/// broken).
fn document(cx: &mut Cx<'_>, site: &Site<'_>, ptr: &str, id: &str) {
    if cx.index.documents.contains(id) || cx.tree.broken.contains(id) {
        return;
    }
    let help = match closest(id, cx.index.documents.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("create documents/{id}.md, or refer to an existing document"),
    };
    let msg = format!("no document with id `{id}`");
    cx.push(
        site.value(Code::UnknownDocument, ptr, msg)
            .label("not in documents/")
            .help(help),
    );
}

/// E022: `id` at `ptr` is a risk in risks/ (or one whose file is broken).
fn risk(cx: &mut Cx<'_>, site: &Site<'_>, ptr: &str, id: &str) {
    if cx.index.risks.contains_key(id) || cx.tree.broken.contains(id) {
        return;
    }
    let help = match closest(id, cx.index.risks.keys().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("create risks/{id}.md, or refer to an existing risk"),
    };
    let msg = format!("no risk with id `{id}`");
    cx.push(
        site.value(Code::UnknownRisk, ptr, msg)
            .label("not in risks/")
            .help(help),
    );
}
