//! Finding the few bytes an escaper must rewrite, eight bytes at a time.
//!
//! Escaped text is mostly plain: titles, URLs, descriptions. Looking at
//! every byte through a table was a tenth of a page's instructions; here a
//! 64-bit word is tested for all the bytes of interest at once with the
//! zero-byte trick, plain words are skipped, and the byte-by-byte scan only
//! looks at the word that has one.

/// `0x01` in every byte: `ONES * b` is `b` in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// True when some byte of `x` is zero (exact: borrows only spread past a
/// zero byte, never create one).
pub(crate) fn has_zero_byte(x: u64) -> bool {
    x.wrapping_sub(ONES) & !x & HIGH != 0
}

/// True when some byte of `w` equals `b`.
pub(crate) fn has_byte(w: u64, b: u8) -> bool {
    has_zero_byte(w ^ (ONES * u64::from(b)))
}

/// The index of the first byte at or after `from` for which `special` is
/// true, skipping whole words for which `may_hold` is false. `may_hold`
/// must be true for every word holding a special byte.
pub(crate) fn next_special(
    bytes: &[u8],
    from: usize,
    may_hold: impl Fn(u64) -> bool,
    special: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8) {
        if may_hold(u64::from_le_bytes(word.try_into().expect("eight bytes"))) {
            break;
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| special(b))
        .map(|skip| i + skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_tests_agree_with_bytes() {
        for background in [0u8, 0x20, 0x41, 0x7f, 0x80, 0xff] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut bytes = [background; 8];
                    bytes[at] = b;
                    let w = u64::from_le_bytes(bytes);
                    for probe in [0u8, 0x1f, 0x20, 0x22, 0x3e, 0x80, 0xe2, 0xff] {
                        assert_eq!(has_byte(w, probe), bytes.contains(&probe));
                    }
                }
            }
        }
    }
}
