//! Printing diagnostics for humans and machines.

use std::collections::BTreeMap;

use clap::ValueEnum;
use quire_diagnostics::{Diagnostic, render_human};

/// Output format of `check`, `build` and `links`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style text.
    Human,
    /// One JSON document on stdout.
    Json,
}

/// Prints every diagnostic rustc-style on stderr, with source snippets.
pub fn print_human(diagnostics: &[Diagnostic], sources: &BTreeMap<String, String>) {
    for d in diagnostics {
        eprintln!("{}", render_human(d, sources.get(&d.file).map(String::as_str)));
    }
}
