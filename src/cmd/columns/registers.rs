//! The columns of the registers' sheets: the asset inventory, the
//! supplier register and the obligations register, which `isms export`
//! writes and `isms import assets|suppliers|obligations` reads.

use strum::VariantNames;

use super::{ASSET_ROWS, Col, OBLIGATION_ROWS, REVIEWED, REVIEWED_NAMES, SUPPLIER_ROWS, Ty, col};
use crate::model::{
    AssetStatus, AssetType, Classification, Criticality, ObligationKind, ObligationStatus,
    ReviewOutcome, SupplierStatus,
};
use crate::schema::Kind;

/// A register's sheet: a row per record of its kind.
pub struct Register {
    /// The record kind.
    pub kind: Kind,
    /// Its columns, in the order export writes them.
    pub cols: &'static [Col],
    /// Where its rows are in the schemas.
    pub rows: (Kind, &'static str),
    /// Required fields a new row may leave to the kind's template.
    pub defaulted: &'static [&'static str],
    /// Its tables a row sets key by key (`contract`).
    pub keyed: &'static [&'static str],
}

/// The registers with sheets of their own.
pub const REGISTERS: &[Register] = &[
    Register {
        kind: Kind::Asset,
        cols: ASSETS,
        rows: ASSET_ROWS,
        defaulted: &["type", "status"],
        keyed: &[],
    },
    Register {
        kind: Kind::Supplier,
        cols: SUPPLIERS,
        rows: SUPPLIER_ROWS,
        defaulted: &["criticality", "status"],
        // A contract's keys are all optional: a row sets those it gives.
        keyed: &["contract"],
    },
    Register {
        kind: Kind::Obligation,
        cols: OBLIGATIONS,
        rows: OBLIGATION_ROWS,
        defaulted: &["review_every", "status"],
        keyed: &[],
    },
];

/// The asset inventory.
pub const ASSETS: &[Col] = &[
    col(
        "id",
        "/id",
        &[
            "asset id",
            "ref",
            "reference",
            "asset ref",
            "asset no",
            "asset number",
            "no",
        ],
        Ty::Id,
    ),
    col(
        "title",
        "/title",
        &["asset", "name", "asset name", "asset title"],
        Ty::Title,
    ),
    col("owner", "/owner", &["asset owner", "owned by"], Ty::Person),
    col(
        "type",
        "/type",
        &["asset type", "category", "asset category", "kind"],
        Ty::Enum(AssetType::VARIANTS),
    ),
    col(
        "classification",
        "/classification",
        &[
            "information classification",
            "data classification",
            "classification level",
            "sensitivity",
        ],
        Ty::OptEnum(Classification::VARIANTS),
    ),
    col(
        "location",
        "/location",
        &["asset location", "where", "hosted at", "hosting location"],
        Ty::OptText,
    ),
    col(
        "status",
        "/status",
        &["asset status", "state", "lifecycle"],
        Ty::Enum(AssetStatus::VARIANTS),
    ),
    col(
        "confidentiality",
        "/cia/confidentiality",
        &["c", "confidentiality rating", "confidentiality impact"],
        Ty::OptRating,
    ),
    col(
        "integrity",
        "/cia/integrity",
        &["i", "integrity rating", "integrity impact"],
        Ty::OptRating,
    ),
    col(
        "availability",
        "/cia/availability",
        &["a", "availability rating", "availability impact"],
        Ty::OptRating,
    ),
    REVIEWED,
    col(
        "depends_on",
        "/depends_on",
        &["dependencies", "runs on", "dependent on"],
        Ty::List,
    ),
    col(
        "suppliers",
        "/suppliers",
        &[
            "supplier",
            "vendor",
            "vendors",
            "provider",
            "providers",
            "provided by",
        ],
        Ty::List,
    ),
];

/// The supplier register.
pub const SUPPLIERS: &[Col] = &[
    col(
        "id",
        "/id",
        &[
            "supplier id",
            "vendor id",
            "ref",
            "reference",
            "supplier no",
            "no",
        ],
        Ty::Id,
    ),
    col(
        "title",
        "/title",
        &["supplier", "vendor", "name", "supplier name", "vendor name"],
        Ty::Title,
    ),
    col(
        "owner",
        "/owner",
        &[
            "supplier owner",
            "vendor owner",
            "relationship owner",
            "owned by",
        ],
        Ty::Person,
    ),
    col(
        "services",
        "/services",
        &[
            "service",
            "services provided",
            "service provided",
            "description",
        ],
        Ty::OptText,
    ),
    col(
        "criticality",
        "/criticality",
        &["tier", "supplier tier", "risk rating", "importance"],
        Ty::Enum(Criticality::VARIANTS),
    ),
    col(
        "status",
        "/status",
        &["supplier status", "vendor status", "state"],
        Ty::Enum(SupplierStatus::VARIANTS),
    ),
    col(
        "data",
        "/data",
        &["data classification", "classification", "data shared"],
        Ty::OptEnum(Classification::VARIANTS),
    ),
    col(
        "subprocessor",
        "/subprocessor",
        &["processes personal data", "personal data"],
        Ty::Flag,
    ),
    col(
        "countries",
        "/countries",
        &[
            "country",
            "data location",
            "data locations",
            "processing locations",
        ],
        Ty::List,
    ),
    col(
        "controls",
        "/controls",
        &["annex a controls", "annex a"],
        Ty::Controls,
    ),
    col(
        "review_every",
        "/review_every",
        &["review frequency", "review cycle", "review period"],
        Ty::OptCadence,
    ),
    col(
        "contract_end",
        "/contract/end",
        &["contract end date", "contract expiry", "end date"],
        Ty::OptDate,
    ),
    col(
        "dpa",
        "/contract/dpa",
        &["dpa signed", "data processing agreement", "dpa in place"],
        Ty::Flag,
    ),
    col(
        "security_terms",
        "/contract/security_terms",
        &["security clauses", "security requirements in contract"],
        Ty::Flag,
    ),
    col(
        "certifications",
        "/certification/-/name",
        &[
            "certification",
            "certificates",
            "certifications held",
            "attestations",
            "compliance certifications",
        ],
        Ty::List,
    ),
    col(
        "certifications_valid_until",
        "/certification/-/valid_until",
        &[
            "certification expiry",
            "certification expires",
            "certificate expiry",
            "certificate expires",
            "certification valid until",
            "certification expiry date",
        ],
        Ty::DateList,
    ),
    col(
        "last_review",
        "/review/-/on",
        &[
            "last reviewed",
            "last review date",
            "date reviewed",
            "last assessment",
            "last assessed",
        ],
        Ty::OptDate,
    ),
    col(
        "reviewed_by",
        "/review/-/by",
        &["reviewer", "assessed by", "last reviewed by"],
        Ty::OptPerson,
    ),
    col(
        "review_outcome",
        "/review/-/outcome",
        &[
            "outcome",
            "review result",
            "assessment outcome",
            "assessment result",
        ],
        Ty::OptEnum(ReviewOutcome::VARIANTS),
    ),
];

/// The obligations register (A.5.31).
pub const OBLIGATIONS: &[Col] = &[
    col(
        "id",
        "/id",
        &["obligation id", "ref", "reference", "obligation no", "no"],
        Ty::Id,
    ),
    col(
        "title",
        "/title",
        &[
            "obligation",
            "name",
            "requirement",
            "legal requirement",
            "legislation",
        ],
        Ty::Title,
    ),
    col(
        "kind",
        "/kind",
        &["type", "obligation type", "category", "requirement type"],
        Ty::Enum(ObligationKind::VARIANTS),
    ),
    col(
        "jurisdiction",
        "/jurisdiction",
        &["country", "region", "territory", "applies in"],
        Ty::OptText,
    ),
    col(
        "owner",
        "/owner",
        &["obligation owner", "responsible", "owned by", "accountable"],
        Ty::Person,
    ),
    col(
        "source",
        "/source",
        &[
            "citation",
            "url",
            "link",
            "legal reference",
            "where written",
        ],
        Ty::Title,
    ),
    col(
        "controls",
        "/controls",
        &["annex a controls", "annex a", "met by controls"],
        Ty::Controls,
    ),
    col(
        "documents",
        "/documents",
        &[
            "policies",
            "policy",
            "related documents",
            "met by documents",
        ],
        Ty::List,
    ),
    col(
        "review_every",
        "/review_every",
        &[
            "review frequency",
            "review cycle",
            "review period",
            "frequency",
        ],
        Ty::Cadence,
    ),
    // Required of an obligation.
    col("reviewed", "/reviewed", REVIEWED_NAMES, Ty::Date),
    col(
        "status",
        "/status",
        &["obligation status", "state"],
        Ty::Enum(ObligationStatus::VARIANTS),
    ),
];
