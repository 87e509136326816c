//! The one parse: comrak builds the tree, one walk reads everything the
//! [`Document`] needs and notes the edits, the edits are applied, and comrak
//! writes the HTML. The arena is dropped before `render` returns.

use std::cell::Cell;
use std::ops::Range;

use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use comrak::{Arena, parse_document};

use crate::highlight::{self, escape_into};
use crate::rawhtml;
use crate::refdefs;
use crate::slug::Slugger;
use crate::{Document, Heading, LinkRef, LinkSource, Options, Position, ReferenceKind, RemovedUrl};

/// Characters of plain text in a summary when there is no `<!-- more -->`.
const SUMMARY_CHARS: usize = 200;
/// Reading speed for [`Document::reading_minutes`].
const WORDS_PER_MINUTE: usize = 200;
/// Stands where `<!-- more -->` was until the HTML is split. Escaped text
/// cannot produce `<!--`, and the private-use characters keep an author's own
/// raw HTML comments from matching it by accident.
const MORE_SENTINEL: &str = "<!--\u{E000}quire-more\u{E000}-->";

/// Renders Markdown to a [`Document`]: HTML plus everything read from the
/// same tree (headings, links, summary, text, counts).
///
/// ```
/// use quire_markdown::{Options, render};
///
/// let doc = render("# Hi\n\nSee [docs](/docs/).\n", &Options::default());
/// assert_eq!(doc.html, "<h1 id=\"hi\">Hi</h1>\n<p>See <a href=\"/docs/\">docs</a>.</p>\n");
/// assert_eq!(doc.links[0].url, "/docs/");
/// assert_eq!((doc.links[0].line, doc.links[0].column), (3, 5));
/// ```
pub fn render(markdown: &str, options: &Options) -> Document {
    let arena = Arena::new();
    let comrak_options = comrak_options(options);
    let root = parse_document(&arena, markdown, &comrak_options);
    let source = Source::new(markdown);
    // A duplicate needs two definitions, each with its `]:`; most posts
    // have none, so they skip the line bookkeeping and the scan.
    let find_duplicates = options.collect_links && refdefs::may_have_duplicates(markdown);
    let mut doc = Document::default();
    // Plain text is most of the Markdown: one allocation instead of a
    // dozen doublings.
    doc.text.reserve(markdown.len());

    let mut walk = Walk {
        options,
        source: &source,
        doc,
        slugger: Slugger::default(),
        covered: if find_duplicates {
            vec![false; source.line_count()]
        } else {
            Vec::new()
        },
        edits: Vec::new(),
        more_found: false,
        lead: String::new(),
        scratch: String::new(),
    };
    for node in root.descendants() {
        walk.visit(node);
    }
    let Walk {
        mut doc,
        covered,
        edits,
        more_found,
        lead,
        ..
    } = walk;

    for (node, edit) in edits {
        apply(&arena, node, edit);
    }
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    // The edits put raw HTML nodes where comrak's validation (run by
    // `format_html` in debug builds) expects block or inline nodes; the
    // formatter itself renders them as intended. Writing into a String
    // cannot fail.
    let plugins = comrak::options::Plugins::default();
    let _ = comrak::format_html_with_plugins(root, &comrak_options, &mut html, &plugins);

    if find_duplicates {
        doc.duplicate_definitions = refdefs::duplicates(markdown, &covered);
    }
    doc.word_count = count_words(&doc.text);
    doc.reading_minutes = doc.word_count.div_ceil(WORDS_PER_MINUTE).max(1);
    let more_at = if more_found {
        html.find(MORE_SENTINEL)
    } else {
        None
    };
    match more_at {
        Some(at) => {
            doc.summary = html[..at].trim_end().to_string();
            let end = at + MORE_SENTINEL.len();
            let end = if html[end..].starts_with('\n') {
                end + 1
            } else {
                end
            };
            html.replace_range(at..end, "");
        }
        None if lead.is_empty() => doc.summary = text_summary(&doc.text),
        None => doc.summary = text_summary(&lead),
    }
    doc.html = html;
    doc
}

fn comrak_options(options: &Options) -> comrak::Options<'static> {
    let mut o = comrak::Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.parse.smart = options.smart_punctuation;
    o.render.r#unsafe = options.raw_html;
    o.render.escape = !options.raw_html;
    o
}

/// The Markdown text, to turn comrak's line and byte positions into byte
/// offsets and character columns and to look at what was written.
///
/// Lines are found from a cursor that moves forward with the walk, which
/// visits nodes in source order: it skips whole blocks of text by counting
/// their newlines, then finds the line within the last block. A post
/// without links or raw HTML never scans its text, and none is scanned
/// past its last link.
struct Source<'s> {
    text: &'s str,
    /// A 1-based line and the byte offset where it starts.
    cursor: Cell<(usize, usize)>,
}

/// Bytes whose newlines are counted at once when the cursor moves.
const SKIP_BLOCK: usize = 256;

impl<'s> Source<'s> {
    fn new(text: &'s str) -> Self {
        Source {
            text,
            cursor: Cell::new((1, 0)),
        }
    }

    /// Number of lines (newlines plus one).
    fn line_count(&self) -> usize {
        memchr::memchr_iter(b'\n', self.text.as_bytes()).count() + 1
    }

    /// Byte offset where 1-based line `line` starts, `None` past the end.
    fn line_start(&self, line: usize) -> Option<usize> {
        let (mut current, mut at) = self.cursor.get();
        if line == 0 {
            return None;
        }
        if line < current {
            (current, at) = (1, 0);
        }
        let bytes = self.text.as_bytes();
        let mut newlines = line - current;
        while newlines > 0 {
            if at >= bytes.len() {
                return None;
            }
            let block = &bytes[at..(at + SKIP_BLOCK).min(bytes.len())];
            let count = memchr::memchr_iter(b'\n', block).count();
            if count < newlines {
                newlines -= count;
                at += block.len();
                continue;
            }
            // The line starts in this block, after its `newlines`-th newline.
            let mut seen = 0;
            for (i, &b) in block.iter().enumerate() {
                if b == b'\n' {
                    seen += 1;
                    if seen == newlines {
                        at += i + 1;
                        break;
                    }
                }
            }
            newlines = 0;
        }
        self.cursor.set((line, at));
        Some(at)
    }

    /// Line `line` (1-based) without its line ending.
    fn line(&self, line: usize) -> &'s str {
        let Some(start) = self.line_start(line) else {
            return "";
        };
        let rest = &self.text[start..];
        let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        rest[..end].trim_end_matches('\r')
    }

    /// Byte offset of a 1-based (line, byte column), clamped to the text.
    fn offset(&self, line: usize, column: usize) -> usize {
        self.line_start(line).map_or(self.text.len(), |s| {
            (s + column.saturating_sub(1)).min(self.text.len())
        })
    }

    /// The text a node covers (inclusive end), empty when positions are off.
    fn slice(&self, pos: Sourcepos) -> &'s str {
        let start = self.offset(pos.start.line, pos.start.column);
        let end = self.offset(pos.end.line, pos.end.column + 1);
        self.text.get(start..end.max(start)).unwrap_or("")
    }

    /// Character position of a 1-based (line, byte column).
    fn position(&self, line: usize, byte_column: usize) -> Position {
        let text = self.line(line);
        let mut cut = byte_column.saturating_sub(1).min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        Position {
            line: to_u32(line),
            column: to_u32(text[..cut].chars().count() + 1),
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A change to the tree, made after the walk so the walk sees it unchanged.
enum Edit {
    /// Heading rendered with its id.
    Heading { level: u8, id: String },
    /// Code block replaced by its highlighted HTML.
    Code(String),
    /// Link with an unsafe URL: keep the text, drop the `href`.
    UnlinkUnsafe,
    /// Image with an unsafe URL: keep the alt text, drop the `src`.
    UnimageUnsafe { alt: String },
    /// Raw HTML with `javascript:` URLs neutralized.
    Html(String),
    /// The `<!-- more -->` marker.
    More,
}

struct Walk<'o, 's, 'a> {
    options: &'o Options,
    source: &'o Source<'s>,
    doc: Document,
    slugger: Slugger,
    /// Lines belonging to leaf blocks, where no reference definition can be.
    covered: Vec<bool>,
    edits: Vec<(&'a AstNode<'a>, Edit)>,
    more_found: bool,
    /// Text of the first paragraphs (outside footnotes), for the summary.
    lead: String,
    /// Where [`Walk::node_text`] collects, reused from node to node.
    scratch: String,
}

impl<'a> Walk<'_, '_, 'a> {
    fn visit(&mut self, node: &'a AstNode<'a>) {
        let data = node.data();
        let pos = data.sourcepos;
        match &data.value {
            NodeValue::Paragraph => {
                self.cover(pos);
                let text = self.append_text(node);
                if self.lead.len() < 4 * SUMMARY_CHARS && !in_footnote(node) {
                    self.lead.push_str(&self.doc.text[text]);
                    self.lead.push('\n');
                }
            }
            NodeValue::TableCell => {
                self.cover(pos);
                self.append_text(node);
            }
            NodeValue::Table(_) | NodeValue::ThematicBreak => self.cover(pos),
            NodeValue::Heading(heading) => {
                self.cover(pos);
                let text = self.node_text(node);
                let id = self.slugger.slug(&text);
                self.push_text(&text);
                self.edits.push((
                    node,
                    Edit::Heading {
                        level: heading.level,
                        id: id.clone(),
                    },
                ));
                self.doc.headings.push(Heading {
                    level: heading.level,
                    id,
                    text,
                });
            }
            NodeValue::CodeBlock(code) => {
                self.cover(pos);
                let lang = code.info.split_whitespace().next().unwrap_or("");
                if self.options.highlight_code && highlight::supports(lang) {
                    let mut html = String::with_capacity(code.literal.len() * 3);
                    html.push_str("<pre><code class=\"language-");
                    escape_into(&mut html, lang);
                    html.push_str("\">");
                    if highlight::highlight(lang, &code.literal, &mut html) {
                        html.push_str("</code></pre>\n");
                        self.edits.push((node, Edit::Code(html)));
                    }
                }
            }
            NodeValue::HtmlBlock(block) => {
                self.cover(pos);
                if is_more_marker(&block.literal) && !self.more_found && is_top_level(node) {
                    self.more_found = true;
                    self.edits.push((node, Edit::More));
                } else {
                    self.raw_html(node, &block.literal, pos, true);
                }
            }
            NodeValue::HtmlInline(literal) => self.raw_html(node, literal, pos, false),
            NodeValue::Link(link) => self.link(node, &link.url, pos, false),
            NodeValue::Image(link) => self.link(node, &link.url, pos, true),
            NodeValue::FootnoteDefinition(def) => {
                self.doc.footnote_ids.push(format!("fn-{}", def.name));
            }
            NodeValue::FootnoteReference(reference) => {
                let id = if reference.ref_num > 1 {
                    format!("fnref-{}-{}", reference.name, reference.ref_num)
                } else {
                    format!("fnref-{}", reference.name)
                };
                self.doc.footnote_ids.push(id);
            }
            _ => {}
        }
    }

    fn cover(&mut self, pos: Sourcepos) {
        if self.covered.is_empty() {
            return;
        }
        let end = pos.end.line.min(self.covered.len());
        for line in pos.start.line.max(1)..=end {
            self.covered[line - 1] = true;
        }
    }

    /// Appends the plain text of `node` to the document's text, as
    /// [`Walk::push_text`] would, without an intermediate string; returns
    /// where it landed (empty when it was only whitespace and left out).
    fn append_text(&mut self, node: &'a AstNode<'a>) -> Range<usize> {
        let text = &mut self.doc.text;
        let before = text.len();
        if before > 0 {
            text.push('\n');
        }
        let start = text.len();
        node.collect_text_append(text);
        if text[start..].trim().is_empty() {
            text.truncate(before);
            return before..before;
        }
        start..text.len()
    }

    /// The plain text of `node` (`collect_text`), gathered in a reused
    /// buffer and copied out once at its size instead of regrown.
    fn node_text(&mut self, node: &'a AstNode<'a>) -> String {
        self.scratch.clear();
        node.collect_text_append(&mut self.scratch);
        self.scratch.as_str().to_owned()
    }

    fn push_text(&mut self, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        if !self.doc.text.is_empty() {
            self.doc.text.push('\n');
        }
        self.doc.text.push_str(text);
    }

    fn link(&mut self, node: &'a AstNode<'a>, url: &str, pos: Sourcepos, image: bool) {
        let unsafe_url = is_unsafe_url(url);
        if !unsafe_url && !self.options.collect_links {
            return;
        }
        let written = self.source.slice(pos);
        let in_footnote = in_footnote(node);
        let bracketed = written.strip_prefix('!').unwrap_or(written);
        let (source, reference) = if !bracketed.starts_with('[') {
            (LinkSource::Autolink, None)
        } else if bracketed.ends_with(')') {
            (LinkSource::Inline, None)
        } else {
            (LinkSource::Reference, Some(reference_kind(bracketed)))
        };
        let source = match source {
            _ if image => LinkSource::Image,
            _ if in_footnote => LinkSource::Footnote,
            other => other,
        };
        let at = self.source.position(pos.start.line, pos.start.column);
        let text = self.node_text(node);
        if unsafe_url {
            self.doc.removed_urls.push(RemovedUrl {
                url: url.to_string(),
                source,
                line: at.line,
                column: at.column,
            });
            let edit = if image {
                Edit::UnimageUnsafe { alt: text.clone() }
            } else {
                Edit::UnlinkUnsafe
            };
            self.edits.push((node, edit));
        }
        if !self.options.collect_links {
            return;
        }
        self.doc.links.push(LinkRef {
            url: url.to_string(),
            text,
            source,
            line: at.line,
            column: at.column,
            reference,
        });
    }

    /// Links in raw HTML, at the position of each attribute value; refused
    /// HTML is only recorded.
    fn raw_html(&mut self, node: &'a AstNode<'a>, literal: &str, pos: Sourcepos, block: bool) {
        if !self.options.raw_html {
            let at = self.source.position(pos.start.line, pos.start.column);
            self.doc.escaped_html.push(at);
            return;
        }
        let found = rawhtml::scan(literal);
        if found.is_empty() {
            return;
        }
        let mut rewritten: Option<String> = None;
        let mut last_end = 0;
        for url in found {
            let before = &literal[..url.offset];
            let line_index = before.matches('\n').count();
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let source_line_no = pos.start.line + line_index;
            // Container prefixes (`> `, list indentation) are stripped from the
            // literal, so each literal line is the tail of its source line.
            let first_column = if line_index == 0 && !block {
                pos.start.column
            } else {
                1
            };
            let literal_line = literal[line_start..].split('\n').next().unwrap_or("");
            let source_line = self.source.line(source_line_no);
            let prefix = if line_index == 0 && !block {
                first_column - 1
            } else if source_line.ends_with(literal_line.trim_end_matches('\r')) {
                source_line.len() - literal_line.trim_end_matches('\r').len()
            } else {
                0
            };
            let at = self
                .source
                .position(source_line_no, prefix + url.offset - line_start + 1);
            let neutralize = is_script_url(&url.url);
            if neutralize {
                self.doc.removed_urls.push(RemovedUrl {
                    url: url.url.clone(),
                    source: LinkSource::Html,
                    line: at.line,
                    column: at.column,
                });
                if url.value.start >= last_end {
                    let out = rewritten.get_or_insert_with(String::new);
                    out.push_str(&literal[last_end..url.value.start]);
                    out.push('#');
                    last_end = url.value.end;
                }
            }
            if !self.options.collect_links {
                continue;
            }
            self.doc.links.push(LinkRef {
                url: url.url,
                text: String::new(),
                source: LinkSource::Html,
                line: at.line,
                column: at.column,
                reference: None,
            });
        }
        if let Some(mut out) = rewritten {
            out.push_str(&literal[last_end..]);
            self.edits.push((node, Edit::Html(out)));
        }
    }
}

/// Full, collapsed or shortcut, from the text of a reference link or image
/// (without the `!`): `[text][label]`, `[label][]` or `[label]`.
fn reference_kind(written: &str) -> ReferenceKind {
    if written.ends_with("[]") {
        return ReferenceKind::Collapsed;
    }
    // Find the `[` matching the final `]`; backslash-escaped brackets do not count.
    let bytes = written.as_bytes();
    let mut depth = 0usize;
    for i in (0..bytes.len()).rev() {
        let escaped = i > 0 && bytes[i - 1] == b'\\';
        match bytes[i] {
            b']' if !escaped => depth += 1,
            b'[' if !escaped => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return if i == 0 {
                        ReferenceKind::Shortcut
                    } else {
                        ReferenceKind::Full
                    };
                }
            }
            _ => {}
        }
    }
    ReferenceKind::Shortcut
}

fn in_footnote<'a>(node: &'a AstNode<'a>) -> bool {
    node.ancestors()
        .any(|n| matches!(n.data().value, NodeValue::FootnoteDefinition(_)))
}

fn is_top_level(node: &AstNode<'_>) -> bool {
    node.parent()
        .is_some_and(|p| matches!(p.data().value, NodeValue::Document))
}

/// `<!-- more -->`, `<!--more-->`, any case, alone in its HTML block.
fn is_more_marker(literal: &str) -> bool {
    literal
        .trim()
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim().eq_ignore_ascii_case("more"))
}

/// The scheme of a URL as a browser reads it (leading spaces and control
/// characters skipped, tabs and newlines inside ignored), when it is one of
/// `names` (lowercase, letters only) in any case: that name, and the rest
/// of the URL after the colon. Compared in place: links are many, and
/// nearly all of them have another scheme or none.
fn scheme<'u>(url: &'u str, names: &[&'static str]) -> Option<(&'static str, &'u str)> {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let colon = url.find(':')?;
    let written = url[..colon]
        .bytes()
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'));
    let name = names.iter().find(|name| {
        let mut written = written.clone();
        name.bytes()
            .all(|n| written.next().is_some_and(|b| b.to_ascii_lowercase() == n))
            && written.next().is_none()
    })?;
    Some((name, &url[colon + 1..]))
}

/// Markdown link and image URLs that Quire refuses to put in `href`/`src`.
fn is_unsafe_url(url: &str) -> bool {
    match scheme(url, &["javascript", "vbscript", "file", "data"]) {
        Some(("data", rest)) => {
            let rest = rest.trim_start().to_ascii_lowercase();
            !["image/png", "image/gif", "image/jpeg", "image/webp"]
                .iter()
                .any(|mime| rest.starts_with(mime))
        }
        Some(_) => true,
        None => false,
    }
}

/// `javascript:` and `vbscript:` URLs, neutralized in raw HTML.
fn is_script_url(url: &str) -> bool {
    scheme(url, &["javascript", "vbscript"]).is_some()
}

fn raw<'a>(arena: &'a Arena<'a>, html: String) -> &'a AstNode<'a> {
    arena.alloc(AstNode::from(NodeValue::Raw(html)))
}

fn apply<'a>(arena: &'a Arena<'a>, node: &'a AstNode<'a>, edit: Edit) {
    match edit {
        Edit::Heading { level, id } => {
            let mut open = format!("<h{level} id=\"");
            escape_into(&mut open, &id);
            open.push_str("\">");
            node.data_mut().value = NodeValue::Raw(open);
            node.insert_after(raw(arena, format!("</h{level}>\n")));
        }
        Edit::Code(html) => node.data_mut().value = NodeValue::Raw(html),
        Edit::UnlinkUnsafe => {
            node.data_mut().value = NodeValue::Raw("<a>".to_string());
            node.insert_after(raw(arena, "</a>".to_string()));
        }
        Edit::UnimageUnsafe { alt } => {
            let mut html = String::from("<img alt=\"");
            escape_into(&mut html, &alt);
            html.push_str("\" />");
            for child in node.children().collect::<Vec<_>>() {
                child.detach();
            }
            node.data_mut().value = NodeValue::Raw(html);
        }
        Edit::Html(literal) => match &mut node.data_mut().value {
            NodeValue::HtmlBlock(block) => block.literal = literal,
            NodeValue::HtmlInline(inline) => *inline = literal,
            _ => {}
        },
        Edit::More => node.data_mut().value = NodeValue::Raw(MORE_SENTINEL.to_string()),
    }
}

/// Words in `text` the way `split_whitespace().count()` counts them, a
/// byte at a time for ASCII instead of decoding every character.
fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        return count_ascii_words(text.as_bytes());
    }
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (space, len) = if b < 0x80 {
            // char::is_whitespace for ASCII: space and \t \n \x0B \x0C \r.
            (matches!(b, b' ' | b'\t'..=b'\r'), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
        i += len;
    }
    words
}

/// Words of ASCII text: a word starts at every non-space byte that
/// follows a space (or the start). Each pair of neighbouring bytes is
/// looked at on its own, with no state carried from one to the next, so
/// the loop vectorizes; the counts of a chunk fit a `u8` lane.
fn count_ascii_words(bytes: &[u8]) -> usize {
    fn space(b: u8) -> bool {
        b == b' ' || b.wrapping_sub(b'\t') < 5
    }
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut words = usize::from(!space(first));
    for (before, after) in bytes.chunks(255).zip(bytes[1..].chunks(255)) {
        let starts: u8 = before
            .iter()
            .zip(after)
            .map(|(&a, &b)| u8::from(space(a) & !space(b)))
            .sum();
        words += usize::from(starts);
    }
    words
}

/// First ~200 characters of the plain text, cut after a whole word, escaped.
/// Headings are left out when the document has paragraphs.
fn text_summary(text: &str) -> String {
    let mut plain = String::with_capacity(SUMMARY_CHARS + 8);
    let mut chars = 0;
    let mut cut = false;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if chars > 0 && chars + 1 + len > SUMMARY_CHARS {
            cut = true;
            break;
        }
        if chars > 0 {
            plain.push(' ');
            chars += 1;
        }
        plain.push_str(word);
        chars += len;
    }
    if cut {
        let trimmed = plain
            .trim_end_matches(|c: char| c.is_ascii_punctuation())
            .len();
        plain.truncate(trimmed);
        plain.push('…');
    }
    let mut escaped = String::with_capacity(plain.len());
    escape_into(&mut escaped, &plain);
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_url_table() {
        let unsafe_urls = [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \tjava\nscript:x",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/svg+xml,<svg/>",
            "JaVaScRiPt:x",
        ];
        for url in unsafe_urls {
            assert!(is_unsafe_url(url), "{url}");
        }
        let safe_urls = [
            "https://example.org/javascript:x",
            "/path/javascript:x",
            "data:image/png;base64,iVBOR",
            "DATA:image/webp;base64,x",
            "mailto:a@b.c",
            "#javascript:",
            "",
            "javascripts:x",
            "java:x",
            "Data:IMAGE/PNG,x",
            "jävascript:x",
        ];
        for url in safe_urls {
            assert!(!is_unsafe_url(url), "{url}");
        }
        assert!(is_script_url(" VBScript:x") && is_script_url("java\tscript:x"));
        assert!(!is_script_url("file:x") && !is_script_url("data:x"));
    }

    #[test]
    fn word_count_agrees_with_split_whitespace() {
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tand\nnew\x0bline\x0cand\rreturn",
            "no\u{a0}break\u{2003}em space\u{3000}ideographic",
            "café über naïve 日本語 テキスト",
            "a\u{85}b\u{2028}c",
            &"word ".repeat(40),
            &"x".repeat(64),
            &format!("{} {}", "y".repeat(63), "z".repeat(70)),
            &format!("{}\t{}", "y".repeat(64), "z".repeat(63)),
            &"a ".repeat(300),
            &" b".repeat(300),
            &format!("{}c d", " ".repeat(254)),
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn lines_are_found_in_any_order() {
        let long = "x".repeat(700);
        let text = format!("a\r\n\n{long}\nb\n{}\nlast", "\n".repeat(600));
        let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let source = Source::new(&text);
        assert_eq!(source.line_count(), lines.len());
        // Forward, backward, repeated, and past the end.
        let order: [usize; 15] = [1, 2, 3, 4, 4, 2, 5, 300, 604, 605, 1, 606, 605, 0, 3];
        for line in order {
            let want = line
                .checked_sub(1)
                .and_then(|i| lines.get(i))
                .copied()
                .unwrap_or("");
            assert_eq!(source.line(line), want, "line {line}");
            let start = line.checked_sub(1).and_then(|i| starts.get(i)).copied();
            assert_eq!(source.line_start(line), start, "line {line}");
            assert_eq!(
                source.offset(line, 2),
                start.map_or(text.len(), |s| (s + 1).min(text.len()))
            );
        }
    }

    #[test]
    fn reference_kinds() {
        assert_eq!(reference_kind("[a][b]"), ReferenceKind::Full);
        assert_eq!(reference_kind("[a][]"), ReferenceKind::Collapsed);
        assert_eq!(reference_kind("[a]"), ReferenceKind::Shortcut);
        assert_eq!(reference_kind("[a [b] c]"), ReferenceKind::Shortcut);
        assert_eq!(reference_kind("[a \\] c][d]"), ReferenceKind::Full);
    }

    #[test]
    fn summary_cuts_at_a_word() {
        let text = "word ".repeat(100);
        let summary = text_summary(&text);
        assert!(summary.ends_with("word…"), "{summary}");
        assert!(summary.chars().count() <= SUMMARY_CHARS + 1);
        assert_eq!(text_summary("a <b> & c"), "a &lt;b&gt; &amp; c");
    }

    #[test]
    fn more_marker_forms() {
        assert!(is_more_marker("<!-- more -->\n"));
        assert!(is_more_marker("<!--MORE-->"));
        assert!(!is_more_marker("<!-- more of this -->"));
    }
}
