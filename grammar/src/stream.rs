//! Cables one at a time, for a reader that checks a text far larger than what it should hold
//! parsed at once (the command line on a 1 GB file). Lines are lexed a window ahead of the
//! cable being parsed, and each cable is handed out with its own lines as soon as where it ends
//! no longer depends on lines not yet lexed; nothing of it is kept after that.
//!
//! A cable is accepted under the rule of `Document::reparse`'s working set: it must end before
//! the last lexed line, and far enough before it that the look-ahead for the next cable's lead
//! over a trailing run, or the look past a cut in plain text (`piece`), saw only lexed lines. Otherwise more lines are lexed and the cable is parsed again, so
//! the cables are those of [`crate::parse`], whatever the window (`tests/stream.rs`).

use crate::document::{ends_in_break, line_end};
use crate::line::{strip_terminator, LexedLine};
use crate::syntax::Cable;

/// Lines lexed ahead when the window runs out: a few dozen cables of a print.
pub const WINDOW: usize = 4096;

/// A cable with where it starts, relative to the start of the streamed text.
#[derive(Debug)]
pub struct Streamed {
    pub cable: Cable,
    pub start_byte: usize,
    pub start_line: usize,
}

/// The cables of a text in order; see the module's comment. `gave_up` tells a stream with a
/// [`Cables::limit`] that stopped because a cable went on past it.
pub struct Cables<'a> {
    text: &'a str,
    /// Where the next line to lex starts; `None` once the last line (maybe empty) was lexed.
    next_line: Option<usize>,
    /// Lines are lexed up to this byte only (the text's end without a limit).
    limit: usize,
    window: usize,
    lexed: Vec<LexedLine>,
    contents: Vec<&'a str>,
    /// The first line in `lexed` of the cable to parse next.
    head: usize,
    /// Where the trailing run that the look-ahead could cross starts in `lexed`.
    open_tail: usize,
    start_byte: usize,
    start_line: usize,
    /// What a line taken out of `lexed` leaves in its place.
    placeholder: LexedLine,
    pub gave_up: bool,
}

impl<'a> Cables<'a> {
    pub fn new(text: &'a str) -> Cables<'a> {
        Cables {
            text,
            next_line: Some(0),
            limit: text.len(),
            window: WINDOW,
            lexed: Vec::new(),
            contents: Vec::new(),
            head: 0,
            open_tail: 0,
            start_byte: 0,
            start_line: 0,
            placeholder: LexedLine::lex(""),
            gave_up: false,
        }
    }

    /// Lex `window` lines at a time (at least one): a small window only costs more re-parses.
    pub fn window(mut self, window: usize) -> Cables<'a> {
        self.window = window.max(1);
        self
    }

    /// Lex no line that starts at or past byte `limit`: a cable that needs such a line is not
    /// handed out, and the stream ends with `gave_up` set. For a reader that parses from a
    /// guessed cable start and must not run on through a text that is one long cable.
    pub fn limit(mut self, limit: usize) -> Cables<'a> {
        self.limit = limit.min(self.text.len());
        self
    }

    /// Lex at least `want` more lines, if the text has them.
    fn fill(&mut self, want: usize) {
        self.lexed.drain(..self.head);
        self.contents.drain(..self.head);
        self.head = 0;
        let bytes = self.text.as_bytes();
        let mut added = 0;
        while added < want {
            let Some(start) = self.next_line else { break };
            if start >= self.limit && start < self.text.len() {
                break;
            }
            let end = line_end(bytes, start);
            let line = &self.text[start..end];
            self.next_line = (end < bytes.len() || ends_in_break(line)).then_some(end);
            self.lexed.push(LexedLine::lex(line));
            self.contents.push(strip_terminator(line));
            added += 1;
        }
        self.open_tail = crate::document::trailing_lead_start(&self.lexed);
    }

    fn at_text_end(&self) -> bool {
        self.next_line.is_none()
    }
}

impl Iterator for Cables<'_> {
    type Item = Streamed;

    fn next(&mut self) -> Option<Streamed> {
        if self.gave_up {
            return None;
        }
        loop {
            if self.head == self.lexed.len() {
                if self.at_text_end() {
                    return None;
                }
                self.fill(self.window);
                if self.head == self.lexed.len() {
                    self.gave_up = true;
                    return None;
                }
            }
            let c =
                crate::parser::parse_cable(&self.contents[self.head..], &self.lexed[self.head..]);
            let n = c.line_count().max(1);
            let end = self.head + n;
            let limits = crate::piece::limits();
            let open = (end > self.open_tail && end + limits.lead >= self.lexed.len())
                || (c.cut && end + crate::piece::looks_past_cut(&limits) >= self.lexed.len());
            if !self.at_text_end() && (end >= self.lexed.len() || open) {
                // Where the cable ends may depend on lines not lexed yet.
                let before = self.lexed.len() - self.head;
                self.fill(self.window.max(before));
                if self.lexed.len() - self.head == before {
                    self.gave_up = true;
                    return None;
                }
                continue;
            }
            let mut cable = c;
            let owned = (self.head..self.head + cable.line_count())
                .map(|k| std::mem::replace(&mut self.lexed[k], self.placeholder.clone()));
            cable.lines = owned.collect();
            let streamed = Streamed {
                start_byte: self.start_byte,
                start_line: self.start_line,
                cable,
            };
            self.start_byte += streamed.cable.len;
            self.start_line += n;
            self.head = end;
            return Some(streamed);
        }
    }
}
