//! A large file checked on several threads: cut into segments at line starts, each parsed from
//! its start as if a cable began there, then stitched where the parses agree.
//!
//! Only the first segment starts where a cable surely starts. A parse from a guessed start
//! may get its first cable or two wrong, but the parse of a cable depends only on its own lines
//! and the next cable's lead (ARCHITECTURE.md, "Invariants"): once two parses have a cable
//! start in common, they are the same from there on. So each segment goes on a few cables past
//! its end (`OVERLAP`), and the reader takes the trusted parse up to the first cable start the
//! next segment's parse also has, then that parse. Where none is shared (a cable longer than
//! the overlap, a text that is one long cable), the reader parses on itself from the last
//! trusted start until one is: the output is that of one parse from the file's start whatever
//! happens, only slower.

use std::collections::VecDeque;

use cable_grammar::stream::{Cables, Streamed};

use crate::analysis::{self, Diagnostic};

/// Bytes per segment: many cables each, and enough segments to keep every core busy.
pub const SEGMENT: usize = 1 << 20;

/// A cable, checked: where it is in the file's text and its diagnostics in offsets from its
/// start; its line starts only when there is something to show.
pub struct Checked {
    pub start: usize,
    pub len: usize,
    pub lines: usize,
    pub diags: Vec<Diagnostic>,
    pub line_starts: Vec<usize>,
}

impl Checked {
    fn new(text: &str, base: usize, s: Streamed) -> Checked {
        let start = base + s.start_byte;
        let cable_text = text.get(start..start + s.cable.len).unwrap_or("");
        let diags = analysis::check_cable(&s.cable, cable_text);
        let (len, lines) = (s.cable.len, s.cable.line_count().max(1));
        let line_starts = if diags.is_empty() {
            Vec::new()
        } else {
            s.cable.line_starts
        };
        Checked {
            start,
            len,
            lines,
            diags,
            line_starts,
        }
    }
}

/// How many segments a file of `len` bytes is cut into.
pub fn count(len: u64, threads: usize) -> usize {
    if threads <= 1 || len < 2 * SEGMENT as u64 {
        1
    } else {
        len.div_ceil(SEGMENT as u64) as usize
    }
}

/// The cables of segment `index` of `of`, checked: from its start to its end, and a few more
/// past it (`cable_grammar::parallel::segment`).
pub fn check(text: &str, index: usize, of: usize) -> Vec<Checked> {
    cable_grammar::parallel::segment(text, index, of)
        .map(|s| Checked::new(text, 0, s))
        .collect()
}

/// The trusted parse so far: `pos` is a cable start of the parse from the file's start, and
/// `ahead` the cables of that parse from there that are not handed out yet.
pub struct Stitch {
    pos: usize,
    ahead: VecDeque<Checked>,
}

impl Stitch {
    /// From the first segment's cables, which start at the file's start.
    pub fn new(first: Vec<Checked>) -> Stitch {
        Stitch {
            pos: 0,
            ahead: first.into(),
        }
    }

    /// Take the next segment's cables: hand out trusted cables up to the first start they
    /// share with it, then trust it.
    pub fn next(&mut self, text: &str, mut segment: Vec<Checked>, emit: &mut impl FnMut(Checked)) {
        loop {
            if let Ok(k) = segment.binary_search_by_key(&self.pos, |c| c.start) {
                self.ahead = segment.drain(k..).collect();
                return;
            }
            if let Some(c) = self.ahead.pop_front() {
                self.hand_out(c, emit);
                continue;
            }
            if self.pos >= text.len() || segment.last().is_none_or(|c| c.start < self.pos) {
                // Nothing of this segment can be met any more: the next one may be.
                return;
            }
            let base = self.pos;
            for s in Cables::new(&text[base..]) {
                self.hand_out(Checked::new(text, base, s), emit);
                let met = segment.binary_search_by_key(&self.pos, |c| c.start).is_ok();
                if met || segment.last().is_none_or(|c| c.start < self.pos) {
                    break;
                }
            }
        }
    }

    /// After the last segment: the rest of the text.
    pub fn finish(&mut self, text: &str, emit: &mut impl FnMut(Checked)) {
        while let Some(c) = self.ahead.pop_front() {
            self.hand_out(c, emit);
        }
        let base = self.pos;
        if base < text.len() {
            for s in Cables::new(&text[base..]) {
                self.hand_out(Checked::new(text, base, s), emit);
            }
        }
    }

    fn hand_out(&mut self, c: Checked, emit: &mut impl FnMut(Checked)) {
        self.pos = c.start + c.len;
        emit(c);
    }
}
