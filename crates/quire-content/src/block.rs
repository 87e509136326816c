//! A reader for the plain block-style YAML that front matter is nearly
//! always written in: `key: value` lines, nested mappings, `- ` lists,
//! plain scalars folded over several lines, and one-line quoted scalars.
//!
//! libyaml spends most of its time decoding and re-checking every byte,
//! and the key scanner then reads the lines again for positions; this
//! reader goes over each line once and gives both. It only answers when
//! the text is inside the small subset it understands exactly, and then
//! gives the value serde_yaml gives and the positions [`scan_yaml`] gives.
//! Anything else (comments, tabs, flow collections, anchors, tags, block
//! scalars, numbers, escapes, duplicate keys, odd indentation, errors) is
//! `None`, and the caller asks serde_yaml and the scanner.
//!
//! [`scan_yaml`]: crate::keys::scan_yaml

use serde_json::{Map, Value};

use crate::keys::{KeyIndex, Pos};
use crate::split::to_u32;

/// Deeper nesting is left to serde_yaml, which has its own limit.
const MAX_DEPTH: usize = 16;

/// Longest implicit key libyaml accepts is 1024 characters; stay below.
const MAX_KEY: usize = 1000;

/// One line: where it is, its indentation in spaces and what follows.
#[derive(Clone, Copy)]
struct Line<'t> {
    /// Line number in the file.
    number: u32,
    indent: usize,
    /// After the indentation, without the line break.
    content: &'t str,
    /// `content` without trailing spaces (empty for a blank line).
    text: &'t str,
}

/// One line without its line break; `None` for a comment or a document
/// marker.
fn line(raw: &str, number: u32) -> Option<Line<'_>> {
    let raw = raw.strip_suffix('\r').unwrap_or(raw);
    let content = raw.trim_start_matches(' ');
    let text = content.trim_end_matches(' ');
    let indent = raw.len() - content.len();
    let marker = indent == 0 && (text.starts_with("---") || text.starts_with("..."));
    (!text.starts_with('#') && !marker).then_some(Line {
        number,
        indent,
        content,
        text,
    })
}

/// Reads `text`, whose first line is line `first_line` of the file, when
/// it is a block mapping in the subset: its value and its key positions.
pub(crate) fn read(text: &str, first_line: u32) -> Option<(Value, KeyIndex<'_>)> {
    let lines = plain_lines(text, first_line)?;
    let mut reader = Reader {
        at: 0,
        depth: 0,
        keys: KeyIndex::new(first_line, lines.len()),
        lines,
        path: String::new(),
    };
    if reader.peek()?.indent != 0 {
        return None;
    }
    let map = reader.mapping(0, None)?;
    reader
        .peek()
        .is_none()
        .then_some((Value::Object(map), reader.keys))
}

/// The lines of `text`, when it holds only printable characters libyaml
/// reads as themselves (no tabs, no control characters, no line breaks
/// other than `\n` and `\r\n`) and no comment or document marker, which
/// change how the lines around them read.
fn plain_lines(text: &str, first_line: u32) -> Option<Vec<Line<'_>>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 24 + 1);
    let mut start = 0;
    // One pass over the bytes checks them and cuts the lines.
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\n' => {
                lines.push(line(&text[start..i], first_line + to_u32(lines.len()))?);
                start = i + 1;
            }
            b' ' if bytes.get(i + 1) == Some(&b'#') => return None,
            b' '..=b'~' | 0x80.. => {}
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
            _ => return None,
        }
    }
    // The end of the text ends the last line, as `split('\n')` would.
    lines.push(line(&text[start..], first_line + to_u32(lines.len()))?);
    let printable = text.is_ascii()
        || text.chars().all(|c| {
            c.is_ascii()
                || (c >= '\u{A0}'
                    && !matches!(
                        c,
                        '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
                    ))
        });
    printable.then_some(lines)
}

struct Reader<'t> {
    lines: Vec<Line<'t>>,
    at: usize,
    depth: usize,
    keys: KeyIndex<'t>,
    /// Dotted path of the block being read, grown and cut back as the
    /// reader goes in and out.
    path: String,
}

impl<'t> Reader<'t> {
    /// The next non-blank line, skipping blank ones.
    fn peek(&mut self) -> Option<Line<'t>> {
        while let Some(line) = self.lines.get(self.at) {
            if !line.text.is_empty() {
                return Some(*line);
            }
            self.at += 1;
        }
        None
    }

    /// Appends `.child` (or `child` at the top) to the path and returns
    /// the length to cut it back to.
    fn enter(&mut self, child: &str) -> usize {
        let parent = self.path.len();
        if parent > 0 {
            self.path.push('.');
        }
        self.path.push_str(child);
        parent
    }

    /// [`Self::enter`] for list item `n`.
    fn enter_item(&mut self, n: usize) -> usize {
        use std::fmt::Write as _;
        let parent = self.enter("");
        let _ = write!(self.path, "{n}");
        parent
    }

    /// Records the current path: its key (or dash) and value at 0-based
    /// columns of line `number`, and the value as written.
    fn record(&mut self, number: u32, key: usize, value: usize, written: &'t str) {
        let at = |column: usize| Pos {
            line: number,
            column: to_u32(column + 1),
        };
        self.keys
            .push(self.path.clone(), at(key), at(value), written);
    }

    /// A block mapping whose keys sit at column `indent`. `first` is the
    /// first entry when it follows a `- ` on a list item's line (that line
    /// is already consumed).
    fn mapping(
        &mut self,
        indent: usize,
        mut first: Option<Line<'t>>,
    ) -> Option<Map<String, Value>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut map = Map::new();
        loop {
            let line = match first.take() {
                Some(line) => line,
                None => match self.peek() {
                    Some(line) if line.indent == indent && !is_dash(line.text) => {
                        self.at += 1;
                        line
                    }
                    Some(line) if line.indent > indent => return None,
                    _ => break,
                },
            };
            let (key, rest) = key_line(line.text)?;
            if map.contains_key(key) {
                return None;
            }
            // Positions as the scanner takes them: the value starts after
            // the spaces that follow the colon, trailing spaces included.
            let written = line.content[key.len() + 1..].trim_start_matches(' ');
            let parent = self.enter(key);
            let value_column = indent + line.content.len() - written.len();
            self.record(line.number, indent, value_column, written);
            let value = if rest.is_empty() {
                self.nested(indent)?
            } else {
                self.scalar(rest, indent)?
            };
            self.path.truncate(parent);
            map.insert(key.to_owned(), value);
        }
        self.depth -= 1;
        Some(map)
    }

    /// The value of a `key:` with nothing after it: a block on the next
    /// lines, or null.
    fn nested(&mut self, indent: usize) -> Option<Value> {
        match self.peek() {
            Some(line) if line.indent > indent && is_dash(line.text) => {
                self.sequence(line.indent).map(Value::Array)
            }
            Some(line) if line.indent > indent => {
                self.mapping(line.indent, None).map(Value::Object)
            }
            // A list may sit at the same column as its key.
            Some(line) if line.indent == indent && is_dash(line.text) => {
                self.sequence(indent).map(Value::Array)
            }
            _ => Some(Value::Null),
        }
    }

    /// A block sequence whose dashes sit at column `indent`.
    fn sequence(&mut self, indent: usize) -> Option<Vec<Value>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent || (line.indent == indent && !is_dash(line.text)) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            self.at += 1;
            // `-` alone opens a block on the next lines: not in the subset.
            let item = line.text.strip_prefix("- ")?.trim_start_matches(' ');
            let column = indent + line.text.len() - item.len();
            let parent = self.enter_item(items.len());
            self.record(
                line.number,
                indent,
                column,
                &line.content[column - indent..],
            );
            let value = if key_line(item).is_some() {
                let first = Line {
                    indent: column,
                    content: &line.content[column - indent..],
                    text: item,
                    ..line
                };
                Value::Object(self.mapping(column, Some(first))?)
            } else {
                self.scalar(item, indent)?
            };
            self.path.truncate(parent);
            items.push(value);
        }
        self.depth -= 1;
        Some(items)
    }

    /// A scalar starting with `first` on a line of a block at `indent`,
    /// with the deeper lines that continue it.
    fn scalar(&mut self, first: &'t str, indent: usize) -> Option<Value> {
        if let Some(quote) = first.chars().next().filter(|c| matches!(c, '\'' | '"')) {
            let text = quoted(first, quote)?;
            return (!self.continues(indent)?).then_some(Value::String(text));
        }
        if !plain_line(first) || first.starts_with(INDICATORS) {
            return None;
        }
        let mut text = None::<String>;
        while self.continues(indent)? {
            let next = self.lines[self.at].text;
            if !plain_line(next) || next.starts_with(INDICATORS) || next.starts_with(['\'', '"']) {
                return None;
            }
            let folded = text.get_or_insert_with(|| first.to_owned());
            folded.push(' ');
            folded.push_str(next);
            self.at += 1;
        }
        let text = text.as_deref().unwrap_or(first);
        match text {
            "~" | "null" | "Null" | "NULL" => Some(Value::Null),
            "true" | "True" | "TRUE" => Some(Value::Bool(true)),
            "false" | "False" | "FALSE" => Some(Value::Bool(false)),
            _ if surely_text(text) => Some(Value::String(text.to_owned())),
            _ => None,
        }
    }

    /// Whether the next line continues a scalar of a block at `indent`
    /// (it is deeper). A blank line before a continuation would fold into a
    /// line break: `None`, not in the subset.
    fn continues(&mut self, indent: usize) -> Option<bool> {
        let blank = self.lines.get(self.at).is_some_and(|l| l.text.is_empty());
        let deeper = self.peek().is_some_and(|l| l.indent > indent);
        if blank && deeper {
            return None;
        }
        Some(deeper)
    }
}

/// First characters that make a line something other than a plain scalar.
const INDICATORS: [char; 18] = [
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', '\\',
];

/// A line of a plain scalar that holds nothing a mapping would take.
fn plain_line(text: &str) -> bool {
    !text.ends_with(':') && !text.as_bytes().windows(2).any(|w| w == b": ")
}

fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `key: rest` or `key:` with a key of letters, digits, `_`, `-` and `.`
/// that is surely text, and what follows the colon.
fn key_line(text: &str) -> Option<(&str, &str)> {
    let is_key_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let len = text.bytes().position(|b| !is_key_byte(b))?;
    let key = &text[..len];
    let rest = text[len..].strip_prefix(':')?;
    let simple = len <= MAX_KEY
        && key
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
    let is_key = rest.is_empty() || rest.starts_with(' ');
    let reserved = matches!(
        key,
        "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    );
    (simple && is_key && !reserved && surely_text(key)).then(|| (key, rest.trim_start_matches(' ')))
}

/// A one-line quoted scalar and nothing after it; `None` for anything that
/// needs escapes, spans lines or has text after the closing quote.
fn quoted(text: &str, quote: char) -> Option<String> {
    let inner = &text[1..];
    if quote == '"' {
        let end = inner.find('"')?;
        return (end + 2 == text.len() && !inner[..end].contains('\\'))
            .then(|| inner[..end].to_owned());
    }
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    loop {
        let end = rest.find('\'')?;
        out.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                out.push('\'');
                rest = after;
            }
            None => return rest.is_empty().then_some(out),
        }
    }
}

/// Whether YAML's core schema reads a plain scalar as text for sure: it
/// cannot be a number. Every integer or finite float serde_yaml accepts
/// starts, after one sign, with a digit or a `.` and uses only digits,
/// hex letters, `x`, `o`, `_`, `.`, signs and exponents; anything else
/// starting that way is left to serde_yaml.
fn surely_text(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    match unsigned.bytes().next() {
        Some(b'.') => false,
        Some(b'0'..=b'9') => !text.bytes().all(|b| {
            b.is_ascii_hexdigit()
                || matches!(b, b'x' | b'X' | b'o' | b'O' | b'_' | b'.' | b'+' | b'-')
        }),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value through serde_yaml and the positions of the scanner, the
    /// reference.
    fn reference(text: &str) -> Option<(Value, KeyIndex<'_>)> {
        let value = crate::value::through_serde_yaml(text)?;
        Some((value, crate::keys::scan_yaml(text, 2)))
    }

    fn value(text: &str) -> Option<Value> {
        read(text, 2).map(|(v, _)| v)
    }

    #[test]
    fn reads_the_shape_of_a_post() {
        let text = "templateKey: blog-post\ntitle: 10 Lessons: from Lean Volumes\r\n";
        assert_eq!(value(text), None, "`: ` in a plain scalar is an error");
        let text = "templateKey: blog-post\ntitle: 'It''s \"here\"'\nauthor: Hana Sato\n\
             date: 2016-12-31T00:51:58.181Z\ncategory:\n  - value: category-Cv2gRb7Ky\n    \
             label: Foundation News\n  - value: x\n    label: \"Case, Studies\"\n\
             hidePost: false\nseo:\n  description: Brings node community,\n    after \
             into scales.\n\n  twitterUsername: hanasato\n  url: https://a.example/b?c=d#e\n\
             aliases:\n- /old/\n- /older/\nimage:\n";
        let read = read(text, 2).expect("in the subset");
        assert_eq!(Some(&read), reference(text).as_ref());
        let (value, keys) = read;
        let at = |p| (keys.key(p).line, keys.key(p).column, keys.value(p).column);
        assert_eq!(at("category.1.label"), (10, 5, 12));
        assert_eq!(at("seo.url"), (17, 3, 8));
        assert_eq!(
            value["seo"]["description"],
            "Brings node community, after into scales."
        );
        assert_eq!(value["title"], "It's \"here\"");
        assert_eq!(value["hidePost"], false);
        assert_eq!(value["image"], Value::Null);
    }

    #[test]
    fn leaves_everything_else_to_serde_yaml() {
        for text in [
            "",
            "# comment\na: b\n",
            "a: b # comment\n",
            "a:\tb\n",
            "a: 1\n",
            "a: 2020-11-06\n",
            "a: .inf\n",
            "1: a\n",
            "a: b\na: c\n",
            "a: [b]\n",
            "a: &x b\n",
            "a: !t b\n",
            "a: |\n  b\n",
            "a: \"b\\tc\"\n",
            "a: 'b\n  c'\n",
            "a: b\n\n  c\n",
            "a:\n  b\n",
            "a: b\n  - c\n",
            "  a: b\n",
            "a: b\n c: d\n",
            "a:\n  b: c\n d: e\n",
            "a:\n  - b\n   - c\n",
            "a:\n  -\n    b: c\n",
            "a: b\r",
            "a: b\u{85}c\n",
            "a b: c\n",
            "a: b:\n",
            "- a\n",
        ] {
            assert_eq!(value(text), None, "{text:?}");
        }
    }

    /// A front-matter tree, written out in block style below.
    #[derive(Debug, Clone)]
    enum Node {
        Scalar(usize),
        Map(Vec<(usize, Node)>),
        List(Vec<Node>),
    }

    const KEYS: [&str; 8] = ["a", "b", "title", "d.e_f", "x-y", "e1", "_k", "Key"];
    const SCALARS: [&str; 32] = [
        "x",
        "two words here",
        "true",
        "False",
        "~",
        "null",
        "Null",
        "2020-01-02T03:04:05Z",
        "'q'",
        "'it''s'",
        "\"dq\"",
        "é ü",
        "http://a.b/c?d#e",
        "a,b",
        "+",
        "+x",
        "NaN",
        "Yes",
        "C#",
        "a:b",
        "0x1G",
        "1e5x",
        "12 34",
        "0o7",
        "1_000",
        "1.5.6",
        "2020-01-02",
        "-1",
        "'a: b'",
        "\"x\\ty\"",
        "a [b] {c}",
        "- x",
    ];

    fn node() -> impl proptest::strategy::Strategy<Value = Node> {
        use proptest::prelude::*;
        let leaf = (0..SCALARS.len()).prop_map(Node::Scalar);
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec((0..KEYS.len(), inner.clone()), 1..5).prop_map(Node::Map),
                proptest::collection::vec(inner, 1..4).prop_map(Node::List),
            ]
        })
    }

    /// How a tree is written: indent step, lists at their key's column,
    /// line ends, blank lines, scalars folded over two lines.
    #[derive(Debug, Clone, Copy)]
    struct Style {
        step: usize,
        flush_lists: bool,
        crlf: bool,
        blank: bool,
        fold: bool,
        /// Spaces after `:` and `-`.
        sep: &'static str,
        trailing: bool,
    }

    fn write_entries(out: &mut Vec<(usize, String)>, node: &Node, col: usize, style: Style) {
        match node {
            Node::Map(entries) => {
                for (k, v) in entries {
                    write_value(out, col, format!("{}:", KEYS[*k]), v, style);
                }
            }
            Node::List(items) => {
                for item in items {
                    write_value(out, col, "-".into(), item, style);
                }
            }
            Node::Scalar(_) => unreachable!("entries of a block"),
        }
    }

    fn write_value(
        out: &mut Vec<(usize, String)>,
        col: usize,
        head: String,
        v: &Node,
        style: Style,
    ) {
        match v {
            Node::Scalar(s) => {
                let text = SCALARS[*s];
                let foldable = style.fold && !text.starts_with(['\'', '"']);
                match text.split_once(' ').filter(|_| foldable) {
                    Some((a, b)) => {
                        out.push((col, format!("{head}{}{a}", style.sep)));
                        out.push((col + style.step + 1, b.to_owned()));
                    }
                    None => out.push((col, format!("{head}{}{text}", style.sep))),
                }
            }
            Node::List(_) if head.ends_with(':') => {
                out.push((col, head));
                let inner = if style.flush_lists {
                    col
                } else {
                    col + style.step
                };
                write_entries(out, v, inner, style);
            }
            _ if head == "-" && matches!(v, Node::Map(_)) => {
                // The first entry shares the dash's line.
                let mut inner = Vec::new();
                write_entries(&mut inner, v, col + 1 + style.sep.len(), style);
                let (_, first) = inner.remove(0);
                out.push((col, format!("-{}{first}", style.sep)));
                out.extend(inner);
            }
            _ => {
                out.push((col, head));
                write_entries(out, v, col + style.step, style);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// Front matter written in block style in many ways: whatever the
        /// reader accepts, serde_yaml reads to the same value, and the plain
        /// cases are accepted.
        #[test]
        fn agrees_with_serde_yaml_on_block_documents(
            entries in proptest::collection::vec((0..KEYS.len(), node()), 1..6),
            step in 1usize..4,
            flags in 0u8..64,
        ) {
            let style = Style {
                step,
                flush_lists: flags & 1 != 0,
                crlf: flags & 2 != 0,
                blank: flags & 4 != 0,
                fold: flags & 8 != 0,
                sep: if flags & 16 != 0 { "   " } else { " " },
                trailing: flags & 32 != 0,
            };
            let mut lines = Vec::new();
            let tree = Node::Map(entries);
            write_entries(&mut lines, &tree, 0, style);
            let end = if style.crlf { "\r\n" } else { "\n" };
            let mut text = String::new();
            for (i, (col, line)) in lines.iter().enumerate() {
                if style.blank && i % 3 == 1 && *col == 0 {
                    text.push_str(end);
                }
                text.push_str(&" ".repeat(*col));
                text.push_str(line);
                if style.trailing {
                    text.push_str("  ");
                }
                text.push_str(end);
            }
            let expected = reference(&text);
            match read(&text, 2) {
                Some(read) => proptest::prop_assert_eq!(Some(read), expected, "{:?}", text),
                None => proptest::prop_assert!(
                    expected.is_none() || !must_take(&tree, false),
                    "declined plain block YAML {:?}", text
                ),
            }
        }

        /// Arbitrary lines: the reader never accepts what serde_yaml reads
        /// otherwise or refuses.
        #[test]
        fn agrees_with_serde_yaml_on_any_lines(
            lines in proptest::collection::vec((0usize..7, 0usize..4, 0..SCALARS.len()), 1..10)
        ) {
            const HEADS: [&str; 7] = ["a: ", "b:", "- ", "- c: ", "", "-", "d.e_f: "];
            let text: String = lines
                .iter()
                .map(|&(h, i, v)| format!("{}{}{}\n", "  ".repeat(i), HEADS[h], SCALARS[v]))
                .collect();
            if let Some(read) = read(&text, 2) {
                proptest::prop_assert_eq!(Some(read), reference(&text), "{:?}", text);
            }
        }
    }

    /// Whether the reader must take a tree: every scalar is plain text (no
    /// number, escape, indicator or `: `) and no list item opens a block
    /// on the next line.
    fn must_take(node: &Node, in_list: bool) -> bool {
        const TAKEN: [usize; 22] = [
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22,
        ];
        match node {
            Node::Scalar(s) => TAKEN.contains(s),
            Node::Map(entries) => entries.iter().all(|(_, v)| must_take(v, false)),
            Node::List(items) => !in_list && items.iter().all(|v| must_take(v, true)),
        }
    }
}
