//! Output folders Quire refuses.

use std::fs;

use quire_publish::{PublishError, check_output_folder};

use crate::support::{build, options, small_site, tmp};

fn refused(out: &std::path::Path, content: &std::path::Path, why: &str) {
    match check_output_folder(out, content) {
        Err(PublishError::UnsafeOutput { reason, .. }) => assert!(reason.contains(why), "{reason}"),
        other => panic!("{} should be refused ({why}), got {other:?}", out.display()),
    }
}

#[test]
fn dangerous_output_folders_are_refused() {
    let content = small_site("refuse");
    let root = content.parent().unwrap().to_path_buf();
    refused(&content, &content, "content folder");
    refused(
        &content.join("public"),
        &content,
        "inside the content folder",
    );
    refused(&root, &content, "contains the content folder");
    refused(std::path::Path::new("/"), &content, "root folder");
    if let Some(home) = std::env::var_os("HOME") {
        refused(std::path::Path::new(&home), &content, "home folder");
    }
    let repo = tmp("repo");
    fs::write(repo.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    refused(&repo, &content, "repository root");
    let git = tmp("git");
    fs::create_dir(git.join(".git")).unwrap();
    refused(&git, &content, "repository root");
    let foreign = tmp("foreign");
    fs::write(foreign.join("notes.txt"), "mine").unwrap();
    refused(&foreign, &content, "not empty");
    let file = tmp("file").join("x");
    fs::write(&file, "x").unwrap();
    refused(&file, &content, "not a folder");
}

#[test]
fn refused_folders_are_left_untouched_by_build() {
    let content = small_site("untouched");
    let foreign = tmp("untouched-out");
    fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let err = quire_publish::build(&options(&content, &foreign), &()).unwrap_err();
    assert!(
        err.to_string().starts_with("refusing to write into"),
        "{err}"
    );
    assert_eq!(fs::read_dir(&foreign).unwrap().count(), 1);
}

#[test]
fn empty_and_own_folders_are_accepted() {
    let content = small_site("accept");
    let empty = tmp("accept-empty");
    assert!(check_output_folder(&empty, &content).is_ok());
    build(&options(&content, &empty));
    assert!(empty.join(".quire/marker").is_file());
    assert!(
        check_output_folder(&empty, &content).is_ok(),
        "a folder Quire wrote is Quire's"
    );
    assert!(check_output_folder(&empty.join("new/deeper"), &content).is_ok());
}
