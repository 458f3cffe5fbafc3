//! The tera engine for the HTML site: the built-in templates, each
//! replaceable by a file of the same name in the ISMS tree's own
//! `templates/html/`. Only files that resolve inside the tree are read, and
//! templates cannot reach the environment (`get_env` is disabled), so a
//! template committed to an ISMS repository cannot leak a CI secret.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use tera::Tera;

/// The built-in templates, by name.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "base.html.tera",
        include_str!("../../../templates/html/base.html.tera"),
    ),
    (
        "macros.html.tera",
        include_str!("../../../templates/html/macros.html.tera"),
    ),
    (
        "index.html.tera",
        include_str!("../../../templates/html/index.html.tera"),
    ),
    (
        "soa.html.tera",
        include_str!("../../../templates/html/soa.html.tera"),
    ),
    (
        "soc2.html.tera",
        include_str!("../../../templates/html/soc2.html.tera"),
    ),
    (
        "risks.html.tera",
        include_str!("../../../templates/html/risks.html.tera"),
    ),
    (
        "risk.html.tera",
        include_str!("../../../templates/html/risk.html.tera"),
    ),
    (
        "audits.html.tera",
        include_str!("../../../templates/html/audits.html.tera"),
    ),
    (
        "audit.html.tera",
        include_str!("../../../templates/html/audit.html.tera"),
    ),
    (
        "reviews.html.tera",
        include_str!("../../../templates/html/reviews.html.tera"),
    ),
    (
        "review.html.tera",
        include_str!("../../../templates/html/review.html.tera"),
    ),
    (
        "incidents.html.tera",
        include_str!("../../../templates/html/incidents.html.tera"),
    ),
    (
        "incident.html.tera",
        include_str!("../../../templates/html/incident.html.tera"),
    ),
    (
        "documents.html.tera",
        include_str!("../../../templates/html/documents.html.tera"),
    ),
    (
        "assets.html.tera",
        include_str!("../../../templates/html/assets.html.tera"),
    ),
    (
        "asset.html.tera",
        include_str!("../../../templates/html/asset.html.tera"),
    ),
    (
        "suppliers.html.tera",
        include_str!("../../../templates/html/suppliers.html.tera"),
    ),
    (
        "supplier.html.tera",
        include_str!("../../../templates/html/supplier.html.tera"),
    ),
    (
        "document.html.tera",
        include_str!("../../../templates/html/document.html.tera"),
    ),
    (
        "actions.html.tera",
        include_str!("../../../templates/html/actions.html.tera"),
    ),
    (
        "evidence.html.tera",
        include_str!("../../../templates/html/evidence.html.tera"),
    ),
    (
        "evidence-record.html.tera",
        include_str!("../../../templates/html/evidence-record.html.tera"),
    ),
];

/// The engine: built-in templates overridden by the tree's own.
pub fn engine(root: &Path) -> Result<Tera> {
    let mut sources: BTreeMap<String, String> = BUILT_IN
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    for (name, text) in overrides(root)? {
        sources.insert(name, text);
    }
    let mut tera = Tera::default();
    // Every template is HTML: escape every `{{ }}` unless marked `| safe`.
    tera.autoescape_on(vec![".tera", ".html"]);
    tera.set_escape_fn(escape);
    tera.register_function(
        "get_env",
        |_: &std::collections::HashMap<String, tera::Value>| {
            Err(tera::Error::msg("get_env is disabled in isms templates"))
        },
    );
    tera.add_raw_templates(sources)
        .map_err(|e| anyhow::anyhow!(chain(&e)))
        .context("loading the HTML templates")?;
    Ok(tera)
}

/// `*.tera` files in `<root>/templates/html/` that resolve inside the tree.
fn overrides(root: &Path) -> Result<Vec<(String, String)>> {
    let dir = root.join("templates").join("html");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let root_abs = root
        .canonicalize()
        .with_context(|| format!("resolving {}", root.display()))?;
    let mut out = Vec::new();
    let entries = std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("reading {}", dir.display()))?
            .path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".tera") {
            continue;
        }
        let real = path
            .canonicalize()
            .with_context(|| format!("resolving {}", path.display()))?;
        if !real.starts_with(&root_abs) || !real.is_file() {
            bail!(
                "template {} points outside the ISMS tree; templates must be files inside it",
                path.display()
            );
        }
        let text = std::fs::read_to_string(&real)
            .with_context(|| format!("reading {}", path.display()))?;
        out.push((name.to_string(), text));
    }
    out.sort();
    Ok(out)
}

/// HTML-escape text for element content and double-quoted attributes (the
/// only places templates print values). Unlike tera's default it leaves `/`
/// alone, so links read `../soa.html` rather than `..&#x2F;soa.html`.
pub fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A tera error with its causes, which tera keeps in `source()`.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        cur = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_text_and_quoted_attributes() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&</a>/"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;/"
        );
    }

    #[test]
    fn templates_cannot_read_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("templates/html");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(t.join("x.html.tera"), r#"{{ get_env(name="HOME") }}"#).unwrap();
        let tera = engine(dir.path()).unwrap();
        assert!(tera.render("x.html.tera", &tera::Context::new()).is_err());
    }
}
