//! Markdown for Quire: one comrak parse per document, from which the HTML,
//! headings, table of contents, summary and every link are all taken.

mod document;

pub use document::*;
