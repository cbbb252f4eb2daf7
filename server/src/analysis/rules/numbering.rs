//! `paragraph-number` (across the whole cable) and `page-number` (inside each section).

use crate::analysis::{CableText, Code, Diagnostic};

pub fn paragraph_number(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let ps = &ct.cable.paragraphs;
    for w in ps.windows(2) {
        let (prev, cur) = (&w[0], &w[1]);
        let expected = prev.number.value + 1;
        let found = cur.number.value;
        // A fresh `1.` starts another numbered text (an annex, a quoted document, the items
        // after a table of contents): real cables do that without any marker.
        if found == expected || (found == 1 && prev.number.value > 1) {
            continue;
        }
        let what = if found == prev.number.value {
            format!("paragraph {expected} expected here, found {found} again")
        } else if found < prev.number.value {
            format!("paragraph {expected} expected here, found {found} (numbering goes backwards)")
        } else if found == expected + 1 {
            format!("paragraph {expected} expected here, found {found}: paragraph {expected} is missing")
        } else {
            format!(
                "paragraph {expected} expected here, found {found}: paragraphs {expected} to {} are missing",
                found - 1
            )
        };
        out.push(
            Diagnostic::new(
                Code::ParagraphNumber,
                ct.range(cur.line, cur.number.span),
                what,
            )
            .related(
                ct.range(prev.line, prev.number.span),
                format!("paragraph {} is here", prev.number.value),
            ),
        );
    }
}

pub fn page_number(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    for s in &ct.cable.sections {
        for w in s.pages.windows(2) {
            let (prev, cur) = (&w[0], &w[1]);
            let expected = prev.page.value.saturating_add(1);
            if cur.page.value == expected {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::PageNumber,
                    ct.range(cur.line, cur.page.span),
                    format!(
                        "PAGE {expected:02} expected here, found PAGE {}",
                        ct.span_text(cur.line, cur.page.span)
                    ),
                )
                .related(
                    ct.range(prev.line, prev.page.span),
                    "the previous page of this section",
                ),
            );
        }
    }
}
