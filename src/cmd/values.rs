//! The words sheets use for values, mapped to the model's: an enum column's
//! common words (`Reduce` is the treatment `mitigate`, `Partially` the
//! status `partial`) and the applicability flag's (`Included`, `N/A`).
//! Each mapping is listed in the README ("Spreadsheets in and out"); a
//! word that could mean more than one value is refused with the values it
//! could mean, and `--map COLUMN:VALUE=VALUE` says which.

use super::columns;

/// Words for enum values: the word (compared as [`columns::normalise`]
/// compares headers) and the value it means. A word means the value of
/// whichever enum of the column allows it, so one word may serve two
/// enums (`In progress`: a control `partial`, a risk `open`).
const WORDS: &[(&str, &str)] = &[
    // Implementation status of an SoA entry.
    ("yes", "implemented"),
    ("fully implemented", "implemented"),
    ("in place", "implemented"),
    ("done", "implemented"),
    ("complete", "implemented"),
    ("completed", "implemented"),
    ("partially", "partial"),
    ("partly", "partial"),
    ("partially implemented", "partial"),
    ("in progress", "partial"),
    ("not started", "planned"),
    ("to do", "planned"),
    ("not in place", "not-implemented"),
    // A risk's status: a risk stays in the register (open) until closed.
    ("in progress", "open"),
    ("not started", "open"),
    ("accepted", "open"),
    ("active", "open"),
    ("identified", "open"),
    // Treatment: ISO 27005 and common words.
    ("reduce", "mitigate"),
    ("modify", "mitigate"),
    ("treat", "mitigate"),
    ("mitigation", "mitigate"),
    ("retain", "accept"),
    ("tolerate", "accept"),
    ("acceptance", "accept"),
    ("share", "transfer"),
    ("terminate", "avoid"),
    ("avoidance", "avoid"),
];

/// Words that could mean more than one value of an enum.
const AMBIGUOUS: &[(&str, &[&str])] = &[
    ("no", &["planned", "not-implemented"]),
    ("pending", &["planned", "partial"]),
    ("treated", &["open", "closed"]),
    ("mitigated", &["open", "closed"]),
];

/// What a written value means for an enum that allows `allowed`.
pub(super) enum Meaning {
    /// This value (the model's own spelling, or a word for it).
    Value(&'static str),
    /// Several values: which one is the sheet's to say (`--map`).
    Ambiguous(Vec<&'static str>),
    /// Nothing known.
    Unknown,
}

/// The value of `allowed` that the word `text` means, by [`WORDS`].
pub(super) fn word(allowed: &'static [&'static str], text: &str) -> Meaning {
    let w = columns::normalise(text);
    if let Some((_, could)) = AMBIGUOUS.iter().find(|(a, _)| columns::normalise(a) == w) {
        let could: Vec<&'static str> = allowed
            .iter()
            .copied()
            .filter(|v| could.contains(v))
            .collect();
        if could.len() > 1 {
            return Meaning::Ambiguous(could);
        }
    }
    WORDS
        .iter()
        .filter(|(a, _)| columns::normalise(a) == w)
        .find_map(|(_, v)| allowed.iter().copied().find(|x| x == v))
        .map_or(Meaning::Unknown, Meaning::Value)
}

/// Whether a control applies, as sheets write it: `Yes`, `Applicable`,
/// `Included`, `Applicable (Inherited)`, a mark (`X`, `✓`); `No`, `Not
/// applicable`, `N/A`, `Excluded`. A note in brackets is ignored.
pub(super) fn applicability(text: &str) -> Option<bool> {
    let text = match text.split_once('(') {
        Some((head, _)) if !head.trim().is_empty() => head,
        _ => text,
    };
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "x" | "✓" | "✔" | "☑" => return Some(true),
        "-" | "–" | "✗" | "✘" => return Some(false),
        _ => {}
    }
    match columns::normalise(&t).as_str() {
        "true" | "yes" | "y" | "1" | "applicable" | "included" | "include" | "inscope" => {
            Some(true)
        }
        "false" | "no" | "n" | "0" | "notapplicable" | "na" | "excluded" | "exclude"
        | "notincluded" | "outofscope" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ImplementationStatus, RiskStatus, Treatment};
    use strum::VariantNames;

    fn value(allowed: &'static [&'static str], text: &str) -> Option<&'static str> {
        match word(allowed, text) {
            Meaning::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Every word means a value some enum of the model allows.
    #[test]
    fn words_mean_values_of_the_model() {
        let all: Vec<&str> = [
            ImplementationStatus::VARIANTS,
            RiskStatus::VARIANTS,
            Treatment::VARIANTS,
        ]
        .concat();
        for (w, v) in WORDS {
            assert!(all.contains(v), "{w} -> {v}");
        }
        for (w, vs) in AMBIGUOUS {
            assert!(vs.iter().all(|v| all.contains(v)), "{w}");
        }
        assert_eq!(value(Treatment::VARIANTS, "Tolerate"), Some("accept"));
        assert_eq!(value(Treatment::VARIANTS, "Share"), Some("transfer"));
        assert_eq!(value(RiskStatus::VARIANTS, "In progress"), Some("open"));
        assert_eq!(
            value(ImplementationStatus::VARIANTS, "In progress"),
            Some("partial")
        );
        assert!(matches!(
            word(ImplementationStatus::VARIANTS, "No"),
            Meaning::Ambiguous(_)
        ));
        assert_eq!(applicability("Applicable (Inherited)"), Some(true));
        assert_eq!(applicability("N/A"), Some(false));
        assert_eq!(applicability("Not applicable"), Some(false));
        assert_eq!(applicability("maybe"), None);
    }
}
