//! The [`Renderer`]: one minijinja environment holding every template, built
//! once and shared by reference across threads.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use minijinja::value::{Enumerator, Object, Serde, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, State, UndefinedBehavior};
use quire_diagnostics::Diagnostic;
use serde::Serialize;

use crate::context::{ListingView, NotFoundView, PageView, PostSummary, PostView, SiteView};
use crate::filters;
use crate::scan;
use crate::values::{CardObject, ListingObject, PostObject, SiteObject};

/// Renders pages through a theme. Build it once with [`Renderer::new`], then
/// call the `render_*` methods from as many threads as you like.
pub struct Renderer {
    env: Environment<'static>,
    /// Template name → the file it was loaded from, for diagnostics.
    files: BTreeMap<String, PathBuf>,
    /// Folders searched, in priority order (site overrides first).
    searched: Vec<PathBuf>,
    /// The last `site` converted to a template value: every page of a
    /// build passes the same one, so it is converted once, not per page.
    /// With it, the generation under which cards are kept for this
    /// renderer and this site.
    site_value: RwLock<Option<(SiteView, Value, u64)>>,
}

/// Generations of (renderer, site view) pairs, unique in the process.
static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

/// The template a listing's cards are rendered with, once per post.
const CARD_TEMPLATE: &str = "partials/card.html";

// The whole point is sharing one environment across rayon threads.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Renderer>();
};

/// The template a page with this templateKey renders with: `blog-post` →
/// `post.html`, any other key `k` → `k.html`.
pub fn template_for_key(template_key: &str) -> String {
    match template_key {
        "blog-post" => "post.html".to_owned(),
        key => format!("{key}.html"),
    }
}

impl Renderer {
    /// Loads every file under `theme_templates_dir` (recursively; names are
    /// paths relative to it with `/`, e.g. `partials/meta.html`), then every
    /// file under `site_override_dir`, which replaces theme templates of the
    /// same name.
    ///
    /// Returns every problem at once: a missing theme folder
    /// (`render-theme-missing`), unreadable files and template syntax errors
    /// (`render-template`, with the file and line).
    pub fn new(
        theme_templates_dir: &Path,
        site_override_dir: Option<&Path>,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let mut env = Environment::new();
        configure(&mut env);
        env.add_function("site_partial", site_partial);
        env.add_function("nav_partial", nav_partial);
        let mut problems = Vec::new();
        if !theme_templates_dir.is_dir() {
            problems.push(
                Diagnostic::error(
                    "render-theme-missing",
                    display(theme_templates_dir),
                    0,
                    0,
                    format!("theme template folder `{}` does not exist", display(theme_templates_dir)),
                )
                .with_hint("check the `theme` setting in site.yaml and that the theme folder has a `templates/` folder"),
            );
            return Err(problems);
        }
        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let searched: Vec<PathBuf> = site_override_dir
            .into_iter()
            .chain(std::iter::once(theme_templates_dir))
            .map(Path::to_path_buf)
            .collect();
        // Theme first, then the site's folder, so site files replace theme files.
        for dir in std::iter::once(theme_templates_dir).chain(site_override_dir) {
            if !dir.is_dir() {
                continue;
            }
            let mut files = Vec::new();
            collect_files(dir, dir, &mut files, &mut problems);
            for (name, path) in files {
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        sources.insert(name, (path, text));
                    }
                    Err(e) => problems.push(Diagnostic::error(
                        "render-template",
                        display(&path),
                        0,
                        0,
                        format!("cannot read template: {e}"),
                    )),
                }
            }
        }
        let mut files = BTreeMap::new();
        for (name, (path, text)) in sources {
            if let Err(e) = env.add_template_owned(name.clone(), text) {
                problems.push(template_error(&e, &path, None));
            }
            files.insert(name, path);
        }
        if problems.is_empty() {
            let mut renderer = Renderer {
                env,
                files,
                searched,
                site_value: RwLock::new(None),
            };
            renderer.set_post_urls(BTreeMap::new());
            Ok(renderer)
        } else {
            Err(problems)
        }
    }

    /// Gives the `post_url(source)` function its table: post source path
    /// (`blog/x.md`) → route. Call before sharing the renderer.
    pub fn set_post_urls(&mut self, urls: BTreeMap<String, String>) {
        // Cards made before the table changed must not be reused.
        *self.site_value.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
        let urls = Arc::new(urls);
        self.env
            .add_function("post_url", move |source: &str| -> Result<String, Error> {
                urls.get(source).cloned().ok_or_else(|| {
                    filters::invalid(format!("`post_url`: no post has the source `{source}`"))
                })
            });
    }

    /// True when a template of this name was loaded.
    pub fn has_template(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Renders a post with `post.html` (variables `site`, `post`).
    pub fn render_post(&self, site: &SiteView, post: &PostView) -> Result<String, Diagnostic> {
        self.render_post_owned(site, post.clone())
    }

    /// [`render_post`](Self::render_post) for a view the caller is done
    /// with: the view goes to the templates as it is, not copied.
    pub fn render_post_owned(&self, site: &SiteView, post: PostView) -> Result<String, Diagnostic> {
        const TEMPLATE: &str = "post.html";
        let Some(path) = self.files.get(TEMPLATE) else {
            return Err(self.missing(TEMPLATE, Some("blog-post"), &post.source));
        };
        let (site_value, _) = self.site_value(site);
        let source = post.source.clone();
        let value = Value::from_object(PostObject::new(post));
        self.render_value(TEMPLATE, path, &source, site_value, "post", value)
    }

    /// Renders a listing with the template of its kind (`list.html`, or
    /// `home.html` for the home page). Variables `site`, `listing`.
    ///
    /// Each post of the listing is a [`PostCard`](crate::PostCard): when
    /// the templates have `partials/card.html`, a card not rendered yet is
    /// rendered with it, once, and templates read the HTML as the post's
    /// `card` field, beside the summary's fields. An error in a card is the
    /// error of every listing that shows the card.
    pub fn render_listing(
        &self,
        site: &SiteView,
        listing: &ListingView,
    ) -> Result<String, Diagnostic> {
        self.render_listing_owned(site, listing.clone())
    }

    /// [`render_listing`](Self::render_listing) for a view the caller is
    /// done with: the view goes to the templates as it is, not copied.
    pub fn render_listing_owned(
        &self,
        site: &SiteView,
        listing: ListingView,
    ) -> Result<String, Diagnostic> {
        let what = format!("the {} listing {}", listing.kind.as_str(), listing.route);
        let template = listing.kind.template_name();
        let Some(path) = self.files.get(template) else {
            return Err(self.missing(template, None, &what));
        };
        let (site_value, generation) = self.site_value(site);
        let mut posts = Vec::with_capacity(listing.posts.len());
        for card in &listing.posts {
            posts.push(card.value(generation, |s| self.make_card(&site_value, s))?);
        }
        let value = Value::from_object(ListingObject::new(listing, posts));
        self.render_value(template, path, &what, site_value, "listing", value)
    }

    /// The template value of a card: the summary's fields and, when the
    /// templates have `partials/card.html`, `card`, the card rendered with it.
    fn make_card(&self, site: &Value, summary: &Arc<PostSummary>) -> Result<Value, Diagnostic> {
        let fields = CardObject::new(Arc::clone(summary));
        let Some(path) = self.files.get(CARD_TEMPLATE) else {
            return Ok(Value::from_object(fields));
        };
        let what = format!("the card of {}", fields.url());
        let html = self.render_value(
            CARD_TEMPLATE,
            path,
            &what,
            site.clone(),
            "post",
            Value::from_object(fields.clone()),
        )?;
        Ok(Value::from_object(
            fields.with_card(Value::from_safe_string(html)),
        ))
    }

    /// Renders another page kind with the template named after its
    /// templateKey (see [`template_for_key`]). Variables `site`, `page`.
    pub fn render_page(&self, site: &SiteView, page: &PageView) -> Result<String, Diagnostic> {
        let name = template_for_key(&page.template_key);
        self.render(
            &name,
            Some(&page.template_key),
            &page.source,
            site,
            Cow::Borrowed("page"),
            page,
        )
    }

    /// Renders the 404 page with `404.html` (variables `site`, `not_found`).
    pub fn render_404(
        &self,
        site: &SiteView,
        not_found: &NotFoundView,
    ) -> Result<String, Diagnostic> {
        self.render(
            "404.html",
            None,
            "the 404 page",
            site,
            Cow::Borrowed("not_found"),
            not_found,
        )
    }

    /// Renders any template by name with `site` plus one more variable
    /// `name = value`; `what` names the thing rendered in diagnostics (a
    /// source path, or a description such as `the RSS feed`).
    pub fn render_template<T: Serialize>(
        &self,
        template: &str,
        what: &str,
        site: &SiteView,
        name: &str,
        value: &T,
    ) -> Result<String, Diagnostic> {
        self.render(
            template,
            None,
            what,
            site,
            Cow::Owned(name.to_owned()),
            value,
        )
    }

    fn render<T: Serialize>(
        &self,
        template: &str,
        template_key: Option<&str>,
        what: &str,
        site: &SiteView,
        name: Cow<'static, str>,
        value: &T,
    ) -> Result<String, Diagnostic> {
        let Some(path) = self.files.get(template) else {
            return Err(self.missing(template, template_key, what));
        };
        let (site_value, _) = self.site_value(site);
        self.render_value(
            template,
            path,
            what,
            site_value,
            name,
            Value::from(Serde(value)),
        )
    }

    /// Renders `template` (loaded from `path`) with `site` and `name = value`.
    fn render_value(
        &self,
        template: &str,
        path: &Path,
        what: &str,
        site: Value,
        name: impl Into<Cow<'static, str>>,
        value: Value,
    ) -> Result<String, Diagnostic> {
        let tmpl = self
            .env
            .get_template(template)
            .map_err(|e| template_error(&e, path, Some(what)))?;
        let vars = Vars {
            site,
            name: name.into(),
            value,
        };
        tmpl.render(Value::from_object(vars)).map_err(|e| {
            let file = e.name().and_then(|n| self.files.get(n)).map_or(path, |p| p);
            template_error(&e, file, Some(what))
        })
    }

    /// `site` as a template value, and the generation cards made for this
    /// renderer and this site are kept under.
    fn site_value(&self, site: &SiteView) -> (Value, u64) {
        // Every page of a build reads the same site: pages only read the
        // cache, so that threads do not wait on each other for it.
        if let Some((cached, value, generation)) =
            &*self.site_value.read().unwrap_or_else(|e| e.into_inner())
        {
            if cached == site {
                return (value.clone(), *generation);
            }
        }
        let mut cache = self.site_value.write().unwrap_or_else(|e| e.into_inner());
        match &*cache {
            Some((cached, value, generation)) if cached == site => (value.clone(), *generation),
            _ => {
                let generation = NEXT_GENERATION.fetch_add(1, Ordering::Relaxed);
                let value = Value::from_object(SiteObject::new(site.clone()));
                *cache = Some((site.clone(), value.clone(), generation));
                (value, generation)
            }
        }
    }

    fn missing(&self, template: &str, template_key: Option<&str>, what: &str) -> Diagnostic {
        let folders = self
            .searched
            .iter()
            .map(|p| format!("`{}`", display(p)))
            .collect::<Vec<_>>()
            .join(", ");
        let subject = match template_key {
            Some(key) => format!("templateKey `{key}` needs the template `{template}`"),
            None => format!("the template `{template}` is needed"),
        };
        Diagnostic::error(
            "render-missing-template",
            what,
            0,
            0,
            format!("{subject}, which is in none of the folders searched: {folders}"),
        )
        .with_hint(format!(
            "add `{template}` to the site's `templates/` folder or to the theme"
        ))
    }
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("templates", &self.files.keys().collect::<Vec<_>>())
            .field("searched", &self.searched)
            .finish()
    }
}

/// The variables of a page: `site` and one more. Looked up by name without
/// making a key value, as a map converted from Rust would for every lookup.
#[derive(Debug)]
struct Vars {
    site: Value,
    name: Cow<'static, str>,
    value: Value,
}

impl Object for Vars {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        if key == self.name {
            Some(self.value.clone())
        } else if key == "site" {
            Some(self.site.clone())
        } else {
            None
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let mut keys = vec![Value::from(&*self.name)];
        if self.name != "site" {
            keys.push(Value::from("site"));
        }
        Enumerator::Values(keys)
    }
}

/// `site_partial(name)`: the partial `name` rendered with `site` alone,
/// once per renderer and site (the site's value keeps it); later calls
/// return the same HTML.
fn site_partial(state: &State<'_, '_>, name: &str) -> Result<Value, Error> {
    let site = site_object(state, "site_partial")?;
    site.downcast_object_ref::<SiteObject>()
        .expect("checked")
        .partial(name, || {
            let html = state
                .env()
                .get_template(name)?
                .render(minijinja::context! { site => site.clone() })?;
            Ok(Value::from_safe_string(html))
        })
}

/// `nav_partial(name, route, section)`: the partial `name` rendered with
/// `site` and `current`, which gives each link of `site.nav`, in order, its
/// `aria-current` value: `"page"` when its URL is `route`, else `"true"`
/// when it is not `/` and `section` starts with it, else `""`. Rendered
/// once per renderer, site and value of `current` (a handful per build:
/// most pages are under one link or none), then reused.
fn nav_partial(
    state: &State<'_, '_>,
    name: &str,
    route: &str,
    section: &str,
) -> Result<Value, Error> {
    let site = site_object(state, "nav_partial")?;
    let site_object = site.downcast_object_ref::<SiteObject>().expect("checked");
    let nav = &site_object.view().nav;
    // The key: the name, a NUL (no template name has one), then a letter
    // per link.
    let mut key = String::with_capacity(name.len() + 1 + nav.len());
    key.push_str(name);
    key.push('\0');
    for link in nav {
        key.push(if link.url == route {
            'p'
        } else if link.url != "/" && section.starts_with(link.url.as_str()) {
            't'
        } else {
            '-'
        });
    }
    site_object.partial(&key, || {
        let current: Vec<Value> = key[name.len() + 1..]
            .bytes()
            .map(|state| {
                Value::from(match state {
                    b'p' => "page",
                    b't' => "true",
                    _ => "",
                })
            })
            .collect();
        let html = state
            .env()
            .get_template(name)?
            .render(minijinja::context! { site => site.clone(), current => current })?;
        Ok(Value::from_safe_string(html))
    })
}

/// The page's `site`, when it is the one the renderer gives every page
/// (what `function` needs).
fn site_object(state: &State<'_, '_>, function: &str) -> Result<Value, Error> {
    let site = state.lookup("site").unwrap_or_default();
    if site.downcast_object_ref::<SiteObject>().is_some() {
        Ok(site)
    } else {
        Err(filters::invalid(format!(
            "`{function}` needs the `site` the renderer gives every page"
        )))
    }
}

pub(crate) fn configure(env: &mut Environment<'static>) {
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| match name.rsplit('.').next() {
        Some("html" | "htm" | "xml" | "svg") => AutoEscape::Html,
        Some("json") => AutoEscape::Json,
        _ => AutoEscape::None,
    });
    env.set_formatter(format_value);
    let mut syntax = minijinja::syntax::SyntaxConfig::builder();
    syntax.trim_blocks(true).lstrip_blocks(true);
    env.set_syntax(syntax.build().expect("default delimiters are valid"));
    env.set_debug(true);

    env.add_filter("date", |v: &str, fmt: Option<&str>| filters::date(v, fmt));
    env.add_filter("absolute_url", |s: &State<'_, '_>, v: &str| {
        filters::absolute_url(s, v)
    });
    env.add_filter("slugify", |v: &str| quire_markdown::slugify(v));
    env.add_filter(
        "truncate",
        |v: &str, n: Option<usize>, end: Option<&str>| filters::truncate(v, n, end),
    );
    env.add_filter("json", |v: &Value| filters::json(v));
    env.add_filter("json_ld", crate::json_ld::json_ld);
    env.add_filter("page_title", filters::page_title);
    env.add_filter("safe_url", |v: Option<&str>| {
        v.map(filters::safe_url).unwrap_or_default()
    });
    env.add_filter("twitter_handle", |v: &str| filters::twitter_handle(v));
    env.add_filter("strip_ids", |v: &str| {
        Value::from_safe_string(filters::strip_ids(v))
    });
    env.add_test("safe_url", |v: Option<&str>| {
        v.is_some_and(filters::is_safe_url)
    });
    env.add_function("category_url", |label: &str| {
        quire_links::category_route(label)
    });
    env.add_function("author_url", |name: &str| quire_links::author_route(name));
}

/// The bytes [`write_html_escaped`] escapes.
static HTML_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

/// Escapes `&`, `<`, `>`, `"` and `'` in HTML output and nothing else, so
/// URLs stay readable (the stock escaper also rewrites `/`).
fn format_value(
    out: &mut minijinja::Output<'_>,
    state: &mut State<'_, '_>,
    value: &Value,
) -> Result<(), Error> {
    if matches!(state.auto_escape(), AutoEscape::Html) && !value.is_safe() && !value.is_none() {
        let text = match value.as_str() {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => {
                // Counts (heading levels, minutes, page numbers): their
                // digits, without going through `Display` into a String.
                if let Some(n) = value.as_usize().filter(|_| value.is_integer()) {
                    return write_digits(out, n)
                        .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()));
                }
                std::borrow::Cow::Owned(value.to_string())
            }
        };
        if value.is_undefined() {
            return Ok(());
        }
        return write_html_escaped(out, &text)
            .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()));
    }
    minijinja::escape_formatter(out, state, value)
}

/// Writes `n` in decimal.
fn write_digits(out: &mut minijinja::Output<'_>, mut n: usize) -> std::fmt::Result {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.write_str(std::str::from_utf8(&digits[start..]).expect("ASCII digits"))
}

/// The index of the first byte at or after `from` that [`HTML_SPECIAL`]
/// marks. The bytes escaped are `"` (0x22), `&` and `'` (0x26, 0x27, which
/// `| 0x01` makes 0x27) and `<` and `>` (0x3C, 0x3E, which `| 0x02` makes
/// 0x3E): three word tests find them all.
fn next_html_special(bytes: &[u8], from: usize) -> Option<usize> {
    scan::next_special(
        bytes,
        from,
        |w| {
            scan::has_byte(w, b'"')
                || scan::has_byte(w | scan::ONES, b'\'')
                || scan::has_byte(w | (scan::ONES * 0x02), b'>')
        },
        |b| HTML_SPECIAL[usize::from(b)],
    )
}

/// Writes `text` with `&`, `<`, `>`, `"` and `'` escaped, copying the runs
/// between them as they are: most values have nothing to escape.
fn write_html_escaped(out: &mut minijinja::Output<'_>, text: &str) -> std::fmt::Result {
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(i) = next_html_special(bytes, start) {
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        out.write_str(&text[start..i])?;
        out.write_str(entity)?;
        start = i + 1;
    }
    out.write_str(&text[start..])
}

fn collect_files(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf)>,
    problems: &mut Vec<Diagnostic>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Diagnostic::error(
                "render-template",
                display(dir),
                0,
                0,
                format!("cannot read template folder: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if file_name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect_files(root, &path, out, problems);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, path));
        }
    }
}

/// A path as diagnostics print it: `/` separators.
fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A `render-template` diagnostic for a minijinja error in `file`, naming the
/// thing being rendered when there is one.
fn template_error(e: &Error, file: &Path, what: Option<&str>) -> Diagnostic {
    let line = e.line().unwrap_or(0) as u32;
    let column = match (e.template_source(), e.range()) {
        (Some(src), Some(range)) => {
            let before = &src[..range.start.min(src.len())];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            before[line_start..].chars().count() as u32 + 1
        }
        _ => 0,
    };
    let mut what_went_wrong = kind_text(e.kind()).to_owned();
    if let Some(detail) = e.detail() {
        what_went_wrong = format!("{what_went_wrong}: {detail}");
    }
    let message = match what {
        Some(w) => format!("{what_went_wrong} (while rendering {})", quote_source(w)),
        None => what_went_wrong,
    };
    let hint = match e.kind() {
        ErrorKind::UndefinedError => {
            "the template reads a variable or field that does not exist; check its spelling against the view structs of quire-render"
        }
        ErrorKind::SyntaxError => "fix the template syntax at this line",
        _ => "fix the template, or the content value it was given",
    };
    Diagnostic::error("render-template", display(file), line, column, message).with_hint(hint)
}

/// Source paths are quoted with backticks; descriptions are not.
fn quote_source(what: &str) -> String {
    if what.ends_with(".md") || what.ends_with(".markdown") {
        format!("`{what}`")
    } else {
        what.to_owned()
    }
}

fn kind_text(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::UndefinedError => "undefined value",
        ErrorKind::SyntaxError => "template syntax error",
        ErrorKind::TemplateNotFound => "template not found",
        ErrorKind::UnknownFilter => "unknown filter",
        ErrorKind::UnknownTest => "unknown test",
        ErrorKind::UnknownFunction => "unknown function",
        ErrorKind::InvalidOperation => "invalid operation",
        ErrorKind::MissingArgument => "missing argument",
        ErrorKind::TooManyArguments => "too many arguments",
        ErrorKind::BadEscape => "bad string escape",
        ErrorKind::BadSerialization => "value cannot be serialized",
        _ => "template error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_minijinja_writes_them() {
        let mut ours = Environment::new();
        configure(&mut ours);
        let plain = Environment::new();
        let numbers = [
            Value::from(0),
            Value::from(7u8),
            Value::from(10),
            Value::from(640usize),
            Value::from(u64::MAX),
            Value::from(-5),
            Value::from(i64::MIN),
            Value::from(2.0),
            Value::from(0.5),
            Value::from(u128::MAX),
            Value::from(-(1i128 << 100)),
            Value::from(true),
        ];
        for v in numbers {
            let render = |env: &Environment<'_>| {
                env.render_named_str(
                    "t.html",
                    "<{{ v }}>",
                    minijinja::context! { v => v.clone() },
                )
                .unwrap()
            };
            assert_eq!(render(&ours), render(&plain), "{v:?}");
        }
    }

    #[test]
    fn html_specials_are_found_wherever_they_are() {
        let naive = |bytes: &[u8], from: usize| {
            (from..bytes.len()).find(|&i| matches!(bytes[i], b'&' | b'<' | b'>' | b'"' | b'\''))
        };
        // Every byte value at every place of words and tails, over a
        // background of every other byte value.
        for background in 0..=255u8 {
            if naive(&[background], 0).is_some() {
                continue;
            }
            for b in 0..=255u8 {
                for len in [1, 7, 8, 9, 16, 19] {
                    for at in 0..len {
                        let mut bytes = vec![background; len];
                        bytes[at] = b;
                        for from in [0, 1, at] {
                            assert_eq!(
                                next_html_special(&bytes, from),
                                naive(&bytes, from),
                                "{bytes:?} from {from}"
                            );
                        }
                    }
                }
            }
        }
    }
}
