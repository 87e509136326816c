//! `cargo xtask build`.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use quire_diagnostics::{count, summary_line};
use quire_publish::{Mode, Options, Progress, Report, Stage};

use crate::report::{Format, print_human};

// A build allocates and frees millions of small strings from two threads;
// glibc's malloc spent about a fifth of a cold build in malloc/free and
// kept freed memory in per-thread arenas. mimalloc is faster at both.
// Built with `no_thp`: with transparent huge pages mimalloc's arenas were
// faulted in 2 MB at a time, which cost kernel time zeroing pages and kept
// freed memory resident (cold build of 10,000 posts, 4 interleaved runs:
// 196-213 MB max RSS and 0.59-0.80 s system time with them, 174 MB and
// 0.48-0.57 s without, user time unchanged).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Build the whole site into the output folder.
#[derive(Args)]
pub struct Build {
    /// Content folder (default: the demo site in `content/`).
    #[arg(long)]
    content: Option<PathBuf>,
    /// Output folder (default: `public/` in the repository).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Themes folder (default: `themes/` beside the content folder, else the repository's).
    #[arg(long)]
    themes: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
    /// Ignore the cache and rebuild everything.
    #[arg(long)]
    clean: bool,
    /// Publish even when some posts have errors (they are left out).
    #[arg(long)]
    allow_errors: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// No progress bar and no summary unless there are problems.
    #[arg(long)]
    quiet: bool,
}

/// An indicatif bar fed by the build's progress callbacks.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, stage: Stage, total: usize) {
        self.0.set_length(total as u64);
        self.0.set_position(0);
        self.0.set_message(stage.as_str());
    }

    fn advance(&self, n: usize) {
        self.0.inc(n as u64);
    }
}

impl Build {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let started = Instant::now();
        if let Some(jobs) = self.jobs {
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs.max(1))
                .build_global()
                .context("could not start the worker threads")?;
        }
        let content = crate::content_dir(self.content);
        let out = self
            .out
            .unwrap_or_else(|| crate::project_root().join("public"));
        let themes = self.themes.unwrap_or_else(|| {
            let beside = content.parent().map(|p| p.join("themes"));
            beside
                .filter(|t| t.is_dir())
                .unwrap_or_else(|| crate::project_root().join("themes"))
        });
        let epoch =
            match std::env::var("SOURCE_DATE_EPOCH") {
                Ok(v) => Some(v.trim().parse::<i64>().with_context(|| {
                    format!("SOURCE_DATE_EPOCH `{v}` is not a number of seconds")
                })?),
                Err(_) => None,
            };
        let options = Options::new(&content, &out)
            .themes(themes)
            .clean(self.clean)
            .allow_errors(self.allow_errors)
            .source_date_epoch(epoch)
            // Only the human report shows snippets of the source.
            .sources(self.format == Format::Human);

        let show_bar =
            !self.quiet && self.format == Format::Human && std::io::stderr().is_terminal();
        let report = if show_bar {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{msg:>9} [{bar:40}] {pos}/{len}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            let bar = Bar(bar);
            let report = quire_publish::build(&options, &bar);
            bar.0.finish_and_clear();
            report
        } else {
            quire_publish::build(&options, &())
        }
        .with_context(|| format!("could not build into {}", out.display()))?;

        match self.format {
            Format::Human => {
                print_human(&report.diagnostics, &report.sources);
                if !self.quiet || !report.diagnostics.is_empty() {
                    eprintln!("{}", human_summary(&report, &out, started.elapsed()));
                }
            }
            Format::Json => crate::report::write_stdout(
                &(serde_json::to_string_pretty(&json_report(&report, started.elapsed()))? + "\n"),
            )?,
        }
        Ok(if report.has_errors() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Clean => "clean",
        Mode::Incremental => "incremental",
        Mode::Edit => "edit",
        Mode::Noop => "no-op",
        _ => "other",
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn human_summary(report: &Report, out: &std::path::Path, total: Duration) -> String {
    let s = report.summary;
    let counts = count(&report.diagnostics);
    let mut text = format!(
        "{} build: {} posts, {} pages, {} feeds ({} files; {} pages rendered, {} written, {} unchanged, {} removed); {}\n",
        mode_name(report.mode),
        s.posts,
        s.pages,
        s.feeds,
        s.files,
        report.rendered,
        report.written,
        report.unchanged,
        report.removed,
        summary_line(counts),
    );
    let stages: Vec<String> = report
        .timings
        .iter()
        .map(|(st, d)| format!("{} {}", st.as_str(), ms(*d)))
        .collect();
    text.push_str(&format!(
        "time: {} (total {})\n",
        stages.join(", "),
        ms(total)
    ));
    if report.published {
        text.push_str(&format!("published to {}", out.display()));
    } else {
        text.push_str(&format!(
            "not published: there were errors; {} keeps the previous site (pass --allow-errors to publish anyway)",
            out.display()
        ));
    }
    text
}

fn json_report(report: &Report, total: Duration) -> serde_json::Value {
    let counts = count(&report.diagnostics);
    let timings: serde_json::Map<String, serde_json::Value> = report
        .timings
        .iter()
        .map(|(st, d)| {
            (
                st.as_str().to_string(),
                serde_json::json!(d.as_secs_f64() * 1000.0),
            )
        })
        .collect();
    // The same top-level shape as `check`, plus what the build did.
    serde_json::json!({
        "posts": report.summary.posts,
        "errors": counts.errors,
        "warnings": counts.warnings,
        "diagnostics": report.diagnostics,
        "build": {
            "pages": report.summary.pages,
            "feeds": report.summary.feeds,
            "files": report.summary.files,
            "rendered": report.rendered,
            "written": report.written,
            "unchanged": report.unchanged,
            "removed": report.removed,
            "mode": mode_name(report.mode),
            "published": report.published,
            "timings_ms": timings,
            "total_ms": total.as_secs_f64() * 1000.0,
        },
    })
}
