//! The one hash of the bookkeeping: 128-bit XXH3. Quire hashes to notice
//! change (of inputs, pages and output files), never to resist an
//! adversary, so a fast non-cryptographic hash is the right tool: hashing
//! every page of a 10,000-post site costs a few milliseconds.

use xxhash_rust::xxh3::Xxh3;

/// The hash of `bytes`, as 32 hex digits.
pub(crate) fn hex(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// A streaming hash. Writes through [`std::io::Write`] (for `serde_json`)
/// are gathered in a buffer first, so many small writes cost one update.
#[derive(Clone, Default)]
pub(crate) struct Hasher {
    state: Xxh3,
    buffer: Vec<u8>,
}

impl Hasher {
    pub(crate) fn new() -> Hasher {
        Hasher::default()
    }

    /// Adds bytes.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.flush_buffer();
        self.state.update(bytes);
    }

    /// Adds a length-prefixed field, so that fields cannot run into each other.
    pub(crate) fn field(&mut self, bytes: &[u8]) {
        self.update(&(bytes.len() as u64).to_le_bytes());
        self.update(bytes);
    }

    fn flush_buffer(&mut self) {
        if !self.buffer.is_empty() {
            self.state.update(&self.buffer);
            self.buffer.clear();
        }
    }

    /// The 128-bit result.
    pub(crate) fn finish(mut self) -> u128 {
        self.flush_buffer();
        self.state.digest128()
    }

    /// The result as 32 hex digits.
    pub(crate) fn finish_hex(self) -> String {
        format!("{:032x}", self.finish())
    }
}

impl std::io::Write for Hasher {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= 8192 {
            self.flush_buffer();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    #[test]
    fn streaming_in_pieces_equals_hashing_at_once() {
        let mut h = Hasher::new();
        h.write_all(b"hello, ").unwrap();
        h.update(b"wor");
        h.write_all(b"ld").unwrap();
        assert_eq!(h.finish_hex(), hex(b"hello, world"));
        assert_ne!(hex(b"a"), hex(b"b"));
        assert_eq!(hex(b"").len(), 32);
    }
}
