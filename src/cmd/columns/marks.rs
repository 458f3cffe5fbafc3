//! Mark columns: a reason for including a control as a column of its own,
//! each cell a mark (`X`, `✓`, `✔`, `yes`) that the row's control is
//! included for that reason. Real SoAs write them under a group heading
//! ("Reasons" over "Legal", "Contractual", "Business", "Risk assessment")
//! or, as the 2013 template does, alone (`LR`, `CO`, `BR/BP`, `RRA`).

use super::{Col, find, normalise};

/// How sheets name each reason of `soa.toml` as a column.
const REASONS: &[(&str, &[&str])] = &[
    (
        "risk",
        &[
            "risk",
            "risks",
            "risk assessment",
            "risk treatment",
            "results of risk assessment",
            "risk assessment results",
            "rra",
        ],
    ),
    (
        "legal",
        &[
            "legal",
            "legal requirement",
            "legal requirements",
            "legal and regulatory",
            "legal regulatory",
            "regulatory",
            "statutory",
            "lr",
        ],
    ),
    (
        "contract",
        &[
            "contract",
            "contractual",
            "contractual obligation",
            "contractual obligations",
            "contractual requirements",
            "co",
        ],
    ),
    (
        "business",
        &[
            "business",
            "business requirement",
            "business requirements",
            "business need",
            "best practice",
            "business requirements best practice",
            "br",
            "bp",
            "br bp",
        ],
    ),
];

/// Words that name a reason only under a group heading: alone, `Risk` or
/// `Business` could be any column.
const ONLY_GROUPED: &[&str] = &["risk", "risks", "business", "contract", "legal"];

/// The list column (`reasons`) and the value a mark column stands for, when
/// the header is one: `sub` under the group heading `top` (a merged cell
/// naming the reasons column), or `top` alone.
pub fn mark<'c>(cols: &'c [Col], top: &str, sub: &str) -> Option<(&'c Col, &'static str)> {
    let list = cols.iter().find(|c| c.ptr == "/reasons")?;
    let reason = |h: &str, grouped: bool| {
        let h = normalise(h);
        REASONS.iter().find_map(|(value, words)| {
            words
                .iter()
                .find(|w| normalise(w) == h && (grouped || !ONLY_GROUPED.contains(w)))
                .map(|_| *value)
        })
    };
    if !sub.trim().is_empty() {
        let grouped = find(cols, top).is_some_and(|c| std::ptr::eq(c, list));
        return grouped
            .then(|| reason(sub, true))
            .flatten()
            .map(|v| (list, v));
    }
    reason(top, false).map(|v| (list, v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::columns::SOA;

    #[test]
    fn reasons_as_columns_are_marks() {
        let value = |top: &str, sub: &str| mark(SOA, top, sub).map(|(_, v)| v);
        assert_eq!(value("Reasons", "Legal"), Some("legal"));
        assert_eq!(value("Reasons", "Contractual"), Some("contract"));
        assert_eq!(
            value("Reason for inclusion", "Risk assessment"),
            Some("risk")
        );
        assert_eq!(value("Reasons", "Business"), Some("business"));
        assert_eq!(value("BR/BP", ""), Some("business"));
        assert_eq!(value("RRA", ""), Some("risk"));
        assert_eq!(value("Legal requirements", ""), Some("legal"));
        // Alone, a plain word is no mark column; under another heading neither.
        assert_eq!(value("Business", ""), None);
        assert_eq!(value("Status", "Legal"), None);
    }
}
