//! Reads a Quire content folder: splits front matter from Markdown, builds a
//! typed model of every post, page, author and the site settings, and reports
//! every problem with file, line and column.
//!
//! Broken input is data: every function returns what it could read plus a
//! list of [`Diagnostic`](quire_diagnostics::Diagnostic)s, and a bad post
//! never stops the others from loading.
//!
//! ```
//! use quire_content::{parse_file, Entry, SiteSettings};
//! use quire_diagnostics::render_human;
//!
//! let text = "---\ntemplateKey: blog-post\ntitle: Hello\ndate: 2020-11-6\n---\nHi!\n";
//! let parsed = parse_file("blog/hello.md", text.as_bytes(), &SiteSettings::default());
//! let Some(Entry::Post(post)) = &parsed.entry else { panic!("a post") };
//! assert_eq!(post.date.to_rfc3339(), "2020-11-06T00:00:00+00:00");
//! // Accepted, with a warning that says what was fixed and where.
//! let warning = &parsed.diagnostics[0];
//! assert_eq!((warning.code.as_str(), warning.line, warning.column), ("fm-date-lenient", 4, 7));
//! assert!(render_human(warning, Some(text)).contains("write `2020-11-06T00:00:00Z`"));
//! ```
//!
//! To read a whole folder, call [`load`].

mod date;
mod fields;
mod keys;
mod load;
mod model;
mod parse;
mod route;
mod site;
mod split;
mod value;

pub use load::{LoadError, load};
pub use model::*;
pub use parse::{Entry, Parsed, parse_file};
pub use route::{authority_host, url_host};
pub use site::parse_settings;
pub use split::{Format, Split, Unclosed, split};
