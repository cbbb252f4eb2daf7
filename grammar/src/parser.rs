//! From classified lines to cables. One pass decides, line by line and from what came before
//! only, where cables and sections start and what each line means; a second pass over the
//! finished cable (which may look ahead, but never past the cable) finds headings, the
//! signature and the extent of every paragraph.
//!
//! The parse of a cable depends only on its own lines and on the next cable's lead (the
//! preamble and header lines before the line that shows it began, and that line; see
//! [`lead_end`]). That is what lets the incremental reparse stop at the first unchanged cable
//! boundary.

use crate::line::{
    self, CaptionField, ClassificationLine, LexedLine, LineKind, RoutingHead, SectionOf, StampKind,
};
use crate::quote::{self, Marker, MarkerKind, Scanner};
use crate::syntax::{
    AddresseeKind, AddresseeRef, Cable, CableId, DeclarationSource, Heading, Numbering, PageRef,
    Paragraph, Role, RoutingBlock, Section, SectionDeclaration,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    /// Print header, envelope, routing: before the addressees.
    Header,
    Addressees,
    /// After the caption's classification line: passing and handling lines.
    Caption,
    /// E.O./TAGS/SUBJECT/REF; `continuing` is the field whose continuation lines may follow.
    Fields,
    Body,
}

struct Parser<'a> {
    texts: &'a [&'a str],
    lexed: &'a [LexedLine],
    roles: Vec<Role>,
    sections: Vec<Section>,
    cur: Section,
    zone: Zone,
    continuing: Option<CaptionField>,
    routing_open: bool,
    addressee_gap: bool,
    section_has_body: bool,
    has_content: bool,
    id: Option<CableId>,
    subject_lines: Vec<u32>,
    last_paragraph: Option<u32>,
    /// The last paragraph number when the latest quoted document opened: the numbering its
    /// text may go back to.
    before_quote: Option<u32>,
    /// The last line holding a quote marker.
    marker_line: Option<usize>,
    scanner: Scanner,
    markers: Vec<Marker>,
    id_from_caption: bool,
    /// Lines before this one are a mail client's header (see `mail`), not the cable's.
    mail_end: usize,
    /// The last item letter of the REF list just read, while only blanks, page breaks and
    /// stamps followed it: a line after them that starts with the next letter goes on with
    /// the list.
    ref_label: Option<u8>,
}

/// Parse one cable from the start of `lexed` (with `texts[i]` the content of line `i`). It
/// takes lines until one starts another cable; `Cable::line_count` says how many. The lines
/// themselves are not copied into the cable: the caller moves them in (the document owns its
/// lexed lines, and a 20 MB document has half a million of them).
pub(crate) fn parse_cable(texts: &[&str], lexed: &[LexedLine]) -> Cable {
    debug_assert_eq!(texts.len(), lexed.len());
    let mut p = Parser {
        texts,
        lexed,
        roles: Vec::new(),
        sections: Vec::new(),
        cur: Section::default(),
        zone: Zone::Header,
        continuing: None,
        routing_open: false,
        addressee_gap: false,
        section_has_body: false,
        has_content: false,
        id: None,
        subject_lines: Vec::new(),
        last_paragraph: None,
        before_quote: None,
        ref_label: None,
        marker_line: None,
        scanner: Scanner::default(),
        markers: Vec::new(),
        id_from_caption: false,
        mail_end: crate::mail::block_end(texts, lexed),
    };
    let mut n = 0;
    // A cable that starts with such a run (see below) does not cut itself inside it again.
    let mut scanned_to = lead_end(lexed, 0, false);
    let limits = crate::piece::limits();
    // Every line so far blank or plain text: a long such cable is cut (`piece`).
    let mut plain = true;
    let mut cut = false;
    while n < lexed.len() {
        if n > 0 {
            if plain && crate::piece::cuts_before(texts, lexed, n, &limits) {
                cut = true;
                break;
            }
            if p.starts_new_cable(n, p.fused_here(n)) {
                break;
            }
            // Banners, stamps, blank lines and a header block (routing, precedence, FM/TO)
            // before the line that shows another cable has begun belong to that cable: look
            // past them once per run.
            let kind = &lexed[n].kind;
            if n >= scanned_to
                && p.has_content
                && (is_preamble(kind) || (p.section_has_body && is_header_like(kind)))
            {
                let end = lead_end(lexed, n, false);
                if end < lexed.len() && p.starts_new_cable(end, fused_after_run(lexed, n, end)) {
                    break;
                }
                scanned_to = end;
            }
        }
        p.line(n);
        plain = plain && matches!(p.roles[n], Role::Blank | Role::Body) && p.markers.is_empty();
        n += 1;
    }
    p.finish(n, cut)
}

/// Lines of a print or transmission header that come before the caption.
fn is_header_like(kind: &LineKind) -> bool {
    matches!(
        kind,
        LineKind::Routing(_)
            | LineKind::DashLine { .. }
            | LineKind::Precedence { .. }
            | LineKind::From { .. }
            | LineKind::To(_)
            | LineKind::InfoAddressee(_)
            | LineKind::TransmissionId
            | LineKind::RoutingIndicators
            | LineKind::StationLine
            | LineKind::SecurityWarning
            | LineKind::Break
    )
}

/// The end of a run of preamble and header lines starting at `from`: where the line that
/// decides whether a new cable has begun stands. Addressee continuation lines (plain text after
/// FM/TO/INFO) belong to the run; `addressees` says whether one was seen before `from`.
/// A run is looked at for at most `piece::Limits::lead` lines: one longer is no lead.
pub fn lead_end(lexed: &[LexedLine], from: usize, mut addressees: bool) -> usize {
    let mut j = from;
    let limit = lexed.len().min(from + crate::piece::limits().lead);
    while j < limit {
        let kind = &lexed[j].kind;
        if !is_run_line(&lexed[j], addressees) {
            break;
        }
        addressees |= matches!(
            kind,
            LineKind::From { .. } | LineKind::To(_) | LineKind::InfoAddressee(_)
        );
        j += 1;
    }
    j
}

/// Whether a line can be part of a lead run; plain title-like text only as an addressee line
/// (after FM/TO/INFO). A line carrying a fused caption ends the run: it is the line that
/// decides, as a caption on its own line would be.
pub fn is_run_line(line: &LexedLine, addressees: bool) -> bool {
    let kind = &line.kind;
    line.fused.is_none()
        && (is_preamble(kind)
            || is_header_like(kind)
            || (addressees && matches!(kind, LineKind::Text(s) if s.title_like)))
}

/// The caption fused onto line `end`, which ends the lead run from `from`, if it stands where a
/// caption can: after header lines of the run, and on plain text only after its addressees.
fn fused_after_run(lexed: &[LexedLine], from: usize, end: usize) -> Option<&ClassificationLine> {
    let fused = lexed[end].fused.as_deref()?;
    let text = matches!(lexed[end].kind, LineKind::Text(_));
    let ok = lexed[from..end].iter().any(|l| match l.kind {
        LineKind::From { .. } | LineKind::To(_) | LineKind::InfoAddressee(_) => true,
        ref k => !text && is_header_like(k),
    });
    ok.then_some(fused)
}

/// Lines that may stand before a cable's first header without belonging to the cable before.
pub fn is_preamble(kind: &LineKind) -> bool {
    match kind {
        LineKind::Blank | LineKind::Handling => true,
        LineKind::Stamp(k) => !matches!(k, StampKind::PartialExtract | StampKind::MailHeader),
        LineKind::Classification(c) => c.section.is_none() && c.serial.is_none(),
        _ => false,
    }
}

fn page_id(text: &str, kind: &LineKind) -> Option<CableId> {
    match kind {
        LineKind::PageHeader(h) => Some(CableId::new(h.post?.text(text), h.serial?)),
        LineKind::Classification(c) => caption_id(text, c),
        LineKind::SectionBreak(b) => Some(CableId::new(b.post.text(text), b.serial)),
        _ => None,
    }
}

fn caption_id(text: &str, c: &ClassificationLine) -> Option<CableId> {
    Some(CableId::new(c.post?.text(text), c.serial?))
}

impl<'a> Parser<'a> {
    fn kind(&self, i: usize) -> &LineKind {
        &self.lexed[i].kind
    }

    /// The caption fused onto line `i`, if it stands where a caption can: in the header, on a
    /// header line or on an addressee continuation.
    fn fused_here(&self, i: usize) -> Option<&'a ClassificationLine> {
        let lexed: &'a [LexedLine] = self.lexed;
        let fused = lexed[i].fused.as_deref()?;
        let ok = match self.zone {
            Zone::Addressees => true,
            Zone::Header => !matches!(lexed[i].kind, LineKind::Text(_)),
            _ => false,
        };
        ok.then_some(fused)
    }

    fn differs(&self, i: usize) -> bool {
        self.differs_from(page_id(self.texts[i], self.kind(i)))
    }

    fn differs_from(&self, found: Option<CableId>) -> bool {
        match (&self.id, found) {
            (Some(a), Some(b)) => !a.same_cable(&b),
            _ => false,
        }
    }

    /// Whether line `i` starts another cable; `fused` is the caption fused onto it where it
    /// counts.
    fn starts_new_cable(&self, i: usize, fused: Option<&ClassificationLine>) -> bool {
        if let Some(c) = fused {
            return self.caption_starts_cable(c) && self.differs_from(caption_id(self.texts[i], c));
        }
        match self.kind(i) {
            LineKind::TransmissionId
            | LineKind::Stamp(StampKind::PartialExtract | StampKind::MailHeader) => {
                self.has_content
            }
            LineKind::PageHeader(h) => {
                h.page.value == 1
                    && (h.section.is_none_or(|s| s.number == 1) || self.cur.terminator.is_some())
                    && self.differs(i)
            }
            LineKind::Classification(c) => self.caption_starts_cable(c) && self.differs(i),
            LineKind::Precedence { .. } => self.section_has_body && self.cur.terminator.is_some(),
            _ => false,
        }
    }

    fn caption_starts_cable(&self, c: &ClassificationLine) -> bool {
        self.is_caption(c) && c.section.is_none_or(|s| s.number == 1) && self.section_has_body
    }

    fn is_caption(&self, c: &ClassificationLine) -> bool {
        if c.section.is_some() || c.serial.is_some() {
            return true;
        }
        // A bare classification word is a caption only where a caption can stand, flush left.
        c.indent < 4 && self.cur.caption.is_none() && self.zone != Zone::Body
    }

    fn is_bare(&self, line: u32) -> bool {
        matches!(
            self.kind(line as usize),
            LineKind::Classification(c) if c.section.is_none() && c.serial.is_none()
        )
    }

    fn starts_new_section(&self, i: usize) -> bool {
        let declared = self.cur.declared().map(|s| s.number);
        let terminated = self.cur.terminator.is_some();
        if let Some(c) = self.fused_here(i) {
            return self.caption_starts_section(c, declared, terminated);
        }
        match self.kind(i) {
            LineKind::PageHeader(h) => match h.section {
                Some(s) => match declared {
                    Some(d) if d != s.number => true,
                    Some(_) => h.page.value == 1 && terminated,
                    None => terminated,
                },
                None => h.page.value == 1 && terminated,
            },
            LineKind::Classification(c) if self.is_caption(c) => {
                self.caption_starts_section(c, declared, terminated)
            }
            LineKind::SectionBreak { .. } => self.has_content,
            LineKind::TransmissionId | LineKind::Precedence { .. } => terminated,
            _ => false,
        }
    }

    fn caption_starts_section(
        &self,
        c: &ClassificationLine,
        declared: Option<u32>,
        terminated: bool,
    ) -> bool {
        match c.section {
            Some(s) => {
                let fresh = !self.section_has_body && !terminated;
                // A caption repeated before any text (a record header echoing the
                // caption) stays in the section it names.
                (self.cur.caption.is_some() && !(fresh && declared == Some(s.number)))
                    || (declared.is_some_and(|d| d != s.number) && !fresh)
            }
            None => terminated,
        }
    }

    fn new_section(&mut self, i: usize) {
        let mut done = std::mem::take(&mut self.cur);
        done.end_line = i as u32;
        self.sections.push(done);
        self.cur.first_line = i as u32;
        self.routing_open = false;
        self.section_has_body = false;
        self.continuing = None;
        if !matches!(self.kind(i), LineKind::SectionBreak { .. }) || self.zone != Zone::Body {
            self.zone = Zone::Header;
        }
    }

    fn declare(&mut self, i: usize, section: SectionOf, source: DeclarationSource) {
        self.cur.declarations.push(SectionDeclaration {
            line: i as u32,
            section,
            source,
        });
    }

    fn note_id(&mut self, i: usize) {
        let from_caption = matches!(self.kind(i), LineKind::Classification(_));
        self.note_found_id(page_id(self.texts[i], self.kind(i)), from_caption);
    }

    fn note_found_id(&mut self, found: Option<CableId>, from_caption: bool) {
        let Some(found) = found else {
            return;
        };
        match &self.id {
            None => {}
            // The first caption names the cable: PAGE headers cut the post name, and a typo in
            // the first PAGE header must not rename the cable (nor split it at the next one).
            Some(_) if from_caption && !self.id_from_caption => {}
            Some(id) if id.same_cable(&found) && found.post.len() > id.post.len() => {}
            _ => return,
        }
        self.id = Some(found);
        self.id_from_caption |= from_caption;
    }

    fn line(&mut self, i: usize) {
        if i < self.mail_end {
            self.roles.push(Role::Stamp);
            return;
        }
        if i > 0 && self.starts_new_section(i) {
            self.new_section(i);
        }
        // Decided before the part in front of it moves the zone.
        let fused = self.fused_here(i);
        // The lines outlive the parser's borrow of itself: no clone needed to match on them.
        let lexed = self.lexed;
        let kind = &lexed[i].kind;
        if !is_preamble(kind) && !matches!(kind, LineKind::Stamp(_)) {
            self.has_content = true;
        }
        if self.routing_open
            && !matches!(
                kind,
                LineKind::Blank | LineKind::Stamp(_) | LineKind::Routing(_)
            )
        {
            self.routing_open = false;
        }
        let ln = i as u32;
        let role = match kind {
            LineKind::Blank => {
                self.continuing = None;
                if self.zone == Zone::Addressees {
                    self.addressee_gap = true;
                }
                Role::Blank
            }
            LineKind::Stamp(_) => Role::Stamp,
            LineKind::Terminator => {
                if self.cur.terminator.is_none() {
                    self.cur.terminator = Some(ln);
                }
                Role::Terminator
            }
            LineKind::TransmissionId
            | LineKind::RoutingIndicators
            | LineKind::StationLine
            | LineKind::SecurityWarning => {
                self.zone = Zone::Header;
                Role::Envelope
            }
            LineKind::Break => {
                if self.zone != Zone::Body {
                    self.zone = Zone::Header;
                }
                Role::Envelope
            }
            LineKind::PageHeader(h) => {
                self.note_id(i);
                if let Some(s) = h.section {
                    self.declare(i, s, DeclarationSource::PageHeader);
                }
                self.cur.pages.push(PageRef {
                    line: ln,
                    page: h.page,
                    time: h.time.clone(),
                    post: h.post,
                    serial: h.serial,
                });
                Role::PageHeader
            }
            LineKind::Routing(r) => {
                let starts = matches!(
                    r.head.map(|h| h.value),
                    Some(RoutingHead::Action | RoutingHead::Origin)
                ) || !self.routing_open;
                if starts {
                    self.cur.routing.push(RoutingBlock {
                        first_line: ln,
                        ..Default::default()
                    });
                }
                let block = self
                    .cur
                    .routing
                    .last_mut()
                    .expect("a block was just ensured");
                block.offices.extend(r.offices.iter().map(|o| (ln, *o)));
                block.total = r.total.map(|t| (ln, t));
                self.routing_open = r.total.is_none();
                self.zone = Zone::Header;
                Role::Routing
            }
            LineKind::DashLine { .. } => {
                self.cur.dash_lines.push(ln);
                Role::DashLine
            }
            LineKind::Underline => Role::Underline,
            LineKind::Precedence { .. } => {
                self.cur.precedence.push(ln);
                self.zone = Zone::Header;
                Role::Precedence
            }
            LineKind::From { .. } if self.zone != Zone::Body => {
                self.zone = Zone::Addressees;
                self.addressee_gap = false;
                Role::From
            }
            LineKind::To(a) if self.zone != Zone::Body => {
                self.zone = Zone::Addressees;
                self.addressee_gap = false;
                self.cur.addressees.push(AddresseeRef {
                    line: ln,
                    kind: AddresseeKind::To,
                    addressee: (**a).clone(),
                });
                Role::Addressee
            }
            LineKind::InfoAddressee(a) if self.zone != Zone::Body => {
                self.zone = Zone::Addressees;
                self.addressee_gap = false;
                self.cur.addressees.push(AddresseeRef {
                    line: ln,
                    kind: AddresseeKind::Info,
                    addressee: (**a).clone(),
                });
                Role::Addressee
            }
            LineKind::Classification(c) => {
                if self.is_caption(c) {
                    self.note_id(i);
                    self.caption(i, c);
                    Role::Caption
                } else {
                    Role::Banner
                }
            }
            LineKind::SectionBreak(b) => {
                self.note_id(i);
                self.declare(i, b.section, DeclarationSource::SectionBreak);
                Role::SectionBreak
            }
            LineKind::Handling if self.zone != Zone::Body => Role::Handling,
            // A REF list may follow a line of text before the first paragraph (`This cable is
            // sensitive but unclassified.` / `REF: BERLIN 2415`).
            LineKind::Caption(f)
                if self.zone != Zone::Body
                    || matches!(f, CaptionField::ExecutiveOrder)
                    || matches!(f, CaptionField::Reference) && self.last_paragraph.is_none() =>
            {
                self.zone = Zone::Fields;
                let multi_line_subject = self.cur.declared().is_none_or(|s| s.number <= 1)
                    && self.subject_lines.is_empty();
                self.continuing = match f {
                    CaptionField::Subject if !multi_line_subject => None,
                    CaptionField::ExecutiveOrder => None,
                    other => Some(*other),
                };
                match f {
                    CaptionField::ExecutiveOrder => Role::ExecutiveOrder,
                    CaptionField::Tags => Role::Tags,
                    CaptionField::Subject => {
                        if self.subject_lines.is_empty() {
                            self.subject_lines.push(ln);
                        }
                        if !multi_line_subject {
                            self.zone = Zone::Body;
                        }
                        Role::Subject
                    }
                    CaptionField::Reference => Role::Reference,
                    CaptionField::ClassifiedBy => Role::ClassifiedBy,
                }
            }
            LineKind::Tags(_) if self.zone != Zone::Body => {
                self.zone = Zone::Fields;
                self.continuing = None;
                Role::Tags
            }
            // Numbers inside quoted documents are paragraphs too; whose numbering they continue
            // is decided once the cable is complete (`quote::resolve`).
            LineKind::Paragraph(p) if !self.is_wrapped_number(i, p.number.value) => {
                self.zone = Zone::Body;
                self.section_has_body = true;
                self.last_paragraph = Some(p.number.value);
                Role::Paragraph
            }
            // Header-like lines inside the text (`TO SEE WHAT WE CAN DO…`) and plain text.
            _ => self.text_line(i),
        };
        if matches!(role, Role::Body | Role::Paragraph) {
            let first = self.markers.len();
            if self.scanner.scan(ln, self.texts[i], &mut self.markers) {
                self.marker_line = Some(i);
                if self.markers[first..]
                    .iter()
                    .any(|m| matches!(m.kind, MarkerKind::Open(_)))
                {
                    self.before_quote = self.last_paragraph;
                }
            }
        } else {
            self.scanner.interrupt();
        }
        match role {
            Role::Reference => {
                let last = crate::citation::labels(self.texts[i], self.ref_label).pop();
                self.ref_label = last.or(self.ref_label);
            }
            Role::Blank | Role::PageHeader | Role::Banner | Role::Stamp => {}
            _ => self.ref_label = None,
        }
        self.roles.push(role);
        if let Some(c) = fused {
            self.note_found_id(caption_id(self.texts[i], c), true);
            self.caption(i, c);
        }
    }

    /// Record the caption at line `i` (on its own line or fused onto another).
    fn caption(&mut self, i: usize, c: &ClassificationLine) {
        let ln = i as u32;
        if let Some(s) = c.section {
            self.declare(i, s, DeclarationSource::Caption);
        }
        match self.cur.caption {
            None => self.cur.caption = Some(ln),
            // A bare classification word first (a PlusD banner above the print), then the
            // real caption with post and serial: the banner was no caption.
            Some(old) if (c.serial.is_some() || c.section.is_some()) && self.is_bare(old) => {
                self.roles[old as usize] = Role::Banner;
                self.cur.caption = Some(ln);
            }
            Some(_) => {}
        }
        self.zone = Zone::Caption;
    }

    fn text_line(&mut self, i: usize) -> Role {
        let ln = i as u32;
        let shape = match self.kind(i) {
            LineKind::Text(s) => *s,
            _ => Default::default(),
        };
        let content = self.texts[i]
            .trim_start_matches(crate::line::LEADING_BLANKS)
            .trim();
        match self.zone {
            Zone::Addressees if !self.addressee_gap || shape.title_like => {
                // Without a caption fused onto its end.
                let end = self.lexed[i]
                    .fused
                    .as_ref()
                    .map_or(self.texts[i].len(), |c| c.class.span.start as usize);
                let a = line::addressee_in(&self.texts[i][..end]);
                self.cur.addressees.push(AddresseeRef {
                    line: ln,
                    kind: AddresseeKind::Info,
                    addressee: a,
                });
                return Role::Addressee;
            }
            Zone::Caption if content.chars().count() <= 80 => return Role::Passing,
            Zone::Fields => match self.continuing {
                Some(CaptionField::Subject) => {
                    self.subject_lines.push(ln);
                    return Role::Subject;
                }
                Some(CaptionField::Reference) => return Role::Reference,
                Some(CaptionField::ClassifiedBy) => return Role::ClassifiedBy,
                None if self
                    .ref_label
                    .is_some_and(|l| crate::citation::starts_with_label(self.texts[i], l + 1)) =>
                {
                    self.continuing = Some(CaptionField::Reference);
                    return Role::Reference;
                }
                _ => {}
            },
            Zone::Header if !self.has_header() && self.cur.pages.is_empty() => {}
            Zone::Header
                if content.starts_with("DRAFTED BY")
                    || content.starts_with("APPROVED BY")
                    || content.starts_with("DESIRED DISTRIBUTION") =>
            {
                return Role::HeaderText
            }
            _ => {}
        }
        self.zone = Zone::Body;
        self.section_has_body = true;
        Role::Body
    }

    /// A hard-wrapped sentence can put a number at a line start (`…ON JULY` / `24.  GOA
    /// OFFICIALS…`). Such a line is a paragraph only if it carries the number that comes next.
    /// The numbering a quoted document interrupted may resume, and a quoted document's first
    /// number may follow its marker's line.
    fn is_wrapped_number(&self, i: usize, number: u32) -> bool {
        let next = |last: Option<u32>| last.map_or(1, |n| n.saturating_add(1));
        if number == next(self.last_paragraph)
            || (!self.markers.is_empty() && number == next(self.before_quote))
            || self.marker_line == Some(i.wrapping_sub(1))
            || i == 0
        {
            return false;
        }
        let prev_is_text = matches!(self.roles.last(), Some(Role::Body | Role::Paragraph));
        let prev = self.texts[i - 1].trim_end();
        prev_is_text && !prev.ends_with(['.', ':', ';', '!', '?', '"', ')', '\'', '-'])
    }

    fn has_header(&self) -> bool {
        !self.cur.routing.is_empty() || !self.cur.precedence.is_empty()
    }

    fn finish(mut self, n: usize, cut: bool) -> Cable {
        self.cur.end_line = n as u32;
        self.sections.push(std::mem::take(&mut self.cur));
        let lexed = &self.lexed[..n];
        let mut cable = Cable {
            len: 0,
            lines: Vec::new(),
            line_starts: Vec::with_capacity(n),
            roles: self.roles,
            sections: self.sections,
            paragraphs: Vec::new(),
            headings: Vec::new(),
            quotes: Vec::new(),
            signature: None,
            subject_lines: self.subject_lines,
            id: self.id,
            cut,
        };
        let mut offset = 0;
        for l in lexed {
            cable.line_starts.push(offset);
            offset += l.len;
        }
        cable.len = offset;
        find_headings_and_signature(&mut cable, lexed, &self.markers);
        let numbers: Vec<(u32, u32)> = (0..n)
            .filter(|&i| cable.roles[i] == Role::Paragraph)
            .filter_map(|i| match &lexed[i].kind {
                LineKind::Paragraph(p) => Some((i as u32, p.number.value)),
                _ => None,
            })
            .collect();
        cable.quotes = quote::resolve(&quote::Input {
            roles: &cable.roles,
            markers: &self.markers,
            numbers: &numbers,
            signature: cable.signature,
        });
        collect_paragraphs(&mut cable, lexed);
        cable
    }
}

/// Lines that may stand between a heading and its first paragraph, or interrupt a paragraph.
fn is_interruption(role: Role) -> bool {
    matches!(
        role,
        Role::Blank
            | Role::Stamp
            | Role::PageHeader
            | Role::Banner
            | Role::Underline
            | Role::Terminator
    )
}

/// Headings are upper-case lines after a break, over a numbered paragraph; a line that opens
/// or closes a quoted document (`BEGIN TEXT:`) is no heading.
fn find_headings_and_signature(cable: &mut Cable, lexed: &[LexedLine], markers: &[Marker]) {
    let n = cable.roles.len();
    let title_like = |i: usize| matches!(lexed[i].kind, LineKind::Text(s) if s.title_like);
    let mut marker = markers
        .iter()
        .filter(|m| m.kind != MarkerKind::Words)
        .map(|m| m.at.line as usize)
        .peekable();
    for i in 0..n {
        if cable.roles[i] != Role::Body || !title_like(i) {
            continue;
        }
        while marker.next_if(|&l| l < i).is_some() {}
        if marker.peek() == Some(&i) {
            continue;
        }
        let prev_ok = i == 0 || !matches!(cable.roles[i - 1], Role::Body | Role::Paragraph);
        if !prev_ok {
            continue;
        }
        let next = (i + 1..n).find(|&j| !is_interruption(cable.roles[j]));
        if next.is_some_and(|j| cable.roles[j] == Role::Paragraph) {
            cable.roles[i] = Role::Heading;
            cable.headings.push(Heading {
                line: i as u32,
                quote: None,
            });
        }
    }
    let last_text = (0..n)
        .rev()
        .find(|&i| matches!(cable.roles[i], Role::Body | Role::Paragraph));
    if let Some(i) = last_text {
        let sig = matches!(lexed[i].kind, LineKind::Text(s) if s.signature_like);
        let after_text = (0..i).any(|j| matches!(cable.roles[j], Role::Body | Role::Paragraph));
        if cable.roles[i] == Role::Body && sig && after_text {
            cable.roles[i] = Role::Signature;
            cable.signature = Some(i as u32);
        }
    }
}

/// The extent of every paragraph and the quoted document holding each paragraph and heading.
///
/// A paragraph runs over the text lines after it until the next paragraph, heading or
/// signature of its own document. A quoted document with its own numbering that opens inside
/// a paragraph belongs to that paragraph, which runs on over it (`2. (begin text)` … `(end
/// text)`); one holding the numbering around it ends the paragraph before it. So paragraphs
/// and quoted documents nest and never cross.
fn collect_paragraphs(cable: &mut Cable, lexed: &[LexedLine]) {
    // One open paragraph per scope: the cable's text, then each quoted document open here.
    let mut scopes: Vec<(Option<u32>, Option<Paragraph>)> = vec![(None, None)];
    let mut next_quote = 0;
    let mut next_heading = 0;
    let mut out = Vec::new();
    for (i, role) in cable.roles.iter().enumerate() {
        let ln = i as u32;
        while let Some(&(Some(q), _)) = scopes.last() {
            let last = cable.quotes[q as usize].last_line;
            if last >= ln {
                break;
            }
            let (_, open) = scopes.pop().expect("a quote scope is open");
            out.extend(open);
            if let Some((_, Some(p))) = scopes.last_mut() {
                p.last_line = p.last_line.max(last);
            }
        }
        // A quote holding the numbering around it takes the paragraph on its first line.
        while cable
            .quotes
            .get(next_quote)
            .is_some_and(|q| q.open.line == ln && q.numbering == Numbering::Enclosing)
        {
            if let Some((_, open)) = scopes.last_mut() {
                out.extend(open.take());
            }
            scopes.push((Some(next_quote as u32), None));
            next_quote += 1;
        }
        let scope = scopes.last().and_then(|s| s.0);
        match role {
            Role::Paragraph => {
                let (_, open) = scopes.last_mut().expect("the cable's scope");
                out.extend(open.take());
                if let LineKind::Paragraph(p) = &lexed[i].kind {
                    *open = Some(Paragraph {
                        number: p.number,
                        line: ln,
                        last_line: ln,
                        mark: p.mark,
                        quote: scope,
                    });
                }
            }
            Role::Body => {
                if let Some((_, Some(p))) = scopes.last_mut() {
                    p.last_line = ln;
                }
            }
            Role::Heading => {
                let (_, open) = scopes.last_mut().expect("the cable's scope");
                out.extend(open.take());
                while let Some(h) = cable.headings.get_mut(next_heading) {
                    if h.line > ln {
                        break;
                    }
                    h.quote = scope;
                    next_heading += 1;
                }
            }
            Role::Signature => {
                for (_, open) in scopes.iter_mut() {
                    out.extend(open.take());
                }
            }
            _ => {}
        }
        while cable
            .quotes
            .get(next_quote)
            .is_some_and(|q| q.open.line == ln)
        {
            scopes.push((Some(next_quote as u32), None));
            next_quote += 1;
        }
    }
    while let Some((_, open)) = scopes.pop() {
        out.extend(open);
    }
    out.sort_by_key(|p: &Paragraph| p.line);
    cable.paragraphs = out;
}
