//! The build: load, Markdown, links, render and write, in that order.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, FixedOffset, TimeZone as _, Utc};
use quire_content::SiteSettings;
use quire_diagnostics::Diagnostic;
use quire_links::{Checker, PageLinks};
use quire_markdown::Document;
use rayon::prelude::*;

use crate::cache::{self, Cache};
use crate::fast;
use crate::feeds::{self, FeedFile, FeedItem, FeedKind, FeedSet};
use crate::output::{Tier, Writer, ensure_marker, recover};
use crate::paths::{absolute, route_to_file};
use crate::safety::check_output_folder;
use crate::search::SearchEntry;
use crate::sitemap::{SitemapUrl, robots, sitemaps};
use crate::views::{Jobs, PageJob, PostDoc, Views, category_label};
use crate::{Mode, Options, Progress, PublishError, Report, Stage, Summary, redirects};

/// Most posts or pages one rayon task takes. Without a bound, rayon cuts
/// a list into as many pieces as threads and splits a piece further only
/// when another thread steals from it, so a stage could end with one
/// thread working through hundreds of posts while the other waited (25 ms
/// of the Markdown stage at 10,000 posts).
const PER_TASK: usize = 16;

/// A post's meta hash (when it can take the edit fast path) and link positions.
type FastMeta = (Option<String>, Vec<(u32, u32)>);

/// Options that change the output without changing any input file.
fn options_key(options: &Options) -> String {
    format!(
        "epoch={:?};sitemap={}",
        options.source_date_epoch, options.sitemap_limit
    )
}

/// Builds the site described by `options` into `options.out`.
///
/// Content problems are diagnostics in the report, never an `Err`; `Err`
/// means the output folder was refused or a file could not be written (the
/// previous site then stays in place).
pub fn build(options: &Options, progress: &dyn Progress) -> Result<Report, PublishError> {
    let started = Instant::now();
    let out = check_output_folder(&options.out, &options.content)?;
    recover(&out)?;
    let out = check_output_folder(&options.out, &options.content)?;

    let fingerprint = cache::fingerprint(&input_roots(options), &options_key(options));
    let (inputs, newest_input) = (fingerprint.hash.clone(), fingerprint.newest);
    let previous = if options.clean {
        None
    } else {
        Cache::read(&out)
    };
    if let Some(prev) = &previous {
        // Racy-clean guard: an input written in the same clock tick as the
        // cache could have changed without changing its stat.
        let settled = cache::mtime_of(&out.join(cache::CACHE)).is_some_and(|m| newest_input < m);
        if prev.inputs == inputs && settled && out.join(crate::manifest::MANIFEST).is_file() {
            let diagnostics = prev.diagnostics();
            let sources = read_sources(options, &diagnostics, BTreeMap::new());
            return Ok(Report {
                summary: prev.summary,
                mode: Mode::Noop,
                published: true,
                written: 0,
                unchanged: prev.summary.files,
                removed: 0,
                diagnostics,
                sources,
                rendered: 0,
                timings: vec![(Stage::Load, started.elapsed())],
            });
        }
    }
    if let Some(prev) = &previous {
        if let Some(report) = crate::fast::try_edit(options, &out, prev, &fingerprint, started) {
            return report;
        }
    }
    let manifest = previous.as_ref().and_then(|_| crate::manifest::read(&out));

    // Load.
    progress.start(Stage::Load, 1);
    let mut loaded =
        quire_content::load(&options.content).map_err(|e| PublishError::Load(e.to_string()))?;
    let mut diagnostics = loaded.diagnostics.clone();
    let t_load = started.elapsed();

    // Markdown. Each post's body is dropped once rendered and its text once
    // reduced to search words: only the HTML waits for the render stage.
    let t = Instant::now();
    progress.start(
        Stage::Markdown,
        loaded.site.posts.len() + loaded.site.pages.len(),
    );
    let md_options = markdown_options(&loaded.site.settings);
    let render = |body: &str| {
        let doc = quire_markdown::render(body, &md_options);
        progress.advance(1);
        doc
    };
    // Each post's meta hash and link positions are what the next build's
    // edit fast path compares against.
    let rendered: Vec<(PostDoc, PageLinks, FastMeta)> = loaded
        .site
        .posts
        .par_iter_mut()
        .with_max_len(PER_TASK)
        .map(|p| {
            let mut doc = render(&std::mem::take(&mut p.body));
            let links = PageLinks::take_from(&mut doc);
            let meta = fast::meta_hash(p, &doc.summary, doc.reading_minutes, &links);
            let anchors = links.positions(p.body_line);
            (PostDoc::new(doc, !p.hidden), links, (meta, anchors))
        })
        .collect();
    let mut docs = Vec::with_capacity(rendered.len());
    let mut post_links = Vec::with_capacity(rendered.len());
    let mut metas = Vec::with_capacity(rendered.len());
    for (doc, links, meta) in rendered {
        docs.push(doc);
        post_links.push(links);
        metas.push(meta);
    }
    let mut page_docs: Vec<Document> = loaded
        .site
        .pages
        .par_iter()
        .map(|p| render(&p.body))
        .collect();
    let site = &loaded.site;
    let t_markdown = t.elapsed();

    // Links.
    let t = Instant::now();
    progress.start(Stage::Links, 1);
    let mut assets = crate::views::plan_static(site, &options.content, &options.themes)?;
    let page_links: Vec<PageLinks> = page_docs.par_iter_mut().map(PageLinks::take_from).collect();
    let checker = Checker::new(site).extra_routes(assets.theme_routes().iter().cloned());
    // The views and the page plan need nothing of the check but the
    // backlinks: one thread makes them while the others check links.
    let mut plan_diagnostics = Vec::new();
    let (links, (mut views, mut jobs)) = rayon::join(
        || checker.check(&post_links, &page_links),
        || {
            let views = Views::new(site, &docs, &page_docs, &assets);
            let jobs = Jobs::plan(&views, &mut plan_diagnostics);
            (views, jobs)
        },
    );
    views.set_backlinks(&links);
    // Freeing every link takes one thread about 10 ms at 10,000 posts: the
    // thread that writes the sitemap and feeds does it, not the main one
    // while the other waits.
    let link_garbage = (post_links, page_links);
    diagnostics.extend(links.diagnostics.iter().cloned());
    diagnostics.extend(plan_diagnostics.iter().cloned());
    // The links stage includes the views and the plan made beside the check.
    let t_links = t.elapsed();

    // Render and write.
    let t = Instant::now();
    let mut writer = match (&previous, manifest) {
        (Some(_), Some(manifest)) if out.join(crate::safety::MARKER).is_file() => {
            Writer::incremental(&out, manifest)?
        }
        _ => Writer::clean(&out)?,
    };
    let mode = if writer.is_clean() {
        Mode::Clean
    } else {
        Mode::Incremental
    };
    if !writer.is_clean() {
        // Only an in-place build orders new pages by their links.
        writer.set_links(links_between_files(&links));
    }
    crate::views::write_static(&mut assets, &writer)?;
    // Feeds read post HTML, which the post pages take: copy it out first.
    let feed_set = feed_set(&views, options);
    progress.start(Stage::Render, jobs.pages.len());
    // A theme that cannot load fails every page; it is reported as data.
    let renderer = views
        .renderer(&options.themes)
        .map_err(|ds| diagnostics.extend(ds));
    let mut summary = Summary::default();
    // Post index → (page file, render diagnostic), for the bookkeeping.
    let mut post_pages: HashMap<usize, (String, Option<Diagnostic>)> = HashMap::new();
    // Pages whose key is the same as last time are kept as they are.
    let key_base = page_key_base(options, &views);
    let old_keys = if writer.is_clean() {
        HashMap::new()
    } else {
        read_page_keys(&out)
    };
    let mut page_keys: Vec<(String, String)> = Vec::with_capacity(jobs.pages.len());
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    type Rendered = Result<(Option<Diagnostic>, Option<String>), PublishError>;
    // The sitemap, search index, feeds and stat table are one thread's
    // work: they are made while the pages render on the others, not
    // before or after them.
    let (meta, results) = rayon::join(
        || -> Result<_, PublishError> {
            let spans = write_meta(&views, &jobs.listing_routes, options, &writer)?;
            let feeds = feeds::write_feed_set(&feed_set, &writer)?;
            let sources = views.site.posts.iter().map(|p| p.source.as_str()).collect();
            let stat = fast::stat_table(&fingerprint, options, &sources);
            drop(link_garbage);
            Ok((spans, feeds, stat))
        },
        || -> Option<Vec<Rendered>> {
            let renderer = renderer.as_ref().ok()?;
            Some(
                jobs.pages
                    .par_iter()
                    .with_max_len(PER_TASK)
                    .map(|job| {
                        let mut view = views.view(job);
                        let key = view.key(&key_base);
                        let kept = old_keys.get(&job.file).is_some_and(|(old_key, hash)| {
                            *old_key == key && writer.keep(&job.file, hash, job.tier)
                        });
                        let r = if kept {
                            Ok((None, Some(key)))
                        } else {
                            rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            match view.render(renderer, &views.site_view) {
                                Ok(html) => writer
                                    .write(&job.file, html.as_bytes(), job.tier)
                                    .map(|()| (None, Some(key))),
                                Err(d) => Ok((Some(d), None)),
                            }
                        };
                        progress.advance(1);
                        r
                    })
                    .collect(),
            )
        },
    );
    let (search_spans, feed_count, stat) = meta?;
    if let Some(results) = results {
        for (job, r) in jobs.pages.iter().zip(results) {
            let (r, key) = r?;
            if let Some(key) = key {
                page_keys.push((job.file.clone(), key));
            }
            if let PageJob::Post(i) = job.kind {
                post_pages.insert(i, (job.file.clone(), r.clone()));
            }
            match r {
                Some(d) => diagnostics.push(d),
                None if matches!(job.kind, PageJob::Post(_)) => summary.posts += 1,
                None => summary.pages += 1,
            }
        }
    }
    summary.pages += jobs.redirects.len();
    for (file, html) in std::mem::take(&mut jobs.redirects) {
        writer.write(&file, html.as_bytes(), Tier::List)?;
    }
    summary.feeds = feed_count;
    let posts = posts_records(
        &views,
        &metas,
        &post_pages,
        &search_spans,
        &feed_set,
        [&loaded.diagnostics, &links.diagnostics, &plan_diagnostics],
    );
    let bookkeeping = fast::Bookkeeping {
        stat,
        posts,
        site: views.inputs.clone(),
        feeds: Some(feed_set),
        pages: Some(page_keys),
    };
    let t_render = t.elapsed();

    // Publish.
    let t = Instant::now();
    quire_diagnostics::sort(&mut diagnostics);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let publish = !has_errors || options.allow_errors;
    let write_time = writer.write_time();
    let loaded_sources = std::mem::take(&mut loaded.sources);
    drop((views, jobs));
    // Freeing the posts, their HTML and links takes one thread about 15 ms
    // at 10,000 posts: it overlaps the bookkeeping instead of following it.
    let garbage = (loaded, docs, page_docs, links);
    let ((), applied) = rayon::join(
        move || drop(garbage),
        || {
            let diagnostics = &diagnostics;
            let summary_cell = std::cell::Cell::new(summary);
            writer.finish(publish, |dir, manifest| {
                let mut s = summary_cell.get();
                s.files = manifest.len();
                summary_cell.set(s);
                ensure_marker(dir)?;
                bookkeeping.write(dir, &inputs, manifest)?;
                crate::manifest::write(dir, manifest)?;
                Cache::new(inputs.clone(), s, diagnostics).write(dir)
            })
        },
    );
    let applied = applied?;
    summary.files = applied.written + applied.unchanged;
    let t_write = write_time + t.elapsed();

    let sources = read_sources(options, &diagnostics, loaded_sources);
    Ok(Report::finished(
        summary,
        mode,
        rendered.load(std::sync::atomic::Ordering::Relaxed),
        publish,
        applied,
        diagnostics,
        sources,
        [
            t_load,
            t_markdown,
            t_links,
            t_render.saturating_sub(write_time),
            t_write,
        ],
    ))
}

pub(crate) fn markdown_options(settings: &SiteSettings) -> quire_markdown::Options {
    let mut o = quire_markdown::Options::default();
    o.raw_html = settings.raw_html;
    o.highlight_code = settings.highlight_code;
    o
}

/// The post records of a full build, for the next build's edit fast path:
/// every post that rendered a page and has a meta hash gets one. `stages`
/// holds the diagnostics of load, links and page planning.
fn posts_records(
    views: &Views<'_>,
    metas: &[FastMeta],
    pages: &HashMap<usize, (String, Option<Diagnostic>)>,
    search_spans: &[crate::search::EntrySpan],
    feed_set: &FeedSet,
    stages: [&[Diagnostic]; 3],
) -> Option<fast::PostsBook> {
    let [load, links, plan] = stages.map(|ds| {
        let mut by_file: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
        for d in ds {
            by_file.entry(d.file.as_str()).or_default().push(d);
        }
        by_file
    });
    let search: HashMap<usize, &crate::search::EntrySpan> =
        views.visible.iter().copied().zip(search_spans).collect();
    let posts = &views.site.posts;
    fast::PostsBook::full(posts, |i| {
        let post = &posts[i];
        let of = |by_file: &HashMap<&str, Vec<&Diagnostic>>| {
            fast::stored(by_file.get(post.source.as_str()).map_or(&[], Vec::as_slice))
        };
        match (&metas[i], pages.get(&i)) {
            ((Some(meta), anchors), Some((file, render))) => Some(fast::PostRecord {
                meta: meta.clone(),
                file: file.clone(),
                rendered: render.is_none(),
                neighbors: views.neighbors(i),
                anchors: anchors.clone(),
                load: of(&load),
                links: of(&links),
                plan: of(&plan),
                render: render.iter().map(cache::StoredDiagnostic::from).collect(),
                search: search.get(&i).map(|s| (*s).clone()),
                in_feed: feed_set.items.contains_key(&post.source),
            }),
            _ => None,
        }
    })
}

/// File → files it links to, from the link check's backlinks.
fn links_between_files(links: &quire_links::Report) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (target, sources) in &links.backlinks {
        let Ok(target) = route_to_file(target) else {
            continue;
        };
        for source in sources {
            if let Ok(source) = route_to_file(source) {
                out.entry(source).or_default().push(target.clone());
            }
        }
    }
    out
}

/// What every page's key starts from: the templates (theme and site
/// overrides, every file's path and bytes), the site view, and the post
/// URLs templates can look up.
fn page_key_base(options: &Options, views: &Views<'_>) -> crate::hash::Hasher {
    let mut h = crate::hash::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    let theme = theme_templates(&options.themes, &views.site.settings);
    let dirs = [Some(theme), views.site.templates_dir.clone()];
    for dir in dirs.iter().flatten() {
        h.update(dir.as_os_str().as_encoded_bytes());
        for (path, bytes) in template_files(dir) {
            h.update(b"\0file\0");
            h.update(path.as_os_str().as_encoded_bytes());
            h.update(b"\0");
            if let Some(bytes) = bytes {
                h.update(&bytes);
            }
        }
    }
    let _ = serde_json::to_writer(&mut h, &views.site_view);
    for post in &views.site.posts {
        h.update(b"\0url\0");
        h.update(post.source.as_bytes());
        h.update(b"\0");
        h.update(post.route.as_bytes());
    }
    h
}

/// The label that marks the content folder's files in the stat table.
pub(crate) const CONTENT: &str = "content";

/// The input folders the fingerprint covers, each with the label its
/// files carry in the stat table.
pub(crate) fn input_roots(options: &Options) -> [(&'static str, &Path); 2] {
    [(CONTENT, &options.content), ("themes", &options.themes)]
}

/// The folder of the files labelled `label` in the stat table.
pub(crate) fn input_root<'o>(options: &'o Options, label: &str) -> Option<&'o Path> {
    input_roots(options)
        .into_iter()
        .find_map(|(l, root)| (l == label).then_some(root))
}

/// The theme's template folder (a site's own `templates/` overrides it).
pub(crate) fn theme_templates(themes: &Path, settings: &SiteSettings) -> std::path::PathBuf {
    themes.join(&settings.theme).join("templates")
}

/// Every file under a template folder (links followed), sorted by name,
/// with its bytes (`None` when unreadable): what page keys hash and what
/// the edit fast path searches.
pub(crate) fn template_files(
    dir: &Path,
) -> impl Iterator<Item = (std::path::PathBuf, Option<Vec<u8>>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).ok();
            (e.into_path(), bytes)
        })
}

/// `.quire/pages` of the last build: file → (page key, hash of the file
/// as that build wrote it).
fn read_page_keys(out: &Path) -> HashMap<String, (String, String)> {
    let Ok(text) = std::fs::read_to_string(out.join(fast::PAGES)) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|l| {
            let (key, rest) = l.split_once(' ')?;
            let (hash, file) = rest.split_once(' ')?;
            Some((file.to_string(), (key.to_string(), hash.to_string())))
        })
        .collect()
}

/// Adds the text of every file named by a diagnostic, for snippets.
pub(crate) fn read_sources(
    options: &Options,
    diagnostics: &[Diagnostic],
    mut sources: BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    if !options.sources {
        return BTreeMap::new();
    }
    let content = &options.content;
    for d in diagnostics {
        if !d.file.is_empty() && !sources.contains_key(&d.file) {
            if let Ok(text) = std::fs::read_to_string(content.join(&d.file)) {
                sources.insert(d.file.clone(), text);
            }
        }
    }
    sources
}

/// The date feeds give as their own update time.
fn feed_updated(options: &Options, newest: Option<DateTime<FixedOffset>>) -> DateTime<FixedOffset> {
    if let Some(epoch) = options.source_date_epoch {
        if let Some(d) = Utc.timestamp_opt(epoch, 0).single() {
            return d.fixed_offset();
        }
    }
    newest.unwrap_or_else(|| DateTime::UNIX_EPOCH.fixed_offset())
}

/// Every feed of the build: the site's RSS, Atom and JSON feeds with the
/// newest posts, and one RSS feed per category. Each post's feed HTML
/// (absolute links) is made once and shared by every feed it is in.
fn feed_set(views: &Views<'_>, options: &Options) -> FeedSet {
    let settings = &views.site.settings;
    let main: Vec<usize> = views.feed_order().take(settings.feed_items).collect();
    let categories: Vec<Vec<usize>> = views
        .categories
        .iter()
        .map(|category| {
            let members: HashSet<usize> = category.posts.iter().copied().collect();
            views
                .feed_order()
                .filter(|i| {
                    members.contains(i)
                        || (views.site.posts[*i].hidden && views.in_category(*i, &category.route))
                })
                .take(settings.feed_items)
                .collect()
        })
        .collect();
    let base = &settings.base_url;
    let mut items = BTreeMap::new();
    for &i in main.iter().chain(categories.iter().flatten()) {
        let post = &views.site.posts[i];
        items.entry(post.source.clone()).or_insert_with(|| {
            let doc = &views.docs[i];
            FeedItem {
                title: post.title.clone(),
                url: absolute(base, &post.route),
                date: post.date,
                author: post.author.clone(),
                categories: post
                    .categories
                    .iter()
                    .map(|c| category_label(&views.site.settings, c).to_string())
                    .collect(),
                html: feed_html(settings, &doc.html(), &doc.summary),
            }
        });
    }
    let sources = |list: &[usize]| -> Vec<String> {
        list.iter()
            .map(|&i| views.site.posts[i].source.clone())
            .collect()
    };
    let newest =
        |list: &[usize]| feed_updated(options, list.first().map(|&i| views.site.posts[i].date));
    let mut feeds = Vec::new();
    for (kind, route) in [
        (FeedKind::Rss, "/rss.xml"),
        (FeedKind::Atom, "/atom.xml"),
        (FeedKind::Json, "/feed.json"),
    ] {
        feeds.push(FeedFile {
            kind,
            title: settings.title.clone(),
            self_route: route.into(),
            home_route: "/".into(),
            updated: newest(&main),
            posts: sources(&main),
        });
    }
    for (category, in_feed) in views.categories.iter().zip(&categories) {
        feeds.push(FeedFile {
            kind: FeedKind::Rss,
            title: format!("{} | {}", category.label, settings.title),
            self_route: format!("{}rss.xml", category.route),
            home_route: category.route.clone(),
            updated: newest(in_feed),
            posts: sources(in_feed),
        });
    }
    FeedSet {
        title: settings.title.clone(),
        description: settings.description.clone(),
        language: settings.language.clone(),
        base_url: settings.base_url.clone(),
        full: settings.feed_full_content,
        items,
        feeds,
    }
}

/// A post's HTML as feeds carry it: the body or the summary, per the
/// settings, with root-relative links made absolute.
pub(crate) fn feed_html(settings: &SiteSettings, html: &str, summary: &str) -> String {
    let shown = if settings.feed_full_content {
        html
    } else {
        summary
    };
    feeds::absolutize(shown, &settings.base_url)
}

/// Sitemap, robots.txt, search index and `_redirects`.
fn write_meta(
    views: &Views<'_>,
    listing_routes: &[(String, Option<DateTime<FixedOffset>>)],
    options: &Options,
    writer: &Writer,
) -> Result<Vec<crate::search::EntrySpan>, PublishError> {
    let settings = &views.site.settings;
    let base = settings.base_url.trim_end_matches('/');
    let mut urls: Vec<SitemapUrl> = views
        .sitemap_routes(listing_routes)
        .into_iter()
        .map(|(route, lastmod)| SitemapUrl {
            loc: absolute(base, &route),
            lastmod,
        })
        .collect();
    urls.sort_by(|a, b| a.loc.cmp(&b.loc));
    for (file, text) in sitemaps(base, &urls, options.sitemap_limit) {
        writer.write(&file, text.as_bytes(), Tier::Meta)?;
    }
    writer.write("robots.txt", robots(base).as_bytes(), Tier::Meta)?;

    let entries: Vec<SearchEntry<'_>> = views
        .visible
        .iter()
        .map(|&i| {
            let post = &views.site.posts[i];
            SearchEntry {
                title: &post.title,
                url: &post.route,
                date: post.date.to_rfc3339(),
                categories: post
                    .categories
                    .iter()
                    .map(|c| category_label(&views.site.settings, c))
                    .collect(),
                summary: &views.docs[i].search_summary,
                words: &views.docs[i].search_words,
            }
        })
        .collect();
    let (index, spans) = crate::search::index_json(&entries);
    writer.write("search-index.json", index.as_bytes(), Tier::Meta)?;
    let pairs = views.alias_pairs();
    writer.write(
        "_redirects",
        redirects::redirects_file(&pairs).as_bytes(),
        Tier::Meta,
    )?;
    Ok(spans)
}
