//! Validate a record's JSON against its kind's schema and turn every schema
//! error into a diagnostic pointing at the key or value at fault, with a help
//! line taken from the schema itself (field descriptions, allowed values,
//! "did you mean" for unknown keys).

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::toml_json::{SpanMap, escape};
use crate::diag::{Code, Diagnostic, FileId, closest};
use crate::schema::Kind;

/// Every schema violation in `value`, as diagnostics.
pub fn validate(kind: Kind, value: &Value, spans: &SpanMap, file: FileId) -> Vec<Diagnostic> {
    let Some(validator) = kind.validator() else {
        return Vec::new();
    };
    let root = kind.schema();
    let mut out = Vec::new();
    for error in validator.iter_errors(value) {
        let pointer = error.instance_path().to_string();
        let field = field_name(&pointer);
        let node = schema_at(root, &pointer);
        let found = value.pointer(&pointer);
        match error.kind() {
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let what = describe(node.and_then(|n| property_schema(root, n, name)));
                let place = if pointer.is_empty() {
                    "the front matter".to_string()
                } else {
                    // Name the entry by its id when it has one: "control[4] (A.5.5)".
                    let id = found.and_then(|v| v.get("id")).and_then(Value::as_str);
                    match id {
                        Some(id) => format!("`{}` ({id})", display_path(&pointer)),
                        None => format!("`{}`", display_path(&pointer)),
                    }
                };
                out.push(
                    Diagnostic::new(
                        Code::Missing,
                        Some(file),
                        spans.key(&pointer),
                        format!("missing field `{name}` in {place}"),
                    )
                    .help(format!("add `{name} = ...`{what}")),
                );
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known: Vec<&str> = node
                    .and_then(|n| resolve(root, n).get("properties"))
                    .and_then(Value::as_object)
                    .map(|o| o.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                for name in unexpected {
                    let at = format!("{pointer}/{}", escape(name));
                    let help = match closest(name, known.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the fields here are: {}", known.join(", ")),
                    };
                    out.push(
                        Diagnostic::new(
                            Code::Unknown,
                            Some(file),
                            spans.key(&at),
                            format!("unknown field `{name}`"),
                        )
                        .label("not part of the format")
                        .help(help),
                    );
                }
            }
            ValidationErrorKind::Enum { options } => {
                let allowed: Vec<&str> = options
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                let got = found.and_then(Value::as_str).unwrap_or_default();
                let help = match closest(got, allowed.iter().copied()) {
                    Some(s) if !got.is_empty() => {
                        format!("did you mean `{s}`? allowed: {}", allowed.join(", "))
                    }
                    _ => format!("allowed: {}", allowed.join(", ")),
                };
                out.push(
                    Diagnostic::new(
                        Code::Type,
                        Some(file),
                        spans.value(&pointer),
                        format!("`{field}` has a value that is not allowed: {}", show(found)),
                    )
                    .help(help),
                );
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => toml_type(&t.to_string()).to_string(),
                    TypeKind::Multiple(set) => set
                        .iter()
                        .map(|t| toml_type(&t.to_string()).to_string())
                        .filter(|t| t != "null")
                        .collect::<Vec<_>>()
                        .join(" or "),
                };
                out.push(
                    Diagnostic::new(
                        Code::Type,
                        Some(file),
                        spans.value(&pointer),
                        format!(
                            "`{field}` should be {}, found {}",
                            article(&expected),
                            found_type(found)
                        ),
                    )
                    .help(format!(
                        "write `{field}` as {}{}",
                        article(&expected),
                        describe(node)
                    )),
                );
            }
            ValidationErrorKind::Format { format } => {
                let example = match format.as_str() {
                    "date" => "a date such as 2026-03-01 (no quotes needed)",
                    other => other,
                };
                out.push(
                    Diagnostic::new(
                        Code::Type,
                        Some(file),
                        spans.value(&pointer),
                        format!("`{field}` is not a valid {format}: {}", show(found)),
                    )
                    .help(format!("write {example}")),
                );
            }
            ValidationErrorKind::Pattern { .. } => {
                out.push(
                    Diagnostic::new(
                        Code::Type,
                        Some(file),
                        spans.value(&pointer),
                        format!("`{field}` is not in the expected form: {}", show(found)),
                    )
                    .help(format!("expected{}", describe(node))),
                );
            }
            _ => {
                out.push(
                    Diagnostic::new(
                        Code::Type,
                        Some(file),
                        spans.value(&pointer),
                        format!("`{field}` is invalid: {error}"),
                    )
                    .help(format!("expected{}", describe(node))),
                );
            }
        }
    }
    out
}

/// The last path segment that is a name, for messages ("control[3].id" -> "id").
fn field_name(pointer: &str) -> String {
    pointer
        .rsplit('/')
        .find(|s| s.parse::<usize>().is_err())
        .unwrap_or("value")
        .replace("~1", "/")
        .replace("~0", "~")
}

/// "/control/3/id" -> "control[3].id".
fn display_path(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        if seg.parse::<usize>().is_ok() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}

fn show(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => format!("\"{s}\""),
        Some(v) => v.to_string(),
        None => "nothing".into(),
    }
}

fn toml_type(json: &str) -> &str {
    match json {
        "object" => "table",
        "number" => "number",
        "array" => "array",
        "boolean" => "boolean",
        other => other,
    }
}

fn found_type(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(_)) => "a string".into(),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => "an integer".into(),
        Some(Value::Number(_)) => "a float".into(),
        Some(Value::Bool(_)) => "a boolean".into(),
        Some(Value::Array(_)) => "an array".into(),
        Some(Value::Object(_)) => "a table".into(),
        _ => "nothing".into(),
    }
}

fn article(t: &str) -> String {
    if t.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {t}")
    } else {
        format!("a {t}")
    }
}

/// ": <description>" from a schema node, or "".
fn describe(node: Option<&Value>) -> String {
    node.and_then(|n| n.get("description"))
        .and_then(Value::as_str)
        .map(|d| format!(" ({})", d.trim_end_matches('.')))
        .unwrap_or_default()
}

/// Follow a local `$ref` ("#/$defs/Action"), and pick the non-null branch of
/// an `anyOf` (how Option<Struct> is written).
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    for _ in 0..8 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                Some(n) => node = n,
                None => return node,
            }
        } else if let Some(any) = node.get("anyOf").and_then(Value::as_array) {
            match any
                .iter()
                .find(|b| b.get("type").and_then(Value::as_str) != Some("null"))
            {
                Some(b) => node = b,
                None => return node,
            }
        } else {
            return node;
        }
    }
    node
}

fn property_schema<'a>(root: &'a Value, node: &'a Value, name: &str) -> Option<&'a Value> {
    resolve(root, node).get("properties")?.get(name)
}

/// The schema node that describes the instance at `pointer`.
fn schema_at<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut node = root;
    for seg in pointer.split('/').skip(1) {
        let n = resolve(root, node);
        node = if seg.parse::<usize>().is_ok() && n.get("items").is_some() {
            n.get("items")?
        } else {
            n.get("properties")?
                .get(seg.replace("~1", "/").replace("~0", "~"))?
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_toml() {
        assert_eq!(display_path("/control/3/id"), "control[3].id");
        assert_eq!(field_name("/control/3"), "control");
    }
}
