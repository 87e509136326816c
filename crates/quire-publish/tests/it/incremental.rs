//! Incremental builds equal clean builds, byte for byte.

use std::fs;
use std::time::Duration;

use quire_publish::Mode;

use crate::support::{
    PostSpec, assert_same_tree, build, options, small_site, tmp, tree, write_site,
};

#[test]
fn an_unchanged_site_is_a_stat_only_noop() {
    let content = small_site("noop");
    let out = tmp("noop-out").join("public");
    // Inputs older than the cache by more than a clock tick, so it is trusted.
    std::thread::sleep(Duration::from_millis(30));
    let first = build(&options(&content, &out));
    let before = tree(&out);
    let second = build(&options(&content, &out));
    assert_eq!(second.mode, Mode::Noop);
    assert_eq!(second.summary, first.summary);
    assert_eq!(second.written, 0);
    assert_same_tree(&before, &tree(&out));
    // --clean ignores the cache.
    assert_eq!(
        build(&options(&content, &out).clean(true)).mode,
        Mode::Clean
    );
}

#[test]
fn editing_one_post_replaces_only_the_files_that_show_it() {
    let content = small_site("edit-one");
    let out = tmp("edit-one-out").join("public");
    let first = build(&options(&content, &out));
    let path = content.join("blog/fourth.md");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("Text of fourth", "Txet of fourth");
    fs::write(&path, text).unwrap();
    let report = build(&options(&content, &out));
    assert_eq!(report.mode, Mode::Incremental);
    assert!(
        report.written > 0 && report.written < first.summary.files / 2,
        "{report:?}"
    );
    assert_eq!(report.removed, 0);
    let clean = tmp("edit-one-clean").join("public");
    build(&options(&content, &clean));
    assert_same_tree(&tree(&clean), &tree(&out));
}

#[test]
fn retitling_a_post_renders_only_the_pages_that_show_its_title() {
    let content = small_site("retitle");
    let out = tmp("retitle-out").join("public");
    let first = build(&options(&content, &out));
    assert_eq!(
        first.rendered,
        first.summary.posts + first.summary.pages - 1,
        "all but the redirect"
    );
    let path = content.join("blog/fourth.md");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("title: \"Post fourth\"", "title: \"Post four\"");
    fs::write(&path, text).unwrap();
    let report = build(&options(&content, &out));
    assert_eq!(report.mode, Mode::Incremental);
    // Visible posts, newest first: café, fourth, second, first. The title
    // shows on fourth's page, on its neighbours' (café, second), on blog
    // page 1, the home page, the Releases category, Bob's author page and
    // the 404 page's recent posts: 8 pages. Blog page 2, Community, Ada's
    // page, first, third and the about page are kept as they were.
    assert_eq!(report.rendered, 8, "{report:?}");
    let clean = tmp("retitle-clean").join("public");
    build(&options(&content, &clean));
    assert_same_tree(&tree(&clean), &tree(&out));
}

/// A body with a summary cut, links (one broken, one to a missing
/// fragment) and a heading, so edits below the cut keep what other pages show.
fn linked_body(slug: &str, target: &str) -> String {
    format!(
        "Text of {slug}, see [a post](/blog/{target}/) and [nothing](/blog/nowhere/).\n\n<!-- more -->\n\n## Details\n\nAlso [a missing part](/blog/{target}/#no-such-part) and [here](#details).\n"
    )
}

/// One random change to the site. The second value says whether the edit
/// can take the edit fast path (only body text below the summary changed).
fn mutate(rng: &mut fastrand::Rng, posts: &mut Vec<PostSpec>, next_id: &mut u32) -> (String, bool) {
    let i = rng.usize(..posts.len().max(1));
    match rng.u8(..9) {
        7 | 8 if !posts.is_empty() => {
            // Lines above every link: each link diagnostic moves down.
            posts[i].body.insert_str(0, "\n\n");
            (format!("blank lines atop {}", posts[i].slug), true)
        }
        0 | 1 if !posts.is_empty() => {
            posts[i]
                .body
                .push_str(&format!("\nMore words {}.\n", rng.u32(..1000)));
            (format!("edit body of {}", posts[i].slug), true)
        }
        2 if !posts.is_empty() => {
            posts[i].title = format!("Retitled {}", rng.u32(..1000));
            (format!("retitle {}", posts[i].slug), false)
        }
        3 if posts.len() > 2 => {
            let p = posts.remove(i);
            (format!("remove {}", p.slug), false)
        }
        4 if !posts.is_empty() => {
            let old = posts[i].slug.clone();
            posts[i].slug = format!("renamed-{next_id}");
            *next_id += 1;
            (format!("rename {old} to {}", posts[i].slug), false)
        }
        5 if !posts.is_empty() => {
            posts[i].hidden = !posts[i].hidden;
            posts[i].categories = if rng.bool() {
                vec!["Releases"]
            } else {
                vec!["Community", "Events"]
            };
            (
                format!("toggle hidden and categories of {}", posts[i].slug),
                false,
            )
        }
        _ => {
            let mut p = PostSpec::new(&format!("new-{next_id}"), rng.u32(..400));
            *next_id += 1;
            let target = posts.first().map_or("x", |q| q.slug.as_str());
            p.body = linked_body(&p.slug, target);
            let slug = p.slug.clone();
            posts.push(p);
            (format!("add {slug}"), false)
        }
    }
}

#[test]
fn random_edits_incremental_equals_clean_after_every_step() {
    let root = tmp("random");
    let content = root.join("content");
    let mut rng = fastrand::Rng::with_seed(20_240_501);
    let mut posts: Vec<PostSpec> = (0..9)
        .map(|i| {
            let mut p = PostSpec::new(&format!("p{i}"), i * 17);
            p.body = linked_body(&p.slug, &format!("p{}", (i + 1) % 9));
            p
        })
        .collect();
    let mut next_id = 100;
    write_site(&content, &posts);
    let out = root.join("incremental");
    build(&options(&content, &out).allow_errors(true));
    let mut edits = 0;
    for step in 0..24 {
        let (what, fast) = mutate(&mut rng, &mut posts, &mut next_id);
        fs::remove_dir_all(content.join("blog")).unwrap();
        write_site(&content, &posts);
        let report = build(&options(&content, &out).allow_errors(true));
        assert_ne!(
            report.mode,
            Mode::Clean,
            "step {step} ({what}) should be incremental"
        );
        if fast {
            edits += 1;
            assert_eq!(report.mode, Mode::Edit, "step {step} ({what})");
        }
        let clean = root.join(format!("clean-{step}"));
        let clean_report = build(&options(&content, &clean).allow_errors(true));
        assert_eq!(
            report.diagnostics, clean_report.diagnostics,
            "step {step}: {what}"
        );
        assert_eq!(report.summary, clean_report.summary, "step {step}: {what}");
        assert_eq!(report.published, clean_report.published);
        let (a, b) = (tree(&clean), tree(&out));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "step {step}: {what}"
        );
        assert_same_tree(&a, &b);
        fs::remove_dir_all(&clean).unwrap();
    }
    assert!(edits >= 4, "the seed should exercise the edit fast path");
}
