//! Link extraction and classification for Markdown, and the offline site-wide
//! check that every internal link and anchor points at something the build produces.
//!
//! Three layers, each usable alone:
//!
//! - [`classify`] says what one URL points at: this site, a fragment of the
//!   same page, another site, an email address, or nothing usable (with the
//!   likely fix).
//! - [`extract`] finds every link of a Markdown string with its line and
//!   column, through the same parse the renderer uses.
//! - [`Checker`] (or [`check_site`]) checks every internal link and anchor of
//!   a loaded site against [`site_routes`], the routes the build writes, and
//!   returns a [`Report`] with diagnostics, broken targets and backlinks.
//!
//! ```
//! use quire_links::{LinkKind, Routes, SiteUrls, classify};
//!
//! let site = SiteUrls::new("https://openinfra.dev", &["openinfra.org"]);
//! let kind = classify("https://openinfra.org/blog/hello/#intro", &site);
//! assert_eq!(
//!     kind,
//!     LinkKind::Internal { path: "/blog/hello/".into(), fragment: Some("intro".into()) }
//! );
//! let LinkKind::Malformed { hint } = classify("ttps://example.org", &site) else { panic!() };
//! assert!(hint.contains("https://example.org"));
//!
//! let routes: Routes = ["/blog/hello/", "/img/logo.png"].into_iter().collect();
//! assert_eq!(routes.resolve("/blog/hello/index.html"), Some("/blog/hello/"));
//! assert_eq!(routes.resolve("/blog/hello"), Some("/blog/hello/"));
//! assert_eq!(routes.closest("/blog/helo/"), Some("/blog/hello/"));
//! ```
//!
//! Extraction works on any Markdown string, without the rest of Quire:
//!
//! ```
//! use quire_links::{ExtractOptions, LinkKind, LinkSource, SiteUrls, extract};
//!
//! let markdown = "# Notes\n\nSee [the guide](/blog/guide/#install) and\n\
//!                 <a href=\"example.org\">this</a>. `[not](/a/link/)`\n";
//! let options = ExtractOptions::default().site(SiteUrls::new("https://example.dev", &[] as &[&str]));
//! let links = extract(markdown, &options);
//! assert_eq!(links.len(), 2);
//! assert_eq!((links[0].line, links[0].column), (3, 5));
//! assert!(matches!(&links[0].kind, LinkKind::Internal { fragment: Some(f), .. } if f == "install"));
//! assert_eq!(links[1].source, LinkSource::Html);
//! let LinkKind::Malformed { hint } = &links[1].kind else { panic!("no scheme") };
//! assert!(hint.contains("https://example.org"));
//! ```
//!
//! A whole site, loaded with `quire_content::load`, is checked with
//! `Checker::new(&site).render_and_check()`; [`to_human`], [`to_json`],
//! [`to_sarif`] and [`to_github`] print the [`Report`].

mod check;
mod classify;
mod extract;
mod md;
mod report;
mod routes;

pub use check::{BrokenTarget, Checker, PageLinks, Report, Source, check_site};
pub use classify::{LinkKind, SiteUrls, classify};
pub use extract::{ExtractOptions, Link, extract};
pub use quire_markdown::LinkSource;
pub use report::{to_github, to_human, to_json, to_sarif};
pub use routes::{
    GENERATED_FILES, Routes, author_route, category_route, listing_page_route, page_count,
    site_routes,
};
