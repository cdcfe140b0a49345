//! File text with a line index: byte offsets to 1-based lines and character columns, and a fast
//! [`miette::SourceCode`].
//!
//! This is the one line-and-column model of every output format. Lines break at LF, CRLF and a
//! lone CR, as editors and the Language Server Protocol count them. Columns count from 1 in the
//! text as an editor shows it: a UTF-8 byte order mark at the start of the file is not a column.
//! Columns are Unicode characters (scalar values) in the formats; [`SourceText::column_in`] gives
//! them in UTF-16 code units or bytes too, from the same line index.
//!
//! miette's stock `SourceCode` for strings scans the file from byte 0 for every label, which makes
//! rendering thousands of findings in a 1 MB file take seconds. This one finds the line by binary
//! search and hands miette only the lines around the span.

use std::sync::{Arc, OnceLock};

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use serde::Serialize;

/// A position in a file: 1-based line, 1-based column in Unicode characters, byte offset from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// The text of one file and where its lines start.
#[derive(Debug, Clone)]
pub struct SourceText {
    text: Arc<str>,
    /// Computed on first use: files without findings never need it.
    line_starts: OnceLock<Vec<usize>>,
    /// The characters before every [`MARK`]th byte, computed on first use: a column far into a
    /// long line (a minified file is one line) is counted from the nearest mark, not from the
    /// line's start, so a thousand findings do not count the line a thousand times.
    char_marks: OnceLock<Vec<usize>>,
}

const MARK: usize = 4096;

/// What a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Unicode scalar values: what every output format gives.
    Char,
    /// UTF-16 code units: what a language server client asks for by default.
    Utf16,
    /// Bytes of UTF-8.
    Byte,
}

/// The UTF-8 encoding of U+FEFF, the byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where each line that starts in `bytes[from..to]` starts: after an LF, a CRLF (one break, after
/// its LF) or a lone CR. `bytes` is the whole text, so a CR just before `to` is told from the CR
/// of a CRLF.
fn line_starts_in(bytes: &[u8], from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', &bytes[from..to])
        .map(move |i| from + i)
        .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
        .map(|i| i + 1)
}

/// The characters in a run of UTF-8 bytes, counted without a character boundary at either end:
/// every byte that does not continue a character starts one.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl SourceText {
    pub fn new(text: impl Into<Arc<str>>) -> Self {
        SourceText {
            text: text.into(),
            line_starts: OnceLock::new(),
            char_marks: OnceLock::new(),
        }
    }

    /// The text, shared.
    pub fn shared(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            std::iter::once(0)
                .chain(line_starts_in(bytes, 0, bytes.len()))
                .collect()
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The 0-based line that holds `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&start| start <= offset) - 1
    }

    /// The position of a byte offset, from the line index (built on first use: a code frame's
    /// header asks for one position per finding); offsets inside a UTF-8 sequence count as its
    /// character.
    pub fn position(&self, offset: usize) -> Position {
        self.line_starts();
        self.positions(&[offset])[0]
    }

    /// The positions of many offsets at once (a file's findings and their labels). Once the line
    /// index is built (by a code frame), each is looked up in it; before, they are found in one
    /// pass over the text up to the last of them, each line break counted once (a vectorized
    /// count, a fraction of an instruction per byte, where indexing costs several).
    pub fn positions(&self, offsets: &[usize]) -> Vec<Position> {
        if self.line_starts.get().is_some() {
            return offsets
                .iter()
                .map(|&offset| {
                    let offset = self.floor_char_boundary(offset);
                    let line = self.line_of(offset);
                    Position {
                        line: line + 1,
                        column: self.column(offset, self.line_starts()[line]),
                        offset,
                    }
                })
                .collect();
        }
        let bytes = self.text.as_bytes();
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_unstable_by_key(|&i| offsets[i]);
        let mut found = vec![
            Position {
                line: 0,
                column: 0,
                offset: 0
            };
            offsets.len()
        ];
        // Lines before `counted`, and where the line that holds it starts.
        let (mut counted, mut line, mut line_start) = (0, 0, 0);
        for i in order {
            let offset = self.floor_char_boundary(offsets[i]);
            for start in line_starts_in(bytes, counted, offset) {
                line += 1;
                line_start = start;
            }
            counted = offset;
            found[i] = Position {
                line: line + 1,
                column: self.column(offset, line_start),
                offset,
            };
        }
        found
    }

    /// The 1-based column, in characters, of `offset` on the line that starts at `line_start`.
    fn column(&self, offset: usize, line_start: usize) -> usize {
        let chars = if offset - line_start <= MARK {
            chars_in(&self.text.as_bytes()[line_start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(line_start)
        };
        chars + 1 - usize::from(self.bom_before(offset, line_start))
    }

    /// Whether a byte order mark, which no editor shows, lies between `line_start` and `offset`.
    fn bom_before(&self, offset: usize, line_start: usize) -> bool {
        line_start == 0 && offset >= BOM.len() && self.text.as_bytes().starts_with(BOM)
    }

    /// The 1-based column of `offset` counted in `unit`: a language server's columns (UTF-16 by
    /// default) from the same lines as every format's.
    pub fn column_in(&self, offset: usize, unit: ColumnUnit) -> usize {
        let offset = self.floor_char_boundary(offset);
        let line_start = self.line_starts()[self.line_of(offset)];
        let bytes = &self.text.as_bytes()[line_start..offset];
        let bom = self.bom_before(offset, line_start);
        match unit {
            ColumnUnit::Char => self.column(offset, line_start),
            // A character outside the Basic Multilingual Plane (4 bytes of UTF-8) is two units.
            ColumnUnit::Utf16 => {
                let astral = bytes.iter().filter(|&&b| b >= 0xF0).count();
                self.column(offset, line_start) + astral
            }
            ColumnUnit::Byte => bytes.len() - if bom { BOM.len() } else { 0 } + 1,
        }
    }

    /// A language server's position of `offset`: the 0-based line and the column counted in
    /// `unit` from the line's first byte. Unlike [`SourceText::column_in`], a byte order mark is
    /// counted: a client's positions count the text it sent.
    pub fn lsp_position(&self, offset: usize, unit: ColumnUnit) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset);
        let line = self.line_of(offset);
        let start = self.line_starts()[line];
        let text = &self.text[start..offset];
        let column = match unit {
            ColumnUnit::Char => text.chars().count(),
            ColumnUnit::Utf16 => text.encode_utf16().count(),
            ColumnUnit::Byte => text.len(),
        };
        (line, column)
    }

    /// The byte offset of a language server's position (0-based line, column in `unit`), clamped:
    /// a line past the last is the end of the text, a column past a line's end is its end (before
    /// its line break), and a column inside a character is that character's start.
    pub fn lsp_offset(&self, line: usize, column: usize, unit: ColumnUnit) -> usize {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line) else {
            return self.text.len();
        };
        let end = starts.get(line + 1).copied().unwrap_or(self.text.len());
        let text = self.text[start..end].trim_end_matches(['\n', '\r']);
        let mut counted = 0;
        for (i, c) in text.char_indices() {
            counted += match unit {
                ColumnUnit::Char => 1,
                ColumnUnit::Utf16 => c.len_utf16(),
                ColumnUnit::Byte => c.len_utf8(),
            };
            if counted > column {
                return start + i;
            }
        }
        start + text.len()
    }

    /// The characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            let mut count = 0;
            let mut marks = vec![0];
            for block in self.text.as_bytes().chunks(MARK) {
                count += chars_in(block);
                marks.push(count);
            }
            marks
        });
        let block = offset / MARK;
        marks[block] + chars_in(&self.text.as_bytes()[block * MARK..offset])
    }

    /// The largest character boundary at or before `offset`.
    pub fn floor_char_boundary(&self, mut offset: usize) -> usize {
        offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The byte offset of a 1-based line and column (columns in characters), clamped to the file.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let start = if self.bom_before(self.text.len(), start) {
            BOM.len()
        } else {
            start
        };
        let end = self
            .line_starts()
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(end, |(i, _)| start + i)
    }

    /// The text of the 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts()[line - 1];
        let end = self
            .line_starts()
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// A line longer than this is shown in part in a code frame: a minified file is one line, and a
/// 10 MB string would otherwise be printed (and underlined) whole for every finding in it.
const LONG_LINE: usize = 1000;
/// On a long line: how many bytes of the span a frame marks, and how many it shows around them.
const SHOWN: usize = 80;

impl SourceText {
    /// The part of `range` a code frame marks: all of it, unless it starts on a long line, where
    /// it is cut to [`SHOWN`] bytes on that line.
    pub fn framed(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let (line_start, line_end) = self.line_bounds(range.start);
        if line_end - line_start <= LONG_LINE {
            return range;
        }
        let end = range.end.min(range.start + SHOWN).min(line_end);
        range.start..self.floor_char_boundary(end).max(range.start)
    }

    /// Where the line that holds `offset` starts and ends (before its line break).
    fn line_bounds(&self, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset.min(self.text.len()));
        let start = self.line_starts()[line];
        let end = self
            .line_starts()
            .get(line + 1)
            .map_or(self.text.len(), |&next| {
                let with_break = &self.text.as_bytes()[start..next];
                next - if with_break.ends_with(b"\r\n") { 2 } else { 1 }
            });
        (start, end)
    }

    /// A span on a long line with the bytes around it, without context lines. `None` when the
    /// span leaves its line (only [`SourceText::framed`] spans are cut).
    fn read_long_line(
        &self,
        start: usize,
        len: usize,
        context_lines_before: usize,
    ) -> Option<MietteSpanContents<'_>> {
        let (line_start, line_end) = self.line_bounds(start);
        if start + len > line_end {
            return None;
        }
        // Without context miette wants the data to start at the span, as `str` does.
        let data_start = if context_lines_before == 0 {
            start
        } else {
            self.floor_char_boundary(start.saturating_sub(SHOWN).max(line_start))
        };
        let mut data_end = (start + len + SHOWN).min(line_end);
        while !self.text.is_char_boundary(data_end) {
            data_end += 1;
        }
        Some(MietteSpanContents::new(
            &self.text.as_bytes()[data_start..data_end],
            SourceSpan::new(data_start.into(), data_end - data_start),
            self.line_of(start),
            // miette counts columns in bytes.
            data_start - line_start,
            0,
        ))
    }
}

impl SourceCode for SourceText {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (start, len) = (span.offset(), span.len());
        if start + len > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let (line_start, line_end) = self.line_bounds(start);
        if line_end - line_start > LONG_LINE
            && let Some(contents) = self.read_long_line(start, len, context_lines_before)
        {
            return Ok(Box::new(contents));
        }
        // Cut the text to the lines miette will show, let the `str` impl do the work on that slice,
        // then shift its answer back into file coordinates.
        let first_line = self.line_of(start).saturating_sub(context_lines_before);
        let last_line = (self.line_of((start + len).saturating_sub(1).max(start))
            + context_lines_after)
            .min(self.line_starts().len() - 1);
        let slice_start = self.line_starts()[first_line];
        let slice_end = self
            .line_starts()
            .get(last_line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let slice = &self.text[slice_start..slice_end];
        let local = SourceSpan::new((start - slice_start).into(), len);
        let contents = slice.read_span(&local, context_lines_before, context_lines_after)?;
        let data_start = contents.data().as_ptr() as usize - self.text.as_ptr() as usize;
        Ok(Box::new(MietteSpanContents::new(
            contents.data(),
            SourceSpan::new(data_start.into(), contents.data().len()),
            contents.line() + first_line,
            contents.column(),
            contents.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = SourceText::new("{\n  \"ä\": 1,\n  \"b\": 2\n}");
        assert_eq!(
            src.position(0),
            Position {
                line: 1,
                column: 1,
                offset: 0
            }
        );
        // `1` after `"ä": ` on line 2: bytes 2 (indent) + 4 ("ä" quoted) + 2 (": ") = 8 in, 7 characters in.
        let one = src.text().find('1').unwrap();
        assert_eq!(
            src.position(one),
            Position {
                line: 2,
                column: 8,
                offset: one
            }
        );
        assert_eq!(src.offset_of(2, 8), one);
        assert_eq!(src.line_text(3), "  \"b\": 2");
    }

    /// Positions found together are the positions found one by one, for every offset of texts with
    /// multi-byte characters, CRLF line breaks and a line longer than a mark.
    #[test]
    fn positions_at_once_are_positions_one_by_one() {
        let long = format!("{{\"a\": \"{}ä\",\r\n \"b\": 1}}\n", "é".repeat(MARK));
        for text in [
            "",
            "\n",
            "{\n  \"ä\": 1,\r\n  \"b\": [\"😀\", 2]\n}",
            "a\n\nb",
            "{\r\"a\":\r\r1,\r\n\"é\": 2\n}\r",
            "\u{feff}{\"a\": 1}\r\n",
            "\r",
            &long,
        ] {
            let every: Vec<usize> = (0..=text.len() + 2).rev().collect();
            let one_by_one: Vec<Position> = every
                .iter()
                .map(|&o| SourceText::new(text).position(o))
                .collect();
            assert_eq!(
                SourceText::new(text).positions(&every),
                one_by_one,
                "{text:?}"
            );
            let indexed = SourceText::new(text);
            indexed.line_starts();
            assert_eq!(indexed.positions(&every), one_by_one, "{text:?}");
        }
    }

    #[test]
    fn columns_far_into_a_long_line_count_characters() {
        let line = "ä€x".repeat(5000);
        let src = SourceText::new(format!("{{\n{line}\n}}"));
        for offset in [2, 3, 4097, 9000, 20_000, 2 + line.len()] {
            let offset = src.floor_char_boundary(offset);
            let expected = src.text()[2..offset].chars().count() + 1;
            assert_eq!(src.position(offset).column, expected, "{offset}");
            assert_eq!(src.position(offset).line, 2);
        }
    }

    #[test]
    fn counted_and_indexed_positions_agree() {
        let text = "{\n  \"ä\": [1,\n\n    2],\r\n  \"b\": \"x\"\n}\n";
        // Read from the line index, which a code frame builds.
        let src = SourceText::new(text);
        src.line_starts();
        let positions: Vec<Position> = (0..=text.len()).map(|o| src.position(o)).collect();
        // Counted, in a text with no index.
        let fresh: Vec<Position> = (0..=text.len())
            .map(|o| SourceText::new(text).position(o))
            .collect();
        assert_eq!(positions, fresh);
    }

    /// Lines break at LF, CRLF and a lone CR; a byte order mark is not a column.
    #[test]
    fn lines_and_columns_as_an_editor_shows_them() {
        let text = "\u{feff}{\"a\": 1,\r\"b\": 2,\r\n\"c\": 3,\n\"😀é\": 4}";
        let src = SourceText::new(text);
        let at = |needle: &str| {
            let p = src.position(text.find(needle).unwrap());
            (p.line, p.column)
        };
        assert_eq!(at("{"), (1, 1));
        assert_eq!(at("1"), (1, 7));
        assert_eq!(at("\"b\""), (2, 1));
        assert_eq!(at("\"c\""), (3, 1));
        assert_eq!(at("4"), (4, 7));
        assert_eq!(src.line_text(2), "\"b\": 2,");
        assert_eq!(src.offset_of(1, 1), text.find('{').unwrap());
        // The same lines in the units a language server may ask for.
        let four = text.find('4').unwrap();
        assert_eq!(src.column_in(four, ColumnUnit::Char), 7);
        assert_eq!(src.column_in(four, ColumnUnit::Utf16), 8);
        assert_eq!(src.column_in(four, ColumnUnit::Byte), 11);
        let one = text.find('1').unwrap();
        assert_eq!(src.column_in(one, ColumnUnit::Utf16), 7);
        assert_eq!(src.column_in(one, ColumnUnit::Byte), 7);
    }

    #[test]
    fn offsets_inside_a_character_snap_back() {
        let src = SourceText::new("\"ä\"");
        assert_eq!(src.position(2).offset, 1);
    }
}
