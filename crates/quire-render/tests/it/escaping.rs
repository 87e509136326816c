//! Every content value is escaped wherever it lands; unsafe URLs are dropped.

use super::*;

const EVIL: &str = "</script><script>alert(1)</script>\"'&";

#[test]
fn hostile_title_is_escaped_in_text_attributes_and_json_ld() {
    let mut p = post();
    p.title = EVIL.into();
    p.seo_title = None;
    p.description = Some(EVIL.into());
    p.categories = vec![LinkView::new(EVIL, "/blog/category/x/")];
    let html = renderer().render_post(&site(), &p).unwrap();
    assert!(
        !html.contains("<script>alert"),
        "raw script tag leaked:\n{html}"
    );
    assert!(!html.contains("</script><"), "script closed early:\n{html}");
    // Text and attributes: entity-escaped.
    assert!(
        html.contains(
            "<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</h1>"
        )
    );
    assert!(html.contains(r#"<meta property="og:title" content="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;">"#));
    // JSON-LD: JSON escapes, still parseable, still the same string.
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(ld["headline"], EVIL);
    assert_eq!(ld["description"], EVIL);
    assert_eq!(ld["keywords"][0], EVIL);
}

#[test]
fn unsafe_urls_from_content_are_dropped() {
    let mut p = post();
    p.image = Some("javascript:alert(1)".into());
    let mut a = author();
    a.avatar = Some("javascript:alert(2)".into());
    p.author = Some(a.clone());
    let html = renderer().render_post(&site(), &p).unwrap();
    assert!(!html.contains("javascript:"), "{html}");
    assert!(!html.contains("og:image"), "{html}");

    let mut l = listing(ListingKind::Author);
    l.author = Some(a);
    let html = renderer().render_listing(&site(), &l).unwrap();
    assert!(!html.contains("javascript:"), "{html}");
    assert!(!html.contains("class=\"avatar\""), "{html}");

    let mut s = site();
    s.nav.push(LinkView::new("Bad", " javascript:alert(3)"));
    let html = renderer().render_post(&s, &post()).unwrap();
    assert!(!html.contains("javascript:"), "{html}");
}

#[test]
fn safe_image_becomes_absolute_og_image() {
    let html = renderer().render_post(&site(), &post()).unwrap();
    assert!(html.contains(
        r#"<meta property="og:image" content="https://demo.quire.example/img/blog/nightly.png">"#
    ));
    assert!(html.contains(r#"<meta name="twitter:creator" content="@adaexample">"#));
    assert!(html.contains(r#"<meta name="twitter:site" content="@quiredemo">"#));
    assert!(html.contains("<title>A Decade of Nightlies | Blog</title>"));
}

#[test]
fn the_logo_shows_only_with_a_safe_url() {
    let header = |logo: Option<&str>| {
        let mut s = site();
        s.logo_url = logo.map(String::from);
        let html = renderer().render_post(&s, &post()).unwrap();
        let start = html.find("<a class=\"site-title\"").unwrap();
        html[start..start + html[start..].find("</a>").unwrap()].to_owned()
    };
    assert_eq!(
        header(Some("/logo.svg?a=1&b=2")),
        r#"<a class="site-title" href="/"><img src="/logo.svg?a=1&amp;b=2" alt="" width="32" height="32"> Quire Demo Blog"#
    );
    let plain = r#"<a class="site-title" href="/">Quire Demo Blog"#;
    assert_eq!(header(None), plain);
    assert_eq!(header(Some("")), plain);
    assert_eq!(header(Some("javascript:alert(1)")), plain);
}
