//! People in `isms.toml` beyond the ISMS's actors: the ISMS roles and who
//! holds them (5.3), what makes each holder competent (7.2), and where the
//! staff roster lives (`[staff]`, for awareness, 7.3).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::EvidenceFile;

/// How many days before a competence expires `isms status` lists it.
pub const COMPETENCE_WARNING_DAYS: i64 = 60;

/// `[[role]]`: an ISMS role, its responsibilities and authorities (5.3),
/// who holds it and what competence it needs (7.2).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Short id such as "isms-manager".
    pub id: String,
    /// e.g. "ISMS manager".
    pub title: String,
    /// What the role is responsible for and may decide (Markdown).
    pub responsibilities: String,
    /// Person id of who holds it, or a list of them.
    #[serde(default)]
    pub holder: OneOrMany,
    /// What the role needs: competence names each holder must have a
    /// `[[person.competence]]` of ("ISO/IEC 27001 Lead Implementer").
    #[serde(default)]
    pub competence: Vec<String>,
}

/// One id or several: `holder = "mhale"` or `holder = ["a", "b"]`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One person id.
    One(String),
    /// Several person ids.
    Many(Vec<String>),
}

impl Default for OneOrMany {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl OneOrMany {
    /// The holders' person ids.
    pub fn ids(&self) -> &[String] {
        match self {
            OneOrMany::One(id) => std::slice::from_ref(id),
            OneOrMany::Many(ids) => ids,
        }
    }
}

impl Role {
    /// The holders' person ids.
    pub fn holders(&self) -> &[String] {
        self.holder.ids()
    }

    /// The pointer of the `i`th holder in the role's table (`/holder` for a
    /// single one, `/holder/1` in a list).
    pub fn holder_pointer(&self, i: usize) -> String {
        match self.holder {
            OneOrMany::One(_) => "/holder".into(),
            OneOrMany::Many(_) => format!("/holder/{i}"),
        }
    }
}

/// `[[person.competence]]`: one basis of a person's competence: a
/// certification, a course, experience.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Competence {
    /// What it is; a role's `competence` names it ("CISSP").
    pub name: String,
    /// When it was obtained.
    pub on: NaiveDate,
    /// When it lapses, if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    /// The evidence record keeping the certificate ("EV-014").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Or the files themselves, with their content hash.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<EvidenceFile>,
}

impl super::Person {
    /// Whether their competence record `k` is renewed: another record of
    /// the same name runs longer (no expiry, or a later one). A lapsed
    /// record so renewed is competence still held.
    pub fn renewed(&self, k: &Competence) -> bool {
        self.competence
            .iter()
            .any(|o| o.is(&k.name) && o.expires.is_none_or(|e| k.expires.is_some_and(|x| e > x)))
    }

    /// Whether they hold competence `name` only through records that have
    /// all lapsed by `today` (false with no record of it).
    pub fn lapsed(&self, name: &str, today: NaiveDate) -> bool {
        let mut held = self.competence.iter().filter(|k| k.is(name)).peekable();
        held.peek().is_some() && held.all(|k| k.expired(today))
    }
}

impl Competence {
    /// Whether it has lapsed by `today` (an expiry date is the last valid day).
    pub fn expired(&self, today: NaiveDate) -> bool {
        self.expires.is_some_and(|e| e < today)
    }

    /// Whether it lapses within [`COMPETENCE_WARNING_DAYS`] of `today`
    /// (and has not yet).
    pub fn expiring(&self, today: NaiveDate) -> bool {
        self.expires
            .is_some_and(|e| e >= today && (e - today).num_days() <= COMPETENCE_WARNING_DAYS)
    }

    /// Whether this record is of the competence `name` (case and spacing
    /// aside).
    pub fn is(&self, name: &str) -> bool {
        same_name(&self.name, name)
    }
}

/// Whether two competence names are the same, case and spacing aside.
fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// `[staff]`: the roster of staff the HR system exports, and how long a
/// joiner has to take the onboarding campaigns.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffSettings {
    /// A CSV inside the ISMS tree ("people/staff.csv"): a row per member of
    /// staff with `id`, `department`, `start`, `end` (`name` and `email`
    /// optional); headers are matched leniently.
    pub roster: String,
    /// Days a joiner has from their start to complete the onboarding
    /// campaigns (default 30).
    #[serde(default = "StaffSettings::default_onboarding_days")]
    #[schemars(range(min = 1))]
    pub onboarding_days: u32,
}

impl StaffSettings {
    fn default_onboarding_days() -> u32 {
        30
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_or_spacing() {
        assert!(same_name(
            "ISO 27001  Lead Auditor",
            "iso 27001 lead auditor"
        ));
        assert!(!same_name("CISSP", "CISM"));
    }

    /// A lapsed certificate beside its renewal is competence still held;
    /// both lapsed, it has lapsed; none recorded is not "lapsed" (it is
    /// missing, E136's).
    #[test]
    fn a_renewal_keeps_a_competence_held() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let record = |expires: Option<&str>| Competence {
            name: "ISO 27001 Lead Auditor".into(),
            on: day("2020-01-01"),
            expires: expires.map(day),
            evidence: None,
            files: Vec::new(),
        };
        let mut p = crate::model::Person {
            id: "carol".into(),
            name: "Carol".into(),
            role: String::new(),
            competence: vec![record(Some("2026-05-10")), record(Some("2029-05-02"))],
        };
        let today = day("2026-11-20");
        assert!(p.renewed(&p.competence[0]) && !p.renewed(&p.competence[1]));
        assert!(!p.lapsed("iso 27001 lead auditor", today));
        p.competence[1].expires = Some(day("2026-06-01"));
        assert!(p.lapsed("ISO 27001 Lead Auditor", today));
        p.competence[1].expires = None;
        assert!(p.renewed(&p.competence[0]) && !p.lapsed("ISO 27001 Lead Auditor", today));
        assert!(!p.lapsed("CISSP", today));
    }
}
