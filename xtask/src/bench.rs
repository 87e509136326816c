//! `cargo xtask bench`: generates a synthetic site in the openinfra.dev format
//! and measures Quire against its own floor and against Hugo.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

/// Generate a synthetic site and measure Quire (and Hugo, when installed).
#[derive(Args)]
pub struct Bench {
    /// Number of posts to generate.
    #[arg(long, default_value_t = 10_000)]
    posts: usize,
    /// Runs per measurement; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Working folder for the corpus and outputs (default: /dev/shm/quire-bench
    /// when /dev/shm exists, else target/bench).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Do not run Hugo even when it is installed.
    #[arg(long)]
    no_hugo: bool,
    /// Keep the working folder afterwards.
    #[arg(long)]
    keep: bool,
    /// Seed of the corpus generator.
    #[arg(long, default_value_t = 2022)]
    seed: u64,
    /// Internal: run the command after `--`, then write its wall time and peak
    /// memory to this file.
    #[arg(long, hide = true)]
    exec_report: Option<PathBuf>,
    /// Internal: the command measured by `--exec-report`.
    #[arg(last = true, hide = true)]
    command: Vec<OsString>,
}

impl Bench {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let _ = (self.posts, self.runs, self.out, self.no_hugo, self.keep, self.seed);
        let _ = (self.exec_report, self.command);
        anyhow::bail!("bench is being written (issue 6)")
    }
}
