//! `search-index.json`: what the theme's search script loads.

use std::borrow::Cow;

use serde::Serialize;

/// One entry of the search index.
#[derive(Serialize)]
pub(crate) struct SearchEntry<'a> {
    pub title: &'a str,
    /// Root-relative URL (the route).
    pub url: &'a str,
    /// RFC 3339 date.
    pub date: String,
    pub categories: Vec<&'a str>,
    /// Summary as plain text.
    pub summary: &'a str,
    /// Distinct lowercase words of the text, in order of first use.
    pub words: &'a str,
}

/// Distinct lowercase words of `text` in order of first appearance: enough
/// for whole-word and prefix search, smaller than the full text.
pub(crate) fn words(text: &str) -> String {
    // Most words are already lowercase ASCII: borrow those instead of
    // allocating a lowercase copy of every word.
    let mut seen: std::collections::HashSet<Cow<'_, str>> = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len() / 4);
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let w: Cow<'_, str> = if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            Cow::Borrowed(w)
        } else {
            Cow::Owned(w.to_lowercase())
        };
        if !seen.contains(w.as_ref()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&w);
            seen.insert(w);
        }
    }
    out
}

/// Plain text of a small HTML fragment (tags dropped, common entities decoded).
pub(crate) fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The JSON text of the whole index.
pub(crate) fn index_json(entries: &[SearchEntry<'_>]) -> String {
    let mut s = serde_json::to_string(entries).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_distinct_and_lowercase() {
        assert_eq!(
            words("The cat, the CAT; a dog-house."),
            "the cat a dog house"
        );
        assert_eq!(words("Ünïcode ünïcode ÉTÉ été x2 X2"), "ünïcode été x2");
    }

    #[test]
    fn plain_text_drops_tags() {
        assert_eq!(plain_text("<p>A &amp; <em>B</em>\n c</p>"), "A & B c");
    }
}
