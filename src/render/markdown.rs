//! Markdown from records, converted for each output. Record text is data:
//! HTML output escapes text and drops raw HTML and dangerous link schemes;
//! the typst output is a JSON tree of nodes whose text the templates print
//! as plain strings, never as markup.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, format_html, parse_document};

/// comrak options shared by every output: GitHub-flavoured Markdown.
pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    // Raw HTML is omitted and javascript:/vbscript:/data: links are dropped.
    o.render.r#unsafe = false;
    o
}

/// Markdown to sanitised HTML. Besides comrak's own filtering (raw HTML
/// omitted, `javascript:`/`vbscript:`/`file:`/`data:` dropped), every link
/// and image must be relative or http(s)/mailto: anything else is unwrapped
/// to its text, so a scheme comrak does not know cannot slip through.
pub fn to_html(md: &str) -> String {
    to_html_scoped(md, "")
}

/// [`to_html`] for one of many Markdown fragments on a page: footnote ids
/// (`fn-…`, `fnref-…`) get `scope` in front, so two fragments that both
/// have a footnote 1 do not repeat an id.
pub fn to_html_scoped(md: &str, scope: &str) -> String {
    let arena = Arena::new();
    let opts = options();
    let root = parse_document(&arena, md, &opts);
    neutralise_links(root);
    if !scope.is_empty() {
        for node in root.descendants() {
            match &mut node.data.borrow_mut().value {
                NodeValue::FootnoteDefinition(f) => f.name.insert_str(0, scope),
                NodeValue::FootnoteReference(f) => f.name.insert_str(0, scope),
                _ => {}
            }
        }
    }
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = format_html(root, &opts, &mut out);
    out
}

/// Replace links and images whose URL is not safe by their text.
fn neutralise_links<'a>(root: &'a AstNode<'a>) {
    let unsafe_nodes: Vec<&'a AstNode<'a>> = root
        .descendants()
        .filter(|n| match &n.data.borrow().value {
            NodeValue::Link(l) | NodeValue::Image(l) => !safe_url(&l.url),
            _ => false,
        })
        .collect();
    for node in unsafe_nodes {
        // Keep the link text (or image alt text) in place of the node.
        while let Some(child) = node.first_child() {
            child.detach();
            node.insert_before(child);
        }
        node.detach();
    }
}

/// Whether a link target may appear in the HTML: relative (no scheme), a
/// fragment, or http(s)/mailto. Browsers ignore tabs and newlines inside a
/// scheme and compare it case-insensitively, so this does too.
pub fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find(':') {
        None => true,
        Some(colon) => {
            let before = &cleaned[..colon];
            // A ':' after '/', '?' or '#' is part of a relative path or query.
            if before.contains(['/', '?', '#']) {
                return true;
            }
            matches!(before, "http" | "https" | "mailto")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_omitted() {
        let h = to_html("<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)> y");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
    }

    #[test]
    fn dangerous_links_are_unwrapped() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](java&#9;script:alert(1))",
            "[x](javascript&#58;alert(1))",
            "<javascript:alert(1)>",
            "![x](javascript:alert(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "![x](data:image/svg+xml,<svg onload=alert(1)>)",
            "[x](vbscript:msgbox)",
            "[x][r]\n\n[r]: javascript:alert(1)",
        ] {
            let h = to_html(md);
            let lower = h.to_ascii_lowercase();
            assert!(!lower.contains("href="), "{md} -> {h}");
            assert!(!lower.contains("src="), "{md} -> {h}");
        }
    }

    #[test]
    fn ordinary_links_survive() {
        let h = to_html(
            "[a](https://example.com/x) [b](notes.html#top) www.example.org <mailto:a@b.c>",
        );
        assert!(h.contains("href=\"https://example.com/x\""), "{h}");
        assert!(h.contains("href=\"notes.html#top\""), "{h}");
        assert!(h.contains("href=\"http://www.example.org\""), "{h}");
        assert!(h.contains("href=\"mailto:a@b.c\""), "{h}");
    }

    #[test]
    fn scoped_footnotes_do_not_collide() {
        let md = "Text[^1].\n\n[^1]: The note.\n";
        let a = to_html_scoped(md, "m1-");
        let b = to_html_scoped(md, "m2-");
        assert!(
            a.contains("id=\"fn-m1-1\"") && a.contains("href=\"#fn-m1-1\""),
            "{a}"
        );
        assert!(b.contains("id=\"fn-m2-1\""), "{b}");
        assert!(
            a.contains(">1</a>"),
            "the reader still sees footnote 1: {a}"
        );
    }

    #[test]
    fn gfm_tables_and_task_lists() {
        let h = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n");
        assert!(h.contains("<table>"), "{h}");
        assert!(h.contains("type=\"checkbox\""), "{h}");
    }
}
