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

/// One random change to the site.
fn mutate(rng: &mut fastrand::Rng, posts: &mut Vec<PostSpec>, next_id: &mut u32) -> String {
    let i = rng.usize(..posts.len().max(1));
    match rng.u8(..7) {
        0 | 1 if !posts.is_empty() => {
            posts[i]
                .body
                .push_str(&format!("More words {}.\n", rng.u32(..1000)));
            format!("edit body of {}", posts[i].slug)
        }
        2 if !posts.is_empty() => {
            posts[i].title = format!("Retitled {}", rng.u32(..1000));
            format!("retitle {}", posts[i].slug)
        }
        3 if posts.len() > 2 => {
            let p = posts.remove(i);
            format!("remove {}", p.slug)
        }
        4 if !posts.is_empty() => {
            let old = posts[i].slug.clone();
            posts[i].slug = format!("renamed-{next_id}");
            *next_id += 1;
            format!("rename {old} to {}", posts[i].slug)
        }
        5 if !posts.is_empty() => {
            posts[i].hidden = !posts[i].hidden;
            posts[i].categories = if rng.bool() {
                vec!["Releases"]
            } else {
                vec!["Community", "Events"]
            };
            format!("toggle hidden and categories of {}", posts[i].slug)
        }
        _ => {
            let mut p = PostSpec::new(&format!("new-{next_id}"), rng.u32(..400));
            *next_id += 1;
            if rng.bool() {
                p.body = format!(
                    "Links to [a post](/blog/{}/).\n",
                    posts.first().map_or("x", |q| q.slug.as_str())
                );
            }
            let slug = p.slug.clone();
            posts.push(p);
            format!("add {slug}")
        }
    }
}

#[test]
fn random_edits_incremental_equals_clean_after_every_step() {
    let root = tmp("random");
    let content = root.join("content");
    let mut rng = fastrand::Rng::with_seed(20_240_501);
    let mut posts: Vec<PostSpec> = (0..9)
        .map(|i| PostSpec::new(&format!("p{i}"), i * 17))
        .collect();
    let mut next_id = 100;
    write_site(&content, &posts);
    let out = root.join("incremental");
    build(&options(&content, &out));
    for step in 0..12 {
        let what = mutate(&mut rng, &mut posts, &mut next_id);
        fs::remove_dir_all(content.join("blog")).unwrap();
        write_site(&content, &posts);
        let report = build(&options(&content, &out));
        assert_ne!(
            report.mode,
            Mode::Clean,
            "step {step} ({what}) should be incremental"
        );
        let clean = root.join(format!("clean-{step}"));
        build(&options(&content, &clean));
        let (a, b) = (tree(&clean), tree(&out));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "step {step}: {what}"
        );
        assert_same_tree(&a, &b);
        fs::remove_dir_all(&clean).unwrap();
    }
}
