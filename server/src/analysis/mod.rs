//! Analysis in byte offsets: diagnostics and the outline, computed from the grammar's tree.
//! Nothing here knows about LSP or terminals.

pub mod calendar;
pub mod completion;
pub mod diagnostic;
pub mod fix;
pub mod folding;
pub mod highlight;
pub mod hover;
pub mod lookalike;
pub mod outline;
pub mod record;
pub mod reference;
pub mod rules;
pub mod search;
pub mod summary;

pub use diagnostic::{Code, Diagnostic, Related, Severity};
pub use fix::{Edit, Fix};

use cable_grammar::dtg::Dtg;
use cable_grammar::line::LineKind;
use cable_grammar::syntax::Cable;
use cable_grammar::{Document, Span, TextRange};

/// A cable together with its text (the cable's bytes only), as the rules see it.
pub struct CableText<'a> {
    pub cable: &'a Cable,
    pub text: &'a str,
}

impl<'a> CableText<'a> {
    /// Content of a line of the cable, without terminator.
    pub fn line(&self, line: u32) -> &'a str {
        let r = self.cable.line_range(line);
        self.text.get(r.start..r.end).unwrap_or("")
    }

    /// The line holding a cable-relative byte `offset`, and the offset's column in it; `None`
    /// when the offset lies in no line's content (before the cable, past its last line, or in
    /// a line terminator).
    pub fn line_at(&self, offset: usize) -> Option<(u32, usize)> {
        let c = self.cable;
        let line = match c.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(0) => return None,
            Err(i) => i - 1,
        };
        if line >= c.lines.len() || line >= c.roles.len() {
            return None;
        }
        let col = offset - c.line_starts[line];
        let line = u32::try_from(line).ok()?;
        (col <= self.line(line).len()).then_some((line, col))
    }

    pub fn span_text(&self, line: u32, span: Span) -> &'a str {
        span.text(self.line(line))
    }

    pub fn range(&self, line: u32, span: Span) -> TextRange {
        self.cable.range(line, span)
    }

    /// The line's content with leading and trailing blanks left out.
    pub fn trimmed_line_range(&self, line: u32) -> TextRange {
        let text = self.line(line);
        let start = text.len() - text.trim_start().len();
        let end = text.trim_end().len().max(start);
        self.cable.range(line, Span::new(start, end))
    }

    /// The day of the cable's message DTG, as `(year, month, day)`.
    pub fn message_date(&self) -> Option<reference::Date> {
        self.message_dtg().map(|d| (d.year, d.month, d.time.day))
    }

    /// The cable's message DTG: the first valid one of a precedence line. What the cable's
    /// era is judged by (the TAGS in use, the executive order in force).
    pub fn message_dtg(&self) -> Option<Dtg> {
        let c = self.cable;
        c.sections
            .iter()
            .flat_map(|s| &s.precedence)
            .find_map(|&l| match c.lines.get(l as usize).map(|x| &x.kind) {
                Some(LineKind::Precedence(p)) => p.dtg.value.as_ref().ok().copied(),
                _ => None,
            })
    }
}

/// All diagnostics of a document, in absolute byte offsets, sorted by position.
pub fn check(doc: &Document, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for placed in doc.placed() {
        let cable_text = text
            .get(placed.start_byte..placed.start_byte + placed.cable.len)
            .unwrap_or("");
        out.extend(
            check_cable(placed.cable, cable_text)
                .into_iter()
                .map(|d| d.shifted(placed.start_byte)),
        );
    }
    out.sort_by_key(|d| (d.range.start, d.range.end));
    out
}

/// The diagnostics of one cable (`text` its bytes only), in offsets from its start, sorted
/// by position. A cable's diagnostics lie inside it, so a document's are its cables' in turn.
pub fn check_cable(cable: &Cable, text: &str) -> Vec<Diagnostic> {
    let mut diags = rules::check_cable(&CableText { cable, text });
    diags.sort_by_key(|d| (d.range.start, d.range.end));
    diags
}

/// [`check`] of a text, parsed a cable at a time (`stream::Cables`): the same diagnostics,
/// without a rope or the whole tree in memory.
pub fn check_text(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in cable_grammar::stream::Cables::new(text) {
        let cable_text = text
            .get(s.start_byte..s.start_byte + s.cable.len)
            .unwrap_or("");
        out.extend(
            check_cable(&s.cable, cable_text)
                .into_iter()
                .map(|d| d.shifted(s.start_byte)),
        );
    }
    out.sort_by_key(|d| (d.range.start, d.range.end));
    out
}
