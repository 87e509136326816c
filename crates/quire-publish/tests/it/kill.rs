//! SIGKILL a build at its critical points: the site must be wholly old or
//! wholly new, and the next build must succeed and equal a clean build.
//!
//! The build runs in a child process: this same test binary, re-run with
//! only `kill::child_build` selected and the `QUIRE_TEST_PAUSE_AT` hook set,
//! which makes the build sleep at the named point until it is killed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{
    PostSpec, assert_same_tree, build, options, small_posts, tmp, tree, write_site,
};

/// Runs a build from the environment; does nothing in a normal test run.
#[test]
fn child_build() {
    let Some(content) = std::env::var_os("QUIRE_CHILD_CONTENT") else {
        return;
    };
    let out = PathBuf::from(std::env::var_os("QUIRE_CHILD_OUT").unwrap());
    let clean = std::env::var_os("QUIRE_CHILD_CLEAN").is_some();
    build(&options(Path::new(&content), &out).clean(clean));
}

/// Starts a build that pauses at `point`, waits for it to get there, kills it.
fn kill_at(point: &str, content: &Path, out: &Path, clean: bool) {
    let flag = out.with_file_name(format!("paused-{point}"));
    let _ = fs::remove_file(&flag);
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "kill::child_build",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("QUIRE_CHILD_CONTENT", content)
    .env("QUIRE_CHILD_OUT", out)
    .env("QUIRE_TEST_PAUSE_AT", point)
    .env("QUIRE_TEST_PAUSE_FILE", &flag);
    if clean {
        cmd.env("QUIRE_CHILD_CLEAN", "1");
    }
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    while !flag.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the build finished ({status}) without reaching `{point}`");
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the build never reached `{point}`"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let _ = fs::remove_file(&flag);
}

/// Version 1 and version 2 of a site, with the clean output of each.
struct Versions {
    content: PathBuf,
    v1: std::collections::BTreeMap<String, Vec<u8>>,
    v2: std::collections::BTreeMap<String, Vec<u8>>,
    v2_posts: Vec<PostSpec>,
}

fn versions(name: &str) -> Versions {
    versions_with(
        name,
        |_| {},
        |posts| {
            // v2: one post edited, one removed, one added.
            posts[0].body.push_str("An edit.\n");
            posts.remove(3);
            posts.push(PostSpec::new("fifth", 200));
        },
    )
}

fn versions_with(
    name: &str,
    base: impl Fn(&mut Vec<PostSpec>),
    change: impl Fn(&mut Vec<PostSpec>),
) -> Versions {
    let root = tmp(name);
    let content = root.join("content");
    let mut v1_posts = small_posts();
    base(&mut v1_posts);
    write_site(&content, &v1_posts);
    let reference = root.join("ref1");
    build(&options(&content, &reference));
    let v1 = tree(&reference);
    let mut v2_posts = v1_posts.clone();
    change(&mut v2_posts);
    fs::remove_dir_all(content.join("blog")).unwrap();
    write_site(&content, &v2_posts);
    let reference = root.join("ref2");
    build(&options(&content, &reference));
    let v2 = tree(&reference);
    assert_ne!(v1, v2);
    // Back to v1 for the starting state.
    fs::remove_dir_all(content.join("blog")).unwrap();
    write_site(&content, &v1_posts);
    Versions {
        content,
        v1,
        v2,
        v2_posts,
    }
}

fn scenario(point: &str, clean: bool, after_kill: impl Fn(&Versions, &Path)) {
    scenario_with(
        versions(&format!("kill-{point}-{clean}")),
        point,
        clean,
        after_kill,
    );
}

fn scenario_with(v: Versions, point: &str, clean: bool, after_kill: impl Fn(&Versions, &Path)) {
    let out = v.content.parent().unwrap().join("public");
    build(&options(&v.content, &out));
    assert_same_tree(&v.v1, &tree(&out));
    fs::remove_dir_all(v.content.join("blog")).unwrap();
    write_site(&v.content, &v.v2_posts);
    kill_at(point, &v.content, &out, clean);
    after_kill(&v, &out);
    let report = build(&options(&v.content, &out));
    assert!(report.published);
    assert_same_tree(&v.v2, &tree(&out));
    let leftovers: Vec<_> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("public."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn killed_clean_build_after_staging_leaves_the_old_site() {
    scenario("clean-staged", true, |v, out| {
        assert_same_tree(&v.v1, &tree(out))
    });
}

#[test]
fn killed_clean_build_right_after_the_swap_has_the_new_site_whole() {
    scenario("clean-swap", true, |v, out| {
        // The swap is one atomic exchange of folders (renameat2), so the
        // new site is in place at once; the old one waits in the staging
        // folder until `recover` (or the next build) removes it.
        assert_same_tree(&v.v2, &tree(out));
        quire_publish::recover(out).unwrap();
        assert_same_tree(&v.v2, &tree(out));
    });
}

#[test]
fn killed_incremental_build_before_the_journal_leaves_the_old_site() {
    scenario("incremental-staged", false, |v, out| {
        assert_same_tree(&v.v1, &tree(out))
    });
}

#[test]
fn killed_incremental_build_after_the_journal_leaves_the_old_site_until_recovered() {
    scenario("incremental-journal", false, |v, out| {
        assert_same_tree(&v.v1, &tree(out));
        quire_publish::recover(out).unwrap();
        assert_same_tree(&v.v2, &tree(out));
    });
}

#[test]
fn killed_incremental_build_halfway_through_the_renames_is_finished_by_recovery() {
    scenario("incremental-apply", false, |v, out| {
        let now = tree(out);
        assert!(
            now != v.v1 && now != v.v2,
            "the kill should land between the renames"
        );
        // Every page that exists still has every page it links to (new pages
        // went in first), checked for the post lists.
        quire_publish::recover(out).unwrap();
        assert_same_tree(&v.v2, &tree(out));
    });
}

#[test]
fn killed_edit_build_after_the_journal_leaves_the_old_site_until_recovered() {
    // A body edit below the summary cut: the edit fast path takes it.
    let edit = |posts: &mut Vec<PostSpec>| {
        let p = &mut posts[1];
        p.body = format!("{}\n<!-- more -->\n\nA long-awaited edit.\n", p.body);
    };
    let cut = |posts: &mut Vec<PostSpec>| posts[1].body.push_str("\n<!-- more -->\n");
    let mut posts = small_posts();
    cut(&mut posts);
    let root = tmp("kill-edit-mode");
    write_site(&root.join("content"), &posts);
    build(&options(&root.join("content"), &root.join("public")));
    edit(&mut posts);
    write_site(&root.join("content"), &posts);
    let report = build(&options(&root.join("content"), &root.join("public")));
    assert_eq!(report.mode, quire_publish::Mode::Edit);

    let v = versions_with("kill-edit", cut, edit);
    scenario_with(v, "incremental-journal", false, |v, out| {
        assert_same_tree(&v.v1, &tree(out));
        quire_publish::recover(out).unwrap();
        assert_same_tree(&v.v2, &tree(out));
    });
}
