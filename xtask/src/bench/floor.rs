//! The floor: what reading every post, parsing its front matter with
//! serde_yaml and rendering its body with comrak costs on all cores. No site
//! generator built on this toolchain can be faster than this.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rayon::prelude::*;
use serde::Deserialize;

/// One measurement of the floor.
#[derive(Debug, Clone, Copy)]
pub struct Floor {
    /// Wall time of the whole pass.
    pub elapsed: Duration,
    /// CPU time of the whole pass, over all threads.
    pub cpu: Duration,
    /// Posts read.
    pub posts: usize,
    /// HTML bytes produced (kept so the work cannot be optimized away).
    pub html_bytes: usize,
}

/// The front matter as a typed struct, as a generator would read it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code, reason = "fields are parsed to measure parsing, not read")]
struct FrontMatter {
    template_key: String,
    title: String,
    author: Option<String>,
    date: String,
    #[serde(default)]
    category: Vec<CategoryRef>,
    #[serde(default)]
    hide_post: bool,
    #[serde(default)]
    seo: Option<Seo>,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are parsed to measure parsing, not read")]
struct CategoryRef {
    value: String,
    label: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code, reason = "fields are parsed to measure parsing, not read")]
struct Seo {
    description: Option<String>,
    twitter_username: Option<String>,
    title: Option<String>,
    url: Option<String>,
}

/// Lists, reads, parses and renders every `*.md` under `posts_dir`, timed
/// from the directory walk to the last rendered body.
pub fn measure(posts_dir: &Path) -> anyhow::Result<Floor> {
    let start = Instant::now();
    let cpu_start = super::measure::own_cpu_time();
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(posts_dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    paths.sort();
    let options = comrak_options();
    let html_bytes = paths
        .par_iter()
        .map(|path| render_one(path, &options))
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    let elapsed = start.elapsed();
    let cpu = super::measure::own_cpu_time().saturating_sub(cpu_start);
    Ok(Floor {
        elapsed,
        cpu,
        posts: paths.len(),
        html_bytes,
    })
}

/// One measurement of the write floor.
#[derive(Debug, Clone, Copy)]
pub struct WriteFloor {
    /// Wall time of creating every folder and file.
    pub elapsed: Duration,
    /// CPU time of it, over all threads (mostly the kernel's).
    pub cpu: Duration,
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: usize,
}

/// What creating a built site costs by itself: every file under `site` is
/// read into memory first (not timed), then each is written to the same
/// path under `into` (its folders created as needed) on all cores, timed.
/// No generator that writes this site can spend less on writing it.
/// `into` must not exist; it is removed afterwards.
pub fn measure_writes(site: &Path, into: &Path) -> anyhow::Result<WriteFloor> {
    anyhow::ensure!(!into.exists(), "{} already exists", into.display());
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry?;
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            files.push((entry.path().strip_prefix(site)?.to_path_buf(), bytes));
        }
    }
    let start = Instant::now();
    let cpu_start = super::measure::own_cpu_time();
    files.par_iter().try_for_each(|(rel, bytes)| {
        let path = into.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)
    })?;
    let elapsed = start.elapsed();
    let cpu = super::measure::own_cpu_time().saturating_sub(cpu_start);
    std::fs::remove_dir_all(into).with_context(|| format!("cannot remove {}", into.display()))?;
    Ok(WriteFloor {
        elapsed,
        cpu,
        files: files.len(),
        bytes: files.iter().map(|(_, b)| b.len()).sum(),
    })
}

/// The GFM extensions a blog needs, raw HTML passed through, no highlighting.
fn comrak_options() -> comrak::Options<'static> {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options.render.r#unsafe = true;
    options
}

fn render_one(path: &Path, options: &comrak::Options<'_>) -> anyhow::Result<usize> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (yaml, body) =
        split(&text).with_context(|| format!("{}: no front matter", path.display()))?;
    let _: FrontMatter = serde_yaml::from_str(yaml)
        .with_context(|| format!("{}: front matter does not parse", path.display()))?;
    Ok(comrak::markdown_to_html(body, options).len())
}

/// `---\n<yaml>\n---\n<body>` into yaml and body.
fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some((&rest[..end + 1], &rest[end + 5..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::corpus::{Corpus, CorpusConfig};

    #[test]
    fn floor_reads_parses_and_renders_every_post() {
        let dir = std::env::temp_dir().join(format!("quire-bench-floor-{}", std::process::id()));
        let corpus = Corpus::generate(&CorpusConfig { posts: 30, seed: 1 });
        corpus.write_quire(&dir, true).unwrap();
        let floor = measure(&dir.join("blog")).unwrap();
        assert_eq!(floor.posts, 30);
        let markdown: usize = corpus.posts.iter().map(|p| p.body.len()).sum();
        assert!(
            floor.html_bytes > markdown,
            "{} HTML bytes for {markdown} Markdown bytes",
            floor.html_bytes
        );

        std::fs::write(
            dir.join("blog/broken.md"),
            "---\ntitle: [unclosed\n---\nbody\n",
        )
        .unwrap();
        let err = measure(&dir.join("blog")).unwrap_err();
        assert!(
            format!("{err:#}").contains("broken.md: front matter does not parse"),
            "{err:#}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_floor_recreates_every_file_and_cleans_up() {
        let base = std::env::temp_dir().join(format!("quire-bench-wfloor-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let site = base.join("site");
        std::fs::create_dir_all(site.join("blog/a")).unwrap();
        std::fs::write(site.join("index.html"), "home").unwrap();
        std::fs::write(site.join("blog/a/index.html"), "a post").unwrap();
        std::fs::write(site.join("blog/empty.txt"), "").unwrap();
        let into = base.join("copy");
        let w = measure_writes(&site, &into).unwrap();
        assert_eq!((w.files, w.bytes), (3, 10));
        assert!(!into.exists(), "the copy is removed afterwards");
        // A folder that is already there is refused, not overwritten.
        std::fs::create_dir_all(&into).unwrap();
        assert!(measure_writes(&site, &into).is_err());
        std::fs::remove_dir_all(&base).unwrap();
    }
}
