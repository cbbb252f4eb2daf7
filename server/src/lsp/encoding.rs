//! LSP positions to byte offsets and back. Every conversion between the protocol's
//! `(line, character)` and the grammar's byte offsets happens here.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r` (the rope is built with `cr_lines` only, so form
//! feeds and U+2028 are not line breaks, as in LSP). All lookups go through the rope's
//! indexes, so a conversion costs O(log n) whatever the size of the document or the line.

use ropey::Rope;
use tower_lsp_server::ls_types::{
    ClientCapabilities, Position, PositionEncodingKind, Range as LspRange,
};

use cable_grammar::syntax::Cable;
use cable_grammar::TextRange;

use crate::position::{LineIndex, Unit};

/// What a `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// The protocol's default and the one every client must support.
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The best encoding the client offers: utf-8 (no conversion), then utf-32, then utf-16.
    pub fn negotiate(caps: &ClientCapabilities) -> Encoding {
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref())
            .unwrap_or_default();
        let has = |k: &PositionEncodingKind| offered.contains(k);
        if has(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if has(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// The byte offset a position names. A line past the end means the end of the document; a
    /// character past the end of its line means the end of the line (before its terminator);
    /// a character inside a multi-unit character means the start of that character.
    pub fn offset(self, rope: &Rope, pos: Position) -> usize {
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_bytes();
        }
        let line_start_char = rope.line_to_char(line);
        let content_end_char = line_start_char + content_chars(rope, line);
        let ch = pos.character as usize;
        let char_idx = match self {
            Encoding::Utf32 => line_start_char.saturating_add(ch).min(content_end_char),
            Encoding::Utf16 => {
                let base = rope.char_to_utf16_cu(line_start_char);
                let end = rope.char_to_utf16_cu(content_end_char);
                let target = base.saturating_add(ch).min(end);
                // Inside a surrogate pair ropey rounds down, to the character's start.
                rope.utf16_cu_to_char(target)
            }
            Encoding::Utf8 => {
                let base = rope.char_to_byte(line_start_char);
                let end = rope.char_to_byte(content_end_char);
                let target = base.saturating_add(ch).min(end);
                // `byte_to_char` rounds down to the start of the character holding the byte.
                rope.byte_to_char(target)
            }
        };
        rope.char_to_byte(char_idx)
    }

    /// The position of a byte offset inside one cable, with the line counted from the cable's
    /// first line: what a cable's diagnostics and tokens are computed as, since an edit
    /// elsewhere moves a cable's lines but never changes its columns.
    pub fn position_in_cable(self, cable: &LineIndex<'_>, offset: usize) -> Position {
        let (line, character) = cable.line_column(offset, self.unit());
        Position::new(to_u32(line), to_u32(character))
    }

    fn unit(self) -> Unit {
        match self {
            Encoding::Utf8 => Unit::Bytes,
            Encoding::Utf16 => Unit::Utf16,
            Encoding::Utf32 => Unit::Scalars,
        }
    }

    pub fn range_in_cable(self, cable: &LineIndex<'_>, range: TextRange) -> LspRange {
        LspRange::new(
            self.position_in_cable(cable, range.start),
            self.position_in_cable(cable, range.end),
        )
    }

    /// The position of a byte offset (clamped to the document, rounded down to a character).
    pub fn position(self, rope: &Rope, offset: usize) -> Position {
        let offset = offset.min(rope.len_bytes());
        let char_idx = rope.byte_to_char(offset);
        let line = rope.char_to_line(char_idx);
        let line_start = rope.line_to_char(line);
        let character = match self {
            Encoding::Utf32 => char_idx - line_start,
            Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start),
            Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.char_to_byte(line_start),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(self, rope: &Rope, range: TextRange) -> LspRange {
        LspRange::new(
            self.position(rope, range.start),
            self.position(rope, range.end),
        )
    }

    /// Byte range of an LSP range; a reversed range is taken as empty at its start.
    pub fn text_range(self, rope: &Rope, range: LspRange) -> TextRange {
        let start = self.offset(rope, range.start);
        TextRange::new(start, self.offset(rope, range.end))
    }
}

/// A cable's line index: positions with lines counted from the cable's first line.
pub fn cable_index<'a>(cable: &'a Cable, text: &'a str) -> LineIndex<'a> {
    LineIndex::with_starts(text, &cable.line_starts)
}

/// Characters of a line without its terminator.
fn content_chars(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let n = slice.len_chars();
    let ends_with = |c: char| n > 0 && slice.char(n - 1) == c;
    if ends_with('\n') {
        if n > 1 && slice.char(n - 2) == '\r' {
            n - 2
        } else {
            n - 1
        }
    } else if ends_with('\r') {
        n - 1
    } else {
        n
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // One line per interesting character class: 2-byte é, 3-byte — and ’, a 4-byte emoji that
    // is a surrogate pair in UTF-16; then each line terminator LSP knows.
    const TEXT: &str = "café — x\r\nl’😀y\rz\n";

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn offsets_per_encoding() {
        let rope = Rope::from_str(TEXT);
        let y = TEXT.find('y').unwrap();
        let emoji = TEXT.find('😀').unwrap();
        let line1 = TEXT.find('l').unwrap();
        // "l’😀y": y is 1+1+2 UTF-16 units, 1+1+1 scalars, 1+3+4 bytes after the line start.
        assert_eq!(Encoding::Utf16.offset(&rope, pos(1, 4)), y);
        assert_eq!(Encoding::Utf32.offset(&rope, pos(1, 3)), y);
        assert_eq!(Encoding::Utf8.offset(&rope, pos(1, 8)), y);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            assert_eq!(enc.position(&rope, y).line, 1);
            assert_eq!(enc.offset(&rope, enc.position(&rope, y)), y, "{enc:?}");
            assert_eq!(enc.offset(&rope, pos(1, 0)), line1);
        }
        assert_eq!(Encoding::Utf16.position(&rope, y), pos(1, 4));
        assert_eq!(Encoding::Utf32.position(&rope, y), pos(1, 3));
        assert_eq!(Encoding::Utf8.position(&rope, y), pos(1, 8));
        // Half a surrogate pair, or a byte inside the emoji, means the emoji's start.
        assert_eq!(Encoding::Utf16.offset(&rope, pos(1, 3)), emoji);
        assert_eq!(Encoding::Utf8.offset(&rope, pos(1, 6)), emoji);
    }

    #[test]
    fn first_line_columns() {
        let rope = Rope::from_str(TEXT);
        let x = TEXT.find('x').unwrap();
        // "café — x": x after 7 scalars / 7 UTF-16 units / 10 bytes.
        assert_eq!(Encoding::Utf16.position(&rope, x), pos(0, 7));
        assert_eq!(Encoding::Utf32.position(&rope, x), pos(0, 7));
        assert_eq!(Encoding::Utf8.position(&rope, x), pos(0, 10));
    }

    #[test]
    fn cable_relative_positions_agree_with_the_rope() {
        let text = format!("x\n{TEXT}");
        let doc = cable_grammar::Document::new(&text);
        let rope = Rope::from_str(&text);
        for placed in doc.placed() {
            let c = placed.cable;
            let cable_text = &text[placed.start_byte..placed.start_byte + c.len];
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                for off in 0..=c.len {
                    let rel = enc.position_in_cable(&cable_index(c, cable_text), off);
                    let abs = enc.position(&rope, placed.start_byte + off);
                    assert_eq!(
                        rel.line + placed.start_line as u32,
                        abs.line,
                        "{enc:?} {off}"
                    );
                    // Inside a line terminator the rope counts the `\r` as a column; a cable
                    // never puts a position there, so compare content positions only.
                    if !matches!(cable_text.as_bytes().get(off.wrapping_sub(1)), Some(b'\r')) {
                        assert_eq!(rel.character, abs.character, "{enc:?} {off}");
                    }
                }
            }
        }
    }

    /// The conversion as it was before it went through the rope: a walk over the cable's text
    /// from the line's start.
    fn naive_position_in_cable(
        enc: Encoding,
        cable: &Cable,
        text: &str,
        offset: usize,
    ) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = cable
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = cable
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(0)
            .min(offset);
        let prefix = &text[start..offset];
        let units = match enc {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => prefix.chars().count(),
        };
        Position::new(to_u32(line), to_u32(units))
    }

    proptest! {
        #[test]
        fn cable_positions_equal_a_walk_from_the_line_start(
            text in crate::position::tests::text(),
            picks in prop::collection::vec(any::<usize>(), 64),
        ) {
            let doc = cable_grammar::Document::new(&text);
            for placed in doc.placed() {
                let c = placed.cable;
                let cable_text = &text[placed.start_byte..placed.start_byte + c.len];
                let positions = cable_index(c, cable_text);
                let mut offsets: Vec<usize> = picks.iter().map(|p| p % (c.len + 2)).collect();
                offsets.extend([0, c.len, c.len + 1]);
                for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                    for &off in &offsets {
                        prop_assert_eq!(
                            enc.position_in_cable(&positions, off),
                            naive_position_in_cable(enc, c, cable_text, off),
                            "{:?} at {} of cable {}", enc, off, placed.index
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn clamps_past_line_and_document_end() {
        let rope = Rope::from_str(TEXT);
        let cr_lf = TEXT.find('\r').unwrap();
        let lone_cr = TEXT.find("\rz").unwrap();
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            assert_eq!(
                enc.offset(&rope, pos(0, 999)),
                cr_lf,
                "{enc:?}: before \\r\\n"
            );
            assert_eq!(
                enc.offset(&rope, pos(1, 999)),
                lone_cr,
                "{enc:?}: before \\r"
            );
            assert_eq!(enc.offset(&rope, pos(2, 999)), TEXT.len() - 1);
            assert_eq!(
                enc.offset(&rope, pos(3, 0)),
                TEXT.len(),
                "the empty last line"
            );
            assert_eq!(enc.offset(&rope, pos(99, 5)), TEXT.len());
            assert_eq!(enc.position(&rope, TEXT.len() + 7), pos(3, 0));
        }
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf32() {
        use tower_lsp_server::ls_types::GeneralClientCapabilities;
        let offer = |kinds: Option<Vec<PositionEncodingKind>>| ClientCapabilities {
            general: Some(GeneralClientCapabilities {
                position_encodings: kinds,
                ..Default::default()
            }),
            ..Default::default()
        };
        use PositionEncodingKind as K;
        assert_eq!(
            Encoding::negotiate(&offer(Some(vec![K::UTF16, K::UTF8]))),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(&offer(Some(vec![K::UTF16, K::UTF32]))),
            Encoding::Utf32
        );
        assert_eq!(
            Encoding::negotiate(&offer(Some(vec![K::UTF16]))),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(&offer(None)), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(&ClientCapabilities::default()),
            Encoding::Utf16
        );
    }
}
