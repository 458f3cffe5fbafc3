//! Markdown from records, converted for each output. Record text is data:
//! HTML output escapes text and drops raw HTML and dangerous link schemes;
//! the typst output is a JSON tree of nodes whose text the templates print
//! as plain strings, never as markup.

use comrak::{Options, markdown_to_html};

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

/// Markdown to sanitised HTML.
pub fn to_html(md: &str) -> String {
    markdown_to_html(md, &options())
}
