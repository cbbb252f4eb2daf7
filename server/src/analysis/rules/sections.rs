//! `section-count` and `missing-terminator`.

use cable_grammar::syntax::{DeclarationSource, Role, Section};

use crate::analysis::{CableText, Code, Diagnostic};

fn found_text(
    ct: &CableText<'_>,
    line: u32,
    source: DeclarationSource,
    span: cable_grammar::Span,
) -> String {
    let text = ct.span_text(line, span);
    match source {
        DeclarationSource::Caption => format!("SECTION {text}"),
        DeclarationSource::PageHeader => format!("`{text}` in the PAGE header"),
        DeclarationSource::SectionBreak => format!("`{text}`"),
    }
}

/// The total most sections agree on (the first one on a tie).
fn agreed_total(sections: &[Section]) -> Option<u32> {
    let totals: Vec<u32> = sections
        .iter()
        .flat_map(|s| s.declarations.iter().map(|d| d.section.total))
        .collect();
    let mut best: Option<(u32, usize)> = None;
    for &t in &totals {
        let n = totals.iter().filter(|&&x| x == t).count();
        if best.is_none_or(|(_, bn)| n > bn) {
            best = Some((t, n));
        }
    }
    best.map(|(t, _)| t)
}

pub fn section_count(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let Some(total) = agreed_total(&c.sections) else {
        return;
    };
    let Some(first) = c.sections.iter().find_map(|s| s.declared()) else {
        return;
    };
    let first_anchor = c
        .sections
        .iter()
        .find(|s| s.declared().is_some())
        .map(|s| s.anchor_line());
    let mut expected = first.number;
    for s in &c.sections {
        let Some(primary) = s.declarations.first() else {
            continue;
        };
        for (k, d) in s.declarations.iter().enumerate() {
            // The section's first declaration is checked against the sequence; the others
            // against the first (a PAGE header contradicting its section's caption).
            let (want_number, want_total) = if k == 0 {
                (expected, total)
            } else {
                (primary.section.number, primary.section.total)
            };
            if d.section.number == want_number && d.section.total == want_total {
                continue;
            }
            let found = found_text(ct, d.line, d.source, d.section.span);
            let why = if d.section.total != want_total {
                if k == 0 {
                    format!("the other sections say OF {want_total:02}")
                } else {
                    format!("the section's first header says OF {want_total:02}")
                }
            } else if k > 0 {
                "the section's first header says otherwise".to_string()
            } else if d.section.number < want_number {
                "repeated or out of order".to_string()
            } else if d.section.number > total {
                "beyond the total".to_string()
            } else {
                "a section is missing before it".to_string()
            };
            let msg = format!(
                "section {want_number} of {want_total} expected here, found {found} ({why})"
            );
            let mut diag =
                Diagnostic::new(Code::SectionCount, ct.range(d.line, d.section.span), msg);
            let other = if k == 0 {
                first_anchor
            } else {
                Some(primary.line)
            };
            if let Some(a) = other.filter(|&a| a != d.line) {
                let note = if k == 0 {
                    "the cable's first section starts here"
                } else {
                    "this section's first header"
                };
                diag = diag.related(ct.trimmed_line_range(a), note);
            }
            out.push(diag);
        }
        // Resynchronise on what the section says, so that one gap gives one diagnostic.
        expected = primary.section.number + 1;
    }
}

/// The last line of a section that is not blank, a stamp or a banner.
fn last_content_line(ct: &CableText<'_>, s: &Section) -> Option<u32> {
    (s.first_line..s.end_line).rev().find(|&l| {
        !matches!(
            ct.cable.roles[l as usize],
            Role::Blank | Role::Stamp | Role::Banner
        )
    })
}

pub fn missing_terminator(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let n = c.sections.len();
    // Sections merged by Cablegate (`POST 00000197 002 OF 002`) never carry NNNN.
    let print_section = |s: &Section| {
        s.declarations
            .first()
            .is_none_or(|d| d.source != DeclarationSource::SectionBreak)
    };
    let layout_uses_nnnn = c.sections[..n.saturating_sub(1)]
        .iter()
        .any(|s| s.terminator.is_some() && print_section(s))
        || (n > 1 && c.sections[n - 1].terminator.is_some());
    if !layout_uses_nnnn {
        return;
    }
    let label = |s: &Section, i: usize| match s.declared() {
        Some(d) => format!("section {} of {}", d.number, d.total),
        None => format!("section {}", i + 1),
    };
    for (i, s) in c.sections.iter().enumerate() {
        if s.terminator.is_some() || !print_section(s) || s.declared().is_none() {
            continue;
        }
        let diag = match c.sections.get(i + 1) {
            Some(next) => Diagnostic::new(
                Code::MissingTerminator,
                ct.trimmed_line_range(next.first_line),
                format!(
                    "{} ends without NNNN: expected NNNN before {} starts here",
                    label(s, i),
                    label(next, i + 1)
                ),
            ),
            None => {
                let Some(line) = last_content_line(ct, s) else {
                    continue;
                };
                Diagnostic::new(
                    Code::MissingTerminator,
                    ct.trimmed_line_range(line),
                    format!("{} ends without NNNN at the end of the cable", label(s, i)),
                )
            }
        };
        out.push(diag.related(
            ct.trimmed_line_range(s.anchor_line()),
            format!("{} starts here", label(s, i)),
        ));
    }
}
