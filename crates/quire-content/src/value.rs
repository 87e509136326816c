//! The only place that calls the YAML and TOML parsers. Both produce
//! `serde_json` values, so no parser type travels further.

use serde_json::{Map, Number, Value};

use crate::split::{line_col, to_u32};

/// A syntax error, positioned in the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// Set when the error is a duplicate key: the key's name.
    pub duplicate_key: Option<String>,
}

/// Parses YAML whose first line is line `first_line` of the file.
///
/// The parser rejects duplicate keys in any mapping ("last one wins" would
/// silently drop data), and limits alias expansion, so hostile input fails
/// with an error instead of exhausting memory.
///
/// Front matter is read straight into JSON values. Anything that path does
/// not take as it is (a tag, a key that is not text, a duplicate key, an
/// error) sends the text through `serde_yaml::Value` instead, which gives
/// the same value or the error with its exact wording and position.
pub(crate) fn parse_yaml(text: &str, first_line: u32) -> Result<Value, SyntaxError> {
    if let Some(v) = direct(text) {
        return Ok(v);
    }
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(v) => Ok(yaml_to_json(v)),
        Err(e) => {
            let (line, column) = e.location().map_or((0, 0), |l| {
                text_position(text, to_u32(l.line()), to_u32(l.column()))
            });
            let full = e.to_string();
            let duplicate_key = full.split("duplicate entry with key ").nth(1).map(|k| {
                k.split(" at line ")
                    .next()
                    .unwrap_or(k)
                    .trim_matches('"')
                    .to_owned()
            });
            Err(SyntaxError {
                line: if line == 0 {
                    first_line
                } else {
                    line + first_line - 1
                },
                column: column.max(1),
                message: shift_positions(&full, text, first_line - 1),
                duplicate_key,
            })
        }
    }
}

/// The value read by [`Direct`], `None` where it declines.
fn direct(text: &str) -> Option<Value> {
    use serde::de::DeserializeSeed as _;
    // Every tag is written with a `!`: without one, no node has a tag.
    let direct = Direct {
        untagged: !text.contains('!'),
    };
    direct
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .ok()
}

/// Rewrites the parser's own `at line N column M` mentions: the first one
/// (the error's position, shown separately) is removed, the others are
/// shifted to lines of the original file.
fn shift_positions(message: &str, text: &str, shift: u32) -> String {
    const AT: &str = " at line ";
    let mut out = String::new();
    let mut rest = message;
    let mut first = true;
    while let Some(i) = rest.find(AT) {
        out.push_str(&rest[..i]);
        let after = &rest[i + AT.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(n) = after[..digits].parse::<u32>() else {
            out.push_str(AT);
            rest = after;
            continue;
        };
        let tail = &after[digits..];
        let col_len = tail.strip_prefix(" column ").map_or(0, |t| {
            " column ".len() + t.bytes().take_while(u8::is_ascii_digit).count()
        });
        if !first {
            let column = tail
                .get(" column ".len()..col_len)
                .and_then(|c| c.parse::<u32>().ok());
            let (n, c) = text_position(text, n, column.unwrap_or(1));
            out.push_str(&format!("{AT}{}", n.saturating_add(shift)));
            if column.is_some() {
                out.push_str(&format!(" column {c}"));
            }
        }
        first = false;
        rest = &tail[col_len..];
    }
    out.push_str(rest);
    out
}

/// The 1-based (line, column) of the YAML parser as a position in `text`
/// itself. They differ only when `text` has a `\r` that no `\n` follows:
/// the parser takes it for a line break, the file's lines end at `\n` only
/// (as every other position Quire reports).
fn text_position(text: &str, line: u32, column: u32) -> (u32, u32) {
    let lone_cr = text
        .bytes()
        .enumerate()
        .any(|(i, b)| b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
    if !lone_cr || line == 0 {
        return (line, column);
    }
    let (mut l, mut c) = (1u32, 1u32);
    let mut offset = text.len();
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if l > line || (l == line && c >= column) {
            offset = i;
            break;
        }
        match ch {
            '\r' => {
                if chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    chars.next();
                }
                (l, c) = (l + 1, 1);
            }
            '\n' => (l, c) = (l + 1, 1),
            _ => c += 1,
        }
    }
    line_col(text, offset)
}

/// Reads YAML into the JSON value that [`yaml_to_json`] makes of the
/// `serde_yaml::Value`, for the documents whose mapping keys are all text
/// and distinct and that carry no tags; fails on any other.
#[derive(Clone, Copy)]
struct Direct {
    /// The text has no tags: keys are read as text (see [`Key`]).
    untagged: bool,
}

/// Reads a mapping key of an untagged document through the parser's
/// string path, which skips its scalar resolution (null, true or false,
/// integers, floats: most of the cost of a short scalar); fails unless the
/// text alone proves that resolution would have made it this same text.
#[derive(Clone, Copy)]
struct Key;

impl<'de> serde::de::DeserializeSeed<'de> for Key {
    type Value = String;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self)
    }
}

impl serde::de::Visitor<'_> for Key {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key that is plainly text")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<String, E> {
        if plainly_text(s) {
            Ok(s.to_owned())
        } else {
            Err(E::custom("a key that may not be text"))
        }
    }
}

/// Whether an untagged scalar is text whatever its quoting: it starts with
/// an ASCII letter and is not a spelling of null, true or false. YAML's
/// core schema reads no number from such a scalar (`inf` and `nan` would be
/// floats without the leading `.`, and the parser leaves those as text).
fn plainly_text(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && !matches!(
            s,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
}

impl<'de> serde::de::DeserializeSeed<'de> for Direct {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Direct {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("untagged YAML with text keys")
    }

    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: serde::de::Error>(self, i: i64) -> Result<Value, E> {
        Ok(Value::from(i))
    }

    fn visit_u64<E: serde::de::Error>(self, u: u64) -> Result<Value, E> {
        Ok(Value::from(u))
    }

    fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<Value, E> {
        Ok(yaml_float(f))
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Value, A::Error> {
        use serde::de::Error as _;
        let mut map = Map::new();
        loop {
            let key = if self.untagged {
                m.next_key_seed(Key)?
            } else {
                match m.next_key_seed(self)? {
                    Some(Value::String(key)) => Some(key),
                    Some(_) => return Err(A::Error::custom("a key that is not text")),
                    None => None,
                }
            };
            let Some(key) = key else { break };
            // Read before the duplicate check, so one search of the map
            // does both; a duplicate fails the whole read either way.
            let value = m.next_value_seed(self)?;
            match map.entry(key) {
                serde_json::map::Entry::Vacant(slot) => {
                    slot.insert(value);
                }
                serde_json::map::Entry::Occupied(_) => {
                    return Err(A::Error::custom("a duplicate key"));
                }
            }
        }
        Ok(Value::Object(map))
    }
}

/// A YAML float as JSON: a number, or YAML's own spelling (`.inf`, `.nan`)
/// for the ones JSON has no number for. Both readers go through it.
fn yaml_float(f: f64) -> Value {
    Number::from_f64(f).map_or_else(
        || Value::String(serde_yaml::Number::from(f).to_string()),
        Value::Number,
    )
}

fn yaml_to_json(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                yaml_float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => {
            let mut map = Map::new();
            for (k, v) in m {
                let key = match yaml_to_json(k) {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                map.insert(key, yaml_to_json(v));
            }
            Value::Object(map)
        }
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// Parses TOML whose first line is line `first_line` of the file.
pub(crate) fn parse_toml(text: &str, first_line: u32) -> Result<Value, SyntaxError> {
    match toml::from_str::<toml::Table>(text) {
        Ok(t) => Ok(toml_to_json(toml::Value::Table(t))),
        Err(e) => {
            let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            let message = e.message().trim().to_owned();
            let duplicate_key = message.starts_with("duplicate key").then(|| {
                let span = e.span().unwrap_or(0..0);
                text.get(span)
                    .unwrap_or("")
                    .trim()
                    .trim_matches(['"', '\''])
                    .to_owned()
            });
            Err(SyntaxError {
                line: line + first_line - 1,
                column,
                message,
                duplicate_key,
            })
        }
    }
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => {
            Number::from_f64(f).map_or_else(|| Value::String(f.to_string()), Value::Number)
        }
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_after_a_lone_carriage_return_count_newlines_only() {
        // libyaml breaks lines at the lone `\r`s; the file has two lines.
        let e = parse_yaml("a\r\r\rtemplateKey: blog-post\n", 2).unwrap_err();
        assert_eq!((e.line, e.column), (2, 16), "{e:?}");
        // With `\n` line ends nothing moves.
        let e = parse_yaml("x: 1\na\ntemplateKey: b\n", 2).unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
        assert_eq!(text_position("a\r\nb: c\n", 2, 3), (2, 3));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = parse_yaml("a: 1\nb: 2\na: 3\n", 2).unwrap_err();
        assert_eq!(e.duplicate_key.as_deref(), Some("a"));
        let e = parse_yaml("seo:\n  x: 1\n  x: 2\n", 2).unwrap_err();
        assert_eq!(e.duplicate_key.as_deref(), Some("x"));
        let e = parse_toml("a = 1\na = 2\n", 2).unwrap_err();
        assert_eq!(e.duplicate_key.as_deref(), Some("a"));
        assert_eq!((e.line, e.column), (3, 1));
    }

    #[test]
    fn syntax_error_positions_are_in_the_file() {
        let e = parse_yaml("a: 1\nb: [1\nc: 2\n", 2).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(!e.message.contains("at line 4"), "{}", e.message);
        assert!(e.message.contains("at line 3 column 4"), "{}", e.message);
        let e = parse_toml("a = \n", 5).unwrap_err();
        assert_eq!((e.line, e.column), (5, 5));
    }

    #[test]
    fn converts_to_json_values() {
        let v = parse_yaml(
            "a: 2020-11-06\nb: 0x10\nc: .nan\nd: !t x\n1: one\ne: ~\n",
            2,
        )
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"a": "2020-11-06", "b": 16, "c": ".nan", "d": "x", "1": "one", "e": null})
        );
        let v = parse_toml("d = 1979-05-27\n[seo]\nurl = \"/x\"\n", 2).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"d": "1979-05-27", "seo": {"url": "/x"}})
        );
    }

    /// The value through `serde_yaml::Value`, the reference for [`Direct`].
    fn through_value(text: &str) -> Option<Value> {
        serde_yaml::from_str::<serde_yaml::Value>(text)
            .ok()
            .map(yaml_to_json)
    }

    #[test]
    fn direct_reading_agrees_with_serde_yaml_values_or_declines() {
        for (text, taken) in [
            ("a: 1\nb: -2\nc: 18446744073709551615\nd: 1.5\n", true),
            (
                "a: .nan\nb: .inf\nc: -.inf\nd: 1e400\ne: 0x10\nf: 0o17\n",
                true,
            ),
            ("a: ~\nb: null\nc:\nd: true\ne: 'yes'\nf: \"x\\ty\"\n", true),
            ("a: [1, {b: [], c: {}}]\nd: &x {e: 1}\nf: *x\n", true),
            ("date: 2020-11-06\ntime: 2020-11-06T10:00:00Z\n", true),
            ("'1': quoted key\n", false),
            ("", true),
            ("- 1\n- a\n", true),
            ("plain text\n", true),
            ("1: one\n", false),
            ("true: x\n", false),
            ("~: x\n", false),
            ("a: !t x\n", false),
            ("!t {a: 1}\n", false),
            ("? [a]\n: 1\n", false),
            ("a: 1\na: 2\n", false),
            ("seo:\n  x: 1\n  x: 2\n", false),
            ("a: [1\n", false),
            ("a: 1\n---\nb: 2\n", false),
            // Keys read as text without resolution, and the ones that
            // only look like text.
            ("inf: 1\nnan: 2\nInfinity: 3\ne5: 4\nx1: 5\nNo: 6\n", true),
            ("'true': 1\n\"null\": 2\n'1': 3\n", false),
            ("é: 1\n", false),
            ("TRUE: x\n", false),
            ("!!str a: 1\n", true),
            ("!!null a: 1\n", false),
            ("!t a: 1\n", false),
            ("&k a: 1\n*k : 2\n", false),
            ("&k a: 1\nb: *k\n", true),
        ] {
            let direct = direct(text);
            assert_eq!(direct.is_some(), taken, "{text:?}");
            if let Some(v) = direct {
                assert_eq!(Some(v), through_value(text), "{text:?}");
            }
            assert_eq!(parse_yaml(text, 2).ok(), through_value(text), "{text:?}");
        }
    }

    #[test]
    fn direct_reading_agrees_on_every_fixture() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut files = 0;
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let front = match crate::split::split(&text) {
                Ok(s) if s.format == Some(crate::split::Format::Yaml) => s.front_matter,
                _ if entry.path().extension().is_some_and(|e| e == "yaml") => text.as_str(),
                _ => continue,
            };
            files += 1;
            if let Some(v) = direct(front) {
                assert_eq!(Some(v), through_value(front), "{}", entry.path().display());
            }
        }
        assert!(files > 50, "{files} fixtures read");
    }

    proptest::proptest! {
        /// Mappings, sequences and scalars of every kind, with keys that
        /// repeat and keys that are not text.
        #[test]
        fn direct_reading_never_disagrees(
            lines in proptest::collection::vec(
                (0usize..16, 0usize..18, 0usize..3),
                0..12,
            )
        ) {
            const KEYS: [&str; 16] = [
                "a", "b", "title", "'a'", "1", "true", "~", "!t k", "\"b\"", "inf", "'null'",
                "!!null n", "!!str b", "NULL", "1e3", "&r a",
            ];
            const VALUES: [&str; 18] = [
                "1", "-7", "0x1F", "1.25", ".nan", "-.inf", "~", "true", "text", "'q: x'",
                "2020-01-01", "!tag v", "[1, b]", "{c: d}", "18446744073709551616", "", "&r x",
                "\"\\u00e9\"",
            ];
            let text: String = lines
                .iter()
                .map(|&(k, v, indent)| format!("{}{}: {}\n", "  ".repeat(indent), KEYS[k], VALUES[v]))
                .collect();
            if let Some(v) = direct(&text) {
                proptest::prop_assert_eq!(Some(v), through_value(&text), "{:?}", text);
            }
            proptest::prop_assert_eq!(parse_yaml(&text, 2).ok(), through_value(&text));
        }
    }
}
