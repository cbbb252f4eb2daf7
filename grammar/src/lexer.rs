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
    let mut lex = Tok::lexer(line);
    let mut out = Vec::new();
    while let Some(res) = lex.next() {
        let r = lex.span();
        out.push(Token {
            kind: res.unwrap_or(Tok::Other),
            span: Span::new(r.start, r.end),
        });
    }
    out
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
