//! Help that needs the tree, not only the schema: a risk's score written
//! as a word of the scale (`likelihood = "Likely"`) is told its number on
//! the scale of isms.toml, or the scale's labels when it is none of them.

use serde_json::Value;

use super::toml_json::SpanMap;
use crate::diag::{Code, Diagnostic};
use crate::model::RiskMethod;

/// The score fields of a risk and the scale each is on.
const SCORES: &[(&str, bool)] = &[
    ("/likelihood", true),
    ("/impact", false),
    ("/residual_likelihood", true),
    ("/residual_impact", false),
];

/// Better help for the type errors of a risk's scores written as words.
pub(super) fn scale_words(
    method: Option<&RiskMethod>,
    value: &Value,
    spans: &SpanMap,
    errors: &mut [Diagnostic],
) {
    let Some(method) = method else { return };
    for &(ptr, likelihood) in SCORES {
        let Some(word) = value.pointer(ptr).and_then(Value::as_str) else {
            continue;
        };
        let (labels, what) = if likelihood {
            (&method.likelihood, "likelihood")
        } else {
            (&method.impact, "impact")
        };
        let field = &ptr[1..];
        let at = labels
            .iter()
            .position(|l| l.trim().eq_ignore_ascii_case(word.trim()));
        let number = word.trim().parse::<usize>().ok();
        let help = match (number, at) {
            (Some(n), _) if (1..=labels.len()).contains(&n) => format!(
                "write `{field} = {n}`, a number without quotes ({n} is {} on the {what} scale)",
                labels[n - 1]
            ),
            (_, Some(i)) => format!(
                "`{word}` is {} on the {what} scale of isms.toml: write `{field} = {}`",
                i + 1,
                i + 1
            ),
            _ => {
                let scale: Vec<String> = labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{} {l}", i + 1))
                    .collect();
                format!(
                    "write `{field}` as the number of its label on the {what} scale of \
                     isms.toml: {}",
                    scale.join(", ")
                )
            }
        };
        let span = spans.value(ptr);
        for d in errors
            .iter_mut()
            .filter(|d| d.code == Code::Type && d.span == span)
        {
            d.help = Some(help.clone());
        }
    }
}
