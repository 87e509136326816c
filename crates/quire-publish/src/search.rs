//! `search-index.json`: what the theme's search script loads.

use std::borrow::Cow;
use std::path::Path;

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
/// for whole-word and prefix search, smaller than the full text. A word is
/// a run of alphanumeric characters (Unicode's definition).
pub(crate) fn words(text: &str) -> String {
    // Most words are already lowercase ASCII: borrow those instead of
    // allocating a lowercase copy of every word. The set hashes with
    // foldhash: this runs over every word of every post.
    let mut seen: std::collections::HashSet<Cow<'_, str>, foldhash::fast::RandomState> =
        std::collections::HashSet::with_capacity_and_hasher(
            (text.len() / 16).min(4096),
            foldhash::fast::RandomState::default(),
        );
    let mut out = String::with_capacity(text.len() / 4);
    for w in (WordSplit { text, at: 0 }) {
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

/// The runs of alphanumeric characters of a text, looking at ASCII bytes
/// directly and decoding only the others.
struct WordSplit<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> WordSplit<'t> {
    /// Whether a word character starts at byte `i`, and its length.
    fn word_char(&self, i: usize) -> (bool, usize) {
        let b = self.text.as_bytes()[i];
        if b < 0x80 {
            return (b.is_ascii_alphanumeric(), 1);
        }
        let c = self.text[i..].chars().next().unwrap_or(' ');
        (c.is_alphanumeric(), c.len_utf8())
    }
}

impl<'t> Iterator for WordSplit<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let len = self.text.len();
        while self.at < len {
            let (is_word, n) = self.word_char(self.at);
            if is_word {
                break;
            }
            self.at += n;
        }
        if self.at >= len {
            return None;
        }
        let start = self.at;
        while self.at < len {
            let (is_word, n) = self.word_char(self.at);
            if !is_word {
                break;
            }
            self.at += n;
        }
        Some(&self.text[start..self.at])
    }
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
        spans.push(EntrySpan::of(s.len(), &text));
        s.push_str(&text);
    }
    s.push_str("]\n");
    (s, spans)
}

/// One entry as the index writes it.
pub(crate) fn entry_json(e: &SearchEntry<'_>) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

/// Where an entry's text is in the index: its offset when written (later
/// edits of entries before it may have moved it), length and hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct EntrySpan {
    pub offset: usize,
    pub len: usize,
    pub hash: String,
}

impl EntrySpan {
    /// The span of `text` written at `offset`.
    pub(crate) fn of(offset: usize, text: &str) -> EntrySpan {
        EntrySpan {
            offset,
            len: text.len(),
            hash: crate::output::hash_hex(text.as_bytes()),
        }
    }
}

/// Finds the entry of the post at `url` titled `title` in the index file
/// `file`, described by `span`: at its recorded offset, else near it (an
/// earlier entry changed length), else anywhere. Returns its offset, or
/// `None` when it is not there with the recorded length and hash (the
/// caller then leaves the index to a full build).
///
/// An entry starts with its title and URL keys; inside JSON strings a quote
/// is always escaped, so that opening cannot occur anywhere else.
pub(crate) fn locate(file: &Path, title: &str, url: &str, span: &EntrySpan) -> Option<usize> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let mut f = std::fs::File::open(file).ok()?;
    let size = f.metadata().ok()?.len() as usize;
    let mut read_at = |offset: usize, len: usize| -> Option<Vec<u8>> {
        let len = len.min(size.checked_sub(offset)?);
        let mut buf = vec![0u8; len];
        f.seek(SeekFrom::Start(offset as u64)).ok()?;
        f.read_exact(&mut buf).ok()?;
        Some(buf)
    };
    let matches =
        |bytes: &[u8]| bytes.len() == span.len && crate::output::hash_hex(bytes) == span.hash;
    if read_at(span.offset, span.len).is_some_and(|b| matches(&b)) {
        return Some(span.offset);
    }
    let opening = format!(
        "{{\"title\":{},\"url\":{},",
        serde_json::to_string(title).ok()?,
        serde_json::to_string(url).ok()?
    );
    const NEAR: usize = 256 * 1024;
    for window in [NEAR, usize::MAX] {
        let from = span.offset.saturating_sub(window);
        let len = window.saturating_mul(2).saturating_add(span.len);
        let Some(bytes) = read_at(from, len) else {
            continue;
        };
        if let Some(at) = memchr::memmem::find(&bytes, opening.as_bytes()) {
            let start = from + at;
            if read_at(start, span.len).is_some_and(|b| matches(&b)) {
                return Some(start);
            }
            return None;
        }
    }
    None
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
    fn words_split_where_unicode_says_a_word_ends() {
        // The reference: split on every character that is not alphanumeric.
        let reference = |text: &str| -> Vec<String> {
            let mut seen = std::collections::HashSet::new();
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .filter(|w| seen.insert(w.clone()))
                .collect()
        };
        for text in [
            "",
            "   ",
            "a",
            "hello—world…again",
            "Καλημέρα κόσμε, ΚΑΛΗΜΈΡΑ!",
            "日本語のテキスト、と English mixed ２０２６",
            "tab\tsep\nnew line\u{a0}nbsp\u{2003}em-space",
            "emoji 🎉 inside🎉word and ﬁ ligature",
            "x",
        ] {
            assert_eq!(words(text), reference(text).join(" "), "{text:?}");
        }
    }

    #[test]
    fn entries_are_found_where_written_after_a_shift_and_not_when_changed() {
        let entry = |title: &'static str, url: &'static str, words: &'static str| SearchEntry {
            title,
            url,
            date: "2026-01-01T00:00:00+00:00".into(),
            categories: vec!["News"],
            summary: "s",
            words,
        };
        let entries = [entry("A", "/a/", "one"), entry("B \"b\"", "/b/", "two")];
        let (text, spans) = index_json(&entries);
        let dir = std::env::temp_dir().join(format!("quire-search-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("search-index.json");
        std::fs::write(&file, &text).unwrap();
        assert_eq!(
            locate(&file, "B \"b\"", "/b/", &spans[1]),
            Some(spans[1].offset)
        );
        // The first entry grew: the second moved, and is found near its old place.
        let grown = text.replacen("\"one\"", "\"one more words\"", 1);
        std::fs::write(&file, &grown).unwrap();
        assert_eq!(
            locate(&file, "B \"b\"", "/b/", &spans[1]),
            Some(spans[1].offset + " more words".len())
        );
        // The first entry itself changed: its recorded hash no longer fits.
        assert_eq!(locate(&file, "A", "/a/", &spans[0]), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn plain_text_drops_tags() {
        assert_eq!(plain_text("<p>A &amp; <em>B</em>\n c</p>"), "A & B c");
    }
}
