//! The build: load, Markdown, links, render and write, in that order.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, FixedOffset, TimeZone as _, Utc};
use quire_content::Site;
use quire_diagnostics::Diagnostic;
use quire_links::{Checker, PageLinks};
use quire_markdown::Document;
use rayon::prelude::*;

use crate::cache::{self, Cache};
use crate::feeds::{self, Entry, FeedMeta};
use crate::output::{Tier, Writer, ensure_marker, recover};
use crate::paths::{absolute, route_to_file};
use crate::safety::check_output_folder;
use crate::search::SearchEntry;
use crate::sitemap::{SitemapUrl, robots, sitemaps};
use crate::views::{Jobs, PageJob, PostDoc, Views, category_label};
use crate::{Mode, Options, Progress, PublishError, Report, Stage, Summary, redirects};

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

    let roots: [(&str, &Path); 2] = [("content", &options.content), ("themes", &options.themes)];
    let (inputs, newest_input) = cache::fingerprint(&roots, &options_key(options));
    let previous = if options.clean {
        None
    } else {
        Cache::read(&out)
    };
    if let Some(prev) = &previous {
        // Racy-clean guard: an input written in the same clock tick as the
        // cache could have changed without changing its stat.
        let settled = cache::mtime_of(&out.join(cache::CACHE)).is_some_and(|m| newest_input < m);
        if prev.inputs == inputs && settled && out.join(cache::MANIFEST).is_file() {
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
                timings: vec![(Stage::Load, started.elapsed())],
            });
        }
    }
    let manifest = previous.as_ref().and_then(|_| cache::read_manifest(&out));

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
    let md_options = markdown_options(&loaded.site);
    let render = |body: &str| {
        let doc = quire_markdown::render(body, &md_options);
        progress.advance(1);
        doc
    };
    let (docs, post_links): (Vec<PostDoc>, Vec<PageLinks>) = loaded
        .site
        .posts
        .par_iter_mut()
        .map(|p| {
            let doc = render(&std::mem::take(&mut p.body));
            let links = PageLinks::from_document(&doc);
            (PostDoc::new(doc, !p.hidden), links)
        })
        .unzip();
    let page_docs: Vec<Document> = loaded
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
    let page_links: Vec<PageLinks> = page_docs.par_iter().map(PageLinks::from_document).collect();
    let links = Checker::new(site)
        .extra_routes(assets.theme_routes().iter().cloned())
        .check(&post_links, &page_links);
    drop((post_links, page_links));
    diagnostics.extend(links.diagnostics.iter().cloned());
    let t_links = t.elapsed();

    // Render and write.
    let t = Instant::now();
    let writer = match (&previous, manifest) {
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
    crate::views::write_static(&mut assets, &writer)?;
    let views = Views::new(site, &docs, &page_docs, &links, &assets);
    let mut jobs = Jobs::plan(&views, &mut diagnostics);
    // Feeds read post HTML, which the post pages take: copy it out first.
    let feed_plan = FeedPlan::new(&views);
    // Sitemap and search index first: the index's text is large and
    // transient, so it should not add to the pages rendering at once.
    write_meta(&views, &jobs.listing_routes, options, &writer)?;
    progress.start(Stage::Render, jobs.pages.len());
    // A theme that cannot load fails every page; it is reported as data.
    let renderer = views
        .renderer(&options.themes)
        .map_err(|ds| diagnostics.extend(ds));
    let mut summary = Summary::default();
    if let Ok(renderer) = &renderer {
        let results: Vec<Result<Option<Diagnostic>, PublishError>> = jobs
            .pages
            .par_iter()
            .map(|job| {
                let r = match views.render(renderer, job) {
                    Ok(html) => writer
                        .write(&job.file, html.as_bytes(), job.tier)
                        .map(|()| None),
                    Err(d) => Ok(Some(d)),
                };
                progress.advance(1);
                r
            })
            .collect();
        for (job, r) in jobs.pages.iter().zip(results) {
            match r? {
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
    summary.feeds = write_feeds(&views, &feed_plan, options, &writer)?;
    let t_render = t.elapsed();

    // Publish.
    let t = Instant::now();
    quire_diagnostics::sort(&mut diagnostics);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let publish = !has_errors || options.allow_errors;
    let write_time = writer.write_time();
    let applied = {
        let diagnostics = &diagnostics;
        let summary_cell = std::cell::Cell::new(summary);
        writer.finish(publish, |dir, manifest| {
            let mut s = summary_cell.get();
            s.files = manifest.len();
            summary_cell.set(s);
            ensure_marker(dir)?;
            cache::write_manifest(dir, manifest)?;
            Cache::new(inputs.clone(), s, diagnostics).write(dir)
        })?
    };
    summary.files = applied.written + applied.unchanged;
    let t_write = write_time + t.elapsed();

    let sources = read_sources(options, &diagnostics, std::mem::take(&mut loaded.sources));
    Ok(Report {
        summary,
        mode,
        published: publish,
        written: applied.written,
        unchanged: applied.unchanged,
        removed: applied.removed,
        diagnostics,
        sources,
        timings: vec![
            (Stage::Load, t_load),
            (Stage::Markdown, t_markdown),
            (Stage::Links, t_links),
            (Stage::Render, t_render.saturating_sub(write_time)),
            (Stage::Write, t_write),
        ],
    })
}

fn markdown_options(site: &Site) -> quire_markdown::Options {
    let mut o = quire_markdown::Options::default();
    o.raw_html = site.settings.raw_html;
    o.highlight_code = site.settings.highlight_code;
    o
}

/// Adds the text of every file named by a diagnostic, for snippets.
fn read_sources(
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

/// Which posts each feed holds, and their feed HTML (absolute links), each
/// computed once and shared by every feed the post is in.
struct FeedPlan {
    main: Vec<usize>,
    /// One list per category of `Views::categories`.
    categories: Vec<Vec<usize>>,
    html: BTreeMap<usize, String>,
}

impl FeedPlan {
    fn new(views: &Views<'_>) -> FeedPlan {
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
                            || (views.site.posts[*i].hidden
                                && views.in_category(*i, &category.route))
                    })
                    .take(settings.feed_items)
                    .collect()
            })
            .collect();
        let mut html: BTreeMap<usize, String> = BTreeMap::new();
        for &i in main.iter().chain(categories.iter().flatten()) {
            html.entry(i).or_insert_with(|| {
                let doc = &views.docs[i];
                if settings.feed_full_content {
                    feeds::absolutize(&doc.html(), &settings.base_url)
                } else {
                    feeds::absolutize(&doc.summary, &settings.base_url)
                }
            });
        }
        FeedPlan {
            main,
            categories,
            html,
        }
    }
}

/// Writes the site feeds and one RSS feed per category; returns how many.
fn write_feeds(
    views: &Views<'_>,
    plan: &FeedPlan,
    options: &Options,
    writer: &Writer,
) -> Result<usize, PublishError> {
    let settings = &views.site.settings;
    let base = &settings.base_url;
    let full = settings.feed_full_content;
    let (main_posts, category_posts, html) = (&plan.main, &plan.categories, &plan.html);
    let entry = |i: usize| {
        let post = &views.site.posts[i];
        Entry {
            title: &post.title,
            url: absolute(base, &post.route),
            date: post.date,
            author: post.author.as_deref(),
            categories: post
                .categories
                .iter()
                .map(|c| category_label(views.site, c))
                .collect(),
            content_html: &html[&i],
            full,
        }
    };
    let entries: Vec<Entry<'_>> = main_posts.iter().map(|&i| entry(i)).collect();
    let updated = feed_updated(options, entries.first().map(|e| e.date));
    let meta = |self_route: &str, home_route: &str| FeedMeta {
        title: &settings.title,
        description: &settings.description,
        language: &settings.language,
        home_url: absolute(base, home_route),
        self_url: absolute(base, self_route),
        updated,
    };
    writer.write(
        "rss.xml",
        feeds::rss(&meta("/rss.xml", "/"), &entries).as_bytes(),
        Tier::Meta,
    )?;
    writer.write(
        "atom.xml",
        feeds::atom(&meta("/atom.xml", "/"), &entries).as_bytes(),
        Tier::Meta,
    )?;
    writer.write(
        "feed.json",
        feeds::json_feed(&meta("/feed.json", "/"), &entries).as_bytes(),
        Tier::Meta,
    )?;
    let mut count = 3;
    for (category, in_feed) in views.categories.iter().zip(category_posts) {
        let entries: Vec<Entry<'_>> = in_feed.iter().map(|&i| entry(i)).collect();
        let self_route = format!("{}rss.xml", category.route);
        let title = format!("{} | {}", category.label, settings.title);
        let mut m = meta(&self_route, &category.route);
        m.title = &title;
        m.updated = feed_updated(options, entries.first().map(|e| e.date));
        let file = route_to_file(&self_route)?;
        writer.write(&file, feeds::rss(&m, &entries).as_bytes(), Tier::Meta)?;
        count += 1;
    }
    Ok(count)
}

/// Sitemap, robots.txt, search index and `_redirects`.
fn write_meta(
    views: &Views<'_>,
    listing_routes: &[(String, Option<DateTime<FixedOffset>>)],
    options: &Options,
    writer: &Writer,
) -> Result<(), PublishError> {
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
                    .map(|c| category_label(views.site, c))
                    .collect(),
                summary: &views.docs[i].search_summary,
                words: &views.docs[i].search_words,
            }
        })
        .collect();
    writer.write(
        "search-index.json",
        crate::search::index_json(&entries).as_bytes(),
        Tier::Meta,
    )?;
    let pairs = views.alias_pairs();
    writer.write(
        "_redirects",
        redirects::redirects_file(&pairs).as_bytes(),
        Tier::Meta,
    )?;
    Ok(())
}
