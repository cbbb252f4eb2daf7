//! A long text parsed on several threads: cut at line starts into one segment per thread, each
//! streamed (`stream::Cables`) from its start as if a cable began there, then stitched where
//! two parses agree. The result is [`crate::parse`]'s, cable for cable.
//!
//! Only the first segment starts where a cable surely starts. A parse from a guessed start may
//! get its first cable or two wrong, but the parse of a cable depends only on its own lines
//! and the next cable's lead (ARCHITECTURE.md, "Invariants"): once two parses have a cable
//! start in common they are the same from there on. So each segment goes on a few cables past
//! its end (`OVERLAP`), and the stitch takes the trusted parse up to the first cable start the
//! next segment's parse also has, then that parse. Where none is shared (a cable longer than
//! the overlap), the rest is parsed from the last trusted start on one thread: slower, never
//! different. (`cable-ls check` does the same with a reader that checks as it goes.)

use std::collections::VecDeque;
use std::sync::Arc;

use crate::stream::{Cables, Streamed};
use crate::syntax::Cable;

/// Texts shorter than this are parsed on one thread: starting threads and parsing the overlaps
/// twice would cost more than they save.
pub const PARALLEL_FROM: usize = 2 << 20;

/// Cables a segment parses past its end, for the next segment's parse to meet.
const OVERLAP: usize = 4;

/// Bytes a segment may parse past its end at the least, so that a long cable there is met.
const REACH: usize = 1 << 20;

/// A segment's cables, each with its start in the whole text.
type Segment = Vec<(usize, Cable)>;

/// The cables of `text`, on `threads` threads; `None` as soon as `cancelled` says so (asked at
/// every cable, on every thread).
pub fn parse(
    text: &str,
    threads: usize,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Arc<Cable>>> {
    let of = threads.max(1);
    let segments: Vec<Option<Segment>> = std::thread::scope(|scope| {
        let running: Vec<_> = (0..of)
            .map(|k| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for s in segment(text, k, of) {
                        if cancelled() {
                            return None;
                        }
                        out.push((s.start_byte, s.cable));
                    }
                    Some(out)
                })
            })
            .collect();
        running
            .into_iter()
            .map(|t| {
                t.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut segments = segments.into_iter();
    let mut stitch = Stitch {
        pos: 0,
        ahead: segments.next()??.into(),
        out: Vec::new(),
    };
    for segment in segments {
        stitch.meet(segment?);
    }
    stitch.finish(text, cancelled)
}

/// Where segment `k` of `of` starts: the line start at or after its share of the text.
pub fn bound(text: &str, k: usize, of: usize) -> usize {
    if k == 0 {
        return 0;
    }
    if k >= of {
        return text.len();
    }
    let guess = (text.len() as u128 * k as u128 / of as u128) as usize;
    text.as_bytes()[guess..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(text.len(), |i| {
            let at = guess + i;
            // After the whole line end, `\r\n` included: never between its two bytes.
            at + if text.as_bytes()[at..].starts_with(b"\r\n") {
                2
            } else {
                1
            }
        })
}

/// The cables of segment `index` of `of` (see [`bound`]), streamed from its start as if a
/// cable began there, each with its start in `text`: to its end, then `OVERLAP` more (up to a
/// cable that needs more than `REACH` or the segment's length past the end). `cable-ls check`
/// reads a long file this way too.
pub fn segment(text: &str, index: usize, of: usize) -> impl Iterator<Item = Streamed> + '_ {
    let (from, to) = (bound(text, index, of), bound(text, index + 1, of));
    let last = to >= text.len();
    let limit = if last {
        text.len()
    } else {
        (to + (to - from).max(REACH)).min(text.len())
    };
    // A cut at the very end holds nothing (no cable of the whole parse starts there).
    let empty = from >= text.len() && from > 0;
    let mut past = 0;
    Cables::new(&text[from..])
        .limit(limit - from)
        .take_while(move |s| {
            if empty {
                return false;
            }
            if !last && from + s.start_byte >= to {
                past += 1;
            }
            past <= OVERLAP
        })
        .map(move |mut s| {
            s.start_byte += from;
            s
        })
}

/// The trusted parse so far: `out`, which ends at `pos`, and the cables of that parse from
/// there not taken yet.
struct Stitch {
    pos: usize,
    ahead: VecDeque<(usize, Cable)>,
    out: Vec<Arc<Cable>>,
}

impl Stitch {
    /// Take trusted cables up to the first start the next segment shares, then trust it.
    fn meet(&mut self, mut segment: Segment) {
        loop {
            if let Ok(k) = segment.binary_search_by_key(&self.pos, |c| c.0) {
                self.ahead = segment.drain(k..).collect();
                return;
            }
            match self.ahead.pop_front() {
                Some((_, cable)) => self.take(cable),
                // Nothing shared: `finish` parses on from `pos`.
                None => return,
            }
        }
    }

    fn take(&mut self, cable: Cable) {
        self.pos += cable.len;
        self.out.push(Arc::new(cable));
    }

    /// The trusted cables left, then the rest of the text parsed from the last of them.
    fn finish(
        mut self,
        text: &str,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Arc<Cable>>> {
        while let Some((_, cable)) = self.ahead.pop_front() {
            self.take(cable);
        }
        if self.pos < text.len() || self.out.is_empty() {
            let base = self.pos;
            for s in Cables::new(&text[base..]) {
                if cancelled() {
                    return None;
                }
                self.take(s.cable);
            }
        }
        Some(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts in, the serial parse out, for any number of threads: many cables, one cable
    /// longer than any segment (nothing shared: parsed on from the last trusted start), text
    /// that is no cable, line ends of every kind at the cuts, and the smallest texts.
    #[test]
    fn any_number_of_threads_gives_the_serial_parse() {
        let cable = "VZCZC\r\nP 041200Z MAR 92\r\nFM AMEMBASSY LIMA\nTO SECSTATE WASHDC\rBT\n\
                     C O N F I D E N T I A L LIMA 014540\n\nE.O. 12356: DECL: OADR\n\
                     TAGS: PGOV, PE\nSUBJECT: A TEST\n\n1. (C) FIRST.\n\n2. (U) SECOND.\nBT\n\
                     #4540\nNNNN\n";
        let long_cable = format!(
            "{}{}",
            &cable[..cable.find("2. (U)").unwrap()],
            "THE TEXT GOES ON.\r\n".repeat(4000)
        );
        let texts = [
            cable.repeat(300),
            format!("{}{long_cable}{}", cable.repeat(5), cable.repeat(5)),
            "NO CABLE AT ALL\n".repeat(5000),
            "\r".repeat(3000),
            String::new(),
            "\n".into(),
            "a".into(),
        ];
        for text in &texts {
            let serial = crate::parse(text);
            for threads in [1, 2, 3, 7, 64] {
                let got = parse(text, threads, &|| false).unwrap();
                assert!(
                    got == serial,
                    "{threads} threads on a text of {} bytes",
                    text.len()
                );
            }
        }
        assert!(parse(&texts[0], 2, &|| true).is_none(), "cancelled");
    }
}
