//! What asklint never prints: the secrets a run knows (access and refresh tokens, the Login with
//! Amazon client's id and secret, a token file's contents).
//!
//! They are taken out of the *data*, before anything is rendered, wrapped or cut: diagnostic
//! messages, labels and help, the document text that code frames quote, response bodies, error
//! strings, URLs. Scrubbing rendered text cannot work: miette wraps a long message at `|` and `-`,
//! a code frame shows an 80-byte window of a long line, a body is cut to a prefix, JSON escapes
//! quotes, and a URL percent-encodes; each of these splits or re-spells a secret past a text search.
//!
//! How a secret is found:
//! - as written, JSON-escaped (in a body or a JSON output) and percent-encoded (in a URL); in a
//!   document's text also inside string literals that spell it with escapes (`\u0041tza…`);
//! - wherever it occurs, whatever its length: inside a longer word too, since a secret's
//!   characters are printed all the same when they touch others. The price of a very short
//!   "secret" (real LWA tokens are hundreds of characters) is that its letters are hidden in
//!   ordinary words as well; the formats' own syntax, codes, positions and file names are never
//!   touched, since only data is scrubbed, and `submit` warns when a secret is shorter than
//!   [`SHORT`] characters.
//!
//! How it is replaced: in messages, values and lines, by `<redacted>`; in a document's text by a
//! mask of the same length in bytes, characters and UTF-16 units, line breaks (and a byte order
//! mark) kept, so every byte range, line and column computed from the text is what it was before.

use std::borrow::Cow;
use std::ops::Range;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use crate::check::FileReport;
use crate::files::PathError;
use crate::source::SourceText;

/// What a secret is replaced with in messages, values and lines; the second when a (very short)
/// secret is part of the first. They have no character in common, so one of them never holds it.
const REDACTED: [&str; 2] = ["<redacted>", "[REDACTED]"];

/// A secret shorter than this is hidden in ordinary words too, and `submit` says so.
pub const SHORT: usize = 8;

/// How a value goes into a URL (RFC 3986's unreserved characters stay as they are).
pub const URL_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The secrets of a run. Everything asklint prints has been through one of its methods.
#[derive(Debug, Default, Clone)]
pub struct Secrets(Vec<Secret>);

#[derive(Debug, Clone)]
struct Secret {
    /// As written, then each other spelling that differs: JSON-escaped, percent-encoded.
    forms: Vec<String>,
}

impl Secrets {
    /// Add a secret (surrounding whitespace is not part of it; a blank value is no secret).
    pub fn add(&mut self, secret: &str) {
        let secret = secret.trim();
        if secret.is_empty() || self.0.iter().any(|s| s.forms[0] == secret) {
            return;
        }
        let json = serde_json::to_string(secret).expect("a string serializes");
        let mut forms = vec![secret.to_owned()];
        for form in [
            json[1..json.len() - 1].to_owned(),
            utf8_percent_encode(secret, URL_COMPONENT).to_string(),
            secret.escape_debug().to_string(),
        ] {
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
        self.0.push(Secret { forms });
    }

    /// Whether a secret is shorter than [`SHORT`] characters.
    pub fn has_short(&self) -> bool {
        self.0.iter().any(|s| s.forms[0].chars().count() < SHORT)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `text` with every secret replaced by `<redacted>`.
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let found = self.find(text);
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        let marker = REDACTED
            .into_iter()
            .find(|m| self.find(m).is_empty())
            .expect("no secret is in both markers");
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for range in found {
            out.push_str(&text[at..range.start]);
            out.push_str(marker);
            at = range.end;
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }

    /// Scrub a string in place.
    pub fn scrub_string(&self, text: &mut String) {
        if let Cow::Owned(scrubbed) = self.scrub(text) {
            *text = scrubbed;
        }
    }

    /// Scrub every string and key of a JSON value.
    pub fn scrub_value(&self, value: &mut Value) {
        match value {
            Value::String(text) => self.scrub_string(text),
            Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_value(v)),
            Value::Object(map) => {
                if map.keys().any(|k| !self.find(k).is_empty()) {
                    *map = std::mem::take(map)
                        .into_iter()
                        .map(|(k, v)| (self.scrub(&k).into_owned(), v))
                        .collect();
                }
                map.values_mut().for_each(|v| self.scrub_value(v));
            }
            _ => {}
        }
    }

    /// A document's text with every secret masked, keeping every position; `None` when it holds
    /// none.
    pub fn mask(&self, text: &str) -> Option<String> {
        let mut found = self.find(text);
        found.extend(self.escaped_literals(text));
        if found.is_empty() {
            return None;
        }
        let mut bytes = text.as_bytes().to_vec();
        for range in merge(found) {
            let mut at = range.start;
            for c in text[range].chars() {
                // Line breaks and a byte order mark stay: they decide lines and columns.
                let mask = match c {
                    '\n' | '\r' | '\u{feff}' => c,
                    _ => MASKS[c.len_utf8() - 1],
                };
                mask.encode_utf8(&mut bytes[at..at + c.len_utf8()]);
                at += c.len_utf8();
            }
        }
        Some(String::from_utf8(bytes).expect("masks replace whole characters"))
    }

    /// A checked file's report with every secret taken out: its text (masked, so its ranges
    /// still hold), and its findings' messages, labels, help, pointers and fixes. Its name is the
    /// user's own, and stays as it is.
    pub fn scrub_report(&self, report: &mut FileReport) {
        if self.is_empty() {
            return;
        }
        if let Some(masked) = self.mask(report.source.text()) {
            report.source = SourceText::new(masked);
        }
        for d in &mut report.diagnostics {
            self.scrub_string(&mut d.message);
            self.scrub_string(&mut d.pointer);
            for text in [&mut d.label, &mut d.help, &mut d.suppressed]
                .into_iter()
                .flatten()
            {
                self.scrub_string(text);
            }
            for label in &mut d.labels {
                self.scrub_string(&mut label.message);
                self.scrub_string(&mut label.pointer);
            }
            // A fix's message and the text its edits insert quote the document.
            if let Some(fix) = &mut d.fix {
                self.scrub_string(&mut fix.message);
                for edit in &mut fix.edits {
                    self.scrub_string(&mut edit.content);
                }
            }
        }
    }

    pub fn scrub_error(&self, error: &mut PathError) {
        self.scrub_string(&mut error.message);
    }

    /// Where secrets occur in `text`, sorted, overlaps merged.
    fn find(&self, text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        for secret in &self.0 {
            for form in &secret.forms {
                found.extend(
                    text.match_indices(form.as_str())
                        .map(|(start, form)| start..start + form.len()),
                );
            }
        }
        merge(found)
    }

    /// The contents of the JSON string literals in `text` that spell a secret with escapes.
    fn escaped_literals(&self, text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        if !text.contains('\\') {
            return found;
        }
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(open) = memchr::memchr(b'"', &bytes[at..]).map(|i| at + i) {
            let mut end = open + 1;
            let mut escaped = false;
            while end < bytes.len() && bytes[end] != b'\n' && (escaped || bytes[end] != b'"') {
                escaped = !escaped && bytes[end] == b'\\';
                end += 1;
            }
            let contents = &text[open + 1..end];
            if contents.contains('\\') && !self.find(&unescape(contents)).is_empty() {
                found.push(open + 1..end);
            }
            at = end + 1;
            if at >= bytes.len() {
                break;
            }
        }
        found
    }
}

/// A mask character for each UTF-8 length: one byte, two, three, four.
const MASKS: [char; 4] = ['*', '\u{d7}', '\u{2217}', '\u{1f512}'];

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// The string a JSON literal's contents stand for; a broken escape is kept as written.
fn unescape(contents: &str) -> String {
    let mut out = String::with_capacity(contents.len());
    let mut rest = contents;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let simple = match rest.as_bytes().get(1) {
            Some(b'"') => Some('"'),
            Some(b'\\') => Some('\\'),
            Some(b'/') => Some('/'),
            Some(b'b') => Some('\u{8}'),
            Some(b'f') => Some('\u{c}'),
            Some(b'n') => Some('\n'),
            Some(b'r') => Some('\r'),
            Some(b't') => Some('\t'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            rest = &rest[2..];
            continue;
        }
        let unit = |s: &str| {
            s.strip_prefix("\\u")
                .and_then(|h| h.get(..4))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
        };
        match unit(rest) {
            Some(high @ 0xd800..0xdc00) => match unit(&rest[6..]) {
                Some(low @ 0xdc00..0xe000) => {
                    let c = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
                    out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                    rest = &rest[12..];
                }
                _ => {
                    out.push('\u{fffd}');
                    rest = &rest[6..];
                }
            },
            Some(unit) => {
                out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                rest = &rest[6..];
            }
            None => {
                out.push('\\');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(list: &[&str]) -> Secrets {
        let mut secrets = Secrets::default();
        for s in list {
            secrets.add(s);
        }
        secrets
    }

    #[test]
    fn every_spelling_of_a_secret_is_scrubbed() {
        let s = secrets(&["Atza|long-token\"quoted\"", "  ", ""]);
        assert_eq!(s.0.len(), 1, "blank values are no secrets");
        assert_eq!(s.scrub("a Atza|long-token\"quoted\" b"), "a <redacted> b");
        assert_eq!(
            s.scrub(r#"{"t":"Atza|long-token\"quoted\""}"#),
            r#"{"t":"<redacted>"}"#
        );
        assert_eq!(
            s.scrub("/x?t=Atza%7Clong-token%22quoted%22&y"),
            "/x?t=<redacted>&y"
        );
        assert_eq!(s.scrub("Atza|long-token"), "Atza|long-token");
    }

    #[test]
    fn a_short_secret_is_scrubbed_wherever_it_is() {
        let s = secrets(&["dev", "q|7"]);
        assert!(s.has_short());
        assert_eq!(
            s.scrub("dev, development, xq|7x"),
            "<redacted>, <redacted>elopment, x<redacted>x"
        );
        assert_eq!(s.scrub("/v1/q%7C7/x"), "/v1/<redacted>/x");
        assert!(!secrets(&["12345678"]).has_short());
        // A secret that is part of the marker gets the other one.
        assert_eq!(secrets(&["act"]).scrub("an act"), "an [REDACTED]");
        assert_eq!(secrets(&["ACT"]).scrub("an ACT"), "an <redacted>");
    }

    #[test]
    fn overlapping_secrets_leave_nothing_of_either() {
        let s = secrets(&["abcdefghij", "fghijklmnop"]);
        assert_eq!(s.scrub("0abcdefghijklmnop1"), "0<redacted>1");
    }

    #[test]
    fn a_masked_text_keeps_every_position() {
        let s = secrets(&["tök€n-😀-secret", "Atza|xyz12345"]);
        let text =
            "{\n  \"a\": \"tök€n-😀-secret\",\r\n  \"b\": \"\\u0041tza|xyz12345\", \"c\": 1\n}";
        let masked = s.mask(text).unwrap();
        assert_eq!(masked.len(), text.len());
        assert!(
            !masked.contains("tök€n") && !masked.contains("xyz12345"),
            "{masked}"
        );
        for (i, _) in text.char_indices() {
            assert!(masked.is_char_boundary(i));
        }
        assert_eq!(masked.chars().count(), text.chars().count());
        assert_eq!(masked.encode_utf16().count(), text.encode_utf16().count());
        assert_eq!(masked.lines().count(), text.lines().count());
        assert!(masked.contains("\"c\": 1"), "{masked}");
        assert_eq!(s.mask("nothing here"), None);
    }

    proptest::proptest! {
        /// Over any text (line breaks, multi-byte and astral characters) and a secret cut from
        /// it: the mask keeps every byte, character, UTF-16 unit and line break where it was, and
        /// neither the masked nor the scrubbed text holds the secret.
        #[test]
        fn masking_keeps_every_position(
            text in "(\\PC|[\n\r\\\"a|-]){1,60}",
            cut in (0usize..60, 1usize..12),
        ) {
            let chars: Vec<char> = text.chars().collect();
            let start = cut.0 % chars.len();
            let secret: String = chars[start..(start + cut.1).min(chars.len())].iter().collect();
            let secret = secret.trim();
            // A secret that begins or ends with a marker's bracket can be formed again by the
            // marker and its neighbour; one of mask characters only, by a mask.
            if secret.is_empty() || secret.contains(['<', '>', '[', ']']) || secret.contains(MASKS) {
                return Ok(());
            }
            let s = secrets(&[secret]);
            let masked = s.mask(&text).unwrap_or_else(|| text.clone());
            proptest::prop_assert_eq!(masked.len(), text.len());
            proptest::prop_assert_eq!(masked.chars().count(), text.chars().count());
            proptest::prop_assert_eq!(masked.encode_utf16().count(), text.encode_utf16().count());
            for (i, c) in text.char_indices() {
                proptest::prop_assert!(masked.is_char_boundary(i));
                if matches!(c, '\n' | '\r') {
                    proptest::prop_assert_eq!(masked.as_bytes()[i], c as u8);
                }
            }
            proptest::prop_assert!(!masked.contains(secret), "{:?}", masked);
            proptest::prop_assert!(!s.scrub(&text).contains(secret));
        }
    }

    #[test]
    fn escapes_are_read_as_json_reads_them() {
        assert_eq!(
            unescape(r"a\u0041\n\/\ud83d\ude00\q\u12"),
            "aA\n/😀\\q\\u12"
        );
    }

    #[test]
    fn values_are_scrubbed_keys_included() {
        let s = secrets(&["Atza|secret-token"]);
        let mut value = serde_json::json!({"Atza|secret-token": ["x Atza|secret-token", 1]});
        s.scrub_value(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"<redacted>": ["x <redacted>", 1]})
        );
    }
}
