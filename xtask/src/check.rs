//! `cargo xtask check`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use quire_content::Loaded;
use quire_diagnostics::{Diagnostic, count, summary_line};

use crate::report::{CheckReport, Format, exit_code, print_human};

/// Check every post of a content folder.
#[derive(Args)]
pub struct Check {
    /// Content folder (default: the demo site in `content/`).
    #[arg(long)]
    content: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

impl Check {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let started = Instant::now();
        let content = crate::content_dir(self.content);
        let (loaded, diagnostics) = collect(&content)?;
        match self.format {
            Format::Human => {
                print_human(&diagnostics, &loaded.sources);
                eprintln!(
                    "checked {} posts and {} pages in {} in {:.0?}: {}",
                    loaded.post_files,
                    loaded.site.pages.len(),
                    content.display(),
                    started.elapsed(),
                    summary_line(count(&diagnostics))
                );
            }
            Format::Json => {
                let report = CheckReport::new(loaded.post_files, &diagnostics);
                crate::report::write_stdout(&(serde_json::to_string_pretty(&report)? + "\n"))?;
            }
        }
        Ok(exit_code(&diagnostics))
    }
}

/// Loads the content folder and gathers every diagnostic `check` reports,
/// sorted. Further checks add theirs here.
pub fn collect(content: &Path) -> anyhow::Result<(Loaded, Vec<Diagnostic>)> {
    let mut loaded = quire_content::load(content).context("cannot check the content")?;
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    // `check` runs the offline link check too; link findings set the exit
    // status but never remove a post.
    diagnostics.extend(crate::links::check(&loaded.site).diagnostics);
    for d in &diagnostics {
        if !loaded.sources.contains_key(&d.file) {
            if let Ok(text) = std::fs::read_to_string(content.join(&d.file)) {
                loaded.sources.insert(d.file.clone(), text);
            }
        }
    }
    quire_diagnostics::sort(&mut diagnostics);
    Ok((loaded, diagnostics))
}
