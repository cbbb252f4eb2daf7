//! `header-mismatch`: post, serial or classification in a caption or PAGE header that
//! contradicts the rest of the cable.

use std::collections::HashSet;

use cable_grammar::line::{Classification, Field, LineKind, TOO_LARGE};
use cable_grammar::syntax::{CableId, Role};
use cable_grammar::Span;

use crate::analysis::{CableText, Code, Diagnostic};

pub fn header_mismatch(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let Some(id) = &c.id else { return };
    let mut first_class: Option<(u32, Classification)> = None;
    // A set: every caption line is looked up, and each may open a section of its own.
    let section_captions: HashSet<u32> = c.sections.iter().filter_map(|s| s.caption).collect();
    for (i, role) in c.roles.iter().enumerate() {
        let ln = i as u32;
        let page = match (role, c.kind(ln)) {
            (Role::PageHeader, LineKind::PageHeader(h)) => Some((h.post, h.serial)),
            _ => None,
        };
        // Only a section's own caption: a quoted cable's caption (`FOLLOWING REPEAT … QUOTE`)
        // names another cable, rightly. A caption fused onto a PAGE header is both.
        let caption = section_captions
            .contains(&ln)
            .then(|| c.caption_at(ln))
            .flatten();
        if let Some(cl) = caption {
            let class = cl.class.value;
            if class != Classification::Redacted {
                match first_class {
                    None => first_class = Some((ln, class)),
                    Some((fl, fc)) if fc != class => out.push(
                        Diagnostic::new(
                            Code::HeaderMismatch,
                            ct.range(ln, cl.class.span),
                            format!(
                                "classification {} expected (as in the first caption), found {}",
                                fc.name(),
                                class.name()
                            ),
                        )
                        .related(ct.trimmed_line_range(fl), "the first caption"),
                    ),
                    _ => {}
                }
            }
        }
        for (post, serial) in page
            .into_iter()
            .chain(caption.map(|cl| (cl.post, cl.serial)))
        {
            check_id(ct, id, ln, post, serial, out);
        }
    }
}

/// A post and serial written at line `ln` against the cable's.
fn check_id(
    ct: &CableText<'_>,
    id: &CableId,
    ln: u32,
    post: Option<Span>,
    serial: Option<Field<u32>>,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(post), Some(serial)) = (post, serial) else {
        return;
    };
    if serial.is_too_large() || id.serial == TOO_LARGE {
        return;
    }
    let here = CableId::new(ct.span_text(ln, post), serial);
    if !here.same_cable(id) {
        out.push(Diagnostic::new(
            Code::HeaderMismatch,
            ct.range(ln, post.cover(serial.span)),
            format!(
                "{} {:0width$} expected (the cable's post and serial), found {} {}",
                id.post,
                id.serial,
                here.post,
                ct.span_text(ln, serial.span),
                width = serial.span.len()
            ),
        ));
    }
}
