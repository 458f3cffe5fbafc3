//! The 114 controls of ISO/IEC 27001:2013 Annex A and their correspondence
//! to the 2022 controls (ISO/IEC 27002:2022 Annex B, inverted), for moving
//! a 2013 SoA to 2022. Data in `data/annex-a-2013.tsv` and
//! `data/map-2013-2022.tsv`, sources noted in each file.

use std::sync::OnceLock;

use super::rows;

const ANNEX_A_2013: &str = include_str!("../../data/annex-a-2013.tsv");
const MAP_2013_2022: &str = include_str!("../../data/map-2013-2022.tsv");

/// One control of Annex A 2013.
#[derive(Debug, Clone)]
pub struct Control2013 {
    /// e.g. "A.9.2.1".
    pub id: &'static str,
    /// e.g. "User registration and de-registration".
    pub title: &'static str,
    /// The 2022 controls it corresponds to, as records write them ("A.5.16").
    pub to: Vec<String>,
}

/// The 2013 catalogue, parsed once per process.
#[derive(Debug)]
pub struct Annex2013 {
    /// The 114 controls in catalogue order.
    pub controls: Vec<Control2013>,
}

impl Annex2013 {
    /// The process-wide 2013 catalogue.
    pub fn get() -> &'static Annex2013 {
        static CATALOGUE: OnceLock<Annex2013> = OnceLock::new();
        CATALOGUE.get_or_init(Annex2013::build)
    }

    fn build() -> Annex2013 {
        let map: Vec<(&str, &str)> = rows(MAP_2013_2022)
            .filter_map(|row| match row[..] {
                [from, to, ..] => Some((from, to)),
                _ => None,
            })
            .collect();
        let controls = rows(ANNEX_A_2013)
            .filter_map(|row| match row[..] {
                [id, title, ..] => Some(Control2013 {
                    id,
                    title,
                    to: map
                        .iter()
                        .filter(|(f, _)| *f == id)
                        .map(|(_, t)| format!("A.{t}"))
                        .collect(),
                }),
                _ => None,
            })
            .collect();
        Annex2013 { controls }
    }

    /// The 2013 control with this id ("A.9.2.1").
    pub fn control(&self, id: &str) -> Option<&Control2013> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// The closest 2013 id to a mistyped one, for "did you mean".
    pub fn suggest(&self, id: &str) -> Option<&str> {
        crate::diag::closest(id, self.controls.iter().map(|c| c.id))
    }

    /// The 2013 controls a 2022 control comes from, in 2013 order.
    pub fn sources_of(&self, id_2022: &str) -> Vec<&Control2013> {
        self.controls
            .iter()
            .filter(|c| c.to.iter().any(|t| t == id_2022))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    #[test]
    fn every_2013_control_maps_into_2022_and_eleven_are_new() {
        let old = Annex2013::get();
        assert_eq!(old.controls.len(), 114);
        let cat = Catalogue::get();
        for c in &old.controls {
            assert!(!c.to.is_empty(), "{} maps nowhere", c.id);
            for t in &c.to {
                assert!(cat.control(t).is_some(), "{} -> {t}", c.id);
            }
        }
        let new: Vec<&str> = cat
            .controls
            .iter()
            .filter(|c| old.sources_of(&c.id).is_empty())
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(
            new,
            [
                "A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11", "A.8.12",
                "A.8.16", "A.8.23", "A.8.28"
            ]
        );
        let split: Vec<&str> = old
            .controls
            .iter()
            .filter(|c| c.to.len() > 1)
            .map(|c| c.id)
            .collect();
        assert_eq!(split, ["A.18.2.3"]);
    }
}
