//! Spreadsheets in and out, as plain grids: read a CSV or the first sheet of
//! an xlsx workbook into rows of cells (with the sheet's name and real row
//! and column numbers, for diagnostics), and write a header row and rows as
//! CSV, xlsx (bold header, frozen header row, autofilter, widths) or JSON.
//! What the columns mean is the caller's business.

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum CellIn {
    /// Nothing.
    Empty,
    /// Text (every CSV cell).
    Text(String),
    /// A number.
    Number(f64),
    /// A date (an xlsx date cell).
    Date(NaiveDate),
    /// A boolean.
    Bool(bool),
}

impl CellIn {
    /// Whether the cell holds nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            CellIn::Empty => true,
            CellIn::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a person reads it.
    pub fn text(&self) -> String {
        match self {
            CellIn::Empty => String::new(),
            CellIn::Text(t) => t.clone(),
            CellIn::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            CellIn::Number(n) => n.to_string(),
            CellIn::Date(d) => d.to_string(),
            CellIn::Bool(b) => b.to_string(),
        }
    }
}

/// A spreadsheet read from a file (a CSV, or the first sheet of a
/// workbook) as a grid of cells: header rows first.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name ("" for CSV).
    pub name: String,
    /// The rows, each as long as the widest.
    pub rows: Vec<Vec<CellIn>>,
    /// The 1-based row number of `rows[0]` in the file.
    pub first_row: usize,
    /// The 1-based column number of column 0.
    pub first_col: usize,
    /// Horizontally merged cells: (row, first column, last column),
    /// indexes into `rows`.
    pub merged: Vec<(usize, usize, usize)>,
    /// The names of the workbook's sheets, this one among them (none for CSV).
    pub sheets: Vec<String>,
}

/// A header without its notes in brackets: `Likelihood (1-5)`,
/// `Applicable (Yes/No)`, `Control(s)`.
pub fn without_notes(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in s.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

/// Headers as compared: lower case letters and digits only.
pub fn normalise(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A column's letter as spreadsheets name it: 1 is A, 27 is AA.
pub fn column_letter(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Read a `.csv` or `.xlsx` file by its extension: of a workbook, the
/// sheet named `name`, else the first.
pub fn read(path: &std::path::Path, name: Option<&str>) -> Result<Sheet> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    match ext.as_deref() {
        Some("csv") if name.is_some() => {
            bail!(
                "{}: --sheet names a sheet of a workbook, and a CSV file has one",
                path.display()
            )
        }
        Some("csv") => read_csv(&bytes),
        Some("xlsx") => read_xlsx(&bytes, name),
        _ => bail!("{}: a sheet must be a .csv or .xlsx file", path.display()),
    }
}

/// Read CSV bytes (UTF-8, a byte order mark allowed).
pub fn read_csv(bytes: &[u8]) -> Result<Sheet> {
    read_csv_with(bytes, b',')
}

/// Read CSV bytes whose cells `delimiter` separates (`;` as spreadsheets
/// in much of Europe write it, a tab).
pub fn read_csv_with(bytes: &[u8], delimiter: u8) -> Result<Sheet> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    // Rows where the file has them: a blank line is an empty row, so row
    // numbers are the file's line numbers (for rows without line breaks
    // in a cell).
    let mut rows: Vec<Vec<CellIn>> = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.with_context(|| format!("CSV row {} is not readable", i + 1))?;
        // A record's position is where its reading began: before the blank
        // lines skipped on the way to it.
        let line = rec.position().map_or(rows.len(), |p| {
            let from = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            let blank = bytes
                .get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .filter(|b| **b == b'\n')
                .count();
            usize::try_from(p.line()).unwrap_or(usize::MAX - blank) - 1 + blank
        });
        while rows.len() < line {
            rows.push(Vec::new());
        }
        rows.push(rec.iter().map(|c| CellIn::Text(c.to_string())).collect());
    }
    Ok(square(Sheet {
        name: String::new(),
        rows,
        first_row: 1,
        first_col: 1,
        merged: Vec::new(),
        sheets: Vec::new(),
    }))
}

/// Read the sheet `name` of an xlsx workbook, else its first.
pub fn read_xlsx(bytes: &[u8], name: Option<&str>) -> Result<Sheet> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes.to_vec())).context("not a readable xlsx workbook")?;
    let sheets = book.sheet_names();
    let sheet = match name {
        Some(n) => match sheets
            .iter()
            .find(|s| s.trim().eq_ignore_ascii_case(n.trim()))
        {
            Some(s) => s.clone(),
            None => bail!(
                "the workbook has no sheet `{n}`; its sheets: {}",
                sheets.join(", ")
            ),
        },
        None => match sheets.first() {
            Some(s) => s.clone(),
            None => bail!("the workbook has no sheet"),
        },
    };
    let range = book
        .worksheet_range(&sheet)
        .with_context(|| format!("reading sheet {sheet}"))?;
    let merges = book.merge_cells_by_sheet_name(&sheet).unwrap_or_default();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let rows: Vec<Vec<CellIn>> = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::Empty | Data::Error(_) => CellIn::Empty,
                    Data::String(s) => CellIn::Text(s.clone()),
                    Data::Int(i) => CellIn::Number(*i as f64),
                    Data::Float(f) => CellIn::Number(*f),
                    Data::Bool(b) => CellIn::Bool(*b),
                    Data::DateTime(dt) => match dt.as_datetime() {
                        Some(t) => CellIn::Date(t.date()),
                        None => CellIn::Number(dt.as_f64()),
                    },
                    Data::DateTimeIso(s) | Data::DurationIso(s) => CellIn::Text(s.clone()),
                })
                .collect()
        })
        .collect();
    let merged = merges
        .iter()
        .filter(|m| m.start.0 >= r0 && m.start.1 >= c0 && m.start.1 < m.end.1)
        .map(|m| {
            (
                (m.start.0 - r0) as usize,
                (m.start.1 - c0) as usize,
                (m.end.1 - c0) as usize,
            )
        })
        .collect();
    Ok(square(Sheet {
        name: sheet,
        rows,
        first_row: r0 as usize + 1,
        first_col: c0 as usize + 1,
        merged,
        sheets,
    }))
}

/// Pad every row to the widest one.
fn square(mut g: Sheet) -> Sheet {
    let width = g.rows.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut g.rows {
        r.resize(width, CellIn::Empty);
    }
    g
}

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum CellOut {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A date.
    Date(NaiveDate),
    /// A boolean.
    Bool(bool),
    /// A list, joined with `; ` in CSV and xlsx.
    List(Vec<String>),
}

impl CellOut {
    /// The cell as CSV text.
    pub fn text(&self) -> String {
        match self {
            CellOut::Empty => String::new(),
            CellOut::Text(t) => t.clone(),
            CellOut::Int(i) => i.to_string(),
            CellOut::Date(d) => d.to_string(),
            CellOut::Bool(b) => b.to_string(),
            CellOut::List(l) => l.join("; "),
        }
    }

    fn json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            CellOut::Empty => Value::Null,
            CellOut::Text(t) => Value::from(t.as_str()),
            CellOut::Int(i) => Value::from(*i),
            CellOut::Date(d) => Value::from(d.to_string()),
            CellOut::Bool(b) => Value::from(*b),
            CellOut::List(l) => Value::from(l.clone()),
        }
    }
}

/// CSV with a header row.
pub fn write_csv(header: &[&str], rows: &[Vec<CellOut>]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row.iter().map(CellOut::text))?;
    }
    w.into_inner().context("writing CSV")
}

/// A JSON array of objects keyed by the header.
pub fn write_json(header: &[&str], rows: &[Vec<CellOut>]) -> Result<Vec<u8>> {
    let list: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let obj: serde_json::Map<String, serde_json::Value> = header
                .iter()
                .zip(row)
                .map(|(h, c)| ((*h).to_string(), c.json()))
                .collect();
            serde_json::Value::Object(obj)
        })
        .collect();
    let mut out = serde_json::to_vec_pretty(&list)?;
    out.push(b'\n');
    Ok(out)
}

/// An xlsx workbook of one sheet: a bold header row, frozen, with an
/// autofilter, and each column as wide as its content (within limits).
pub fn write_xlsx(sheet: &str, header: &[&str], rows: &[Vec<CellOut>]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count() + 2).collect();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, col(c)?, *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).context("too many rows for a sheet")?;
        for (c, cell) in row.iter().enumerate() {
            let cn = col(c)?;
            match cell {
                CellOut::Empty => {}
                CellOut::Int(i) => {
                    ws.write_number(r, cn, *i as f64)?;
                }
                CellOut::Bool(b) => {
                    ws.write_boolean(r, cn, *b)?;
                }
                CellOut::Date(d) => {
                    use chrono::Datelike;
                    let dt = ExcelDateTime::from_ymd(
                        u16::try_from(d.year()).unwrap_or(1900),
                        u8::try_from(d.month()).unwrap_or(1),
                        u8::try_from(d.day()).unwrap_or(1),
                    )?;
                    ws.write_datetime_with_format(r, cn, &dt, &date)?;
                }
                other => {
                    ws.write_string(r, cn, other.text())?;
                }
            }
            if let Some(w) = widths.get_mut(c) {
                let len = match cell {
                    CellOut::Date(_) => 12,
                    other => other
                        .text()
                        .lines()
                        .map(|l| l.chars().count())
                        .max()
                        .unwrap_or(0),
                };
                *w = (*w).max(len + 2);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c)?, (*w).clamp(8, 60) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        let last_row = u32::try_from(rows.len()).context("too many rows for a sheet")?;
        ws.autofilter(0, 0, last_row, col(header.len() - 1)?)?;
    }
    Ok(book.save_to_buffer()?)
}

fn col(c: usize) -> Result<u16> {
    u16::try_from(c).context("too many columns for a sheet")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(1), "A");
        assert_eq!(column_letter(26), "Z");
        assert_eq!(column_letter(28), "AB");
    }

    #[test]
    fn xlsx_round_trips_cells() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let rows = vec![vec![
            CellOut::Text("R-001".into()),
            CellOut::Int(4),
            CellOut::Date(d),
            CellOut::List(vec!["a".into(), "b".into()]),
        ]];
        let bytes = write_xlsx("risks", &["id", "n", "d", "l"], &rows).unwrap();
        let g = read_xlsx(&bytes, None).unwrap();
        assert_eq!(g.name, "risks");
        assert_eq!(g.rows[0][0], CellIn::Text("id".into()));
        assert_eq!(g.rows[1][1], CellIn::Number(4.0));
        assert_eq!(g.rows[1][2], CellIn::Date(d));
        assert_eq!(g.rows[1][3].text(), "a; b");
    }
}
