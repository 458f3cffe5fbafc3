//! Whether a risk sheet scores on the tree's risk method. A header that
//! states another scale (`Likelihood (1-3)` into a 1 to 5 method), a score
//! that is not likelihood times impact, or a level the method does not give
//! that score, means the sheet's numbers would land on the wrong rung: a
//! row the sheet calls Critical would score Medium. Import refuses, before
//! writing, and says the fix: `--rescale N` maps the sheet's 1 to N onto
//! the tree's scales (said so), or isms.toml's `[risk]` takes the sheet's
//! method.

use serde_json::Value;

use super::Importer;
use super::plan::Values;
use crate::cmd::cells::{Header, Problem};
use crate::cmd::columns::{self, Axis, Derived, Ty};
use crate::model::RiskMethod;
use crate::sheet::Sheet;

impl Importer<'_> {
    /// Problems where the sheet's own scale, scores or levels contradict
    /// the tree's method (none with `--rescale`: the sheet's scale is said).
    pub(super) fn scales(
        &self,
        grid: &Sheet,
        header: &Header<'static>,
        rows: &[(usize, String, Values)],
        problems: &mut Vec<Problem>,
    ) {
        let Some(method) = self.method else { return };
        let fix = fix(method);
        for &(c, col) in &header.cols {
            let (Ty::Score(axis) | Ty::OptScore(axis)) = col.ty else {
                continue;
            };
            let label = header.labels.get(&c).map_or("", String::as_str);
            let Some(top) = stated_top(label) else {
                continue;
            };
            let (labels, what) = scale(method, axis);
            let expected = self.rescale.unwrap_or(labels.len() as u32);
            if top != expected {
                problems.push(Problem {
                    row: Some(header.data_from.saturating_sub(1)),
                    col: Some((c, col.name.to_string())),
                    message: format!(
                        "the header scores {what} 1 to {top}, and the tree's {what} scale is \
                         1 to {} ({}): {fix}",
                        labels.len(),
                        labels.join(", ")
                    ),
                });
            }
        }
        if self.rescale.is_some() {
            return;
        }
        let derived = |which: Derived| {
            header
                .cols
                .iter()
                .find(|(_, col)| col.ty == Ty::Derived(which))
                .map(|&(c, col)| (c, col.name))
        };
        let number = |values: &Values, name: &str| {
            values
                .iter()
                .find(|(col, _)| col.name == name)
                .and_then(|(_, v)| v.as_ref().and_then(Value::as_u64))
                .map(|v| v as u32)
        };
        for (r, _, values) in rows {
            let (Some(l), Some(i)) = (number(values, "likelihood"), number(values, "impact"))
            else {
                continue;
            };
            let inherent = l * i;
            let residual = number(values, "residual_likelihood").unwrap_or(l)
                * number(values, "residual_impact").unwrap_or(i);
            let cell = |c: usize| grid.rows[*r][c].text().trim().to_string();
            let at = |c: usize, name: &str, message: String| Problem {
                row: Some(*r),
                col: Some((c, name.to_string())),
                message,
            };
            if let Some((c, name)) = derived(Derived::Score) {
                let text = cell(c);
                if !text.is_empty() && text.parse::<f64>().ok() != Some(f64::from(inherent)) {
                    problems.push(at(
                        c,
                        name,
                        format!(
                            "the sheet's score `{text}` is not likelihood {l} x impact {i} = \
                             {inherent}, the tree's score: the sheet uses another method; {fix}"
                        ),
                    ));
                }
            }
            if let Some((c, name)) = derived(Derived::Level) {
                let text = cell(c);
                let level_of = |score: u32| method.level(score).map(|(_, lv)| lv.name.as_str());
                let agrees = [level_of(inherent), level_of(residual)]
                    .into_iter()
                    .flatten()
                    .any(|lv| columns::normalise(lv) == columns::normalise(&text));
                if !text.is_empty() && !agrees {
                    let tree = level_of(inherent).unwrap_or("no level");
                    problems.push(at(
                        c,
                        name,
                        format!(
                            "the sheet's level `{text}` is not the tree's: likelihood {l} x \
                             impact {i} = {inherent} is {tree} on the tree's method; {fix}"
                        ),
                    ));
                }
            }
        }
    }

    /// A number on the sheet's `--rescale` scale, on the tree's (said so).
    pub(super) fn rescaled(&self, v: i64, labels: &[String]) -> Option<u32> {
        let from = i64::from(self.rescale?);
        if v < 1 || v > from || from < 2 {
            return None;
        }
        let to = labels.len() as i64;
        let on = 1 + ((v - 1) * (to - 1) + (from - 1) / 2) / (from - 1);
        self.said.borrow_mut().push(format!(
            "`{v}` (1 to {from}) read as {on} ({})",
            labels.get(on as usize - 1).map_or("", String::as_str)
        ));
        Some(on as u32)
    }
}

/// The labels of an axis of the method, and its name.
fn scale(method: &RiskMethod, axis: Axis) -> (&[String], &'static str) {
    match axis {
        Axis::Likelihood => (&method.likelihood, "likelihood"),
        Axis::Impact => (&method.impact, "impact"),
    }
}

/// What to do when the sheet's scale is not the tree's.
fn fix(method: &RiskMethod) -> String {
    format!(
        "rescale the sheet to the tree's scales ({} x {}), pass --rescale N to map the \
         sheet's 1 to N onto them, or set [risk] in isms.toml to the sheet's method \
         (its labels and levels) before importing",
        method.likelihood.len(),
        method.impact.len()
    )
}

/// The top of the scale a header states: `Likelihood (1-3)`, `Impact 1 to
/// 5`, `Probability [1–4]`.
fn stated_top(label: &str) -> Option<u32> {
    let text = label.replace(['–', '—'], "-").replace(" to ", "-");
    let bytes: Vec<char> = text.chars().collect();
    for (k, ch) in bytes.iter().enumerate() {
        let before_ok = k == 0 || !bytes[k - 1].is_ascii_digit();
        if *ch != '1' || !before_ok {
            continue;
        }
        let rest: String = bytes[k + 1..].iter().collect();
        let Some(after) = rest.trim_start().strip_prefix('-') else {
            continue;
        };
        let digits: String = after
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(top) = digits.parse::<u32>()
            && top >= 2
        {
            return Some(top);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::stated_top;

    #[test]
    fn a_header_states_its_scale() {
        assert_eq!(stated_top("Likelihood (1-3)"), Some(3));
        assert_eq!(stated_top("Impact 1 to 5"), Some(5));
        assert_eq!(stated_top("Probability [1 – 4]"), Some(4));
        assert_eq!(stated_top("Likelihood"), None);
        assert_eq!(stated_top("L (11-3)"), None);
    }
}
