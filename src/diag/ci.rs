//! The reporters for CI: GitHub Actions workflow commands (annotations on a
//! pull request's lines) and SARIF 2.1.0 (code-scanning dashboards).
//!
//! Both name files relative to the repository's root: `prefix` is the
//! tree's folder there ("" when the tree is the repository), joined with
//! each record's path.

use serde_json::{Value, json};

use super::{Code, Diagnostic, Report, Severity, Sources, clamp};

/// Where a diagnostic points, as CI tools count: a path from the repository
/// root and 1-based start and end (line, column in characters).
struct Place {
    path: String,
    start: (usize, usize),
    end: (usize, usize),
}

fn place(d: &Diagnostic, sources: &Sources, prefix: &str) -> Option<Place> {
    let src = sources.get(d.file?);
    let span = clamp(&src.text, d.span.clone());
    Some(Place {
        path: join(prefix, &src.path),
        start: src.line_col(span.start),
        end: src.line_col(span.end),
    })
}

/// `prefix/rel` with `/` separators, no `./` and no doubled slashes.
pub fn join(prefix: &str, rel: &str) -> String {
    let prefix = prefix.replace('\\', "/");
    let joined = prefix
        .split('/')
        .chain(rel.split('/'))
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/");
    if prefix.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The message with its label and help, for a reader who sees no snippet.
fn full_message(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(label) = &d.label {
        text.push_str(&format!(" ({label})"));
    }
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A workflow command's message, escaped as GitHub's toolkit does.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: the message's escapes, and `:` and
/// `,`, which separate properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A path as a URI reference: every byte outside the unreserved set and `/`
/// percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Report {
    /// One GitHub Actions workflow command per diagnostic
    /// (`::error file=...,line=...,col=...,endLine=...,endColumn=...,title=E021::message`).
    pub fn render_github(&self, sources: &Sources, prefix: &str) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let mut props = Vec::new();
            if let Some(p) = place(d, sources, prefix) {
                props.push(format!("file={}", escape_property(&p.path)));
                props.push(format!("line={}", p.start.0));
                props.push(format!("col={}", p.start.1));
                props.push(format!("endLine={}", p.end.0));
                props.push(format!("endColumn={}", p.end.1));
            }
            props.push(format!("title={}", escape_property(d.code.as_str())));
            out.push_str(&format!(
                "::{} {}::{}\n",
                level(d.severity),
                props.join(","),
                escape_data(&full_message(d))
            ));
        }
        out
    }

    /// A SARIF 2.1.0 log: one run of the tool `isms`, a rule per code, a
    /// result per diagnostic. A tree-wide finding points at `isms.toml`,
    /// since code-scanning dashboards want every result somewhere.
    pub fn render_sarif(&self, sources: &Sources, prefix: &str) -> String {
        let rules: Vec<Value> = Code::ALL
            .iter()
            .map(|c| {
                json!({
                    "id": c.as_str(),
                    "shortDescription": { "text": c.summary() },
                    "defaultConfiguration": { "level": level(c.severity()) },
                    "properties": { "tags": [c.family()] },
                })
            })
            .collect();
        let results: Vec<Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                let p = place(d, sources, prefix).unwrap_or_else(|| Place {
                    path: join(prefix, "isms.toml"),
                    start: (1, 1),
                    end: (1, 1),
                });
                json!({
                    "ruleId": d.code.as_str(),
                    "ruleIndex": Code::ALL.iter().position(|c| *c == d.code),
                    "level": level(d.severity),
                    "message": { "text": full_message(d) },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(&p.path) },
                            "region": {
                                "startLine": p.start.0,
                                "startColumn": p.start.1,
                                "endLine": p.end.0,
                                "endColumn": p.end.1,
                            }
                        }
                    }],
                })
            })
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "isms",
                        "version": env!("CARGO_PKG_VERSION"),
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        });
        serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_documents() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn joins_paths_from_the_repository_root() {
        assert_eq!(join("", "risks/R-001.toml"), "risks/R-001.toml");
        assert_eq!(join(".", "soa.toml"), "soa.toml");
        assert_eq!(join("./isms/", "soa.toml"), "isms/soa.toml");
        assert_eq!(join("/tmp/isms", "soa.toml"), "/tmp/isms/soa.toml");
        assert_eq!(uri("my isms/soa.toml"), "my%20isms/soa.toml");
    }
}
