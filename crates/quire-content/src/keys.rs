//! Where each key sits in the front-matter text.
//!
//! The YAML and TOML parsers give values, not positions. This small line
//! scanner recovers the line and column of keys and list items in the block
//! style people write by hand, so diagnostics about a single field (a bad
//! date, an unknown key) point at it. It never fails: anything it does not
//! understand is skipped, and lookups fall back to the nearest enclosing key.

use crate::split::{lines, to_u32};

/// A 1-based line and column (in characters) in the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone)]
struct Entry<'t> {
    /// Dotted path (`title`, `seo.url`, `category.0.value`, `aliases.1`),
    /// as a range of [`KeyIndex::paths`].
    path: Span,
    key: Pos,
    value: Pos,
    /// The value as written on the key's line, quotes and a trailing
    /// comment still on (see [`unquote`]).
    raw: &'t str,
}

/// A range of [`KeyIndex::paths`].
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: usize,
    end: usize,
}

/// Positions of keys, looked up by dotted path.
#[derive(Debug, Clone)]
pub(crate) struct KeyIndex<'t> {
    entries: Vec<Entry<'t>>,
    /// Every entry's path, one after the other: one buffer rather than a
    /// string per key. Bytes of UTF-8 text, compared as bytes only.
    paths: Vec<u8>,
    /// Used when a path and all its parents are unknown.
    fallback: Pos,
}

impl<'t> KeyIndex<'t> {
    /// An empty index for front matter whose first line is line
    /// `first_line` of the file.
    fn new(first_line: u32) -> Self {
        // Sized for front matter of a few dozen keys, to skip regrowing.
        KeyIndex {
            entries: Vec::with_capacity(32),
            paths: Vec::with_capacity(512),
            fallback: Pos {
                line: first_line.saturating_sub(1).max(1),
                column: 1,
            },
        }
    }

    fn path(&self, span: Span) -> &[u8] {
        &self.paths[span.start..span.end]
    }

    fn find(&self, path: &str) -> Option<&Entry<'t>> {
        self.entries
            .iter()
            .find(|e| self.path(e.path) == path.as_bytes())
    }

    fn entry(&self, path: &str) -> Option<&Entry<'t>> {
        let mut path = path;
        loop {
            if let Some(e) = self.find(path) {
                return Some(e);
            }
            path = &path[..path.rfind('.')?];
        }
    }

    /// Position of the key at `path`, or of its nearest known parent.
    pub fn key(&self, path: &str) -> Pos {
        self.entry(path).map_or(self.fallback, |e| e.key)
    }

    /// Position of the value at `path`, or of its nearest known parent.
    pub fn value(&self, path: &str) -> Pos {
        self.entry(path).map_or(self.fallback, |e| e.value)
    }

    /// The raw text of a top-level scalar value, when the scanner saw one.
    pub fn raw(&self, path: &str) -> Option<&str> {
        self.find(path).map(|e| unquote(e.raw))
    }

    /// Position of the second occurrence of a key whose last segment is
    /// `name` under the same parent, if any.
    pub fn duplicate(&self, name: &str) -> Option<Pos> {
        for (i, e) in self.entries.iter().enumerate() {
            let path = self.path(e.path);
            let last = path.rsplit(|&b| b == b'.').next().unwrap_or(path);
            if last == name.as_bytes()
                && self.entries[..i].iter().any(|p| self.path(p.path) == path)
            {
                return Some(e.key);
            }
        }
        None
    }

    /// Writes `parent.child` (`child` alone under an empty parent) at the
    /// end of the path buffer; `child` is a key name or an item number.
    fn join(&mut self, parent: Span, child: Child<'_>) -> Span {
        let start = self.paths.len();
        if parent.end > parent.start {
            self.paths.extend_from_within(parent.start..parent.end);
            self.paths.push(b'.');
        }
        match child {
            Child::Key(name) => self.paths.extend_from_slice(name.as_bytes()),
            Child::Item(n) => match u8::try_from(n) {
                Ok(digit @ 0..10) => self.paths.push(b'0' + digit),
                _ => self.paths.extend_from_slice(n.to_string().as_bytes()),
            },
        }
        Span {
            start,
            end: self.paths.len(),
        }
    }

    /// Records a key or list item at `path`; `raw` is its value as written
    /// on the line, quotes and a trailing comment still on.
    fn push(&mut self, path: Span, key: Pos, value: Pos, raw: &'t str) {
        self.entries.push(Entry {
            path,
            key,
            value,
            raw,
        });
    }

    /// Records a key at a path given as text (TOML).
    fn push_path(&mut self, path: &str, key: Pos, value: Pos, raw: &'t str) {
        let start = self.paths.len();
        self.paths.extend_from_slice(path.as_bytes());
        let span = Span {
            start,
            end: self.paths.len(),
        };
        self.push(span, key, value, raw);
    }

    fn set_value(&mut self, path: Span, value: Pos, raw: &'t str) {
        let paths = &self.paths;
        let path = &paths[path.start..path.end];
        if let Some(e) = self
            .entries
            .iter_mut()
            .rev()
            .find(|e| &paths[e.path.start..e.path.end] == path)
        {
            e.value = value;
            e.raw = raw;
        }
    }
}

/// The last segment of a path being written.
enum Child<'a> {
    Key(&'a str),
    Item(usize),
}

fn join(parent: &str, child: &str) -> String {
    let mut path = String::with_capacity(parent.len() + 1 + child.len());
    if !parent.is_empty() {
        path.push_str(parent);
        path.push('.');
    }
    path.push_str(child);
    path
}

fn unquote(raw: &str) -> &str {
    let comment = if raw.starts_with(['"', '\'']) {
        None
    } else {
        let bytes = raw.as_bytes();
        (1..bytes.len())
            .find(|&i| bytes[i] == b'#' && bytes[i - 1] == b' ')
            .map(|i| i - 1)
    };
    let raw = comment.map_or(raw, |i| &raw[..i]);
    let raw = raw.trim();
    for q in ['"', '\''] {
        if let Some(inner) = raw.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    raw
}

/// A `key: value` line: the key name, the character offset of the value
/// from the start of `content`, and the value text.
struct KeyLine<'a> {
    name: &'a str,
    value_offset: usize,
    value: &'a str,
}

fn parse_yaml_key(content: &str) -> Option<KeyLine<'_>> {
    // First bytes compared as bytes: every character tested is ASCII.
    let first = content.as_bytes().first().copied();
    let (name, rest) = if let Some(q @ (b'"' | b'\'')) = first {
        let q = char::from(q);
        let body = &content[1..];
        let mut end = None;
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if q == '"' && c == '\\' {
                chars.next();
            } else if c == q {
                if q == '\'' && chars.peek().map(|p| p.1) == Some('\'') {
                    chars.next();
                } else {
                    end = Some(i);
                    break;
                }
            }
        }
        let end = end?;
        let after = body[end + 1..].trim_start_matches(' ');
        let rest = after.strip_prefix(':')?;
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            return None;
        }
        (&body[..end], rest)
    } else {
        if matches!(
            first,
            Some(
                b'[' | b'{'
                    | b'&'
                    | b'*'
                    | b'!'
                    | b'|'
                    | b'>'
                    | b'%'
                    | b'@'
                    | b'`'
                    | b'?'
                    | b'#'
                    | b'-'
            )
        ) {
            return None;
        }
        let bytes = content.as_bytes();
        let mut colon = None;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'#' && i > 0 && bytes[i - 1] == b' ' {
                return None;
            }
            if b == b':' && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) {
                colon = Some(i);
                break;
            }
        }
        let colon = colon?;
        let name = content[..colon].trim_end();
        if name.is_empty() {
            return None;
        }
        (name, &content[colon + 1..])
    };
    let blank = rest
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    let value = &rest[blank..];
    // `value` is a suffix of `content`: count the characters before it.
    let value_offset = content[..content.len() - value.len()].chars().count();
    let value = if value.starts_with('#') { "" } else { value };
    Some(KeyLine {
        name,
        value_offset,
        value,
    })
}

enum Kind {
    /// Holds keys or items; `child` is their indentation once seen.
    Block { child: Option<usize>, items: usize },
    /// A scalar: deeper lines are its continuation.
    Opaque,
}

struct Frame {
    /// The path of the key or item that opened the frame (read only from
    /// blocks: an opaque frame has no children).
    path: Span,
    indent: usize,
    kind: Kind,
    /// Opened by `key:` (a sequence may then sit at the key's own indent).
    is_key: bool,
}

fn is_dash(content: &str) -> bool {
    content == "-" || content.starts_with("- ") || content.starts_with("-\t")
}

/// Whether a value opens a nested block on the following lines.
fn opens_block(value: &str) -> bool {
    let v = value.trim_end();
    v.is_empty() || (v.starts_with('&') && !v.contains(' '))
}

/// Scans YAML front matter whose first line is line `first_line` of the file.
pub(crate) fn scan_yaml(text: &str, first_line: u32) -> KeyIndex<'_> {
    let mut index = KeyIndex::new(first_line);
    let mut stack = vec![Frame {
        path: Span::default(),
        indent: 0,
        kind: Kind::Block {
            child: Some(0),
            items: 0,
        },
        is_key: false,
    }];
    'lines: for (n, raw) in lines(text).enumerate() {
        let line = first_line + to_u32(n);
        // Also what `str::lines` would have taken off with the `\n`.
        let raw = raw.trim_end_matches('\r');
        let content = raw.trim_start_matches(' ');
        let indent = raw.len() - content.len();
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        loop {
            let depth = stack.len();
            let top = stack.last_mut().expect("the root frame is never popped");
            let belongs = match &mut top.kind {
                Kind::Opaque if indent > top.indent => continue 'lines,
                Kind::Opaque => false,
                Kind::Block { child: None, .. } => {
                    let fits = indent > top.indent
                        || (indent == top.indent && top.is_key && is_dash(content));
                    if fits {
                        top.kind = Kind::Block {
                            child: Some(indent),
                            items: 0,
                        };
                    }
                    fits
                }
                Kind::Block {
                    child: Some(ci), ..
                } => {
                    let ci = *ci;
                    let ends_sequence = ci == top.indent && top.is_key && !is_dash(content);
                    if indent == ci && !ends_sequence {
                        true
                    } else if indent > ci && !ends_sequence {
                        continue 'lines;
                    } else {
                        false
                    }
                }
            };
            if belongs {
                break;
            }
            if depth == 1 {
                continue 'lines;
            }
            stack.pop();
        }
        let top = stack.last_mut().expect("the root frame is never popped");
        let parent = top.path;
        if is_dash(content) {
            let Kind::Block { items, .. } = &mut top.kind else {
                unreachable!("items only in blocks")
            };
            let item_path = index.join(parent, Child::Item(*items));
            *items += 1;
            let rest = content[1..].trim_start_matches([' ', '\t']);
            let offset = indent + content.chars().count() - rest.chars().count();
            let dash = Pos {
                line,
                column: to_u32(indent + 1),
            };
            index.push(
                item_path,
                dash,
                Pos {
                    line,
                    column: to_u32(offset + 1),
                },
                rest,
            );
            if opens_block(rest) {
                stack.push(Frame {
                    path: item_path,
                    indent,
                    kind: Kind::Block {
                        child: None,
                        items: 0,
                    },
                    is_key: false,
                });
            } else if let Some(k) = parse_yaml_key(rest) {
                stack.push(Frame {
                    path: item_path,
                    indent,
                    kind: Kind::Block {
                        child: Some(offset),
                        items: 0,
                    },
                    is_key: false,
                });
                push_key(&mut index, &mut stack, item_path, k, offset, line);
            } else {
                stack.push(Frame {
                    path: item_path,
                    indent,
                    kind: Kind::Opaque,
                    is_key: false,
                });
            }
        } else if let Some(k) = parse_yaml_key(content) {
            push_key(&mut index, &mut stack, parent, k, indent, line);
        } else {
            // A scalar on the line after its key (`title:\n  Hello`).
            let value = Pos {
                line,
                column: to_u32(indent + 1),
            };
            index.set_value(parent, value, content);
            stack.push(Frame {
                path: parent,
                indent,
                kind: Kind::Opaque,
                is_key: false,
            });
        }
    }
    index
}

fn push_key<'t>(
    index: &mut KeyIndex<'t>,
    stack: &mut Vec<Frame>,
    parent: Span,
    k: KeyLine<'t>,
    indent: usize,
    line: u32,
) {
    let path = index.join(parent, Child::Key(k.name));
    let key = Pos {
        line,
        column: to_u32(indent + 1),
    };
    let value = Pos {
        line,
        column: to_u32(indent + k.value_offset + 1),
    };
    index.push(path, key, value, k.value);
    let kind = if opens_block(k.value) {
        Kind::Block {
            child: None,
            items: 0,
        }
    } else {
        Kind::Opaque
    };
    stack.push(Frame {
        path,
        indent,
        kind,
        is_key: true,
    });
}

/// Scans TOML front matter whose first line is line `first_line` of the file.
pub(crate) fn scan_toml(text: &str, first_line: u32) -> KeyIndex<'_> {
    let mut index = KeyIndex::new(first_line);
    let mut prefix = String::new();
    let mut arrays: Vec<(String, usize)> = Vec::new();
    let mut in_multiline: Option<&str> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = first_line + to_u32(n);
        let content = raw.trim();
        if let Some(delim) = in_multiline {
            if content.matches(delim).count() % 2 == 1 {
                in_multiline = None;
            }
            continue;
        }
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = raw.chars().count() - raw.trim_start().chars().count();
        if let Some(name) = content
            .strip_prefix("[[")
            .and_then(|r| r.split("]]").next())
        {
            let name = dotted(name);
            let n = match arrays.iter_mut().find(|(a, _)| *a == name) {
                Some((_, count)) => {
                    *count += 1;
                    *count - 1
                }
                None => {
                    arrays.push((name.clone(), 1));
                    0
                }
            };
            prefix = format!("{name}.{n}");
            continue;
        }
        if let Some(name) = content.strip_prefix('[').and_then(|r| r.split(']').next()) {
            prefix = dotted(name);
            let pos = Pos {
                line,
                column: to_u32(indent + 1),
            };
            index.push_path(&prefix, pos, pos, "");
            continue;
        }
        let Some(eq) = content.find('=') else {
            continue;
        };
        let value = content[eq + 1..].trim_start();
        let path = join(&prefix, &dotted(&content[..eq]));
        let key = Pos {
            line,
            column: to_u32(indent + 1),
        };
        let value_col = indent + content.chars().count() - value.chars().count() + 1;
        index.push_path(
            &path,
            key,
            Pos {
                line,
                column: to_u32(value_col),
            },
            value,
        );
        for delim in ["\"\"\"", "'''"] {
            if value.starts_with(delim) && value.matches(delim).count() % 2 == 1 {
                in_multiline = Some(delim);
            }
        }
    }
    index
}

fn dotted(key: &str) -> String {
    key.split('.')
        .map(|p| unquote(p.trim()))
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(index: &KeyIndex<'_>, path: &str) -> (u32, u32, u32) {
        let k = index.key(path);
        (k.line, k.column, index.value(path).column)
    }

    #[test]
    fn finds_top_level_and_nested_keys() {
        let fm = "templateKey: blog-post\ntitle: >-\n  Long: title\n  wrapped\nseo:\n  url: /x # c\n  \"twitterUsername\": '@a'\ncategory:\n  - label: A\n    value: a\n  - id: b\ndate: 2020-01-01\n";
        let ix = scan_yaml(fm, 2);
        assert_eq!(at(&ix, "templateKey"), (2, 1, 14));
        assert_eq!(at(&ix, "seo.url"), (7, 3, 8));
        assert_eq!(ix.raw("seo.url"), Some("/x"));
        assert_eq!(at(&ix, "seo.twitterUsername"), (8, 3, 22));
        assert_eq!(ix.raw("seo.twitterUsername"), Some("@a"));
        assert_eq!(at(&ix, "category.0"), (10, 3, 5));
        assert_eq!(at(&ix, "category.0.value"), (11, 5, 12));
        assert_eq!(at(&ix, "category.1.id"), (12, 5, 9));
        assert_eq!(at(&ix, "date"), (13, 1, 7));
        // Continuation lines of the folded title are not keys.
        assert_eq!(at(&ix, "Long"), (1, 1, 1));
        // Unknown nested paths fall back to their parent.
        assert_eq!(at(&ix, "seo.nope"), (6, 1, 5));
    }

    #[test]
    fn unindented_sequences_and_values_on_next_line() {
        let fm = "aliases:\n- /a\n- /b\ntitle:\n  Hello\nauthor: x\n";
        let ix = scan_yaml(fm, 2);
        assert_eq!(at(&ix, "aliases.1"), (4, 1, 3));
        assert_eq!(at(&ix, "title"), (5, 1, 3));
        assert_eq!(ix.raw("title"), Some("Hello"));
        assert_eq!(at(&ix, "author"), (7, 1, 9));
    }

    #[test]
    fn finds_second_occurrence_of_duplicates() {
        let ix = scan_yaml("a: 1\nseo:\n  x: 1\n  x: 2\na: 3\n", 2);
        assert_eq!(ix.duplicate("x"), Some(Pos { line: 5, column: 3 }));
        assert_eq!(ix.duplicate("a"), Some(Pos { line: 6, column: 1 }));
        assert_eq!(ix.duplicate("b"), None);
    }

    #[test]
    fn toml_tables_and_multiline_strings() {
        let fm = "title = \"T\"\nbody = \"\"\"\nx = 1\n\"\"\"\n[seo]\nurl = '/a'\n[[category]]\nvalue = \"c\"\n";
        let ix = scan_toml(fm, 2);
        assert_eq!(at(&ix, "title"), (2, 1, 9));
        assert_eq!(at(&ix, "x"), (1, 1, 1));
        assert_eq!(at(&ix, "seo.url"), (7, 1, 7));
        assert_eq!(ix.raw("seo.url"), Some("/a"));
        assert_eq!(at(&ix, "category.0.value"), (9, 1, 9));
    }
}
