//! Nesting the flat heading list into a table of contents.

use crate::{Heading, TocEntry};

/// Nests headings by level. A heading goes under the closest earlier heading
/// of a lower level; a document that starts at `###` or skips levels still
/// gets every heading, at the depth its predecessors allow.
pub(crate) fn nest(headings: &[Heading]) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for heading in headings {
        let entry = TocEntry {
            level: heading.level,
            id: heading.id.clone(),
            text: heading.text.clone(),
            children: Vec::new(),
        };
        let mut siblings = &mut roots;
        while siblings
            .last()
            .is_some_and(|last| last.level < heading.level)
        {
            siblings = &mut siblings.last_mut().expect("checked non-empty").children;
        }
        siblings.push(entry);
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            text: id.into(),
        }
    }

    fn shape(entries: &[TocEntry]) -> String {
        entries
            .iter()
            .map(|e| {
                if e.children.is_empty() {
                    e.id.clone()
                } else {
                    format!("{}({})", e.id, shape(&e.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn nests_by_level() {
        let toc = nest(&[
            h(2, "a"),
            h(3, "b"),
            h(4, "c"),
            h(3, "d"),
            h(2, "e"),
            h(4, "f"),
            h(1, "g"),
        ]);
        assert_eq!(shape(&toc), "a(b(c) d) e(f) g");
    }

    #[test]
    fn starts_deep_then_goes_up() {
        let toc = nest(&[h(3, "a"), h(2, "b"), h(3, "c")]);
        assert_eq!(shape(&toc), "a b(c)");
    }
}
