//! Issue 13: the fuzz targets' inputs that once failed stay fixed. Every
//! file under `fuzz/regressions/<target>/` is replayed through the same
//! `isms::fuzzing` function the fuzzer runs, beside a few hostile inputs
//! written by hand; a failed invariant panics, which fails the test.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use isms::cli::ImportWhat;
use isms::fuzzing;

use crate::support::root;

/// Run every saved input of one target, in file-name order. A target with
/// nothing saved yet has no folder; `fuzz/regressions` itself must exist, so
/// a moved folder fails here instead of replaying nothing.
fn replay(target: &str, run: impl Fn(&[u8])) {
    let all = root().join("fuzz/regressions");
    assert!(all.is_dir(), "{} is missing", all.display());
    let Ok(entries) = std::fs::read_dir(all.join(target)) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    for path in paths {
        // Shown with the panic of a failed invariant: which input it was.
        eprintln!("replaying {}", path.display());
        run(&std::fs::read(&path).unwrap());
    }
}

/// Inputs that stress line and span arithmetic in any text.
fn hostile() -> Vec<Vec<u8>> {
    let long_line = "x".repeat(1 << 20).into_bytes();
    vec![
        b"".to_vec(),
        b"+++".to_vec(),
        b"+++\n".to_vec(),
        b"+++\n+++".to_vec(),
        b"+++\r\n+++\r\n".to_vec(),
        b"\r".to_vec(),
        b"+++\r+++\r".to_vec(),
        b"\0\0\0".to_vec(),
        b"+++\nid = \"\0\"\n+++\n\0".to_vec(),
        b"\xef\xbb\xbf+++\n+++\n".to_vec(),
        b"+++\nid = 1\n".to_vec(),
        b"+++\n\xff\xfe\n+++\n".to_vec(),
        "+++\nid = \"é\"\ntitle = \"\u{2028}\"\n+++\n\u{85}".into(),
        [b"+++\n".as_slice(), long_line.as_slice(), b"\n+++\n"].concat(),
        long_line,
    ]
}

#[test]
fn front_matter_regressions_and_hostile_inputs() {
    replay("front_matter", fuzzing::front_matter);
    for input in hostile() {
        fuzzing::front_matter(&input);
    }
}

#[test]
fn record_regressions_and_hostile_inputs_in_every_file() {
    replay("record", fuzzing::record);
    for pick in 0..u8::try_from(fuzzing::record_files().len()).unwrap() {
        for input in hostile() {
            fuzzing::record(&[[pick].as_slice(), input.as_slice()].concat());
        }
    }
}

#[test]
fn tree_regressions_and_hostile_trees() {
    replay("tree", fuzzing::tree);
    let entry = |path: &str, content: &[u8]| {
        let len = u32::try_from(content.len()).unwrap().to_le_bytes();
        [path.as_bytes(), b"\0".as_slice(), len.as_slice(), content].concat()
    };
    for content in hostile() {
        fuzzing::tree(&entry("isms.toml", &content));
        fuzzing::tree(&[entry("risks/R-001.md", &content), entry("../x", b"")].concat());
    }
    // A file where a folder must go, a length past the end, a cut length.
    fuzzing::tree(&[entry("risks", b"x"), entry("risks/R-001.md", b"+++\n+++\n")].concat());
    fuzzing::tree(b"isms.toml\0\xff\xff\xff\xffid = 1");
    fuzzing::tree(b"isms.toml\0\x01");
}

#[test]
fn a_tree_input_reads_back_leniently() {
    let seed = std::fs::read(root().join("isms/isms.toml")).unwrap();
    let len = u32::try_from(seed.len()).unwrap().to_le_bytes();
    let input = [
        b"./isms.toml\0".as_slice(),
        len.as_slice(),
        seed.as_slice(),
        b"a/../b\0".as_slice(),
    ]
    .concat();
    let files = fuzzing::parse_tree(&input);
    assert_eq!(files.len(), 1, "the cut entry is dropped: {files:?}");
    assert_eq!(files[0].0, Path::new("isms.toml"));
    assert_eq!(files[0].1, seed.as_slice());
}

#[test]
fn markdown_regressions_and_hostile_inputs() {
    replay("markdown", fuzzing::markdown);
    for input in hostile() {
        fuzzing::markdown(&input);
    }
    for input in [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1)) [y](JaVa\tScRiPt:alert(1)) ![z](data:text/html,x)",
        "<img src=x onerror=alert(1)> <iframe src=//x></iframe> <style>*{}</style>",
        "[a](<java\nscript:x>) [b](&#106;avascript:x) [c]: vbscript:x\n\n[c]",
        "x[^1]\n\n[^1]: \"><script>\n",
        "```\"><script>\n```\n\n| a\"onload=x | b |\n|---|---|\n| <svg onload=x> | c |",
    ] {
        fuzzing::markdown(input.as_bytes());
    }
}

#[test]
fn typst_body_regressions_and_hostile_bodies() {
    replay("typst_body", fuzzing::typst_body);
    for input in [
        "#panic(\"boom\")",
        "#read(\"/etc/passwd\") #set page(width: 1pt) $x^$ @missing <label> \\",
        "```typ\n#panic()\n```\n\n[link](#panic()) ![i](/etc/passwd) `#x`",
        "*unclosed _emphasis\n\n# \u{0}\n\n| a |\n|---|\n| ] } ) |",
    ] {
        assert!(fuzzing::typst_body_renders(input.as_bytes()), "{input}");
    }
}

/// Sheets as people send them, and sheets no one would: each imported as
/// every kind, as CSV (pick < 0x80) and as xlsx (pick >= 0x80).
#[test]
fn sheet_regressions_and_hostile_sheets() {
    replay("sheet", |data| {
        fuzzing::sheet(data);
    });
    let sheets: Vec<Vec<u8>> = [
        "id,title,owner\nR-900,New risk,mhale\n",
        "id,title\n,\n,,,,\n",
        "\u{feff}Control,Applicable,Status\nA.5.1,Yes,Implemented\nA.5.1,No,\n",
        "Title row\n\nid;title;likelihood;impact\nR-001;x;9;-1\n",
        "id,title,owner\n\"R-901\",\"quote \"\" inside\nline\",mhale\n",
        "A.5.15, A.5.17\n\u{2028},\u{85}\n",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .chain(hostile())
    .chain([b"PK\x03\x04\0\0\0\0".to_vec(), b"\xff\xfe,\x00\n".to_vec()])
    .collect();
    let kinds =
        u8::try_from(<isms::cli::ImportWhat as clap::ValueEnum>::value_variants().len()).unwrap();
    for input in &sheets {
        for kind in 0..kinds {
            for format in [0, 0x80] {
                fuzzing::sheet(&[[kind | format].as_slice(), input.as_slice()].concat());
            }
        }
    }
    // Sheets that go in: the second import of each must change nothing.
    for (kind, input) in [
        (
            ImportWhat::Risks,
            "id,title,owner,likelihood,impact,treatment,status,identified\n\
             R-001,Phishing renamed,bob,4,4,mitigate,open,2026-01-10\n\
             R-950,A new one,alice,2,2,accept,open,2026-01-10\n",
        ),
        (
            ImportWhat::Assets,
            "Asset ID,Name,Owner,Type,Status\nAST-001,Email renamed,bob,service,active\n\
             AST-050,Laptops,bob,hardware,active\n",
        ),
    ] {
        let pick = ImportWhat::value_variants()
            .iter()
            .position(|w| *w == kind)
            .unwrap();
        let data = [[u8::try_from(pick).unwrap()].as_slice(), input.as_bytes()].concat();
        assert!(fuzzing::sheet(&data), "{kind:?} goes in:\n{input}");
    }
}

/// The words of a `NAME=(a b c)` line of `fuzz/seed.sh`.
fn seed_list(name: &str) -> Vec<String> {
    let script = std::fs::read_to_string(root().join("fuzz/seed.sh")).unwrap();
    let line = script
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name}=(")))
        .unwrap_or_else(|| panic!("fuzz/seed.sh has no {name}=(...) line"));
    line.trim_end_matches(')')
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// `fuzz/seed.sh` writes each seed with the first byte its target reads:
/// its lists are the record kinds' folders and `ImportWhat`, in order.
#[test]
fn the_seed_script_picks_as_the_targets_do() {
    let folders: Vec<String> = isms::load::kinds::specs()
        .iter()
        .map(|spec| spec.folder.to_string())
        .collect();
    assert_eq!(seed_list("folders"), folders, "fuzz/seed.sh `folders`");
    let sheets: Vec<String> = ImportWhat::value_variants()
        .iter()
        .map(|w| w.to_possible_value().unwrap().get_name().to_string())
        .collect();
    assert_eq!(seed_list("sheets"), sheets, "fuzz/seed.sh `sheets`");
}

/// Rosters and completion exports no HR system or LMS would write: each
/// CSV file the checker reads, replaced by each hostile input.
#[test]
fn csv_regressions_and_hostile_rosters_and_exports() {
    replay("csv", fuzzing::csv);
    let files = fuzzing::csv_files();
    assert!(
        files.len() >= 2,
        "a roster and a completion export: {files:?}"
    );
    let odd: Vec<Vec<u8>> = [
        "\u{feff}Employee No.;Dept;Hire Date\r\nF001;;31/02/2026\r\n",
        "id,id,id\nF001,F001,F001\n\"unclosed,quote\n",
        "Learner Email\tCompleted On (UTC)\n@\t2026-13-40 25:61:00\n",
        "\u{2028},\u{85}\n\u{0},\u{0}\n",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .chain(hostile())
    .chain([b"\xff\xfe\x00i\x00d".to_vec()])
    .collect();
    for pick in 0..u8::try_from(files.len()).unwrap() {
        for input in &odd {
            fuzzing::csv(&[[pick].as_slice(), input.as_slice()].concat());
        }
    }
}
