//! RSS 2.0, Atom and JSON Feed 1.1, written by hand so the bytes are stable.

use std::fmt::Write as _;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::PublishError;
use crate::output::{Tier, Writer};
use crate::paths::route_to_file;

use crate::xml::{escape, escape_into};

/// What a feed says about itself.
pub(crate) struct FeedMeta<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// Absolute URL of the page the feed describes.
    pub home_url: String,
    /// Absolute URL of the feed itself (for RSS: the RSS file).
    pub self_url: String,
    /// Newest post date, or SOURCE_DATE_EPOCH.
    pub updated: DateTime<FixedOffset>,
}

/// One feed item.
pub(crate) struct Entry<'a> {
    pub title: &'a str,
    /// Absolute URL.
    pub url: String,
    pub date: DateTime<FixedOffset>,
    pub author: Option<&'a str>,
    pub categories: Vec<&'a str>,
    /// HTML: the full body or the summary, per `feed_full_content`.
    pub content_html: &'a str,
    /// Whether `content_html` is the full body.
    pub full: bool,
}

/// Makes root-relative `href` and `src` attributes absolute: feed readers
/// show content away from the site, where `/blog/x/` means nothing.
pub(crate) fn absolutize(html: &str, base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(pos) = rest.find("=\"/") {
        let (head, tail) = rest.split_at(pos);
        out.push_str(head);
        let is_url_attr = head.ends_with(" href") || head.ends_with(" src");
        // `//host/...` is protocol-relative: already absolute.
        if is_url_attr && !tail[3..].starts_with('/') {
            out.push_str("=\"");
            out.push_str(base);
            rest = &tail[2..];
        } else {
            out.push_str("=\"/");
            rest = &tail[3..];
        }
    }
    out.push_str(rest);
    out
}

fn rfc3339(d: &DateTime<FixedOffset>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// RSS 2.0 with an `atom:link rel="self"`.
pub(crate) fn rss(meta: &FeedMeta<'_>, entries: &[Entry<'_>]) -> String {
    let mut o = String::with_capacity(4096);
    o.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    o.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
    let _ = writeln!(o, "<title>{}</title>", escape(meta.title));
    let _ = writeln!(o, "<link>{}</link>", escape(&meta.home_url));
    let _ = writeln!(o, "<description>{}</description>", escape(meta.description));
    let _ = writeln!(o, "<language>{}</language>", escape(meta.language));
    let _ = writeln!(
        o,
        "<lastBuildDate>{}</lastBuildDate>",
        meta.updated.to_rfc2822()
    );
    let _ = writeln!(
        o,
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&meta.self_url)
    );
    for e in entries {
        o.push_str("<item>\n");
        let _ = writeln!(o, "<title>{}</title>", escape(e.title));
        let _ = writeln!(o, "<link>{}</link>", escape(&e.url));
        let _ = writeln!(o, "<guid isPermaLink=\"true\">{}</guid>", escape(&e.url));
        let _ = writeln!(o, "<pubDate>{}</pubDate>", e.date.to_rfc2822());
        if let Some(a) = e.author {
            let _ = writeln!(o, "<dc:creator>{}</dc:creator>", escape(a));
        }
        for c in &e.categories {
            let _ = writeln!(o, "<category>{}</category>", escape(c));
        }
        o.push_str("<description>");
        escape_into(&mut o, e.content_html);
        o.push_str("</description>\n</item>\n");
    }
    o.push_str("</channel>\n</rss>\n");
    o
}

/// Atom 1.0. `self_url` is the Atom file's own URL.
pub(crate) fn atom(meta: &FeedMeta<'_>, entries: &[Entry<'_>]) -> String {
    let mut o = String::with_capacity(4096);
    o.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        o,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(meta.language)
    );
    let _ = writeln!(o, "<title>{}</title>", escape(meta.title));
    if !meta.description.is_empty() {
        let _ = writeln!(o, "<subtitle>{}</subtitle>", escape(meta.description));
    }
    let _ = writeln!(o, "<id>{}</id>", escape(&meta.home_url));
    let _ = writeln!(
        o,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&meta.home_url)
    );
    let _ = writeln!(
        o,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&meta.self_url)
    );
    let _ = writeln!(o, "<updated>{}</updated>", rfc3339(&meta.updated));
    // Atom requires an author for every entry; the site stands in when a post has none.
    let _ = writeln!(o, "<author><name>{}</name></author>", escape(meta.title));
    for e in entries {
        o.push_str("<entry>\n");
        let _ = writeln!(o, "<title>{}</title>", escape(e.title));
        let _ = writeln!(o, "<id>{}</id>", escape(&e.url));
        let _ = writeln!(
            o,
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(&e.url)
        );
        let _ = writeln!(o, "<published>{}</published>", rfc3339(&e.date));
        let _ = writeln!(o, "<updated>{}</updated>", rfc3339(&e.date));
        if let Some(a) = e.author {
            let _ = writeln!(o, "<author><name>{}</name></author>", escape(a));
        }
        for c in &e.categories {
            let _ = writeln!(o, "<category term=\"{}\"/>", escape(c));
        }
        let tag = if e.full { "content" } else { "summary" };
        let _ = write!(o, "<{tag} type=\"html\">");
        escape_into(&mut o, e.content_html);
        let _ = writeln!(o, "</{tag}>");
        o.push_str("</entry>\n");
    }
    o.push_str("</feed>\n");
    o
}

/// JSON Feed 1.1.
pub(crate) fn json_feed(meta: &FeedMeta<'_>, entries: &[Entry<'_>]) -> String {
    let items: Vec<_> = entries
        .iter()
        .map(|e| {
            let mut item = serde_json::Map::new();
            item.insert("id".into(), json!(e.url));
            item.insert("url".into(), json!(e.url));
            item.insert("title".into(), json!(e.title));
            let key = if e.full { "content_html" } else { "summary" };
            item.insert(key.into(), json!(e.content_html));
            if !e.full {
                // A JSON Feed item needs content; the summary is HTML.
                item.insert("content_html".into(), json!(e.content_html));
            }
            item.insert("date_published".into(), json!(rfc3339(&e.date)));
            if let Some(a) = e.author {
                item.insert("authors".into(), json!([{ "name": a }]));
            }
            if !e.categories.is_empty() {
                item.insert("tags".into(), json!(e.categories));
            }
            serde_json::Value::Object(item)
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": meta.title,
        "home_page_url": meta.home_url,
        "feed_url": meta.self_url,
        "description": meta.description,
        "language": meta.language,
        "items": items,
    });
    let mut s = serde_json::to_string_pretty(&feed).unwrap_or_default();
    s.push('\n');
    s
}

/// Every feed of a build, as data: what [`write_feed_set`] turns into
/// files. Kept in the cache so that the edit fast path can change one
/// post's content and write the feeds again without loading the site.
#[derive(Serialize, Deserialize)]
pub(crate) struct FeedSet {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    /// Whether items carry the full body (else the summary).
    pub full: bool,
    /// Item data by post source, shared by every feed the post is in.
    pub items: BTreeMap<String, FeedItem>,
    pub feeds: Vec<FeedFile>,
}

/// One post as feeds show it.
#[derive(Serialize, Deserialize)]
pub(crate) struct FeedItem {
    pub title: String,
    /// Absolute URL.
    pub url: String,
    pub date: DateTime<FixedOffset>,
    pub author: Option<String>,
    pub categories: Vec<String>,
    /// Body or summary HTML with absolute links.
    pub html: String,
}

/// The format of a feed file.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub(crate) enum FeedKind {
    Rss,
    Atom,
    Json,
}

/// One feed file.
#[derive(Serialize, Deserialize)]
pub(crate) struct FeedFile {
    pub kind: FeedKind,
    pub title: String,
    pub self_route: String,
    pub home_route: String,
    pub updated: DateTime<FixedOffset>,
    /// Sources of the posts in it, newest first.
    pub posts: Vec<String>,
}

/// Writes every feed of `set`; returns how many.
pub(crate) fn write_feed_set(set: &FeedSet, writer: &Writer) -> Result<usize, PublishError> {
    let base = set.base_url.trim_end_matches('/');
    for feed in &set.feeds {
        let entries: Vec<Entry<'_>> = feed
            .posts
            .iter()
            .filter_map(|source| set.items.get(source))
            .map(|item| Entry {
                title: &item.title,
                url: item.url.clone(),
                date: item.date,
                author: item.author.as_deref(),
                categories: item.categories.iter().map(String::as_str).collect(),
                content_html: &item.html,
                full: set.full,
            })
            .collect();
        let meta = FeedMeta {
            title: &feed.title,
            description: &set.description,
            language: &set.language,
            home_url: crate::paths::absolute(base, &feed.home_route),
            self_url: crate::paths::absolute(base, &feed.self_route),
            updated: feed.updated,
        };
        let text = match feed.kind {
            FeedKind::Rss => rss(&meta, &entries),
            FeedKind::Atom => atom(&meta, &entries),
            FeedKind::Json => json_feed(&meta, &entries),
        };
        writer.write(
            &route_to_file(&feed.self_route)?,
            text.as_bytes(),
            Tier::Meta,
        )?;
    }
    Ok(set.feeds.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn root_relative_links_become_absolute() {
        let html = r#"<a href="/blog/x/">x</a> <img src="/img/a.png"> <a href="//cdn.example/y">y</a> <a href="https://e.org/">e</a> <p data-x="/z">"#;
        assert_eq!(
            super::absolutize(html, "https://site.test"),
            r#"<a href="https://site.test/blog/x/">x</a> <img src="https://site.test/img/a.png"> <a href="//cdn.example/y">y</a> <a href="https://e.org/">e</a> <p data-x="/z">"#
        );
    }
}
