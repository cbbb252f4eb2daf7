//! Line classes. Every line of a transcription is classified on its own (no context), into the
//! layer it most likely belongs to; the parser then decides from context what a line means
//! (an `INFO` addressee line versus body text, a caption versus a page banner). A line the
//! classifier does not know is `Text`, never an error.

use crate::dtg::{self, DayTime, Dtg, DtgError};
use crate::lexer::{tokenize, Tok, Token, Tokens};
use crate::lookalike::{self, may_be_word};
use crate::span::Span;
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// A value found at a place in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Field<T> {
    pub value: T,
    pub span: Span,
}

/// `nn OF mm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SectionOf {
    pub number: u32,
    pub total: u32,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TimeField {
    pub span: Span,
    pub value: Result<DayTime, DtgError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DtgField {
    pub span: Span,
    pub value: Result<Dtg, DtgError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageHeader {
    pub page: Field<u32>,
    /// The post name as printed (cut to 6 characters by the print), if the header has one.
    pub post: Option<Span>,
    pub serial: Option<Field<u32>>,
    pub section: Option<SectionOf>,
    pub time: Option<TimeField>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoutingHead {
    Action,
    Origin,
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoutingLine {
    pub head: Option<Field<RoutingHead>>,
    /// `ARA-01`: the span covers symbol and count; the value is the count.
    pub offices: Vec<Field<u32>>,
    /// `/099W` or `/033 R`.
    pub total: Option<Field<u32>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Classification {
    Unclassified,
    LimitedOfficialUse,
    Confidential,
    Secret,
    TopSecret,
    /// The classification word was redacted in a FOIA release.
    Redacted,
}

impl Classification {
    pub fn name(self) -> &'static str {
        match self {
            Classification::Unclassified => "UNCLASSIFIED",
            Classification::LimitedOfficialUse => "LIMITED OFFICIAL USE",
            Classification::Confidential => "CONFIDENTIAL",
            Classification::Secret => "SECRET",
            Classification::TopSecret => "TOP SECRET",
            Classification::Redacted => "[REDACTED]",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClassificationLine {
    pub class: Field<Classification>,
    pub section: Option<SectionOf>,
    pub post: Option<Span>,
    pub serial: Option<Field<u32>>,
    /// Leading blanks: banners are centred, captions are flush left.
    pub indent: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Addressee {
    /// `RUEHC` of `RUEHC/SECSTATE WASHDC`.
    pub routing_indicator: Option<Span>,
    pub name: Span,
    pub precedence: Option<Span>,
    pub serial: Option<Field<u32>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StampKind {
    Redacted,
    NotApplicable,
    CaseNumber,
    Released,
    ReleaseCodes,
    ReviewBlock,
    ExtendClassification,
    PartialExtract,
    DateLine,
    SystematicReview,
    EndOfDocument,
    /// The first line of a mail client's view of the record (see `mail`).
    MailHeader,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaptionField {
    ExecutiveOrder,
    Tags,
    Subject,
    Reference,
    ClassifiedBy,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagsLine {
    /// Entries as written: codes, and parenthesised names as one entry each.
    pub entries: Vec<Span>,
}

/// Facts about an ordinary text line that the parser uses to spot headings and signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TextShape {
    /// Upper case, short, no final period: could be a heading or a signature.
    pub title_like: bool,
    /// One to three upper-case words, optionally followed by `##`.
    pub signature_like: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LineKind {
    Blank,
    Text(TextShape),
    // Every payload larger than a span is boxed, so that a line's class is 16 bytes: one
    // `LexedLine` per line of a 24 MB document is 582,000 of them, and nine in ten are text
    // or blank. The boxed classes are one line in ten.
    /// `8. DE LA PUENTE SAID` / `¶1. (C) Summary`.
    Paragraph(Box<ParagraphLine>),
    PageHeader(Box<PageHeader>),
    Classification(Box<ClassificationLine>),
    /// Cablegate's merged section start `BAGHDAD 00000197 002 OF 002`.
    SectionBreak(Box<SectionBreak>),
    Routing(Box<RoutingLine>),
    DashLine(Box<DashLine>),
    /// A line of dashes or `/------` under a heading.
    Underline,
    /// `P 092105Z NOV 92`, `O R 102356Z AUG 09`.
    Precedence(Box<PrecedenceLine>),
    From {
        name: Span,
    },
    To(Box<Addressee>),
    InfoAddressee(Box<Addressee>),
    /// ACP-127 format lines.
    TransmissionId,
    RoutingIndicators,
    StationLine,
    SecurityWarning,
    Break,
    Terminator,
    Caption(CaptionField),
    Tags(Box<TagsLine>),
    Handling,
    Stamp(StampKind),
}

/// One classified line. `len` includes the line terminator, `content_len()` does not.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LexedLine {
    pub len: usize,
    /// The line's class; for a line with a fused caption, the class of the part before it.
    pub kind: LineKind,
    /// A caption glued to the end of another line by a lost line break (`…COLLECTIVEC O N F I
    /// D E N T I A L SECTION 01 OF 04 ROME 012345`), its spans relative to the whole line.
    /// The parser decides from context whether it stands where a caption can.
    pub fused: Option<Box<ClassificationLine>>,
    /// The terminator's length (0, 1 or 2): a byte rather than a second length, 40 bytes a
    /// line instead of 48.
    terminator: u8,
}

impl LexedLine {
    /// Classify `text`, a whole line including its terminator (if any).
    pub fn lex(text: &str) -> LexedLine {
        let content = strip_terminator(text);
        let (kind, fused) = fused::classify_with_fused(content);
        LexedLine {
            len: text.len(),
            kind,
            fused,
            terminator: (text.len() - content.len()) as u8,
        }
    }

    pub fn content_len(&self) -> usize {
        self.len - self.terminator as usize
    }
}

pub fn strip_terminator(text: &str) -> &str {
    let t = text.strip_suffix('\n').unwrap_or(text);
    t.strip_suffix('\r').unwrap_or(t)
}

/// A word of a handling line, in any case: `Some(true)` for a handling caption proper (a line of
/// handling words needs one), `Some(false)` for the other words that stand on such lines (`FOR
/// OFFICIAL USE ONLY`, `ROGER CHANNEL`, …).
fn handling_word(w: &str) -> Option<bool> {
    let mut buf = [0u8; 12];
    let upper = buf.get_mut(..w.len())?;
    // Byte by byte: a copy of a length known only here would be a call to `memcpy`.
    for (u, c) in upper.iter_mut().zip(w.bytes()) {
        *u = c.to_ascii_uppercase();
    }
    match &*upper {
        b"SIPDIS" | b"NODIS" | b"EXDIS" | b"LIMDIS" | b"STADIS" | b"NOFORN" | b"SENSITIVE"
        | b"CHEROKEE" | b"ORCON" | b"NOCONTRACT" | b"PROPIN" | b"SPECAT" | b"OFFICIAL" => {
            Some(true)
        }
        b"EXCLUSIVE" | b"EFTO" | b"NOFORN/ORCON" | b"CODEL" | b"ROGER" | b"CHANNEL" | b"FOR"
        | b"USE" | b"ONLY" | b"DISSENT" | b"NIACT" | b"SECSTATE" | b"PASS" => Some(false),
        _ => None,
    }
}

/// Lexes only as far as the first word that is no handling word: the first, on a line of prose.
fn is_handling_line(toks: &mut Tokens, line: &str) -> bool {
    let mut count = 0;
    let mut has_caption = false;
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        i += 1;
        if t.kind == Tok::Other {
            continue;
        }
        let w = t.text(line);
        count += 1;
        match handling_word(w) {
            Some(caption) if count <= 6 => has_caption |= caption,
            _ => return false,
        }
    }
    has_caption
}

/// Characters that start a line without being its content: blanks, and the byte-order mark
/// (skipped like the lexer skips it).
pub const LEADING_BLANKS: [char; 5] = [' ', '\t', '\u{A0}', '\x0C', '\u{FEFF}'];

pub fn classify(line: &str) -> LineKind {
    let trimmed = line.trim_start_matches(LEADING_BLANKS);
    // Where the content starts (a byte offset), and how far it is indented (a byte-order mark
    // takes no room on the page).
    let indent = line.len() - trimmed.len();
    let width = indent - line[..indent].matches('\u{FEFF}').count() * '\u{FEFF}'.len_utf8();
    let trimmed_end = trimmed.trim_end();
    if trimmed_end.is_empty() {
        return LineKind::Blank;
    }
    if trimmed.starts_with("NNNN") {
        return LineKind::Terminator;
    }
    if trimmed.starts_with("VZCZC") {
        return LineKind::TransmissionId;
    }
    if trimmed_end.starts_with("This record is a partial extract") {
        return LineKind::Stamp(StampKind::PartialExtract);
    }
    if trimmed.starts_with("---") || trimmed.starts_with("/---") {
        return dash_line(line);
    }
    // A TAGS line is known by its start and read as entries, never as tokens: a hostile one
    // holds a hundred thousand codes.
    if caption_field(trimmed_end) == Some(CaptionField::Tags) {
        return LineKind::Tags(Box::new(tags_line(line, indent)));
    }
    classify_tokens(line, trimmed_end, indent, width, &mut Tokens::new(line))
}

/// The recognisers that read tokens, in their order of precedence. Each is tried only where the
/// line's first token (or its first run, or its last bytes) allows it to match, and only then
/// is the whole line lexed: a line of prose is decided by its first word and its shape.
fn classify_tokens(
    line: &str,
    trimmed_end: &str,
    indent: usize,
    width: usize,
    lazy: &mut Tokens,
) -> LineKind {
    if let Some(k) = stamp(trimmed_end, lazy, line) {
        return LineKind::Stamp(k);
    }
    if let Some(p) = paragraph(line, indent, width) {
        return p;
    }
    // A line without tokens is a stamp (above).
    let Some(t0) = lazy.get(0) else {
        return LineKind::Stamp(StampKind::Redacted);
    };
    let Some(run0) = run_by(|i| lazy.get(i), 0) else {
        return LineKind::Stamp(StampKind::Redacted);
    };
    let first = t0.text(line);
    if matches!(
        first,
        "PAGE" | "ACTION" | "ORIGIN" | "INFO" | "FM" | "TO" | "DE" | "ZNY" | "ZNR" | "BT"
    ) || may_route(t0, run0, lazy, line)
    {
        if let Some(k) = header_line(lazy.all(), line) {
            return k;
        }
    }
    if may_be_precedence(t0, run0, line) {
        if let Some(p) = precedence_line(lazy.all(), line) {
            return p;
        }
    }
    if matches!(first, "ZZ" | "OO" | "PP" | "RR" | "YY") && is_routing_indicators(lazy.all(), line)
    {
        return LineKind::RoutingIndicators;
    }
    if let Some(f) = caption_field(trimmed_end) {
        if f == CaptionField::Tags {
            return LineKind::Tags(Box::new(tags_line(line, indent)));
        }
        return LineKind::Caption(f);
    }
    if may_be_classification(t0, run0, line) {
        if let Some(c) = classification_line(lazy.all(), line, width) {
            return LineKind::Classification(Box::new(c));
        }
    }
    if t0.kind == Tok::Word && ends_with_section_count(line) {
        if let Some(b) = section_break(lazy.all(), line) {
            return b;
        }
    }
    if is_handling_line(lazy, line) {
        return LineKind::Handling;
    }
    LineKind::Text(text_shape(trimmed_end))
}

/// Lines known by their first word (PAGE headers, routing, FM/TO/INFO, the ACP-127 lines) and
/// routing lines that start with an office or a total.
fn header_line(toks: &[Token], line: &str) -> Option<LineKind> {
    let text = |i: usize| toks.get(i).map(|t| t.text(line)).unwrap_or("");
    let kind = |i: usize| toks.get(i).map(|t| t.kind);
    let first = text(0);
    match (first, kind(0)) {
        ("PAGE", _) if loose_number(toks, 1, line).is_some() => Some(page_header(toks, line)),
        ("ACTION" | "ORIGIN" | "INFO", _) if office_at(toks, 1, line).is_some() => {
            routing_line(toks, line).map(|r| LineKind::Routing(Box::new(r)))
        }
        // An office or total first (`ARA-01`; `ARA-O1`, `AR8-02` lex as symbol, `-`, count).
        _ if (matches!(kind(0), Some(Tok::Office | Tok::SlashNum))
            || text(1) == "-"
            || text(2) == "-"
            || first == "/")
            && (office_at(toks, 0, line).is_some() || total_at(toks, 0, line).is_some()) =>
        {
            routing_line(toks, line).map(|r| LineKind::Routing(Box::new(r)))
        }
        ("FM", _) if toks.len() > 1 => Some(LineKind::From {
            name: toks[1].span.cover(toks[toks.len() - 1].span),
        }),
        ("TO", _) if toks.len() > 1 => Some(LineKind::To(Box::new(addressee(&toks[1..], line)))),
        ("INFO", _) if toks.len() > 1 => Some(LineKind::InfoAddressee(Box::new(addressee(
            &toks[1..],
            line,
        )))),
        ("DE", _) if toks.len() >= 3 && kind(1) == Some(Tok::Word) && text(2) == "#" => {
            Some(LineKind::StationLine)
        }
        ("ZNY" | "ZNR", _) => Some(LineKind::SecurityWarning),
        ("BT", _) if toks.len() == 1 => Some(LineKind::Break),
        _ => None,
    }
}

/// Whether a routing line can start here: `office_at` or `total_at` at the first token.
fn may_route(t0: Token, run0: Run, lazy: &mut Tokens, line: &str) -> bool {
    matches!(t0.kind, Tok::Office | Tok::SlashNum)
        || t0.text(line) == "/"
        || lazy
            .get(run0.len)
            .is_some_and(|d| d.span.start == run0.span.end && d.text(line) == "-")
}

/// Whether `precedence_line` can match: a precedence letter first, or a day-time.
fn may_be_precedence(t0: Token, run0: Run, line: &str) -> bool {
    let w = t0.text(line);
    let letter = t0.span.len() == 1 && ((t0.kind == Tok::Word && "ZOPRY".contains(w)) || w == "0");
    letter || is_day_time(t0, run0, line)
}

/// Whether `classification_prefix` can match: a redaction, a classification word (look-alikes
/// and all) as the first run, or a single letter (letter-spaced).
fn may_be_classification(t0: Token, run0: Run, line: &str) -> bool {
    if t0.kind == Tok::Redacted {
        return true;
    }
    let w0 = run0.span.text(line);
    matches!(
        line.as_bytes()[t0.span.start as usize],
        b'C' | b'L' | b'S' | b'T' | b'U' | b'1' | b'5'
    ) && ((t0.span.len() == 1 && matches!(t0.kind, Tok::Word | Tok::Num))
        || may_be_word(w0, "TOP")
        || may_be_word(w0, "LIMITED")
        || CLASSIFICATION_WORDS.iter().any(|(w, _)| may_be_word(w0, w)))
}

/// Whether the line ends in `OF` and a word or number, each standing apart: the last three
/// tokens of a Cablegate section break (`… 002 OF 002`). Read from the end, byte by byte.
fn ends_with_section_count(line: &str) -> bool {
    let b = line.as_bytes();
    // Blanks the lexer skips (a non-ASCII byte, of `\u{A0}` or a byte-order mark, counts as one:
    // this only decides whether the line is worth lexing).
    let blank = |c: u8| matches!(c, b' ' | b'\t' | b'\x0C' | b'\r' | b'\n') || c >= 0x80;
    let mut end = b.len();
    while end > 0 && blank(b[end - 1]) {
        end -= 1;
    }
    let mut count = end;
    while count > 0 && b[count - 1].is_ascii_alphanumeric() {
        count -= 1;
    }
    let mut before = count;
    while before > 0 && blank(b[before - 1]) {
        before -= 1;
    }
    count < end
        && before < count
        && before >= 3
        && &b[before - 2..before] == b"OF"
        && blank(b[before - 3])
}

/// The routing block's dash line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DashLine {
    /// `3A41D9` after the dashes, or the number after the time in the 1970s layout.
    pub id: Option<Span>,
    /// The filing time.
    pub time: Option<TimeField>,
}

fn dash_line(line: &str) -> LineKind {
    let toks = tokenize(line);
    let mut id = None;
    let mut time = None;
    let mut has_suffix = false;
    for t in &toks {
        match t.kind {
            Tok::Dashes | Tok::Other => {}
            Tok::Time if time.is_none() => {
                time = Some(TimeField {
                    span: t.span,
                    value: dtg::parse_day_time(t.text(line)),
                })
            }
            Tok::SlashNum => has_suffix = true,
            Tok::Num | Tok::Word | Tok::Time if id.is_none() => id = Some(t.span),
            _ => {}
        }
    }
    // A hex id that lexes as number + word (`786B26`) is joined back into one span.
    if let (Some(i), Some(first_dash_end)) = (id, toks.first().map(|t| t.span.end)) {
        let rest = &line[first_dash_end as usize..];
        let hex_len = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        if i.start == first_dash_end && hex_len > 0 {
            id = Some(Span::new(i.start as usize, i.start as usize + hex_len));
        }
    }
    if time.is_none() && !has_suffix {
        return LineKind::Underline;
    }
    // `------------------270429Z 060566 /61`: the id follows the time in the 1970s layout.
    if id.is_none() {
        id = toks.iter().find(|t| t.kind == Tok::Num).map(|t| t.span);
    }
    LineKind::DashLine(Box::new(DashLine { id, time }))
}

/// The stamp of the systematic review, anywhere on its line.
static SYSTEMATIC_REVIEW: LazyLock<Finder<'static>> =
    LazyLock::new(|| Finder::new("Declassified/Released US Department of State"));

fn stamp(trimmed: &str, lazy: &mut Tokens, line: &str) -> Option<StampKind> {
    // Nothing but `[REDACTED]` (or nothing the lexer keeps).
    let Some(t0) = lazy.get(0) else {
        return Some(StampKind::Redacted);
    };
    if t0.kind == Tok::Redacted && lazy.all().iter().all(|t| t.kind == Tok::Redacted) {
        return Some(StampKind::Redacted);
    }
    if trimmed.eq_ignore_ascii_case("n/a") {
        return Some(StampKind::NotApplicable);
    }
    let b0 = trimmed.as_bytes().first().copied().unwrap_or(b' ');
    // Every stamp below starts with one of these bytes, or holds a `/`.
    if !matches!(
        b0,
        b'C' | b'R' | b'U' | b'D' | b'E' | b'<' | b'B' | b'b' | b'1' | b'2' | b',' | b';'
    ) && memchr::memchr(b'/', trimmed.as_bytes()).is_none()
        && t0.kind != Tok::Time
        && !dtg::WEEKDAYS.contains(&t0.text(line))
    {
        return None;
    }
    let upper_prefixes: &[(&str, StampKind)] = &[
        ("Case Number:", StampKind::CaseNumber),
        ("RELEASED IN PART", StampKind::Released),
        ("RELEASED IN FULL", StampKind::Released),
        ("UNITED STATES DEPARTMENT OF STATE", StampKind::ReviewBlock),
        ("REVIEW AUTHORITY:", StampKind::ReviewBlock),
        ("DATE/CASE ID:", StampKind::ReviewBlock),
        ("DECLASSIFY AFTER:", StampKind::ReviewBlock),
        ("DECLASSIFY ON:", StampKind::ReviewBlock),
        ("EXTEND CLASSIFICATION", StampKind::ExtendClassification),
        ("<< END OF DOCUMENT >>", StampKind::EndOfDocument),
    ];
    for (p, k) in upper_prefixes {
        if trimmed.starts_with(p) {
            return Some(*k);
        }
    }
    if trimmed.starts_with("CLASSIFICATION:") && trimmed.contains("REASON") {
        return Some(StampKind::ReviewBlock);
    }
    if crate::mail::is_notes_opener(trimmed) {
        return Some(StampKind::MailHeader);
    }
    if SYSTEMATIC_REVIEW.find(trimmed.as_bytes()).is_some() {
        return Some(StampKind::SystematicReview);
    }
    if is_release_codes(trimmed) {
        return Some(StampKind::ReleaseCodes);
    }
    // Cablegate's mixed-case `070837Z Jul 04` and `Wednesday, 29 November 2000, 13:59`.
    if t0.kind != Tok::Time && !dtg::WEEKDAYS.contains(&t0.text(line)) {
        return None;
    }
    let toks = lazy.all();
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(line));
    if toks.len() == 3
        && toks[0].kind == Tok::Time
        && dtg::parse_month(word(1)).is_some()
        && word(1)
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_lowercase())
    {
        return Some(StampKind::DateLine);
    }
    if toks.len() >= 6 && dtg::WEEKDAYS.contains(&word(0)) && word(1) == "," {
        return Some(StampKind::DateLine);
    }
    None
}

/// `B1, 1.5(D)`, `B1`, `B6 B7(C)`, `1.4(B), 1.4(D)`, `25X6`.
pub fn is_release_codes(trimmed: &str) -> bool {
    let mut any = false;
    for item in trimmed
        .split([',', ' ', '\t', ';'])
        .filter(|s| !s.is_empty())
    {
        if !is_release_code(item) {
            return false;
        }
        any = true;
    }
    any
}

pub fn is_release_code(s: &str) -> bool {
    let b = s.as_bytes();
    let paren_letter = |rest: &[u8]| {
        rest.is_empty()
            || (rest.len() == 3
                && rest[0] == b'('
                && rest[1].is_ascii_alphabetic()
                && rest[2] == b')')
    };
    match b {
        [b'B' | b'b', d, rest @ ..] if (b'1'..=b'9').contains(d) => paren_letter(rest),
        [b'1', b'.', b'4' | b'5' | b'6', rest @ ..] => {
            paren_letter(rest) || (rest.len() == 2 && rest[0] == b'X' && rest[1].is_ascii_digit())
        }
        [b'2', b'5', b'X', d] => d.is_ascii_digit(),
        _ => false,
    }
}

/// A numbered paragraph's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParagraphLine {
    /// `8.`: the span holds the dot.
    pub number: Field<u32>,
    /// `(C)`, `(SBU)` after the number.
    pub mark: Option<Span>,
}

fn paragraph(line: &str, indent: usize, width: usize) -> Option<LineKind> {
    // A digit (or a look-alike), or the `¶` of a WikiLeaks anchor (0xC2 0xB6).
    let first = line.as_bytes().get(indent).copied().unwrap_or(0);
    if width > 3 || (lookalike::digit_of(first).is_none() && first != 0xC2) {
        return None;
    }
    numbered_at(line, indent, true)
}

fn numbered_at(line: &str, at: usize, allow_anchor: bool) -> Option<LineKind> {
    let mut i = at;
    let rest = &line[i..];
    if let Some(r) = rest.strip_prefix('¶').filter(|_| allow_anchor) {
        i += line.len() - i - r.len();
    }
    let digits = line[i..]
        .bytes()
        .take_while(|&b| lookalike::digit_of(b).is_some())
        .count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let num_end = i + digits;
    if line.as_bytes().get(num_end) != Some(&b'.') {
        return None;
    }
    // Look-alikes (`1O.`, `I2.`) beside a digit; a letter last only if it is `O`: `1B.` is a
    // sub-item, `I.` a roman numeral.
    let written = &line[i..num_end];
    let last = line.as_bytes()[num_end - 1];
    if !lookalike::is_number(written) || !(last.is_ascii_digit() || last == b'O') {
        return None;
    }
    let after = &line[num_end + 1..];
    // `1.Post welcomes…`: a word right after the dot (a single letter is a sub-item, `1.F`).
    let word = after.bytes().take_while(u8::is_ascii_alphabetic).count() >= 2;
    if !(after.is_empty() || after.starts_with([' ', '\t', '(']) || word) {
        return None;
    }
    let value = number(written);
    if value == 0 {
        return None;
    }
    if i > at {
        // WikiLeaks puts its own `¶n.` anchor before the cable's number (`¶7. 6. The…`); the
        // cable's number is the one that counts, and an anchor on its own numbers nothing.
        let rest = after.trim_start();
        if rest.is_empty() {
            return None;
        }
        let skip = line.len() - rest.len();
        if let Some(p) = numbered_at(line, skip, false) {
            return Some(p);
        }
    }
    let after_trim = after.trim_start();
    let mark_start = line.len() - after_trim.len();
    let mark = after_trim.strip_prefix('(').and_then(|r| {
        let close = r.find(')')?;
        let inner = &r[..close];
        let ok = !inner.is_empty()
            && inner.len() <= 16
            && inner
                .bytes()
                .all(|c| c.is_ascii_uppercase() || b"/ -".contains(&c));
        ok.then(|| Span::new(mark_start, mark_start + close + 2))
    });
    Some(LineKind::Paragraph(Box::new(ParagraphLine {
        number: Field {
            value,
            span: Span::new(i, num_end + 1),
        },
        mark,
    })))
}

fn page_header(toks: &[Token], line: &str) -> LineKind {
    let (page, mut i) = loose_number(toks, 1, line)
        .map(|(f, n)| (f, 1 + n))
        .unwrap_or((
            Field {
                value: num(toks[1], line),
                span: toks[1].span,
            },
            2,
        ));
    // Post: words up to the first number of 3+ digits.
    let post_start = i;
    while i < toks.len() && toks[i].kind == Tok::Word && loose_number(toks, i, line).is_none() {
        i += 1;
    }
    let mut post = None;
    let mut serial = None;
    let serial_here = loose_number(toks, i, line).filter(|(f, _)| f.span.len() >= 3);
    if let (true, Some((found, n))) = (i > post_start, serial_here) {
        // Relay prints put a routing indicator and the letter-spaced classification first:
        // `PAGE 02 RUFTWPA1266 C O N F I D E N T I A L ADANA 0290`. The post is what follows.
        let mut from = post_start;
        let relay = |t: &Token| {
            let w = t.text(line);
            w.starts_with('R') && w.bytes().any(|b| b.is_ascii_digit())
        };
        if relay(&toks[from]) {
            from += 1;
            while from < i - 1 && toks[from].span.len() == 1 {
                from += 1;
            }
        }
        post = Some(toks[from.min(i - 1)].span.cover(toks[i - 1].span));
        serial = Some(found);
        i += n;
    } else if i > post_start {
        // Relay print `PAGE 02 RUFTWPA1266 C O N F I D E N T I A L ADANA 0290`.
        post = Some(toks[post_start].span);
    }
    let mut section = None;
    if serial.is_some() {
        if let Some((s, n)) = section_of(&toks[i..], line) {
            section = Some(s);
            i += n;
        }
    }
    let time = run_at(toks, i)
        .filter(|r| is_day_time(toks[i], *r, line))
        .map(|r| TimeField {
            span: r.span,
            value: dtg::parse_day_time(r.span.text(line)),
        });
    LineKind::PageHeader(Box::new(PageHeader {
        page,
        post,
        serial,
        section,
        time,
    }))
}

/// The value read for a number too large to be any count or serial (ten digits and up). The
/// analysis reports it and compares nothing with it.
pub const TOO_LARGE: u32 = u32::MAX;

impl Field<u32> {
    pub fn is_too_large(&self) -> bool {
        self.value == TOO_LARGE
    }
}

fn num(t: Token, line: &str) -> u32 {
    number(t.text(line))
}

/// Digits as a count or serial, look-alike letters read as their digits; ten significant
/// digits and more (`u32` holds some of them, no print any) is [`TOO_LARGE`], so that value
/// means only that.
fn number(digits: &str) -> u32 {
    let mut value = 0u32;
    let mut significant = 0;
    for d in digits.bytes().filter_map(lookalike::digit_of) {
        significant += usize::from(significant > 0 || d != b'0');
        if significant >= 10 {
            return TOO_LARGE;
        }
        value = value * 10 + u32::from(d - b'0');
    }
    value
}

/// Tokens written without a blank between them, from `toks[i]` on: OCR look-alikes split what
/// the format writes as one field (`1454O` lexes as `1454` and `O`, `0CT` as `0` and `CT`).
#[derive(Debug, Clone, Copy)]
struct Run {
    span: Span,
    /// How many tokens it covers.
    len: usize,
}

/// Runs longer than this are no field (a DTG has eight characters, a serial ten): a hostile
/// line of glued tokens (`123456Z123456Z…`) is read in constant time per token.
const LONGEST_RUN: u32 = 16;

fn run_at(toks: &[Token], i: usize) -> Option<Run> {
    run_by(|j| toks.get(j).copied(), i)
}

/// `run_at` over tokens got one by one (lexed on demand).
fn run_by(mut get: impl FnMut(usize) -> Option<Token>, i: usize) -> Option<Run> {
    let first = get(i)?;
    let glues = |t: &Token| matches!(t.kind, Tok::Num | Tok::Word | Tok::Time);
    let mut run = Run {
        span: first.span,
        len: 1,
    };
    while let Some(t) = get(i + run.len).filter(|t| glues(&first) && glues(t)) {
        if t.span.start != run.span.end || run.span.len() > LONGEST_RUN as usize {
            break;
        }
        run.span = run.span.cover(t.span);
        run.len += 1;
    }
    Some(run)
}

/// A field of digits at `toks[i]`, look-alike letters read as digits (`O1`, `1454O`), and how
/// many tokens it covers.
pub(crate) fn loose_number(toks: &[Token], i: usize, line: &str) -> Option<(Field<u32>, usize)> {
    let run = run_at(toks, i)?;
    let text = run.span.text(line);
    (lookalike::is_number(text)).then(|| {
        (
            Field {
                value: number(text),
                span: run.span,
            },
            run.len,
        )
    })
}

/// The field of digits that ends with `toks[end - 1]` (an addressee's serial, a caption's), and
/// the index of its first token.
fn loose_number_ending(toks: &[Token], end: usize, line: &str) -> Option<(Field<u32>, usize)> {
    let mut start = end.checked_sub(1)?;
    while start > 0 && run_at(toks, start - 1).is_some_and(|r| start - 1 + r.len >= end) {
        start -= 1;
    }
    let (f, n) = loose_number(toks, start, line)?;
    (start + n == end).then_some((f, start))
}

/// `DDHHMMZ` at the run `r` starting with `first`: a time token, or seven characters ending in
/// the zone letter whose others read as digits (`O92105Z`, `0921O5Z`).
fn is_day_time(first: Token, r: Run, line: &str) -> bool {
    let text = r.span.text(line);
    r.len == 1 && first.kind == Tok::Time
        || text.len() == 7 && text.ends_with(['Z', 'z']) && lookalike::is_number(&text[..6])
}

/// `nn OF mm` at the start of `toks`, and how many tokens it covers. Leading zeros are padding
/// (`01 OF 0005`); more than three digits besides them is no section count.
fn section_of(toks: &[Token], line: &str) -> Option<(SectionOf, usize)> {
    let count =
        |i: usize| loose_number(toks, i, line).filter(|(f, _)| f.value <= 999 && f.span.len() <= 8);
    let (a, n) = count(0)?;
    if toks.get(n)?.text(line) != "OF" {
        return None;
    }
    let (b, m) = count(n + 1)?;
    Some((
        SectionOf {
            number: a.value,
            total: b.value,
            span: a.span.cover(b.span),
        },
        n + 1 + m,
    ))
}

/// An office and its count at `toks[i]` (`ARA-01`; `ARA-O1`, `AR8-01` with look-alikes), and
/// how many tokens it covers.
fn office_at(toks: &[Token], i: usize, line: &str) -> Option<(Field<u32>, usize)> {
    let t = toks.get(i)?;
    if t.kind == Tok::Office {
        let count = t.text(line).rsplit('-').next().map_or(0, number);
        return Some((
            Field {
                value: count,
                span: t.span,
            },
            1,
        ));
    }
    // Look-alikes break the token: symbol, `-`, count.
    let symbol = run_at(toks, i)?;
    let dash = toks.get(i + symbol.len)?;
    if dash.text(line) != "-" || dash.span.start != symbol.span.end {
        return None;
    }
    let text = symbol.span.text(line);
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let symbol_ok = digits * 2 <= text.len()
        && text.bytes().any(|b| b.is_ascii_uppercase())
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || lookalike::is_letter_digit(b));
    if !symbol_ok {
        return None;
    }
    let (count, n) = loose_number(toks, i + symbol.len + 1, line)?;
    (count.span.len() == 2 && count.span.start == dash.span.end).then(|| {
        (
            Field {
                value: count.value,
                span: symbol.span.cover(count.span),
            },
            symbol.len + 1 + n,
        )
    })
}

/// A routing total at `toks[i]` (`/099W`, `/033 R`; `/O99W`, `/0O3W` with look-alikes), and
/// how many tokens it covers, its letter included.
fn total_at(toks: &[Token], i: usize, line: &str) -> Option<(Field<u32>, usize)> {
    let t = toks.get(i)?;
    if !(t.kind == Tok::SlashNum || t.text(line) == "/") {
        return None;
    }
    // A look-alike breaks the token: the rest is glued to it, the letter too (`/0O3W`).
    let glued = toks
        .get(i + 1)
        .filter(|n| n.span.start == t.span.end && matches!(n.kind, Tok::Word | Tok::Num))
        .and_then(|_| run_at(toks, i + 1));
    let span = glued.map_or(t.span, |r| t.span.cover(r.span));
    let text = &span.text(line)[1..];
    let digits = text.strip_suffix(['W', 'R']).unwrap_or(text);
    if digits.len() < 2 || !lookalike::is_number(digits) {
        return None;
    }
    let mut field = Field {
        value: number(digits),
        span,
    };
    let mut n = 1 + glued.map_or(0, |r| r.len);
    // `/033 R`: the letter after a blank belongs to the total as well.
    if let Some(next) = toks
        .get(i + n)
        .filter(|x| digits.len() == text.len() && x.kind == Tok::Word && x.span.len() == 1)
    {
        field.span = field.span.cover(next.span);
        n += 1;
    }
    Some((field, n))
}

fn routing_line(toks: &[Token], line: &str) -> Option<RoutingLine> {
    let mut r = RoutingLine {
        head: None,
        offices: Vec::new(),
        total: None,
    };
    let mut i = 0;
    if let Some(t) = toks.first() {
        let head = match t.text(line) {
            "ACTION" => Some(RoutingHead::Action),
            "ORIGIN" => Some(RoutingHead::Origin),
            "INFO" => Some(RoutingHead::Info),
            _ => None,
        };
        if let Some(h) = head {
            r.head = Some(Field {
                value: h,
                span: t.span,
            });
            i = 1;
        }
    }
    while i < toks.len() && r.total.is_none() {
        if let Some((office, n)) = office_at(toks, i, line) {
            r.offices.push(office);
            i += n;
        } else {
            let (total, n) = total_at(toks, i, line)?;
            r.total = Some(total);
            i += n;
        }
    }
    if i < toks.len() {
        return None;
    }
    (!r.offices.is_empty() || r.total.is_some()).then_some(r)
}

/// The rest of a TO/INFO line: `RUEHC/SECSTATE WASHDC PRIORITY 3296`.
pub fn addressee(toks: &[Token], line: &str) -> Addressee {
    let mut toks = toks;
    let mut routing_indicator = None;
    if toks.len() >= 3
        && toks[0].kind == Tok::Word
        && toks[0].text(line).starts_with('R')
        && toks[1].text(line) == "/"
    {
        routing_indicator = Some(toks[0].span);
        toks = &toks[2..];
    }
    let mut end = toks.len();
    let mut serial = None;
    if let Some((found, start)) = loose_number_ending(toks, end, line).filter(|&(_, s)| s > 0) {
        serial = Some(found);
        end = start;
    }
    let mut precedence = None;
    if end > 1 {
        let w = toks[end - 1].text(line);
        if matches!(w, "IMMEDIATE" | "PRIORITY" | "ROUTINE" | "FLASH") {
            let mut span = toks[end - 1].span;
            end -= 1;
            if end > 1 && toks[end - 1].text(line) == "NIACT" {
                span = toks[end - 1].span.cover(span);
                end -= 1;
            }
            precedence = Some(span);
        }
    }
    let name = match toks.first() {
        Some(f) if end > 0 => f.span.cover(toks[end - 1].span),
        _ => Span::default(),
    };
    Addressee {
        routing_indicator,
        name,
        precedence,
        serial,
    }
}

/// Addressee continuation lines (no TO/INFO) are only known as such in context.
pub fn addressee_in(line: &str) -> Addressee {
    addressee(&tokenize(line), line)
}

/// A precedence line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PrecedenceLine {
    /// `P`, `O R`, or empty where the DTG starts the line.
    pub letters: Span,
    /// The message's date-time group.
    pub dtg: DtgField,
}

fn precedence_line(toks: &[Token], line: &str) -> Option<LineKind> {
    let mut letters: Option<Span> = None;
    let mut i = 0;
    while i < toks.len() && i < 2 {
        let t = toks[i];
        let w = t.text(line);
        // A typed or scanned zero for the letter O (`0 241208Z OCT 79`).
        let zero = i == 0 && w == "0";
        if t.span.len() == 1 && ((t.kind == Tok::Word && "ZOPRY".contains(w)) || zero) {
            letters = Some(letters.map_or(t.span, |l| l.cover(t.span)));
            i += 1;
        } else {
            break;
        }
    }
    // Recognise the DTG loosely (so that a malformed one is still a DTG, look-alikes and all:
    // `O92105Z 0CT 9Z`) but not so loosely that prose starting with a single letter becomes
    // one. Each field is a run of tokens, as look-alikes split them.
    // A line with no precedence letter is looked at only when it may start with a time.
    let first = toks.first()?;
    let digit_first = line
        .as_bytes()
        .get(first.span.start as usize)
        .is_some_and(|&b| lookalike::digit_of(b).is_some());
    if letters.is_none() && (first.span.len() > 7 || !digit_first) {
        return None;
    }
    let day_time = run_at(toks, i)?;
    let dt_text = day_time.span.text(line);
    let dt_ok = match (day_time.len, toks[i].kind) {
        (1, Tok::Time) => true,
        (1, Tok::Num) => (5..=8).contains(&dt_text.len()),
        // `09215Z` (a number and a zone letter), `O92105Z`.
        _ => {
            (6..=8).contains(&dt_text.len())
                && dt_text
                    .strip_suffix(['Z', 'z'])
                    .is_some_and(lookalike::is_number)
        }
    };
    // A DTG alone on its line (`061601Z MAY 78`, 1970s records): no precedence letter.
    let letters = match letters {
        Some(l) => l,
        None if i == 0 && is_day_time(toks[0], day_time, line) => {
            Span::new(toks[0].span.start as usize, toks[0].span.start as usize)
        }
        None => return None,
    };
    let month = run_at(toks, i + day_time.len)?;
    let year = run_at(toks, i + day_time.len + month.len)?;
    let m_text = month.span.text(line);
    let y_text = year.span.text(line);
    // Nothing after, or an ACP-127 operating signal (`O 030457Z AUG 90 ZEX`, `ZFF4`).
    let signal_ok = match &toks[i + day_time.len + month.len + year.len..] {
        [] => true,
        [z] => {
            let w = z.text(line);
            z.kind == Tok::Word && w.starts_with('Z') && (3..=5).contains(&w.len())
        }
        _ => false,
    };
    if !dt_ok
        || !signal_ok
        || m_text.len() > 4
        || !m_text.bytes().any(|b| b.is_ascii_alphabetic())
        || !(2..=4).contains(&y_text.len())
        || !lookalike::is_number(y_text)
    {
        return None;
    }
    let span = day_time.span.cover(year.span);
    let value = dtg::parse_dtg(dt_text, m_text, y_text);
    Some(LineKind::Precedence(Box::new(PrecedenceLine {
        letters,
        dtg: DtgField { span, value },
    })))
}

fn is_routing_indicators(toks: &[Token], line: &str) -> bool {
    let first = toks.first().map(|t| t.text(line)).unwrap_or("");
    matches!(first, "ZZ" | "OO" | "PP" | "RR" | "YY")
        && toks.len() >= 2
        && toks[1..].iter().all(|t| {
            let w = t.text(line);
            t.kind == Tok::Word && w.starts_with('R') && (4..=12).contains(&w.len())
        })
}

fn caption_field(trimmed: &str) -> Option<CaptionField> {
    let b = trimmed.as_bytes();
    let starts = |p: &str| trimmed.starts_with(p);
    let starts_any_case = |p: &str| {
        b.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p.as_bytes()))
    };
    // Each field by its first byte: most lines are out at it.
    let (found, field) = match b.first()? {
        b'E' | b'e' => (
            ["E.O.", "E. O.", "EO 1", "EO:"]
                .into_iter()
                .any(starts_any_case),
            CaptionField::ExecutiveOrder,
        ),
        b'T' => (
            starts("TAGS:") || starts("TAGS ") || trimmed == "TAGS",
            CaptionField::Tags,
        ),
        b'S' => (starts("SUBJECT:") || starts("SUBJ:"), CaptionField::Subject),
        b'R' => (
            ["REF:", "REFS:", "REFTEL:", "REF :", "REFTELS:"]
                .into_iter()
                .any(starts),
            CaptionField::Reference,
        ),
        b'C' | b'c' => (starts_any_case("CLASSIFIED BY"), CaptionField::ClassifiedBy),
        _ => return None,
    };
    found.then_some(field)
}

fn tags_line(line: &str, indent: usize) -> TagsLine {
    let body_start = indent + 4 + usize::from(line[indent + 4..].starts_with(':'));
    let mut entries = Vec::new();
    let bytes = line.as_bytes();
    let mut i = body_start;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b',' | b';' | b'.' => i += 1,
            b'(' => {
                let end = line[i..].find(')').map(|e| i + e + 1).unwrap_or(line.len());
                entries.push(Span::new(i, end));
                i = end;
            }
            _ => {
                let end = line[i..]
                    .find([' ', '\t', ',', ';', '('])
                    .map(|e| i + e)
                    .unwrap_or(line.len());
                let end = if end > i + 1 && line[..end].ends_with('.') {
                    end - 1
                } else {
                    end
                };
                entries.push(Span::new(i, end.max(i + 1)));
                i = end.max(i + 1);
            }
        }
    }
    TagsLine { entries }
}

/// Leading classification words: letter-spaced, plain, abbreviated or redacted; look-alike
/// digits read as letters (`C0NFIDENTIAL`, `5ECRET`, `C 0 N F I D E N T I A L`).
fn classification_prefix(toks: &[Token], line: &str) -> Option<(Classification, usize)> {
    let first = toks.first()?;
    if first.kind == Tok::Redacted {
        return Some((Classification::Redacted, 1));
    }
    // Every classification word starts with one of these letters, or a digit read for one.
    if !matches!(
        line.as_bytes()[first.span.start as usize],
        b'C' | b'L' | b'S' | b'T' | b'U' | b'1' | b'5'
    ) {
        return None;
    }
    // The word at token `i` (a run: `5ECRET` lexes as `5` and `ECRET`) and its token count.
    let word = |i: usize| run_at(toks, i).map_or(("", 1), |r| (r.span.text(line), r.len));
    let (w0, n0) = word(0);
    if may_be_word(w0, "TOP") {
        let (w1, n1) = word(n0);
        if may_be_word(w1, "SECRET") {
            return Some((Classification::TopSecret, n0 + n1));
        }
    }
    if may_be_word(w0, "LIMITED") {
        let (w1, n1) = word(n0);
        let (w2, n2) = word(n0 + n1);
        if may_be_word(w1, "OFFICIAL") && may_be_word(w2, "USE") {
            return Some((Classification::LimitedOfficialUse, n0 + n1 + n2));
        }
    }
    for (w, c) in CLASSIFICATION_WORDS {
        if may_be_word(w0, w) {
            return Some((c, n0));
        }
    }
    // Letter-spaced: `C O N F I D E N T I A L`, `S E C R E T`, `T O P S E C R E T`.
    let mut spelled = [0u8; 12];
    let mut n = 0;
    while n < toks.len()
        && toks[n].span.len() == 1
        && matches!(toks[n].kind, Tok::Word | Tok::Num)
        && n < spelled.len()
    {
        spelled[n] = line.as_bytes()[toks[n].span.start as usize];
        n += 1;
    }
    let spelled = std::str::from_utf8(&spelled[..n]).unwrap_or("");
    let c = [
        ("CONFIDENTIAL", Classification::Confidential),
        ("SECRET", Classification::Secret),
        ("TOPSECRET", Classification::TopSecret),
        ("UNCLASSIFIED", Classification::Unclassified),
    ]
    .into_iter()
    .find(|(w, _)| may_be_word(spelled, w))?
    .1;
    Some((c, n))
}

/// The classification words a caption starts with, written out.
const CLASSIFICATION_WORDS: [(&str, Classification); 4] = [
    ("UNCLASSIFIED", Classification::Unclassified),
    ("UNCLAS", Classification::Unclassified),
    ("CONFIDENTIAL", Classification::Confidential),
    ("SECRET", Classification::Secret),
];

fn classification_line(toks: &[Token], line: &str, indent: usize) -> Option<ClassificationLine> {
    let (mut value, mut n) = classification_prefix(toks, line)?;
    let mut first = 0;
    // `UNCLASSIFIED LIMITED OFFICIAL USE SECTION 01 OF 03 ZAGREB 03309`: Cablegate's record
    // class before the caption's own; the caption's is the one its banners repeat.
    if value == Classification::Unclassified {
        if let Some((second, m)) = classification_prefix(&toks[n..], line) {
            (value, first, n) = (second, n, n + m);
        }
    }
    let class = Field {
        value,
        span: toks[first].span.cover(toks[n - 1].span),
    };
    let mut rest = &toks[n..];
    // `UNCLAS E F T O`, `UNCLAS EFTO`, `SENSITIVE`, `NOFORN` between class and section.
    loop {
        match rest.first().map(|t| t.text(line)) {
            Some(
                "EFTO" | "SENSITIVE" | "NOFORN" | "SIPDIS" | "FOR" | "OFFICIAL" | "USE" | "ONLY",
            ) => rest = &rest[1..],
            Some("E") if rest.len() >= 4 && rest[1].text(line) == "F" => rest = &rest[4..],
            Some("/" | "//") => rest = &rest[1..],
            _ => break,
        }
    }
    let mut section = None;
    if rest.first().map(|t| t.text(line)) == Some("SECTION") {
        let (s, n) = section_of(&rest[1..], line)?;
        section = Some(s);
        rest = &rest[1 + n..];
    }
    let mut post = None;
    let mut serial = None;
    if !rest.is_empty() {
        // Post name words then a serial; or a print-queue tag such as `PTQ1859` on a banner.
        // After `SECTION nn OF mm` the line is a caption whatever follows the serial (a stray
        // mark, a control character from a scan): the section must still be counted.
        // 1970s captions put the year before the post (`75 LIBREVILLE 1895`).
        let year = usize::from(
            rest.len() >= 3
                && rest[0].kind == Tok::Num
                && rest[0].span.len() == 2
                && rest[1].kind == Tok::Word,
        );
        // The serial: after a section, the first number (look-alikes read as digits); else the
        // last one, before a travel series.
        let id_end = match section {
            Some(_) => (year..rest.len())
                .find_map(|i| loose_number(rest, i, line).map(|(_, n)| i + n))
                .unwrap_or(rest.len()),
            None => rest.len() - series_len(rest, line),
        };
        let last = rest[id_end - 1];
        let id = loose_number_ending(rest, id_end, line).filter(|(f, _)| f.span.len() >= 3);
        let id_start = id.map_or(id_end - 1, |(_, s)| s);
        let words = &rest[year.min(id_start)..id_start];
        let words_ok = !words.is_empty()
            && words.len() <= 5
            && words.iter().all(|t| {
                t.kind == Tok::Word && t.text(line).bytes().all(|b| b.is_ascii_uppercase())
            });
        if let (Some((found, _)), true) = (id, words_ok) {
            post = Some(words[0].span.cover(words[words.len() - 1].span));
            serial = Some(found);
        } else if rest.len() == 1 && last.kind == Tok::Word && last.text(line).starts_with("PTQ") {
        } else if section.is_none() {
            return None;
        }
    }
    if class.value == Classification::Redacted && section.is_none() && serial.is_none() {
        return None;
    }
    Some(ClassificationLine {
        class,
        section,
        post,
        serial,
        indent: indent as u32,
    })
}

/// The Secretary's travel series after a caption's serial (`STATE 255291 TOSEC 140303`): two
/// tokens, or none.
fn series_len(rest: &[Token], line: &str) -> usize {
    match rest {
        [.., series, number]
            if matches!(series.text(line), "TOSEC" | "SECTO")
                && number.kind == Tok::Num
                && loose_number_ending(rest, rest.len() - 2, line).is_some() =>
        {
            2
        }
        _ => 0,
    }
}

/// Cablegate's merged section start: the section's caption and PAGE header in one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SectionBreak {
    /// The post's words, as printed.
    pub post: Span,
    pub serial: Field<u32>,
    /// `002 OF 002`.
    pub section: SectionOf,
}

fn section_break(toks: &[Token], line: &str) -> Option<LineKind> {
    let n = toks.len();
    if n < 5 {
        return None;
    }
    let serial = toks[n - 4];
    if serial.kind != Tok::Num || serial.span.len() != 8 {
        return None;
    }
    let section = section_of(&toks[n - 3..], line)
        .filter(|&(_, used)| used == 3)?
        .0;
    let words = &toks[..n - 4];
    if !words.iter().all(|t| t.kind == Tok::Word) || words.len() > 5 {
        return None;
    }
    Some(LineKind::SectionBreak(Box::new(SectionBreak {
        post: words[0].span.cover(words[words.len() - 1].span),
        serial: Field {
            value: num(serial, line),
            span: serial.span,
        },
        section,
    })))
}

/// `WORD. WORD` with a real word before the period (not an abbreviation like `U.S.`).
fn has_sentence_break(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(b'.', b).any(|i| {
        b.get(i + 1) == Some(&b' ') && {
            let word = s[..i].rsplit(' ').next().unwrap_or("");
            word.len() >= 3 && !word.contains('.')
        }
    })
}

/// Whether `s` holds a lower-case letter, and whether it is all ASCII (when it has none). Most
/// lines of prose hold one early and are then neither heading nor signature; a line in
/// capitals is read once, eight bytes at a time.
fn lowercase_and_ascii(s: &str) -> (bool, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` that is not ASCII, or is `a`..=`z`: each sum stays within its byte, as
    // every byte is below 0x80 once the first test has passed.
    let hit = |x: u64| {
        x & HIGH != 0
            || (x + ONES * u64::from(0x80 - b'a')) & !(x + ONES * u64::from(0x80 - b'z' - 1)) & HIGH
                != 0
    };
    // Every byte before `at` is ASCII, so `at` is a character boundary.
    let from = |at: usize| {
        let rest = &s[at..];
        let lower = rest.chars().any(char::is_lowercase);
        (lower, !lower && rest.is_ascii())
    };
    let mut words = s.as_bytes().chunks_exact(8);
    let mut at = 0;
    for w in words.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        if hit(u64::from_le_bytes(word)) {
            return from(at);
        }
        at += 8;
    }
    // The last bytes, little-endian as the words above (a zero byte is no letter).
    let last = words
        .remainder()
        .iter()
        .rev()
        .fold(0u64, |acc, &c| acc << 8 | u64::from(c));
    if hit(last) {
        return from(at);
    }
    (false, true)
}

/// The shape of a line of text. The tests that end most lines' chances (length, first and last
/// character) come before the one that reads the whole line (a lower-case letter).
fn text_shape(trimmed: &str) -> TextShape {
    let first_digit = trimmed.starts_with(|c: char| c.is_ascii_digit());
    let ends_sentence =
        (trimmed.ends_with('.') && !trimmed.ends_with("...")) || trimmed.ends_with([',', ';', '-']);
    let may_be_title = !first_digit
        && !ends_sentence
        && trimmed.len() <= 4 * 60
        && !trimmed.starts_with(['(', '-', '"']);
    let core = trimmed.trim_end_matches('#').trim_end();
    let may_be_signature = core.len() <= 120;
    if !(may_be_title || may_be_signature) {
        return TextShape::default();
    }
    let (has_lower, ascii) = lowercase_and_ascii(trimmed);
    if has_lower {
        return TextShape::default();
    }
    let chars = |s: &str| if ascii { s.len() } else { s.chars().count() };
    let title_like = may_be_title
        && chars(trimmed) <= 60
        && trimmed.chars().any(|c| c.is_alphabetic())
        && !has_sentence_break(trimmed);
    let signature_like = may_be_signature
        && chars(core) <= 30
        && (1..=3).contains(&core.split_whitespace().count())
        && core
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '.' | '\'' | '-'));
    TextShape {
        title_like,
        signature_like,
    }
}

mod fused;
#[cfg(test)]
mod tests;
