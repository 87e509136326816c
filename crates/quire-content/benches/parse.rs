//! Parsing one post: front matter split, YAML, key positions, fields and
//! route, in the shape of the generated bench corpus.
//!
//! `cargo bench -p quire-content --bench parse`

use divan::{Bencher, black_box, counter::BytesCount};
use quire_content::{SiteSettings, parse_file};

fn main() {
    divan::main();
}

/// A post as the bench corpus writes them: categories, an seo block with a
/// wrapped description, and a few KB of Markdown.
fn post() -> String {
    let mut text = String::from(
        "---\ntemplateKey: blog-post\ntitle: 10 Lessons from Lean Volumes\nauthor: Hana Sato\n\
         date: 2016-12-31T00:51:58.181Z\ncategory:\n  - value: category-Cv2gRb7Ky\n    \
         label: Foundation News\n  - value: category-Ge7kVc6Sd\n    label: Case Studies\n\
         hidePost: false\nseo:\n  description: Brings node node community their grows host \
         pipeline tests builds for,\n    after into scales.\n  twitterUsername: hanasato\n  \
         title: 10 Lessons from Lean Volumes\n  \
         url: https://bench.quire.example/blog/10-lessons-from-lean-volumes\n---\n",
    );
    for i in 0..12 {
        text.push_str(&format!(
            "Alert over, certificate fast pipeline upgrade, gateway switch always rarely. \
             See [How Telecom Run Reliable Registries](/blog/post-{i}/). It is **grows**.\n\n"
        ));
    }
    text
}

#[divan::bench]
fn parse_post(bencher: Bencher<'_, '_>) {
    let text = post();
    let mut settings = SiteSettings::default();
    settings.base_url = "https://bench.quire.example".into();
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        parse_file(
            black_box("blog/lean-volumes.md"),
            black_box(text.as_bytes()),
            &settings,
        )
    });
}
