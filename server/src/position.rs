//! Byte offsets to lines and columns: the one line index, which the command line uses for
//! every position and the language server for the positions of a cable's diagnostics and
//! tokens (`lsp/encoding.rs` maps the protocol's encodings onto `Unit`s, and converts the
//! positions of requests and edits through the rope that holds the document).
//!
//! A column is a count of characters from the line's start. Counting them by walking the line
//! costs its length for every position, and a hostile file has lines of megabytes with a
//! diagnostic every few bytes; so `Counts` keeps the running counts at every block of `BLOCK`
//! bytes, and a count walks at most one block.

use cable_grammar::document::split_lines;

/// Bytes between two checkpoints: two counts per block (a quarter of the text's size in
/// memory) against a walk of at most this many bytes per count.
const BLOCK: usize = 64;

/// Unicode scalars and UTF-16 code units before any byte offset of a text.
pub struct Counts<'a> {
    text: &'a str,
    /// (scalars, UTF-16 units) in `text[..k * BLOCK]`, counted per byte (a byte that starts a
    /// scalar counts one, one that starts a four-byte scalar one more in UTF-16), so a block
    /// edge inside a character needs no care.
    before_block: Vec<(usize, usize)>,
}

impl<'a> Counts<'a> {
    pub fn new(text: &'a str) -> Counts<'a> {
        let mut before_block = Vec::with_capacity(text.len() / BLOCK + 2);
        let mut at = (0, 0);
        before_block.push(at);
        for block in text.as_bytes().chunks(BLOCK) {
            let (scalars, utf16) = count(block);
            at = (at.0 + scalars, at.1 + utf16);
            before_block.push(at);
        }
        Counts { text, before_block }
    }

    /// Unicode scalars in `text[..offset]`, for an offset on a character boundary.
    pub fn scalars(&self, offset: usize) -> usize {
        self.before(offset).0
    }

    /// UTF-16 code units in `text[..offset]`, for an offset on a character boundary.
    pub fn utf16(&self, offset: usize) -> usize {
        self.before(offset).1
    }

    fn before(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let block = offset / BLOCK;
        let start = block * BLOCK;
        let (scalars, utf16) = self.before_block[block];
        let end = self.before_block.get(block + 1);
        // A block with as many scalars as bytes is ASCII up to a lead byte at its very end
        // (whose character goes on in the next block, so no offset here lies past it): the
        // counts before an offset in it are its bytes.
        if end.is_some_and(|e| e.0 - scalars == BLOCK.min(self.text.len() - start)) {
            return (scalars + offset - start, utf16 + offset - start);
        }
        let (s, u) = count(&self.text.as_bytes()[start..offset]);
        (scalars + s, utf16 + u)
    }
}

/// (scalars, UTF-16 units) of whole characters in `bytes`: every byte but a continuation
/// (`10xxxxxx`) starts one, and a four-byte lead (`11110xxx`) needs a surrogate pair. Sums
/// rather than filtered counts, so that the compiler vectorises them.
fn count(bytes: &[u8]) -> (usize, usize) {
    let scalars: usize = bytes.iter().map(|&b| usize::from((b as i8) >= -0x40)).sum();
    let pairs: usize = bytes.iter().map(|&b| usize::from(b >= 0xF0)).sum();
    (scalars, scalars + pairs)
}

/// What a column counts: bytes (UTF-8), UTF-16 code units, or Unicode scalars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Bytes,
    Utf16,
    Scalars,
}

/// Line starts of a text, for turning byte offsets into (line, column) pairs: the one line
/// index of the command line and of the language server's cable-relative positions.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: std::borrow::Cow<'a, [usize]>,
    counts: Counts<'a>,
    /// The line of the last lookup: diagnostics come in order of position, most on the line
    /// of the one before.
    last_line: std::cell::Cell<usize>,
    /// The number of the text's first line: a cable's index numbers the lines of its file.
    first_line: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = Vec::new();
        let mut at = 0;
        for l in split_lines(text) {
            starts.push(at);
            at += l.len();
        }
        Self::from_starts(text, starts.into())
    }

    /// With the line starts already known (a cable's, found by the grammar).
    pub fn with_starts(text: &'a str, starts: &'a [usize]) -> LineIndex<'a> {
        Self::from_starts(text, starts.into())
    }

    fn from_starts(text: &'a str, starts: std::borrow::Cow<'a, [usize]>) -> LineIndex<'a> {
        LineIndex {
            text,
            starts,
            counts: Counts::new(text),
            last_line: std::cell::Cell::new(0),
            first_line: 0,
        }
    }

    /// Number the lines from `first` (the line of its file the text starts on): line numbers
    /// given and taken are the file's, offsets stay the text's.
    pub fn from_line(mut self, first: usize) -> LineIndex<'a> {
        self.first_line = first;
        self
    }

    /// 0-based line and 0-based column in Unicode scalar values. Offsets past the end or
    /// inside a character are clamped to the nearest valid place before them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.line_column(offset, Unit::Scalars)
    }

    /// 0-based line and 0-based column in `unit`s, clamped as `line_col`.
    pub fn line_column(&self, offset: usize, unit: Unit) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let hint = self.last_line.get();
        let on_hint = self.starts.get(hint).is_some_and(|&s| s <= offset)
            && self.starts.get(hint + 1).is_none_or(|&next| offset < next);
        let line = if on_hint {
            hint
        } else {
            self.starts
                .partition_point(|&s| s <= offset)
                .saturating_sub(1)
        };
        self.last_line.set(line);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let col = match unit {
            Unit::Bytes => offset - start,
            Unit::Utf16 => self.counts.utf16(offset) - self.counts.utf16(start),
            Unit::Scalars => self.counts.scalars(offset) - self.counts.scalars(start),
        };
        (line + self.first_line, col)
    }

    /// The byte offset where a 0-based line starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        let line = line.saturating_sub(self.first_line);
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// The content of a 0-based line, without its terminator.
    pub fn line_text(&self, line: usize) -> &'a str {
        let line = line.saturating_sub(self.first_line);
        let start = self.starts.get(line).copied().unwrap_or(self.text.len());
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        cable_grammar::line::strip_terminator(&self.text[start..end])
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn columns_count_scalar_values() {
        let text = "ab\r\né—’😀x\rlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(0), (0, 0));
        assert_eq!(idx.line_col(4), (1, 0));
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(x), (1, 4));
        assert_eq!(
            idx.line_col(x - 1),
            (1, 3),
            "inside the emoji clamps to its start"
        );
        assert_eq!(idx.line_col(text.len() + 10), (2, 4));
        assert_eq!(idx.line_text(1), "é—’😀x");
    }

    /// The conversion as it was before the index: a walk from the line's start.
    fn naive_line_col(text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let mut starts = Vec::new();
        let mut at = 0;
        for l in split_lines(text) {
            starts.push(at);
            at += l.len();
        }
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        (line, text[starts[line]..offset].chars().count())
    }

    /// Text of long and short lines mixing one- to four-byte characters and every terminator,
    /// long enough to cross several blocks (and several chunks of a rope), with PAGE 01
    /// headers that open cables. The language server's conversions are tested on it too.
    pub(crate) fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => Just("A".to_string()),
            1 => Just("é".to_string()),
            1 => Just("—".to_string()),
            1 => Just("😀".to_string()),
            1 => Just("\n".to_string()),
            1 => Just("\r\n".to_string()),
            1 => Just("\r".to_string()),
            1 => Just("\nPAGE 01 QUITO 08812 01 OF 04 141530Z\n".to_string()),
            1 => (1..400usize).prop_map(|n| "ZZ, ".repeat(n)),
            1 => (1..400usize).prop_map(|n| "É—😀".repeat(n)),
        ];
        prop::collection::vec(piece, 0..60).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn counts_equal_a_walk_from_the_start(text in text(), picks in prop::collection::vec(any::<usize>(), 64)) {
            let counts = Counts::new(&text);
            let mut offsets: Vec<usize> = picks.iter().map(|p| p % (text.len() + 1)).collect();
            offsets.extend([0, text.len()]);
            for mut off in offsets {
                while !text.is_char_boundary(off) {
                    off -= 1;
                }
                let before = &text[..off];
                prop_assert_eq!(counts.scalars(off), before.chars().count());
                prop_assert_eq!(counts.utf16(off), before.encode_utf16().count());
            }
        }

        #[test]
        fn columns_equal_a_walk_from_the_line_start(text in text(), picks in prop::collection::vec(any::<usize>(), 64)) {
            let idx = LineIndex::new(&text);
            let mut offsets: Vec<usize> = picks.iter().map(|p| p % (text.len() + 2)).collect();
            offsets.extend([0, text.len(), text.len() + 1]);
            for off in offsets {
                prop_assert_eq!(idx.line_col(off), naive_line_col(&text, off), "offset {}", off);
            }
        }
    }
}
