//! Integration tests of quire-content: fixture files parsed one by one
//! (snapshots), whole folders loaded, and property tests.

mod load;
mod props;

use std::fmt::Write as _;
use std::path::Path;

use quire_content::{Entry, Parsed, SiteSettings, parse_file, parse_settings};
use quire_diagnostics::render_human;

/// The settings every fixture is parsed with: `tests/fixtures/site.yaml`.
fn settings() -> SiteSettings {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site.yaml");
    let (settings, diagnostics) = parse_settings(
        "site.yaml",
        &std::fs::read(path).expect("fixture site.yaml"),
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    settings
}

/// Parses a fixture as `blog/<name>` and renders what a user would see:
/// each diagnostic rustc-style, then the parsed entry as JSON.
fn check_fixture(path: &Path) -> (Parsed, String) {
    let bytes = std::fs::read(path).expect("fixture readable");
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .expect("utf-8 name");
    let rel = format!("blog/{name}");
    let parsed = parse_file(&rel, &bytes, &settings());
    let text =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned();
    let mut out = String::new();
    for d in &parsed.diagnostics {
        out.push_str(&render_human(d, Some(&text)));
        out.push('\n');
    }
    let _ = writeln!(out, "is_post: {}", parsed.is_post);
    let entry = match &parsed.entry {
        Some(Entry::Post(p)) => serde_json::to_string_pretty(p),
        Some(Entry::Page(p)) => serde_json::to_string_pretty(p),
        Some(_) => Ok("another entry kind".into()),
        None => Ok("skipped".into()),
    };
    out.push_str(&entry.expect("model serializes"));
    out.push('\n');
    (parsed, out)
}

#[test]
fn good_fixtures_parse() {
    insta::glob!("../fixtures", "good/*.md", |path| {
        let (parsed, out) = check_fixture(path);
        let skipped = path.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with("no-") || n.starts_with("empty-")
        });
        assert_eq!(parsed.entry.is_none(), skipped, "{out}");
        assert!(!parsed.diagnostics.iter().any(|d| d.is_error()), "{out}");
        insta::assert_snapshot!(out);
    });
}

#[test]
fn bad_fixtures_report_errors() {
    insta::glob!("../fixtures", "bad/*.md", |path| {
        let (parsed, out) = check_fixture(path);
        assert!(
            parsed.entry.is_none(),
            "a broken post must be skipped:\n{out}"
        );
        let empty = path
            .file_name()
            .is_some_and(|n| n == "empty.md" || n == "whitespace-only.md");
        assert!(
            empty || parsed.diagnostics.iter().any(|d| d.is_error()),
            "{out}"
        );
        insta::assert_snapshot!(out);
    });
}

#[test]
fn body_line_points_at_the_body_in_the_original_file() {
    for (text, line) in [
        (
            "---\ntemplateKey: blog-post\ntitle: t\ndate: 2024-05-01\n---\nbody\n",
            6,
        ),
        (
            "\u{feff}---\r\ntemplateKey: blog-post\r\ntitle: t\r\ndate: 2024-05-01\r\n---\r\nbody",
            6,
        ),
        (
            "+++\ntemplateKey = 'blog-post'\ntitle = 't'\ndate = 2024-05-01\n\n+++\nbody",
            7,
        ),
    ] {
        let parsed = parse_file("a.md", text.as_bytes(), &settings());
        let Some(Entry::Post(post)) = parsed.entry else {
            panic!("{text:?} is a post")
        };
        assert_eq!(post.body_line, line, "{text:?}");
        assert!(post.body.starts_with("body"), "{text:?}");
    }
}
