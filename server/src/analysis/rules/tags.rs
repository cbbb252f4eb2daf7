//! unknown-tag: a TAGS entry shaped like a code that is no code of any TAGS table. Names in
//! parentheses and free text (lower case, several words) are not codes and are left alone.

use cable_grammar::line::{LineKind, TagsLine};
use cable_grammar::syntax::Role;
use cable_grammar::Span;

use crate::analysis::reference::{self, find};
use crate::analysis::{CableText, Code, Diagnostic};

pub fn unknown_tag(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    for (i, role) in c.roles.iter().enumerate() {
        let line = i as u32;
        if *role != Role::Tags {
            continue;
        }
        let LineKind::Tags(tags) = c.kind(line) else {
            continue;
        };
        let text = ct.line(line);
        for (span, known) in code_entries(text, tags) {
            if !known {
                out.push(Diagnostic::new(
                    Code::UnknownTag,
                    ct.range(line, span),
                    message(span.text(text)),
                ));
            }
        }
    }
}

/// The entries of a TAGS line that stand for codes. Entries are separated by commas (or
/// semicolons); one made of several words is free text (`MEDIA REACTION REPORT`, `USEU
/// BRUSSELS`) unless every word is a known code (`PREL IZ KU`, a line typed without commas).
/// Each entry comes with whether it is a known code.
pub fn code_entries(line: &str, tags: &TagsLine) -> Vec<(Span, bool)> {
    let mut out = Vec::new();
    let mut item: Vec<Span> = Vec::new();
    let flush = |item: &mut Vec<Span>, out: &mut Vec<(Span, bool)>| {
        let words: Vec<(Span, bool)> = item
            .drain(..)
            .filter(|s| is_code_shaped(s.text(line)))
            .map(|s| (s, reference::is_known_tag(s.text(line))))
            .collect();
        if words.len() == 1 || words.iter().all(|&(_, known)| known) {
            out.extend(words);
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

/// Two to eight capital letters or digits, starting with a letter: what TAGS codes look like.
fn is_code_shaped(entry: &str) -> bool {
    (2..=8).contains(&entry.len())
        && entry.starts_with(|c: char| c.is_ascii_uppercase())
        && entry
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn message(entry: &str) -> String {
    let mut msg = format!("`{entry}` is no TAGS code cable-ls knows");
    if let Some((fips, name)) = find(MEANT_FOR, entry) {
        msg.push_str(&format!(
            ": cables use it for {name}, whose TAGS (FIPS 10-4) code is `{fips}`"
        ));
    } else if let Some((fips, name)) = find(reference::iso_to_fips(), entry) {
        msg.push_str(&format!(
            ": `{entry}` is the ISO 3166 code of {name}, whose TAGS (FIPS 10-4) code is `{fips}`"
        ));
    } else if let Some((a, b)) = run_together(entry) {
        msg.push_str(&format!(": it reads as `{a}` and `{b}` run together"));
    }
    msg
}

/// Codes that real cables use for a country other than the one ISO gives them (FORMAT.md §7:
/// `SR` for Serbia, where ISO SR is Suriname).
const MEANT_FOR: &[(&str, (&str, &str))] = &[("SR", ("RI", "Serbia"))];

/// Two known codes written without a separator (`VTPREL`: `VT`, `PREL`).
fn run_together(entry: &str) -> Option<(&str, &str)> {
    (2..entry.len().saturating_sub(1))
        .filter(|&i| entry.is_char_boundary(i))
        .map(|i| entry.split_at(i))
        .find(|(a, b)| reference::is_known_tag(a) && reference::is_known_tag(b))
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_shapes() {
        for e in ["PE", "PGOV", "KPAO", "NATO", "G7", "UNGA"] {
            assert!(is_code_shaped(e), "{e}");
        }
        for e in [
            "(ORTIZ, CLEMENTE)",
            "Media",
            "A",
            "HUMAN RIGHTS",
            "TOOLONGCODE",
            "7G",
            "",
        ] {
            assert!(!is_code_shaped(e), "{e}");
        }
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
    }
}
