//! `cargo bench --bench git`: history of a large repository.
//! Target (issue 5): a tree of 5,000 records with 2,000 commits builds its
//! history (one walk of the commits) in a few seconds at most.

// Benchmark code: a failed unwrap is a broken benchmark, reported as such.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use git2::{IndexAddOption, Oid, Repository, Signature, Time};

const RECORDS: usize = 5000;
const COMMITS: usize = 2000;
const AUTHORS: [&str; 5] = [
    "Maria Hale",
    "Tom Ng",
    "Priya Shah",
    "Jonas Berg",
    "Ada Okafor",
];

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let head = generate(dir.path());
    println!(
        "generated {RECORDS} records, {COMMITS} commits in {:.1} s (head {})",
        started.elapsed().as_secs_f64(),
        &head.to_string()[..7]
    );
    let isms_dir = dir.path().join("isms");

    let repo = isms::git::Repo::discover(&isms_dir).unwrap().unwrap();
    let history = repo.history(None).unwrap();
    assert!(
        history.docs.len() >= RECORDS + 2,
        "every record has a history"
    );
    let revisions: usize = history.docs.values().map(|d| d.revisions.len()).sum();
    println!(
        "history: {} files, {revisions} revisions",
        history.docs.len()
    );
    median("history: 5,000 records x 2,000 commits", 5, || {
        repo.history(None).unwrap();
    });
    median("stamp: describe + status of 5,000 records", 5, || {
        let s = repo.stamp(None).unwrap();
        assert!(!s.dirty, "{:?}", s.modified);
    });
    let dir_arg = isms_dir.to_str().unwrap();
    common::time(
        "check --at HEAD: 5,000 records from git",
        &["check", dir_arg, "--at", "HEAD", "--today", "2026-11-20"],
        5,
    );
}

/// Time `f` `runs` times after a warm-up and print the median.
fn median(label: &str, runs: usize, mut f: impl FnMut()) -> Duration {
    common::measure(label, runs, || {
        let t = Instant::now();
        f();
        t.elapsed()
    })
}

/// A repository with the generated tree in `isms/`: one initial commit, then
/// commits that each revise one or two risks (and now and then the SoA),
/// built straight from tree objects. The work tree matches HEAD at the end.
fn generate(root: &Path) -> Oid {
    let isms_dir = root.join("isms");
    common::generate(&isms_dir, RECORDS);
    std::fs::write(root.join("README.md"), "Northwind Ledger ISMS\n").unwrap();
    let repo = Repository::init(root).unwrap();
    let mut index = repo.index().unwrap();
    index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let mut tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = |i: usize| {
        let when = Time::new(1_767_225_600 + 3600 * i as i64, 0);
        let name = AUTHORS[i % AUTHORS.len()];
        let email = format!(
            "{}@example.com",
            name.split(' ').next().unwrap().to_lowercase()
        );
        Signature::new(name, &email, &when).unwrap()
    };
    let mut head = repo
        .commit(Some("HEAD"), &sig(0), &sig(0), "Initial ISMS", &tree, &[])
        .unwrap();

    let names: Vec<String> = (0..RECORDS)
        .map(|i| format!("R-{:04}.md", 1000 + i))
        .collect();
    let mut texts: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(isms_dir.join("risks").join(n)).unwrap())
        .collect();
    let mut soa = std::fs::read(isms_dir.join("soa.toml")).unwrap();
    for i in 1..COMMITS {
        let isms_tree = repo
            .find_tree(tree.get_path(Path::new("isms")).unwrap().id())
            .unwrap();
        let risks_tree = repo
            .find_tree(isms_tree.get_path(Path::new("risks")).unwrap().id())
            .unwrap();
        let mut risks = repo.treebuilder(Some(&risks_tree)).unwrap();
        let picks = [i * 7919 % RECORDS, (i * 104_729 + 13) % RECORDS];
        for &k in &picks[..1 + i % 2] {
            texts[k].extend_from_slice(format!("\nRevision {i}.\n").as_bytes());
            let blob = repo.blob(&texts[k]).unwrap();
            risks.insert(&names[k], blob, 0o100644).unwrap();
        }
        let mut isms = repo.treebuilder(Some(&isms_tree)).unwrap();
        isms.insert("risks", risks.write().unwrap(), 0o040000)
            .unwrap();
        if i % 50 == 0 {
            soa.extend_from_slice(format!("\n# Reviewed in commit {i}.\n").as_bytes());
            isms.insert("soa.toml", repo.blob(&soa).unwrap(), 0o100644)
                .unwrap();
        }
        let mut top = repo.treebuilder(Some(&tree)).unwrap();
        top.insert("isms", isms.write().unwrap(), 0o040000).unwrap();
        tree = repo.find_tree(top.write().unwrap()).unwrap();
        let parent = repo.find_commit(head).unwrap();
        let message = format!("Revise risks after review {i}");
        head = repo
            .commit(Some("HEAD"), &sig(i), &sig(i), &message, &tree, &[&parent])
            .unwrap();
    }
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.force();
    repo.checkout_head(Some(&mut checkout)).unwrap();
    head
}
