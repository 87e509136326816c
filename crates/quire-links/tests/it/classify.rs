//! The classification table: every kind, with the hints for malformed URLs.

use std::fmt::Write as _;

use quire_links::{LinkKind, SiteUrls, classify};

const URLS: &[&str] = &[
    // Internal: relative, root, own domains (any scheme, www or not).
    "/blog/hello/",
    "../other/#setup",
    "img/photo.png",
    "./",
    "?page=2",
    "/blog/caf%C3%A9/#r%C3%A9sum%C3%A9",
    "https://openinfra.dev",
    "http://www.openinfra.org/blog/x/?utm=1#top",
    "//openinfra.dev/static/a.css",
    "HTTPS://OpenInfra.Dev/About/",
    "ftp://openinfra.dev/file",
    // Fragments.
    "#intro",
    "#",
    // External.
    "https://example.org/page?x=1",
    "http://openinfra.dev.example.com/",
    "//cdn.example.org/x.js",
    // Other schemes.
    "mailto:team@openinfra.dev",
    "tel:+1-555-0100",
    "data:image/png;base64,iVBORw0KGgo=",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "VBScript:msgbox",
    "ftp://example.org/file",
    "irc:libera.chat",
    "webcal:example.org/cal.ics",
    // Malformed, each with its fix.
    "",
    "   ",
    "example.org/x",
    "www.example.com",
    "docs.openinfra.dev/install/",
    "someone@example.org",
    "ttps://example.org",
    "htps://example.org",
    "htp://example.org",
    "hhttps://example.org",
    "http//example.org/a",
    "https//example.org",
    "https:/example.org",
    "http:example.org",
    "https:///path",
    "https://example.org/a page",
    "C:\\Users\\me\\file.png",
    "c:/Users/me",
    // Not malformed: file names and folders that look a bit like hosts.
    "logo.png",
    "report.final.pdf",
    "v1.2/notes/",
    "readme.md",
    "http-guide/",
];

#[test]
fn classification_table() {
    let site = SiteUrls::new("https://openinfra.dev", &["openinfra.org"]);
    let mut out = String::new();
    for url in URLS {
        let kind = classify(url, &site);
        let detail = match &kind {
            LinkKind::Internal { path, fragment } => match fragment {
                Some(f) => format!("path `{path}` fragment `{f}`"),
                None => format!("path `{path}`"),
            },
            LinkKind::Fragment { id } => format!("id `{id}`"),
            LinkKind::Data { bytes } => format!("{bytes} bytes"),
            LinkKind::Unsafe { scheme } | LinkKind::Other { scheme } => scheme.clone(),
            LinkKind::Malformed { hint } => hint.clone(),
            _ => String::new(),
        };
        let _ = writeln!(out, "{url:?} → {}: {detail}", kind.name());
    }
    insta::assert_snapshot!(out);
}

#[test]
fn without_own_hosts_every_absolute_url_is_external() {
    let none = SiteUrls::default();
    assert_eq!(
        classify("https://openinfra.dev/x/", &none),
        LinkKind::External
    );
    assert!(matches!(classify("/x/", &none), LinkKind::Internal { .. }));
}
