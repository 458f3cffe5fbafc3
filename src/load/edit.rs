//! Format-preserving edits of a record's front matter: set one top-level
//! key to a TOML value and keep every other byte of the file as it was
//! (comments, key order, spacing, the Markdown body, CRLF line endings, a
//! byte order mark).
//!
//! The front matter is parsed with `toml_edit` only to find where the key's
//! value is (or where a new key belongs); the edit itself splices those
//! bytes, so nothing is re-serialised. The result is parsed again and
//! compared with the original: the edit is refused unless the only change
//! is the key's value.

use std::ops::Range;

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use toml_edit::{ImDocument, Item};

use super::split_front_matter;

/// What [`set_top_level`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    /// The whole file after the edit.
    pub text: String,
    /// The key's value before, as written in the file (None: the key was
    /// inserted).
    pub old: Option<String>,
    /// Whether the text changed (false when the value was already the same
    /// text).
    pub changed: bool,
}

/// Set top-level key `key` of the front matter of record text `text` to
/// `value`. An existing value is replaced where it stands (a comment after
/// it stays); a missing key is inserted on its own line after the first of
/// `after` that the front matter has, else after the last top-level
/// key/value, with the line ending of the line before it.
pub fn set_top_level(
    text: &str,
    key: &str,
    value: &toml_edit::Value,
    after: &[&str],
) -> Result<Edited> {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}".len()
    } else {
        0
    };
    let (toml, base, _) =
        split_front_matter(&text[bom..]).map_err(|(_, message)| anyhow::anyhow!("{message}"))?;
    let base = bom + base;
    let doc = ImDocument::parse(toml).context("the front matter is not valid TOML")?;
    let repr = value.clone().decorated("", "").to_string();
    let table = doc.as_table();
    let (at, insert) = match table.get(key) {
        Some(Item::Value(v)) => (span(v.span(), key)?, None),
        Some(_) => bail!("`{key}` is a table here, not a value; not editing it"),
        None => {
            let end = insertion_point(toml, table, after)?;
            (end..end, Some(line_ending(toml, end)))
        }
    };
    let old = insert.is_none().then(|| toml[at.clone()].to_string());
    let new_toml = match insert {
        Some(eol) => format!(
            "{}{key} = {repr}{eol}{}",
            &toml[..at.start],
            &toml[at.end..]
        ),
        None => format!("{}{repr}{}", &toml[..at.start], &toml[at.end..]),
    };
    verify(toml, &new_toml, key, &repr)?;
    let start = base + at.start;
    let end = base + at.end;
    let inserted = match insert {
        Some(eol) => format!("{key} = {repr}{eol}"),
        None => repr,
    };
    let new_text = format!("{}{inserted}{}", &text[..start], &text[end..]);
    Ok(Edited {
        changed: new_text != text,
        text: new_text,
        old,
    })
}

/// Append an entry to the array of tables `key` (`[[collection]]`) of
/// record text `text`: `body` (its `key = value` lines, LF-separated) goes
/// at the end of the front matter under a `[[key]]` header, after a blank
/// line, with the file's line endings. Every byte before and after is kept.
/// The result is parsed again: the edit is refused unless the only change
/// is one more entry, equal to `body`, at the end of `key`.
pub fn append_table(text: &str, key: &str, body: &str) -> Result<Edited> {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}".len()
    } else {
        0
    };
    let (toml, base, _) =
        split_front_matter(&text[bom..]).map_err(|(_, message)| anyhow::anyhow!("{message}"))?;
    let base = bom + base;
    let eol = if text[bom..].starts_with("+++\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let new_toml = appended(toml, key, body, eol)?;
    let at = base + toml.len();
    let new_text = format!("{}{}{}", &text[..at], &new_toml[toml.len()..], &text[at..]);
    Ok(Edited {
        changed: true,
        text: new_text,
        old: None,
    })
}

/// Append an entry to the array of tables `key` of the whole TOML file
/// `toml` (soa.toml's `[[control]]`), as [`append_table`] does in a
/// record's front matter, with the line ending of its first line.
pub fn append_toml(toml: &str, key: &str, body: &str) -> Result<String> {
    appended(toml, key, body, line_ending(toml, 0))
}

/// `toml` with `body` appended under `[[key]]`, after a blank line,
/// verified.
fn appended(toml: &str, key: &str, body: &str, eol: &str) -> Result<String> {
    let mut block = String::new();
    if !toml.is_empty() && !toml.ends_with('\n') {
        block.push_str(eol);
    }
    if !toml.trim().is_empty() {
        block.push_str(eol);
    }
    block.push_str(&format!("[[{key}]]{eol}"));
    for line in body.lines() {
        block.push_str(line);
        block.push_str(eol);
    }
    let new_toml = format!("{toml}{block}");
    verify_append(toml, &new_toml, key, body)?;
    Ok(new_toml)
}

/// Refuse an append that changed anything but adding `body` at the end of
/// the array of tables `key`.
fn verify_append(old: &str, new: &str, key: &str, body: &str) -> Result<()> {
    let parse = |s: &str| s.parse::<toml::Table>();
    let mut before = parse(old).context("the front matter is not valid TOML")?;
    let mut after = parse(new)
        .with_context(|| format!("appending [[{key}]] would break the front matter's TOML"))?;
    let entry = parse(body).context("the new entry is not valid TOML")?;
    let mut wanted = match before.remove(key) {
        None => Vec::new(),
        Some(toml::Value::Array(a)) => a,
        Some(_) => bail!("`{key}` is not an array of tables here; not editing it"),
    };
    wanted.push(toml::Value::Table(entry));
    let got = after.remove(key);
    if got != Some(toml::Value::Array(wanted)) || before != after {
        bail!("appending to `{key}` would change more than that; the file was left alone");
    }
    Ok(())
}

/// A value's span, which a freshly parsed document always has.
fn span(span: Option<Range<usize>>, key: &str) -> Result<Range<usize>> {
    span.with_context(|| format!("could not locate the value of `{key}` in the front matter"))
}

/// Where a new top-level key goes: the start of the line after the value
/// of the first key of `after` present, else after the last top-level
/// key/value, else the start of the front matter.
fn insertion_point(toml: &str, table: &toml_edit::Table, after: &[&str]) -> Result<usize> {
    let anchor = after.iter().find_map(|k| match table.get(k) {
        Some(Item::Value(v)) => Some(v.span()),
        _ => None,
    });
    let end = match anchor {
        Some(s) => Some(span(s, "the anchor key")?.end),
        None => table
            .iter()
            .filter_map(|(_, item)| match item {
                Item::Value(v) => v.span().map(|s| s.end),
                _ => None,
            })
            .max(),
    };
    Ok(match end {
        Some(end) => toml[end..].find('\n').map_or(toml.len(), |i| end + i + 1),
        None => 0,
    })
}

/// The line ending of the line that ends just before `at` (or the first
/// line, at the start): CRLF or LF.
fn line_ending(toml: &str, at: usize) -> &'static str {
    let line = if at == 0 {
        toml.split_inclusive('\n').next().unwrap_or("")
    } else {
        &toml[..at]
    };
    if line.ends_with("\r\n") { "\r\n" } else { "\n" }
}

/// Refuse an edit that changed anything but `key`, or did not set it.
fn verify(old: &str, new: &str, key: &str, repr: &str) -> Result<()> {
    let parse = |s: &str| s.parse::<toml::Table>();
    let mut before = parse(old).context("the front matter is not valid TOML")?;
    let mut after = parse(new).context("the edit would break the front matter's TOML")?;
    let wanted = parse(&format!("v = {repr}"))
        .ok()
        .and_then(|mut t| t.remove("v"));
    let got = after.remove(key);
    before.remove(key);
    if got.is_none() || got != wanted || before != after {
        bail!("the edit of `{key}` would change more than its value; the file was left alone");
    }
    Ok(())
}

/// One step of the path to a table: a key, or an entry of an array of
/// tables (`control[4]` is `[Key("control"), Index(4)]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A table under a key.
    Key(&'a str),
    /// An entry of the array of tables the previous key names.
    Index(usize),
}

/// One edit of a TOML document: set `key` of the table at `table` to
/// `value`, or remove it (`None`). A new key goes on its own line after the
/// first of `after` the table has, else after its last key/value.
#[derive(Debug, Clone)]
pub struct Edit<'a> {
    /// The path of the table ([] for the top level).
    pub table: Vec<Seg<'a>>,
    /// The key.
    pub key: &'a str,
    /// The new value; None removes the key and its line.
    pub value: Option<toml_edit::Value>,
    /// Keys to insert a new key after, first found wins.
    pub after: &'a [&'a str],
}

/// Apply edits, one after the other, to the front matter of record text
/// `text`, keeping every other byte (see the module's notes).
pub fn change_record(text: &str, edits: &[Edit<'_>]) -> Result<String> {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}".len()
    } else {
        0
    };
    let (toml, base, _) =
        split_front_matter(&text[bom..]).map_err(|(_, message)| anyhow::anyhow!("{message}"))?;
    let start = bom + base;
    let end = start + toml.len();
    let new = change_toml(toml, edits)?;
    Ok(format!("{}{new}{}", &text[..start], &text[end..]))
}

/// Apply edits, one after the other, to a whole TOML file.
pub fn change_toml(toml: &str, edits: &[Edit<'_>]) -> Result<String> {
    let mut text = toml.to_string();
    for c in edits {
        text = change_one(&text, c)?;
    }
    Ok(text)
}

fn change_one(toml: &str, c: &Edit<'_>) -> Result<String> {
    let doc = ImDocument::parse(toml).context("the TOML is not valid")?;
    let table = locate(doc.as_table(), &c.table)?;
    let key = c.key;
    let new = match (table.get(key), &c.value) {
        (Some(Item::Value(v)), Some(value)) => {
            let at = span(v.span(), key)?;
            let repr = value.clone().decorated("", "").to_string();
            format!("{}{repr}{}", &toml[..at.start], &toml[at.end..])
        }
        (Some(Item::Value(v)), None) => {
            let key_span = span(table.key(key).and_then(toml_edit::Key::span), key)?;
            let value_span = span(v.span(), key)?;
            let from = toml[..key_span.start].rfind('\n').map_or(0, |i| i + 1);
            let to = toml[value_span.end..]
                .find('\n')
                .map_or(toml.len(), |i| value_span.end + i + 1);
            format!("{}{}", &toml[..from], &toml[to..])
        }
        (Some(_), _) => bail!("`{key}` is a table here, not a value; not editing it"),
        (None, None) => return Ok(toml.to_string()),
        (None, Some(value)) => {
            let repr = value.clone().decorated("", "").to_string();
            let at = match insertion_in(toml, table, c.after)? {
                Some(at) => at,
                None if c.table.is_empty() => 0,
                None => {
                    let header = span(table.span(), "the table")?;
                    toml[header.end..]
                        .find('\n')
                        .map_or(toml.len(), |i| header.end + i + 1)
                }
            };
            let eol = line_ending(toml, at);
            let pre = if at == toml.len() && !toml.is_empty() && !toml.ends_with('\n') {
                eol
            } else {
                ""
            };
            format!("{}{pre}{key} = {repr}{eol}{}", &toml[..at], &toml[at..])
        }
    };
    verify_change(toml, &new, c)?;
    Ok(new)
}

/// The table at a path.
fn locate<'d>(root: &'d toml_edit::Table, path: &[Seg<'_>]) -> Result<&'d toml_edit::Table> {
    let mut table = root;
    let mut i = 0;
    while i < path.len() {
        match (path[i], path.get(i + 1)) {
            (Seg::Key(k), Some(Seg::Index(n))) => {
                table = match table.get(k) {
                    Some(Item::ArrayOfTables(a)) => a
                        .get(*n)
                        .with_context(|| format!("there is no entry {n} of `{k}`"))?,
                    _ => bail!("`{k}` is not an array of tables"),
                };
                i += 2;
            }
            (Seg::Key(k), _) => {
                table = match table.get(k) {
                    Some(Item::Table(t)) => t,
                    _ => bail!("`{k}` is not a table"),
                };
                i += 1;
            }
            (Seg::Index(_), _) => bail!("a table path cannot start with an index"),
        }
    }
    Ok(table)
}

/// Where a new key of `table` goes: the start of the line after the first
/// anchor's value, else after its last value; None when it has no values.
fn insertion_in(toml: &str, table: &toml_edit::Table, after: &[&str]) -> Result<Option<usize>> {
    let anchor = after.iter().find_map(|k| match table.get(k) {
        Some(Item::Value(v)) => Some(v.span()),
        _ => None,
    });
    let end = match anchor {
        Some(s) => Some(span(s, "the anchor key")?.end),
        None => table
            .iter()
            .filter_map(|(_, item)| match item {
                Item::Value(v) => v.span().map(|s| s.end),
                _ => None,
            })
            .max(),
    };
    Ok(end.map(|end| toml[end..].find('\n').map_or(toml.len(), |i| end + i + 1)))
}

/// The parsed table at a path, mutably.
fn walk<'v>(v: &'v mut toml::Value, path: &[Seg<'_>]) -> Option<&'v mut toml::Table> {
    let mut cur = v;
    for seg in path {
        cur = match seg {
            Seg::Key(k) => cur.as_table_mut()?.get_mut(*k)?,
            Seg::Index(n) => cur.as_array_mut()?.get_mut(*n)?,
        };
    }
    cur.as_table_mut()
}

/// Refuse an edit that did more than set (or remove) its key.
fn verify_change(old: &str, new: &str, c: &Edit<'_>) -> Result<()> {
    let parse = |s: &str| s.parse::<toml::Table>().map(toml::Value::Table);
    let mut before = parse(old).context("the TOML is not valid")?;
    let mut after = parse(new).context("the edit would break the TOML")?;
    let wanted = match &c.value {
        Some(v) => parse(&format!("v = {}", v.clone().decorated("", "")))
            .ok()
            .and_then(|t| t.get("v").cloned()),
        None => None,
    };
    let ok = match (walk(&mut before, &c.table), walk(&mut after, &c.table)) {
        (Some(b), Some(a)) => {
            b.remove(c.key);
            a.remove(c.key) == wanted
        }
        _ => false,
    };
    if !ok || before != after {
        bail!(
            "the edit of `{}` would change more than its value; the file was left alone",
            c.key
        );
    }
    Ok(())
}

/// A TOML date value (`2026-11-20`).
pub fn date_value(d: chrono::NaiveDate) -> toml_edit::Value {
    use chrono::Datelike;
    let date = toml_edit::Date {
        year: u16::try_from(d.year()).unwrap_or(0),
        month: u8::try_from(d.month()).unwrap_or(1),
        day: u8::try_from(d.day()).unwrap_or(1),
    };
    toml_edit::Value::from(toml_edit::Datetime {
        date: Some(date),
        time: None,
        offset: None,
    })
}

/// A TOML basic string holding `s`, quoted and escaped (`"A \"B\""`).
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML basic string value holding `s`, as [`toml_string`] writes it
/// (`toml_edit` alone would pick a literal string for some texts).
pub fn string_value(s: &str) -> toml_edit::Value {
    toml_string(s)
        .parse::<toml_edit::Value>()
        .unwrap_or_else(|_| toml_edit::Value::from(s))
}

/// A TOML array of basic strings on one line (`["a", "b"]`).
pub fn string_array(items: &[String]) -> toml_edit::Value {
    let mut arr = toml_edit::Array::new();
    for s in items {
        arr.push(string_value(s));
    }
    toml_edit::Value::Array(arr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> toml_edit::Value {
        date_value(s.parse().unwrap())
    }

    const AFTER: &[&str] = &["identified"];

    #[test]
    fn replaces_a_value_in_place() {
        let text = "+++\nid = \"R-1\"\nreviewed   =  2026-01-01 # last time\nx = 1\n+++\nbody\n";
        let e = set_top_level(text, "reviewed", &day("2026-11-20"), AFTER).unwrap();
        assert_eq!(
            e.text,
            "+++\nid = \"R-1\"\nreviewed   =  2026-11-20 # last time\nx = 1\n+++\nbody\n"
        );
        assert_eq!(e.old.as_deref(), Some("2026-01-01"));
        assert!(e.changed);
    }

    #[test]
    fn inserts_after_the_anchor_with_its_line_ending() {
        let text = "+++\r\nid = \"R-1\"\r\nidentified = 2026-01-01 # first\r\nstatus = \"open\"\r\n\r\n[[action]]\r\nid = \"A\"\r\n+++\r\nbody\r\n";
        let e = set_top_level(text, "reviewed", &day("2026-11-20"), AFTER).unwrap();
        assert_eq!(
            e.text,
            "+++\r\nid = \"R-1\"\r\nidentified = 2026-01-01 # first\r\nreviewed = 2026-11-20\r\nstatus = \"open\"\r\n\r\n[[action]]\r\nid = \"A\"\r\n+++\r\nbody\r\n"
        );
        assert_eq!(e.old, None);
    }

    #[test]
    fn inserts_after_the_last_top_level_value_without_the_anchor() {
        let text =
            "\u{feff}+++\nid = \"R-1\"\nlist = [\n  1,\n]\n\n[acceptance]\nby = \"a\"\n+++\n";
        let e = set_top_level(text, "reviewed", &day("2026-11-20"), AFTER).unwrap();
        assert_eq!(
            e.text,
            "\u{feff}+++\nid = \"R-1\"\nlist = [\n  1,\n]\nreviewed = 2026-11-20\n\n[acceptance]\nby = \"a\"\n+++\n"
        );
    }

    #[test]
    fn appends_a_table_keeping_every_other_byte() {
        let text = "+++\r\nid = \"EV-1\" # keep\r\n\r\n[[collection]]\r\non = 2026-01-01\r\n+++\r\nRunbook.\r\n";
        let e = append_table(text, "collection", "on = 2026-02-01\nby = \"a\"").unwrap();
        assert_eq!(
            e.text,
            "+++\r\nid = \"EV-1\" # keep\r\n\r\n[[collection]]\r\non = 2026-01-01\r\n\r\n[[collection]]\r\non = 2026-02-01\r\nby = \"a\"\r\n+++\r\nRunbook.\r\n"
        );
        let first = "+++\nid = \"EV-1\"\n+++\n";
        let e = append_table(first, "collection", "on = 2026-02-01").unwrap();
        assert_eq!(
            e.text,
            "+++\nid = \"EV-1\"\n\n[[collection]]\non = 2026-02-01\n+++\n"
        );
        let inline = "+++\ncollection = []\n+++\n";
        assert!(append_table(inline, "collection", "on = 2026-02-01").is_err());
        assert!(append_table(first, "collection", "id = \"x\"\n[oops").is_err());
    }

    #[test]
    fn strings_are_basic_strings_as_records_write_them() {
        assert_eq!(
            string_value("A \"B\" \\ 'c'").to_string(),
            r#""A \"B\" \\ 'c'""#
        );
        let list = string_array(&["A.8.5".into(), "it's".into()]);
        assert_eq!(list.to_string(), r#"["A.8.5", "it's"]"#);
        assert_eq!(string_array(&[]).to_string(), "[]");
    }

    #[test]
    fn same_value_is_no_change_and_tables_are_refused() {
        let text = "+++\nreviewed = 2026-11-20\n+++\n";
        let e = set_top_level(text, "reviewed", &day("2026-11-20"), AFTER).unwrap();
        assert!(!e.changed);
        let table = "+++\nid = 1\n[reviewed]\nx = 1\n+++\n";
        assert!(set_top_level(table, "reviewed", &day("2026-11-20"), AFTER).is_err());
        assert!(set_top_level("no front matter", "reviewed", &day("2026-11-20"), AFTER).is_err());
    }

    fn ch<'a>(table: Vec<Seg<'a>>, key: &'a str, value: Option<toml_edit::Value>) -> Edit<'a> {
        Edit {
            table,
            key,
            value,
            after: &["applicable"],
        }
    }

    #[test]
    fn changes_inside_an_array_of_tables_keep_every_other_byte() {
        let soa = "a = 1 # top\n\n[[control]]\nid = \"A.5.1\" # title\napplicable = true\nstatus = \"partial\"  # note\n\n[[control]]\nid = \"A.5.2\"\napplicable = false\n";
        let entry = |i| vec![Seg::Key("control"), Seg::Index(i)];
        let out = change_toml(
            soa,
            &[
                ch(entry(0), "status", Some("implemented".into())),
                ch(entry(1), "justification", Some("Not needed".into())),
                ch(entry(0), "applicable", None),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "a = 1 # top\n\n[[control]]\nid = \"A.5.1\" # title\nstatus = \"implemented\"  # note\n\n[[control]]\nid = \"A.5.2\"\napplicable = false\njustification = \"Not needed\"\n"
        );
        let record = "+++\r\nid = \"R-1\"\r\n\r\n[acceptance]\r\nby = \"a\"\r\n+++\r\nbody\r\n";
        let out = change_record(
            record,
            &[ch(vec![Seg::Key("acceptance")], "by", Some("b".into()))],
        )
        .unwrap();
        assert_eq!(out, record.replace("\"a\"", "\"b\""));
        assert!(change_toml(soa, &[ch(entry(5), "x", None)]).is_err());
    }
}
