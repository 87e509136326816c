//! `search-index.json`: what the theme's search script loads.

use std::path::Path;

use serde::Serialize;

/// One entry of the search index.
#[derive(Serialize)]
pub(crate) struct SearchEntry<'a> {
    pub title: &'a str,
    /// Root-relative URL (the route).
    pub url: &'a str,
    /// RFC 3339 date.
    pub date: String,
    pub categories: Vec<&'a str>,
    /// Summary as plain text.
    pub summary: &'a str,
    /// Distinct lowercase words of the text, in order of first use.
    pub words: &'a str,
}

/// Distinct lowercase words of `text` in order of first appearance: enough
/// for whole-word and prefix search, smaller than the full text. A word is
/// a run of alphanumeric characters (Unicode's definition).
///
/// This runs over the whole text of every post, so it is built for speed:
/// ASCII is scanned eight bytes at a time and only other bytes are decoded;
/// an ASCII word of up to eight bytes is lowercased and looked up as one
/// `u64`; longer words are hashed once and compared with the words already
/// written to the result. A word seen before is neither copied nor
/// allocated.
pub(crate) fn words(text: &str) -> String {
    let bytes = text.as_bytes();
    // Bytes rather than a `String`, so that a short word and the space
    // before it go in as one eight-byte store; only whole characters are
    // ever written, so it is UTF-8 at the end.
    let mut out: Vec<u8> = Vec::with_capacity(text.len() / 4);
    let mut seen = Seen::with_capacity(text.len() / 16);
    let mut at = 0;
    loop {
        if let Some(x) = chunk(bytes, at) {
            match short_word(x) {
                Short::Word { skip, len, lower } => {
                    at += skip;
                    let sep = usize::from(!out.is_empty());
                    let start = out.len() + sep;
                    if seen.add_short(lower, len, start) {
                        // At most seven bytes after the space: one store,
                        // then cut to length.
                        let with_space = if sep == 1 { (lower << 8) | 0x20 } else { lower };
                        out.extend_from_slice(&with_space.to_le_bytes());
                        out.truncate(start + len);
                    }
                    continue;
                }
                Short::Blank => {
                    at += 8;
                    continue;
                }
                // Read again from the word's start, where up to seven bytes
                // of it fit in one load.
                Short::Long { skip } if skip > 0 => {
                    at += skip;
                    continue;
                }
                // A word of eight to fifteen ASCII bytes from here: its
                // lowercase bytes come from this load and the next.
                Short::Long { .. } => {
                    let next = chunk(bytes, at + 8);
                    if let Some((y, len)) = next.and_then(|y| Some((y, word_tail(y)?))) {
                        let lower = |x: u64| x | (ascii_bytes(x).1 >> 2);
                        let (head, tail) = (lower(x), lower(y));
                        at += len;
                        let sep = usize::from(!out.is_empty());
                        let start = out.len() + sep;
                        if len == 8 {
                            if seen.add_short(head, len, start) {
                                push_word(&mut out, &head.to_le_bytes());
                            }
                        } else {
                            let mark = out.len();
                            push_word(&mut out, &head.to_le_bytes());
                            out.extend_from_slice(&tail.to_le_bytes());
                            out.truncate(start + len);
                            if !seen.add(&out, &out[start..], start) {
                                out.truncate(mark);
                            }
                        }
                        continue;
                    }
                }
                Short::Other => {}
            }
        }
        let Some((start, end, wide)) = next_word(text, at) else {
            break;
        };
        at = end;
        let word = &text[start..end];
        let sep = usize::from(!out.is_empty());
        if !wide && word.len() <= 8 {
            let packed = pack(bytes, start, end);
            let lower = packed | (ascii_upper_bytes(packed) >> 2);
            if seen.add_short(lower, word.len(), out.len() + sep) {
                push_word(&mut out, &lower.to_le_bytes()[..word.len()]);
            }
        } else if !wide {
            // Written lowercase at the end of `out`, and taken back when it
            // was seen before: no scratch buffer.
            let mark = out.len();
            push_word(&mut out, b"");
            let from = out.len();
            out.extend(word.bytes().map(|b| b.to_ascii_lowercase()));
            if !seen.add(&out, &out[from..], from) {
                out.truncate(mark);
            }
        } else {
            // Some characters lowercase to ASCII (the Kelvin sign to `k`):
            // such a word is keyed as if it had been written in ASCII.
            let lower = word.to_lowercase();
            let new = if lower.is_ascii() && lower.len() <= 8 {
                let packed = pack(lower.as_bytes(), 0, lower.len());
                seen.add_short(packed, lower.len(), out.len() + sep)
            } else {
                seen.add(&out, lower.as_bytes(), out.len() + sep)
            };
            if new {
                push_word(&mut out, lower.as_bytes());
            }
        }
    }
    String::from_utf8(out).expect("only whole characters are written")
}

/// What the eight bytes at the reading position hold, for the common case
/// of [`words`].
enum Short {
    /// An ASCII word that ends inside them, before an ASCII byte that is not
    /// part of a word: its key for [`Seen::add_short`] (lowercase, packed),
    /// its length, and how many bytes to move on to stand just after it.
    Word { skip: usize, len: usize, lower: u64 },
    /// No word byte and no byte beyond ASCII.
    Blank,
    /// An ASCII word that goes on past them, starting `skip` bytes in.
    Long { skip: usize },
    /// Anything else: [`next_word`] reads it.
    Other,
}

/// Classifies the eight bytes `x` once and finds a short word in them: most
/// words of a post are, so they cost one load and no second scan.
fn short_word(x: u64) -> Short {
    let (word, letters) = ascii_bytes(x);
    let stop = word | (x & HIGH);
    if stop == 0 {
        return Short::Blank;
    }
    let first = stop.trailing_zeros();
    if word & (1 << first) == 0 {
        return Short::Other;
    }
    // The byte after the word: the first one from the word's start on that
    // is not an ASCII word byte. It must be ASCII, or the word may go on.
    let after = !word & HIGH & (u64::MAX << first);
    if after == 0 {
        return Short::Long {
            skip: (first / 8) as usize,
        };
    }
    if x & after & after.wrapping_neg() != 0 {
        return Short::Other;
    }
    let end = after.trailing_zeros();
    let start = first - 7;
    let len = (end - first) / 8;
    // A letter's high bit shifted down to 0x20 lowercases it.
    let lower = ((x | (letters >> 2)) >> start) & ((1u64 << (len * 8)) - 1);
    Short::Word {
        skip: (end / 8) as usize,
        len: len as usize,
        lower,
    }
}

/// For eight bytes, the high bit of each ASCII letter or digit, and of
/// each ASCII letter.
fn ascii_bytes(x: u64) -> (u64, u64) {
    let low = x & !HIGH;
    let ascii = !x & HIGH;
    let letters = ascii_in_range(low | 0x2020_2020_2020_2020, b'a', b'z') & ascii;
    let word = (ascii_in_range(low, b'0', b'9') & ascii) | letters;
    (word, letters)
}

/// The length of a word that fills the eight bytes before `y` and ends in
/// `y`, before an ASCII byte: eight plus the ASCII word bytes `y` starts
/// with. `None` when the word goes on past `y` or into a wider character.
fn word_tail(y: u64) -> Option<usize> {
    let after = !ascii_bytes(y).0 & HIGH;
    if after == 0 || y & after & after.wrapping_neg() != 0 {
        return None;
    }
    Some(8 + (after.trailing_zeros() / 8) as usize)
}

/// Appends `word` to a space-separated list.
fn push_word(out: &mut Vec<u8>, word: &[u8]) {
    if !out.is_empty() {
        out.push(b' ');
    }
    out.extend_from_slice(word);
}

/// Bytes `start..end` (at most eight) as a little-endian `u64`, zero above.
fn pack(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    match chunk(bytes, start) {
        Some(x) if len == 8 => x,
        Some(x) => x & ((1u64 << (8 * len)) - 1),
        None => bytes[start..end]
            .iter()
            .rev()
            .fold(0, |x, &b| (x << 8) | u64::from(b)),
    }
}

/// Bytes that are ASCII letters or digits.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 128 {
        table[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    table
};

/// Whether the non-ASCII character at byte `at` of `text` is alphanumeric,
/// and its length in bytes.
fn wide_char(text: &str, at: usize) -> (bool, usize) {
    let c = text[at..].chars().next().unwrap_or(' ');
    (c.is_alphanumeric(), c.len_utf8())
}

/// The high bit of each byte of a `u64`.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Eight bytes of `bytes` from `at`, when there are eight.
fn chunk(bytes: &[u8], at: usize) -> Option<u64> {
    let eight = bytes.get(at..at + 8)?;
    Some(u64::from_le_bytes(eight.try_into().ok()?))
}

/// For eight ASCII bytes, the high bit of each byte within `lo..=hi`.
/// Adding `0x80 - c` to a byte below `0x80` sets its high bit exactly when
/// the byte is at least `c`, and never carries into the next byte.
fn ascii_in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let at_least = |c: u8| x.wrapping_add(0x0101_0101_0101_0101 * (0x80 - u64::from(c))) & HIGH;
    at_least(lo) & !at_least(hi + 1)
}

/// For eight ASCII bytes, the high bit of each letter or digit.
fn ascii_word_bytes(x: u64) -> u64 {
    let folded = x | 0x2020_2020_2020_2020;
    ascii_in_range(x, b'0', b'9') | ascii_in_range(folded, b'a', b'z')
}

/// For eight ASCII bytes, the high bit of each uppercase letter: shifted
/// right by two it is the bit that lowercases the letter.
fn ascii_upper_bytes(x: u64) -> u64 {
    ascii_in_range(x, b'A', b'Z')
}

/// The next word of `text` at or after byte `at`: its byte range, and
/// whether it has characters beyond ASCII. Eight ASCII bytes are looked
/// at together where they can be; other bytes one character at a time.
fn next_word(text: &str, mut at: usize) -> Option<(usize, usize, bool)> {
    let bytes = text.as_bytes();
    let start = loop {
        if let Some(x) = chunk(bytes, at) {
            // Stop at the first word byte or non-ASCII byte.
            let stop = (ascii_word_bytes(x & !HIGH) & !x) | (x & HIGH);
            if stop == 0 {
                at += 8;
                continue;
            }
            at += (stop.trailing_zeros() / 8) as usize;
        }
        let b = *bytes.get(at)?;
        if ASCII_WORD[usize::from(b)] {
            break at;
        }
        if b.is_ascii() {
            at += 1;
        } else {
            match wide_char(text, at) {
                (true, _) => break at,
                (false, n) => at += n,
            }
        }
    };
    let mut wide = false;
    loop {
        if let Some(x) = chunk(bytes, at) {
            // Stop at the first byte that is not an ASCII word byte.
            let stop = !(ascii_word_bytes(x & !HIGH) & !x) & HIGH;
            if stop == 0 {
                at += 8;
                continue;
            }
            at += (stop.trailing_zeros() / 8) as usize;
        } else {
            at += bytes[at..]
                .iter()
                .position(|&b| !ASCII_WORD[usize::from(b)])
                .unwrap_or(bytes.len() - at);
        }
        match bytes.get(at) {
            Some(b) if !b.is_ascii() => match wide_char(text, at) {
                (true, n) => {
                    wide = true;
                    at += n;
                }
                (false, _) => break,
            },
            _ => break,
        }
    }
    Some((start, at, wide))
}

/// The words already written to a [`words`] result, as an open-addressing
/// hash table (linear probing). A short ASCII word is its own key (its
/// bytes packed in a `u64`); a longer one is keyed by its hash and compared
/// with its earlier copy in the result when the keys agree.
struct Seen {
    slots: Vec<Slot>,
    len: usize,
    hasher: foldhash::fast::FixedState,
}

/// One word of the table.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    /// The word's length, with [`HASHED`] set when `key` is a hash; zero
    /// marks an empty slot (words are never empty).
    tag: u32,
}

/// Marks a slot keyed by a hash, so that a packed key never matches it.
const HASHED: u32 = 1 << 31;

impl Seen {
    fn with_capacity(words: usize) -> Seen {
        Seen {
            slots: vec![Slot::default(); (words * 2).next_power_of_two().max(64)],
            len: 0,
            hasher: foldhash::fast::FixedState::default(),
        }
    }

    /// The first slot to probe for `key`.
    fn home(&self, key: u64) -> usize {
        // Multiplicative hashing: the high bits of the product are mixed
        // from all bits of the key.
        let bits = self.slots.len().trailing_zeros();
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// Whether the ASCII word of `len` (at most eight) bytes packed in
    /// `key` is new; a new word is recorded as written at byte `start` of
    /// the result.
    fn add_short(&mut self, key: u64, len: usize, start: usize) -> bool {
        self.add_with(key, len, 0, start, |_| true)
    }

    /// Whether `word` is new; a new word is recorded as written at byte
    /// `start` of `out` (where the caller has put or will put it).
    fn add(&mut self, out: &[u8], word: &[u8], start: usize) -> bool {
        use std::hash::{BuildHasher as _, Hasher as _};
        let mut hasher = self.hasher.build_hasher();
        hasher.write(word);
        let key = hasher.finish();
        self.add_with(key, word.len(), HASHED, start, |slot| {
            // A plain loop: words are short, and equal when the keys are,
            // so a call to `memcmp` would cost more.
            let at = slot.start as usize;
            let written = &out[at..at + word.len()];
            written.iter().zip(word).all(|(a, b)| a == b)
        })
    }

    /// Looks up `key` among words of `len` bytes keyed the same way
    /// (`hashed` is 0 or [`HASHED`]), `same` telling whether a slot with
    /// that key and tag holds the word; records it when new.
    fn add_with(
        &mut self,
        key: u64,
        len: usize,
        hashed: u32,
        start: usize,
        same: impl Fn(Slot) -> bool,
    ) -> bool {
        let (Ok(start), Ok(len)) = (u32::try_from(start), u32::try_from(len)) else {
            // Past 4 GiB of words: beyond any post; keep every word.
            return true;
        };
        if len >= HASHED {
            return true;
        }
        let tag = len | hashed;
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let slot = self.slots[i];
            if slot.tag == 0 {
                break;
            }
            if slot.key == key && slot.tag == tag && same(slot) {
                return false;
            }
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot { key, start, tag };
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            self.grow();
        }
        true
    }

    /// Doubles the table, keeping it at most half full.
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.tag != 0) {
            let mut i = self.home(slot.key);
            while self.slots[i].tag != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

/// Plain text of a small HTML fragment: tags dropped, the entities
/// `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&#x27;` and `&amp;` decoded (each
/// once: `&amp;lt;` is `&lt;`), runs of whitespace made one space and the
/// ends trimmed. One pass: an entity is recognised when its `;` is written.
pub(crate) fn plain_text(html: &str) -> String {
    const ENTITIES: [(&str, char); 6] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
        ("&amp;", '&'),
    ];
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut space = false;
    // Where the next entity may start: never inside one already decoded.
    let mut fresh = 0;
    let mut at = 0;
    while at < bytes.len() {
        if in_tag {
            // Nothing inside a tag is kept, not even a `<`.
            match memchr::memchr(b'>', &bytes[at..]) {
                Some(n) => {
                    in_tag = false;
                    at += n + 1;
                    continue;
                }
                None => break,
            }
        }
        // A run of bytes that are copied as they are: ASCII other than
        // `<`, `;` and whitespace, with single spaces between them.
        let start = at;
        while at < bytes.len() {
            if PLAIN[usize::from(bytes[at])] {
                at += 1;
            } else if bytes[at] == b' '
                && at > start
                && bytes.get(at + 1).is_some_and(|&b| PLAIN[usize::from(b)])
            {
                at += 2;
            } else {
                break;
            }
        }
        if at > start {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push_str(&html[start..at]);
            continue;
        }
        // Every other byte starts a character: ASCII, or the first byte of
        // a wider one.
        let c = html[at..].chars().next().unwrap_or(' ');
        at += c.len_utf8();
        match c {
            '<' => in_tag = true,
            c if c.is_whitespace() => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                if c == ';' {
                    let decoded = ENTITIES
                        .iter()
                        .find(|(name, _)| out.len() - fresh >= name.len() && out.ends_with(name));
                    if let Some((name, c)) = decoded {
                        out.truncate(out.len() - name.len());
                        out.push(*c);
                        fresh = out.len();
                    }
                }
            }
        }
    }
    out
}

/// Bytes [`plain_text`] copies as they are, outside tags.
static PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        table[i] = !b.is_ascii_whitespace() && b != 0x0b && b != b'<' && b != b';';
        i += 1;
    }
    table
};

/// The JSON text of the whole index, and the length and hash of each
/// entry's text in it (for [`splice`]).
pub(crate) fn index_json(entries: &[SearchEntry<'_>]) -> (String, Vec<EntrySpan>) {
    let size: usize = entries
        .iter()
        .map(|e| e.words.len() + e.summary.len() + 2 * e.url.len() + 192)
        .sum();
    let mut s = String::with_capacity(size + 2);
    let mut spans = Vec::with_capacity(entries.len());
    s.push('[');
    for (n, e) in entries.iter().enumerate() {
        if n > 0 {
            s.push(',');
        }
        let start = s.len();
        write_entry(&mut s, e);
        spans.push(EntrySpan::of(start, &s[start..]));
    }
    s.push_str("]\n");
    (s, spans)
}

/// One entry as the index writes it.
pub(crate) fn entry_json(e: &SearchEntry<'_>) -> String {
    let mut s = String::with_capacity(e.words.len() + e.summary.len() + 256);
    write_entry(&mut s, e);
    s
}

/// Appends the JSON object of `e` to `out`, as `serde_json` writes it.
fn write_entry(out: &mut String, e: &SearchEntry<'_>) {
    out.push_str("{\"title\":");
    json_string(out, e.title);
    out.push_str(",\"url\":");
    json_string(out, e.url);
    out.push_str(",\"date\":");
    json_string(out, &e.date);
    out.push_str(",\"categories\":[");
    for (n, c) in e.categories.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        json_string(out, c);
    }
    out.push_str("],\"summary\":");
    json_string(out, e.summary);
    out.push_str(",\"words\":");
    json_string(out, e.words);
    out.push('}');
}

/// Appends `text` as a JSON string, escaped exactly as `serde_json` does:
/// quote, backslash and control characters only, with the short forms
/// `\b \t \n \f \r` and lowercase hex digits for the others.
fn json_string(out: &mut String, text: &str) {
    /// For each byte, the letter after the backslash that escapes it, or 0.
    static ESCAPE: [u8; 256] = {
        let mut table = [0u8; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = b'u';
            b += 1;
        }
        table[0x08] = b'b';
        table[b'\t' as usize] = b't';
        table[b'\n' as usize] = b'n';
        table[0x0c] = b'f';
        table[b'\r' as usize] = b'r';
        table[b'"' as usize] = b'"';
        table[b'\\' as usize] = b'\\';
        table
    };
    out.push('"');
    // Most strings need no escape at all: checked a block at a time,
    // without a branch per byte, so that the check runs as vector code.
    let plain = text.as_bytes().chunks(32).all(|block| {
        block
            .iter()
            .fold(true, |ok, &b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'))
    });
    if plain {
        out.push_str(text);
        out.push('"');
        return;
    }
    let mut clean = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let escape = ESCAPE[usize::from(b)];
        if escape == 0 {
            continue;
        }
        out.push_str(&text[clean..i]);
        if escape == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hex = [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]];
            out.push_str("\\u00");
            out.extend(hex.map(char::from));
        } else {
            out.extend([b'\\', escape].map(char::from));
        }
        clean = i + 1;
    }
    out.push_str(&text[clean..]);
    out.push('"');
}

/// Where an entry's text is in the index: its offset when written (later
/// edits of entries before it may have moved it), length and hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct EntrySpan {
    pub offset: usize,
    pub len: usize,
    pub hash: String,
}

impl EntrySpan {
    /// The span of `text` written at `offset`.
    pub(crate) fn of(offset: usize, text: &str) -> EntrySpan {
        EntrySpan {
            offset,
            len: text.len(),
            hash: crate::hash::hex(text.as_bytes()),
        }
    }
}

/// Finds the entry of the post at `url` titled `title` in the index file
/// `file`, described by `span`: at its recorded offset, else near it (an
/// earlier entry changed length), else anywhere. Returns its offset, or
/// `None` when it is not there with the recorded length and hash (the
/// caller then leaves the index to a full build).
///
/// An entry starts with its title and URL keys; inside JSON strings a quote
/// is always escaped, so that opening cannot occur anywhere else.
pub(crate) fn locate(file: &Path, title: &str, url: &str, span: &EntrySpan) -> Option<usize> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let mut f = std::fs::File::open(file).ok()?;
    let size = f.metadata().ok()?.len() as usize;
    let mut read_at = |offset: usize, len: usize| -> Option<Vec<u8>> {
        let len = len.min(size.checked_sub(offset)?);
        let mut buf = vec![0u8; len];
        f.seek(SeekFrom::Start(offset as u64)).ok()?;
        f.read_exact(&mut buf).ok()?;
        Some(buf)
    };
    let matches = |bytes: &[u8]| bytes.len() == span.len && crate::hash::hex(bytes) == span.hash;
    if read_at(span.offset, span.len).is_some_and(|b| matches(&b)) {
        return Some(span.offset);
    }
    let opening = format!(
        "{{\"title\":{},\"url\":{},",
        serde_json::to_string(title).ok()?,
        serde_json::to_string(url).ok()?
    );
    const NEAR: usize = 256 * 1024;
    for window in [NEAR, usize::MAX] {
        let from = span.offset.saturating_sub(window);
        let len = window.saturating_mul(2).saturating_add(span.len);
        let Some(bytes) = read_at(from, len) else {
            continue;
        };
        if let Some(at) = memchr::memmem::find(&bytes, opening.as_bytes()) {
            let start = from + at;
            if read_at(start, span.len).is_some_and(|b| matches(&b)) {
                return Some(start);
            }
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_distinct_and_lowercase() {
        assert_eq!(
            words("The cat, the CAT; a dog-house."),
            "the cat a dog house"
        );
        assert_eq!(words("Ünïcode ünïcode ÉTÉ été x2 X2"), "ünïcode été x2");
    }

    /// The plain definition `words` must agree with: split on every
    /// character that is not alphanumeric, lowercase, keep the first of each.
    fn reference_words(text: &str) -> String {
        let mut seen = std::collections::HashSet::new();
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| seen.insert(w.clone()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Random text over an alphabet that mixes ASCII, letters and digits of
    /// other scripts, case pairs whose lowercase differs in length, marks,
    /// Unicode spaces and punctuation.
    fn mixed_text(rng: &mut fastrand::Rng, len: usize, long_words: bool) -> String {
        const ALPHABET: &[&str] = &[
            "a", "b", "z", "A", "Q", "Z", "0", "7", " ", " ", "\n", "\t", ",", ".", "-", "_", "'",
            "&", "é", "É", "ß", "ẞ", "İ", "ı", "Σ", "σ", "ς", "Ω", "ﬁ", "日", "本", "２", "٣", "Ⅻ",
            "\u{301}", "\u{a0}", "\u{2003}", "\u{3000}", "—", "…", "🎉", "\u{200b}", "K",
            "\u{212a}", "Dž", "ǅ",
        ];
        (0..len)
            .map(|_| {
                // Long words: mostly ASCII letters and digits (the first
                // eight), so that words cross eight bytes.
                if long_words && rng.u8(..10) < 9 {
                    ALPHABET[rng.usize(..8)]
                } else {
                    ALPHABET[rng.usize(..ALPHABET.len())]
                }
            })
            .collect()
    }

    #[test]
    fn words_split_where_unicode_says_a_word_ends() {
        for text in [
            "",
            "   ",
            "a",
            "hello—world…again",
            "Καλημέρα κόσμε, ΚΑΛΗΜΈΡΑ!",
            "ΟΔΟΣ οδος ΟΔΟΣ.",
            "日本語のテキスト、と English mixed ２０２６",
            "tab\tsep\nnew line\u{a0}nbsp\u{2003}em-space",
            "emoji 🎉 inside🎉word and ﬁ ligature",
            "İstanbul istanbul KELVIN \u{212a}elvin",
            "x",
        ] {
            assert_eq!(words(text), reference_words(text), "{text:?}");
        }
        let mut rng = fastrand::Rng::with_seed(6);
        for round in 0..2000 {
            let len = rng.usize(..200);
            let text = mixed_text(&mut rng, len, round % 2 == 1);
            assert_eq!(
                words(&text),
                reference_words(&text),
                "round {round}: {text:?}"
            );
        }
    }

    #[test]
    fn words_of_mostly_ascii_prose_agree_with_the_reference() {
        // Short ASCII words in every case and at every offset from the
        // reading position, ending before punctuation, spaces, the end of
        // the text, or characters beyond ASCII that do or do not go on with
        // the word.
        const PIECES: &[&str] = &[
            "a",
            "an",
            "The",
            "OPEN",
            "cloud7",
            "x2",
            "Q",
            "nova",
            "NoVa",
            "abcdefg",
            "abcdefgh",
            "ABCDEFGHI",
            "0",
            "42",
            " ",
            " ",
            " ",
            "  ",
            ", ",
            ". ",
            "\n",
            "-",
            "(",
            ")",
            "é",
            "É",
            "—",
            "\u{a0}",
            "日",
            "🎉",
            "\u{212a}",
        ];
        let ascii = PIECES.iter().position(|p| !p.is_ascii()).unwrap();
        let mut rng = fastrand::Rng::with_seed(8);
        for round in 0..3000 {
            let text: String = (0..rng.usize(..60))
                .map(|_| {
                    // Three pieces in four from the ASCII ones.
                    let n = if rng.u8(..4) < 3 { ascii } else { PIECES.len() };
                    PIECES[rng.usize(..n)]
                })
                .collect();
            assert_eq!(
                words(&text),
                reference_words(&text),
                "round {round}: {text:?}"
            );
        }
    }

    #[test]
    fn words_of_a_long_text_outgrow_the_first_table() {
        // Thousands of distinct words, each repeated in another case.
        let text: String = (0..5000).map(|n| format!("w{n} W{n} Wörd{n} ")).collect();
        assert_eq!(words(&text), reference_words(&text));
        assert_eq!(words(&text).split(' ').count(), 10_000);
    }

    #[test]
    fn entries_are_found_where_written_after_a_shift_and_not_when_changed() {
        let entry = |title: &'static str, url: &'static str, words: &'static str| SearchEntry {
            title,
            url,
            date: "2026-01-01T00:00:00+00:00".into(),
            categories: vec!["News"],
            summary: "s",
            words,
        };
        let entries = [entry("A", "/a/", "one"), entry("B \"b\"", "/b/", "two")];
        let (text, spans) = index_json(&entries);
        let dir = std::env::temp_dir().join(format!("quire-search-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("search-index.json");
        std::fs::write(&file, &text).unwrap();
        assert_eq!(
            locate(&file, "B \"b\"", "/b/", &spans[1]),
            Some(spans[1].offset)
        );
        // The first entry grew: the second moved, and is found near its old place.
        let grown = text.replacen("\"one\"", "\"one more words\"", 1);
        std::fs::write(&file, &grown).unwrap();
        assert_eq!(
            locate(&file, "B \"b\"", "/b/", &spans[1]),
            Some(spans[1].offset + " more words".len())
        );
        // The first entry itself changed: its recorded hash no longer fits.
        assert_eq!(locate(&file, "A", "/a/", &spans[0]), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn plain_text_drops_tags() {
        assert_eq!(plain_text("<p>A &amp; <em>B</em>\n c</p>"), "A & B c");
        assert_eq!(plain_text("&amp;lt; &lt;b&gt; &l<i>t;"), "&lt; <b> <");
        assert_eq!(plain_text("a > b &#39;&#x27;&quot;"), "a > b ''\"");
    }

    /// Plain text as a chain of replacements, the definition `plain_text`
    /// must agree with.
    fn reference_plain_text(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&amp;", "&")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn plain_text_agrees_with_replacing_entities_one_after_another() {
        const PIECES: &[&str] = &[
            "<", ">", "<em>", "</p>", "&", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;",
            "amp;", "lt;", "#x27;", ";", "&a", "x", "é", "日", " ", "\n", "\u{a0}", "\u{3000}",
            "\u{b}", "\t", "ab cd", " > ",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        for round in 0..5000 {
            let html: String = (0..rng.usize(..24))
                .map(|_| PIECES[rng.usize(..PIECES.len())])
                .collect();
            assert_eq!(
                plain_text(&html),
                reference_plain_text(&html),
                "round {round}: {html:?}"
            );
        }
    }

    #[test]
    fn entries_are_written_as_serde_json_writes_them() {
        let every_byte: String = (0u8..0x80).map(char::from).collect();
        let strings = [
            "",
            "plain",
            "quote \" backslash \\ slash /",
            every_byte.as_str(),
            "é 日本 🎉 \u{2028}\u{2029}\u{7f}\u{85}",
        ];
        for (n, text) in strings.iter().enumerate() {
            let e = SearchEntry {
                title: text,
                url: strings[(n + 1) % strings.len()],
                date: "2026-01-01T00:00:00+00:00".into(),
                categories: strings[..n].to_vec(),
                summary: strings[(n + 2) % strings.len()],
                words: text,
            };
            assert_eq!(entry_json(&e), serde_json::to_string(&e).unwrap());
        }
    }
}
