//! A cable in a few fields: what the workspace index keeps of every cable, and what an export
//! writes. Plain data in cable-relative byte offsets; nothing here knows the protocol.
//!
//! References are resolved as far as the cable itself allows: `REF A` in the text takes the
//! cable of item A, a bare `REFTEL` the list's only cable, and every cited cable gets the
//! canonical id archives use (`92LIMA14540`; an undated reference takes the citing cable's
//! year). Whether a cited cable is in the workspace is the index's business.

use cable_grammar::citation::{self, Citation, Cited};
use cable_grammar::dtg::Dtg;
use cable_grammar::line::{Classification, LineKind};
use cable_grammar::syntax::Role;
use cable_grammar::TextRange;

use super::CableText;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The canonical id (`94QUITO8812`): post, serial and the year of the cable's date.
    pub id: Option<String>,
    /// Post and serial as printed (`QUITO 08812`).
    pub name: Option<String>,
    pub post: Option<String>,
    pub serial: Option<u32>,
    /// The message DTG (the first valid one of a precedence line), else the date of a
    /// Cablegate date line.
    pub dtg: Option<Dtg>,
    /// The precedence letters of the message DTG's line (`P`, `O R`).
    pub precedence: Option<String>,
    pub classification: Option<Classification>,
    pub subject: Option<String>,
    /// The line that names the cable (its first caption, else its first PAGE header, else
    /// its first line of content), without leading and trailing blanks: where Go to
    /// Definition lands.
    pub caption: TextRange,
    pub references: Vec<Reference>,
}

/// One place the cable cites something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// As printed: the whole citation (`93 QUITO 7710`), the letter of `REF A`, `REFTEL`.
    pub range: TextRange,
    pub line: u32,
    /// The REF item's letter, for a citation in a REF list.
    pub label: Option<u8>,
    pub in_ref_list: bool,
    pub via: Via,
    /// The canonical id of the cable cited, when it names one (directly or through its item).
    pub cited: Option<String>,
    /// The year was printed (`93 QUITO 7710`), not taken from the citing cable.
    pub dated: bool,
    /// The serial was read through OCR look-alikes (`1 O1684`).
    pub lookalike: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The cable is printed here (`STATE 40721`).
    Cable,
    /// `REF A` in the text: the item of the REF list with this letter.
    Item(u8),
    /// A bare `REFTEL`: the list's only item.
    Reftel,
    /// A REF item that names no cable (a memo, `SEPTEL`).
    Text,
}

/// A DTG as a key that orders moments.
pub fn moment(d: &Dtg) -> (u16, u8, u8, u8, u8) {
    (d.year, d.month, d.time.day, d.time.hour, d.time.minute)
}

pub fn summarize(ct: &CableText<'_>) -> Summary {
    let c = ct.cable;
    let year = citation::cable_year(c, ct.text);
    let precedence_line = c.sections.iter().flat_map(|s| &s.precedence).find(|&&l| {
        matches!(c.lines.get(l as usize).map(|x| &x.kind),
                Some(LineKind::Precedence(p)) if p.dtg.value.is_ok())
    });
    let precedence = precedence_line.and_then(|&l| match c.kind(l) {
        LineKind::Precedence(p) => Some(ct.span_text(l, p.letters).to_string()),
        _ => None,
    });
    let classification = c
        .sections
        .iter()
        .filter_map(|s| s.caption)
        .find_map(|l| c.caption_at(l))
        .map(|cl| cl.class.value);
    let caption = super::outline::name_line(c)
        .or_else(|| {
            c.roles
                .iter()
                .position(|r| *r != Role::Blank)
                .map(|i| i as u32)
        })
        .map_or(TextRange::new(0, 0), |l| ct.trimmed_line_range(l));
    Summary {
        id: citation::own_id(c, ct.text),
        name: c.id.as_ref().map(|id| id.name()),
        post: c.id.as_ref().map(|id| id.post.clone()),
        serial: c.id.as_ref().map(|id| id.serial),
        dtg: citation::cable_date(c, ct.text),
        precedence,
        classification,
        subject: super::outline::subject(ct),
        caption,
        references: references(citation::citations(c, ct.text), year),
    }
}

/// The citations with what each names resolved inside the cable.
fn references(found: Vec<Citation>, year: Option<u16>) -> Vec<Reference> {
    let item = |letter: u8| {
        found.iter().find_map(|c| match &c.cited {
            Cited::Cable(k) if c.in_ref_list && c.label == Some(letter) => Some(k),
            _ => None,
        })
    };
    let listed: Vec<_> = found
        .iter()
        .filter(|c| c.in_ref_list)
        .map(|c| &c.cited)
        .collect();
    let only = match listed.as_slice() {
        [Cited::Cable(k)] => Some(k),
        _ => None,
    };
    found
        .iter()
        .map(|c| {
            let (via, cable) = match &c.cited {
                Cited::Cable(k) => (Via::Cable, Some(k)),
                Cited::Item(letter) => (Via::Item(*letter), item(*letter)),
                Cited::Reftel => (Via::Reftel, only),
                Cited::Other => (Via::Text, None),
            };
            Reference {
                range: c.range,
                line: c.line,
                label: c.label,
                in_ref_list: c.in_ref_list,
                via,
                cited: cable.and_then(|k| k.canonical(year)),
                dated: cable.is_some_and(|k| k.year.is_some()),
                lookalike: cable.is_some_and(|k| k.lookalike),
            }
        })
        .collect()
}
