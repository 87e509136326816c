//! Markdown to HTML for a few-KB post, with and without code highlighting.
//!
//! `cargo bench -p quire-markdown --bench render`

use divan::{Bencher, black_box, counter::BytesCount};
use quire_markdown::{Options, render};

fn main() {
    divan::main();
}

/// A post in the shape of the generated corpus: headings, paragraphs with
/// inline and reference links, a list, a table and one code block.
fn post() -> String {
    let mut md = String::new();
    for section in 0..4 {
        md.push_str(&format!("## Section {section}: what changed\n\n"));
        for p in 0..3 {
            md.push_str(&format!(
                "The **cluster** upgrade in part {p} touched [the docs](/blog/post-{p}/) and \
                 [an outside page][ext], plus <https://example.org/{section}>. Operators \
                 reported that `nova-compute` restarts were _faster_ than before, and the \
                 release notes explain why in detail for every supported distribution.\n\n"
            ));
        }
        md.push_str(
            "- first item with a [link](#section-1-what-changed)\n- second item\n- third\n\n",
        );
    }
    md.push_str("| a | b |\n|---|---|\n| 1 | [x](/y/) |\n\n");
    md.push_str("```rust\n");
    for i in 0..15 {
        md.push_str(&format!(
            "    let value_{i} = items.get({i}).map(|x| x * 2).unwrap_or(0); // note\n"
        ));
    }
    md.push_str("```\n\n[ext]: https://example.org/ext\n");
    md
}

#[divan::bench(args = [false, true])]
fn render_post(bencher: Bencher<'_, '_>, highlight: bool) {
    let md = post();
    let mut options = Options::default();
    options.highlight_code = highlight;
    bencher
        .counter(BytesCount::of_str(&md))
        .bench(|| render(black_box(&md), black_box(&options)));
}
