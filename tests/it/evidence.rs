//! `isms evidence`: the listing's states, `new` creating the next record,
//! `add` appending a collection with every other byte of the record kept
//! (and refusing files outside the tree), and the hash cache never hiding
//! a changed file; a supplier's certificate on file is held to the same
//! rules.

use std::path::Path;
use std::process::Command;

use crate::support::{check_json, isms_in, temp_copy};

fn run(dir: &Path, args: &[&str]) -> crate::support::Run {
    isms_in(dir, args)
}

#[test]
fn add_appends_a_collection_and_keeps_every_other_byte() {
    let t = temp_copy("valid/evidence");
    let rec = t.path().join("evidence/EV-001.md");
    // CRLF line endings and a comment must survive the edit.
    let original = std::fs::read_to_string(&rec)
        .unwrap()
        .replace("owner = \"bob\"", "owner = \"bob\" # the access owner")
        .replace('\n', "\r\n");
    std::fs::write(&rec, &original).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&rec, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    std::fs::write(
        t.path().join("evidence/files/q4.csv"),
        "user,decision\nalice,keep\n",
    )
    .unwrap();
    let r = run(
        t.path(),
        &[
            "evidence",
            "add",
            "EV-001",
            "evidence/files/q4.csv",
            "--on",
            "2026-11-15",
            "--note",
            "Q4 \"final\"",
            "--link",
            "https://ci.example.com/runs/42",
            "--today",
            "2026-11-20",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .starts_with("EV-001: collected 2026-11-15 (1 file, 1 link); next due 2027-02-15"),
        "{}",
        r.stdout
    );
    let after = std::fs::read_to_string(&rec).unwrap();
    let close = original.find("+++\r\n\r\n## How").unwrap();
    let (head, tail) = original.split_at(close);
    assert!(after.starts_with(head) && after.ends_with(tail), "{after}");
    let added = &after[head.len()..after.len() - tail.len()];
    let sha = isms::load::sha256_hex(b"user,decision\nalice,keep\n");
    assert_eq!(
        added,
        format!(
            "\r\n[[collection]]\r\non = 2026-11-15\r\nby = \"bob\"\r\nnote = \"Q4 \\\"final\\\"\"\r\nfiles = [\r\n  {{ path = \"evidence/files/q4.csv\", sha256 = \"{sha}\" }},\r\n]\r\nlinks = [\"https://ci.example.com/runs/42\"]\r\n"
        )
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&rec).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    let (code, json) = check_json(t.path(), &["--deny-warnings"]);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn add_refuses_files_outside_the_tree_and_changes_nothing() {
    let t = temp_copy("valid/evidence");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "secret").unwrap();
    let rec = t.path().join("evidence/EV-001.md");
    let before = std::fs::read(&rec).unwrap();
    let mut args = vec!["evidence", "add", "EV-001", "--today", "2026-11-20"];
    let abs = secret.to_str().unwrap().to_string();
    args.push(&abs);
    args.push("../secret.txt");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, t.path().join("evidence/files/link.txt")).unwrap();
    #[cfg(unix)]
    args.push("evidence/files/link.txt");
    let r = run(t.path(), &args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("outside the ISMS tree"), "{}", r.stderr);
    assert!(r.stderr.contains("no file was changed"), "{}", r.stderr);
    assert_eq!(std::fs::read(&rec).unwrap(), before);
    // Nothing to record, a date in the future, an unknown record.
    for (extra, msg) in [
        (vec!["EV-001"], "at least one FILE"),
        (
            vec![
                "EV-001",
                "--link",
                "https://x.example",
                "--on",
                "2026-12-01",
            ],
            "after today",
        ),
        (
            vec![
                "EV-001",
                "--link",
                "https://x.example",
                "--on",
                "2026-01-01",
            ],
            "before the last collection",
        ),
        (
            vec!["EV-009", "--link", "https://x.example"],
            "EV-009: no evidence item with id `EV-009`",
        ),
    ] {
        let mut a = vec!["evidence", "add", "--today", "2026-11-20"];
        a.extend(extra);
        let r = run(t.path(), &a);
        assert_eq!(r.code, 1, "{a:?}: {}", r.stderr);
        assert!(r.stderr.contains(msg), "{a:?}: {}", r.stderr);
    }
    assert_eq!(std::fs::read(&rec).unwrap(), before);
}

#[cfg(unix)]
/// Issue 20: a `[[certification]]`'s `files` are checked as evidence files
/// are: clean while the file is what was recorded; changed or missing, an
/// error at the certification's line.
#[test]
fn a_supplier_certificate_on_file_is_checked_like_evidence() {
    let t = temp_copy("valid/registers");
    let pdf = b"%PDF-1.7 ISO/IEC 27001 certificate";
    std::fs::create_dir_all(t.path().join("suppliers/files")).unwrap();
    let file = t.path().join("suppliers/files/mail-iso.pdf");
    std::fs::write(&file, pdf).unwrap();
    let rec = t.path().join("suppliers/SUP-001.md");
    let text = std::fs::read_to_string(&rec).unwrap().replace(
        "valid_until = 2027-06-30\n",
        &format!(
            "valid_until = 2027-06-30\nfiles = [\n  {{ path = \"suppliers/files/mail-iso.pdf\", sha256 = \"{}\" }},\n]\n",
            isms::load::sha256_hex(pdf)
        ),
    );
    std::fs::write(&rec, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("mail-iso.pdf"))
        .unwrap()
        + 1;
    let (code, json) = check_json(t.path(), &[]);
    assert_eq!(code, 0, "{json:#}");

    std::fs::write(&file, b"%PDF-1.7 a different certificate").unwrap();
    let (code, json) = check_json(t.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "E091", "{json:#}");
    assert_eq!(d["file"], "suppliers/SUP-001.md", "{json:#}");
    assert_eq!(d["line"], line, "{json:#}");
    assert!(
        d["help"].as_str().unwrap().contains("[[certification]]"),
        "{json:#}"
    );

    std::fs::remove_file(&file).unwrap();
    let (code, json) = check_json(t.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "E090", "{json:#}");
    assert_eq!(d["line"], line, "{json:#}");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("suppliers/files/mail-iso.pdf does not exist"),
        "{json:#}"
    );
}

#[test]
fn check_refuses_a_recorded_symlink_that_escapes() {
    let t = temp_copy("valid/evidence");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("restore.json");
    std::fs::copy(
        t.path().join("evidence/files/restore-test-2026.json"),
        &target,
    )
    .unwrap();
    let f = t.path().join("evidence/files/restore-test-2026.json");
    std::fs::remove_file(&f).unwrap();
    std::os::unix::fs::symlink(&target, &f).unwrap();
    let (code, json) = check_json(t.path(), &[]);
    assert_eq!(code, 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "E092", "{json:#}");
    assert!(
        d["message"].as_str().unwrap().contains("symbolic link"),
        "{json:#}"
    );
}

#[test]
fn new_creates_the_next_record() {
    let t = temp_copy("valid/evidence");
    let r = run(
        t.path(),
        &[
            "evidence",
            "new",
            "--title",
            "MFA report",
            "--control",
            "A.8.5",
            "--owner",
            "carol",
            "--every",
            "30d",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Shown as `isms new` shows a record, without `./` (issue 24).
    assert_eq!(r.stdout.trim(), "evidence/EV-003.md");
    let text = std::fs::read_to_string(t.path().join("evidence/EV-003.md")).unwrap();
    // From the evidence template, as `isms new evidence` makes one: with
    // the `#:schema` line every new record has (before, `evidence new`
    // wrote none).
    assert!(
        text.starts_with("+++\n#:schema ../schemas/evidence.schema.json\nid = \"EV-003\"\n"),
        "{text}"
    );
    for line in [
        "title = \"MFA report\"\n",
        "\nowner = \"carol\" ",
        "\ncontrols = [\"A.8.5\"] ",
        "\nevery = \"30d\" ",
    ] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
    assert!(
        text.ends_with("`isms evidence add EV-003 evidence/files/<report>`\n"),
        "{text}"
    );
    let (code, json) = check_json(t.path(), &["--deny-warnings"]);
    assert_eq!(code, 0, "{json:#}");
    let bad = run(
        t.path(),
        &[
            "evidence",
            "new",
            "--title",
            "x",
            "--control",
            "A.7.5",
            "--control",
            "A.9.9",
            "--owner",
            "zed",
            "--every",
            "often",
        ],
    );
    assert_eq!(bad.code, 1);
    for msg in [
        "the SoA excludes it",
        "A.9.9",
        "--owner zed: no person with id `zed`",
        "not a cadence",
    ] {
        assert!(bad.stderr.contains(msg), "{msg}: {}", bad.stderr);
    }
    assert!(!t.path().join("evidence/EV-004.md").exists());
    let soc2 = run(
        t.path(),
        &[
            "evidence",
            "new",
            "--title",
            "MFA",
            "--control",
            "A.8.5",
            "--soc2",
            "CC6.1",
            "--owner",
            "carol",
            "--every",
            "30d",
        ],
    );
    assert_eq!(soc2.code, 0, "{}", soc2.stderr);
    let text = std::fs::read_to_string(t.path().join("evidence/EV-004.md")).unwrap();
    assert!(
        text.contains("\nsoc2 = [\"CC6.1\"]\nevery = \"30d\" "),
        "{text}"
    );
}

#[test]
fn the_listing_says_what_is_due() {
    let t = temp_copy("valid/evidence");
    let dir = t.path().to_str().unwrap();
    let r = run(
        t.path(),
        &[
            "evidence",
            dir,
            "--today",
            "2026-12-20",
            "--due",
            "14d",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["total"], 2);
    assert_eq!(json["due_soon"], 1, "{json:#}");
    let owners: Vec<&str> = json["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["owner"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(owners, ["alice", "bob"]);
    let bob = &json["owners"][1]["items"][0];
    assert_eq!(bob["state"], "due-soon");
    assert_eq!(bob["due"], "2026-12-30");
    assert_eq!(bob["last"]["on"], "2026-09-30");
    let alice = &json["owners"][0]["items"][0];
    assert_eq!(alice["soc2"], serde_json::json!(["A1.2", "A1.3"]));
    let late = run(t.path(), &["evidence", dir, "--today", "2027-08-01"]);
    assert!(
        late.stdout.contains("2 items, 2 overdue"),
        "{}",
        late.stdout
    );
    assert!(
        late.stdout.contains("OVERDUE by 214 days"),
        "{}",
        late.stdout
    );
}

#[test]
fn the_hash_cache_never_hides_a_changed_file() {
    let t = temp_copy("valid/evidence");
    let cache = tempfile::tempdir().unwrap();
    let big = t.path().join("evidence/files/big.bin");
    let content = vec![b'a'; 200_000];
    std::fs::write(&big, &content).unwrap();
    let sha = isms::load::sha256_hex(&content);
    let rec = t.path().join("evidence/EV-002.md");
    let text = std::fs::read_to_string(&rec).unwrap().replacen(
        "},\n]\nlinks = [",
        &format!(
            "}},\n  {{ path = \"evidence/files/big.bin\", sha256 = \"{sha}\" }},\n]\nlinks = ["
        ),
        1,
    );
    assert!(text.contains("big.bin"));
    std::fs::write(&rec, text).unwrap();
    // Old enough that the cache may keep it.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&big)
        .unwrap()
        .set_modified(old)
        .unwrap();
    // Setting the time changed the change time: wait until that is old too.
    std::thread::sleep(std::time::Duration::from_millis(2200));
    let check = || {
        let out = Command::new(env!("CARGO_BIN_EXE_isms"))
            .args([
                "check",
                t.path().to_str().unwrap(),
                "--today",
                "2026-11-20",
                "--format",
                "json",
            ])
            .env("XDG_CACHE_HOME", cache.path())
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert_eq!(check()["errors"], 0);
    let cached: Vec<_> = walk(cache.path());
    assert_eq!(cached.len(), 1, "one cache file: {cached:?}");
    assert!(
        std::fs::read_to_string(&cached[0])
            .unwrap()
            .contains("big.bin")
    );
    assert_eq!(check()["errors"], 0);
    // Same size, same modification time, different bytes.
    let mut changed = content.clone();
    changed[0] = b'b';
    std::fs::write(&big, &changed).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&big)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let json = check();
    assert_eq!(json["diagnostics"][0]["code"], "E091", "{json:#}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Issue 24: an evidence item's page on the site carries its revision
/// history from git, as every other record page does.
#[test]
fn evidence_pages_carry_their_git_history() {
    let s = crate::support::Scenario::new();
    crate::support::copy_tree(&crate::support::fixture("valid/evidence"), &s.isms());
    let first = s.commit("Bob Example", "2026-03-01", "Initial ISMS");
    let out = tempfile::tempdir().unwrap();
    let run = crate::support::isms(&[
        "build",
        s.isms().to_str().unwrap(),
        "--only",
        "html",
        "--today",
        "2026-11-20",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(out.path().join("html/evidence/EV-001.html")).unwrap();
    assert!(page.contains("Revision history, newest first"), "{page}");
    let row = format!(
        "<tr><td><code>{}</code></td><td class=\"nw\">2026-03-01</td><td>Bob Example</td><td>Initial ISMS</td></tr>",
        crate::support::short(first)
    );
    assert!(page.contains(&row), "{page}");
}
