//! `paragraph-number` (the cable's numbering across the whole cable, and each quoted
//! document's own numbering apart) and `page-number` (inside each section).
//!
//! Both follow a sequence and, after a number that is off, decide what to expect next: if the
//! following number goes on from the expected one, the odd number was a misprint (one
//! diagnostic, the sequence continues as if it were right); otherwise the sequence continues
//! from what was found (a gap: one diagnostic, not one per later number).

use cable_grammar::syntax::Paragraph;

use super::sequence::next_last;
use crate::analysis::fix::{digits_like, Fix};
use crate::analysis::{CableText, Code, Diagnostic};

/// Each run of numbers apart: the cable's, and that of each quoted document with numbering
/// of its own (the grammar decides whose numbering a quoted paragraph continues).
pub fn paragraph_number(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let quote_runs = c.quote_runs();
    let mut runs: Vec<Vec<&Paragraph>> = vec![Vec::new(); c.quotes.len() + 1];
    for p in &c.paragraphs {
        let run = p.quote.and_then(|q| quote_runs.get(q as usize).copied()?);
        runs[run.map_or(0, |q| q as usize + 1)].push(p);
    }
    for run in &runs {
        run_number(ct, run, out);
    }
}

fn run_number(ct: &CableText<'_>, ps: &[&Paragraph], out: &mut Vec<Diagnostic>) {
    let Some(first) = ps.first() else { return };
    let mut last = (first.number.value, 0usize);
    let mut k = 1;
    while k < ps.len() {
        let (prev_value, prev_index) = last;
        let prev = ps[prev_index];
        let cur = ps[k];
        let expected = prev_value.saturating_add(1);
        let found = cur.number.value;
        let following = ps.get(k + 1).map(|p| p.number.value);
        // A fresh `1.` starts another numbered text (an annex, a quoted document, the items
        // after a table of contents): real cables do that without any marker.
        if found == expected || (found == 1 && prev_value > 1) {
            last = (found, k);
            k += 1;
            continue;
        }
        let swapped = found == expected.saturating_add(1) && following == Some(expected);
        let what = if swapped {
            format!("paragraph {expected} expected here, found {found}: paragraphs {expected} and {found} are swapped")
        } else if found == prev_value {
            format!("paragraph {expected} expected here, found {found} again")
        } else if found < prev_value {
            format!("paragraph {expected} expected here, found {found} (numbering goes backwards)")
        } else if found == expected.saturating_add(1) {
            format!("paragraph {expected} expected here, found {found}: paragraph {expected} is missing")
        } else {
            format!(
                "paragraph {expected} expected here, found {found}: paragraphs {expected} to {} are missing",
                found - 1
            )
        };
        out.push(
            Diagnostic::new(
                Code::ParagraphNumber,
                ct.range(cur.line, cur.number.span),
                what,
            )
            .related(
                ct.range(prev.line, prev.number.span),
                format!("paragraph {} is here", prev.number.value),
            ),
        );
        if swapped {
            // One diagnostic for the pair: go on after the second of them.
            last = (found, k);
            k += 2;
        } else {
            last = (next_last(expected, found, following), k);
            k += 1;
        }
    }
}

pub fn page_number(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    for s in &ct.cable.sections {
        // A page number too large to be one is reported by `numbers` and followed by nothing.
        let pages: Vec<_> = s.pages.iter().filter(|p| !p.page.is_too_large()).collect();
        let Some(first) = pages.first() else {
            continue;
        };
        let mut last = first.page.value;
        for (k, cur) in pages.iter().enumerate().skip(1) {
            let expected = last.saturating_add(1);
            let found = cur.page.value;
            if found == expected {
                last = found;
                continue;
            }
            let prev = pages[k - 1];
            let following = pages.get(k + 1).map(|p| p.page.value);
            let written = ct.span_text(cur.line, cur.page.span);
            // A misprint when the next page goes on from the expected number; otherwise pages
            // may really be missing, and renumbering is only offered.
            let misprint = following == Some(expected.saturating_add(1));
            let fix = Fix::replace(
                written,
                ct.range(cur.line, cur.page.span),
                digits_like(expected.into(), written),
            )
            .safe_if(misprint);
            out.push(
                Diagnostic::new(
                    Code::PageNumber,
                    ct.range(cur.line, cur.page.span),
                    format!("PAGE {expected:02} expected here, found PAGE {written}"),
                )
                .related(
                    ct.range(prev.line, prev.page.span),
                    "the previous page of this section",
                )
                .with_fix(fix),
            );
            last = next_last(expected, found, following);
        }
    }
}
