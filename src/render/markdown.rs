//! Markdown from records, converted for each output. Record text is data:
//! HTML output escapes text and drops raw HTML and dangerous link schemes;
//! the typst output is a JSON tree of nodes whose text the templates print
//! as plain strings, never as markup.

use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{Arena, Options, format_html, parse_document};
use serde_json::{Value, json};

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

/// Markdown to a JSON block tree for the typst templates (`md.typ`).
///
/// The result is an array of blocks. A block is an object with `t`:
/// `p` and `h` (with `level`) hold inlines in `c`; `list` has `ordered`,
/// `start`, `tight` and `items` (each `{task, c}`, `task` null, true or
/// false); `code` has `lang` and `text`; `quote` and `note` (a footnote,
/// with `name`) hold blocks in `c`; `table` has `align`, `head` and `rows`
/// (cells are inline arrays); `hr`; `raw` is HTML source, shown as text.
/// An inline is a string (plain text) or an object: `em`, `strong`,
/// `strike`, `sup`, `sub` with `c`; `code` with `text`; `link` with `url`
/// (http, https and mailto only, else null) and `c`; `br`; `ref` with `name`.
pub fn to_tree(md: &str) -> Value {
    let arena = Arena::new();
    let root = parse_document(&arena, md, &options());
    Value::Array(blocks(root))
}

fn blocks<'a>(node: &'a AstNode<'a>) -> Vec<Value> {
    let mut out = Vec::new();
    for child in node.children() {
        block(child, &mut out);
    }
    out
}

fn block<'a>(node: &'a AstNode<'a>, out: &mut Vec<Value>) {
    let value = node.data().value.clone();
    match value {
        NodeValue::Paragraph => out.push(json!({"t": "p", "c": inlines(node)})),
        NodeValue::Heading(h) => {
            out.push(json!({"t": "h", "level": h.level, "c": inlines(node)}));
        }
        NodeValue::List(l) => {
            let items: Vec<Value> = node
                .children()
                .map(|item| {
                    let task = match &item.data().value {
                        NodeValue::TaskItem(t) => Value::Bool(t.symbol.is_some()),
                        _ => Value::Null,
                    };
                    json!({"task": task, "c": blocks(item)})
                })
                .collect();
            out.push(json!({
                "t": "list",
                "ordered": l.list_type == ListType::Ordered,
                "start": l.start,
                "tight": l.tight,
                "items": items,
            }));
        }
        NodeValue::CodeBlock(c) => {
            let lang = c.info.split_whitespace().next().unwrap_or("").to_string();
            let text = c.literal.strip_suffix('\n').unwrap_or(&c.literal);
            out.push(json!({"t": "code", "lang": lang, "text": text}));
        }
        NodeValue::HtmlBlock(h) => {
            let text = h.literal.trim_end_matches('\n');
            out.push(json!({"t": "raw", "text": text}));
        }
        NodeValue::BlockQuote
        | NodeValue::MultilineBlockQuote(_)
        | NodeValue::Alert(_)
        | NodeValue::Callout(_) => out.push(json!({"t": "quote", "c": blocks(node)})),
        NodeValue::FootnoteDefinition(f) => {
            out.push(json!({"t": "note", "name": f.name, "c": blocks(node)}));
        }
        NodeValue::ThematicBreak => out.push(json!({"t": "hr"})),
        NodeValue::Table(t) => {
            let align: Vec<&str> = t
                .alignments
                .iter()
                .map(|a| match a {
                    TableAlignment::Left => "left",
                    TableAlignment::Center => "center",
                    TableAlignment::Right => "right",
                    TableAlignment::None => "",
                })
                .collect();
            let mut head = Vec::new();
            let mut rows = Vec::new();
            for row in node.children() {
                let cells: Vec<Value> = row.children().map(|c| Value::Array(inlines(c))).collect();
                match row.data().value {
                    NodeValue::TableRow(true) => head = cells,
                    _ => rows.push(Value::Array(cells)),
                }
            }
            out.push(json!({"t": "table", "align": align, "head": head, "rows": rows}));
        }
        NodeValue::FrontMatter(_) => {}
        // Anything else that holds blocks (description lists, directives)
        // is flattened; anything inline-only becomes a paragraph.
        _ => {
            if node.children().any(|c| c.data().value.block()) {
                out.extend(blocks(node));
            } else {
                let c = inlines(node);
                if !c.is_empty() {
                    out.push(json!({"t": "p", "c": c}));
                }
            }
        }
    }
}

fn inlines<'a>(node: &'a AstNode<'a>) -> Vec<Value> {
    let mut out = Vec::new();
    for child in node.children() {
        inline(child, &mut out);
    }
    out
}

fn push_text(out: &mut Vec<Value>, text: &str) {
    if let Some(Value::String(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Value::String(text.to_string()));
    }
}

fn inline<'a>(node: &'a AstNode<'a>, out: &mut Vec<Value>) {
    let value = node.data().value.clone();
    let wrap = |t: &str| json!({"t": t, "c": inlines(node)});
    match value {
        NodeValue::Text(t) => push_text(out, &t),
        NodeValue::SoftBreak => push_text(out, " "),
        NodeValue::LineBreak => out.push(json!({"t": "br"})),
        NodeValue::Code(c) => out.push(json!({"t": "code", "text": c.literal})),
        NodeValue::HtmlInline(h) | NodeValue::Raw(h) => push_text(out, &h),
        NodeValue::Emph => out.push(wrap("em")),
        NodeValue::Strong => out.push(wrap("strong")),
        NodeValue::Strikethrough => out.push(wrap("strike")),
        NodeValue::Superscript => out.push(wrap("sup")),
        NodeValue::Subscript => out.push(wrap("sub")),
        NodeValue::Link(l) => {
            out.push(json!({"t": "link", "url": pdf_url(&l.url), "c": inlines(node)}));
        }
        NodeValue::Image(l) => {
            // Images are not fetched: the alt text and the address stand in.
            let mut c = vec![Value::String("[image: ".into())];
            c.extend(inlines(node));
            push_text(&mut c, "]");
            out.push(json!({"t": "link", "url": pdf_url(&l.url), "c": c}));
        }
        NodeValue::FootnoteReference(f) => out.push(json!({"t": "ref", "name": f.name})),
        _ => {
            for child in node.children() {
                inline(child, out);
            }
        }
    }
}

/// The URL if it is an absolute http(s) or mailto link (a PDF has nowhere to
/// resolve relative links); links elsewhere keep their text only.
fn pdf_url(url: &str) -> Value {
    let lower = url.trim().to_ascii_lowercase();
    let ok = safe_url(url)
        && ["http://", "https://", "mailto:"]
            .iter()
            .any(|p| lower.starts_with(p));
    if ok {
        Value::String(url.trim().to_string())
    } else {
        Value::Null
    }
}

#[cfg(test)]
mod tree_tests {
    use super::*;

    #[test]
    fn text_stays_text() {
        let t = to_tree("#read(\"/etc/passwd\") *x* $y$ <z> \\\\ @ref");
        let p = &t[0];
        assert_eq!(p["t"], "p");
        assert_eq!(p["c"][0], "#read(\"/etc/passwd\") ");
        assert_eq!(p["c"][1]["t"], "em");
        assert_eq!(p["c"][2], " $y$ <z> \\ @ref");
    }

    #[test]
    fn blocks_and_inlines() {
        let t = to_tree(
            "# Title\n\n- [x] done\n- [ ] todo\n\n1. one\n2. two\n\n```rust\nfn x() {}\n```\n\n\
             > quoted\n\n| a | b |\n|:--|--:|\n| `c` | **d** |\n\n---\n\nline  \nbreak ~~gone~~",
        );
        let kinds: Vec<&str> = t
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["t"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["h", "list", "list", "code", "quote", "table", "hr", "p"]
        );
        assert_eq!(t[1]["items"][0]["task"], true);
        assert_eq!(t[1]["items"][1]["task"], false);
        assert_eq!(t[2]["ordered"], true);
        assert_eq!(t[3]["lang"], "rust");
        assert_eq!(t[3]["text"], "fn x() {}");
        assert_eq!(t[5]["align"], json!(["left", "right"]));
        assert_eq!(t[5]["rows"][0][0][0]["t"], "code");
        assert_eq!(t[7]["c"][1]["t"], "br");
        assert_eq!(t[7]["c"][3]["t"], "strike");
    }

    #[test]
    fn only_safe_links() {
        let t = to_tree("[a](https://x.example) [b](javascript:alert(1)) [c](mailto:a@b.c)");
        assert_eq!(t[0]["c"][0]["url"], "https://x.example");
        assert_eq!(t[0]["c"][2]["url"], Value::Null);
        assert_eq!(t[0]["c"][4]["url"], "mailto:a@b.c");
    }
}

#[cfg(test)]
mod html_tests {
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
