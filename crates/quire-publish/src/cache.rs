//! The persistent cache under `<out>/.quire/`: `cache` (what the last build
//! read, as one stat fingerprint, and what it reported) and the stat table
//! (the manifest of what it wrote is `manifest.rs`). No absolute paths, no
//! times: file sizes and modification times enter only the fingerprint hash.

use std::fs;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quire_diagnostics::{Diagnostic, Severity};
use serde::{Deserialize, Serialize};

use crate::Summary;

pub(crate) const CACHE: &str = ".quire/cache";
const FORMAT: u32 = 3;

/// A diagnostic as stored (the shared type is serialize-only).
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct StoredDiagnostic {
    severity: String,
    pub code: String,
    file: String,
    line: u32,
    column: u32,
    message: String,
    hint: Option<String>,
}

impl From<&Diagnostic> for StoredDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        StoredDiagnostic {
            severity: d.severity.as_str().into(),
            code: d.code.clone(),
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

impl StoredDiagnostic {
    pub(crate) fn to_diagnostic(&self) -> Diagnostic {
        let severity = match self.severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Info,
        };
        let d = Diagnostic::new(
            severity,
            &self.code,
            &self.file,
            self.line,
            self.column,
            &self.message,
        );
        match &self.hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }
}

/// `.quire/cache`.
#[derive(Serialize, Deserialize)]
pub(crate) struct Cache {
    format: u32,
    version: String,
    /// Which build of Quire wrote it ([`binary_id`]).
    binary: String,
    /// Hash of every input file's path, size, mtime and inode, and of the options.
    pub inputs: String,
    pub summary: Summary,
    diagnostics: Vec<StoredDiagnostic>,
}

impl Cache {
    pub(crate) fn new(inputs: String, summary: Summary, diagnostics: &[Diagnostic]) -> Cache {
        Cache {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").into(),
            binary: binary_id(),
            inputs,
            summary,
            diagnostics: diagnostics.iter().map(StoredDiagnostic::from).collect(),
        }
    }

    pub(crate) fn diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .map(StoredDiagnostic::to_diagnostic)
            .collect()
    }

    /// Reads the cache of an output folder; `None` when absent, unreadable or
    /// from another format.
    pub(crate) fn read(out: &Path) -> Option<Cache> {
        let text = fs::read(out.join(CACHE)).ok()?;
        let cache: Cache = serde_json::from_slice(&text).ok()?;
        (cache.format == FORMAT
            && cache.version == env!("CARGO_PKG_VERSION")
            && cache.binary == binary_id())
        .then_some(cache)
    }

    pub(crate) fn write(&self, dir: &Path) -> Result<(), crate::PublishError> {
        let text = serde_json::to_vec(self).unwrap_or_default();
        crate::output::write_atomic(&dir.join(CACHE), &text)
    }
}

/// Identifies the running build of Quire by its executable's size and
/// modification time: a rebuilt binary may render differently under the
/// same version number, so its first build ignores the cache.
fn binary_id() -> String {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let Some(meta) = std::env::current_exe().and_then(fs::metadata).ok() else {
            return String::from("unknown");
        };
        let mut h = crate::hash::Hasher::new();
        h.update(&meta.len().to_le_bytes());
        h.update(&meta.mtime().to_le_bytes());
        h.update(&meta.mtime_nsec().to_le_bytes());
        h.finish_hex()
    })
    .clone()
}

/// What `stat` says about every input file.
pub(crate) struct Fingerprint {
    /// One hash of every file's path, size, mtime and inode, and of the options.
    pub hash: String,
    /// The newest mtime seen, in nanoseconds, so the caller can refuse to
    /// trust a racy cache.
    pub newest: i128,
    /// Per file: the root's label index, the path relative to it, and the
    /// hash of its stat record.
    files: Vec<(usize, PathBuf, u64)>,
    labels: Vec<String>,
}

impl Fingerprint {
    /// The stat table: one `stat-hash content-hash label/path` line per
    /// file, what the edit fast path compares to find the changed files.
    /// `content` gives the content hash of the files worth one (`-` for
    /// none): a file whose stat changed but whose bytes did not (a
    /// checkout, a save without changes) then counts as unchanged.
    pub(crate) fn table(&self, content: impl Fn(&str, &str) -> Option<String> + Sync) -> String {
        use rayon::prelude::*;
        let lines: Vec<String> = self
            .files
            .par_iter()
            .filter_map(|(r, rel, h)| {
                let rel = rel.to_str()?;
                let label = &self.labels[*r];
                let c = content(label, rel).unwrap_or_else(|| "-".into());
                Some(format!("{h:016x} {c} {label}/{rel}\n"))
            })
            .collect();
        lines.concat()
    }

    /// Files that differ from `table` (a [`Fingerprint::table`] of an
    /// earlier build) as (label, path, old content hash) triples; `None`
    /// when a file was added or removed, or a name is not UTF-8.
    pub(crate) fn changed_since<'t>(&self, table: &'t str) -> Option<Vec<Changed<'_, 't>>> {
        let mut old: std::collections::HashMap<&str, (&str, &str)> =
            std::collections::HashMap::with_capacity(self.files.len());
        for line in table.lines() {
            let (h, rest) = line.split_once(' ')?;
            let (c, key) = rest.split_once(' ')?;
            old.insert(key, (h, c));
        }
        if old.len() != self.files.len() {
            return None;
        }
        let mut changed = Vec::new();
        let mut key = String::new();
        for (r, rel, h) in &self.files {
            let rel = rel.to_str()?;
            key.clear();
            key.push_str(&self.labels[*r]);
            key.push('/');
            key.push_str(rel);
            let (before, content) = old.get(key.as_str())?;
            if u64::from_str_radix(before, 16).ok()? != *h {
                changed.push(Changed {
                    label: self.labels[*r].as_str(),
                    rel,
                    content: (*content != "-").then_some(*content),
                    hash: *h,
                });
            }
        }
        Some(changed)
    }
}

/// `table` (a [`Fingerprint::table`]) with the stat hashes of the files
/// in `changed` brought up to date; their content hashes stay. What the
/// edit fast path writes when every changed file was handled.
pub(crate) fn patch_table(table: &str, changed: &[Changed<'_, '_>]) -> String {
    let mut by_key: std::collections::HashMap<String, u64> = changed
        .iter()
        .map(|c| (format!("{}/{}", c.label, c.rel), c.hash))
        .collect();
    let mut out = String::with_capacity(table.len());
    for line in table.split_inclusive('\n') {
        let patched = line.split_once(' ').and_then(|(_, rest)| {
            let (content, key) = rest.split_once(' ')?;
            let hash = by_key.remove(key.trim_end_matches('\n'))?;
            Some(format!("{hash:016x} {content} {key}"))
        });
        match patched {
            Some(p) => out.push_str(&p),
            None => out.push_str(line),
        }
    }
    out
}

/// A file whose stat changed since the last build.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Changed<'f, 't> {
    /// The label of its root (`content`, `themes`).
    pub label: &'f str,
    /// Its path under the root.
    pub rel: &'f str,
    /// Its content hash in the last build, when one was kept.
    pub content: Option<&'t str>,
    /// Its stat hash now.
    pub hash: u64,
}

/// Content hash of a file, for the stat table, when it is small enough to
/// be worth hashing (large static files count as changed whenever their
/// stat does).
pub(crate) fn content_hash(path: &Path) -> Option<String> {
    const LIMIT: u64 = 1 << 20;
    if fs::metadata(path).ok()?.len() > LIMIT {
        return None;
    }
    Some(crate::hash::hex(&fs::read(path).ok()?))
}

/// Stat fingerprint of every file under the given roots (each tagged with a
/// label so the same relative path in two roots differs), plus `extra`
/// (options that change the output).
///
/// This is the whole cost of a no-op build, so it does one `stat` per file
/// and nothing else: folders are listed on one thread while the files
/// already listed are stat'ed, a chunk at a time, on the others; each
/// file's record is hashed on its own and the hashes summed, which makes
/// the result independent of listing order (no sort).
pub(crate) fn fingerprint(roots: &[(&str, &Path)], extra: &str) -> Fingerprint {
    /// Files per stat task: small enough to start stat'ing early, large
    /// enough that a task costs more than handing it over.
    const CHUNK: usize = 256;
    type Stat = (usize, PathBuf, [u64; 2], i128);
    let stat = |(r, dir, entry): &(usize, Arc<Path>, fs::DirEntry)| -> Option<Stat> {
        // Symlinks are followed, so a linked file's edits are seen.
        let meta = if entry.file_type().ok()?.is_symlink() {
            fs::metadata(entry.path()).ok()?
        } else {
            entry.metadata().ok()?
        };
        if !meta.is_file() {
            return None;
        }
        let rel = dir.join(entry.file_name());
        let mtime = meta.mtime() as i128 * 1_000_000_000 + meta.mtime_nsec() as i128;
        let mut h = crate::hash::Hasher::new();
        h.field(roots[*r].0.as_bytes());
        h.field(rel.as_os_str().as_encoded_bytes());
        h.update(&meta.len().to_le_bytes());
        h.update(&mtime.to_le_bytes());
        h.update(&meta.ino().to_le_bytes());
        let bytes = h.finish();
        Some((*r, rel, [bytes as u64, (bytes >> 64) as u64], mtime))
    };
    // (chunk number, its files), gathered in any order and sorted after.
    let done: std::sync::Mutex<Vec<(usize, Vec<Stat>)>> = std::sync::Mutex::default();
    rayon::scope(|scope| {
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut count = 0;
        let (stat, done) = (&stat, &done);
        let mut hand_over = |chunk: Vec<(usize, Arc<Path>, fs::DirEntry)>| {
            let n = count;
            count += 1;
            scope.spawn(move |_| {
                let stats: Vec<Stat> = chunk.iter().filter_map(stat).collect();
                done.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((n, stats));
            });
        };
        for (r, (_, root)) in roots.iter().enumerate() {
            list_files(root, r, 0, &mut |entry| {
                chunk.push(entry);
                if chunk.len() == CHUNK {
                    hand_over(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)));
                }
            });
        }
        if !chunk.is_empty() {
            hand_over(chunk);
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable_by_key(|(n, _)| *n);
    let mut sum = [0u64; 2];
    let mut newest = i128::MIN;
    let mut files = Vec::with_capacity(done.iter().map(|(_, c)| c.len()).sum());
    for (r, rel, lanes, mtime) in done.into_iter().flat_map(|(_, c)| c) {
        for (s, l) in sum.iter_mut().zip(lanes) {
            *s = s.wrapping_add(l);
        }
        newest = newest.max(mtime);
        files.push((r, rel, lanes[0]));
    }
    let mut hasher = crate::hash::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(extra.as_bytes());
    hasher.update(&(files.len() as u64).to_le_bytes());
    for lane in sum {
        hasher.update(&lane.to_le_bytes());
    }
    Fingerprint {
        hash: hasher.finish_hex(),
        newest,
        files,
        labels: roots.iter().map(|(l, _)| (*l).to_string()).collect(),
    }
}

/// Symlinked folders deeper than this are taken for a loop.
const MAX_DEPTH: usize = 64;

/// Every non-folder entry under `dir`, with the path of its folder relative
/// to the root it was listed from, handed to `found` as it is listed.
/// Symlinks to folders are followed (up to `MAX_DEPTH`).
fn list_files(
    dir: &Path,
    root: usize,
    depth: usize,
    found: &mut impl FnMut((usize, Arc<Path>, fs::DirEntry)),
) {
    fn walk(
        dir: &Path,
        rel: &Path,
        root: usize,
        depth: usize,
        found: &mut impl FnMut((usize, Arc<Path>, fs::DirEntry)),
    ) {
        let Ok(read) = fs::read_dir(dir) else { return };
        // One shared copy of the folder's path for all its files.
        let here: Arc<Path> = Arc::from(rel);
        for entry in read.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let is_dir = kind.is_dir() || (kind.is_symlink() && entry.path().is_dir());
            if is_dir {
                if depth < MAX_DEPTH {
                    walk(
                        &entry.path(),
                        &rel.join(entry.file_name()),
                        root,
                        depth + 1,
                        found,
                    );
                }
            } else {
                found((root, Arc::clone(&here), entry));
            }
        }
    }
    walk(dir, Path::new(""), root, depth, found);
}

/// Modification time of a file in nanoseconds.
pub(crate) fn mtime_of(path: &Path) -> Option<i128> {
    let meta = fs::metadata(path).ok()?;
    Some(meta.mtime() as i128 * 1_000_000_000 + meta.mtime_nsec() as i128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_sees_every_change_of_a_file_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("quire-fp-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("blog/deep")).unwrap();
        fs::write(dir.join("blog/a.md"), "a").unwrap();
        fs::write(dir.join("blog/deep/b.md"), "b").unwrap();
        let roots: [(&str, &Path); 1] = [("content", &dir)];
        let hash_of = |fp: &Fingerprint, rel: &str| {
            fp.files
                .iter()
                .find(|f| f.1 == Path::new(rel))
                .map(|f| f.2)
                .unwrap()
        };
        let fp = fingerprint(&roots, "x");
        let first = fp.hash.clone();
        assert_eq!(fingerprint(&roots, "x").hash, first);
        assert!(fp.newest > i128::MIN);
        assert_ne!(fingerprint(&roots, "y").hash, first, "options count");
        // Same root under another label is another input.
        assert_ne!(fingerprint(&[("themes", &dir)], "x").hash, first);
        let table = fp.table(|_, _| None);
        assert_eq!(fp.changed_since(&table), Some(vec![]));

        fs::write(dir.join("blog/deep/b.md"), "bb").unwrap();
        let fp = fingerprint(&roots, "x");
        let grown = fp.hash.clone();
        assert_ne!(grown, first, "a size change in a subfolder");
        assert_eq!(
            fp.changed_since(&table),
            Some(vec![Changed {
                label: "content",
                rel: "blog/deep/b.md",
                content: None,
                hash: hash_of(&fp, "blog/deep/b.md"),
            }])
        );
        assert_eq!(
            patch_table(&table, &fp.changed_since(&table).unwrap()),
            fp.table(|_, _| None)
        );
        let table = fp.table(|_, rel| Some(format!("h-{rel}")));
        fs::write(dir.join("blog/a.md"), "A").unwrap();
        let fp = fingerprint(&roots, "x");
        assert_eq!(
            fp.changed_since(&table),
            Some(vec![Changed {
                label: "content",
                rel: "blog/a.md",
                content: Some("h-blog/a.md"),
                hash: hash_of(&fp, "blog/a.md"),
            }])
        );

        fs::write(dir.join("blog/c.md"), "").unwrap();
        let fp = fingerprint(&roots, "x");
        let added = fp.hash.clone();
        assert_ne!(added, grown, "an added empty file");
        assert_eq!(fp.changed_since(&table), None, "added files are not edits");

        fs::rename(dir.join("blog/c.md"), dir.join("blog/d.md")).unwrap();
        assert_ne!(fingerprint(&roots, "x").hash, added, "a rename");
        fs::remove_dir_all(&dir).unwrap();
    }
}
