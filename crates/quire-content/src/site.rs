//! `site.yaml`: the site settings.

use quire_diagnostics::Diagnostic;
use serde_json::{Map, Value};

use crate::fields::{Fields, twitter_handle, type_name};
use crate::keys::scan_yaml;
use crate::model::{Category, SiteSettings};
use crate::parse::{decode, duplicate_key};
use crate::value::parse_yaml;

/// Every key `site.yaml` may hold.
const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "base_url",
    "domains",
    "owned_paths",
    "title_template",
    "twitter_site",
    "posts_per_page",
    "feed_items",
    "feed_full_content",
    "hidden_in_feeds",
    "raw_html",
    "highlight_code",
    "data_uri_limit",
    "theme",
    "categories",
];

/// Parses `site.yaml` (plain YAML, no fences). Every key is optional; a key
/// with a problem keeps its default and is reported.
///
/// ```
/// let (settings, diagnostics) = quire_content::parse_settings("site.yaml", b"title: Demo\nposts_per_page: 5\n");
/// assert!(diagnostics.is_empty());
/// assert_eq!((settings.title.as_str(), settings.posts_per_page), ("Demo", 5));
/// ```
pub fn parse_settings(rel_path: &str, bytes: &[u8]) -> (SiteSettings, Vec<Diagnostic>) {
    let mut settings = SiteSettings::default();
    let text = match decode(rel_path, bytes, "site-utf8") {
        Ok(t) => t,
        Err(d) => return (settings, vec![d]),
    };
    let keys = scan_yaml(text, 1);
    let map = match parse_yaml(text, 1) {
        Ok(Value::Object(m)) => m,
        Ok(Value::Null) => Map::new(),
        Ok(other) => {
            let d = Diagnostic::error(
                "site-type",
                rel_path,
                1,
                1,
                format!(
                    "site.yaml must be a mapping of settings, found {}",
                    type_name(&other)
                ),
            )
            .with_hint("write one `key: value` per line");
            return (settings, vec![d]);
        }
        Err(e) => {
            let d = match &e.duplicate_key {
                Some(key) => duplicate_key("site-duplicate-key", rel_path, &keys, &e, key),
                None => Diagnostic::error(
                    "site-yaml",
                    rel_path,
                    e.line,
                    e.column,
                    format!("invalid YAML: {}", e.message),
                )
                .with_hint("quote values that contain `: ` or `#`"),
            };
            return (settings, vec![d]);
        }
    };
    let mut f = Fields::new(rel_path, &keys, "site");
    for key in f.unknown_keys(&map, SITE_KEYS, "") {
        f.error(
            "site-unknown-key",
            keys.key(&key),
            format!("unknown setting `{key}`"),
            format!("known settings are: {}", SITE_KEYS.join(", ")),
        );
    }
    let s = &mut settings;
    let texts: [(&str, &mut String); 5] = [
        ("title", &mut s.title),
        ("description", &mut s.description),
        ("language", &mut s.language),
        ("title_template", &mut s.title_template),
        ("theme", &mut s.theme),
    ];
    for (key, slot) in texts {
        if let Some(v) = f.text(&map, key, key) {
            *slot = v.trim().to_owned();
        }
    }
    if !s.title_template.contains("%s") {
        f.warning(
            "site-value",
            keys.value("title_template"),
            format!(
                "`title_template` `{}` has no `%s`, so every page gets the same title",
                s.title_template
            ),
            "write e.g. `title_template: \"%s | Blog\"`".to_owned(),
        );
    }
    if let Some(url) = f.text(&map, "base_url", "base_url") {
        let url = url.trim().trim_end_matches('/');
        let lower = url.to_ascii_lowercase();
        let has_host = crate::route::url_host(url).is_some_and(|(h, _)| !h.is_empty());
        if has_host && (lower.starts_with("https://") || lower.starts_with("http://")) {
            s.base_url = url.to_owned();
        } else {
            f.error(
                "site-value",
                keys.value("base_url"),
                format!("`base_url` `{url}` is not an absolute http(s) URL"),
                "write e.g. `base_url: https://openinfra.dev`".to_owned(),
            );
        }
    }
    if let Some(list) = f.text_list(&map, "domains", "domains") {
        s.domains = list
            .into_iter()
            .map(|(_, d)| {
                let d = d.trim();
                match crate::route::url_host(d) {
                    Some((host, _)) => host,
                    None => d.trim_end_matches('/').to_ascii_lowercase(),
                }
            })
            .filter(|d| !d.is_empty())
            .collect();
    }
    if let Some(list) = f.text_list(&map, "owned_paths", "owned_paths") {
        s.owned_paths.clear();
        for (i, p) in list {
            if p.starts_with('/') {
                s.owned_paths.push(p);
            } else {
                f.error(
                    "site-value",
                    keys.value(&format!("owned_paths.{i}")),
                    format!("owned path `{p}` does not start with `/`"),
                    format!("write `/{}`", p.trim_start_matches('/')),
                );
            }
        }
    }
    if let Some(raw) = f.text(&map, "twitter_site", "twitter_site") {
        let (handle, fixed) = twitter_handle(&raw);
        if let (Some(h), Some(fixed)) = (&handle, fixed) {
            f.warning(
                "site-twitter-handle",
                keys.value("twitter_site"),
                format!("twitter handle `{raw}` is not a plain handle: {fixed}"),
                format!("write `twitter_site: \"@{h}\"`"),
            );
        }
        s.twitter_site = handle.map(|h| format!("@{h}"));
    }
    let counts: [(&str, &mut usize); 3] = [
        ("posts_per_page", &mut s.posts_per_page),
        ("feed_items", &mut s.feed_items),
        ("data_uri_limit", &mut s.data_uri_limit),
    ];
    for (key, slot) in counts {
        match map.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n > 0) => {
                *slot = usize::try_from(n.as_u64().unwrap_or(1)).unwrap_or(usize::MAX);
            }
            Some(other) => f.wrong_type(key, "a whole number above 0", other),
        }
    }
    let flags: [(&str, &mut bool); 4] = [
        ("feed_full_content", &mut s.feed_full_content),
        ("hidden_in_feeds", &mut s.hidden_in_feeds),
        ("raw_html", &mut s.raw_html),
        ("highlight_code", &mut s.highlight_code),
    ];
    for (key, slot) in flags {
        if let Some(b) = f.boolean(&map, key, key) {
            *slot = b;
        }
    }
    s.categories = categories(&mut f, &map);
    let mut diagnostics = f.diagnostics;
    quire_diagnostics::sort(&mut diagnostics);
    (settings, diagnostics)
}

fn categories(f: &mut Fields<'_>, map: &Map<String, Value>) -> Vec<Category> {
    let items = match map.get("categories") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            f.wrong_type("categories", "a list of `{id, label}` items", other);
            return Vec::new();
        }
    };
    let mut out: Vec<Category> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("categories.{i}");
        let Value::Object(item) = item else {
            f.wrong_type(&path, "a mapping with `id` and `label`", item);
            continue;
        };
        for key in f.unknown_keys(item, &["id", "label"], &path) {
            f.error(
                "site-unknown-key",
                f.keys.key(&format!("{path}.{key}")),
                format!("unknown key `{path}.{key}`"),
                "a category has only `id` and `label`".to_owned(),
            );
        }
        let id = f.text(item, "id", &format!("{path}.id"));
        let label = f.text(item, "label", &format!("{path}.label"));
        let (Some(id), Some(label)) = (id, label) else {
            f.error(
                "site-value",
                f.keys.key(&path),
                format!("category {} needs both `id` and `label`", i + 1),
                "write `- {id: category-x, label: Name}`".to_owned(),
            );
            continue;
        };
        if out.iter().any(|c| c.id == id) {
            f.error(
                "site-value",
                f.keys.value(&format!("{path}.id")),
                format!("category id `{id}` is declared twice"),
                "give each category its own id".to_owned(),
            );
            continue;
        }
        out.push(Category {
            id: id.trim().to_owned(),
            label: label.trim().to_owned(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_setting() {
        let yaml = "title: Demo\nbase_url: https://openinfra.dev/\ndomains: [OpenInfra.org, 'https://www.openstack.org/']\nowned_paths: [/blog/]\ntitle_template: '%s | Demo'\ntwitter_site: OpenInfraDev\nposts_per_page: 3\nfeed_items: 4\nfeed_full_content: false\nhidden_in_feeds: true\nraw_html: false\nhighlight_code: false\ndata_uri_limit: 10\ntheme: plain\nlanguage: fr\ndescription: d\ncategories:\n  - {id: c1, label: One}\n";
        let (s, d) = parse_settings("site.yaml", yaml.as_bytes());
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.base_url, "https://openinfra.dev");
        assert_eq!(s.domains, ["openinfra.org", "www.openstack.org"]);
        assert_eq!(s.twitter_site.as_deref(), Some("@OpenInfraDev"));
        assert_eq!(
            (s.posts_per_page, s.feed_items, s.data_uri_limit),
            (3, 4, 10)
        );
        assert!(!s.feed_full_content && s.hidden_in_feeds && !s.raw_html && !s.highlight_code);
        assert_eq!(
            s.categories,
            [Category {
                id: "c1".into(),
                label: "One".into()
            }]
        );
        assert_eq!(
            (
                s.theme.as_str(),
                s.language.as_str(),
                s.owned_paths.as_slice()
            ),
            ("plain", "fr", &["/blog/".to_owned()][..])
        );
    }

    #[test]
    fn reports_unknown_keys_and_bad_values() {
        let yaml = "titel: x\nfoo: 1\nposts_per_page: 0\nbase_url: openinfra.dev\n";
        let (s, d) = parse_settings("site.yaml", yaml.as_bytes());
        let got: Vec<_> = d
            .iter()
            .map(|d| (d.code.as_str(), d.line, d.hint.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            got[0],
            ("site-unknown-key", 1, "did you mean `title`?".into())
        );
        assert_eq!((got[1].0, got[1].1), ("site-unknown-key", 2));
        assert_eq!((got[2].0, got[2].1), ("site-type", 3));
        assert_eq!((got[3].0, got[3].1), ("site-value", 4));
        assert_eq!(s, SiteSettings::default());
    }
}
