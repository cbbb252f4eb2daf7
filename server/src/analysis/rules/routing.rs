//! `routing-total`: the `/nnnW` of a distribution block is the sum of all its office counts.

use crate::analysis::fix::{rewrite_numbers, Fix};
use crate::analysis::{CableText, Code, Diagnostic};

pub fn routing_total(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    for s in &ct.cable.sections {
        for block in &s.routing {
            let Some((tl, total)) = block.total else {
                continue;
            };
            if block.offices.is_empty() || total.is_too_large() {
                continue;
            }
            let sum: u64 = block.offices.iter().map(|(_, o)| u64::from(o.value)).sum();
            if sum == u64::from(total.value) {
                continue;
            }
            let (fl, first) = block.offices[0];
            let written = ct.span_text(tl, total.span);
            let range = ct.range(tl, total.span);
            let fix = Fix::replace(written, range, rewrite_numbers(written, &[sum])).safe();
            out.push(
                Diagnostic::new(
                    Code::RoutingTotal,
                    ct.range(tl, total.span),
                    format!(
                        "routing total {sum:03} expected (the sum of {} office counts), found `{}`",
                        block.offices.len(),
                        ct.span_text(tl, total.span)
                    ),
                )
                .related(
                    ct.range(fl, first.span),
                    "the distribution block starts here",
                )
                .with_fix(fix),
            );
        }
    }
}
