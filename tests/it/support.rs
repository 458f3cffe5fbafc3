//! Shared helpers of every test module: run the binary, copy fixture trees,
//! apply fixture edits, and build the git story the git, PDF and HTML tests
//! share. Test modules import from here only, never from each other.

use std::path::{Path, PathBuf};
use std::process::Command;

use git2::{Commit, IndexAddOption, Oid, Repository, Signature, Time};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under tests/fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// One run of the `isms` binary.
#[derive(Debug)]
pub struct Run {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `isms` with arguments (NO_COLOR=1) in the repository root.
pub fn isms(args: &[&str]) -> Run {
    isms_in(&root(), args)
}

/// The binary under test: the one cargo built, or `ISMS_BIN` (an installed
/// `isms`, or a copy kept apart from a target folder other builds share).
pub fn bin() -> PathBuf {
    std::env::var_os("ISMS_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_isms")))
}

/// `isms build TREE -o OUT --today 2026-11-20 EXTRA...` into a new
/// temporary folder, which must succeed.
pub fn built(tree: &Path, extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build",
        tree.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--today",
        "2026-11-20",
    ];
    args.extend_from_slice(extra);
    let run = isms(&args);
    assert_eq!(run.code, 0, "isms {}: {}", args.join(" "), run.stderr);
    out
}

/// Run `isms` with arguments (NO_COLOR=1) in a working directory.
pub fn isms_in(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run isms");
    Run::from(out)
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Self {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Copy a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of a fixture tree.
pub fn temp_copy(rel: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(rel), dir.path());
    dir
}

/// Parsed `isms check --format json` output.
pub fn check_json(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec![
        "check",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        "2026-11-20",
    ];
    args.extend_from_slice(extra);
    let run = isms(&args);
    let json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}\n{}", run.stdout, run.stderr));
    (run.code, json)
}

/// Whether a missing external tool fails the tests that need it
/// (`ISMS_REQUIRE_TOOLS=1`, as `.ci/run` sets) instead of skipping them.
pub fn tools_required() -> bool {
    std::env::var_os("ISMS_REQUIRE_TOOLS").is_some_and(|v| v == "1")
}

/// A program on PATH (or a path to one, with a '/').
pub fn find_program(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        let p = PathBuf::from(name);
        return p.is_file().then_some(p);
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Decide whether a test whose external tool may be missing runs: true
/// when the tool is there (`missing` is None). Otherwise the test is
/// skipped with one line on stderr (written past libtest's capture, so it
/// shows in a plain `cargo test`), or fails under `ISMS_REQUIRE_TOOLS=1`.
pub fn tool_present(missing: Option<String>) -> bool {
    let Some(what) = missing else {
        return true;
    };
    assert!(
        !tools_required(),
        "{what}, and ISMS_REQUIRE_TOOLS=1 requires it"
    );
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {what} (set ISMS_REQUIRE_TOOLS=1 to fail instead)"
    );
    false
}

// The git story shared by the git, PDF and HTML tests.

/// Seconds since the epoch of 10:00 UTC on a day.
pub fn at(day: &str) -> i64 {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp()
}

/// Replace the one occurrence of `find` in a file.
pub fn edit(path: &Path, find: &str, replace: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(find).count(),
        1,
        "{find} in {}",
        path.display()
    );
    std::fs::write(path, text.replacen(find, replace, 1)).unwrap();
}

/// Set a top-level key of a record file: its line `key = ...` becomes
/// `key = value` (a TOML value as written), every other byte kept.
pub fn set_key(path: &Path, key: &str, value: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let prefix = format!("{key} = ");
    let line = text
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no `{key}` in {}", path.display()));
    let line = line.to_string();
    std::fs::write(path, text.replacen(&line, &format!("{prefix}{value}"), 1)).unwrap();
}

/// A repository with the ISMS in its `isms/` folder.
pub struct Scenario {
    dir: tempfile::TempDir,
    pub repo: Repository,
}

impl Scenario {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        Scenario { dir, repo }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn isms(&self) -> PathBuf {
        self.dir.path().join("isms")
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.isms().join(rel)
    }

    /// Commit every change in the work tree as `who` on `day`.
    pub fn commit(&self, who: &str, day: &str, message: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let email = format!(
            "{}@example.com",
            who.split(' ').next().unwrap().to_lowercase()
        );
        let sig = Signature::new(who, &email, &Time::new(at(day), 0)).unwrap();
        let parent: Option<Commit<'_>> = self.repo.head().ok().map(|h| h.peel_to_commit().unwrap());
        let parents: Vec<&Commit<'_>> = parent.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    pub fn tag(&self, name: &str, id: Oid) {
        let obj = self.repo.find_object(id, None).unwrap();
        self.repo.tag_lightweight(name, &obj, false).unwrap();
    }
}

/// Commit ids of the standard story.
pub struct Story {
    pub s: Scenario,
    pub initial: Oid,
    pub residual: Oid,
    pub audit: Oid,
    pub quarter: Oid,
}

const R003: &str = r#"+++
id = "R-003"
title = "Laptop theft"
owner = "carol"
assets = ["Laptops"]
threat = "Theft"
vulnerability = "Unencrypted disks"
likelihood = 3
impact = 4
treatment = "mitigate"
controls = ["A.8.13"]
residual_likelihood = 2
residual_impact = 2
status = "open"
identified = 2026-02-20

[[action]]
id = "ACT-020"
summary = "Encrypt every laptop"
owner = "carol"
due = 2026-12-31
status = "open"
+++
Laptops travel.
"#;

const INC002: &str = r#"+++
id = "INC-2026-002"
title = "Lost laptop"
severity = "P3"
status = "resolved"
owner = "carol"
detected = 2026-04-01T08:00:00Z
resolved = 2026-04-01T12:00:00Z
risks = ["R-003"]
controls = ["A.8.13"]
+++
Reported the same day.
"#;

const FINDING: &str = r#"
[[finding]]
id = "IA-2026-01-F2"
kind = "observation"
refs = ["A.5.15"]
summary = "Access reviews are informal"

[[finding.action]]
id = "ACT-010"
summary = "Write down the access review"
owner = "bob"
due = 2026-12-01
status = "open"
+++"#;

/// Four commits by three people; `audit-2026` tags the third; then an
/// uncommitted edit that gives R-001 an owner nobody knows (a check error).
pub fn story() -> Story {
    let s = Scenario::new();
    copy_tree(&fixture("valid/minimal"), &s.isms());
    std::fs::write(s.root().join("README.md"), "Our ISMS.\n").unwrap();
    let initial = s.commit("Alice Example", "2026-01-05", "Initial ISMS");

    edit(
        &s.file("risks/R-001.md"),
        "residual_likelihood = 2",
        "residual_likelihood = 1",
    );
    let residual = s.commit(
        "Bob Example",
        "2026-02-10",
        "Lower R-001 residual after MFA rollout\n\nMFA is enforced for everyone.",
    );

    std::fs::write(s.file("risks/R-003.md"), R003).unwrap();
    edit(
        &s.file("soa.toml"),
        "id = \"A.8.13\"\napplicable = true\nreasons = [\"risk\"]\nstatus = \"implemented\"",
        "id = \"A.8.13\"\napplicable = true\nreasons = [\"risk\"]\nstatus = \"partial\"",
    );
    let audit = s.commit(
        "Carol Example",
        "2026-03-01",
        "Add R-003; backups only partial",
    );
    s.tag("audit-2026", audit);

    edit(
        &s.file("risks/R-002.md"),
        "status = \"open\"",
        "status = \"closed\"",
    );
    edit(
        &s.file("risks/R-001.md"),
        "status = \"open\"\n+++",
        "status = \"done\"\ndone = 2026-04-10\n+++",
    );
    std::fs::write(s.file("incidents/INC-2026-002.md"), INC002).unwrap();
    let audit_file = s.file("audits/IA-2026-01.md");
    let text = std::fs::read_to_string(&audit_file).unwrap();
    let text = text.replacen("\n+++\n# Report", &format!("\n{FINDING}\n# Report"), 1);
    std::fs::write(&audit_file, text).unwrap();
    std::fs::write(s.root().join("README.md"), "Our ISMS, reviewed.\n").unwrap();
    let quarter = s.commit("Bob Example", "2026-04-15", "Quarter review");

    edit(
        &s.file("risks/R-001.md"),
        "owner = \"bob\"\nassets",
        "owner = \"nobody\"\nassets",
    );
    Story {
        s,
        initial,
        residual,
        audit,
        quarter,
    }
}

pub fn short(id: Oid) -> String {
    id.to_string()[..7].to_string()
}

/// The git story (see `story`) with its uncommitted edit undone: the
/// working tree is exactly HEAD, one commit after the `audit-2026` tag.
pub fn clean_story() -> Story {
    let st = story();
    edit(
        &st.s.file("risks/R-001.md"),
        "owner = \"nobody\"",
        "owner = \"bob\"",
    );
    st
}

/// The text of a PDF in content order (a table cell's text stays together),
/// whitespace collapsed (cells wrap lines).
pub fn pdf_text(pdf: &Path) -> String {
    pdf_pages(pdf).join(" ")
}

/// Each page of a PDF rastered (in Rust, by hayro) at 1.5 pixels a point.
pub fn pdf_rasters(pdf: &Path) -> Vec<hayro::vello_cpu::Pixmap> {
    let bytes = std::fs::read(pdf).unwrap();
    let doc = hayro::hayro_syntax::Pdf::new(std::sync::Arc::new(bytes)).unwrap();
    let settings = hayro::hayro_interpret::InterpreterSettings::default();
    hayro::render_pdf(&doc, 1.5, settings, None).unwrap()
}

/// The text of each page of a PDF, whitespace collapsed, extracted in Rust
/// (pdf-extract) so the checks need no tool outside cargo.
pub fn pdf_pages(pdf: &Path) -> Vec<String> {
    let mut doc =
        pdf_extract::Document::load(pdf).unwrap_or_else(|e| panic!("load {}: {e}", pdf.display()));
    spell_out_glyph_widths(&mut doc);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes)
        .unwrap_or_else(|e| panic!("extract the text of {}: {e}", pdf.display()));
    assert!(!pages.is_empty(), "{} has no pages", pdf.display());
    pages
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Rewrite each CID font's glyph widths (`/W`) from the `first last width`
/// ranges typst writes into the `first [width ...]` lists that pdf-extract
/// 0.12 reads correctly (it misreads ranges as zero widths, and without
/// glyph advances it cannot tell where words and lines meet).
fn spell_out_glyph_widths(doc: &mut pdf_extract::Document) {
    use pdf_extract::Object;
    for object in doc.objects.values_mut() {
        let Ok(dict) = object.as_dict_mut() else {
            continue;
        };
        let Ok(Object::Array(w)) = dict.get(b"W") else {
            continue;
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < w.len() {
            if let Some(Object::Array(_)) = w.get(i + 1) {
                out.extend_from_slice(&w[i..i + 2]);
                i += 2;
            } else {
                let (first, last) = (w[i].as_i64().unwrap(), w[i + 1].as_i64().unwrap());
                out.push(w[i].clone());
                out.push(Object::Array(vec![
                    w[i + 2].clone();
                    (last - first + 1) as usize
                ]));
                i += 3;
            }
        }
        dict.set("W", Object::Array(out));
    }
}

/// The date the fixture trees are judged as of in most tests.
pub const FIXTURE_TODAY: &str = "2026-11-20";

/// Render `doc` (e.g. ["soa"], ["audit", "IA-2026-01"]) of `tree` into `out`.
pub fn render_pdf(doc: &[&str], tree: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["pdf"];
    args.extend_from_slice(doc);
    let (tree, out) = (tree.to_str().unwrap(), out.to_str().unwrap());
    args.extend_from_slice(&[tree, "--today", FIXTURE_TODAY, "-o", out]);
    args.extend_from_slice(extra);
    isms(&args)
}

/// Every file under `dir`: path relative to it ('/'-separated) -> bytes.
pub fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_str().unwrap();
                out.insert(rel.replace('\\', "/"), std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Commit the whole work tree on `day` as a fixed author.
pub fn commit_all(repo: &git2::Repository, day: &str, message: &str) {
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let when = git2::Time::new(at(day), 0);
    let sig = git2::Signature::new("Bob Example", "bob@example.com", &when).unwrap();
    let parent = repo.head().ok().map(|h| h.peel_to_commit().unwrap());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap();
}
