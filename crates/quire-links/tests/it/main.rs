//! Integration tests of quire-links: one binary, one module per boundary.

mod classify;
mod definitions;
mod extract;
mod fragments;
mod site;

use std::path::{Path, PathBuf};

/// A folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
