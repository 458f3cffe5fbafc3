//! The next id of a record kind, in the tree's own style: the one
//! allocator behind `isms new`, `isms evidence new` and `isms review prep`.
//!
//! An id is read as a style: the runs before its last number (a four-digit
//! year among them becomes the year wanted), and that number, the counter,
//! whose width is kept ("R-009" counts on as "R-010", "R-7" as "R-8"). A
//! counter after "Q" is a quarter: it runs 1 to 4, then the next year's Q1.
//! Two ways to count on: [`next_free`] takes the first free id after the
//! highest in use (new records), [`next_after`] the period after one given
//! id, even when a planned record already holds it (the next review).

use std::io;

use chrono::{Datelike, NaiveDate};

use super::{KindSpec, RecordKind, Tree, TreeFs};
use crate::model::Review;

/// The ids a kind's files on disk hold: the stems of its folder's `*.md`
/// files that have the kind's id shape, whether they load or not (a broken
/// `EV-007.md` still takes its id).
pub fn ids_on_disk(fs: &dyn TreeFs, spec: &KindSpec) -> io::Result<Vec<String>> {
    Ok(fs
        .list(spec.folder)?
        .names
        .into_iter()
        .filter(|n| n.ends_with(".md") && !n.starts_with(['.', '_']))
        .map(|n| n.trim_end_matches(".md").to_string())
        .filter(|id| (spec.id_shape)(id))
        .collect())
}

/// The next free id after the highest of `taken` (or the kind's example),
/// in its style: a year part becomes `today`'s year, the counter counts on
/// from the highest in use with that prefix, a quarter is at least this
/// quarter, and ids in `taken` are skipped.
pub fn next_free(spec: &KindSpec, taken: &[String], today: NaiveDate) -> String {
    let style_id = taken
        .iter()
        .max_by_key(|id| ordinal(id))
        .map_or(spec.id_example, String::as_str);
    let Some(style) = Style::parse(style_id) else {
        return format!("{style_id}-1");
    };
    let mut year = today.year();
    let prefix = style.prefix(year);
    let used = taken
        .iter()
        .filter_map(|e| e.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max();
    let next = used.map(|u| u.saturating_add(1));
    let mut n = if style.quarter {
        quarter(today).max(next.unwrap_or(0).min(4))
    } else {
        next.unwrap_or(1)
    };
    loop {
        if let Some(wrapped) = style.wrap(year, n) {
            (year, n) = wrapped;
        }
        if !taken.contains(&style.id(year, n)) {
            break;
        }
        let Some(more) = n.checked_add(1) else {
            return spec.id_example.to_string();
        };
        n = more;
    }
    shaped(spec, style.id(year, n))
}

/// The id of the period after `after`, in its style: its year and the
/// counter after its own, or the first period of `today`'s year (for a
/// quarter, this quarter) when that year is later. Without `after`, or
/// when it has no counter, the first id of `today`'s year in the kind's
/// style. The id may be taken already (a planned record's): the caller
/// refuses to overwrite it.
pub fn next_after(spec: &KindSpec, after: Option<&str>, today: NaiveDate) -> String {
    let first = || next_free(spec, &[], today);
    let Some(style) = after.and_then(Style::parse) else {
        return first();
    };
    let year = today.year();
    let (y, n) = match style.year {
        Some(y) if y < year => (year, if style.quarter { quarter(today) } else { 1 }),
        y => match style.counter.checked_add(1) {
            Some(n) => (y.unwrap_or(year), n),
            None => return first(),
        },
    };
    let (y, n) = style.wrap(y, n).unwrap_or((y, n));
    let id = style.id(y, n);
    if (spec.id_shape)(&id) { id } else { first() }
}

/// The id `isms review prep` drafts: the period after the last review
/// held by `today` (`MR-2026-Q4` after `MR-2026-Q3`, `MR-2026-03` after
/// `MR-2026-02`), else after the highest review id, or the first period of
/// `today`'s year when that is later; `MR-YYYY-Qn` for `today`'s quarter in
/// a tree with no review yet.
pub fn next_review_id(tree: &Tree, today: NaiveDate) -> String {
    let reviews = || tree.reviews.iter().map(|r| &r.data);
    let last = Review::last_held(reviews(), today)
        .map(|r| r.id.as_str())
        .or_else(|| {
            reviews()
                .map(|r| r.id.as_str())
                .max_by(|a, b| natord::compare(a, b))
        });
    next_after(&Review::SPEC, last, today)
}

/// `id` if it has the kind's shape, else the kind's example.
fn shaped(spec: &KindSpec, id: String) -> String {
    if (spec.id_shape)(&id) {
        id
    } else {
        spec.id_example.to_string()
    }
}

/// The quarter `today` is in, 1 to 4.
fn quarter(today: NaiveDate) -> u32 {
    today.month().div_ceil(3)
}

/// What orders ids as newer: the first number (a year, or the counter),
/// then the last, then the length (more digits, a wider style).
fn ordinal(id: &str) -> (Option<u64>, u64, usize) {
    let runs = split_runs(id);
    let mut numbers = runs.iter().filter_map(|r| r.parse::<u64>().ok());
    let first = numbers.next();
    let last = numbers.next_back().or(first).unwrap_or(0);
    (first, last, id.len())
}

/// An id taken apart as a style.
struct Style<'a> {
    /// The runs before the counter.
    head: Vec<&'a str>,
    /// The first year part of the head, if any.
    year: Option<i32>,
    /// The counter's value.
    counter: u32,
    /// The counter's width in digits.
    width: usize,
    /// The counter is a quarter (the head ends in "Q").
    quarter: bool,
}

impl<'a> Style<'a> {
    /// The style of `id`; None when it has no number.
    fn parse(id: &'a str) -> Option<Self> {
        let runs = split_runs(id);
        let last = runs
            .iter()
            .rposition(|p| p.starts_with(|c: char| c.is_ascii_digit()))?;
        let head = runs[..last].to_vec();
        Some(Style {
            year: head
                .iter()
                .find(|p| is_year(p))
                .and_then(|p| p.parse().ok()),
            quarter: head.last().is_some_and(|p| p.ends_with('Q')),
            counter: runs[last].parse().unwrap_or(u32::MAX),
            width: runs[last].len(),
            head,
        })
    }

    /// The head with its year parts set to `year`.
    fn prefix(&self, year: i32) -> String {
        let year = year.to_string();
        self.head
            .iter()
            .map(|p| if is_year(p) { year.as_str() } else { p })
            .collect()
    }

    /// The id of counter `n` in `year`.
    fn id(&self, year: i32, n: u32) -> String {
        format!("{}{n:0width$}", self.prefix(year), width = self.width)
    }

    /// A quarter past the fourth as the next year's first, when the style
    /// has a year to move on.
    fn wrap(&self, year: i32, n: u32) -> Option<(i32, u32)> {
        (self.quarter && n > 4 && self.year.is_some()).then_some((year + 1, 1))
    }
}

/// A four-digit run that reads as a year (1000 to 2999).
fn is_year(p: &str) -> bool {
    p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()) && p.starts_with(['1', '2'])
}

/// Split an id into runs of digits and runs of anything else.
fn split_runs(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut digit = None;
    for (i, c) in s.char_indices() {
        let d = c.is_ascii_digit();
        if digit.is_some_and(|p| p != d) {
            out.push(&s[start..i]);
            start = i;
        }
        digit = Some(d);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Audit, Evidence, Incident, Risk};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn next_ids_follow_the_tree() {
        let today = day("2027-02-15");
        assert_eq!(next_free(&Risk::SPEC, &[], today), "R-001");
        assert_eq!(
            next_free(&Risk::SPEC, &ids(&["R-009", "R-031", "R-4"]), today),
            "R-032"
        );
        assert_eq!(next_free(&Risk::SPEC, &ids(&["R-7"]), today), "R-8");
        assert_eq!(
            next_free(&Audit::SPEC, &ids(&["IA-2026-01", "IA-2026-02"]), today),
            "IA-2027-01"
        );
        assert_eq!(
            next_free(&Audit::SPEC, &ids(&["IA-2027-01", "IA-2026-02"]), today),
            "IA-2027-02"
        );
        assert_eq!(next_free(&Incident::SPEC, &[], today), "INC-2027-001");
        assert_eq!(
            next_free(&Incident::SPEC, &ids(&["INC-2027-004"]), today),
            "INC-2027-005"
        );
        assert_eq!(
            next_free(&Review::SPEC, &ids(&["MR-2026-Q3"]), today),
            "MR-2027-Q1"
        );
        assert_eq!(
            next_free(&Review::SPEC, &ids(&["MR-2027-Q1"]), today),
            "MR-2027-Q2"
        );
        assert_eq!(
            next_free(&Review::SPEC, &ids(&["MR-2026-03"]), today),
            "MR-2027-01"
        );
    }

    #[test]
    fn a_fourth_quarter_taken_moves_to_the_next_year() {
        let today = day("2026-12-20");
        let taken = ids(&["MR-2026-Q4"]);
        assert_eq!(next_free(&Review::SPEC, &taken, today), "MR-2027-Q1");
        let taken = ids(&["MR-2026-Q4", "MR-2027-Q1"]);
        assert_eq!(next_free(&Review::SPEC, &taken, today), "MR-2027-Q2");
    }

    #[test]
    fn evidence_counts_on_from_the_highest_number() {
        let today = day("2026-11-20");
        assert_eq!(next_free(&Evidence::SPEC, &[], today), "EV-001");
        let taken = ids(&["EV-002", "EV-007", "EV-003"]);
        assert_eq!(next_free(&Evidence::SPEC, &taken, today), "EV-008");
        assert_eq!(
            next_free(&Evidence::SPEC, &ids(&["EV-999"]), today),
            "EV-1000"
        );
        let huge = ids(&["EV-4294967295"]);
        assert_eq!(next_free(&Evidence::SPEC, &huge, today), "EV-004");
    }

    #[test]
    fn files_that_do_not_load_still_hold_their_ids() {
        let dir = tempfile::tempdir().unwrap();
        let ev = dir.path().join("evidence");
        std::fs::create_dir(&ev).unwrap();
        for name in [
            "EV-002.md",
            "EV-007.md",
            "_EV-009.md",
            "EV-008.txt",
            "notes.md",
        ] {
            std::fs::write(ev.join(name), "not a record").unwrap();
        }
        let fs = crate::load::DiskFs::new(dir.path()).unwrap();
        let mut taken = ids_on_disk(&fs, &Evidence::SPEC).unwrap();
        taken.sort();
        assert_eq!(taken, ids(&["EV-002", "EV-007"]));
        let today = day("2026-11-20");
        assert_eq!(next_free(&Evidence::SPEC, &taken, today), "EV-008");
    }

    fn review_id(tree_ids: &[(&str, bool)], today: &str) -> String {
        let mut tree = Tree::default();
        for (id, held) in tree_ids {
            let status = if *held { "held" } else { "planned" };
            let json = serde_json::json!({
                "id": id, "date": "2026-01-01", "chair": "a", "status": status,
            });
            let data: Review = serde_json::from_value(json).unwrap();
            tree.reviews.push(crate::load::Record {
                file: 0,
                data,
                body: String::new(),
                spans: Default::default(),
            });
        }
        next_review_id(&tree, today.parse().unwrap())
    }

    #[test]
    fn next_review_id_follows_the_trees_style() {
        let ids = review_id;
        assert_eq!(ids(&[("MR-2026-Q3", true)], "2026-11-20"), "MR-2026-Q4");
        assert_eq!(ids(&[("MR-2026-Q4", true)], "2026-12-20"), "MR-2027-Q1");
        assert_eq!(ids(&[("MR-2026-02", true)], "2026-11-20"), "MR-2026-03");
        assert_eq!(ids(&[("MR-2025-02", true)], "2026-11-20"), "MR-2026-01");
        assert_eq!(ids(&[("MR-2025-Q4", true)], "2026-05-20"), "MR-2026-Q2");
        assert_eq!(ids(&[], "2026-11-20"), "MR-2026-Q4");
        // A planned review after the held one is the draft's own id.
        let both = [("MR-2026-Q3", true), ("MR-2026-Q4", false)];
        assert_eq!(ids(&both, "2026-11-20"), "MR-2026-Q4");
        // Without a held review, the period after the highest planned one.
        assert_eq!(ids(&[("MR-2026-Q1", false)], "2026-11-20"), "MR-2026-Q2");
        assert_eq!(ids(&[("MR-2027-Q1", true)], "2026-11-20"), "MR-2027-Q2");
    }
}
