//! `.quire/manifest`: the hash of every output file, one `hash path` line
//! per file, sorted by path. An edit build changes two or three lines of
//! 14,000, so the previous manifest is kept as the text it was read as,
//! and the new one is that text with those lines replaced.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use crate::PublishError;

/// Where the manifest lives in an output folder.
pub(crate) const MANIFEST: &str = ".quire/manifest";

/// The previous build's manifest as read: its text and where each line's
/// path and hash are. Nothing is copied out of the text.
#[derive(Default)]
pub(crate) struct OldManifest {
    text: String,
    /// (hash, path) of each line, sorted by path.
    lines: Vec<(Range<usize>, Range<usize>)>,
}

impl OldManifest {
    /// `None` when a line has no space or the paths are not strictly
    /// sorted: not a manifest this program wrote.
    pub(crate) fn parse(text: String) -> Option<OldManifest> {
        let mut lines = Vec::with_capacity(text.len() / 80);
        let mut at = 0;
        let mut previous: Option<&str> = None;
        for line in text.split_inclusive('\n') {
            let body = line.strip_suffix('\n').unwrap_or(line);
            let space = body.find(' ')?;
            let path = &body[space + 1..];
            if previous.is_some_and(|p| p >= path) {
                return None;
            }
            previous = Some(path);
            lines.push((at..at + space, at + space + 1..at + body.len()));
            at += line.len();
        }
        Some(OldManifest { text, lines })
    }

    /// Every (path, hash), sorted by path.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.lines
            .iter()
            .map(|(hash, path)| (&self.text[path.clone()], &self.text[hash.clone()]))
    }

    /// The hash of `rel`.
    pub(crate) fn get(&self, rel: &str) -> Option<&str> {
        let i = self
            .lines
            .binary_search_by(|(_, path)| self.text[path.clone()].cmp(rel))
            .ok()?;
        Some(&self.text[self.lines[i].0.clone()])
    }

    /// Whether `rel` is listed.
    pub(crate) fn contains(&self, rel: &str) -> bool {
        self.get(rel).is_some()
    }
}

/// The manifest of this build, handed to the bookkeeping.
pub(crate) enum Manifest {
    /// Every file, as a full build wrote it.
    Full(BTreeMap<String, String>),
    /// The previous manifest with the files written replaced or added and
    /// the files removed left out (the edit fast path).
    Patched {
        old: OldManifest,
        written: BTreeMap<String, String>,
        removed: BTreeSet<String>,
    },
}

impl Manifest {
    /// Number of files.
    pub(crate) fn len(&self) -> usize {
        match self {
            Manifest::Full(map) => map.len(),
            Manifest::Patched { .. } => self.entries().count(),
        }
    }

    /// The hash of `rel`.
    pub(crate) fn get(&self, rel: &str) -> Option<&str> {
        match self {
            Manifest::Full(map) => map.get(rel).map(String::as_str),
            Manifest::Patched {
                old,
                written,
                removed,
            } => {
                if removed.contains(rel) {
                    return None;
                }
                written
                    .get(rel)
                    .map(String::as_str)
                    .or_else(|| old.get(rel))
            }
        }
    }

    /// Every (path, hash), sorted by path: the two sorted lists of a
    /// patched manifest merged.
    fn entries(&self) -> Box<dyn Iterator<Item = (&str, &str)> + '_> {
        match self {
            Manifest::Full(map) => Box::new(map.iter().map(|(r, h)| (r.as_str(), h.as_str()))),
            Manifest::Patched {
                old,
                written,
                removed,
            } => {
                let mut old = old.iter().peekable();
                let mut new = written
                    .iter()
                    .map(|(r, h)| (r.as_str(), h.as_str()))
                    .peekable();
                let merged = std::iter::from_fn(move || match (old.peek(), new.peek()) {
                    (Some(o), Some(n)) if o.0 < n.0 => old.next(),
                    (Some(o), Some(n)) if o.0 == n.0 => {
                        old.next();
                        new.next()
                    }
                    (_, Some(_)) => new.next(),
                    (Some(_), None) => old.next(),
                    (None, None) => None,
                });
                Box::new(merged.filter(move |(rel, _)| !removed.contains(*rel)))
            }
        }
    }

    /// The manifest's text: one `hash path` line per file, sorted by path.
    pub(crate) fn text(&self) -> String {
        let mut text = String::with_capacity(match self {
            Manifest::Full(map) => map.len() * 80,
            Manifest::Patched { old, .. } => old.text.len() + 1024,
        });
        for (rel, hash) in self.entries() {
            text.push_str(hash);
            text.push(' ');
            text.push_str(rel);
            text.push('\n');
        }
        text
    }
}

/// Reads `.quire/manifest` of the output folder `out`.
pub(crate) fn read(out: &Path) -> Option<OldManifest> {
    OldManifest::parse(std::fs::read_to_string(out.join(MANIFEST)).ok()?)
}

/// Writes `.quire/manifest` into `dir`.
pub(crate) fn write(dir: &Path, manifest: &Manifest) -> Result<(), PublishError> {
    crate::output::write_atomic(&dir.join(MANIFEST), manifest.text().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(r, h)| (r.to_string(), h.to_string()))
            .collect()
    }

    #[test]
    fn a_patched_manifest_is_the_full_one_with_the_same_changes() {
        let before = full(&[("a.html", "1"), ("b/index.html", "2"), ("c.xml", "3")]);
        let old = OldManifest::parse(Manifest::Full(before.clone()).text()).unwrap();
        assert_eq!(old.iter().count(), 3);
        assert_eq!(old.get("b/index.html"), Some("2"));
        assert_eq!(old.get("b"), None);
        let written = full(&[("b/index.html", "9"), ("bb.html", "7"), ("0.html", "5")]);
        let removed: BTreeSet<String> = ["c.xml".to_string()].into();
        let mut expected = before;
        expected.extend(written.clone());
        expected.remove("c.xml");
        let patched = Manifest::Patched {
            old,
            written,
            removed,
        };
        let expected = Manifest::Full(expected);
        assert_eq!(patched.text(), expected.text());
        assert_eq!(patched.len(), 4);
        assert_eq!(patched.get("b/index.html"), Some("9"));
        assert_eq!(patched.get("c.xml"), None);
        assert_eq!(patched.get("a.html"), Some("1"));
    }

    #[test]
    fn unsorted_or_malformed_text_is_no_manifest() {
        assert!(OldManifest::parse("1 b\n2 a\n".into()).is_none());
        assert!(OldManifest::parse("1 a\n1 a\n".into()).is_none());
        assert!(OldManifest::parse("no-space\n".into()).is_none());
        assert_eq!(OldManifest::parse(String::new()).unwrap().iter().count(), 0);
    }
}
