//! Geometry for the dashboard's inline SVG: the two heat maps and the SoA
//! progress bars. Computed here so templates only print numbers; every
//! shape carries a text label, so nothing is told by colour alone.

use serde::Serialize;

use crate::render::view::{MatrixCell, Method, SoaCounts, ThemeView};

/// Width of a heat map cell.
const CELL_W: u32 = 96;
/// Height of a heat map cell.
const CELL_H: u32 = 56;
/// Room left of the grid for likelihood labels.
const LEFT: u32 = 132;
/// Room under the grid for impact labels.
const BOTTOM: u32 = 58;
/// Room above the grid for the likelihood axis title.
const TOP: u32 = 22;

/// A heat map as SVG shapes.
#[derive(Debug, Clone, Serialize)]
pub struct HeatMap {
    /// "inherent" or "residual": anchors on risks.html start with it.
    pub kind: String,
    /// Caption.
    pub title: String,
    /// SVG width.
    pub width: u32,
    /// SVG height.
    pub height: u32,
    /// Open risks counted.
    pub total: usize,
    /// Cells, row by row from the highest likelihood.
    pub cells: Vec<HeatCell>,
    /// Likelihood labels beside the rows.
    pub rows: Vec<AxisLabel>,
    /// Impact labels under the columns.
    pub columns: Vec<AxisLabel>,
    /// x of the grid's centre, for the impact axis title.
    pub mid_x: u32,
    /// y of the impact axis title.
    pub axis_y: u32,
}

/// One heat map cell.
#[derive(Debug, Clone, Serialize)]
pub struct HeatCell {
    /// Left.
    pub x: u32,
    /// Top.
    pub y: u32,
    /// Width.
    pub w: u32,
    /// Height.
    pub h: u32,
    /// Centre x (text anchor).
    pub cx: u32,
    /// Fill.
    pub fill: String,
    /// Text colour on the fill.
    pub ink: String,
    /// Open risks in the cell.
    pub count: usize,
    /// Level name.
    pub level: String,
    /// Score.
    pub score: u32,
    /// Likelihood value.
    pub likelihood: u32,
    /// Impact value.
    pub impact: u32,
    /// Anchor on risks.html listing the cell's risks, when it has any.
    pub anchor: Option<String>,
    /// Tooltip and accessible name.
    pub label: String,
}

/// A label on an axis.
#[derive(Debug, Clone, Serialize)]
pub struct AxisLabel {
    /// x of the text anchor.
    pub x: u32,
    /// y of the text baseline.
    pub y: u32,
    /// Text.
    pub text: String,
}

/// Lay out a heat map (rows from the highest likelihood down).
pub fn heat_map(kind: &str, title: &str, grid: &[Vec<MatrixCell>], method: &Method) -> HeatMap {
    let n_rows = grid.len() as u32;
    let n_cols = grid.first().map_or(0, Vec::len) as u32;
    let mut cells = Vec::new();
    let mut rows = Vec::new();
    let mut total = 0;
    for (r, row) in grid.iter().enumerate() {
        let y = TOP + r as u32 * CELL_H;
        if let Some(first) = row.first() {
            rows.push(AxisLabel {
                x: LEFT - 8,
                y: y + CELL_H / 2 + 4,
                text: label(&method.likelihood, first.likelihood),
            });
        }
        for (c, cell) in row.iter().enumerate() {
            let x = LEFT + c as u32 * CELL_W;
            let count = cell.risks.len();
            total += count;
            let anchor = (count > 0).then(|| anchor(kind, cell.likelihood, cell.impact));
            cells.push(HeatCell {
                x,
                y,
                w: CELL_W,
                h: CELL_H,
                cx: x + CELL_W / 2,
                fill: cell.level.color.clone(),
                ink: cell.level.ink.clone(),
                count,
                level: cell.level.name.clone(),
                score: cell.score,
                likelihood: cell.likelihood,
                impact: cell.impact,
                anchor,
                label: format!(
                    "{count} open risk{} at likelihood {} ({}) x impact {} ({}): score {}, {}",
                    if count == 1 { "" } else { "s" },
                    cell.likelihood,
                    label(&method.likelihood, cell.likelihood),
                    cell.impact,
                    label(&method.impact, cell.impact),
                    cell.score,
                    cell.level.name
                ),
            });
        }
    }
    let columns = (1..=n_cols)
        .map(|i| AxisLabel {
            x: LEFT + (i - 1) * CELL_W + CELL_W / 2,
            y: TOP + n_rows * CELL_H + 18,
            text: label(&method.impact, i),
        })
        .collect();
    HeatMap {
        kind: kind.to_string(),
        title: title.to_string(),
        width: LEFT + n_cols * CELL_W + 2,
        height: TOP + n_rows * CELL_H + BOTTOM,
        total,
        cells,
        rows,
        columns,
        mid_x: LEFT + n_cols * CELL_W / 2,
        axis_y: TOP + n_rows * CELL_H + 44,
    }
}

/// The anchor on risks.html for one heat map cell.
pub fn anchor(kind: &str, likelihood: u32, impact: u32) -> String {
    format!("{kind}-{likelihood}-{impact}")
}

fn label(labels: &[String], v: u32) -> String {
    labels
        .get((v as usize).saturating_sub(1))
        .cloned()
        .unwrap_or_else(|| v.to_string())
}

/// One theme's SoA progress as a stacked bar (x and width in percent).
#[derive(Debug, Clone, Serialize)]
pub struct SoaBar {
    /// Theme key (`theme-<key>` anchors on soa.html); empty for the total.
    pub key: String,
    /// Theme title.
    pub title: String,
    /// "A.5".
    pub clause: String,
    /// Counts.
    pub counts: SoaCounts,
    /// Segments, implemented first.
    pub segments: Vec<Segment>,
}

/// One segment of a bar.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    /// CSS class and legend key: implemented | partial | planned | not-implemented | excluded.
    pub class: String,
    /// Left, percent of the bar.
    pub x: String,
    /// Width, percent of the bar.
    pub w: String,
    /// Controls in the segment.
    pub count: usize,
}

/// Progress bars for every theme, and one for the whole SoA.
pub fn soa_bars(themes: &[ThemeView], totals: &SoaCounts) -> Vec<SoaBar> {
    let mut bars: Vec<SoaBar> = themes
        .iter()
        .map(|t| bar(&theme_key(t), &t.title, &t.clause, &t.counts))
        .collect();
    bars.push(bar("", "All controls", "A.5-A.8", totals));
    bars
}

/// A theme's key as the templates see it (its serialised form).
fn theme_key(t: &ThemeView) -> String {
    serde_json::to_value(t.key)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn bar(key: &str, title: &str, clause: &str, c: &SoaCounts) -> SoaBar {
    let parts = [
        ("implemented", c.implemented),
        ("partial", c.partial),
        ("planned", c.planned),
        ("not-implemented", c.not_implemented),
        ("excluded", c.excluded),
    ];
    let total = c.total.max(1) as f64;
    let mut x = 0.0;
    let mut segments = Vec::new();
    for (class, count) in parts {
        if count == 0 {
            continue;
        }
        let w = count as f64 * 100.0 / total;
        segments.push(Segment {
            class: class.to_string(),
            x: format!("{x:.2}"),
            w: format!("{w:.2}"),
            count,
        });
        x += w;
    }
    SoaBar {
        key: key.to_string(),
        title: title.to_string(),
        clause: clause.to_string(),
        counts: c.clone(),
        segments,
    }
}
