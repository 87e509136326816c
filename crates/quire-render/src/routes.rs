//! URLs of category and author pages and the slug function.
//!
//! Temporary: these call the same slug rule as the Markdown stage until
//! `quire_links::{category_route, author_route}` and `quire_markdown::slugify`
//! land; then they become plain re-uses of those.

pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

pub(crate) fn category_route(label: &str) -> String {
    format!("/blog/category/{}/", slugify(label))
}

pub(crate) fn author_route(name: &str) -> String {
    format!("/blog/author/{}/", slugify(name))
}
