//! The site-wide check: every internal link and anchor of every post and
//! page against what the build will write.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use percent_encoding::percent_decode_str;
use quire_content::Site;
use quire_diagnostics::Diagnostic;
use quire_markdown::{Document, DuplicateDefinition, LinkRef, RemovedUrl};
use rayon::prelude::*;
use serde::Serialize;

use crate::classify::{LinkKind, SiteUrls, classify};
use crate::routes::{Candidates, Routes, closest_id, normalize, site_routes};

/// What the check keeps of one rendered Markdown document: its links and
/// the ids a fragment can point at. Much smaller than a [`Document`], so a
/// whole site's worth stays cheap while the HTML is dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageLinks {
    /// Every link, in document order.
    pub links: Vec<LinkRef>,
    /// Heading ids and footnote ids.
    pub ids: Vec<String>,
    /// Reference definitions that repeat an earlier label.
    pub duplicate_definitions: Vec<DuplicateDefinition>,
    /// URLs the Markdown stage took out of the HTML for safety.
    pub removed_urls: Vec<RemovedUrl>,
}

impl PageLinks {
    /// Copies what the check needs out of a document.
    pub fn from_document(doc: &Document) -> Self {
        PageLinks {
            links: doc.links.clone(),
            ids: ids_of(doc),
            duplicate_definitions: doc.duplicate_definitions.clone(),
            removed_urls: doc.removed_urls.clone(),
        }
    }
}

impl PageLinks {
    /// Moves what the check needs out of a document that is kept for
    /// rendering: its links, duplicate definitions and removed URLs are
    /// taken (left empty in `doc`), only the ids are copied. No per-link
    /// copy, unlike [`PageLinks::from_document`].
    ///
    /// ```
    /// use quire_links::PageLinks;
    /// let mut doc = quire_markdown::render("# Hi\n\n[a](/a/)\n", &Default::default());
    /// let links = PageLinks::take_from(&mut doc);
    /// assert_eq!(links.links[0].url, "/a/");
    /// assert_eq!(links.ids, ["hi"]);
    /// assert!(doc.links.is_empty() && !doc.html.is_empty());
    /// ```
    pub fn take_from(doc: &mut Document) -> Self {
        PageLinks {
            links: std::mem::take(&mut doc.links),
            ids: ids_of(doc),
            duplicate_definitions: std::mem::take(&mut doc.duplicate_definitions),
            removed_urls: std::mem::take(&mut doc.removed_urls),
        }
    }
}

impl From<Document> for PageLinks {
    fn from(doc: Document) -> Self {
        let ids = ids_of(&doc);
        PageLinks {
            links: doc.links,
            ids,
            duplicate_definitions: doc.duplicate_definitions,
            removed_urls: doc.removed_urls,
        }
    }
}

fn ids_of(doc: &Document) -> Vec<String> {
    doc.headings
        .iter()
        .map(|h| h.id.clone())
        .chain(doc.footnote_ids.iter().cloned())
        .collect()
}

/// A broken target and every place that links to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BrokenTarget {
    /// `#id` for a same-page fragment, else a root path with its fragment
    /// (`/blog/x/#y`).
    pub target: String,
    /// Where the links are, sorted by file, line, column.
    pub sources: Vec<Source>,
}

/// A place in a content file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Source {
    /// Path relative to the content folder.
    pub file: String,
    /// 1-based line in the original file.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// What the site-wide check found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// Links seen, of every kind.
    pub links: usize,
    /// Links to this site (paths, own-domain URLs, same-page fragments).
    pub internal: usize,
    /// `http(s)` links to other hosts (not checked offline).
    pub external: usize,
    /// Internal links whose page, file or anchor does not exist.
    pub broken: usize,
    /// Every finding, sorted by file, line, column.
    pub diagnostics: Vec<Diagnostic>,
    /// Broken targets, each once, sorted.
    pub targets: Vec<BrokenTarget>,
    /// Route of each linked post or page → routes of the posts and pages
    /// linking to it (itself excluded), sorted.
    #[serde(skip)]
    pub backlinks: BTreeMap<String, Vec<String>>,
}

impl Report {
    /// True when some link is broken (the command exits 1).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Configures and runs the site-wide check.
///
/// ```
/// # use quire_content::Site;
/// # fn demo(site: &Site, posts: &[quire_links::PageLinks]) {
/// let report = quire_links::Checker::new(site)
///     .extra_routes(["/theme.css"])
///     .check(posts, &[]);
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Checker<'a> {
    site: &'a Site,
    extra_routes: Vec<String>,
}

impl<'a> Checker<'a> {
    /// A check of `site` with no extra routes.
    pub fn new(site: &'a Site) -> Self {
        Checker {
            site,
            extra_routes: Vec::new(),
        }
    }

    /// Routes the build writes that the content folder does not show, such
    /// as the theme's static files (`/theme.css`).
    pub fn extra_routes<S: Into<String>>(mut self, routes: impl IntoIterator<Item = S>) -> Self {
        self.extra_routes.extend(routes.into_iter().map(Into::into));
        self
    }

    /// Checks the links of `posts` (one per `site.posts`, same order) and
    /// `pages` (one per `site.pages`, or empty to leave pages out).
    ///
    /// # Panics
    ///
    /// When `posts` is not as long as `site.posts`, or `pages` is neither
    /// empty nor as long as `site.pages`.
    pub fn check(&self, posts: &[PageLinks], pages: &[PageLinks]) -> Report {
        let site = self.site;
        assert_eq!(posts.len(), site.posts.len(), "one PageLinks per post");
        assert!(
            pages.is_empty() || pages.len() == site.pages.len(),
            "one PageLinks per page, or none"
        );
        let mut sources: Vec<Origin<'_>> = Vec::new();
        for (post, links) in site.posts.iter().zip(posts) {
            sources.push(Origin {
                file: &post.source,
                route: &post.route,
                key: normalize(&post.route),
                body_line: post.body_line,
                links,
            });
        }
        for (page, links) in site.pages.iter().zip(pages) {
            sources.push(Origin {
                file: &page.source,
                route: &page.route,
                key: normalize(&page.route),
                body_line: page.body_line,
                links,
            });
        }
        let routes = site_routes(site, &self.extra_routes);
        Run::new(site, &routes, &sources).run()
    }
}

impl Checker<'_> {
    /// Renders every post and page of the site (in parallel, with the
    /// site's Markdown settings), keeps only their links and ids, and checks
    /// them. The whole-site entry point for commands.
    pub fn render_and_check(&self) -> Report {
        let settings = &self.site.settings;
        let mut options = quire_markdown::Options::default();
        options.raw_html = settings.raw_html;
        // Highlighting changes no link or id; skipping it saves most of the time.
        options.highlight_code = false;
        let summarize = |body: &str| PageLinks::from(crate::md::render(body, &options));
        let posts: Vec<PageLinks> = self
            .site
            .posts
            .par_iter()
            .map(|p| summarize(&p.body))
            .collect();
        let pages: Vec<PageLinks> = self
            .site
            .pages
            .par_iter()
            .map(|p| summarize(&p.body))
            .collect();
        self.check(&posts, &pages)
    }
}

/// Checks the posts of `site`, `docs[i]` being the rendered body of
/// `site.posts[i]`. Pages and theme files are left out: use [`Checker`]
/// for those.
///
/// # Panics
///
/// When `docs` is not as long as `site.posts`.
pub fn check_site(site: &Site, docs: &[Document]) -> Report {
    let posts: Vec<PageLinks> = docs.iter().map(PageLinks::from_document).collect();
    Checker::new(site).check(&posts, &[])
}

/// Where a link is, borrowed until it turns out to be broken.
#[derive(Clone, Copy)]
struct Place<'a> {
    file: &'a str,
    line: u32,
    column: u32,
}

impl Place<'_> {
    fn source(self) -> Source {
        Source {
            file: self.file.to_owned(),
            line: self.line,
            column: self.column,
        }
    }
}

/// One document whose links are checked.
struct Origin<'a> {
    file: &'a str,
    route: &'a str,
    /// `route`, normalized.
    key: String,
    body_line: u32,
    links: &'a PageLinks,
}

/// What a post or page route is, for hidden-target notes and fragment checks.
struct Target<'a> {
    route: &'a str,
    hidden: bool,
    ids: Option<&'a [String]>,
}

struct Run<'a> {
    site: &'a Site,
    routes: &'a Routes,
    /// Prepared on the first broken link.
    candidates: Option<Candidates<'a>>,
    urls: SiteUrls,
    sources: &'a [Origin<'a>],
    /// Normalized route → page it is.
    targets: HashMap<String, Target<'a>>,
    report: Report,
    broken: BTreeMap<String, BTreeSet<Source>>,
    /// Target route → linking routes, in link order; sorted at the end.
    backlinks: HashMap<&'a str, Vec<&'a str>>,
    /// `owned_paths` as prefixes of normalized paths.
    owned: Vec<String>,
    /// Broken path → suggested route, computed once per path.
    suggestions: HashMap<String, Option<String>>,
}

/// How many distinct broken paths get a "did you mean" route; each costs a
/// pass over every route.
const MAX_ROUTE_SUGGESTIONS: usize = 64;

impl<'a> Run<'a> {
    fn new(site: &'a Site, routes: &'a Routes, sources: &'a [Origin<'a>]) -> Self {
        let mut targets = HashMap::new();
        let by_route: HashMap<&str, &PageLinks> =
            sources.iter().map(|o| (o.route, o.links)).collect();
        for post in &site.posts {
            // An alias redirects to the post, so links to it are links to the post.
            for address in std::iter::once(&post.route).chain(&post.aliases) {
                targets.insert(
                    normalize(address),
                    Target {
                        route: &post.route,
                        hidden: post.hidden,
                        ids: by_route.get(post.route.as_str()).map(|l| l.ids.as_slice()),
                    },
                );
            }
        }
        for page in &site.pages {
            targets.entry(normalize(&page.route)).or_insert(Target {
                route: &page.route,
                hidden: false,
                ids: by_route.get(page.route.as_str()).map(|l| l.ids.as_slice()),
            });
        }
        Run {
            site,
            routes,
            candidates: None,
            urls: SiteUrls::from_settings(&site.settings),
            sources,
            targets,
            report: Report::default(),
            broken: BTreeMap::new(),
            backlinks: HashMap::new(),
            suggestions: HashMap::new(),
            owned: site
                .settings
                .owned_paths
                .iter()
                .map(|p| normalize_prefix(p))
                .collect(),
        }
    }

    fn run(mut self) -> Report {
        for origin in self.sources {
            self.duplicate_definitions(origin);
            self.removed_urls(origin);
            for link in &origin.links.links {
                self.link(origin, link);
            }
        }
        self.orphans();
        let mut report = self.report;
        report.targets = self
            .broken
            .into_iter()
            .map(|(target, sources)| BrokenTarget {
                target,
                sources: sources.into_iter().collect(),
            })
            .collect();
        report.backlinks = self
            .backlinks
            .into_iter()
            .map(|(to, mut from)| {
                from.sort_unstable();
                from.dedup();
                (to.to_owned(), from.into_iter().map(str::to_owned).collect())
            })
            .collect();
        quire_diagnostics::sort(&mut report.diagnostics);
        report
    }

    fn duplicate_definitions(&mut self, origin: &Origin<'_>) {
        for d in &origin.links.duplicate_definitions {
            let first = origin.body_line - 1 + d.first_line;
            self.report.diagnostics.push(
                Diagnostic::warning(
                    "link-duplicate-definition",
                    origin.file,
                    origin.body_line - 1 + d.line,
                    d.column,
                    format!(
                        "reference `[{}]` is defined again; the definition on line {first} wins and this one is ignored",
                        d.label
                    ),
                )
                .with_hint("remove this definition, or give it a label of its own"),
            );
        }
    }

    fn removed_urls(&mut self, origin: &Origin<'_>) {
        for r in &origin.links.removed_urls {
            let scheme = r
                .url
                .split(':')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            self.push(
                Diagnostic::warning(
                    "link-unsafe-url",
                    origin.file,
                    origin.body_line - 1 + r.line,
                    r.column,
                    format!(
                        "`{}` was removed from the page: `{scheme}:` URLs can run code or read local files",
                        shorten(&r.url)
                    ),
                )
                .with_hint("link to a page of the site or an https:// URL instead"),
            );
        }
    }

    fn link(&mut self, origin: &Origin<'a>, link: &LinkRef) {
        let line = origin.body_line - 1 + link.line;
        let at = Place {
            file: origin.file,
            line,
            column: link.column,
        };
        let url = link.url.as_str();
        self.report.links += 1;
        match classify(url, &self.urls) {
            LinkKind::Internal { path, fragment } => {
                self.report.internal += 1;
                self.internal(origin, url, &path, fragment.as_deref(), at);
            }
            LinkKind::Fragment { id } => {
                self.report.internal += 1;
                self.fragment(url, &origin.key, &id, || format!("#{id}"), at);
            }
            LinkKind::External => self.report.external += 1,
            LinkKind::Data { bytes } => {
                let limit = self.site.settings.data_uri_limit;
                if bytes > limit {
                    self.push(
                        Diagnostic::warning(
                            "link-data-uri",
                            at.file,
                            at.line,
                            at.column,
                            format!(
                                "a data URI of {} is inlined into the page (the limit is {})",
                                size(bytes),
                                size(limit)
                            ),
                        )
                        .with_hint("save it as a file under static/ and link to that file"),
                    );
                }
            }
            LinkKind::Malformed { hint } => self.push(
                Diagnostic::warning(
                    "link-malformed",
                    at.file,
                    at.line,
                    at.column,
                    format!("`{}` is not a usable URL", shorten(url)),
                )
                .with_hint(hint),
            ),
            // Unsafe URLs are reported from what the Markdown stage removed.
            LinkKind::Mailto | LinkKind::Tel | LinkKind::Unsafe { .. } | LinkKind::Other { .. } => {
            }
        }
    }

    fn internal(
        &mut self,
        origin: &Origin<'a>,
        url: &str,
        path: &str,
        fragment: Option<&str>,
        at: Place<'_>,
    ) {
        let absolute = if path.is_empty() {
            origin.route.to_owned()
        } else {
            join(origin.route, path)
        };
        let key = normalize(&absolute);
        if !self.owned.is_empty() && !self.owned.iter().any(|p| key.starts_with(p.as_str())) {
            // Another part of the same site: counted, not checked offline.
            return;
        }
        let with_fragment = |f: Option<&str>| match f {
            Some(f) => format!("{absolute}#{f}"),
            None => absolute.clone(),
        };
        let Some(route_key) = self.routes.resolve_key(&key).map(str::to_owned) else {
            let resolved = if url.starts_with('/') || self.urls_is_absolute(url) {
                String::new()
            } else {
                format!(" (resolved from `{}` to `{absolute}`)", origin.route)
            };
            let hint = match self.suggest(&absolute) {
                Some(c) => format!("did you mean `{c}`?"),
                None if is_file(&absolute) => {
                    "fix the path, or put the file under static/ at that path".into()
                }
                None => {
                    "fix the address; if a post moved, add the old address to its `aliases:`".into()
                }
            };
            let d = Diagnostic::error(
                "link-broken",
                at.file,
                at.line,
                at.column,
                format!(
                    "`{}` points nowhere{resolved}: the build writes no page or file there",
                    shorten(url)
                ),
            )
            .with_hint(hint);
            self.broken(with_fragment(fragment), at, d);
            return;
        };
        if let Some(target) = self.targets.get(&route_key) {
            if target.route != origin.route {
                let from = self.backlinks.entry(target.route).or_default();
                // Links of one source come together: this skips most repeats.
                if from.last() != Some(&origin.route) {
                    from.push(origin.route);
                }
            }
            if target.hidden && target.route != origin.route {
                let d = Diagnostic::info(
                    "link-hidden-target",
                    at.file,
                    at.line,
                    at.column,
                    if url.trim_end_matches('/') == target.route.trim_end_matches('/') {
                        format!(
                            "`{}` is a hidden post: it is built but not listed",
                            shorten(url)
                        )
                    } else {
                        format!(
                            "`{}` leads to the hidden post `{}`: it is built but not listed",
                            shorten(url),
                            target.route
                        )
                    },
                );
                self.push(d);
            }
        }
        if let Some(f) = fragment {
            self.fragment(url, &route_key, f, || with_fragment(Some(f)), at);
        }
    }

    /// A route to suggest for a broken path. Each distinct path is looked
    /// up once, and only the first [`MAX_ROUTE_SUGGESTIONS`] distinct paths
    /// are compared with every route, so a site with thousands of broken
    /// links stays linear.
    fn suggest(&mut self, path: &str) -> Option<String> {
        if let Some(known) = self.suggestions.get(path) {
            return known.clone();
        }
        if self.suggestions.len() >= MAX_ROUTE_SUGGESTIONS {
            return None;
        }
        let candidates = self
            .candidates
            .get_or_insert_with(|| Candidates::new(self.routes));
        let found = candidates.closest(path).map(str::to_owned);
        self.suggestions.insert(path.to_owned(), found.clone());
        found
    }

    fn urls_is_absolute(&self, url: &str) -> bool {
        url.starts_with("//") || url.contains("://")
    }

    /// Checks `#id` against the ids of the page whose normalized route is
    /// `page_key`; pages without known ids (listings, files) are not checked.
    fn fragment(
        &mut self,
        url: &str,
        page_key: &str,
        id: &str,
        shown: impl FnOnce() -> String,
        at: Place<'_>,
    ) {
        if id.is_empty() {
            return;
        }
        let Some(target) = self.targets.get(page_key) else {
            return;
        };
        let Some(ids) = target.ids else { return };
        let decoded = percent_decode_str(id).decode_utf8_lossy();
        if ids.iter().any(|i| *i == decoded || i == id) {
            return;
        }
        let hint = match closest_id(&decoded, ids.iter().map(String::as_str)) {
            Some(c) => format!("did you mean `#{c}`?"),
            None if ids.is_empty() => "that page has no headings or footnotes to link to".into(),
            None => format!("ids on that page: {}", list(ids)),
        };
        let shown = shown();
        let page = if shown.starts_with('#') {
            "this page".to_owned()
        } else {
            format!("`{}`", target.route)
        };
        let d = Diagnostic::error(
            "link-fragment",
            at.file,
            at.line,
            at.column,
            format!(
                "`{}`: {page} has no heading or footnote with id `{decoded}`",
                shorten(url)
            ),
        )
        .with_hint(hint);
        self.broken(shown, at, d);
    }

    fn broken(&mut self, target: String, at: Place<'_>, d: Diagnostic) {
        self.report.broken += 1;
        self.broken.entry(target).or_default().insert(at.source());
        self.push(d);
    }

    fn orphans(&mut self) {
        for post in &self.site.posts {
            if self.backlinks.contains_key(post.route.as_str()) {
                continue;
            }
            let message = format!("no post or page links to `{}`", post.route);
            let hint = if post.hidden {
                "it is hidden too, so only people who know the address can find it"
            } else {
                "only listings and feeds lead to it; link to it from a related post"
            };
            self.push(Diagnostic::info("link-orphan", &post.source, 0, 0, message).with_hint(hint));
        }
    }

    fn push(&mut self, d: Diagnostic) {
        self.report.diagnostics.push(d);
    }
}

/// `path` resolved against the page route `base` the way a browser does.
/// Keeps the path's encoding; `.` and `..` segments are resolved.
fn join(base: &str, path: &str) -> String {
    let mut segments: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        // The page's folder: everything up to its last `/`.
        let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    let mut trailing = path.ends_with('/');
    for seg in path.split('/') {
        match seg {
            "" | "." => trailing = true,
            ".." => {
                segments.pop();
                trailing = true;
            }
            s => {
                segments.push(s);
                trailing = false;
            }
        }
    }
    trailing |= path.ends_with('/');
    let mut out = String::new();
    for s in &segments {
        out.push('/');
        out.push_str(s);
    }
    if trailing || out.is_empty() {
        out.push('/');
    }
    out
}

/// True when the last segment of a root path has an extension (`a.png`).
fn is_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

/// An owned path (`/blog`, `/blog/`) as the prefix normalized keys start with.
fn normalize_prefix(prefix: &str) -> String {
    let n = normalize(prefix);
    if n.ends_with('/') { n } else { format!("{n}/") }
}

fn size(bytes: usize) -> String {
    if bytes >= 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

/// URLs in messages are cut so a data URI does not flood the terminal.
fn shorten(url: &str) -> String {
    if url.chars().count() > 100 {
        let head: String = url.chars().take(60).collect();
        format!("{head}…")
    } else {
        url.to_owned()
    }
}

fn list(ids: &[String]) -> String {
    let mut shown: Vec<String> = ids.iter().take(8).map(|i| format!("`#{i}`")).collect();
    if ids.len() > 8 {
        shown.push(format!("and {} more", ids.len() - 8));
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_like_a_browser() {
        for (base, path, want) in [
            ("/blog/a/", "../b/", "/blog/b/"),
            ("/blog/a/", "img.png", "/blog/a/img.png"),
            ("/blog/a/", "./", "/blog/a/"),
            ("/blog/a/", "..", "/blog/"),
            ("/blog/a/", "../../../x", "/x"),
            ("/blog/a/", "/abs/", "/abs/"),
            ("/404.html", "x/", "/x/"),
        ] {
            assert_eq!(join(base, path), want, "{base} + {path}");
        }
    }
}
