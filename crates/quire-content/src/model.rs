//! The typed model of a content folder. Plain data, no YAML types: other
//! crates depend on these structs, never on the YAML library.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// Arbitrary front-matter data (unknown keys, other page kinds' fields),
/// converted from YAML or TOML to JSON values so no parser type leaks out.
pub type Data = BTreeMap<String, serde_json::Value>;

/// A whole content folder, loaded.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Site {
    /// The content folder as given by the caller.
    pub root: PathBuf,
    /// `site.yaml`, or defaults.
    pub settings: SiteSettings,
    /// Every post without a hard error, sorted by source path.
    pub posts: Vec<Post>,
    /// Every other page kind (templateKey other than `blog-post`), sorted by source path.
    pub pages: Vec<Page>,
    /// Author files (`authors/*.md`), sorted by source path.
    pub authors: Vec<Author>,
    /// Files under `static/`, relative to it, `/`-separated, sorted.
    pub static_files: Vec<String>,
    /// `<content>/templates` when it exists (theme overrides).
    pub templates_dir: Option<PathBuf>,
}

/// Everything `load` found: the site plus every diagnostic.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Loaded {
    /// The site, without the posts that had hard errors.
    pub site: Site,
    /// All diagnostics, sorted by file, line, column.
    pub diagnostics: Vec<quire_diagnostics::Diagnostic>,
    /// Number of files whose templateKey is `blog-post`, including hidden
    /// ones and ones with errors.
    pub post_files: usize,
    /// Source text of every file that has a diagnostic, keyed by relative
    /// path, so reports can show the line.
    pub sources: BTreeMap<String, String>,
}

/// `site.yaml`. Every key is optional.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SiteSettings {
    /// Site title.
    pub title: String,
    /// Site description (home page, feeds).
    pub description: String,
    /// Language tag for `<html lang>` and feeds.
    pub language: String,
    /// Absolute base URL without trailing slash, e.g. `https://openinfra.dev`.
    pub base_url: String,
    /// Other hosts that are the same site, e.g. `openinfra.org` (lowercase, no scheme).
    pub domains: Vec<String>,
    /// URL path prefixes this build produces (default `["/"]`).
    pub owned_paths: Vec<String>,
    /// Title template, `%s` replaced by the page title (default `"%s"`).
    pub title_template: String,
    /// Twitter handle of the site, normalized to `@handle`.
    pub twitter_site: Option<String>,
    /// Posts per listing page (default 10).
    pub posts_per_page: usize,
    /// Items per feed (default 20).
    pub feed_items: usize,
    /// Feeds carry the full post HTML (true, default) or only the summary.
    pub feed_full_content: bool,
    /// Keep hidden posts in feeds (what the Gatsby site does). Default false.
    pub hidden_in_feeds: bool,
    /// Pass raw HTML in Markdown through (default true).
    pub raw_html: bool,
    /// Highlight fenced code blocks at build time (default true).
    pub highlight_code: bool,
    /// Data URIs longer than this many bytes are warned about (default 100 KB).
    pub data_uri_limit: usize,
    /// Theme folder name under `themes/` (default `default`).
    pub theme: String,
    /// Declared categories; empty means "take them from the posts".
    pub categories: Vec<Category>,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            title: "Blog".into(),
            description: String::new(),
            language: "en".into(),
            base_url: "http://localhost".into(),
            domains: Vec::new(),
            owned_paths: vec!["/".into()],
            title_template: "%s".into(),
            twitter_site: None,
            posts_per_page: 10,
            feed_items: 20,
            feed_full_content: true,
            hidden_in_feeds: false,
            raw_html: true,
            highlight_code: true,
            data_uri_limit: 100 * 1024,
            theme: "default".into(),
            categories: Vec::new(),
        }
    }
}

impl SiteSettings {
    /// Whether `host` (lowercase, as [`crate::url_host`] returns it) is this
    /// site: the host of `base_url` or one of `domains`, with or without a
    /// leading `www.`.
    pub fn is_own_host(&self, host: &str) -> bool {
        crate::route::is_own_host(host, self)
    }
}

/// A category: an id (`value`, or `id` in older posts) and a label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Category {
    /// Stable id, e.g. `category-h2Ztx9rpD`.
    pub id: String,
    /// Human label, e.g. `Community`.
    pub label: String,
}

/// The `seo:` block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Seo {
    /// `seo.title`.
    pub title: Option<String>,
    /// `seo.description`, whitespace of wrapped lines kept as written.
    pub description: Option<String>,
    /// `seo.url` as written.
    pub url: Option<String>,
    /// `seo.twitterUsername`, normalized: no `@`, no URL, no spaces.
    pub twitter_username: Option<String>,
}

/// A blog post (`templateKey: blog-post`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Post {
    /// Path relative to the content folder, `/`-separated.
    pub source: String,
    /// Always `blog-post` for posts.
    pub template_key: String,
    /// Title, trimmed.
    pub title: String,
    /// Author name as written in the post.
    pub author: Option<String>,
    /// Publication date with its offset (a missing offset is read as UTC).
    pub date: DateTime<FixedOffset>,
    /// Categories in the order written.
    pub categories: Vec<Category>,
    /// `hidePost: true`.
    pub hidden: bool,
    /// The `seo:` block.
    pub seo: Seo,
    /// `image:` (cover image) when present.
    pub image: Option<String>,
    /// Old URLs that redirect here (`aliases:`), as root paths.
    pub aliases: Vec<String>,
    /// Every unknown front-matter key, preserved.
    pub extra: Data,
    /// The Markdown body.
    pub body: String,
    /// 1-based line of the original file where `body` starts.
    pub body_line: u32,
    /// Route of the page: a root path ending in `/`, percent-encoded,
    /// e.g. `/blog/some-title/`.
    pub route: String,
    /// Line of `seo.url` in the file (or 1), for collision reports.
    pub route_line: u32,
}

/// Any other page kind (a templateKey other than `blog-post`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Page {
    /// Path relative to the content folder, `/`-separated.
    pub source: String,
    /// The templateKey, which picks the template.
    pub template_key: String,
    /// `title` when present.
    pub title: Option<String>,
    /// All front matter as data.
    pub data: Data,
    /// The Markdown body.
    pub body: String,
    /// 1-based line where `body` starts.
    pub body_line: u32,
    /// Route: path of an own-domain `seo.url`, else the file path without
    /// `.md` (`about.md` → `/about/`, `x/index.md` → `/x/`).
    pub route: String,
}

/// An author file (`authors/*.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Author {
    /// Path relative to the content folder.
    pub source: String,
    /// Name as posts write it.
    pub name: String,
    /// Company.
    pub company: Option<String>,
    /// Short bio (front matter `bio`, else the Markdown body).
    pub bio: Option<String>,
    /// Twitter handle, normalized without `@`.
    pub twitter: Option<String>,
    /// Avatar image URL or path.
    pub avatar: Option<String>,
}
