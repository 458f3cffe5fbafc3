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
    /// Message from the TOML parser.
    pub message: String,
    /// Span in the file.
    pub span: Range<usize>,
}

/// Parse TOML that starts at byte `base` of its file.
pub fn parse(text: &str, base: usize) -> Result<(Value, SpanMap), Vec<SyntaxError>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| SyntaxError {
                message: first_line(e.message()),
                span: e
                    .span()
                    .map_or(base..base, |s| s.start + base..s.end + base),
            })
            .collect());
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

    #[test]
    fn syntax_errors_have_spans() {
        let errs = parse("a = \nb = 1\n", 0).unwrap_err();
        assert!(!errs.is_empty());
    }
}
