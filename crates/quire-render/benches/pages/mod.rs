//! The pages the render bench and the `count` example render: a site, a
//! post and a listing of ten summaries, in the shape of the generated
//! bench corpus.

use quire_render::{
    AuthorView, FeedView, HeadingView, LinkView, ListingKind, ListingView, PaginationView,
    PostCard, PostSummary, PostView, SiteView,
};

pub fn site() -> SiteView {
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

pub fn author() -> AuthorView {
    let mut a = AuthorView::new("Hana Sato", "/blog/author/hana-sato/");
    a.company = Some("Northwind Cloud".into());
    a.bio = Some("Hana Sato works on open infrastructure.".into());
    a.twitter = Some("hanasato".into());
    a
}

pub fn categories() -> Vec<LinkView> {
    vec![
        LinkView::new("Foundation News", "/blog/category/foundation-news/"),
        LinkView::new("Case Studies", "/blog/category/case-studies/"),
    ]
}

/// About 4.5 KB of body HTML, as the Markdown stage makes it.
pub fn body_html() -> String {
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

pub fn post() -> PostView {
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

pub fn listing() -> ListingView {
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

/// `listing` with new cards, sharing nothing with earlier renderings: the
/// renderer renders them again.
pub fn with_new_cards(listing: &ListingView) -> ListingView {
    let mut fresh = listing.clone();
    fresh.posts = listing
        .posts
        .iter()
        .map(|c| PostCard::new(c.summary().clone()))
        .collect();
    fresh
}
