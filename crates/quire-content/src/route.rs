//! Routes: where a page lands on the site, from `seo.url`, aliases and
//! file paths. A route is a root path ending in `/`, percent-encoded, and
//! can never leave the output folder.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use crate::model::SiteSettings;

/// Bytes escaped inside one path segment (non-ASCII always is).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'[')
    .add(b']')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// What a URL written in front matter points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A root path, or an absolute URL on one of the site's own hosts: the path.
    Own(String),
    /// Neither a URL nor a root path (`oct2025-ptg-summary`).
    Slug(String),
    /// An absolute URL on another host.
    Foreign(String),
    /// Something that names a file, not a page (`file:`, `C:\`).
    Escape(String),
}

/// The lowercase host of an absolute URL (`scheme://host[:port]/...` or
/// `//host/...`) and the rest of the URL from its path on; `None` for
/// anything without an authority.
///
/// ```
/// assert_eq!(
///     quire_content::url_host("https://User@OpenInfra.dev:443/blog/?x"),
///     Some(("openinfra.dev".to_owned(), "/blog/?x"))
/// );
/// assert_eq!(quire_content::url_host("/blog/x"), None);
/// ```
pub fn url_host(url: &str) -> Option<(String, &str)> {
    // A byte search: `find("://")` sets up a two-way searcher every call.
    let separator = url.as_bytes().windows(3).position(|w| w == b"://");
    let after_scheme = match separator {
        Some(i) if is_scheme(&url[..i]) => &url[i + 3..],
        _ => url.strip_prefix("//")?,
    };
    let (host, rest) = authority_host(after_scheme);
    Some((host.to_ascii_lowercase(), rest))
}

/// The host of a URL's authority as written (any case; without user, port
/// and final dots) and the rest of the URL from its path on. `after_slashes`
/// is the URL after the `//` that starts its authority. [`url_host`] is this
/// host lowercased; a caller that compares hosts ignoring case need not
/// copy it.
///
/// ```
/// assert_eq!(
///     quire_content::authority_host("User@OpenInfra.dev.:443/blog/?x"),
///     ("OpenInfra.dev", "/blog/?x")
/// );
/// ```
pub fn authority_host(after_slashes: &str) -> (&str, &str) {
    // Byte loops here and in `path_part`: a `find` with a set of chars
    // decodes and compares every char, and this runs for every post.
    let end = after_slashes
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(after_slashes.len());
    let authority = &after_slashes[..end];
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = match authority.rfind(':') {
        Some(i) if authority[i + 1..].bytes().all(|b| b.is_ascii_digit()) => &authority[..i],
        _ => authority,
    };
    (host.trim_end_matches('.'), &after_slashes[end..])
}

fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Whether `host` is the site: the host of `base_url`, one of `domains`,
/// or either of those with or without a leading `www.`.
pub(crate) fn is_own_host(host: &str, settings: &SiteSettings) -> bool {
    fn bare(h: &str) -> &str {
        h.strip_prefix("www.").unwrap_or(h)
    }
    let wanted = bare(host);
    let base = url_host(&settings.base_url).map(|(h, _)| h);
    base.iter()
        .chain(settings.domains.iter())
        .any(|own| bare(own) == wanted)
}

/// Classifies a URL written in front matter.
pub(crate) fn classify(url: &str, settings: &SiteSettings) -> Target {
    let url = url.trim();
    let scheme = url.as_bytes().get(..5);
    if scheme.is_some_and(|s| s.eq_ignore_ascii_case(b"file:")) {
        return Target::Escape("a `file:` URL names a file on disk".into());
    }
    if url.contains('\\') {
        return Target::Escape("a backslash makes it a Windows file path".into());
    }
    let bytes = url.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Target::Escape("it starts with a drive letter".into());
    }
    if let Some((host, rest)) = url_host(url) {
        return if is_own_host(&host, settings) {
            Target::Own(path_part(rest))
        } else {
            Target::Foreign(host)
        };
    }
    if let Some(colon) = url.find(':') {
        if is_scheme(&url[..colon]) && !url[..colon].contains('/') {
            return Target::Foreign(url[..colon].to_ascii_lowercase() + ":");
        }
    }
    if url.starts_with('/') {
        Target::Own(path_part(url))
    } else {
        Target::Slug(path_part(url))
    }
}

/// The path of a URL without query and fragment, `/` when empty.
fn path_part(rest: &str) -> String {
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'?' | b'#'))
        .unwrap_or(rest.len());
    let path = &rest[..end];
    if path.is_empty() {
        "/".into()
    } else {
        path.into()
    }
}

/// Turns a path into a route: segments decoded then re-encoded, empty
/// segments dropped, a trailing `/` added. Refuses `.` and `..` segments,
/// written plainly or percent-encoded, and encoded separators or NUL, which
/// would all place the page outside its folder.
pub(crate) fn normalize(path: &str) -> Result<String, String> {
    // Room for the path and the slashes added around it, to skip regrowing.
    let mut route = String::with_capacity(path.len() + 2);
    route.push('/');
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        // Nothing to decode or encode: the segment is its own route part.
        let plain = segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
        if plain && segment != "." && segment != ".." {
            route.push_str(segment);
            route.push('/');
            continue;
        }
        let decoded: Vec<u8> = percent_decode_str(segment).collect();
        if decoded == b"." || decoded == b".." {
            return Err(format!(
                "the segment `{segment}` points outside the site folder"
            ));
        }
        if decoded.iter().any(|b| matches!(b, b'/' | b'\\' | 0)) {
            return Err(format!(
                "the segment `{segment}` hides a path separator or a NUL byte"
            ));
        }
        let text = String::from_utf8_lossy(&decoded);
        route.extend(utf8_percent_encode(&text, SEGMENT));
        route.push('/');
    }
    Ok(route)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> SiteSettings {
        SiteSettings {
            base_url: "https://openinfra.dev".into(),
            domains: vec!["openinfra.org".into()],
            ..SiteSettings::default()
        }
    }

    #[test]
    fn classifies_urls() {
        let s = settings();
        let own = |p: &str| Target::Own(p.into());
        assert_eq!(
            classify("https://openinfra.dev/blog/a?x=1#y", &s),
            own("/blog/a")
        );
        assert_eq!(
            classify("http://WWW.OpenInfra.org:8080/blog/b/", &s),
            own("/blog/b/")
        );
        assert_eq!(classify("//openinfra.dev", &s), own("/"));
        assert_eq!(classify("/blog/c", &s), own("/blog/c"));
        assert_eq!(
            classify("oct2025-ptg-summary", &s),
            Target::Slug("oct2025-ptg-summary".into())
        );
        assert_eq!(
            classify("https://superuser.openstack.org/x", &s),
            Target::Foreign("superuser.openstack.org".into())
        );
        assert_eq!(
            classify("mailto:a@b.c", &s),
            Target::Foreign("mailto:".into())
        );
        for bad in ["file:///etc/passwd", "C:\\posts\\x", "c:/x", "/blog\\..\\x"] {
            assert!(matches!(classify(bad, &s), Target::Escape(_)), "{bad}");
        }
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("/blog/a").unwrap(), "/blog/a/");
        assert_eq!(normalize("//blog//b/").unwrap(), "/blog/b/");
        assert_eq!(normalize("/").unwrap(), "/");
        assert_eq!(
            normalize("/blog/café au lait").unwrap(),
            "/blog/caf%C3%A9%20au%20lait/"
        );
        assert_eq!(normalize("/blog/caf%c3%a9").unwrap(), "/blog/caf%C3%A9/");
        assert_eq!(normalize("/blog/100%").unwrap(), "/blog/100%25/");
        assert_eq!(normalize("/v1.2~rc_3-X/...").unwrap(), "/v1.2~rc_3-X/.../");
        assert_eq!(normalize("/a/b!c").unwrap(), "/a/b!c/");
        for bad in ["/blog/../etc", "/./x", "/blog/%2e%2E/x", "/a%2fb", "/a%00"] {
            assert!(normalize(bad).is_err(), "{bad}");
        }
    }
}
