//! The built-in templates, embedded whole: every `*.typ` of `templates/pdf/`
//! and every `*.tera` of `templates/html/` is in the binary, so a template
//! added (for a new record kind, say) needs no list to be built in. A
//! tree's own `templates/` files override them by name.

use std::sync::OnceLock;

use include_dir::{Dir, include_dir};

static PDF: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates/pdf");
static HTML: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates/html");

/// The built-in PDF templates: (file name, text), by name.
pub fn pdf() -> &'static [(&'static str, &'static str)] {
    static FILES: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    FILES.get_or_init(|| files(&PDF, ".typ"))
}

/// The built-in HTML templates: (file name, text), by name.
pub fn html() -> &'static [(&'static str, &'static str)] {
    static FILES: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    FILES.get_or_init(|| files(&HTML, ".tera"))
}

/// The files of `dir` itself (not of its folders) whose names end with
/// `ending`, by name.
fn files(dir: &'static Dir<'static>, ending: &str) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = dir
        .files()
        .filter_map(|f| {
            let name = f.path().to_str()?;
            Some((name, f.contents_utf8()?))
        })
        .filter(|(name, _)| name.ends_with(ending))
        .collect();
    out.sort_unstable_by_key(|(name, _)| *name);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_file_is_built_in() {
        for (dir, ending, built) in [("pdf", ".typ", pdf()), ("html", ".tera", html())] {
            let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("templates")
                .join(dir);
            let mut on_disk: Vec<String> = std::fs::read_dir(folder)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .filter(|n| n.ends_with(ending))
                .collect();
            on_disk.sort();
            let names: Vec<&str> = built.iter().map(|(n, _)| *n).collect();
            assert_eq!(names, on_disk, "templates/{dir}");
            assert!(built.iter().all(|(_, text)| !text.is_empty()));
        }
    }
}
