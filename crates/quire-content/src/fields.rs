//! Reading typed fields out of parsed front matter, with diagnostics that
//! point at the key or value in the original file.

use quire_diagnostics::{Diagnostic, Severity};
use serde_json::{Map, Value};

use crate::keys::{KeyIndex, Pos};

/// Collects diagnostics for one file and remembers whether any was an error.
pub(crate) struct Fields<'a> {
    pub file: &'a str,
    pub keys: &'a KeyIndex<'a>,
    /// Code prefix: `fm` or `site`.
    pub stage: &'static str,
    pub diagnostics: Vec<Diagnostic>,
    pub failed: bool,
}

impl<'a> Fields<'a> {
    pub fn new(file: &'a str, keys: &'a KeyIndex<'a>, stage: &'static str) -> Self {
        Fields {
            file,
            keys,
            stage,
            diagnostics: Vec::new(),
            failed: false,
        }
    }

    /// Reports a diagnostic; `code` is given without the stage prefix when
    /// it starts with `-` (`-type` becomes `fm-type` or `site-type`).
    pub fn report(
        &mut self,
        severity: Severity,
        code: &str,
        pos: Pos,
        message: String,
        hint: Option<String>,
    ) {
        let code = if code.starts_with('-') {
            format!("{}{code}", self.stage)
        } else {
            code.to_owned()
        };
        let mut d = Diagnostic::new(severity, code, self.file, pos.line, pos.column, message);
        if let Some(hint) = hint {
            d = d.with_hint(hint);
        }
        self.failed |= severity == Severity::Error;
        self.diagnostics.push(d);
    }

    pub fn error(
        &mut self,
        code: &str,
        pos: Pos,
        message: String,
        hint: impl Into<Option<String>>,
    ) {
        self.report(Severity::Error, code, pos, message, hint.into());
    }

    pub fn warning(
        &mut self,
        code: &str,
        pos: Pos,
        message: String,
        hint: impl Into<Option<String>>,
    ) {
        self.report(Severity::Warning, code, pos, message, hint.into());
    }

    /// Reports a value of the wrong type at `path`.
    pub fn wrong_type(&mut self, path: &str, expected: &str, found: &Value) {
        let hint = match found {
            Value::Number(_) | Value::Bool(_) if expected == "text" => {
                Some("put the value in quotes".to_owned())
            }
            Value::String(_) | Value::Number(_) if expected == "true or false" => {
                Some("write `true` or `false`, without quotes".to_owned())
            }
            _ => None,
        };
        let message = format!("`{path}` must be {expected}, found {}", type_name(found));
        self.error("-type", self.keys.value(path), message, hint);
    }

    /// An optional text field: `None` when absent or empty.
    pub fn text(&mut self, map: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        self.text_at(map, key, || path.to_owned())
    }

    /// [`Self::text`] for `key` of the mapping at `parent`; the dotted
    /// path is only written out for a diagnostic.
    pub fn text_in(&mut self, map: &Map<String, Value>, parent: &str, key: &str) -> Option<String> {
        self.text_at(map, key, || format!("{parent}.{key}"))
    }

    fn text_at(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        path: impl FnOnce() -> String,
    ) -> Option<String> {
        match map.get(key)? {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong_type(&path(), "text", other);
                None
            }
        }
    }

    /// An optional boolean field.
    pub fn boolean(&mut self, map: &Map<String, Value>, key: &str, path: &str) -> Option<bool> {
        match map.get(key)? {
            Value::Null => None,
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(path, "true or false", other);
                None
            }
        }
    }

    /// An optional list of texts.
    pub fn text_list(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<Vec<(usize, String)>> {
        match map.get(key)? {
            Value::Null => None,
            Value::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push((i, s.clone())),
                        other => self.wrong_type(&format!("{path}.{i}"), "text", other),
                    }
                }
                Some(out)
            }
            other => {
                self.wrong_type(path, "a list", other);
                None
            }
        }
    }

    /// Checks the keys of `map` against `known`. A key close to a known one
    /// is an error naming it; other unknown keys are returned, for the
    /// caller to keep (and report) or refuse.
    pub fn unknown_keys(
        &mut self,
        map: &Map<String, Value>,
        known: &[&str],
        parent: &str,
    ) -> Vec<String> {
        let mut far = Vec::new();
        for key in map.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            let path = if parent.is_empty() {
                key.clone()
            } else {
                format!("{parent}.{key}")
            };
            match suggest(key, known) {
                Some(meant) => self.error(
                    "-unknown-key",
                    self.keys.key(&path),
                    format!("unknown key `{path}`"),
                    format!("did you mean `{meant}`?"),
                ),
                None => far.push(key.clone()),
            }
        }
        far
    }
}

/// The known key within edit distance 2 (ignoring case) of `key`, if any.
pub(crate) fn suggest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = key.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::levenshtein(&lower, &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= 2 && *d < k.len().min(key.len()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// How a value's type is named in messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A twitter handle without `@`, URL or spaces, and what was fixed.
pub(crate) fn twitter_handle(raw: &str) -> (Option<String>, Option<&'static str>) {
    // The usual case, a bare handle: the full reading would not change it.
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return (Some(raw.to_owned()), None);
    }
    read_handle(raw)
}

/// [`twitter_handle`] for any text.
fn read_handle(raw: &str) -> (Option<String>, Option<&'static str>) {
    const HOSTS: [&str; 5] = [
        "twitter.com/",
        "www.twitter.com/",
        "mobile.twitter.com/",
        "x.com/",
        "www.x.com/",
    ];
    let mut handle = raw.trim();
    let mut fixed = None;
    let lower = handle.to_ascii_lowercase();
    let without_scheme = ["https://", "http://", ""]
        .iter()
        .find_map(|s| lower.strip_prefix(s));
    let rest_len =
        without_scheme.and_then(|r| HOSTS.iter().find_map(|h| r.strip_prefix(h)).map(str::len));
    if let Some(len) = rest_len {
        handle = handle[handle.len() - len..]
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        fixed = Some("read the handle from the profile URL");
    }
    let handle = handle.trim_start_matches('@');
    let cleaned: String = handle.chars().filter(|c| !c.is_whitespace()).collect();
    if cleaned.len() != handle.len() && fixed.is_none() {
        fixed = Some("removed the spaces");
    }
    let cleaned = cleaned.trim_start_matches('@').to_owned();
    ((!cleaned.is_empty()).then_some(cleaned), fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_keys_only() {
        let known = ["templateKey", "title", "hidePost", "seo", "date"];
        assert_eq!(suggest("hidepost", &known), Some("hidePost"));
        assert_eq!(suggest("soe", &known), Some("seo"));
        assert_eq!(suggest("titel", &known), Some("title"));
        assert_eq!(suggest("tags", &known), None);
        assert_eq!(suggest("by", &known), None);
        assert_eq!(suggest("summary", &known), None);
    }

    #[test]
    fn normalizes_twitter_handles() {
        assert_eq!(
            twitter_handle("@OpenInfraDev"),
            (Some("OpenInfraDev".into()), None)
        );
        assert_eq!(
            twitter_handle("OpenInfraDev"),
            (Some("OpenInfraDev".into()), None)
        );
        assert_eq!(
            twitter_handle("@Open Infra"),
            (Some("OpenInfra".into()), Some("removed the spaces"))
        );
        let url = Some("read the handle from the profile URL");
        assert_eq!(
            twitter_handle("https://twitter.com/OpenInfraDev?lang=en"),
            (Some("OpenInfraDev".into()), url)
        );
        assert_eq!(twitter_handle("x.com/@abc/"), (Some("abc".into()), url));
        assert_eq!(twitter_handle("  @ "), (None, None));
    }

    #[test]
    fn bare_handles_read_as_the_full_reading_does() {
        for raw in ["OpenInfraDev", "a_1", "_", "https", "twittercom", "X", "0"] {
            assert_eq!(twitter_handle(raw), read_handle(raw), "{raw}");
        }
    }
}
