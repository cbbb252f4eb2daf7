//! `addressee-serial`: an addressee's message number goes up by one per section (a repeated
//! number is tolerated: real prints sometimes repeat it).

use std::collections::HashMap;

use crate::analysis::{CableText, Code, Diagnostic};

pub fn addressee_serial(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let mut previous: HashMap<String, (u32, u32, cable_grammar::Span)> = HashMap::new();
    for s in &ct.cable.sections {
        let mut current = HashMap::new();
        for a in &s.addressees {
            let Some(serial) = a.addressee.serial else {
                continue;
            };
            let name: Vec<&str> = ct
                .span_text(a.line, a.addressee.name)
                .split_whitespace()
                .collect();
            let name = name.join(" ");
            if let Some(&(pl, pv, pspan)) = previous.get(&name) {
                if serial.value != pv.saturating_add(1) && serial.value != pv {
                    out.push(
                        Diagnostic::new(
                            Code::AddresseeSerial,
                            ct.range(a.line, serial.span),
                            format!(
                                "serial {:0width$} expected for {name} in this section (one more than in the previous section), found {}",
                                pv.saturating_add(1),
                                ct.span_text(a.line, serial.span),
                                width = serial.span.len()
                            ),
                        )
                        .related(ct.range(pl, pspan), "the serial in the previous section"),
                    );
                }
            }
            current.insert(name, (a.line, serial.value, serial.span));
        }
        if !current.is_empty() {
            previous = current;
        }
    }
}
