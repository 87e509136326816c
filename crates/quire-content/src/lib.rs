//! Reads a Quire content folder: splits front matter from Markdown, builds a
//! typed model of every post, page, author and the site settings, and reports
//! every problem with file, line and column.

mod model;

pub use model::*;
