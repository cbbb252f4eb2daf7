//! A cable's summary as the index keeps it: the fields with their places converted once, at
//! reading, into the session's position encoding (lines counted from the cable's first
//! line, so that the entry of a cable an edit did not touch stays right when lines move).

use std::sync::Arc;

use cable_grammar::dtg::Dtg;
use cable_grammar::line::Classification;
use cable_grammar::syntax::Cable;
use tower_lsp_server::ls_types::Range;

use crate::analysis::summary::{summarize, Summary};
use crate::analysis::CableText;
use crate::lsp::encoding::{cable_index, Encoding};

#[derive(Debug)]
pub struct CableEntry {
    pub id: Option<Box<str>>,
    /// Post and serial as printed (`QUITO 08812`).
    pub name: Option<Box<str>>,
    pub post: Option<Box<str>>,
    pub serial: Option<u32>,
    pub dtg: Option<Dtg>,
    pub classification: Option<Classification>,
    pub subject: Option<Box<str>>,
    /// The line naming the cable, cable-relative.
    pub caption: Range,
    pub cites: Box<[Cite]>,
}

#[derive(Debug)]
pub struct Cite {
    /// Cable-relative.
    pub range: Range,
    pub cited: Option<Box<str>>,
}

/// The entry of one cable of a text (`text` is the cable's own bytes).
pub fn entry(cable: &Cable, text: &str, enc: Encoding) -> CableEntry {
    let ct = CableText { cable, text };
    let s: Summary = summarize(&ct);
    let index = cable_index(cable, text);
    let boxed = |s: Option<String>| s.map(String::into_boxed_str);
    CableEntry {
        id: boxed(s.id),
        name: boxed(s.name),
        post: boxed(s.post),
        serial: s.serial,
        dtg: s.dtg,
        classification: s.classification,
        subject: boxed(s.subject),
        caption: enc.range_in_cable(&index, s.caption),
        cites: s
            .references
            .into_iter()
            .map(|r| Cite {
                range: enc.range_in_cable(&index, r.range),
                cited: boxed(r.cited),
            })
            .collect(),
    }
}

/// The cables of one file, each with its first line in the file.
#[derive(Debug, Default)]
pub struct FileEntry {
    pub cables: Vec<(u32, Arc<CableEntry>)>,
}

impl FileEntry {
    /// Entries of a parsed text: `cables` in order, `text` the whole file.
    pub fn of_text(cables: &[Arc<Cable>], text: &str, enc: Encoding) -> FileEntry {
        let (mut byte, mut line) = (0usize, 0u32);
        let mut out = Vec::with_capacity(cables.len());
        for c in cables {
            let end = (byte + c.len).min(text.len());
            let own = text.get(byte.min(end)..end).unwrap_or("");
            out.push((line, Arc::new(entry(c, own, enc))));
            byte += c.len;
            line += u32::try_from(c.line_count()).unwrap_or(u32::MAX);
        }
        FileEntry { cables: out }
    }
}

/// A range moved down by `lines`.
pub fn shifted(r: Range, lines: u32) -> Range {
    let mut r = r;
    r.start.line += lines;
    r.end.line += lines;
    r
}
