//! Every URL a build produces. The renderer and the publisher call these
//! same functions, so a link that resolves here is a page on the built site.

use std::borrow::Cow;
use std::collections::BTreeMap;

use foldhash::HashMap;

use percent_encoding::percent_decode_str;
use quire_content::Site;

use crate::md::slugify;

/// Route of a category's listing: `/blog/category/<slug of label>/`.
///
/// ```
/// assert_eq!(quire_links::category_route("Open Source"), "/blog/category/open-source/");
/// ```
pub fn category_route(label: &str) -> String {
    format!("/blog/category/{}/", slugify(label))
}

/// Route of an author's listing: `/blog/author/<slug of name>/`.
///
/// ```
/// assert_eq!(quire_links::author_route("Ada Lovelace"), "/blog/author/ada-lovelace/");
/// ```
pub fn author_route(name: &str) -> String {
    format!("/blog/author/{}/", slugify(name))
}

/// Route of page `page` (1-based) of a listing whose first page is `base`
/// (a route ending in `/`): page 1 is `base`, page n is `<base>page/<n>/`.
///
/// ```
/// use quire_links::listing_page_route;
/// assert_eq!(listing_page_route("/blog/", 1), "/blog/");
/// assert_eq!(listing_page_route("/blog/", 3), "/blog/page/3/");
/// ```
pub fn listing_page_route(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_owned()
    } else {
        format!("{base}page/{page}/")
    }
}

/// Number of listing pages for `items` items, `per_page` a page; at least 1
/// (an empty listing still has its first page). `per_page` 0 counts as 1.
///
/// ```
/// assert_eq!(quire_links::page_count(0, 10), 1);
/// assert_eq!(quire_links::page_count(21, 10), 3);
/// ```
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// The pages every build writes whatever the content.
const FIXED_ROUTES: &[&str] = &["/", "/404.html", "/blog/"];

/// The files every build writes beside the pages: feeds, sitemap,
/// `robots.txt`, search index and `_redirects`, relative to the site root.
/// `quire-publish` writes exactly these; the link check accepts links to them.
pub const GENERATED_FILES: &[&str] = &[
    "rss.xml",
    "atom.xml",
    "feed.json",
    "sitemap.xml",
    "robots.txt",
    "search-index.json",
    "_redirects",
];

/// A set of routes, looked up the way a static web server answers:
/// `/blog/x`, `/blog/x/`, `/blog/x/index.html` and `/blog/%78/` all find
/// the page `/blog/x/`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Routes {
    set: RouteSet<'static>,
}

impl Routes {
    /// An empty set.
    pub fn new() -> Self {
        Routes::default()
    }

    /// Adds a route (a root path; `/blog/x/` for a page, `/img/a.png` for
    /// a file). Percent-encoded or not, both work.
    pub fn insert(&mut self, route: impl Into<String>) {
        self.set.insert(Cow::Owned(route.into()));
    }

    /// The route a root path reaches, as it was added, or `None` when the
    /// build writes nothing there. Query and fragment are ignored.
    ///
    /// ```
    /// let mut routes = quire_links::Routes::new();
    /// routes.insert("/blog/caf%C3%A9/");
    /// assert_eq!(routes.resolve("/blog/café/index.html"), Some("/blog/caf%C3%A9/"));
    /// assert_eq!(routes.resolve("/blog/cafe/"), None);
    /// ```
    pub fn resolve(&self, path: &str) -> Option<&str> {
        let (key, _) = self.set.resolve_key(&normalize(path))?;
        Some(self.set.route(key))
    }

    /// True when [`Routes::resolve`] finds something.
    pub fn contains(&self, path: &str) -> bool {
        self.resolve(path).is_some()
    }

    /// Every route, in the order of their normalized forms.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let mut entries: Vec<(&str, &str)> = self.set.entries().collect();
        entries.sort_unstable_by_key(|&(key, _)| key);
        entries.into_iter().map(|(_, route)| route)
    }

    /// Number of distinct routes.
    pub fn len(&self) -> usize {
        self.set.by_key.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.set.by_key.is_empty()
    }

    /// The route closest to `path` by edit distance, for "did you mean"
    /// hints; `None` when nothing is reasonably close.
    pub fn closest(&self, path: &str) -> Option<&str> {
        Candidates::new(&self.set).closest(path)
    }
}

/// The routes behind [`Routes`], borrowing what the site already holds
/// (post and page routes, aliases) for the length of one check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RouteSet<'a> {
    /// Normalized key → route as added and the page it is.
    by_key: HashMap<Cow<'a, str>, RouteEntry<'a>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct RouteEntry<'a> {
    /// The route as added, `None` when it is its own key (most are: only
    /// one string is kept then).
    route: Option<Cow<'a, str>>,
    /// The post or page at this route, for the link check: one lookup
    /// finds both whether a link resolves and what it leads to.
    target: Option<Target<'a>>,
}

/// What a post or page route is, for hidden-target notes and fragment checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Target<'a> {
    /// The route of the post or page (not of the alias that leads to it).
    pub(crate) route: &'a str,
    pub(crate) hidden: bool,
    /// Heading and footnote ids, when the check has the page's links.
    pub(crate) ids: Option<&'a [String]>,
}

impl<'a> RouteSet<'a> {
    fn with_capacity(capacity: usize) -> Self {
        RouteSet {
            by_key: HashMap::with_capacity_and_hasher(capacity, Default::default()),
        }
    }

    /// Adds a route; the first route added for a key stays.
    pub(crate) fn insert(&mut self, route: Cow<'a, str>) {
        let key = match normalize(&route) {
            Cow::Borrowed(key) if key.len() == route.len() => None,
            Cow::Borrowed(key) => Some(key.to_owned()),
            Cow::Owned(key) => Some(key),
        };
        let (key, route) = match key {
            None => (route, None),
            Some(key) => (Cow::Owned(key), Some(route)),
        };
        self.by_key.entry(key).or_insert(RouteEntry {
            route,
            target: None,
        });
    }

    /// The normalized key a normalized path reaches, if any, with the page
    /// there.
    pub(crate) fn resolve_key(&self, key: &str) -> Option<(&str, Option<&Target<'a>>)> {
        if let Some((k, entry)) = self.by_key.get_key_value(key) {
            return Some((k, entry.target.as_ref()));
        }
        if !key.ends_with('/') {
            // A directory asked for without its trailing slash: servers redirect.
            if let Some((k, entry)) = self.by_key.get_key_value(format!("{key}/").as_str()) {
                return Some((k, entry.target.as_ref()));
            }
        }
        None
    }

    /// The page at exactly the normalized route `key`.
    pub(crate) fn target(&self, key: &str) -> Option<&Target<'a>> {
        self.by_key.get(key)?.target.as_ref()
    }

    /// The page slot of the normalized route `key`, `None` when there is no
    /// such route.
    pub(crate) fn target_mut(&mut self, key: &str) -> Option<&mut Option<Target<'a>>> {
        self.by_key.get_mut(key).map(|entry| &mut entry.target)
    }

    /// The route as added for a key from [`RouteSet::resolve_key`].
    fn route<'s>(&'s self, key: &'s str) -> &'s str {
        match self.by_key.get(key) {
            Some(RouteEntry {
                route: Some(route), ..
            }) => route,
            _ => key,
        }
    }

    /// (normalized key, route as added), in no particular order.
    fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.by_key
            .iter()
            .map(|(key, entry)| (&**key, entry.route.as_deref().unwrap_or(key)))
    }

    /// The routes alone, owned.
    fn into_owned(self) -> RouteSet<'static> {
        let own = |s: Cow<'a, str>| Cow::Owned(s.into_owned());
        RouteSet {
            by_key: self
                .by_key
                .into_iter()
                .map(|(key, entry)| {
                    let entry = RouteEntry {
                        route: entry.route.map(own),
                        target: None,
                    };
                    (own(key), entry)
                })
                .collect(),
        }
    }
}

/// Routes prepared for repeated "did you mean" lookups: each with its
/// length and byte counts computed once.
pub(crate) struct Candidates<'a> {
    items: Vec<Candidate<'a>>,
}

struct Candidate<'a> {
    key: &'a str,
    route: &'a str,
    /// Characters of `key`.
    len: usize,
    bag: Option<Bag>,
}

impl<'a> Candidates<'a> {
    pub(crate) fn new(routes: &'a RouteSet<'_>) -> Self {
        let items = routes
            .entries()
            .map(|(key, route)| Candidate {
                key,
                route,
                len: char_count(key),
                bag: Bag::of(key),
            })
            .collect();
        Candidates { items }
    }

    /// The route whose normalized form is nearest to `path`'s: Levenshtein
    /// similarity (1 - distance / longer length) of at least 0.7, so
    /// `/blog/nowhere/` does not suggest `/blog/lonely/`; ties go to the
    /// first in key order. Length and byte counts rule out most candidates
    /// before any distance is computed: they bound the distance from below.
    pub(crate) fn closest(&self, path: &str) -> Option<&'a str> {
        let wanted = normalize(path);
        let wanted_len = char_count(&wanted);
        let wanted_bag = Bag::of(&wanted);
        // (score, key, route) of the best so far.
        let mut best: Option<(f64, &str, &str)> = None;
        for c in &self.items {
            let longer = c.len.max(wanted_len).max(1);
            // Similarity 0.7 allows at most this many edits.
            let allowed = longer * 3 / 10;
            let mut bound = c.len.abs_diff(wanted_len);
            if bound > allowed {
                continue;
            }
            if let (Some(w), Some(b)) = (&wanted_bag, &c.bag) {
                bound = w.distance(b);
                if bound > allowed {
                    continue;
                }
            }
            // The best score this candidate could reach; below the best so
            // far, it can neither win nor tie.
            let reachable = 1.0 - bound as f64 / longer as f64;
            if best.is_some_and(|(b, _, _)| reachable < b) {
                continue;
            }
            let score = 1.0 - strsim::levenshtein(&wanted, c.key) as f64 / longer as f64;
            if score < 0.7 {
                continue;
            }
            let better = match best {
                None => true,
                Some((b, key, _)) => score > b || (score == b && c.key < key),
            };
            if better {
                best = Some((score, c.key, c.route));
            }
        }
        best.map(|(_, _, r)| r)
    }
}

fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

impl<S: Into<String>> Extend<S> for Routes {
    fn extend<I: IntoIterator<Item = S>>(&mut self, iter: I) {
        for r in iter {
            self.insert(r);
        }
    }
}

impl<S: Into<String>> FromIterator<S> for Routes {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut routes = Routes::new();
        routes.extend(iter);
        routes
    }
}

/// Counts of the characters of an ASCII string, in 48 buckets (letters of
/// either case, digits, `-`, `/`, `.`, `_` each their own; the rest share
/// eight). The bag distance (the larger of the two one-sided differences)
/// never exceeds the edit distance, merged buckets only make it smaller, so
/// it rules out most candidates for a fraction of the cost.
pub(crate) struct Bag {
    counts: [u8; 48],
    /// Sum of `counts`.
    total: u32,
}

impl Bag {
    /// `None` for non-ASCII text, which goes straight to the edit distance.
    fn of(s: &str) -> Option<Bag> {
        let mut counts = [0u8; 48];
        for b in s.bytes() {
            let bucket = match b {
                b'a'..=b'z' => b - b'a',
                b'A'..=b'Z' => b - b'A',
                b'0'..=b'9' => 26 + b - b'0',
                b'-' => 36,
                b'/' => 37,
                b'.' => 38,
                b'_' => 39,
                0..=127 => 40 + b % 8,
                _ => return None,
            };
            let slot = &mut counts[usize::from(bucket)];
            *slot = slot.saturating_add(1);
        }
        let total = counts.iter().map(|&c| u32::from(c)).sum();
        Some(Bag { counts, total })
    }

    fn distance(&self, other: &Bag) -> usize {
        // With `extra` and `missing` the two one-sided differences, their sum
        // is the L1 distance of the counts and their difference is the
        // difference of the totals, so the larger is computed from those
        // two; the sum of absolute byte differences compiles to a few
        // vector instructions. It runs once per route for every broken path.
        let l1: u32 = self
            .counts
            .iter()
            .zip(&other.counts)
            .map(|(a, b)| u32::from(a.abs_diff(*b)))
            .sum();
        let totals = self.total.abs_diff(other.total);
        ((l1 + totals) / 2) as usize
    }
}

/// The id nearest to `wanted`: Jaro-Winkler on lowercase, which rewards a
/// shared start (`#instal` → `#install-steps`, `#FAQ` → `#faq`).
pub(crate) fn closest_id<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    best(candidates, 0.8, |c| {
        strsim::jaro_winkler(&wanted, &c.to_lowercase())
    })
}

fn best<'a>(
    candidates: impl Iterator<Item = &'a str>,
    threshold: f64,
    score: impl Fn(&str) -> f64,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let s = score(c);
        if s >= threshold && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The lookup key of a root path: percent-decoded, query and fragment
/// dropped, `.` and `..` segments resolved, duplicate slashes merged, a
/// final `index.html` dropped. Borrowed when already normal, as most
/// routes and links are.
pub(crate) fn normalize(path: &str) -> Cow<'_, str> {
    if plainly_normal(path.as_bytes(), true) {
        return Cow::Borrowed(path);
    }
    normalize_by_segments(path)
}

/// [`normalize`] without its shortcut.
fn normalize_by_segments(path: &str) -> Cow<'_, str> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if is_normal(path) {
        return Cow::Borrowed(path);
    }
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut segments: Vec<&str> = Vec::new();
    let trailing = decoded.ends_with('/') || decoded.ends_with("/.") || decoded.ends_with("/..");
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut dir = trailing;
    if segments.last() == Some(&"index.html") {
        segments.pop();
        dir = true;
    }
    let mut out = String::with_capacity(decoded.len() + 1);
    for s in &segments {
        out.push('/');
        out.push_str(s);
    }
    if dir || segments.is_empty() {
        out.push('/');
    }
    Cow::Owned(out)
}

/// True when [`normalize`] would return `path` unchanged: a root path with
/// no escapes, no empty, `.` or `..` segments and no final `index.html`.
pub(crate) fn is_normal(path: &str) -> bool {
    let bytes = path.as_bytes();
    if plainly_normal(bytes, false) {
        return true;
    }
    // Segment by segment, for the few paths with a `/` before a `/` or
    // `.`, or with a byte that may need a look.
    if bytes.first() != Some(&b'/') {
        return false;
    }
    let mut start = 1;
    for i in 1..=bytes.len() {
        let end = i == bytes.len();
        match bytes.get(i) {
            Some(b'%' | b'\\') => return false,
            Some(b'/') | None => {
                match &bytes[start..i] {
                    b"" if !end => return false,
                    b"." | b".." => return false,
                    b"index.html" if end => return false,
                    _ => {}
                }
                start = i + 1;
            }
            Some(_) => {}
        }
    }
    true
}

/// A sufficient test for [`is_normal`] (and, with `query` set, for a path
/// without query or fragment): a root path with no `%` or `\` (nor `?` or
/// `#`), no `/` followed by `/` or `.`, not ending in `/index.html`. Most
/// routes and links pass; the passes have no branch per byte, so they run
/// as vector code, where the segment loop costs about fourteen instructions
/// a byte.
fn plainly_normal(bytes: &[u8], query: bool) -> bool {
    let special = bytes.iter().fold(false, |found, &b| {
        found | (b == b'%') | (b == b'\\') | (query & ((b == b'?') | (b == b'#')))
    });
    let after_slash = bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .fold(false, |found, (&a, &b)| {
            found | ((a == b'/') & ((b == b'/') | (b == b'.')))
        });
    bytes.first() == Some(&b'/') && !special && !after_slash && !bytes.ends_with(b"/index.html")
}

/// Every route a build of `site` writes, plus `extra` (the theme's static
/// files, which only the publisher knows).
///
/// That is: each post (hidden ones too) and page; `/`, `/404.html`; `/blog/`
/// and its pagination over visible posts; a listing (with pagination and an
/// `rss.xml` feed) for every category of a visible post and every category
/// declared in site.yaml; a listing for every author of a visible post and
/// every author file; the feeds, sitemap, `robots.txt`, search index and
/// `_redirects`; every alias; every file under `static/`.
///
/// A category is named by its site.yaml label when its id is declared there.
pub fn site_routes(site: &Site, extra: &[impl AsRef<str>]) -> Routes {
    let extra: Vec<&str> = extra.iter().map(AsRef::as_ref).collect();
    Routes {
        set: site_route_set(site, &extra).into_owned(),
    }
}

/// [`site_routes`], borrowing the routes and aliases of posts and pages.
pub(crate) fn site_route_set<'a>(site: &'a Site, extra: &'a [impl AsRef<str>]) -> RouteSet<'a> {
    let mut routes = RouteSet::with_capacity(
        site.posts.len() * 2 + site.pages.len() + site.static_files.len() + 64,
    );
    let add = |routes: &mut RouteSet<'a>, route: String| routes.insert(Cow::Owned(route));
    for route in FIXED_ROUTES {
        routes.insert(Cow::Borrowed(route));
    }
    for file in GENERATED_FILES {
        add(&mut routes, format!("/{file}"));
    }
    let per_page = site.settings.posts_per_page;
    let visible: Vec<_> = site.posts.iter().filter(|p| !p.hidden).collect();
    let paginate = |routes: &mut RouteSet<'a>, base: &str, items: usize| {
        for page in 1..=page_count(items, per_page) {
            routes.insert(Cow::Owned(listing_page_route(base, page)));
        }
    };
    paginate(&mut routes, "/blog/", visible.len());

    let mut categories: BTreeMap<String, usize> = site
        .settings
        .categories
        .iter()
        .map(|c| (category_route(&c.label), 0))
        .collect();
    let mut authors: BTreeMap<String, usize> = site
        .authors
        .iter()
        .map(|a| (author_route(&a.name), 0))
        .collect();
    // Thousands of posts share a few categories and authors: each label
    // is looked up and slugged once.
    let mut category_index: HashMap<(&str, &str), usize> = HashMap::default();
    let mut category_names: Vec<String> = Vec::new();
    // Posts per entry of `category_names`.
    let mut category_counts: Vec<usize> = Vec::new();
    let mut author_counts: HashMap<&str, usize> = HashMap::default();
    let mut seen: Vec<usize> = Vec::new();
    for post in &visible {
        // A post listing the same category twice is counted once.
        seen.clear();
        for c in &post.categories {
            let index = *category_index
                .entry((c.id.as_str(), c.label.as_str()))
                .or_insert_with(|| {
                    let label = site
                        .settings
                        .categories
                        .iter()
                        .find(|d| d.id == c.id)
                        .map_or(c.label.as_str(), |d| d.label.as_str());
                    let route = category_route(label);
                    // Two labels with one slug share one route, and one index.
                    match category_names.iter().position(|r| *r == route) {
                        Some(i) => i,
                        None => {
                            category_names.push(route);
                            category_counts.push(0);
                            category_names.len() - 1
                        }
                    }
                });
            if !seen.contains(&index) {
                seen.push(index);
            }
        }
        for &index in &seen {
            category_counts[index] += 1;
        }
        if let Some(name) = &post.author {
            *author_counts.entry(name.as_str()).or_default() += 1;
        }
    }
    for (route, count) in category_names.into_iter().zip(category_counts) {
        *categories.entry(route).or_default() += count;
    }
    for (name, count) in author_counts {
        *authors.entry(author_route(name)).or_default() += count;
    }
    for (route, count) in &categories {
        paginate(&mut routes, route, *count);
        add(&mut routes, format!("{route}rss.xml"));
    }
    for (route, count) in &authors {
        paginate(&mut routes, route, *count);
    }

    for post in &site.posts {
        routes.insert(Cow::Borrowed(&post.route));
        for alias in &post.aliases {
            routes.insert(Cow::Borrowed(alias));
        }
    }
    for page in &site.pages {
        routes.insert(Cow::Borrowed(&page.route));
    }
    for file in &site.static_files {
        add(&mut routes, format!("/{file}"));
    }
    for file in extra {
        let file = file.as_ref();
        if file.starts_with('/') {
            routes.insert(Cow::Borrowed(file));
        } else {
            add(&mut routes, format!("/{file}"));
        }
    }
    routes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_variants_meet() {
        for (a, b) in [
            ("/blog/x/", "/blog/x/index.html"),
            ("/blog/x/", "/blog//x/"),
            ("/blog/x/", "/blog/./y/../x/"),
            ("/blog/caf%C3%A9/", "/blog/café/"),
            ("/a%20b.png", "/a b.png"),
            ("/", "/index.html"),
            ("/", ""),
            ("/blog/x/", "/blog/x/?utm=1#top"),
        ] {
            assert_eq!(normalize(a), normalize(b), "{a} vs {b}");
        }
        assert_ne!(normalize("/blog/x"), normalize("/blog/x/"));
    }

    /// What [`is_normal`] means, said with substrings.
    fn by_substrings(path: &str) -> bool {
        path.starts_with('/')
            && !path.contains(['%', '\\'])
            && !path.contains("//")
            && !path.contains("/./")
            && !path.contains("/../")
            && !path.ends_with("/.")
            && !path.ends_with("/..")
            && !path.ends_with("/index.html")
    }

    #[test]
    fn is_normal_is_the_substring_rules() {
        for path in [
            "",
            "/",
            "//",
            "x/",
            "/blog/x/",
            "/blog/x",
            "/blog//x/",
            "/blog/x//",
            "/./x",
            "/x/.",
            "/x/..",
            "/x/../y",
            "/x/./y",
            "/x/.y/",
            "/x/..y",
            "/x/y.",
            "/a%20b",
            "/a\\b",
            "/index.html",
            "/x/index.html",
            "/x/index.html/",
            "/x/index.htm",
            "/x/myindex.html",
            "/.",
            "/..",
            "/café/",
            "/img/a.png",
        ] {
            assert_eq!(is_normal(path), by_substrings(path), "{path:?}");
        }
    }

    /// Random paths from pieces that matter to normalization.
    fn random_paths(seed: u64) -> Vec<String> {
        const PIECES: &[&str] = &[
            "/",
            "/",
            "/",
            "blog",
            "x",
            ".",
            "..",
            ".y",
            "index.html",
            "%20",
            "%78",
            "\\",
            "?",
            "#",
            "a=1",
            "é",
            "-",
            "page",
            "2",
        ];
        let mut rng = fastrand::Rng::with_seed(seed);
        (0..5000)
            .map(|_| {
                (0..rng.usize(..10))
                    .map(|_| PIECES[rng.usize(..PIECES.len())])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn is_normal_and_normalize_agree_with_their_segment_loops_on_random_paths() {
        let mut shortcuts = 0;
        for path in random_paths(11) {
            assert_eq!(is_normal(&path), by_substrings(&path), "{path:?}");
            let fast = normalize(&path);
            assert_eq!(fast, normalize_by_segments(&path), "{path:?}");
            shortcuts += usize::from(plainly_normal(path.as_bytes(), true));
        }
        // Both ways are taken.
        assert!(shortcuts > 100 && shortcuts < 4900, "{shortcuts}");
    }

    #[test]
    fn resolve_adds_a_missing_trailing_slash_for_pages_only() {
        let routes: Routes = ["/blog/x/", "/img/a.png"].into_iter().collect();
        assert_eq!(routes.resolve("/blog/x"), Some("/blog/x/"));
        assert_eq!(routes.resolve("/img/a.png/"), None);
        assert_eq!(routes.resolve("/img/a.png"), Some("/img/a.png"));
        assert_eq!(routes.closest("/blog/y/"), Some("/blog/x/"));
        assert_eq!(routes.closest("/completely/different/thing/"), None);
        let many: Routes = ["/blog/the-guide/", "/blog/café-guide/", "/blog/other/"]
            .into_iter()
            .collect();
        assert_eq!(many.closest("/blog/old-guide/"), Some("/blog/the-guide/"));
        assert_eq!(many.closest("/blog/cafe-guide/"), Some("/blog/café-guide/"));
    }

    #[test]
    fn closest_agrees_with_trying_every_route() {
        // The score of every route in key order, the first best kept: what
        // the pruned search must find.
        let naive = |routes: &Routes, path: &str| {
            let wanted = normalize(path);
            let mut best: Option<(f64, &str)> = None;
            let mut keys: Vec<(String, &str)> = routes
                .iter()
                .map(|r| (normalize(r).into_owned(), r))
                .collect();
            keys.sort();
            for (key, route) in &keys {
                let longer = key.chars().count().max(wanted.chars().count()).max(1);
                let score = 1.0 - strsim::levenshtein(&wanted, key) as f64 / longer as f64;
                if score >= 0.7 && best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, route));
                }
            }
            best.map(|(_, r)| r.to_owned())
        };
        let mut rng = fastrand::Rng::with_seed(7);
        let pieces = [
            "post", "guide", "café", "a", "ab", "news", "x-y", "2024", "page", "Ü",
        ];
        let word = |rng: &mut fastrand::Rng| {
            let mut w = String::from("/blog/");
            for _ in 0..1 + rng.usize(..3) {
                w.push_str(pieces[rng.usize(..pieces.len())]);
                for _ in 0..rng.usize(..4) {
                    w.push(rng.lowercase());
                }
                w.push(['-', '/', '.'][rng.usize(..3)]);
            }
            w
        };
        let routes: Routes = (0..300).map(|_| word(&mut rng)).collect();
        let mut suggested = 0;
        for _ in 0..300 {
            let path = word(&mut rng);
            let found = routes.closest(&path).map(str::to_owned);
            assert_eq!(found, naive(&routes, &path), "{path}");
            suggested += usize::from(found.is_some());
        }
        // Both outcomes are exercised.
        assert!((30..270).contains(&suggested), "{suggested}");
    }

    #[test]
    fn page_count_is_at_least_one() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        assert_eq!(page_count(5, 0), 5);
    }
}
