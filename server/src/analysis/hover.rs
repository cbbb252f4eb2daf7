//! Hover: what the token under the cursor means, in markdown for a historian transcribing a
//! cable. Dates in words and ISO form, precedences, sections and where the others are,
//! routing totals and office symbols, TAGS, executive orders and release codes.
//!
//! The parser's role decides what a line is (a `P 092105Z NOV 92` in the body is text);
//! values the grammar keeps as spans are used as they are, and codes it does not split out
//! (TAGS meanings, release codes, words of the E.O. line) are found by scanning the line
//! around the cursor (`codes::token_at`).

mod codes;

pub(super) use codes::tags_entry;

use std::fmt::Write;

use cable_grammar::caption::executive_order;
use cable_grammar::dtg::{Dtg, DtgError};
use cable_grammar::envelope::{security_warning, station_line};
use cable_grammar::line::{
    addressee_in, Addressee, ClassificationLine, DashLine, LineKind, PrecedenceLine, RoutingHead,
    SectionOf, StampKind, TimeField,
};
use cable_grammar::syntax::{DeclarationSource, Role};
use cable_grammar::{Span, TextRange};

use super::reference::{self as r, find};
use super::{rules, CableText};
use crate::analysis::calendar::{self, Moment};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverInfo {
    /// Cable-relative bytes of the token explained.
    pub range: TextRange,
    pub markdown: String,
}

/// The hover at a cable-relative byte `offset`. `first_line` is the cable's first line in the
/// document (0-based), so that places of other sections can be given as 1-based document
/// line numbers.
pub fn hover(ct: &CableText<'_>, offset: usize, first_line: u32) -> Option<HoverInfo> {
    let (line, col) = ct.line_at(offset)?;
    let text = ct.line(line);
    let cx = Cx {
        ct,
        line,
        col,
        text,
        first_line,
    };
    // A field with OCR look-alikes: what OCR likely read, before what the field means.
    let ocr = rules::ocr_findings(ct, Some(line))
        .into_iter()
        .find(|f| cx.hit(f.span));
    let (span, markdown) = match (ocr, cx.explain()) {
        (Some(f), explained) => {
            let mut md = ocr_note(&f, f.span.text(text));
            // A TAGS entry as written is no code: what its readings mean is what helps.
            let more = match cx.tags_context() {
                Some((words, year)) => Some(
                    f.readings
                        .iter()
                        .map(|r| codes::tags_entry(r, &words, year))
                        .collect::<Vec<_>>()
                        .join("\n\n"),
                ),
                None => explained.map(|(_, more)| more),
            };
            if let Some(more) = more {
                md.push_str("\n\n");
                md.push_str(&more);
            }
            (f.span, md)
        }
        (None, explained) => explained?,
    };
    Some(HoverInfo {
        range: ct.range(line, span),
        markdown,
    })
}

/// "**OCR look-alike**: `0` read for `O`: the month of the DTG is `OCT`."
fn ocr_note(f: &rules::OcrFinding, found: &str) -> String {
    format!(
        "**OCR look-alike**: {}: {} {} {}; the format allows only {} there.",
        f.swaps(found),
        f.field,
        if f.sure { "is" } else { "may be" },
        f.readings_in_words(),
        if f.digits { "digits" } else { "letters" }
    )
}

struct Cx<'a, 'b> {
    ct: &'a CableText<'b>,
    line: u32,
    col: usize,
    text: &'b str,
    first_line: u32,
}

type Found = Option<(Span, String)>;

impl<'b> Cx<'_, 'b> {
    /// On a TAGS line: its entries and the cable's year, which a code's meaning depends on.
    fn tags_context(&self) -> Option<(Vec<&'b str>, Option<u16>)> {
        let c = self.ct.cable;
        match (c.roles.get(self.line as usize)?, c.kind(self.line)) {
            (Role::Tags, LineKind::Tags(t)) => Some((
                t.entries.iter().map(|s| s.text(self.text)).collect(),
                self.ct.message_dtg().map(|d| d.year),
            )),
            _ => None,
        }
    }

    fn hit(&self, span: Span) -> bool {
        (span.start as usize) <= self.col && self.col <= span.end as usize
    }

    fn token(&self, seps: &[u8]) -> Option<(Span, &str)> {
        let s = codes::token_at(self.text, self.col, seps)?;
        Some((s, s.text(self.text)))
    }

    fn explain(&self) -> Found {
        let c = self.ct.cable;
        let role = c.roles[self.line as usize];
        // A caption fused onto the end of another line is explained where it stands.
        if let Some(cl) = c.caption_at(self.line) {
            if self.col >= cl.class.span.start as usize {
                return self.caption(cl);
            }
        }
        match (role, &c.lines[self.line as usize].kind) {
            (Role::Precedence, LineKind::Precedence(p)) => {
                let PrecedenceLine { letters, dtg } = &**p;
                // A DTG printed without precedence letters starts the line: its first
                // character is the DTG's, not an empty precedence's.
                if !letters.is_empty() && self.hit(*letters) {
                    let (span, letter) = self.token(b"")?;
                    let dual = letters.len() > 1;
                    return Some((span, precedence_letter(letter, dual)?));
                }
                if self.hit(dtg.span) {
                    let written = dtg.span.text(self.text);
                    return Some((dtg.span, message_dtg(written, &dtg.value)));
                }
                None
            }
            (Role::PageHeader, LineKind::PageHeader(h)) => {
                if let Some(t) = h.time.as_ref().filter(|t| self.hit(t.span)) {
                    return Some((t.span, self.day_time(t, TimeKind::Page)));
                }
                if let Some(s) = h.section.filter(|s| self.hit(s.span)) {
                    return Some((s.span, self.section(s)));
                }
                if self.hit(h.page.span) {
                    let md = if h.page.is_too_large() {
                        format!("**Page** `{}`: too many digits for a page number; it is compared with nothing.", h.page.span.text(self.text))
                    } else {
                        format!(
                            "**Page {}** of this section of the Department's print (page numbers restart at 01 in every section).",
                            h.page.value
                        )
                    };
                    return Some((h.page.span, md));
                }
                None
            }
            (Role::DashLine, LineKind::DashLine(d)) => {
                let DashLine { id, time } = &**d;
                if let Some(t) = time.as_ref().filter(|t| self.hit(t.span)) {
                    return Some((t.span, self.day_time(t, TimeKind::Dash)));
                }
                let id = id.filter(|i| self.hit(*i))?;
                let md = format!(
                    "**Print id** `{}` of the dash line: six hex digits, different in every section of a cable.",
                    id.text(self.text)
                );
                Some((id, md))
            }
            (Role::Envelope, kind) => self.envelope(kind),
            (Role::Routing, LineKind::Routing(rl)) => {
                if let Some(t) = rl.total.filter(|t| self.hit(t.span)) {
                    return Some((t.span, self.routing_total()));
                }
                if let Some(h) = rl.head.filter(|h| self.hit(h.span)) {
                    return Some((h.span, routing_head(h.value).to_string()));
                }
                let (i, o) = rl
                    .offices
                    .iter()
                    .enumerate()
                    .find(|(_, o)| self.hit(o.span))?;
                let role = match rl.head.map(|h| h.value) {
                    Some(RoutingHead::Action) if i == 0 => {
                        Some("The action office: it must act on (or answer) the cable.")
                    }
                    Some(RoutingHead::Origin) if i == 0 => {
                        Some("The originating office of this Department telegram.")
                    }
                    _ => None,
                };
                Some((o.span, codes::office(o.span.text(self.text), role)))
            }
            (Role::Addressee, kind) => self.addressee(kind),
            (Role::Caption | Role::Banner, LineKind::Classification(cl)) => self.caption(cl),
            (Role::SectionBreak, LineKind::SectionBreak(b)) => self
                .hit(b.section.span)
                .then(|| (b.section.span, self.section(b.section))),
            (Role::ExecutiveOrder, _) => self.executive_order(),
            (Role::Tags, LineKind::Tags(t)) => {
                let e = t.entries.iter().find(|e| self.hit(**e))?;
                let (words, year) = self.tags_context()?;
                Some((*e, codes::tags_entry(e.text(self.text), &words, year)))
            }
            (Role::ClassifiedBy, _) => self.classified_by(),
            (Role::Stamp, LineKind::Stamp(kind)) => self.stamp(*kind),
            (Role::Paragraph, LineKind::Paragraph(p)) if p.mark.is_some_and(|m| self.hit(m)) => {
                let m = p.mark?;
                Some((m, codes::portion_mark(m.text(self.text))?))
            }
            _ => None,
        }
    }

    fn day_time(&self, t: &TimeField, kind: TimeKind) -> String {
        let (title, what) = match kind {
            TimeKind::Page => (
                "Page time",
                "The time the Department's print stamped on every page of this section; one per section, usually a few minutes after the message DTG. Not the message DTG.",
            ),
            TimeKind::Dash => (
                "Dash-line time",
                "A time stamp of the print's dash line, at or a few minutes after the page time. Not the message DTG.",
            ),
        };
        let written = t.span.text(self.text);
        match &t.value {
            Err(e) => format!("**{title}** `{written}`: malformed: {}.", day_time_error(e)),
            Ok(dt) => {
                let when = match self.ct
                    .message_dtg()
                    .and_then(|d| calendar::near(&d, dt.day, dt.hour, dt.minute))
                {
                    Some(m) => format!(
                        "{} (`{}`); month and year are not in the stamp and come from the message DTG",
                        m.words(),
                        m.iso()
                    ),
                    None => format!(
                        "day {}, {:02}:{:02} UTC; the stamp has no month or year (and the cable no valid message DTG to take them from)",
                        dt.day, dt.hour, dt.minute
                    ),
                };
                format!("**{title}** `{written}`: {when}.\n\n{what}")
            }
        }
    }

    fn envelope(&self, kind: &LineKind) -> Found {
        match kind {
            LineKind::StationLine => {
                let s = station_line(self.text);
                if let Some(f) = s.filed.filter(|f| self.hit(f.span)) {
                    return Some((f.span, self.filing_time(f.value, f.span)));
                }
                if let Some(f) = s.serial.filter(|f| self.hit(f.span)) {
                    let md = format!("**Station serial** `{}`: the originating station's message number (in Cablegate, the cable's serial modulo 10,000).", f.span.text(self.text));
                    return Some((f.span, md));
                }
                if let Some(f) = s.section.filter(|f| self.hit(f.span)) {
                    let md = format!(
                        "**Section** `{}` of a multi-section cable, as the station numbered it.",
                        f.span.text(self.text)
                    );
                    return Some((f.span, md));
                }
                let st = s.station.filter(|f| self.hit(*f))?;
                let md = format!("**DE** `{}`: the routing indicator of the station that prepared the message for transmission (ACP-127 format line 3).", st.text(self.text));
                Some((st, md))
            }
            LineKind::RoutingIndicators => {
                let (span, tok) = self.token(b"")?;
                let letters = tok.as_bytes();
                if span.start as usize == self.text.len() - self.text.trim_start().len()
                    && letters.len() == 2
                    && letters[0] == letters[1]
                {
                    let (word, what) = find(r::PRECEDENCE_LETTERS, &tok[..1])?;
                    let md = format!("**{tok}**: precedence prosign, doubled on the routing line (ACP-127 format line 2): {word}, {what}.");
                    return Some((span, md));
                }
                let md =
                    format!("**{tok}**: routing indicator of a station the message is routed to.");
                Some((span, md))
            }
            LineKind::SecurityWarning => {
                let f = security_warning(self.text).filter(|f| self.hit(f.span))?;
                let md = format!(
                    "**Security warning** (ACP-127 format line 4): the message is {}.",
                    f.value.name()
                );
                Some((f.span, md))
            }
            _ => None,
        }
    }

    /// `JJJHHMM` of the DE line: day of the year and time, the year from the message DTG.
    fn filing_time(&self, (doy, hour, minute): (u16, u8, u8), span: Span) -> String {
        let written = span.text(self.text);
        let head = format!("**Filing time** `{written}` (ACP-127 format line 3): day {doy:03} of the year, {hour:02}:{minute:02} UTC");
        let tail = "When the message was filed with the originating station; usually the day and time of the DTG.";
        if hour > 23 || minute > 59 {
            return format!("{head}: malformed, no such time of day.\n\n{tail}");
        }
        let Some(dtg) = self.ct.message_dtg() else {
            return format!("{head} (the year is not in the stamp).\n\n{tail}");
        };
        match calendar::from_day_of_year(i64::from(dtg.year), doy) {
            Some((year, month, day)) => {
                let m = Moment {
                    year,
                    month,
                    day,
                    hour,
                    minute,
                };
                format!(
                    "{head}: {} (`{}`), the year taken from the message DTG.\n\n{tail}",
                    m.words(),
                    m.iso()
                )
            }
            None => format!(
                "{head}: malformed, {} has no day {doy}.\n\n{tail}",
                dtg.year
            ),
        }
    }

    fn routing_total(&self) -> String {
        let c = self.ct.cable;
        let block = c
            .sections
            .iter()
            .flat_map(|s| &s.routing)
            .find(|b| b.total.is_some_and(|(l, _)| l == self.line));
        let Some((block, (_, total))) = block.and_then(|b| Some((b, b.total?))) else {
            return "**Routing total**: the sum of the block's office counts.".into();
        };
        let written = total.span.text(self.text);
        if total.is_too_large() {
            return format!("**Routing total** `{written}`: too many digits for a routing total; it is compared with nothing.");
        }
        let sum: u64 = block.offices.iter().map(|(_, o)| u64::from(o.value)).sum();
        let verdict = if sum == u64::from(total.value) {
            "matches".to_string()
        } else {
            format!("does **not** match the total {:03}", total.value)
        };
        format!(
            "**Routing total** `{written}`: the {} office counts of this block (ACTION/ORIGIN line included) add up to {sum:03}, which {verdict}.\n\nThe suffix letter (`W`, `R`) is printed by the system; its meaning is not known.",
            block.offices.len()
        )
    }

    fn addressee(&self, kind: &LineKind) -> Found {
        let owned;
        let a: &Addressee = match kind {
            LineKind::To(a) | LineKind::InfoAddressee(a) => a,
            _ => {
                owned = addressee_in(self.text);
                &owned
            }
        };
        if let Some(p) = a.precedence.filter(|p| self.hit(*p)) {
            let word: Vec<&str> = p.text(self.text).split_whitespace().collect();
            let word = word.join(" ");
            let (letter, what) = find(r::PRECEDENCE_WORDS, &word)?;
            let md = format!(
                "**{word}** (precedence `{letter}`) for this addressee: {what}.\n\n{}",
                r::HANDLING_NOTE
            );
            return Some((p, md));
        }
        if let Some(s) = a.serial.filter(|s| self.hit(s.span)) {
            let md = format!("**Addressee serial** `{}`: this addressee's message number for the cable; it goes up by one in each section.", s.span.text(self.text));
            return Some((s.span, md));
        }
        let (span, word) = self.token(b"")?;
        let md = match word {
            "TO" => "**TO**: the action addressees follow.",
            "INFO" => "**INFO**: the information addressees follow.",
            _ => return None,
        };
        Some((span, md.to_string()))
    }

    fn executive_order(&self) -> Found {
        let eo = executive_order(self.text);
        if let Some(o) = eo.order {
            if self.col <= o.span.end as usize {
                let start = self.text.len() - self.text.trim_start().len();
                let span = Span::new(start.min(o.span.start as usize), o.span.end as usize);
                return Some((span, self.order(&o.value.to_string())));
            }
        }
        let (span, tok) = self.token(b",;:")?;
        Some((span, codes::code(tok)?))
    }

    fn order(&self, number: &str) -> String {
        let date = self.ct.message_date();
        let Some(e) = find(r::executive_orders(), number) else {
            let mut md = format!(
                "**E.O. {number}**: not an executive order on classification that cable-ls knows."
            );
            if let Some(like) = rules::eo_same_digits(number) {
                let _ = write!(md, " Perhaps a typo for E.O. {like} (same digits).");
            }
            return md;
        };
        let mut md = format!(
            "**{}**\n\nSigned {}, in force from {}",
            e.name,
            calendar::day_words(e.signed),
            calendar::day_words(e.effective)
        );
        if let Some(on) = e.replaced_on {
            let _ = write!(
                md,
                " until E.O. {} replaced it on {}",
                e.replaced_by,
                calendar::day_words(on)
            );
        }
        let _ = write!(md, ". {} Its lines read: {}.", e.text, e.decl_forms);
        if rules::is_later_marking(self.text) {
            md.push_str("\n\nThis line records a later declassification under the order, not the authority the cable was classified under.");
        } else if let Some(problem) = rules::eo_problem(number, date) {
            let _ = write!(md, "\n\n{problem}.");
        } else if number == "12958" && date.is_some_and(|d| d >= (2003, 3, 25)) {
            md.push_str(
                "\n\nThis cable's DTG is after 25 March 2003: the order as amended by E.O. 13292.",
            );
        }
        md
    }

    fn classified_by(&self) -> Found {
        let (span, tok) = self.token(b",;:")?;
        if let Some(md) = codes::code(tok) {
            return Some((span, md));
        }
        // `1.4 (b) and (d)`: the letters name categories of the last section number before them.
        let before = &self.text[..span.start as usize];
        let section = ["1.4", "1.5"]
            .into_iter()
            .filter_map(|s| before.rfind(s).map(|i| (i, s)))
            .max()?
            .1;
        let letters = tok.trim_matches(['(', ')']);
        let ok = !letters.is_empty()
            && letters.len() <= 5
            && letters
                .bytes()
                .all(|b| matches!(b.to_ascii_lowercase(), b'a'..=b'h' | b'-' | b'/'));
        ok.then(|| (span, codes::reason(section, letters)))
    }

    fn caption(&self, cl: &ClassificationLine) -> Found {
        if let Some(s) = cl.section {
            let word = self.text[..(s.span.start as usize).min(self.text.len())]
                .trim_end()
                .strip_suffix("SECTION")
                .map(|before| before.len());
            let span = Span::new(word.unwrap_or(s.span.start as usize), s.span.end as usize);
            if self.hit(span) {
                return Some((span, self.section(s)));
            }
        }
        if self.hit(cl.class.span) {
            let name = cl.class.value.name();
            let what = find(r::CLASSIFICATIONS, name)?;
            return Some((cl.class.span, format!("**{name}**: {what}.")));
        }
        None
    }

    fn stamp(&self, kind: StampKind) -> Found {
        if let Some((span, tok)) = self.token(b",;:") {
            if let Some(md) = codes::code(tok) {
                return Some((span, md));
            }
        }
        let what = match kind {
            StampKind::Redacted => "**[REDACTED]**: OCR of a redaction box or of the classification banner in the FOIA copy.",
            StampKind::NotApplicable => "**n/a**: a marking of the FOIA release, not part of the cable.",
            StampKind::CaseNumber => "**Case number** of the FOIA request under which the document was released.",
            StampKind::Released => "**FOIA release stamp**: `RELEASED IN PART` means some passages were withheld (the codes nearby say under which exemptions); `RELEASED IN FULL`, none.",
            StampKind::ReleaseCodes => "**Release codes**: the exemptions under which passages were withheld.",
            StampKind::ReviewBlock => "**Review block** of the FOIA release: who reviewed the document, when, and what stays classified until when.",
            StampKind::ExtendClassification => "**EXTEND CLASSIFICATION**: the reviewer kept (part of) the document classified beyond its original date.",
            StampKind::PartialExtract => "**WikiLeaks note**: only part of the original cable is available.",
            StampKind::DateLine => "**Date line** added by the database the cable was published from; not part of the telegram.",
            StampKind::SystematicReview => "**NARA systematic review stamp**: the document was declassified in the archives' review.",
            StampKind::EndOfDocument => "**End of document** marker of the electronic archive.",
            StampKind::MailHeader => "**Mail client header**: the record is the cable as a mail client showed it; this block (with its echo of the caption and the receiving post's distribution fields) is not part of the telegram.",
        };
        Some((self.trimmed(), what.to_string()))
    }

    fn trimmed(&self) -> Span {
        let start = self.text.len() - self.text.trim_start().len();
        Span::new(start, self.text.trim_end().len().max(start))
    }

    /// `SECTION 02 OF 04`: this section and where the others are.
    fn section(&self, s: SectionOf) -> String {
        let c = self.ct.cable;
        let mut md = format!("**Section {} of {}**", s.number, s.total);
        if let Some(id) = &c.id {
            let _ = write!(md, " of {}", id.name());
        }
        md.push('.');
        if s.number == 0 || s.number > s.total {
            let _ = write!(md, " Section {} of {} cannot exist.", s.number, s.total);
        }
        let here = c
            .sections
            .iter()
            .position(|x| x.first_line <= self.line && self.line < x.end_line);
        let mut others = Vec::new();
        for (i, sec) in c.sections.iter().enumerate() {
            if Some(i) == here {
                continue;
            }
            let decl = sec
                .declarations
                .iter()
                .find(|d| d.source == DeclarationSource::Caption)
                .or(sec.declarations.first());
            let line = decl.map_or(sec.first_line, |d| d.line);
            let doc_line = u64::from(self.first_line) + u64::from(line) + 1;
            others.push(match sec.declared() {
                Some(n) => format!("{} (line {doc_line})", n.number),
                None => format!("an unnumbered one (line {doc_line})"),
            });
        }
        const SHOWN: usize = 12;
        if !others.is_empty() {
            let more = others.len().saturating_sub(SHOWN);
            others.truncate(SHOWN);
            let _ = write!(
                md,
                "\n\nOther sections of this cable: {}",
                others.join(", ")
            );
            if more > 0 {
                let _ = write!(md, " and {more} more");
            }
            md.push('.');
        }
        let declared: Vec<u32> = c
            .sections
            .iter()
            .filter_map(|x| x.declared().map(|d| d.number))
            .collect();
        let missing: Vec<u32> = (1..=s.total.min(999))
            .filter(|n| !declared.contains(n))
            .collect();
        if !missing.is_empty() {
            let shown: Vec<String> = missing.iter().take(SHOWN).map(u32::to_string).collect();
            let _ = write!(
                md,
                "\n\nMissing here: section{} {}{} (the transcription may be incomplete).",
                if missing.len() > 1 { "s" } else { "" },
                shown.join(", "),
                if missing.len() > SHOWN { ", …" } else { "" }
            );
        }
        md
    }
}

#[derive(Clone, Copy)]
enum TimeKind {
    Page,
    Dash,
}

fn routing_head(h: RoutingHead) -> &'static str {
    match h {
        RoutingHead::Action => "**ACTION**: the office that must act on the incoming cable, with its copy count.",
        RoutingHead::Origin => "**ORIGIN**: the Department office that drafted this outgoing telegram, with its copy count.",
        RoutingHead::Info => "**INFO**: offices and agencies that receive copies for information, each with a count.",
    }
}

fn precedence_letter(letter: &str, dual: bool) -> Option<String> {
    let (word, what) = find(r::PRECEDENCE_LETTERS, letter)?;
    let handling = find(r::PRECEDENCE_WORDS, word)
        .map(|(_, w)| format!("\n\n{word}: {w}.\n\n{}", r::HANDLING_NOTE))
        .unwrap_or_default();
    let dual = if dual {
        "\n\nDual precedence: the higher one is for the action addressees, the lower for the information addressees."
    } else {
        ""
    };
    Some(format!(
        "**Precedence `{letter}`: {word}** ({what}).{dual}{handling}"
    ))
}

fn message_dtg(written: &str, value: &Result<Dtg, DtgError>) -> String {
    match value {
        Ok(d) => {
            let m = Moment::of_dtg(d);
            let mut md = format!(
                "**Message DTG** `{written}`: {} (`{}`).\n\nThe message's date-time group: when the originator released it (or handed it in for transmission). Every section repeats it; PAGE and dash-line times are other stamps.",
                m.words(),
                m.iso()
            );
            if d.short_year {
                let _ = write!(
                    md,
                    " The two-digit year `{:02}` is read as {}.",
                    d.year % 100,
                    d.year
                );
            }
            md
        }
        Err(e) => format!("**Message DTG** `{written}`: malformed: {e}."),
    }
}

fn day_time_error(e: &DtgError) -> String {
    match e {
        DtgError::Shape => "not of the form DDHHMMZ".into(),
        other => other.to_string(),
    }
}
