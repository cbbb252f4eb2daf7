//! Citations: the cables (and other documents) a cable cites, read from its REF lists and its
//! text, as a careful reader does.
//!
//! A REF list is read as one stream over all the lines the parser gave the role `Reference`
//! (page headers, banners and FOIA stamps between them are left out), so an item broken by a
//! page break or a line end (`(C) 93` / `QUITO 7721`) is one item. Items are lettered (`A.`,
//! `A)`, `(A)`, `a)`, `A:`) or not; inside an item every `[YEAR] POST SERIAL` is a cable,
//! where POST is one to four words standing right before the serial (`SANTO DOMINGO 355`,
//! `AMEMBASSY ROME 1098`), and an item with none is kept as text (a telcon, a memo, `SEPTEL`).
//! A serial OCR broke with look-alikes (`1 O1684`, `O1684`) is read with its likely value and
//! marked.
//!
//! In the text, `(STATE 344863)` and other `POST SERIAL` of a post the cable knows (the
//! Department, its own post, its addressees' and its REF list's posts) are citations too, and
//! `REF A`, `REFTEL B`, `REFS A AND C` point at the items of the list.
//!
//! What the grammar gives is what is printed (year, post, serial); `canonical` makes the id
//! archives use (`92LIMA14540`).

use crate::dtg::{parse_dtg, Dtg};
use crate::line::{LineKind, StampKind};
use crate::span::TextRange;
use crate::syntax::{Cable, Role};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Cable-relative bytes of the citation as printed (`93 QUITO 7710`; an item broken by a
    /// line end runs across it).
    pub range: TextRange,
    /// The line the citation starts on.
    pub line: u32,
    /// The letter of the REF item holding it (`b'A'`), upper case.
    pub label: Option<u8>,
    /// In a REF list (else in the text).
    pub in_ref_list: bool,
    pub cited: Cited,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cited {
    Cable(CitedCable),
    /// `REF A`, `REFTEL B` in the text: the item of the REF list with this letter.
    Item(u8),
    /// `REFTEL` in the text with no letter: the REF list's only item.
    Reftel,
    /// A REF item that names no cable (a telcon, memo, e-mail, `SEPTEL`): kept as text.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedCable {
    /// The year printed before the post (`05`, `2008`), as a full year.
    pub year: Option<u16>,
    /// The post as printed, upper case, words joined by one space, an office prefix
    /// (`AMEMBASSY`, `AMCONSUL`) left out: `SANTO DOMINGO`, `SECSTATE`, `HCMC`.
    pub post: String,
    pub serial: u32,
    pub serial_range: TextRange,
    /// The serial was read through OCR look-alikes (`1 O1684` as 101684).
    pub lookalike: bool,
}

impl CitedCable {
    /// `92LIMA14540` with the printed year, or with `default_year` when none is printed.
    pub fn canonical(&self, default_year: Option<u16>) -> Option<String> {
        Some(canonical_id(
            self.year.or(default_year)?,
            &self.post,
            self.serial,
        ))
    }
}

/// The id archives give a cable (Cablegate, PlusD): the year's two digits, the post's
/// canonical name, the serial without leading zeros: `92LIMA14540`, `00HOCHIMINHCITY1121`.
pub fn canonical_id(year: u16, post: &str, serial: u32) -> String {
    format!("{:02}{}{serial}", year % 100, canonical_post(post))
}

/// Printed names of posts that archives file under another name.
const POST_ALIASES: &[(&str, &str)] = &[
    ("SECSTATE", "STATE"),
    ("SECSTATEWASHDC", "STATE"),
    ("DEPTEL", "STATE"),
    ("DEPT", "STATE"),
    ("HCMC", "HOCHIMINHCITY"),
    ("USUN", "USUNNEWYORK"),
    ("USEU", "USEUBRUSSELS"),
    ("RIO", "RIODEJANEIRO"),
    ("UNVIE", "UNVIEVIENNA"),
];

/// A post's name as archive ids spell it: upper case, letters only (`SANTO DOMINGO` →
/// `SANTODOMINGO`, `N'DJAMENA` → `NDJAMENA`), the abbreviations of `POST_ALIASES` spelled out.
pub fn canonical_post(post: &str) -> String {
    let mut name: String = post
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    for prefix in OFFICE_PREFIXES {
        if name.len() > prefix.len() && name.starts_with(prefix) {
            name.drain(..prefix.len());
            break;
        }
    }
    match POST_ALIASES.iter().find(|(printed, _)| *printed == name) {
        Some((_, canonical)) => (*canonical).to_string(),
        None => name,
    }
}

/// Words before a post's name that say what kind of office it is.
const OFFICE_PREFIXES: &[&str] = &["AMEMBASSY", "AMCONSUL", "EMBASSY", "CONSULATE", "AMEMB"];

/// Words that end a post's name when read backwards from its serial: they join or introduce
/// references, they never name a post.
const NOT_POST: &[&str] = &[
    "A", "ALSO", "AND", "ARE", "AS", "AT", "BY", "CABLE", "FOR", "FROM", "IN", "IS", "NOTAL", "OF",
    "ON", "OR", "PREVIOUS", "REF", "REFS", "REFTEL", "REFTELS", "SEE", "TEL", "THE", "TO", "VIA",
    "WAS", "WITH",
];

/// Words that make the number after them something other than a cable's serial.
const NOT_CABLE: &[&str] = &[
    "AIRGRAM",
    "ANNEX",
    "ARTICLE",
    "CHAPTER",
    "DIPNOTE",
    "EMAIL",
    "FAX",
    "ITEM",
    "LAW",
    "LETTER",
    "MEMO",
    "NO",
    "NOTE",
    "NUMBER",
    "PAGE",
    "PARA",
    "PARAGRAPH",
    "PARAS",
    "POINT",
    "RESOLUTION",
    "ROOM",
    "SECTION",
    "TELCON",
    "TITLE",
];

const MONTHS: &[&str] = &[
    "JAN",
    "JANUARY",
    "FEB",
    "FEBRUARY",
    "MAR",
    "MARCH",
    "APR",
    "APRIL",
    "MAY",
    "JUN",
    "JUNE",
    "JUL",
    "JULY",
    "AUG",
    "AUGUST",
    "SEP",
    "SEPT",
    "SEPTEMBER",
    "OCT",
    "OCTOBER",
    "NOV",
    "NOVEMBER",
    "DEC",
    "DECEMBER",
];

/// The most words a post's name has (`BANDAR SERI BEGAWAN`, `USMISSION USUN NEW YORK`).
const MAX_POST_WORDS: usize = 4;

/// Every citation of the cable, in order of position: the REF lists' first, then the text's.
/// `text` is the cable's text (cable-relative offsets index it).
pub fn citations(cable: &Cable, text: &str) -> Vec<Citation> {
    let mut out = ref_list(cable, text);
    let mut known: Vec<String> = out
        .iter()
        .filter_map(|c| match &c.cited {
            Cited::Cable(k) => Some(canonical_post(&k.post)),
            _ => None,
        })
        .collect();
    known.push("STATE".into());
    if let Some(id) = &cable.id {
        known.push(canonical_post(&id.post));
    }
    for s in &cable.sections {
        for a in &s.addressees {
            let line = line_text(cable, text, a.line);
            let name = a.addressee.name.text(line);
            let name = name
                .trim_end_matches("WASHDC")
                .trim_end_matches("WASHINGTON DC");
            known.push(canonical_post(name));
        }
    }
    known.sort();
    known.dedup();
    // One token buffer for all the lines.
    let mut toks = Vec::new();
    for (i, role) in cable.roles.iter().enumerate() {
        if matches!(
            role,
            Role::Body | Role::Paragraph | Role::Heading | Role::Subject
        ) {
            mentions(cable, text, i as u32, &known, &mut toks, &mut out);
        }
    }
    out
}

/// Whether `word` is one of `list` (upper-case words), in any case.
fn in_list(list: &[&str], word: &str) -> bool {
    list.iter().any(|k| k.eq_ignore_ascii_case(word))
}

fn line_text<'t>(cable: &Cable, text: &'t str, line: u32) -> &'t str {
    let r = cable.line_range(line);
    text.get(r.start..r.end).unwrap_or("")
}

/// One word, number or punctuation mark of a stream, in cable-relative bytes.
#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    line: u32,
    /// Whitespace (or a line end) stands before it.
    spaced: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    /// Letters and digits mixed (`O1684`, `061125Z`, `B2`).
    Mixed,
    Punct(u8),
}

/// The tokens of `line` (cable-relative offset `base`), appended to `out`.
fn tokenize(line: &str, base: usize, line_no: u32, out: &mut Vec<Tok>) {
    let b = line.as_bytes();
    let mut i = 0;
    let mut spaced = true;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            spaced = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind = if c.is_ascii_alphanumeric() {
            let (mut letters, mut digits) = (false, false);
            while i < b.len()
                && (b[i].is_ascii_alphanumeric()
                    // `DEPT'S`, `N'DJAMENA`: an apostrophe inside a word.
                    || (b[i] == b'\'' && i > start && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)))
            {
                letters |= b[i].is_ascii_alphabetic();
                digits |= b[i].is_ascii_digit();
                i += 1;
            }
            match (letters, digits) {
                (true, true) => Kind::Mixed,
                (false, true) => Kind::Num,
                _ => Kind::Word,
            }
        } else {
            // A whole character, so that no token ends inside one.
            i += line[i..].chars().next().map_or(1, char::len_utf8);
            Kind::Punct(if c.is_ascii() { c } else { 0 })
        };
        out.push(Tok {
            kind,
            start: base + start,
            end: base + i,
            line: line_no,
            spaced,
        });
        spaced = false;
    }
}

const REF_PREFIXES: &[&str] = &["REFTELS", "REFTEL", "REFS", "REF"];

/// The REF lists: every line with the role `Reference`, as one stream per list (a line
/// starting with `REF:` starts a list).
fn ref_list(cable: &Cable, text: &str) -> Vec<Citation> {
    let mut streams: Vec<Vec<Tok>> = Vec::new();
    for (i, role) in cable.roles.iter().enumerate() {
        if *role != Role::Reference {
            continue;
        }
        let line = i as u32;
        let content = line_text(cable, text, line);
        let base = cable.line_range(line).start;
        let mut toks = Vec::new();
        tokenize(content, base, line, &mut toks);
        let starts_list = match toks.as_slice() {
            [w, rest @ ..] if w.kind == Kind::Word => {
                let word = &text[w.start..w.end];
                REF_PREFIXES.contains(&word)
                    && rest.first().is_some_and(|t| t.kind == Kind::Punct(b':'))
            }
            _ => false,
        };
        if starts_list || streams.is_empty() {
            let skip = if starts_list { 2 } else { 0 };
            streams.push(toks.into_iter().skip(skip).collect());
        } else if let Some(s) = streams.last_mut() {
            s.extend(toks);
        }
    }
    let mut out = Vec::new();
    let mut last = None;
    for s in &streams {
        last = read_list(s, text, last, &mut out).or(last);
    }
    out
}

/// The letter of an item label starting at `k` (`A.`, `A)`, `(A)`, `a)`, `A:`) and how many
/// tokens it takes. Only where an item can start (first, or after blanks or `,`/`;`) and
/// only the letter after `prev` (or `prev` again: `A. (A) ROME 1`), `A` first: a portion mark
/// `(U)` after the list is no item.
fn label_at(toks: &[Tok], k: usize, text: &str, prev: Option<u8>) -> Option<(u8, usize)> {
    let (c, n) = any_label_at(toks, k, text)?;
    let in_order = match prev {
        None => c == b'A',
        Some(p) => c == p || c == p + 1,
    };
    in_order.then_some((c, n))
}

fn any_label_at(toks: &[Tok], k: usize, text: &str) -> Option<(u8, usize)> {
    let t = toks.get(k)?;
    let after_break = k == 0 || t.spaced || matches!(toks[k - 1].kind, Kind::Punct(b',' | b';'));
    if !after_break {
        return None;
    }
    let letter = |t: &Tok| {
        let w = &text.as_bytes()[t.start..t.end];
        (t.kind == Kind::Word && w.len() == 1).then_some(w[0])
    };
    let ends_item = |j: usize| toks.get(j).is_none_or(|n| n.spaced);
    match t.kind {
        Kind::Punct(b'(') => {
            let c = letter(toks.get(k + 1)?)?;
            let close = toks.get(k + 2)?;
            (close.kind == Kind::Punct(b')') && !close.spaced)
                .then_some((c.to_ascii_uppercase(), 3))
        }
        Kind::Word => {
            let c = letter(t)?;
            let p = toks.get(k + 1)?;
            let ok = !p.spaced
                && match p.kind {
                    Kind::Punct(b')') => true,
                    Kind::Punct(b'.' | b':') => c.is_ascii_uppercase(),
                    _ => false,
                };
            // `A. STATE 1234`, not `U.S.`: the label stands alone.
            (ok && (ends_item(k + 2)
                || toks.get(k + 2).is_some_and(|n| n.kind == Kind::Punct(b'('))))
            .then_some((c.to_ascii_uppercase(), 2))
        }
        _ => None,
    }
}

/// The items of one REF list; returns its last item letter. `before`: the last letter of the
/// list before it, whose lettering a second list may go on with (`REF: A. … B. …` /
/// `REF: C. …`) or start again.
fn read_list(toks: &[Tok], text: &str, before: Option<u8>, out: &mut Vec<Citation>) -> Option<u8> {
    let mut items: Vec<(Option<u8>, usize, usize)> = Vec::new();
    let mut k = 0;
    let mut item_start = 0;
    let mut label = None;
    while k < toks.len() {
        let found = label_at(toks, k, text, label).or_else(|| {
            let (c, n) = any_label_at(toks, k, text)?;
            (k == 0 && before.is_some_and(|b| c == b + 1)).then_some((c, n))
        });
        if let Some((c, n)) = found {
            // `A. (A) SANTO DOMINGO 355`: a label repeating the one before it.
            if !(k == item_start && label == Some(c)) {
                if k > item_start || label.is_some() {
                    items.push((label, item_start, k));
                }
                label = Some(c);
            }
            k += n;
            item_start = k;
            continue;
        }
        k += 1;
    }
    if item_start < toks.len() || label.is_some() {
        items.push((label, item_start, toks.len()));
    }
    for (label, start, end) in items {
        let item = &toks[start..end];
        let found_before = out.len();
        let mut k = 0;
        while k < item.len() {
            match cable_at(item, k, text, None) {
                Some((c, next)) => {
                    out.push(Citation {
                        label,
                        in_ref_list: true,
                        ..c
                    });
                    k = next;
                }
                None => k += 1,
            }
        }
        let words = item
            .iter()
            .filter(|t| !matches!(t.kind, Kind::Punct(_)))
            .count();
        let nothing = item.is_empty()
            || words == 1 && ["NONE", "NA"].contains(&&text[item[0].start..item[0].end]);
        if out.len() == found_before && !nothing {
            // Without the `,`/`;` that separates it from the next item.
            let last = item
                .iter()
                .rposition(|t| !matches!(t.kind, Kind::Punct(b',' | b';')))
                .map_or(item[item.len() - 1], |i| item[i]);
            let first = item[0];
            out.push(Citation {
                range: TextRange::new(first.start, last.end),
                line: first.line,
                label,
                in_ref_list: true,
                cited: Cited::Other,
            });
        }
    }
    label
}

/// The serial starting at token `k`: its value, whether look-alikes were read, and the index
/// past it. A plain number of one to six digits, or digits with OCR look-alikes (`O1684`, and
/// `1 O1684` as one serial broken by a blank).
fn serial_at(toks: &[Tok], k: usize, text: &str) -> Option<(u32, bool, usize)> {
    let t = toks.get(k)?;
    let word = &text[t.start..t.end];
    let (mut digits, mut lookalike, mut next) = match t.kind {
        Kind::Num => (word.to_string(), false, k + 1),
        Kind::Mixed => (read_digits(word)?, true, k + 1),
        _ => return None,
    };
    if let Some(n) = toks.get(next) {
        if n.kind == Kind::Mixed && n.spaced && n.line == t.line && n.start == t.end + 1 {
            if let Some(more) = read_digits(&text[n.start..n.end]) {
                digits.push_str(&more);
                lookalike = true;
                next += 1;
            }
        }
    }
    // What follows a serial: a blank, `,`, `;`, `)`, `.` closing a sentence. A number that goes
    // on (`315/00535`, `CA-3400`, `001.2`, `12:30`) is something else.
    if let Some(n) = toks.get(next) {
        let joined = !n.spaced && n.line == toks[next - 1].line;
        let goes_on = match n.kind {
            Kind::Punct(b'/' | b'-' | b':') => joined,
            Kind::Punct(b'.') => {
                joined
                    && toks
                        .get(next + 1)
                        .is_some_and(|m| !m.spaced && m.kind == Kind::Num)
            }
            Kind::Punct(_) => false,
            _ => joined,
        };
        if goes_on {
            return None;
        }
    }
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    Some((digits.parse().ok()?, lookalike, next))
}

/// A mixed word read as digits where its letters are OCR look-alikes of digits (`O1684` →
/// `01684`); `None` for anything else, and for a date-time group (`061125Z`).
fn read_digits(word: &str) -> Option<String> {
    let b = word.as_bytes();
    if b.len() == 7 && b[6].eq_ignore_ascii_case(&b'Z') && b[..6].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    if digits * 2 < b.len() {
        return None;
    }
    b.iter()
        .map(|&c| match c {
            b'0'..=b'9' => Some(c as char),
            b'O' | b'o' => Some('0'),
            b'I' | b'l' => Some('1'),
            b'S' => Some('5'),
            b'B' => Some('8'),
            b'G' => Some('6'),
            _ => None,
        })
        .collect()
}

fn is_year(word: &str) -> Option<u16> {
    let n: u16 = word.parse().ok()?;
    match word.len() {
        2 => Some(if n >= 50 { 1900 + n } else { 2000 + n }),
        4 if (1900..2100).contains(&n) => Some(n),
        _ => None,
    }
}

/// A cable cited at token `k` (the first word of its post, or its year), and the index past
/// it. `known`: in the text, only these posts (canonical names) count.
fn cable_at(
    toks: &[Tok],
    k: usize,
    text: &str,
    known: Option<&[String]>,
) -> Option<(Citation, usize)> {
    let word = |t: &Tok| &text[t.start..t.end];
    let upper = |w: &str| w.to_ascii_uppercase();
    let (year, post_start) = match toks.get(k)? {
        t if t.kind == Kind::Num => (Some(is_year(word(t))?), k + 1),
        t if t.kind == Kind::Word => (None, k),
        _ => return None,
    };
    // Most capitalised words of a text are no post: a citation needs one to four words and
    // then a number, which is cheap to see before any word is read.
    let words = toks[post_start..]
        .iter()
        .take(MAX_POST_WORDS + 1)
        .position(|t| t.kind != Kind::Word);
    let serial_next = words.is_some_and(|n| {
        (1..=MAX_POST_WORDS).contains(&n)
            && matches!(toks[post_start + n].kind, Kind::Num | Kind::Mixed)
    });
    if !serial_next {
        return None;
    }
    // The post: the words from `post_start` up to the serial.
    let mut end = post_start;
    while end < toks.len() && end - post_start < MAX_POST_WORDS && toks[end].kind == Kind::Word {
        let w = word(&toks[end]);
        if in_list(NOT_POST, w) || in_list(NOT_CABLE, w) || in_list(MONTHS, w) {
            return None;
        }
        if end > post_start && !toks[end].spaced {
            return None;
        }
        end += 1;
        if let Some((serial, lookalike, next)) = serial_at(toks, end, text) {
            if !toks[end].spaced {
                return None;
            }
            let words: Vec<String> = toks[post_start..end]
                .iter()
                .map(|t| upper(word(t)))
                .collect();
            let mut post = words.join(" ");
            for prefix in OFFICE_PREFIXES {
                if let Some(rest) = post.strip_prefix(prefix).and_then(|r| r.strip_prefix(' ')) {
                    post = rest.to_string();
                    break;
                }
            }
            if let Some(known) = known {
                if !known.contains(&canonical_post(&post)) {
                    return None;
                }
            }
            let first = toks[k];
            let last = toks[next - 1];
            let cited = CitedCable {
                year,
                post,
                serial,
                serial_range: TextRange::new(toks[end].start, last.end),
                lookalike,
            };
            return Some((
                Citation {
                    range: TextRange::new(first.start, last.end),
                    line: first.line,
                    label: None,
                    in_ref_list: false,
                    cited: Cited::Cable(cited),
                },
                next,
            ));
        }
    }
    None
}

/// Citations in a line of text: `POST SERIAL` of a known post (with or without parentheses,
/// the post in capitals), `REF A`, `REFTEL B`, `REFS A AND C`, `(REF A)`, `REFTEL`.
/// `toks` is a buffer for the line's tokens.
fn mentions(
    cable: &Cable,
    text: &str,
    line: u32,
    known: &[String],
    toks: &mut Vec<Tok>,
    out: &mut Vec<Citation>,
) {
    let content = line_text(cable, text, line);
    // A citation has a serial, or a `REF` word (with an `F`): most lines have neither, and
    // are passed over in one vectorised sweep (no early exit) instead of a walk over words.
    let (digits, f) = content.bytes().fold((0u8, 0u8), |(d, f), b| {
        (
            d | u8::from(b.is_ascii_digit()),
            f | u8::from(b | 0x20 == b'f'),
        )
    });
    if digits == 0 && (f == 0 || !has_ref_word(content)) {
        return;
    }
    toks.clear();
    tokenize(content, cable.line_range(line).start, line, toks);
    let toks: &[Tok] = toks;
    let word = |t: &Tok| &text[t.start..t.end];
    let mut k = 0;
    while k < toks.len() {
        let t = toks[k];
        let w = word(&t);
        let starts_word = k == 0 || t.spaced || matches!(toks[k - 1].kind, Kind::Punct(_));
        if t.kind == Kind::Word && starts_word && in_list(REF_PREFIXES, w) {
            let before = out.len();
            let mut j = k + 1;
            // `REF A`, `REFS A AND B`, `REFS A, B`, `REF (A)`.
            loop {
                let (letter, n) = match toks.get(j..j + 3) {
                    Some([o, l, c])
                        if o.kind == Kind::Punct(b'(')
                            && c.kind == Kind::Punct(b')')
                            && l.end - l.start == 1
                            && l.kind == Kind::Word =>
                    {
                        (word(l).as_bytes()[0], 3)
                    }
                    _ => match toks.get(j) {
                        Some(l)
                            if l.kind == Kind::Word
                                && l.end - l.start == 1
                                && l.spaced
                                && toks.get(j + 1).is_none_or(|n| {
                                    n.spaced
                                        || matches!(n.kind, Kind::Punct(b')' | b',' | b'.' | b';'))
                                }) =>
                        {
                            (word(l).as_bytes()[0], 1)
                        }
                        _ => break,
                    },
                };
                // `REF A` names a letter; a lone `a`/`A` after `REF` in a sentence is
                // the letter too, as real cables write `(ref a)`.
                let at = toks[j];
                out.push(Citation {
                    range: TextRange::new(at.start, toks[j + n - 1].end),
                    line,
                    label: None,
                    in_ref_list: false,
                    cited: Cited::Item(letter.to_ascii_uppercase()),
                });
                j += n;
                match toks.get(j) {
                    Some(s)
                        if s.kind == Kind::Punct(b',')
                            || s.kind == Kind::Word && word(s).eq_ignore_ascii_case("AND") =>
                    {
                        j += 1
                    }
                    _ => break,
                }
            }
            if out.len() == before && w.eq_ignore_ascii_case("REFTEL") {
                out.push(Citation {
                    range: TextRange::new(t.start, t.end),
                    line,
                    label: None,
                    in_ref_list: false,
                    cited: Cited::Reftel,
                });
            }
            k = j.max(k + 1);
            continue;
        }
        // A post in capitals, or in title case right after `(`: `(Madrid 392)`.
        let capitals = w.bytes().all(|b| !b.is_ascii_lowercase());
        let opens = k > 0 && toks[k - 1].kind == Kind::Punct(b'(') && !t.spaced;
        if starts_word && (capitals || opens && w.as_bytes()[0].is_ascii_uppercase()) {
            if let Some((c, next)) = cable_at(toks, k, text, Some(known)) {
                out.push(c);
                k = next;
                continue;
            }
        }
        k += 1;
    }
}

fn has_ref_word(line: &str) -> bool {
    // Bytes, not characters: a character outside ASCII is bytes that are no letters either.
    line.as_bytes()
        .split(|b| !b.is_ascii_alphabetic())
        .any(|w| {
            matches!(w.len(), 3 | 4 | 6)
                && (w.eq_ignore_ascii_case(b"REF")
                    || w.eq_ignore_ascii_case(b"REFS")
                    || w.eq_ignore_ascii_case(b"REFTEL"))
        })
}

/// The cable's own canonical id (`93QUITO8812`): its post and serial with the year of its
/// date; `None` without either.
pub fn own_id(cable: &Cable, text: &str) -> Option<String> {
    let id = cable.id.as_ref()?;
    Some(canonical_id(cable_year(cable, text)?, &id.post, id.serial))
}

/// The year of the cable's first date-time group that carries one: the message DTG of a
/// precedence line, else a date line (`110404Z Jul 00`).
pub fn cable_year(cable: &Cable, text: &str) -> Option<u16> {
    cable_date(cable, text).map(|d| d.year)
}

/// The cable's date: its message DTG (the first valid one of a precedence line), else the
/// date of a Cablegate date line (`110404Z Jul 00`).
pub fn cable_date(cable: &Cable, text: &str) -> Option<Dtg> {
    let precedence = cable
        .sections
        .iter()
        .flat_map(|s| &s.precedence)
        .find_map(|&l| match cable.lines.get(l as usize).map(|x| &x.kind) {
            Some(LineKind::Precedence(p)) => p.dtg.value.as_ref().ok().copied(),
            _ => None,
        });
    precedence.or_else(|| {
        (0..cable.lines.len() as u32).find_map(|l| match cable.kind(l) {
            LineKind::Stamp(StampKind::DateLine) => {
                let words: Vec<&str> = line_text(cable, text, l).split_whitespace().collect();
                match words.as_slice() {
                    [time, month, year] => parse_dtg(time, month, year).ok(),
                    _ => None,
                }
            }
            _ => None,
        })
    })
}

/// The letters of the item labels on a REF line, in order (`A) X 1, B) Y 2` → `AB`): what
/// the parser needs to know whether a line after a page break continues the list.
pub(crate) fn labels(line: &str, prev: Option<u8>) -> Vec<u8> {
    let mut toks = Vec::new();
    tokenize(line, 0, 0, &mut toks);
    let mut out = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        match label_at(&toks, k, line, out.last().copied().or(prev)) {
            Some((c, n)) => {
                out.push(c);
                k += n;
            }
            None => k += 1,
        }
    }
    out
}

/// The line starts with the item label `letter` (`(D) LIMA 1`, `D. LIMA 1`).
pub(crate) fn starts_with_label(line: &str, letter: u8) -> bool {
    let mut toks = Vec::new();
    tokenize(line, 0, 0, &mut toks);
    any_label_at(&toks, 0, line).is_some_and(|(c, _)| c == letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_are_spelled_as_archives_spell_them() {
        assert_eq!(canonical_post("SANTO DOMINGO"), "SANTODOMINGO");
        assert_eq!(canonical_post("N'DJAMENA"), "NDJAMENA");
        assert_eq!(canonical_post("SECSTATE"), "STATE");
        assert_eq!(canonical_post("HCMC"), "HOCHIMINHCITY");
        assert_eq!(canonical_post("AMEMBASSY ROME"), "ROME");
        assert_eq!(canonical_post("Lagos"), "LAGOS");
        assert_eq!(canonical_id(1992, "LIMA", 14540), "92LIMA14540");
        assert_eq!(
            canonical_id(2000, "HO CHI MINH CITY", 1121),
            "00HOCHIMINHCITY1121"
        );
    }

    #[test]
    fn lookalikes_in_serials() {
        assert_eq!(read_digits("O1684").as_deref(), Some("01684"));
        assert_eq!(read_digits("061125Z"), None, "a date-time group");
        assert_eq!(read_digits("B2C"), None);
        assert_eq!(read_digits("SOS"), None, "mostly letters");
    }

    #[test]
    fn labels_go_in_order() {
        assert_eq!(labels("REF: A) ROME 1, B) BONN 2", None), b"AB");
        assert_eq!(
            labels("(C) 92 JEDDAH 607, (D) 92 RIYADH 4210", Some(b'B')),
            b"CD"
        );
        assert_eq!(labels("REF: A. A. SECSTATE 103585", None), b"AA");
        assert_eq!(
            labels("STATE 1 (U) THIS CABLE", None),
            b"",
            "a portion mark"
        );
        assert_eq!(labels("U.S. PAPER", None), b"");
    }
}
