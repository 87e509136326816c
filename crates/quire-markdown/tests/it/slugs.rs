//! The slug function's behaviour, pinned as a table.

use std::fmt::Write as _;

use quire_markdown::{Slugger, slugify};

#[test]
fn slugify_table() {
    let inputs = [
        "Hello World",
        "Hello, World!",
        "  leading and trailing  ",
        "Multiple   spaces",
        "already-kebab-case",
        "snake_case_stays",
        "C++ & Rust: a comparison",
        "What's new in 2024?",
        "Über Café",
        "ÀÉÎÕÜ ÇÑ",
        "日本語の見出し",
        "Привет мир",
        "Ελληνικά",
        "हिन्दी शीर्षक",
        "Emoji 🎉 party",
        "🎉",
        "!!!",
        "",
        "`code` in heading",
        "v1.2.3 release",
        "100% done",
        "Tab\tinside",
        "Dots...and—dashes – here",
        "İstanbul",
        "ß and ẞ",
    ];
    let mut table = String::new();
    for input in inputs {
        let _ = writeln!(table, "{input:?} -> {:?}", slugify(input));
    }
    insta::assert_snapshot!(table);
}

#[test]
fn repeated_headings_table() {
    let mut slugger = Slugger::default();
    let mut table = String::new();
    for input in [
        "Intro", "Intro", "Intro 1", "Intro", "intro-2", "INTRO", "!!!", "🎉",
    ] {
        let _ = writeln!(table, "{input:?} -> {:?}", slugger.slug(input));
    }
    insta::assert_snapshot!(table);
}
