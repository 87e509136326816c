//! Diagnostics shared by every Quire stage.
//!
//! A [`Diagnostic`] names a file (relative to the content folder), a 1-based
//! line and column in the *original* file, a stable code whose prefix names
//! the stage (`fm-`, `site-`, `route-`, `link-`, `render-`, `content-`), a
//! message, and optionally a hint saying what to do. Stages never stop at the
//! first problem: they return their result plus a `Vec<Diagnostic>`.
//!
//! ```
//! use quire_diagnostics::{Diagnostic, Severity, render_human};
//!
//! let source = "---\ntitle: Hi\ndate: yesterday\n---\nbody\n";
//! let d = Diagnostic::error("fm-date", "posts/hi.md", 3, 7, "date `yesterday` is not a date")
//!     .with_hint("write an RFC 3339 date such as 2024-05-01T09:00:00Z");
//! let text = render_human(&d, Some(source));
//! assert!(text.contains("posts/hi.md:3:7"));
//! assert!(text.contains("^"));
//! ```

use std::fmt::Write as _;

use serde::Serialize;

/// How serious a diagnostic is. Any `Error` makes a command exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input was rejected (a post skipped, a link broken).
    Error,
    /// The input was accepted after a fix the user should make in the source.
    Warning,
    /// Worth knowing, nothing to fix.
    Info,
}

impl Severity {
    /// Lowercase name as printed and serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One problem found in the content, with its position in the original file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable code, prefixed by stage (`fm-`, `site-`, `route-`, `link-`, `render-`).
    pub code: String,
    /// Path relative to the content folder, with `/` separators.
    pub file: String,
    /// 1-based line in the original file; 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based column (in characters); 0 when unknown.
    pub column: u32,
    /// What is wrong, starting lowercase.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of any severity.
    pub fn new(
        severity: Severity,
        code: impl Into<String>,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code: code.into(),
            file: file.into(),
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }

    /// An error.
    pub fn error(
        code: impl Into<String>,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, file, line, column, message)
    }

    /// A warning.
    pub fn warning(
        code: impl Into<String>,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, line, column, message)
    }

    /// An info note.
    pub fn info(
        code: impl Into<String>,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Info, code, file, line, column, message)
    }

    /// Adds a hint saying what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics into the order they are reported: by file, line,
/// column, then code and message, so output never depends on thread timing.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, &b.code, &b.message))
    });
}

/// Counts of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of infos.
    pub infos: usize,
}

/// Counts errors, warnings and infos.
pub fn count(diagnostics: &[Diagnostic]) -> Counts {
    let mut c = Counts::default();
    for d in diagnostics {
        match d.severity {
            Severity::Error => c.errors += 1,
            Severity::Warning => c.warnings += 1,
            Severity::Info => c.infos += 1,
        }
    }
    c
}

/// Renders one diagnostic the way rustc does: a header, the location, the
/// source line with a `^` marker under the column, and the hint.
///
/// `source` is the full text of the file, when available.
pub fn render_human(d: &Diagnostic, source: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
    let _ = match (d.line, d.column) {
        (0, _) => writeln!(out, "  --> {}", d.file),
        (l, 0) => writeln!(out, "  --> {}:{}", d.file, l),
        (l, c) => writeln!(out, "  --> {}:{}:{}", d.file, l, c),
    };
    if let Some(text) = source.filter(|_| d.line > 0) {
        if let Some(line_text) = text.lines().nth(d.line as usize - 1) {
            let line_text = line_text.trim_end_matches('\r');
            let number = d.line.to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {line_text}");
            if d.column > 0 {
                // Keep tabs so the marker lines up under tabbed source.
                let lead: String = line_text
                    .chars()
                    .take(d.column as usize - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{pad} | {lead}^");
            } else {
                let _ = writeln!(out, "{pad} |");
            }
        }
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "  = help: {hint}");
    }
    out
}

/// The one-line summary printed after the diagnostics.
pub fn summary_line(counts: Counts) -> String {
    fn plural(n: usize, word: &str) -> String {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    }
    format!(
        "{}, {}, {}",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(counts.infos, "info")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_marker_under_column() {
        let src = "---\ntitle: x\nhidepost: true\n---\n";
        let d = Diagnostic::error("fm-unknown-key", "a.md", 3, 1, "unknown key `hidepost`")
            .with_hint("did you mean `hidePost`?");
        insta::assert_snapshot!(render_human(&d, Some(src)), @r"
        error[fm-unknown-key]: unknown key `hidepost`
          --> a.md:3:1
          |
        3 | hidepost: true
          | ^
          = help: did you mean `hidePost`?
        ");
    }

    #[test]
    fn whole_file_diagnostic_has_no_snippet() {
        let d = Diagnostic::info("content-no-template-key", "x.md", 0, 0, "skipped");
        assert_eq!(
            render_human(&d, Some("abc")),
            "info[content-no-template-key]: skipped\n  --> x.md\n"
        );
    }

    #[test]
    fn sorting_is_by_position() {
        let mut v = vec![
            Diagnostic::error("b", "b.md", 1, 1, "x"),
            Diagnostic::error("a", "a.md", 9, 1, "x"),
            Diagnostic::error("a", "a.md", 2, 5, "x"),
        ];
        sort(&mut v);
        let order: Vec<_> = v.iter().map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(order, [("a.md", 2), ("a.md", 9), ("b.md", 1)]);
        assert_eq!(summary_line(count(&v)), "3 errors, 0 warnings, 0 infos");
    }
}
