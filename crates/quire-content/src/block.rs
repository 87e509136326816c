//! A reader for the plain block-style YAML that front matter is nearly
//! always written in: `key: value` lines, nested mappings, `- ` lists,
//! plain scalars folded over several lines, and one-line quoted scalars.
//!
//! libyaml spends most of its time decoding and re-checking every byte;
//! this reader goes over each line once. It only answers when the text is
//! inside the small subset it understands exactly, and then gives the value
//! serde_yaml gives. Anything else (comments, tabs, flow collections,
//! anchors, tags, block scalars, numbers, escapes, duplicate keys, odd
//! indentation, errors) is `None`, and the caller asks serde_yaml.

use serde_json::{Map, Value};

/// Deeper nesting is left to serde_yaml, which has its own limit.
const MAX_DEPTH: usize = 16;

/// Longest implicit key libyaml accepts is 1024 characters; stay below.
const MAX_KEY: usize = 1000;

/// One line: its indentation in spaces and what follows, without the line
/// break and trailing spaces (empty for a blank line).
#[derive(Clone, Copy)]
struct Line<'t> {
    indent: usize,
    text: &'t str,
}

/// Reads `text` when it is a block mapping in the subset; `None` otherwise.
pub(crate) fn read(text: &str) -> Option<Value> {
    if !plain_characters(text) {
        return None;
    }
    let mut lines = Vec::with_capacity(text.len() / 24 + 1);
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw).trim_end_matches(' ');
        let body = raw.trim_start_matches(' ');
        let indent = raw.len() - body.len();
        // Comments and document markers change how lines around them read.
        if body.starts_with('#')
            || body.contains(" #")
            || (indent == 0 && (body.starts_with("---") || body.starts_with("...")))
        {
            return None;
        }
        lines.push(Line { indent, text: body });
    }
    let mut reader = Reader {
        lines,
        at: 0,
        depth: 0,
    };
    if reader.peek()?.indent != 0 {
        return None;
    }
    let map = reader.mapping(0, None)?;
    reader.peek().is_none().then_some(Value::Object(map))
}

/// Only printable characters libyaml reads as themselves: no tabs, no
/// control characters, no line breaks other than `\n` and `\r\n`.
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b' '..=b'~' | b'\n' | 0x80.. => {}
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
            _ => return false,
        }
    }
    text.is_ascii()
        || text.chars().all(|c| {
            c.is_ascii()
                || (c >= '\u{A0}'
                    && !matches!(
                        c,
                        '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
                    ))
        })
}

struct Reader<'t> {
    lines: Vec<Line<'t>>,
    at: usize,
    depth: usize,
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

    /// A block mapping whose keys sit at column `indent`. `first` is the
    /// first entry when it follows a `- ` on a list item's line (that line
    /// is already consumed).
    fn mapping(&mut self, indent: usize, mut first: Option<&'t str>) -> Option<Map<String, Value>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut map = Map::new();
        loop {
            let text = match first.take() {
                Some(text) => text,
                None => match self.peek() {
                    Some(line) if line.indent == indent && !is_dash(line.text) => {
                        self.at += 1;
                        line.text
                    }
                    Some(line) if line.indent > indent => return None,
                    _ => break,
                },
            };
            let (key, rest) = key_line(text)?;
            if map.contains_key(key) {
                return None;
            }
            let value = if rest.is_empty() {
                self.nested(indent)?
            } else {
                self.scalar(rest, indent)?
            };
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
            let value = if key_line(item).is_some() {
                Value::Object(self.mapping(column, Some(item))?)
            } else {
                self.scalar(item, indent)?
            };
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
    !text.contains(": ") && !text.ends_with(':')
}

fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `key: rest` or `key:` with a key of letters, digits, `_`, `-` and `.`
/// that is surely text, and what follows the colon.
fn key_line(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let key = &text[..colon];
    let rest = &text[colon + 1..];
    let simple = key.len() <= MAX_KEY
        && key
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
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

    /// The value through serde_yaml, the reference.
    fn reference(text: &str) -> Option<Value> {
        crate::value::through_serde_yaml(text)
    }

    #[test]
    fn reads_the_shape_of_a_post() {
        let text = "templateKey: blog-post\ntitle: 10 Lessons: from Lean Volumes\r\n";
        assert_eq!(read(text), None, "`: ` in a plain scalar is an error");
        let text = "templateKey: blog-post\ntitle: 'It''s \"here\"'\nauthor: Hana Sato\n\
             date: 2016-12-31T00:51:58.181Z\ncategory:\n  - value: category-Cv2gRb7Ky\n    \
             label: Foundation News\n  - value: x\n    label: \"Case, Studies\"\n\
             hidePost: false\nseo:\n  description: Brings node community,\n    after \
             into scales.\n\n  twitterUsername: hanasato\n  url: https://a.example/b?c=d#e\n\
             aliases:\n- /old/\n- /older/\nimage:\n";
        let value = read(text).expect("in the subset");
        assert_eq!(Some(&value), reference(text).as_ref());
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
            assert_eq!(read(text), None, "{text:?}");
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
                        out.push((col, format!("{head} {a}")));
                        out.push((col + style.step + 1, b.to_owned()));
                    }
                    None => out.push((col, format!("{head} {text}"))),
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
                write_entries(&mut inner, v, col + 2, style);
                let (_, first) = inner.remove(0);
                out.push((col, format!("- {first}")));
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
            flags in 0u8..16,
        ) {
            let style = Style {
                step,
                flush_lists: flags & 1 != 0,
                crlf: flags & 2 != 0,
                blank: flags & 4 != 0,
                fold: flags & 8 != 0,
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
                text.push_str(end);
            }
            let expected = reference(&text);
            match read(&text) {
                Some(value) => proptest::prop_assert_eq!(Some(value), expected, "{:?}", text),
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
            if let Some(value) = read(&text) {
                proptest::prop_assert_eq!(Some(value), reference(&text), "{:?}", text);
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
