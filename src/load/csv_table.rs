//! CSV files other systems export into the tree (the HR roster, an LMS's
//! completions): a header row matched leniently against named columns
//! (`Employee ID`, `Staff No.`, `Completed on (UTC)`...), then rows with
//! their line and byte span, so a diagnostic points at the row. Dates as
//! such exports write them are read too.

use std::ops::Range;

use chrono::NaiveDate;

use crate::sheet::{normalise, without_notes};

/// A column a reader wants: its field name and the headers that mean it.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The field ("id"), itself a header that names it.
    pub field: &'static str,
    /// Other headers that name it ("employee id", "staff number").
    pub synonyms: &'static [&'static str],
    /// Whether a file without it is refused.
    pub required: bool,
}

/// A CSV read against columns.
#[derive(Debug, Clone)]
pub struct Table {
    /// The header row's line (1-based).
    pub header_line: usize,
    /// The byte span of the header row.
    pub header_span: Range<usize>,
    /// For each wanted column, the file's column index holding it.
    pub found: Vec<Option<usize>>,
    /// The rows after the header that hold anything.
    pub rows: Vec<TableRow>,
}

/// One row of a [`Table`].
#[derive(Debug, Clone)]
pub struct TableRow {
    /// Its line in the file (1-based).
    pub line: usize,
    /// Its bytes in the file (the line, without the line break).
    pub span: Range<usize>,
    /// Its cells, trimmed.
    pub cells: Vec<String>,
}

impl Table {
    /// The cell of wanted column `col` in `row` ("" when the file has no
    /// such column or the row is short).
    pub fn cell<'r>(&self, row: &'r TableRow, col: usize) -> &'r str {
        self.found
            .get(col)
            .copied()
            .flatten()
            .and_then(|i| row.cells.get(i))
            .map_or("", String::as_str)
    }
}

/// Why a CSV cannot be read as a table.
#[derive(Debug, Clone)]
pub struct TableError {
    /// The byte span to point at.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub help: String,
}

/// Read `text` (a CSV) against `columns`: the first row holding anything is
/// the header.
pub fn read(text: &str, columns: &[Column]) -> Result<Table, TableError> {
    let lines = line_spans(text);
    let sheet =
        crate::sheet::read_csv_with(text.as_bytes(), delimiter(text)).map_err(|e| TableError {
            span: 0..0,
            message: format!("not a readable CSV file: {e:#}"),
            help: "export it again as CSV (comma-separated, UTF-8)".into(),
        })?;
    let mut rows = sheet
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.is_blank()))
        .map(|(i, r)| {
            let line = i + sheet.first_row;
            TableRow {
                line,
                span: lines.get(i).cloned().unwrap_or(text.len()..text.len()),
                cells: r.iter().map(|c| c.text().trim().to_string()).collect(),
            }
        });
    let Some(header) = rows.next() else {
        return Err(TableError {
            span: 0..0,
            message: "the file is empty: no header row".into(),
            help: format!("the first row names the columns: {}", names(columns)),
        });
    };
    let found: Vec<Option<usize>> = columns
        .iter()
        .map(|c| header.cells.iter().position(|h| names_column(c, h)))
        .collect();
    if let Some(c) = columns
        .iter()
        .zip(&found)
        .find(|(c, f)| c.required && f.is_none())
        .map(|(c, _)| c)
    {
        return Err(TableError {
            span: header.span.clone(),
            message: format!(
                "no `{}` column: the header row is {}",
                c.field,
                header.cells.join(", ")
            ),
            help: format!(
                "name the column `{}` (or {}); the columns read are {}",
                c.field,
                c.synonyms
                    .iter()
                    .take(4)
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                names(columns)
            ),
        });
    }
    Ok(Table {
        header_line: header.line,
        header_span: header.span,
        found,
        rows: rows.collect(),
    })
}

fn names(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.field)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether header `h` names column `c`: its field or a synonym, compared
/// as letters and digits only, notes in brackets aside.
fn names_column(c: &Column, h: &str) -> bool {
    let is = |h: &str| {
        !h.is_empty() && (normalise(c.field) == h || c.synonyms.iter().any(|s| normalise(s) == h))
    };
    is(&normalise(h)) || is(&normalise(&without_notes(h)))
}

/// The delimiter of the first line holding anything: a comma, unless that
/// line has semicolons (or tabs) and no comma.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.matches(c).count();
    if count(',') > 0 {
        b','
    } else if count(';') > 0 {
        b';'
    } else if count('\t') > 0 {
        b'\t'
    } else {
        b','
    }
}

/// The byte span of each line of `text`, without its line break.
fn line_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push(start..end);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// A date as exports write one: `2026-03-14`, with a time after it
/// (`2026-03-14 10:22`, `2026-03-14T10:22:00Z`), day first (`14/03/2026`,
/// `14.03.2026`), or with the month's name (`14 Mar 2026`, `March 14,
/// 2026`). Month-first numeric dates are not guessed at: `03/04/2026` is
/// the 3rd of April.
pub fn date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if let Some(d) = ["%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d-%b-%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
    {
        return Some(d);
    }
    let head = t.get(..10).unwrap_or(t);
    let rest_ok = t.len() == head.len() || t[head.len()..].starts_with([' ', 'T', 't']);
    if rest_ok && let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        return Some(d);
    }
    let first = t.split([' ', 'T']).next().unwrap_or(t);
    ["%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(first, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Column] = &[
        Column {
            field: "id",
            synonyms: &["employee id", "staff number"],
            required: true,
        },
        Column {
            field: "start",
            synonyms: &["start date", "hire date"],
            required: false,
        },
    ];

    #[test]
    fn headers_match_leniently_and_rows_keep_their_lines() {
        let text = "Employee ID ,Hire Date (YYYY-MM-DD)\r\n\r\nE1,2026-01-05\r\nE2,\r\n";
        let t = read(text, COLS).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!((t.rows[0].line, t.rows[1].line), (3, 4));
        assert_eq!(&text[t.rows[1].span.clone()], "E2,");
        assert_eq!(t.cell(&t.rows[0], 1), "2026-01-05");
        let e = read("name,start\nx,y\n", COLS).unwrap_err();
        assert!(e.message.contains("no `id` column"), "{}", e.message);
        let t = read("Employee ID;Hire Date\nE1;2026-01-05\n", COLS).unwrap();
        assert_eq!(t.cell(&t.rows[0], 1), "2026-01-05");
    }

    #[test]
    fn dates_as_exports_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 14);
        for t in [
            "2026-03-14",
            "2026-03-14 10:22",
            "2026-03-14T10:22:00Z",
            "14/03/2026",
            "14.03.2026",
            "14 Mar 2026",
            "March 14, 2026",
            "14-Mar-2026",
        ] {
            assert_eq!(date(t), d, "{t}");
        }
        assert_eq!(date("03/14/2026"), None);
        assert_eq!(date("last week"), None);
        assert_eq!(date("2026-03-14x"), None);
    }
}
