//! The columns of the sheets `isms export` writes and `isms import` reads:
//! one list per sheet, each column with its field (a JSON pointer into the
//! record), the header names it is known by and the type of its values.
//! The values of enum columns are the model's own (`VariantNames`), so a
//! value added to the model is one a sheet may hold.

use strum::VariantNames;

use serde_json::Value;

use crate::model::{ImplementationStatus, Reason, RiskStatus, Treatment};

mod marks;
mod registers;

pub use marks::mark;

use crate::schema::Kind;
pub use crate::sheet::normalise;
use crate::sheet::without_notes;
pub use registers::{ASSETS, OBLIGATIONS, REGISTERS, Register, SUPPLIERS};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// The record's id (matches rows to records).
    Id,
    /// Text, required.
    Title,
    /// Text, empty allowed.
    Text,
    /// Text or nothing (an empty cell: no field).
    OptText,
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
    /// A rating on the asset CIA scale (1 to `[assets] cia_levels`), or
    /// nothing.
    OptRating,
    /// A cadence (`yearly`, `6m`, `2y`, `30d`), required.
    Cadence,
    /// A cadence or nothing.
    OptCadence,
    /// A list of text.
    List,
    /// A list of dates.
    DateList,
    /// A list of Annex A control ids.
    Controls,
    /// A list of values of an enum.
    EnumList(&'static [&'static str]),
    /// true or false.
    Bool,
    /// true or false, an empty cell false.
    Flag,
    /// Computed on export (this fact), ignored on import.
    Derived(Derived),
}

/// What a derived column shows. Export computes each in one exhaustive
/// match per sheet, so a new one is a compile error there until it is
/// computed, never a cell that falls through to something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    /// A risk's inherent score (likelihood times impact).
    Score,
    /// A risk's residual score.
    ResidualScore,
    /// The name of the level of isms.toml a risk's residual score is in.
    Level,
    /// An Annex A control's title, from the catalogue.
    ControlTitle,
    /// An Annex A control's theme, from the catalogue.
    ControlTheme,
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

/// The headers a last review's date is known by.
const REVIEWED_NAMES: &[&str] = &[
    "last reviewed",
    "last review",
    "date reviewed",
    "last review date",
];

/// When the record was last reviewed (a risk's, an asset's), if it was.
const REVIEWED: Col = col("reviewed", "/reviewed", REVIEWED_NAMES, Ty::OptDate);

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
        Ty::Derived(Derived::Score),
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
        Ty::Enum(Treatment::VARIANTS),
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
            "related controls",
            "mapped annex a control",
            "mapped controls",
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
        Ty::Derived(Derived::ResidualScore),
    ),
    col(
        "level",
        "",
        &[
            "residual level",
            "risk level",
            "rating",
            "residual rating",
            "risk rating",
            "risk band",
            "band",
        ],
        Ty::Derived(Derived::Level),
    ),
    col(
        "status",
        "/status",
        &["risk status", "state"],
        Ty::Enum(RiskStatus::VARIANTS),
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
    REVIEWED,
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
        Ty::Derived(Derived::ControlTitle),
    ),
    col(
        "theme",
        "",
        &["category", "section"],
        Ty::Derived(Derived::ControlTheme),
    ),
    col(
        "applicable",
        "/applicable",
        &[
            "applicability",
            "applies",
            "included",
            "in scope",
            "applicability decision",
        ],
        Ty::Bool,
    ),
    col(
        "reasons",
        "/reasons",
        &[
            "reason",
            "reasons for inclusion",
            "reason for inclusion",
            "reasons for selection",
            "reason for selection",
            "basis",
        ],
        Ty::EnumList(Reason::VARIANTS),
    ),
    col(
        "status",
        "/status",
        &["implementation status", "implemented", "state"],
        Ty::OptEnum(ImplementationStatus::VARIANTS),
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

/// Where the rows of the risk register are in the schemas: whole risks.
pub const RISK_ROWS: (Kind, &str) = (Kind::Risk, "");
/// Where the rows of the SoA are: the `[[control]]` entries of soa.toml.
pub const SOA_ROWS: (Kind, &str) = (Kind::Soa, "/properties/control/items");
/// Where the rows of the asset inventory are: whole assets.
pub const ASSET_ROWS: (Kind, &str) = (Kind::Asset, "");
/// Where the rows of the supplier register are: whole suppliers.
pub const SUPPLIER_ROWS: (Kind, &str) = (Kind::Supplier, "");
/// Where the rows of the obligations register are: whole obligations.
pub const OBLIGATION_ROWS: (Kind, &str) = (Kind::Obligation, "");

/// The JSON Schema of a sheet's rows (`RISK_ROWS`, `SOA_ROWS`), its `$ref`
/// followed.
pub fn row_schema((kind, at): (Kind, &str)) -> &'static Value {
    let root = kind.schema();
    resolved(root, root.pointer(at).unwrap_or(&Value::Null))
}

/// The fields a new row must give: its schema's `required`.
pub fn required(row: &Value) -> Vec<&str> {
    row.get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// The keys a new entry of the array of tables `key` of a `kind` record
/// must give (a certification's `name` and `valid_until`).
pub fn entry_required(kind: Kind, key: &str) -> Vec<&'static str> {
    let root = kind.schema();
    let items = root
        .pointer(&format!("/properties/{key}/items"))
        .unwrap_or(&Value::Null);
    required(resolved(root, items))
}

/// The key of the array of tables and the entry's key a column sets, if it
/// is one of these columns (`/certification/-/name`).
pub fn appended(col: &Col) -> Option<(&'static str, &'static str)> {
    let (key, rest) = col.ptr.get(1..)?.split_once('/')?;
    Some((key, rest.strip_prefix("-/")?))
}

/// A schema node with its `$ref` (to the same document) followed.
fn resolved<'s>(root: &'s Value, mut node: &'s Value) -> &'s Value {
    // A reference to a reference is followed too, a few levels deep.
    for _ in 0..8 {
        match node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| root.pointer(p))
        {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}

/// Headers a risk register often has that no field takes, and why.
const RISKS_NOT_READ: &[(&str, &str)] = &[
    (
        "review date",
        "a review date may be the next review, and `reviewed` is the last one",
    ),
    ("next review", "`reviewed` is the last review, not the next"),
    (
        "next review date",
        "`reviewed` is the last review, not the next",
    ),
    (
        "treatment action",
        "a risk's actions are its [[action]] tables (summary, owner, due)",
    ),
    (
        "treatment plan",
        "a risk's actions are its [[action]] tables (summary, owner, due)",
    ),
    (
        "target date",
        "an action's date is the `due` of its [[action]] table",
    ),
];

/// Why a known header of the sheet of `cols` is not read, if it is one.
pub fn not_read(cols: &[Col], header: &str) -> Option<&'static str> {
    // The risk register's (a const's address is not its identity).
    if !cols.iter().any(|c| c.ptr == "/likelihood") {
        return None;
    }
    let h = normalise(&without_notes(header));
    RISKS_NOT_READ
        .iter()
        .find(|(name, _)| normalise(name) == h)
        .map(|(_, why)| *why)
}

/// The column a header names, if any.
pub fn find<'c>(cols: &'c [Col], header: &str) -> Option<&'c Col> {
    let named = |h: &str| {
        cols.iter()
            .find(|c| normalise(c.name) == h || c.synonyms.iter().any(|s| normalise(s) == h))
    };
    let h = normalise(header);
    if h.is_empty() {
        return None;
    }
    named(&h).or_else(|| {
        let bare = normalise(&without_notes(header));
        (!bare.is_empty() && bare != h)
            .then(|| named(&bare))
            .flatten()
    })
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
        assert_eq!(
            required(row_schema(RISK_ROWS)),
            [
                "id",
                "title",
                "owner",
                "likelihood",
                "impact",
                "treatment",
                "status",
                "identified"
            ]
        );
        assert_eq!(required(row_schema(SOA_ROWS)), ["id", "applicable"]);
        for cols in [RISKS, SOA, ASSETS, SUPPLIERS, OBLIGATIONS] {
            let mut seen = std::collections::HashSet::new();
            for c in cols {
                for n in std::iter::once(c.name).chain(c.synonyms.iter().copied()) {
                    assert!(seen.insert(normalise(n)), "{n} twice");
                }
            }
        }
    }

    /// Every enum column takes the values the schema (and so the model)
    /// allows, and every column names a field of the rows' schema.
    #[test]
    fn columns_are_the_schemas_fields_and_enum_values() {
        for (cols, rows) in [
            (RISKS, RISK_ROWS),
            (SOA, SOA_ROWS),
            (ASSETS, ASSET_ROWS),
            (SUPPLIERS, SUPPLIER_ROWS),
            (OBLIGATIONS, OBLIGATION_ROWS),
        ] {
            let root = rows.0.schema();
            let row = row_schema(rows);
            for c in cols {
                if matches!(c.ty, Ty::Derived(_)) {
                    assert_eq!(c.ptr, "", "{}", c.name);
                    continue;
                }
                let path: Vec<&str> = c.ptr.split('/').skip(1).collect();
                let mut field = row;
                for key in path {
                    // An entry appended to an array of tables.
                    if key == "-" {
                        field = resolved(root, &field["items"]);
                        continue;
                    }
                    let props = field.get("properties");
                    field = resolved(
                        root,
                        props
                            .and_then(|p| p.get(key))
                            .unwrap_or_else(|| panic!("{}: no field {key} in the schema", c.name)),
                    );
                }
                let values = match c.ty {
                    Ty::Enum(v) | Ty::OptEnum(v) => v,
                    Ty::EnumList(v) => {
                        field = resolved(root, &field["items"]);
                        v
                    }
                    _ => continue,
                };
                let allowed: Vec<&str> = field["enum"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{}: not an enum in the schema", c.name))
                    .iter()
                    .filter_map(Value::as_str)
                    .collect();
                assert_eq!(values, allowed, "{}", c.name);
            }
        }
    }
}
