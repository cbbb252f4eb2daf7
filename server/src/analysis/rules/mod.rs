//! The structural rules, one module per concern. Each takes a cable and returns diagnostics in
//! cable-relative byte offsets.

mod addressees;
mod dates;
mod executive_order;
mod header;
mod majority;
mod numbering;
mod numbers;
mod ocr;
mod ref_order;
mod routing;
mod sections;
mod sequence;
mod tags;

pub use executive_order::{is_later_marking, problem as eo_problem, same_digits as eo_same_digits};
pub use ocr::{findings as ocr_findings, Finding as OcrFinding};
pub use tags::{code_entries, country_keyword};

use super::{CableText, Diagnostic};

pub fn check_cable(ct: &CableText<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    sections::section_count(ct, &mut out);
    sections::missing_terminator(ct, &mut out);
    dates::malformed_dtg(ct, &mut out);
    dates::dtg_mismatch(ct, &mut out);
    routing::routing_total(ct, &mut out);
    numbering::paragraph_number(ct, &mut out);
    numbering::page_number(ct, &mut out);
    addressees::addressee_serial(ct, &mut out);
    header::header_mismatch(ct, &mut out);
    numbers::too_large(ct, &mut out);
    tags::unknown_tag(ct, &mut out);
    executive_order::eo_era(ct, &mut out);
    ref_order::ref_order(ct, &mut out);
    ocr::ocr_confusion(ct, &mut out);
    out
}
