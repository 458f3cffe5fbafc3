//! Reading a sheet against a list of columns (`columns`): the header row
//! matched leniently, cells parsed strictly, and every problem placed by
//! file, sheet, row and column. Shared by `isms import` and `isms migrate`.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::columns::{self, Col, Ty};
use crate::sheet::{self, CellIn, Sheet};

/// One problem with the sheet, where it is.
#[derive(Debug)]
pub(super) struct Problem {
    /// The row, 0-based in the grid (None: the whole sheet).
    pub row: Option<usize>,
    /// The column, 0-based in the grid, and its name.
    pub col: Option<(usize, String)>,
    /// What is wrong.
    pub message: String,
}

/// A sheet's header: which column of the grid is which field.
pub(super) struct Header<'c> {
    /// Sheet column and the column it is.
    pub cols: Vec<(usize, &'c Col)>,
    /// The first row after the header.
    pub data_from: usize,
    /// Columns known and not read: (column, header, why).
    pub not_read: Vec<(usize, String, &'static str)>,
    /// How many columns the header has (a cell right of them is a problem).
    pub width: usize,
    /// The header as written of each column read, by sheet column.
    pub labels: HashMap<usize, String>,
    /// Mark columns: sheet column, the list column it adds to and the
    /// value a marked cell adds (`Legal` under `Reasons`: `legal`).
    pub marks: Vec<(usize, &'c Col, &'static str)>,
}

/// "risks.xlsx, sheet Risks, row 4, column C (Likelihood): message".
pub(super) fn place(file: &str, grid: &Sheet, p: &Problem) -> String {
    let mut at = file.to_string();
    if !grid.name.is_empty() {
        at.push_str(&format!(", sheet {}", grid.name));
    }
    if let Some(r) = p.row {
        at.push_str(&format!(", row {}", r + grid.first_row));
    }
    if let Some((c, name)) = &p.col {
        at.push_str(&format!(
            ", column {} ({name})",
            sheet::column_letter(c + grid.first_col)
        ));
    }
    format!("{at}: {}", p.message)
}

/// Every problem placed, one line each, the same problem on several rows
/// of a column (an owner nobody is, down the sheet) once: "rows 2-94".
pub(super) fn placed(file: &str, grid: &Sheet, problems: &[Problem]) -> Vec<String> {
    let mut groups: Vec<(&Problem, Vec<usize>)> = Vec::new();
    for p in problems {
        let same = |(q, _): &&mut (&Problem, Vec<usize>)| {
            q.row.is_some() && p.row.is_some() && q.col == p.col && q.message == p.message
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some((_, rows)) => rows.extend(p.row),
            None => groups.push((p, p.row.into_iter().collect())),
        }
    }
    groups
        .into_iter()
        .map(|(p, rows)| {
            if rows.len() < 2 {
                return place(file, grid, p);
            }
            let one = Problem {
                row: None,
                col: p.col.clone(),
                message: p.message.clone(),
            };
            let line = place(file, grid, &one);
            let at = line.find(", column").unwrap_or(file.len());
            format!("{}, {}{}", &line[..at], rows_text(grid, &rows), &line[at..])
        })
        .collect()
}

/// How many rows above the header a sheet may have (a title, a date).
const TITLE_ROWS: usize = 12;

/// The header row: the first of the top rows with an id column and
/// another known one (title rows above it skipped), else the first.
fn header_row(grid: &Sheet, cols: &[Col]) -> usize {
    (0..grid.rows.len().min(TITLE_ROWS))
        .find(|&h| {
            let known: Vec<&Col> = grid.rows[h]
                .iter()
                .filter_map(|cell| columns::find(cols, &cell.text()))
                .collect();
            known.len() >= 2 && known.iter().any(|c| c.ty == Ty::Id)
        })
        .unwrap_or(0)
}

/// Match the header row (two rows when it has merged cells: a group
/// heading over sub-headings, "Residual" over "Likelihood" and "Impact").
pub(super) fn header<'c>(
    grid: &Sheet,
    cols: &'c [Col],
    problems: &mut Vec<Problem>,
) -> Option<Header<'c>> {
    if grid.rows.is_empty() {
        problems.push(Problem {
            row: None,
            col: None,
            message: "the sheet is empty: it needs a header row".into(),
        });
        return None;
    }
    let h = header_row(grid, cols);
    let first = &grid.rows[h];
    let mut merged: Vec<(usize, usize)> = grid
        .merged
        .iter()
        .filter(|(r, _, _)| *r == h)
        .map(|(_, a, b)| (*a, *b))
        .collect();
    if merged.is_empty() {
        merged = implied_groups(grid, h, cols);
    }
    let two = !merged.is_empty() && grid.rows.len() > h + 1;
    let mut found: Vec<(usize, &Col)> = Vec::new();
    let mut not_read = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut labels = HashMap::new();
    let mut marks = Vec::new();
    for c in 0..first.len() {
        let top = {
            let start = merged
                .iter()
                .find(|(a, b)| (*a..=*b).contains(&c))
                .map_or(c, |(a, _)| *a);
            first[start].text()
        };
        let sub = if two {
            grid.rows[h + 1][c].text()
        } else {
            String::new()
        };
        let candidates = [format!("{top} {sub}"), sub.clone(), top.clone()];
        let label = if sub.trim().is_empty() {
            top.clone()
        } else {
            format!("{top} / {sub}")
        };
        if top.trim().is_empty() && sub.trim().is_empty() {
            continue;
        }
        let grouped = columns::mark(cols, &top, &sub);
        let found_col = candidates.iter().find_map(|h| columns::find(cols, h));
        let alone = || {
            let text = if sub.trim().is_empty() { &top } else { &sub };
            columns::mark(cols, text, "")
        };
        if let Some((list, value)) = grouped.or_else(|| found_col.is_none().then(alone).flatten()) {
            marks.push((c, list, value));
            labels.insert(c, label);
            continue;
        }
        let Some(col) = found_col else {
            if let Some(why) = candidates.iter().find_map(|h| columns::not_read(cols, h)) {
                not_read.push((c, label.clone(), why));
                continue;
            }
            let names: Vec<&str> = cols.iter().map(|c| c.name).collect();
            let hint = crate::diag::closest(&columns::normalise(&label), names.iter().copied())
                .map_or_else(
                    || format!("known columns: {}", names.join(", ")),
                    |s| format!("did you mean `{s}`? known columns: {}", names.join(", ")),
                );
            problems.push(Problem {
                row: Some(h),
                col: Some((c, label.clone())),
                message: format!(
                    "unknown column `{label}`; {hint} (remove the column or rename it)"
                ),
            });
            continue;
        };
        if let Some(prev) = seen.insert(col.name, c) {
            problems.push(Problem {
                row: Some(h),
                col: Some((c, label.clone())),
                message: format!(
                    "a second `{}` column (the first is column {})",
                    col.name,
                    sheet::column_letter(prev + grid.first_col)
                ),
            });
            continue;
        }
        found.push((c, col));
        labels.insert(c, label);
    }
    if !found.iter().any(|(_, c)| c.ty == Ty::Id) {
        let others: Vec<&str> = grid
            .sheets
            .iter()
            .map(String::as_str)
            .filter(|s| *s != grid.name)
            .collect();
        let mut message = "no id column: rows are matched to records by id".to_string();
        if !others.is_empty() {
            message.push_str(&format!(
                "; if the rows are on another sheet of the workbook ({}), name it with --sheet NAME",
                others.join(", ")
            ));
        }
        problems.push(Problem {
            row: Some(h),
            col: None,
            message,
        });
        return None;
    }
    let named = |row: &[CellIn]| row.iter().rposition(|c| !c.is_blank()).map_or(0, |i| i + 1);
    let width = named(first).max(if two { named(&grid.rows[h + 1]) } else { 0 });
    Some(Header {
        cols: found,
        data_from: h + if two { 2 } else { 1 },
        not_read,
        width,
        labels,
        marks,
    })
}

/// Group headings a sheet without merged cells (a CSV) implies: a heading
/// followed by blank header cells, with sub-headings in the row below under
/// it ("Reasons,," over "Legal,Contractual,Business"), that row having no
/// id (so it is no data row). Each is (first column, last column).
fn implied_groups(grid: &Sheet, h: usize, cols: &[Col]) -> Vec<(usize, usize)> {
    let Some(below) = grid.rows.get(h + 1) else {
        return Vec::new();
    };
    let top = &grid.rows[h];
    let text = |row: &[CellIn], c: usize| row.get(c).is_some_and(|x| !x.is_blank());
    let id = (0..top.len())
        .find(|&c| columns::find(cols, &top[c].text()).is_some_and(|col| col.ty == Ty::Id));
    if id.is_none_or(|c| text(below, c)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut c = 0;
    while c < top.len() {
        let mut end = c;
        while text(top, c) && end + 1 < top.len() && !text(top, end + 1) && text(below, end + 1) {
            end += 1;
        }
        if end > c {
            out.push((c, end));
        }
        c = end + 1;
    }
    out
}

/// A multi-valued cell: items separated by `;` or new lines.
pub(super) fn split(s: &str) -> Vec<String> {
    s.split([';', '\n'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// A cell listing ids or words: items separated by `;`, `,` or new lines.
pub(super) fn split_list(s: &str) -> Vec<String> {
    split(&s.replace(',', ";"))
}

/// An enum value, case-insensitively, spaces and underscores as hyphens.
pub(super) fn enum_value(
    allowed: &'static [&'static str],
    text: &str,
) -> Result<&'static str, String> {
    let norm: String = text
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '_' { '-' } else { c })
        .collect();
    allowed
        .iter()
        .find(|a| **a == norm)
        .copied()
        .ok_or_else(|| {
            format!(
                "`{text}` is not allowed here: expected one of {}",
                allowed.join(", ")
            )
        })
}

/// A date: an xlsx date, an ISO date, or a spreadsheet serial number.
pub(super) fn date(cell: &CellIn, text: &str) -> Result<NaiveDate, String> {
    match cell {
        CellIn::Date(d) => return Ok(*d),
        CellIn::Number(n) if n.fract() == 0.0 && (1.0..=2_958_465.0).contains(n) => {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
            if let Some(d) = base.checked_add_days(chrono::Days::new(*n as u64)) {
                return Ok(d);
            }
        }
        _ => {}
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date: write it as YYYY-MM-DD"))
}

/// Yes or no, as [`super::values::applicability`] reads it.
pub(super) fn boolean(cell: &CellIn, text: &str) -> Result<bool, String> {
    if let CellIn::Bool(b) = cell {
        return Ok(*b);
    }
    super::values::applicability(text).ok_or_else(|| {
        format!(
            "`{text}` is not true or false (yes/no, applicable/not applicable, \
             included/excluded and N/A also do)"
        )
    })
}

/// Whether a mark column's cell marks its value (`X`, `✓`, `✔`, `yes`);
/// empty or `no`, it does not; anything else is an error.
pub(super) fn marks(cell: &CellIn, value: &str) -> Result<bool, String> {
    if cell.is_blank() {
        return Ok(false);
    }
    let text = cell.text().trim().to_string();
    boolean(cell, &text).map_err(|_| {
        format!(
            "`{text}` is not a mark: X, ✓ or yes says the control is included for this \
             reason ({value}); leave the cell empty (or write no) when it is not"
        )
    })
}

/// Sheet rows as a person reads them: "row 4", "rows 2-5, 9".
pub(super) fn rows_text(grid: &Sheet, rows: &[usize]) -> String {
    let mut rows: Vec<usize> = rows.iter().map(|r| r + grid.first_row).collect();
    rows.sort_unstable();
    rows.dedup();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for r in rows {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == r => *last = r,
            _ => runs.push((r, r)),
        }
    }
    let many = runs.len() > 1 || runs.first().is_some_and(|(a, b)| a != b);
    let list: Vec<String> = runs
        .iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    format!("{} {}", if many { "rows" } else { "row" }, list.join(", "))
}
