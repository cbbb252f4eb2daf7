//! The token level: one logos lexer over a single line. Lines are classified from these tokens
//! (see `line.rs`); nothing here looks past the end of its line, which is what makes re-lexing
//! an edit cheap.

use crate::span::Span;
use logos::Logos;

#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq, Hash)]
// A byte-order mark is no text: it stands at the start of a file saved by Notepad or an OCR
// tool, and at the start of a later line in files joined with `cat`.
#[logos(skip r"[ \t\x0C\r\n\u{A0}\u{FEFF}]+")]
pub enum Tok {
    /// `092105Z`: a day-time with zone letter.
    #[regex(r"[0-9]{6}[Zz]")]
    Time,
    #[regex(r"[0-9]+")]
    Num,
    /// `ARA-01`: a routing-block office symbol with its count.
    #[regex(r"[A-Z]+-[0-9]{2}")]
    Office,
    #[regex(r"[A-Za-z][A-Za-z0-9]*")]
    Word,
    /// `/099` of a routing total, `/38` of a dash line.
    #[regex(r"/[0-9]+")]
    SlashNum,
    #[token("[REDACTED]")]
    Redacted,
    #[regex(r"--+")]
    Dashes,
    /// Any other single character (punctuation, symbols, unexpected bytes).
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    pub span: Span,
}

impl Token {
    pub fn text(self, line: &str) -> &str {
        self.span.text(line)
    }
}

/// Tokens of one line (without its terminator). Unmatched characters become `Tok::Other`.
pub fn tokenize(line: &str) -> Vec<Token> {
    let mut toks = Tokens::new(line);
    toks.all().to_vec()
}

/// A line's tokens, lexed on demand: most lines are decided by their first token or two (prose
/// by its first word), so the rest of the line is never lexed. The buffer is a thread's
/// scratch, reused from line to line: classifying a line allocates nothing.
pub struct Tokens<'a> {
    lexer: logos::Lexer<'a, Tok>,
    buf: Vec<Token>,
    done: bool,
}

/// A buffer grown by a hostile line (a megabyte of tokens) is not kept for the next line.
const KEEP_CAPACITY: usize = 4096;

thread_local! {
    static SCRATCH: std::cell::Cell<Vec<Token>> = const { std::cell::Cell::new(Vec::new()) };
}

impl<'a> Tokens<'a> {
    pub fn new(line: &'a str) -> Tokens<'a> {
        let mut buf = SCRATCH.try_with(std::cell::Cell::take).unwrap_or_default();
        buf.clear();
        Tokens {
            lexer: Tok::lexer(line),
            buf,
            done: false,
        }
    }

    /// The `i`th token, lexing up to it.
    pub fn get(&mut self, i: usize) -> Option<Token> {
        while self.buf.len() <= i && self.lex_one() {}
        self.buf.get(i).copied()
    }

    /// Every token of the line.
    pub fn all(&mut self) -> &[Token] {
        while self.lex_one() {}
        &self.buf
    }

    fn lex_one(&mut self) -> bool {
        if self.done {
            return false;
        }
        match self.lexer.next() {
            Some(res) => {
                let r = self.lexer.span();
                self.buf.push(Token {
                    kind: res.unwrap_or(Tok::Other),
                    span: Span::new(r.start, r.end),
                });
                true
            }
            None => {
                self.done = true;
                false
            }
        }
    }
}

impl Drop for Tokens<'_> {
    fn drop(&mut self) {
        let mut buf = std::mem::take(&mut self.buf);
        if buf.capacity() > KEEP_CAPACITY {
            buf = Vec::new();
        }
        let _ = SCRATCH.try_with(|s| s.set(buf));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(Tok, &str)> {
        tokenize(s)
            .into_iter()
            .map(|t| (t.kind, t.text(s)))
            .collect()
    }

    #[test]
    fn tokens() {
        assert_eq!(
            kinds("PAGE 01 LIMA 14540 01 OF 04 092105Z"),
            vec![
                (Tok::Word, "PAGE"),
                (Tok::Num, "01"),
                (Tok::Word, "LIMA"),
                (Tok::Num, "14540"),
                (Tok::Num, "01"),
                (Tok::Word, "OF"),
                (Tok::Num, "04"),
                (Tok::Time, "092105Z"),
            ]
        );
        assert_eq!(
            kinds("\tRPE-00\t/099W"),
            vec![
                (Tok::Office, "RPE-00"),
                (Tok::SlashNum, "/099"),
                (Tok::Word, "W")
            ]
        );
        assert_eq!(
            kinds("[REDACTED] é"),
            vec![(Tok::Redacted, "[REDACTED]"), (Tok::Other, "é")]
        );
    }
}
