//! `cargo xtask`: the command maintainers run. Thin glue over the library
//! crates; anything a second program could want lives in a crate.

mod bench;
mod build;
mod check;
mod ci;
mod links;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Quire: a checked, reproducible static site pipeline for blog posts.
#[derive(Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a synthetic site and measure Quire (and Hugo, when installed).
    Bench(bench::Bench),
    /// Write the whole site: pages, feeds, sitemap, search index, redirects.
    Build(build::Build),
    /// Check every post of a content folder and report all problems.
    Check(check::Check),
    /// Run every test the CI runs: fmt, clippy, tests, site validation.
    Ci(ci::Ci),
    /// Check every internal link and anchor of a content folder, offline.
    Links(links::Links),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Bench(cmd) => cmd.run(),
        Command::Build(cmd) => cmd.run(),
        Command::Check(cmd) => cmd.run(),
        Command::Ci(cmd) => cmd.run(),
        Command::Links(cmd) => cmd.run(),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// The repository root. Found from the source location baked in at compile
/// time, so `target/release/xtask` works from any folder without cargo's
/// environment variables.
pub fn project_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

/// Resolves `--content`: the given folder, else `<root>/content`.
pub fn content_dir(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| project_root().join("content"))
}
