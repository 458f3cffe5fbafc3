//! What the `markdown` target asserts of the converters' output: the HTML
//! is only markup the converter writes itself (read with a small tag
//! scanner, which is enough because every `<`, `>` and `"` of the input
//! reaches the output escaped), and the typst tree is plain data.

use serde_json::Value;

use crate::render::markdown::safe_url;

/// Tags comrak writes for the extensions we turn on.
const TAGS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "span",
    "strong",
    "sup",
    "sub",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Attributes comrak writes; none is an event handler or a style.
const ATTRIBUTES: &[&str] = &[
    "align",
    "alt",
    "aria-label",
    "checked",
    "class",
    "data-footnote-backref",
    "data-footnote-backref-idx",
    "data-footnote-ref",
    "data-footnotes",
    "disabled",
    "href",
    "id",
    "src",
    "start",
    "title",
    "type",
];

/// What comrak leaves where raw HTML was.
const OMITTED: &str = "<!-- raw HTML omitted -->";

/// Panic unless `html` is inert: every tag and attribute is one comrak
/// writes, no text holds a bare `>`, and every `href`/`src` is a URL
/// [`safe_url`] accepts once its character references are decoded.
pub fn assert_inert_html(html: &str) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        assert!(
            !rest[..lt].contains('>'),
            "a bare `>` in text: {}",
            &rest[..lt]
        );
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix(OMITTED) {
            rest = after;
            continue;
        }
        let end = rest
            .find('>')
            .unwrap_or_else(|| panic!("an unclosed tag: {rest}"));
        tag(&rest[1..end]);
        rest = &rest[end + 1..];
    }
    assert!(!rest.contains('>'), "a bare `>` in text: {rest}");
}

/// One tag's inside, between `<` and `>`.
fn tag(inside: &str) {
    let inside = inside.strip_suffix('/').unwrap_or(inside).trim_end();
    let (closing, inside) = match inside.strip_prefix('/') {
        Some(name) => (true, name),
        None => (false, inside),
    };
    let name_end = inside
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inside.len());
    let name = &inside[..name_end];
    assert!(TAGS.contains(&name), "tag <{inside}>");
    let mut attrs = &inside[name_end..];
    assert!(!closing || attrs.is_empty(), "closing tag </{inside}>");
    loop {
        attrs = attrs.trim_start();
        if attrs.is_empty() {
            break;
        }
        let key_end = attrs
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(attrs.len());
        let key = &attrs[..key_end];
        assert!(
            ATTRIBUTES.contains(&key) && !key.starts_with("on"),
            "attribute `{key}` in <{inside}>"
        );
        attrs = &attrs[key_end..];
        let Some(value) = attrs.strip_prefix("=\"") else {
            assert!(
                attrs.is_empty() || attrs.starts_with(' '),
                "attribute syntax in <{inside}>"
            );
            continue;
        };
        let close = value
            .find('"')
            .unwrap_or_else(|| panic!("an unclosed value in <{inside}>"));
        let raw = &value[..close];
        assert!(!raw.contains('<'), "`<` in a value of <{inside}>");
        if key == "href" || key == "src" {
            let url = decode(raw);
            assert!(safe_url(&url), "{key}=\"{url}\" in <{inside}>");
        }
        attrs = &value[close + 1..];
    }
}

/// Decode HTML character references as a browser does in an attribute.
fn decode(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';') else { break };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Panic unless `tree` has the shape `markdown::to_tree` documents: an
/// array of blocks of known types with known fields, inlines that are
/// strings or known objects, and links that are null or absolute
/// http(s)/mailto URLs.
pub fn assert_tree(tree: &Value) {
    blocks(tree);
}

fn blocks(v: &Value) {
    for b in v.as_array().unwrap_or_else(|| panic!("blocks: {v}")) {
        block(b);
    }
}

fn keys(o: &Value, allowed: &[&str]) {
    let map = o.as_object().unwrap_or_else(|| panic!("an object: {o}"));
    for k in map.keys() {
        assert!(k == "t" || allowed.contains(&k.as_str()), "key {k} in {o}");
    }
}

fn string(v: &Value) {
    assert!(v.is_string(), "a string: {v}");
}

fn block(b: &Value) {
    match b["t"].as_str() {
        Some("p") => {
            keys(b, &["c"]);
            inlines(&b["c"]);
        }
        Some("h") => {
            keys(b, &["level", "c"]);
            assert!(b["level"].as_u64().is_some_and(|l| (1..=6).contains(&l)));
            inlines(&b["c"]);
        }
        Some("list") => {
            keys(b, &["ordered", "start", "tight", "items"]);
            for item in b["items"].as_array().expect("items") {
                assert!(item["task"].is_null() || item["task"].is_boolean());
                blocks(&item["c"]);
            }
        }
        Some("code") => {
            keys(b, &["lang", "text"]);
            string(&b["lang"]);
            string(&b["text"]);
        }
        Some("raw") => {
            keys(b, &["text"]);
            string(&b["text"]);
        }
        Some("quote") => {
            keys(b, &["c"]);
            blocks(&b["c"]);
        }
        Some("note") => {
            keys(b, &["name", "c"]);
            string(&b["name"]);
            blocks(&b["c"]);
        }
        Some("table") => {
            keys(b, &["align", "head", "rows"]);
            for cell in b["head"].as_array().expect("head") {
                inlines(cell);
            }
            for row in b["rows"].as_array().expect("rows") {
                for cell in row.as_array().expect("row") {
                    inlines(cell);
                }
            }
        }
        Some("hr") => keys(b, &[]),
        _ => panic!("block {b}"),
    }
}

fn inlines(v: &Value) {
    for i in v.as_array().unwrap_or_else(|| panic!("inlines: {v}")) {
        if i.is_string() {
            continue;
        }
        match i["t"].as_str() {
            Some("em" | "strong" | "strike" | "sup" | "sub") => {
                keys(i, &["c"]);
                inlines(&i["c"]);
            }
            Some("code") => {
                keys(i, &["text"]);
                string(&i["text"]);
            }
            Some("link") => {
                keys(i, &["url", "c"]);
                if let Some(url) = i["url"].as_str() {
                    let lower = url.to_ascii_lowercase();
                    assert!(
                        safe_url(url)
                            && ["http://", "https://", "mailto:"]
                                .iter()
                                .any(|p| lower.starts_with(p)),
                        "link {url}"
                    );
                } else {
                    assert!(i["url"].is_null());
                }
                inlines(&i["c"]);
            }
            Some("br") => keys(i, &[]),
            Some("ref") => {
                keys(i, &["name"]);
                string(&i["name"]);
            }
            _ => panic!("inline {i}"),
        }
    }
}
