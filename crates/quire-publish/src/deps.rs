//! Calls into sibling crates whose APIs are still landing. Each function
//! here becomes a plain call of the real one as soon as it exists.
// TEMPORARY: replace with quire_markdown::render, quire_links::{...}.

use quire_content::Site;
use quire_diagnostics::Diagnostic;
use quire_markdown::Document;

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

pub(crate) fn listing_page_route(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

pub(crate) fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

pub(crate) fn markdown(body: &str, _options: &quire_markdown::Options) -> Document {
    let mut d = Document::default();
    let text = body.trim();
    d.html = format!("<p>{}</p>\n", crate::xml::escape(text));
    d.summary = crate::xml::escape(&text.chars().take(200).collect::<String>());
    d.text = text.to_string();
    d.word_count = text.split_whitespace().count();
    d.reading_minutes = (d.word_count / 200).max(1);
    d
}

/// The site-wide link check: diagnostics and backlinks.
pub(crate) struct SiteCheck {
    pub diagnostics: Vec<Diagnostic>,
    /// Target post route → routes of posts linking to it.
    pub backlinks: Vec<(String, Vec<String>)>,
}

pub(crate) fn check_site(_site: &Site, _docs: &[Document]) -> SiteCheck {
    SiteCheck {
        diagnostics: Vec::new(),
        backlinks: Vec::new(),
    }
}
