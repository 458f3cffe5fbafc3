//! Objectives and measurement (issue 21): a metric's series follows what
//! the commits imply, quarter by quarter; `isms measure` appends a value
//! keeping every other byte; outside git there is only the current value,
//! and the command says so.

use serde_json::Value;

use crate::support::{Scenario, copy_tree, edit, fixture, isms, temp_copy};

/// `isms metrics DIR --format json` with `extra`: the document.
fn metrics_json(dir: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["metrics", dir.to_str().unwrap(), "--format", "json"];
    args.extend(extra);
    let run = isms(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// The series of metric `id`: (period label, value).
fn series(doc: &Value, id: &str) -> Vec<(String, Option<f64>)> {
    let s = doc["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"]["id"] == id)
        .unwrap_or_else(|| panic!("no series {id}"));
    s["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["label"].as_str().unwrap().to_string(),
                p["value"].as_f64(),
            )
        })
        .collect()
}

/// Two open risks, both reviewed early in 2025 (180-day reviews); R-002 is
/// reviewed again every quarter, R-001 not until 2026-02-10. R-001 is
/// overdue from 2025-07-10: the quarters ending 2025-09-30 and 2025-12-31
/// show one risk of two late, every other quarter none.
#[test]
fn a_risk_overdue_from_a_date_shows_in_exactly_the_quarters_after_it() {
    let s = Scenario::new();
    copy_tree(&fixture("valid/objectives"), &s.isms());
    let (r1, r2) = (s.file("risks/R-001.md"), s.file("risks/R-002.md"));
    edit(&r1, "identified = 2026-01-10", "identified = 2025-01-10");
    edit(&r1, "reviewed = 2026-09-01", "reviewed = 2025-01-10");
    edit(&r2, "identified = 2026-02-01", "identified = 2025-01-10");
    // Accepted before the day the test judges from (a later date is E081).
    edit(&r2, "on = 2026-08-15", "on = 2025-01-10");
    let mut r2_reviewed = "reviewed = 2026-08-15".to_string();
    let mut review_r2 = |day: &str| {
        let next = format!("reviewed = {day}");
        edit(&r2, &r2_reviewed, &next);
        r2_reviewed = next;
    };
    review_r2("2025-01-10");
    s.commit("Bob", "2025-01-15", "the register");
    for day in ["2025-04-10", "2025-07-10", "2025-10-10", "2026-01-10"] {
        review_r2(day);
        s.commit("Alice", day, "R-002 reviewed");
    }
    edit(&r1, "reviewed = 2025-01-10", "reviewed = 2026-02-10");
    s.commit("Bob", "2026-02-10", "R-001 reviewed at last");
    review_r2("2026-04-10");
    s.commit("Alice", "2026-04-10", "R-002 reviewed");

    let doc = metrics_json(&s.isms(), &["--today", "2026-06-30"]);
    assert_eq!(doc["coverage"]["kind"], "history", "{doc:#}");
    let got = series(&doc, "risks-reviewed-on-time");
    let want: Vec<(String, Option<f64>)> = [
        ("2025-Q1", 100.0),
        ("2025-Q2", 100.0),
        ("2025-Q3", 50.0),
        ("2025-Q4", 50.0),
        ("2026-Q1", 100.0),
        ("2026-Q2", 100.0),
    ]
    .iter()
    .map(|(l, v)| (l.to_string(), Some(*v)))
    .collect();
    assert_eq!(got, want);

    // By month the overdue months are exactly July to January.
    let doc = metrics_json(&s.isms(), &["--today", "2026-06-30", "--period", "month"]);
    let late: Vec<String> = series(&doc, "risks-reviewed-on-time")
        .into_iter()
        .filter(|(_, v)| *v == Some(50.0))
        .map(|(l, _)| l)
        .collect();
    assert_eq!(
        late,
        [
            "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01"
        ]
    );

    // The objective over it is judged on the latest value and the trend.
    let obj = doc["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "OBJ-01")
        .unwrap();
    assert_eq!(obj["state"], "on-track", "{obj:#}");

    // The review draft's d): the value on the last review's day, from the
    // commit standing then, and now.
    let run = isms(&[
        "review",
        "prep",
        s.isms().to_str().unwrap(),
        "--today",
        "2026-06-30",
        "--since",
        "2025-09-15",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("- OBJ-01 Risks reviewed on time (≥ 95% by 2027-06-30): 50% then, 100% now"),
        "{}",
        run.stdout
    );

    // CSV: one row per metric and period.
    let run = isms(&[
        "metrics",
        s.isms().to_str().unwrap(),
        "--today",
        "2026-06-30",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("metric,period,end,value,unit\n"));
    assert!(
        run.stdout
            .contains("risks-reviewed-on-time,2025-Q3,2025-09-30,50,%\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn outside_git_there_is_only_the_current_value_and_it_says_so() {
    let tree = temp_copy("valid/objectives");
    let doc = metrics_json(tree.path(), &["--today", "2026-11-20"]);
    assert_eq!(doc["coverage"]["kind"], "not-in-git");
    let risks = series(&doc, "risks-reviewed-on-time");
    assert_eq!(risks.last().unwrap().1, Some(100.0));
    assert!(risks[..risks.len() - 1].iter().all(|(_, v)| v.is_none()));
    // A manual metric has its own dated values, git or not.
    let clicks = series(&doc, "MET-001");
    assert_eq!(clicks.last().unwrap().1, Some(4.0));
    let run = isms(&[
        "metrics",
        tree.path().to_str().unwrap(),
        "--today",
        "2026-11-20",
    ]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("not in git: current values only"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("OBJ-02"), "{}", run.stdout);
    // --explain prints a definition; an unknown id is an error naming them.
    let run = isms(&[
        "metrics",
        tree.path().to_str().unwrap(),
        "--explain",
        "evidence-on-time",
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("higher is better"), "{}", run.stdout);
    let run = isms(&[
        "metrics",
        tree.path().to_str().unwrap(),
        "--explain",
        "nope",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("MET-001"), "{}", run.stderr);
}

#[test]
fn measure_appends_a_value_keeping_every_other_byte() {
    let tree = temp_copy("valid/objectives");
    let file = tree.path().join("metrics/MET-001.md");
    let before = std::fs::read_to_string(&file).unwrap().replace(
        "every = \"monthly\"",
        "every = \"monthly\"   # the campaign runs monthly",
    );
    std::fs::write(&file, &before).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let dir = tree.path().to_str().unwrap();
    let run = isms(&[
        "measure",
        "MET-001",
        "3.5",
        "--dir",
        dir,
        "--on",
        "2026-11-18",
        "--note",
        "November \"campaign\"",
        "--today",
        "2026-11-20",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "MET-001: 3.5% measured 2026-11-18; next due 2026-12-18\n"
    );
    let after = std::fs::read_to_string(&file).unwrap();
    let (head, tail) = before.split_once("\n+++\n").unwrap();
    assert!(after.starts_with(head), "{after}");
    assert!(after.ends_with(tail), "{after}");
    assert!(
        after.contains(
            "\n[[measurement]]\non = 2026-11-18\nvalue = 3.5\nnote = \"November \\\"campaign\\\"\"\n+++\n"
        ),
        "{after}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    let (code, json) = crate::support::check_json(tree.path(), &[]);
    assert_eq!(code, 0, "{json:#}");

    // Refused, nothing written: a day before the last value, one after
    // today, an unknown metric, an unknown evidence record.
    for (args, why) in [
        (
            vec!["MET-001", "2", "--on", "2026-11-01"],
            "before the last measurement",
        ),
        (vec!["MET-001", "2", "--on", "2026-12-01"], "after today"),
        (vec!["MET-009", "2"], "MET-009"),
        (
            vec!["MET-001", "2", "--evidence", "EV-404"],
            "--evidence EV-404",
        ),
    ] {
        let mut all = vec!["measure"];
        all.extend(&args);
        all.extend(["--dir", dir, "--today", "2026-11-20"]);
        let run = isms(&all);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(run.stderr.contains(why), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("no file was changed"));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), after);
    }
}

/// `isms pdf measurement`: the 9.1 report holds every objective with its
/// state and every metric with each of its values in a table; the pack
/// holds the same chapter; the mandatory map counts objectives for 6.2.
#[test]
fn the_measurement_report_prints_every_value_it_charts() {
    let tree = temp_copy("valid/objectives");
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("measurement.pdf");
    // render_pdf judges as of 2026-11-20, the fixtures' day.
    let run = crate::support::render_pdf(&["measurement"], tree.path(), &pdf, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = crate::support::pdf_text(&pdf);
    for must in [
        "Monitoring and Measurement Report",
        "Information security objectives (6.2)",
        "Monitoring and measurement results (9.1)",
        "OBJ-01 Risks reviewed on time",
        "OBJ-02 Fewer clicks on phishing",
        "MET-001 Phishing simulation click rate",
        "risks-reviewed-on-time",
        "6.5%",
        "4%",
        "on-track",
    ] {
        assert!(text.contains(must), "the report lacks `{must}`: {text}");
    }
    let pack = out.path().join("pack.pdf");
    let run = crate::support::render_pdf(&["pack"], tree.path(), &pack, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = crate::support::pdf_text(&pack);
    assert!(text.contains("Objectives and measurement"), "{text}");
    assert!(text.contains("OBJ-02 Fewer clicks on phishing"));
    let run = isms(&[
        "status",
        tree.path().to_str().unwrap(),
        "--today",
        "2026-11-20",
    ]);
    let last_word = |clause: &str| {
        let found = run
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(clause));
        let words = found.unwrap_or_default().split_whitespace();
        words.last().unwrap_or_default().to_string()
    };
    assert_eq!(last_word("6.2 "), "objectives/", "{}", run.stdout);
    assert_eq!(last_word("9.1 "), "report", "{}", run.stdout);
}

/// The attribute `name="…"` values of every `<tag` in `svg`, as numbers.
fn attrs(svg: &str, tag: &str, name: &str) -> Vec<f64> {
    svg.split(&format!("<{tag} "))
        .skip(1)
        .filter_map(|s| {
            let s = format!(" {s}");
            let v = s.split(&format!(" {name}=\"")).nth(1)?;
            v.split('"').next()?.parse().ok()
        })
        .collect()
}

/// An objective's chart as an image: Chromium renders the page's SVG alone
/// (white page, 1 CSS px a pixel), and each value's dot is the chart's blue
/// where the geometry puts it, the target line red, the rest white.
#[test]
fn an_objectives_chart_renders_its_values_and_target_as_an_image() {
    let name = std::env::var("ISMS_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let bin = crate::support::find_program(&name);
    if !crate::support::tool_present(bin.is_none().then(|| format!("{name} not found"))) {
        return;
    }
    let tree = temp_copy("valid/objectives");
    let out = crate::support::built(tree.path(), &["--only", "html"]);
    let page = std::fs::read_to_string(out.path().join("html/objectives/OBJ-02.html")).unwrap();
    let start = page
        .find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\"")
        .unwrap();
    let end = start + page[start..].find("</svg>").unwrap() + "</svg>".len();
    let svg = &page[start..end];
    assert!(svg.contains("role=\"img\"") && svg.contains("<title") && svg.contains("<desc"));
    // Every value charted is in the table beside it too.
    assert!(svg.contains("6.5%") && svg.contains("4%"), "{svg}");
    assert!(page.contains("<td>6.5%</td>") && page.contains("<td>4%</td>"));
    let harness = out.path().join("chart.html");
    std::fs::write(
        &harness,
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>chart</title></head>\
             <body style=\"margin:0;background:#fff\">{svg}</body></html>"
        ),
    )
    .unwrap();
    let shot = out.path().join("chart.png");
    let profile = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(bin.unwrap())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--window-size=600,240",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", harness.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let decoder = png::Decoder::new(std::io::Cursor::new(std::fs::read(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixel = |x: f64, y: f64| {
        let i = (y.round() as usize * info.width as usize + x.round() as usize) * channels;
        (buf[i], buf[i + 1], buf[i + 2])
    };
    let near = |(r, g, b): (u8, u8, u8), (wr, wg, wb): (u8, u8, u8)| {
        r.abs_diff(wr) < 40 && g.abs_diff(wg) < 40 && b.abs_diff(wb) < 40
    };
    let (xs, ys) = (attrs(svg, "circle", "cx"), attrs(svg, "circle", "cy"));
    assert_eq!(xs.len(), 2, "two measurements: {svg}");
    for (x, y) in xs.iter().zip(&ys) {
        assert!(
            near(pixel(*x, *y), (0x1f, 0x5f, 0x8b)),
            "the dot at {x},{y} is {:?}",
            pixel(*x, *y)
        );
    }
    // The target line: dashed, so red at some of the points along it.
    let target_y = attrs(svg, "line", "y1")[2];
    let (x0, x1) = (attrs(svg, "line", "x1")[2], attrs(svg, "line", "x2")[2]);
    let red = (0..40)
        .map(|i| x0 + (x1 - x0) * f64::from(i) / 40.0)
        .filter(|x| {
            // Anti-aliased: red, however pale.
            let (r, g, b) = pixel(*x, target_y);
            r > 150 && r.saturating_sub(g) > 50 && r.saturating_sub(b) > 50
        })
        .count();
    assert!(
        red >= 10,
        "the target line at y {target_y}: {red} red points"
    );
    assert!(near(pixel(590.0, 230.0), (255, 255, 255)));
}

/// A shallow clone holds history from some commit on: the series says where
/// it ends and gives no built-in value before it.
#[test]
fn a_shallow_clone_says_where_its_history_ends() {
    let s = Scenario::new();
    copy_tree(&fixture("valid/objectives"), &s.isms());
    s.commit("Bob", "2025-02-10", "the register");
    edit(
        &s.file("risks/R-001.md"),
        "reviewed = 2026-09-01",
        "reviewed = 2026-09-02",
    );
    let cut = s.commit("Bob", "2025-08-10", "R-001 reviewed");
    edit(
        &s.file("risks/R-001.md"),
        "reviewed = 2026-09-02",
        "reviewed = 2026-09-03",
    );
    s.commit("Bob", "2026-01-10", "R-001 reviewed");
    // What `git clone --depth 2` leaves: the cut commit's parents unknown.
    std::fs::write(s.root().join(".git/shallow"), format!("{cut}\n")).unwrap();
    let doc = metrics_json(&s.isms(), &["--today", "2026-11-20"]);
    assert_eq!(doc["coverage"]["kind"], "shallow", "{doc:#}");
    assert_eq!(doc["coverage"]["from"], "2025-08-10");
    assert!(
        doc["coverage_note"]
            .as_str()
            .unwrap()
            .contains("history ends at 2025-08-10")
    );
    let risks = series(&doc, "risks-reviewed-on-time");
    assert_eq!(risks.first().unwrap().0, "2025-Q3", "{risks:?}");
}

/// The 9.1 report's charts as an image: its objectives page, rastered,
/// holds the chart's blue line and the target's red dashes; its title page
/// neither.
#[test]
fn the_reports_charts_are_drawn_on_its_pages() {
    let tree = temp_copy("valid/objectives");
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("measurement.pdf");
    let run = crate::support::render_pdf(&["measurement"], tree.path(), &pdf, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = crate::support::pdf_pages(&pdf);
    let at = pages
        .iter()
        .position(|p| p.contains("OBJ-02 Fewer clicks on phishing") && p.contains("Measured on"))
        .expect("a page with OBJ-02's chart and values");
    let rasters = crate::support::pdf_rasters(&pdf);
    let count = |page: usize, (r, g, b): (u8, u8, u8)| {
        rasters[page]
            .data()
            .iter()
            .filter(|p| {
                p.a > 200 && p.r.abs_diff(r) < 6 && p.g.abs_diff(g) < 6 && p.b.abs_diff(b) < 6
            })
            .count()
    };
    let (blue, red) = ((0x1f, 0x5f, 0x8b), (0xb0, 0x3a, 0x2e));
    assert!(
        count(at, blue) > 40,
        "the chart's line on page {}: {}",
        at + 1,
        count(at, blue)
    );
    assert!(
        count(at, red) > 20,
        "the target on page {}: {}",
        at + 1,
        count(at, red)
    );
    assert_eq!(
        count(0, blue) + count(0, red),
        0,
        "the title page has no chart"
    );
}

/// A tree whose objectives follow only built-in metrics (no `metrics/`
/// folder) still has the metrics page: each built-in metric's definition
/// and series, in the navigation, and linked from its objective's page.
#[test]
fn built_in_metrics_have_their_page_without_a_metrics_folder() {
    let tree = temp_copy("valid/objectives");
    std::fs::remove_dir_all(tree.path().join("metrics")).unwrap();
    std::fs::remove_file(tree.path().join("objectives/OBJ-02.md")).unwrap();
    let out = crate::support::built(tree.path(), &["--only", "html"]);
    let page = std::fs::read_to_string(out.path().join("html/metrics.html")).unwrap();
    assert!(
        page.contains("id=\"risks-reviewed-on-time\"") && page.contains("<table"),
        "{page}"
    );
    let objective =
        std::fs::read_to_string(out.path().join("html/objectives/OBJ-01.html")).unwrap();
    assert!(
        objective.contains("href=\"../metrics.html#risks-reviewed-on-time\""),
        "{objective}"
    );
    assert!(
        objective.contains("href=\"../metrics.html\""),
        "the navigation: {objective}"
    );
}
