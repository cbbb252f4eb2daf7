//! Byte ranges. Inside a line they are relative to the line start; inside a cable, relative to the
//! cable start. Absolute offsets exist only at the document level, so reused blocks never need
//! their positions rewritten after an edit elsewhere.

/// A half-open byte range `[start, end)` relative to the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: clamp_u32(start),
            end: clamp_u32(end),
        }
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text this span covers in `line`; empty if the span does not fit (never panics).
    pub fn text(self, line: &str) -> &str {
        line.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A half-open byte range in some larger text (a cable or a document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> TextRange {
        TextRange {
            start,
            end: end.max(start),
        }
    }

    pub fn shift(self, by: usize) -> TextRange {
        TextRange {
            start: self.start + by,
            end: self.end + by,
        }
    }

    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}
