//! The risk method as documents show it: level bands with their colours,
//! scores with their labels and band, and the likelihood x impact
//! [`RiskMatrix`] that the method and both heat maps show.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::RiskMethod;

/// A risk level band.
#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    /// Index from 0 (lowest).
    pub index: usize,
    /// Name.
    pub name: String,
    /// Lowest score in the band.
    pub min: u32,
    /// Highest score in the band.
    pub max: u32,
    /// Fill colour "#rrggbb".
    pub color: String,
    /// Text colour that contrasts with `color`.
    pub ink: String,
}

/// A scored position: likelihood x impact.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// Likelihood value (1-based).
    pub likelihood: u32,
    /// Its label.
    pub likelihood_label: String,
    /// Impact value (1-based).
    pub impact: u32,
    /// Its label.
    pub impact_label: String,
    /// likelihood x impact.
    pub score: u32,
    /// The band.
    pub level: LevelView,
}

/// One cell of a [`RiskMatrix`].
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    /// Likelihood value.
    pub likelihood: u32,
    /// Impact value.
    pub impact: u32,
    /// Score.
    pub score: u32,
    /// Band.
    pub level: LevelView,
    /// Risks in the cell (open risks only).
    pub risks: Vec<String>,
}

/// The likelihood x impact matrix: rows from the highest likelihood down,
/// cells by impact ascending. The method's is empty; a heat map's cells hold
/// the open risks scored there.
pub type RiskMatrix = Vec<Vec<MatrixCell>>;

/// The risk method.
#[derive(Debug, Clone, Serialize)]
pub struct Method {
    /// Likelihood labels, lowest first.
    pub likelihood: Vec<String>,
    /// Impact labels, lowest first.
    pub impact: Vec<String>,
    /// Appetite.
    pub appetite: u32,
    /// Review interval in days.
    pub review_days: u32,
    /// Bands.
    pub levels: Vec<LevelView>,
    /// The matrix, with no risks in it.
    pub matrix: RiskMatrix,
}

/// Default band colours from green to red, by band count.
const DEFAULT_COLORS: [&str; 5] = ["#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a"];

/// Black or white, whichever reads better on `hex` (WCAG relative luminance).
pub fn ink_for(hex: &str) -> &'static str {
    let c = |i: usize| {
        let v = hex
            .get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0) as f64
            / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5);
    // Contrast with white: 1.05/(l+0.05); with black: (l+0.05)/0.05.
    if 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 {
        "#ffffff"
    } else {
        "#000000"
    }
}

/// The method of isms.toml with its bands resolved, to score with.
pub(super) struct Scale<'t> {
    method: &'t RiskMethod,
    levels: Vec<LevelView>,
}

impl<'t> Scale<'t> {
    pub(super) fn new(method: &'t RiskMethod) -> Self {
        let n = method.level.len().clamp(1, 5);
        let mut lo = 1;
        let levels = method
            .level
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let color = l.color.clone().unwrap_or_else(|| {
                    let pick = if n == 1 {
                        0
                    } else {
                        i * (DEFAULT_COLORS.len() - 1) / (n - 1).max(1)
                    };
                    DEFAULT_COLORS[pick.min(DEFAULT_COLORS.len() - 1)].to_string()
                });
                let v = LevelView {
                    index: i,
                    name: l.name.clone(),
                    min: lo,
                    max: l.max,
                    ink: ink_for(&color).to_string(),
                    color,
                };
                lo = l.max + 1;
                v
            })
            .collect();
        Scale { method, levels }
    }

    /// The method's numbers.
    pub(super) fn method(&self) -> &'t RiskMethod {
        self.method
    }

    /// How many bands there are.
    pub(super) fn level_count(&self) -> usize {
        self.levels.len()
    }

    /// The band of a score (a grey "?" outside every band).
    pub(super) fn level(&self, score: u32) -> LevelView {
        match self.method.level(score) {
            Some((i, _)) => self.levels[i].clone(),
            None => LevelView {
                index: 0,
                name: "?".into(),
                min: 0,
                max: 0,
                color: "#9e9e9e".into(),
                ink: "#000000".into(),
            },
        }
    }

    /// Likelihood `l` by impact `i`, labelled and banded.
    pub(super) fn score(&self, l: u32, i: u32) -> Score {
        Score {
            likelihood: l,
            likelihood_label: label(&self.method.likelihood, l),
            impact: i,
            impact_label: label(&self.method.impact, i),
            score: l * i,
            level: self.level(l * i),
        }
    }

    /// The matrix with the risks of each (likelihood, impact) cell.
    pub(super) fn matrix(&self, cells: &BTreeMap<(u32, u32), Vec<String>>) -> RiskMatrix {
        let impacts = 1..=self.method.impact.len() as u32;
        (1..=self.method.likelihood.len() as u32)
            .rev()
            .map(|l| {
                impacts
                    .clone()
                    .map(|i| MatrixCell {
                        likelihood: l,
                        impact: i,
                        score: l * i,
                        level: self.level(l * i),
                        risks: cells.get(&(l, i)).cloned().unwrap_or_default(),
                    })
                    .collect()
            })
            .collect()
    }

    /// The method as documents show it.
    pub(super) fn view(&self) -> Method {
        let m = self.method;
        Method {
            likelihood: m.likelihood.clone(),
            impact: m.impact.clone(),
            appetite: m.appetite,
            review_days: m.review_days,
            levels: self.levels.clone(),
            matrix: self.matrix(&BTreeMap::new()),
        }
    }
}

/// The label of 1-based value `v` ("" outside the scale).
fn label(labels: &[String], v: u32) -> String {
    (v as usize)
        .checked_sub(1)
        .and_then(|i| labels.get(i))
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ink_contrasts() {
        assert_eq!(ink_for("#ffffff"), "#000000");
        assert_eq!(ink_for("#000000"), "#ffffff");
        assert_eq!(ink_for("#c62828"), "#ffffff");
        assert_eq!(ink_for("#f9a825"), "#000000");
    }
}
