//! Rendering pages through the default theme: a post page and a listing
//! page of ten summaries, in the shape of the generated bench corpus. A
//! listing renders the cards it is the first to show (`listing_new_cards`)
//! and reuses the others (`listing_page`): a post shows on four to six
//! listing pages, so most listings are the second kind.
//!
//! `cargo bench -p quire-render --bench render`

use std::path::Path;

use divan::{Bencher, black_box, counter::BytesCount};
use quire_render::{
    AuthorView, FeedView, HeadingView, LinkView, ListingKind, ListingView, PaginationView,
    PostCard, PostSummary, PostView, Renderer, SiteView,
};

fn main() {
    divan::main();
}

fn renderer() -> Renderer {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default/templates");
    Renderer::new(&dir, None).expect("the default theme loads")
}

fn site() -> SiteView {
    let mut s = SiteView::default();
    s.title = "Quire Bench".into();
    s.description = "A generated blog for measuring Quire.".into();
    s.language = "en".into();
    s.base_url = "https://bench.quire.example".into();
    s.title_template = "%s | Blog".into();
    s.css_url = "/style.0123abcd.css".into();
    s.search_js_url = Some("/search.89ab.js".into());
    s.search_index_url = "/search-index.json".into();
    s.nav = vec![
        LinkView::new("Home", "/"),
        LinkView::new("Blog", "/blog/"),
        LinkView::new("About", "/about/"),
    ];
    s.feeds = vec![
        FeedView::new("RSS", "/rss.xml", "application/rss+xml"),
        FeedView::new("Atom", "/atom.xml", "application/atom+xml"),
        FeedView::new("JSON Feed", "/feed.json", "application/feed+json"),
    ];
    s
}

fn author() -> AuthorView {
    let mut a = AuthorView::new("Hana Sato", "/blog/author/hana-sato/");
    a.company = Some("Northwind Cloud".into());
    a.bio = Some("Hana Sato works on open infrastructure.".into());
    a.twitter = Some("hanasato".into());
    a
}

fn categories() -> Vec<LinkView> {
    vec![
        LinkView::new("Foundation News", "/blog/category/foundation-news/"),
        LinkView::new("Case Studies", "/blog/category/case-studies/"),
    ]
}

/// About 4.5 KB of body HTML, as the Markdown stage makes it.
fn body_html() -> String {
    let mut html = String::new();
    for section in 0..4 {
        html.push_str(&format!(
            "<h2 id=\"section-{section}\">Section {section}</h2>\n"
        ));
        for p in 0..3 {
            html.push_str(&format!(
                "<p>Alert over, certificate fast pipeline upgrade, gateway switch always rarely. \
                 See <a href=\"/blog/post-{p}/\">How Telecom Run Reliable Registries</a>. It is \
                 <strong>grows</strong> and <em>region</em> &amp; more.</p>\n"
            ));
        }
    }
    html
}

fn post() -> PostView {
    let mut p = PostView::default();
    p.source = "blog/10-lessons-from-lean-volumes.md".into();
    p.title = "10 Lessons from Lean Volumes".into();
    p.seo_title = Some("10 Lessons from Lean Volumes".into());
    p.description = Some("Brings node node community their grows host pipeline tests.".into());
    p.route = "/blog/10-lessons-from-lean-volumes/".into();
    p.permalink = "https://bench.quire.example/blog/10-lessons-from-lean-volumes/".into();
    p.date = "2016-12-31T00:51:58.181+00:00".into();
    p.author = Some(author());
    p.categories = categories();
    p.html = body_html();
    p.summary = "<p>Alert over, certificate fast pipeline upgrade.</p>".into();
    p.headings = (0..4)
        .map(|i| HeadingView::new(2, format!("section-{i}"), format!("Section {i}")))
        .collect();
    p.reading_minutes = 3;
    p.word_count = 640;
    p.twitter_creator = Some("hanasato".into());
    p.previous = Some(LinkView::new("Older post", "/blog/older/"));
    p.next = Some(LinkView::new("Newer post", "/blog/newer/"));
    p.backlinks = vec![LinkView::new("Roadmap 2026", "/blog/roadmap-2026/")];
    p
}

fn listing() -> ListingView {
    let mut v = ListingView::default();
    v.kind = ListingKind::Blog;
    v.title = "Blog".into();
    v.route = "/blog/page/2/".into();
    v.permalink = "https://bench.quire.example/blog/page/2/".into();
    v.posts = (0..10)
        .map(|i| {
            let mut s = PostSummary::default();
            s.title = format!("Post number {i}");
            s.url = format!("/blog/post-{i}/");
            s.date = "2016-12-31T00:51:58.181+00:00".into();
            s.author = Some(author());
            s.categories = categories();
            s.summary = "<p>Alert over, certificate <a href=\"/x/\">fast</a> pipeline.</p>".into();
            s.reading_minutes = 2;
            PostCard::new(s)
        })
        .collect();
    let mut p = PaginationView::default();
    p.page = 2;
    p.pages = 900;
    p.prev_url = Some("/blog/".into());
    p.next_url = Some("/blog/page/3/".into());
    v.pagination = p;
    v
}

#[divan::bench]
fn post_page(bencher: Bencher<'_, '_>) {
    let (renderer, site, post) = (renderer(), site(), post());
    let len = renderer.render_post(&site, &post).expect("renders").len();
    bencher
        .counter(BytesCount::new(len))
        .bench(|| renderer.render_post(black_box(&site), black_box(&post)));
}

/// A post page as the publisher renders it: the view handed over, not
/// copied (`render_post` copies it).
#[divan::bench]
fn post_page_owned(bencher: Bencher<'_, '_>) {
    let (renderer, site, post) = (renderer(), site(), post());
    bencher
        .with_inputs(|| post.clone())
        .bench_values(|post| renderer.render_post_owned(black_box(&site), post));
}

#[divan::bench]
fn listing_new_cards(bencher: Bencher<'_, '_>) {
    let (renderer, site, listing) = (renderer(), site(), listing());
    bencher
        .with_inputs(|| {
            // New cards sharing nothing with earlier iterations.
            let mut fresh = listing.clone();
            fresh.posts = listing
                .posts
                .iter()
                .map(|c| PostCard::new(c.summary().clone()))
                .collect();
            fresh
        })
        .bench_refs(|fresh| renderer.render_listing(black_box(&site), black_box(fresh)));
}

#[divan::bench]
fn listing_page(bencher: Bencher<'_, '_>) {
    let (renderer, site, listing) = (renderer(), site(), listing());
    let len = renderer
        .render_listing(&site, &listing)
        .expect("renders")
        .len();
    bencher
        .counter(BytesCount::new(len))
        .bench(|| renderer.render_listing(black_box(&site), black_box(&listing)));
}
