//! `ref-order` with the workspace index: a reference to a cable of the workspace whose own DTG
//! is after the citing cable's. The rule of `analysis` sees only the cable's own evidence (a
//! printed year, its own post's serials); an undated `STATE 40721` cited in March can only be
//! judged by the cited cable's date, which only the index knows.
//!
//! What a cable cites is kept with its cached diagnostics (`Cites`, made once per cable, in
//! protocol form and cable-relative lines); the index is asked at every publish, so a cable
//! added, changed or removed elsewhere changes the warning without the cable being checked
//! again. The diagnostics worker publishes again when the index says its dates changed.

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, Location,
    NumberOrString, Range as LspRange, Uri,
};

use super::encoding::Encoding;
use super::index::Index;
use crate::analysis::calendar::Moment;
use crate::analysis::summary::summarize;
use crate::analysis::{CableText, Code, Severity};
use crate::position::LineIndex;

/// What one cable cites, for the check against the index.
#[derive(Default)]
pub struct Cites {
    /// The cable's own DTG.
    own: Option<Moment>,
    /// The line naming the cable.
    this: LspRange,
    refs: Box<[Cite]>,
}

struct Cite {
    range: LspRange,
    printed: Box<str>,
    id: Box<str>,
}

impl Cites {
    pub fn of(ct: &CableText<'_>, positions: &LineIndex<'_>, enc: Encoding) -> Cites {
        let s = summarize(ct);
        let Some(own) = s.dtg.as_ref().map(Moment::of_dtg) else {
            // Nothing to compare with.
            return Cites::default();
        };
        let refs = s
            .references
            .into_iter()
            .filter_map(|r| {
                let printed = ct.text.get(r.range.start..r.range.end).unwrap_or("");
                Some(Cite {
                    range: enc.range_in_cable(positions, r.range),
                    printed: printed
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .into(),
                    id: r.cited?.into(),
                })
            })
            .collect();
        Cites {
            own: Some(own),
            this: enc.range_in_cable(positions, s.caption),
            refs,
        }
    }

    /// The warnings for references to cables of the index dated after this one, but not
    /// where the cable's own check (`reported`) already gave `ref-order`.
    pub fn later(
        &self,
        index: &Index,
        reported: &[(Code, LspDiagnostic)],
        uri: &Uri,
        href: Option<&Uri>,
    ) -> Vec<(Code, LspDiagnostic)> {
        let Some(own) = self.own else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for cite in self.refs.iter() {
            if reported
                .iter()
                .any(|(code, d)| *code == Code::RefOrder && d.range == cite.range)
            {
                continue;
            }
            let Some(cited) = index
                .cables(&cite.id)
                .filter_map(|h| h.cable.dtg.as_ref().map(Moment::of_dtg))
                .find(|d| order(d) > order(&own))
            else {
                continue;
            };
            let message = format!(
                "`{}` ({}) is dated {}, after this cable ({}): a cable cites only earlier cables",
                cite.printed,
                cite.id,
                cited.words(),
                own.words()
            );
            let mut d = warning(cite.range, message, self.this, uri);
            d.code_description = href.map(|href| CodeDescription { href: href.clone() });
            out.push((Code::RefOrder, d));
        }
        out
    }
}

fn order(m: &Moment) -> (i64, u32, u32, u8, u8) {
    (m.year, m.month, m.day, m.hour, m.minute)
}

fn warning(range: LspRange, message: String, this: LspRange, uri: &Uri) -> LspDiagnostic {
    LspDiagnostic {
        range,
        severity: Some(super::diagnostics::lsp_severity(Severity::Warning)),
        code: Some(NumberOrString::String(Code::RefOrder.name().to_string())),
        code_description: None,
        source: Some("cable-ls".to_string()),
        message,
        related_information: Some(vec![DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), this),
            message: "this cable".to_string(),
        }]),
        tags: None,
        data: None,
    }
}
