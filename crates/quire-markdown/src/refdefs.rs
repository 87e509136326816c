//! Finding reference definitions whose label was already defined.
//!
//! comrak resolves reference links but drops the definitions from the tree,
//! so duplicates are found in the source text: a line, outside every block
//! that survives in the tree (paragraphs, headings, code, HTML, tables), that
//! starts (after block-quote and list markers) with `[label]:`.

use std::collections::HashMap;

use crate::DuplicateDefinition;

/// A definition label found in the source.
struct Found<'s> {
    label: &'s str,
    line: u32,
    column: u32,
}

/// False when `source` cannot hold two reference definitions (each needs a
/// `]:`), so the caller can skip the work of [`duplicates`].
pub(crate) fn may_have_duplicates(source: &str) -> bool {
    memchr::memmem::find_iter(source.as_bytes(), b"]:")
        .nth(1)
        .is_some()
}

/// Duplicates among the definitions on lines not `covered`, in source order.
/// `covered[i]` is true when line `i + 1` belongs to a leaf block.
pub(crate) fn duplicates(source: &str, covered: &[bool]) -> Vec<DuplicateDefinition> {
    let mut first: HashMap<String, (u32, u32)> = HashMap::new();
    let mut dups = Vec::new();
    for (index, line) in source.lines().enumerate() {
        if covered.get(index).copied().unwrap_or(false) || !line.contains("]:") {
            continue;
        }
        let Some(found) = definition(line, index) else {
            continue;
        };
        let key = normalize(found.label);
        match first.get(&key) {
            Some(&(first_line, first_column)) => dups.push(DuplicateDefinition {
                label: found.label.to_string(),
                line: found.line,
                column: found.column,
                first_line,
                first_column,
            }),
            None => {
                first.insert(key, (found.line, found.column));
            }
        }
    }
    dups
}

/// Label matching as CommonMark does it: case-insensitive, inner whitespace
/// collapsed.
fn normalize(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn definition(line: &str, index: usize) -> Option<Found<'_>> {
    let start = skip_container_markers(line);
    let rest = &line[start..];
    let inner = rest.strip_prefix('[')?;
    if inner.starts_with('^') {
        return None; // a footnote definition
    }
    let mut end = None;
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => return None,
            ']' => {
                end = Some(i);
                break;
            }
            _ => {}
        }
    }
    let end = end?;
    let label = &inner[..end];
    if label.trim().is_empty() || !inner[end + 1..].starts_with(':') {
        return None;
    }
    Some(Found {
        label,
        line: u32::try_from(index + 1).unwrap_or(u32::MAX),
        column: u32::try_from(line[..start].chars().count() + 1).unwrap_or(u32::MAX),
    })
}

/// Byte offset after leading spaces, `>` markers and list markers.
fn skip_container_markers(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'>') => i += 1,
            Some(b'-' | b'*' | b'+')
                if bytes.get(i + 1).is_some_and(|b| *b == b' ' || *b == b'\t') =>
            {
                i += 1;
            }
            Some(b'0'..=b'9') => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let after = i + digits;
                if matches!(bytes.get(after), Some(b'.' | b')'))
                    && bytes
                        .get(after + 1)
                        .is_some_and(|b| *b == b' ' || *b == b'\t')
                {
                    i = after + 1;
                } else {
                    return i;
                }
            }
            _ => return i,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(source: &str) -> Vec<(String, u32, u32, u32)> {
        let covered = vec![false; source.lines().count()];
        duplicates(source, &covered)
            .into_iter()
            .map(|d| (d.label, d.line, d.column, d.first_line))
            .collect()
    }

    #[test]
    fn finds_case_insensitive_duplicates() {
        let src = "[a]: /1\n[B]: /2\n[A]: /3\n[b  ]: /4\n> [a]: /5\n- [c]: /6\n";
        assert_eq!(
            check(src),
            vec![
                ("A".into(), 3, 1, 1),
                ("b  ".into(), 4, 1, 2),
                ("a".into(), 5, 3, 1)
            ]
        );
    }

    #[test]
    fn ignores_footnotes_and_covered_lines() {
        let src = "[^a]: note\n[^a]: note\n[x]: /1\n[x]: /2\n";
        assert!(duplicates(src, &[false, false, false, true]).is_empty());
    }
}
