//! Printing for people: aligned tables and a little colour, only on a
//! terminal and never with `NO_COLOR`.

use std::io::IsTerminal;

/// Whether stdout takes colour.
pub fn color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Text styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As is.
    Plain,
    /// Something late or failing.
    Alert,
    /// Something late or failing, in bold: a flag inside a line of text.
    BoldAlert,
    /// A heading.
    Bold,
}

/// `text` in `style` when `color`.
pub fn paint(text: &str, style: Style, color: bool) -> String {
    let code = match style {
        Style::Plain => return text.to_string(),
        Style::Alert => "31",
        Style::BoldAlert => "1;31",
        Style::Bold => "1",
    };
    if color {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

/// A table of text cells, printed with each column as wide as its widest
/// cell (the last column is not padded).
#[derive(Debug, Default)]
pub struct Table {
    rows: Vec<(Vec<String>, Style)>,
}

impl Table {
    /// A table with this header row.
    pub fn new(header: &[&str]) -> Self {
        let mut t = Table::default();
        t.rows.push((
            header.iter().map(ToString::to_string).collect(),
            Style::Bold,
        ));
        t
    }

    /// Add a row.
    pub fn row(&mut self, cells: Vec<String>, style: Style) {
        self.rows.push((cells, style));
    }

    /// The table as lines of text, indented by `indent`.
    pub fn render(&self, indent: &str, color: bool) -> String {
        let cols = self.rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
        let mut widths = vec![0; cols];
        for (row, _) in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for (row, style) in &self.rows {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i + 1 < row.len() {
                    let pad = widths[i] - cell.chars().count();
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad + 2));
                } else {
                    line.push_str(cell);
                }
            }
            out.push_str(indent);
            out.push_str(&paint(line.trim_end(), *style, color));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_and_colour_is_optional() {
        let mut t = Table::new(&["id", "what"]);
        t.row(vec!["ACT-1".into(), "patch".into()], Style::Alert);
        assert_eq!(t.render("", false), "id     what\nACT-1  patch\n");
        assert!(t.render("", true).contains("\u{1b}[31mACT-1"));
        assert_eq!(
            paint("OVERDUE", Style::BoldAlert, true),
            "\u{1b}[1;31mOVERDUE\u{1b}[0m"
        );
        assert_eq!(paint("OVERDUE", Style::BoldAlert, false), "OVERDUE");
    }
}
