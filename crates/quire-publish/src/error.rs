//! Errors that stop a build before or while writing: unsafe output folders and I/O.
//! Problems in the content are never errors here; they are diagnostics.

use std::path::{Path, PathBuf};

/// Why a build could not run or could not finish writing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PublishError {
    /// The output folder is one Quire must not write to.
    #[error("refusing to write into {}: {reason}", path.display())]
    UnsafeOutput {
        /// The output folder as given.
        path: PathBuf,
        /// Why it is refused, starting lowercase.
        reason: String,
    },
    /// A file or folder could not be read or written.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done, e.g. `could not write`.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The content folder could not be read at all (missing, not a folder).
    #[error("could not load the content folder: {0}")]
    Load(String),
    /// Two outputs of one build claim the same file.
    #[error("two outputs claim the same file `{path}`")]
    Conflict {
        /// The relative path written twice.
        path: String,
    },
    /// A path computed for the output would leave the output folder.
    #[error("output path `{path}` would leave the output folder")]
    Escape {
        /// The offending relative path or route.
        path: String,
    },
}

impl PublishError {
    pub(crate) fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.to_path_buf();
        move |source| PublishError::Io {
            action,
            path,
            source,
        }
    }

    pub(crate) fn unsafe_output(path: &Path, reason: impl Into<String>) -> Self {
        PublishError::UnsafeOutput {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }
}
