//! A small scanner for the URL attributes of raw HTML.
//!
//! It is not an HTML parser: it walks start tags (`<name attr=value ...>`),
//! skips comments, declarations, processing instructions, end tags and the
//! bodies of `<script>` and `<style>`, and reports the attributes that hold
//! URLs with the byte offset of each value. That is all link checking needs,
//! and it keeps a full HTML5 tokenizer out of the dependency tree.

/// One URL found in an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlUrl {
    /// The URL with character references decoded.
    pub url: String,
    /// Byte offset of the URL within the scanned text.
    pub offset: usize,
    /// Byte range of the whole attribute value (without quotes), for rewriting.
    pub value: std::ops::Range<usize>,
    /// The element, lowercase (`a`, `img`, ...).
    pub tag: String,
    /// The attribute, lowercase (`href`, `srcset`, ...).
    pub attr: String,
}

/// Whether `tag`'s `attr` holds one URL (`Some(false)`) or a srcset (`Some(true)`).
fn url_attribute(tag: &str, attr: &str) -> Option<bool> {
    match (tag, attr) {
        ("a" | "link", "href") => Some(false),
        ("img" | "iframe" | "source" | "video" | "audio" | "track" | "embed", "src") => Some(false),
        ("video", "poster") => Some(false),
        ("img" | "source", "srcset") => Some(true),
        _ => None,
    }
}

/// Every URL attribute in `html`, in order.
pub(crate) fn scan(html: &str) -> Vec<HtmlUrl> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(rel) = memchr(b'<', &bytes[i..]) {
        i += rel + 1;
        let rest = &html[i..];
        if rest.starts_with("!--") {
            i = rest.find("-->").map_or(html.len(), |end| i + end + 3);
            continue;
        }
        if rest.starts_with(['!', '?', '/']) {
            i = rest.find('>').map_or(html.len(), |end| i + end + 1);
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name_len = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(rest.len());
        let tag = rest[..name_len].to_ascii_lowercase();
        i += name_len;
        i = attributes(html, i, &tag, &mut found);
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = find_ascii_case_insensitive(&html[i..], &close).map_or(html.len(), |end| i + end);
        }
    }
    found
}

/// Reads the attributes of a start tag from `i` to its `>`; returns the
/// offset after the tag.
fn attributes(html: &str, mut i: usize, tag: &str, found: &mut Vec<HtmlUrl>) -> usize {
    let bytes = html.as_bytes();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return i;
        }
        if bytes[i] == b'>' {
            return i + 1;
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let attr = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let start = i + 1;
                let end = memchr(q, &bytes[start..]).map_or(bytes.len(), |e| start + e);
                i = (end + 1).min(bytes.len());
                start..end
            }
            _ => {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                start..i
            }
        };
        let Some(is_srcset) = url_attribute(tag, &attr) else {
            continue;
        };
        let text = &html[value.clone()];
        let candidates = if is_srcset {
            srcset_urls(text)
        } else {
            let trimmed = text.trim_start();
            vec![(text.len() - trimmed.len(), trimmed.trim_end())]
        };
        for (offset, url) in candidates {
            found.push(HtmlUrl {
                url: decode_entities(url),
                offset: value.start + offset,
                value: value.clone(),
                tag: tag.to_string(),
                attr: attr.clone(),
            });
        }
    }
}

/// The URLs of a `srcset` value with their byte offsets: candidates are
/// separated by commas, each a URL followed by an optional descriptor.
fn srcset_urls(value: &str) -> Vec<(usize, &str)> {
    let bytes = value.as_bytes();
    let mut urls = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut url = &value[start..i];
        // A URL written without a descriptor ends at the comma.
        let trimmed = url.trim_end_matches(',');
        let ended_candidate = trimmed.len() != url.len();
        url = trimmed;
        if !url.is_empty() {
            urls.push((start, url));
        }
        if !ended_candidate {
            // Skip the descriptor up to the next comma.
            while i < bytes.len() && bytes[i] != b',' {
                i += 1;
            }
        }
    }
    urls
}

/// Decodes the character references that appear in URLs: `&amp;`, `&lt;`,
/// `&gt;`, `&quot;`, `&apos;`, `&colon;`, `&sol;` and numeric ones.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[1..].find(';').map(|s| s + 1).filter(|&s| s <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "sol" => Some('/'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            _ => name.strip_prefix('#').and_then(|num| {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
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

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    haystack
        .as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(html: &str) -> Vec<(String, usize, String)> {
        scan(html)
            .into_iter()
            .map(|u| (u.url, u.offset, format!("{}.{}", u.tag, u.attr)))
            .collect()
    }

    #[test]
    fn finds_url_attributes_with_offsets() {
        let html = r#"<p><a class="x" href="/a/">A</a> <IMG SRC='b.png' alt=x> <iframe src=c></iframe></p>"#;
        let found = urls(html);
        assert_eq!(
            found,
            vec![
                ("/a/".into(), 22, "a.href".into()),
                ("b.png".into(), 43, "img.src".into()),
                ("c".into(), 69, "iframe.src".into()),
            ]
        );
        for (url, offset, _) in &found {
            assert!(html[*offset..].starts_with(url.as_str()));
        }
    }

    #[test]
    fn srcset_gives_each_url() {
        let html = r#"<img srcset="a.png 1x, b.png 2x,c.png"><source srcset="d.webp">"#;
        let found = urls(html);
        let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["a.png", "b.png", "c.png", "d.webp"]);
        for (url, offset, _) in &found {
            assert!(
                html[*offset..].starts_with(url.as_str()),
                "{url} at {offset}"
            );
        }
    }

    #[test]
    fn skips_comments_end_tags_scripts_and_other_attributes() {
        let html = "<!-- <a href=\"no\"> --><script>var s = '<a href=\"no\">';</script>\
                    <div data-href=\"no\"></a><link rel=x href=\"yes\">";
        assert_eq!(urls(html), vec![("yes".into(), 105, "link.href".into())]);
    }

    #[test]
    fn decodes_character_references() {
        assert_eq!(decode_entities("a?x=1&amp;y=2"), "a?x=1&y=2");
        assert_eq!(decode_entities("&#106;avascript&colon;x"), "javascript:x");
        assert_eq!(
            decode_entities("&#x6A;s & co &unknown;"),
            "js & co &unknown;"
        );
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for html in [
            "<a href=\"x",
            "<a href=",
            "<a",
            "<",
            "<!--",
            "<img srcset=\", ,\">",
        ] {
            let _ = scan(html);
        }
    }
}
