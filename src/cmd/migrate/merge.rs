//! The move itself: each 2022 control from the 2013 entries it comes from,
//! and the new soa.toml written in the shape `isms init` gives it.

use std::fmt::Write as _;

use super::{Entry, Head};
use crate::catalogue::{Annex2013, Catalogue};
use crate::load::edit::toml_string;
use crate::model::{ImplementationStatus, Reason};
use strum::VariantNames;

/// What became of one 2022 control.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The 2022 id, e.g. "A.5.18".
    pub id: String,
    /// Its title.
    pub title: &'static str,
    /// No 2013 control corresponds to it.
    pub new_in_2022: bool,
    /// The 2013 controls it comes from that FILE has an entry for.
    pub from: Vec<String>,
    /// Those FILE has no entry for.
    pub absent: Vec<&'static str>,
    /// Applicable (None: left for a person to decide).
    pub applicable: Option<bool>,
    /// The weakest status of the applicable sources.
    pub status: Option<String>,
    /// Every reason of the applicable sources.
    pub reasons: Vec<String>,
    /// The justification(s), labelled by 2013 id when several.
    pub justification: String,
    /// The implementation text(s), labelled likewise.
    pub implementation: String,
    /// The owner, when the sources agree.
    pub owner: Option<String>,
    /// Every evidence item of the sources.
    pub evidence: Vec<String>,
    /// What a person should look at.
    pub notes: Vec<String>,
}

impl Outcome {
    /// Left for a person to decide.
    pub fn undecided(&self) -> bool {
        self.applicable.is_none()
    }

    /// "applicable, partial", "excluded" or "undecided".
    pub fn decision(&self) -> String {
        match (self.applicable, &self.status) {
            (Some(true), Some(s)) => format!("applicable, {s}"),
            (Some(true), None) => "applicable, no status".into(),
            (Some(false), _) => "excluded".into(),
            (None, _) => "undecided".into(),
        }
    }

    /// Why the control is left undecided.
    pub fn why_left(&self) -> String {
        if self.new_in_2022 {
            "new in 2022, no 2013 predecessor".into()
        } else if self.from.is_empty() {
            format!("the old SoA has no entry for {}", self.absent.join(", "))
        } else {
            format!("the old SoA leaves {} open", self.from.join(", "))
        }
    }
}

/// The whole move.
#[derive(Debug)]
pub struct Migrated {
    /// How many 2013 entries the old SoA had.
    pub entries: usize,
    /// Each 2022 control, in catalogue order.
    pub controls: Vec<Outcome>,
    /// Each 2013 control of the old SoA that became several: (2013 id, 2022 ids).
    pub split: Vec<(String, Vec<String>)>,
}

/// A status's strength ([`ImplementationStatus::strength`]): the merge
/// keeps the weakest. The sheet's reader let through only the model's values.
fn strength(status: &str) -> u8 {
    status
        .parse::<ImplementationStatus>()
        .map_or(u8::MAX, ImplementationStatus::strength)
}

/// The texts of the sources: each labelled with its 2013 id when the
/// control comes from several, else the one text as it is.
fn labelled(parts: &[(&str, String)], several: bool) -> String {
    let parts: Vec<&(&str, String)> = parts.iter().filter(|(_, t)| !t.is_empty()).collect();
    if !several {
        return parts.first().map(|(_, t)| t.clone()).unwrap_or_default();
    }
    parts
        .iter()
        .map(|(id, t)| format!("{id}: {t}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Move the 2013 entries onto the 2022 controls.
pub fn migrate(entries: &[Entry]) -> Migrated {
    let old = Annex2013::get();
    let by_id = |id: &str| entries.iter().find(|e| e.id == id);
    let mut controls = Vec::new();
    for c in &Catalogue::get().controls {
        let preds = old.sources_of(&c.id);
        let present: Vec<&Entry> = preds.iter().filter_map(|p| by_id(p.id)).collect();
        let absent: Vec<&str> = preds
            .iter()
            .filter(|p| by_id(p.id).is_none())
            .map(|p| p.id)
            .collect();
        let several = present.len() > 1;
        let mut notes = Vec::new();
        if !present.is_empty() && !absent.is_empty() {
            notes.push(format!(
                "the old SoA has no entry for {}, which also became this control",
                absent.join(", ")
            ));
        }
        let applicable = if present.iter().any(|e| e.applicable == Some(true)) {
            Some(true)
        } else if !present.is_empty() && present.iter().all(|e| e.applicable == Some(false)) {
            Some(false)
        } else {
            None
        };
        let excluded: Vec<&str> = present
            .iter()
            .filter(|e| e.applicable == Some(false))
            .map(|e| e.id.as_str())
            .collect();
        if applicable == Some(true) && !excluded.is_empty() {
            notes.push(format!(
                "applicable because one of its 2013 controls was, though {} excluded",
                excluded.join(", ")
            ));
        }
        let applied: Vec<&Entry> = present
            .iter()
            .copied()
            .filter(|e| e.applicable == applicable || applicable.is_none())
            .collect();
        let status = if applicable == Some(true) {
            let statuses: Option<Vec<&str>> = applied.iter().map(|e| e.status.as_deref()).collect();
            let weakest = statuses
                .as_ref()
                .and_then(|s| s.iter().min_by_key(|s| strength(s)).copied());
            if let Some(s) = &statuses
                && s.iter().any(|x| Some(*x) != weakest)
            {
                notes.push(format!(
                    "statuses differed ({}); kept the weakest",
                    applied
                        .iter()
                        .map(|e| format!("{} {}", e.id, e.status.as_deref().unwrap_or("-")))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            weakest.map(str::to_string)
        } else {
            None
        };
        let reasons = if applicable == Some(true) {
            Reason::VARIANTS
                .iter()
                .filter(|r| applied.iter().any(|e| e.reasons.iter().any(|x| x == *r)))
                .map(|r| (*r).to_string())
                .collect()
        } else {
            Vec::new()
        };
        let label = |e: &Entry| {
            if several && applicable == Some(true) && e.applicable == Some(false) {
                format!("{} (excluded in 2013)", e.id)
            } else {
                e.id.clone()
            }
        };
        let labels: Vec<String> = present.iter().map(|e| label(e)).collect();
        let texts = |f: &dyn Fn(&Entry) -> &str| -> String {
            let parts: Vec<(&str, String)> = present
                .iter()
                .zip(&labels)
                .map(|(e, l)| (l.as_str(), f(e).trim().to_string()))
                .collect();
            labelled(&parts, several)
        };
        let justification = texts(&|e| e.justification.as_str());
        let implementation = texts(&|e| e.implementation.as_str());
        let mut owners: Vec<&str> = present.iter().filter_map(|e| e.owner.as_deref()).collect();
        owners.dedup();
        let owner = match owners[..] {
            [one] => Some(one.to_string()),
            [] => None,
            _ => {
                notes.push(format!(
                    "owners differed ({}); left for you to name",
                    owners.join(", ")
                ));
                None
            }
        };
        let mut evidence: Vec<String> = Vec::new();
        for e in &present {
            for x in &e.evidence {
                if !evidence.contains(x) {
                    evidence.push(x.clone());
                }
            }
        }
        controls.push(Outcome {
            id: c.id.clone(),
            title: c.title,
            new_in_2022: preds.is_empty(),
            from: present.iter().map(|e| e.id.clone()).collect(),
            absent,
            applicable,
            status,
            reasons,
            justification,
            implementation,
            owner,
            evidence,
            notes,
        });
    }
    let split = entries
        .iter()
        .filter_map(|e| {
            let c = old.control(&e.id)?;
            (c.to.len() > 1).then(|| (e.id.clone(), c.to.clone()))
        })
        .collect();
    Migrated {
        entries: entries.len(),
        controls,
        split,
    }
}

/// The new soa.toml: the document fields of the old SoA (or placeholders),
/// every 2022 control titled in a comment with the 2013 controls it comes
/// from, and the undecided ones left as `isms init` leaves them.
pub fn soa_toml(
    m: &Migrated,
    head: Option<&Head>,
    today: chrono::NaiveDate,
    source: &str,
) -> String {
    let mut out = String::from("#:schema ./schemas/soa.schema.json\n");
    let _ = writeln!(
        out,
        "# Statement of Applicability (ISO/IEC 27001:2022 6.1.3 d), migrated from the\n\
         # ISO/IEC 27001:2013 SoA {} by `isms migrate soa --from 2013`\n\
         # through the correspondence of ISO/IEC 27002:2022 Annex B. Merged controls\n\
         # keep each 2013 justification under its 2013 id; review them, decide the\n\
         # controls left undecided, and approve the SoA again.",
        source.replace('\n', " ")
    );
    out.push_str("standard = \"ISO/IEC 27001:2022\"\n");
    let (version, owner) = match head {
        Some(h) => (
            h.version.clone().unwrap_or_else(|| "0.1".into()),
            h.owner.clone(),
        ),
        None => ("0.1".into(), "owner".into()),
    };
    let _ = writeln!(out, "version = {}", toml_string(&version));
    let _ = writeln!(out, "owner = {}", toml_string(&owner));
    let approved = head.and_then(|h| h.approved_by.as_deref().zip(h.approved_on));
    out.push_str(&crate::cmd::init::approval_lines(approved, &owner, today));
    let cat = Catalogue::get();
    let mut theme = None;
    for c in &m.controls {
        let Some(control) = cat.control(&c.id) else {
            continue;
        };
        if theme != Some(control.theme) {
            theme = Some(control.theme);
            let _ = write!(
                out,
                "\n# {rule}\n# {} {}\n# {rule}\n",
                control.theme.clause(),
                control.theme.title(),
                rule = "-".repeat(75)
            );
        }
        let origin = if c.new_in_2022 {
            "new in 2022".to_string()
        } else if c.from.is_empty() {
            format!("2013: {}, absent from the old SoA", c.absent.join(", "))
        } else {
            format!("2013: {}", c.from.join(", "))
        };
        let _ = write!(
            out,
            "\n[[control]]\nid = {} # {} ({origin})\n",
            toml_string(&c.id),
            c.title
        );
        for n in &c.notes {
            let _ = writeln!(out, "# migration: {n}");
        }
        match c.applicable {
            None => out.push_str("# applicable = true\n"),
            Some(a) => {
                let _ = writeln!(out, "applicable = {a}");
            }
        }
        if !c.reasons.is_empty() {
            let items: Vec<String> = c.reasons.iter().map(|r| toml_string(r)).collect();
            let _ = writeln!(out, "reasons = [{}]", items.join(", "));
        }
        if let Some(s) = &c.status {
            let _ = writeln!(out, "status = {}", toml_string(s));
        }
        let _ = writeln!(out, "justification = {}", toml_string(&c.justification));
        if !c.implementation.is_empty() {
            let _ = writeln!(out, "implementation = {}", toml_string(&c.implementation));
        }
        if let Some(o) = &c.owner {
            let _ = writeln!(out, "owner = {}", toml_string(o));
        }
        if !c.evidence.is_empty() {
            let items: Vec<String> = c.evidence.iter().map(|r| toml_string(r)).collect();
            let _ = writeln!(out, "evidence = [{}]", items.join(", "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, applicable: bool, status: Option<&str>, why: &str) -> Entry {
        Entry {
            id: id.into(),
            applicable: Some(applicable),
            reasons: vec!["risk".into()],
            status: status.map(str::to_string),
            justification: why.into(),
            owner: Some("bob".into()),
            ..Entry::default()
        }
    }

    fn get<'m>(m: &'m Migrated, id: &str) -> &'m Outcome {
        m.controls.iter().find(|c| c.id == id).unwrap()
    }

    #[test]
    fn merges_to_the_weakest_status_and_labels_each_justification() {
        // A.5.1 <- A.5.1.1, A.5.1.2.
        let m = migrate(&[
            entry("A.5.1.1", true, Some("implemented"), "Policy set."),
            entry("A.5.1.2", true, Some("partial"), "Reviewed yearly."),
        ]);
        let c = get(&m, "A.5.1");
        assert_eq!(c.from, ["A.5.1.1", "A.5.1.2"]);
        assert_eq!(c.applicable, Some(true));
        assert_eq!(c.status.as_deref(), Some("partial"));
        assert_eq!(
            c.justification,
            "A.5.1.1: Policy set.\nA.5.1.2: Reviewed yearly."
        );
        assert_eq!(c.owner.as_deref(), Some("bob"));
        assert_eq!(c.notes.len(), 1, "{:?}", c.notes);
        // A 2022 control with no source in the file is left open.
        assert!(get(&m, "A.5.2").undecided());
        assert!(get(&m, "A.5.7").new_in_2022 && get(&m, "A.5.7").undecided());
    }

    #[test]
    fn one_applicable_source_makes_the_merge_applicable() {
        let m = migrate(&[
            entry("A.5.1.1", false, None, "Not needed."),
            entry("A.5.1.2", true, Some("planned"), "Needed."),
        ]);
        let c = get(&m, "A.5.1");
        assert_eq!(c.applicable, Some(true));
        assert_eq!(c.status.as_deref(), Some("planned"));
        assert!(
            c.justification
                .contains("A.5.1.1 (excluded in 2013): Not needed.")
        );
        assert!(c.notes[0].contains("A.5.1.1 excluded"), "{:?}", c.notes);
    }

    #[test]
    fn a_split_control_is_copied_to_each_successor() {
        let m = migrate(&[entry("A.18.2.3", true, Some("implemented"), "Checked.")]);
        assert_eq!(
            m.split,
            [(
                "A.18.2.3".to_string(),
                vec!["A.5.36".to_string(), "A.8.8".to_string()]
            )]
        );
        for id in ["A.5.36", "A.8.8"] {
            assert_eq!(get(&m, id).justification, "Checked.", "{id}");
        }
    }

    #[test]
    fn the_written_soa_parses() {
        let m = migrate(&[entry(
            "A.5.1.1",
            true,
            Some("implemented"),
            "A \"quoted\"\nline",
        )]);
        let text = soa_toml(
            &m,
            None,
            chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
            "x.csv",
        );
        let table: toml::Table = toml::from_str(&text).unwrap();
        let controls = table["control"].as_array().unwrap();
        assert_eq!(controls.len(), 93);
        assert_eq!(
            controls[0]["justification"].as_str(),
            Some("A \"quoted\"\nline")
        );
        assert!(controls[1].get("applicable").is_none());
    }
}
