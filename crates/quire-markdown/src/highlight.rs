//! Code highlighting at build time with tree-sitter, emitting CSS classes.
//!
//! Chosen by measurement over syntect (both regex engines); see the crate
//! README for the figures. Grammars and queries are compiled once, on first
//! use of each grammar, into process-wide statics that every rayon thread shares; each thread
//! keeps its own `Highlighter` (parser state), which is not `Sync`.

use std::cell::RefCell;
use std::sync::LazyLock;

use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

/// Capture names we give a class to, most specific first where it matters.
/// Anything else (brackets, delimiters, plain variables) stays unstyled, which
/// keeps the output small.
const CAPTURES: &[&str] = &[
    "attribute",
    "boolean",
    "comment",
    "constant",
    "constant.builtin",
    "constructor",
    "escape",
    "function",
    "function.builtin",
    "function.macro",
    "keyword",
    "label",
    "namespace",
    "number",
    "operator",
    "property",
    "punctuation.special",
    "string",
    "string.special",
    "tag",
    "type",
    "type.builtin",
    "variable.builtin",
    "variable.parameter",
];

/// Opening tag per entry of [`CAPTURES`]: `hl-` plus the name with dots as dashes.
static OPEN_TAGS: LazyLock<Vec<String>> = LazyLock::new(|| {
    CAPTURES
        .iter()
        .map(|name| format!("<span class=\"hl-{}\">", name.replace('.', "-")))
        .collect()
});

/// Builds a grammar's highlight configuration. Compiling the queries is the
/// expensive part (tens of milliseconds for some grammars), so each grammar
/// is built on first use only, and different threads build different
/// grammars at the same time.
fn build(
    name: &'static str,
    language: tree_sitter::Language,
    highlights: &str,
    injections: &str,
) -> HighlightConfiguration {
    let mut config = HighlightConfiguration::new(language, name, highlights, injections, "")
        // The queries ship with the grammar crates pinned in Cargo.toml; a
        // failure here is a packaging bug that every test run would show.
        .unwrap_or_else(|e| panic!("tree-sitter query for {name} does not compile: {e}"));
    config.configure(CAPTURES);
    config
}

/// One lazily built configuration per grammar.
macro_rules! grammar {
    ($static:ident, $name:literal, $lang:expr, $highlights:expr, $injections:expr) => {
        static $static: LazyLock<HighlightConfiguration> =
            LazyLock::new(|| build($name, $lang.into(), $highlights, $injections));
    };
}

grammar!(
    RUST,
    "rust",
    tree_sitter_rust::LANGUAGE,
    tree_sitter_rust::HIGHLIGHTS_QUERY,
    ""
);
grammar!(
    PYTHON,
    "python",
    tree_sitter_python::LANGUAGE,
    tree_sitter_python::HIGHLIGHTS_QUERY,
    ""
);
grammar!(
    GO,
    "go",
    tree_sitter_go::LANGUAGE,
    tree_sitter_go::HIGHLIGHTS_QUERY,
    ""
);
grammar!(
    YAML,
    "yaml",
    tree_sitter_yaml::LANGUAGE,
    tree_sitter_yaml::HIGHLIGHTS_QUERY,
    ""
);
grammar!(
    BASH,
    "bash",
    tree_sitter_bash::LANGUAGE,
    tree_sitter_bash::HIGHLIGHT_QUERY,
    ""
);
grammar!(
    JSON,
    "json",
    tree_sitter_json::LANGUAGE,
    tree_sitter_json::HIGHLIGHTS_QUERY,
    ""
);
grammar!(
    TOML,
    "toml",
    tree_sitter_toml_ng::LANGUAGE,
    tree_sitter_toml_ng::HIGHLIGHTS_QUERY,
    ""
);
grammar!(
    JAVASCRIPT,
    "javascript",
    tree_sitter_javascript::LANGUAGE,
    tree_sitter_javascript::HIGHLIGHT_QUERY,
    ""
);
grammar!(
    HTML,
    "html",
    tree_sitter_html::LANGUAGE,
    tree_sitter_html::HIGHLIGHTS_QUERY,
    tree_sitter_html::INJECTIONS_QUERY
);
grammar!(
    CSS,
    "css",
    tree_sitter_css::LANGUAGE,
    tree_sitter_css::HIGHLIGHTS_QUERY,
    ""
);

/// Canonical grammar name for a fence info word, `None` when unsupported.
fn canonical(lang: &str) -> Option<&'static str> {
    let lang = lang.to_ascii_lowercase();
    Some(match lang.as_str() {
        "rust" | "rs" => "rust",
        "python" | "py" | "python3" => "python",
        "go" | "golang" => "go",
        "yaml" | "yml" => "yaml",
        "bash" | "sh" | "shell" | "zsh" | "console" | "shell-session" => "bash",
        "json" | "jsonc" | "json5" => "json",
        "toml" => "toml",
        "javascript" | "js" | "jsx" | "mjs" | "cjs" => "javascript",
        "html" | "htm" | "xhtml" => "html",
        "css" => "css",
        _ => return None,
    })
}

fn config(name: &str) -> Option<&'static HighlightConfiguration> {
    Some(match name {
        "rust" => &RUST,
        "python" => &PYTHON,
        "go" => &GO,
        "yaml" => &YAML,
        "bash" => &BASH,
        "json" => &JSON,
        "toml" => &TOML,
        "javascript" => &JAVASCRIPT,
        "html" => &HTML,
        "css" => &CSS,
        _ => return None,
    })
}

thread_local! {
    static HIGHLIGHTER: RefCell<Highlighter> = RefCell::new(Highlighter::new());
}

/// Whether `lang` (a fence info word) has a grammar.
pub(crate) fn supports(lang: &str) -> bool {
    canonical(lang).is_some()
}

/// Appends `code` highlighted with `<span class="hl-...">` to `out`, or
/// returns false (writing nothing) when the language is unknown or the
/// grammar gives up, so the caller falls back to plain escaped text.
pub(crate) fn highlight(lang: &str, code: &str, out: &mut String) -> bool {
    let Some(config) = canonical(lang).and_then(config) else {
        return false;
    };
    HIGHLIGHTER.with(|cell| {
        let mut highlighter = cell.borrow_mut();
        let Ok(events) = highlighter.highlight(config, code.as_bytes(), None, |injected| {
            canonical(injected).and_then(self::config)
        }) else {
            return false;
        };
        let start = out.len();
        let mut open = 0usize;
        for event in events {
            match event {
                Ok(HighlightEvent::Source { start, end }) => escape_into(out, &code[start..end]),
                Ok(HighlightEvent::HighlightStart(h)) => {
                    out.push_str(&OPEN_TAGS[h.0]);
                    open += 1;
                }
                Ok(HighlightEvent::HighlightEnd) => {
                    out.push_str("</span>");
                    open = open.saturating_sub(1);
                }
                Err(_) => {
                    out.truncate(start);
                    return false;
                }
            }
        }
        for _ in 0..open {
            out.push_str("</span>");
        }
        true
    })
}

/// HTML-escapes text content (`&`, `<`, `>`, `"`).
pub(crate) fn escape_into(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// Light colours per class; dark ones follow under `prefers-color-scheme`.
const PALETTE: &[(&str, &str, &str)] = &[
    ("attribute", "#6f42c1", "#d2a8ff"),
    ("boolean", "#005cc5", "#79c0ff"),
    ("comment", "#6a737d", "#8b949e"),
    ("constant", "#005cc5", "#79c0ff"),
    ("constant-builtin", "#005cc5", "#79c0ff"),
    ("constructor", "#6f42c1", "#d2a8ff"),
    ("escape", "#22863a", "#7ee787"),
    ("function", "#6f42c1", "#d2a8ff"),
    ("function-builtin", "#005cc5", "#79c0ff"),
    ("function-macro", "#6f42c1", "#d2a8ff"),
    ("keyword", "#d73a49", "#ff7b72"),
    ("label", "#e36209", "#ffa657"),
    ("namespace", "#e36209", "#ffa657"),
    ("number", "#005cc5", "#79c0ff"),
    ("operator", "#d73a49", "#ff7b72"),
    ("property", "#005cc5", "#79c0ff"),
    ("punctuation-special", "#d73a49", "#ff7b72"),
    ("string", "#032f62", "#a5d6ff"),
    ("string-special", "#22863a", "#7ee787"),
    ("tag", "#22863a", "#7ee787"),
    ("type", "#e36209", "#ffa657"),
    ("type-builtin", "#e36209", "#ffa657"),
    ("variable-builtin", "#e36209", "#ffa657"),
    ("variable-parameter", "#24292e", "#c9d1d9"),
];

/// CSS for the highlight classes: a light palette, and a dark one under
/// `@media (prefers-color-scheme: dark)`. Themes include it once.
pub fn highlight_css() -> String {
    let mut css = String::from("/* quire code highlighting: classes from quire-markdown */\n");
    for (class, light, _) in PALETTE {
        let italic = if *class == "comment" {
            " font-style: italic;"
        } else {
            ""
        };
        css.push_str(&format!(".hl-{class} {{ color: {light};{italic} }}\n"));
    }
    css.push_str("@media (prefers-color-scheme: dark) {\n");
    for (class, _, dark) in PALETTE {
        css.push_str(&format!("  .hl-{class} {{ color: {dark}; }}\n"));
    }
    css.push_str("}\n");
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_capture_has_a_colour() {
        let classes: Vec<String> = CAPTURES.iter().map(|c| c.replace('.', "-")).collect();
        let palette: Vec<&str> = PALETTE.iter().map(|p| p.0).collect();
        assert_eq!(classes, palette);
    }

    #[test]
    fn every_grammar_loads_and_highlights() {
        for lang in [
            "rust", "py", "go", "yml", "sh", "json", "toml", "js", "html", "css",
        ] {
            let mut out = String::new();
            assert!(highlight(lang, "x = 1 # \"a\" <b>\n", &mut out), "{lang}");
            assert!(out.contains("x"), "{lang}: {out}");
        }
    }

    #[test]
    fn unknown_language_writes_nothing() {
        let mut out = String::new();
        assert!(!highlight("brainfuck", "+++", &mut out));
        assert!(out.is_empty());
    }

    #[test]
    fn rust_keywords_and_strings_get_classes_and_text_is_escaped() {
        let mut out = String::new();
        assert!(highlight(
            "rust",
            "fn main() { let s = \"<a>\"; }\n",
            &mut out
        ));
        assert!(
            out.contains("<span class=\"hl-keyword\">fn</span>"),
            "{out}"
        );
        assert!(
            out.contains("<span class=\"hl-string\">&quot;&lt;a&gt;&quot;</span>"),
            "{out}"
        );
    }
}
