//! Links of one Markdown string, classified.

use quire_markdown::{LinkRef, LinkSource, Options};
use serde::Serialize;

use crate::classify::{LinkKind, SiteUrls, classify};

/// One link as written, with what it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Link {
    /// The URL as written (reference links resolved to their definition).
    pub url: String,
    /// Link text or image alt, as plain text.
    pub text: String,
    /// How it was written (inline, reference, autolink, image, footnote, HTML).
    pub source: LinkSource,
    /// 1-based line relative to the start of the Markdown string.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What it points at.
    pub kind: LinkKind,
}

impl Link {
    /// Classifies a link the Markdown stage found.
    pub fn from_ref(link: &LinkRef, site: &SiteUrls) -> Self {
        Link {
            url: link.url.clone(),
            text: link.text.clone(),
            source: link.source,
            line: link.line,
            column: link.column,
            kind: classify(&link.url, site),
        }
    }
}

/// Options for [`extract`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ExtractOptions {
    /// Which hosts count as this site (none by default: every absolute URL
    /// is external).
    pub site: SiteUrls,
    /// How the Markdown is parsed (raw HTML on by default).
    pub markdown: Options,
}

impl ExtractOptions {
    /// Sets the hosts that count as this site.
    pub fn site(mut self, site: SiteUrls) -> Self {
        self.site = site;
        self
    }

    /// Sets the Markdown options.
    pub fn markdown(mut self, markdown: Options) -> Self {
        self.markdown = markdown;
        self
    }
}

/// Every link of a Markdown string, in document order, classified, with
/// 1-based line and column relative to the string. Nothing inside code
/// spans or code blocks; links inside raw HTML included.
pub fn extract(markdown: &str, options: &ExtractOptions) -> Vec<Link> {
    let mut markdown_options = options.markdown.clone();
    // Only links are wanted: highlighting would cost time for nothing.
    markdown_options.highlight_code = false;
    crate::md::render(markdown, &markdown_options)
        .links
        .iter()
        .map(|l| Link::from_ref(l, &options.site))
        .collect()
}
