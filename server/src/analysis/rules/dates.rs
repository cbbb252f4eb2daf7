//! `malformed-dtg` and `dtg-mismatch`.

use cable_grammar::line::{DtgField, LineKind, TimeField};
use cable_grammar::syntax::Role;

use crate::analysis::{CableText, Code, Diagnostic};

pub fn malformed_dtg(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    for (i, role) in c.roles.iter().enumerate() {
        let ln = i as u32;
        let (span, err, what) = match (role, c.kind(ln)) {
            (
                Role::Precedence,
                LineKind::Precedence {
                    dtg:
                        DtgField {
                            span,
                            value: Err(e),
                        },
                    ..
                },
            ) => (*span, e, "DDHHMMZ MON YY"),
            (Role::PageHeader, LineKind::PageHeader(h)) => match &h.time {
                Some(TimeField {
                    span,
                    value: Err(e),
                }) => (*span, e, "DDHHMMZ"),
                _ => continue,
            },
            (
                Role::DashLine,
                LineKind::DashLine {
                    time:
                        Some(TimeField {
                            span,
                            value: Err(e),
                        }),
                    ..
                },
            ) => (*span, e, "DDHHMMZ"),
            _ => continue,
        };
        let found = ct.span_text(ln, span);
        out.push(Diagnostic::new(
            Code::MalformedDtg,
            ct.range(ln, span),
            format!("malformed date-time group: expected {what}, found `{found}`: {err}"),
        ));
    }
}

pub fn dtg_mismatch(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let mut first: Option<(u32, cable_grammar::dtg::Dtg, cable_grammar::Span)> = None;
    for s in &c.sections {
        if let Some(&ln) = s.precedence.first() {
            if let LineKind::Precedence {
                dtg: DtgField { span, value: Ok(d) },
                ..
            } = c.kind(ln)
            {
                match first {
                    None => first = Some((ln, *d, *span)),
                    Some((fl, fd, fspan)) if fd != *d => out.push(
                        Diagnostic::new(
                            Code::DtgMismatch,
                            ct.range(ln, *span),
                            format!(
                                "every section repeats the message DTG `{}`, found `{}`",
                                ct.span_text(fl, fspan),
                                ct.span_text(ln, *span)
                            ),
                        )
                        .related(ct.range(fl, fspan), "the message DTG of the first section"),
                    ),
                    _ => {}
                }
            }
        }
        let mut page_time: Option<(u32, cable_grammar::dtg::DayTime, cable_grammar::Span)> = None;
        for p in &s.pages {
            let Some(TimeField { span, value: Ok(t) }) = &p.time else {
                continue;
            };
            match page_time {
                None => page_time = Some((p.line, *t, *span)),
                Some((fl, ft, fspan)) if ft != *t => out.push(
                    Diagnostic::new(
                        Code::DtgMismatch,
                        ct.range(p.line, *span),
                        format!(
                            "all pages of a section carry one time: expected `{}`, found `{}`",
                            ct.span_text(fl, fspan),
                            ct.span_text(p.line, *span)
                        ),
                    )
                    .related(ct.range(fl, fspan), "the section's first page time"),
                ),
                _ => {}
            }
        }
    }
}
