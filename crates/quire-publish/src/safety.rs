//! Refusing output folders Quire must not own.

use std::fs;
use std::path::{Path, PathBuf};

use crate::PublishError;

/// Quire's bookkeeping folder inside the output folder.
pub(crate) const QUIRE_DIR: &str = ".quire";
/// The marker that says "Quire created this folder".
pub(crate) const MARKER: &str = ".quire/marker";
/// Text of the marker file: no paths, no times.
pub(crate) const MARKER_TEXT: &str =
    "This folder is written by Quire. Everything in it is replaced on each build.\n";

/// Makes a path absolute and resolves symlinks of the part that exists, so
/// `out/../content` and a symlink to `content` compare equal to `content`.
pub(crate) fn resolve(path: &Path) -> Result<PathBuf, PublishError> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(PublishError::io("could not read the current folder", path))?
            .join(path)
    };
    // Canonicalize the longest existing ancestor, then append the rest.
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canon) = existing.canonicalize() {
            let mut out = canon;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(normalize(&out));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(normalize(&abs)),
        }
    }
}

/// Removes `.` and `..` lexically (only used for the non-existing tail).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn is_repo_root(dir: &Path) -> bool {
    if dir.join(".git").exists() {
        return true;
    }
    fs::read_to_string(dir.join("Cargo.toml"))
        .map(|text| text.lines().any(|l| l.trim() == "[workspace]"))
        .unwrap_or(false)
}

/// Refuses an output folder that is `/`, the home folder, a repository root,
/// the content folder, a folder that contains the content folder or the home
/// folder, a folder inside the content folder, a file, or a non-empty folder
/// without Quire's marker.
///
/// `out` need not exist. Returns the resolved output folder.
pub fn check_output_folder(out: &Path, content: &Path) -> Result<PathBuf, PublishError> {
    let out_abs = resolve(out)?;
    let content_abs = resolve(content)?;
    let refuse = |reason: &str| Err(PublishError::unsafe_output(out, reason));
    if out_abs.parent().is_none() {
        return refuse(
            "it is the root folder `/`; pass --out with a folder of its own such as `public`",
        );
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        let home = resolve(Path::new(&home))?;
        if home == out_abs {
            return refuse(
                "it is the home folder; pass --out with a folder of its own such as `public`",
            );
        }
        if home.starts_with(&out_abs) {
            return refuse(
                "it contains the home folder; pass --out with a folder of its own such as `public`",
            );
        }
    }
    if out_abs == content_abs {
        return refuse("it is the content folder; Quire never writes into the content folder");
    }
    if content_abs.starts_with(&out_abs) {
        return refuse("it contains the content folder, which a build would replace");
    }
    if out_abs.starts_with(&content_abs) {
        return refuse(
            "it is inside the content folder; Quire never writes into the content folder",
        );
    }
    if is_repo_root(&out_abs) {
        return refuse(
            "it is a repository root (it has .git or a Cargo workspace); pass --out with a folder of its own such as `public`",
        );
    }
    match fs::symlink_metadata(&out_abs) {
        Err(_) => return Ok(out_abs),
        Ok(meta) if !meta.is_dir() => return refuse("it exists and is not a folder"),
        Ok(_) => {}
    }
    let mut entries =
        fs::read_dir(&out_abs).map_err(PublishError::io("could not list", &out_abs))?;
    if entries.next().is_some() && !out_abs.join(MARKER).is_file() {
        return refuse(
            "it is not empty and Quire did not create it (no .quire/marker); empty it or pick another folder",
        );
    }
    Ok(out_abs)
}
