//! Quoted documents: where a cable quotes a letter, a statement or a press report, and whose
//! numbered paragraphs are whose.
//!
//! The first pass of the parser hands every text line to [`Scanner`], which finds the marker
//! words (telegraphese spells quotation marks out):
//!
//! * documents open with `BEGIN TEXT` (`BEGIN TEXT OF LETTER:`, `BEGIN TEXT AS HEARD.`,
//!   `(begin text)`: any case) or `BEGIN QUOTE`, or with `QUOTE` in capitals standing first on
//!   its line (after a paragraph number and portion mark, if any: `3.  QUOTE: UPDATE ON …`);
//! * they close with `END TEXT` or `END OF TEXT` (any case; the two words may be split over
//!   two lines), `END QUOTE` or `UNQUOTE` (in capitals);
//! * `QUOTE` in capitals inside a sentence (`FOR QUOTE HEALTH TREATMENTS END QUOTE`,
//!   `MEDIA REPORTS QUOTE THE MINISTER`) is quoted words, or the verb: no document.
//!
//! The second pass ([`resolve`]) walks markers and numbered paragraphs in order and decides,
//! from the cable's own evidence and never from a line's position in the file:
//!
//! * A document's numbering is its own when its first number is `1.` (a quoted letter's `1.`
//!   after the cable's `2.`, or a cable that is nothing but a quoted letter); any other first
//!   number goes on with the numbering around it, or misprints it, and its paragraphs are the
//!   cable's (`1.` `2.` `BEGIN TEXT` `3.` … `19.`), and so are its later numbers.
//! * A document closed by a marker whose own numbering is followed, after the marker, by the
//!   next number of that numbering rather than the cable's (`BEGIN TEXT` `1.` … `3.` `END
//!   TEXT` `4.`) was the cable's numbering all along.
//! * A document with no closing marker ahead ends before the paragraph that continues the
//!   numbering around it while breaking its own; else at the signature; else with the cable's
//!   text.
//! * Quoted words (`QUOTE` inside a sentence) become a document only when, before they are
//!   closed, a paragraph `1.` starts a numbering the text around them is not at: they then
//!   span lines with a structure of their own. Any other numbered paragraph ends them.
//! * A closing marker closes the innermost open document of its family (and the documents
//!   opened inside it); one with nothing to close is a word like any other. Documents nest
//!   at most [`MAX_DEPTH`] deep.

use crate::span::Span;
use crate::syntax::{Numbering, Quote, QuoteEnd, QuoteFamily, QuoteMarker, Role};

/// How deep quoted documents nest: real cables quote a cable that quotes a letter; a
/// hostile text of thousands of `BEGIN TEXT` lines must not make the outline (built
/// recursively, then serialised) as deep. A marker that would open a deeper quote is a word.
const MAX_DEPTH: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkerKind {
    Open(QuoteFamily),
    /// `QUOTE` inside a sentence.
    Words,
    Close(QuoteFamily),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marker {
    pub at: QuoteMarker,
    pub kind: MarkerKind,
}

/// The word before, carried across a line end so that `… END` / `TEXT.` is one marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Pending {
    #[default]
    None,
    /// `BEGIN`, `END`, `END OF`, starting at this byte of the current line (0 when the word
    /// was on the line before).
    Begin(usize),
    End(usize),
    EndOf(usize),
}

/// Finds the marker words of consecutive text lines.
#[derive(Debug, Default)]
pub(crate) struct Scanner {
    pending: Pending,
}

use MarkerKind::{Close, Open};

impl Scanner {
    /// A line that is not text breaks a marker split over two lines.
    pub fn interrupt(&mut self) {
        self.pending = Pending::None;
    }

    /// The markers of text line `line`, pushed onto `out`; whether there were any.
    pub fn scan(&mut self, line: u32, text: &str, out: &mut Vec<Marker>) -> bool {
        self.next_line();
        if !may_hold_marker(text.as_bytes()) {
            self.pending = pending_at_end(self.pending, text);
            return false;
        }
        self.words(line, text, out)
    }

    /// Carried from the line before: the marker's part on this line starts at its start.
    fn next_line(&mut self) {
        self.pending = match self.pending {
            Pending::None => Pending::None,
            Pending::Begin(_) => Pending::Begin(0),
            Pending::End(_) => Pending::End(0),
            Pending::EndOf(_) => Pending::EndOf(0),
        };
    }

    /// [`Scanner::scan`] word by word, `pending` already moved to the line's start.
    fn words(&mut self, line: u32, text: &str, out: &mut Vec<Marker>) -> bool {
        let before = out.len();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word = &text[start..i];
            let is = |w: &str| word.eq_ignore_ascii_case(w);
            let found = match self.pending {
                Pending::Begin(from) if is("TEXT") => Some((from, Open(QuoteFamily::Text))),
                Pending::Begin(from) if is("QUOTE") => Some((from, Open(QuoteFamily::Quote))),
                Pending::End(from) | Pending::EndOf(from) if is("TEXT") => {
                    Some((from, Close(QuoteFamily::Text)))
                }
                Pending::End(from) if is("QUOTE") => Some((from, Close(QuoteFamily::Quote))),
                _ if word == "QUOTE" => Some((
                    start,
                    if first_on_line(&text[..start]) {
                        Open(QuoteFamily::Quote)
                    } else {
                        MarkerKind::Words
                    },
                )),
                _ if word == "UNQUOTE" => Some((start, Close(QuoteFamily::Quote))),
                _ => None,
            };
            if let Some((from, kind)) = found {
                if is("TEXT") {
                    i += as_heard(&text[i..]);
                }
                out.push(Marker {
                    at: QuoteMarker {
                        line,
                        span: Span::new(from, i),
                    },
                    kind,
                });
                self.pending = Pending::None;
                continue;
            }
            self.pending = match self.pending {
                Pending::End(from) if is("OF") => Pending::EndOf(from),
                _ if is("BEGIN") => Pending::Begin(start),
                _ if is("END") => Pending::End(start),
                _ => Pending::None,
            };
        }
        out.len() > before
    }
}

/// Whether a line may hold a marker: every marker has a word with a `q` or an `x` (`QUOTE`,
/// `UNQUOTE`, `TEXT`), letters rare in any text, so most lines are passed over in one sweep
/// that the compiler vectorises (a bitwise or of bytes, with no early exit: a third of the
/// instructions of a test that stops at the first).
fn may_hold_marker(bytes: &[u8]) -> bool {
    bytes.iter().fold(0u8, |acc, &b| {
        acc | u8::from(matches!(b | 0x20, b'q' | b'x'))
    }) != 0
}

/// The word carried past the end of a line without a marker (`pending` as it came in): what
/// the scan of its words leaves, which only its last two words decide.
fn pending_at_end(pending: Pending, text: &str) -> Pending {
    let b = text.as_bytes();
    // The word ending at or before `end`: its start and end.
    let word_before = |end: usize| -> Option<(usize, usize)> {
        let end = b[..end].iter().rposition(u8::is_ascii_alphabetic)? + 1;
        let start = b[..end]
            .iter()
            .rposition(|c| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        Some((start, end))
    };
    let Some((start, end)) = word_before(b.len()) else {
        // No word: the pending one goes on to the next line.
        return pending;
    };
    let word = &text[start..end];
    if word.eq_ignore_ascii_case("OF") {
        return match word_before(start) {
            Some((s, e)) if text[s..e].eq_ignore_ascii_case("END") => Pending::EndOf(s),
            Some(_) => Pending::None,
            None => match pending {
                Pending::End(from) => Pending::EndOf(from),
                _ => Pending::None,
            },
        };
    }
    if word.eq_ignore_ascii_case("BEGIN") {
        Pending::Begin(start)
    } else if word.eq_ignore_ascii_case("END") {
        Pending::End(start)
    } else {
        Pending::None
    }
}

/// `BEGIN TEXT AS HEARD.` … `END OF TEXT AS HEARD.`: how many bytes after `TEXT` the words
/// `AS HEARD` take, which belong to the marker (0 when they are not there).
fn as_heard(after: &str) -> usize {
    let rest = after.trim_start();
    let blanks = after.len() - rest.len();
    let n = "AS HEARD".len();
    let heard = rest
        .get(..n)
        .is_some_and(|w| w.eq_ignore_ascii_case("AS HEARD"))
        && !rest[n..].starts_with(|c: char| c.is_ascii_alphabetic());
    if heard {
        blanks + n
    } else {
        0
    }
}

/// Whether only a paragraph number and a portion mark stand before a word (`3.  (U) `).
fn first_on_line(before: &str) -> bool {
    let rest = before
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '¶')
        .trim_start();
    let rest = match rest.strip_prefix('(') {
        Some(r) => r.split_once(')').map_or(r, |(_, after)| after),
        None => rest,
    };
    rest.trim().is_empty()
}

/// What the second pass needs of a cable's finished first pass.
pub(crate) struct Input<'a> {
    pub roles: &'a [Role],
    pub markers: &'a [Marker],
    /// `(line, number)` of every numbered paragraph, in line order.
    pub numbers: &'a [(u32, u32)],
    pub signature: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    Paragraph { line: u32, number: u32 },
    Marker(Marker),
}

impl Event {
    fn line(&self) -> u32 {
        match self {
            Event::Paragraph { line, .. } => *line,
            Event::Marker(m) => m.at.line,
        }
    }
}

struct Resolver<'a> {
    input: &'a Input<'a>,
    quotes: Vec<Quote>,
    /// The last number of each run: the cable's (`runs[0]`), then one per quote (`q + 1`).
    runs: Vec<Option<u32>>,
    /// Quotes whose numbering is still undecided (no numbered paragraph yet).
    undecided: Vec<bool>,
    /// Quotes with their closing marker ahead.
    closed_ahead: Vec<bool>,
    /// The open quotes, innermost last, each with the run a paragraph directly inside it
    /// continues.
    stack: Vec<(usize, usize)>,
    /// Depths in `stack` of the open quotes of each family, so that a close finds its quote
    /// without a walk over the stack.
    by_family: [Vec<usize>; 2],
    /// The last `last_text_before` query: its line and the text line found before it.
    text_before: Option<(u32, Option<u32>)>,
    /// The cable's last line of text.
    text_end: u32,
    /// The signature's line and the last line of text before it.
    /// Open quoted words, and whether a closing marker follows them.
    words: Option<(QuoteMarker, bool)>,
    signature_end: Option<(u32, Option<u32>)>,
}

/// The quoted documents of a cable, in the order they open.
pub(crate) fn resolve(input: &Input<'_>) -> Vec<Quote> {
    if input.markers.is_empty() {
        return Vec::new();
    }
    let events = merge(input);
    // Whether the next marker of the same family after each marker closes: a document
    // opened there has its closing marker ahead, and no numbering ends it.
    let mut closes_ahead = vec![false; events.len()];
    let mut next_closes = [false; 2];
    for (k, e) in events.iter().enumerate().rev() {
        if let Event::Marker(m) = e {
            let (family, closes) = match m.kind {
                MarkerKind::Open(f) => (f, false),
                MarkerKind::Words => (QuoteFamily::Quote, false),
                MarkerKind::Close(f) => (f, true),
            };
            closes_ahead[k] = next_closes[family as usize];
            if m.kind != MarkerKind::Words {
                next_closes[family as usize] = closes;
            }
        }
    }
    // For each event, the number of the first paragraph after it (looked up at a close).
    let mut next_number = vec![None; events.len()];
    let mut ahead = None;
    for (k, e) in events.iter().enumerate().rev() {
        next_number[k] = ahead;
        if let Event::Paragraph { number, .. } = e {
            ahead = Some(*number);
        }
    }
    let roles = input.roles;
    let is_text = |l: usize| matches!(roles[l], Role::Body | Role::Paragraph);
    let text_end = (0..roles.len())
        .rev()
        .find(|&l| is_text(l) || roles[l] == Role::Heading)
        .map_or(0, |l| l as u32);
    let signature_end = input.signature.map(|s| {
        let last = (0..s as usize).rev().find(|&l| is_text(l));
        (s, last.map(|l| l as u32))
    });
    let mut r = Resolver {
        input,
        quotes: Vec::new(),
        runs: vec![None],
        undecided: Vec::new(),
        closed_ahead: Vec::new(),
        stack: Vec::new(),
        by_family: [Vec::new(), Vec::new()],
        words: None,
        text_before: None,
        text_end,
        signature_end,
    };
    for (k, e) in events.iter().enumerate() {
        match *e {
            Event::Paragraph { line, number } => r.paragraph(line, number),
            Event::Marker(m) => match m.kind {
                MarkerKind::Open(family) => {
                    r.words = None;
                    r.open(family, m.at, closes_ahead[k]);
                }
                MarkerKind::Words => {
                    if r.words.is_none() {
                        r.words = Some((m.at, closes_ahead[k]));
                    }
                }
                MarkerKind::Close(family) => r.close(family, m.at, next_number[k]),
            },
        }
    }
    while let Some(q) = r.pop() {
        let (last_line, end) = r.end_of_text(q);
        r.end(q, last_line, end);
    }
    r.quotes
}

/// Markers and numbered paragraphs in text order (a paragraph's number comes first on its line).
fn merge(input: &Input<'_>) -> Vec<Event> {
    let mut out = Vec::with_capacity(input.markers.len() + input.numbers.len());
    let (mut m, mut p) = (0, 0);
    while m < input.markers.len() || p < input.numbers.len() {
        let take_paragraph = match (input.markers.get(m), input.numbers.get(p)) {
            (Some(mk), Some(&(line, _))) => line <= mk.at.line,
            (None, Some(_)) => true,
            _ => false,
        };
        if take_paragraph {
            let (line, number) = input.numbers[p];
            out.push(Event::Paragraph { line, number });
            p += 1;
        } else {
            out.push(Event::Marker(input.markers[m]));
            m += 1;
        }
    }
    debug_assert!(out.windows(2).all(|w| w[0].line() <= w[1].line()));
    out
}

fn next(last: Option<u32>) -> u32 {
    last.map_or(1, |n| n.saturating_add(1))
}

impl Resolver<'_> {
    /// The run a paragraph directly in scope `depth` of the stack continues (0: the cable's).
    fn run_at(&self, depth: usize) -> usize {
        depth.checked_sub(1).map_or(0, |d| self.stack[d].1)
    }

    fn pop(&mut self) -> Option<usize> {
        let (q, _) = self.stack.pop()?;
        self.by_family[self.quotes[q].family as usize].pop();
        Some(q)
    }

    fn open(&mut self, family: QuoteFamily, at: QuoteMarker, closed_ahead: bool) {
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        let q = self.quotes.len();
        self.quotes.push(Quote {
            family,
            open: at,
            close: None,
            last_line: at.line,
            end: QuoteEnd::EndOfText,
            numbering: Numbering::Own,
            parent: self.stack.last().map(|&(p, _)| p as u32),
        });
        self.runs.push(None);
        self.undecided.push(true);
        self.closed_ahead.push(closed_ahead);
        // Undecided, it holds the numbering around it.
        let around = self.run_at(self.stack.len());
        self.by_family[family as usize].push(self.stack.len());
        self.stack.push((q, around));
    }

    fn paragraph(&mut self, line: u32, number: u32) {
        if let Some((at, closed_ahead)) = self.words.take() {
            let around = self.run_at(self.stack.len());
            if number == 1 && next(self.runs[around]) != 1 {
                self.open(QuoteFamily::Quote, at, closed_ahead);
            }
        }
        while let Some(&(q, _)) = self.stack.last() {
            let around = self.run_at(self.stack.len() - 1);
            let continues_around = number == next(self.runs[around]);
            if self.undecided[q] {
                self.undecided[q] = false;
                if number == 1 {
                    self.runs[q + 1] = Some(number);
                    if let Some(top) = self.stack.last_mut() {
                        top.1 = q + 1;
                    }
                } else {
                    // Numbering of its own starts at `1.`; any other number goes on with
                    // (or misprints) the numbering around it.
                    self.quotes[q].numbering = Numbering::Enclosing;
                    self.runs[around] = Some(number);
                }
                return;
            }
            if self.quotes[q].numbering == Numbering::Enclosing {
                self.runs[around] = Some(number);
                return;
            }
            let own = number == next(self.runs[q + 1]);
            if own || self.closed_ahead[q] || !continues_around {
                self.runs[q + 1] = Some(number);
                return;
            }
            // The numbering around it resumes and no marker closes it: it ended before.
            let last = self.last_text_before(line);
            self.pop();
            self.end(q, last, QuoteEnd::ResumedNumbering);
        }
        self.runs[0] = Some(number);
    }

    fn close(&mut self, family: QuoteFamily, at: QuoteMarker, next_number: Option<u32>) {
        if family == QuoteFamily::Quote && self.words.take().is_some() {
            return;
        }
        let Some(&k) = self.by_family[family as usize].last() else {
            return;
        };
        while self.stack.len() > k + 1 {
            let inner = self.pop().expect("deeper than k");
            self.end(inner, at.line, QuoteEnd::Enclosing);
        }
        let q = self.pop().expect("k is on the stack");
        self.quotes[q].close = Some(at);
        self.end(q, at.line, QuoteEnd::Marker);
        // Its own numbering goes on after it, where the numbering around it does not: it was
        // the numbering around it all along.
        let around = self.run_at(self.stack.len());
        if let (Some(own), Some(n)) = (self.runs[q + 1], next_number) {
            if self.quotes[q].numbering == Numbering::Own
                && n == own.saturating_add(1)
                && n != next(self.runs[around])
            {
                self.quotes[q].numbering = Numbering::Enclosing;
                self.runs[around] = Some(own);
            }
        }
    }

    fn end(&mut self, q: usize, last_line: u32, end: QuoteEnd) {
        let quote = &mut self.quotes[q];
        quote.last_line = last_line.max(quote.open.line);
        quote.end = end;
    }

    /// The last line of text (a paragraph or body line; a heading before `line` goes with
    /// the paragraph it stands over) before `line`, if any (`end` keeps a quote from ending
    /// before its opening line). Quotes nested in one another that the same paragraph ends
    /// ask for the same line: the answer is kept, so that each line is looked at once.
    fn last_text_before(&mut self, line: u32) -> u32 {
        let found = match self.text_before {
            Some((l, found)) if l == line => found,
            _ => {
                let roles = self.input.roles;
                let found = (0..line as usize)
                    .rev()
                    .find(|&l| matches!(roles.get(l), Some(Role::Body | Role::Paragraph)))
                    .map(|l| l as u32);
                self.text_before = Some((line, found));
                found
            }
        };
        found.unwrap_or(0)
    }

    /// Where a quote that nothing closed ends: before the signature, else with the text.
    fn end_of_text(&self, q: usize) -> (u32, QuoteEnd) {
        match self.signature_end {
            Some((s, last)) if s > self.quotes[q].open.line => {
                (last.unwrap_or(0), QuoteEnd::Signature)
            }
            _ => (self.text_end, QuoteEnd::EndOfText),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(lines: &[&str]) -> Vec<(u32, String, MarkerKind)> {
        let mut s = Scanner::default();
        let mut out = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            s.scan(i as u32, l, &mut out);
        }
        out.iter()
            .map(|m| {
                let text = m.at.span.text(lines[m.at.line as usize]).to_string();
                (m.at.line, text, m.kind)
            })
            .collect()
    }

    use MarkerKind::*;
    use QuoteFamily::*;

    #[test]
    fn markers_are_found_in_every_spelling() {
        let got = kinds(&[
            "2. (begin text)",
            "BEGIN TEXT AS HEARD. END OF TEXT AS HEARD.",
            "THE WAIVER.  END",
            "TEXT.",
            "QUOTE: THE LETTER",
            "3.  (U) QUOTE",
            "HE SAID QUOTE WE AGREE UNQUOTE AND BEGIN QUOTE",
            "End quote. end text",
            "to quote the minister",
        ]);
        let want = [
            (0, "begin text", Open(Text)),
            (1, "BEGIN TEXT AS HEARD", Open(Text)),
            (1, "END OF TEXT AS HEARD", Close(Text)),
            (3, "TEXT", Close(Text)),
            (4, "QUOTE", Open(Quote)),
            (5, "QUOTE", Open(Quote)),
            (6, "QUOTE", Words),
            (6, "UNQUOTE", Close(Quote)),
            (6, "BEGIN QUOTE", Open(Quote)),
            (7, "End quote", Close(Quote)),
            (7, "end text", Close(Text)),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(l, t, k)| (*l, t.to_string(), *k))
            .collect();
        assert_eq!(got, want);
    }

    proptest::proptest! {
        /// The one-sweep test for lines without a marker leaves the scanner as the word by
        /// word scan does.
        #[test]
        fn lines_passed_over_leave_what_the_word_scan_leaves(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "BEGIN", "begin", "END", "End", "OF", "of", "TEXT", "text", "QUOTE",
                        "UNQUOTE", "AS", "HEARD", "THE", "X", "q", " ", "  ", ".", ":", "(", "é",
                        "1.", "BEGINS", "ENDOF",
                    ]),
                    0..8,
                ),
                1..12,
            )
        ) {
            // The reference: every line scanned word by word.
            let mut words_only = Scanner::default();
            for (i, words) in lines.iter().enumerate() {
                let line = words.concat();
                let mut scanner = Scanner { pending: words_only.pending };
                let (mut got, mut want) = (Vec::new(), Vec::new());
                let found = scanner.scan(i as u32, &line, &mut got);
                words_only.next_line();
                let words_found = words_only.words(i as u32, &line, &mut want);
                proptest::prop_assert_eq!(found, words_found, "line {:?}", line);
                proptest::prop_assert_eq!(scanner.pending, words_only.pending, "line {:?}", line);
                proptest::prop_assert_eq!(got, want, "line {:?}", line);
            }
        }
    }

    #[test]
    fn a_line_between_breaks_a_split_marker() {
        let mut s = Scanner::default();
        let mut out = Vec::new();
        s.scan(0, "THE END", &mut out);
        s.interrupt();
        s.scan(2, "TEXT OF THE LAW", &mut out);
        assert!(out.is_empty());
    }
}
