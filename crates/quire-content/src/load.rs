//! Loading a whole content folder.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use quire_diagnostics::Diagnostic;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::model::{Loaded, Site, SiteSettings};
use crate::parse::{Claim, Entry, display_text, parse_author, parse_entry};
use crate::site::parse_settings;

/// Most files one rayon task reads and parses (see where it is used).
const PER_TASK: usize = 16;

/// The content folder itself cannot be read. Problems with single files
/// are diagnostics, never this.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// Nothing exists at the path.
    #[error("content folder `{}` does not exist", path.display())]
    NotFound {
        /// The path given.
        path: PathBuf,
    },
    /// The path is a file, not a folder.
    #[error("`{}` is not a folder", path.display())]
    NotADirectory {
        /// The path given.
        path: PathBuf,
    },
    /// The folder exists but cannot be listed.
    #[error("cannot read content folder `{}`: {source}", path.display())]
    Io {
        /// The path given.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
}

/// One file found by the walk.
struct Found {
    rel: String,
    path: PathBuf,
}

/// Loads a content folder: `site.yaml`, `authors/*.md`, every other `.md`
/// file below the folder (posts and other pages), and the list of
/// `static/` files.
///
/// Files are found and sorted first, then read and parsed in parallel;
/// results and diagnostics come out in the same order on every run.
/// Posts with hard errors are left out of `site.posts` and reported.
///
/// Two entries claiming the same route are both left out (an error on the
/// second file, naming the first), so neither silently replaces the other.
/// An alias that hits a route or an earlier alias is dropped instead.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    match fs::metadata(root) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(LoadError::NotFound { path: root.into() });
        }
        Err(source) => {
            return Err(LoadError::Io {
                path: root.into(),
                source,
            });
        }
        Ok(m) if !m.is_dir() => return Err(LoadError::NotADirectory { path: root.into() }),
        Ok(_) => {}
    }
    fs::read_dir(root).map_err(|source| LoadError::Io {
        path: root.into(),
        source,
    })?;

    let mut diagnostics = Vec::new();
    // Text of files with diagnostics, as reports show it.
    let mut sources: BTreeMap<String, String> = BTreeMap::new();

    let settings = match fs::read(root.join("site.yaml")) {
        Ok(bytes) => {
            let (settings, d) = parse_settings("site.yaml", &bytes);
            if !d.is_empty() {
                sources.insert("site.yaml".into(), display_text(&bytes));
            }
            diagnostics.extend(d);
            settings
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => SiteSettings::default(),
        Err(e) => {
            diagnostics.push(unreadable("site.yaml", &e));
            SiteSettings::default()
        }
    };

    let (files, walk_diagnostics) = walk(root);
    diagnostics.extend(walk_diagnostics);
    let (author_files, page_files): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| f.rel.starts_with("authors/"));

    let authors_read: Vec<_> = author_files
        .par_iter()
        .map(|f| match fs::read(&f.path) {
            Ok(bytes) => {
                let (author, d) = parse_author(&f.rel, &bytes);
                let source = (!d.is_empty()).then(|| display_text(&bytes));
                (author, d, source)
            }
            Err(e) => (None, vec![unreadable(&f.rel, &e)], None),
        })
        .collect();
    let mut authors = Vec::new();
    for ((author, d, source), f) in authors_read.into_iter().zip(&author_files) {
        authors.extend(author);
        diagnostics.extend(d);
        if let Some(text) = source {
            sources.insert(f.rel.clone(), text);
        }
    }
    let known_authors: Option<BTreeSet<String>> =
        (!author_files.is_empty()).then(|| authors.iter().map(|a| a.name.clone()).collect());

    // Each body is copied out of its thread's read buffer at its exact
    // size; only files with diagnostics keep a copy of their text, for
    // snippets in reports.
    let parsed: Vec<_> = page_files
        .par_iter()
        // Small pieces: rayon otherwise leaves one thread a run of hundreds
        // of files at the end while the other has nothing to take.
        .with_max_len(PER_TASK)
        .map(|f| {
            BUFFER.with_borrow_mut(|buffer| match read_into(&f.path, buffer) {
                Ok(len) => {
                    let bytes = &buffer[..len];
                    let (parsed, claims) =
                        parse_entry(&f.rel, bytes, &settings, known_authors.as_ref());
                    let source = (!parsed.diagnostics.is_empty()).then(|| display_text(bytes));
                    (Some(parsed), claims, Ok(source))
                }
                Err(e) => (None, Vec::new(), Err(unreadable(&f.rel, &e))),
            })
        })
        .collect();

    let mut entries = Vec::with_capacity(parsed.len());
    let mut claims = Vec::with_capacity(parsed.len());
    let mut post_files = 0;
    // Files read without a diagnostic: a later one (a route collision)
    // reads them again for its snippet.
    // By position in `page_files`, which is sorted by path.
    let mut read_clean = vec![false; page_files.len()];
    for (n, ((parsed, claim, source), f)) in parsed.into_iter().zip(&page_files).enumerate() {
        match source {
            Ok(Some(text)) => {
                sources.insert(f.rel.clone(), text);
            }
            Ok(None) => read_clean[n] = true,
            Err(d) => diagnostics.push(d),
        }
        if let Some(p) = parsed {
            post_files += usize::from(p.is_post);
            diagnostics.extend(p.diagnostics);
            if let Some(entry) = p.entry {
                entries.push(entry);
                claims.push(claim);
            }
        }
    }

    let kept = resolve_collisions(&mut entries, &claims, &mut diagnostics);
    // Sized up front: a post is a large value, and regrowing would copy
    // all of them again.
    let mut posts = Vec::with_capacity(post_files);
    let mut pages = Vec::new();
    for (entry, keep) in entries.into_iter().zip(kept) {
        match (entry, keep) {
            (Entry::Post(p), true) => posts.push(p),
            (Entry::Page(p), true) => pages.push(p),
            _ => {}
        }
    }

    quire_diagnostics::sort(&mut diagnostics);
    let with_diagnostics: BTreeSet<&str> = diagnostics.iter().map(|d| d.file.as_str()).collect();
    for rel in with_diagnostics {
        let clean = page_files
            .binary_search_by(|f| f.rel.as_str().cmp(rel))
            .ok()
            .filter(|&n| read_clean[n]);
        if let Some(text) = clean.and_then(|n| fs::read(&page_files[n].path).ok()) {
            sources.insert(rel.to_owned(), display_text(&text));
        }
    }

    let templates = root.join("templates");
    let site = Site {
        root: root.to_path_buf(),
        settings,
        posts,
        pages,
        authors,
        static_files: static_files(&root.join("static")),
        templates_dir: templates.is_dir().then_some(templates),
    };
    Ok(Loaded {
        site,
        diagnostics,
        post_files,
        sources,
    })
}

thread_local! {
    /// The buffer each thread reads its files into, reused from file to file.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Reads the whole file at `path` into the start of `buffer`, growing it
/// as needed, and returns the file's length. Unlike `fs::read` it never
/// asks for the file's size: that is one system call less per file, and
/// the buffer is already large enough.
fn read_into(path: &Path, buffer: &mut Vec<u8>) -> io::Result<usize> {
    let mut file = fs::File::open(path)?;
    let mut len = 0;
    loop {
        if len == buffer.len() {
            buffer.resize((2 * len).max(16 * 1024), 0);
        }
        match file.read(&mut buffer[len..]) {
            Ok(0) => return Ok(len),
            Ok(n) => len += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn unreadable(rel: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::error(
        "content-unreadable",
        rel,
        0,
        0,
        format!("cannot read the file: {e}"),
    )
    .with_hint("check the file's permissions")
}

fn rel_path(root: &Path, path: &Path) -> String {
    // A walk's paths are the root joined with clean names: the text after
    // the root's is the answer, with nothing for `components` to drop.
    if let (Some(root_text), Some(text)) = (root.to_str(), path.to_str()) {
        let rest = text.strip_prefix(root_text).and_then(|rest| {
            if root_text.ends_with('/') {
                Some(rest)
            } else {
                rest.strip_prefix('/')
            }
        });
        let clean = |rest: &str| {
            !rest.contains('\\') && rest.split('/').all(|part| !part.is_empty() && part != ".")
        };
        if let Some(rest) = rest.filter(|rest| clean(rest)) {
            return rest.to_owned();
        }
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// Every `.md` file below `root`, sorted by relative path, skipping hidden
/// entries and the top-level `static/` and `templates/` folders.
fn walk(root: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            let top_level_skip = e.depth() == 1
                && e.file_type().is_dir()
                && (name == "static" || name == "templates");
            e.depth() == 0 || !(name.starts_with('.') || top_level_skip)
        });
    for item in walker {
        let entry = match item {
            Ok(entry) => entry,
            Err(e) => {
                let rel = e.path().map(|p| rel_path(root, p)).unwrap_or_default();
                let d = if e.loop_ancestor().is_some() {
                    Diagnostic::warning(
                        "content-symlink-loop",
                        rel,
                        0,
                        0,
                        "this symbolic link points back to a folder above it; it is skipped",
                    )
                    .with_hint("remove the link or point it elsewhere")
                } else {
                    let reason = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    Diagnostic::error(
                        "content-unreadable",
                        rel,
                        0,
                        0,
                        format!("cannot read this entry: {reason}"),
                    )
                    .with_hint("check permissions, or remove a broken symbolic link")
                };
                diagnostics.push(d);
                continue;
            }
        };
        let is_md = entry.path().extension().is_some_and(|x| x == "md");
        if !is_md {
            continue;
        }
        let rel = rel_path(root, entry.path());
        if entry.file_type().is_dir() {
            diagnostics.push(
                Diagnostic::warning(
                    "content-dir-named-md",
                    rel,
                    0,
                    0,
                    "this is a folder with a `.md` name, not a Markdown file",
                )
                .with_hint("rename the folder; the files inside it are still read"),
            );
        } else {
            files.push(Found {
                rel,
                path: entry.into_path(),
            });
        }
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    (files, diagnostics)
}

fn static_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| rel_path(dir, e.path()))
        .collect();
    out.sort();
    out
}

/// Finds routes claimed twice. Returns which entries are kept; removes
/// dropped aliases from their posts.
fn resolve_collisions(
    entries: &mut [Entry],
    claims: &[Vec<Claim>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    struct Owner {
        entry: usize,
        line: u32,
        alias: bool,
    }
    let source = |e: &Entry| match e {
        Entry::Post(p) => p.source.clone(),
        Entry::Page(p) => p.source.clone(),
    };
    let mut kept = vec![true; entries.len()];
    let mut dropped_aliases: Vec<(usize, String)> = Vec::new();
    // Looked up once per route: a hash map (nothing iterates over it).
    let mut taken: std::collections::HashMap<&str, Owner> =
        std::collections::HashMap::with_capacity(claims.len());
    for (i, list) in claims.iter().enumerate() {
        for claim in list {
            let Some(first) = taken.get(claim.route.as_str()) else {
                taken.insert(
                    &claim.route,
                    Owner {
                        entry: i,
                        line: claim.pos.line,
                        alias: claim.alias,
                    },
                );
                continue;
            };
            let file = source(&entries[i]);
            if first.entry == i {
                diagnostics.push(
                    Diagnostic::warning(
                        "route-alias-self",
                        file,
                        claim.pos.line,
                        claim.pos.column,
                        format!(
                            "alias `{}` is already an address of this page; it is ignored",
                            claim.route
                        ),
                    )
                    .with_hint("remove the alias"),
                );
                dropped_aliases.push((i, claim.route.clone()));
                continue;
            }
            let first_file = source(&entries[first.entry]);
            let (message, hint) = if !first.alias && !claim.alias {
                kept[first.entry] = false;
                kept[i] = false;
                (
                    format!(
                        "`{}` is the address of both `{first_file}` (line {}) and `{file}` (line {}); neither is published",
                        claim.route, first.line, claim.pos.line
                    ),
                    "give one of them another `seo.url`",
                )
            } else if claim.alias {
                dropped_aliases.push((i, claim.route.clone()));
                (
                    format!(
                        "alias `{}` of `{file}` (line {}) is already claimed by `{first_file}` (line {}); the alias is ignored",
                        claim.route, claim.pos.line, first.line
                    ),
                    "remove the alias or change the other address",
                )
            } else {
                dropped_aliases.push((first.entry, claim.route.clone()));
                let message = format!(
                    "`{}` is the address of `{file}` (line {}) and an alias in `{first_file}` (line {}); the alias is ignored",
                    claim.route, claim.pos.line, first.line
                );
                taken.insert(
                    &claim.route,
                    Owner {
                        entry: i,
                        line: claim.pos.line,
                        alias: false,
                    },
                );
                (message, "remove the alias from the other file")
            };
            diagnostics.push(
                Diagnostic::error(
                    "route-collision",
                    file,
                    claim.pos.line,
                    claim.pos.column,
                    message,
                )
                .with_hint(hint),
            );
        }
    }
    for (i, route) in dropped_aliases {
        if let Entry::Post(p) = &mut entries[i] {
            if let Some(pos) = p.aliases.iter().position(|a| *a == route) {
                p.aliases.remove(pos);
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_slash_separated_and_clean() {
        let root = Path::new("content");
        for (path, rel) in [
            ("content/blog/x.md", "blog/x.md"),
            ("content2/x.md", "content2/x.md"),
            ("content/blog//x.md", "blog/x.md"),
            ("content/./blog/./x.md", "blog/x.md"),
            ("content/blog/x.md/", "blog/x.md"),
            ("content", ""),
            ("elsewhere/x.md", "elsewhere/x.md"),
            ("content/a\\b.md", "a\\b.md"),
        ] {
            assert_eq!(rel_path(root, Path::new(path)), rel, "{path}");
        }
    }

    #[test]
    fn reads_whole_files_into_a_reused_buffer() {
        let dir = std::env::temp_dir().join(format!("quire-read-into-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let big: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(dir.join("big"), &big).unwrap();
        fs::write(dir.join("small"), b"abc").unwrap();
        fs::write(dir.join("empty"), b"").unwrap();
        let mut buffer = Vec::new();
        let len = read_into(&dir.join("big"), &mut buffer).unwrap();
        assert_eq!(&buffer[..len], big.as_slice());
        let len = read_into(&dir.join("small"), &mut buffer).unwrap();
        assert_eq!(&buffer[..len], b"abc");
        assert_eq!(read_into(&dir.join("empty"), &mut buffer).unwrap(), 0);
        let missing = read_into(&dir.join("missing"), &mut buffer).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        fs::remove_dir_all(&dir).unwrap();
    }
}
