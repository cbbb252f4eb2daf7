//! Navigation in protocol form: definition, references, document links, hover on a
//! reference, workspace symbols. The reference under the cursor is read from the editor's
//! own snapshot of the document; what it cites is looked up in the index.

use std::fmt::Write;
use std::str::FromStr;

use cable_grammar::dtg::Dtg;
use cable_grammar::syntax::Role;
use cable_grammar::Document;
use tower_lsp_server::ls_types::*;

use super::entry::shifted;
use super::store::Hit;
use super::Indexer;
use crate::analysis::calendar::Moment;
use crate::analysis::search::{Fields, Query};
use crate::analysis::summary::{moment, summarize, Reference};
use crate::lsp::encoding::Encoding;
use crate::lsp::features::at_position;

/// Workspace symbols answered at most.
pub const MAX_SYMBOLS: usize = 100;

/// What is under the cursor: a reference, or the cable's own name on its caption or a PAGE
/// header.
enum Under {
    Reference(Reference, Range),
    Own(String),
}

fn under(doc: &Document, enc: Encoding, pos: Position) -> Option<Under> {
    under_dated(doc, enc, pos).map(|(_, u)| u)
}

/// What is under the cursor, with the message DTG of the cable it is in.
fn under_dated(doc: &Document, enc: Encoding, pos: Position) -> Option<(Option<Dtg>, Under)> {
    at_position(doc, enc, pos, |ct, rel, placed| {
        let summary = summarize(ct);
        if let Some(r) = summary
            .references
            .into_iter()
            .find(|r| r.range.start <= rel && rel <= r.range.end)
        {
            let range = enc.range(doc.rope(), r.range.shift(placed.start_byte));
            return Some((summary.dtg, Under::Reference(r, range)));
        }
        let (line, _) = ct.line_at(rel)?;
        let naming = matches!(
            ct.cable.roles.get(line as usize),
            Some(Role::Caption | Role::PageHeader | Role::SectionBreak)
        ) || ct.cable.caption_at(line).is_some();
        naming.then_some((summary.dtg, Under::Own(summary.id?)))
    })
}

fn location(hit: &Hit<'_>, range: Range) -> Location {
    Location::new(hit.uri.clone(), shifted(range, hit.first_line))
}

pub fn definition(ix: &Indexer, doc: &Document, pos: Position) -> Option<GotoDefinitionResponse> {
    let Under::Reference(r, _) = under(doc, ix.encoding(), pos)? else {
        return None;
    };
    let id = r.cited?;
    let index = ix.current();
    let found: Vec<Location> = index
        .cables(&id)
        .map(|h| location(&h, h.cable.caption))
        .collect();
    (!found.is_empty()).then_some(GotoDefinitionResponse::Array(found))
}

pub fn references(
    ix: &Indexer,
    doc: &Document,
    pos: Position,
    declaration: bool,
) -> Option<Vec<Location>> {
    let id = match under(doc, ix.encoding(), pos)? {
        Under::Reference(r, _) => r.cited?,
        Under::Own(id) => id,
    };
    let index = ix.current();
    let mut out: Vec<Location> = Vec::new();
    if declaration {
        out.extend(index.cables(&id).map(|h| location(&h, h.cable.caption)));
    }
    for h in index.citing(&id) {
        for c in h.cable.cites.iter() {
            if c.cited.as_deref() == Some(id.as_str()) {
                out.push(location(&h, c.range));
            }
        }
    }
    Some(out)
}

/// The index's answer for a file, as links from each reference that resolves to the caption
/// of the cable it cites (`file:///…#L12`: the line, 1-based, as VS Code opens it).
pub fn document_links(ix: &Indexer, uri: &Uri) -> Vec<DocumentLink> {
    let index = ix.current();
    let Some((_, file)) = index.file(&super::key(uri)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (first, c) in &file.cables {
        for cite in c.cites.iter() {
            let Some(target) = cite.cited.as_deref().and_then(|id| index.cables(id).next()) else {
                continue;
            };
            let line = target.first_line + target.cable.caption.start.line + 1;
            let Ok(link) = Uri::from_str(&format!("{}#L{line}", target.uri.as_str())) else {
                continue;
            };
            out.push(DocumentLink {
                range: shifted(cite.range, *first),
                target: Some(link),
                tooltip: cite.cited.as_deref().map(|id| format!("Go to {id}")),
                data: None,
            });
        }
    }
    out
}

/// The cited cable's date, classification and subject, or that it is not in the workspace.
pub fn hover(ix: &Indexer, doc: &Document, pos: Position) -> Option<Hover> {
    let (citing, Under::Reference(r, range)) = under_dated(doc, ix.encoding(), pos)? else {
        return None;
    };
    let id = r.cited?;
    let index = ix.current();
    let mut md = String::new();
    match index.cables(&id).next() {
        Some(h) => {
            let c = h.cable;
            let _ = write!(md, "**{id}**");
            if let Some(name) = &c.name {
                let _ = write!(md, " ({name})");
            }
            md.push_str("\n\n");
            if let Some(d) = &c.dtg {
                let _ = writeln!(md, "Dated {}.\n", Moment::of_dtg(d).words());
                if citing.is_some_and(|own| moment(d) > moment(&own)) {
                    md.push_str("**After the citing cable** (`ref-order`): a cable cites only earlier cables.\n\n");
                }
            }
            if let Some(class) = c.classification {
                let _ = writeln!(md, "{}.\n", class.name());
            }
            if let Some(s) = &c.subject {
                let _ = writeln!(md, "Subject: {s}\n");
            }
            let file = h.uri.as_str().rsplit('/').next().unwrap_or("");
            let line = h.first_line + c.caption.start.line + 1;
            let _ = write!(md, "In `{file}`, line {line}.");
        }
        None => {
            let _ = write!(md, "**{id}**: not in this workspace.");
        }
    }
    if !r.dated {
        md.push_str("\n\n*The year is the citing cable's: none is printed.*");
    }
    if r.lookalike {
        md.push_str("\n\n*The serial was read through OCR look-alikes.*");
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }),
        range: Some(range),
    })
}

#[allow(deprecated)]
pub fn symbols(ix: &Indexer, query: &str) -> Vec<SymbolInformation> {
    let q = Query::new(query);
    let index = ix.current();
    let mut found: Vec<_> = index
        .all()
        .filter_map(|h| {
            let iso = || h.cable.dtg.as_ref().map(|d| Moment::of_dtg(d).iso());
            let date = || iso().unwrap_or_default();
            let rank = q.rank(&Fields {
                id: h.cable.id.as_deref(),
                post: h.cable.post.as_deref(),
                serial: h.cable.serial,
                iso_date: Some(&date),
                subject: h.cable.subject.as_deref(),
            })?;
            Some((rank, h))
        })
        .collect();
    let key = |(rank, h): &(_, Hit<'_>)| {
        (
            *rank,
            h.cable.id.clone(),
            h.uri.as_str().to_string(),
            h.first_line,
        )
    };
    // Only the first ones are sorted in full.
    if found.len() > MAX_SYMBOLS {
        found.select_nth_unstable_by(MAX_SYMBOLS, |a, b| {
            (a.0, &a.1.cable.id).cmp(&(b.0, &b.1.cable.id))
        });
        found.truncate(MAX_SYMBOLS + 1);
    }
    found.sort_by_cached_key(key);
    found
        .into_iter()
        .take(MAX_SYMBOLS)
        .map(|(_, h)| {
            let c = h.cable;
            let iso = c.dtg.as_ref().map(|d| Moment::of_dtg(d).iso());
            let id = c.id.as_deref().or(c.name.as_deref()).unwrap_or("cable");
            let name = match &c.subject {
                Some(s) => format!("{id}: {s}"),
                None => id.to_string(),
            };
            let container = [c.name.as_deref(), iso.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            SymbolInformation {
                name,
                kind: SymbolKind::FILE,
                tags: None,
                deprecated: None,
                location: location(&h, c.caption),
                container_name: (!container.is_empty()).then_some(container),
            }
        })
        .collect()
}
