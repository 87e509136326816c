//! Getting bytes into the output folder safely.
//!
//! Clean build: every file goes into a staging folder beside the output
//! (`<out>.quire-staging-<pid>`), which replaces the output by two renames
//! only when the caller says so. Incremental build: changed files are written
//! to `.quire/tmp/`, a journal listing the renames is committed, then the
//! renames are applied (new files, then changed ones, then removals, each
//! group in tier order so pages appear before the pages that link to them).
//! [`recover`] finishes a swap or a journal that a killed build left behind.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::PublishError;
use crate::manifest::{Manifest, OldManifest};
use crate::paths::check_rel;
use crate::safety::{MARKER, MARKER_TEXT, QUIRE_DIR};

pub(crate) const JOURNAL: &str = ".quire/journal";
pub(crate) const TMP: &str = ".quire/tmp";

/// Order in which files of one group are made visible: assets before the
/// pages that use them, posts before the lists that link to them, feeds last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum Tier {
    Asset = 0,
    Page = 1,
    List = 2,
    Meta = 3,
}

/// Test hook: when `QUIRE_TEST_PAUSE_AT` names this point, create the file
/// named by `QUIRE_TEST_PAUSE_FILE` and sleep, so a test can SIGKILL the
/// build exactly here.
pub(crate) fn pause(point: &str) {
    if std::env::var("QUIRE_TEST_PAUSE_AT").is_ok_and(|p| p == point) {
        if let Some(f) = std::env::var_os("QUIRE_TEST_PAUSE_FILE") {
            let _ = fs::write(f, point);
        }
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

struct Record {
    rel: String,
    hash: String,
    tier: Tier,
    /// Not in the previous build.
    new: bool,
    /// Temp file name under `.quire/tmp/` when the file must be replaced.
    temp: Option<String>,
}

/// Where files are written during a build.
pub(crate) struct Writer {
    out: PathBuf,
    /// The staging folder of a clean build; `None` for incremental.
    staging: Option<PathBuf>,
    /// Output hashes of the previous build (incremental only).
    old: OldManifest,
    records: Mutex<Vec<Record>>,
    /// Partial (edit fast path): files not written are kept, and only the
    /// files in `removals` go.
    partial: bool,
    removals: Mutex<Vec<String>>,
    /// File → files it links to, for ordering new pages.
    links: std::collections::HashMap<String, Vec<String>>,
    counter: AtomicUsize,
    write_nanos: AtomicU64,
}

/// What applying a build changed.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Applied {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

#[derive(Serialize, Deserialize)]
struct Journal {
    /// (temp name, destination) in the order to apply.
    renames: Vec<(String, String)>,
    removals: Vec<String>,
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(PublishError::io("could not create", parent))?;
    }
    fs::write(path, bytes).map_err(PublishError::io("could not write", path))
}

/// Writes by temp file and rename so readers see the old or the new file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    write_file(&tmp, bytes)?;
    fs::rename(&tmp, path).map_err(PublishError::io("could not rename into place", path))
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    out.with_file_name(name)
}

/// `<out>.quire-old`, where the previous site waits during a swap.
pub(crate) fn old_dir(out: &Path) -> PathBuf {
    sibling(out, ".quire-old")
}

fn remove_empty_parents(out: &Path, rel: &str) {
    let mut dir = out.join(rel);
    while dir.pop() && dir != out && dir.starts_with(out) {
        if fs::remove_dir(&dir).is_err() {
            break;
        }
    }
}

/// Finishes whatever a killed build left: a half-done swap is undone (the
/// old site comes back) or completed (leftover old copy removed), stale
/// staging folders are removed, and a committed journal is rolled forward.
/// The cache is dropped after a roll-forward, so the next build is clean.
pub fn recover(out: &Path) -> Result<(), PublishError> {
    let old = old_dir(out);
    if old.exists() {
        if out.exists() {
            fs::remove_dir_all(&old).map_err(PublishError::io("could not remove", &old))?;
        } else {
            fs::rename(&old, out).map_err(PublishError::io("could not restore", out))?;
        }
    }
    if let (Some(parent), Some(name)) = (out.parent(), out.file_name()) {
        let prefix = format!("{}.quire-staging-", name.to_string_lossy());
        if let Ok(entries) = fs::read_dir(parent) {
            for e in entries.flatten() {
                let is_staging = e.file_name().to_string_lossy().starts_with(&prefix);
                let ours = e.path().join(MARKER).is_file()
                    || fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none());
                if is_staging && ours {
                    let p = e.path();
                    fs::remove_dir_all(&p).map_err(PublishError::io("could not remove", &p))?;
                }
            }
        }
    }
    let journal_path = out.join(JOURNAL);
    if let Ok(text) = fs::read_to_string(&journal_path) {
        // The cache may describe the old files; never trust it after a crash.
        let _ = fs::remove_file(out.join(crate::cache::CACHE));
        let _ = fs::remove_file(out.join(crate::manifest::MANIFEST));
        if let Ok(journal) = serde_json::from_str::<Journal>(&text) {
            apply_journal(out, &journal)?;
        }
        fs::remove_file(&journal_path)
            .map_err(PublishError::io("could not remove", &journal_path))?;
    }
    let tmp = out.join(TMP);
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(PublishError::io("could not remove", &tmp))?;
    }
    Ok(())
}

fn apply_journal(out: &Path, journal: &Journal) -> Result<(), PublishError> {
    let half = journal.renames.len() / 2;
    for (i, (temp, rel)) in journal.renames.iter().enumerate() {
        if i == half && i > 0 {
            pause("incremental-apply");
        }
        check_rel(rel)?;
        let from = out.join(TMP).join(temp);
        if !from.exists() {
            continue; // already applied before a crash
        }
        let to = out.join(rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(PublishError::io("could not create", parent))?;
        }
        fs::rename(&from, &to).map_err(PublishError::io("could not rename into place", &to))?;
    }
    for rel in &journal.removals {
        check_rel(rel)?;
        let path = out.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => remove_empty_parents(out, rel),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(PublishError::io("could not remove", &path)(e)),
        }
    }
    Ok(())
}

impl Writer {
    /// A clean build into a fresh staging folder beside `out`.
    pub(crate) fn clean(out: &Path) -> Result<Writer, PublishError> {
        let staging = sibling(out, &format!(".quire-staging-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(PublishError::io("could not remove", &staging))?;
        }
        write_file(&staging.join(MARKER), MARKER_TEXT.as_bytes())?;
        Ok(Writer::new(out, Some(staging), OldManifest::default()))
    }

    /// An in-place build that only replaces files whose bytes changed.
    pub(crate) fn incremental(out: &Path, old: OldManifest) -> Result<Writer, PublishError> {
        let tmp = out.join(TMP);
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(PublishError::io("could not remove", &tmp))?;
        }
        fs::create_dir_all(&tmp).map_err(PublishError::io("could not create", &tmp))?;
        Ok(Writer::new(out, None, old))
    }

    /// An in-place build that writes only some files and keeps every other
    /// file of the previous build (the edit fast path).
    pub(crate) fn partial(out: &Path, old: OldManifest) -> Result<Writer, PublishError> {
        let mut w = Writer::incremental(out, old)?;
        w.partial = true;
        Ok(w)
    }

    /// Which files link to which (file → files it links to): new pages are
    /// then made visible after the new pages they link to.
    pub(crate) fn set_links(&mut self, links: std::collections::HashMap<String, Vec<String>>) {
        self.links = links;
    }

    /// Removes a file of the previous build (partial builds; the others
    /// remove whatever they did not write).
    pub(crate) fn remove(&self, rel: &str) {
        self.removals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
    }

    fn new(out: &Path, staging: Option<PathBuf>, old: OldManifest) -> Writer {
        Writer {
            out: out.to_path_buf(),
            staging,
            old,
            records: Mutex::new(Vec::new()),
            partial: false,
            removals: Mutex::new(Vec::new()),
            links: std::collections::HashMap::new(),
            counter: AtomicUsize::new(0),
            write_nanos: AtomicU64::new(0),
        }
    }

    /// True for a clean (staged) build.
    pub(crate) fn is_clean(&self) -> bool {
        self.staging.is_some()
    }

    /// Time spent writing files, summed over threads.
    pub(crate) fn write_time(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.write_nanos.load(Ordering::Relaxed))
    }

    /// Writes one output file. `rel` is `/`-separated, relative to the output.
    pub(crate) fn write(&self, rel: &str, bytes: &[u8], tier: Tier) -> Result<(), PublishError> {
        check_rel(rel)?;
        let start = Instant::now();
        let hash = crate::hash::hex(bytes);
        let temp = match &self.staging {
            Some(staging) => {
                write_file(&staging.join(rel), bytes)?;
                None
            }
            None if self.old.get(rel) == Some(hash.as_str()) => None,
            None => {
                let name = self.counter.fetch_add(1, Ordering::Relaxed).to_string();
                write_file(&self.out.join(TMP).join(&name), bytes)?;
                Some(name)
            }
        };
        let new = !self.old.contains(rel);
        self.record(rel, hash, tier, new, temp, start);
        Ok(())
    }

    /// Notes a file of this build, and the time spent on it since `start`.
    fn record(
        &self,
        rel: &str,
        hash: String,
        tier: Tier,
        new: bool,
        temp: Option<String>,
        start: Instant,
    ) {
        self.records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Record {
                rel: rel.to_string(),
                hash,
                tier,
                new,
                temp,
            });
        self.write_nanos
            .fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
    }

    /// Writes `rel` as the previous build's file `rel` with byte ranges
    /// replaced: `splices` are (offset, length, new bytes), sorted and not
    /// overlapping. The old file is streamed through a small buffer, so a
    /// large file with one changed entry costs a copy, not a parse
    /// (incremental builds only).
    pub(crate) fn write_spliced(
        &self,
        rel: &str,
        splices: &[(usize, usize, &[u8])],
        tier: Tier,
    ) -> Result<(), PublishError> {
        use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
        check_rel(rel)?;
        let start = Instant::now();
        let source = self.out.join(rel);
        let name = self.counter.fetch_add(1, Ordering::Relaxed).to_string();
        let temp_path = self.out.join(TMP).join(&name);
        let io_read = PublishError::io("could not read", &source);
        let mut src =
            fs::File::open(&source).map_err(PublishError::io("could not read", &source))?;
        let mut dst = std::io::BufWriter::with_capacity(
            1 << 20,
            fs::File::create(&temp_path)
                .map_err(PublishError::io("could not write", &temp_path))?,
        );
        let mut hasher = crate::hash::Hasher::new();
        let mut buffer = vec![0u8; 1 << 20];
        let mut copy = |src: &mut fs::File,
                        dst: &mut std::io::BufWriter<fs::File>,
                        hasher: &mut crate::hash::Hasher,
                        mut left: Option<usize>|
         -> std::io::Result<()> {
            loop {
                let want = left.map_or(buffer.len(), |l| l.min(buffer.len()));
                if want == 0 {
                    return Ok(());
                }
                let n = src.read(&mut buffer[..want])?;
                if n == 0 {
                    return match left {
                        Some(_) => Err(std::io::ErrorKind::UnexpectedEof.into()),
                        None => Ok(()),
                    };
                }
                hasher.update(&buffer[..n]);
                dst.write_all(&buffer[..n])?;
                left = left.map(|l| l - n);
            }
        };
        let mut pos = 0usize;
        let result: std::io::Result<()> = (|| {
            for &(offset, len, new) in splices {
                copy(&mut src, &mut dst, &mut hasher, Some(offset - pos))?;
                hasher.update(new);
                dst.write_all(new)?;
                src.seek(SeekFrom::Start((offset + len) as u64))?;
                pos = offset + len;
            }
            copy(&mut src, &mut dst, &mut hasher, None)?;
            dst.flush()
        })();
        result.map_err(io_read)?;
        let hash = hasher.finish_hex();
        let temp = if self.old.get(rel) == Some(hash.as_str()) {
            let _ = fs::remove_file(&temp_path);
            None
        } else {
            Some(name)
        };
        self.record(rel, hash, tier, false, temp, start);
        Ok(())
    }

    /// Keeps `rel` as the previous build wrote it, when its hash then was
    /// `hash`: the caller knows its bytes would be the same. False when
    /// the file is not there as expected; the caller then writes it.
    pub(crate) fn keep(&self, rel: &str, hash: &str, tier: Tier) -> bool {
        if self.staging.is_some() || self.old.get(rel) != Some(hash) {
            return false;
        }
        self.record(rel, hash.to_string(), tier, false, None, Instant::now());
        true
    }

    /// Copies a file from outside (a static file) to `rel`.
    pub(crate) fn copy(&self, rel: &str, from: &Path, tier: Tier) -> Result<(), PublishError> {
        let bytes = fs::read(from).map_err(PublishError::io("could not read", from))?;
        self.write(rel, &bytes, tier)
    }

    /// The output manifest (path → hash) of what was written, sorted.
    /// Fails when two things wrote the same path.
    fn manifest(&self) -> Result<BTreeMap<String, String>, PublishError> {
        let records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        let mut map = BTreeMap::new();
        for r in records.iter() {
            if map.insert(r.rel.clone(), r.hash.clone()).is_some() {
                return Err(PublishError::Conflict {
                    path: r.rel.clone(),
                });
            }
        }
        Ok(map)
    }

    /// Finishes the build. `publish`: swap in (clean) or apply (incremental);
    /// otherwise everything written is discarded and the output is untouched.
    /// `bookkeeping` writes the cache files into the folder that becomes the output.
    pub(crate) fn finish(
        mut self,
        publish: bool,
        bookkeeping: impl FnOnce(&Path, &Manifest) -> Result<(), PublishError>,
    ) -> Result<Applied, PublishError> {
        let written = self.manifest()?;
        let explicit =
            std::mem::take(&mut *self.removals.lock().unwrap_or_else(|e| e.into_inner()));
        let old = std::mem::take(&mut self.old);
        let removals: Vec<String> = if self.partial {
            explicit
                .iter()
                .filter(|r| old.contains(r))
                .cloned()
                .collect()
        } else {
            old.iter()
                .filter(|(rel, _)| !written.contains_key(*rel))
                .map(|(rel, _)| rel.to_string())
                .collect()
        };
        let manifest = if self.partial {
            // Everything of the last build, updated: the old manifest's
            // text with the changed lines replaced, not a map of every
            // file of the site.
            Manifest::Patched {
                old,
                written,
                removed: explicit.iter().cloned().collect(),
            }
        } else {
            Manifest::Full(written)
        };
        match &self.staging {
            Some(staging) => {
                if !publish {
                    remove_tree(staging)?;
                    return Ok(Applied::default());
                }
                bookkeeping(staging, &manifest)?;
                pause("clean-staged");
                if self.out.exists() && exchange(staging, &self.out).is_ok() {
                    // One atomic step: the staging folder now holds the old site.
                    pause("clean-swap");
                    remove_tree(staging)?;
                } else if self.out.exists() {
                    // No atomic exchange on this file system: two renames,
                    // and `recover` puts the old site back if killed between.
                    let old = old_dir(&self.out);
                    fs::rename(&self.out, &old)
                        .map_err(PublishError::io("could not move aside", &self.out))?;
                    pause("clean-swap");
                    fs::rename(staging, &self.out)
                        .map_err(PublishError::io("could not move into place", staging))?;
                    remove_tree(&old)?;
                } else {
                    fs::rename(staging, &self.out)
                        .map_err(PublishError::io("could not move into place", staging))?;
                }
                Ok(Applied {
                    written: manifest.len(),
                    unchanged: 0,
                    removed: 0,
                })
            }
            None => {
                let tmp = self.out.join(TMP);
                if !publish {
                    fs::remove_dir_all(&tmp).map_err(PublishError::io("could not remove", &tmp))?;
                    return Ok(Applied::default());
                }
                let mut records = self.records.into_inner().unwrap_or_else(|e| e.into_inner());
                // New files first (nothing links to them yet), then changed
                // files; within each, assets, pages, lists, feeds.
                records.sort_by(|a, b| (!a.new, a.tier, &a.rel).cmp(&(!b.new, b.tier, &b.rel)));
                let new_count = records.iter().take_while(|r| r.new).count();
                let changed = records.split_off(new_count);
                records = links_first(records, &self.links);
                records.extend(changed);
                let renames: Vec<(String, String)> = records
                    .iter()
                    .filter_map(|r| r.temp.clone().map(|t| (t, r.rel.clone())))
                    .collect();
                debug_assert!(self.partial || explicit.is_empty());
                let applied = Applied {
                    written: renames.len(),
                    unchanged: manifest.len() - renames.len(),
                    removed: removals.len(),
                };
                if renames.is_empty() && removals.is_empty() {
                    fs::remove_dir_all(&tmp).map_err(PublishError::io("could not remove", &tmp))?;
                    bookkeeping(&self.out, &manifest)?;
                    return Ok(applied);
                }
                pause("incremental-staged");
                let journal = Journal { renames, removals };
                let text = serde_json::to_string(&journal).unwrap_or_default();
                write_atomic(&self.out.join(JOURNAL), text.as_bytes())?;
                pause("incremental-journal");
                apply_journal(&self.out, &journal)?;
                bookkeeping(&self.out, &manifest)?;
                let journal_path = self.out.join(JOURNAL);
                fs::remove_file(&journal_path)
                    .map_err(PublishError::io("could not remove", &journal_path))?;
                fs::remove_dir_all(&tmp).map_err(PublishError::io("could not remove", &tmp))?;
                Ok(applied)
            }
        }
    }
}

/// Puts every new file after the new files it links to (depth first, in
/// the given order otherwise), so that while they appear one by one no new
/// page links to one not there yet. A cycle of links cannot be ordered;
/// it is cut where it closes.
fn links_first(
    new: Vec<Record>,
    links: &std::collections::HashMap<String, Vec<String>>,
) -> Vec<Record> {
    use std::collections::HashMap;
    let index: HashMap<&str, usize> = new
        .iter()
        .enumerate()
        .map(|(i, r)| (r.rel.as_str(), i))
        .collect();
    // A file once seen is never entered again (that is what cuts a
    // cycle). An explicit stack of (file, next link to look at): a long
    // chain of links cannot overflow.
    let mut seen = vec![false; new.len()];
    let mut order = Vec::with_capacity(new.len());
    let targets = |i: usize| -> &[String] { links.get(&new[i].rel).map_or(&[], Vec::as_slice) };
    for root in 0..new.len() {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        let mut stack = vec![(root, 0usize)];
        while let Some((i, next)) = stack.pop() {
            match targets(i).get(next) {
                Some(target) => {
                    stack.push((i, next + 1));
                    if let Some(&t) = index.get(target.as_str()) {
                        if !seen[t] {
                            seen[t] = true;
                            stack.push((t, 0));
                        }
                    }
                }
                None => order.push(i),
            }
        }
    }
    let mut slots: Vec<Option<Record>> = new.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Removes a folder and everything in it, the subtrees two levels down in
/// parallel: the previous site of a clean build is one folder per post,
/// and unlinking 100,000 files one by one takes seconds.
fn remove_tree(dir: &Path) -> Result<(), PublishError> {
    use rayon::prelude::*;
    let entries = |d: &Path| -> Vec<fs::DirEntry> {
        fs::read_dir(d)
            .map(|r| r.flatten().collect())
            .unwrap_or_default()
    };
    let mut parts: Vec<(PathBuf, bool)> = Vec::new();
    for e in entries(dir) {
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            for inner in entries(&e.path()) {
                parts.push((inner.path(), inner.file_type().is_ok_and(|t| t.is_dir())));
            }
        } else {
            parts.push((e.path(), false));
        }
    }
    parts
        .par_iter()
        .map(|(path, is_dir)| {
            let r = if *is_dir {
                fs::remove_dir_all(path)
            } else {
                fs::remove_file(path)
            };
            r.map_err(PublishError::io("could not remove", path))
        })
        .collect::<Result<(), PublishError>>()?;
    // What is left: the emptied folders.
    fs::remove_dir_all(dir).map_err(PublishError::io("could not remove", dir))
}

/// Swaps two folders in one atomic step (Linux `renameat2` with
/// `RENAME_EXCHANGE`), so no reader ever finds the output missing. Fails
/// where the kernel or file system cannot, and the caller falls back to
/// two renames.
fn exchange(a: &Path, b: &Path) -> Result<(), PublishError> {
    #[cfg(target_os = "linux")]
    {
        use nix::fcntl::{AT_FDCWD, RenameFlags, renameat2};
        renameat2(AT_FDCWD, a, AT_FDCWD, b, RenameFlags::RENAME_EXCHANGE)
            .map_err(|e| PublishError::io("could not exchange with", b)(std::io::Error::from(e)))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = a;
        Err(PublishError::io("could not exchange with", b)(
            std::io::Error::other("no atomic exchange on this system"),
        ))
    }
}

/// Creates `.quire/` and the marker in `dir` when missing.
pub(crate) fn ensure_marker(dir: &Path) -> Result<(), PublishError> {
    let marker = dir.join(MARKER);
    if !marker.is_file() {
        write_file(&dir.join(QUIRE_DIR).join("marker"), MARKER_TEXT.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(rel: &str) -> Record {
        Record {
            rel: rel.into(),
            hash: String::new(),
            tier: Tier::Page,
            new: true,
            temp: None,
        }
    }

    #[test]
    fn new_pages_follow_the_new_pages_they_link_to() {
        let links: std::collections::HashMap<String, Vec<String>> = [
            ("a.html", vec!["c.html", "old.html"]),
            ("c.html", vec!["b.html"]),
            // A cycle: d and e link to each other.
            ("d.html", vec!["e.html"]),
            ("e.html", vec!["d.html"]),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
        .collect();
        let new = ["a.html", "b.html", "c.html", "d.html", "e.html"]
            .map(record)
            .into_iter()
            .collect();
        let order: Vec<String> = links_first(new, &links)
            .into_iter()
            .map(|r| r.rel)
            .collect();
        assert_eq!(order, ["b.html", "c.html", "a.html", "e.html", "d.html"]);
    }
}
