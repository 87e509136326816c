//! The one struct a Markdown parse produces. Every consumer (HTML, table of
//! contents, summary, link checks) reads this; no comrak type leaves the crate.

use serde::Serialize;

/// Options for [`crate::render`]: what site.yaml decides about Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Pass raw HTML through (true) or refuse it (false: escaped, with a warning).
    pub raw_html: bool,
    /// Highlight fenced code blocks with CSS classes.
    pub highlight_code: bool,
    /// Smart punctuation (off by default).
    pub smart_punctuation: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { raw_html: true, highlight_code: true, smart_punctuation: false }
    }
}

/// A rendered Markdown document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Document {
    /// Body HTML, heading ids set, unsafe URLs removed.
    pub html: String,
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Footnote definition ids (`fn-x`) and reference ids (`fnref-x`), valid fragment targets.
    pub footnote_ids: Vec<String>,
    /// Summary HTML: text before `<!-- more -->`, else the first ~200
    /// characters of plain text cut at a word (escaped text then).
    pub summary: String,
    /// Plain text of the whole document (for the search index).
    pub text: String,
    /// Number of words.
    pub word_count: usize,
    /// Minutes to read at 200 words a minute, at least 1.
    pub reading_minutes: usize,
    /// Every link, in document order, with its position.
    pub links: Vec<LinkRef>,
}

/// A heading with the id the renderer gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The id (from [`crate::slugify`], de-duplicated with `-1`, `-2`).
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

/// Where a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkSource {
    /// `[text](url)`.
    Inline,
    /// `[text][ref]`, `[ref][]` or `[ref]`.
    Reference,
    /// `<https://...>` or a bare GFM autolink.
    Autolink,
    /// `![alt](src)`.
    Image,
    /// A link inside a footnote definition.
    Footnote,
    /// An attribute inside raw HTML (`a href`, `img src`, `srcset`, ...).
    Html,
}

/// One link as written, before classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkRef {
    /// The URL as written (reference links resolved to their definition).
    pub url: String,
    /// Link text or image alt, as plain text.
    pub text: String,
    /// How it was written.
    pub source: LinkSource,
    /// 1-based line relative to the start of the Markdown string.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
}
