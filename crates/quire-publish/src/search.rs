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

/// The JSON text of the whole index, and the length and hash of each
/// entry's text in it (for [`splice`]).
pub(crate) fn index_json(entries: &[SearchEntry<'_>]) -> (String, Vec<EntrySpan>) {
    let mut s = String::with_capacity(entries.len() * 1024);
    let mut spans = Vec::with_capacity(entries.len());
    s.push('[');
    for (n, e) in entries.iter().enumerate() {
        if n > 0 {
            s.push(',');
        }
        let text = entry_json(e);
        spans.push(EntrySpan::of(&text));
        s.push_str(&text);
    }
    s.push_str("]\n");
    (s, spans)
}

/// One entry as the index writes it.
pub(crate) fn entry_json(e: &SearchEntry<'_>) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

/// Where an entry's text is recognised in the index: its length and hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct EntrySpan {
    pub len: usize,
    pub hash: String,
}

impl EntrySpan {
    fn of(text: &str) -> EntrySpan {
        EntrySpan {
            len: text.len(),
            hash: crate::output::hash_hex(text.as_bytes()),
        }
    }
}

/// Replaces the entry of the post at `url` titled `title`, whose text had
/// `old` length and hash, by `new` in `index`. Returns the new span, or
/// `None` when the old entry is not found exactly where expected (the
/// caller then rebuilds the index from scratch).
///
/// An entry starts with its title and URL keys; inside JSON strings a
/// quote is always escaped, so that opening cannot occur anywhere else.
pub(crate) fn splice(
    index: &mut Vec<u8>,
    title: &str,
    url: &str,
    old: &EntrySpan,
    new: &str,
) -> Option<EntrySpan> {
    let opening = format!(
        "{{\"title\":{},\"url\":{},",
        serde_json::to_string(title).ok()?,
        serde_json::to_string(url).ok()?
    );
    let start = memchr::memmem::find(index, opening.as_bytes())?;
    let end = start.checked_add(old.len)?;
    let current = index.get(start..end)?;
    if crate::output::hash_hex(current) != old.hash {
        return None;
    }
    index.splice(start..end, new.bytes());
    Some(EntrySpan::of(new))
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
