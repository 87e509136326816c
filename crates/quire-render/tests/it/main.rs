//! Integration tests: the default theme rendered from hand-built view models.

use std::path::{Path, PathBuf};

use quire_render::{
    AuthorView, FeedView, HeadingView, LinkView, ListingKind, ListingView, NotFoundView, PageView,
    PaginationView, PostCard, PostSummary, PostView, Renderer, SiteView,
};

fn theme_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default/templates")
}

fn renderer() -> Renderer {
    Renderer::new(&theme_dir(), None).expect("the default theme loads")
}

fn site() -> SiteView {
    let mut s = SiteView::default();
    s.title = "Quire Demo Blog".into();
    s.description = "News from a fictional foundation.".into();
    s.language = "en".into();
    s.base_url = "https://demo.quire.example".into();
    s.title_template = "%s | Blog".into();
    s.twitter_site = Some("quiredemo".into());
    s.css_url = "/style.0123abcd.css".into();
    s.search_js_url = Some("/search.89ab.js".into());
    s.search_index_url = "/search-index.json".into();
    s.favicon_url = Some("/favicon.svg".into());
    s.nav = vec![
        LinkView::new("Home", "/"),
        LinkView::new("Blog", "/blog/"),
        LinkView::new("About", "/about/"),
    ];
    s.feeds = vec![FeedView::new("RSS", "/rss.xml", "application/rss+xml")];
    s
}

fn author() -> AuthorView {
    let mut a = AuthorView::new("Ada Example", "/blog/author/ada-example/");
    a.company = Some("Example Co".into());
    a.bio = Some("Writes about builds.".into());
    a.twitter = Some("adaexample".into());
    a.avatar = Some("/img/authors/ada.svg".into());
    a
}

fn post() -> PostView {
    let mut p = PostView::default();
    p.source = "blog/nightly-builds.md".into();
    p.title = "Ten Years of Nightly Builds".into();
    p.seo_title = Some("A Decade of Nightlies".into());
    p.description = Some("What we learned from a decade of nightly builds.".into());
    p.route = "/blog/ten-years-of-nightly-builds/".into();
    p.permalink = "https://demo.quire.example/blog/ten-years-of-nightly-builds/".into();
    p.date = "2022-06-07T09:30:00+00:00".into();
    p.author = Some(author());
    p.categories = vec![
        LinkView::new("Engineering", "/blog/category/engineering/"),
        LinkView::new("Case Studies", "/blog/category/case-studies/"),
    ];
    p.html = "<p>Intro.</p>\n<h2 id=\"why\">Why</h2>\n<p>Because.</p>\n<h2 id=\"how\">How</h2>\n<h3 id=\"tools\">Tools</h3>\n".into();
    p.summary = "<p>Intro.</p>".into();
    p.headings = vec![
        HeadingView::new(2, "why", "Why"),
        HeadingView::new(2, "how", "How"),
        HeadingView::new(3, "tools", "Tools"),
    ];
    p.reading_minutes = 3;
    p.word_count = 512;
    p.image = Some("/img/blog/nightly.png".into());
    p.twitter_creator = Some("https://twitter.com/adaexample".into());
    p.previous = Some(LinkView::new("Older post", "/blog/older/"));
    p.next = Some(LinkView::new("Newer post", "/blog/newer/"));
    p.backlinks = vec![LinkView::new("Roadmap 2026", "/blog/roadmap-2026/")];
    p
}

fn summary(title: &str, slug: &str) -> PostSummary {
    let mut s = PostSummary::default();
    s.title = title.into();
    s.url = format!("/blog/{slug}/");
    s.date = "2024-03-05T10:00:00+00:00".into();
    s.author = Some(AuthorView::new("Ada Example", "/blog/author/ada-example/"));
    s.categories = vec![LinkView::new("Community", "/blog/category/community/")];
    s.summary = "<h2 id=\"intro\">Intro</h2><p>First words.</p>".into();
    s.reading_minutes = 2;
    s
}

fn listing(kind: ListingKind) -> ListingView {
    let mut l = ListingView::default();
    l.kind = kind;
    l.title = "Blog".into();
    l.route = "/blog/page/2/".into();
    l.permalink = "https://demo.quire.example/blog/page/2/".into();
    l.posts = vec![
        summary("First", "first").into(),
        summary("Second", "second").into(),
    ];
    l.pagination = PaginationView::default();
    l.pagination.page = 2;
    l.pagination.pages = 3;
    l.pagination.prev_url = Some("/blog/".into());
    l.pagination.next_url = Some("/blog/page/3/".into());
    l
}

/// A renderer of `theme` (the default theme when `None`) with these site
/// templates (name, text).
fn with_templates(
    tag: &str,
    theme: Option<&Path>,
    files: &[(&str, &str)],
) -> (pages::TempDir, Renderer) {
    let dir = pages::TempDir::new(tag);
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let r = match theme {
        Some(theme) => Renderer::new(theme, Some(dir.path())),
        None => Renderer::new(&theme_dir(), Some(dir.path())),
    };
    (dir, r.unwrap())
}

mod cards;
mod errors;
mod escaping;
mod pages;
mod site_partials;

#[test]
fn theme_css_colours_every_highlight_class() {
    // quire-markdown decides the classes; the theme's stylesheet must know them all.
    let css = std::fs::read_to_string(theme_dir().join("../static/style.css")).unwrap();
    let wanted: Vec<String> = quire_markdown::highlight_css()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        .filter(|w| w.starts_with(".hl-"))
        .map(str::to_owned)
        .collect();
    assert!(wanted.len() > 10, "{wanted:?}");
    for class in wanted {
        assert!(
            css.contains(&format!("{class} ")) || css.contains(&format!("{class},")),
            "style.css lacks {class}"
        );
    }
}

#[test]
fn url_functions_use_the_shared_routes() {
    let dir = pages::TempDir::new("functions");
    std::fs::write(
        dir.path().join("post.html"),
        "{{ category_url('Open Source') }} {{ author_url('Zoë Marchetti') }} {{ 'Hello, World!'|slugify }} {{ post_url('blog/a.md') }}",
    )
    .unwrap();
    let mut r = Renderer::new(&theme_dir(), Some(dir.path())).unwrap();
    r.set_post_urls([("blog/a.md".to_owned(), "/blog/a/".to_owned())].into());
    let out = r.render_post(&site(), &post()).unwrap();
    assert_eq!(
        out,
        format!(
            "{} {} {} /blog/a/",
            quire_links::category_route("Open Source"),
            quire_links::author_route("Zoë Marchetti"),
            quire_markdown::slugify("Hello, World!")
        )
    );
    std::fs::write(
        dir.path().join("post.html"),
        "{{ post_url('blog/missing.md') }}",
    )
    .unwrap();
    let r = Renderer::new(&theme_dir(), Some(dir.path())).unwrap();
    let d = r.render_post(&site(), &post()).unwrap_err();
    assert!(
        d.message
            .contains("no post has the source `blog/missing.md`"),
        "{}",
        d.message
    );
}
