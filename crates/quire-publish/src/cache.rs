//! The persistent cache under `<out>/.quire/`: `cache` (what the last build
//! read, as one stat fingerprint, and what it reported) and `manifest` (the
//! hash of every file it wrote). No absolute paths, no times: file sizes and
//! modification times enter only the fingerprint hash.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt as _;
use std::path::Path;

use quire_diagnostics::{Diagnostic, Severity};
use serde::{Deserialize, Serialize};

use crate::Summary;

pub(crate) const CACHE: &str = ".quire/cache";
pub(crate) const MANIFEST: &str = ".quire/manifest";
const FORMAT: u32 = 1;

/// A diagnostic as stored (the shared type is serialize-only).
#[derive(Serialize, Deserialize)]
struct StoredDiagnostic {
    severity: String,
    code: String,
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
    fn to_diagnostic(&self) -> Diagnostic {
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
        (cache.format == FORMAT && cache.version == env!("CARGO_PKG_VERSION")).then_some(cache)
    }

    pub(crate) fn write(&self, dir: &Path) -> Result<(), crate::PublishError> {
        let text = serde_json::to_vec(self).unwrap_or_default();
        crate::output::write_atomic(&dir.join(CACHE), &text)
    }
}

/// Reads `.quire/manifest` (path → hash of every output file).
pub(crate) fn read_manifest(out: &Path) -> Option<BTreeMap<String, String>> {
    let text = fs::read_to_string(out.join(MANIFEST)).ok()?;
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let (hash, rel) = line.split_once(' ')?;
        map.insert(rel.to_string(), hash.to_string());
    }
    Some(map)
}

/// Writes `.quire/manifest`, one `hash path` line per file, sorted by path.
pub(crate) fn write_manifest(
    dir: &Path,
    manifest: &BTreeMap<String, String>,
) -> Result<(), crate::PublishError> {
    let mut text = String::with_capacity(manifest.len() * 80);
    for (rel, hash) in manifest {
        text.push_str(hash);
        text.push(' ');
        text.push_str(rel);
        text.push('\n');
    }
    crate::output::write_atomic(&dir.join(MANIFEST), text.as_bytes())
}

/// Stat fingerprint of every file under the given roots (each tagged with a
/// label so the same relative path in two roots differs), plus `extra`
/// (options that change the output). Also returns the newest mtime seen, in
/// nanoseconds, so the caller can refuse to trust a racy cache.
pub(crate) fn fingerprint(roots: &[(&str, &Path)], extra: &str) -> (String, i128) {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(extra.as_bytes());
    let mut newest = i128::MIN;
    for (label, root) in roots {
        hasher.update(b"\0root\0");
        hasher.update(label.as_bytes());
        let walker = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .follow_links(true);
        for entry in walker.into_iter().filter_map(Result::ok) {
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let mtime = meta.mtime() as i128 * 1_000_000_000 + meta.mtime_nsec() as i128;
            newest = newest.max(mtime);
            hasher.update(rel.as_os_str().as_encoded_bytes());
            hasher.update(b"\0");
            hasher.update(&meta.len().to_le_bytes());
            hasher.update(&mtime.to_le_bytes());
            hasher.update(&meta.ino().to_le_bytes());
        }
    }
    (hasher.finalize().to_hex().to_string(), newest)
}

/// Modification time of a file in nanoseconds.
pub(crate) fn mtime_of(path: &Path) -> Option<i128> {
    let meta = fs::metadata(path).ok()?;
    Some(meta.mtime() as i128 * 1_000_000_000 + meta.mtime_nsec() as i128)
}
