//! A metric's series: its value at the end of each period over the history
//! git holds. The tree is loaded at the commit standing at each period end
//! through [`crate::git::GitFs`], with a [`ParseCache`] so that a file
//! unchanged between two period ends is parsed once: the cost grows with
//! the file versions the history holds, not with points times records.
//! Outside git a built-in metric has only its current value; in a shallow
//! clone its series starts where the clone's history does. A manual
//! metric's series comes from its own dated measurements, git or not.

use anyhow::Result;
use chrono::NaiveDate;
use git2::Oid;
use serde::Serialize;

use super::{MetricInfo, Period, Window, all, value};
use crate::git::{GitFs, Repo, utc_day};
use crate::load::{ParseCache, Tree, load_cached};

/// One value of a series.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Point {
    /// The day it is measured on: a period's last day, or today for the
    /// period under way.
    pub end: NaiveDate,
    /// The period's name: "2026-Q3".
    pub label: String,
    /// The value; None when there was nothing to measure (or no tree yet).
    pub value: Option<f64>,
}

/// A metric and its values, oldest first.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Series {
    /// The metric.
    pub metric: MetricInfo,
    /// Its value at each period end.
    pub points: Vec<Point>,
}

impl Series {
    /// The latest value.
    pub fn now(&self) -> Option<f64> {
        self.points.last().and_then(|p| p.value)
    }

    /// The value of the latest point measured on or before `day`.
    pub fn at(&self, day: NaiveDate) -> Option<f64> {
        self.points
            .iter()
            .rev()
            .find(|p| p.end <= day)
            .and_then(|p| p.value)
    }

    /// The latest value before the latest one (the one a trend is read
    /// from), skipping points with no value.
    pub fn previous(&self) -> Option<f64> {
        let (_, before) = self.points.split_last()?;
        before.iter().rev().find_map(|p| p.value)
    }
}

/// How much history the series stand on.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Coverage {
    /// The tree is not in git: the current value only.
    NotInGit,
    /// The history from the first commit on.
    History {
        /// The day of the first commit.
        from: NaiveDate,
    },
    /// A shallow clone: the history it holds starts on `from`, and what
    /// came before is not known.
    Shallow {
        /// The day of the oldest commit the clone holds.
        from: NaiveDate,
    },
}

impl std::fmt::Display for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Coverage::NotInGit => {
                write!(f, "the tree is not in git: current values only, no history")
            }
            Coverage::History { from } => write!(f, "from the git history since {from}"),
            Coverage::Shallow { from } => write!(
                f,
                "the clone is shallow: its history ends at {from}, and nothing before is shown \
                 (fetch the whole history with `git fetch --unshallow`)"
            ),
        }
    }
}

/// Every metric's series, and what they stand on.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    /// The length of the periods.
    pub period: Period,
    /// The day of the last point.
    pub today: NaiveDate,
    /// How much history there is.
    pub coverage: Coverage,
    /// Every metric's series, built-in ones first.
    pub series: Vec<Series>,
    /// How many file versions of the history were parsed, and how many
    /// times a parsed one was reused at a later period end.
    #[serde(skip)]
    pub parsed: (usize, usize),
}

impl Measured {
    /// The series of metric `id`.
    pub fn get(&self, id: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.metric.id == id)
    }
}

/// The commits of the first-parent line from `at` (HEAD when None), oldest
/// first, with their day.
fn first_parent_line(repo: &Repo, at: Option<&str>) -> Result<Vec<(NaiveDate, Oid)>> {
    let mut line = Vec::new();
    let mut next = repo.commit(at)?;
    while let Some(commit) = next {
        if let Some(day) = utc_day(commit.time()) {
            line.push((day, commit.id()));
        }
        next = commit.parents().next();
    }
    line.reverse();
    Ok(line)
}

/// The tree as commit `id` holds it, None where it holds no ISMS.
fn tree_at(repo: &Repo, id: Oid, cache: &mut ParseCache) -> Result<Option<Tree>> {
    let commit = repo.repository().find_commit(id)?;
    let Some(root) = repo.isms_tree(&commit)? else {
        return Ok(None);
    };
    let fs = GitFs::new(repo.repository(), root);
    if !fs.is_file("isms.toml") {
        return Ok(None);
    }
    Ok(Some(load_cached(&fs, cache).0))
}

/// The value of every metric of `metrics` for `tree` over `window`, in order;
/// manual metrics are read from `current`, which holds every measurement
/// whatever its commit.
fn values(
    metrics: &[MetricInfo],
    tree: Option<&Tree>,
    current: &Tree,
    window: &Window,
) -> Vec<Option<f64>> {
    metrics
        .iter()
        .map(|m| match (m.manual, tree) {
            (true, _) => value(current, &m.id, window),
            (false, Some(t)) => value(t, &m.id, window),
            (false, None) => None,
        })
        .collect()
}

/// Every metric's series for `current` (the tree as it is now, or at
/// `at`), one point per `period` from the first commit of `repo` to
/// `today`, the last point `current` itself as of `today`. Without a
/// repository, or with one holding no commit yet, each series is the
/// current value alone.
pub fn measure(
    repo: Option<&Repo>,
    at: Option<&str>,
    current: &Tree,
    period: Period,
    today: NaiveDate,
) -> Result<Measured> {
    let metrics = all(current);
    let line = match repo {
        Some(r) => first_parent_line(r, at)?,
        None => Vec::new(),
    };
    let coverage = match (repo, line.first()) {
        (Some(r), Some((from, _))) if r.repository().is_shallow() => {
            Coverage::Shallow { from: *from }
        }
        (Some(_), Some((from, _))) => Coverage::History { from: *from },
        _ => Coverage::NotInGit,
    };
    // Manual metrics carry their own dates: their series reach back to the
    // first measurement, where the built-in ones have no value before the
    // history starts.
    let first_measured = current
        .metrics
        .iter()
        .flat_map(|m| m.data.measurement.iter().map(|x| x.on))
        .min();
    let first = [line.first().map(|(d, _)| *d), first_measured, Some(today)]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(today);
    let ends = period.ends(first, today);
    let mut columns: Vec<Vec<Option<f64>>> = Vec::with_capacity(ends.len());
    let mut cache = ParseCache::new();
    let mut at = 0;
    for (i, end) in ends.iter().enumerate() {
        let window = Window {
            from: period.start_of(*end),
            to: *end,
        };
        if i + 1 == ends.len() {
            columns.push(values(&metrics, Some(current), current, &window));
            break;
        }
        while at + 1 < line.len() && line[at + 1].0 <= *end {
            at += 1;
        }
        let tree = match (repo, line.get(at)) {
            (Some(r), Some((day, id))) if *day <= *end => tree_at(r, *id, &mut cache)?,
            _ => None,
        };
        columns.push(values(&metrics, tree.as_ref(), current, &window));
    }
    let series = metrics
        .into_iter()
        .enumerate()
        .map(|(m, metric)| Series {
            metric,
            points: ends
                .iter()
                .zip(&columns)
                .map(|(end, col)| Point {
                    end: *end,
                    label: period.label(*end),
                    value: col.get(m).copied().flatten(),
                })
                .collect(),
        })
        .collect();
    Ok(Measured {
        period,
        today,
        coverage,
        series,
        parsed: (cache.len(), cache.hits()),
    })
}

/// Every metric's value on `day` (the tree as the last commit on or before
/// it holds it, from `at` or HEAD; manual metrics from `current`), by id:
/// what the metrics were at a past management review. Outside git, or
/// before the history starts, a built-in metric has no value.
pub fn values_on(
    repo: Option<&Repo>,
    at: Option<&str>,
    current: &Tree,
    day: NaiveDate,
    period: Period,
) -> Result<std::collections::BTreeMap<String, Option<f64>>> {
    let metrics = all(current);
    let then = match repo {
        Some(r) => {
            let line = first_parent_line(r, at)?;
            match line.iter().rev().find(|(d, _)| *d <= day) {
                Some((_, id)) => tree_at(r, *id, &mut ParseCache::new())?,
                None => None,
            }
        }
        None => None,
    };
    let window = Window {
        from: period.start_of(day),
        to: day,
    };
    let values = values(&metrics, then.as_ref(), current, &window);
    Ok(metrics.into_iter().map(|m| m.id).zip(values).collect())
}

/// An objective of the tree with its metric's series and its judgement.
#[derive(Debug, Clone)]
pub struct Standing<'t> {
    /// The objective's record.
    pub record: &'t crate::load::Record<crate::model::Objective>,
    /// Its metric's series; None when the metric is unknown.
    pub series: Option<&'t Series>,
    /// Where it stands.
    pub judgement: super::Judgement,
}

/// Every objective of `tree`, in file order, judged on `measured` as of its
/// day.
pub fn standings<'t>(tree: &'t Tree, measured: &'t Measured) -> Vec<Standing<'t>> {
    tree.objectives
        .iter()
        .map(|record| {
            let series = measured.get(&record.data.metric);
            let empty = Series {
                metric: super::MetricInfo::default(),
                points: Vec::new(),
            };
            let judgement = super::judge(
                &record.data,
                series.unwrap_or(&empty),
                measured.period,
                measured.today,
            );
            Standing {
                record,
                series,
                judgement,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{IndexAddOption, Repository, Signature, Time};

    /// Quarter ends that find a file unchanged take its parsed record from
    /// the cache: each version of each file is parsed once.
    #[test]
    fn each_file_version_is_parsed_once() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/valid/objectives");
        let isms = dir.path().join("isms");
        fn copy(from: &std::path::Path, to: &std::path::Path) {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let entry = entry.unwrap();
                let target = to.join(entry.file_name());
                if entry.file_type().unwrap().is_dir() {
                    copy(&entry.path(), &target);
                } else {
                    std::fs::copy(entry.path(), &target).unwrap();
                }
            }
        }
        copy(&fixture, &isms);
        let repo = Repository::init(dir.path()).unwrap();
        let risk = isms.join("risks/R-001.md");
        for (n, day) in ["2025-01-10", "2025-04-10", "2025-07-10", "2025-10-10"]
            .iter()
            .enumerate()
        {
            let text = std::fs::read_to_string(&risk).unwrap();
            std::fs::write(&risk, format!("{text}\nRevision {n}.\n")).unwrap();
            let mut index = repo.index().unwrap();
            index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
            index.write().unwrap();
            let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
            let when: NaiveDate = day.parse().unwrap();
            let t = Time::new(when.and_hms_opt(10, 0, 0).unwrap().and_utc().timestamp(), 0);
            let sig = Signature::new("Bob", "bob@example.com", &t).unwrap();
            let parent = repo.head().ok().map(|h| h.peel_to_commit().unwrap());
            let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
            repo.commit(Some("HEAD"), &sig, &sig, "revise", &tree, &parents)
                .unwrap();
        }
        let git = Repo::discover(&isms).unwrap().unwrap();
        let (current, _) = crate::load::load_dir(&isms).unwrap();
        let today: NaiveDate = "2025-12-31".parse().unwrap();
        let m = measure(Some(&git), None, &current, Period::Quarter, today).unwrap();
        assert_eq!(m.series[0].points.len(), 4);
        // Four quarter ends read from git (the last is the working tree):
        // three trees of 10 files, R-001 in three versions.
        let files = 10;
        assert_eq!(m.parsed, (files + 2, 2 * files - 2), "{:?}", m.parsed);
    }
}
