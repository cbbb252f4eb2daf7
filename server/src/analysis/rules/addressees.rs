//! `addressee-serial`: an addressee's message number goes up by one per section (a repeated
//! number is tolerated: real prints sometimes repeat it).

use std::collections::HashMap;

use crate::analysis::{CableText, Code, Diagnostic};

pub fn addressee_serial(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    // Per addressee, its serial in each section, in order: (line, value, span).
    let mut by_name: HashMap<String, Vec<(u32, u32, cable_grammar::Span)>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for s in &ct.cable.sections {
        let mut seen_here = Vec::new();
        for a in &s.addressees {
            let Some(serial) = a.addressee.serial else {
                continue;
            };
            let name = ct
                .span_text(a.line, a.addressee.name)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if seen_here.contains(&name) {
                continue;
            }
            seen_here.push(name.clone());
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
        let mut last = serials[0].1;
        let mut skip = 1;
        // The first section's serial is the odd one when the others run on without it.
        if let [(line, first, span), (_, second, _), (nl, third, nspan), ..] = serials[..] {
            if second.wrapping_sub(first) > 1 && third == second.saturating_add(1) {
                let expected = second.saturating_sub(1);
                out.push(
                    Diagnostic::new(
                        Code::AddresseeSerial,
                        ct.range(line, span),
                        format!(
                            "serial {expected:0width$} expected for {name} in this section (one less than in the next section), found {}",
                            ct.span_text(line, span),
                            width = span.len()
                        ),
                    )
                    .related(ct.range(nl, nspan), "the serials of the later sections run on from there"),
                );
                last = second;
                skip = 2;
            }
        }
        for (k, &(line, found, span)) in serials.iter().enumerate().skip(skip) {
            let expected = last.saturating_add(1);
            if found == expected || found == last {
                last = found;
                continue;
            }
            let (pl, _, pspan) = serials[k - 1];
            out.push(
                Diagnostic::new(
                    Code::AddresseeSerial,
                    ct.range(line, span),
                    format!(
                        "serial {expected:0width$} expected for {name} in this section (one more than in the previous section), found {}",
                        ct.span_text(line, span),
                        width = span.len()
                    ),
                )
                .related(ct.range(pl, pspan), "the serial in the previous section"),
            );
            // A misprint if the next section goes on from the expected serial.
            let following = serials.get(k + 1).map(|s| s.1);
            last = if following == Some(expected.saturating_add(1)) {
                expected
            } else {
                found
            };
        }
    }
}
