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
    /// Collect [`Document::links`] and [`Document::duplicate_definitions`]
    /// (on by default). Off, both stay empty and the walk skips the work:
    /// for a caller that never checks links, and for benchmarks that need
    /// parsing and rendering alone as a baseline. Unsafe URLs are removed
    /// (and listed in [`Document::removed_urls`]) either way, and the HTML
    /// does not change.
    pub collect_links: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            raw_html: true,
            highlight_code: true,
            smart_punctuation: false,
            collect_links: true,
        }
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
    /// Reference definitions whose label was already defined: the first
    /// definition wins (CommonMark), these later ones are ignored.
    pub duplicate_definitions: Vec<DuplicateDefinition>,
    /// URLs taken out of the HTML because their scheme can run code or read
    /// local files (`javascript:`, `vbscript:`, `file:`, non-image `data:`).
    pub removed_urls: Vec<RemovedUrl>,
    /// Raw HTML that was escaped (shown as text) because `raw_html` is off.
    pub escaped_html: Vec<Position>,
}

impl Document {
    /// The headings nested by level, for a table of contents.
    pub fn toc(&self) -> Vec<TocEntry> {
        crate::toc::nest(&self.headings)
    }
}

/// A 1-based line and column (in characters) in the Markdown string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
}

/// One entry of the table of contents with the headings under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading id (fragment target).
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
    /// Headings of a deeper level that follow, before the next heading of
    /// this level or higher.
    pub children: Vec<TocEntry>,
}

/// A reference definition whose label was already defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateDefinition {
    /// The label as written in the ignored definition.
    pub label: String,
    /// Where the ignored definition starts (its `[`).
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
    /// Line of the definition that wins.
    pub first_line: u32,
    /// Column of the definition that wins.
    pub first_column: u32,
}

/// A URL removed from the rendered HTML for safety.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovedUrl {
    /// The URL as written.
    pub url: String,
    /// How the link was written.
    pub source: LinkSource,
    /// 1-based line.
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
}

/// Which form of reference link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceKind {
    /// `[text][label]`.
    Full,
    /// `[label][]`.
    Collapsed,
    /// `[label]`.
    Shortcut,
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
///
/// The position is where the link starts: the `[` of a link, the `!` of an
/// image, the `<` or first character of an autolink, and the first character
/// of the attribute value for raw HTML.
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
    /// For [`LinkSource::Reference`] (and reference links inside footnotes),
    /// which form was written; `None` otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<ReferenceKind>,
}
