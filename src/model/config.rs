//! `isms.toml`: the organisation, its scope, its people and its risk method.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::evidence::CADENCE_PATTERN;
use super::people::{Competence, Role, StaffSettings};
use super::{Cadence, Criticality};

/// The whole of `isms.toml`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Who runs the ISMS and what it covers.
    pub organisation: Organisation,
    /// People, referred to by id everywhere else.
    #[serde(default)]
    pub person: Vec<Person>,
    /// The risk assessment method (6.1.2).
    pub risk: RiskMethod,
    /// The internal audit programme (9.2.2); optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditProgramme>,
    /// The SOC 2 scope (`[soc2]`); optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soc2: Option<Soc2Scope>,
    /// The asset inventory's scale and review interval (`[assets]`); optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<AssetSettings>,
    /// The supplier review cadence by criticality (`[suppliers]`); optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppliers: Option<SupplierSettings>,
    /// The ISMS roles (5.3): who holds each, what competence it needs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub role: Vec<Role>,
    /// The staff roster (`[staff]`), for awareness campaigns; optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<StaffSettings>,
}

/// `[suppliers]`: how often a supplier of each criticality is reviewed,
/// unless its own `review_every` says otherwise. Each is a cadence as
/// evidence uses ("yearly", "6m", "2y").
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierSettings {
    /// A critical supplier's review cadence (default "yearly").
    #[serde(default = "SupplierSettings::yearly")]
    #[schemars(regex(pattern = CADENCE_PATTERN))]
    pub critical: String,
    /// A high-criticality supplier's (default "yearly").
    #[serde(default = "SupplierSettings::yearly")]
    #[schemars(regex(pattern = CADENCE_PATTERN))]
    pub high: String,
    /// A medium-criticality supplier's (default "2y").
    #[serde(default = "SupplierSettings::two_years")]
    #[schemars(regex(pattern = CADENCE_PATTERN))]
    pub medium: String,
    /// A low-criticality supplier's (default "3y").
    #[serde(default = "SupplierSettings::three_years")]
    #[schemars(regex(pattern = CADENCE_PATTERN))]
    pub low: String,
}

impl Default for SupplierSettings {
    fn default() -> Self {
        SupplierSettings {
            critical: Self::yearly(),
            high: Self::yearly(),
            medium: Self::two_years(),
            low: Self::three_years(),
        }
    }
}

impl SupplierSettings {
    fn yearly() -> String {
        "yearly".into()
    }

    fn two_years() -> String {
        "2y".into()
    }

    fn three_years() -> String {
        "3y".into()
    }

    /// The review cadence of a supplier of this criticality (yearly if
    /// the setting does not parse; the schema refuses that).
    pub fn cadence(&self, c: Criticality) -> Cadence {
        Cadence::parse(self.every(c)).unwrap_or(Cadence::Months(12))
    }

    /// The review cadence of a supplier of this criticality, as written.
    pub fn every(&self, c: Criticality) -> &str {
        match c {
            Criticality::Critical => &self.critical,
            Criticality::High => &self.high,
            Criticality::Medium => &self.medium,
            Criticality::Low => &self.low,
        }
    }
}

/// `[assets]`: how assets are rated and how often their owners review them.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetSettings {
    /// The top of the confidentiality, integrity and availability scale:
    /// each rating runs from 1 to this (default 3).
    #[serde(default = "AssetSettings::default_cia_levels")]
    #[schemars(range(min = 1, max = 10))]
    pub cia_levels: u32,
    /// Each asset is reviewed by its owner at least this often, in days
    /// (default 365).
    #[serde(default = "AssetSettings::default_review_days")]
    #[schemars(range(min = 1))]
    pub review_days: u32,
}

impl Default for AssetSettings {
    fn default() -> Self {
        AssetSettings {
            cia_levels: Self::default_cia_levels(),
            review_days: Self::default_review_days(),
        }
    }
}

impl AssetSettings {
    fn default_cia_levels() -> u32 {
        3
    }

    fn default_review_days() -> u32 {
        365
    }
}

/// `[soc2]`: which Trust Services Categories a SOC 2 report covers and,
/// for a Type II report, its observation period.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Soc2Scope {
    /// Trust Services Categories in scope: security (the common criteria
    /// CC1 to CC9), availability, confidentiality, processing-integrity,
    /// privacy.
    pub categories: Vec<Soc2Category>,
    /// The Type II observation period, if the report is Type II.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}

kebab_enum! {
    /// A Trust Services Category of the 2017 Trust Services Criteria.
    pub enum Soc2Category {
        /// The common criteria CC1 to CC9.
        Security,
        /// A1.1 to A1.3.
        Availability,
        /// C1.1 and C1.2.
        Confidentiality,
        /// PI1.1 to PI1.5.
        ProcessingIntegrity,
        /// P1.1 to P8.1.
        Privacy,
    }
}

impl Soc2Category {
    /// The prefix of the category's criterion ids ("CC", "A", "C", "PI", "P").
    pub fn prefix(self) -> &'static str {
        match self {
            Soc2Category::Security => "CC",
            Soc2Category::Availability => "A",
            Soc2Category::Confidentiality => "C",
            Soc2Category::ProcessingIntegrity => "PI",
            Soc2Category::Privacy => "P",
        }
    }

    /// The name reports print, e.g. "Processing integrity".
    pub fn title(self) -> &'static str {
        match self {
            Soc2Category::Security => "Security (common criteria)",
            Soc2Category::Availability => "Availability",
            Soc2Category::Confidentiality => "Confidentiality",
            Soc2Category::ProcessingIntegrity => "Processing integrity",
            Soc2Category::Privacy => "Privacy",
        }
    }

    /// Whether a criterion id ("CC6.1", "PI1.2") belongs to this category.
    pub fn includes(self, criterion: &str) -> bool {
        criterion
            .strip_prefix(self.prefix())
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    }
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first day.
    pub from: chrono::NaiveDate,
    /// The last day.
    pub to: chrono::NaiveDate,
}

/// `[audit]`: how the internal audit programme is planned (9.2.2).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditProgramme {
    /// Months within which internal audits cover every clause (default 12).
    #[serde(default = "AuditProgramme::default_cycle_months")]
    #[schemars(range(min = 1, max = 120))]
    pub cycle_months: u32,
}

impl AuditProgramme {
    /// The cycle when isms.toml does not set one: a year.
    pub const DEFAULT_CYCLE_MONTHS: u32 = 12;

    fn default_cycle_months() -> u32 {
        Self::DEFAULT_CYCLE_MONTHS
    }
}

/// The organisation and the ISMS scope.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Legal or trading name, printed on every document.
    pub name: String,
    /// The ISMS scope (4.3), Markdown.
    pub scope: String,
    /// A logo image inside the ISMS tree (PNG, JPEG or SVG), for the HTML pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// Accent colour for documents, "#rrggbb".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^#[0-9a-fA-F]{6}$"))]
    pub accent: Option<String>,
}

/// A person who owns, approves, audits or attends.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Short id such as "mhale".
    pub id: String,
    /// Full name.
    pub name: String,
    /// Role in the organisation.
    pub role: String,
    /// What makes them competent (7.2): certifications, courses, experience.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competence: Vec<Competence>,
}

/// The risk method: scales, appetite, review interval and level bands.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskMethod {
    /// Likelihood labels; a value is its 1-based position.
    pub likelihood: Vec<String>,
    /// Impact labels; a value is its 1-based position.
    pub impact: Vec<String>,
    /// A residual score above this needs a named acceptance.
    pub appetite: u32,
    /// Each open risk is reviewed at least this often.
    pub review_days: u32,
    /// Score bands, lowest first, covering 1..likelihood*impact.
    pub level: Vec<Level>,
}

/// A score band such as "High" up to 16.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Name shown on reports.
    pub name: String,
    /// Highest score in this band (inclusive).
    pub max: u32,
    /// Colour for heat maps, "#rrggbb".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^#[0-9a-fA-F]{6}$"))]
    pub color: Option<String>,
}

impl Config {
    /// The audit programme cycle in months (`[audit] cycle_months`, default 12).
    pub fn audit_cycle_months(&self) -> u32 {
        self.audit
            .as_ref()
            .map_or(AuditProgramme::DEFAULT_CYCLE_MONTHS, |a| a.cycle_months)
    }

    /// The SOC 2 category of a criterion id that `[soc2]` puts in scope.
    pub fn soc2_category(&self, criterion: &str) -> Option<Soc2Category> {
        let scope = self.soc2.as_ref()?;
        scope
            .categories
            .iter()
            .copied()
            .find(|c| c.includes(criterion))
    }

    /// `[assets]`, or its defaults when isms.toml has none.
    pub fn asset_settings(&self) -> AssetSettings {
        self.assets.clone().unwrap_or_default()
    }

    /// `[suppliers]`, or its defaults when isms.toml has none.
    pub fn supplier_settings(&self) -> SupplierSettings {
        self.suppliers.clone().unwrap_or_default()
    }

    /// The person with this id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.person.iter().find(|p| p.id == id)
    }
}

impl RiskMethod {
    /// Highest possible score.
    pub fn max_score(&self) -> u32 {
        (self.likelihood.len() * self.impact.len()) as u32
    }

    /// The band of a score, if the bands cover it.
    pub fn level(&self, score: u32) -> Option<(usize, &Level)> {
        let mut lo = 1;
        for (i, l) in self.level.iter().enumerate() {
            if score >= lo && score <= l.max {
                return Some((i, l));
            }
            lo = l.max + 1;
        }
        None
    }
}
