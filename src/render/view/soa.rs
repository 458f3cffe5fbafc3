//! The Statement of Applicability (6.1.3 d): every Annex A control by theme,
//! whether it applies and why, how far it is implemented, and what relies
//! on it or cites it.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::evidence::{EvidenceRegister, EvidenceState};
use super::refs::{self, PersonRef, RecordRef};
use super::{DocControl, Md, ViewCx};
use crate::catalogue::Theme;
use crate::load::Record;
use crate::model::{ImplementationStatus, Reason, Soa, SoaControl};
use crate::schema::Kind;

/// Implementation counts of a group of controls.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SoaCounts {
    /// All controls.
    pub total: usize,
    /// Applicable.
    pub applicable: usize,
    /// Implemented.
    pub implemented: usize,
    /// Partial.
    pub partial: usize,
    /// Planned.
    pub planned: usize,
    /// Not implemented.
    pub not_implemented: usize,
    /// Excluded.
    pub excluded: usize,
    /// Percent of applicable controls implemented (0-100).
    pub percent_implemented: u32,
}

impl SoaCounts {
    /// Count one control: excluded, or applicable with its status (none
    /// counts as not implemented).
    fn add(&mut self, applicable: bool, status: Option<ImplementationStatus>) {
        self.total += 1;
        if !applicable {
            self.excluded += 1;
            return;
        }
        self.applicable += 1;
        match status {
            Some(ImplementationStatus::Implemented) => self.implemented += 1,
            Some(ImplementationStatus::Partial) => self.partial += 1,
            Some(ImplementationStatus::Planned) => self.planned += 1,
            Some(ImplementationStatus::NotImplemented) | None => self.not_implemented += 1,
        }
    }

    /// Add another group's counts.
    fn absorb(&mut self, other: &SoaCounts) {
        self.total += other.total;
        self.applicable += other.applicable;
        self.implemented += other.implemented;
        self.partial += other.partial;
        self.planned += other.planned;
        self.not_implemented += other.not_implemented;
        self.excluded += other.excluded;
    }

    /// Set the percentage from the counts.
    fn finish(&mut self) {
        self.percent_implemented = (self.implemented * 100)
            .checked_div(self.applicable)
            .unwrap_or(0) as u32;
    }
}

/// A register shown on the SoA rows of the controls it evidences.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterNote {
    /// "Asset inventory".
    pub title: &'static str,
    /// Its list in the site: "assets.html".
    pub href: String,
    /// How many records it holds.
    pub records: usize,
    /// What needs attention as of the view's date ("1 review overdue"),
    /// empty when it is current.
    pub attention: Vec<String>,
}

/// The registers shown on SoA rows, by control id.
type Registers = HashMap<&'static str, RegisterNote>;

/// Each kind's register ([`crate::load::KindSpec::controls_shown`]) by the
/// controls it is shown on: its size, and what is overdue or lapsing.
fn registers(cx: &ViewCx<'_>, cfg: &crate::model::Config) -> Registers {
    let status = super::registers::status(cx.tree, cfg, cx.today, 0);
    let counted = |n: usize, what: &str| (n > 0).then(|| format!("{n} {what}"));
    let mut out = Registers::new();
    for r in crate::load::kinds::records(cx.tree) {
        let spec = r.spec;
        for &control in spec.controls_shown {
            let note = out.entry(control).or_insert_with(|| RegisterNote {
                title: spec.list_title,
                href: format!("{}.html", spec.folder),
                records: 0,
                attention: match spec.schema {
                    Kind::Asset => counted(
                        status.asset_reviews.len(),
                        "owner reviews overdue or never done",
                    )
                    .into_iter()
                    .collect(),
                    Kind::Supplier => [
                        counted(
                            status.supplier_reviews.len(),
                            "reviews overdue or never done",
                        ),
                        counted(
                            status.certifications.len(),
                            "certifications expired or expiring",
                        ),
                    ]
                    .into_iter()
                    .flatten()
                    .collect(),
                    Kind::Obligation => counted(
                        cx.tree
                            .obligations
                            .iter()
                            .filter(|o| o.data.days_overdue(cx.today).is_some())
                            .count(),
                        "reviews overdue",
                    )
                    .into_iter()
                    .collect(),
                    _ => Vec::new(),
                },
            });
            note.records += 1;
        }
    }
    out
}

/// One SoA row.
#[derive(Debug, Clone, Serialize)]
pub struct ControlView {
    /// "A.5.1".
    pub id: String,
    /// Title.
    pub title: String,
    /// Theme key.
    pub theme: Theme,
    /// Applicable.
    pub applicable: bool,
    /// Reasons for inclusion.
    pub reasons: Vec<Reason>,
    /// implemented | partial | planned | not-implemented | "" (excluded).
    #[serde(serialize_with = "status_or_empty")]
    pub status: Option<ImplementationStatus>,
    /// Justification.
    pub justification: String,
    /// Implementation notes.
    pub implementation: Md,
    /// Owner.
    pub owner: Option<PersonRef>,
    /// Evidence items; `url` set for http(s) links.
    pub evidence: Vec<EvidenceLink>,
    /// The evidence records covering the control, by id, with their
    /// freshness (from the register).
    pub records: Vec<CoveringEvidence>,
    /// The worst state among `records` (None: no record covers it).
    pub records_state: Option<EvidenceState>,
    /// How many evidence items the control shows: its own list plus the
    /// records.
    pub evidence_count: usize,
    /// The register behind the control (the asset inventory behind A.5.9),
    /// with its size and currency.
    pub register: Option<RegisterNote>,
    /// Risks relying on the control.
    pub risks: Vec<RecordRef>,
    /// Findings citing the control (id, audit id as title).
    pub findings: Vec<RecordRef>,
    /// Incidents citing the control.
    pub incidents: Vec<RecordRef>,
    /// Documents setting the control out: those its SoA entry cites, then
    /// those that say they implement it.
    pub documents: Vec<RecordRef>,
    /// Indicative SOC 2 criteria (third-party mapping).
    pub soc2: Vec<String>,
}

fn status_or_empty<S: Serializer>(
    status: &Option<ImplementationStatus>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match status {
        Some(v) => v.serialize(s),
        None => s.serialize_str(""),
    }
}

/// An evidence item as written in an SoA entry or a collection (a path, a
/// note or a URL), with a link when it is a safe http(s) URL. Not the
/// evidence record kind ([`crate::model::Evidence`]).
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceLink {
    /// As written.
    pub text: String,
    /// A safe http(s) URL, if the item is one.
    pub url: Option<String>,
}

/// An evidence record covering a control, as the SoA shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CoveringEvidence {
    /// "EV-004".
    pub id: String,
    /// Title.
    pub title: String,
    /// Cadence as written.
    pub every: String,
    /// Date of the latest collection (None: never collected).
    pub last: Option<NaiveDate>,
    /// Next due (None: never collected).
    pub due: Option<NaiveDate>,
    /// State as of the view's date.
    pub state: EvidenceState,
}

/// The records covering each control, by id within a control.
type Covering = HashMap<String, Vec<CoveringEvidence>>;

fn covering(register: &EvidenceRegister) -> Covering {
    let mut by_control: Covering = HashMap::new();
    for i in register.owners.iter().flat_map(|g| &g.items) {
        for c in &i.controls {
            by_control
                .entry(c.clone())
                .or_default()
                .push(CoveringEvidence {
                    id: i.id.clone(),
                    title: i.title.clone(),
                    every: i.every.clone(),
                    last: i.last.as_ref().map(|l| l.on),
                    due: i.due,
                    state: i.state,
                });
        }
    }
    for list in by_control.values_mut() {
        list.sort_by(|a, b| (a.id.len(), &a.id).cmp(&(b.id.len(), &b.id)));
        list.dedup_by(|a, b| a.id == b.id);
    }
    by_control
}

/// One theme of the SoA.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeView {
    /// Theme key.
    pub key: Theme,
    /// "Organizational controls".
    pub title: String,
    /// "A.5".
    pub clause: String,
    /// Counts.
    pub counts: SoaCounts,
    /// Rows.
    pub controls: Vec<ControlView>,
}

/// The Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
pub struct SoaView {
    /// Standard.
    pub standard: String,
    /// Version.
    pub version: String,
    /// Owner.
    pub owner: PersonRef,
    /// Approver, once the SoA is approved (who and when both recorded).
    pub approved_by: Option<PersonRef>,
    /// Approval date, once the SoA is approved.
    pub approved_on: Option<NaiveDate>,
    /// Counts over all themes.
    pub totals: SoaCounts,
    /// Themes in order.
    pub themes: Vec<ThemeView>,
    /// Document control of soa.toml from git.
    pub doc_control: DocControl,
}

/// The view of soa.toml over the whole Annex A catalogue.
/// The records covering each control come from `register`.
pub(super) fn view(
    cx: &ViewCx<'_>,
    cfg: &crate::model::Config,
    rec: &Record<Soa>,
    register: &EvidenceRegister,
) -> SoaView {
    let soa = &rec.data;
    let covering = covering(register);
    let registers = registers(cx, cfg);
    let entries: HashMap<&str, &SoaControl> =
        soa.control.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut totals = SoaCounts::default();
    let themes: Vec<ThemeView> = Theme::ALL
        .iter()
        .map(|&theme| {
            let t = theme_view(cx, theme, &entries, &covering, &registers);
            totals.absorb(&t.counts);
            t
        })
        .collect();
    totals.finish();
    SoaView {
        standard: soa.standard.clone(),
        version: soa.version.clone().unwrap_or_else(|| "1.0".into()),
        owner: cx.people.get(&soa.owner),
        approved_by: soa.approval().map(|(by, _)| cx.people.get(by)),
        approved_on: soa.approval().map(|(_, on)| on),
        totals,
        themes,
        doc_control: cx.doc_control(rec.file),
    }
}

fn theme_view(
    cx: &ViewCx<'_>,
    theme: Theme,
    entries: &HashMap<&str, &SoaControl>,
    covering: &Covering,
    registers: &Registers,
) -> ThemeView {
    let mut counts = SoaCounts::default();
    let controls: Vec<ControlView> = cx
        .cat
        .controls
        .iter()
        .filter(|c| c.theme == theme)
        .map(|c| {
            let records = covering.get(&c.id).cloned().unwrap_or_default();
            let mut row = control_view(cx, c, entries.get(c.id.as_str()).copied(), records);
            row.register = registers.get(c.id.as_str()).cloned();
            counts.add(row.applicable, row.status);
            row
        })
        .collect();
    counts.finish();
    ThemeView {
        key: theme,
        title: theme.title().to_string(),
        clause: theme.clause().to_string(),
        counts,
        controls,
    }
}

fn control_view(
    cx: &ViewCx<'_>,
    c: &crate::catalogue::Control,
    e: Option<&SoaControl>,
    records: Vec<CoveringEvidence>,
) -> ControlView {
    let applicable = e.is_some_and(|e| e.applicable);
    let xref = &cx.xref;
    let evidence: Vec<EvidenceLink> = e
        .map(|e| e.evidence.iter().map(|t| evidence_link(t)).collect())
        .unwrap_or_default();
    ControlView {
        id: c.id.clone(),
        title: c.title.to_string(),
        theme: c.theme,
        applicable,
        reasons: e.map(|e| e.reasons.clone()).unwrap_or_default(),
        status: e.and_then(|e| e.status).filter(|_| applicable),
        justification: e.map(|e| e.justification.clone()).unwrap_or_default(),
        implementation: (cx.md)(e.map_or("", |e| e.implementation.as_str())),
        owner: e.and_then(|e| e.owner.as_deref()).map(|p| cx.people.get(p)),
        evidence_count: evidence.len() + records.len(),
        records_state: records.iter().map(|r| r.state).min(),
        evidence,
        records,
        register: None,
        risks: refs::cited(&xref.risks_of_control, &c.id),
        findings: refs::cited(&xref.findings_of_control, &c.id),
        incidents: refs::cited(&xref.incidents_of_control, &c.id),
        documents: documents_of(cx, &c.id, e),
        soc2: cx
            .cat
            .soc2_of(&c.id, e.and_then(|e| e.soc2.as_deref()))
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

/// The documents of one control: its SoA entry's, then those implementing
/// it, each once.
fn documents_of(cx: &ViewCx<'_>, control: &str, e: Option<&SoaControl>) -> Vec<RecordRef> {
    let docs = &cx.tree.documents;
    let title = |id: &str| {
        docs.iter()
            .find(|d| d.data.id == id)
            .map_or("", |d| d.data.title.as_str())
    };
    let mut ids: Vec<&str> = e
        .map(|e| e.documents.iter().map(String::as_str).collect())
        .unwrap_or_default();
    for d in docs {
        if d.data.controls.iter().any(|c| c == control) && !ids.contains(&d.data.id.as_str()) {
            ids.push(&d.data.id);
        }
    }
    ids.into_iter()
        .map(|id| RecordRef::new(id, title(id)))
        .collect()
}

/// An evidence item, with a URL only for http(s) links (never javascript: etc.)
/// made of characters a URL may hold: text with spaces or `<>"{}|\^` and
/// backticks stays text, so every link a document prints is a valid URL.
pub(super) fn evidence_link(text: &str) -> EvidenceLink {
    let t = text.trim();
    let url_chars = t.chars().all(|c| {
        let iri = !c.is_ascii() && !c.is_whitespace() && !c.is_control();
        (c.is_ascii_graphic() || iri)
            && !matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
    });
    let url = (url_chars && (t.starts_with("https://") || t.starts_with("http://")))
        .then(|| t.to_string());
    EvidenceLink {
        text: text.to_string(),
        url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_links_only_valid_http_urls() {
        assert!(evidence_link("https://example.com/a?b=c#d").url.is_some());
        assert!(evidence_link("javascript:alert(1)").url.is_none());
        assert!(evidence_link("policies/x.pdf").url.is_none());
        assert!(evidence_link("https://example.com/<script>").url.is_none());
        assert!(evidence_link("https://example.com/a b").url.is_none());
    }
}
