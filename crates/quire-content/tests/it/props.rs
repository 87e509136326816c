//! Splitting and parsing never panic, whatever the bytes.

use proptest::prelude::*;
use quire_content::{SiteSettings, parse_file, parse_settings, split};

/// Text made of the characters that matter to YAML, TOML and the fences.
fn front_matter_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_owned()),
        Just("+++\n".to_owned()),
        Just("templateKey: blog-post\n".to_owned()),
        Just("seo:\n  url: ".to_owned()),
        Just("category:\n  - id: ".to_owned()),
        Just("date: 2020-1-2 3:04\n".to_owned()),
        Just("\u{feff}".to_owned()),
        "[a-zA-Z0-9 :\\-#'\"\\[\\]{}|>&*!%@.,/\\\\\t\r\n]{0,40}",
        "\\PC{0,20}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let parsed = parse_file("blog/x.md", &bytes, &SiteSettings::default());
        for d in &parsed.diagnostics {
            prop_assert!(!d.code.is_empty() && !d.message.is_empty());
        }
        let _ = parse_settings("site.yaml", &bytes);
    }

    #[test]
    fn front_matter_like_text_never_panics(text in front_matter_like()) {
        if let Ok(s) = split(&text) {
            // Both parts are pieces of the input, in order.
            prop_assert!(text.contains(s.front_matter) && text.ends_with(s.body));
            prop_assert!(s.body_line >= s.front_matter_line);
        }
        let parsed = parse_file("blog/x.md", text.as_bytes(), &SiteSettings::default());
        let lines = text.lines().count().max(1) as u32 + 1;
        for d in &parsed.diagnostics {
            // Every position is inside the file.
            prop_assert!(d.line <= lines, "{d:?} in {text:?}");
        }
        let _ = parse_settings("site.yaml", text.as_bytes());
    }
}
