//! The parsed structure of one cable. Everything is stored relative to the cable: line indices
//! count from the cable's first line and byte offsets from its first byte. A document is a
//! sequence of cables, so an edit in one cable never moves positions stored in another.

use crate::line::{
    Addressee, ClassificationLine, Field, LexedLine, LineKind, SectionOf, TimeField,
};
use crate::span::{Span, TextRange};

/// What a line means in its context (the parser's decision; [`LineKind`] is the lexer's guess).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Blank,
    /// ACP-127 format lines: `VZCZC…`, `PP RUEH…`, `DE …`, `ZNY …`, `BT`.
    Envelope,
    PageHeader,
    /// A classification word above or below a page break.
    Banner,
    Routing,
    DashLine,
    Precedence,
    From,
    Addressee,
    /// Department print lines the grammar keeps but does not check (`DRAFTED BY`, …).
    HeaderText,
    /// The caption's classification line (`C O N F I D E N T I A L SECTION 01 OF 04 LIMA 14540`).
    Caption,
    Handling,
    /// Passing and attention lines (`BRUSSELS FOR USEC`).
    Passing,
    ExecutiveOrder,
    Tags,
    Subject,
    Reference,
    ClassifiedBy,
    SectionBreak,
    Paragraph,
    Body,
    Heading,
    Underline,
    Signature,
    Stamp,
    Terminator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeclarationSource {
    PageHeader,
    Caption,
    SectionBreak,
}

/// A place that states which section this is (`SECTION 03 OF 04`, `03 OF 04` in a PAGE header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SectionDeclaration {
    pub line: u32,
    pub section: SectionOf,
    pub source: DeclarationSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageRef {
    pub line: u32,
    pub page: Field<u32>,
    pub time: Option<TimeField>,
    pub post: Option<Span>,
    pub serial: Option<Field<u32>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RoutingBlock {
    pub first_line: u32,
    /// `ARA-01` counts with their lines.
    pub offices: Vec<(u32, Field<u32>)>,
    pub total: Option<(u32, Field<u32>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddresseeKind {
    To,
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AddresseeRef {
    pub line: u32,
    pub kind: AddresseeKind,
    pub addressee: Addressee,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Section {
    pub first_line: u32,
    /// One past the last line.
    pub end_line: u32,
    pub declarations: Vec<SectionDeclaration>,
    pub pages: Vec<PageRef>,
    pub routing: Vec<RoutingBlock>,
    pub dash_lines: Vec<u32>,
    pub precedence: Vec<u32>,
    pub addressees: Vec<AddresseeRef>,
    pub caption: Option<u32>,
    pub terminator: Option<u32>,
}

impl Section {
    /// The section number this section states: its caption's (the drafter's), else the first
    /// PAGE header's or section break's.
    pub fn declared(&self) -> Option<SectionOf> {
        self.declarations
            .iter()
            .find(|d| d.source == DeclarationSource::Caption)
            .or(self.declarations.first())
            .map(|d| d.section)
    }

    /// The line that best stands for the section's start (its first declaration, else its
    /// first line).
    pub fn anchor_line(&self) -> u32 {
        self.declarations
            .first()
            .map(|d| d.line)
            .unwrap_or(self.first_line)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Paragraph {
    pub number: Field<u32>,
    pub line: u32,
    /// The last line of its text (it may lie in a later section than `line`).
    pub last_line: u32,
    pub mark: Option<Span>,
    /// The innermost quoted document holding it (an index into `Cable::quotes`), or `None`
    /// for the cable's own text. Whose numbering it continues: [`Cable::quote_runs`].
    pub quote: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Heading {
    pub line: u32,
    /// The innermost quoted document holding it, as for paragraphs.
    pub quote: Option<u32>,
}

/// Which closing words end a quoted document: `BEGIN TEXT` ends at `END TEXT` (or `END OF
/// TEXT`), `QUOTE` and `BEGIN QUOTE` at `UNQUOTE` or `END QUOTE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteFamily {
    Text,
    Quote,
}

/// A marker word pair on one line (`BEGIN TEXT`, `END OF TEXT`, `UNQUOTE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuoteMarker {
    pub line: u32,
    pub span: Span,
}

/// What ended a quoted document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteEnd {
    /// Its closing marker.
    Marker,
    /// No marker: a paragraph that continues the numbering outside it.
    ResumedNumbering,
    /// No marker: the cable's signature.
    Signature,
    /// No marker: the end of the cable's text.
    EndOfText,
    /// The document holding it was closed first.
    Enclosing,
}

/// Whose run of paragraph numbers the numbered paragraphs of a quoted document belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Numbering {
    /// Its own (a quoted letter's `1.` … `6.`): checked apart from the cable's.
    Own,
    /// The text around it (`1.` `2.` `BEGIN TEXT` `3.` … `19.`): they are the cable's.
    Enclosing,
}

/// A quoted document inside the cable's text (a letter, a statement, a press report), from its
/// opening marker to its closing marker or, without one, to where the cable's own evidence
/// ends it (see `grammar/src/quote.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quote {
    pub family: QuoteFamily,
    pub open: QuoteMarker,
    pub close: Option<QuoteMarker>,
    /// Its last line (the closing marker's, or the last of its text).
    pub last_line: u32,
    pub end: QuoteEnd,
    pub numbering: Numbering,
    /// The quoted document holding this one.
    pub parent: Option<u32>,
}

/// Post and serial naming a cable (`LIMA 14540`); posts are compared on their first six
/// characters because PAGE headers cut them there.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CableId {
    pub post: String,
    pub serial: u32,
    /// How many digits the serial was written with (`08812`: 5), for showing it as written.
    pub digits: u8,
}

impl CableId {
    pub fn new(post: &str, serial: Field<u32>) -> CableId {
        let collapsed: Vec<&str> = post.split_whitespace().collect();
        CableId {
            post: collapsed.join(" "),
            serial: serial.value,
            digits: u8::try_from(serial.span.len()).unwrap_or(u8::MAX),
        }
    }

    /// `LIMA 14540`, `BERLIN 03009`: post and serial as written.
    pub fn name(&self) -> String {
        format!(
            "{} {:0width$}",
            self.post,
            self.serial,
            width = usize::from(self.digits)
        )
    }

    pub fn same_cable(&self, other: &CableId) -> bool {
        let short = |p: &str| {
            p.chars()
                .take(6)
                .collect::<String>()
                .trim_end()
                .to_ascii_uppercase()
        };
        self.serial == other.serial && short(&self.post) == short(&other.post)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Cable {
    /// Length in bytes, line terminators included.
    pub len: usize,
    /// Whether a cut in plain text (`piece`) ended it, rather than the start of another cable.
    pub cut: bool,
    pub lines: Vec<LexedLine>,
    /// Byte offset of each line, relative to the cable.
    pub line_starts: Vec<usize>,
    pub roles: Vec<Role>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    pub headings: Vec<Heading>,
    /// Quoted documents, in the order they open; a quote's parent comes before it.
    pub quotes: Vec<Quote>,
    pub signature: Option<u32>,
    /// The first SUBJECT line and its continuation lines.
    pub subject_lines: Vec<u32>,
    /// The post and serial from the first caption, PAGE header or section break that has them.
    pub id: Option<CableId>,
}

impl Cable {
    pub fn line_count(&self) -> usize {
        self.roles.len()
    }

    /// Lines at the start of the cable that the cable before it looked at to decide where it
    /// ended (preamble and header lines, and the line after them). An edit there must
    /// re-parse the cable before, too.
    pub fn lead_lines(&self) -> usize {
        crate::parser::lead_end(&self.lines, 0, true)
    }

    pub fn kind(&self, line: u32) -> &LineKind {
        &self.lines[line as usize].kind
    }

    /// The caption of a section at `line`: the line's own classification line, or the caption
    /// fused onto its end where the parser took it for the section's caption.
    pub fn caption_at(&self, line: u32) -> Option<&ClassificationLine> {
        match (self.roles.get(line as usize)?, self.kind(line)) {
            (Role::Caption, LineKind::Classification(c)) => Some(c),
            _ => self.lines[line as usize]
                .fused
                .as_deref()
                .filter(|_| self.sections.iter().any(|s| s.caption == Some(line))),
        }
    }

    /// Cable-relative range of a span on a line.
    pub fn range(&self, line: u32, span: Span) -> TextRange {
        let start = self.line_starts[line as usize];
        let content = self.lines[line as usize].content_len();
        TextRange::new(
            start + (span.start as usize).min(content),
            start + (span.end as usize).min(content),
        )
    }

    /// Cable-relative range of a line's content (without terminator).
    pub fn line_range(&self, line: u32) -> TextRange {
        let start = self.line_starts[line as usize];
        TextRange::new(start, start + self.lines[line as usize].content_len())
    }

    /// From the start of `first` to the end of `last`'s content.
    pub fn lines_range(&self, first: u32, last: u32) -> TextRange {
        TextRange::new(self.line_range(first).start, self.line_range(last).end)
    }

    /// For each quoted document, the one whose run of numbers its paragraphs continue: itself
    /// when its numbering is its own, else that of the text around it (`None`: the cable's).
    /// A paragraph's run is `runs[p.quote]`, or the cable's when `p.quote` is `None`.
    pub fn quote_runs(&self) -> Vec<Option<u32>> {
        let mut runs: Vec<Option<u32>> = Vec::with_capacity(self.quotes.len());
        for (i, q) in self.quotes.iter().enumerate() {
            let run = match q.numbering {
                Numbering::Own => Some(i as u32),
                // A parent comes before its children: its run is known.
                Numbering::Enclosing => q.parent.and_then(|p| runs.get(p as usize).copied()?),
            };
            runs.push(run);
        }
        runs
    }

    /// A quoted document's range: from its opening marker (from the start of that line when
    /// it holds the numbering around it, whose number may stand before the marker) to the
    /// end of its last line.
    pub fn quote_range(&self, quote: &Quote) -> TextRange {
        let start = match quote.numbering {
            Numbering::Own => self.range(quote.open.line, quote.open.span).start,
            Numbering::Enclosing => self.line_range(quote.open.line).start,
        };
        TextRange::new(start, self.line_range(quote.last_line).end.max(start))
    }
}
