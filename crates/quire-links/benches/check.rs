//! Extraction and the site-wide check against parsing and rendering alone,
//! on generated posts that link to each other, to headings and outside.
//!
//! `cargo bench -p quire-links --bench check`

use std::fmt::Write as _;
use std::path::PathBuf;

use quire_content::Site;
use quire_links::{Checker, PageLinks};
use quire_markdown::{Document, Options, render};

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[1_000, 10_000];

/// Writes `n` posts to a fresh folder and loads them.
fn site(n: usize) -> Site {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("quire-links-bench-{}-{n}", std::process::id()));
    let blog = dir.join("blog");
    std::fs::create_dir_all(&blog).unwrap();
    std::fs::write(dir.join("site.yaml"), "base_url: https://example.dev\n").unwrap();
    for i in 0..n {
        let mut body = String::new();
        for s in 0..5 {
            let _ = writeln!(body, "## Section {s}\n");
            let _ = writeln!(
                body,
                "Some text about part {s} of post {i}, see [the next post](/blog/post-{}/#section-{}) \
                 and [an outside page](https://example.org/{i}/{s}), or [this section](#section-{s}).\n",
                (i + 1) % n,
                (s + 1) % 5
            );
            let _ = writeln!(
                body,
                "More words in a paragraph that has no links at all, only prose.\n"
            );
        }
        // One post in twenty has a broken link, as a site after a migration might.
        if i % 20 == 0 {
            let _ = writeln!(body, "A [broken one](/blog/missing-{i}/).\n");
        }
        let _ = writeln!(body, "A note.[^1]\n\n[^1]: The note.");
        let text = format!(
            "---\ntemplateKey: blog-post\ntitle: Post {i}\ndate: 2024-01-01T00:00:00Z\n---\n{body}"
        );
        std::fs::write(blog.join(format!("post-{i}.md")), text).unwrap();
    }
    let loaded = quire_content::load(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    loaded.site
}

fn options() -> Options {
    let mut o = Options::default();
    o.highlight_code = false;
    o
}

/// Every post rendered, in order.
fn render_all(site: &Site) -> Vec<Document> {
    let options = options();
    site.posts
        .iter()
        .map(|p| render(&p.body, &options))
        .collect()
}

/// The baseline: parsing and rendering every post.
#[divan::bench(args = SIZES, sample_count = 5)]
fn render_only(bencher: divan::Bencher<'_, '_>, n: usize) {
    let site = site(n);
    bencher.bench_local(|| render_all(&site));
}

/// Extraction's share: copying each document's links and ids out of it
/// (the links themselves are collected by the render above).
#[divan::bench(args = SIZES, sample_count = 5)]
fn keep_links(bencher: divan::Bencher<'_, '_>, n: usize) {
    let docs = render_all(&site(n));
    bencher.bench_local(|| {
        docs.iter()
            .map(PageLinks::from_document)
            .collect::<Vec<_>>()
    });
}

/// The site-wide check: routes, every link resolved, fragments, backlinks,
/// orphans, suggestions for broken links.
#[divan::bench(args = SIZES, sample_count = 5)]
fn site_check(bencher: divan::Bencher<'_, '_>, n: usize) {
    let site = site(n);
    let pages: Vec<PageLinks> = render_all(&site).into_iter().map(PageLinks::from).collect();
    bencher.bench_local(|| Checker::new(&site).check(&pages, &[]));
}
