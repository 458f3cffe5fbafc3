//! The id shapes of the record kinds: what `isms check` (E010) and the id
//! allocator hold each kind's ids to.

/// "SUP-" then digits: "SUP-001".
pub fn is_supplier_id(s: &str) -> bool {
    s.strip_prefix("SUP-").is_some_and(all_digits)
}

/// "MET-" then digits: "MET-001".
pub fn is_metric_id(s: &str) -> bool {
    s.strip_prefix("MET-").is_some_and(all_digits)
}

/// "OBJ-" then digits: "OBJ-01".
pub fn is_objective_id(s: &str) -> bool {
    s.strip_prefix("OBJ-").is_some_and(all_digits)
}

/// "AST-" then digits: "AST-001".
pub fn is_asset_id(s: &str) -> bool {
    s.strip_prefix("AST-").is_some_and(all_digits)
}

/// "OBL-" then digits: "OBL-001".
pub fn is_obligation_id(s: &str) -> bool {
    s.strip_prefix("OBL-").is_some_and(all_digits)
}

/// The organisation's own code: a capital, then capitals, digits and
/// single hyphens, not ending in one: "ISP-01", "POL-AC-2".
pub fn is_document_id(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// "EV-" then digits: "EV-004".
pub fn is_evidence_id(s: &str) -> bool {
    s.strip_prefix("EV-").is_some_and(all_digits)
}

/// "R-" then digits: "R-007".
pub fn is_risk_id(s: &str) -> bool {
    s.strip_prefix("R-").is_some_and(all_digits)
}

/// Two to four capitals, the year, a number: "IA-2026-01".
pub fn is_audit_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let prefix = |p: &str| (2..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_uppercase());
    matches!(parts[..], [p, y, n] if prefix(p) && is_year(y) && all_digits(n))
}

/// "MR-", the year, a period: "MR-2026-Q3", "MR-2026-03".
pub fn is_review_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let period = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    matches!(parts[..], ["MR", y, p] if is_year(y) && period(p))
}

/// "AWR-", the year, a number: "AWR-2026-01".
pub fn is_awareness_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    matches!(parts[..], ["AWR", y, n] if is_year(y) && all_digits(n))
}

/// "INC-", the year, a number: "INC-2026-004".
pub fn is_incident_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    matches!(parts[..], ["INC", y, n] if is_year(y) && all_digits(n))
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && all_digits(s)
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::kinds::specs;

    #[test]
    fn record_id_shapes() {
        assert!(is_risk_id("R-007") && is_risk_id("R-7"));
        assert!(!is_risk_id("RISK-007") && !is_risk_id("R-"));
        assert!(is_audit_id("IA-2026-01"));
        assert!(!is_audit_id("IA-26-01") && !is_audit_id("ia-2026-01"));
        assert!(is_review_id("MR-2026-Q3") && !is_review_id("MR-Q3"));
        assert!(is_incident_id("INC-2026-004"));
        assert!(!is_incident_id("INC-04") && !is_incident_id("INC-2026-"));
        assert!(is_supplier_id("SUP-001") && !is_supplier_id("SUP-") && !is_supplier_id("S-1"));
        assert!(is_asset_id("AST-001") && !is_asset_id("AST-") && !is_asset_id("A-1"));
        assert!(is_metric_id("MET-001") && !is_metric_id("MET-") && !is_metric_id("M-1"));
        assert!(is_objective_id("OBJ-01") && !is_objective_id("OBJ-") && !is_objective_id("O-1"));
        assert!(is_evidence_id("EV-004") && !is_evidence_id("EV-") && !is_evidence_id("E-1"));
        assert!(is_document_id("ISP-01") && is_document_id("POL-AC-2") && is_document_id("SCOPE"));
        assert!(!is_document_id("isp-01") && !is_document_id("ISP-") && !is_document_id("1SP"));
        assert!(!is_document_id("ISP--1") && !is_document_id("ISP_01") && !is_document_id(""));
    }

    #[test]
    fn kinds_are_listed_once_each() {
        let folders: std::collections::HashSet<_> = specs().iter().map(|k| k.folder).collect();
        assert_eq!(folders.len(), specs().len());
        assert!(specs().iter().all(|k| (k.id_shape)(k.id_example)));
    }
}
