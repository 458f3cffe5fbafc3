//! `cargo bench --bench metrics`: every metric's series over the history
//! of the sample. Target (issue 21): the sample's 8 quarters of 2025-2026
//! in well under a second, linear in commits and records (each file
//! version parsed once, however many period ends read it).
//!
//! The history is the sample replayed month by month from January 2025
//! (`sample_history`): each record appears once the day it states has
//! come, risks carry the review they had then (every `review_days` back
//! from their last), and a few were reviewed late in the spring of 2026,
//! so the series have something to show. `-- --keep DIR` leaves the
//! repository in DIR to look at: `isms build DIR/isms` and open
//! `out/html/objectives.html`.

// Benchmark code: a failed unwrap is a broken benchmark, reported as such.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

use std::path::Path;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use git2::{IndexAddOption, Repository, Signature, Time};

/// The day the replayed history starts, and the sample's own day.
const START: &str = "2025-01-15";
const END: &str = "2026-11-20";

fn main() {
    let keep = std::env::args()
        .skip_while(|a| a != "--keep")
        .nth(1)
        .map(std::path::PathBuf::from);
    let temp = tempfile::tempdir().unwrap();
    let root = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    let started = Instant::now();
    let commits = sample_history(&root);
    println!(
        "replayed the sample in {commits} commits ({START} to {END}) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let isms_dir = root.join("isms");
    let dir = isms_dir.to_str().unwrap();

    // In process: the series alone, then the whole command.
    let repo = isms::git::Repo::discover(&isms_dir).unwrap().unwrap();
    let (tree, _) = isms::load::load_dir(&isms_dir).unwrap();
    let today: NaiveDate = END.parse().unwrap();
    let series = || {
        let quarter = isms::metrics::Period::Quarter;
        isms::metrics::measure(Some(&repo), None, &tree, quarter, today).unwrap()
    };
    let measured = series();
    println!(
        "parsed {} file versions once each, reused them {} times",
        measured.parsed.0, measured.parsed.1
    );
    let risks = measured.get("risks-reviewed-on-time").unwrap();
    let shown: Vec<String> = risks
        .points
        .iter()
        .map(|p| format!("{} {:?}", p.label, p.value.map(f64::round)))
        .collect();
    println!("risks reviewed on time: {}", shown.join(", "));
    assert_eq!(risks.points.len(), 8, "8 quarters, 2025-Q1 to 2026-Q4");
    common::measure("series in process: 8 quarters of the sample", 10, || {
        let t = Instant::now();
        series();
        t.elapsed()
    });
    common::time(
        "isms metrics: 8 quarters of the sample",
        &["metrics", dir, "--today", END, "--format", "json"],
        10,
    );
    common::time(
        "isms metrics --period month: 23 months",
        &[
            "metrics", dir, "--today", END, "--period", "month", "--format", "json",
        ],
        10,
    );
    if let Some(k) = keep {
        println!("kept the repository in {}", k.display());
        std::mem::forget(temp);
    }
}

/// The days of the replay: the 15th of each month from [`START`], then
/// [`END`].
fn days() -> Vec<NaiveDate> {
    let mut day: NaiveDate = START.parse().unwrap();
    let end: NaiveDate = END.parse().unwrap();
    let mut out = Vec::new();
    while day < end {
        out.push(day);
        day = day.checked_add_months(chrono::Months::new(1)).unwrap();
    }
    out.push(end);
    out
}

/// The first date `key = YYYY-MM-DD` gives in `text`.
fn date_of(text: &str, key: &str) -> Option<NaiveDate> {
    let line = text.lines().find(|l| l.starts_with(&format!("{key} = ")))?;
    line.split('=').nth(1)?.trim().parse().ok()
}

/// A risk's file as it stood on `day`: its `reviewed` date moved back by
/// `review_days` steps until it is on or before `day` (never before it was
/// identified); risks numbered 3, 7, 11... skipped a review in the spring
/// of 2026 (from April to June their review is a step further back, so
/// they were overdue).
fn risk_on(text: &str, day: NaiveDate, review_days: u64, late: bool) -> String {
    let Some(mut reviewed) = date_of(text, "reviewed") else {
        return text.to_string();
    };
    let identified = date_of(text, "identified").unwrap_or(reviewed);
    let step = Days::new(review_days);
    while reviewed > day {
        reviewed = reviewed.checked_sub_days(step).unwrap();
    }
    let (from, to): (NaiveDate, NaiveDate) =
        ("2026-04-01".parse().unwrap(), "2026-07-01".parse().unwrap());
    if late && day >= from && day < to {
        reviewed = reviewed.checked_sub_days(step).unwrap();
    }
    let reviewed = reviewed.max(identified);
    let old = format!("reviewed = {}", date_of(text, "reviewed").unwrap());
    text.replacen(&old, &format!("reviewed = {reviewed}"), 1)
}

/// A repository in `root` with the sample in `isms/`, committed on each of
/// [`days`] as it stood then; the last commit is the sample itself.
/// Returns the number of commits.
fn sample_history(root: &Path) -> usize {
    let sample = common::root().join("isms");
    let (tree, _) = isms::load::load_dir(&sample).unwrap();
    let review_days = tree
        .config
        .as_ref()
        .map_or(180, |c| u64::from(c.data.risk.review_days));
    // Each record's file and the day it states (None: there from the start).
    let records: Vec<(String, Option<NaiveDate>)> = isms::load::kinds::records(&tree)
        .iter()
        .map(|r| (tree.sources.get(r.file).path.clone(), r.stated))
        .collect();
    let repo = Repository::init(root).unwrap();
    let isms_dir = root.join("isms");
    let all = days();
    for (n, day) in all.iter().enumerate() {
        if isms_dir.exists() {
            std::fs::remove_dir_all(&isms_dir).unwrap();
        }
        common::copy_dir(&sample, &isms_dir);
        if n + 1 < all.len() {
            for (rel, stated) in &records {
                let path = isms_dir.join(rel);
                let text = std::fs::read_to_string(&path).unwrap();
                if rel.starts_with("risks/") {
                    let identified = date_of(&text, "identified");
                    if identified.is_some_and(|d| d > *day) {
                        std::fs::remove_file(&path).unwrap();
                        continue;
                    }
                    let number: usize = rel[8..11].parse().unwrap_or(0);
                    let late = number % 4 == 3;
                    std::fs::write(&path, risk_on(&text, *day, review_days, late)).unwrap();
                } else if stated.is_some_and(|d| d > *day) {
                    std::fs::remove_file(&path).unwrap();
                }
            }
        }
        let mut index = repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree_id = index.write_tree().unwrap();
        let git_tree = repo.find_tree(tree_id).unwrap();
        let when = day.and_hms_opt(10, 0, 0).unwrap().and_utc().timestamp();
        let sig = Signature::new("Maya Hale", "mhale@example.com", &Time::new(when, 0)).unwrap();
        let parent = repo.head().ok().map(|h| h.peel_to_commit().unwrap());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let message = format!("The ISMS as of {day}");
        repo.commit(Some("HEAD"), &sig, &sig, &message, &git_tree, &parents)
            .unwrap();
    }
    all.len()
}
