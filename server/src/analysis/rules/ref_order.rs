//! `ref-order`: a reference to a cable dated after the citing one, or to the cable itself.
//!
//! A cable cites only what was sent before it. From the cable alone some later references
//! show: a printed year after the cable's own, or a cable of the cable's own post and of its
//! printed year with a higher serial than its own (a post numbers its cables in order through
//! the year). An undated reference with a higher serial is not reported: archives give it the
//! citing cable's year, but early in a year it is mostly the last year's cable cited without
//! its year (`REF: DUBAI 4928` in DUBAI 94 of January 2005; five of six such reports over the
//! corpus were of this kind). The cited cable's own DTG, where the workspace has it, is the
//! language server's part (`lsp/ref_order.rs`: a cable of the workspace dated after this one,
//! year printed or not); `check` judges from the cable alone.

use crate::analysis::{CableText, Code, Diagnostic};
use cable_grammar::citation::{self, canonical_post, Cited};

pub fn ref_order(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let Some(year) = citation::cable_year(c, ct.text) else {
        return;
    };
    let own = citation::own_id(c, ct.text);
    let this = super::super::outline::name_line(c).map(|l| ct.trimmed_line_range(l));
    for cit in citation::citations(c, ct.text) {
        let Cited::Cable(k) = &cit.cited else {
            continue;
        };
        let Some(id) = k.canonical(Some(year)) else {
            continue;
        };
        let printed = ct.text.get(cit.range.start..cit.range.end).unwrap_or("");
        let printed = printed.split_whitespace().collect::<Vec<_>>().join(" ");
        let message = if own.as_deref() == Some(id.as_str()) {
            format!("`{printed}` is this cable itself ({id}): a cable does not cite itself")
        } else if let Some(y) = k.year.filter(|&y| y > year) {
            format!(
                "`{printed}` is a cable of {y}, after this cable's year {year}: a cable cites \
                 only earlier cables"
            )
        } else {
            let Some(cid) = c.id.as_ref().filter(|cid| {
                canonical_post(&cid.post) == canonical_post(&k.post)
                    && k.year == Some(year)
                    && k.serial > cid.serial
            }) else {
                continue;
            };
            format!(
                "`{printed}` is a later {} cable than this one ({}, {year}): a post numbers \
                 its cables in order through the year",
                canonical_post(&k.post),
                cid.name()
            )
        };
        let mut d = Diagnostic::new(Code::RefOrder, cit.range, message);
        if let Some(r) = this {
            d = d.related(r, "this cable");
        }
        out.push(d);
    }
}
