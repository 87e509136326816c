//! One fixture per way of writing a link, with positions and kinds.

use quire_links::{ExtractOptions, SiteUrls, extract};

#[test]
fn links_of_each_kind() {
    let options =
        ExtractOptions::default().site(SiteUrls::new("https://openinfra.dev", &["openinfra.org"]));
    insta::glob!("../fixtures/extract", "*.md", |path| {
        let markdown = std::fs::read_to_string(path).unwrap();
        insta::assert_yaml_snapshot!(extract(&markdown, &options));
    });
}

#[test]
fn positions_count_characters_not_bytes() {
    let links = extract("ünï [a](/x/) ✓ [b](/y/)\n", &ExtractOptions::default());
    let at: Vec<_> = links
        .iter()
        .map(|l| (l.url.as_str(), l.line, l.column))
        .collect();
    assert_eq!(at, [("/x/", 1, 5), ("/y/", 1, 16)]);
}
