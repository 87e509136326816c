//! What a URL points at: this site, another site, an email address, or
//! nothing usable (with the likely fix).

use std::borrow::Cow;

use serde::Serialize;

/// The hosts that are "this site", for telling internal links from external
/// ones. A host matches with or without a leading `www.`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteUrls {
    /// Lowercase hosts without `www.`.
    hosts: Vec<String>,
}

impl SiteUrls {
    /// The host of `base_url` plus every host in `domains` (hosts, or URLs
    /// whose host is taken).
    ///
    /// ```
    /// use quire_links::{SiteUrls, classify, LinkKind};
    /// let site = SiteUrls::new("https://openinfra.dev", &["openinfra.org"]);
    /// assert!(matches!(classify("http://www.openinfra.org/blog/", &site), LinkKind::Internal { .. }));
    /// ```
    pub fn new(base_url: &str, domains: &[impl AsRef<str>]) -> Self {
        let mut hosts = Vec::new();
        let mut add = |h: &str| {
            let h = host_of(h).unwrap_or_else(|| h.trim().to_ascii_lowercase());
            let h = bare(&h).to_owned();
            if !h.is_empty() && !hosts.contains(&h) {
                hosts.push(h);
            }
        };
        if let Some(h) = host_of(base_url) {
            add(&h);
        }
        for d in domains {
            add(d.as_ref());
        }
        SiteUrls { hosts }
    }

    /// From site settings (`base_url` and `domains`).
    pub fn from_settings(settings: &quire_content::SiteSettings) -> Self {
        SiteUrls::new(&settings.base_url, &settings.domains)
    }

    /// True when `host` (any case, with or without `www.`) is this site.
    pub fn is_own_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.');
        let host = match host.as_bytes().get(..4) {
            Some(www) if www.eq_ignore_ascii_case(b"www.") => &host[4..],
            _ => host,
        };
        self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }
}

fn bare(host: &str) -> &str {
    host.strip_prefix("www.").unwrap_or(host)
}

/// Lowercase host of `scheme://host...` or `//host...`; `None` otherwise.
fn host_of(url: &str) -> Option<String> {
    quire_content::url_host(url.trim()).map(|(host, _)| host)
}

fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LinkKind {
    /// This site: a relative path, a root path, or an absolute URL on one of
    /// the site's own hosts (any scheme).
    Internal {
        /// The path as written: relative (`../x/`), root (`/blog/x/`), or
        /// the path of an own-domain URL (`/` when it has none). No query,
        /// no fragment; empty for a query-only link (`?page=2`).
        path: String,
        /// The fragment as written, without `#`.
        #[serde(skip_serializing_if = "Option::is_none")]
        fragment: Option<String>,
    },
    /// `#id`: a place on the same page.
    Fragment {
        /// The id as written, without `#` (empty for the top of the page).
        id: String,
    },
    /// An `http:` or `https:` URL on another host.
    External,
    /// `mailto:`.
    Mailto,
    /// `tel:`.
    Tel,
    /// `data:`, with its length in bytes.
    Data {
        /// Bytes of the whole URL.
        bytes: usize,
    },
    /// A scheme browsers run or that reads local files (`javascript:`,
    /// `vbscript:`, `file:`): the Markdown stage removes these from the page.
    Unsafe {
        /// The scheme, lowercase, with its colon.
        scheme: String,
    },
    /// Any other scheme (`ftp:`, `irc:`, `webcal:`): not checked.
    Other {
        /// The scheme, lowercase, with its colon.
        scheme: String,
    },
    /// Not a usable URL.
    Malformed {
        /// What is wrong and the likely fix, starting lowercase.
        hint: String,
    },
}

impl LinkKind {
    /// Short lowercase name (`internal`, `fragment`, `external`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            LinkKind::Internal { .. } => "internal",
            LinkKind::Fragment { .. } => "fragment",
            LinkKind::External => "external",
            LinkKind::Mailto => "mailto",
            LinkKind::Tel => "tel",
            LinkKind::Data { .. } => "data",
            LinkKind::Unsafe { .. } => "unsafe",
            LinkKind::Other { .. } => "other",
            LinkKind::Malformed { .. } => "malformed",
        }
    }
}

/// Schemes that are fine as written, so never read as a typo of `http`.
const KNOWN_SCHEMES: &[&str] = &[
    "ftp", "ftps", "sftp", "ssh", "git", "irc", "ircs", "news", "nntp", "xmpp", "sms", "geo",
    "urn", "magnet", "webcal", "feed", "about", "blob", "ws", "wss", "matrix", "slack", "zoommtg",
    "spotify", "skype", "facetime", "callto", "bitcoin", "ipfs", "doi",
];

const UNSAFE_SCHEMES: &[&str] = &["javascript", "vbscript", "file"];

/// Top-level domains common enough that `name.tld/...` without a scheme is
/// almost surely a web address rather than a relative file path.
const COMMON_TLDS: &[&str] = &[
    "com", "org", "net", "io", "dev", "edu", "gov", "info", "co", "app", "ai", "me", "ly", "tv",
    "us", "uk", "de", "fr", "nl", "eu", "ca", "au", "jp", "cn", "ru", "in", "ch", "se", "no", "es",
    "it", "be", "at", "pl", "br", "biz", "xyz", "tech", "cloud", "site", "online", "blog", "news",
    "int", "mil", "ie", "nz", "kr", "tw", "hk", "sg", "fi", "dk", "cz", "pt", "gr",
];

/// Classifies one URL as written in Markdown or HTML.
///
/// ```
/// use quire_links::{classify, LinkKind, SiteUrls};
/// let site = SiteUrls::new("https://openinfra.dev", &[] as &[&str]);
/// assert_eq!(classify("#intro", &site), LinkKind::Fragment { id: "intro".into() });
/// assert_eq!(classify("https://example.org", &site), LinkKind::External);
/// let LinkKind::Malformed { hint } = classify("example.org/x", &site) else { panic!() };
/// assert!(hint.contains("https://example.org/x"));
/// ```
pub fn classify(url: &str, site: &SiteUrls) -> LinkKind {
    classify_borrowed(url, site).into_owned()
}

/// What [`classify_borrowed`] finds: the kinds most links are, borrowed from
/// the URL, so the site-wide check allocates nothing for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Class<'u> {
    /// [`LinkKind::Internal`].
    Internal {
        path: &'u str,
        fragment: Option<&'u str>,
    },
    /// [`LinkKind::Fragment`].
    Fragment(&'u str),
    /// Every other kind.
    Other(LinkKind),
}

impl Class<'_> {
    fn into_owned(self) -> LinkKind {
        match self {
            Class::Internal { path, fragment } => LinkKind::Internal {
                path: path.to_owned(),
                fragment: fragment.map(str::to_owned),
            },
            Class::Fragment(id) => LinkKind::Fragment { id: id.to_owned() },
            Class::Other(kind) => kind,
        }
    }
}

/// [`classify`] without copying the path, fragment or id out of the URL.
pub(crate) fn classify_borrowed<'u>(url: &'u str, site: &SiteUrls) -> Class<'u> {
    let url = trim(url);
    if url.is_empty() {
        return malformed("the link has no URL; write the address it should point at");
    }
    if let Some(id) = url.strip_prefix('#') {
        return Class::Fragment(id);
    }
    if has_whitespace(url) {
        let fixed: String = url
            .chars()
            .map(|c| {
                if c.is_whitespace() {
                    "%20".to_owned()
                } else {
                    c.to_string()
                }
            })
            .collect();
        return malformed(format!(
            "the URL contains whitespace; write `{fixed}`, or remove the spaces if they are a typo"
        ));
    }
    let bytes = url.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return malformed(format!(
            "`{url}` is a file path on a Windows disk; put the file under static/ and link to `/<its path>`"
        ));
    }
    if url.contains('\\') {
        return malformed(format!(
            "the URL contains a backslash; write `{}`",
            url.replace('\\', "/")
        ));
    }
    // A root path, as most links are: no scheme, host or typo of one can
    // come before its `/`.
    if bytes[0] == b'/' && bytes.get(1) != Some(&b'/') {
        return internal(url);
    }
    if let Some(kind) = scheme_kind(url, site) {
        return kind;
    }
    if let Some((host, rest)) = url.strip_prefix("//").map(quire_content::authority_host) {
        return if site.is_own_host(host) {
            own_path(rest)
        } else {
            Class::Other(LinkKind::External)
        };
    }
    if let Some(kind) = schemeless_web_address(url) {
        return kind;
    }
    internal(url)
}

/// Classifies URLs that start with `scheme:` (or a typo of one); `None` for
/// anything without a scheme.
fn scheme_kind<'u>(url: &'u str, site: &SiteUrls) -> Option<Class<'u>> {
    // `http//example.org`, `htps//x`: a scheme missing its colon. Only the
    // first `//` counts, and only within the first 10 bytes.
    let head = &url.as_bytes()[..url.len().min(10)];
    let first_slashes = head.windows(2).position(|w| w == b"//");
    if let Some(i) = first_slashes.filter(|&i| i > 0 && i <= 8) {
        let alphabetic = url.as_bytes()[..i].iter().all(u8::is_ascii_alphabetic);
        let word = if alphabetic {
            url[..i].to_ascii_lowercase()
        } else {
            String::new()
        };
        let word = word.as_str();
        if alphabetic && (matches!(word, "http" | "https") || near_http(word)) {
            let scheme = if word.ends_with('s') { "https" } else { "http" };
            return Some(malformed(format!(
                "`{}` is not a scheme; write `{scheme}://{}`",
                &url[..i + 2],
                &url[i + 2..]
            )));
        }
    }
    let colon = url.find(':')?;
    if !is_scheme(&url[..colon]) {
        return None;
    }
    let scheme = &url[..colon];
    let scheme = if scheme.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(scheme.to_ascii_lowercase())
    } else {
        Cow::Borrowed(scheme)
    };
    let scheme = &*scheme;
    let rest = &url[colon + 1..];
    Some(match scheme {
        "http" | "https" => match rest.strip_prefix("//").map(quire_content::authority_host) {
            Some(("", _)) => malformed(format!(
                "`{url}` has no host; write `{scheme}://example.org/...`"
            )),
            Some((host, rest)) if site.is_own_host(host) => own_path(rest),
            Some(_) => Class::Other(LinkKind::External),
            None => {
                let tail = rest.trim_start_matches(['/', ':']);
                malformed(format!(
                    "`{scheme}:` must be followed by `//`; write `{scheme}://{tail}`"
                ))
            }
        },
        "mailto" => Class::Other(LinkKind::Mailto),
        "tel" => Class::Other(LinkKind::Tel),
        "data" => Class::Other(LinkKind::Data { bytes: url.len() }),
        s if UNSAFE_SCHEMES.contains(&s) => Class::Other(LinkKind::Unsafe {
            scheme: format!("{s}:"),
        }),
        s if KNOWN_SCHEMES.contains(&s) => Class::Other(LinkKind::Other {
            scheme: format!("{s}:"),
        }),
        s if near_http(s) && rest.starts_with('/') => {
            let fixed = if s.ends_with('s') { "https" } else { "http" };
            malformed(format!(
                "`{s}:` looks like a typo; write `{fixed}:{}`",
                normalize_slashes(rest)
            ))
        }
        s => Class::Other(LinkKind::Other {
            scheme: format!("{s}:"),
        }),
    })
}

fn normalize_slashes(rest: &str) -> String {
    format!("//{}", rest.trim_start_matches('/'))
}

/// A typo of `http` or `https`, not the word itself.
fn near_http(word: &str) -> bool {
    if word == "http" || word == "https" || word.len() < 3 || KNOWN_SCHEMES.contains(&word) {
        return false;
    }
    strsim::levenshtein(word, "http") <= 2 || strsim::levenshtein(word, "https") <= 2
}

/// `example.org/x`, `www.example.org`, `someone@example.org`: web or email
/// addresses written without their scheme.
fn schemeless_web_address(url: &str) -> Option<Class<'static>> {
    if url.starts_with(['/', '.', '?']) {
        return None;
    }
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    let first = &url[..end];
    if let Some((local, domain)) = first.split_once('@') {
        if end == url.len()
            && !local.is_empty()
            && !local.contains(':')
            && looks_like_host(domain, true)
        {
            return Some(malformed(format!(
                "an email address needs `mailto:`; write `mailto:{url}`"
            )));
        }
        return None;
    }
    if looks_like_host(first, false) {
        return Some(malformed(format!(
            "the URL has no scheme, so browsers read it as a file path on this site; write `https://{url}`"
        )));
    }
    None
}

/// Dot-separated labels of letters, digits and `-`, at least two, ending in
/// a TLD: any alphabetic one for email domains, a common one (or a `www.`
/// start) for web hosts.
fn looks_like_host(s: &str, any_tld: bool) -> bool {
    let lower = s.to_ascii_lowercase();
    let labels: Vec<&str> = lower.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    {
        return false;
    }
    let tld = labels[labels.len() - 1];
    if tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    any_tld || labels[0] == "www" || COMMON_TLDS.contains(&tld)
}

/// An own-domain URL reduced to its path (`/` when it has none).
fn own_path(rest: &str) -> Class<'_> {
    match internal(rest) {
        Class::Internal { path: "", fragment } => Class::Internal {
            path: "/",
            fragment,
        },
        kind => kind,
    }
}

fn internal(url: &str) -> Class<'_> {
    let (before, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let path = before.split('?').next().unwrap_or_default();
    Class::Internal { path, fragment }
}

fn malformed(hint: impl Into<String>) -> Class<'static> {
    Class::Other(LinkKind::Malformed { hint: hint.into() })
}

/// `str::trim`, without looking at the characters when the first and last
/// bytes are visible ASCII, as they are in nearly every URL.
fn trim(url: &str) -> &str {
    match url.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => url,
        [only] if only.is_ascii_graphic() => url,
        _ => url.trim(),
    }
}

/// True when `s` has a character that [`char::is_whitespace`] accepts,
/// testing bytes until the first non-ASCII one.
fn has_whitespace(s: &str) -> bool {
    // Visible ASCII only, as nearly every URL is: one pass without a branch
    // per byte.
    if s.bytes()
        .fold(true, |visible, b| visible & (b > b' ') & (b < 0x80))
    {
        return false;
    }
    let first = s
        .bytes()
        .position(|b| b >= 0x80 || matches!(b, b' ' | b'\t'..=b'\r'));
    match first {
        None => false,
        Some(i) if s.as_bytes()[i] < 0x80 => true,
        // Every byte before `i` is ASCII, so `i` starts a character.
        Some(i) => s[i..].contains(char::is_whitespace),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteUrls {
        SiteUrls::new("https://openinfra.dev", &["openinfra.org"])
    }

    #[test]
    fn own_hosts_match_with_and_without_www() {
        let s = site();
        assert!(s.is_own_host("openinfra.dev"));
        assert!(s.is_own_host("WWW.OpenInfra.org."));
        assert!(!s.is_own_host("openinfra.dev.evil.com"));
    }

    #[test]
    fn hosts_and_whitespace_agree_with_their_plain_definitions() {
        const PIECES: &[&str] = &[
            "https:",
            "//",
            "/",
            "User@",
            "@",
            "OpenInfra",
            ".dev",
            ".",
            ":443",
            ":",
            "x",
            "?q",
            "#f",
            " ",
            "\t",
            "\u{a0}",
            "\u{3000}",
            "é",
            "\u{7f}",
            "\u{1}",
        ];
        let mut rng = fastrand::Rng::with_seed(12);
        for _ in 0..5000 {
            let url: String = (0..rng.usize(..10))
                .map(|_| PIECES[rng.usize(..PIECES.len())])
                .collect();
            assert_eq!(
                has_whitespace(&url),
                url.contains(char::is_whitespace),
                "{url:?}"
            );
            // What `classify` reads of an `http(s)` URL and of `//host`.
            let after = url.strip_prefix("https://").or(url.strip_prefix("//"));
            if let Some(after) = after {
                let (host, rest) = quire_content::authority_host(after);
                let (lower, expected_rest) = quire_content::url_host(&url).unwrap();
                assert_eq!(
                    (host.to_ascii_lowercase(), rest),
                    (lower, expected_rest),
                    "{url:?}"
                );
            }
        }
    }

    #[test]
    fn own_domain_urls_are_reduced_to_paths() {
        let s = site();
        for (url, path, fragment) in [
            ("https://openinfra.dev", "/", None),
            (
                "http://www.openinfra.org/blog/x/?a=1#top",
                "/blog/x/",
                Some("top"),
            ),
            ("//openinfra.dev/a", "/a", None),
            ("https://openinfra.dev#f", "/", Some("f")),
        ] {
            assert_eq!(
                classify(url, &s),
                LinkKind::Internal {
                    path: path.into(),
                    fragment: fragment.map(Into::into)
                },
                "{url}"
            );
        }
    }
}
