//! The columns of the sheets `isms export` writes and `isms import` reads:
//! one list per sheet, each column with its field (a JSON pointer into the
//! record), the header names it is known by and the type of its values.

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// The record's id (matches rows to records).
    Id,
    /// Text, required.
    Title,
    /// Text, empty allowed.
    Text,
    /// A person id, required.
    Person,
    /// A person id or nothing.
    OptPerson,
    /// A position on a scale of isms.toml, required: a number or a label.
    Score(Axis),
    /// The same, or nothing.
    OptScore(Axis),
    /// One of these values, required.
    Enum(&'static [&'static str]),
    /// One of these values or nothing.
    OptEnum(&'static [&'static str]),
    /// A date, required.
    Date,
    /// A date or nothing.
    OptDate,
    /// A list of text.
    List,
    /// A list of Annex A control ids.
    Controls,
    /// A list of values of an enum.
    EnumList(&'static [&'static str]),
    /// true or false.
    Bool,
    /// Computed on export, ignored on import.
    Derived,
}

/// Which scale of the risk method a score is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// `risk.likelihood`.
    Likelihood,
    /// `risk.impact`.
    Impact,
}

/// One column.
#[derive(Debug)]
pub struct Col {
    /// The header export writes.
    pub name: &'static str,
    /// The field: a JSON pointer into the record ("" when derived).
    pub ptr: &'static str,
    /// Other headers it is known by (compared without case, spaces or punctuation).
    pub synonyms: &'static [&'static str],
    /// Its values.
    pub ty: Ty,
}

const fn col(
    name: &'static str,
    ptr: &'static str,
    synonyms: &'static [&'static str],
    ty: Ty,
) -> Col {
    Col {
        name,
        ptr,
        synonyms,
        ty,
    }
}

/// Risk treatment options.
pub const TREATMENTS: &[&str] = &["mitigate", "accept", "transfer", "avoid"];
/// Risk states.
pub const RISK_STATES: &[&str] = &["open", "closed"];
/// SoA implementation states.
pub const SOA_STATES: &[&str] = &["implemented", "partial", "planned", "not-implemented"];
/// Reasons for including a control.
pub const REASONS: &[&str] = &["risk", "legal", "contract", "business"];

/// The risk register.
pub const RISKS: &[Col] = &[
    col(
        "id",
        "/id",
        &["risk id", "ref", "reference", "risk ref", "risk no", "no"],
        Ty::Id,
    ),
    col(
        "title",
        "/title",
        &[
            "risk",
            "name",
            "risk title",
            "risk name",
            "description",
            "risk description",
        ],
        Ty::Title,
    ),
    col("owner", "/owner", &["risk owner", "owned by"], Ty::Person),
    col(
        "assets",
        "/assets",
        &["asset", "assets at risk", "affected assets"],
        Ty::List,
    ),
    col(
        "threat",
        "/threat",
        &["threats", "threat description"],
        Ty::Text,
    ),
    col(
        "vulnerability",
        "/vulnerability",
        &["vulnerabilities", "weakness"],
        Ty::Text,
    ),
    col(
        "likelihood",
        "/likelihood",
        &[
            "probability",
            "inherent likelihood",
            "inherent probability",
            "l",
        ],
        Ty::Score(Axis::Likelihood),
    ),
    col(
        "impact",
        "/impact",
        &[
            "consequence",
            "severity",
            "inherent impact",
            "inherent consequence",
            "i",
        ],
        Ty::Score(Axis::Impact),
    ),
    col(
        "score",
        "",
        &[
            "inherent score",
            "inherent risk",
            "risk score",
            "inherent risk score",
        ],
        Ty::Derived,
    ),
    col(
        "treatment",
        "/treatment",
        &[
            "treatment option",
            "risk treatment",
            "treatment decision",
            "response",
        ],
        Ty::Enum(TREATMENTS),
    ),
    col(
        "controls",
        "/controls",
        &[
            "annex a controls",
            "annex a",
            "control",
            "controls applied",
            "iso controls",
            "annex a control",
        ],
        Ty::Controls,
    ),
    col(
        "residual_likelihood",
        "/residual_likelihood",
        &["residual probability", "target likelihood"],
        Ty::OptScore(Axis::Likelihood),
    ),
    col(
        "residual_impact",
        "/residual_impact",
        &["residual consequence", "residual severity", "target impact"],
        Ty::OptScore(Axis::Impact),
    ),
    col(
        "residual_score",
        "",
        &["residual risk", "residual risk score"],
        Ty::Derived,
    ),
    col(
        "level",
        "",
        &["residual level", "risk level", "rating", "residual rating"],
        Ty::Derived,
    ),
    col(
        "status",
        "/status",
        &["risk status", "state"],
        Ty::Enum(RISK_STATES),
    ),
    col(
        "identified",
        "/identified",
        &[
            "date identified",
            "identified on",
            "raised",
            "date raised",
            "created",
        ],
        Ty::Date,
    ),
    col(
        "reviewed",
        "/reviewed",
        &[
            "last reviewed",
            "review date",
            "last review",
            "date reviewed",
        ],
        Ty::OptDate,
    ),
    col(
        "acceptance_by",
        "/acceptance/by",
        &["accepted by", "risk accepted by"],
        Ty::OptPerson,
    ),
    col(
        "acceptance_on",
        "/acceptance/on",
        &["accepted on", "acceptance date", "date accepted"],
        Ty::OptDate,
    ),
    col(
        "acceptance_expires",
        "/acceptance/expires",
        &[
            "acceptance expiry",
            "acceptance expires on",
            "accepted until",
            "expires",
        ],
        Ty::OptDate,
    ),
];

/// The Statement of Applicability.
pub const SOA: &[Col] = &[
    col(
        "id",
        "/id",
        &[
            "control",
            "control id",
            "annex a",
            "annex a control",
            "ref",
            "clause",
        ],
        Ty::Id,
    ),
    col(
        "title",
        "",
        &["control title", "name", "control name"],
        Ty::Derived,
    ),
    col("theme", "", &["category", "section"], Ty::Derived),
    col(
        "applicable",
        "/applicable",
        &["applicability", "applies", "included", "in scope"],
        Ty::Bool,
    ),
    col(
        "reasons",
        "/reasons",
        &[
            "reason",
            "reasons for inclusion",
            "reason for inclusion",
            "basis",
        ],
        Ty::EnumList(REASONS),
    ),
    col(
        "status",
        "/status",
        &["implementation status", "implemented", "state"],
        Ty::OptEnum(SOA_STATES),
    ),
    col(
        "justification",
        "/justification",
        &[
            "justification for inclusion or exclusion",
            "rationale",
            "reason for exclusion",
            "justification for exclusion",
        ],
        Ty::Text,
    ),
    col(
        "implementation",
        "/implementation",
        &[
            "how implemented",
            "implementation details",
            "implementation notes",
            "description",
        ],
        Ty::Text,
    ),
    col(
        "owner",
        "/owner",
        &["control owner", "responsible"],
        Ty::OptPerson,
    ),
    col(
        "evidence",
        "/evidence",
        &["evidence links", "references"],
        Ty::List,
    ),
];

/// Headers as compared: lower case letters and digits only.
pub fn normalise(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The column a header names, if any.
pub fn find<'c>(cols: &'c [Col], header: &str) -> Option<&'c Col> {
    let h = normalise(header);
    if h.is_empty() {
        return None;
    }
    cols.iter()
        .find(|c| normalise(c.name) == h || c.synonyms.iter().any(|s| normalise(s) == h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_leniently_and_names_are_unambiguous() {
        assert_eq!(
            find(RISKS, "Probability").map(|c| c.name),
            Some("likelihood")
        );
        assert_eq!(find(RISKS, "Risk Owner").map(|c| c.name), Some("owner"));
        assert_eq!(
            find(RISKS, "Annex-A controls").map(|c| c.name),
            Some("controls")
        );
        assert_eq!(
            find(RISKS, "Treatment option").map(|c| c.name),
            Some("treatment")
        );
        assert_eq!(
            find(RISKS, "Residual  Likelihood").map(|c| c.name),
            Some("residual_likelihood")
        );
        assert!(find(RISKS, "Comments").is_none());
        for cols in [RISKS, SOA] {
            let mut seen = std::collections::HashSet::new();
            for c in cols {
                for n in std::iter::once(c.name).chain(c.synonyms.iter().copied()) {
                    assert!(seen.insert(normalise(n)), "{n} twice");
                }
            }
        }
    }
}
