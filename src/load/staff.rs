//! Reading the staff roster `[staff] roster` names: a CSV inside the tree
//! (a path leading out of it is refused as evidence paths are), its
//! headers matched leniently, each row that does not read a diagnostic at
//! its line (E137). A missing roster is E006 at the setting.

use std::collections::HashMap;

use super::Loader;
use super::csv_table::{self, Column};
use crate::diag::{Code, Diagnostic, FileId};
use crate::model::{Roster, StaffMember};

/// Headers that name a staff id, in a roster or a completion export.
pub const STAFF_ID_HEADERS: &[&str] = &[
    "staff id",
    "employee id",
    "employee number",
    "employee no",
    "emp id",
    "person id",
    "worker id",
    "staff number",
    "staff no",
    "payroll number",
    "employee",
    "personnel number",
    "personnel no",
    "employee code",
    "staff code",
    "worker number",
    "hr id",
    "user id",
    "learner id",
    "signer id",
];

/// Headers that name an email, in a roster or a completion export.
pub const EMAIL_HEADERS: &[&str] = &[
    "email address",
    "work email",
    "mail",
    "e-mail",
    "business email",
    "primary email",
    "user email",
    "learner email",
    "signer email",
];

/// The roster's columns: `id` and `department` required, the rest optional.
pub const ROSTER_COLUMNS: &[Column] = &[
    Column {
        field: "id",
        synonyms: STAFF_ID_HEADERS,
        required: true,
    },
    Column {
        field: "department",
        synonyms: &[
            "dept",
            "team",
            "division",
            "business unit",
            "org unit",
            "function",
            "department name",
        ],
        required: true,
    },
    Column {
        field: "start",
        synonyms: &[
            "start date",
            "hire date",
            "hired",
            "joined",
            "date joined",
            "joining date",
            "employment start",
            "employment start date",
            "start of employment",
            "date of joining",
            "original hire date",
            "contract start",
            "first day",
        ],
        required: false,
    },
    Column {
        field: "end",
        synonyms: &[
            "end date",
            "leaving date",
            "leave date",
            "termination date",
            "left",
            "exit date",
            "employment end",
            "employment end date",
            "end of employment",
            "date of leaving",
            "leaver date",
            "contract end",
            "last working day",
            "last day",
        ],
        required: false,
    },
    Column {
        field: "name",
        synonyms: &[
            "full name",
            "display name",
            "employee name",
            "preferred name",
            "legal name",
        ],
        required: false,
    },
    Column {
        field: "email",
        synonyms: EMAIL_HEADERS,
        required: false,
    },
];

impl Loader<'_> {
    /// The roster `[staff] roster` names, if isms.toml names one.
    pub(super) fn staff(&mut self) -> Option<Roster> {
        let config = self.tree.config.as_ref()?;
        let rel = config.data.staff.as_ref()?.roster.clone();
        let (setting, span) = (config.file, config.spans.value("/staff/roster"));
        let at = |code: Code, message: String, help: &str| {
            Diagnostic::new(code, Some(setting), span.clone(), message).help(help)
        };
        if let Err(why) = super::check_path(&rel) {
            let d = at(
                Code::Unreadable,
                format!("the roster `{rel}` is not inside the ISMS tree: {why}"),
                "keep the HR export inside the tree, e.g. people/staff.csv",
            );
            self.diags.push(d);
            return None;
        }
        let Some((file, text)) = self.read(&rel) else {
            let d = at(
                Code::MissingFile,
                format!("the roster {rel} does not exist"),
                "export the staff list from the HR system to that path, or correct `roster`",
            );
            self.diags.push(d);
            return None;
        };
        roster(file, &text?, self.diags)
    }
}

/// The members of a roster file's text; rows that do not read are
/// diagnostics. A file with no table at all (empty, no header) is no
/// roster: its one diagnostic says so, and completions are not then
/// reported as naming nobody.
fn roster(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Roster> {
    let row_diag = |span, message: String, help: &str| {
        Diagnostic::new(Code::RosterRow, Some(file), span, message).help(help)
    };
    let table = match csv_table::read(text, ROSTER_COLUMNS) {
        Ok(t) => t,
        Err(e) => {
            diags.push(row_diag(e.span, e.message, &e.help));
            return None;
        }
    };
    let mut members = Vec::with_capacity(table.rows.len());
    let mut unread = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(table.rows.len());
    for row in &table.rows {
        let cell = |c| table.cell(row, c);
        let id = cell(0);
        if id.is_empty() {
            diags.push(row_diag(
                row.span.clone(),
                format!("row {} has no staff id", row.line),
                "give every row the stable id completions name (an employee number)",
            ));
            continue;
        }
        if let Some(first) = seen.get(id) {
            diags.push(
                row_diag(
                    row.span.clone(),
                    format!("staff id `{id}` is on line {first} already"),
                    "each member of staff is one row; merge the two",
                )
                .label("a second row for the same id"),
            );
            continue;
        }
        let mut bad = false;
        let mut date = |c: usize, what: &str| {
            let t = cell(c);
            if t.is_empty() {
                return None;
            }
            let d = csv_table::date(t);
            if d.is_none() {
                bad = true;
                diags.push(row_diag(
                    row.span.clone(),
                    format!("the {what} of `{id}`, `{t}`, is not a date"),
                    "write dates as YYYY-MM-DD (or DD/MM/YYYY)",
                ));
            }
            d
        };
        let (start, end) = (date(2, "start"), date(3, "end"));
        if bad {
            unread.extend([id, cell(5)].into_iter().filter(|s| !s.is_empty()));
            continue;
        }
        let optional = |c| Some(cell(c).to_string()).filter(|s| !s.is_empty());
        seen.insert(id.to_string(), row.line);
        members.push(StaffMember {
            id: id.to_string(),
            department: cell(1).to_string(),
            start,
            end,
            name: optional(4),
            email: optional(5),
            line: row.line,
        });
    }
    let mut roster = Roster::new(members);
    for who in unread {
        roster.unread(who);
    }
    Some(roster)
}
