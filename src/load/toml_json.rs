//! TOML text to a JSON value plus a map from JSON pointer to source span, so
//! that the schema validator and the semantic checks can point at the exact
//! key or value at fault. Dates and date-times become strings ("2026-03-01").

use std::collections::HashMap;
use std::ops::Range;

use serde_json::{Map, Number, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Where one JSON pointer's key and value sit in the file.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// The key's span (None for array items and the root).
    pub key: Option<Range<usize>>,
    /// The value's span.
    pub value: Range<usize>,
}

/// JSON pointer ("/control/3/id") to its place in the file.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    places: HashMap<String, Place>,
    /// Where the TOML text starts in the file (front matter offset).
    pub base: usize,
}

impl SpanMap {
    /// Span of the value at `pointer`, or of its nearest ancestor.
    pub fn value(&self, pointer: &str) -> Range<usize> {
        self.find(pointer)
            .map(|p| p.value.clone())
            .unwrap_or(self.base..self.base)
    }

    /// Span of the key at `pointer` (or its value, or the nearest ancestor).
    pub fn key(&self, pointer: &str) -> Range<usize> {
        self.find(pointer)
            .map(|p| p.key.clone().unwrap_or_else(|| p.value.clone()))
            .unwrap_or(self.base..self.base)
    }

    /// Point the root's key at `span` (the opening `+++` of front matter), so
    /// "missing field" errors on a record point at the record's start.
    pub fn set_root_key(&mut self, span: Range<usize>) {
        if let Some(root) = self.places.get_mut("") {
            root.key = Some(span);
        }
    }

    /// Whether the pointer exists in the file.
    pub fn has(&self, pointer: &str) -> bool {
        self.places.contains_key(pointer)
    }

    fn find(&self, pointer: &str) -> Option<&Place> {
        let mut p = pointer;
        loop {
            if let Some(place) = self.places.get(p) {
                return Some(place);
            }
            p = &p[..p.rfind('/')?];
        }
    }
}

/// A TOML syntax error with its span in the file.
#[derive(Debug)]
pub struct SyntaxError {
    /// Message from the TOML parser, or ours when we know better.
    pub message: String,
    /// Span in the file.
    pub span: Range<usize>,
    /// What to write instead, when the error is a known mistake (a date
    /// written 2026/11/01); None for the general advice.
    pub help: Option<String>,
}

/// At most this many TOML errors are reported for one file, then one that
/// says how many more there are. Past the first few, most follow from them:
/// an unclosed string or array turns every later line into errors (a 50 KB
/// file gave 6,743), which hide the one to fix and slow every report.
pub const MAX_SYNTAX_ERRORS: usize = 10;

/// Parse TOML that starts at byte `base` of its file.
pub fn parse(text: &str, base: usize) -> Result<(Value, SpanMap), Vec<SyntaxError>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let more = errors.len().saturating_sub(MAX_SYNTAX_ERRORS);
        let mut shown: Vec<SyntaxError> = errors
            .into_iter()
            .take(MAX_SYNTAX_ERRORS + usize::from(more > 0))
            .map(|e| {
                let message = first_line(e.message());
                match e.span().and_then(|s| not_a_date(text, s.start)) {
                    Some(d) => SyntaxError {
                        message: if d.detail {
                            format!("`{}` is not a date ({message})", d.token)
                        } else {
                            format!("`{}` is not a date", d.token)
                        },
                        span: d.span.start + base..d.span.end + base,
                        help: Some(d.help),
                    },
                    None => SyntaxError {
                        message,
                        span: e
                            .span()
                            .map_or(base..base, |s| s.start + base..s.end + base),
                        help: None,
                    },
                }
            })
            .collect();
        if let Some(first) = shown.get_mut(MAX_SYNTAX_ERRORS) {
            *first = SyntaxError {
                message: format!(
                    "{more} more errors from here on, not shown: most follow from those above"
                ),
                span: first.span.start..first.span.start,
                help: Some(
                    "fix the errors above (often one unclosed string, array or table), then \
                     check again to see what remains"
                        .into(),
                ),
            };
        }
        return Err(shown);
    }
    let mut map = SpanMap {
        places: HashMap::new(),
        base,
    };
    let span = table.span();
    map.places.insert(
        String::new(),
        Place {
            key: Some(0..0),
            value: base + span.start..base + span.end,
        },
    );
    let value = convert_table(table.get_ref(), "", &mut map);
    Ok((value, map))
}

/// A bare value that was meant as a date but is not written as TOML writes
/// dates (2026/11/01, 01/11/2026, 2026-11-1, 01.11.2026), found around byte
/// `at` of `text`, where the parser stopped.
#[derive(Debug, PartialEq)]
struct NotADate<'a> {
    /// The value as written.
    token: &'a str,
    /// Its span in `text`.
    span: Range<usize>,
    /// What to write instead.
    help: String,
    /// Whether the parser's own message adds to "not a date" (a date of the
    /// right shape that the calendar does not have, such as 2026-02-30).
    detail: bool,
}

fn not_a_date(text: &str, at: usize) -> Option<NotADate<'_>> {
    let in_token = |c: char| c.is_ascii_digit() || matches!(c, '/' | '-' | '.');
    // The parser's offset can fall inside a multi-byte character.
    let at = text.floor_char_boundary(at.min(text.len()));
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| !in_token(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .find(|c| !in_token(c))
        .map_or(text.len(), |i| at + i);
    let token = &text[start..end];
    // Only a whole value: after `key =`, `[` or `,`, not inside anything else.
    let before = text[..start].trim_end_matches([' ', '\t']);
    if !before.ends_with(['=', '[', ',']) {
        return None;
    }
    let sep = token.chars().find(|c| !c.is_ascii_digit())?;
    let parts: Vec<&str> = token.split(sep).collect();
    let digits = |p: &&str| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !parts.iter().all(digits) {
        return None;
    }
    let year_first = parts[0].len() == 4;
    let year_last = parts[2].len() == 4;
    // 1.2.3 is a version, not a date: dots only with a four-digit year.
    if sep == '.' && !year_first && !year_last {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let ymd =
        |y: u32, m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    let mut dates: Vec<chrono::NaiveDate> = if year_first {
        ymd(n[0], n[1], n[2]).into_iter().collect()
    } else if year_last {
        // Day first (01/11/2026) or month first (11/01/2026): say both.
        [ymd(n[2], n[1], n[0]), ymd(n[2], n[0], n[1])]
            .into_iter()
            .flatten()
            .collect()
    } else {
        Vec::new()
    };
    dates.dedup();
    if dates.len() == 1 && dates[0].to_string() == token {
        // A well-formed date: the error lies elsewhere (2026-11-01T).
        return None;
    }
    // The key, when the value follows a bare `key =`.
    let key = before
        .strip_suffix('=')
        .map(|b| b.trim_end_matches([' ', '\t']))
        .map(|b| {
            let k = b.len()
                - b.chars()
                    .rev()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
                    .count();
            &b[k..]
        })
        .filter(|k| !k.is_empty());
    let write = |d: String| match key {
        Some(k) => format!("`{k} = {d}`"),
        None => format!("`{d}`"),
    };
    let help = match &dates[..] {
        [d] => format!(
            "TOML dates are bare and written YYYY-MM-DD: {}",
            write(d.to_string())
        ),
        [a, b] => format!(
            "TOML dates are bare and written YYYY-MM-DD: {} ({}) or {} ({})",
            write(a.to_string()),
            a.format("%-d %B %Y"),
            write(b.to_string()),
            b.format("%-d %B %Y")
        ),
        _ => format!(
            "TOML dates are bare and written YYYY-MM-DD, e.g. {}",
            write("2026-03-01".to_string())
        ),
    };
    Some(NotADate {
        token,
        span: start..end,
        help,
        detail: dates.is_empty() && sep == '-',
    })
}

fn first_line(s: &str) -> String {
    s.trim()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .to_string()
}

fn convert_table(table: &DeTable<'_>, path: &str, map: &mut SpanMap) -> Value {
    let mut out = Map::new();
    for (key, value) in table.iter() {
        let pointer = format!("{path}/{}", escape(key.get_ref()));
        let ks = key.span();
        let vs = value.span();
        map.places.insert(
            pointer.clone(),
            Place {
                key: Some(map.base + ks.start..map.base + ks.end),
                value: map.base + vs.start..map.base + vs.end,
            },
        );
        out.insert(key.get_ref().to_string(), convert(value, &pointer, map));
    }
    Value::Object(out)
}

fn convert(value: &Spanned<DeValue<'_>>, path: &str, map: &mut SpanMap) -> Value {
    match value.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(i.as_str().to_string())),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or(Value::Null, Value::Number),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let pointer = format!("{path}/{i}");
                    let s = item.span();
                    map.places.insert(
                        pointer.clone(),
                        Place {
                            key: None,
                            value: map.base + s.start..map.base + s.end,
                        },
                    );
                    convert(item, &pointer, map)
                })
                .collect(),
        ),
        DeValue::Table(t) => convert_table(t, path, map),
    }
}

/// Escape a key for a JSON pointer (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An unclosed array swallows every later line: the first errors are
    /// reported, then one that counts the rest, at the first not shown.
    #[test]
    fn a_cascade_of_syntax_errors_is_cut_short_and_counted() {
        let mut text = String::from("reasons = [\"risk\"\n");
        for i in 0..200 {
            text.push_str(&format!("key{i} = \"value\"\n"));
        }
        let errors = parse(&text, 0).unwrap_err();
        assert_eq!(errors.len(), MAX_SYNTAX_ERRORS + 1);
        let last = errors.last().unwrap();
        assert!(
            last.message
                .ends_with("more errors from here on, not shown: most follow from those above"),
            "{}",
            last.message
        );
        assert!(last.span.start > errors[MAX_SYNTAX_ERRORS - 1].span.start);
        // A few independent mistakes are all reported.
        let few = "a = 2026/01/02\nb = \"x\nc = [1\n";
        let errors = parse(few, 0).unwrap_err();
        assert!(errors.len() <= MAX_SYNTAX_ERRORS, "{}", errors.len());
        assert!(errors.iter().all(|e| !e.message.contains("not shown")));
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "id = \"R-1\"\n[[action]]\nid = \"A-1\"\ndue = 2026-01-02\n";
        let (v, map) = parse(text, 10).unwrap();
        assert_eq!(v["action"][0]["due"], "2026-01-02");
        let s = map.value("/action/0/id");
        assert_eq!(&text[s.start - 10..s.end - 10], "\"A-1\"");
        let k = map.key("/action/0/due");
        assert_eq!(&text[k.start - 10..k.end - 10], "due");
        // unknown pointers fall back to the nearest ancestor
        assert_eq!(map.value("/action/0/nope"), map.value("/action/0"));
    }

    /// (message, the span's text, help) of the one error in `text`.
    fn error(text: &str) -> (String, String, Option<String>) {
        let mut errs = parse(text, 0).unwrap_err();
        assert_eq!(errs.len(), 1, "{text}: {errs:?}");
        let e = errs.remove(0);
        (e.message, text[e.span].to_string(), e.help)
    }

    #[test]
    fn a_date_written_otherwise_is_not_a_date_and_the_help_shows_the_form() {
        let help = |s: &str| Some(format!("TOML dates are bare and written YYYY-MM-DD: {s}"));
        for (text, token, want) in [
            (
                "identified = 2026/11/01\n",
                "2026/11/01",
                help("`identified = 2026-11-01`"),
            ),
            (
                "identified = 2026-11-1\n",
                "2026-11-1",
                help("`identified = 2026-11-01`"),
            ),
            (
                "identified = 2026.11.01\n",
                "2026.11.01",
                help("`identified = 2026-11-01`"),
            ),
            (
                "identified=2026/1/5 # note\n",
                "2026/1/5",
                help("`identified = 2026-01-05`"),
            ),
            (
                "due = 25/12/2026\n",
                "25/12/2026",
                help("`due = 2026-12-25`"),
            ),
            (
                "identified = 01/11/2026\n",
                "01/11/2026",
                help(
                    "`identified = 2026-11-01` (1 November 2026) or `identified = 2026-01-11` \
                     (11 January 2026)",
                ),
            ),
            (
                "dates = [2026-11-01, 2026/11/02]\n",
                "2026/11/02",
                help("`2026-11-02`"),
            ),
            (
                "t = { at = 2026/11/01 }\n",
                "2026/11/01",
                help("`at = 2026-11-01`"),
            ),
        ] {
            let (message, at, got) = error(text);
            assert_eq!(message, format!("`{token}` is not a date"), "{text}");
            assert_eq!(at, token, "{text}");
            assert_eq!(got, want, "{text}");
        }
        // Shaped like a date, but the calendar has no such day: the
        // parser's detail stays, the help shows the form.
        let (message, _, got) = error("identified = 2026-02-30\n");
        assert!(
            message.starts_with("`2026-02-30` is not a date ("),
            "{message}"
        );
        assert_eq!(
            got.as_deref(),
            Some("TOML dates are bare and written YYYY-MM-DD, e.g. `identified = 2026-03-01`")
        );
    }

    #[test]
    fn other_syntax_errors_keep_the_parsers_message() {
        for text in [
            "version = 1.0.1\n",
            "title = \"open\n",
            "at = 2026-11-01T\n",
            "x = 12/5\n",
        ] {
            let (message, _, help) = error(text);
            assert!(!message.contains("not a date"), "{text}: {message}");
            assert_eq!(help, None, "{text}");
        }
    }

    #[test]
    fn syntax_errors_have_spans() {
        let errs = parse("a = \nb = 1\n", 0).unwrap_err();
        assert!(!errs.is_empty());
    }
}
