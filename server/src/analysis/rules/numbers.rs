//! Numbers too large for their field: a serial, page number or routing total of ten digits and
//! more is no value the print could carry, most likely two numbers run together in the
//! transcription. Each is reported under the code of the rule that reads that field; those
//! rules compare nothing with it.

use cable_grammar::line::Field;

use crate::analysis::{CableText, Code, Diagnostic};

pub fn too_large(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let mut report = |line: u32, field: Field<u32>, code: Code, what: &str| {
        if !field.is_too_large() {
            return;
        }
        let written = ct.span_text(line, field.span);
        out.push(Diagnostic::new(
            code,
            ct.range(line, field.span),
            format!(
                "{what} `{written}` has {} digits, too many for a {what}: are two numbers run together?",
                written.bytes().filter(u8::is_ascii_digit).count()
            ),
        ));
    };
    for s in &c.sections {
        for p in &s.pages {
            report(p.line, p.page, Code::PageNumber, "page number");
            if let Some(serial) = p.serial {
                report(p.line, serial, Code::HeaderMismatch, "serial");
            }
        }
        for a in &s.addressees {
            if let Some(serial) = a.addressee.serial {
                report(a.line, serial, Code::AddresseeSerial, "serial");
            }
        }
        for b in &s.routing {
            if let Some((line, total)) = b.total {
                report(line, total, Code::RoutingTotal, "routing total");
            }
        }
        if let Some(line) = s.caption {
            if let Some(serial) = c.caption_at(line).and_then(|cl| cl.serial) {
                report(line, serial, Code::HeaderMismatch, "serial");
            }
        }
    }
}
