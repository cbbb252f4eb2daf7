//! The fields of caption lines, read on demand from a line the parser has given the role
//! `ExecutiveOrder` or `Reference` (the line classes only say which field a line is).

use crate::lexer::{tokenize, Tok};
use crate::line::{loose_number, Field};
use crate::span::Span;

/// `E.O. 12356: DECL: OADR` -> order 12356, instruction `DECL: OADR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutiveOrderLine {
    /// The order's number as written (typos included: `12985`, `19528`).
    pub order: Option<Field<u32>>,
    /// What follows the number: `DECL: OADR`, `N/A`, `GDS`, `DECL: 11/29/10`, `DNG: …`.
    pub instruction: Option<Span>,
}

pub fn executive_order(line: &str) -> ExecutiveOrderLine {
    let toks = tokenize(line);
    // The first number of four or five digits after the `E.O.`/`EO` prefix, look-alikes read
    // as digits (`I2356`, `1235G`).
    let order = (0..toks.len().min(8))
        .filter(|&i| matches!(toks[i].kind, Tok::Num | Tok::Word))
        .find_map(|i| {
            loose_number(&toks, i, line)
                .map(|(f, _)| f)
                .filter(|f| (4..=5).contains(&f.span.len()))
        });
    let instruction = order.and_then(|o| {
        let rest = &line[o.span.end as usize..];
        let skip = rest.len() - rest.trim_start_matches([':', ' ', '\t', ',', ';']).len();
        let start = o.span.end as usize + skip;
        let end = line.trim_end().len();
        (end > start).then(|| Span::new(start, end))
    });
    ExecutiveOrderLine { order, instruction }
}

/// One reference of a REF line: `A) BERLIN 2801`, `B. HANOI 2924`, `(A) HAVANA 5259`, or an
/// unlabelled `STATE 123456`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceItem {
    pub label: Option<Span>,
    pub text: Span,
}

/// The items of a REF line (or of a continuation line of REF). The `REF:`/`REFS:`/`REFTEL:`
/// prefix, when present, is skipped.
pub fn reference_items(line: &str) -> Vec<ReferenceItem> {
    let trimmed_start = line.len() - line.trim_start_matches(crate::line::LEADING_BLANKS).len();
    let mut body = trimmed_start;
    for p in ["REFTELS:", "REFTEL:", "REFS:", "REF :", "REF:"] {
        if line[trimmed_start..].starts_with(p) {
            body = trimmed_start + p.len();
            break;
        }
    }
    let b = line.as_bytes();
    // Label positions: a single capital in `A)`, `A.` or `(A)` form, at a word start.
    let mut labels: Vec<(usize, usize)> = Vec::new();
    let mut i = body;
    while i < b.len() {
        let at_word_start = i == body || matches!(b[i - 1], b' ' | b'\t' | b',' | b';');
        if at_word_start {
            let end = match &b[i..] {
                [b'(', c, b')', ..] if c.is_ascii_uppercase() => Some(i + 3),
                [c, b')' | b'.', rest @ ..]
                    if c.is_ascii_uppercase()
                        && rest.first().is_none_or(|r| *r == b' ' || *r == b'\t') =>
                {
                    Some(i + 2)
                }
                _ => None,
            };
            if let Some(e) = end {
                labels.push((i, e));
                i = e;
                continue;
            }
        }
        i += 1;
    }
    let trim = |s: usize, e: usize| {
        let text = &line[s..e];
        let lead = text.len() - text.trim_start().len();
        let body = text.trim_end_matches([' ', '\t', ',', ';']);
        Span::new(s + lead, (s + body.len()).max(s + lead))
    };
    let mut items = Vec::new();
    if labels.is_empty() {
        let t = trim(body, line.len());
        if !t.is_empty() {
            items.push(ReferenceItem {
                label: None,
                text: t,
            });
        }
        return items;
    }
    for (k, &(ls, le)) in labels.iter().enumerate() {
        let next = labels.get(k + 1).map_or(line.len(), |n| n.0);
        items.push(ReferenceItem {
            label: Some(Span::new(ls, le)),
            text: trim(le, next),
        });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eo(line: &str) -> String {
        let e = executive_order(line);
        format!(
            "{}|{}",
            e.order.map(|o| o.value.to_string()).unwrap_or_default(),
            e.instruction.map(|s| s.text(line)).unwrap_or_default()
        )
    }

    #[test]
    fn executive_orders() {
        let cases = [
            ("E.O. 12356: DECL: OADR", "12356|DECL: OADR"),
            ("EO 12958 DECL: 11/29/10 ", "12958|DECL: 11/29/10"),
            ("E.O. 12958: N/A", "12958|N/A"),
            (
                "E.O. 11652: XGDS1, DECLAS 12-31-84",
                "11652|XGDS1, DECLAS 12-31-84",
            ),
            (
                "E.O. 12065: GDS 10/24/85 (LAINGEN, D. BRUCE). OH-P",
                "12065|GDS 10/24/85 (LAINGEN, D. BRUCE). OH-P",
            ),
            ("E.O. 12985: DECL: 1.6X6", "12985|DECL: 1.6X6"),
            ("E.O.", "|"),
        ];
        for (line, want) in cases {
            assert_eq!(eo(line), want, "{line}");
        }
    }

    fn refs(line: &str) -> String {
        reference_items(line)
            .iter()
            .map(|r| {
                format!(
                    "{}={}",
                    r.label.map(|l| l.text(line)).unwrap_or("-"),
                    r.text.text(line)
                )
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }

    #[test]
    fn references() {
        let cases = [
            (
                "REF:  A) BERLIN 2801,  B) BONN 22310 ",
                "A)=BERLIN 2801 | B)=BONN 22310",
            ),
            (
                "REF: A. HCMC 1266  B. HANOI 2924",
                "A.=HCMC 1266 | B.=HANOI 2924",
            ),
            (
                "REF: (A) HAVANA 5259 (B) HAVANA 4721",
                "(A)=HAVANA 5259 | (B)=HAVANA 4721",
            ),
            ("REF: STATE 344863", "-=STATE 344863"),
            (
                "REFS:  A) State 249144; B) Vatican 4441; C) MartinBrooks",
                "A)=State 249144 | B)=Vatican 4441 | C)=MartinBrooks",
            ),
            ("     C. STATE 12345 (NOTAL)", "C.=STATE 12345 (NOTAL)"),
            ("REF: 05 STATE 226504", "-=05 STATE 226504"),
            ("REF:", ""),
        ];
        for (line, want) in cases {
            assert_eq!(refs(line), want, "{line}");
        }
    }
}
