//! Markdown for Quire: one comrak parse per document, from which the HTML,
//! headings, table of contents, summary and every link are all taken.
//!
//! [`render`] parses once with the GFM extensions (tables, strikethrough,
//! autolinks, task lists, footnotes), walks that one tree for headings,
//! links with their line and column, footnote ids, plain text and counts,
//! highlights fenced code with CSS classes ([`highlight_css`] gives the
//! stylesheet), removes unsafe link URLs, and writes the HTML. No comrak type
//! leaves this crate and the parse tree is dropped before `render` returns:
//! a [`Document`] owns only strings.
//!
//! ```
//! use quire_markdown::{LinkSource, Options, render, slugify};
//!
//! let markdown = concat!(
//!     "# Getting started\n\n",
//!     "Read the [install guide][install] first.\n\n",
//!     "```rust\nfn main() {}\n```\n\n",
//!     "[install]: /docs/install/\n",
//! );
//! let doc = render(markdown, &Options::default());
//! assert_eq!(doc.headings[0].id, "getting-started");
//! assert_eq!(doc.headings[0].id, slugify("Getting started"));
//! assert!(doc.html.contains(r#"<h1 id="getting-started">"#));
//! assert!(doc.html.contains(r#"<span class="hl-keyword">fn</span>"#));
//!
//! let link = &doc.links[0];
//! assert_eq!(link.url, "/docs/install/");
//! assert_eq!(link.source, LinkSource::Reference);
//! assert_eq!((link.line, link.column), (3, 10));
//! assert_eq!(doc.word_count, 7);
//! assert_eq!(doc.reading_minutes, 1);
//! ```
//!
//! # Safety of URLs
//!
//! Raw HTML is passed through when [`Options::raw_html`] is on, which also
//! turns off comrak's own URL filtering. So Quire filters Markdown link and
//! image URLs itself: `javascript:`, `vbscript:`, `file:` and `data:` (except
//! `data:image/png`, `gif`, `jpeg` and `webp`) are rendered without their
//! `href`/`src` and listed in [`Document::removed_urls`]. Raw HTML is the
//! author's own markup and is kept, except that `javascript:` and
//! `vbscript:` URLs in its link attributes are replaced by `#` (and listed
//! too). With `raw_html` off, raw HTML is escaped and shown as text, and its
//! positions are listed in [`Document::escaped_html`].

mod document;
mod highlight;
mod rawhtml;
mod refdefs;
mod render;
mod slug;
mod toc;

pub use document::*;
pub use highlight::highlight_css;
pub use render::render;
pub use slug::{Slugger, slugify};
