//! Filters, tests and functions registered on the environment. Each is a
//! plain function so it can be unit-tested without a template.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind, State};

use crate::values::SiteObject;

/// The shortcut the real openinfra.dev site shows (`06/07/2022`).
const US_DATE: &str = "MM/DD/YYYY";
/// The `datetime` attribute format: a valid HTML global date and time.
const ISO: &str = "iso";

/// `value|date(fmt)`: formats an RFC 3339 date (or a plain `YYYY-MM-DD`).
pub(crate) fn date(value: &str, fmt: Option<&str>) -> Result<String, Error> {
    let fmt = fmt.unwrap_or(US_DATE);
    if fmt == US_DATE || fmt == ISO {
        if let Some(quick) = quick_date(value.trim(), fmt == ISO) {
            return Ok(quick);
        }
    }
    date_with_chrono(value, fmt)
}

/// [`date`] for any date chrono reads and any format.
fn date_with_chrono(value: &str, fmt: &str) -> Result<String, Error> {
    let parsed = parse_date(value)
        .ok_or_else(|| invalid(format!("`{value}` is not an RFC 3339 date (filter `date`)")))?;
    let pattern = match fmt {
        // The two formats every page uses are written directly: going
        // through strftime parsing for each of them was most of the filter.
        US_DATE => {
            return Ok(us_date(&parsed).unwrap_or_else(|| parsed.format("%m/%d/%Y").to_string()));
        }
        ISO => {
            return Ok(iso_date(&parsed).unwrap_or_else(|| parsed.format(ISO_PATTERN).to_string()));
        }
        other => other,
    };
    // chrono panics when a format string with an unknown specifier is
    // displayed, so reject those first.
    let items: Vec<Item<'_>> = StrftimeItems::new(pattern).collect();
    if items.iter().any(|i| matches!(i, Item::Error)) {
        return Err(invalid(format!(
            "`{pattern}` is not a valid strftime format (filter `date`)"
        )));
    }
    Ok(parsed.format_with_items(items.into_iter()).to_string())
}

/// `value|date` (`iso` false) or `value|date("iso")` without chrono, for
/// dates written as the publisher writes them:
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. Both formats are the date's
/// own digits, in its own offset, so this only checks that the date is
/// valid and copies them; `None` for anything else (another shape, a leap
/// second), which chrono then parses. Parsing with chrono was half of the
/// filter's instructions.
fn quick_date(value: &str, iso: bool) -> Option<String> {
    let b = value.as_bytes();
    let digits = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 7)?, digits(8, 10)?);
    let (hour, minute, second) = (digits(11, 13)?, digits(14, 16)?, digits(17, 19)?);
    let mut i = 19;
    if at(i, b'.') {
        let fraction = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if !(1..=9).contains(&fraction) {
            return None;
        }
        i += 1 + fraction;
    }
    // The offset: `Z`, or a sign and `HH:MM`; `-00:00` is written `+00:00`.
    let offset = match b.get(i..)? {
        b"Z" => None,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (digits(i + 1, i + 3)?, digits(i + 4, i + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            Some((if h + m == 0 { b'+' } else { *sign }, i + 1))
        }
        _ => return None,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if !iso {
        let mut out = String::with_capacity(10);
        out.push_str(&value[5..7]);
        out.push('/');
        out.push_str(&value[8..10]);
        out.push('/');
        out.push_str(&value[..4]);
        return Some(out);
    }
    let mut out = String::with_capacity(25);
    out.push_str(&value[..19]);
    match offset {
        None => out.push_str("+00:00"),
        Some((sign, at)) => {
            out.push(char::from(sign));
            out.push_str(&value[at..at + 5]);
        }
    }
    Some(out)
}

/// What `iso` means, as a strftime pattern.
const ISO_PATTERN: &str = "%Y-%m-%dT%H:%M:%S%:z";

/// `%m/%d/%Y`, for four-digit years (chrono signs the others).
fn us_date(d: &DateTime<FixedOffset>) -> Option<String> {
    let year = four_digit_year(d)?;
    let mut out = String::with_capacity(10);
    push_digits(&mut out, d.month(), 2);
    out.push('/');
    push_digits(&mut out, d.day(), 2);
    out.push('/');
    push_digits(&mut out, year, 4);
    Some(out)
}

/// [`ISO_PATTERN`], for four-digit years and no leap second.
fn iso_date(d: &DateTime<FixedOffset>) -> Option<String> {
    let year = four_digit_year(d)?;
    if d.nanosecond() >= 1_000_000_000 {
        return None;
    }
    let offset = d.offset().local_minus_utc();
    let minutes = offset.unsigned_abs() / 60;
    let mut out = String::with_capacity(25);
    push_digits(&mut out, year, 4);
    for (sep, n) in [('-', d.month()), ('-', d.day()), ('T', d.hour())] {
        out.push(sep);
        push_digits(&mut out, n, 2);
    }
    for n in [d.minute(), d.second()] {
        out.push(':');
        push_digits(&mut out, n, 2);
    }
    out.push(if offset < 0 { '-' } else { '+' });
    push_digits(&mut out, minutes / 60, 2);
    out.push(':');
    push_digits(&mut out, minutes % 60, 2);
    Some(out)
}

fn four_digit_year(d: &DateTime<FixedOffset>) -> Option<u32> {
    u32::try_from(d.year()).ok().filter(|y| *y <= 9999)
}

/// Appends `n` zero-padded to `width` digits (`n` has at most `width`).
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = (n / 10u32.pow(place)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

fn parse_date(value: &str) -> Option<DateTime<FixedOffset>> {
    let value = value.trim();
    DateTime::parse_from_rfc3339(value).ok().or_else(|| {
        let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?;
        Some(day.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
    })
}

/// `url|absolute_url`: prefixes a route with `site.base_url`; absolute URLs
/// and other schemes pass through.
pub(crate) fn absolute_url(state: &State<'_, '_>, url: &str) -> Result<String, Error> {
    if is_absolute(url) {
        return Ok(url.to_owned());
    }
    let site = state
        .lookup("site")
        .ok_or_else(|| invalid("`absolute_url` needs the `site` variable".into()))?;
    if let Some(site) = site.downcast_object_ref::<SiteObject>() {
        return Ok(absolute_with_base(&site.view().base_url, url));
    }
    let base = site.get_attr("base_url")?;
    Ok(absolute_with_base(base.as_str().unwrap_or_default(), url))
}

/// What `url|absolute_url` gives when `site.base_url` is `base`.
pub(crate) fn absolute_with_base(base: &str, url: &str) -> String {
    if is_absolute(url) {
        url.to_owned()
    } else {
        join_base(base.trim_end_matches('/'), url)
    }
}

fn is_absolute(url: &str) -> bool {
    has_scheme(url) || url.starts_with("//")
}

/// `title|page_title`: `site.title_template` with every `%s` replaced by
/// `title`, what `site.title_template|replace("%s", title)` gives. Titles
/// are plain strings; anything else (a string marked safe, a number) goes
/// through the `replace` filter itself, which handles escaping.
pub(crate) fn page_title(state: &mut State<'_, '_>, title: &Value) -> Result<Value, Error> {
    let site = state
        .lookup("site")
        .ok_or_else(|| invalid("`page_title` needs the `site` variable".into()))?;
    if let (Some(site), Some(text)) = (site.downcast_object_ref::<SiteObject>(), title.as_str()) {
        if title.kind() == ValueKind::String && !title.is_safe() {
            return Ok(Value::from(site.view().title_template.replace("%s", text)));
        }
    }
    let template = site.get_attr("title_template")?;
    state.apply_filter("replace", &[template, Value::from("%s"), title.clone()])
}

fn join_base(base: &str, url: &str) -> String {
    let mut joined = String::with_capacity(base.len() + 1 + url.len());
    joined.push_str(base);
    if !url.starts_with('/') {
        joined.push('/');
    }
    joined.push_str(url);
    joined
}

/// `text|truncate(length=255, end="…")`: cuts at a word boundary so the
/// result, `end` included, is at most `length` characters.
pub(crate) fn truncate(text: &str, length: Option<usize>, end: Option<&str>) -> String {
    let length = length.unwrap_or(255);
    let end = end.unwrap_or("…");
    if text.chars().count() <= length {
        return text.to_owned();
    }
    let keep = length.saturating_sub(end.chars().count());
    let cut: String = text.chars().take(keep).collect();
    // Break at the last space when there is one, so no word is cut in half.
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > 0 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}{end}", cut.trim_end())
}

/// `value|json`: compact JSON, safe inside `<script>`: `<`, `>`, `&` and the
/// line separators U+2028/U+2029 are written as `\uXXXX` escapes.
pub(crate) fn json(value: &Value) -> Result<Value, Error> {
    // Most values a page writes as JSON are strings: escape them directly
    // instead of going through serde for each.
    if value.kind() == ValueKind::String {
        if let Some(text) = value.as_str() {
            return Ok(Value::from_safe_string(json_string(text)));
        }
    }
    json_via_serde(value)
}

fn json_via_serde(value: &Value) -> Result<Value, Error> {
    let text = serde_json::to_string(value)
        .map_err(|e| invalid(format!("value cannot be written as JSON: {e}")))?;
    Ok(Value::from_safe_string(escape_json_for_html(text)))
}

/// Bytes [`json_string`] may have to escape: control characters, `"`,
/// `\\`, `<`, `>`, `&`, and the first byte of U+2028 and U+2029.
static JSON_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    let mut i = 0;
    let others = *b"\"\\<>&\xE2";
    while i < others.len() {
        table[others[i] as usize] = true;
        i += 1;
    }
    table
};

/// `text` as a JSON string literal, the bytes serde_json writes, with the
/// escapes of [`escape_json_for_html`] on top, in one pass.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_json_string(&mut out, text);
    out
}

/// Appends [`json_string`]`(text)` to `out`.
pub(crate) fn push_json_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    out.push('"');
    let mut start = 0;
    let mut i = 0;
    while let Some(skip) = bytes[i..]
        .iter()
        .position(|&b| JSON_SPECIAL[usize::from(b)])
    {
        i += skip;
        let b = bytes[i];
        let (escaped, width): (&str, usize) = match b {
            b'"' => ("\\\"", 1),
            b'\\' => ("\\\\", 1),
            b'\n' => ("\\n", 1),
            b'\r' => ("\\r", 1),
            b'\t' => ("\\t", 1),
            0x08 => ("\\b", 1),
            0x0c => ("\\f", 1),
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA8) => {
                ("\\u2028", 3)
            }
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA9) => {
                ("\\u2029", 3)
            }
            0..0x20 => {
                out.push_str(&text[start..i]);
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
                i += 1;
                start = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[start..i]);
        out.push_str(escaped);
        i += width;
        start = i;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

fn escape_json_for_html(text: String) -> String {
    let needs = |b: &u8| matches!(b, b'<' | b'>' | b'&' | 0xE2);
    if !text.as_bytes().iter().any(needs) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let escaped = match c {
            '<' => "\\u003c",
            '>' => "\\u003e",
            '&' => "\\u0026",
            '\u{2028}' => "\\u2028",
            '\u{2029}' => "\\u2029",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(escaped);
        start = i + c.len_utf8();
    }
    out.push_str(&text[start..]);
    out
}

/// `url|safe_url`: the URL when its scheme is http, https, mailto or tel, or
/// when it is relative; otherwise the empty string.
pub(crate) fn safe_url(url: &str) -> String {
    if is_safe_url(url) {
        url.to_owned()
    } else {
        String::new()
    }
}

/// `url is safe_url`.
pub(crate) fn is_safe_url(url: &str) -> bool {
    // Browsers drop leading control characters and spaces, and tabs and
    // newlines anywhere, before reading the scheme: check what they see.
    let trimmed = url.trim_start_matches(|c: char| c <= ' ');
    let seen: std::borrow::Cow<'_, str> = if trimmed.contains(['\t', '\n', '\r']) {
        trimmed
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect()
    } else {
        trimmed.into()
    };
    if seen.is_empty() {
        return false;
    }
    match scheme(&seen) {
        None => true,
        Some(s) => ["http", "https", "mailto", "tel"]
            .iter()
            .any(|ok| s.eq_ignore_ascii_case(ok)),
    }
}

/// The scheme of `url`, when it has one (`javascript:x` → `javascript`).
/// Anything before a colon that comes ahead of any `/`, `?` or `#` counts,
/// even if it is not a well-formed scheme: a browser might disagree with a
/// stricter reading, so such URLs are refused rather than called relative.
fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let head = &url[..colon];
    if head.contains(['/', '?', '#']) {
        None
    } else {
        Some(head)
    }
}

fn has_scheme(url: &str) -> bool {
    scheme(url).is_some()
}

/// `handle|twitter_handle`: `ada`, `@ada`, `https://twitter.com/ada` → `@ada`;
/// empty input gives the empty string.
pub(crate) fn twitter_handle(value: &str) -> String {
    let v = value.trim();
    let v = v.trim_end_matches('/');
    let v = v.rsplit('/').next().unwrap_or(v);
    let v = v.trim_start_matches('@').trim();
    if v.is_empty() {
        String::new()
    } else {
        format!("@{v}")
    }
}

/// `html|strip_ids`: removes `id` attributes from HTML tags. Listings show
/// several summaries on one page; their heading ids would clash.
pub(crate) fn strip_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(end) = tag_end(rest) else {
            break;
        };
        let tag = &rest[..end];
        if tag.len() > 1 && tag.as_bytes()[1].is_ascii_alphabetic() && may_have_id(tag) {
            out.push_str(&remove_id_attr(tag));
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Byte index just past the `>` closing the tag that starts `s`, skipping
/// quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    // Bytes, not chars: the bytes looked for are ASCII, which never occur
    // inside a multi-byte character.
    let mut quote: Option<u8> = None;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// False when `tag` surely has no `id` attribute (no whitespace followed
/// by `id`), so that most tags are copied without being taken apart.
fn may_have_id(tag: &str) -> bool {
    tag.as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_whitespace() && w[1..].eq_ignore_ascii_case(b"id"))
}

fn remove_id_attr(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < tag.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace()
            && tag[i + 1..].len() >= 3
            && bytes[i + 1..i + 3].eq_ignore_ascii_case(b"id")
            && tag[i + 3..].trim_start().starts_with('=')
        {
            // Skip ` id = "value"` (or an unquoted value).
            let mut j = i + 3;
            j += tag[j..].len() - tag[j..].trim_start().len();
            j += 1; // '='
            j += tag[j..].len() - tag[j..].trim_start().len();
            match tag[j..].chars().next() {
                Some(q @ ('"' | '\'')) => {
                    j += 1;
                    j += tag[j..].find(q).map_or(tag.len() - j, |k| k + 1);
                }
                _ => {
                    j += tag[j..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                        .unwrap_or(tag.len() - j);
                }
            }
            i = j;
            continue;
        }
        let ch = tag[i..]
            .chars()
            .next()
            .expect("index is on a char boundary");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

pub(crate) fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = "2022-06-07T09:30:00+02:00";
        assert_eq!(date(d, None).unwrap(), "06/07/2022");
        assert_eq!(date(d, Some("MM/DD/YYYY")).unwrap(), "06/07/2022");
        assert_eq!(date(d, Some("%B %-d, %Y")).unwrap(), "June 7, 2022");
        assert_eq!(date(d, Some("iso")).unwrap(), "2022-06-07T09:30:00+02:00");
        assert_eq!(date("2022-06-07", Some("%Y")).unwrap(), "2022");
        assert!(
            date("yesterday", None)
                .unwrap_err()
                .to_string()
                .contains("not an RFC 3339")
        );
        assert!(
            date(d, Some("%Q"))
                .unwrap_err()
                .to_string()
                .contains("not a valid strftime")
        );
    }

    #[test]
    fn quick_dates_agree_with_chrono() {
        let mut dates: Vec<String> = [
            "2016-09-17T05:11:47.326Z",
            "2016-09-17T05:11:47.326+00:00",
            "2022-06-07T09:30:00+02:00",
            "2022-06-07T09:30:00-09:30",
            "2022-06-07T09:30:00-00:00",
            "2022-06-07T09:30:00+23:59",
            "2022-06-07T09:30:00+24:00",
            "2022-06-07T09:30:00+02:60",
            "2022-06-07T09:30:00.+02:00",
            "2022-06-07T09:30:00.1234567891Z",
            "2022-06-07T09:30:00z",
            "2022-06-07t09:30:00Z",
            "2022-06-07 09:30:00Z",
            "2022-06-07T09:30:00",
            "2022-06-07T09:30:00Z ",
            " 2022-06-07T09:30:00Z",
            "2022-06-07T09:30:00ZZ",
            "2022-06-07T09:30:00+02:00x",
            "2022-06-07T09:30:00+0200",
            "2022-06-07",
            "2016-12-31T23:59:60Z",
            "2022-06-07T24:00:00Z",
            "2022-06-07T23:60:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999+14:00",
            "+2022-06-07T09:30:00Z",
            "2022-6-07T09:30:00Z",
            "２０２２-06-07T09:30:00Z",
            "",
            "yesterday",
        ]
        .map(String::from)
        .to_vec();
        // Every month's last days, leap years and not.
        for year in [1900, 2000, 2023, 2024] {
            for month in 0..=13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    dates.push(format!("{year:04}-{month:02}-{day:02}T12:00:00.5Z"));
                }
            }
        }
        // Fractions of every length.
        for n in 1..=12 {
            dates.push(format!("2020-02-29T01:02:03.{}-05:00", "7".repeat(n)));
        }
        let mut quick = 0;
        for d in &dates {
            for (fmt, iso) in [(US_DATE, false), (ISO, true)] {
                let chrono = date_with_chrono(d, fmt).map_err(|e| e.to_string());
                // Where the quick path answers, chrono gives the same date;
                // elsewhere chrono decides.
                if let Some(q) = quick_date(d.trim(), iso) {
                    quick += 1;
                    assert_eq!(Ok(q), chrono, "{d} {fmt}");
                }
                let got = date(d, Some(fmt)).map_err(|e| e.to_string());
                assert_eq!(got, chrono, "{d} {fmt}");
            }
        }
        // The publisher's shapes take the quick path.
        assert!(quick > 300, "{quick}");
        assert!(quick_date("2016-09-17T05:11:47.326+00:00", true).is_some());
        assert!(quick_date("2016-09-17T05:11:47Z", false).is_some());
    }

    #[test]
    fn direct_formats_agree_with_strftime() {
        let dates = [
            "2022-06-07T09:30:00+02:00",
            "2016-12-31T00:51:58.181Z",
            "0001-01-01T00:00:00-09:30",
            "9999-12-31T23:59:59.999999999+14:00",
            "1970-01-01T00:00:00+00:00",
            "2020-02-29T12:00:00-00:45",
            "2020-02-29T12:00:00+05:45",
            "2016-12-31T23:59:60Z",
            "2024-05-01",
        ];
        for d in dates {
            let parsed = parse_date(d).unwrap();
            for (fmt, pattern) in [(US_DATE, "%m/%d/%Y"), (ISO, ISO_PATTERN)] {
                let strftime = parsed.format(pattern).to_string();
                assert_eq!(date(d, Some(fmt)).unwrap(), strftime, "{d} {fmt}");
            }
        }
        // A leap second and five-digit years take the strftime path.
        let leap = parse_date("2016-12-31T23:59:60Z").unwrap();
        assert_eq!(iso_date(&leap), None);
        let far = NaiveDate::from_ymd_opt(12345, 1, 2).unwrap();
        let far = far.and_hms_opt(0, 0, 0).unwrap().and_utc().fixed_offset();
        assert_eq!((us_date(&far), iso_date(&far)), (None, None));
    }

    #[test]
    fn urls() {
        for ok in [
            "/blog/x/",
            "x.png",
            "https://a.example/",
            "HTTP://A",
            "mailto:a@b",
            "tel:+1",
            "#top",
            "?q=1",
            "a/b:c",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
            "",
            "\u{1}javascript:x",
        ] {
            assert!(!is_safe_url(bad), "{bad:?}");
        }
        assert_eq!(safe_url("javascript:x"), "");
        assert_eq!(
            join_base("https://s.example", "/a/"),
            "https://s.example/a/"
        );
        assert_eq!(
            join_base("https://s.example", "a.png"),
            "https://s.example/a.png"
        );
    }

    #[test]
    fn truncation() {
        assert_eq!(truncate("short", Some(10), None), "short");
        assert_eq!(truncate("one two three four", Some(12), None), "one two…");
        assert_eq!(truncate("ééééééééé", Some(4), Some("...")), "é...");
    }

    #[test]
    fn json_is_script_safe() {
        let v = Value::from("</script><script>alert(1)</script> & \u{2028}");
        let out = json(&v).unwrap();
        assert!(out.is_safe());
        assert_eq!(
            out.as_str().unwrap(),
            r#""\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 \u2028""#
        );
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let mut samples: Vec<String> = (0u8..0x80).map(|b| format!("a{}z", b as char)).collect();
        // Every character that matters at every place of two words and a
        // tail, so that the word-at-a-time scan meets each in each lane.
        let chars = (0u8..0x80)
            .map(char::from)
            .chain(['\u{2028}', '\u{2029}', '\u{2027}', 'é', '€', '😀']);
        for c in chars {
            for k in 0..19 {
                samples.push(format!("{}{c}{}", "x".repeat(k), "y".repeat(18 - k)));
            }
        }
        samples.extend(
            [
                "",
                "plain",
                "</script> & \u{2028}\u{2029} \u{2027}\u{202a}",
                "é \u{e2} \u{2080}€ 😀 \u{7f}",
                "\"quoted\" back\\slash",
                "\u{2028}",
                "x\u{2029}",
            ]
            .map(String::from),
        );
        for text in samples {
            for v in [
                Value::from(text.as_str()),
                Value::from_safe_string(text.clone()),
            ] {
                let fast = json(&v).unwrap();
                let slow = json_via_serde(&v).unwrap();
                assert!(fast.is_safe());
                assert_eq!(fast.as_str(), slow.as_str(), "{text:?}");
            }
        }
        // Other values still go through serde.
        let list = Value::from(vec![Value::from("<a>"), Value::from(2)]);
        assert_eq!(
            json(&list).unwrap().as_str(),
            Some(r#"["\u003ca\u003e",2]"#)
        );
    }

    #[test]
    fn page_title_is_the_title_template_replaced() {
        use crate::context::SiteView;
        let mut env = minijinja::Environment::new();
        crate::renderer::configure(&mut env);
        for ext in ["html", "txt"] {
            env.add_template_owned(format!("fast.{ext}"), "{{ t|page_title }}")
                .unwrap();
            let builtin = "{{ site.title_template|replace('%s', t) }}";
            env.add_template_owned(format!("builtin.{ext}"), builtin)
                .unwrap();
        }
        let templates = ["%s | Blog", "%s", "No title", "%s & %s <%s>", ""];
        let titles = [
            Value::from("Fish & <Chips>"),
            Value::from(""),
            Value::from("A title longer than twenty-two bytes"),
            Value::from_safe_string("<b>Safe</b> & sound".into()),
            Value::from(42),
        ];
        for template in templates {
            let site = SiteView {
                title_template: template.into(),
                ..SiteView::default()
            };
            let objects = [
                Value::from_object(SiteObject::new(site.clone())),
                Value::from(minijinja::value::Serde(&site)),
            ];
            for site in objects {
                for t in &titles {
                    for ext in ["html", "txt"] {
                        let render = |name: String| {
                            env.get_template(&name)
                                .unwrap()
                                .render(
                                    minijinja::context! { site => site.clone(), t => t.clone() },
                                )
                                .unwrap()
                        };
                        let fast = render(format!("fast.{ext}"));
                        assert_eq!(fast, render(format!("builtin.{ext}")), "{template:?} {t:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn handles() {
        assert_eq!(twitter_handle("ada"), "@ada");
        assert_eq!(twitter_handle("@ada"), "@ada");
        assert_eq!(twitter_handle("https://twitter.com/ada/"), "@ada");
        assert_eq!(twitter_handle("  "), "");
    }

    #[test]
    fn ids_are_stripped_from_tags_only() {
        assert_eq!(
            strip_ids(
                r#"<h2 id="intro">id="x" text</h2><p class="a" ID='y' data-id="z">t</p><img src="a" id=b>"#
            ),
            r#"<h2>id="x" text</h2><p class="a" data-id="z">t</p><img src="a">"#
        );
        assert_eq!(strip_ids("a < b"), "a < b");
        // A space before a character of several bytes inside a tag.
        assert_eq!(
            strip_ids(r#"<img alt=" 日本" id="x"> <a title=' 日' Id = 'y'>"#),
            r#"<img alt=" 日本"> <a title=' 日'>"#
        );
    }
}
