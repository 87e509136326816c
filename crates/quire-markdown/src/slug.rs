//! Heading ids. One function decides them so the renderer, the table of
//! contents and the link checker never disagree about an anchor.

use std::collections::HashMap;

use finl_unicode::categories::CharacterCategories;

/// Turns heading text into an id the way GitHub does.
///
/// Lowercases; keeps Unicode letters, combining marks, digits, `-` and
/// connector punctuation such as `_`; turns each space into `-` (runs are not
/// collapsed); drops everything else (punctuation, symbols, emoji, other
/// whitespace). The one deliberate difference from GitHub: text that leaves
/// nothing (`"!!!"`, `"🎉"`) gives `section` rather than an empty id, which
/// HTML does not allow.
///
/// ```
/// assert_eq!(quire_markdown::slugify("Hello, World!"), "hello-world");
/// assert_eq!(quire_markdown::slugify("Über Café"), "über-café");
/// ```
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        // ASCII, the common case, without the Unicode tables: the same
        // answers (letters, digits and `_` are the only ASCII characters of
        // the kept categories).
        if c.is_ascii() {
            match c {
                ' ' | '-' => slug.push('-'),
                'a'..='z' | '0'..='9' | '_' => slug.push(c),
                'A'..='Z' => slug.push(c.to_ascii_lowercase()),
                _ => {}
            }
        } else if c == ' ' || c == '-' {
            slug.push('-');
        } else if c.is_letter() || c.is_mark() || c.is_number() || c.is_punctuation_connector() {
            slug.extend(c.to_lowercase());
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// Hands out unique heading ids within one document: the first `Intro` gets
/// `intro`, the next `intro-1`, then `intro-2`, skipping any id a heading
/// already took by its own text (a heading literally called `Intro 1`).
///
/// ```
/// let mut slugger = quire_markdown::Slugger::default();
/// assert_eq!(slugger.slug("Intro"), "intro");
/// assert_eq!(slugger.slug("Intro"), "intro-1");
/// assert_eq!(slugger.slug("Intro 1"), "intro-1-1");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Slugger {
    /// Every id handed out, with how many times its base was asked for.
    seen: HashMap<String, usize>,
}

impl Slugger {
    /// A unique id for this heading text.
    pub fn slug(&mut self, text: &str) -> String {
        self.unique(slugify(text))
    }

    /// Makes `base` unique among the ids handed out so far and records it.
    pub fn unique(&mut self, base: String) -> String {
        let Some(&count) = self.seen.get(&base) else {
            self.seen.insert(base.clone(), 1);
            return base;
        };
        let mut n = count;
        let id = loop {
            let candidate = format!("{base}-{n}");
            if !self.seen.contains_key(&candidate) {
                break candidate;
            }
            n += 1;
        };
        self.seen.insert(base, n + 1);
        self.seen.insert(id.clone(), 1);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut keeps, drops and lowercases exactly what the
    /// Unicode categories do.
    #[test]
    fn ascii_agrees_with_the_unicode_tables() {
        for c in (0u8..128).map(char::from) {
            let kept =
                c.is_letter() || c.is_mark() || c.is_number() || c.is_punctuation_connector();
            let expected: String = match c {
                ' ' | '-' => "-".into(),
                _ if kept => c.to_lowercase().collect(),
                _ => "section".into(),
            };
            assert_eq!(slugify(&c.to_string()), expected, "{c:?}");
        }
    }
}
