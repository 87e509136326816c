//! Post dates: strict RFC 3339, plus the looser forms real posts use.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, SecondsFormat};

/// A date read leniently, with what had to be fixed (empty when strict).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lenient {
    pub date: DateTime<FixedOffset>,
    pub fixes: Vec<&'static str>,
}

impl Lenient {
    /// The date written strictly, for the hint.
    pub fn strict(&self) -> String {
        self.date.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        let start = self.i;
        while self.i < self.s.len() && self.i - start < max && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        let n = self.i - start;
        // Every call reads at least one digit and at most four: the value
        // fits, and there is no empty text to refuse.
        if n < min.max(1) {
            return None;
        }
        let value = self.s[start..self.i]
            .iter()
            .fold(0, |v, d| v * 10 + u32::from(d - b'0'));
        Some((value, n))
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.s.get(self.i) == Some(&b);
        self.i += usize::from(hit);
        hit
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn spaces(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        self.i - start
    }
}

/// Parses `text` as a date. Strict RFC 3339 gives no fixes; the forms YAML
/// timestamps allow (one-digit month, day or hour, date only, a space for
/// `T`, no offset, an offset without colon) are accepted with a list of
/// what was fixed. Anything else is `None`.
pub(crate) fn parse_date(text: &str) -> Option<Lenient> {
    let mut fixes = Vec::new();
    let mut c = Cursor {
        s: text.trim().as_bytes(),
        i: 0,
    };
    let (year, _) = c.digits(4, 4)?;
    if !c.eat(b'-') {
        return None;
    }
    let (month, mlen) = c.digits(1, 2)?;
    if !c.eat(b'-') {
        return None;
    }
    let (day, dlen) = c.digits(1, 2)?;
    if mlen < 2 || dlen < 2 {
        fixes.push("padded the month and day to two digits");
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    if c.peek().is_none() {
        fixes.push("a date without a time is read as midnight UTC");
        let dt = date.and_time(NaiveTime::MIN).and_utc().fixed_offset();
        return Some(Lenient { date: dt, fixes });
    }
    if !(c.eat(b'T') || c.eat(b't')) {
        if c.spaces() == 0 {
            return None;
        }
        fixes.push("replaced the space between date and time with `T`");
    }
    let (hour, hlen) = c.digits(1, 2)?;
    if hlen < 2 {
        fixes.push("padded the hour to two digits");
    }
    if !c.eat(b':') {
        return None;
    }
    let (minute, _) = c.digits(2, 2)?;
    let mut second = 0;
    let mut nano = 0;
    if c.eat(b':') {
        second = c.digits(2, 2)?.0;
        if c.eat(b'.') {
            let start = c.i;
            while matches!(c.peek(), Some(b'0'..=b'9')) {
                c.i += 1;
            }
            let frac = &c.s[start..c.i];
            if frac.is_empty() {
                return None;
            }
            for k in 0..9 {
                nano = nano * 10 + frac.get(k).map_or(0, |d| u32::from(d - b'0'));
            }
        }
    } else {
        fixes.push("added the missing seconds");
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?;
    if c.spaces() > 0 {
        fixes.push("removed the space before the offset");
    }
    let offset_seconds = match c.peek() {
        None => {
            fixes.push("no UTC offset: read as UTC");
            0
        }
        Some(b'Z' | b'z') => {
            c.i += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let (h, hl) = c.digits(1, 2)?;
            let colon = c.eat(b':');
            let m = if colon {
                c.digits(2, 2)?.0
            } else {
                c.digits(2, 2).map_or(0, |d| d.0)
            };
            if hl < 2 || !colon {
                fixes.push("wrote the offset as ±HH:MM");
            }
            let secs = i32::try_from(h * 3600 + m * 60).ok()?;
            if sign == b'-' { -secs } else { secs }
        }
        Some(_) => return None,
    };
    if c.peek().is_some() {
        return None;
    }
    let offset = FixedOffset::east_opt(offset_seconds)?;
    let dt = date.and_time(time).and_local_timezone(offset).single()?;
    Some(Lenient { date: dt, fixes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, strict: &str, fixes: &[&str]) {
        let got = parse_date(input).unwrap_or_else(|| panic!("{input} should parse"));
        assert_eq!(got.strict(), strict, "{input}");
        assert_eq!(got.fixes, fixes, "{input}");
    }

    #[test]
    fn strict_dates_need_no_fix() {
        check("2021-03-04T05:06:07Z", "2021-03-04T05:06:07Z", &[]);
        check(
            "2021-03-04T05:06:07.289+02:00",
            "2021-03-04T05:06:07.289+02:00",
            &[],
        );
        check(
            " 2021-03-04t05:06:07-04:30 ",
            "2021-03-04T05:06:07-04:30",
            &[],
        );
    }

    #[test]
    fn lenient_dates_say_what_was_fixed() {
        check(
            "2020-11-6T13:30:56.289Z",
            "2020-11-06T13:30:56.289Z",
            &["padded the month and day to two digits"],
        );
        check(
            "2020-11-06",
            "2020-11-06T00:00:00Z",
            &["a date without a time is read as midnight UTC"],
        );
        check(
            "2020-11-06 13:30:56",
            "2020-11-06T13:30:56Z",
            &[
                "replaced the space between date and time with `T`",
                "no UTC offset: read as UTC",
            ],
        );
        check(
            "2001-12-14 21:59:43.10 -5",
            "2001-12-14T21:59:43.100-05:00",
            &[
                "replaced the space between date and time with `T`",
                "removed the space before the offset",
                "wrote the offset as ±HH:MM",
            ],
        );
        check(
            "2024-4-09T9:05+0100",
            "2024-04-09T09:05:00+01:00",
            &[
                "padded the month and day to two digits",
                "padded the hour to two digits",
                "added the missing seconds",
                "wrote the offset as ±HH:MM",
            ],
        );
    }

    #[test]
    fn rejects_non_dates() {
        for bad in [
            "",
            "yesterday",
            "2020-13-01",
            "2020-02-30",
            "2020-01-01T25:00:00Z",
            "2020-01-01Tx",
            "20-01-01",
            "2020-01-01T10:00:00Zjunk",
            "2020-01-01T10:00:00.Z",
            "2020-01-01T10:00:00+99:00",
        ] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }
}
