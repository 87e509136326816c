//! Snapshots of every page kind of the default theme, and of a site override.

use super::*;

#[test]
fn post_page() {
    insta::assert_snapshot!(renderer().render_post(&site(), &post()).unwrap());
}

#[test]
fn minimal_post_page() {
    // No author, no description, no image, few headings, hidden: the optional
    // parts disappear and robots noindex appears.
    let mut p = post();
    p.author = None;
    p.description = None;
    p.seo_title = None;
    p.image = None;
    p.twitter_creator = None;
    p.headings.truncate(2);
    p.previous = None;
    p.next = None;
    p.backlinks.clear();
    p.categories.clear();
    p.hidden = true;
    insta::assert_snapshot!(renderer().render_post(&site(), &p).unwrap());
}

#[test]
fn blog_index_page() {
    let mut l = listing(ListingKind::Blog);
    l.search = true;
    insta::assert_snapshot!(renderer().render_listing(&site(), &l).unwrap());
}

#[test]
fn category_page() {
    let mut l = listing(ListingKind::Category);
    l.title = "Community".into();
    l.route = "/blog/category/community/".into();
    l.permalink = "https://demo.quire.example/blog/category/community/".into();
    l.category = Some(LinkView::new("Community", "/blog/category/community/"));
    l.pagination = PaginationView::default();
    l.pagination.page = 1;
    l.pagination.pages = 1;
    insta::assert_snapshot!(renderer().render_listing(&site(), &l).unwrap());
}

#[test]
fn author_page() {
    let mut l = listing(ListingKind::Author);
    l.title = "Ada Example".into();
    l.route = "/blog/author/ada-example/".into();
    l.permalink = "https://demo.quire.example/blog/author/ada-example/".into();
    l.author = Some(author());
    insta::assert_snapshot!(renderer().render_listing(&site(), &l).unwrap());
}

#[test]
fn home_page() {
    let mut l = listing(ListingKind::Home);
    l.title = String::new();
    l.route = "/".into();
    l.permalink = "https://demo.quire.example/".into();
    l.pagination = PaginationView::default();
    l.categories = vec![LinkView::new("Community", "/blog/category/community/")];
    insta::assert_snapshot!(renderer().render_listing(&site(), &l).unwrap());
}

#[test]
fn not_found_page() {
    let mut nf = NotFoundView::default();
    nf.title = "Page not found".into();
    nf.recent = vec![summary("First", "first")];
    insta::assert_snapshot!(renderer().render_404(&site(), &nf).unwrap());
}

#[test]
fn about_page() {
    let mut page = PageView::default();
    page.source = "about.md".into();
    page.template_key = "about-page".into();
    page.title = "About us".into();
    page.route = "/about/".into();
    page.permalink = "https://demo.quire.example/about/".into();
    page.html = "<p>We are <strong>fictional</strong>.</p>".into();
    insta::assert_snapshot!(renderer().render_page(&site(), &page).unwrap());
}

#[test]
fn site_templates_override_theme_files() {
    let dir = TempDir::new("override");
    std::fs::write(
        dir.path().join("post.html"),
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ post.title }} by {{ post.author.name }}</p>{% endblock %}",
    )
    .unwrap();
    let r = Renderer::new(&theme_dir(), Some(dir.path())).unwrap();
    let html = r.render_post(&site(), &post()).unwrap();
    // The override replaces post.html but still extends the theme's base.html.
    insta::assert_snapshot!(html);
    // Other templates still come from the theme.
    assert!(r.has_template("list.html"));
}

#[test]
fn renderer_is_shared_across_threads() {
    let r = renderer();
    let site = site();
    let pages: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let (r, site) = (&r, &site);
                s.spawn(move || {
                    let mut p = post();
                    p.title = format!("Post {i}");
                    r.render_post(site, &p).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("<h1>Post {i}</h1>")));
    }
}

#[test]
fn each_page_sees_the_site_it_is_given() {
    // The renderer converts `site` once and reuses it while it is the same.
    let r = renderer();
    let first = site();
    let mut second = site();
    second.title = "Another Blog".into();
    for site in [&first, &second, &first] {
        let page = r.render_post(site, &post()).unwrap();
        assert!(page.contains(&format!("<p>© {}</p>", site.title)), "{page}");
    }
}

/// A folder under the system temp dir, removed on drop.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("quire-render-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
