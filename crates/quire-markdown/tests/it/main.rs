//! Integration tests for quire-markdown: one fixture per feature under
//! `tests/fixtures/`, each rendered and snapshotted whole.

use std::fmt::Write as _;
use std::path::Path;

use quire_markdown::{Document, LinkSource, Options, highlight_css, render, slugify};

mod slugs;

/// Options from the fixture's name: `no-raw-html`, `smart` and
/// `no-highlight` switch the matching option.
fn options_for(path: &Path) -> Options {
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let mut options = Options::default();
    options.raw_html = !name.contains("no-raw-html");
    options.smart_punctuation = name.contains("smart");
    options.highlight_code = !name.contains("no-highlight");
    options
}

/// A readable dump of everything a Document carries.
fn dump(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "--- html\n{}", doc.html.trim_end());
    let _ = writeln!(out, "--- summary\n{}", doc.summary);
    let _ = writeln!(out, "--- text\n{}", doc.text);
    let _ = writeln!(
        out,
        "--- counts\nwords {}, minutes {}",
        doc.word_count, doc.reading_minutes
    );
    let _ = writeln!(out, "--- headings");
    for h in &doc.headings {
        let _ = writeln!(out, "h{} #{} {:?}", h.level, h.id, h.text);
    }
    let _ = writeln!(out, "--- footnote ids\n{}", doc.footnote_ids.join(" "));
    let _ = writeln!(out, "--- links");
    for l in &doc.links {
        let kind = match l.reference {
            Some(kind) => format!("{:?}/{kind:?}", l.source),
            None => format!("{:?}", l.source),
        };
        let _ = writeln!(out, "{}:{} {kind} {} {:?}", l.line, l.column, l.url, l.text);
    }
    for d in &doc.duplicate_definitions {
        let _ = writeln!(
            out,
            "duplicate definition {:?} at {}:{}, first at {}:{}",
            d.label, d.line, d.column, d.first_line, d.first_column
        );
    }
    for r in &doc.removed_urls {
        let _ = writeln!(
            out,
            "removed {:?} {} at {}:{}",
            r.source, r.url, r.line, r.column
        );
    }
    for p in &doc.escaped_html {
        let _ = writeln!(out, "escaped html at {}:{}", p.line, p.column);
    }
    out
}

/// Every reported position points at what was written there: the link's
/// `[`, `!` or `<`, a bare autolink's first character, or the HTML
/// attribute value.
fn check_positions(markdown: &str, doc: &Document) {
    let lines: Vec<&str> = markdown.lines().collect();
    for link in &doc.links {
        let line = lines[link.line as usize - 1];
        let at: String = line.chars().skip(link.column as usize - 1).collect();
        let ok = match link.source {
            LinkSource::Html => {
                // Character references are decoded in `url`, so compare up to the first one.
                let before_reference = link.url.split('&').next().unwrap_or("");
                at.starts_with(before_reference) || at.starts_with('&')
            }
            LinkSource::Image => at.starts_with("!["),
            LinkSource::Autolink => at.starts_with('<') || at.starts_with(&link.text),
            LinkSource::Footnote => {
                at.starts_with('[') || at.starts_with('<') || at.starts_with(&link.text)
            }
            _ => at.starts_with('['),
        };
        assert!(ok, "{link:?} points at {at:?}");
    }
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "*.md", |path| {
        let markdown = std::fs::read_to_string(path).expect("fixture is readable");
        let doc = render(&markdown, &options_for(path));
        check_positions(&markdown, &doc);
        insta::assert_snapshot!(dump(&doc));
    });
}

#[test]
fn highlighting_off_gives_plain_escaped_code() {
    let mut options = Options::default();
    options.highlight_code = false;
    let doc = render("```rust\nlet a = \"<b>\";\n```\n", &options);
    assert_eq!(
        doc.html,
        "<pre><code class=\"language-rust\">let a = &quot;&lt;b&gt;&quot;;\n</code></pre>\n"
    );
}

#[test]
fn highlighted_code_keeps_every_character() {
    let code = "fn f<'a>(x: &'a str) -> bool { x == \"&<>\" } // done\n";
    let doc = render(&format!("```rust\n{code}```\n"), &Options::default());
    let mut text = doc.html.clone();
    while let Some(start) = text.find('<') {
        let end = text[start..].find('>').expect("tag closes") + start;
        text.replace_range(start..=end, "");
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"");
    assert_eq!(text.replace("&amp;", "&"), format!("{code}\n"));
}

#[test]
fn heading_ids_agree_with_slugify() {
    let doc = render("# Hello, Wörld!\n\n## Hello, Wörld!\n", &Options::default());
    assert_eq!(doc.headings[0].id, slugify("Hello, Wörld!"));
    assert_eq!(
        doc.headings[1].id,
        format!("{}-1", slugify("Hello, Wörld!"))
    );
    for h in &doc.headings {
        assert!(doc.html.contains(&format!("id=\"{}\"", h.id)));
    }
}

#[test]
fn table_of_contents_nests_headings() {
    let doc = render("# A\n## B\n### C\n## D\n# E\n", &Options::default());
    let toc = doc.toc();
    assert_eq!(toc.len(), 2);
    assert_eq!(
        toc[0]
            .children
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["b", "d"]
    );
    assert_eq!(toc[0].children[0].children[0].id, "c");
}

#[test]
fn reading_time_rounds_up_and_is_at_least_one() {
    assert_eq!(render("", &Options::default()).reading_minutes, 1);
    let words = "word ".repeat(401);
    let doc = render(&words, &Options::default());
    assert_eq!((doc.word_count, doc.reading_minutes), (401, 3));
}

#[test]
fn css_has_light_and_dark_palettes_for_the_classes_used() {
    let css = highlight_css();
    assert!(css.contains("@media (prefers-color-scheme: dark)"));
    let doc = render(
        "```python\ndef f():\n    return 'x'  # c\n```\n",
        &Options::default(),
    );
    let mut rest = doc.html.as_str();
    while let Some(i) = rest.find("class=\"hl-") {
        let class = &rest[i + 7..];
        let class = &class[..class.find('"').expect("quoted")];
        assert_eq!(css.matches(&format!(".{class} ")).count(), 2, "{class}");
        rest = &rest[i + 1..];
    }
}

#[test]
fn documents_render_in_parallel_threads() {
    use rayon::prelude::*;
    let posts: Vec<String> = (0..64)
        .map(|i| format!("# Post {i}\n\n```go\nfunc f{i}() {{}}\n```\n"))
        .collect();
    let docs: Vec<Document> = posts
        .par_iter()
        .map(|p| render(p, &Options::default()))
        .collect();
    for (i, doc) in docs.iter().enumerate() {
        assert_eq!(doc.headings[0].id, format!("post-{i}"));
        assert!(doc.html.contains("hl-keyword"), "{}", doc.html);
    }
}
