//! Byte offsets to lines and columns. Every conversion of a position happens here.

use cable_grammar::document::split_lines;

/// Line starts of a text, for turning byte offsets into (line, column) pairs.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = Vec::new();
        let mut at = 0;
        for l in split_lines(text) {
            starts.push(at);
            at += l.len();
        }
        LineIndex { text, starts }
    }

    /// 0-based line and 0-based column in Unicode scalar values. Offsets past the end or
    /// inside a character are clamped to the nearest valid place before them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let col = self.text[self.starts[line]..offset].chars().count();
        (line, col)
    }

    /// The byte offset where a 0-based line starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// The content of a 0-based line, without its terminator.
    pub fn line_text(&self, line: usize) -> &'a str {
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
mod tests {
    use super::*;

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
}
