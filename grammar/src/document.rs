//! A document: the text in a rope and its cables, kept up to date edit by edit.
//!
//! An edit re-lexes only the lines it touches, then re-parses from the start of the cable that
//! holds them and stops at the first cable boundary past the edit that was also a boundary
//! before: from there on the old cables are reused as they are (their positions are relative, so
//! nothing in them moves). `incremental(old, edit) == parse(new text)` is the invariant, checked
//! by the property tests and, at run time, by [`Document::verify`].

use std::borrow::Cow;
use std::sync::Arc;

use ropey::Rope;

use crate::line::{strip_terminator, LexedLine};
use crate::parser::{is_run_line, parse_cable};
use crate::syntax::Cable;

#[derive(Debug, Clone)]
pub struct Document {
    rope: Rope,
    cables: Vec<Arc<Cable>>,
}

/// A cable with its absolute place in the document.
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    pub cable: &'a Arc<Cable>,
    pub index: usize,
    pub start_byte: usize,
    pub start_line: usize,
}

/// Split like ropey with `cr_lines` (and like LSP): at `\n`, `\r\n` and a lone `\r`. Each line
/// keeps its terminator; there is always a last (possibly empty) line after the last break.
pub fn split_lines(text: &str) -> Vec<&str> {
    lines(text).collect()
}

/// The lines of [`split_lines`], one at a time: what the parse lexes as it cuts them.
pub fn lines(text: &str) -> Lines<'_> {
    Lines {
        text,
        next: Some(0),
    }
}

pub struct Lines<'a> {
    text: &'a str,
    /// Where the next line starts; `None` once the last line (maybe empty) was handed out.
    next: Option<usize>,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = self.next?;
        let end = line_end(self.text.as_bytes(), start);
        let line = &self.text[start..end];
        self.next = (end < self.text.len() || ends_in_break(line)).then_some(end);
        Some(line)
    }
}

/// The end of the line starting at `start`, after its terminator. The breaks are found with
/// one vectorised search, not a test per byte.
pub(crate) fn line_end(b: &[u8], start: usize) -> usize {
    match memchr::memchr2(b'\n', b'\r', &b[start..]) {
        None => b.len(),
        Some(k) => {
            let i = start + k;
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            }
        }
    }
}

pub(crate) fn ends_in_break(line: &str) -> bool {
    line.ends_with('\n') || line.ends_with('\r')
}

/// Parse a whole text from scratch.
pub fn parse(text: &str) -> Vec<Arc<Cable>> {
    parse_cancellable(text, &|| false).unwrap_or_default()
}

/// How many lines are lexed between two looks at whether the parse is still wanted: often
/// enough to stop within milliseconds, rarely enough to cost nothing.
const CANCEL_EVERY: usize = 4096;

/// [`parse`], giving up (`None`) as soon as `cancelled` says so; it is asked every few
/// thousand lines and at every cable boundary. A caller that parses a long text on another
/// thread uses it to drop a parse whose text has been replaced meanwhile.
pub fn parse_cancellable(text: &str, cancelled: &dyn Fn() -> bool) -> Option<Vec<Arc<Cable>>> {
    // Lines are cut as they are lexed: no list of them first. A cable line is some forty
    // bytes, so the guess rarely needs to grow.
    let guess = text.len() / 40 + 1;
    let mut lexed: Vec<LexedLine> = Vec::with_capacity(guess);
    let mut contents: Vec<&str> = Vec::with_capacity(guess);
    for (k, line) in lines(text).enumerate() {
        if k % CANCEL_EVERY == 0 && cancelled() {
            return None;
        }
        lexed.push(LexedLine::lex(line));
        contents.push(strip_terminator(line));
    }
    let cables = parse_lines(&contents, lexed, cancelled)?;
    Some(cables.into_iter().map(Arc::new).collect())
}

/// [`parse_cancellable`] on every core for a long text.
fn parse_on_cores(text: &str, cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Vec<Arc<Cable>>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || text.len() < crate::parallel::PARALLEL_FROM {
        return parse_cancellable(text, cancelled);
    }
    crate::parallel::parse(text, threads, cancelled)
}

fn parse_lines(
    contents: &[&str],
    lexed: Vec<LexedLine>,
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<Cable>> {
    let mut cables = Vec::new();
    let mut i = 0;
    while i < lexed.len() {
        if cancelled() {
            return None;
        }
        let c = parse_cable(&contents[i..], &lexed[i..]);
        i += c.line_count().max(1);
        cables.push(c);
    }
    attach_lines(&mut cables, lexed);
    Some(cables)
}

/// Move the lexed lines into the cables that were parsed from them, in order.
fn attach_lines(cables: &mut [Cable], lexed: Vec<LexedLine>) {
    let mut lines = lexed.into_iter();
    for c in cables {
        c.lines = lines.by_ref().take(c.line_count()).collect();
    }
}

/// Where the run of lines at the end of `lexed` that a cable's look-ahead for the next cable's
/// lead (`parser::lead_end`) could cross without stopping begins.
pub(crate) fn trailing_lead_start(lexed: &[LexedLine]) -> usize {
    lexed.len()
        - lexed
            .iter()
            .rev()
            .take_while(|l| is_run_line(l, true))
            .count()
}

impl Document {
    /// A long text is parsed on every core (see [`parallel`](crate::parallel)).
    pub fn new(text: &str) -> Document {
        Document {
            rope: Rope::from_str(text),
            cables: parse_on_cores(text, &|| false).unwrap_or_default(),
        }
    }

    /// Parse the text of a rope, keeping the rope (clones of a rope share their text, so this
    /// costs no second copy of a long document once its parse is done), on every core when
    /// it is long; `None` as soon as `cancelled` says so (see [`parse_cancellable`]).
    pub fn from_rope_cancellable(
        rope: Rope,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Document> {
        if cancelled() {
            return None;
        }
        let text = rope.to_string();
        Document::from_text_cancellable(rope, &text, cancelled)
    }

    /// [`Document::from_rope_cancellable`] for a caller that still holds the rope's text,
    /// `text`: parsed from it, without a copy of a long text made out of the rope.
    pub fn from_text_cancellable(
        rope: Rope,
        text: &str,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Document> {
        debug_assert_eq!(rope.len_bytes(), text.len());
        let cables = parse_on_cores(text, cancelled)?;
        Some(Document { rope, cables })
    }

    /// The text with no parse at all: what a caller keeps while the parse runs elsewhere, or
    /// after it caught a panic of the parser, so that the text is never lost. Edits change
    /// only its text; it has no cables until it is replaced by a parsed document.
    pub fn unparsed(text: &str) -> Document {
        Document {
            rope: Rope::from_str(text),
            cables: Vec::new(),
        }
    }

    pub fn is_parsed(&self) -> bool {
        !self.cables.is_empty()
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn cables(&self) -> &[Arc<Cable>] {
        &self.cables
    }

    /// Every cable with its absolute start.
    pub fn placed(&self) -> impl Iterator<Item = Placed<'_>> {
        let (mut byte, mut line) = (0, 0);
        self.cables.iter().enumerate().map(move |(index, cable)| {
            let p = Placed {
                cable,
                index,
                start_byte: byte,
                start_line: line,
            };
            byte += cable.len;
            line += cable.line_count();
            p
        })
    }

    /// True when the incremental state equals a fresh parse of the text (the paranoid check).
    pub fn verify(&self) -> bool {
        self.cables == parse(&self.text())
    }

    /// Replace the bytes `start..end` with `new_text`. Offsets past the end are clamped and
    /// offsets inside a character are moved to its start, so no input can panic.
    pub fn edit(&mut self, start: usize, end: usize, new_text: &str) {
        let len = self.rope.len_bytes();
        let snap = |b: usize| self.rope.char_to_byte(self.rope.byte_to_char(b.min(len)));
        let start = snap(start);
        let end = snap(end).max(start);

        let mut first_line = self.rope.byte_to_line(start);
        // An edit at a line start can join the previous line's `\r` with a new `\n`.
        if first_line > 0 && self.rope.line_to_byte(first_line) == start {
            first_line -= 1;
        }
        let last_old = self.rope.byte_to_line(end);
        let old_lines = self.rope.len_lines();

        let (cs, ce) = (self.rope.byte_to_char(start), self.rope.byte_to_char(end));
        self.rope.remove(cs..ce);
        self.rope.insert(cs, new_text);

        if self.cables.is_empty() {
            // Unparsed (see `unparsed`): the text alone is kept up to date.
            return;
        }
        let delta = self.rope.len_lines() as isize - old_lines as isize;
        let last_new = (last_old as isize + delta) as usize;
        self.reparse(first_line, last_old, last_new);
    }

    /// Lines `first..=last_old` of the old text became `first..=last_new`; everything after is
    /// the same text shifted by the difference.
    fn reparse(&mut self, first: usize, last_old: usize, last_new: usize) {
        // Cable boundaries of the old parse, as first lines.
        let mut starts = Vec::with_capacity(self.cables.len() + 1);
        let mut acc = 0;
        for c in &self.cables {
            starts.push(acc);
            acc += c.line_count();
        }
        starts.push(acc);
        let old_total = acc;

        // The cable holding the first touched line, and the ones before it as long as the edit
        // touches the lines that decided where they ended (a cable's preamble and header block,
        // which may be all of it, and the line after).
        let mut ci = starts.partition_point(|&s| s <= first).saturating_sub(1);
        while ci > 0 && first <= starts[ci] + self.reach(ci) {
            ci -= 1;
        }
        let from = starts[ci];
        let delta = last_new as isize - last_old as isize;
        let new_total = (old_total as isize + delta) as usize;

        // Old cables whose lines are taken into the working set (exclusive end index).
        let mut take_to = starts.partition_point(|&s| s <= last_old).max(ci + 1);
        let limits = crate::piece::limits();
        // Cables taken at the next turn when this one runs out: doubled each time, so that a
        // cable that goes on over many old ones costs a few turns, not one per old cable.
        let mut more = 1;
        loop {
            let old_end = starts[take_to.min(self.cables.len())];
            let work_end = ((old_end as isize) + delta) as usize;
            let (lexed, texts) = self.working_set((ci, from), first, last_old, last_new, old_end);
            let contents: Vec<&str> = texts.iter().map(|t| strip_terminator(t)).collect();
            // A cable that ends past the start of a lead run reaching the end of the working
            // set may have looked for the line after that run and not found it: take more.
            let open_tail = trailing_lead_start(&lexed);

            let mut new_cables = Vec::new();
            let mut i = 0;
            let mut resync_at = None;
            let mut ran_out = false;
            while i < lexed.len() {
                let c = parse_cable(&contents[i..], &lexed[i..]);
                i += c.line_count().max(1);
                let c_cut = c.cut;
                new_cables.push(c);
                let abs_new = from + i;
                // Where the cable ends may depend on lines past the working set: the lead
                // looked for after a run reaching its end, the lines after a cut.
                let open = (i > open_tail && i + limits.lead >= lexed.len())
                    || (c_cut && i + crate::piece::looks_past_cut(&limits) >= lexed.len());
                if (abs_new >= work_end || open) && work_end < new_total {
                    // The cable may go on past the working set: take more.
                    ran_out = true;
                    break;
                }
                if abs_new > last_new {
                    let abs_old = (abs_new as isize - delta) as usize;
                    if let Ok(k) = starts.binary_search(&abs_old) {
                        if abs_old > last_old {
                            resync_at = Some(k);
                            break;
                        }
                    }
                }
            }
            if ran_out {
                take_to += more;
                more *= 2;
                continue;
            }
            let old_to = resync_at.unwrap_or(self.cables.len());
            attach_lines(&mut new_cables, lexed);
            self.cables
                .splice(ci..old_to, new_cables.into_iter().map(Arc::new));
            return;
        }
    }

    /// How many lines from the start of cable `k` the decision of where cable `k - 1` ends
    /// looked at: its lead, and the next cable's too when the lead is all of cable `k`.
    fn reach(&self, k: usize) -> usize {
        if self.cables[k - 1].cut {
            return crate::piece::looks_past_cut(&crate::piece::limits());
        }
        let mut lines = 0;
        for c in &self.cables[k..] {
            let lead = c.lead_lines();
            if lead < c.line_count() {
                return lines + lead;
            }
            lines += c.line_count();
        }
        lines
    }

    /// Lexed lines and texts of the new lines from the start of cable `start_cable` (line
    /// `from`) up to the old line `old_end`: old lexes are reused outside the edited lines,
    /// which alone are lexed again.
    fn working_set(
        &self,
        (start_cable, from): (usize, usize),
        first: usize,
        last_old: usize,
        last_new: usize,
        old_end: usize,
    ) -> (Vec<LexedLine>, Vec<Cow<'_, str>>) {
        let delta = last_new as isize - last_old as isize;
        let new_end = ((old_end as isize) + delta) as usize;
        let texts: Vec<Cow<'_, str>> = self
            .rope
            .lines_at(from)
            .take(new_end - from)
            .map(Cow::from)
            .collect();
        let mut lexed = Vec::with_capacity(texts.len());
        let mut old_line = from;
        let mut ci = start_cable;
        let mut cable_start = from;
        let mut old_lexed = |line: usize| -> LexedLine {
            while cable_start + self.cables[ci].line_count() <= line {
                cable_start += self.cables[ci].line_count();
                ci += 1;
            }
            self.cables[ci].lines[line - cable_start].clone()
        };
        for (k, t) in texts.iter().enumerate() {
            let new_line = from + k;
            if new_line < first {
                lexed.push(old_lexed(old_line));
                old_line += 1;
            } else if new_line <= last_new {
                lexed.push(LexedLine::lex(t));
            } else {
                let o = (new_line as isize - delta) as usize;
                lexed.push(old_lexed(o));
            }
        }
        (lexed, texts)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn a_cancelled_parse_stops_and_an_uncancelled_one_is_the_parse() {
        let text = "P 141530Z MAR 93\nFM AMEMBASSY QUITO\nTO SECSTATE WASHDC\n".repeat(10_000);
        let rope = Rope::from_str(&text);
        let asked = AtomicUsize::new(0);
        let stop_soon = || asked.fetch_add(1, Ordering::Relaxed) + 1 > 3;
        assert!(Document::from_rope_cancellable(rope.clone(), &stop_soon).is_none());
        assert_eq!(
            asked.load(Ordering::Relaxed),
            4,
            "it stopped at the first look after the cancel"
        );
        let doc = Document::from_rope_cancellable(rope, &|| false).expect("not cancelled");
        assert_eq!(doc.cables(), parse(&text).as_slice());
        assert!(doc.verify());
    }

    /// How many cables of `doc` an edit replaced (the others are the same `Arc`s), after
    /// checking it against a fresh parse.
    fn replaced_by(doc: &mut Document, start: usize, end: usize, new_text: &str) -> usize {
        let before: Vec<Arc<Cable>> = doc.cables().to_vec();
        doc.edit(start, end, new_text);
        assert!(doc.verify(), "edit {start}..{end} {new_text:?}");
        let kept = doc
            .cables()
            .iter()
            .filter(|c| before.iter().any(|b| Arc::ptr_eq(b, c)))
            .count();
        doc.cables().len() - kept
    }

    /// Text with no cable in it is cut into pieces with the default limits, and an edit in the
    /// middle parses a window of them again: a letter typed, lines broken and joined. (In a
    /// run of blank lines the cuts go by count: a line added there moves every cut after it.)
    #[test]
    fn an_edit_in_long_plain_text_reparses_a_window() {
        let paragraph = |k: usize| {
            format!("The delegation met on day {k} and agreed to meet\nagain; it said no more.\n\n")
        };
        let prose: String = (0..8_000).map(paragraph).collect();
        let typed: &[(usize, &str)] = &[(0, "X"), (1, ""), (0, "\n"), (1, "")];
        let lines = [(0, "\r\rA\r"), (4, ""), (0, "\n\n"), (1, "")];
        for (text, edits) in [
            (prose, [typed, &lines].concat()),
            ("\r".repeat(40_000), typed.to_vec()),
        ] {
            let mut doc = Document::new(&text);
            let pieces = doc.cables().len();
            assert!(pieces > 10, "{pieces} pieces");
            assert!(doc.cables()[..pieces - 1].iter().all(|c| c.cut));
            let mid = text.len() / 2;
            for (len, new_text) in edits {
                let (start, end) = (mid, mid + len);
                let replaced = replaced_by(&mut doc, start, end, new_text);
                assert!(replaced <= 3, "{replaced} of {pieces} pieces parsed again");
            }
        }
    }
}
