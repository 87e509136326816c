//! Splitting front matter from the Markdown body.

/// The front-matter syntax, picked by the opening fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` fences around YAML.
    Yaml,
    /// `+++` fences around TOML (Hugo, Zola).
    Toml,
}

impl Format {
    /// The fence line, `---` or `+++`.
    pub fn fence(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }
}

/// A file cut into front matter and body. Slices borrow the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Split<'a> {
    /// The front-matter syntax; `None` when the file has no front matter.
    pub format: Option<Format>,
    /// Front-matter text between the fences (empty without front matter).
    pub front_matter: &'a str,
    /// 1-based line of the original file where `front_matter` starts.
    pub front_matter_line: u32,
    /// The Markdown body, line endings as written.
    pub body: &'a str,
    /// 1-based line of the original file where `body` starts.
    pub body_line: u32,
}

/// The opening fence has no closing fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unclosed {
    /// Which fence was opened (always on line 1).
    pub format: Format,
}

/// Cuts `text` into front matter and body.
///
/// The first line must be exactly `---` or `+++` (trailing spaces allowed);
/// the front matter ends at the next line that is the same fence. A UTF-8
/// byte order mark, CRLF line endings and a missing final newline are all
/// accepted; later fence-like lines belong to the body.
///
/// ```
/// let s = quire_content::split("---\ntitle: Hi\n---\nBody\n---\nmore\n").unwrap();
/// assert_eq!(s.front_matter, "title: Hi\n");
/// assert_eq!(s.body, "Body\n---\nmore\n");
/// assert_eq!((s.front_matter_line, s.body_line), (2, 4));
/// ```
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.split_inclusive('\n').next().unwrap_or("");
    let format = match first.trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Ok(Split {
                format: None,
                front_matter: "",
                front_matter_line: 1,
                body: text,
                body_line: 1,
            });
        }
    };
    let start = first.len();
    let fence = format.fence();
    for (line, (offset, end)) in (2u32..).zip(line_spans(text, start)) {
        // Most lines cannot be the fence: skip trimming them.
        if text.as_bytes()[offset] == fence.as_bytes()[0] && text[offset..end].trim_end() == fence {
            return Ok(Split {
                format: Some(format),
                front_matter: &text[start..offset],
                front_matter_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
    }
    Err(Unclosed { format })
}

/// The lines of `text` as [`str::split_inclusive`] cuts them at `\n`,
/// without it (a `\r` before it is left on).
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    line_spans(text, 0).map(|(start, end)| {
        let line = &text[start..end];
        line.strip_suffix('\n').unwrap_or(line)
    })
}

/// The byte ranges of the lines of `text[from..]` as
/// [`str::split_inclusive`] cuts them at `\n`, each with its `\n`. One
/// vectorized search finds the line ends: [`str::lines`] sets up a searcher
/// for each line, which costs more than the search on lines as short as
/// front matter's.
fn line_spans(text: &str, from: usize) -> impl Iterator<Item = (usize, usize)> {
    let mut ends = memchr::memchr_iter(b'\n', &text.as_bytes()[from..]).map(move |i| from + i + 1);
    let mut start = from;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = ends.next().unwrap_or(text.len());
        let span = (start, end);
        start = end;
        Some(span)
    })
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (to_u32(line), to_u32(column))
}

/// Saturating conversion for line and column numbers.
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (Option<Format>, &str, &str, u32) {
        let s = split(text).unwrap();
        (s.format, s.front_matter, s.body, s.body_line)
    }

    #[test]
    fn yaml_and_toml_fences() {
        assert_eq!(
            parts("---\na: 1\n---\nbody"),
            (Some(Format::Yaml), "a: 1\n", "body", 4)
        );
        assert_eq!(
            parts("+++\na = 1\n+++\n\nbody\n"),
            (Some(Format::Toml), "a = 1\n", "\nbody\n", 4)
        );
    }

    #[test]
    fn bom_crlf_and_missing_final_newline() {
        let s = split("\u{feff}---\r\na: 1\r\n---\r\nbody").unwrap();
        assert_eq!(s.front_matter, "a: 1\r\n");
        assert_eq!(s.body, "body");
        assert_eq!(s.body_line, 4);
        // Closing fence as the very last bytes.
        assert_eq!(
            parts("---\na: 1\n---"),
            (Some(Format::Yaml), "a: 1\n", "", 4)
        );
    }

    #[test]
    fn no_front_matter_and_empty_front_matter() {
        assert_eq!(parts("# Title\n---\n"), (None, "", "# Title\n---\n", 1));
        assert_eq!(parts(""), (None, "", "", 1));
        assert_eq!(parts("---\n---\nx"), (Some(Format::Yaml), "", "x", 3));
    }

    #[test]
    fn fence_with_trailing_spaces_and_later_fences() {
        assert_eq!(
            parts("---  \na: 1\n--- \nx\n---\ny\n"),
            (Some(Format::Yaml), "a: 1\n", "x\n---\ny\n", 4)
        );
        // A `+++` line does not close YAML front matter.
        assert_eq!(
            split("---\na: 1\n+++\n"),
            Err(Unclosed {
                format: Format::Yaml
            })
        );
    }

    #[test]
    fn lines_are_cut_at_newlines_only() {
        let cut = |t| lines(t).collect::<Vec<_>>();
        assert_eq!(cut("a\r\n\nb"), ["a\r", "", "b"]);
        assert_eq!(cut("a\n\n"), ["a", ""]);
        assert_eq!(cut("a\rb\u{2028}c"), ["a\rb\u{2028}c"]);
        assert!(cut("").is_empty());
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("x", 99), (1, 2));
    }
}
