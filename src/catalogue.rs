//! The reference catalogues the tool checks against and prints: the 93 Annex A
//! controls of ISO/IEC 27001:2022, the clause ids of clauses 4 to 10, the
//! correspondence from the 2013 Annex A controls to the 2022 ones, and the
//! indicative (third-party) mapping from Annex A to SOC 2 criteria. The data
//! lives in `data/*.tsv`, compiled into the binary, sources noted in each file.

use std::collections::HashMap;
use std::sync::OnceLock;

mod y2013;
pub use y2013::{Annex2013, Control2013};

const ANNEX_A_2022: &str = include_str!("../data/annex-a-2022.tsv");
const CLAUSES_2022: &str = include_str!("../data/clauses-2022.tsv");
const MAP_ISO_SOC2: &str = include_str!("../data/map-iso2022-soc2.tsv");
const SOC2_TSC: &str = include_str!("../data/soc2-tsc.tsv");
const MANDATORY_DOCUMENTS: &str = include_str!("../data/mandatory-documents.tsv");

/// The four themes of Annex A 2022, in catalogue order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// 5.x Organizational controls.
    Organizational,
    /// 6.x People controls.
    People,
    /// 7.x Physical controls.
    Physical,
    /// 8.x Technological controls.
    Technological,
}

impl Theme {
    /// All themes in catalogue order.
    pub const ALL: [Theme; 4] = [
        Theme::Organizational,
        Theme::People,
        Theme::Physical,
        Theme::Technological,
    ];

    /// The heading used in documents, e.g. "Organizational controls".
    pub fn title(self) -> &'static str {
        match self {
            Theme::Organizational => "Organizational controls",
            Theme::People => "People controls",
            Theme::Physical => "Physical controls",
            Theme::Technological => "Technological controls",
        }
    }

    /// The clause of Annex A that holds the theme ("A.5" ...).
    pub fn clause(self) -> &'static str {
        match self {
            Theme::Organizational => "A.5",
            Theme::People => "A.6",
            Theme::Physical => "A.7",
            Theme::Technological => "A.8",
        }
    }

    fn parse(s: &str) -> Option<Theme> {
        match s {
            "organizational" => Some(Theme::Organizational),
            "people" => Some(Theme::People),
            "physical" => Some(Theme::Physical),
            "technological" => Some(Theme::Technological),
            _ => None,
        }
    }
}

/// One Annex A control.
#[derive(Debug, Clone)]
pub struct Control {
    /// The id as records write it, e.g. "A.5.1".
    pub id: String,
    /// The control's title.
    pub title: &'static str,
    /// The theme it belongs to.
    pub theme: Theme,
    /// SOC 2 criteria from the indicative third-party mapping.
    pub soc2: Vec<&'static str>,
}

/// One clause of ISO/IEC 27001:2022 (4 to 10).
#[derive(Debug, Clone)]
pub struct Clause {
    /// e.g. "9.2.2".
    pub id: &'static str,
    /// e.g. "Internal audit programme".
    pub title: &'static str,
}

/// One SOC 2 criterion of the 2017 Trust Services Criteria.
#[derive(Debug, Clone)]
pub struct Criterion {
    /// e.g. "CC6.1".
    pub id: &'static str,
    /// e.g. "Security (common criteria)".
    pub category: &'static str,
    /// e.g. "CC6 Logical and Physical Access Controls".
    pub series: &'static str,
}

/// One item of documented information ISO/IEC 27001:2022 requires.
#[derive(Debug, Clone)]
pub struct Mandatory {
    /// The clause requiring it ("5.2", "6.1.3 d").
    pub clause: &'static str,
    /// What it is, paraphrased ("Information security policy").
    pub item: &'static str,
    /// What in a tree holds it besides a document citing the clause (or,
    /// for an Annex A control, the control): "soa", "risks", "audits",
    /// "reviews", "evidence", "obligations", "scope", or "-".
    pub provided_by: &'static str,
}

/// The catalogues, parsed once per process.
#[derive(Debug)]
pub struct Catalogue {
    /// The 93 controls in catalogue order.
    pub controls: Vec<Control>,
    index: HashMap<String, usize>,
    /// Clause ids 4 to 10 with their titles.
    pub clauses: Vec<Clause>,
    /// The 61 SOC 2 criteria in catalogue order.
    pub criteria: Vec<Criterion>,
    /// The mandatory documented information, in clause order.
    pub mandatory: Vec<Mandatory>,
}

/// Rows of a TSV file, skipping `#` comments and the header line.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
}

impl Catalogue {
    /// The process-wide catalogue.
    pub fn get() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(Catalogue::build)
    }

    fn build() -> Catalogue {
        let mut soc2: HashMap<&str, Vec<&'static str>> = HashMap::new();
        for row in rows(MAP_ISO_SOC2) {
            if let [kind, iso, criterion, ..] = row[..]
                && kind == "annex-a"
            {
                soc2.entry(iso).or_default().push(criterion);
            }
        }
        let controls: Vec<Control> = rows(ANNEX_A_2022)
            .filter_map(|row| match row[..] {
                [id, theme, title] => Some(Control {
                    id: format!("A.{id}"),
                    title,
                    theme: Theme::parse(theme)?,
                    soc2: soc2.remove(id).unwrap_or_default(),
                }),
                _ => None,
            })
            .collect();
        let index = controls
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let clauses = rows(CLAUSES_2022)
            .filter_map(|row| match row[..] {
                [id, title] => Some(Clause { id, title }),
                _ => None,
            })
            .collect();
        let criteria = rows(SOC2_TSC)
            .filter_map(|row| match row[..] {
                [id, category, series, ..] => Some(Criterion {
                    id,
                    category,
                    series,
                }),
                _ => None,
            })
            .collect();
        let mandatory = rows(MANDATORY_DOCUMENTS)
            .filter_map(|row| match row[..] {
                [clause, item, provided_by] => Some(Mandatory {
                    clause,
                    item,
                    provided_by,
                }),
                _ => None,
            })
            .collect();
        Catalogue {
            controls,
            index,
            clauses,
            criteria,
            mandatory,
        }
    }

    /// The control with this id ("A.5.1"), if Annex A 2022 has it.
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.index.get(id).map(|&i| &self.controls[i])
    }

    /// The catalogue position of a control, for sorting.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The clause with this id ("9.2"), if clauses 4-10 have it.
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }

    /// The SOC 2 criterion with this id ("CC6.1"), if the TSC have it.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// The SOC 2 criteria a control serves: `own` (the SoA entry's `soc2`
    /// list) when given, else the indicative mapping; nothing for an id
    /// Annex A does not have.
    pub fn soc2_of<'a>(&'a self, control: &str, own: Option<&'a [String]>) -> Vec<&'a str> {
        match own {
            Some(list) => list.iter().map(String::as_str).collect(),
            None => self
                .control(control)
                .map(|c| c.soc2.clone())
                .unwrap_or_default(),
        }
    }

    /// The closest control or clause id to a mistyped one, for "did you mean".
    pub fn suggest_control(&self, id: &str) -> Option<&str> {
        crate::diag::closest(id, self.controls.iter().map(|c| c.id.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annex_a_has_93_controls_in_four_themes() {
        let cat = Catalogue::get();
        assert_eq!(cat.controls.len(), 93);
        let count = |t| cat.controls.iter().filter(|c| c.theme == t).count();
        assert_eq!(
            [
                count(Theme::Organizational),
                count(Theme::People),
                count(Theme::Physical),
                count(Theme::Technological)
            ],
            [37, 8, 14, 34]
        );
        assert_eq!(
            cat.control("A.8.34").map(|c| c.title),
            Some("Protection of information systems during audit testing")
        );
        assert!(cat.control("A.9.1").is_none());
    }

    #[test]
    fn the_mandatory_documents_are_fourteen_known_clauses_and_a_5_31() {
        let cat = Catalogue::get();
        assert_eq!(cat.mandatory.len(), 15);
        for m in &cat.mandatory {
            let clause = m.clause.split(' ').next().unwrap_or_default();
            assert!(
                cat.clause(clause).is_some() || cat.control(clause).is_some(),
                "{}",
                m.clause
            );
            assert!(
                [
                    "soa",
                    "risks",
                    "audits",
                    "reviews",
                    "evidence",
                    "objectives",
                    "measurement",
                    "obligations",
                    "scope",
                    "-"
                ]
                .contains(&m.provided_by),
                "{}",
                m.provided_by
            );
        }
    }

    #[test]
    fn clauses_cover_4_to_10() {
        let cat = Catalogue::get();
        assert!(cat.clause("9.2.2").is_some());
        assert!(cat.clause("10.2").is_some());
        assert!(cat.clause("3.1").is_none());
    }

    #[test]
    fn every_2013_control_became_2022_controls() {
        let cat = Catalogue::get();
        let old = Annex2013::get();
        assert_eq!(old.controls.len(), 114);
        for c in &old.controls {
            assert!(!c.to.is_empty(), "{}", c.id);
            for new in &c.to {
                assert!(cat.control(new).is_some(), "{} -> {new}", c.id);
            }
        }
        let became = |id: &str| old.control(id).map(|c| c.to.clone());
        assert_eq!(became("A.9.2.1"), Some(vec!["A.5.16".to_string()]));
        assert_eq!(
            became("A.18.2.3"),
            Some(vec!["A.5.36".to_string(), "A.8.8".to_string()])
        );
        assert_eq!(
            old.control("A.9.2.1").map(|c| c.title),
            Some("User registration and de-registration")
        );
        assert!(old.control("A.9.9.9").is_none());
    }

    #[test]
    fn soc2_mapping_attaches_to_controls() {
        let cat = Catalogue::get();
        let mapped = cat.controls.iter().filter(|c| !c.soc2.is_empty()).count();
        assert_eq!(mapped, 59);
    }

    #[test]
    fn soc2_has_61_criteria() {
        let cat = Catalogue::get();
        assert_eq!(cat.criteria.len(), 61);
        assert!(cat.criterion("CC6.1").is_some() && cat.criterion("PI1.5").is_some());
        assert!(cat.criterion("CC10.1").is_none());
    }
}
