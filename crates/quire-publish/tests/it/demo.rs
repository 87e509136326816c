//! Whole-site snapshot of the demo in `content/` built with the default
//! theme: the list of files, and the full text of a post, the blog index, a
//! category page, every feed and the sitemap.

use std::path::Path;

use quire_publish::Options;

use crate::support::{build, tmp, tree};

#[test]
fn demo_site_snapshot() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = tmp("demo").join("public");
    let options = Options::new(repo.join("content"), &out).themes(repo.join("themes"));
    let report = build(&options);
    assert!(!report.has_errors(), "{:#?}", report.diagnostics);
    let files = tree(&out);
    let list: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|f| !f.ends_with('/'))
        .collect();
    insta::assert_snapshot!("demo_files", list.join("\n"));
    for (name, file) in [
        ("demo_post", "blog/board-election-2022/index.html"),
        ("demo_blog_index", "blog/index.html"),
        ("demo_category", "blog/category/governance/index.html"),
        ("demo_category_rss", "blog/category/governance/rss.xml"),
        ("demo_rss", "rss.xml"),
        ("demo_atom", "atom.xml"),
        ("demo_json_feed", "feed.json"),
        ("demo_sitemap", "sitemap.xml"),
    ] {
        let text = String::from_utf8(files[file].clone()).unwrap();
        insta::assert_snapshot!(name, text);
    }
}
