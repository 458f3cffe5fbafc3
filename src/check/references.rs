//! References (E02x) that must lead somewhere: people, Annex A controls,
//! risks, clauses, SOC 2 criteria and documents, wherever a record names
//! them. What a record names is declared by its kind
//! ([`RecordKind::references`]); [`unknown`] is the one judge of a
//! reference, for `check` and for every command that writes one.

use super::{CheckRun, Index, Site, all_actions};
use crate::catalogue::Catalogue;
use crate::diag::{Code, closest};
use crate::load::kinds::{self, KindVisitor, RecordKind};
use crate::load::refs::{config_references, context_references, soa_references};
use crate::load::{Ref, Target, Tree};
use crate::schema::Kind;

/// How Annex A 2022 ids run, for help texts.
const ANNEX_A_RANGES: &str = "A.5.1 to A.5.37, A.6.1 to A.6.8, A.7.1 to A.7.14, A.8.1 to A.8.34";

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let tree = cx.tree;
    if let Some(soa) = &tree.soa {
        report(cx, &Site::of(soa), soa_references(&soa.data));
    }
    if let Some(config) = &tree.config {
        report(cx, &Site::of(config), config_references(&config.data));
    }
    if let Some(context) = &tree.context {
        report(cx, &Site::of(context), context_references(&context.data));
    }
    struct Visit<'c, 't>(&'c mut CheckRun<'t>);
    impl KindVisitor for Visit<'_, '_> {
        fn visit<K: RecordKind>(&mut self) {
            let tree = self.0.tree;
            for r in K::records(tree) {
                report(self.0, &Site::of(r), r.data.references());
            }
        }
    }
    kinds::for_each_kind(&mut Visit(cx));
    for at in all_actions(tree) {
        let owner = Ref {
            pointer: "/owner".into(),
            target: Target::Person,
            id: &at.action.owner,
        };
        report(cx, &at.site(), vec![owner]);
    }
}

/// Report each of `refs` (pointers under `site`) that leads nowhere.
fn report(cx: &mut CheckRun<'_>, site: &Site<'_>, refs: Vec<Ref<'_>>) {
    for r in refs {
        if let Some(u) = unknown(cx.tree, cx.index, r.target, r.id) {
            // A kind without a code is one no kind declares a reference to
            // (tests/it/kinds.rs holds every named kind to a code).
            let Some(code) = u.code else { continue };
            let mut d = site.value(code, &r.pointer, u.message);
            if let Some(label) = u.label {
                d = d.label(label);
            }
            cx.push(d.help(u.help));
        }
    }
}

/// Why an id does not name what a reference needs: what a diagnostic, or a
/// command's refusal, says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The diagnostic code (E020 for a person); None for a record of a kind
    /// no record may name (only commands ask about those).
    pub code: Option<Code>,
    /// What is wrong: "no person with id `bob`".
    pub message: String,
    /// A short label for the value, where one helps.
    pub label: Option<String>,
    /// The fix, with the closest known id when there is one.
    pub help: String,
}

impl Unknown {
    /// The one line a command refuses with: what is wrong, then the fix.
    pub fn line(&self) -> String {
        format!("{}; {}", self.message, self.help)
    }
}

/// The one judge of references, for commands: the tree's lookups built
/// once, then any number of ids judged as `isms check` judges them.
pub struct Resolver<'t> {
    tree: &'t Tree,
    index: Index<'t>,
}

impl<'t> Resolver<'t> {
    /// The lookups of `tree`.
    pub fn new(tree: &'t Tree) -> Self {
        Resolver {
            tree,
            index: Index::build(tree),
        }
    }

    /// Why `id` names no `target` of the tree; None when it does (see
    /// [`unknown`]).
    pub fn unknown(&self, target: Target, id: &str) -> Option<Unknown> {
        unknown(self.tree, &self.index, target, id)
    }

    /// `Ok` when `id` names a `target`, else the line to refuse with.
    pub fn check(&self, target: Target, id: &str) -> Result<(), String> {
        self.unknown(target, id).map_or(Ok(()), |u| Err(u.line()))
    }
}

/// Whether `id` names a `target` of `tree`: None when it does, or when it
/// cannot be judged (people without a loaded isms.toml, a record whose file
/// exists but does not load: its own diagnostic says why).
pub fn unknown(tree: &Tree, index: &Index<'_>, target: Target, id: &str) -> Option<Unknown> {
    match target {
        Target::Person => person(tree, index, id),
        Target::Control => control(id),
        Target::Clause => clause(id),
        Target::ClauseOrControl if id.starts_with("A.") => control(id),
        Target::ClauseOrControl => clause(id),
        Target::Criterion => criterion(id),
        Target::Record(kind) => record(tree, index, kind, id),
        Target::RecordOnceKept(kind) if index.ids.contains_key(&kind) || tree.keeps(kind) => {
            record(tree, index, kind, id)
        }
        Target::RecordOnceKept(_) => None,
    }
}

/// E020: `id` is a person of isms.toml.
fn person(tree: &Tree, index: &Index<'_>, id: &str) -> Option<Unknown> {
    // Without a loaded isms.toml every person would look unknown: say nothing.
    if tree.config.is_none() || index.people.contains(id) {
        return None;
    }
    let people = tree.config.iter().flat_map(|c| &c.data.person);
    let same = |a: &str| a.trim().eq_ignore_ascii_case(id.trim());
    let named: Vec<_> = people.clone().filter(|p| same(&p.name)).collect();
    let by_role: Vec<_> = people.filter(|p| same(&p.role)).collect();
    let help = match (
        named.as_slice(),
        by_role.as_slice(),
        closest(id, index.people.iter().copied()),
    ) {
        ([p], _, _) => format!(
            "`{id}` is the name of person `{}`: refer to people by id, `{}`",
            p.id, p.id
        ),
        ([], [p], _) => format!(
            "`{id}` is the role of person `{}` ({}): refer to people by id, `{}`",
            p.id, p.name, p.id
        ),
        (_, _, Some(s)) => {
            format!("did you mean `{s}`? people are defined as [[person]] in isms.toml")
        }
        (_, _, None) => {
            "add a [[person]] with this id to isms.toml, or use an existing person id".to_string()
        }
    };
    Some(Unknown {
        code: Some(Code::UnknownPerson),
        message: format!("no person with id `{id}`"),
        label: Some("not defined in isms.toml".into()),
        help,
    })
}

/// E021: `id` is an Annex A 2022 control.
fn control(id: &str) -> Option<Unknown> {
    let cat = Catalogue::get();
    if cat.control(id).is_some() {
        return None;
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
    Some(Unknown {
        code: Some(Code::UnknownControl),
        message: format!("`{id}` is not an Annex A control of ISO/IEC 27001:2022"),
        label: None,
        help,
    })
}

/// E023: `id` is a clause from 4 to 10.
fn clause(id: &str) -> Option<Unknown> {
    let cat = Catalogue::get();
    if cat.clause(id).is_some() {
        return None;
    }
    let help = match closest(id, cat.clauses.iter().map(|c| c.id)) {
        Some(s) if s != id => {
            format!("did you mean `{s}`? clauses run from 4 to 10.2, e.g. \"6.1.3\", \"9.2\"")
        }
        _ => "clauses run from 4 to 10.2, e.g. \"6.1.3\", \"9.2\"; Annex A controls start with A."
            .to_string(),
    };
    Some(Unknown {
        code: Some(Code::UnknownClause),
        message: format!("`{id}` is not a clause of ISO/IEC 27001:2022 (4 to 10)"),
        label: None,
        help,
    })
}

/// E024: `id` is a SOC 2 criterion.
fn criterion(id: &str) -> Option<Unknown> {
    let cat = Catalogue::get();
    if cat.criterion(id).is_some() {
        return None;
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
    Some(Unknown {
        code: Some(Code::UnknownCriterion),
        message: format!("`{id}` is not a SOC 2 criterion (2017 Trust Services Criteria)"),
        label: None,
        help,
    })
}

/// A record of `kind` (E022 for a risk, E025 for a document), or one
/// whose file exists but does not load.
fn record(tree: &Tree, index: &Index<'_>, kind: Kind, id: &str) -> Option<Unknown> {
    let known = index.ids.get(&kind);
    if known.is_some_and(|ids| ids.contains(id)) || tree.is_broken(kind, id) {
        return None;
    }
    let spec = kinds::spec(kind)?;
    let (noun, folder) = (spec.noun, spec.folder);
    let help = match known.and_then(|ids| closest(id, ids.iter().copied())) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("create {folder}/{id}.md, or refer to an existing {noun}"),
    };
    Some(Unknown {
        code: spec.unknown,
        message: format!("no {noun} with id `{id}`"),
        label: Some(format!("not in {folder}/")),
        help,
    })
}
