//! `ocr-confusion`: in a field the format allows only digits in (or only letters), a character
//! OCR reads for one of the other kind: `LIMA 1454O`, `SECTION O1 OF 04`, `0CT`, `PG0V`.
//!
//! The grammar has already read such a field as the cable meant it (`cable_grammar::lookalike`),
//! so the structural rules check what the cable says and say nothing of the look-alike; this
//! rule reports it, once, with the reading as its fix. A field whose reading is still invalid
//! (`32O5Z`) is left to its own rule (malformed-dtg). Free text is never read.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use cable_grammar::caption::executive_order;
use cable_grammar::dtg::MONTHS;
use cable_grammar::line::{Field, LineKind, PrecedenceLine, SectionOf};
use cable_grammar::lookalike::digit_of;
use cable_grammar::syntax::Role;
use cable_grammar::Span;

use super::code_entries;
use super::tags::tag_readings;
use crate::analysis::fix::Fix;
use crate::analysis::lookalike::describe;
use crate::analysis::reference::{self, find};
use crate::analysis::{CableText, Code, Diagnostic};

/// A field holding look-alikes of the other kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: u32,
    pub span: Span,
    /// What the field is: "the serial", "the month of the DTG".
    pub field: &'static str,
    /// The field allows digits only (else letters only).
    pub digits: bool,
    /// What the field reads as, the likeliest first; one when the format leaves no choice.
    pub readings: Vec<String>,
    /// Whether the first reading is the one right answer (the others, if any, are out of the
    /// cable's era).
    pub sure: bool,
}

impl Finding {
    /// The readings in words: "`OCT`", "`EAIR` (less likely `EALR`)" when the first is sure,
    /// "`IS` or `LS`" when not.
    pub fn readings_in_words(&self) -> String {
        let quoted: Vec<String> = self.readings.iter().map(|r| format!("`{r}`")).collect();
        match (&quoted[..], self.sure) {
            ([first, rest @ ..], true) if !rest.is_empty() => {
                format!("{first} (less likely {})", rest.join(" or "))
            }
            _ => quoted.join(" or "),
        }
    }

    /// "`0` read for `O`" for each look-alike of the first reading.
    pub fn swaps(&self, found: &str) -> String {
        describe(found, self.readings.first().map_or("", String::as_str))
    }
}

pub fn ocr_confusion(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    for f in findings(ct, None) {
        let found = ct.span_text(f.line, f.span);
        let range = ct.range(f.line, f.span);
        let kind = if f.digits { "digits" } else { "letters" };
        let message = format!(
            "OCR look-alike: {} is {kind} only: expected {}, found `{found}` ({})",
            f.field,
            f.readings_in_words(),
            f.swaps(found)
        );
        let mut diag = Diagnostic::new(Code::OcrConfusion, range, message);
        for (i, r) in f.readings.iter().enumerate() {
            let fix = Fix::replace(found, range, r.as_str());
            diag = diag.with_fix(if i == 0 { fix.safe_if(f.sure) } else { fix });
        }
        out.push(diag);
    }
}

/// Every field of the cable holding look-alikes (of line `only`, when given: a hover), in
/// order of lines.
pub fn findings(ct: &CableText<'_>, only: Option<u32>) -> Vec<Finding> {
    let c = ct.cable;
    let mut out = Vec::new();
    let year = era_year(ct);
    let mut look = Look {
        ct,
        out: &mut out,
        upper: OnceCell::new(),
        tags_words: OnceCell::new(),
    };
    let lines = only.map_or(0..c.roles.len(), |l| {
        l as usize..c.roles.len().min(l as usize + 1)
    });
    for (i, role) in c
        .roles
        .iter()
        .enumerate()
        .skip(lines.start)
        .take(lines.len())
    {
        let line = i as u32;
        if let Some(cl) = c.caption_at(line) {
            look.classification(line, cl.class.span, cl.class.value.name());
            look.section(line, cl.section);
            look.number(line, cl.serial, "the serial");
        }
        match (role, c.kind(line)) {
            (Role::Precedence, LineKind::Precedence(p)) => {
                let PrecedenceLine { letters, dtg } = &**p;
                if ct.span_text(line, *letters).contains('0') {
                    let found = ct.span_text(line, *letters);
                    look.push(
                        line,
                        *letters,
                        "the precedence",
                        false,
                        found.replace('0', "O"),
                    );
                }
                if let Ok(d) = dtg.value {
                    look.dtg(line, dtg.span, d.month);
                }
            }
            (Role::PageHeader, LineKind::PageHeader(h)) => {
                look.number(line, Some(h.page), "the page number");
                look.number(line, h.serial, "the serial");
                look.section(line, h.section);
                if let Some(t) = h.time.as_ref().filter(|t| t.value.is_ok()) {
                    look.day_time(line, t.span);
                }
            }
            (Role::Banner, LineKind::Classification(cl)) => {
                look.classification(line, cl.class.span, cl.class.value.name());
            }
            (Role::Routing, LineKind::Routing(r)) => {
                for o in &r.offices {
                    look.office(line, o.span);
                }
                if let Some(t) = r.total {
                    // `/O99W`: the digits between the slash and the letter.
                    let text = ct.span_text(line, t.span);
                    let digits = text
                        .get(1..)
                        .unwrap_or("")
                        .trim_end_matches(['W', 'R', ' ']);
                    let start = t.span.start as usize + 1;
                    look.digits(
                        line,
                        Span::new(start, start + digits.len()),
                        "the routing total",
                    );
                }
            }
            (Role::ExecutiveOrder, _) => {
                let order = executive_order(ct.line(line)).order;
                look.number(line, order, "the executive order's number");
            }
            (Role::Tags, LineKind::Tags(tags)) => look.tags(line, tags, year),
            (Role::Paragraph, LineKind::Paragraph(p)) => {
                // `1O.`: the number without its dot.
                let end = p.number.span.end as usize - 1;
                let span = Span::new(p.number.span.start as usize, end);
                look.digits(line, span, "the paragraph number");
            }
            _ => {}
        }
    }
    for s in &c.sections {
        for a in s
            .addressees
            .iter()
            .filter(|a| lines.contains(&(a.line as usize)))
        {
            look.number(a.line, a.addressee.serial, "the addressee's serial");
        }
    }
    out.sort_by_key(|f| (f.line, f.span.start));
    out
}

struct Look<'a, 'b> {
    ct: &'a CableText<'b>,
    out: &'a mut Vec<Finding>,
    /// The cable's text in capitals, made when a TAGS reading asks for it.
    upper: OnceCell<String>,
    /// The words of the cable's TAGS lines, likewise.
    tags_words: OnceCell<HashSet<&'b str>>,
}

/// The year a cable's TAGS are judged by: its message DTG's, else (a partial record) the year
/// the executive order of its E.O. line was signed, the earliest it can be.
fn era_year(ct: &CableText<'_>) -> Option<u16> {
    ct.message_dtg().map(|d| d.year).or_else(|| {
        let c = ct.cable;
        (0..c.roles.len() as u32)
            .filter(|&l| c.roles[l as usize] == Role::ExecutiveOrder)
            .find_map(|l| executive_order(ct.line(l)).order)
            .and_then(|o| find(reference::executive_orders(), &o.value.to_string()))
            .map(|eo| eo.signed.0)
    })
}

impl Look<'_, '_> {
    fn push(&mut self, line: u32, span: Span, field: &'static str, digits: bool, meant: String) {
        self.out.push(Finding {
            line,
            span,
            field,
            digits,
            readings: vec![meant],
            sure: true,
        });
    }

    /// A field of digits: each look-alike letter read as its digit.
    fn digits(&mut self, line: u32, span: Span, field: &'static str) {
        let found = self.ct.span_text(line, span);
        if found.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        let meant: Option<String> = found.bytes().map(|b| digit_of(b).map(char::from)).collect();
        if let Some(meant) = meant {
            self.push(line, span, field, true, meant);
        }
    }

    fn number(&mut self, line: u32, f: Option<Field<u32>>, field: &'static str) {
        if let Some(f) = f {
            self.digits(line, f.span, field);
        }
    }

    /// `nn OF mm`: the two numbers apart.
    fn section(&mut self, line: u32, s: Option<SectionOf>) {
        let Some(s) = s else { return };
        let text = self.ct.span_text(line, s.span);
        let start = s.span.start as usize;
        let first = text.find([' ', '\t']).unwrap_or(text.len());
        let last = text.rfind([' ', '\t']).map_or(text.len(), |i| i + 1);
        self.digits(line, Span::new(start, start + first), "the section number");
        self.digits(
            line,
            Span::new(start + last, start + text.len()),
            "the section total",
        );
    }

    /// `DDHHMMZ`: the zone letter is a letter.
    fn day_time(&mut self, line: u32, span: Span) {
        let s = span.start as usize;
        self.digits(line, Span::new(s, s + 6), "the day and time of the DTG");
    }

    /// `DDHHMMZ MON YY`, its three fields apart.
    fn dtg(&mut self, line: u32, span: Span, month: u8) {
        let text = self.ct.span_text(line, span);
        let mut words = text
            .split_whitespace()
            .map(|w| w.as_ptr() as usize - text.as_ptr() as usize + span.start as usize);
        let (Some(dt), Some(m), Some(y)) = (words.next(), words.next(), words.next()) else {
            return;
        };
        self.day_time(line, Span::new(dt, dt + 7));
        let month_name = MONTHS[usize::from(month.clamp(1, 12) - 1)];
        self.letters(
            line,
            Span::new(m, m + 3),
            month_name,
            "the month of the DTG",
        );
        self.digits(line, Span::new(y, span.end as usize), "the year of the DTG");
    }

    /// A field of letters that must spell `word` (its blanks apart): each digit read as the
    /// letter of `word` at its place.
    fn letters(&mut self, line: u32, span: Span, word: &str, field: &'static str) {
        let found = self.ct.span_text(line, span);
        if !found.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        let mut expected = word.chars().filter(|c| !c.is_whitespace());
        let meant: String = found
            .chars()
            .map(|c| match c {
                ' ' | '\t' => c,
                _ => {
                    let e = expected.next().unwrap_or(c);
                    if c.is_ascii_digit() {
                        e
                    } else {
                        c
                    }
                }
            })
            .collect();
        self.push(line, span, field, false, meant);
    }

    fn classification(&mut self, line: u32, span: Span, name: &str) {
        if !name.starts_with('[') {
            self.letters(line, span, name, "the classification");
        }
    }

    /// `ARA-O1`: letters, then a count of digits.
    fn office(&mut self, line: u32, span: Span) {
        let text = self.ct.span_text(line, span);
        let Some(dash) = text.rfind('-') else { return };
        let start = span.start as usize;
        self.digits(
            line,
            Span::new(start + dash + 1, span.end as usize),
            "the office's count",
        );
        let symbol = &text[..dash];
        if symbol.bytes().any(|b| b.is_ascii_digit()) {
            let offices = reference::offices();
            let found = symbol_readings(symbol, |s| find(offices, s).is_some());
            self.choice(
                line,
                Span::new(start, start + dash),
                "the office symbol",
                found,
                true,
            );
        }
    }

    /// A field of letters whose readings a table decides: found only when one exists.
    fn choice(
        &mut self,
        line: u32,
        span: Span,
        field: &'static str,
        readings: Vec<String>,
        sure: bool,
    ) {
        if readings.is_empty() {
            return;
        }
        let sure = sure && readings.len() == 1;
        self.out.push(Finding {
            line,
            span,
            field,
            digits: false,
            readings,
            sure,
        });
    }

    /// TAGS codes no table knows that read as known codes with look-alikes. Of several
    /// readings, those in use in the cable's year come first, then those the cable's other
    /// TAGS lines carry, then countries its text names; the first is sure when it ranks above
    /// all others.
    fn tags(&mut self, line: u32, tags: &cable_grammar::line::TagsLine, year: Option<u16>) {
        let text = self.ct.line(line);
        // Once per distinct entry: a hostile line repeats one a hundred thousand times.
        let mut judged: HashMap<&str, (Vec<String>, bool)> = HashMap::new();
        for (span, known) in code_entries(text, tags) {
            if known {
                continue;
            }
            let entry = span.text(text);
            let (readings, sure) = judged
                .entry(entry)
                .or_insert_with(|| self.tag_readings(entry, year))
                .clone();
            if !readings.is_empty() {
                self.out.push(Finding {
                    line,
                    span,
                    field: "a TAGS code",
                    digits: false,
                    readings,
                    sure,
                });
            }
        }
    }

    /// The readings of a TAGS entry, likeliest first, and whether the first is sure.
    fn tag_readings(&self, entry: &str, year: Option<u16>) -> (Vec<String>, bool) {
        let mut readings = tag_readings(entry);
        // Lower is likelier: in the cable's era, then carried by its other TAGS lines, then
        // a country the cable names (`1S` in a cable on Israel is `IS`, not `LS`).
        let rank = |r: &str| {
            (
                !year.is_none_or(|y| reference::in_era(r, y)),
                !self.on_tags_lines(r),
                !self.names_country(r),
            )
        };
        readings.sort_by_cached_key(|r| rank(r));
        let sure = match &readings[..] {
            [_] => true,
            [a, b, ..] => rank(a) < rank(b),
            [] => false,
        };
        (readings, sure)
    }

    /// Whether the cable's text names the country whose code is `code`.
    fn names_country(&self, code: &str) -> bool {
        let Some(name) = find(reference::countries(), code) else {
            return false;
        };
        let upper = self.upper.get_or_init(|| self.ct.text.to_ascii_uppercase());
        upper.contains(&name.to_ascii_uppercase())
    }

    /// Whether a TAGS line of the cable carries `code` as a word (multi-section cables repeat
    /// their TAGS line: the copy OCR read right tells what the other means).
    fn on_tags_lines(&self, code: &str) -> bool {
        let ct = self.ct;
        self.tags_words
            .get_or_init(|| {
                let c = ct.cable;
                (0..c.roles.len() as u32)
                    .filter(|&l| c.roles[l as usize] == Role::Tags)
                    .flat_map(|l| ct.line(l).split(|ch: char| !ch.is_ascii_alphanumeric()))
                    .collect()
            })
            .contains(code)
    }
}

/// The readings of a symbol of letters with digits in it that `valid` accepts.
fn symbol_readings(symbol: &str, valid: impl Fn(&str) -> bool) -> Vec<String> {
    crate::analysis::lookalike::readings(symbol, |_, c| c.is_ascii_digit(), valid, 4)
}
