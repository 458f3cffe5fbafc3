//! ISMS roles and competence (E135, E136, W053): every role in `isms.toml`
//! has a holder (5.3), every holder keeps a record of each competence the
//! role needs (7.2), and a competence a holder relies on has not expired.
//! Who the holders are, and the evidence each record cites, are references
//! (`load::refs::config_references`), judged with every other reference.

use super::{CheckRun, Site};
use crate::diag::Code;

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let Some(config) = &cx.tree.config else {
        return;
    };
    let site = Site::of(config);
    let c = &config.data;
    // A competence two roles need is reported once.
    let mut warned = std::collections::HashSet::new();
    for (i, role) in c.role.iter().enumerate() {
        let at = site.under(&format!("/role/{i}"));
        if role.holders().is_empty() {
            cx.push(
                at.key(
                    Code::RoleWithoutHolder,
                    "/id",
                    format!("role `{}` ({}) has no holder", role.id, role.title),
                )
                .help("name who holds it: holder = \"PERSON-ID\" (or a list of ids)"),
            );
        }
        for (h, id) in role.holders().iter().enumerate() {
            // An unknown holder is E020's; a known one is judged here.
            let Some(person) = c.person(id) else { continue };
            for need in &role.competence {
                if !person.competence.iter().any(|k| k.is(need)) {
                    cx.push(
                        at.value(
                            Code::HolderNotCompetent,
                            &role.holder_pointer(h),
                            format!(
                                "{} holds role `{}`, which needs \"{need}\", and has no record of it",
                                person.name, role.id
                            ),
                        )
                        .help(format!(
                            "add to {id}'s [[person]]: [[person.competence]] name = \"{need}\" \
                             on = YYYY-MM-DD, with its evidence"
                        )),
                    );
                    continue;
                }
                // Expired only when every record of it has: a renewal beside
                // the lapsed certificate is competence still held.
                if person.lapsed(need, cx.today) && warned.insert((id, need.to_lowercase())) {
                    expired(cx, &site, id, need);
                }
            }
        }
    }
    for (p, person) in c.person.iter().enumerate() {
        for (k, comp) in person.competence.iter().enumerate() {
            let file = site.under(&format!("/person/{p}/competence/{k}"));
            for (j, f) in comp.files.iter().enumerate() {
                super::evidence::file_rule(
                    cx,
                    &file.under(&format!("/files/{j}")),
                    &f.path,
                    &f.sha256,
                    "a competence must rest on the certificate that was checked: restore the \
                     file, or record the renewed one as a new [[person.competence]] entry",
                );
            }
        }
    }
}

/// W053: `need`, which a role `id` holds needs, has lapsed (pointing at the
/// latest record of it).
fn expired(cx: &mut CheckRun<'_>, site: &Site<'_>, id: &str, need: &str) {
    let Some(config) = &cx.tree.config else {
        return;
    };
    let c = &config.data;
    let Some((p, person)) = c.person.iter().enumerate().find(|(_, p)| p.id == id) else {
        return;
    };
    let Some((k, comp)) = person
        .competence
        .iter()
        .enumerate()
        .filter(|(_, k)| k.is(need))
        .max_by_key(|(_, k)| k.expires)
    else {
        return;
    };
    let Some(expires) = comp.expires else { return };
    let days = -crate::model::days_until(expires, cx.today);
    let roles: Vec<&str> = c
        .role
        .iter()
        .filter(|r| r.holders().iter().any(|h| h == id) && r.competence.iter().any(|n| comp.is(n)))
        .map(|r| r.id.as_str())
        .collect();
    let msg = format!(
        "{}'s {} expired {days} day{} ago, on {expires}, and role `{}` needs it",
        person.name,
        comp.name,
        if days == 1 { "" } else { "s" },
        roles.join("`, `")
    );
    let d = site
        .value(
            Code::CompetenceExpired,
            &format!("/person/{p}/competence/{k}/expires"),
            msg,
        )
        .help("record the renewal as another [[person.competence]] of the same name, with its evidence");
    cx.push(d);
}
