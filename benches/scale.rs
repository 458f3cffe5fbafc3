//! `cargo bench --bench scale`: the sample ISMS at 1x, 10x and 100x (every
//! record kind copied, see `common::scaled`), each committed with a history
//! of 10 commits per 1x, timed whole-process with the release binary: check,
//! the HTML site, each tree-wide PDF (the asset inventory, the supplier
//! register and the 9.1 measurement report among them), every metric's
//! series over the history (`isms metrics`), the awareness judgement
//! (`isms awareness`), every PDF of a build, and the git history walk,
//! with each command's peak memory. Prints one Markdown table (the README's
//! "Scale" table) and, per column, how much each size costs relative to 1x,
//! which linear growth keeps near the size ratio. First, `check` of the
//! sample with 2,000 assets and 500 suppliers (issue 20: under 0.5 s).
//!
//! Awareness judges each campaign over every member of staff, and the
//! copies grow both, so a second table times check, the site and
//! `isms awareness` again with the sample's own 3 campaigns.
//!
//! `ISMS_SCALE_FACTORS=1,10` picks the sizes; `ISMS_SCALE_RUNS` the runs
//! per cell (median; default 3, 1 at 100x). `ISMS_SCALE_KEEP=DIR` keeps
//! each generated tree (with its history) in `DIR/<factor>x`, to profile
//! one command against it.

// Benchmark code: a failed unwrap is a broken benchmark, reported as such.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

use common::Cell;

use std::path::Path;
use std::time::{Duration, Instant};

use git2::{IndexAddOption, Repository, Signature, Time};

/// Commit the tree in `repo_dir` (the ISMS in `isms/`), then `commits`
/// more, each adding a line to one risk's body, spread evenly over 300
/// days.
fn history(repo_dir: &Path, commits: usize) {
    let repo = Repository::init(repo_dir).unwrap();
    let tree_dir = repo_dir.join("isms");
    let mut risks: Vec<_> = std::fs::read_dir(tree_dir.join("risks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    risks.sort();
    let mut parent = None;
    for n in 0..=commits {
        if n > 0 {
            let path = &risks[n % risks.len()];
            let text = std::fs::read_to_string(path).unwrap();
            std::fs::write(path, format!("{text}\nReviewed again ({n}).\n")).unwrap();
        }
        let mut index = repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        // From 2026-01-01 over the same 300 days at every size, so the
        // metric series has the same period ends (10 months) at 1x and
        // 100x and grows with the tree alone; more commits are closer.
        let day = (n * 299 / commits.max(1)) as i64;
        let when = Time::new(1_767_225_600 + 86_400 * day, 0);
        let sig = Signature::new("Maria Hale", "maria@example.com", &when).unwrap();
        let parents: Vec<git2::Commit<'_>> = parent
            .map(|id| repo.find_commit(id).unwrap())
            .into_iter()
            .collect();
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        parent = Some(
            repo.commit(Some("HEAD"), &sig, &sig, "Review", &tree, &parent_refs)
                .unwrap(),
        );
    }
}

/// The git history walk alone, in process: what every render pays for
/// document control, timed as the median of `runs`.
fn history_walk(tree: &Path, runs: usize) -> Cell {
    let opts = isms::pipeline::Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
        ..isms::pipeline::Options::new(tree)
    };
    let (loaded, _) = isms::pipeline::load(&opts).unwrap();
    let mut times: Vec<Duration> = (0..=runs)
        .map(|_| {
            let start = Instant::now();
            isms::pipeline::provenance(&opts, &loaded).unwrap();
            start.elapsed()
        })
        .skip(1)
        .collect();
    times.sort();
    Cell {
        time: times[times.len() / 2],
        peak_kib: None,
    }
}

const COLUMNS: [&str; 13] = [
    "check",
    "HTML site",
    "pdf soa",
    "pdf risks",
    "pdf pack",
    "pdf soc2",
    "pdf assets",
    "pdf suppliers",
    "pdf measurement",
    "metrics series",
    "awareness",
    "all PDFs (build)",
    "git history",
];

/// The columns measured again with the sample's own campaigns.
const FEW_CAMPAIGNS: [&str; 3] = ["check", "HTML site", "awareness"];

/// Delete every awareness campaign of `tree` that the sample does not
/// have (the copies), from the working tree.
fn keep_sample_campaigns(tree: &Path) {
    let sample = common::root().join("isms/awareness");
    for e in std::fs::read_dir(tree.join("awareness")).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap();
        if path.extension().is_some_and(|x| x == "md") && !sample.join(name).exists() {
            std::fs::remove_file(&path).unwrap();
        }
    }
}

/// `check` of the sample with 2,000 assets and 500 suppliers, median of 5.
fn registers_check() {
    let temp = tempfile::tempdir().unwrap();
    let tree = temp.path().join("isms");
    let (assets, suppliers) = common::registers(&tree, 2000, 500);
    let t = tree.to_str().unwrap();
    let cell = common::timed(&["check", t, "--today", "2026-11-20"], 5);
    println!(
        "check, the sample with {assets} assets and {suppliers} suppliers: {} (target under 0.5 s)\n",
        cell.show()
    );
}

fn main() {
    let factors: Vec<usize> = std::env::var("ISMS_SCALE_FACTORS")
        .unwrap_or_else(|_| "1,10,100".into())
        .split(',')
        .map(|f| f.trim().parse().expect("ISMS_SCALE_FACTORS: numbers"))
        .collect();
    let runs_at = |factor: usize| {
        std::env::var("ISMS_SCALE_RUNS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(if factor >= 100 { 1 } else { 3 })
    };
    registers_check();
    let mut rows: Vec<(usize, String, Vec<Cell>)> = Vec::new();
    let mut few_rows: Vec<(usize, Vec<Cell>)> = Vec::new();
    for &factor in &factors {
        let temp = tempfile::tempdir().unwrap();
        let dir = match std::env::var_os("ISMS_SCALE_KEEP") {
            Some(keep) => {
                let dir = Path::new(&keep).join(format!("{factor}x"));
                assert!(!dir.exists(), "{} exists: remove it first", dir.display());
                std::fs::create_dir_all(&dir).unwrap();
                dir
            }
            None => temp.path().to_path_buf(),
        };
        let tree = dir.join("isms");
        common::scaled(&tree, factor);
        history(&dir, 10 * factor);
        let t = tree.to_str().unwrap();
        let out = dir.join("out");
        let o = out.to_str().unwrap();
        let pdf = |name: &str| out.join(name).to_str().unwrap().to_string();
        let today = "2026-11-20";
        let runs = runs_at(factor);
        let records = count_records(&tree);
        println!("{factor}x: {records} ({runs} runs per cell)");
        let (soa, risks, pack, soc2) = (
            pdf("soa.pdf"),
            pdf("risks.pdf"),
            pdf("pack.pdf"),
            pdf("soc2.pdf"),
        );
        let (assets, suppliers) = (pdf("assets.pdf"), pdf("suppliers.pdf"));
        let measurement = pdf("measurement.pdf");
        let commands: Vec<Vec<&str>> = vec![
            vec!["check", t, "--today", today],
            vec![
                "build", t, "-o", o, "--only", "html", "--quiet", "--today", today,
            ],
            vec!["pdf", "soa", t, "-o", &soa, "--today", today],
            vec!["pdf", "risks", t, "-o", &risks, "--today", today],
            vec!["pdf", "pack", t, "-o", &pack, "--today", today],
            vec!["pdf", "soc2", t, "-o", &soc2, "--today", today],
            vec!["pdf", "assets", t, "-o", &assets, "--today", today],
            vec!["pdf", "suppliers", t, "-o", &suppliers, "--today", today],
            vec![
                "pdf",
                "measurement",
                t,
                "-o",
                &measurement,
                "--today",
                today,
            ],
            vec!["metrics", t, "--today", today, "--format", "json"],
            vec!["awareness", t, "--today", today, "--format", "json"],
            vec![
                "build", t, "-o", o, "--only", "pdf", "--quiet", "--today", today,
            ],
        ];
        let mut cells = Vec::new();
        for (name, args) in COLUMNS.iter().zip(&commands) {
            let cell = common::timed(args, runs);
            println!("  {name:<18} {}", cell.show());
            cells.push(cell);
        }
        let walk = history_walk(&tree, runs.max(3));
        println!("  {:<18} {}", COLUMNS[COLUMNS.len() - 1], walk.show());
        cells.push(walk);
        rows.push((factor, records, cells));
        // Each campaign is judged over every member of staff, so copying
        // both makes that work grow with their product. The same commands
        // with the sample's own campaigns (staff still scaled), from the
        // working tree: the copies are deleted, not committed.
        keep_sample_campaigns(&tree);
        let few: Vec<Cell> = commands[..2]
            .iter()
            .chain(&commands[10..11])
            .map(|args| common::timed(args, runs))
            .collect();
        for (name, cell) in FEW_CAMPAIGNS.iter().zip(&few) {
            println!("  {name:<18} {} (the sample's campaigns)", cell.show());
        }
        few_rows.push((factor, few));
    }
    println!();
    println!("| size | records | {} |", COLUMNS.join(" | "));
    println!("|---|---|{}", "---|".repeat(COLUMNS.len()));
    for (factor, records, cells) in &rows {
        let shown: Vec<String> = cells.iter().map(|c| c.show()).collect();
        println!("| {factor}x | {records} | {} |", shown.join(" | "));
    }
    println!();
    println!("With the sample's 3 campaigns (the staff scaled):");
    println!();
    println!("| size | {} |", FEW_CAMPAIGNS.join(" | "));
    println!("|---|{}", "---|".repeat(FEW_CAMPAIGNS.len()));
    for (factor, cells) in &few_rows {
        let shown: Vec<String> = cells.iter().map(|c| c.show()).collect();
        println!("| {factor}x | {} |", shown.join(" | "));
    }
    if let Some((base, _, first)) = rows.first() {
        println!();
        for (factor, _, cells) in rows.iter().skip(1) {
            let ratios: Vec<String> = cells
                .iter()
                .zip(first)
                .map(|(c, b)| format!("{:.1}x", c.time.as_secs_f64() / b.time.as_secs_f64()))
                .collect();
            println!(
                "time at {factor}x relative to {base}x (size ratio {}): {}",
                factor / base,
                ratios.join(", ")
            );
        }
    }
}

/// "3,100 risks, 300 audits, ..." for the table.
fn count_records(tree: &Path) -> String {
    let count = |folder: &str| {
        std::fs::read_dir(tree.join(folder))
            .map(|d| {
                d.filter(|e| {
                    e.as_ref()
                        .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "md"))
                })
                .count()
            })
            .unwrap_or(0)
    };
    let all: usize = [
        "risks",
        "audits",
        "reviews",
        "incidents",
        "evidence",
        "documents",
        "assets",
        "suppliers",
        "obligations",
        "objectives",
        "metrics",
        "awareness",
    ]
    .iter()
    .map(|f| count(f))
    .sum();
    let staff = std::fs::read_to_string(tree.join("people/staff.csv")).map_or(0, |t| {
        t.lines().filter(|l| !l.trim().is_empty()).count() - 1
    });
    format!(
        "{all} ({} risks, {} assets, {} suppliers; {staff} staff)",
        count("risks"),
        count("assets"),
        count("suppliers")
    )
}
