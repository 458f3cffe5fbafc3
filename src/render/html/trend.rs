//! Geometry for the line charts of metrics and objectives: a series of
//! period values, and the objective's target as a dashed line. Computed
//! here so templates only print numbers; each chart is an image with a
//! title and a description naming every value, and the page prints the
//! same values in a table beside it.

use serde::Serialize;

use crate::metrics::format_value;
use crate::render::view::PointView;

/// Room left of the plot for the value labels.
const LEFT: f64 = 44.0;
/// Room under the plot for the period labels.
const BOTTOM: f64 = 22.0;
/// Room above the plot.
const PAD: f64 = 10.0;
/// Room right of the plot, for the last period's label.
const RIGHT: f64 = 26.0;

/// A line chart as SVG shapes.
#[derive(Debug, Clone, Serialize)]
pub struct LineChart {
    /// SVG width.
    pub width: f64,
    /// SVG height.
    pub height: f64,
    /// The image's title: the metric's name.
    pub title: String,
    /// The image's description: every value, and the target.
    pub desc: String,
    /// The polyline through the values (`x,y x,y`); a gap where there is
    /// no value starts a new line.
    pub lines: Vec<String>,
    /// A dot per value.
    pub dots: Vec<Dot>,
    /// The target line's y, when there is a target.
    pub target_y: Option<f64>,
    /// The target as printed.
    pub target: Option<String>,
    /// The labels of the value axis (its bottom and top).
    pub ticks: Vec<Tick>,
    /// The labels under the periods (some skipped when many).
    pub periods: Vec<Tick>,
    /// x where the plot starts and ends.
    pub x0: f64,
    /// Right edge of the plot.
    pub x1: f64,
    /// y of the plot's bottom.
    pub y0: f64,
}

/// One value on the chart.
#[derive(Debug, Clone, Serialize)]
pub struct Dot {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// "2026-Q3: 96.8%".
    pub label: String,
}

/// A label at a place on an axis.
#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    /// x (period labels) or y (value labels).
    pub at: f64,
    /// Text.
    pub text: String,
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The chart of `points` (and `target`), `width` by `height`.
pub fn line_chart(
    title: &str,
    unit: &str,
    points: &[PointView],
    target: Option<(f64, String)>,
    (width, height): (f64, f64),
) -> LineChart {
    let values = points.iter().filter_map(|p| p.value);
    let target_value = target.as_ref().map(|t| t.0);
    let mut lo = values.clone().chain(target_value).fold(0.0_f64, f64::min);
    let mut hi = values.chain(target_value).fold(f64::MIN, f64::max);
    if unit == "%" {
        (lo, hi) = (lo.min(0.0), hi.max(100.0));
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    let (x0, x1) = (LEFT, width - RIGHT);
    let (y0, y1) = (height - BOTTOM, PAD);
    let step = if points.len() > 1 {
        (x1 - x0) / (points.len() - 1) as f64
    } else {
        0.0
    };
    let x_of = |i: usize| {
        round(if points.len() > 1 {
            x0 + step * i as f64
        } else {
            (x0 + x1) / 2.0
        })
    };
    let y_of = |v: f64| round(y0 - (v - lo) / (hi - lo) * (y0 - y1));
    let mut lines = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut dots = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match p.value {
            Some(v) => {
                current.push(format!("{},{}", x_of(i), y_of(v)));
                dots.push(Dot {
                    x: x_of(i),
                    y: y_of(v),
                    label: format!("{}: {}", p.label, p.shown),
                });
            }
            None if !current.is_empty() => lines.push(std::mem::take(&mut current).join(" ")),
            None => {}
        }
    }
    if !current.is_empty() {
        lines.push(current.join(" "));
    }
    // A period label for about every 90 px, always the first and the last.
    let room = ((width / 90.0) as usize).max(2);
    let every = points.len().div_ceil(room).max(1);
    let periods = points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || *i + 1 == points.len())
        .map(|(i, p)| Tick {
            at: x_of(i),
            text: p.label.clone(),
        })
        .collect();
    let values: Vec<String> = points
        .iter()
        .map(|p| format!("{} {}", p.label, p.shown))
        .collect();
    let mut desc = format!("{}: {}", title, values.join(", "));
    if let Some((_, t)) = &target {
        desc.push_str(&format!("; target {t}"));
    }
    LineChart {
        width,
        height,
        title: title.to_string(),
        desc,
        lines,
        dots,
        target_y: target_value.map(y_of),
        target: target.map(|t| t.1),
        ticks: vec![
            Tick {
                at: y0,
                text: format_value(lo, unit),
            },
            Tick {
                at: y1,
                text: format_value(hi, unit),
            },
        ],
        periods,
        x0,
        x1,
        y0,
    }
}
