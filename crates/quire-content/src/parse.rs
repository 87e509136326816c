//! Parsing one file: front matter into a post, a page or an author.

use std::collections::BTreeSet;

use quire_diagnostics::{Diagnostic, Severity};
use serde_json::{Map, Value};

use crate::date::parse_date;
use crate::fields::{Fields, twitter_handle};
use crate::keys::{KeyIndex, Pos, scan_toml, scan_yaml};
use crate::model::{Author, Category, Data, Page, Post, Seo, SiteSettings};
use crate::route::{Target, classify, normalize};
use crate::split::{Format, Split, line_col, split};
use crate::value::{SyntaxError, parse_toml, parse_yaml};

/// Keys a post may carry.
const POST_KEYS: &[&str] = &[
    "templateKey",
    "title",
    "author",
    "date",
    "category",
    "hidePost",
    "seo",
    "image",
    "aliases",
];
/// Keys of the `seo:` block.
const SEO_KEYS: &[&str] = &["title", "description", "url", "twitterUsername"];
/// Keys of one `category:` item.
const CATEGORY_KEYS: &[&str] = &["label", "value", "id"];
/// Keys of an author file.
const AUTHOR_KEYS: &[&str] = &["templateKey", "name", "company", "bio", "twitter", "avatar"];

/// A parsed file: a post or another page kind.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "built once per file and moved into a Vec; boxing would only add noise for users"
)]
pub enum Entry {
    /// `templateKey: blog-post`.
    Post(Post),
    /// Any other templateKey.
    Page(Page),
}

impl Entry {
    fn body_mut(&mut self) -> &mut String {
        match self {
            Entry::Post(p) => &mut p.body,
            Entry::Page(p) => &mut p.body,
        }
    }
}

/// What [`parse_file`] found in one file.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Parsed {
    /// The post or page; `None` when skipped (a hard error, or no templateKey).
    pub entry: Option<Entry>,
    /// True when the file declares `templateKey: blog-post`, even if it
    /// had errors (as far as can be told from a broken file).
    pub is_post: bool,
    /// Every problem found, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// A URL claimed by an entry, checked for collisions across the site.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    pub route: String,
    /// Where the address is written (line 1 for a file-name route).
    pub pos: Pos,
    /// An alias (a redirect) rather than the page itself.
    pub alias: bool,
}

/// Parses one Markdown file of a content folder.
///
/// `rel_path` is the path relative to the content folder, `/`-separated; it
/// names the file in diagnostics and gives the fallback route. Category ids
/// are checked against `settings.categories` when some are declared.
///
/// ```
/// use quire_content::{parse_file, Entry, SiteSettings};
///
/// let text = "---\ntemplateKey: blog-post\ntitle: Hello\ndate: 2024-05-01T09:00:00Z\n---\nHi!\n";
/// let parsed = parse_file("blog/hello.md", text.as_bytes(), &SiteSettings::default());
/// assert!(parsed.diagnostics.is_empty());
/// let Some(Entry::Post(post)) = parsed.entry else { panic!("a post") };
/// assert_eq!((post.route.as_str(), post.body_line), ("/blog/hello/", 6));
/// ```
pub fn parse_file(rel_path: &str, bytes: &[u8], settings: &SiteSettings) -> Parsed {
    parse_entry(rel_path, bytes, settings, None).0
}

/// Decodes UTF-8, dropping a byte order mark; reports the first bad byte.
pub(crate) fn decode<'b>(file: &str, bytes: &'b [u8], code: &str) -> Result<&'b str, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
        let (line, column) = line_col(valid, valid.len());
        Diagnostic::error(
            code,
            file,
            line,
            column,
            format!(
                "the file is not valid UTF-8: byte 0x{:02X} cannot be read",
                bytes[e.valid_up_to()]
            ),
        )
        .with_hint("save the file as UTF-8")
    })
}

/// The text of a file as reports show it: UTF-8 (lossy), without BOM.
pub(crate) fn display_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

/// Front matter read into data, with key positions.
struct Front<'t> {
    split: Split<'t>,
    map: Map<String, Value>,
    keys: KeyIndex<'t>,
}

enum Read<'t> {
    Front(Front<'t>),
    /// No front matter at all.
    Bare,
    /// Reported; `template_key` is the scanner's guess, to count posts.
    Broken {
        template_key: Option<String>,
    },
}

fn read_front<'t>(file: &str, text: &'t str, out: &mut Vec<Diagnostic>) -> Read<'t> {
    let split = match split(text) {
        Ok(s) => s,
        Err(unclosed) => {
            let fence = unclosed.format.fence();
            out.push(
                Diagnostic::error(
                    "fm-unclosed",
                    file,
                    1,
                    1,
                    format!("front matter opened with `{fence}` is never closed"),
                )
                .with_hint(format!(
                    "add a line `{fence}` after the last front-matter line"
                )),
            );
            let rest = text.split_once('\n').map_or("", |(_, r)| r);
            let keys = match unclosed.format {
                Format::Yaml => scan_yaml(rest, 2),
                Format::Toml => scan_toml(rest, 2),
            };
            return Read::Broken {
                template_key: keys.raw("templateKey").map(str::to_owned),
            };
        }
    };
    let Some(format) = split.format else {
        return Read::Bare;
    };
    let (keys, parsed) = match format {
        Format::Yaml => (
            scan_yaml(split.front_matter, 2),
            parse_yaml(split.front_matter, 2),
        ),
        Format::Toml => (
            scan_toml(split.front_matter, 2),
            parse_toml(split.front_matter, 2),
        ),
    };
    let broken = || Read::Broken {
        template_key: keys.raw("templateKey").map(str::to_owned),
    };
    match parsed {
        Ok(Value::Object(map)) => Read::Front(Front { split, map, keys }),
        Ok(Value::Null) => Read::Front(Front {
            split,
            map: Map::new(),
            keys,
        }),
        Ok(other) => {
            out.push(
                Diagnostic::error(
                    "fm-type",
                    file,
                    2,
                    1,
                    format!(
                        "front matter must be a mapping of keys to values, found {}",
                        crate::fields::type_name(&other)
                    ),
                )
                .with_hint("write one `key: value` per line"),
            );
            broken()
        }
        Err(e) => {
            let d = match &e.duplicate_key {
                Some(key) => duplicate_key("fm-duplicate-key", file, &keys, &e, key),
                None => {
                    let code = if format == Format::Yaml {
                        "fm-yaml"
                    } else {
                        "fm-toml"
                    };
                    let lang = if format == Format::Yaml {
                        "YAML"
                    } else {
                        "TOML"
                    };
                    let message = format!(
                        "invalid {lang} front matter: {}",
                        lowercase_first(&e.message)
                    );
                    let hint = if format == Format::Yaml {
                        "quote values that contain `: `, `#` or start with a special character"
                    } else {
                        "check the TOML syntax of this line"
                    };
                    Diagnostic::error(code, file, e.line, e.column, message).with_hint(hint)
                }
            };
            out.push(d);
            broken()
        }
    }
}

/// A duplicate key, at its second occurrence when the scanner found it.
pub(crate) fn duplicate_key(
    code: &str,
    file: &str,
    keys: &KeyIndex<'_>,
    e: &SyntaxError,
    key: &str,
) -> Diagnostic {
    let pos = keys.duplicate(key).unwrap_or(Pos {
        line: e.line,
        column: e.column,
    });
    Diagnostic::error(
        code,
        file,
        pos.line,
        pos.column,
        format!("duplicate key `{key}`"),
    )
    .with_hint("keep one of the two; the parser will not guess which one wins")
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// Parses one file; `authors` holds the declared author names, if any.
/// Also returns the routes the entry claims.
pub(crate) fn parse_entry(
    file: &str,
    bytes: &[u8],
    settings: &SiteSettings,
    authors: Option<&BTreeSet<String>>,
) -> (Parsed, Vec<Claim>) {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return (empty_file(file), Vec::new());
    }
    let text = match decode(file, bytes, "fm-utf8") {
        Ok(t) => t,
        Err(d) => return (not_utf8(bytes, d), Vec::new()),
    };
    let (mut parsed, claims, body) = parse_text(file, text, settings, authors);
    if let Some(entry) = &mut parsed.entry {
        *entry.body_mut() = body.to_owned();
    }
    (parsed, claims)
}

fn empty_file(file: &str) -> Parsed {
    let d = Diagnostic::warning(
        "content-empty",
        file,
        0,
        0,
        "the file is empty; it is skipped",
    )
    .with_hint("delete it, or give it front matter with a `templateKey`");
    Parsed {
        entry: None,
        is_post: false,
        diagnostics: vec![d],
    }
}

fn not_utf8(bytes: &[u8], d: Diagnostic) -> Parsed {
    let lossy = display_text(bytes);
    let is_post = scan_yaml(&lossy, 1).raw("templateKey") == Some("blog-post");
    Parsed {
        entry: None,
        is_post,
        diagnostics: vec![d],
    }
}

/// Parses decoded text (without BOM). The entry comes back with an empty
/// body; the body is returned beside it, a suffix of `text`, for the
/// caller to copy or to cut out of its own buffer.
fn parse_text<'t>(
    file: &str,
    text: &'t str,
    settings: &SiteSettings,
    authors: Option<&BTreeSet<String>>,
) -> (Parsed, Vec<Claim>, &'t str) {
    let mut diagnostics = Vec::new();
    let done = |entry, is_post, diagnostics| {
        (
            Parsed {
                entry,
                is_post,
                diagnostics,
            },
            Vec::new(),
            "",
        )
    };
    let front = match read_front(file, text, &mut diagnostics) {
        Read::Front(f) => f,
        Read::Bare => {
            diagnostics.push(no_template_key(file, "the file has no front matter"));
            return done(None, false, diagnostics);
        }
        Read::Broken { template_key } => {
            let is_post = template_key.as_deref() == Some("blog-post");
            return done(None, is_post, diagnostics);
        }
    };
    let template_key = match front.map.get("templateKey") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.trim().to_owned()),
        Some(other) => {
            let mut f = Fields::new(file, &front.keys, "fm");
            f.wrong_type("templateKey", "text", other);
            diagnostics.extend(f.diagnostics);
            return done(None, false, diagnostics);
        }
    };
    let Some(template_key) = template_key else {
        diagnostics.push(no_template_key(
            file,
            "the front matter has no `templateKey`",
        ));
        return done(None, false, diagnostics);
    };
    let mut f = Fields::new(file, &front.keys, "fm");
    let is_post = template_key == "blog-post";
    let (entry, claims) = if is_post {
        match post(&mut f, &front, settings, authors) {
            Some((p, claims)) => (Some(Entry::Post(p)), claims),
            None => (None, Vec::new()),
        }
    } else {
        match page(&mut f, &front, settings, template_key) {
            Some((p, claim)) => (Some(Entry::Page(p)), vec![claim]),
            None => (None, Vec::new()),
        }
    };
    diagnostics.extend(f.diagnostics);
    quire_diagnostics::sort(&mut diagnostics);
    (
        Parsed {
            entry,
            is_post,
            diagnostics,
        },
        claims,
        front.split.body,
    )
}

fn no_template_key(file: &str, why: &str) -> Diagnostic {
    Diagnostic::info(
        "content-no-template-key",
        file,
        0,
        0,
        format!("{why}, so it is not published"),
    )
    .with_hint("add `templateKey: blog-post` to the front matter to publish it as a post")
}

/// The file name without `.md`.
fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.strip_suffix(".md").unwrap_or(name)
}

fn post(
    f: &mut Fields<'_>,
    front: &Front<'_>,
    settings: &SiteSettings,
    authors: Option<&BTreeSet<String>>,
) -> Option<(Post, Vec<Claim>)> {
    let map = &front.map;
    let keys = &front.keys;
    let mut extra = Data::new();
    for key in f.unknown_keys(map, POST_KEYS, "") {
        f.report(
            Severity::Info,
            "fm-extra-key",
            keys.key(&key),
            format!("unknown key `{key}` is kept as data"),
            Some("templates can read it as `post.extra`".into()),
        );
        extra.insert(key.clone(), map[&key].clone());
    }

    let title = match map.get("title") {
        None => {
            f.error(
                "fm-title",
                Pos { line: 1, column: 1 },
                "the post has no `title`".into(),
                "add `title: ...` to the front matter".to_owned(),
            );
            None
        }
        Some(Value::String(s)) if !s.trim().is_empty() => {
            if s.trim() != s {
                f.warning(
                    "fm-title-spaces",
                    keys.value("title"),
                    "the title has leading or trailing spaces; they were removed".into(),
                    format!("write `title: {}`", s.trim()),
                );
            }
            Some(s.trim().to_owned())
        }
        Some(Value::String(_) | Value::Null) => {
            f.error(
                "fm-title",
                keys.key("title"),
                "the title is empty".into(),
                "write the post's title after `title:`".to_owned(),
            );
            None
        }
        Some(other) => {
            f.wrong_type("title", "text", other);
            None
        }
    };

    let author = f.text(map, "author", "author").map(|a| a.trim().to_owned());
    if let (Some(a), Some(known)) = (&author, authors) {
        if !known.contains(a) {
            f.warning(
                "fm-unknown-author",
                keys.value("author"),
                format!("author `{a}` has no author file"),
                "add a file in `authors/` with this `name`, or fix the spelling".to_owned(),
            );
        }
    }

    let date = match map.get("date") {
        None | Some(Value::Null) => {
            let (pos, message) = match map.get("date") {
                None => (Pos { line: 1, column: 1 }, "the post has no `date`"),
                Some(_) => (keys.key("date"), "`date:` is empty"),
            };
            f.error(
                "fm-date",
                pos,
                message.into(),
                "add a date such as `date: 2024-05-01T09:00:00Z`".to_owned(),
            );
            None
        }
        Some(Value::String(s)) => match parse_date(s) {
            Some(d) => {
                if !d.fixes.is_empty() {
                    f.warning(
                        "fm-date-lenient",
                        keys.value("date"),
                        format!(
                            "date `{}` is not strict RFC 3339: {}",
                            s.trim(),
                            d.fixes.join("; ")
                        ),
                        format!("write `{}`", d.strict()),
                    );
                }
                Some(d.date)
            }
            None => {
                f.error(
                    "fm-date",
                    keys.value("date"),
                    format!("date `{s}` is not a date"),
                    "write an RFC 3339 date such as 2024-05-01T09:00:00Z".to_owned(),
                );
                None
            }
        },
        Some(other) => {
            f.error(
                "fm-date",
                keys.value("date"),
                format!("date `{other}` is not a date"),
                "write an RFC 3339 date such as 2024-05-01T09:00:00Z".to_owned(),
            );
            None
        }
    };

    let categories = categories(f, map, keys, settings);
    let hidden = f.boolean(map, "hidePost", "hidePost").unwrap_or(false);
    let image = f.text(map, "image", "image");
    let seo = seo(f, map, keys, &mut extra);
    let rules = RouteRules {
        noun: "post",
        slug_folder: "/blog/",
        fallback: ["/blog/", stem(f.file), "/"],
    };
    let route = route(f, seo.url.as_deref(), &rules, settings);
    let aliases = aliases(f, map, settings);

    if f.failed {
        return None;
    }
    let (route, route_pos) = route?;
    let mut claims = vec![Claim {
        route: route.clone(),
        pos: route_pos,
        alias: false,
    }];
    claims.extend(aliases.iter().map(|(a, pos)| Claim {
        route: a.clone(),
        pos: *pos,
        alias: true,
    }));
    let post = Post {
        source: f.file.to_owned(),
        template_key: "blog-post".into(),
        title: title?,
        author,
        date: date?,
        categories,
        hidden,
        seo,
        image,
        aliases: aliases.into_iter().map(|(a, _)| a).collect(),
        extra,
        body: String::new(),
        body_line: front.split.body_line,
        route,
        route_line: route_pos.line,
    };
    Some((post, claims))
}

fn categories(
    f: &mut Fields<'_>,
    map: &Map<String, Value>,
    keys: &KeyIndex<'_>,
    settings: &SiteSettings,
) -> Vec<Category> {
    let items = match map.get("category") {
        None => return Vec::new(),
        Some(Value::Null) => {
            f.warning(
                "fm-category-empty",
                keys.key("category"),
                "`category:` is empty; the post has no category".into(),
                "list categories under it, or remove the line".to_owned(),
            );
            return Vec::new();
        }
        Some(Value::Array(items)) => items,
        Some(other) => {
            f.wrong_type("category", "a list of `label`/`value` items", other);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("category.{i}");
        let Value::Object(item) = item else {
            f.wrong_type(&path, "a mapping with `label` and `value`", item);
            continue;
        };
        for key in f.unknown_keys(item, CATEGORY_KEYS, &path) {
            f.warning(
                "fm-extra-key",
                keys.key(&format!("{path}.{key}")),
                format!("unknown key `{path}.{key}` is ignored"),
                "a category item has only `label` and `value`".to_owned(),
            );
        }
        let value = f.text_in(item, &path, "value");
        let id = match value {
            Some(v) => Some(v),
            None => {
                let id = f.text_in(item, &path, "id");
                if let Some(id) = &id {
                    f.warning(
                        "fm-category-id",
                        keys.key(&format!("{path}.id")),
                        format!("category `{id}` is keyed `id`; read as `value`"),
                        "rename `id:` to `value:`".to_owned(),
                    );
                }
                id
            }
        };
        let Some(id) = id.map(|s| s.trim().to_owned()) else {
            f.error(
                "fm-type",
                keys.key(&path),
                format!("category item {} has no `value`", i + 1),
                "add `value: <category id>`".to_owned(),
            );
            continue;
        };
        let declared = settings.categories.iter().find(|c| c.id == id);
        if declared.is_none() && !settings.categories.is_empty() {
            let id_path = if item.contains_key("value") {
                "value"
            } else {
                "id"
            };
            f.warning(
                "fm-unknown-category",
                keys.value(&format!("{path}.{id_path}")),
                format!("category `{id}` is not declared in site.yaml"),
                "use one of the ids under `categories:` in site.yaml, or declare this one"
                    .to_owned(),
            );
        }
        let label = f.text_in(item, &path, "label").map(|s| s.trim().to_owned());
        let Some(label) = label.or_else(|| declared.map(|c| c.label.clone())) else {
            f.error(
                "fm-type",
                keys.key(&path),
                format!("category `{id}` has no `label`"),
                "add `label: <category name>`".to_owned(),
            );
            continue;
        };
        out.push(Category { id, label });
    }
    out
}

fn seo(f: &mut Fields<'_>, map: &Map<String, Value>, keys: &KeyIndex<'_>, extra: &mut Data) -> Seo {
    let seo = match map.get("seo") {
        None | Some(Value::Null) => return Seo::default(),
        Some(Value::Object(m)) => m,
        Some(other) => {
            f.wrong_type("seo", "a mapping", other);
            return Seo::default();
        }
    };
    for key in f.unknown_keys(seo, SEO_KEYS, "seo") {
        let path = format!("seo.{key}");
        f.report(
            Severity::Info,
            "fm-extra-key",
            keys.key(&path),
            format!("unknown key `{path}` is kept as data"),
            Some(format!("templates can read it as `post.extra[\"{path}\"]`")),
        );
        extra.insert(path, seo[&key].clone());
    }
    let twitter_username = f
        .text(seo, "twitterUsername", "seo.twitterUsername")
        .and_then(|raw| {
            let (handle, fixed) = twitter_handle(&raw);
            if let (Some(h), Some(fixed)) = (&handle, fixed) {
                f.warning(
                    "fm-twitter-handle",
                    keys.value("seo.twitterUsername"),
                    format!("twitter handle `{raw}` is not a plain handle: {fixed}"),
                    format!("write `twitterUsername: \"@{h}\"`"),
                );
            }
            handle
        });
    Seo {
        title: f.text(seo, "title", "seo.title"),
        description: f.text(seo, "description", "seo.description"),
        url: f.text(seo, "url", "seo.url").map(|u| u.trim().to_owned()),
        twitter_username,
    }
}

/// Where an entry is published when `seo.url` does not decide it.
struct RouteRules<'a> {
    /// `post` or `page`, for messages.
    noun: &'static str,
    /// Folder a bare slug goes into: `/blog/` for posts, `/` for pages.
    slug_folder: &'static str,
    /// The route from the file name, in pieces: most entries have a
    /// `seo.url` and never need it joined.
    fallback: [&'a str; 3],
}

impl RouteRules<'_> {
    fn fallback(&self) -> String {
        self.fallback.concat()
    }
}

/// The route of an entry and where it is decided; `None` on a hard error.
fn route(
    f: &mut Fields<'_>,
    url: Option<&str>,
    rules: &RouteRules<'_>,
    settings: &SiteSettings,
) -> Option<(String, Pos)> {
    let Some(url) = url else {
        return checked_route(f, &rules.fallback(), Pos { line: 1, column: 1 });
    };
    let pos = f.keys.value("seo.url");
    let noun = rules.noun;
    match classify(url, settings) {
        Target::Own(path) => checked_route(f, &path, pos),
        Target::Slug(slug) => {
            let path = if slug.contains('/') {
                format!("/{slug}")
            } else {
                format!("{}{slug}/", rules.slug_folder)
            };
            let route = checked_route(f, &path, pos)?;
            f.warning(
                "route-url-slug",
                pos,
                format!("`seo.url` `{url}` is not a URL or a root path; the {noun} is published at `{}`", route.0),
                format!("write `url: {}`", route.0),
            );
            Some(route)
        }
        Target::Foreign(host) => {
            let route = checked_route(f, &rules.fallback(), pos)?;
            f.warning(
                "route-url-foreign",
                pos,
                format!("`seo.url` points at another site (`{host}`); the {noun} is published at `{}`", route.0),
                "use a root path or a URL on the site's own domain, or add the host to `domains` in site.yaml".to_owned(),
            );
            Some(route)
        }
        Target::Escape(reason) => {
            route_escape(f, pos, url, &reason);
            None
        }
    }
}

fn checked_route(f: &mut Fields<'_>, path: &str, pos: Pos) -> Option<(String, Pos)> {
    match normalize(path) {
        Ok(route) => Some((route, pos)),
        Err(reason) => {
            route_escape(f, pos, path, &reason);
            None
        }
    }
}

fn route_escape(f: &mut Fields<'_>, pos: Pos, url: &str, reason: &str) {
    f.error(
        "route-escape",
        pos,
        format!("`{url}` cannot be a page address: {reason}"),
        "write a root path such as `/blog/my-post/`".to_owned(),
    );
}

/// The aliases of a post as routes, with where each is written.
fn aliases(
    f: &mut Fields<'_>,
    map: &Map<String, Value>,
    settings: &SiteSettings,
) -> Vec<(String, Pos)> {
    let Some(list) = f.text_list(map, "aliases", "aliases") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, alias) in list {
        let pos = f.keys.value(&format!("aliases.{i}"));
        let path = match classify(&alias, settings) {
            Target::Own(path) => path,
            Target::Slug(slug) if slug.contains('/') => format!("/{slug}"),
            Target::Slug(slug) => format!("/blog/{slug}/"),
            Target::Foreign(host) => {
                f.warning(
                    "route-alias-foreign",
                    pos,
                    format!("alias `{alias}` is on another site (`{host}`) and is ignored"),
                    "aliases are old addresses of this post on this site; write a root path"
                        .to_owned(),
                );
                continue;
            }
            Target::Escape(reason) => {
                route_escape(f, pos, &alias, &reason);
                continue;
            }
        };
        out.extend(checked_route(f, &path, pos));
    }
    out
}

fn page(
    f: &mut Fields<'_>,
    front: &Front<'_>,
    settings: &SiteSettings,
    template_key: String,
) -> Option<(Page, Claim)> {
    let map = &front.map;
    let title = f.text(map, "title", "title").map(|t| t.trim().to_owned());
    let without_md = f.file.strip_suffix(".md").unwrap_or(f.file);
    let file_route = without_md.strip_suffix("index").unwrap_or(without_md);
    let rules = RouteRules {
        noun: "page",
        slug_folder: "/",
        fallback: ["/", file_route, ""],
    };
    let url = match map.get("seo") {
        Some(Value::Object(seo)) => f.text(seo, "url", "seo.url"),
        _ => None,
    };
    let (route, pos) = route(f, url.as_deref(), &rules, settings)?;
    if f.failed {
        return None;
    }
    let claim = Claim {
        route: route.clone(),
        pos,
        alias: false,
    };
    let page = Page {
        source: f.file.to_owned(),
        template_key,
        title,
        data: map.clone().into_iter().collect(),
        body: String::new(),
        body_line: front.split.body_line,
        route,
    };
    Some((page, claim))
}

/// Parses an author file (`authors/*.md`).
pub(crate) fn parse_author(file: &str, bytes: &[u8]) -> (Option<Author>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let d = Diagnostic::warning(
            "content-empty",
            file,
            0,
            0,
            "the author file is empty; it is skipped",
        )
        .with_hint("give it front matter with a `name`, or delete it");
        return (None, vec![d]);
    }
    let text = match decode(file, bytes, "fm-utf8") {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let front = match read_front(file, text, &mut diagnostics) {
        Read::Front(f) => f,
        Read::Bare => {
            diagnostics.push(
                Diagnostic::error(
                    "fm-author-name",
                    file,
                    1,
                    1,
                    "the author file has no front matter",
                )
                .with_hint("start the file with `---`, `name: ...`, `---`"),
            );
            return (None, diagnostics);
        }
        Read::Broken { .. } => return (None, diagnostics),
    };
    let mut f = Fields::new(file, &front.keys, "fm");
    let map = &front.map;
    for key in f.unknown_keys(map, AUTHOR_KEYS, "") {
        f.report(
            Severity::Info,
            "fm-extra-key",
            front.keys.key(&key),
            format!("unknown key `{key}` in an author file is ignored"),
            Some("author files know `name`, `company`, `bio`, `twitter` and `avatar`".into()),
        );
    }
    let name = f.text(map, "name", "name").map(|n| n.trim().to_owned());
    if name.is_none() && !f.failed {
        f.error(
            "fm-author-name",
            Pos { line: 1, column: 1 },
            "the author file has no `name`".into(),
            "add `name: ...` as posts write it in `author:`".to_owned(),
        );
    }
    let twitter = f.text(map, "twitter", "twitter").and_then(|raw| {
        let (handle, fixed) = twitter_handle(&raw);
        if let (Some(h), Some(fixed)) = (&handle, fixed) {
            f.warning(
                "fm-twitter-handle",
                front.keys.value("twitter"),
                format!("twitter handle `{raw}` is not a plain handle: {fixed}"),
                format!("write `twitter: \"@{h}\"`"),
            );
        }
        handle
    });
    let body = front.split.body.trim();
    let author = Author {
        source: file.to_owned(),
        name: name.unwrap_or_default(),
        company: f.text(map, "company", "company"),
        bio: f
            .text(map, "bio", "bio")
            .or_else(|| (!body.is_empty()).then(|| body.to_owned())),
        twitter,
        avatar: f.text(map, "avatar", "avatar"),
    };
    let failed = f.failed;
    diagnostics.extend(f.diagnostics);
    quire_diagnostics::sort(&mut diagnostics);
    (if failed { None } else { Some(author) }, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_what_follows_the_front_matter() {
        let text = "\u{feff}---\r\ntemplateKey: blog-post\r\ntitle: Hi\r\ndate: 2020-01-02T00:00:00Z\r\n---\r\nBody\r\n";
        let (parsed, _) = parse_entry("blog/x.md", text.as_bytes(), &SiteSettings::default(), None);
        let Some(Entry::Post(post)) = parsed.entry else {
            panic!("a post: {:?}", parsed.diagnostics)
        };
        assert_eq!((post.body.as_str(), post.body_line), ("Body\r\n", 6));
        assert!(parsed.diagnostics.is_empty());
    }
}
