//! Printing diagnostics for humans and machines.

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::ValueEnum;
use quire_diagnostics::{Diagnostic, count, render_human};
use serde::Serialize;

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
        eprintln!(
            "{}",
            render_human(d, sources.get(&d.file).map(String::as_str))
        );
    }
}

/// The JSON document `check` prints: post count, error and warning counts,
/// and every diagnostic.
#[derive(Serialize)]
pub struct CheckReport<'a> {
    /// Files whose templateKey is `blog-post`, hidden and broken ones included.
    pub posts: usize,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every diagnostic, in report order.
    pub diagnostics: &'a [Diagnostic],
}

impl<'a> CheckReport<'a> {
    /// Counts `diagnostics`.
    pub fn new(posts: usize, diagnostics: &'a [Diagnostic]) -> Self {
        let c = count(diagnostics);
        CheckReport {
            posts,
            errors: c.errors,
            warnings: c.warnings,
            diagnostics,
        }
    }
}

/// Exit status 1 when any diagnostic is an error, else 0.
pub fn exit_code(diagnostics: &[Diagnostic]) -> ExitCode {
    if diagnostics.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes a report to stdout. A reader that stops early (`| head`) is not a
/// failure of the command, so a broken pipe is ignored rather than a panic.
pub fn write_stdout(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write the report"))
        }
        _ => Ok(()),
    }
}
