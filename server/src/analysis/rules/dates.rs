//! `malformed-dtg` and `dtg-mismatch`.

use std::collections::HashMap;
use std::hash::Hash;

use cable_grammar::dtg::{parse_day_time, parse_dtg};
use cable_grammar::line::{DtgField, LineKind, TimeField};
use cable_grammar::syntax::Role;

use super::majority::first_of_most_common;
use crate::analysis::fix::Fix;
use crate::analysis::lookalike::{describe, unique_reading};
use crate::analysis::{CableText, Code, Diagnostic};

pub fn malformed_dtg(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    for (i, role) in c.roles.iter().enumerate() {
        let ln = i as u32;
        let found = match (role, c.kind(ln)) {
            (Role::Precedence, LineKind::Precedence(p)) => {
                let e = p.dtg.value.as_ref().err();
                e.map(|e| (p.dtg.span, e, "DDHHMMZ MON YY"))
            }
            (Role::PageHeader, LineKind::PageHeader(h)) => bad_time(&h.time),
            (Role::DashLine, LineKind::DashLine(d)) => bad_time(&d.time),
            _ => None,
        };
        let Some((span, err, what)) = found else {
            continue;
        };
        let found = ct.span_text(ln, span);
        let mut diag = Diagnostic::new(
            Code::MalformedDtg,
            ct.range(ln, span),
            format!("malformed date-time group: expected {what}, found `{found}`: {err}"),
        );
        if let Some(fix) = undo_lookalikes(found, ct.range(ln, span)) {
            diag = diag.with_fix(fix);
        }
        out.push(diag);
    }
}

/// A day-time field that does not read, with its span and the format it should have.
fn bad_time(
    t: &Option<TimeField>,
) -> Option<(
    cable_grammar::Span,
    &cable_grammar::dtg::DtgError,
    &'static str,
)> {
    let t = t.as_ref()?;
    Some((t.span, t.value.as_ref().err()?, "DDHHMMZ"))
}

/// The one valid date-time group OCR look-alikes can stand for where the grammar's reading
/// (letters of a field of digits as digits, digits of the month as letters: ocr-confusion's)
/// does not make one: the zone letter read as a digit (`0921052` for `092105Z`). None when no
/// reading or several are valid.
fn undo_lookalikes(found: &str, range: cable_grammar::TextRange) -> Option<Fix> {
    // Valid as written, with no look-alike left for the grammar to read.
    let plain = |dt: &str, rest: &[&str]| {
        dt.bytes().take(6).all(|b| b.is_ascii_digit())
            && rest.iter().enumerate().all(|(k, w)| {
                w.bytes().all(|b| {
                    if k == 0 {
                        b.is_ascii_alphabetic()
                    } else {
                        b.is_ascii_digit()
                    }
                })
            })
    };
    let valid = |s: &str| {
        let words: Vec<&str> = s.split_whitespace().collect();
        match words[..] {
            [day_time] => parse_day_time(day_time).is_ok() && plain(day_time, &[]),
            [day_time, month, year] => {
                parse_dtg(day_time, month, year).is_ok() && plain(day_time, &words[1..])
            }
            _ => false,
        }
    };
    // A field that is valid alone (the day and time, the month, the year) was read right:
    // only the others may hold look-alikes. That also keeps the readings few.
    let words: Vec<&str> = found.split_whitespace().collect();
    let field_ok = |k: usize, w: &str| match (words.len(), k) {
        (1, _) | (3, 0) => parse_day_time(w).is_ok(),
        (3, 1) => cable_grammar::dtg::parse_month(w).is_some(),
        (3, _) => (w.len() == 2 || w.len() == 4) && w.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    };
    let mut fixed_chars = Vec::new();
    let mut k = 0;
    let mut in_word = false;
    for c in found.chars() {
        if c.is_whitespace() {
            k += usize::from(in_word);
            in_word = false;
        } else {
            in_word = true;
        }
        fixed_chars.push(words.get(k).is_some_and(|w| field_ok(k, w)));
    }
    let meant = unique_reading(
        found,
        |i, c| !c.is_whitespace() && !fixed_chars.get(i).copied().unwrap_or(true),
        valid,
    )?;
    let mut fix = Fix::replace(found, range, meant.as_str()).safe();
    fix.title
        .push_str(&format!(" (OCR look-alikes: {})", describe(found, &meant)));
    Some(fix)
}

/// A value found at a place: (line, value, span).
type Stamp<T> = (u32, T, cable_grammar::Span);

/// The value most places agree on (the first one on a tie), and the places that differ from
/// it: one typo is reported where it is, not on every correct copy.
fn odd_ones_out<T: Eq + Hash + Copy>(found: &[Stamp<T>]) -> Option<(Stamp<T>, Vec<Stamp<T>>)> {
    let best = found[first_of_most_common(found.iter().map(|f| f.1))?];
    let odd = found.iter().filter(|f| f.1 != best.1).copied().collect();
    Some((best, odd))
}

pub fn dtg_mismatch(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    // The message DTG of each section; `070837Z JUL 04` and `070837Z JUL 2004` are the same.
    let dtgs: Vec<Stamp<_>> = c
        .sections
        .iter()
        .filter_map(|s| {
            let ln = *s.precedence.first()?;
            match c.kind(ln) {
                LineKind::Precedence(p) => match &p.dtg {
                    DtgField { span, value: Ok(d) } => Some((ln, (d.time, d.month, d.year), *span)),
                    _ => None,
                },
                _ => None,
            }
        })
        .collect();
    report_odd_ones(
        ct,
        out,
        &dtgs,
        "every section repeats the message DTG",
        "the message DTG the other sections carry",
    );
    for s in &c.sections {
        let times: Vec<Stamp<_>> = s
            .pages
            .iter()
            .filter_map(|p| match &p.time {
                Some(TimeField { span, value: Ok(t) }) => Some((p.line, *t, *span)),
                _ => None,
            })
            .collect();
        report_odd_ones(
            ct,
            out,
            &times,
            "all pages of a section carry one time",
            "the time the section's other pages carry",
        );
    }
}

/// A `dtg-mismatch` at each place that differs from what most places say.
fn report_odd_ones<T: Eq + Hash + Copy>(
    ct: &CableText<'_>,
    out: &mut Vec<Diagnostic>,
    found: &[Stamp<T>],
    rule: &str,
    note: &str,
) {
    let Some((agreed, odd)) = odd_ones_out(found) else {
        return;
    };
    // The agreed value is the one right answer only when more places hold it than any other.
    let mut counts: HashMap<T, usize> = HashMap::new();
    for f in found {
        *counts.entry(f.1).or_default() += 1;
    }
    let agreed_count = counts.get(&agreed.1).copied().unwrap_or(0);
    let clear = counts
        .iter()
        .all(|(v, &n)| *v == agreed.1 || n < agreed_count);
    let agreed_text = ct.span_text(agreed.0, agreed.2);
    for (ln, _, span) in odd {
        let written = ct.span_text(ln, span);
        let fix = Fix::replace(written, ct.range(ln, span), agreed_text).safe_if(clear);
        out.push(
            Diagnostic::new(
                Code::DtgMismatch,
                ct.range(ln, span),
                format!("{rule}: expected `{agreed_text}`, found `{written}`"),
            )
            .related(ct.range(agreed.0, agreed.2), note)
            .with_fix(fix),
        );
    }
}
