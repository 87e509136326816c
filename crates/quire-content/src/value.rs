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
pub(crate) fn parse_yaml(text: &str, first_line: u32) -> Result<Value, SyntaxError> {
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(v) => Ok(yaml_to_json(v)),
        Err(e) => {
            let (line, column) = e
                .location()
                .map_or((0, 0), |l| (to_u32(l.line()), to_u32(l.column())));
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
                message: shift_positions(&full, first_line - 1),
                duplicate_key,
            })
        }
    }
}

/// Rewrites the parser's own `at line N column M` mentions: the first one
/// (the error's position, shown separately) is removed, the others are
/// shifted to lines of the original file.
fn shift_positions(message: &str, shift: u32) -> String {
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
            out.push_str(&format!(
                "{AT}{}{}",
                n.saturating_add(shift),
                &tail[..col_len]
            ));
        }
        first = false;
        rest = &tail[col_len..];
    }
    out.push_str(rest);
    out
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
                let f = n.as_f64().unwrap_or(f64::NAN);
                Number::from_f64(f).map_or_else(|| Value::String(n.to_string()), Value::Number)
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
}
