//! Feeds and the sitemap, read back by a real feed parser and a real XML parser.

use std::fs;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::{PostSpec, build, options, small_site, tmp, write_site};

/// Parses the whole document, failing on malformed XML; returns the text of
/// every element named `name`, entities decoded.
fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut current: Option<String> = None;
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == name => current = Some(String::new()),
            Ok(Event::Text(t)) => {
                if let Some(c) = &mut current {
                    c.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(c) = &mut current {
                    let text = match r.resolve_char_ref().unwrap() {
                        Some(ch) => ch.to_string(),
                        None => match r.xml10_content().as_ref() {
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "amp" => "&".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            other => panic!("unknown entity {other}"),
                        },
                    };
                    c.push_str(&text);
                }
            }
            Ok(Event::End(e)) if e.name().as_ref() == name => out.extend(current.take()),
            Ok(Event::Eof) => return out,
            Ok(_) => {}
            Err(e) => panic!("malformed XML at {}: {e}\n{xml}", reader.buffer_position()),
        }
    }
}

#[test]
fn feeds_parse_with_the_right_items_dates_and_links() {
    let content = small_site("feeds");
    let out = tmp("feeds-out").join("public");
    build(&options(&content, &out));
    // feed_items is 3: the newest three visible posts (the hidden one is left out).
    let expected = [
        "https://example.test/blog/caf%C3%A9/",
        "https://example.test/blog/fourth/",
        "https://example.test/blog/second/",
    ];
    for file in ["rss.xml", "atom.xml", "feed.json"] {
        let bytes = fs::read(out.join(file)).unwrap();
        let feed = feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{file}: {e}"));
        let links: Vec<_> = feed
            .entries
            .iter()
            .map(|e| e.links[0].href.clone())
            .collect();
        assert_eq!(links, expected, "{file}");
        let first = &feed.entries[0];
        assert_eq!(
            first.published.unwrap().to_rfc3339(),
            "2021-05-01T09:00:00+00:00",
            "{file}"
        );
        assert_eq!(first.title.as_ref().unwrap().content, "Post café", "{file}");
        // The feed's own date is the newest post's (JSON Feed has no such field).
        if file != "feed.json" {
            assert_eq!(
                feed.updated.map(|d| d.to_rfc3339()),
                Some("2021-05-01T09:00:00+00:00".into()),
                "{file}"
            );
        }
    }
    let rss = fs::read_to_string(out.join("rss.xml")).unwrap();
    assert_eq!(xml_texts(&rss, "guid"), expected);
    // Full content, escaped once: the body's `<b>` arrives as markup after parsing.
    let descriptions = xml_texts(&rss, "description");
    assert!(descriptions[1].contains("markup"), "{descriptions:?}");

    let category = fs::read(out.join("blog/category/releases/rss.xml")).unwrap();
    let feed = feed_rs::parser::parse(&category[..]).unwrap();
    let links: Vec<_> = feed
        .entries
        .iter()
        .map(|e| e.links[0].href.as_str())
        .collect();
    assert_eq!(
        links,
        [
            "https://example.test/blog/fourth/",
            "https://example.test/blog/first/"
        ]
    );
}

#[test]
fn sitemap_lists_visible_pages_with_lastmod() {
    let content = small_site("sitemap");
    let out = tmp("sitemap-out").join("public");
    build(&options(&content, &out));
    let xml = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let locs = xml_texts(&xml, "loc");
    assert!(locs.contains(&"https://example.test/blog/first/".to_string()));
    assert!(locs.contains(&"https://example.test/blog/page/2/".to_string()));
    assert!(locs.contains(&"https://example.test/about/".to_string()));
    assert!(
        !locs
            .iter()
            .any(|l| l.contains("third") || l.contains("old/second") || l.contains("404"))
    );
    let mut sorted = locs.clone();
    sorted.sort();
    assert_eq!(locs, sorted, "stable order");
    assert!(
        xml.contains(
            "<loc>https://example.test/blog/first/</loc><lastmod>2021-01-01T09:00:00Z</lastmod>"
        ),
        "{xml}"
    );
}

#[test]
fn hostile_titles_are_escaped_and_hidden_posts_can_stay_in_feeds() {
    let root = tmp("hostile");
    let content = root.join("content");
    let mut p = PostSpec::new("hostile", 3);
    p.title = "A <script> & \\\"quotes\\\" ]]> \\x01".into();
    let mut hidden = PostSpec::new("hidden", 4);
    hidden.hidden = true;
    write_site(&content, &[p, hidden]);
    let mut yaml = fs::read_to_string(content.join("site.yaml")).unwrap();
    yaml.push_str("hidden_in_feeds: true\nfeed_full_content: false\n");
    fs::write(content.join("site.yaml"), yaml).unwrap();
    let out = root.join("public");
    let report = build(&options(&content, &out));
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    for file in ["rss.xml", "atom.xml", "feed.json"] {
        let bytes = fs::read(out.join(file)).unwrap();
        let feed = feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            feed.entries.len(),
            2,
            "{file}: the hidden post stays with hidden_in_feeds"
        );
        let title = &feed.entries[1].title.as_ref().unwrap().content;
        assert!(
            title.starts_with("A <script> & \"quotes\" ]]>"),
            "{file}: {title}"
        );
    }
    let atom = fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(
        atom.contains("<summary type=\"html\">") && !atom.contains("<content"),
        "summaries only"
    );
}
