//! Publishing: writes the whole site (pages, feeds, sitemap, search index,
//! redirects, static files) atomically, reproducibly and incrementally.
//!
//! [`build`] loads a content folder, renders every post through the
//! Markdown stage and the theme, and writes the result:
//!
//! - a **clean** build (first build, `clean: true`, or no usable cache)
//!   writes into a staging folder beside the output and swaps it in with
//!   renames once everything is written;
//! - an **edit** build, when only some posts' files changed and nothing that
//!   other pages show of them did (title, date, summary, links…), reads and
//!   renders only those posts and splices them into the search index and
//!   feeds;
//! - an **incremental** build renders everything again but replaces only the
//!   files whose bytes changed, each by an atomic rename, under a journal;
//! - a **no-op** build returns at once when no input file's size, mtime or
//!   inode changed since the last build (checked with `stat`, no hashing).
//!
//! The output folder is checked first ([`check_output_folder`]): Quire
//! refuses `/`, the home folder, a repository root, the content folder and
//! any non-empty folder it did not create.
//!
//! ```
//! use quire_publish::{check_output_folder, PublishError};
//!
//! let content = std::env::temp_dir().join("quire-doc-content");
//! // Writing the site over its own content is refused before anything happens.
//! let err = check_output_folder(&content, &content).unwrap_err();
//! assert!(matches!(err, PublishError::UnsafeOutput { .. }));
//! assert!(err.to_string().contains("content folder"));
//! ```

mod cache;
mod error;
mod fast;
mod feeds;
mod hash;
mod manifest;
mod output;
mod paths;
mod pipeline;
mod redirects;
mod safety;
mod search;
mod sitemap;
mod views;
mod xml;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use quire_diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};

pub use error::PublishError;
pub use output::recover;
pub use pipeline::build;
pub use safety::check_output_folder;
pub use sitemap::SITEMAP_LIMIT;

/// What to build and how.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// The content folder.
    pub content: PathBuf,
    /// The output folder (created when missing).
    pub out: PathBuf,
    /// The folder holding themes (`<themes>/<theme>/templates`, `.../static`).
    pub themes: PathBuf,
    /// Ignore the cache: build everything into staging and swap it in.
    pub clean: bool,
    /// Publish even when there are errors (posts with errors are left out).
    pub allow_errors: bool,
    /// `SOURCE_DATE_EPOCH`: the date feeds give as their update time.
    /// `None`: the newest post's date.
    pub source_date_epoch: Option<i64>,
    /// URLs per sitemap file before splitting into a sitemap index.
    pub sitemap_limit: usize,
    /// Fill [`Report::sources`] (the text of every file with a diagnostic,
    /// for snippets). A caller that prints no snippets turns it off and
    /// saves reading those files, which is most of a no-op build when many
    /// posts have notes.
    pub sources: bool,
}

impl Options {
    /// Options for building `content` into `out`, with themes in
    /// `<content>/../themes`, incremental, no errors allowed.
    pub fn new(content: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Options {
        let content = content.into();
        let themes = content
            .parent()
            .map(|p| p.join("themes"))
            .unwrap_or_else(|| PathBuf::from("themes"));
        Options {
            content,
            out: out.into(),
            themes,
            clean: false,
            allow_errors: false,
            source_date_epoch: None,
            sitemap_limit: SITEMAP_LIMIT,
            sources: true,
        }
    }

    /// Sets the themes folder.
    pub fn themes(mut self, themes: impl Into<PathBuf>) -> Options {
        self.themes = themes.into();
        self
    }

    /// Ignores the cache when true.
    pub fn clean(mut self, clean: bool) -> Options {
        self.clean = clean;
        self
    }

    /// Publishes despite errors when true.
    pub fn allow_errors(mut self, allow: bool) -> Options {
        self.allow_errors = allow;
        self
    }

    /// Sets the feed update date (seconds since 1970, UTC).
    pub fn source_date_epoch(mut self, epoch: Option<i64>) -> Options {
        self.source_date_epoch = epoch;
        self
    }

    /// Whether to read the source text of files with diagnostics.
    pub fn sources(mut self, sources: bool) -> Options {
        self.sources = sources;
        self
    }

    /// Sets the number of URLs per sitemap file.
    pub fn sitemap_limit(mut self, limit: usize) -> Options {
        self.sitemap_limit = limit.max(1);
        self
    }
}

/// The stages whose time is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Stage {
    /// Reading and parsing the content folder.
    Load,
    /// Markdown to HTML.
    Markdown,
    /// The site-wide link check.
    Links,
    /// Rendering templates (page writes happen inside this stage too).
    Render,
    /// Writing files (summed over threads) and publishing them.
    Write,
}

impl Stage {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Markdown => "markdown",
            Stage::Links => "links",
            Stage::Render => "render",
            Stage::Write => "write",
        }
    }
}

/// Progress callbacks, called from worker threads. `()` ignores them.
pub trait Progress: Sync {
    /// A stage with `total` steps begins.
    fn start(&self, stage: Stage, total: usize);
    /// `n` steps of the current stage are done.
    fn advance(&self, n: usize);
}

impl Progress for () {
    fn start(&self, _: Stage, _: usize) {}
    fn advance(&self, _: usize) {}
}

/// Counts of what a build produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// Posts rendered (hidden ones included).
    pub posts: usize,
    /// Other HTML pages: listings, home, 404, other page kinds, redirects.
    pub pages: usize,
    /// Feed files (RSS, Atom, JSON Feed, per-category RSS).
    pub feeds: usize,
    /// All files in the output.
    pub files: usize,
}

/// How the output was brought up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Mode {
    /// Built in a staging folder and swapped in.
    Clean,
    /// Changed files replaced in place.
    Incremental,
    /// Only edited posts were read and rendered again (their pages, their
    /// search entries, the feeds they are in); nothing else other pages
    /// show of them had changed. The output is the same as a full build's.
    Edit,
    /// Nothing changed since the last build; nothing was read or written.
    Noop,
}

/// The result of a build.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Report {
    /// What was produced.
    pub summary: Summary,
    /// How the output was updated.
    pub mode: Mode,
    /// Whether the output folder now holds this build. False when there were
    /// errors and `allow_errors` was off: the old site stays.
    pub published: bool,
    /// Pages rendered through the templates; the others were kept because
    /// nothing they are made of changed.
    pub rendered: usize,
    /// Files written (clean: all; incremental: those whose bytes changed).
    pub written: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files of the previous build removed.
    pub removed: usize,
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Source text of files with diagnostics, for snippets (empty when
    /// [`Options::sources`] is off).
    pub sources: BTreeMap<String, String>,
    /// Time of each stage, in order.
    pub timings: Vec<(Stage, Duration)>,
}

impl Report {
    /// The report of a build that got as far as applying its output.
    /// `stages`: load, Markdown, links, render and write times.
    #[allow(
        clippy::too_many_arguments,
        reason = "the two build paths hand over what they measured"
    )]
    pub(crate) fn finished(
        summary: Summary,
        mode: Mode,
        rendered: usize,
        published: bool,
        applied: output::Applied,
        diagnostics: Vec<Diagnostic>,
        sources: BTreeMap<String, String>,
        stages: [Duration; 5],
    ) -> Report {
        let names = [
            Stage::Load,
            Stage::Markdown,
            Stage::Links,
            Stage::Render,
            Stage::Write,
        ];
        Report {
            summary,
            mode,
            published,
            rendered,
            written: applied.written,
            unchanged: applied.unchanged,
            removed: applied.removed,
            diagnostics,
            sources,
            timings: names.into_iter().zip(stages).collect(),
        }
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}
