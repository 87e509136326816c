//! The site-wide check: every internal link and anchor of every post and
//! page against what the build will write.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashSet};

use percent_encoding::percent_decode_str;
use quire_content::Site;
use quire_diagnostics::Diagnostic;
use quire_markdown::{Document, DuplicateDefinition, LinkRef, RemovedUrl};
use rayon::prelude::*;
use serde::Serialize;

use crate::classify::{Class, LinkKind, SiteUrls, classify_borrowed};
use crate::routes::{
    Candidates, RouteSet, Target, closest_id, is_normal, normalize, site_route_set,
};

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
    /// Where the check reports each link and then each removed URL of this
    /// document, as (line, column) in the file, for a body that starts on
    /// file line `body_line`. A caller that keeps link diagnostics across
    /// edits can match them to links with this.
    ///
    /// ```
    /// use quire_links::PageLinks;
    /// let mut doc = quire_markdown::render("text\n\nsee [a](/a/)\n", &Default::default());
    /// let links = PageLinks::take_from(&mut doc);
    /// // A body after four lines of front matter starts on line 5.
    /// assert_eq!(links.positions(5), [(7, 5)]);
    /// ```
    pub fn positions(&self, body_line: u32) -> Vec<(u32, u32)> {
        self.links
            .iter()
            .map(|l| (file_line(body_line, l.line), l.column))
            .chain(
                self.removed_urls
                    .iter()
                    .map(|r| (file_line(body_line, r.line), r.column)),
            )
            .collect()
    }
}

/// The file line of line `line` of a body that starts on file line
/// `body_line`: the one place the check turns body positions into file
/// positions.
fn file_line(body_line: u32, line: u32) -> u32 {
    body_line.saturating_sub(1) + line
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
        let mut routes = site_route_set(site, &self.extra_routes);
        attach_targets(site, &sources, &mut routes);
        Run::new(site, &routes).run(&sources)
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
    key: Cow<'a, str>,
    body_line: u32,
    links: &'a PageLinks,
}

/// What the check reads, shared by the threads that check documents.
struct Run<'a> {
    site: &'a Site,
    /// Every route, with the post or page at each.
    routes: &'a RouteSet<'a>,
    urls: SiteUrls,
    /// `owned_paths` as prefixes of normalized paths.
    owned: Vec<String>,
}

/// What checking a run of documents found. Runs are checked in parallel
/// and their findings merged in document order.
#[derive(Default)]
struct Found<'a> {
    links: usize,
    internal: usize,
    external: usize,
    findings: Vec<Finding<'a>>,
    /// (linked route, linking route), in link order.
    backlinks: Vec<(&'a str, &'a str)>,
}

enum Finding<'a> {
    /// A diagnostic that breaks nothing.
    Note(Diagnostic),
    /// A broken link, filed under `target` in the report.
    Broken {
        target: String,
        at: Place<'a>,
        diagnostic: Diagnostic,
    },
    /// A link to a path the build does not write; its diagnostic waits for
    /// the "did you mean" route, which is looked up once per distinct path
    /// after every document is checked.
    NoRoute {
        target: String,
        at: Place<'a>,
        url: &'a str,
        absolute: String,
        /// ` (resolved from ...)` for relative links, else empty.
        resolved: String,
    },
}

/// Documents checked in one parallel task.
const DOCUMENTS_PER_TASK: usize = 64;

/// How many distinct broken paths get a "did you mean" route; each costs a
/// pass over every route.
const MAX_ROUTE_SUGGESTIONS: usize = 64;

impl<'a> Run<'a> {
    fn new(site: &'a Site, routes: &'a RouteSet<'a>) -> Self {
        Run {
            site,
            routes,
            urls: SiteUrls::from_settings(&site.settings),
            owned: site
                .settings
                .owned_paths
                .iter()
                .map(|p| normalize_prefix(p))
                .collect(),
        }
    }

    fn run(self, sources: &'a [Origin<'a>]) -> Report {
        // Documents are checked in parallel, a run of them into one `Found`:
        // a few hundred small vectors instead of two per document.
        let found: Vec<Found<'a>> = sources
            .par_chunks(DOCUMENTS_PER_TASK)
            .map(|run| {
                let mut found = Found::default();
                for o in run {
                    self.origin(o, &mut found);
                }
                found
            })
            .collect();

        // "Did you mean" routes for the first distinct missing paths, in
        // document order, computed in parallel.
        let mut wanted: Vec<String> = Vec::new();
        {
            let mut seen: HashSet<&str> = HashSet::default();
            for finding in found.iter().flat_map(|f| &f.findings) {
                if let Finding::NoRoute { absolute, .. } = finding {
                    if seen.len() < MAX_ROUTE_SUGGESTIONS && seen.insert(absolute) {
                        wanted.push(absolute.clone());
                    }
                }
            }
        }
        let suggestions: HashMap<String, Option<&str>> = if wanted.is_empty() {
            HashMap::default()
        } else {
            let candidates = Candidates::new(self.routes);
            wanted
                .into_par_iter()
                .map(|path| {
                    let found = candidates.closest(&path);
                    (path, found)
                })
                .collect()
        };

        let mut report = Report::default();
        let mut broken: BTreeMap<String, BTreeSet<Source>> = BTreeMap::new();
        let mut backlinks: HashMap<&'a str, Vec<&'a str>> = HashMap::default();
        for f in found {
            report.links += f.links;
            report.internal += f.internal;
            report.external += f.external;
            for (to, from) in f.backlinks {
                let list = backlinks.entry(to).or_default();
                // Links of one source come together: this skips most repeats.
                if list.last() != Some(&from) {
                    list.push(from);
                }
            }
            for finding in f.findings {
                let (target, at, d) = match finding {
                    Finding::Note(d) => {
                        report.diagnostics.push(d);
                        continue;
                    }
                    Finding::Broken {
                        target,
                        at,
                        diagnostic,
                    } => (target, at, diagnostic),
                    Finding::NoRoute {
                        target,
                        at,
                        url,
                        absolute,
                        resolved,
                    } => {
                        let suggestion = suggestions.get(absolute.as_str()).copied().flatten();
                        let d = no_route(url, &absolute, &resolved, suggestion, at);
                        (target, at, d)
                    }
                };
                report.broken += 1;
                broken.entry(target).or_default().insert(at.source());
                report.diagnostics.push(d);
            }
        }
        self.orphans(&backlinks, &mut report.diagnostics);
        report.targets = broken
            .into_iter()
            .map(|(target, sources)| BrokenTarget {
                target,
                sources: sources.into_iter().collect(),
            })
            .collect();
        report.backlinks = backlinks
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

    /// Checks every link of one document into `found`.
    fn origin(&self, origin: &'a Origin<'a>, found: &mut Found<'a>) {
        duplicate_definitions(origin, found);
        removed_urls(origin, found);
        for link in &origin.links.links {
            self.link(origin, link, found);
        }
    }

    fn link(&self, origin: &'a Origin<'a>, link: &'a LinkRef, found: &mut Found<'a>) {
        let line = file_line(origin.body_line, link.line);
        let at = Place {
            file: origin.file,
            line,
            column: link.column,
        };
        let url = link.url.as_str();
        found.links += 1;
        let kind = match classify_borrowed(url, &self.urls) {
            Class::Internal { path, fragment } => {
                found.internal += 1;
                self.internal(origin, url, path, fragment, at, found);
                return;
            }
            Class::Fragment(id) => {
                found.internal += 1;
                let target = self.routes.target(&origin.key);
                self.fragment(url, target, id, || format!("#{id}"), at, found);
                return;
            }
            Class::Other(kind) => kind,
        };
        match kind {
            // Borrowed as `Class::Internal` and `Class::Fragment` above.
            LinkKind::Internal { .. } | LinkKind::Fragment { .. } => {}
            LinkKind::External => found.external += 1,
            LinkKind::Data { bytes } => {
                let limit = self.site.settings.data_uri_limit;
                if bytes > limit {
                    found.findings.push(Finding::Note(
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
                    ));
                }
            }
            LinkKind::Malformed { hint } => found.findings.push(Finding::Note(
                Diagnostic::warning(
                    "link-malformed",
                    at.file,
                    at.line,
                    at.column,
                    format!("`{}` is not a usable URL", shorten(url)),
                )
                .with_hint(hint),
            )),
            // Unsafe URLs are reported from what the Markdown stage removed.
            LinkKind::Mailto | LinkKind::Tel | LinkKind::Unsafe { .. } | LinkKind::Other { .. } => {
            }
        }
    }

    fn internal(
        &self,
        origin: &'a Origin<'a>,
        url: &'a str,
        path: &str,
        fragment: Option<&str>,
        at: Place<'a>,
        found: &mut Found<'a>,
    ) {
        // Most links are already root paths in normal form: joining and
        // normalizing would give them back unchanged.
        let (absolute, key): (Cow<'_, str>, Cow<'_, str>) = if path.is_empty() {
            (Cow::Borrowed(origin.route), Cow::Borrowed(&*origin.key))
        } else if is_normal(path) {
            (Cow::Borrowed(path), Cow::Borrowed(path))
        } else {
            let absolute = join(origin.route, path);
            let key = normalize(&absolute).into_owned();
            (Cow::Owned(absolute), Cow::Owned(key))
        };
        if !self.owned.is_empty() && !self.owned.iter().any(|p| key.starts_with(p.as_str())) {
            // Another part of the same site: counted, not checked offline.
            return;
        }
        let with_fragment = |f: Option<&str>| match f {
            Some(f) => format!("{absolute}#{f}"),
            None => absolute.clone().into_owned(),
        };
        let Some((_, target)) = self.routes.resolve_key(&key) else {
            let resolved = if url.starts_with('/') || is_absolute(url) {
                String::new()
            } else {
                format!(" (resolved from `{}` to `{absolute}`)", origin.route)
            };
            found.findings.push(Finding::NoRoute {
                target: with_fragment(fragment),
                at,
                url,
                absolute: absolute.clone().into_owned(),
                resolved,
            });
            return;
        };
        if let Some(target) = target {
            if target.route != origin.route {
                found.backlinks.push((target.route, origin.route));
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
                found.findings.push(Finding::Note(d));
            }
        }
        if let Some(f) = fragment {
            self.fragment(url, target, f, || with_fragment(Some(f)), at, found);
        }
    }

    /// Checks `#id` against the ids of the page a link leads to; pages
    /// without known ids (listings, files) are not checked.
    fn fragment(
        &self,
        url: &str,
        target: Option<&Target<'a>>,
        id: &str,
        shown: impl FnOnce() -> String,
        at: Place<'a>,
        found: &mut Found<'a>,
    ) {
        if id.is_empty() {
            return;
        }
        let Some(target) = target else {
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
        let diagnostic = Diagnostic::error(
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
        found.findings.push(Finding::Broken {
            target: shown,
            at,
            diagnostic,
        });
    }

    fn orphans(&self, backlinks: &HashMap<&str, Vec<&str>>, diagnostics: &mut Vec<Diagnostic>) {
        for post in &self.site.posts {
            if backlinks.contains_key(post.route.as_str()) {
                continue;
            }
            let message = format!("no post or page links to `{}`", post.route);
            let hint = if post.hidden {
                "it is hidden too, so only people who know the address can find it"
            } else {
                "only listings and feeds lead to it; link to it from a related post"
            };
            diagnostics
                .push(Diagnostic::info("link-orphan", &post.source, 0, 0, message).with_hint(hint));
        }
    }
}

/// Puts each post and page on its routes (a post also on its aliases,
/// which redirect to it), with the ids of its headings and footnotes.
fn attach_targets<'a>(site: &'a Site, sources: &[Origin<'a>], routes: &mut RouteSet<'a>) {
    let by_route: HashMap<&str, &PageLinks> = sources.iter().map(|o| (o.route, o.links)).collect();
    for post in &site.posts {
        let target = Target {
            route: &post.route,
            hidden: post.hidden,
            ids: by_route.get(post.route.as_str()).map(|l| l.ids.as_slice()),
        };
        // An alias redirects to the post, so links to it are links to the
        // post; a later post at the same address takes it over.
        for address in std::iter::once(&post.route).chain(&post.aliases) {
            if let Some(slot) = routes.target_mut(&normalize(address)) {
                *slot = Some(target);
            }
        }
    }
    for page in &site.pages {
        if let Some(slot @ None) = routes.target_mut(&normalize(&page.route)) {
            *slot = Some(Target {
                route: &page.route,
                hidden: false,
                ids: by_route.get(page.route.as_str()).map(|l| l.ids.as_slice()),
            });
        }
    }
}

fn duplicate_definitions<'a>(origin: &Origin<'a>, found: &mut Found<'a>) {
    for d in &origin.links.duplicate_definitions {
        let first = file_line(origin.body_line, d.first_line);
        found.findings.push(Finding::Note(
            Diagnostic::warning(
                "link-duplicate-definition",
                origin.file,
                file_line(origin.body_line, d.line),
                d.column,
                format!(
                    "reference `[{}]` is defined again; the definition on line {first} wins and this one is ignored",
                    d.label
                ),
            )
            .with_hint("remove this definition, or give it a label of its own"),
        ));
    }
}

fn removed_urls<'a>(origin: &Origin<'a>, found: &mut Found<'a>) {
    for r in &origin.links.removed_urls {
        let scheme = r
            .url
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        found.findings.push(Finding::Note(
            Diagnostic::warning(
                "link-unsafe-url",
                origin.file,
                file_line(origin.body_line, r.line),
                r.column,
                format!(
                    "`{}` was removed from the page: `{scheme}:` URLs can run code or read local files",
                    shorten(&r.url)
                ),
            )
            .with_hint("link to a page of the site or an https:// URL instead"),
        ));
    }
}

/// The diagnostic of a link to a path the build does not write.
fn no_route(
    url: &str,
    absolute: &str,
    resolved: &str,
    suggestion: Option<&str>,
    at: Place<'_>,
) -> Diagnostic {
    let hint = match suggestion {
        Some(c) => format!("did you mean `{c}`?"),
        None if is_file(absolute) => {
            "fix the path, or put the file under static/ at that path".into()
        }
        None => "fix the address; if a post moved, add the old address to its `aliases:`".into(),
    };
    Diagnostic::error(
        "link-broken",
        at.file,
        at.line,
        at.column,
        format!(
            "`{}` points nowhere{resolved}: the build writes no page or file there",
            shorten(url)
        ),
    )
    .with_hint(hint)
}

fn is_absolute(url: &str) -> bool {
    url.starts_with("//") || url.contains("://")
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
    if n.ends_with('/') {
        n.into_owned()
    } else {
        format!("{n}/")
    }
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
