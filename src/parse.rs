//! Bytes to a parsed document: encoding checks, JSON syntax checks, values and spans.
//!
//! serde_json is the judge of validity and produces the values; jsonc-parser produces the byte ranges
//! (and, in lenient mode, finds every comment and trailing comma). Where a file can still be read
//! leniently, the comments and trailing commas are blanked out *in place* (same byte offsets) and the
//! other checks run on what is left.

use std::collections::HashMap;

use jsonc_parser::ast::{Object, Value as Node};
use jsonc_parser::common::Ranged;
use jsonc_parser::tokens::Token;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, parse_to_ast};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, codes};
use crate::fix::{Edit, Fix};
use crate::source::SourceText;
use crate::span_index::{SpanIndex, child, pointer_at, prop_name};
use crate::value;

/// The outcome of reading one file's bytes.
pub struct Parsed {
    pub source: SourceText,
    /// `None` when the file could not be read as JSON at all.
    pub value: Option<Value>,
    pub spans: SpanIndex,
    pub diagnostics: Vec<Diagnostic>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parse a file's bytes. Never fails: every problem is a diagnostic.
pub fn parse(bytes: &[u8]) -> Parsed {
    let mut diagnostics = Vec::new();
    if let Some(encoding) = utf16_encoding(bytes) {
        let source = SourceText::new(String::from_utf8_lossy(bytes).into_owned());
        let len = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            2
        } else {
            0
        };
        let range = 0..source.floor_char_boundary(len);
        diagnostics.push(
            Diagnostic::new(
                codes::ENCODING,
                format!("the file is encoded as {encoding}, not UTF-8"),
                "",
                range,
            )
            .with_help("save the file as UTF-8 without a byte order mark"),
        );
        return Parsed {
            source,
            value: None,
            spans: SpanIndex::default(),
            diagnostics,
        };
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(err) => {
            // The valid prefix is identical in the lossy text, so the offset holds there too.
            let source = SourceText::new(String::from_utf8_lossy(bytes).into_owned());
            let at = err.valid_up_to();
            let end = source.text()[at..]
                .chars()
                .next()
                .map_or(at, |c| at + c.len_utf8());
            let message = if looks_binary(bytes) {
                "the file is binary, not JSON text".to_owned()
            } else {
                format!("invalid UTF-8 byte 0x{:02X}", bytes[at])
            };
            diagnostics.push(
                Diagnostic::new(codes::ENCODING, message, "", at..end)
                    .with_help("save the file as UTF-8"),
            );
            return Parsed {
                source,
                value: None,
                spans: SpanIndex::default(),
                diagnostics,
            };
        }
    };
    let source = SourceText::new(text);
    // The text the JSON parsers see: the file's own unless something has to be blanked out.
    let mut parse_text = source.shared();
    if bytes.starts_with(UTF8_BOM) {
        diagnostics.push(
            Diagnostic::new(
                codes::ENCODING,
                "the file starts with a UTF-8 byte order mark",
                "",
                0..3,
            )
            .with_label("byte order mark")
            .with_help("remove the BOM: JSON parsers such as Node's JSON.parse reject it")
            .with_fix(Fix::safe(
                "remove the byte order mark",
                vec![Edit::delete(0..3)],
            )),
        );
        let mut owned = parse_text.to_string();
        blank(&mut owned, 0..3);
        parse_text = owned.into();
    }
    if parse_text.trim().is_empty() {
        let at = source.text().len();
        diagnostics.push(Diagnostic::new(
            codes::INVALID_JSON,
            "the file is empty",
            "",
            at..at,
        ));
        return Parsed {
            source,
            value: None,
            spans: SpanIndex::default(),
            diagnostics,
        };
    }

    let (value, spans) = match value::from_str(&parse_text) {
        // The common case: one parse, and positions only if a finding needs them.
        Ok((value, false)) => (Some(value), SpanIndex::deferred(parse_text)),
        Ok((value, true)) => {
            let spans = match parse_to_ast(&parse_text, &CollectOptions::default(), &STRICT) {
                Ok(result) => result.value.map(|root| {
                    find_duplicate_keys(&root, &mut String::new(), &mut diagnostics);
                    SpanIndex::build(&root)
                }),
                Err(_) => None,
            };
            (Some(value), spans.unwrap_or_default())
        }
        Err(strict_error) => parse_leniently(
            &source,
            parse_text.to_string(),
            &strict_error,
            &mut diagnostics,
        ),
    };
    Parsed {
        source,
        value,
        spans,
        diagnostics,
    }
}

const STRICT: ParseOptions = ParseOptions {
    allow_comments: false,
    allow_loose_object_property_names: false,
    allow_trailing_commas: false,
    allow_missing_commas: false,
    allow_single_quoted_strings: false,
    allow_hexadecimal_numbers: false,
    allow_unary_plus_numbers: false,
    allow_bare_decimal_point_numbers: false,
    allow_non_finite_numbers: false,
    allow_extended_string_escapes: false,
};

/// Only the two extensions we can repair without guessing: comments and trailing commas.
const LENIENT: ParseOptions = ParseOptions {
    allow_comments: true,
    allow_trailing_commas: true,
    ..STRICT
};

fn parse_leniently(
    source: &SourceText,
    mut parse_text: String,
    strict_error: &serde_json::Error,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<Value>, SpanIndex) {
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::AsTokens,
        tokens: true,
    };
    let Ok(result) = parse_to_ast(&parse_text, &collect, &LENIENT) else {
        diagnostics.push(invalid_json(source, strict_error));
        return (None, SpanIndex::default());
    };
    let Some(root) = result.value else {
        diagnostics.push(invalid_json(source, strict_error));
        return (None, SpanIndex::default());
    };
    let spans = SpanIndex::build(&root);
    let tokens = result.tokens.unwrap_or_default();
    let mut repairs = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let range = token.range.start..token.range.end;
        match token.token {
            Token::CommentLine(_) | Token::CommentBlock(_) => {
                diagnostics.push(
                    Diagnostic::new(
                        codes::COMMENT,
                        "comments are not allowed in JSON",
                        pointer_at(&root, range.start),
                        range.clone(),
                    )
                    .with_label("comment")
                    .with_help("remove the comment; SMAPI and ASK CLI parse strict JSON")
                    .with_fix(Fix::unsafe_(
                        "remove the comment",
                        vec![Edit::delete(comment_removal(source.text(), range.clone()))],
                    )),
                );
                repairs.push(range);
            }
            Token::Comma => {
                let next = tokens[i + 1..]
                    .iter()
                    .find(|t| !matches!(t.token, Token::CommentLine(_) | Token::CommentBlock(_)));
                if next.is_some_and(|t| matches!(t.token, Token::CloseBrace | Token::CloseBracket))
                {
                    diagnostics.push(
                        Diagnostic::new(codes::TRAILING_COMMA, "trailing comma", pointer_at(&root, range.start), range.clone())
                            .with_label("remove this comma")
                            .with_help("JSON does not allow a comma after the last member of an object or array")
                            .with_fix(Fix::safe("remove the trailing comma", vec![Edit::delete(range.clone())])),
                    );
                    repairs.push(range);
                }
            }
            _ => {}
        }
    }
    find_duplicate_keys(&root, &mut String::new(), diagnostics);
    drop(root);
    for range in repairs {
        blank(&mut parse_text, range);
    }
    match value::from_str(&parse_text) {
        Ok((value, _)) => (Some(value), spans),
        Err(err) => {
            diagnostics.push(invalid_json(source, &err));
            (None, spans)
        }
    }
}

/// What removing the comment at `range` removes: its whole line when it stands alone on it (with
/// the line's indentation and its line break), else the comment and the blanks before it.
fn comment_removal(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let b = text.as_bytes();
    let blank = |c: &u8| matches!(c, b' ' | b'\t');
    let line_start = b[..range.start]
        .iter()
        .rposition(|c| !blank(c))
        .map_or(0, |i| i + 1);
    let alone_before = line_start == 0 || b[line_start - 1] == b'\n';
    let mut end = range.end;
    while end < b.len() && blank(&b[end]) {
        end += 1;
    }
    let line_end = match b.get(end) {
        Some(b'\r') if b.get(end + 1) == Some(&b'\n') => Some(end + 2),
        Some(b'\n') => Some(end + 1),
        None => Some(end),
        _ => None,
    };
    match (alone_before, line_end) {
        (true, Some(line_end)) => line_start..line_end,
        // After a value on the same line (`"a": 1, // note`): the blanks before it go too.
        (false, Some(_)) => line_start..end,
        _ => range,
    }
}

/// Replace a range with spaces, keeping every byte offset.
fn blank(text: &mut String, range: std::ops::Range<usize>) {
    let blanks = " ".repeat(range.len());
    text.replace_range(range, &blanks);
}

fn invalid_json(source: &SourceText, err: &serde_json::Error) -> Diagnostic {
    // serde_json counts lines at LF only, columns in bytes from 1, and points at (or just past)
    // what it could not use.
    let bytes = source.text().as_bytes();
    let line_start = match err.line() {
        0 | 1 => 0,
        line => memchr::memchr_iter(b'\n', bytes)
            .nth(line - 2)
            .map_or(bytes.len(), |i| i + 1),
    };
    let at = source.floor_char_boundary(line_start + err.column().saturating_sub(1));
    let full = err.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    let syntax = explain(source.text(), message, at);
    let diagnostic = Diagnostic::new(codes::INVALID_JSON, syntax.message, "", syntax.range)
        .with_label(syntax.label);
    match syntax.help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// A JSON syntax error in the user's terms.
struct SyntaxError {
    message: String,
    range: std::ops::Range<usize>,
    label: &'static str,
    help: Option<&'static str>,
}

/// Say what serde_json's `message`, raised at byte `at` of `text`, means: name the offending
/// token where there is one (`NaN`, `'a'`, `\ud800`) and cover it whole.
fn explain(text: &str, message: &str, at: usize) -> SyntaxError {
    let one_char = at..text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    let plain = |message: &str, help: Option<&'static str>| SyntaxError {
        message: message.to_owned(),
        range: one_char.clone(),
        label: "here",
        help,
    };
    let word = word_around(text, at);
    let quoted = &text[word.clone()];
    match message {
        "expected value" | "expected ident" | "invalid number" | "number out of range"
            if matches!(quoted.trim_start_matches(['-', '+']), "NaN" | "Infinity") =>
        {
            SyntaxError {
                message: format!("`{quoted}` is not a JSON number"),
                range: word,
                label: "not a number",
                help: Some(
                    "JSON numbers are finite: there is no NaN or Infinity; write a number or null",
                ),
            }
        }
        "number out of range" => SyntaxError {
            message: format!("the number `{quoted}` is too large to be read"),
            range: word,
            label: "out of range",
            help: Some(
                "JSON parsers (SMAPI's too) read numbers as 64-bit floating point, which ends near 1.8e308",
            ),
        },
        "expected value" | "expected ident" if !word.is_empty() => SyntaxError {
            message: format!("`{quoted}` is not a JSON value"),
            range: word,
            label: "not a value",
            help: Some(
                "strings are written in double quotes; the only bare words are true, false and null",
            ),
        },
        _ if text[at..].starts_with('\'') => plain(
            "strings are written in double quotes, not single quotes",
            None,
        ),
        "key must be a string" => plain(
            "expected a key in double quotes",
            Some("JSON object keys are strings in double quotes: `{\"key\": 1}`"),
        ),
        "lone leading surrogate in hex escape" | "unexpected end of hex escape" => {
            match surrogate_escape(text, at) {
                Some(escape) => SyntaxError {
                    message: format!(
                        "`{}` is half of a UTF-16 surrogate pair, without its other half",
                        &text[escape.clone()]
                    ),
                    range: escape,
                    label: "lone surrogate",
                    help: Some(
                        "a character beyond U+FFFF is escaped as a pair, `\\uD800`-`\\uDBFF` then `\\uDC00`-`\\uDFFF` (e.g. `\\uD83D\\uDE00`); a half alone is no character: write the character itself or remove the escape",
                    ),
                },
                None => plain(message, None),
            }
        }
        "recursion limit exceeded" => SyntaxError {
            message: "objects and arrays are nested more than 127 levels deep".to_owned(),
            range: one_char,
            label: "level 128",
            help: Some(
                "asklint reads JSON nested at most 127 levels deep; no skill file comes near that",
            ),
        },
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            let found = text[at..].chars().next().map_or(0, u32::from);
            plain(
                &format!("a control character (U+{found:04X}) inside a string"),
                Some("write it as an escape: `\\n`, `\\t`, or `\\u0001` and the like"),
            )
        }
        "EOF while parsing a list"
        | "EOF while parsing an object"
        | "EOF while parsing a string"
        | "EOF while parsing a value" => SyntaxError {
            message: match message {
                "EOF while parsing a list" => "the file ends inside an array: a `]` is missing",
                "EOF while parsing an object" => "the file ends inside an object: a `}` is missing",
                "EOF while parsing a string" => "the file ends inside a string: a `\"` is missing",
                _ => "the file ends where a value should be",
            }
            .to_owned(),
            range: text.len()..text.len(),
            label: "the file ends here",
            help: None,
        },
        _ => plain(message, None),
    }
}

/// The run of number and bare-word characters (`-Infinity`, `1e400`, `tru`) that touches `at`.
fn word_around(text: &str, at: usize) -> std::ops::Range<usize> {
    let is_word = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'.');
    let bytes = text.as_bytes();
    let start = at - bytes[..at].iter().rev().take_while(|b| is_word(b)).count();
    let end = at + bytes[at..].iter().take_while(|b| is_word(b)).count();
    start..end
}

/// The last `\uXXXX` escape of a surrogate at or before `at`, on the same line.
fn surrogate_escape(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let mut end = (at + 1).min(bytes.len());
    while let Some(found) = memchr::memmem::rfind(&bytes[line_start..end], b"\\u") {
        let start = line_start + found;
        let code = text
            .get(start + 2..start + 6)
            .and_then(|hex| u16::from_str_radix(hex, 16).ok());
        if code.is_some_and(|c| (0xD800..=0xDFFF).contains(&c)) {
            return Some(start..start + 6);
        }
        end = start;
    }
    None
}

fn find_duplicate_keys(node: &Node<'_>, pointer: &mut String, diagnostics: &mut Vec<Diagnostic>) {
    match node {
        Node::Object(object) => {
            report_duplicates(object, pointer, diagnostics);
            let len = pointer.len();
            for prop in &object.properties {
                pointer.push('/');
                crate::span_index::push_escaped(pointer, prop_name(&prop.name));
                find_duplicate_keys(&prop.value, pointer, diagnostics);
                pointer.truncate(len);
            }
        }
        Node::Array(array) => {
            let len = pointer.len();
            for (i, element) in array.elements.iter().enumerate() {
                pointer.push_str(&format!("/{i}"));
                find_duplicate_keys(element, pointer, diagnostics);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn report_duplicates(object: &Object<'_>, pointer: &str, diagnostics: &mut Vec<Diagnostic>) {
    if object.properties.len() < 2 {
        return;
    }
    let mut first_seen: HashMap<&str, std::ops::Range<usize>> = HashMap::new();
    for prop in &object.properties {
        let name = prop_name(&prop.name);
        let range = prop.name.range();
        let range = range.start..range.end;
        match first_seen.get(name) {
            Some(first) => diagnostics.push(
                Diagnostic::new(
                    codes::DUPLICATE_KEY,
                    format!("duplicate key `{name}`"),
                    child(pointer, name),
                    range,
                )
                .with_label("defined again here")
                .with_secondary("first defined here", child(pointer, name), first.clone())
                .with_help(
                    "JSON parsers keep only the last value of a repeated key; remove one of them",
                ),
            ),
            None => {
                first_seen.insert(name, range);
            }
        }
    }
}

/// UTF-16 text, with or without a byte order mark.
fn utf16_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some("UTF-16 (little-endian)");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16 (big-endian)");
    }
    // JSON text starts with an ASCII character; in UTF-16 one of its first two bytes is zero.
    match bytes {
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some("UTF-16 (little-endian)"),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some("UTF-16 (big-endian)"),
        _ => None,
    }
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(1024).any(|&b| b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_of(text: &[u8]) -> Vec<&'static str> {
        parse(text).diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn trailing_comma_is_reported_at_the_comma_and_the_rest_is_read() {
        let text = "{\n  \"a\": [1, 2,],\n  \"b\": true,\n}";
        let parsed = parse(text.as_bytes());
        let commas: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| &text[d.range.clone()])
            .collect();
        assert_eq!(commas, [",", ","]);
        assert_eq!(
            parsed.diagnostics[0].range.start,
            text.find("2,").unwrap() + 1
        );
        assert_eq!(parsed.diagnostics[0].pointer, "/a");
        assert_eq!(parsed.value.unwrap()["b"], true);
    }

    #[test]
    fn comments_are_reported_and_skipped() {
        let parsed = parse(b"{ // note\n \"a\": /* x */ 1 }");
        assert_eq!(
            parsed
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>(),
            ["JSON004", "JSON004"]
        );
        assert_eq!(parsed.value.unwrap()["a"], 1);
    }

    #[test]
    fn duplicate_key_points_at_the_second_with_a_label_on_the_first() {
        let text = r#"{"a": 1, "b": {"c": 1, "c": 2}}"#;
        let parsed = parse(text.as_bytes());
        let d = &parsed.diagnostics[0];
        assert_eq!((d.code, d.pointer.as_str()), ("JSON003", "/b/c"));
        assert_eq!(d.range.start, text.rfind("\"c\"").unwrap());
        assert_eq!(d.labels[0].range.start, text.find("\"c\"").unwrap());
    }

    #[test]
    fn invalid_json_has_the_exact_position() {
        let text = "{\n  \"a\": 1\n  \"b\": 2\n}";
        let parsed = parse(text.as_bytes());
        assert!(parsed.value.is_none());
        let d = &parsed.diagnostics[0];
        assert_eq!(d.code, "JSON001");
        assert_eq!(parsed.source.position(d.range.start).line, 3);
        assert_eq!(parsed.source.position(d.range.start).column, 3);
    }

    #[test]
    fn encodings() {
        assert_eq!(codes_of(b"\xEF\xBB\xBF{}"), ["JSON005"]);
        assert!(parse(b"\xEF\xBB\xBF{\"a\": 1}").value.is_some());
        assert_eq!(codes_of(b"\xFF\xFE{\x00}\x00"), ["JSON005"]);
        assert_eq!(codes_of(b"{\x00\"\x00"), ["JSON005"]);
        assert_eq!(codes_of(b"{\"a\": \"\xC3\x28\"}"), ["JSON005"]);
        assert_eq!(codes_of(b""), ["JSON001"]);
        assert_eq!(codes_of(b"  \n "), ["JSON001"]);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let parsed = parse(text.as_bytes());
        let d = &parsed.diagnostics[0];
        assert_eq!(
            (d.code, d.message.as_str(), d.range.start),
            (
                "JSON001",
                "objects and arrays are nested more than 127 levels deep",
                127
            )
        );
        assert!(
            parse(("[".repeat(127) + &"]".repeat(127)).as_bytes())
                .diagnostics
                .is_empty()
        );
    }

    #[test]
    fn syntax_errors_name_the_offending_token_and_cover_it() {
        let surrogate = "is half of a UTF-16 surrogate pair, without its other half";
        let cases = [
            (
                r#"{"a": NaN}"#,
                "`NaN` is not a JSON number".to_owned(),
                "NaN",
            ),
            (
                r#"{"a": Infinity}"#,
                "`Infinity` is not a JSON number".to_owned(),
                "Infinity",
            ),
            (
                r#"{"a": -Infinity}"#,
                "`-Infinity` is not a JSON number".to_owned(),
                "-Infinity",
            ),
            (
                r#"{"a": 1e400}"#,
                "the number `1e400` is too large to be read".to_owned(),
                "1e400",
            ),
            (
                r#"{"a": "\ud800"}"#,
                format!("`\\ud800` {surrogate}"),
                r"\ud800",
            ),
            (
                r#"{"a": "\udc00x"}"#,
                format!("`\\udc00` {surrogate}"),
                r"\udc00",
            ),
            (
                r#"{"a": "\ud800\u0041"}"#,
                format!("`\\ud800` {surrogate}"),
                r"\ud800",
            ),
            ("not json", "`not` is not a JSON value".to_owned(), "not"),
            (
                r#"{"a": tru}"#,
                "`tru` is not a JSON value".to_owned(),
                "tru",
            ),
            (
                "{'a': 1}",
                "strings are written in double quotes, not single quotes".to_owned(),
                "'",
            ),
            (
                "{\"a\": [1",
                "the file ends inside an array: a `]` is missing".to_owned(),
                "",
            ),
            (
                "{\"a\": \"x\u{1}\"}",
                "a control character (U+0001) inside a string".to_owned(),
                "\u{1}",
            ),
        ];
        for (text, message, covered) in cases {
            let parsed = parse(text.as_bytes());
            let d = &parsed.diagnostics[0];
            assert_eq!(
                (d.message.as_str(), &text[d.range.clone()]),
                (message.as_str(), covered),
                "{text}"
            );
        }
    }
}
