//! `paragraph-number` (the cable's numbering across the whole cable, and each quoted
//! document's own numbering apart) and `page-number` (inside each section).
//!
//! Both follow a sequence and, after a number that is off, decide what to expect next: if the
//! following number goes on from the expected one, the odd number was a misprint (one
//! diagnostic, the sequence continues as if it were right); otherwise the sequence continues
//! from what was found (a gap: one diagnostic, not one per later number).
//!
//! Fixes. A paragraph number gets "write the expected number" when that alone puts the run
//! right: preferred when the next paragraph goes on from it (a repeated number, or a skip by
//! one that the numbering does not keep: one right answer), only offered for the last of a
//! run (the paragraph after it may be lost). "Renumber from here" gives the paragraph and
//! every following one of its run its expected number in one fix, up to a fresh `1.` (another
//! numbered text), when that changes more than the one number (a gap, a swapped pair, a
//! later slip in the run).
//! Neither is safe (`check --fix` and fix-all leave them): a paragraph number is the drafter's
//! text, and the record may carry the original's own slip, which a transcription keeps (the
//! corpus has two, `10.` `12.` `12.` and `¶45.` `¶45.` `¶47.`), or have lost a paragraph.

use cable_grammar::syntax::Paragraph;

use super::sequence::next_last;
use crate::analysis::fix::{digits_like, rewrite_numbers, Edit, Fix};
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
    // What the renumbering fixes of a cable may visit in all: every anomaly of a real cable
    // gets one, and a numbering wrong at every paragraph costs a multiple of its length, not
    // its square (each fix visits the rest of its run).
    let mut budget = 256 + 4 * c.paragraphs.len();
    for run in &runs {
        run_number(ct, run, &mut budget, out);
    }
}

fn run_number(
    ct: &CableText<'_>,
    ps: &[&Paragraph],
    budget: &mut usize,
    out: &mut Vec<Diagnostic>,
) {
    let Some(first) = ps.first() else { return };
    // Where the numbered text holding each paragraph ends: before the next fresh `1.`.
    let mut ends = vec![ps.len(); ps.len()];
    for i in (0..ps.len().saturating_sub(1)).rev() {
        ends[i] = if ps[i + 1].number.value == 1 {
            i + 1
        } else {
            ends[i + 1]
        };
    }
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
        let mut diag = Diagnostic::new(
            Code::ParagraphNumber,
            ct.range(cur.line, cur.number.span),
            what,
        )
        .related(
            ct.range(prev.line, prev.number.span),
            format!("paragraph {} is here", prev.number.value),
        );
        let misprint = following == Some(expected.saturating_add(1));
        // The last of its run, or of its numbered text: nothing after it says otherwise.
        let last_of_run = following.is_none_or(|f| f == 1);
        if !swapped && (misprint || last_of_run) {
            let fix = Fix::replace(
                ct.span_text(cur.line, cur.number.span),
                ct.range(cur.line, cur.number.span),
                written_as(ct, cur, expected),
            );
            diag = diag.with_fix(if misprint { fix.preferred() } else { fix });
        }
        if let Some(fix) = renumber(ct, &ps[k..ends[k]], expected, budget) {
            diag = diag.with_fix(fix);
        }
        out.push(diag);
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

/// A paragraph's number written as `value`, keeping its width and punctuation (`08.` as 9 is
/// `09.`).
fn written_as(ct: &CableText<'_>, p: &Paragraph, value: u32) -> String {
    rewrite_numbers(ct.span_text(p.line, p.number.span), &[value.into()])
}

/// The paragraphs `ps` numbered on from `first`, while `budget` allows visiting them: one
/// fix, when it changes more than the first number (that alone is the other fix).
fn renumber(ct: &CableText<'_>, ps: &[&Paragraph], first: u32, budget: &mut usize) -> Option<Fix> {
    *budget = budget.checked_sub(ps.len())?;
    let edits: Vec<Edit> = ps
        .iter()
        .zip(first..)
        .filter(|(p, want)| p.number.value != *want)
        .map(|(p, want)| Edit {
            range: ct.range(p.line, p.number.span),
            new_text: written_as(ct, p, want),
        })
        .collect();
    if edits.len() < 2 {
        return None;
    }
    Some(Fix {
        title: format!(
            "Renumber from here as {first} to {} ({} paragraphs)",
            first as usize + ps.len() - 1,
            ps.len()
        ),
        edits,
        preferred: false,
        safe: false,
    })
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
