//! Captions fused onto the end of another line. Records that lost the line break before the
//! caption glue it to the last addressee (`…GULF COOPERATION COUNCIL COLLECTIVEUNCLAS SECTION 01
//! OF 03 DUBAI 000126`), to a routing line or to a PAGE header (`PAGE 02 … 150909Z UNCLAS SECTION
//! 01 OF 03 …`). The line keeps the class of the part before the caption, so that part is still
//! read (an addressee's serial, a routing total, a page number), and carries the caption beside
//! it. Whether the caption counts is the parser's decision: only where a caption can stand.

use super::{classification_line, classify, ClassificationLine, LineKind, LEADING_BLANKS};
use crate::lexer::{tokenize, Tok};
use crate::span::Span;
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// How a caption can begin. At one place the longest form is tried first (`TOP SECRET` before
/// `SECRET`); a caption glued to a word begins inside it (`TEHRANCONFIDENTIAL`).
const CLASS_STARTS: &[&str] = &[
    "T O P S E C R E T",
    "C O N F I D E N T I A L",
    "U N C L A S S I F I E D",
    "S E C R E T",
    "LIMITED OFFICIAL USE",
    "TOP SECRET",
    "UNCLASSIFIED",
    "CONFIDENTIAL",
    "UNCLAS",
    "SECRET",
];

/// `CLASS_STARTS`, each searched for with a searcher built once.
static FINDERS: LazyLock<Vec<Finder<'static>>> =
    LazyLock::new(|| CLASS_STARTS.iter().map(Finder::new).collect());

/// The class of `line` and the caption fused onto its end, if any.
pub(super) fn classify_with_fused(line: &str) -> (LineKind, Option<Box<ClassificationLine>>) {
    let kind = classify(line);
    // A fused caption ends with its serial: most lines are out after one look at their end.
    if !may_carry(&kind) || !line.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
        return (kind, None);
    }
    let Some((at, caption)) = fused_caption(line) else {
        return (kind, None);
    };
    let prefix = classify(&line[..at]);
    let kind = match prefix {
        // Plain text keeps the shape of the whole line: in a cable's text nothing changes.
        LineKind::Text(_) if matches!(kind, LineKind::Text(_)) => kind,
        LineKind::Text(_)
        | LineKind::To(_)
        | LineKind::InfoAddressee(_)
        | LineKind::From { .. }
        | LineKind::Routing(_)
        | LineKind::PageHeader(_) => prefix,
        _ => return (kind, None),
    };
    (kind, Some(Box::new(caption)))
}

/// Lines a caption can be glued to: header lines and addressee continuations (plain text).
fn may_carry(kind: &LineKind) -> bool {
    matches!(
        kind,
        LineKind::Text(_)
            | LineKind::To(_)
            | LineKind::InfoAddressee(_)
            | LineKind::From { .. }
            | LineKind::Routing(_)
            | LineKind::PageHeader(_)
    )
}

/// The first place after the line's start where a whole caption with post and serial runs to
/// the end of the line.
fn fused_caption(line: &str) -> Option<(usize, ClassificationLine)> {
    let content_start = line.len() - line.trim_start_matches(LEADING_BLANKS).len();
    let mut best: Option<(usize, ClassificationLine)> = None;
    for finder in FINDERS.iter() {
        let len = finder.needle().len();
        for at in finder.find_iter(line.as_bytes()) {
            let followed = line[at + len..].starts_with([' ', '\t']);
            if at <= content_start || !followed || best.as_ref().is_some_and(|b| b.0 <= at) {
                continue;
            }
            if let Some(c) = caption_at(line, at) {
                best = Some((at, c));
            }
        }
    }
    best
}

fn caption_at(line: &str, at: usize) -> Option<ClassificationLine> {
    let tail = &line[at..];
    let toks = tokenize(tail);
    let c = classification_line(&toks, tail, 0)?;
    // Post and serial, and nothing after the serial (or its TOSEC/SECTO number): a caption
    // glued to a line names its cable.
    c.serial?;
    if toks.last()?.kind != Tok::Num {
        return None;
    }
    Some(shifted(c, at))
}

fn shifted(c: ClassificationLine, by: usize) -> ClassificationLine {
    let by = by as u32;
    let s = |span: Span| Span {
        start: span.start + by,
        end: span.end + by,
    };
    let mut c = c;
    c.class.span = s(c.class.span);
    if let Some(sec) = c.section.as_mut() {
        sec.span = s(sec.span);
    }
    c.post = c.post.map(s);
    if let Some(serial) = c.serial.as_mut() {
        serial.span = s(serial.span);
    }
    c
}

#[cfg(test)]
mod tests {
    /// A caption glued to a line of the text (a quoted cable) is no caption: the cable keeps
    /// its own, is not cut there, and the line stays text.
    #[test]
    fn a_caption_fused_onto_text_counts_only_in_the_header() {
        let text = "UNCLAS QUITO 000042\n\nE.O. 12958: N/A\nTAGS: ECON\nSUBJECT: A LETTER\n\n\
                    1. THE MINISTER READ US\nQUOTE: C O N F I D E N T I A L LIMA 02793\n\
                    TO THE MINISTRY C O N F I D E N T I A L LIMA 02794\nAND LEFT.\n";
        let cables = crate::parse(text);
        assert_eq!(cables.len(), 1);
        let c = &cables[0];
        assert_eq!(
            c.id.as_ref().map(|id| id.name()).as_deref(),
            Some("QUITO 000042")
        );
        let captions: Vec<u32> = c.sections.iter().filter_map(|s| s.caption).collect();
        assert_eq!(captions, [0]);
        assert!(c.lines[7].fused.is_some() && c.lines[8].fused.is_some());
        assert_eq!(c.caption_at(7), None);
        assert_eq!(c.caption_at(8), None);
    }
}
