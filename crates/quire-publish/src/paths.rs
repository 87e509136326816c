//! Mapping routes to files inside the output folder, refusing anything that
//! could leave it.

use percent_encoding::percent_decode_str;

use crate::PublishError;

/// Checks a `/`-separated path relative to the output folder: not empty, not
/// absolute, no `.`/`..`/empty segments, no NUL or backslash, and not inside
/// Quire's own `.quire/` folder.
pub(crate) fn check_rel(rel: &str) -> Result<(), PublishError> {
    let bad = rel.is_empty()
        || rel.starts_with('/')
        || rel.contains('\\')
        || rel.contains('\0')
        || rel
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
        || rel == ".quire"
        || rel.starts_with(".quire/");
    if bad {
        Err(PublishError::Escape {
            path: rel.to_string(),
        })
    } else {
        Ok(())
    }
}

/// The file that serves a route: `/blog/x/` → `blog/x/index.html`,
/// `/404.html` → `404.html`, `/` → `index.html`. Percent-encoding is decoded
/// so non-ASCII routes are UTF-8 names on disk; an encoded `..` is refused.
pub(crate) fn route_to_file(route: &str) -> Result<String, PublishError> {
    let escape = || PublishError::Escape {
        path: route.to_string(),
    };
    let path = route.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(escape());
    }
    let decoded = percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| escape())?;
    let trimmed = decoded.trim_start_matches('/');
    let rel = if trimmed.is_empty() {
        "index.html".to_string()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else if last_segment_has_extension(trimmed) {
        trimmed.to_string()
    } else {
        format!("{trimmed}/index.html")
    };
    check_rel(&rel).map_err(|_| escape())?;
    Ok(rel)
}

fn last_segment_has_extension(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    matches!(last.rsplit_once('.'), Some((stem, ext)) if !stem.is_empty() && !ext.is_empty())
}

/// `base_url` + route, the absolute URL of a page. Non-ASCII characters
/// are percent-encoded (routes of categories and authors may carry them
/// raw); existing escapes are kept, so encoded routes pass unchanged.
pub(crate) fn absolute(base_url: &str, route: &str) -> String {
    let mut out = base_url.trim_end_matches('/').to_string();
    for c in route.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_map_to_files() {
        let cases = [
            ("/", "index.html"),
            ("/blog/", "blog/index.html"),
            ("/blog/page/2/", "blog/page/2/index.html"),
            ("/404.html", "404.html"),
            ("/old/path", "old/path/index.html"),
            ("/blog/caf%C3%A9/", "blog/café/index.html"),
            ("/rss.xml", "rss.xml"),
        ];
        for (route, file) in cases {
            assert_eq!(route_to_file(route).unwrap(), file, "{route}");
        }
    }

    #[test]
    fn absolute_urls_are_percent_encoded_once() {
        assert_eq!(
            absolute("https://x.test/", "/blog/author/zoë/"),
            "https://x.test/blog/author/zo%C3%AB/"
        );
        assert_eq!(
            absolute("https://x.test", "/blog/caf%C3%A9/"),
            "https://x.test/blog/caf%C3%A9/"
        );
    }

    #[test]
    fn escaping_routes_are_refused() {
        for route in [
            "/../x/",
            "/a/%2e%2e/%2E%2E/b/",
            "blog/x/",
            "/a//b/",
            "/.quire/cache",
            "/a/%00/",
        ] {
            assert!(route_to_file(route).is_err(), "{route}");
        }
    }
}
