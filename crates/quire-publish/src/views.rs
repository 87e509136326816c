//! Deciding which pages exist and filling the view models the theme reads.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset};
use quire_content::{Category, Post, Site, SiteSettings};
use quire_diagnostics::Diagnostic;
use quire_links::{author_route, category_route, listing_page_route, page_count};
use quire_markdown::{Document, Heading};
use quire_render::{
    AuthorView, FeedView, HeadingView, LinkView, ListingKind, ListingView, NotFoundView, PageView,
    PaginationView, PostCard, PostSummary, PostView, Renderer, SiteView,
};
use serde::{Deserialize, Serialize};

use crate::PublishError;
use crate::output::{Tier, Writer};
use crate::paths::{absolute, route_to_file};

/// Routes of the theme assets after fingerprinting.
#[derive(Default)]
pub(crate) struct Assets {
    pub css_url: String,
    pub search_js_url: Option<String>,
    pub favicon_url: Option<String>,
    /// Every static file: output path, source file, and the bytes when
    /// they were already read for fingerprinting.
    files: Vec<(String, PathBuf, Option<Vec<u8>>)>,
    theme_routes: Vec<String>,
}

impl Assets {
    /// Routes of the theme's files, which the link check cannot see in the content.
    pub(crate) fn theme_routes(&self) -> &[String] {
        &self.theme_routes
    }
}

/// Plans the static files: the theme's (CSS and JS at its top level
/// fingerprinted by content hash), then `content/static/`, which wins on the
/// same path.
pub(crate) fn plan_static(
    site: &Site,
    content: &Path,
    themes: &Path,
) -> Result<Assets, PublishError> {
    let mut assets = Assets::default();
    let theme_static = themes.join(&site.settings.theme).join("static");
    let content_static = content.join("static");
    let mut files: BTreeMap<String, (PathBuf, Option<Vec<u8>>)> = BTreeMap::new();
    if theme_static.is_dir() {
        for entry in walkdir::WalkDir::new(&theme_static)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = rel_string(entry.path(), &theme_static);
            let fingerprint = !rel.contains('/') && (rel.ends_with(".css") || rel.ends_with(".js"));
            if fingerprint {
                let bytes = std::fs::read(entry.path())
                    .map_err(PublishError::io("could not read", entry.path()))?;
                let (stem, ext) = rel.rsplit_once('.').unwrap_or((&rel, ""));
                let name = format!("{stem}.{}.{ext}", &crate::hash::hex(&bytes)[..8]);
                let route = format!("/{name}");
                if rel == "style.css" || (ext == "css" && assets.css_url.is_empty()) {
                    assets.css_url = route.clone();
                }
                if rel == "search.js" {
                    assets.search_js_url = Some(route.clone());
                }
                files.insert(name, (entry.path().to_path_buf(), Some(bytes)));
            } else {
                files.insert(rel, (entry.path().to_path_buf(), None));
            }
        }
    }
    assets.theme_routes = files.keys().map(|rel| format!("/{rel}")).collect();
    for rel in &site.static_files {
        files.insert(rel.clone(), (content_static.join(rel), None));
    }
    for name in ["favicon.svg", "favicon.ico", "favicon.png"] {
        if files.contains_key(name) {
            assets.favicon_url = Some(format!("/{name}"));
            break;
        }
    }
    assets.files = files
        .into_iter()
        .map(|(rel, (path, bytes))| (rel, path, bytes))
        .collect();
    Ok(assets)
}

/// Writes the planned static files.
pub(crate) fn write_static(assets: &mut Assets, writer: &Writer) -> Result<(), PublishError> {
    use rayon::prelude::*;
    let files = std::mem::take(&mut assets.files);
    files
        .into_par_iter()
        .map(|(rel, path, bytes)| match bytes {
            Some(b) => writer.write(&rel, &b, Tier::Asset),
            None => writer.copy(&rel, &path, Tier::Asset),
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

fn rel_string(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What the later stages need of one post's Markdown. The full text is
/// reduced to its search words at once, and the HTML is handed over to the
/// post's page when it is rendered, so that no stage holds every post's
/// text and HTML at the same time.
pub(crate) struct PostDoc {
    /// Taken by [`PostDoc::take_html`] when the post page renders.
    html: Mutex<String>,
    pub summary: String,
    pub headings: Vec<Heading>,
    pub reading_minutes: usize,
    pub word_count: usize,
    /// Distinct words of the text and the summary as plain text, for the
    /// search index; empty for posts it leaves out.
    pub search_words: String,
    pub search_summary: String,
}

impl PostDoc {
    /// Keeps what later stages read of `doc`; `searchable` posts also get
    /// their search words.
    pub(crate) fn new(doc: Document, searchable: bool) -> PostDoc {
        let (search_words, search_summary) = if searchable {
            (
                crate::search::words(&doc.text),
                crate::search::plain_text(&doc.summary),
            )
        } else {
            (String::new(), String::new())
        };
        PostDoc {
            html: Mutex::new(doc.html),
            summary: doc.summary,
            headings: doc.headings,
            reading_minutes: doc.reading_minutes,
            word_count: doc.word_count,
            search_words,
            search_summary,
        }
    }

    /// A copy of the HTML (for feeds, before the post page takes it).
    pub(crate) fn html(&self) -> String {
        self.html.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The HTML, leaving an empty string: each post page renders once.
    pub(crate) fn take_html(&self) -> String {
        std::mem::take(&mut *self.html.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// A category or author listing.
pub(crate) struct Group {
    pub route: String,
    pub label: String,
    /// Visible posts, newest first.
    pub posts: Vec<usize>,
}

/// Everything page rendering reads, computed once.
pub(crate) struct Views<'a> {
    pub site: &'a Site,
    pub docs: &'a [PostDoc],
    page_docs: &'a [Document],
    /// Visible posts, newest first (ties by source path).
    pub visible: Vec<usize>,
    /// Every post, newest first (ties by source path).
    pub all: Vec<usize>,
    /// Position of each post in `visible`.
    position: HashMap<usize, usize>,
    pub categories: Vec<Group>,
    pub authors: Vec<Group>,
    backlinks: Vec<Vec<usize>>,
    /// Post index by route (the last post of a route wins), and each post's
    /// place in `all`: made beside the link check, so that taking its
    /// backlinks afterwards is lookups only.
    by_route: foldhash::HashMap<&'a str, usize>,
    rank: Vec<usize>,
    /// Each post's listing card, made by the first listing page that shows
    /// it and shared by the others, and how many listing pages planned to
    /// show it have not taken it yet: the last one lets it go, so cards are
    /// not all held until the end of the build.
    cards: Vec<Mutex<(Option<PostCard>, usize)>>,
    /// What the site view is made of besides the settings; cached for the
    /// edit fast path.
    pub inputs: SiteInputs,
    pub site_view: SiteView,
}

/// What every page's [`SiteView`] and author boxes are made of, besides
/// `site.yaml`: kept in the cache so the edit fast path can rebuild them
/// without loading every file.
#[derive(Clone, Default, Serialize, Deserialize)]
pub(crate) struct SiteInputs {
    /// (title, route) of every page with a title, in source order.
    pub nav_pages: Vec<(String, String)>,
    pub css_url: String,
    pub search_js_url: Option<String>,
    pub favicon_url: Option<String>,
    /// Author files by name (the first file of a name wins).
    pub authors: BTreeMap<String, AuthorInfo>,
}

/// What an author file adds to an author's name.
#[derive(Clone, Default, Serialize, Deserialize)]
pub(crate) struct AuthorInfo {
    company: Option<String>,
    bio: Option<String>,
    twitter: Option<String>,
    avatar: Option<String>,
}

/// The posts a post page links to besides itself: (title, route) pairs.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Neighbors {
    pub previous: Option<(String, String)>,
    pub next: Option<(String, String)>,
    pub backlinks: Vec<(String, String)>,
}

/// The site view every page gets.
pub(crate) fn site_view(settings: &SiteSettings, inputs: &SiteInputs) -> SiteView {
    let mut v = SiteView::default();
    v.title = settings.title.clone();
    v.description = settings.description.clone();
    v.language = settings.language.clone();
    v.base_url = settings.base_url.trim_end_matches('/').to_string();
    v.title_template = settings.title_template.clone();
    v.twitter_site = settings.twitter_site.clone();
    v.css_url = inputs.css_url.clone();
    v.search_js_url = inputs.search_js_url.clone();
    v.search_index_url = "/search-index.json".into();
    v.favicon_url = inputs.favicon_url.clone();
    v.nav = vec![LinkView::new("Home", "/"), LinkView::new("Blog", "/blog/")];
    for (title, route) in &inputs.nav_pages {
        v.nav.push(LinkView::new(title.clone(), route.clone()));
    }
    v.feeds = vec![
        FeedView::new("RSS", "/rss.xml", "application/rss+xml"),
        FeedView::new("Atom", "/atom.xml", "application/atom+xml"),
        FeedView::new("JSON Feed", "/feed.json", "application/feed+json"),
    ];
    v
}

/// An author's box: the name, its page, and what its author file says.
pub(crate) fn author_view(name: &str, authors: &BTreeMap<String, AuthorInfo>) -> AuthorView {
    let mut view = AuthorView::new(name, author_route(name));
    if let Some(a) = authors.get(name) {
        view.company = a.company.clone();
        view.bio = a.bio.clone();
        view.twitter = a.twitter.clone();
        view.avatar = a.avatar.clone();
    }
    view
}

fn category_links(post: &Post) -> Vec<LinkView> {
    thread_local! {
        /// Label → route: a site has a dozen categories and every post page
        /// and card needs the routes of its own, so each is slugified once
        /// per thread, not once per link. `category_route` is pure, so a
        /// route kept from an earlier build is still right.
        static ROUTES: std::cell::RefCell<HashMap<String, String>> = Default::default();
    }
    ROUTES.with_borrow_mut(|routes| {
        post.categories
            .iter()
            .map(|c| {
                let route = match routes.get(&c.label) {
                    Some(route) => route.clone(),
                    None => {
                        let route = category_route(&c.label);
                        routes.insert(c.label.clone(), route.clone());
                        route
                    }
                };
                LinkView::new(c.label.clone(), route)
            })
            .collect()
    })
}

/// A post page's view. `html` is the body and `neighbors` the linked
/// posts, both moved in.
pub(crate) fn post_view(
    post: &Post,
    doc: &PostDoc,
    html: String,
    site_view: &SiteView,
    authors: &BTreeMap<String, AuthorInfo>,
    neighbors: Neighbors,
) -> PostView {
    let link = |(title, route): (String, String)| LinkView::new(title, route);
    let mut v = PostView::default();
    v.source = post.source.clone();
    v.title = post.title.clone();
    v.seo_title = post.seo.title.clone();
    v.description = post.seo.description.clone();
    v.route = post.route.clone();
    v.permalink = absolute(&site_view.base_url, &post.route);
    v.date = post.date.to_rfc3339();
    v.author = post.author.as_deref().map(|a| author_view(a, authors));
    v.categories = category_links(post);
    v.html = html;
    v.summary = doc.summary.clone();
    v.headings = doc.headings.iter().map(HeadingView::from).collect();
    v.reading_minutes = doc.reading_minutes;
    v.word_count = doc.word_count;
    v.image = post.image.clone();
    v.hidden = post.hidden;
    v.twitter_creator = post
        .seo
        .twitter_username
        .clone()
        .or_else(|| v.author.as_ref().and_then(|a| a.twitter.clone()));
    v.previous = neighbors.previous.map(link);
    v.next = neighbors.next.map(link);
    v.backlinks = neighbors.backlinks.into_iter().map(link).collect();
    v
}

/// What one page job renders.
pub(crate) enum PageJob {
    Post(usize),
    /// The listing without its posts, and the posts on the page.
    Listing(Box<ListingView>, Vec<usize>),
    Page(usize),
    NotFound,
}

/// One file to render.
pub(crate) struct Job {
    pub kind: PageJob,
    /// Output file, relative.
    pub file: String,
    pub tier: Tier,
}

/// Every page and redirect of the build, planned serially.
pub(crate) struct Jobs {
    pub pages: Vec<Job>,
    /// Alias redirect pages: (file, html).
    pub redirects: Vec<(String, String)>,
    /// Route and newest post date of every listing page, for the sitemap.
    pub listing_routes: Vec<(String, Option<DateTime<FixedOffset>>)>,
}

/// The label a category is shown with: site.yaml's when its id is declared there.
pub(crate) fn category_label<'s>(settings: &'s SiteSettings, c: &'s Category) -> &'s str {
    settings
        .categories
        .iter()
        .find(|d| d.id == c.id)
        .map_or(c.label.as_str(), |d| d.label.as_str())
}

fn newest_first(site: &Site, a: usize, b: usize) -> std::cmp::Ordering {
    let (pa, pb) = (&site.posts[a], &site.posts[b]);
    pb.date
        .cmp(&pa.date)
        .then_with(|| pa.source.cmp(&pb.source))
}

impl<'a> Views<'a> {
    pub(crate) fn new(
        site: &'a Site,
        docs: &'a [PostDoc],
        page_docs: &'a [Document],
        assets: &Assets,
    ) -> Self {
        let mut all: Vec<usize> = (0..site.posts.len()).collect();
        all.sort_by(|&a, &b| newest_first(site, a, b));
        let visible: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| !site.posts[i].hidden)
            .collect();
        let position = visible
            .iter()
            .enumerate()
            .map(|(pos, &i)| (i, pos))
            .collect();
        let by_route = site
            .posts
            .iter()
            .enumerate()
            .map(|(i, p)| (p.route.as_str(), i))
            .collect();
        let mut rank = vec![0; site.posts.len()];
        for (r, &i) in all.iter().enumerate() {
            rank[i] = r;
        }

        let mut categories: BTreeMap<String, Group> = BTreeMap::new();
        for c in &site.settings.categories {
            let route = category_route(&c.label);
            categories.entry(route.clone()).or_insert(Group {
                route,
                label: c.label.clone(),
                posts: Vec::new(),
            });
        }
        // Every author file has a page, even before its first post.
        let mut authors: BTreeMap<String, Group> = site
            .authors
            .iter()
            .map(|a| {
                let route = author_route(&a.name);
                (
                    route.clone(),
                    Group {
                        route,
                        label: a.name.clone(),
                        posts: Vec::new(),
                    },
                )
            })
            .collect();
        for &i in &visible {
            let post = &site.posts[i];
            for c in &post.categories {
                let route = category_route(&c.label);
                let g = categories.entry(route.clone()).or_insert(Group {
                    route,
                    label: c.label.clone(),
                    posts: Vec::new(),
                });
                if g.posts.last() != Some(&i) {
                    g.posts.push(i);
                }
            }
            if let Some(name) = &post.author {
                let route = author_route(name);
                authors
                    .entry(route.clone())
                    .or_insert(Group {
                        route,
                        label: name.clone(),
                        posts: Vec::new(),
                    })
                    .posts
                    .push(i);
            }
        }

        let mut authors_info: BTreeMap<String, AuthorInfo> = BTreeMap::new();
        for a in &site.authors {
            authors_info
                .entry(a.name.clone())
                .or_insert_with(|| AuthorInfo {
                    company: a.company.clone(),
                    bio: a.bio.clone(),
                    twitter: a.twitter.clone(),
                    avatar: a.avatar.clone(),
                });
        }
        let inputs = SiteInputs {
            nav_pages: site
                .pages
                .iter()
                .filter_map(|p| Some((p.title.clone()?, p.route.clone())))
                .collect(),
            css_url: assets.css_url.clone(),
            search_js_url: assets.search_js_url.clone(),
            favicon_url: assets.favicon_url.clone(),
            authors: authors_info,
        };
        let site_view = site_view(&site.settings, &inputs);

        Views {
            site,
            docs,
            page_docs,
            visible,
            all,
            position,
            categories: categories.into_values().collect(),
            authors: authors.into_values().collect(),
            backlinks: vec![Vec::new(); site.posts.len()],
            by_route,
            rank,
            cards: (0..site.posts.len()).map(|_| Mutex::default()).collect(),
            inputs,
            site_view,
        }
    }

    /// Takes the backlinks from the link check. Everything else the views
    /// hold is known before the check, so they are made while it runs.
    pub(crate) fn set_backlinks(&mut self, links: &quire_links::Report) {
        // Backlinks as post indices, so titles and order come from here.
        // `rank` is the place in `all`, which is sorted by `newest_first`.
        let (by_route, rank) = (&self.by_route, &self.rank);
        for (target, sources) in &links.backlinks {
            if let Some(&t) = by_route.get(target.as_str()) {
                let mut from: Vec<usize> = sources
                    .iter()
                    .filter_map(|s| by_route.get(s.as_str()).copied())
                    .filter(|&s| s != t)
                    .collect();
                from.sort_unstable_by_key(|&i| rank[i]);
                from.dedup();
                self.backlinks[t] = from;
            }
        }
    }

    pub(crate) fn renderer(&self, themes: &Path) -> Result<Renderer, Vec<Diagnostic>> {
        let templates = crate::pipeline::theme_templates(themes, &self.site.settings);
        let mut renderer = Renderer::new(&templates, self.site.templates_dir.as_deref())?;
        renderer.set_post_urls(
            self.site
                .posts
                .iter()
                .map(|p| (p.source.clone(), p.route.clone()))
                .collect(),
        );
        Ok(renderer)
    }

    /// Posts in feed order: newest first, hidden ones only when the site keeps them in feeds.
    pub(crate) fn feed_order(&self) -> impl Iterator<Item = usize> + '_ {
        let keep_hidden = self.site.settings.hidden_in_feeds;
        self.all
            .iter()
            .copied()
            .filter(move |&i| keep_hidden || !self.site.posts[i].hidden)
    }

    pub(crate) fn in_category(&self, i: usize, route: &str) -> bool {
        self.site.posts[i]
            .categories
            .iter()
            .any(|c| category_route(&c.label) == route)
    }

    fn author_view(&self, name: &str) -> AuthorView {
        author_view(name, &self.inputs.authors)
    }

    fn pair(&self, i: usize) -> (String, String) {
        let post = &self.site.posts[i];
        (post.title.clone(), post.route.clone())
    }

    /// The previous, next and linking posts a post page shows.
    pub(crate) fn neighbors(&self, i: usize) -> Neighbors {
        let mut n = Neighbors::default();
        if let Some(&pos) = self.position.get(&i) {
            n.previous = self.visible.get(pos + 1).map(|&j| self.pair(j));
            n.next = pos.checked_sub(1).map(|p| self.pair(self.visible[p]));
        }
        n.backlinks = self.backlinks[i].iter().map(|&j| self.pair(j)).collect();
        n
    }

    fn summary(&self, i: usize) -> PostSummary {
        let post = &self.site.posts[i];
        let doc = &self.docs[i];
        let mut s = PostSummary::default();
        s.title = post.title.clone();
        s.url = post.route.clone();
        s.date = post.date.to_rfc3339();
        s.author = post.author.as_deref().map(|a| self.author_view(a));
        s.categories = category_links(post);
        s.summary = doc.summary.clone();
        s.reading_minutes = doc.reading_minutes;
        s.image = post.image.clone();
        s
    }

    /// Post `i`'s card for a listing page. A page that was not counted by
    /// [`Views::will_show`] still gets the card (made again if it was let go).
    fn card(&self, i: usize) -> PostCard {
        let mut slot = self.cards[i].lock().unwrap_or_else(|e| e.into_inner());
        let (card, uses_left) = &mut *slot;
        let card_now = card
            .get_or_insert_with(|| PostCard::new(self.summary(i)))
            .clone();
        *uses_left = uses_left.saturating_sub(1);
        if *uses_left == 0 {
            *card = None;
        }
        card_now
    }

    /// Notes that a planned listing page shows these posts.
    fn will_show(&self, posts: &[usize]) {
        for &i in posts {
            self.cards[i].lock().unwrap_or_else(|e| e.into_inner()).1 += 1;
        }
    }

    fn post_view(&self, i: usize) -> PostView {
        let doc = &self.docs[i];
        post_view(
            &self.site.posts[i],
            doc,
            doc.take_html(),
            &self.site_view,
            &self.inputs.authors,
            self.neighbors(i),
        )
    }

    fn listing(
        &self,
        kind: ListingKind,
        title: &str,
        base: &str,
        posts: &[usize],
        page: usize,
        pages: usize,
    ) -> (ListingView, Vec<usize>) {
        let per_page = self.site.settings.posts_per_page.max(1);
        let mut v = ListingView::default();
        v.kind = kind;
        v.title = title.to_string();
        v.route = listing_page_route(base, page);
        v.permalink = absolute(&self.site_view.base_url, &v.route);
        let on_page = posts
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .copied()
            .collect();
        let mut p = PaginationView::default();
        p.page = page;
        p.pages = pages;
        p.prev_url = (page > 1).then(|| listing_page_route(base, page - 1));
        p.next_url = (page < pages).then(|| listing_page_route(base, page + 1));
        v.pagination = p;
        (v, on_page)
    }

    /// Every listing page (blog index, categories, authors, home) without
    /// its posts, and the posts on it: summaries are made when the page
    /// renders, not held for every page at once.
    fn listings(&self) -> Vec<(ListingView, Vec<usize>)> {
        let per_page = self.site.settings.posts_per_page.max(1);
        let mut out = Vec::new();
        let pages = page_count(self.visible.len(), per_page);
        for n in 1..=pages {
            let (mut v, on_page) =
                self.listing(ListingKind::Blog, "Blog", "/blog/", &self.visible, n, pages);
            v.search = n == 1 && self.site_view.search_js_url.is_some();
            out.push((v, on_page));
        }
        for g in &self.categories {
            let pages = page_count(g.posts.len(), per_page);
            for n in 1..=pages {
                let (mut v, on_page) = self.listing(
                    ListingKind::Category,
                    &g.label,
                    &g.route,
                    &g.posts,
                    n,
                    pages,
                );
                v.category = Some(LinkView::new(g.label.clone(), g.route.clone()));
                out.push((v, on_page));
            }
        }
        for g in &self.authors {
            let pages = page_count(g.posts.len(), per_page);
            for n in 1..=pages {
                let (mut v, on_page) =
                    self.listing(ListingKind::Author, &g.label, &g.route, &g.posts, n, pages);
                v.author = Some(self.author_view(&g.label));
                out.push((v, on_page));
            }
        }
        let (mut home, on_home) = self.listing(
            ListingKind::Home,
            &self.site.settings.title,
            "/",
            &self.visible,
            1,
            1,
        );
        home.description = Some(self.site.settings.description.clone()).filter(|d| !d.is_empty());
        home.categories = self
            .categories
            .iter()
            .map(|g| LinkView::new(g.label.clone(), g.route.clone()))
            .collect();
        out.push((home, on_home));
        out
    }

    /// Route and lastmod of every page the sitemap lists (no hidden posts, no redirects, no 404).
    /// `listings` are [`Jobs::listing_routes`], so the listings are built once.
    pub(crate) fn sitemap_routes(
        &self,
        listings: &[(String, Option<DateTime<FixedOffset>>)],
    ) -> Vec<(String, Option<DateTime<FixedOffset>>)> {
        let date = |i: &usize| self.site.posts[*i].date;
        let mut routes: Vec<(String, Option<DateTime<FixedOffset>>)> = self
            .visible
            .iter()
            .map(|&i| (self.site.posts[i].route.clone(), Some(date(&i))))
            .collect();
        routes.extend(listings.iter().cloned());
        for page in &self.site.pages {
            routes.push((page.route.clone(), None));
        }
        routes
    }

    /// (alias, target route) of every post alias.
    pub(crate) fn alias_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for post in &self.site.posts {
            for alias in &post.aliases {
                pairs.push((alias.clone(), post.route.clone()));
            }
        }
        pairs
    }

    /// The view a job renders. A post's view takes its HTML: each post
    /// page is made once.
    pub(crate) fn view(&self, job: &Job) -> View {
        match &job.kind {
            PageJob::Post(i) => View::Post(self.post_view(*i)),
            PageJob::Listing(v, posts) => {
                let mut v = ListingView::clone(v);
                v.posts = posts.iter().map(|&i| self.card(i)).collect();
                View::Listing(v)
            }
            PageJob::Page(i) => {
                let page = &self.site.pages[*i];
                let doc = &self.page_docs[*i];
                let mut v = PageView::default();
                v.source = page.source.clone();
                v.template_key = page.template_key.clone();
                v.title = page.title.clone().unwrap_or_default();
                v.description = page
                    .data
                    .get("seo")
                    .and_then(|s| s.get("description"))
                    .and_then(|d| d.as_str())
                    .map(str::to_string);
                v.route = page.route.clone();
                v.permalink = absolute(&self.site_view.base_url, &page.route);
                v.html = doc.html.clone();
                v.headings = doc.headings.iter().map(HeadingView::from).collect();
                v.data = page.data.clone().into_iter().collect();
                View::Page(v)
            }
            PageJob::NotFound => {
                let mut v = NotFoundView::default();
                v.title = "Page not found".into();
                v.recent = self
                    .visible
                    .iter()
                    .take(5)
                    .map(|&i| self.summary(i))
                    .collect();
                View::NotFound(v)
            }
        }
    }
}

/// What one page is rendered from.
pub(crate) enum View {
    Post(PostView),
    Listing(ListingView),
    Page(PageView),
    NotFound(NotFoundView),
}

impl View {
    /// Renders the page; the view goes to the templates as it is.
    pub(crate) fn render(self, renderer: &Renderer, site: &SiteView) -> Result<String, Diagnostic> {
        match self {
            View::Post(v) => renderer.render_post_owned(site, v),
            View::Listing(v) => renderer.render_listing_owned(site, v),
            View::Page(v) => renderer.render_page(site, &v),
            View::NotFound(v) => renderer.render_404(site, &v),
        }
    }

    /// The page's key: a hash of everything its bytes come from, given
    /// `base` (the templates, the site view and the post URLs). Equal keys
    /// make equal pages, so a page whose key did not change since the
    /// last build is not rendered again. Every field of the view goes in
    /// (the views' derived `Hash`, which sees every field, and
    /// length-prefixes strings and lists so that fields cannot run into
    /// each other).
    pub(crate) fn key(&mut self, base: &crate::hash::Hasher) -> String {
        let mut h = base.clone();
        let mut state = KeyState {
            hasher: &mut h,
            buffer: Vec::with_capacity(KeyState::BUFFER),
        };
        match self {
            View::Post(v) => ("post", v).hash(&mut state),
            View::Listing(v) => ("listing", v).hash(&mut state),
            View::Page(v) => ("page", v).hash(&mut state),
            View::NotFound(v) => ("404", v).hash(&mut state),
        }
        state.flush();
        h.finish_hex()
    }
}

/// Feeds [`std::hash::Hash`] into the page-key hash. A view is hundreds of
/// small writes (each string is its bytes and a `0xff`, each list its
/// length): they are gathered here and go into the hash a few kilobytes at
/// a time, and long ones such as a post's HTML go in directly.
struct KeyState<'h> {
    hasher: &'h mut crate::hash::Hasher,
    buffer: Vec<u8>,
}

impl KeyState<'_> {
    const BUFFER: usize = 4096;

    fn flush(&mut self) {
        self.hasher.update(&self.buffer);
        self.buffer.clear();
    }

    fn small(&mut self, bytes: &[u8]) {
        if self.buffer.len() + bytes.len() > Self::BUFFER {
            self.flush();
        }
        self.buffer.extend_from_slice(bytes);
    }
}

impl std::hash::Hasher for KeyState<'_> {
    fn write(&mut self, bytes: &[u8]) {
        if bytes.len() >= 256 {
            self.flush();
            self.hasher.update(bytes);
        } else {
            self.small(bytes);
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.small(&[n]);
    }

    fn write_usize(&mut self, n: usize) {
        self.small(&n.to_le_bytes());
    }

    fn write_isize(&mut self, n: isize) {
        self.small(&n.to_le_bytes());
    }

    fn finish(&self) -> u64 {
        // Page keys read all 128 bits from the hasher itself.
        let mut h = self.hasher.clone();
        h.update(&self.buffer);
        h.finish() as u64
    }
}

impl Jobs {
    /// Plans every output page. A page whose file is already taken (by a
    /// post, a listing or an earlier page) or whose route leaves the output
    /// is reported and left out.
    pub(crate) fn plan(views: &Views<'_>, diagnostics: &mut Vec<Diagnostic>) -> Jobs {
        let mut taken: HashMap<String, String> = HashMap::new();
        let mut pages = Vec::new();
        let mut claim =
            |file: &str, owner: &str, line: u32, diagnostics: &mut Vec<Diagnostic>| -> bool {
                match taken.get(file) {
                    Some(other) => {
                        diagnostics.push(
                            Diagnostic::error(
                                "route-collision",
                                owner,
                                line,
                                0,
                                format!("`/{file}` is already produced by {other}"),
                            )
                            .with_hint("give this page another URL (seo.url or the file name)"),
                        );
                        false
                    }
                    None => {
                        taken.insert(file.to_string(), owner.to_string());
                        true
                    }
                }
            };
        let route_file =
            |route: &str, source: &str, line: u32, diagnostics: &mut Vec<Diagnostic>| {
                match route_to_file(route) {
                    Ok(f) => Some(f),
                    Err(_) => {
                        diagnostics.push(Diagnostic::error(
                            "route-escape",
                            source,
                            line,
                            0,
                            format!("route `{route}` would leave the output folder"),
                        ));
                        None
                    }
                }
            };
        for (i, post) in views.site.posts.iter().enumerate() {
            if let Some(file) = route_file(&post.route, &post.source, post.route_line, diagnostics)
            {
                if claim(&file, &post.source, post.route_line, diagnostics) {
                    pages.push(Job {
                        kind: PageJob::Post(i),
                        file,
                        tier: Tier::Page,
                    });
                }
            }
        }
        let mut listing_routes = Vec::new();
        for (v, on_page) in views.listings() {
            let newest = on_page.first().map(|&i| views.site.posts[i].date);
            listing_routes.push((v.route.clone(), newest));
            if let Ok(file) = route_to_file(&v.route) {
                if claim(&file, "the generated listing pages", 0, diagnostics) {
                    views.will_show(&on_page);
                    pages.push(Job {
                        kind: PageJob::Listing(Box::new(v), on_page),
                        file,
                        tier: Tier::List,
                    });
                }
            }
        }
        claim("404.html", "the 404 page", 0, diagnostics);
        pages.push(Job {
            kind: PageJob::NotFound,
            file: "404.html".into(),
            tier: Tier::Page,
        });
        for name in quire_links::GENERATED_FILES {
            claim(name, "the generated feeds", 0, diagnostics);
        }
        for (i, page) in views.site.pages.iter().enumerate() {
            if let Some(file) = route_file(&page.route, &page.source, 1, diagnostics) {
                if claim(&file, &page.source, 1, diagnostics) {
                    pages.push(Job {
                        kind: PageJob::Page(i),
                        file,
                        tier: Tier::Page,
                    });
                }
            }
        }
        let mut redirects = Vec::new();
        let language = &views.site.settings.language;
        for post in &views.site.posts {
            let mut seen = HashSet::new();
            for alias in &post.aliases {
                let Some(file) = route_file(alias, &post.source, 1, diagnostics) else {
                    continue;
                };
                if !seen.insert(file.clone()) {
                    continue; // the same alias written twice in one post
                }
                if claim(&file, &post.source, 1, diagnostics) {
                    let target = absolute(&views.site_view.base_url, &post.route);
                    redirects.push((file, crate::redirects::redirect_page(&target, language)));
                }
            }
        }
        Jobs {
            pages,
            redirects,
            listing_routes,
        }
    }
}
