//! Alias redirect pages and the Netlify-style `_redirects` file.

use crate::xml::escape;

/// An HTML page that sends browsers and crawlers to `target` (absolute URL).
pub(crate) fn redirect_page(target: &str, language: &str) -> String {
    let t = escape(target);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting to {t}</title>\n<link rel=\"canonical\" href=\"{t}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{t}\">{t}</a>.</p>\n</body>\n</html>\n",
        lang = escape(language)
    )
}

/// `_redirects` lines (`from to 301`), one per alias, sorted by `from`.
pub(crate) fn redirects_file(pairs: &[(String, String)]) -> String {
    let mut lines: Vec<_> = pairs
        .iter()
        .map(|(from, to)| format!("{from} {to} 301\n"))
        .collect();
    lines.sort();
    lines.concat()
}
