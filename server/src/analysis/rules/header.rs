//! `header-mismatch`: post, serial or classification in a caption or PAGE header that
//! contradicts the rest of the cable.

use cable_grammar::line::{Classification, Field, LineKind, TOO_LARGE};
use cable_grammar::syntax::{CableId, Role};
use cable_grammar::Span;

use crate::analysis::fix::{digits_like, Fix};
use crate::analysis::{CableText, Code, Diagnostic};

pub fn header_mismatch(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let Some(id) = &c.id else { return };
    // The first caption's line, classification and its span there.
    let mut first_class: Option<(u32, Classification, Span)> = None;
    // Every line is looked up, and each caption may open a section of its own: a sorted list
    // of the few caption lines (a hashed set cost more than the rule's own work).
    let mut section_captions: Vec<u32> = c.sections.iter().filter_map(|s| s.caption).collect();
    section_captions.sort_unstable();
    for (i, role) in c.roles.iter().enumerate() {
        let ln = i as u32;
        let page = match (role, c.kind(ln)) {
            (Role::PageHeader, LineKind::PageHeader(h)) => Some((h.post, h.serial)),
            _ => None,
        };
        // Only a section's own caption: a quoted cable's caption (`FOLLOWING REPEAT … QUOTE`)
        // names another cable, rightly. A caption fused onto a PAGE header is both.
        let caption = section_captions
            .binary_search(&ln)
            .is_ok()
            .then(|| c.caption_at(ln))
            .flatten();
        if let Some(cl) = caption {
            let class = cl.class.value;
            if class != Classification::Redacted {
                match first_class {
                    None => first_class = Some((ln, class, cl.class.span)),
                    Some((fl, fc, fspan)) if fc != class => {
                        // Offered, not safe: the first caption may be the wrong one.
                        let written = ct.span_text(ln, cl.class.span);
                        let fix = Fix::replace(
                            written,
                            ct.range(ln, cl.class.span),
                            ct.span_text(fl, fspan),
                        )
                        .preferred();
                        out.push(
                            Diagnostic::new(
                                Code::HeaderMismatch,
                                ct.range(ln, cl.class.span),
                                format!(
                                    "classification {} expected (as in the first caption), found {}",
                                    fc.name(),
                                    class.name()
                                ),
                            )
                            .related(ct.trimmed_line_range(fl), "the first caption")
                            .with_fix(fix),
                        )
                    }
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
        let range = ct.range(ln, post.cover(serial.span));
        let written = ct.text.get(range.start..range.end).unwrap_or("");
        out.push(
            Diagnostic::new(
                Code::HeaderMismatch,
                range,
                format!(
                    "{} {:0width$} expected (the cable's post and serial), found {} {}",
                    id.post,
                    id.serial,
                    here.post,
                    ct.span_text(ln, serial.span),
                    width = serial.span.len()
                ),
            )
            .with_fix(post_and_serial_fix(
                ct, ln, post, serial, id, written, range,
            )),
        );
    }
}

/// The header's post and serial made the cable's: the part that differs is rewritten, the
/// other kept as written (a PAGE header's post cut to six letters stays cut). When both
/// differ the header may belong to another cable, so the fix is only offered.
fn post_and_serial_fix(
    ct: &CableText<'_>,
    ln: u32,
    post: cable_grammar::Span,
    serial: cable_grammar::line::Field<u32>,
    id: &CableId,
    written: &str,
    range: cable_grammar::TextRange,
) -> Fix {
    let post_text = ct.span_text(ln, post);
    let same_post = CableId::new(
        post_text,
        Field {
            value: id.serial,
            span: serial.span,
        },
    )
    .same_cable(id);
    let new_post = if same_post {
        post_text.to_string()
    } else if post_text.trim().len() == 6 && id.post.len() > 6 {
        id.post.chars().take(6).collect()
    } else {
        id.post.clone()
    };
    let gap = ct
        .line(ln)
        .get(post.end as usize..serial.span.start as usize)
        .unwrap_or(" ");
    let written_serial = ct.span_text(ln, serial.span);
    let new_serial = digits_like(id.serial.into(), written_serial);
    let same_serial = serial.value == id.serial;
    Fix::replace(written, range, format!("{new_post}{gap}{new_serial}"))
        .safe_if(same_post || same_serial)
}
