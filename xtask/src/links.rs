//! `cargo xtask links`: every internal link and anchor of a content folder,
//! checked offline.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

/// How `links` prints its report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LinksFormat {
    /// Grouped by missing target, each source as file:line:col.
    Human,
    /// One JSON document on stdout.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
}

/// Check every link of a content folder, offline.
#[derive(Args)]
pub struct Links {
    /// Content folder (default: the demo site in `content/`).
    #[arg(long)]
    content: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: LinksFormat,
}

impl Links {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let content = crate::content_dir(self.content);
        let loaded = quire_content::load(&content)
            .with_context(|| format!("cannot check the links of `{}`", content.display()))?;
        let report = check(&loaded.site);

        let out = match self.format {
            LinksFormat::Human => quire_links::to_human(&report, |file| {
                std::fs::read_to_string(content.join(file)).ok()
            }),
            LinksFormat::Json => {
                serde_json::to_string_pretty(&quire_links::to_json(&report))? + "\n"
            }
            LinksFormat::Sarif => {
                let sarif = quire_links::to_sarif(&report, &relative_to_cwd(&content)?);
                serde_json::to_string_pretty(&sarif)? + "\n"
            }
            LinksFormat::Github => quire_links::to_github(&report, &relative_to_cwd(&content)?),
        };
        crate::report::write_stdout(&out)?;
        Ok(if report.has_errors() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}

/// The link check of a loaded site, theme files included: what `links`
/// prints and what `check` adds to its diagnostics.
pub fn check(site: &quire_content::Site) -> quire_links::Report {
    let theme_static = crate::project_root()
        .join("themes")
        .join(&site.settings.theme)
        .join("static");
    quire_links::Checker::new(site)
        .extra_routes(files_under(&theme_static))
        .render_and_check()
}

/// Files below `dir`, `/`-separated and relative to it; none when it is missing.
fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let parts: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            Some(parts.join("/"))
        })
        .collect();
    files.sort();
    files
}

/// `path` relative to the folder the command runs in, `/`-separated, with
/// `..` when it lies elsewhere; empty when it is that folder. SARIF and
/// GitHub annotations name files this way.
fn relative_to_cwd(path: &Path) -> anyhow::Result<String> {
    let cwd = std::env::current_dir()?.canonicalize()?;
    let target = path
        .canonicalize()
        .with_context(|| format!("cannot resolve `{}`", path.display()))?;
    let from: Vec<Component<'_>> = cwd.components().collect();
    let to: Vec<Component<'_>> = target.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(parts.join("/"))
}
