//! The completion files awareness campaigns record (`[[completion_file]]`):
//! what each holds now (its sha256, for the check that it is the file
//! recorded, as evidence files are checked) and its rows: who completed
//! (a staff id or the roster's email), when, with what score. Headers are
//! matched leniently; a row without a date, or whose `status` is not a
//! word for done, is no completion (exports list every learner); a row
//! naming nobody or with a date that is not one is E139 at its line. Who
//! the rows name is judged against the roster by the checker.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::csv_table::{self, Column};
use super::staff::STAFF_ID_HEADERS;
use super::{FileState, Loader, check_path, sha256_hex};
use crate::diag::{Code, Diagnostic, FileId, SourceFile};

/// The columns of a completion export: who (a staff id, else an email,
/// else a name, as the roster writes them), a date, optionally a score and
/// a status.
pub const COMPLETION_COLUMNS: &[Column] = &[
    Column {
        field: "id",
        synonyms: STAFF_ID_HEADERS,
        required: false,
    },
    Column {
        field: "email",
        synonyms: &[
            "email address",
            "work email",
            "e-mail",
            "mail",
            "business email",
            "primary email",
            "user email",
            "learner email",
            "signer email",
            "user",
            "learner",
            "username",
            "login",
            "signer",
        ],
        required: false,
    },
    Column {
        field: "date",
        synonyms: &[
            "completed",
            "completed on",
            "completion date",
            "date completed",
            "completed at",
            "signed",
            "signed on",
            "signed at",
            "date signed",
            "acknowledged",
            "acknowledged on",
            "acknowledged at",
            "finished",
            "finished on",
            "passed on",
            "timestamp",
            "completed date",
            "completion time",
            "completion timestamp",
            "signature date",
            "acknowledgement date",
            "acknowledgment date",
            "date acknowledged",
            "finish date",
        ],
        required: true,
    },
    Column {
        field: "score",
        synonyms: &["result", "grade", "percent", "percentage", "mark"],
        required: false,
    },
    Column {
        field: "status",
        synonyms: &["completion status", "state", "progress", "course status"],
        required: false,
    },
    Column {
        field: "name",
        synonyms: &[
            "full name",
            "learner name",
            "employee name",
            "staff name",
            "signer name",
            "display name",
        ],
        required: false,
    },
];

/// The words of a `status` column that mean done; a row with any other
/// status ("Not started", "In progress", "Failed") is no completion.
const DONE: &[&str] = &[
    "completed",
    "complete",
    "passed",
    "pass",
    "done",
    "signed",
    "acknowledged",
    "accepted",
    "attended",
    "finished",
    "yes",
    "true",
];

/// One row of a completion file.
#[derive(Debug, Clone)]
pub struct Completion {
    /// Who, as written: a staff id or an email.
    pub who: String,
    /// When.
    pub date: NaiveDate,
    /// The score, as written, if the export has one.
    pub score: Option<String>,
    /// The row's line (1-based).
    pub line: usize,
    /// The row's bytes in the file.
    pub span: Range<usize>,
}

/// A completion file as it is now.
#[derive(Debug, Clone)]
pub struct CompletionFile {
    /// Its text, kept for diagnostics (None when it could not be read).
    pub file: Option<FileId>,
    /// Its sha256, or why there is none.
    pub state: FileState,
    /// The rows that read.
    pub rows: Vec<Completion>,
    /// Whether every row read: the file is there, inside the tree, UTF-8,
    /// and none of its rows is an error. Without it a campaign's counts are
    /// unknown, and the errors already say why.
    pub whole: bool,
}

impl Loader<'_> {
    /// Every completion file the awareness records name, by path.
    pub(super) fn completion_files(&mut self) -> BTreeMap<String, CompletionFile> {
        let mut out = BTreeMap::new();
        let paths: Vec<String> = self
            .tree
            .awareness
            .iter()
            .flat_map(|r| r.data.completion_file.iter().map(|f| f.path.clone()))
            .collect();
        for path in paths {
            if out.contains_key(&path) {
                continue;
            }
            let f = self.completion_file(&path);
            out.insert(path, f);
        }
        out
    }

    fn completion_file(&mut self, rel: &str) -> CompletionFile {
        let gone = |state| CompletionFile {
            file: None,
            state,
            rows: Vec::new(),
            whole: false,
        };
        if let Err(why) = check_path(rel) {
            return gone(FileState::Outside(why.to_string()));
        }
        let bytes = match self.fs.read(rel) {
            Ok(Some(b)) => b,
            Ok(None) => return gone(FileState::Missing),
            Err(e) => return gone(FileState::Unreadable(e.to_string())),
        };
        let state = FileState::Hash(sha256_hex(&bytes));
        let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes))
            .into_owned();
        let file = self
            .tree
            .sources
            .add(SourceFile::new(rel.to_string(), text.clone()));
        if let Err(e) = std::str::from_utf8(&bytes) {
            let at = e.valid_up_to();
            self.diags.push(
                Diagnostic::new(
                    Code::Encoding,
                    Some(file),
                    at..at + 1,
                    format!("{rel} is not valid UTF-8 text"),
                )
                .label("this byte is not UTF-8")
                .help("export the file again as UTF-8 CSV"),
            );
            return CompletionFile {
                file: Some(file),
                state,
                rows: Vec::new(),
                whole: false,
            };
        }
        let errors = self.diags.len();
        let rows = completions(file, &text, self.diags);
        CompletionFile {
            file: Some(file),
            state,
            rows,
            whole: self.diags.len() == errors,
        }
    }
}

/// The rows of a completion file's text; rows that do not read are E139.
pub fn completions(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Completion> {
    let bad = |span, message: String, help: &str| {
        Diagnostic::new(Code::CompletionRow, Some(file), span, message).help(help)
    };
    let table = match csv_table::read(text, COMPLETION_COLUMNS) {
        Ok(t) if t.found[0].is_none() && t.found[1].is_none() && t.found[5].is_none() => {
            diags.push(bad(
                t.header_span,
                "no column names who completed: no staff id, email or name".into(),
                "name a column `id` (the roster's staff id), `email` or `name` (as the roster \
                 writes them)",
            ));
            return Vec::new();
        }
        Ok(t) => t,
        Err(e) => {
            diags.push(bad(e.span, e.message, &e.help));
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let who = [0, 1, 5]
            .into_iter()
            .map(|c| table.cell(row, c))
            .find(|c| !c.is_empty())
            .unwrap_or("");
        if who.is_empty() {
            diags.push(bad(
                row.span.clone(),
                format!("row {} names nobody: no staff id and no email", row.line),
                "give each row the staff id (or email) of who completed",
            ));
            continue;
        }
        // Exports that list every learner: a row not (yet) completed is
        // no completion, and no mistake.
        let status = crate::sheet::normalise(table.cell(row, 4));
        let when = table.cell(row, 2);
        if (!status.is_empty() && !DONE.contains(&status.as_str())) || when.is_empty() {
            continue;
        }
        let Some(date) = csv_table::date(when) else {
            diags.push(bad(
                row.span.clone(),
                format!("the date of `{who}`'s completion, `{when}`, is not a date"),
                "write dates as YYYY-MM-DD (a time after it, or DD/MM/YYYY, also read)",
            ));
            continue;
        };
        let score = Some(table.cell(row, 3).to_string()).filter(|s| !s.is_empty());
        out.push(Completion {
            who: who.to_string(),
            date,
            score,
            line: row.line,
            span: row.span.clone(),
        });
    }
    out
}
