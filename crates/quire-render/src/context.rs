//! The view models templates consume. Plain serializable data: the publishing
//! stage fills them, the theme reads them. Nothing here is computed from
//! content by this crate; every URL is already decided by the caller.
//!
//! Every struct is `#[non_exhaustive]` and implements `Default`, so callers in
//! other crates build one with `let mut v = PostView::default();` and then set
//! the fields they know. Small link-like structs also have `new` constructors.
//! Every struct also implements `Hash` over all its fields, so a caller can
//! key a page by its view without serializing it. The one shared part is
//! [`PostCard`], a listing's post, whose card is rendered once.
//!
//! Conventions shared by every struct:
//! - a *route* is a root path such as `/blog/some-title/` (percent-encoded);
//! - a *permalink* is `base_url` + route, absolute;
//! - a *url* is whatever a template may put in `href`: a route or an absolute
//!   URL. Templates pass URLs that come from content through `safe_url`;
//! - dates are RFC 3339 strings (`2024-03-05T10:00:00+00:00`), formatted in the
//!   template with the `date` filter;
//! - `html` fields are trusted HTML from the Markdown stage and are output
//!   unescaped; every other string is escaped by the template engine.

use std::sync::{Arc, OnceLock};

use minijinja::Value;
use quire_diagnostics::Diagnostic;
use serde::Serialize;

/// A link: text plus URL. Used for navigation, categories, previous and next
/// posts, backlinks and feeds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct LinkView {
    /// Visible text (a post title, a category label...).
    pub title: String,
    /// Target: a route (`/blog/x/`) or an absolute URL.
    pub url: String,
}

impl LinkView {
    /// A link with this text and target.
    pub fn new(title: impl Into<String>, url: impl Into<String>) -> Self {
        LinkView {
            title: title.into(),
            url: url.into(),
        }
    }
}

/// A feed the site publishes, announced with `<link rel="alternate">`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct FeedView {
    /// Human name, e.g. `RSS`.
    pub title: String,
    /// Route of the feed, e.g. `/rss.xml`.
    pub url: String,
    /// MIME type, e.g. `application/rss+xml`, `application/atom+xml`,
    /// `application/feed+json`.
    pub mime: String,
}

impl FeedView {
    /// A feed with this name, route and MIME type.
    pub fn new(title: impl Into<String>, url: impl Into<String>, mime: impl Into<String>) -> Self {
        FeedView {
            title: title.into(),
            url: url.into(),
            mime: mime.into(),
        }
    }
}

/// Site-wide values, the same for every page (template variable `site`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct SiteView {
    /// Site title (`site.yaml` `title`).
    pub title: String,
    /// Site description (`site.yaml` `description`); may be empty.
    pub description: String,
    /// Language tag for `<html lang>`, e.g. `en`.
    pub language: String,
    /// Absolute base URL without trailing slash, e.g. `https://openinfra.dev`.
    /// The `absolute_url` filter prefixes routes with it.
    pub base_url: String,
    /// Page title template; `%s` is replaced by the page title, e.g. `%s | Blog`.
    pub title_template: String,
    /// The site's Twitter handle (with or without `@`; templates normalize it).
    pub twitter_site: Option<String>,
    /// Route of the stylesheet, fingerprinted by the publisher, e.g.
    /// `/style.3f2a9c.css`.
    pub css_url: String,
    /// Route of the search script (fingerprinted); `None` hides the search box.
    pub search_js_url: Option<String>,
    /// Route of the search index the script reads, e.g. `/search-index.json`.
    pub search_index_url: String,
    /// Route of the favicon, when the site has one.
    pub favicon_url: Option<String>,
    /// Route of the logo shown in the header, when the site has one.
    pub logo_url: Option<String>,
    /// Main navigation links, in order (e.g. Home, Blog, About).
    pub nav: Vec<LinkView>,
    /// Feeds announced in every page's `<head>` and linked in the footer.
    pub feeds: Vec<FeedView>,
    /// Route of the current page's section in `nav`, used to mark the current
    /// link with `aria-current`; the renderer does not read it, templates do.
    /// Leave empty when unknown.
    pub current_section: String,
}

/// An author as shown on posts and author pages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct AuthorView {
    /// Name as posts write it.
    pub name: String,
    /// Route of the author page, e.g. `/blog/author/ada-example/`.
    pub url: String,
    /// Company, from the author file.
    pub company: Option<String>,
    /// Short bio as plain text, from the author file.
    pub bio: Option<String>,
    /// Twitter handle (with or without `@`).
    pub twitter: Option<String>,
    /// Avatar image URL or route (passed through `safe_url` by templates).
    pub avatar: Option<String>,
}

impl AuthorView {
    /// An author with a name and the route of their page; other fields empty.
    pub fn new(name: impl Into<String>, url: impl Into<String>) -> Self {
        AuthorView {
            name: name.into(),
            url: url.into(),
            ..Default::default()
        }
    }
}

/// One heading of a post, for the table of contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct HeadingView {
    /// 1 to 6.
    pub level: u8,
    /// The `id` the Markdown stage gave the heading (link target `#id`).
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

impl HeadingView {
    /// A heading of this level, id and text.
    pub fn new(level: u8, id: impl Into<String>, text: impl Into<String>) -> Self {
        HeadingView {
            level,
            id: id.into(),
            text: text.into(),
        }
    }
}

impl From<&quire_markdown::Heading> for HeadingView {
    fn from(h: &quire_markdown::Heading) -> Self {
        HeadingView {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
        }
    }
}

/// A whole blog post (template variable `post`, template `post.html`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct PostView {
    /// Source path relative to the content folder (`blog/x.md`); named in
    /// render diagnostics.
    pub source: String,
    /// Title.
    pub title: String,
    /// `seo.title`, used for `<title>` and `og:title` instead of `title` when set.
    pub seo_title: Option<String>,
    /// Meta description (`seo.description`); `None` omits the meta tags.
    pub description: Option<String>,
    /// Route, e.g. `/blog/some-title/`.
    pub route: String,
    /// Absolute URL (`base_url` + route): canonical URL and `og:url`.
    pub permalink: String,
    /// Publication date, RFC 3339.
    pub date: String,
    /// The author, when the post names one.
    pub author: Option<AuthorView>,
    /// Categories in the order written; `url` is the category page route.
    pub categories: Vec<LinkView>,
    /// Body HTML from the Markdown stage (trusted, output unescaped).
    pub html: String,
    /// Summary HTML from the Markdown stage (trusted).
    pub summary: String,
    /// Headings in document order; the theme shows a table of contents when
    /// there are 3 or more.
    pub headings: Vec<HeadingView>,
    /// Minutes to read, at least 1.
    pub reading_minutes: usize,
    /// Number of words.
    pub word_count: usize,
    /// Cover image URL or route (`og:image`, made absolute by the template).
    pub image: Option<String>,
    /// `hidePost: true`: the page gets `<meta name="robots" content="noindex">`.
    pub hidden: bool,
    /// Twitter handle of the post (`seo.twitterUsername`, else the author's),
    /// with or without `@`.
    pub twitter_creator: Option<String>,
    /// The next older post, if any.
    pub previous: Option<LinkView>,
    /// The next newer post, if any.
    pub next: Option<LinkView>,
    /// Posts that link to this one, in a stable order.
    pub backlinks: Vec<LinkView>,
}

/// A post as shown in a listing (blog index, category, author, home).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct PostSummary {
    /// Title.
    pub title: String,
    /// Route of the post.
    pub url: String,
    /// Publication date, RFC 3339.
    pub date: String,
    /// The author, when the post names one.
    pub author: Option<AuthorView>,
    /// Categories with their page routes.
    pub categories: Vec<LinkView>,
    /// Summary HTML from the Markdown stage (trusted).
    pub summary: String,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Cover image URL or route, when the post has one.
    pub image: Option<String>,
}

/// A post as listing pages show it: its [`PostSummary`], shared. Cloning a
/// card is cheap, and every clone shares one cache: the first listing page
/// that shows the card converts the summary for the templates and renders
/// the theme's `partials/card.html` with it (variables `site` and `post`),
/// and every later page reuses both. A post shown on five listing pages is
/// so rendered once, not five times.
///
/// The cache belongs to one [`Renderer`](crate::Renderer) and one site view:
/// given another, a card is rendered again for it (and not cached).
#[derive(Clone, Default)]
pub struct PostCard(Arc<CardInner>);

#[derive(Default)]
struct CardInner {
    summary: Arc<PostSummary>,
    /// (the renderer and site it was made for, the template value or the
    /// error of rendering the card).
    made: OnceLock<(u64, Result<Value, Diagnostic>)>,
    /// 128-bit digest of the summary's [`Hash`](std::hash::Hash), made the
    /// first time the card is hashed: a listing page's key then takes 16
    /// bytes per card instead of every field of its summary again.
    digest: OnceLock<u128>,
}

impl PostCard {
    /// A card for this summary, not rendered yet.
    pub fn new(summary: PostSummary) -> PostCard {
        PostCard(Arc::new(CardInner {
            summary: Arc::new(summary),
            made: OnceLock::new(),
            digest: OnceLock::new(),
        }))
    }

    /// The summary the card shows.
    pub fn summary(&self) -> &PostSummary {
        &self.0.summary
    }

    /// The template value made for `generation` (a renderer and a site),
    /// making and keeping it with `make` when the card has none yet. Made for
    /// another generation, the card is made again and not kept.
    pub(crate) fn value(
        &self,
        generation: u64,
        make: impl Fn(&Arc<PostSummary>) -> Result<Value, Diagnostic>,
    ) -> Result<Value, Diagnostic> {
        let (made_for, made) = self
            .0
            .made
            .get_or_init(|| (generation, make(&self.0.summary)));
        if *made_for == generation {
            made.clone()
        } else {
            make(&self.0.summary)
        }
    }
}

impl From<PostSummary> for PostCard {
    fn from(summary: PostSummary) -> PostCard {
        PostCard::new(summary)
    }
}

impl std::fmt::Debug for PostCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.summary.fmt(f)
    }
}

impl PartialEq for PostCard {
    fn eq(&self, other: &PostCard) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.summary == other.0.summary
    }
}

impl Eq for PostCard {}

/// A card hashes as a digest of its summary: equal summaries, equal
/// hashes; the digest is made once per card, however many pages show it.
impl std::hash::Hash for PostCard {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let digest = self.0.digest.get_or_init(|| {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            self.0.summary.hash(&mut h);
            h.digest128()
        });
        state.write_u128(*digest);
    }
}

/// A card serializes as its summary.
impl Serialize for PostCard {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.summary.serialize(serializer)
    }
}

/// Which listing a [`ListingView`] is; picks the template.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ListingKind {
    /// The blog index, `/blog/`, `/blog/page/2/`... (`list.html`).
    #[default]
    Blog,
    /// A category page (`list.html`).
    Category,
    /// An author page (`list.html`).
    Author,
    /// The home page `/` (`home.html`).
    Home,
}

impl ListingKind {
    /// Lowercase name, as templates see it in `listing.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            ListingKind::Blog => "blog",
            ListingKind::Category => "category",
            ListingKind::Author => "author",
            ListingKind::Home => "home",
        }
    }

    /// The template this kind renders with.
    pub fn template_name(self) -> &'static str {
        match self {
            ListingKind::Home => "home.html",
            ListingKind::Blog | ListingKind::Category | ListingKind::Author => "list.html",
        }
    }
}

/// Where a listing page sits among its pages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct PaginationView {
    /// 1-based number of this page.
    pub page: usize,
    /// Number of pages, at least 1.
    pub pages: usize,
    /// Route of the previous (newer) page, if any.
    pub prev_url: Option<String>,
    /// Route of the next (older) page, if any.
    pub next_url: Option<String>,
}

/// A listing page (template variable `listing`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct ListingView {
    /// Which listing this is.
    pub kind: ListingKind,
    /// Page heading and `<title>` text, e.g. `Blog`, `Community`, `Ada Example`.
    pub title: String,
    /// Meta description; `None` falls back to the site description.
    pub description: Option<String>,
    /// Route of this page, e.g. `/blog/page/2/`.
    pub route: String,
    /// Absolute URL of this page (canonical URL).
    pub permalink: String,
    /// The posts on this page, newest first, hidden posts already left out.
    /// A [`PostCard`] is shared: make one per post and clone it into every
    /// listing that shows the post, so its card is rendered once.
    pub posts: Vec<PostCard>,
    /// Pagination; one page when everything fits.
    pub pagination: PaginationView,
    /// The author, on author pages (bio, company, avatar).
    pub author: Option<AuthorView>,
    /// The category, on category pages.
    pub category: Option<LinkView>,
    /// Category links to show beside the list (the home page shows all
    /// categories); may be empty.
    pub categories: Vec<LinkView>,
    /// Show the search box (the theme does so on the blog index's first page
    /// when `site.search_js_url` is set).
    pub search: bool,
}

/// Any other page kind, rendered by the template named after its templateKey
/// (`about-page` → `about-page.html`). Template variable `page`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct PageView {
    /// Source path relative to the content folder; named in diagnostics.
    pub source: String,
    /// The templateKey, which picks the template.
    pub template_key: String,
    /// Title (front matter `title`); empty when absent.
    pub title: String,
    /// Meta description; `None` falls back to the site description.
    pub description: Option<String>,
    /// Route of the page.
    pub route: String,
    /// Absolute URL of the page.
    pub permalink: String,
    /// Body HTML from the Markdown stage (trusted).
    pub html: String,
    /// Headings in document order.
    pub headings: Vec<HeadingView>,
    /// All front matter, for templates of other page kinds (`page.data.x`).
    pub data: serde_json::Map<String, serde_json::Value>,
}

/// The 404 page, `/404.html` (template variable `not_found`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct NotFoundView {
    /// Heading and title, e.g. `Page not found`.
    pub title: String,
    /// Recent posts to suggest; may be empty.
    pub recent: Vec<PostSummary>,
}
