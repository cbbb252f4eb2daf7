//! unknown-tag: a TAGS entry shaped like a code that is no code of any TAGS table. Names in
//! parentheses and free text (lower case, several words) are not codes and are left alone.

use std::collections::{HashMap, HashSet};

use cable_grammar::line::{LineKind, TagsLine};
use cable_grammar::syntax::Role;
use cable_grammar::Span;

use crate::analysis::fix::Fix;
use crate::analysis::lookalike::readings;
use crate::analysis::reference::{self, find};
use crate::analysis::{CableText, Code, Diagnostic};
use cable_grammar::lookalike::is_letter_digit;

/// What is said of an entry, once per distinct entry of a line: the message, and the codes it
/// may stand for (each a fix; safe when there is just one and it keeps the meaning).
struct Said {
    message: std::sync::Arc<str>,
    replacements: Vec<String>,
    safe: bool,
}

pub fn unknown_tag(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let year = ct.message_dtg().map(|d| d.year);
    for (i, role) in c.roles.iter().enumerate() {
        let line = i as u32;
        if *role != Role::Tags {
            continue;
        }
        let LineKind::Tags(tags) = c.kind(line) else {
            continue;
        };
        let text = ct.line(line);
        // The message of each entry, once per line: a hostile line repeats one code a hundred
        // thousand times.
        let mut said: HashMap<&str, Option<Said>> = HashMap::new();
        let mut last: Option<(&str, Option<&Said>)> = None;
        for (span, known) in code_entries(text, tags) {
            let entry = span.text(text);
            // The same entry as the one before needs no lookup.
            let judged = match last {
                Some((e, m)) if e == entry => m,
                _ => said
                    .entry(entry)
                    .or_insert_with(|| {
                        if known {
                            year.and_then(|y| out_of_era(entry, y))
                        } else if tag_readings(entry).is_empty() {
                            Some(unknown(entry))
                        } else {
                            // A code read with look-alikes: ocr-confusion's.
                            None
                        }
                    })
                    .as_ref(),
            };
            last = Some((entry, judged));
            let Some(judged) = judged else {
                continue;
            };
            let range = ct.range(line, span);
            let mut diag = Diagnostic::new(Code::UnknownTag, range, judged.message.clone());
            let one = judged.replacements.len() == 1;
            for r in &judged.replacements {
                let fix = Fix::replace(entry, range, r.as_str()).safe_if(one && judged.safe);
                diag = diag.with_fix(if one { fix.preferred() } else { fix });
            }
            out.push(diag);
        }
    }
}

/// The entries of a TAGS line that stand for codes. Entries are separated by commas (or
/// semicolons); one made of several words is free text (`MEDIA REACTION REPORT`, `USEU
/// BRUSSELS`) unless every word is a known code or one read with OCR look-alikes (`PREL IZ
/// KU`, `PREL PG0V`: a line typed without commas).
/// Each entry comes with whether it is known: a code, a post's keyword of the table, or a
/// post's keyword made of a country code of the same line and a code (`VT, VTPREL`).
pub fn code_entries<'a>(line: &'a str, tags: &TagsLine) -> Vec<(Span, bool)> {
    // A set: a hostile line has a hundred thousand entries, each looked up. Made only when a
    // long entry asks whether its country is on the line.
    let entries: std::cell::OnceCell<HashSet<&str>> = std::cell::OnceCell::new();
    let on_line = |w: &str| {
        entries
            .get_or_init(|| tags.entries.iter().map(|s| s.text(line)).collect())
            .contains(w)
    };
    // The answer for the entry before: a hostile line repeats one entry throughout.
    let previous: std::cell::Cell<Option<(&str, bool)>> = std::cell::Cell::new(None);
    let known = |word: &'a str| match previous.get() {
        Some((w, k)) if w == word => k,
        _ => {
            let k = reference::is_known_entry(word) || country_keyword(word, on_line).is_some();
            previous.set(Some((word, k)));
            k
        }
    };
    let code_like = |word: &str, known: bool| known || !tag_readings(word).is_empty();
    let mut out = Vec::new();
    let mut item: Vec<Span> = Vec::new();
    let mut words: Vec<(Span, bool)> = Vec::new();
    let mut flush = |item: &mut Vec<Span>, out: &mut Vec<(Span, bool)>| {
        words.clear();
        words.extend(
            item.drain(..)
                .filter(|s| is_code_shaped(s.text(line)))
                .map(|s| (s, known(s.text(line)))),
        );
        if words.len() == 1
            || words
                .iter()
                .all(|&(s, known)| code_like(s.text(line), known))
        {
            out.append(&mut words);
        }
    };
    let mut last_end = None;
    for &span in &tags.entries {
        let gap = last_end.map_or("", |e: u32| {
            line.get(e as usize..span.start as usize).unwrap_or("")
        });
        if gap.contains([',', ';']) || span.text(line).starts_with('(') {
            flush(&mut item, &mut out);
        }
        if !span.text(line).starts_with('(') {
            item.push(span);
        }
        last_end = Some(span.end);
    }
    flush(&mut item, &mut out);
    out
}

/// A keyword a post files its cables under: the country code of the post, itself on the
/// line, and a subject, program or organization code run together (`VTPREL` on the Holy
/// See's cables tagged `VT`, `HRETRD` on Zagreb's tagged `HR`). Without the country on the
/// line the same word is a typo; a country and another country (`IRAN`) is a word.
/// `on_line` says whether a word is an entry of the line.
pub fn country_keyword(entry: &str, on_line: impl Fn(&str) -> bool) -> Option<(&str, &str)> {
    let (country, code) = entry.split_at_checked(2)?;
    // Most entries are two letters, nothing after the country: asked first, as it costs least.
    if code.is_empty() || !on_line(country) {
        return None;
    }
    let filing_code = reference::subject_tag(code).is_some()
        || find(reference::program_tags(), code).is_some()
        || find(reference::organizations(), code).is_some();
    (filing_code && find(reference::countries(), country).is_some()).then_some((country, code))
}

/// A historical geographic code on a cable dated outside the years it meant its country:
/// before them, the code that meant the country then; after them, the codes that replaced it.
fn out_of_era(entry: &str, year: u16) -> Option<Said> {
    let h = find(reference::historical_countries(), entry).filter(|h| !h.in_use(year))?;
    let mut replacements = Vec::new();
    let years = h.years.words().unwrap_or_default();
    let mut msg = format!(
        "`{entry}` was the TAGS code of {} {years}; this cable is dated {year}",
        h.meaning
    );
    let before = h.years.from.is_some_and(|from| year < from);
    if before {
        replacements.extend(reference::predecessors_in(entry, year).map(str::to_string));
        let then: Vec<String> = replacements.iter().map(|c| format!("`{c}`")).collect();
        if !then.is_empty() {
            msg.push_str(&format!(", when the code was {}", then.join(" or ")));
        }
    } else if let Some(codes) = h.successor_list() {
        msg.push_str(&format!(": replaced by {codes}"));
    }
    if let Some((fips, name)) = find(reference::iso_to_fips(), entry) {
        msg.push_str(&format!(
            ". `{entry}` is also the ISO 3166 code of {name}, whose TAGS code is `{fips}`"
        ));
    }
    // The code of the country's other years: offered, as the cable may mean either.
    Some(Said {
        message: msg.into(),
        replacements,
        safe: false,
    })
}

/// Two to eight capital letters or digits, starting with a letter (or with a digit OCR reads
/// for one, `0VIP`, `1Z`, when digits are not the most): what TAGS codes look like.
fn is_code_shaped(entry: &str) -> bool {
    let digits = entry.bytes().filter(u8::is_ascii_digit).count();
    let first = entry.bytes().next().unwrap_or(b' ');
    (2..=8).contains(&entry.len())
        && (first.is_ascii_uppercase()
            || is_letter_digit(first)
                && digits * 2 <= entry.len()
                && entry.bytes().any(|b| b.is_ascii_uppercase()))
        && entry
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The known codes an entry no table knows stands for when OCR read letters of it as digits
/// (`PG0V`: `PGOV`; `EA1R`: `EAIR`, `EALR`), in order; empty for an entry without digits.
/// Codes have few digits (`G7`), so only digits are read otherwise.
pub fn tag_readings(entry: &str) -> Vec<String> {
    if !entry.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    readings(
        entry,
        |_, c| c.is_ascii_digit(),
        reference::is_known_entry,
        8,
    )
}

/// An entry no table knows: the message and the one code it stands for, when cable-ls can
/// tell (each of those readings has a single answer, so its fix is safe).
fn unknown(entry: &str) -> Said {
    let mut msg = format!("`{entry}` is no TAGS code cable-ls knows");
    let mut replacement = None;
    if let Some((fips, name)) = find(MEANT_FOR, entry) {
        msg.push_str(&format!(
            ": cables use it for {name}, whose TAGS (FIPS 10-4) code is `{fips}`"
        ));
        replacement = Some(fips.to_string());
    } else if let Some((fips, name)) = find(reference::iso_to_fips(), entry) {
        msg.push_str(&format!(
            ": `{entry}` is the ISO 3166 code of {name}, whose TAGS (FIPS 10-4) code is `{fips}`"
        ));
        replacement = Some(fips.to_string());
    } else if let Some((a, b)) = run_together(entry) {
        msg.push_str(&format!(": it reads as `{a}` and `{b}` run together"));
        replacement = Some(format!("{a}, {b}"));
    }
    Said {
        message: msg.into(),
        replacements: replacement.into_iter().collect(),
        safe: true,
    }
}

/// Codes that real cables use for a country other than the one ISO gives them (FORMAT.md §7:
/// `SR` for Serbia, where ISO SR is Suriname).
const MEANT_FOR: &[(&str, (&str, &str))] = &[("SR", ("RI", "Serbia"))];

/// Two known codes written without a separator (`VTPREL`: `VT`, `PREL`). Two geographic
/// codes together are more likely a word (`IRAN`) than a slip.
fn run_together(entry: &str) -> Option<(&str, &str)> {
    let geographic = |c: &str| {
        find(reference::countries(), c).is_some()
            || find(reference::historical_countries(), c).is_some()
            || find(reference::regions(), c).is_some()
    };
    (2..entry.len().saturating_sub(1))
        .filter(|&i| entry.is_char_boundary(i))
        .map(|i| entry.split_at(i))
        .find(|(a, b)| {
            reference::is_known_tag(a)
                && reference::is_known_tag(b)
                && !(geographic(a) && geographic(b))
        })
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_shapes() {
        for e in [
            "PE", "PGOV", "KPAO", "NATO", "G7", "UNGA", "0VIP", "5OCI", "1Z",
        ] {
            assert!(is_code_shaped(e), "{e}");
        }
        for e in [
            "(ORTIZ, CLEMENTE)",
            "Media",
            "A",
            "HUMAN RIGHTS",
            "TOOLONGCODE",
            "7G",
            "1994",
            "7G7",
            "",
        ] {
            assert!(!is_code_shaped(e), "{e}");
        }
    }

    fn message(entry: &str) -> String {
        unknown(entry).message.to_string()
    }

    fn era(entry: &str, year: u16) -> Option<String> {
        out_of_era(entry, year).map(|s| s.message.to_string())
    }

    #[test]
    fn suggestions() {
        assert!(
            message("RU").contains("ISO 3166 code of Russia") && message("RU").ends_with("`RS`")
        );
        assert!(
            message("SR").contains("Serbia") && message("SR").ends_with("`RI`"),
            "{}",
            message("SR")
        );
        assert!(
            message("VTPREL").ends_with("`VT` and `PREL` run together"),
            "{}",
            message("VTPREL")
        );
        assert!(message("QQQQ").ends_with("knows"));
        assert_eq!(tag_readings("PG0V"), ["PGOV"]);
        assert_eq!(tag_readings("EA1R"), ["EAIR", "EALR"]);
        assert!(tag_readings("PGOV").is_empty() && tag_readings("QQ0Q").is_empty());
        assert_eq!(unknown("VTPREL").replacements, ["VT, PREL"]);
        assert_eq!(unknown("RU").replacements, ["RS"]);
        assert!(unknown("QQQQ").replacements.is_empty());
        assert!(message("IRAN").ends_with("knows"), "a word, not IR and AN");
        assert_eq!(
            era("UR", 2005).as_deref(),
            Some("`UR` was the TAGS code of the Soviet Union until 1991; this cable is dated 2005: replaced by `RS`, `UP`, `BO`, `KZ`, `AM`, `AJ`, `GG`, `MD`, `LG`, `LH`, `EN`, `TI`, `TX`, `UZ`, `KG`")
        );
        assert!(era("UR", 1985).is_none());
        assert_eq!(
            era("YI", 1985).as_deref(),
            Some("`YI` was the TAGS code of Serbia and Montenegro (the Federal Republic of Yugoslavia) from 1992 to 2006; this cable is dated 1985, when the code was `YO`")
        );
        let vn = era("VN", 2001).unwrap_or_default();
        assert!(
            vn.ends_with("replaced by `VM`. `VN` is also the ISO 3166 code of Vietnam, whose TAGS code is `VM`"),
            "{vn}"
        );
    }

    #[test]
    fn country_keywords() {
        assert_eq!(
            country_keyword("VTPREL", |w| ["PREL", "VT", "VTPREL"].contains(&w)),
            Some(("VT", "PREL"))
        );
        assert_eq!(
            country_keyword("VTPREL", |w| ["PREL", "VTPREL"].contains(&w)),
            None
        );
        assert_eq!(
            country_keyword("HRKAWC", |w| ["HR", "HRKAWC"].contains(&w)),
            Some(("HR", "KAWC"))
        );
        assert_eq!(country_keyword("VTX", |w| ["VT"].contains(&w)), None);
        // A country and another country is no filing keyword: `IRAN` is not Iran and Andorra.
        assert_eq!(
            country_keyword("IRAN", |w| ["IR", "IRAN"].contains(&w)),
            None
        );
        assert_eq!(country_keyword("V", |w| ["V"].contains(&w)), None);
    }
}
