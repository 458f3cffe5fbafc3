//! Issues 20 and 23: the asset inventory, the supplier register and the
//! obligations register imported as they are kept, and updated in place.

use crate::sheets::{s, write};
use crate::support::{check_json, isms, temp_copy};

/// Issue 20: an asset inventory as one is kept (a title row, "Asset name",
/// owners by name or role, "Confidential") makes asset records that check
/// clean; a row already in the tree that says what it says changes nothing.
#[test]
fn an_asset_inventory_creates_assets_that_check_clean() {
    let tree = temp_copy("valid/registers");
    let a1 = tree.path().join("assets/AST-001.md");
    let before = std::fs::read_to_string(&a1).unwrap();
    let sheet = write(
        tree.path(),
        "assets.csv",
        "Information asset inventory,,,,,,,,\n\
         ,,,,,,,,\n\
         Asset ID,Asset name,Asset owner,Asset type,Classification,Location,Runs on,Vendor,Last reviewed\n\
         AST-001,Email,Bob Example,Service,,Hosted,AST-002,SUP-001,2026-09-01\n\
         AST-005,Customer database,Alice Example,Information,Confidential,eu-west-1,AST-004,SUP-001,2026-10-01\n\
         AST-006,Laptops,CEO,Hardware,Internal,Staff homes,,,2026-10-02\n",
    );
    let run = isms(&["import", "assets", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("create assets/AST-005.md"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("create assets/AST-006.md"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("AST-001"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("note: row 6: column owner `CEO` read as `alice` (Alice Example, CEO)"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&a1).unwrap(), before);
    let a5 = std::fs::read_to_string(tree.path().join("assets/AST-005.md")).unwrap();
    for want in [
        "title = \"Customer database\"",
        "owner = \"alice\"",
        "type = \"information\"",
        "classification = \"confidential\"",
        "depends_on = [\"AST-004\"]",
        "suppliers = [\"SUP-001\"]",
        "location = \"eu-west-1\"",
        "status = \"active\"",
        "reviewed = 2026-10-01",
    ] {
        assert!(a5.contains(want), "{want}\n{a5}");
    }
    let a6 = std::fs::read_to_string(tree.path().join("assets/AST-006.md")).unwrap();
    assert!(a6.contains("owner = \"alice\""), "{a6}");
    assert!(a6.contains("type = \"hardware\""), "{a6}");
    let (code, report) = check_json(tree.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    // Imported again, the sheet changes nothing.
    let run = isms(&["import", "assets", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("nothing to change"), "{}", run.stdout);
}

/// Issue 20: a supplier register (a title row, "Vendor", "Criticality" =
/// "High", "DPA signed" = "Yes") makes supplier records, a contract set key
/// by key; a row that says what its supplier says changes nothing.
#[test]
fn a_supplier_register_creates_suppliers_with_their_contracts() {
    let tree = temp_copy("valid/registers");
    let s1 = tree.path().join("suppliers/SUP-001.md");
    let before = std::fs::read_to_string(&s1).unwrap();
    let sheet = write(
        tree.path(),
        "suppliers.csv",
        "Supplier register,,,,,,,,,\n\
         Supplier ID,Vendor,Relationship owner,Services,Criticality,Status,Data classification,Contract end,DPA signed,Security terms\n\
         SUP-001,Mail host,Bob Example,Hosted staff email,High,Active,Confidential,,Yes,Yes\n\
         SUP-003,Payroll bureau,Alice Example,Payroll,Medium,Active,Restricted,2027-12-31,Yes,Yes\n\
         SUP-004,Sandwich shop,CEO,,Low,Onboarding,,,No,No\n",
    );
    let run = isms(&["import", "suppliers", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("SUP-001"), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(&s1).unwrap(), before);
    let s3 = std::fs::read_to_string(tree.path().join("suppliers/SUP-003.md")).unwrap();
    for want in [
        "title = \"Payroll bureau\"",
        "owner = \"alice\"",
        "services = \"Payroll\"",
        "criticality = \"medium\"",
        "status = \"active\"",
        "data = \"restricted\"",
        "contract = { end = 2027-12-31, dpa = true, security_terms = true }",
    ] {
        assert!(s3.contains(want), "{want}\n{s3}");
    }
    let s4 = std::fs::read_to_string(tree.path().join("suppliers/SUP-004.md")).unwrap();
    assert!(!s4.contains("\ncontract"), "{s4}");
    let (code, report) = check_json(tree.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    // A contract's key changed in the sheet is changed where it stands.
    let sheet = write(
        tree.path(),
        "suppliers.csv",
        "Supplier ID,Vendor,Relationship owner,Criticality,Status,DPA signed\n\
         SUP-001,Mail host,bob,high,active,No\n",
    );
    let run = isms(&["import", "suppliers", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("change suppliers/SUP-001.md: contract.dpa true -> false"),
        "{}",
        run.stdout
    );
    let after = std::fs::read_to_string(&s1).unwrap();
    assert_eq!(after, before.replace("\ndpa = true\n", "\ndpa = false\n"));
    // An inline contract is not set key by key (its other keys would go).
    let s2 = tree.path().join("suppliers/SUP-002.md");
    let text = std::fs::read_to_string(&s2).unwrap().replace(
        "[contract]\nstart = 2022-01-01\nend = 2025-06-30\n",
        "contract = { start = 2022-01-01, end = 2025-06-30 }\n",
    );
    std::fs::write(&s2, &text).unwrap();
    let sheet = write(
        tree.path(),
        "suppliers.csv",
        "Supplier ID,DPA signed\nSUP-002,Yes\n",
    );
    let run = isms(&["import", "suppliers", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the contract is an inline table here: write it as a [contract] table"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&s2).unwrap(), text);
}

/// Issue 23: an obligations register as one is kept ("Legal requirement",
/// "Type" = "Law", "Review frequency" = "Annually", owners by name) makes
/// obligation records that check clean; a changed cell is changed where it
/// stands; a cadence that is none is refused with nothing written.
#[test]
fn an_obligations_register_creates_and_updates_obligations() {
    let tree = temp_copy("valid/obligations");
    let o2 = tree.path().join("obligations/OBL-002.md");
    let before = std::fs::read_to_string(&o2).unwrap();
    let sheet = write(
        tree.path(),
        "obligations.csv",
        "Legal and regulatory register,,,,,,,,\n\
         Obligation ID,Legal requirement,Type,Country,Responsible,Citation,Annex A,Policies,Review frequency,Last reviewed,Status\n\
         OBL-002,Customer security schedule,Contract,,Alice Example,\"Fixture Co customer terms, Schedule 2\",\"A.5.1, A.8.13\",,Every 2 years,2026-06-01,Applicable\n\
         OBL-004,Network and Information Systems Regulations,Regulation,UK,Bob Example,SI 2018/506,A.5.24,ISP-01,Annually,2026-10-01,Monitoring\n",
    );
    let run = isms(&["import", "obligations", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("change obligations/OBL-002.md: review_every \"yearly\" -> \"2y\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("create obligations/OBL-004.md"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&o2).unwrap(),
        before.replace("review_every = \"yearly\"", "review_every = \"2y\"")
    );
    let o4 = std::fs::read_to_string(tree.path().join("obligations/OBL-004.md")).unwrap();
    for want in [
        "title = \"Network and Information Systems Regulations\"",
        "kind = \"regulation\"",
        "jurisdiction = \"UK\"",
        "owner = \"bob\"",
        "source = \"SI 2018/506\"",
        "controls = [\"A.5.24\"]",
        "documents = [\"ISP-01\"]",
        "review_every = \"annually\"",
        "reviewed = 2026-10-01",
        "status = \"monitoring\"",
    ] {
        assert!(o4.contains(want), "{want}\n{o4}");
    }
    let (code, report) = check_json(tree.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    // Imported again, the sheet changes nothing.
    let run = isms(&["import", "obligations", s(&sheet), "--dir", s(tree.path())]);
    assert!(run.stdout.contains("nothing to change"), "{}", run.stdout);
    // A review frequency that is no cadence: refused, nothing written.
    let bad = write(
        tree.path(),
        "obligations.csv",
        "id,title,kind,owner,source,review_every,reviewed,status\n\
         OBL-005,PCI DSS,standard,bob,PCI SSC,Whenever,2026-10-01,applicable\n",
    );
    let run = isms(&["import", "obligations", s(&bad), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`Whenever` is not a cadence: write yearly, half-yearly"),
        "{}",
        run.stderr
    );
    assert!(!tree.path().join("obligations/OBL-005.md").exists());
}

/// Issue 20: a supplier sheet's certifications (names beside their
/// expiry) and last review add entries: a renewal is a new
/// `[[certification]]`, a review a new `[[review]]`; what the record holds
/// already changes nothing, and a review without its reviewer is refused.
#[test]
fn supplier_certifications_and_reviews_are_appended_from_the_sheet() {
    let tree = temp_copy("valid/registers");
    let s1 = tree.path().join("suppliers/SUP-001.md");
    let before = std::fs::read_to_string(&s1).unwrap();
    let sheet = write(
        tree.path(),
        "suppliers.csv",
        "Supplier ID,Vendor,Certification,Certification expiry,Last reviewed,Reviewer,Outcome\n\
         SUP-001,Mail host,ISO/IEC 27001; SOC 2 Type II,2027-06-30; 2027-03-31,2026-11-02,Bob Example,Approved\n",
    );
    let run = isms(&["import", "suppliers", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "change suppliers/SUP-001.md: certification + \"SOC 2 Type II\" 2027-03-31, \
             review + 2026-11-02 \"bob\" \"approved\""
        ),
        "{}",
        run.stdout
    );
    let after = std::fs::read_to_string(&s1).unwrap();
    let (toml, body) = before.rsplit_once("+++\n").unwrap();
    assert_eq!(
        after,
        format!(
            "{toml}\n[[certification]]\nname = \"SOC 2 Type II\"\nvalid_until = 2027-03-31\n\n\
             [[review]]\non = 2026-11-02\nby = \"bob\"\noutcome = \"approved\"\n+++\n{body}"
        )
    );
    let (code, report) = check_json(tree.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    // Again: all recorded, nothing to change.
    let run = isms(&["import", "suppliers", s(&sheet), "--dir", s(tree.path())]);
    assert!(run.stdout.contains("nothing to change"), "{}", run.stdout);
    // The export shows them: the latest of each certification, the last review.
    let csv = isms(&["export", "suppliers", s(tree.path())]);
    assert!(
        csv.stdout.contains(
            ",ISO/IEC 27001; SOC 2 Type II,2027-06-30; 2027-03-31,2026-11-02,bob,approved\n"
        ),
        "{}",
        csv.stdout
    );

    // A review with no reviewer, and names and dates that do not pair up.
    let bad = write(
        tree.path(),
        "suppliers.csv",
        "Supplier ID,Certification,Certification expiry,Last reviewed\n\
         SUP-001,ISO/IEC 27001,2027-06-30,2026-11-10\n\
         SUP-002,Cyber Essentials; ISO/IEC 27001,2026-05-01,\n",
    );
    let text = std::fs::read_to_string(&s1).unwrap();
    let run = isms(&["import", "suppliers", s(&bad), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for want in [
        "SUP-001: a new review needs by and outcome (the sheet gives on)",
        "certifications_valid_until lists 1 entry where certifications and \
         certifications_valid_until lists 2",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(&s1).unwrap(), text);
}

/// Issue 20: an asset's CIA ratings are three columns, all or none, each
/// a number on the `[assets] cia_levels` scale or Low/Medium/High.
#[test]
fn asset_cia_ratings_are_read_as_three_columns() {
    let tree = temp_copy("valid/registers");
    let a1 = tree.path().join("assets/AST-001.md");
    let before = std::fs::read_to_string(&a1).unwrap();
    let sheet = write(
        tree.path(),
        "assets.csv",
        "Asset ID,Asset name,Asset owner,C,I,A\n\
         AST-001,Email,bob,3,2,2\n\
         AST-005,Payroll records,alice,High,High,Low\n",
    );
    let run = isms(&["import", "assets", s(&sheet), "--dir", s(tree.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&a1).unwrap(), before);
    let a5 = std::fs::read_to_string(tree.path().join("assets/AST-005.md")).unwrap();
    assert!(
        a5.contains("cia = { confidentiality = 3, integrity = 3, availability = 1 }"),
        "{a5}"
    );
    assert!(run.stderr.contains("`High` read as `3`"), "{}", run.stderr);
    let bad = write(
        tree.path(),
        "assets.csv",
        "Asset ID,Asset name,Asset owner,Confidentiality,Integrity,Availability\n\
         AST-001,Email,bob,4,2,2\n\
         AST-002,Single sign-on,bob,3,,\n",
    );
    let run = isms(&["import", "assets", s(&bad), "--dir", s(tree.path())]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for want in [
        "4 is not on the CIA scale: expected 1 to 3",
        "a cia needs all of confidentiality, integrity and availability (or none)",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
}
