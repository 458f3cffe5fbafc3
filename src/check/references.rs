//! References that must lead somewhere: people, Annex A controls, risks and
//! clauses, wherever a record names them.

use super::{Cx, all_actions};
use crate::catalogue::Catalogue;
use crate::diag::{Code, Diagnostic, FileId, closest};
use crate::load::SpanMap;

pub(super) fn check(cx: &mut Cx<'_>) {
    let tree = cx.tree;
    if let Some(soa) = &tree.soa {
        let s = &soa.data;
        person(cx, soa.file, &soa.spans, "/owner", &s.owner);
        person(cx, soa.file, &soa.spans, "/approved_by", &s.approved_by);
        for (i, c) in s.control.iter().enumerate() {
            control(cx, soa.file, &soa.spans, &format!("/control/{i}/id"), &c.id);
            if let Some(o) = &c.owner {
                person(cx, soa.file, &soa.spans, &format!("/control/{i}/owner"), o);
            }
        }
    }
    for r in &tree.risks {
        let d = &r.data;
        person(cx, r.file, &r.spans, "/owner", &d.owner);
        for (i, c) in d.controls.iter().enumerate() {
            control(cx, r.file, &r.spans, &format!("/controls/{i}"), c);
        }
        if let Some(a) = &d.acceptance {
            person(cx, r.file, &r.spans, "/acceptance/by", &a.by);
        }
    }
    for r in &tree.audits {
        let d = &r.data;
        person(cx, r.file, &r.spans, "/lead", &d.lead);
        for (i, p) in d.auditees.iter().enumerate() {
            person(cx, r.file, &r.spans, &format!("/auditees/{i}"), p);
        }
        for (i, c) in d.clauses.iter().enumerate() {
            clause(cx, r.file, &r.spans, &format!("/clauses/{i}"), c);
        }
        for (i, c) in d.controls.iter().enumerate() {
            control(cx, r.file, &r.spans, &format!("/controls/{i}"), c);
        }
        for (f, finding) in d.finding.iter().enumerate() {
            for (i, x) in finding.refs.iter().enumerate() {
                let at = format!("/finding/{f}/refs/{i}");
                if x.starts_with("A.") {
                    control(cx, r.file, &r.spans, &at, x);
                } else {
                    clause(cx, r.file, &r.spans, &at, x);
                }
            }
        }
    }
    for r in &tree.reviews {
        let d = &r.data;
        person(cx, r.file, &r.spans, "/chair", &d.chair);
        for (i, p) in d.attendees.iter().enumerate() {
            person(cx, r.file, &r.spans, &format!("/attendees/{i}"), p);
        }
    }
    for r in &tree.incidents {
        let d = &r.data;
        if let Some(o) = &d.owner {
            person(cx, r.file, &r.spans, "/owner", o);
        }
        for (i, x) in d.risks.iter().enumerate() {
            risk(cx, r.file, &r.spans, &format!("/risks/{i}"), x);
        }
        for (i, c) in d.controls.iter().enumerate() {
            control(cx, r.file, &r.spans, &format!("/controls/{i}"), c);
        }
    }
    for at in all_actions(tree) {
        person(
            cx,
            at.file,
            at.spans,
            &format!("{}/owner", at.pointer),
            &at.action.owner,
        );
    }
}

fn person(cx: &mut Cx<'_>, file: FileId, spans: &SpanMap, at: &str, id: &str) {
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
    cx.push(
        Diagnostic::new(
            Code::UnknownPerson,
            Some(file),
            spans.value(at),
            format!("no person with id `{id}`"),
        )
        .label("not defined in isms.toml")
        .help(help),
    );
}

fn control(cx: &mut Cx<'_>, file: FileId, spans: &SpanMap, at: &str, id: &str) {
    let cat = Catalogue::get();
    if cat.control(id).is_some() {
        return;
    }
    let help = if let Some(rest) = id
        .strip_prefix("A.")
        .filter(|r| r.matches('.').count() == 2)
    {
        format!(
            "`{id}` looks like an ISO 27001:2013 id (A.{rest}); Annex A 2022 ids run A.5.1 to A.8.34"
        )
    } else if let Some(s) = cat.suggest_control(id).filter(|_| id.starts_with("A.")) {
        format!(
            "did you mean `{s}`? Annex A 2022 ids run A.5.1 to A.5.37, A.6.1 to A.6.8, A.7.1 to A.7.14, A.8.1 to A.8.34"
        )
    } else {
        "Annex A 2022 ids run A.5.1 to A.5.37, A.6.1 to A.6.8, A.7.1 to A.7.14, A.8.1 to A.8.34"
            .to_string()
    };
    cx.push(
        Diagnostic::new(
            Code::UnknownControl,
            Some(file),
            spans.value(at),
            format!("`{id}` is not an Annex A control of ISO/IEC 27001:2022"),
        )
        .help(help),
    );
}

fn clause(cx: &mut Cx<'_>, file: FileId, spans: &SpanMap, at: &str, id: &str) {
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
    cx.push(
        Diagnostic::new(
            Code::UnknownClause,
            Some(file),
            spans.value(at),
            format!("`{id}` is not a clause of ISO/IEC 27001:2022 (4 to 10)"),
        )
        .help(help),
    );
}

fn risk(cx: &mut Cx<'_>, file: FileId, spans: &SpanMap, at: &str, id: &str) {
    if cx.index.risks.contains_key(id) || cx.tree.broken.contains(id) {
        return;
    }
    let help = match closest(id, cx.index.risks.keys().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("create risks/{id}.md, or refer to an existing risk"),
    };
    cx.push(
        Diagnostic::new(
            Code::UnknownRisk,
            Some(file),
            spans.value(at),
            format!("no risk with id `{id}`"),
        )
        .label("not in risks/")
        .help(help),
    );
}
