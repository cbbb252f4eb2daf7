//! `addressee-serial`: an addressee's message number goes up by one per section (a repeated
//! number is tolerated: real prints sometimes repeat it).

use std::collections::{HashMap, HashSet};

use super::sequence::next_last;
use crate::analysis::fix::{digits_like, Fix};
use crate::analysis::{CableText, Code, Diagnostic};

/// (line, value, span) of one addressee's serial.
type Serial = (u32, u32, cable_grammar::Span);

pub fn addressee_serial(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    // Per addressee, its serial in each section, in order: (line, value, span).
    let mut by_name: HashMap<String, Vec<Serial>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for s in &ct.cable.sections {
        let mut seen_here = HashSet::new();
        for a in &s.addressees {
            let Some(serial) = a.addressee.serial.filter(|s| !s.is_too_large()) else {
                continue;
            };
            let name = ct
                .span_text(a.line, a.addressee.name)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !seen_here.insert(name.clone()) {
                continue;
            }
            if !by_name.contains_key(&name) {
                order.push(name.clone());
            }
            by_name
                .entry(name)
                .or_default()
                .push((a.line, serial.value, serial.span));
        }
    }
    for name in order {
        let serials = &by_name[&name];
        // A serial that is off: where it is, what was expected, and the place it was judged by.
        // `safe`: the serials on either side agree on the expected one (a misprint, not a
        // gap in the record).
        let mut report = |(line, _, span): Serial,
                          expected: u32,
                          why: &str,
                          other: Serial,
                          note: &str,
                          safe: bool| {
            let written = ct.span_text(line, span);
            let range = ct.range(line, span);
            let fix =
                Fix::replace(written, range, digits_like(expected.into(), written)).safe_if(safe);
            out.push(
                Diagnostic::new(
                    Code::AddresseeSerial,
                    range,
                    format!(
                        "serial {expected:0width$} expected for {name} in this section ({why}), found {written}",
                        width = span.len()
                    ),
                )
                .related(ct.range(other.0, other.2), note)
                .with_fix(fix),
            );
        };
        let mut last = serials[0].1;
        let mut skip = 1;
        // The first section's serial is the odd one when the others run on without it.
        if let [first, second, third, ..] = serials[..] {
            if second.1.wrapping_sub(first.1) > 1 && third.1 == second.1.saturating_add(1) {
                let why = "one less than in the next section";
                let note = "the serials of the later sections run on from there";
                report(first, second.1.saturating_sub(1), why, third, note, true);
                last = second.1;
                skip = 2;
            }
        }
        for (k, &here) in serials.iter().enumerate().skip(skip) {
            let expected = last.saturating_add(1);
            let found = here.1;
            if found == expected || found == last {
                last = found;
                continue;
            }
            let why = "one more than in the previous section";
            let following = serials.get(k + 1).map(|s| s.1);
            report(
                here,
                expected,
                why,
                serials[k - 1],
                "the serial in the previous section",
                following == Some(expected.saturating_add(1)),
            );
            last = next_last(expected, found, following);
        }
    }
}
