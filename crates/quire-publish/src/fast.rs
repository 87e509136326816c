//! The edit fast path: when the only inputs that changed since the last
//! build are a few posts, and nothing other pages show of those posts
//! changed (title, date, route, categories, summary, links, heading ids…),
//! only those posts' pages are rendered again, their search-index entries
//! are spliced in, and the feeds they are in are written again from the
//! cached feed data. Nothing else is read: not the other posts, not the
//! other pages.
//!
//! Whether "nothing other pages show changed" is decided by one hash per
//! post ([`meta_hash`]) of everything about it except its body text, taken
//! the same way by every build. When the hash differs, or anything else is
//! unusual (a post that had route problems, a file added or removed, a
//! template edited), the fast path declines and the full build runs; the
//! randomized tests check that both give the same bytes and diagnostics.
//!
//! Bookkeeping, all under `<out>/.quire/` and written by every published
//! build: `stat` (one stat hash per input file), `posts` (one line per
//! post: source, route, and the [`PostRecord`] as JSON), `context` (what
//! the site view is made of) and `feeds` (the [`FeedSet`]). A build removes
//! the cache before it rewrites any of them and writes the cache last, so
//! a mix of files from two builds is never trusted; `stat` and `context`
//! also carry the build's generation (its input fingerprint) as a check.
//!
//! A known gap: the content hashes of non-post inputs (settings, authors,
//! pages, templates) are taken after the build loaded them, so such a file
//! edited during a build, with the same bytes at hashing time as later, is
//! taken for unchanged by the next build. Posts have no such gap: they are
//! always parsed again when their stat changed.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Instant;

use quire_content::{Entry, Post, SiteSettings};
use quire_diagnostics::Diagnostic;
use quire_links::PageLinks;
use serde::{Deserialize, Serialize};

use crate::cache::{self, Cache, Fingerprint, StoredDiagnostic};
use crate::feeds::{self, FeedSet};
use crate::output::{Tier, Writer, ensure_marker, write_atomic};
use crate::search::{EntrySpan, SearchEntry};
use crate::views::{Neighbors, PostDoc, SiteInputs, category_label, post_view, site_view};
use crate::{Mode, Options, PublishError, Report};

const STAT: &str = ".quire/stat";
const ROUTES: &str = ".quire/routes";
const POSTS: &str = ".quire/posts";
/// Post records are spread over this many files, so an edit reads and
/// writes a small one rather than one line per post of the whole site.
const SHARDS: usize = 64;

/// The file holding a post's record.
fn shard_of(source: &str) -> usize {
    (xxhash_rust::xxh3::xxh3_64(source.as_bytes()) % SHARDS as u64) as usize
}

fn shard_path(dir: &Path, shard: usize) -> std::path::PathBuf {
    dir.join(POSTS).join(format!("{shard:02}"))
}

/// The posts part of the bookkeeping: `.quire/routes` (`source \t route`
/// per post) and the shards of `.quire/posts/` (`source \t record` per
/// post, the record empty when the post cannot take the fast path).
#[derive(Default)]
pub(crate) struct PostsBook {
    /// `None`: unchanged, kept.
    pub routes: Option<String>,
    /// The shards to write, by number.
    pub shards: BTreeMap<usize, String>,
}

impl PostsBook {
    /// The book of a full build: every shard, even empty ones, so none is
    /// left from an earlier build. `record(i)` is post `i`'s record. Each
    /// shard's records are made and serialized by one task, straight into
    /// the shard's text, in post order. `None` when a tab or line break in
    /// a source or route would break the lines (the fast path is then off).
    pub(crate) fn full(
        posts: &[Post],
        record: impl Fn(usize) -> Option<PostRecord> + Sync,
    ) -> Option<PostsBook> {
        use rayon::prelude::*;
        let bad = |s: &str| s.contains(['\t', '\n', '\r']);
        if posts.iter().any(|p| bad(&p.source) || bad(&p.route)) {
            return None;
        }
        let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); SHARDS];
        for (i, post) in posts.iter().enumerate() {
            by_shard[shard_of(&post.source)].push(i);
        }
        let (routes, shards) = rayon::join(
            || {
                let mut routes = String::new();
                for post in posts {
                    routes.push_str(&post.source);
                    routes.push('\t');
                    routes.push_str(&post.route);
                    routes.push('\n');
                }
                routes
            },
            || {
                by_shard
                    .into_par_iter()
                    .map(|members| {
                        let mut text = Vec::new();
                        for i in members {
                            write_record_line(&mut text, &posts[i].source, record(i).as_ref());
                        }
                        String::from_utf8(text).unwrap_or_default()
                    })
                    .enumerate()
                    .collect()
            },
        );
        Some(PostsBook {
            routes: Some(routes),
            shards,
        })
    }

    fn write(&self, dir: &Path) -> Result<(), PublishError> {
        if let Some(routes) = &self.routes {
            write_atomic(&dir.join(ROUTES), routes.as_bytes())?;
        }
        for (&n, text) in &self.shards {
            write_atomic(&shard_path(dir, n), text.as_bytes())?;
        }
        Ok(())
    }
}

/// A post's line in its shard: `source \t record`.
pub(crate) fn record_line(source: &str, record: Option<&PostRecord>) -> String {
    let mut line = Vec::new();
    write_record_line(&mut line, source, record);
    String::from_utf8(line).unwrap_or_default()
}

/// Appends a post's [`record_line`] to `out`.
fn write_record_line(out: &mut Vec<u8>, source: &str, record: Option<&PostRecord>) {
    out.extend_from_slice(source.as_bytes());
    out.push(b'\t');
    if let Some(record) = record {
        let start = out.len();
        if serde_json::to_writer(&mut *out, record).is_err() {
            // Written as the empty record, as `serde_json::to_string` failing was.
            out.truncate(start);
        }
    }
    out.push(b'\n');
}
const CONTEXT: &str = ".quire/context";
const FEEDS: &str = ".quire/feeds";
/// `key hash file` per page: the page's key and its hash as written.
pub(crate) const PAGES: &str = ".quire/pages";

/// More changed files than this go the full way: past a handful of posts
/// the full build's parallelism wins.
const MAX_CHANGED: usize = 64;

/// What the fast path needs to know of one post from the last build.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct PostRecord {
    /// [`meta_hash`] of the post as built.
    pub meta: String,
    /// Output file of its page.
    pub file: String,
    /// Whether the page rendered (else a render diagnostic stood for it).
    pub rendered: bool,
    pub neighbors: Neighbors,
    /// Position (line, column) of each link and removed URL, in the order
    /// of [`PageLinks`], as link diagnostics give them.
    pub anchors: Vec<(u32, u32)>,
    /// The post's diagnostics by the stage that made them.
    pub load: Vec<StoredDiagnostic>,
    pub links: Vec<StoredDiagnostic>,
    pub plan: Vec<StoredDiagnostic>,
    pub render: Vec<StoredDiagnostic>,
    /// Its entry in the search index, when it has one.
    pub search: Option<EntrySpan>,
    /// Whether some feed carries it.
    pub in_feed: bool,
}

/// The site-wide part of the bookkeeping.
#[derive(Serialize, Deserialize)]
pub(crate) struct Context {
    generation: String,
    site: SiteInputs,
}

/// Everything the next build's fast path reads, made by a build and written
/// with its cache.
pub(crate) struct Bookkeeping {
    /// The stat table.
    pub stat: String,
    /// `None` turns the fast path off for the next build.
    pub posts: Option<PostsBook>,
    pub site: SiteInputs,
    /// `None`: the feeds did not change; the file is kept, renewed.
    pub feeds: Option<FeedSet>,
    /// (file, key) of every page rendered or kept; `None`: unchanged. A
    /// page rewritten by the fast path keeps its old key, but its hash in
    /// the manifest changes, which is enough to make that key unusable.
    pub pages: Option<Vec<(String, String)>>,
}

impl Bookkeeping {
    /// Writes the bookkeeping files of generation `generation` into `dir`
    /// (the folder that becomes the output). The cache is removed first
    /// and written after these by the caller: a build killed in between
    /// leaves no cache, and the next build is a clean one.
    pub(crate) fn write(
        &self,
        dir: &Path,
        generation: &str,
        manifest: &crate::manifest::Manifest,
    ) -> Result<(), PublishError> {
        let cache = dir.join(cache::CACHE);
        if cache.exists() {
            std::fs::remove_file(&cache).map_err(PublishError::io("could not remove", &cache))?;
        }
        if let Some(pages) = &self.pages {
            let mut text = String::with_capacity(pages.len() * 100);
            for (file, key) in pages {
                if let Some(hash) = manifest.get(file) {
                    text.push_str(key);
                    text.push(' ');
                    text.push_str(hash);
                    text.push(' ');
                    text.push_str(file);
                    text.push('\n');
                }
            }
            write_atomic(&dir.join(PAGES), text.as_bytes())?;
        }
        let head = format!("quire {generation}\n");
        match &self.posts {
            Some(posts) => posts.write(dir)?,
            None => {
                let posts = dir.join(POSTS);
                if posts.exists() {
                    std::fs::remove_dir_all(&posts)
                        .map_err(PublishError::io("could not remove", &posts))?;
                }
            }
        }
        let mut stat = String::with_capacity(head.len() + self.stat.len());
        stat.push_str(&head);
        stat.push_str(&self.stat);
        write_atomic(&dir.join(STAT), stat.as_bytes())?;
        let context = Context {
            generation: generation.to_string(),
            site: self.site.clone(),
        };
        write_atomic(
            &dir.join(CONTEXT),
            serde_json::to_vec(&context).unwrap_or_default().as_slice(),
        )?;
        // Unchanged feeds stay as they are: the cache, removed before
        // and written after this, is what vouches for them.
        if let Some(set) = &self.feeds {
            write_atomic(
                &dir.join(FEEDS),
                &serde_json::to_vec(set).unwrap_or_default(),
            )?;
        }
        Ok(())
    }
}

/// The stat table of a build whose posts are `posts` (by source): posts
/// get no content hash (an edit is handled by the fast path itself), every
/// other input one, when small.
pub(crate) fn stat_table(
    fingerprint: &Fingerprint,
    options: &Options,
    posts: &std::collections::HashSet<&str>,
) -> String {
    fingerprint.table(|label, rel| {
        if label == crate::pipeline::CONTENT && posts.contains(rel) {
            return None;
        }
        cache::content_hash(&crate::pipeline::input_root(options, label)?.join(rel))
    })
}

/// The hash of everything about a post that a page other than its own, a
/// link check of another post, or a feed summary can show: the front matter
/// (the body already taken out), the summary, the reading time, and every
/// link, removed URL and fragment id without their positions. `None` for a
/// post with repeated reference definitions, whose diagnostics name lines.
pub(crate) fn meta_hash(
    post: &Post,
    summary: &str,
    reading_minutes: usize,
    links: &PageLinks,
) -> Option<String> {
    if !links.duplicate_definitions.is_empty() || !post.body.is_empty() {
        return None;
    }
    let mut h = crate::hash::Hasher::new();
    serde_json::to_writer(&mut h, post).ok()?;
    let mut field = |bytes: &[u8]| h.field(bytes);
    field(summary.as_bytes());
    field(&(reading_minutes as u64).to_le_bytes());
    for l in &links.links {
        field(l.url.as_bytes());
        field(l.text.as_bytes());
        field(format!("{:?} {:?}", l.source, l.reference).as_bytes());
    }
    field(b"ids");
    for id in &links.ids {
        field(id.as_bytes());
    }
    field(b"removed");
    for r in &links.removed_urls {
        field(r.url.as_bytes());
        field(format!("{:?}", r.source).as_bytes());
    }
    Some(h.finish_hex())
}

pub(crate) fn stored(ds: &[&Diagnostic]) -> Vec<StoredDiagnostic> {
    ds.iter().map(|d| StoredDiagnostic::from(*d)).collect()
}

/// One changed post, checked and ready to write.
struct Edit {
    source: String,
    post: Post,
    doc: PostDoc,
    record: PostRecord,
    load: Vec<Diagnostic>,
    links: Vec<Diagnostic>,
    anchors: Vec<(u32, u32)>,
}

/// Tries the fast path. `None` when it does not apply; nothing has been
/// written then. `Some` is the finished build.
pub(crate) fn try_edit(
    options: &Options,
    out: &Path,
    previous: &Cache,
    fingerprint: &Fingerprint,
    started: Instant,
) -> Option<Result<Report, PublishError>> {
    let generation = format!("quire {}\n", previous.inputs);
    let stat = std::fs::read_to_string(out.join(STAT)).ok()?;
    let old_table = stat.strip_prefix(&generation)?;
    let changed = fingerprint.changed_since(old_table)?;
    if changed.is_empty() || changed.len() > MAX_CHANGED {
        return None;
    }
    let new_table = cache::patch_table(old_table, &changed);
    let mut sources = Vec::with_capacity(changed.len());
    for c in &changed {
        match c.content {
            // Not a post: only a file whose bytes are the same may pass.
            Some(old) => {
                let root = crate::pipeline::input_root(options, c.label)?;
                if cache::content_hash(&root.join(c.rel))? != old {
                    return None;
                }
            }
            None if c.label == crate::pipeline::CONTENT => sources.push(c.rel.to_string()),
            None => return None,
        }
    }
    let diagnostics = previous.diagnostics();
    if diagnostics.iter().any(|d| d.code.starts_with("route-")) {
        // Route claims are settled across files; the full build does that.
        return None;
    }
    let context: Context = serde_json::from_slice(&std::fs::read(out.join(CONTEXT)).ok()?).ok()?;
    if context.generation != previous.inputs {
        return None;
    }

    // The shards holding the edited posts, and their records.
    let mut shards: BTreeMap<usize, String> = BTreeMap::new();
    for source in &sources {
        let n = shard_of(source);
        if let std::collections::btree_map::Entry::Vacant(slot) = shards.entry(n) {
            slot.insert(std::fs::read_to_string(shard_path(out, n)).ok()?);
        }
    }
    let mut records: HashMap<&str, PostRecord> = HashMap::new();
    for text in shards.values() {
        for line in text.lines() {
            let (source, json) = line.split_once('\t')?;
            if sources.iter().any(|s| s == source) {
                if json.is_empty() {
                    return None;
                }
                records.insert(source, serde_json::from_str(json).ok()?);
            }
        }
    }
    if records.len() != sources.len() {
        return None; // a changed file that is not a post of the last build
    }

    let settings = match std::fs::read(options.content.join("site.yaml")) {
        Ok(bytes) => quire_content::parse_settings("site.yaml", &bytes).0,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => SiteSettings::default(),
        Err(_) => return None,
    };
    let md_options = crate::pipeline::markdown_options(&settings);

    let t_markdown = Instant::now();
    let mut edits = Vec::with_capacity(sources.len());
    for source in &sources {
        let record = records.remove(source.as_str())?;
        if record.load.iter().any(|d| d.code == "fm-unknown-author") {
            return None; // that check needs every author file
        }
        let bytes = std::fs::read(options.content.join(source)).ok()?;
        let parsed = quire_content::parse_file(source, &bytes, &settings);
        let Some(Entry::Post(mut post)) = parsed.entry else {
            return None;
        };
        let body = std::mem::take(&mut post.body);
        let mut doc = quire_markdown::render(&body, &md_options);
        let links = PageLinks::take_from(&mut doc);
        if meta_hash(&post, &doc.summary, doc.reading_minutes, &links)? != record.meta {
            return None;
        }
        let new_anchors = links.positions(post.body_line);
        let link_diagnostics = remap(&record, &new_anchors)?;
        let doc = PostDoc::new(doc, !post.hidden);
        edits.push(Edit {
            source: source.clone(),
            post,
            doc,
            record,
            load: parsed.diagnostics,
            links: link_diagnostics,
            anchors: new_anchors,
        });
    }
    let t_markdown = t_markdown.elapsed();

    let templates = crate::pipeline::theme_templates(&options.themes, &settings);
    let overrides = options.content.join("templates");
    let mut renderer = quire_render::Renderer::new(
        &templates,
        overrides.is_dir().then_some(overrides.as_path()),
    )
    .ok()?;
    // The table of every post's route is only read when a template can
    // ask for it.
    if mentions(&[&templates, &overrides], "post_url") {
        let routes_text = std::fs::read_to_string(out.join(ROUTES)).ok()?;
        let mut routes: BTreeMap<String, String> = BTreeMap::new();
        for line in routes_text.lines() {
            let (source, route) = line.split_once('\t')?;
            routes.insert(source.to_string(), route.to_string());
        }
        renderer.set_post_urls(routes);
    }
    let manifest = crate::manifest::read(out)?;
    let index_path = out.join("search-index.json");
    // (offset, old length, new text, edit) of each entry to replace.
    let mut splices: Vec<(usize, usize, String, usize)> = Vec::new();
    let mut feed_set: Option<FeedSet> = if edits.iter().any(|e| e.record.in_feed) {
        Some(serde_json::from_slice(&std::fs::read(out.join(FEEDS)).ok()?).ok()?)
    } else {
        None
    };
    for (
        n,
        Edit {
            post, doc, record, ..
        },
    ) in edits.iter_mut().enumerate()
    {
        if let Some(span) = &record.search {
            let entry = SearchEntry {
                title: &post.title,
                url: &post.route,
                date: post.date.to_rfc3339(),
                categories: post
                    .categories
                    .iter()
                    .map(|c| category_label(&settings, c))
                    .collect(),
                summary: &doc.search_summary,
                words: &doc.search_words,
            };
            let text = crate::search::entry_json(&entry);
            // An index that is not the one the cache describes: full build.
            let at = crate::search::locate(&index_path, &post.title, &post.route, span)?;
            splices.push((at, span.len, text, n));
        }
        if let (Some(set), true) = (feed_set.as_mut(), record.in_feed) {
            set.items.get_mut(&post.source)?.html =
                crate::pipeline::feed_html(&settings, &doc.html(), &doc.summary);
        }
    }

    splices.sort_by_key(|s| s.0);
    if splices.windows(2).any(|w| w[0].0 + w[0].1 > w[1].0) {
        return None; // two posts claim one entry: not the index the cache describes
    }

    // Every check passed: from here on this is the build.
    Some(apply(
        options,
        out,
        previous,
        fingerprint,
        started,
        t_markdown,
        Applying {
            settings,
            site: context.site,
            renderer,
            manifest,
            splices,
            shards: &shards,
            stat: new_table,
            diagnostics,
        },
        edits,
        &mut feed_set,
    ))
}

/// Whether any file under `dirs` contains `word` (or cannot be read).
fn mentions(dirs: &[&Path], word: &str) -> bool {
    dirs.iter().any(|dir| {
        crate::pipeline::template_files(dir).any(|(_, bytes)| {
            bytes.is_none_or(|bytes| memchr::memmem::find(&bytes, word.as_bytes()).is_some())
        })
    })
}

/// The old link diagnostics of a post moved to where its links are now;
/// `None` when one cannot be placed.
fn remap(record: &PostRecord, new: &[(u32, u32)]) -> Option<Vec<Diagnostic>> {
    if record.anchors.len() != new.len() {
        return None;
    }
    record
        .links
        .iter()
        .map(|d| {
            let mut d = d.to_diagnostic();
            if d.code != "link-orphan" {
                let k = record
                    .anchors
                    .iter()
                    .position(|&a| a == (d.line, d.column))?;
                (d.line, d.column) = new[k];
            }
            Some(d)
        })
        .collect()
}

struct Applying<'a> {
    settings: SiteSettings,
    site: SiteInputs,
    renderer: quire_render::Renderer,
    manifest: crate::manifest::OldManifest,
    /// Search-index entries to replace: (offset, old length, new text, edit).
    splices: Vec<(usize, usize, String, usize)>,
    /// The record shards the edited posts are in, as read.
    shards: &'a BTreeMap<usize, String>,
    /// The stat table of this build.
    stat: String,
    diagnostics: Vec<Diagnostic>,
}

#[allow(
    clippy::too_many_arguments,
    reason = "the one call site hands over the checked state of try_edit"
)]
fn apply(
    options: &Options,
    out: &Path,
    previous: &Cache,
    fingerprint: &Fingerprint,
    started: Instant,
    t_markdown: std::time::Duration,
    state: Applying<'_>,
    mut edits: Vec<Edit>,
    feed_set: &mut Option<FeedSet>,
) -> Result<Report, PublishError> {
    let t_load = started.elapsed().saturating_sub(t_markdown);
    let t = Instant::now();
    let Applying {
        settings,
        site,
        renderer,
        manifest,
        splices,
        shards,
        stat,
        diagnostics: old_diagnostics,
    } = state;
    let view = site_view(&settings, &site);
    let writer = Writer::partial(out, manifest)?;
    let mut summary = previous.summary;
    let mut new_lines: HashMap<String, String> = HashMap::new();
    let mut diagnostics: Vec<Diagnostic> = old_diagnostics
        .into_iter()
        .filter(|d| !edits.iter().any(|e| e.source == d.file))
        .collect();
    if !splices.is_empty() {
        let parts: Vec<(usize, usize, &[u8])> = splices
            .iter()
            .map(|(at, len, text, _)| (*at, *len, text.as_bytes()))
            .collect();
        writer.write_spliced("search-index.json", &parts, Tier::Meta)?;
        // Where each new entry now starts.
        let mut shift: isize = 0;
        for (at, len, text, n) in &splices {
            let offset = (*at as isize + shift) as usize;
            shift += text.len() as isize - *len as isize;
            edits[*n].record.search = Some(crate::search::EntrySpan::of(offset, text));
        }
    }
    for edit in &mut edits {
        let Edit {
            post, doc, record, ..
        } = edit;
        let page = post_view(
            post,
            doc,
            doc.take_html(),
            &view,
            &site.authors,
            record.neighbors.clone(),
        );
        let rendered = match renderer.render_post_owned(&view, page) {
            Ok(html) => {
                writer.write(&record.file, html.as_bytes(), Tier::Page)?;
                record.render = Vec::new();
                true
            }
            Err(d) => {
                writer.remove(&record.file);
                record.render = vec![StoredDiagnostic::from(&d)];
                false
            }
        };
        match (record.rendered, rendered) {
            (true, false) => summary.posts -= 1,
            (false, true) => summary.posts += 1,
            _ => {}
        }
        record.rendered = rendered;
        record.anchors = std::mem::take(&mut edit.anchors);
        record.load = edit.load.iter().map(StoredDiagnostic::from).collect();
        record.links = edit.links.iter().map(StoredDiagnostic::from).collect();
        diagnostics.extend(edit.load.iter().cloned());
        diagnostics.extend(edit.links.iter().cloned());
        diagnostics.extend(record.plan.iter().map(StoredDiagnostic::to_diagnostic));
        diagnostics.extend(record.render.iter().map(StoredDiagnostic::to_diagnostic));
        new_lines.insert(post.source.clone(), record_line(&post.source, Some(record)));
    }
    if let Some(set) = feed_set.as_ref() {
        feeds::write_feed_set(set, &writer)?;
    }
    let t_render = t.elapsed();

    let t = Instant::now();
    quire_diagnostics::sort(&mut diagnostics);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let publish = !has_errors || options.allow_errors;
    let mut book = PostsBook::default();
    for (&n, text) in shards {
        let mut shard = String::with_capacity(text.len() + 1024);
        for line in text.split_inclusive('\n') {
            let source = line.split('\t').next().unwrap_or_default();
            shard.push_str(new_lines.get(source).map_or(line, String::as_str));
        }
        book.shards.insert(n, shard);
    }
    let generation = fingerprint.hash.clone();
    let write_time = writer.write_time();
    let bookkeeping = Bookkeeping {
        stat,
        posts: Some(book),
        site,
        feeds: feed_set.take(),
        pages: None,
    };
    let applied = writer.finish(publish, |dir, manifest| {
        ensure_marker(dir)?;
        bookkeeping.write(dir, &generation, manifest)?;
        crate::manifest::write(dir, manifest)?;
        let mut s = summary;
        s.files = manifest.len();
        Cache::new(generation.clone(), s, &diagnostics).write(dir)
    })?;
    summary.files = applied.written + applied.unchanged;
    let t_write = write_time + t.elapsed();
    let sources = crate::pipeline::read_sources(options, &diagnostics, BTreeMap::new());
    let rendered = edits.len();
    Ok(Report::finished(
        summary,
        Mode::Edit,
        rendered,
        publish,
        applied,
        diagnostics,
        sources,
        [
            t_load,
            t_markdown,
            std::time::Duration::ZERO,
            t_render.saturating_sub(write_time),
            t_write,
        ],
    ))
}
