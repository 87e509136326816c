//! Whole builds: which files exist, determinism, errors.

use std::fs;

use quire_publish::Mode;

use crate::support::{assert_same_tree, build, options, small_site, tmp, tree};

#[test]
fn two_builds_into_two_folders_are_byte_identical() {
    let content = small_site("det");
    let root = tmp("det-out");
    let a = build(&options(&content, &root.join("a")));
    build(&options(&content, &root.join("b")));
    assert!(
        a.diagnostics
            .iter()
            .all(|d| d.severity == quire_diagnostics::Severity::Info),
        "{:?}",
        a.diagnostics
    );
    assert_eq!(a.mode, Mode::Clean);
    assert_same_tree(&tree(&root.join("a")), &tree(&root.join("b")));
}

#[test]
fn the_site_has_every_page_feed_and_asset() {
    let content = small_site("files");
    let out = tmp("files-out").join("public");
    let report = build(&options(&content, &out));
    assert!(report.published);
    let files = tree(&out);
    for f in [
        "index.html",
        "404.html",
        "blog/index.html",
        "blog/page/2/index.html",
        "blog/first/index.html",
        "blog/third/index.html",
        "blog/café/index.html",
        "blog/category/community/index.html",
        "blog/category/community/rss.xml",
        "blog/author/ada-example/index.html",
        "about/index.html",
        "old/second/index.html",
        "_redirects",
        "rss.xml",
        "atom.xml",
        "feed.json",
        "sitemap.xml",
        "robots.txt",
        "search-index.json",
        "img/pixel.txt",
        "theme-note.txt",
    ] {
        assert!(
            files.contains_key(f),
            "missing {f}; have {:#?}",
            files.keys().collect::<Vec<_>>()
        );
    }
    // The theme CSS is fingerprinted and the pages use that name.
    let css: Vec<_> = files
        .keys()
        .filter(|k| k.starts_with("style.") && k.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1, "{css:?}");
    let first = String::from_utf8_lossy(&files["blog/first/index.html"]).to_string();
    assert!(first.contains(&format!("href=\"/{}\"", css[0])), "{first}");
    // Backlinks and previous/next among visible posts (the hidden one skipped).
    assert!(
        first.contains("class=\"backlink\" href=\"/blog/second/\""),
        "{first}"
    );
    let fourth = String::from_utf8_lossy(&files["blog/fourth/index.html"]).to_string();
    assert!(
        fourth.contains("rel=\"prev\" href=\"/blog/second/\""),
        "{fourth}"
    );
    assert!(
        fourth.contains("rel=\"next\" href=\"/blog/caf%C3%A9/\""),
        "{fourth}"
    );
    // Four visible posts, two a page.
    assert!(!files.contains_key("blog/page/3/index.html"));
    // Hidden posts are built, noindex, and listed nowhere.
    let third = String::from_utf8_lossy(&files["blog/third/index.html"]).to_string();
    assert!(third.contains("noindex"));
    for listed in [
        "blog/index.html",
        "blog/page/2/index.html",
        "sitemap.xml",
        "search-index.json",
        "rss.xml",
    ] {
        let text = String::from_utf8_lossy(&files[listed]);
        assert!(
            !text.contains("/blog/third/"),
            "{listed} lists the hidden post"
        );
    }
    let redirects = String::from_utf8_lossy(&files["_redirects"]).to_string();
    assert_eq!(redirects, "/old/second/ /blog/second/ 301\n");
    let alias = String::from_utf8_lossy(&files["old/second/index.html"]).to_string();
    assert!(
        alias.contains("url=https://example.test/blog/second/") && alias.contains("noindex"),
        "{alias}"
    );
    assert_eq!(
        String::from_utf8_lossy(&files["robots.txt"]),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.test/sitemap.xml\n"
    );
    // Bookkeeping: marker, cache, manifest; no absolute paths in any of them.
    for f in ["marker", "cache", "manifest"] {
        let text = fs::read_to_string(out.join(".quire").join(f)).unwrap();
        assert!(
            !text.contains(out.to_str().unwrap()) && !text.contains(content.to_str().unwrap()),
            "{f}: {text}"
        );
    }
}

#[test]
fn posts_with_errors_are_left_out_and_block_publishing_unless_allowed() {
    let content = small_site("errors");
    fs::write(
        content.join("blog/bad.md"),
        "---\ntemplateKey: blog-post\ntitle: Bad\ndate: yesterday\n---\nx\n",
    )
    .unwrap();
    let out = tmp("errors-out").join("public");
    let report = build(&options(&content, &out));
    assert!(report.has_errors());
    assert!(!report.published);
    assert!(
        !out.exists(),
        "nothing may be published when there are errors"
    );
    let bad = report.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(bad.file, "blog/bad.md");
    assert!(bad.line > 0);

    let report = build(&options(&content, &out).allow_errors(true));
    assert!(report.published && report.has_errors());
    assert!(out.join("blog/first/index.html").is_file());
    assert!(!out.join("blog/bad/index.html").exists());
    // Leftover staging folders never pile up.
    let siblings: Vec<_> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(siblings, vec![std::ffi::OsString::from("public")]);
}

#[test]
fn sitemap_splits_into_an_index_past_the_limit() {
    let content = small_site("split");
    let out = tmp("split-out").join("public");
    build(&options(&content, &out).sitemap_limit(3));
    let index = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(index.contains("<sitemapindex"), "{index}");
    let mut urls = 0;
    let mut n = 1;
    while let Ok(part) = fs::read_to_string(out.join(format!("sitemap-{n}.xml"))) {
        assert!(index.contains(&format!("https://example.test/sitemap-{n}.xml")));
        let count = part.matches("<url>").count();
        assert!((1..=3).contains(&count));
        urls += count;
        n += 1;
    }
    let one = tmp("split-one").join("public");
    build(&options(&content, &one));
    let whole = fs::read_to_string(one.join("sitemap.xml")).unwrap();
    assert_eq!(urls, whole.matches("<url>").count());
    assert!(n > 2);
}

#[test]
fn source_date_epoch_sets_the_feed_date() {
    let content = small_site("epoch");
    let out = tmp("epoch-out").join("public");
    build(&options(&content, &out).source_date_epoch(Some(1_700_000_000)));
    let rss = fs::read_to_string(out.join("rss.xml")).unwrap();
    assert!(
        rss.contains("<lastBuildDate>Tue, 14 Nov 2023 22:13:20 +0000</lastBuildDate>"),
        "{rss}"
    );
}

#[test]
fn backlinks_are_newest_first_once_each_and_never_the_post_itself() {
    use crate::support::{PostSpec, write_site};
    let mut target = PostSpec::new("target", 10);
    target.body = "I link to [myself](/blog/target/).\n".into();
    // Dates out of source order; two posts share a day, so the source
    // path breaks the tie; one post links twice.
    let mut old = PostSpec::new("a-old", 20);
    old.body = "[t](/blog/target/) and [again](/blog/target/).\n".into();
    let mut new = PostSpec::new("b-new", 90);
    new.body = "[t](/blog/target/).\n".into();
    let mut tie_z = PostSpec::new("z-tie", 50);
    tie_z.body = "[t](/blog/target/).\n".into();
    let mut tie_c = PostSpec::new("c-tie", 50);
    tie_c.body = "[t](/blog/target/).\n".into();
    let content = tmp("backlinks").join("content");
    write_site(&content, &[target, old, new, tie_z, tie_c]);
    let out = tmp("backlinks-out");
    build(&options(&content, &out));
    let page = fs::read_to_string(out.join("blog/target/index.html")).unwrap();
    let order: Vec<&str> = page
        .split("class=\"backlink\" href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(
        order,
        [
            "/blog/b-new/",
            "/blog/c-tie/",
            "/blog/z-tie/",
            "/blog/a-old/"
        ],
        "{page}"
    );
}
