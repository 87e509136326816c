//! `cargo xtask ci`: everything CI runs, installing what is missing.

// The site checks live in their own file; declared here rather than in
// main.rs because only `ci` uses them.
#[path = "site_checks.rs"]
mod site_checks;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;

/// Run every check the CI runs.
#[derive(Args)]
pub struct Ci {
    /// Run only the checks of the built demo site (build, HTML validator,
    /// browser), not fmt, clippy and the cargo tests.
    #[arg(long)]
    site_only: bool,
    /// Check this already built site instead of building the demo site into
    /// `target/ci-site` (for iterating on a theme); implies `--site-only`.
    #[arg(long, value_name = "DIR")]
    site: Option<PathBuf>,
}

/// The cargo steps, in order: the cheap ones first so they fail fast.
const CARGO_STEPS: &[&[&str]] = &[
    &["fmt", "--all", "--check"],
    &[
        "clippy",
        "--workspace",
        "--all-targets",
        "--release",
        "--",
        "-D",
        "warnings",
    ],
    &["test", "--workspace", "--release"],
];

impl Ci {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let root = crate::project_root();
        let mut timings = Timings::default();
        let result = self.run_steps(&root, &mut timings);
        timings.print(result.is_ok());
        match result {
            Ok(()) => Ok(ExitCode::SUCCESS),
            // A failed step is a problem found (exit 1), not a command that
            // could not run (exit 2).
            Err(err) => {
                eprintln!("error: {err:#}");
                Ok(ExitCode::FAILURE)
            }
        }
    }

    fn run_steps(&self, root: &Path, timings: &mut Timings) -> anyhow::Result<()> {
        if !self.site_only && self.site.is_none() {
            let cargo = cargo();
            for step in CARGO_STEPS {
                let label = format!("cargo {}", step.join(" "));
                timings.time(&label, || {
                    eprintln!("==> {label}");
                    let status = Command::new(&cargo)
                        .args(*step)
                        .current_dir(root)
                        // Snapshots are never auto-accepted in CI.
                        .env("CI", "true")
                        .env("INSTA_UPDATE", "no")
                        .status()
                        .with_context(|| format!("could not run {label}"))?;
                    if !status.success() {
                        bail!("{label} failed ({status})");
                    }
                    Ok(())
                })?;
            }
        }
        site_checks::run(root, self.site.as_deref(), timings)
    }
}

/// The cargo that runs us, so `cargo +toolchain xtask ci` stays on that toolchain.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// How long each step took, printed at the end so slow steps are easy to spot.
#[derive(Default)]
struct Timings {
    steps: Vec<(String, Duration, bool)>,
}

impl Timings {
    /// Runs `step`, recording its wall-clock time and whether it passed.
    fn time<T>(
        &mut self,
        label: &str,
        step: impl FnOnce() -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        let start = Instant::now();
        let result = step();
        self.steps
            .push((label.to_owned(), start.elapsed(), result.is_ok()));
        result
    }

    fn print(&self, passed: bool) {
        let width = self
            .steps
            .iter()
            .map(|(label, ..)| label.len())
            .max()
            .unwrap_or(0);
        eprintln!(
            "==> ci {}; time per step:",
            if passed { "passed" } else { "FAILED" }
        );
        let mut total = Duration::ZERO;
        for (label, took, ok) in &self.steps {
            total += *took;
            let mark = if *ok { "ok  " } else { "FAIL" };
            eprintln!("  {mark} {label:<width$}  {:>7.1} s", took.as_secs_f64());
        }
        eprintln!("       {:<width$}  {:>7.1} s", "total", total.as_secs_f64());
    }
}
