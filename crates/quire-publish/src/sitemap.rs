//! `sitemap.xml` (split into an index past the URL limit) and `robots.txt`.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, SecondsFormat};

use crate::xml::escape;

/// The sitemap protocol's limit of URLs per file.
pub const SITEMAP_LIMIT: usize = 50_000;

/// One URL of the sitemap.
pub(crate) struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    pub lastmod: Option<DateTime<FixedOffset>>,
}

fn urlset(urls: &[SitemapUrl]) -> String {
    let mut o = String::with_capacity(64 + urls.len() * 100);
    o.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    o.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in urls {
        let _ = write!(o, "<url><loc>{}</loc>", escape(&u.loc));
        if let Some(d) = &u.lastmod {
            let _ = write!(
                o,
                "<lastmod>{}</lastmod>",
                d.to_rfc3339_opts(SecondsFormat::Secs, true)
            );
        }
        o.push_str("</url>\n");
    }
    o.push_str("</urlset>\n");
    o
}

/// The sitemap files as (relative path, text): `sitemap.xml` alone when the
/// URLs fit in `limit`, else `sitemap.xml` as an index of `sitemap-1.xml`,
/// `sitemap-2.xml`, ... each holding at most `limit` URLs.
pub(crate) fn sitemaps(base_url: &str, urls: &[SitemapUrl], limit: usize) -> Vec<(String, String)> {
    let limit = limit.max(1);
    if urls.len() <= limit {
        return vec![("sitemap.xml".into(), urlset(urls))];
    }
    let mut files = Vec::new();
    let mut index = String::new();
    index.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    index.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (i, chunk) in urls.chunks(limit).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        let _ = write!(
            index,
            "<sitemap><loc>{}</loc>",
            escape(&format!("{base_url}/{name}"))
        );
        if let Some(newest) = chunk.iter().filter_map(|u| u.lastmod).max() {
            let _ = write!(
                index,
                "<lastmod>{}</lastmod>",
                newest.to_rfc3339_opts(SecondsFormat::Secs, true)
            );
        }
        index.push_str("</sitemap>\n");
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

/// `robots.txt`: everything allowed, pointing at the sitemap.
pub(crate) fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap.xml\n")
}
