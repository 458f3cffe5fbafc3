//! `isms review prep`: draft the next management review from what the
//! records and git already know; print it, or `--write` it as the next
//! review record (status "planned") in the tree's own id style.

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::record::{self, Template};
use super::{EXIT_OK, overview};
use crate::cli::{Format, ReviewPrepArgs};
use crate::load::next_id::next_review_id;
use crate::load::{DiskFs, RecordKind, edit};
use crate::model::Review;
use crate::pipeline::{self, Options};
use crate::render::view::prep::{self, DraftSources, ReviewDraft};

/// Draft the review.
pub fn run(args: &ReviewPrepArgs) -> Result<u8> {
    let opts = args.tree.options();
    let (mut corpus, view) = overview(&opts)?;
    let today = view.today;
    let (since, changes) = match args.since.as_deref() {
        Some(s) => match s.parse::<NaiveDate>() {
            Ok(day) => (day, since_day(&opts, day, &corpus.tree)?),
            Err(_) => {
                let (day, c) = pipeline::changes_since_rev(&opts, s, &corpus.tree)?;
                (day, Some(c))
            }
        },
        None => match prep::last_held(&corpus.tree, today) {
            Some(last) => {
                let day = last.date;
                (day, since_day(&opts, day, &corpus.tree)?)
            }
            // The first review: the period is the ISMS's whole history.
            None => match first_commit(&opts)? {
                Some(rev) => {
                    let (day, c) = pipeline::changes_since_rev(&opts, &rev, &corpus.tree)?;
                    eprintln!(
                        "note: no management review has been held yet; the period starts at \
                         the first commit ({rev}, {day}); --since DATE|REV says otherwise"
                    );
                    (day, Some(c))
                }
                None => bail!(
                    "the tree has no held management review and no git history to start the \
                     period from; give --since DATE"
                ),
            },
        },
    };
    if since > today {
        bail!("--since {since} is after today ({today}): the period would end before it starts");
    }
    corpus.history = pipeline::provenance(&opts, &corpus.tree)?.1;
    let metrics_then = if corpus.tree.objectives.is_empty() {
        Default::default()
    } else {
        pipeline::values_on(&opts, &corpus.tree, since)?
    };
    let draft = prep::build(&DraftSources {
        tree: &corpus.tree,
        view: &view,
        history: &corpus.history,
        changes: changes.as_ref(),
        since,
        metrics_then: &metrics_then,
    });
    if let Some(path) = &args.pdf {
        pdf(&corpus, &draft, path)?;
    }
    if args.write {
        return write(&opts, &corpus.tree, &draft);
    }
    match args.format {
        Format::Human => super::out(&human(&draft))?,
        Format::Json => super::outln(&serde_json::to_string_pretty(&draft)?)?,
    }
    Ok(EXIT_OK)
}

/// What changed since `day`: from the tree as it stood that day, or, when
/// the repository's history starts after it, from its oldest commit (said
/// so). None outside git.
fn since_day(
    opts: &Options,
    day: NaiveDate,
    tree: &crate::load::Tree,
) -> Result<Option<crate::diff::Changes>> {
    if let Some(c) = pipeline::changes_since_day(opts, day, tree)? {
        return Ok(Some(c));
    }
    let Some(rev) = first_commit(opts)? else {
        return Ok(None);
    };
    let (first, c) = pipeline::changes_since_rev(opts, &rev, tree)?;
    eprintln!(
        "note: the git history starts after {day}: changes are judged from its oldest commit, \
         {rev} ({first}); what the records already held then is not counted as added"
    );
    Ok(Some(c))
}

/// The short id of the oldest commit of the tree's repository, if any.
fn first_commit(opts: &Options) -> Result<Option<String>> {
    let Some(repo) = crate::git::Repo::discover(&opts.dir)? else {
        return Ok(None);
    };
    Ok(repo.first_commit()?.map(|c| crate::git::short_id(c.id())))
}

/// The draft as a review pack: `path`, or `out/review/<id>-draft.pdf`.
fn pdf(corpus: &crate::pipeline::Corpus, d: &ReviewDraft, path: &std::path::Path) -> Result<()> {
    use crate::render::markdown;
    use crate::render::pdf::{Doc, Renderer, Standard};
    let id = next_review_id(&corpus.tree, d.today);
    let inputs: Vec<serde_json::Value> = d
        .inputs
        .iter()
        .map(|i| {
            serde_json::json!({
                "key": i.key, "letter": i.letter, "title": i.title,
                "body": markdown::to_tree(&i.text),
            })
        })
        .collect();
    let draft = serde_json::json!({
        "since": d.since, "today": d.today, "previous": d.previous,
        "baseline": d.baseline, "inputs": inputs,
    });
    let doc = Doc::ReviewDraft { id, draft };
    let bytes = Renderer::new(corpus)?.render(&doc, Standard::V1_7)?;
    let path = if path.as_os_str().is_empty() {
        std::path::Path::new("out/review").join(doc.file_name())
    } else {
        path.to_path_buf()
    };
    crate::output::write_atomic(&path, &bytes)?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

fn human(d: &ReviewDraft) -> String {
    let mut o = format!("Management review draft: {} to {}\n", d.since, d.today);
    if let Some(p) = &d.previous {
        let _ = writeln!(o, "Previous review: {p}");
    }
    match &d.baseline {
        Some(b) => {
            let _ = writeln!(o, "Risk changes against {b}");
        }
        None => {
            let _ = writeln!(
                o,
                "Not under git: changes are judged from the records' dates"
            );
        }
    }
    for i in &d.inputs {
        let _ = write!(o, "\n## {}) {}\n\n{}", i.letter, i.title, i.text);
    }
    o
}

fn write(opts: &Options, tree: &crate::load::Tree, d: &ReviewDraft) -> Result<u8> {
    let id = next_review_id(tree, d.today);
    let previous = prep::last_held(tree, d.today);
    let soa_owner = tree.soa.as_ref().map(|s| s.data.owner.as_str());
    let Some(chair) = previous.map(|p| p.chair.as_str()).or(soa_owner) else {
        bail!("cannot tell who chairs the review: the tree has no earlier review and no SoA owner");
    };
    let attendees = previous.map(|p| p.attendees.as_slice()).unwrap_or(&[]);
    let body = format!(
        "Drafted by `isms review prep` on {} for the period {} to {}{}. Edit the inputs, \
         record the decisions and actions, then set `status = \"held\"` and the date it \
         was held.",
        d.today,
        d.since,
        d.today,
        d.baseline
            .as_ref()
            .map(|b| format!(", risks compared with {b}"))
            .unwrap_or_default()
    );
    // From the review template, as `isms new review` makes one, with what
    // the records already say filled in.
    let mut fields = vec![
        record::field("date", edit::date_value(d.today), &[]),
        record::field("chair", edit::string_value(chair), &[]),
        record::field("attendees", edit::string_array(attendees), &["chair"]),
        record::field("status", edit::string_value("planned"), &["attendees"]),
    ];
    for i in &d.inputs {
        fields.push(edit::Edit {
            table: vec![edit::Seg::Key("inputs")],
            key: i.key,
            value: Some(toml_edit::Value::from(i.text.as_str())),
            after: &[],
        });
    }
    let spec = &Review::SPEC;
    let fs = DiskFs::new(&opts.dir).with_context(|| format!("reading {}", opts.dir.display()))?;
    let text = Template::read(&fs, spec)?.render(&id, &body, d.today, &fields)?;
    let path = opts.dir.join(record::record_rel(spec, &id));
    crate::output::create_new(&path, text.as_bytes())?;
    super::outln(&path.display().to_string())?;
    Ok(EXIT_OK)
}
