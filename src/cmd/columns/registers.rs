//! The columns of the registers' sheets: the asset inventory and the
//! supplier register, read by `isms import assets|suppliers`.

use strum::VariantNames;

use super::{Col, REVIEWED, Ty, col};
use crate::model::{AssetStatus, AssetType, Classification, Criticality, SupplierStatus};

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
];
