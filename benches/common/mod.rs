//! Shared by every benchmark: generate ISMS trees of any size, and time
//! whole-process runs of the release binary (median of several runs).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `isms` binary cargo built for this benchmark (release profile).
pub fn isms() -> &'static str {
    env!("CARGO_BIN_EXE_isms")
}

/// Run `isms args` `runs` times (after one warm-up) and return the median.
pub fn time(label: &str, args: &[&str], runs: usize) -> Duration {
    measure(label, runs, || {
        let start = Instant::now();
        let out = Command::new(isms()).args(args).output().expect("run isms");
        let took = start.elapsed();
        assert!(
            out.status.code() == Some(0),
            "{label}: isms {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        took
    })
}

/// Call `run` once to warm up, then `runs` times; print and return the
/// median of the durations it reports.
pub fn measure(label: &str, runs: usize, mut run: impl FnMut() -> Duration) -> Duration {
    run();
    let mut times: Vec<Duration> = (0..runs).map(|_| run()).collect();
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{label:<48} median {:>8.3} s   (min {:.3}, max {:.3}, {runs} runs)",
        median.as_secs_f64(),
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64()
    );
    median
}

/// The record folders of a tree, each with how a copy's id is made from an
/// original's: copy `k` of `R-007` is `R-k007`, of `IA-2026-01` is
/// `IA-2026-k01`, and so on; every id keeps its kind's shape and no copy's
/// id can equal an original's or another copy's.
/// How copy `k` of a record is named, from the original's id.
type Rename = fn(&str, usize) -> String;

const KINDS: [(&str, Rename); 12] = [
    ("risks", |id, k| format!("R-{k}{}", &id[2..])),
    ("audits", |id, k| {
        let (head, n) = id.rsplit_once('-').unwrap();
        format!("{head}-{k}{n}")
    }),
    ("reviews", |id, k| format!("{id}K{k}")),
    ("incidents", |id, k| {
        let (head, n) = id.rsplit_once('-').unwrap();
        format!("{head}-{k}{n}")
    }),
    ("evidence", |id, k| format!("EV-{k}{}", &id[3..])),
    ("documents", |id, k| format!("{id}-K{k}")),
    ("assets", |id, k| format!("AST-{k}{}", &id[4..])),
    ("suppliers", |id, k| format!("SUP-{k}{}", &id[4..])),
    ("obligations", |id, k| format!("OBL-{k}{}", &id[4..])),
    ("objectives", |id, k| format!("OBJ-{k}{}", &id[4..])),
    ("metrics", |id, k| format!("MET-{k}{}", &id[4..])),
    ("awareness", |id, k| {
        let (head, n) = id.rsplit_once('-').unwrap();
        format!("{head}-{k}{n}")
    }),
];

/// One measured command: its median time and the largest peak memory seen.
#[derive(Clone, Copy)]
pub struct Cell {
    /// The median wall time.
    pub time: Duration,
    /// The largest peak resident memory, in KiB.
    pub peak_kib: Option<u64>,
}

impl Cell {
    /// "1.23 s, 456 MB" (or milliseconds under a second).
    pub fn show(self) -> String {
        let secs = self.time.as_secs_f64();
        let time = if secs < 1.0 {
            format!("{:.0} ms", secs * 1000.0)
        } else {
            format!("{secs:.2} s")
        };
        match self.peak_kib {
            Some(k) => format!("{time}, {} MB", k / 1024),
            None => time,
        }
    }
}

/// Run `isms args` once: its wall time and peak resident memory (VmHWM,
/// read from /proc while it runs; None where there is no /proc).
pub fn run_once(args: &[&str]) -> Cell {
    let start = Instant::now();
    let mut child = Command::new(isms())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = None;
    let exit = loop {
        if let Some(kib) = std::fs::read_to_string(&status).ok().and_then(|s| hwm(&s)) {
            peak = Some(peak.unwrap_or(0).max(kib));
        }
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let time = start.elapsed();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).ok();
    assert!(exit.success(), "isms {args:?} failed: {err}");
    Cell {
        time,
        peak_kib: peak,
    }
}

/// The `VmHWM:` line of a /proc status file, in KiB.
fn hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The median time and the largest peak of `runs` runs (after a warm-up).
pub fn timed(args: &[&str], runs: usize) -> Cell {
    run_once(args);
    let mut cells: Vec<Cell> = (0..runs).map(|_| run_once(args)).collect();
    cells.sort_by_key(|c| c.time);
    Cell {
        time: cells[cells.len() / 2].time,
        peak_kib: cells.iter().filter_map(|c| c.peak_kib).max(),
    }
}

/// Write the sample ISMS scaled `factor` times into `dir`: every record of
/// every kind copied `factor - 1` times under new ids (its actions and
/// findings renamed with it), so the tree has `factor` times the sample's
/// risks, audits, reviews, incidents, evidence records, documents, assets,
/// suppliers and obligations, all valid. Copies point at the same controls,
/// people, documents, assets, suppliers and evidence files as their
/// originals. The staff roster and each completion export grow with it
/// ([`scale_staff`]). `factor` 1 is the sample itself.
pub fn scaled(dir: &Path, factor: usize) {
    copy_dir(&root().join("isms"), dir);
    scale_staff(dir, factor);
    for (folder, rename) in KINDS {
        copy_records(dir, folder, rename, factor);
    }
}

/// Every row of the staff roster and of each completion export copied
/// `factor - 1` times, its staff id (the first cell in each) suffixed
/// `-K{k}`: `factor` times the staff, each completing what their original
/// did. The campaigns' recorded sha256 follow their exports.
fn scale_staff(dir: &Path, factor: usize) {
    let grow = |rel: &str| {
        let path = dir.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        let mut out = format!("{}\n", lines.next().unwrap());
        let rows: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
        for k in 0..factor {
            for row in &rows {
                match (k, row.split_once(',')) {
                    (0, _) | (_, None) => out.push_str(row),
                    (_, Some((id, rest))) => out.push_str(&format!("{id}-K{k},{rest}")),
                }
                out.push('\n');
            }
        }
        std::fs::write(&path, &out).unwrap();
        (
            isms::load::sha256_hex(text.as_bytes()),
            isms::load::sha256_hex(out.as_bytes()),
        )
    };
    grow("people/staff.csv");
    let mut hashes = Vec::new();
    for e in std::fs::read_dir(dir.join("awareness/files")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        hashes.push(grow(&format!("awareness/files/{name}")));
    }
    for e in std::fs::read_dir(dir.join("awareness")).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            let mut text = std::fs::read_to_string(&path).unwrap();
            for (old, new) in &hashes {
                text = text.replace(old.as_str(), new);
            }
            std::fs::write(&path, text).unwrap();
        }
    }
}

/// Write the sample ISMS into `dir` with at least `assets` assets and
/// `suppliers` suppliers (the sample's copied, as [`scaled`] copies them),
/// every other kind as the sample has it; the counts written.
pub fn registers(dir: &Path, assets: usize, suppliers: usize) -> (usize, usize) {
    copy_dir(&root().join("isms"), dir);
    let mut counts = Vec::new();
    for (folder, want) in [("assets", assets), ("suppliers", suppliers)] {
        let (_, rename) = KINDS.iter().find(|(f, _)| *f == folder).unwrap();
        let have = count_md(&dir.join(folder));
        let factor = want.div_ceil(have);
        copy_records(dir, folder, *rename, factor);
        counts.push(have * factor);
    }
    (counts[0], counts[1])
}

fn count_md(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "md"))
        })
        .count()
}

/// Copy every record of `folder` `factor - 1` times, renamed by `rename`.
fn copy_records(dir: &Path, folder: &str, rename: Rename, factor: usize) {
    let mut originals: Vec<PathBuf> = std::fs::read_dir(dir.join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    originals.sort();
    for path in originals {
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        for k in 1..factor {
            let new = rename(&id, k);
            // Finding ids first (`"IA-2026-01-F1"`), then the id itself.
            let copy = text
                .replace(&format!("\"{id}-"), &format!("\"{new}-"))
                .replace(&format!("\"{id}\""), &format!("\"{new}\""));
            let copy = rename_actions(&copy, k);
            std::fs::write(dir.join(folder).join(format!("{new}.md")), copy).unwrap();
        }
    }
}

/// `"ACT-031"` becomes `"ACT-031-K{k}"` wherever it is quoted.
fn rename_actions(text: &str, k: usize) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(at) = rest.find("\"ACT-") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let end = from[1..].find('"').map_or(from.len(), |e| e + 1);
        out.push_str(&from[..end]);
        out.push_str(&format!("-K{k}"));
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

/// Copy a folder, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Write a valid tree with `risks` risks (and a handful of other records)
/// into `dir`: the whole sample ISMS plus generated risks R-1000 onwards.
pub fn generate(dir: &Path, risks: usize) {
    let sample = root().join("isms");
    copy_dir(&sample, dir);
    // Controls every generated risk may use: applicable ones in the sample SoA.
    let soa = std::fs::read_to_string(sample.join("soa.toml")).unwrap();
    let controls = applicable_controls(&soa);
    let owners = people(&std::fs::read_to_string(sample.join("isms.toml")).unwrap());
    let treatments = ["mitigate", "mitigate", "mitigate", "transfer"];
    for i in 0..risks {
        let id = format!("R-{:04}", 1000 + i);
        let l = 1 + (i * 7 % 5) as u32;
        let im = 1 + (i * 3 % 5) as u32;
        let rl = 1.max(l.saturating_sub(1 + (i % 2) as u32));
        let ri = 1.max(im.saturating_sub((i % 3) as u32));
        let owner = &owners[i % owners.len()];
        let mut text = String::new();
        writeln!(text, "+++").unwrap();
        writeln!(text, "id = \"{id}\"").unwrap();
        writeln!(
            text,
            "title = \"Generated risk {i}: loss of availability of service {}\"",
            i % 40
        )
        .unwrap();
        writeln!(text, "owner = \"{owner}\"").unwrap();
        writeln!(
            text,
            "assets = [\"Service {}\", \"Database {}\"]",
            i % 40,
            i % 12
        )
        .unwrap();
        writeln!(text, "threat = \"Threat actor {}\"", i % 17).unwrap();
        writeln!(text, "vulnerability = \"Weakness {}\"", i % 23).unwrap();
        writeln!(text, "likelihood = {l}\nimpact = {im}").unwrap();
        writeln!(text, "treatment = \"{}\"", treatments[i % treatments.len()]).unwrap();
        writeln!(
            text,
            "controls = [\"{}\", \"{}\"]",
            controls[i % controls.len()],
            controls[(i * 5 + 3) % controls.len()]
        )
        .unwrap();
        writeln!(text, "residual_likelihood = {rl}\nresidual_impact = {ri}").unwrap();
        writeln!(
            text,
            "status = \"open\"\nidentified = 2026-01-15\nreviewed = 2026-10-01"
        )
        .unwrap();
        if rl * ri > 8 {
            writeln!(
                text,
                "\n[acceptance]\nby = \"{}\"\non = 2026-10-01\nexpires = 2027-10-01",
                owners[0]
            )
            .unwrap();
        }
        writeln!(
            text,
            "\n[[action]]\nid = \"ACT-G{i:05}\"\nsummary = \"Reduce exposure of service {}\"\nowner = \"{owner}\"\ndue = 2027-03-31\nstatus = \"open\"",
            i % 40
        )
        .unwrap();
        writeln!(
            text,
            "+++\n\nGenerated risk for benchmarks.\n\n- one point\n- another **point**\n"
        )
        .unwrap();
        std::fs::write(dir.join("risks").join(format!("{id}.md")), text).unwrap();
    }
}

fn applicable_controls(soa: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut id = None;
    for line in soa.lines() {
        if let Some(rest) = line.strip_prefix("id = \"") {
            id = Some(rest.trim_end_matches('"').to_string());
        } else if line.trim() == "applicable = true"
            && let Some(i) = id.take()
        {
            out.push(i);
        }
    }
    out
}

fn people(isms_toml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_person = false;
    for line in isms_toml.lines() {
        if line.starts_with('[') {
            in_person = line.trim() == "[[person]]";
        } else if in_person && let Some(rest) = line.strip_prefix("id = \"") {
            out.push(rest.trim_end_matches('"').to_string());
        }
    }
    out
}
