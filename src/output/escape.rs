//! Characters that a terminal must not receive raw, made visible. Text that comes from a checked
//! file (keys and values quoted in messages, the source lines of a code frame), from a file's name
//! or from a server is written through here in the human, concise and github formats: an ESC there
//! would start an escape sequence, a BEL ring, a CR overwrite the line, a bidirectional override
//! reorder what the reader sees. The JSON and SARIF formats need none of this: JSON escapes every
//! control character itself.
//!
//! The notation is Rust's: `\u{1b}`, the code point in lower-case hexadecimal.

use std::borrow::Cow;

/// Whether `c` is shown escaped: C0 controls, DEL and C1 controls (Unicode's `Cc`), and the
/// bidirectional embeddings, overrides and isolates.
pub fn is_escaped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// How `c` is shown: `\u{1b}`.
pub fn escaped(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

/// `text` with every character [`is_escaped`] says, except those in `keep`, shown escaped.
pub fn controls<'a>(text: &'a str, keep: &[char]) -> Cow<'a, str> {
    let shown = |c: char| !is_escaped(c) || keep.contains(&c);
    if text.chars().all(shown) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown(c) {
            out.push(c);
        } else {
            out.push_str(&escaped(c));
        }
    }
    Cow::Owned(out)
}

/// A message, label or help text of the human format: line breaks and tabs stay.
pub fn text(text: &str) -> Cow<'_, str> {
    controls(text, &['\n', '\t'])
}

/// Text on one line (a concise finding): only tabs stay.
pub fn line(text: &str) -> Cow<'_, str> {
    controls(text, &['\t'])
}

/// A file's name: nothing stays.
pub fn name(text: &str) -> Cow<'_, str> {
    controls(text, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_in_rust_notation() {
        assert_eq!(
            text("a\u{1b}[31mb\u{7}\n\u{85}\u{202e}é\t"),
            "a\\u{1b}[31mb\\u{7}\n\\u{85}\\u{202e}é\t"
        );
        assert_eq!(line("a\nb\r\tc\u{7f}"), "a\\u{a}b\\u{d}\tc\\u{7f}");
        assert_eq!(name("a\tb"), "a\\u{9}b");
        assert!(matches!(text("plain ä"), Cow::Borrowed(_)));
        assert_eq!(escaped('\u{feff}'), "\\u{feff}");
    }
}
