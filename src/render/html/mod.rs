//! The static HTML site (issue 4): a dashboard, the SoA, the risk register
//! and a page per record, rendered through tera templates from the shared
//! view model, with CSS and JS shipped inside the output so it opens from
//! `file://` with no server and no network. Record text is escaped by tera's
//! autoescape; only Markdown converted by [`markdown::to_html`] is trusted.

mod assets;
mod charts;
mod measurement;
mod templates;
mod trend;

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use serde::Serialize;
use tera::{Context, Tera};

use crate::load::kinds::{self, KindSpec};
use crate::pipeline::Corpus;
use crate::render::markdown;
use crate::render::view::{self, Md, RecordRef, View};
use crate::schema::Kind;

/// Render the HTML site of a checked corpus into `dir`; returns how many
/// pages it has.
pub fn build(corpus: &Corpus, dir: &Path) -> Result<usize> {
    // Many Markdown fragments share a page (the SoA holds 93): number them so
    // their footnote ids stay unique. `view::build` converts them in the
    // order `view::MdFn` lists (a tested contract), so the numbers are the
    // same on every build.
    let fragment = std::cell::Cell::new(0usize);
    let pack = view::build(corpus, &|s| {
        let n = fragment.get();
        fragment.set(n + 1);
        Md::Html(markdown::to_html_scoped(s, &format!("m{n}-")))
    })?;
    let tera = templates::engine(&corpus.root)?;
    let logo = assets::logo(&corpus.root, pack.org.logo.as_deref())?;
    // Optional registers (assets, suppliers...) only for trees that keep
    // them; the metrics page also lists the built-in metrics objectives
    // follow, so it is there whenever anything is measured.
    let measured = pack
        .measurement
        .as_ref()
        .is_some_and(|m| !m.metrics.is_empty());
    let listed: Vec<Kind> = kinds::specs()
        .iter()
        .filter(|s| {
            !s.optional || corpus.tree.keeps(s.schema) || (s.schema == Kind::Metric && measured)
        })
        .map(|s| s.schema)
        .collect();
    let files = render(
        &tera,
        &pack,
        logo.as_ref().map(|l| l.name.as_str()),
        &listed,
    )?;

    // The site is built beside the old one and swapped in whole at the end.
    let staging = crate::output::Staging::new(dir)?;
    for (rel, bytes) in &files {
        staging.write(rel, bytes)?;
    }
    if let Some(l) = &logo {
        staging.write(&l.name, &l.bytes)?;
    }
    // Files a person put in the folder stay; pages of records that are gone
    // and a logo the tree no longer names do not.
    staging.carry_over(|rel| !is_stale(rel))?;
    staging.commit()?;
    Ok(files.iter().filter(|(p, _)| p.ends_with(".html")).count())
}

/// Every file of the site but the logo: (path relative to the site, bytes).
fn render(
    tera: &Tera,
    pack: &View,
    logo: Option<&str>,
    listed: &[Kind],
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("site.css".into(), assets::SITE_CSS.as_bytes().to_vec()),
        ("site.js".into(), assets::SITE_JS.as_bytes().to_vec()),
        (
            "theme.css".into(),
            assets::theme_css(&pack.org.accent, &pack.method.levels).into_bytes(),
        ),
    ];
    let common = common(pack, logo, listed);
    let mut page = |path: String, template: &str, title: &str, nav: &str, ctx: Context| {
        let root = if path.contains('/') { "../" } else { "" };
        let mut full = common.clone();
        full.insert("root", root);
        full.insert("title", title);
        full.insert("nav", nav);
        full.insert("path", &path);
        full.extend(ctx);
        let html = tera
            .render(template, &full)
            .map_err(|e| anyhow::anyhow!(templates::chain(&e)))
            .with_context(|| format!("rendering {path} from {template}"))?;
        files.push((path, html.into_bytes()));
        anyhow::Ok(())
    };

    // The dashboard.
    let mut ctx = Context::new();
    ctx.insert(
        "heat",
        &[
            charts::heat_map(
                "inherent",
                "Inherent risk",
                &pack.heat_inherent,
                &pack.method,
            ),
            charts::heat_map(
                "residual",
                "Residual risk",
                &pack.heat_residual,
                &pack.method,
            ),
        ],
    );
    ctx.insert("levels", &pack.method.levels);
    // Each objective with a small chart of its metric (a tree keeping them).
    ctx.insert("measurement", &pack.measurement);
    if let Some(m) = &pack.measurement {
        ctx.insert(
            "small_charts",
            &measurement::objective_charts(m, measurement::SMALL),
        );
    }
    ctx.insert("stats", &pack.stats);
    // `--since REV`: what changed, grouped as `isms diff` prints it.
    ctx.insert(
        "changes_from",
        &pack.changes.as_ref().map(|c| &c.from.label),
    );
    ctx.insert(
        "changes",
        &pack
            .changes
            .as_ref()
            .map(super::super::diff::Changes::sections)
            .unwrap_or_default(),
    );
    ctx.insert("appetite", &pack.method.appetite);
    ctx.insert(
        "bars",
        &charts::soa_bars(&pack.soa.themes, &pack.soa.totals),
    );
    // The shared figures, with the records they name in full.
    let stats = &pack.stats;
    let risks: HashMap<&str, _> = pack.risks.iter().map(|r| (r.id.as_str(), r)).collect();
    let actions: HashMap<&str, _> = pack.actions.iter().map(|a| (a.id.as_str(), a)).collect();
    ctx.insert("above_appetite", &named(&stats.above_appetite, &risks));
    ctx.insert("overdue_reviews", &named(&stats.overdue_reviews, &risks));
    ctx.insert("overdue_actions", &named(&stats.overdue_actions, &actions));
    ctx.insert("programme", &pack.programme);
    let latest_audit = stats.latest_audit.as_ref();
    ctx.insert(
        "latest_audit",
        &pack.audits.iter().find(|a| Some(&a.id) == latest_audit),
    );
    let latest_review = stats.latest_review.as_ref();
    ctx.insert(
        "latest_review",
        &pack.reviews.iter().find(|r| Some(&r.id) == latest_review),
    );
    ctx.insert(
        "recent_incidents",
        &pack.incidents.iter().take(5).collect::<Vec<_>>(),
    );
    ctx.insert("open_incidents", &stats.open_incidents);
    ctx.insert("incident_count", &pack.incidents.len());
    page(
        "index.html".into(),
        "index.html.tera",
        "Dashboard",
        "index",
        ctx,
    )?;

    // The Statement of Applicability.
    let mut ctx = Context::new();
    ctx.insert("soa", &pack.soa);
    page(
        "soa.html".into(),
        "soa.html.tera",
        "Statement of Applicability",
        "soa",
        ctx,
    )?;

    // The SOC 2 crosswalk, with `[soc2]`.
    if let Some(soc2) = &pack.soc2 {
        let mut ctx = Context::new();
        ctx.insert("soc2", soc2);
        page(
            "soc2.html".into(),
            "soc2.html.tera",
            "SOC 2 crosswalk",
            "soc2",
            ctx,
        )?;
    }

    // The context of the organisation, with a context.toml.
    if let Some(context) = &pack.context {
        let mut ctx = Context::new();
        ctx.insert("context", context);
        page(
            "context.html".into(),
            "context.html.tera",
            "Context of the organisation",
            "context",
            ctx,
        )?;
    }

    // People: roles, competence and awareness, once the tree keeps any.
    if !pack.roles.is_empty() || !pack.campaigns.is_empty() {
        let mut ctx = Context::new();
        ctx.insert("roles", &pack.roles);
        ctx.insert("campaigns", &pack.campaigns);
        page(
            "people.html".into(),
            "people.html.tera",
            "People: roles, competence and awareness",
            "people",
            ctx,
        )?;
    }

    // Each record kind: its list and a page per record, where the kind's
    // spec says (folder, title, navigation key).
    for &spec in kinds::specs().iter().filter(|s| listed.contains(&s.schema)) {
        let one = spec.name();
        let mut list = Context::new();
        match spec.schema {
            Kind::Risk => {
                // The register, and the risks behind each heat map cell.
                list.insert("risks", &pack.risks);
                list.insert("method", &pack.method);
                list.insert(
                    "cells",
                    &[
                        cell_lists("inherent", "Inherent", &pack.heat_inherent, pack),
                        cell_lists("residual", "Residual", &pack.heat_residual, pack),
                    ],
                );
                let mut record = Context::new();
                record.insert("method", &pack.method);
                let pages = Pages::new(spec, list, (one, record));
                pages.render(&mut page, &pack.risks, |r| {
                    (&r.id, format!("{} {}", r.id, r.title))
                })?;
            }
            Kind::Audit => list_and_pages(&mut page, spec, &pack.audits, |a| {
                (&a.id, format!("{} {}", a.id, a.title))
            })?,
            Kind::Review => list_and_pages(&mut page, spec, &pack.reviews, |r| {
                (&r.id, format!("Management review {}", r.id))
            })?,
            Kind::Incident => list_and_pages(&mut page, spec, &pack.incidents, |i| {
                (&i.id, format!("{} {}", i.id, i.title))
            })?,
            Kind::Evidence => {
                // The register by owner; each item's page names it `item`.
                list.insert("register", &pack.evidence);
                let items: Vec<_> = pack.evidence.owners.iter().flat_map(|g| &g.items).collect();
                let pages = Pages::new(spec, list, ("item", Context::new()))
                    .template("evidence-record.html.tera");
                pages.render(&mut page, &items, |i| {
                    (&i.id, format!("{} {}", i.id, i.title))
                })?;
            }
            Kind::Document => list_and_pages(&mut page, spec, &pack.documents, |d| {
                (&d.id, format!("{} {}", d.id, d.title))
            })?,
            Kind::Asset => {
                // The inventory with its filters; each asset's page.
                list.insert("inventory", &pack.assets);
                let pages = Pages::new(spec, list, (one, Context::new()));
                pages.render(&mut page, &pack.assets.items, |a| {
                    (&a.id, format!("{} {}", a.id, a.title))
                })?;
            }
            Kind::Supplier => {
                // The register, overdue reviews and lapsed certificates
                // highlighted; each supplier's page.
                list.insert("register", &pack.suppliers);
                let pages = Pages::new(spec, list, (one, Context::new()));
                pages.render(&mut page, &pack.suppliers.items, |s| {
                    (&s.id, format!("{} {}", s.id, s.title))
                })?;
            }
            Kind::Obligation => list_and_pages(&mut page, spec, &pack.obligations, |o| {
                (&o.id, format!("{} {}", o.id, o.title))
            })?,
            Kind::Objective => {
                list.extend(measurement::context(pack));
                let record = measurement::record_context(pack);
                let m = pack.measurement.as_ref();
                let charts = m
                    .map(|m| measurement::objective_charts(m, measurement::FULL))
                    .unwrap_or_default();
                let objectives = m.map(|m| &m.objectives[..]).unwrap_or_default();
                Pages::new(spec, list, (one, record)).render_each(
                    &mut page,
                    objectives,
                    |o| (&o.id, format!("{} {}", o.id, o.title)),
                    |o, ctx| measurement::own_chart(ctx, "objective_charts", &charts, &o.id),
                )?;
            }
            Kind::Metric => {
                // Every metric on the list; a page for each manual one.
                list.extend(measurement::context(pack));
                let record = measurement::record_context(pack);
                let m = pack.measurement.as_ref();
                let charts = m.map(measurement::metric_charts).unwrap_or_default();
                let manual: Vec<_> = m
                    .iter()
                    .flat_map(|m| m.metrics.iter().filter(|x| x.metric.manual))
                    .collect();
                Pages::new(spec, list, (one, record)).render_each(
                    &mut page,
                    &manual,
                    |x| (&x.metric.id, format!("{} {}", x.metric.id, x.metric.name)),
                    |x, ctx| measurement::own_chart(ctx, "metric_charts", &charts, &x.metric.id),
                )?;
            }
            Kind::Campaign => list_and_pages(&mut page, spec, &pack.campaigns, |c| {
                (&c.id, format!("{} {}", c.id, c.title))
            })?,
            Kind::Isms | Kind::Soa => {}
            Kind::Context => {}
        }
    }

    // Every action.
    let mut ctx = Context::new();
    ctx.insert("actions", &pack.actions);
    page(
        "actions.html".into(),
        "actions.html.tera",
        "Actions",
        "actions",
        ctx,
    )?;

    Ok(files)
}

/// The records `refs` names, looked up by id.
fn named<'v, T>(refs: &[RecordRef], by_id: &HashMap<&str, &'v T>) -> Vec<&'v T> {
    refs.iter()
        .filter_map(|r| by_id.get(r.id.as_str()).copied())
        .collect()
}

/// The page renderer of [`render`]: (path, template, title, nav, context).
type PageFn<'a> = dyn FnMut(String, &str, &str, &str, Context) -> Result<()> + 'a;

/// The pages of a kind with nothing but its records to show: the list under
/// the kind's folder name, each record under the kind's name.
fn list_and_pages<T: Serialize>(
    page: &mut PageFn<'_>,
    spec: &'static KindSpec,
    items: &[T],
    id_title: impl Fn(&T) -> (&str, String),
) -> Result<()> {
    let mut list = Context::new();
    list.insert(spec.folder, items);
    Pages::new(spec, list, (spec.name(), Context::new())).render(page, items, id_title)
}

/// A record kind's pages: its list (`{folder}.html` from
/// `{folder}.html.tera`) and one page per record (`{folder}/{id}.html` from
/// `{kind}.html.tera`, the record under its name in the template), all under
/// the kind's navigation key (its folder).
struct Pages {
    spec: &'static KindSpec,
    list: Context,
    record_name: &'static str,
    record: Context,
    record_template: String,
}

impl Pages {
    /// The pages of `spec`'s kind: the list page's context, the name each
    /// record takes in its page and what else that page is given.
    fn new(
        spec: &'static KindSpec,
        list: Context,
        (name, record): (&'static str, Context),
    ) -> Self {
        Pages {
            spec,
            list,
            record_name: name,
            record,
            record_template: format!("{}.html.tera", spec.name()),
        }
    }

    /// A record page template other than `{kind}.html.tera`.
    fn template(mut self, name: &str) -> Self {
        self.record_template = name.to_string();
        self
    }

    /// Render the list and every record's page (id and page title by
    /// `id_title`).
    fn render<T: Serialize>(
        self,
        page: &mut PageFn<'_>,
        items: &[T],
        id_title: impl Fn(&T) -> (&str, String),
    ) -> Result<()> {
        self.render_each(page, items, id_title, |_, _| {})
    }

    /// As [`Pages::render`], with `each` adding what one record's page
    /// alone is given (its own chart) to that page's context: the shared
    /// record context is cloned for every page, so it must stay small.
    fn render_each<T: Serialize>(
        self,
        page: &mut PageFn<'_>,
        items: &[T],
        id_title: impl Fn(&T) -> (&str, String),
        each: impl Fn(&T, &mut Context),
    ) -> Result<()> {
        let (folder, title) = (self.spec.folder, self.spec.list_title);
        let list_template = format!("{folder}.html.tera");
        page(
            format!("{folder}.html"),
            &list_template,
            title,
            folder,
            self.list,
        )?;
        for item in items {
            let (id, title) = id_title(item);
            let mut ctx = self.record.clone();
            ctx.insert(self.record_name, item);
            each(item, &mut ctx);
            page(
                format!("{folder}/{}.html", file_stem(id)),
                &self.record_template,
                &title,
                folder,
                ctx,
            )?;
        }
        Ok(())
    }
}

/// What every page shows: organisation, provenance, date.
fn common(pack: &View, logo: Option<&str>, listed: &[Kind]) -> Context {
    let mut ctx = Context::new();
    ctx.insert("org", &pack.org);
    ctx.insert("stamp", &pack.stamp);
    ctx.insert("today", &pack.today);
    ctx.insert("logo", &logo);
    // The SOC 2 page exists only with `[soc2]`; so does its link.
    ctx.insert(
        "nav_items",
        &nav_items(
            pack.soc2.is_some(),
            pack.context.is_some(),
            !pack.roles.is_empty() || !pack.campaigns.is_empty(),
            listed,
        ),
    );
    ctx
}

/// A link in the site's navigation.
#[derive(Debug, Serialize)]
struct NavItem {
    /// Matches the `nav` of the pages it covers.
    key: &'static str,
    /// Page.
    href: String,
    /// Text.
    label: &'static str,
}

/// The navigation, in order, by key: the pages that are not a record
/// kind's ([`FIXED`]) and each kind's list, by the kind's folder. A test
/// holds every kind to a place here.
const NAV: [&str; 18] = [
    "index",
    "context",
    "soa",
    "soc2",
    "risks",
    "audits",
    "reviews",
    "incidents",
    "documents",
    "assets",
    "suppliers",
    "obligations",
    "objectives",
    "metrics",
    "people",
    "awareness",
    "actions",
    "evidence",
];

/// The pages of [`NAV`] that are not a record kind's list: key, page, text.
const FIXED: [(&str, &str, &str); 6] = [
    ("index", "index.html", "Dashboard"),
    ("context", "context.html", "Context"),
    ("soa", "soa.html", "SoA"),
    ("soc2", "soc2.html", "SOC 2"),
    ("people", "people.html", "People"),
    ("actions", "actions.html", "Actions"),
];

/// The navigation's links; the SOC 2 page's only with `[soc2]`, the
/// context's only with a context.toml, the people page's only with roles
/// or campaigns, a record kind's only when `listed`.
fn nav_items(soc2: bool, context: bool, people: bool, listed: &[Kind]) -> Vec<NavItem> {
    NAV.iter()
        .filter(|&&key| key != "soc2" || soc2)
        .filter(|&&key| key != "context" || context)
        .filter(|&&key| key != "people" || people)
        .filter_map(|&key| {
            if let Some(&(key, href, label)) = FIXED.iter().find(|f| f.0 == key) {
                return Some(NavItem {
                    key,
                    href: href.to_string(),
                    label,
                });
            }
            let spec = kinds::specs()
                .iter()
                .find(|s| s.folder == key && listed.contains(&s.schema))?;
            Some(NavItem {
                key: spec.folder,
                href: format!("{}.html", spec.folder),
                label: spec.nav,
            })
        })
        .collect()
}

/// The risks behind one heat map cell, for the anchors the dashboard links to.
#[derive(Debug, Serialize)]
struct CellList {
    /// Anchor id.
    anchor: String,
    /// Likelihood label.
    likelihood: String,
    /// Impact label.
    impact: String,
    /// Score.
    score: u32,
    /// Level name.
    level: String,
    /// The risks.
    risks: Vec<RecordRef>,
}

/// One heat map's cells that hold risks, highest score first.
#[derive(Debug, Serialize)]
struct CellGroup {
    /// "inherent".
    kind: String,
    /// "Inherent".
    title: String,
    /// Cells.
    cells: Vec<CellList>,
}

fn cell_lists(kind: &str, title: &str, grid: &[Vec<view::MatrixCell>], pack: &View) -> CellGroup {
    let titles: std::collections::HashMap<&str, &str> = pack
        .risks
        .iter()
        .map(|r| (r.id.as_str(), r.title.as_str()))
        .collect();
    let label = |labels: &[String], v: u32| {
        labels
            .get((v as usize).saturating_sub(1))
            .cloned()
            .unwrap_or_default()
    };
    let mut cells: Vec<CellList> = grid
        .iter()
        .flatten()
        .filter(|c| !c.risks.is_empty())
        .map(|c| CellList {
            anchor: charts::anchor(kind, c.likelihood, c.impact),
            likelihood: format!(
                "{} {}",
                c.likelihood,
                label(&pack.method.likelihood, c.likelihood)
            ),
            impact: format!("{} {}", c.impact, label(&pack.method.impact, c.impact)),
            score: c.score,
            level: c.level.name.clone(),
            risks: c
                .risks
                .iter()
                .map(|id| RecordRef {
                    id: id.clone(),
                    title: titles.get(id.as_str()).unwrap_or(&"").to_string(),
                })
                .collect(),
        })
        .collect();
    cells.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.anchor.cmp(&b.anchor)));
    CellGroup {
        kind: kind.to_string(),
        title: title.to_string(),
        cells,
    }
}

/// A record id as a file name. The checker only lets ids of capitals,
/// digits and hyphens through; anything else is replaced all the same, so a
/// page can never be written outside its folder.
pub fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string()
}

/// Whether `rel`, a file of an earlier build this build did not write, is
/// one isms made and no longer needs: a record page, an old logo, a SOC 2
/// page.
fn is_stale(rel: &str) -> bool {
    match rel.split_once('/') {
        Some((folder, name)) => {
            kinds::specs().iter().any(|k| k.folder == folder) && name.ends_with(".html")
        }
        // A logo the tree no longer names; the SOC 2 page of a tree that
        // no longer has `[soc2]`.
        None => {
            rel.starts_with("logo.")
                || rel == "soc2.html"
                || rel == "context.html"
                || rel == "people.html"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_kind_has_a_place_in_the_navigation() {
        for spec in kinds::specs() {
            assert!(
                NAV.contains(&spec.folder),
                "the site's NAV has no place for {}/",
                spec.folder
            );
        }
        let every: Vec<Kind> = kinds::specs().iter().map(|s| s.schema).collect();
        let all = nav_items(true, true, true, &every);
        assert_eq!(all.len(), NAV.len(), "every NAV key is a page");
        assert_eq!(nav_items(false, true, true, &every).len(), NAV.len() - 1);
        assert_eq!(nav_items(false, false, true, &every).len(), NAV.len() - 2);
        let optional = kinds::specs().iter().filter(|s| s.optional).count();
        let kept: Vec<Kind> = kinds::specs()
            .iter()
            .filter(|s| !s.optional)
            .map(|s| s.schema)
            .collect();
        assert_eq!(
            nav_items(true, true, true, &kept).len(),
            NAV.len() - optional
        );
    }

    #[test]
    fn file_stems_stay_in_their_folder() {
        assert_eq!(file_stem("R-007"), "R-007");
        assert_eq!(file_stem("../x"), "_x");
        assert_eq!(file_stem("a/b"), "a_b");
    }
}
