//! A cable's metadata as one plain record, for `cable-ls export` and anything else that
//! catalogues cables: the index's summary (`summary.rs`: ids, date, precedence,
//! classification, subject, references) with addressees, TAGS, E.O., sections, paragraphs,
//! signature and release stamps. Lines are cable-relative (0-based); the caller places them
//! in its file.

use cable_grammar::caption;
use cable_grammar::line::{LineKind, StampKind};
use cable_grammar::syntax::{AddresseeKind, Role};

use super::reference::{self as r, find};
use super::summary::{self, summarize, Via};
use super::CableText;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    /// Post and serial as printed: `QUITO 08812`.
    pub id: Option<String>,
    /// The archives' id: `93QUITO8812` (needs the cable's year).
    pub canonical_id: Option<String>,
    /// From the caption (or the first PAGE header): `QUITO`, `8812`.
    pub post: Option<String>,
    pub serial: Option<u32>,
    /// The message DTG as printed (`141530Z MAR 93`) and in ISO 8601 (`1993-03-14T15:30Z`).
    pub dtg: Option<String>,
    pub date: Option<String>,
    pub precedence: Option<Precedence>,
    /// `CONFIDENTIAL`, `LIMITED OFFICIAL USE`, `[REDACTED]`.
    pub classification: Option<String>,
    /// Handling lines of the caption block (`SIPDIS`, `NOFORN`).
    pub handling: Vec<String>,
    pub from: Option<String>,
    pub to: Vec<String>,
    pub info: Vec<String>,
    pub tags: Vec<Tag>,
    pub subject: Option<String>,
    pub references: Vec<Reference>,
    pub executive_order: Option<u32>,
    /// What follows the order's number: `DECL: OADR`, `N/A`.
    pub declassification: Option<String>,
    pub sections: Vec<SectionInfo>,
    pub paragraphs: Vec<ParagraphInfo>,
    pub signature: Option<String>,
    pub release: Release,
    /// The cable's lines, from its first (0), as the tree counts them.
    pub first_line: u32,
    pub last_line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precedence {
    /// As printed: `P`, `O`, `Z`, `R`.
    pub letters: String,
    /// `PRIORITY`, `IMMEDIATE`.
    pub name: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub code: String,
    /// `subject`, `program`, `geographic`, `former-geographic`, `region`, `organization`,
    /// `post-keyword`, `name` (a person, in parentheses) or `unknown`.
    pub kind: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub line: u32,
    /// The REF item's letter.
    pub label: Option<char>,
    /// `ref-list` or `text`.
    pub place: &'static str,
    pub printed: String,
    /// `cable`, `item` (`REF A` in the text), `reftel` (`REFTEL` alone), `text` (no cable: a
    /// memo, a telcon, `SEPTEL`). An item and a reftel carry the id of the cable they point at.
    pub kind: &'static str,
    pub canonical_id: Option<String>,
    /// For `item`: the letter it points at.
    pub item: Option<char>,
    /// The serial was read through OCR look-alikes.
    pub lookalike: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionInfo {
    pub number: Option<u32>,
    pub total: Option<u32>,
    pub first_line: u32,
    pub last_line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphInfo {
    pub number: u32,
    pub line: u32,
    /// The heading it stands under (`SUMMARY`, `BACKGROUND`), if any.
    pub heading: Option<String>,
    /// It stands in a quoted document.
    pub quoted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Release {
    /// `S200300042` of `Case Number: S200300042`.
    pub case_number: Option<String>,
    /// `RELEASED IN PART`, `RELEASED IN FULL`.
    pub status: Option<String>,
    /// FOIA exemptions and E.O. reasons: `B1`, `1.5(D)`.
    pub exemptions: Vec<String>,
    /// Dates in the review stamps, ISO 8601 (`2003-08-29`).
    pub review_dates: Vec<String>,
    /// Every stamp line as printed.
    pub stamps: Vec<String>,
}

/// The record of one cable.
pub fn record(ct: &CableText<'_>) -> Record {
    let c = ct.cable;
    let sum = summarize(ct);
    let mut rec = Record {
        id: sum.name,
        canonical_id: sum.id,
        first_line: 0,
        last_line: c.line_count().saturating_sub(1) as u32,
        post: sum.post,
        serial: sum.serial,
        dtg: dtg_printed(ct),
        date: sum.dtg.map(|d| super::calendar::Moment::of_dtg(&d).iso()),
        precedence: sum.precedence.map(|letters| {
            let name = letters
                .split_whitespace()
                .next()
                .and_then(|l| find(r::PRECEDENCE_LETTERS, l))
                .map(|(name, _)| *name);
            Precedence { letters, name }
        }),
        classification: sum.classification.map(|c| c.name().to_string()),
        subject: sum.subject,
        signature: c.signature.map(|l| ct.line(l).trim().to_string()),
        references: sum.references.iter().map(|x| reference(ct, x)).collect(),
        ..Record::default()
    };
    let mut tags_seen = false;
    for (i, role) in c.roles.iter().enumerate() {
        let line = i as u32;
        let text = ct.line(line);
        match (role, c.kind(line)) {
            (Role::From, LineKind::From { name }) if rec.from.is_none() => {
                rec.from = Some(name.text(text).trim().to_string());
            }
            (Role::Handling, _) => {
                let h = text.trim().to_string();
                if !rec.handling.contains(&h) {
                    rec.handling.push(h);
                }
            }
            (Role::Tags, LineKind::Tags(tags)) if !tags_seen => {
                tags_seen = true;
                let entries: Vec<&str> = tags.entries.iter().map(|s| s.text(text)).collect();
                rec.tags = entries
                    .iter()
                    .map(|code| Tag {
                        code: code.to_string(),
                        kind: tag_kind(code, &entries),
                    })
                    .collect();
            }
            (Role::ExecutiveOrder, _) if rec.executive_order.is_none() => {
                let eo = caption::executive_order(text);
                rec.executive_order = eo.order.map(|o| o.value);
                rec.declassification = eo.instruction.map(|s| s.text(text).to_string());
            }
            (Role::Stamp, LineKind::Stamp(kind)) => stamp(&mut rec.release, *kind, text),
            _ => {}
        }
    }
    if let Some(first) = c.sections.first() {
        for a in &first.addressees {
            let name = a.addressee.name.text(ct.line(a.line)).trim().to_string();
            match a.kind {
                AddresseeKind::To => rec.to.push(name),
                AddresseeKind::Info => rec.info.push(name),
            }
        }
    }
    rec.sections = c
        .sections
        .iter()
        .map(|s| {
            let declared = s.declared();
            SectionInfo {
                number: declared.map(|d| d.number),
                total: declared.map(|d| d.total),
                first_line: s.first_line,
                last_line: s.end_line.saturating_sub(1).max(s.first_line),
            }
        })
        .collect();
    rec.paragraphs = c
        .paragraphs
        .iter()
        .map(|p| ParagraphInfo {
            number: p.number.value,
            line: p.line,
            heading: c
                .headings
                .iter()
                .rev()
                .find(|h| h.line < p.line && h.quote == p.quote)
                .map(|h| ct.line(h.line).trim().to_string()),
            quoted: p.quote.is_some(),
        })
        .collect();
    rec
}

fn reference(ct: &CableText<'_>, x: &summary::Reference) -> Reference {
    let printed = ct.text[x.range.start..x.range.end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let (kind, item) = match x.via {
        Via::Cable => ("cable", None),
        Via::Item(l) => ("item", Some(char::from(l))),
        Via::Reftel => ("reftel", None),
        Via::Text => ("text", None),
    };
    Reference {
        line: x.line,
        label: x.label.map(char::from),
        place: if x.in_ref_list { "ref-list" } else { "text" },
        printed,
        kind,
        canonical_id: x.cited.clone(),
        item,
        lookalike: x.lookalike,
    }
}

/// The message DTG as printed on its precedence line.
fn dtg_printed(ct: &CableText<'_>) -> Option<String> {
    let c = ct.cable;
    c.sections
        .iter()
        .flat_map(|s| &s.precedence)
        .find_map(|&l| match c.kind(l) {
            LineKind::Precedence(p) if p.dtg.value.is_ok() => {
                Some(p.dtg.span.text(ct.line(l)).to_string())
            }
            _ => None,
        })
}

/// What kind of TAGS entry `entry` is, by the reference tables, among the entries of its line
/// (`VTPREL` is a post's keyword where `VT` stands on the line too).
pub fn tag_kind(entry: &str, line: &[&str]) -> &'static str {
    if entry.starts_with('(') {
        return "name";
    }
    let code = entry.to_ascii_uppercase();
    let c = code.as_str();
    if r::subject_tag(c).is_some() {
        "subject"
    } else if find(r::program_tags(), c).is_some() {
        "program"
    } else if find(r::countries(), c).is_some() {
        "geographic"
    } else if find(r::historical_countries(), c).is_some() {
        "former-geographic"
    } else if find(r::regions(), c).is_some() {
        "region"
    } else if find(r::organizations(), c).is_some() {
        "organization"
    } else if find(r::post_keywords(), c).is_some()
        || super::rules::country_keyword(c, |w| line.contains(&w)).is_some()
    {
        "post-keyword"
    } else {
        "unknown"
    }
}

fn stamp(rel: &mut Release, kind: StampKind, text: &str) {
    let t = text.trim();
    if t.is_empty() {
        return;
    }
    // A FOIA release repeats its stamps on every page: each is kept once.
    if rel.stamps.iter().any(|s| s == t) {
        return;
    }
    rel.stamps.push(t.to_string());
    match kind {
        StampKind::CaseNumber => {
            rel.case_number = t
                .split_once(':')
                .map(|(_, n)| n.trim().to_string())
                .filter(|n| !n.is_empty());
        }
        StampKind::Released => rel.status = Some(t.to_string()),
        StampKind::ReleaseCodes => {
            for code in t.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()) {
                if !rel.exemptions.iter().any(|e| e == code) {
                    rel.exemptions.push(code.to_string());
                }
            }
        }
        StampKind::ReviewBlock | StampKind::SystematicReview | StampKind::ExtendClassification => {
            rel.review_dates.extend(dates_in(t))
        }
        _ => {}
    }
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// The dates written `29 AUG 2003` or `08/29/2003` in a stamp line, ISO 8601.
fn dates_in(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let upper = w.to_ascii_uppercase();
        let month = MONTHS.iter().position(|m| upper.starts_with(m));
        if let (Some(m), Some(day), Some(year)) = (
            month,
            i.checked_sub(1).and_then(|j| words[j].parse::<u8>().ok()),
            words.get(i + 1).and_then(|y| y.parse::<u16>().ok()),
        ) {
            if (1..=31).contains(&day) && (1900..2100).contains(&year) {
                out.push(format!("{year:04}-{:02}-{day:02}", m + 1));
            }
        }
        let parts: Vec<&str> = w.split('/').collect();
        if let [m, d, y] = parts[..] {
            if let (Ok(m), Ok(d), Ok(y)) = (m.parse::<u8>(), d.parse::<u8>(), y.parse::<u16>()) {
                if (1..=12).contains(&m) && (1..=31).contains(&d) && (1900..2100).contains(&y) {
                    out.push(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_dates() {
        assert_eq!(
            dates_in("DATE/CASE ID: 29 AUG 2003 200300042"),
            ["2003-08-29"]
        );
        assert_eq!(dates_in("DECLASSIFY AFTER: 08/29/2028"), ["2028-08-29"]);
        assert!(dates_in("REVIEW AUTHORITY: ARCHIE M BOLSTER").is_empty());
    }

    #[test]
    fn tag_kinds() {
        assert_eq!(tag_kind("PGOV", &[]), "subject");
        assert_eq!(tag_kind("PE", &[]), "geographic");
        assert_eq!(tag_kind("(ORTIZ, CLEMENTE)", &[]), "name");
        assert_eq!(tag_kind("ZZZZ", &[]), "unknown");
        assert_eq!(tag_kind("VTPREL", &["VT", "VTPREL"]), "post-keyword");
        assert_eq!(tag_kind("VTPREL", &["VTPREL"]), "unknown");
    }
}
