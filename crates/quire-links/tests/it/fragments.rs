//! Fragment checks against known ids, independent of the Markdown stage:
//! duplicate headings, Unicode ids, percent-encoded fragments, footnotes.

use std::fmt::Write as _;

use quire_links::{Checker, PageLinks};
use quire_markdown::{LinkRef, LinkSource};

use crate::fixture;

fn link(url: &str, line: u32) -> LinkRef {
    LinkRef {
        url: url.into(),
        text: String::new(),
        source: LinkSource::Inline,
        line,
        column: 1,
        reference: None,
    }
}

#[test]
fn fragments_are_checked_against_heading_and_footnote_ids() {
    let loaded = quire_content::load(&fixture("site")).unwrap();
    let site = loaded.site;
    let urls = [
        "/blog/guide/#install-steps",
        "/blog/guide/#install-steps-1",
        "/blog/guide/#install-steps-2",
        "/blog/guide/#café-au-lait",
        "/blog/guide/#caf%C3%A9-au-lait",
        "/blog/guide/#cafe-au-lait",
        "/blog/guide/#FAQ",
        "/blog/guide/#fn-1",
        "/blog/guide/#fnref-1",
        "/blog/the-guide/#faq",
        "/blog/guide/index.html#faq",
        "#own",
        "#owned",
        "#",
        "/blog/category/news/#anything",
        "/img/logo.png#x",
    ];
    let guide_ids = [
        "install-steps",
        "install-steps-1",
        "café-au-lait",
        "faq",
        "fn-1",
        "fnref-1",
    ];
    let mut posts = Vec::new();
    for post in &site.posts {
        let mut page = PageLinks::default();
        if post.route == "/blog/guide/" {
            page.ids = guide_ids.iter().map(|s| s.to_string()).collect();
        }
        if post.route == "/blog/welcome/" {
            page.ids = vec!["own".into()];
            page.links = urls.iter().zip(1..).map(|(u, i)| link(u, i)).collect();
        }
        posts.push(page);
    }
    let report = Checker::new(&site).check(&posts, &[]);
    let mut out = String::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.code == "link-fragment")
    {
        let url = urls[(d.line
            - site
                .posts
                .iter()
                .find(|p| p.route == "/blog/welcome/")
                .unwrap()
                .body_line) as usize];
        let _ = writeln!(
            out,
            "{url}: {} ({})",
            d.message,
            d.hint.as_deref().unwrap_or("")
        );
    }
    insta::assert_snapshot!(out);
    let targets: Vec<_> = report.targets.iter().map(|t| t.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "#owned",
            "/blog/guide/#FAQ",
            "/blog/guide/#cafe-au-lait",
            "/blog/guide/#install-steps-2"
        ]
    );
    assert_eq!(report.broken, 4);
}
