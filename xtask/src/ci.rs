//! `cargo xtask ci`: everything CI runs, installing what is missing.

use std::process::{Command, ExitCode};

use anyhow::{Context, bail};
use clap::Args;

/// Run every check the CI runs.
#[derive(Args)]
pub struct Ci {}

impl Ci {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let root = crate::project_root();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let steps: &[&[&str]] = &[
            &["fmt", "--all", "--check"],
            &["clippy", "--workspace", "--all-targets", "--release", "--", "-D", "warnings"],
            &["test", "--workspace", "--release"],
        ];
        for step in steps {
            eprintln!("==> cargo {}", step.join(" "));
            let status = Command::new(&cargo)
                .args(*step)
                .current_dir(&root)
                // Snapshots are never auto-accepted in CI.
                .env("CI", "true")
                .env("INSTA_UPDATE", "no")
                .status()
                .with_context(|| format!("could not run cargo {}", step.join(" ")))?;
            if !status.success() {
                bail!("cargo {} failed", step.join(" "));
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}
