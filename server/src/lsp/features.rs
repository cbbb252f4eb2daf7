//! Outline, folding and hover: the analysis's results in protocol terms.

use cable_grammar::document::Placed;
use cable_grammar::Document;
use tower_lsp_server::ls_types::*;

use super::encoding::{cable_index, Encoding};
use super::text::{cable_at, cable_text};
use crate::analysis::folding::FoldKind;
use crate::analysis::highlight;
use crate::analysis::outline::{cable_symbol, Symbol, SymbolKind as Kind};
use crate::analysis::{self, CableText};

pub fn document_symbols(doc: &Document, enc: Encoding) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    for placed in doc.placed() {
        let text = cable_text(doc, &placed);
        let ct = CableText {
            cable: placed.cable,
            text: &text,
        };
        if let Some(sym) = cable_symbol(&ct) {
            out.push(to_lsp_symbol(sym.shifted(placed.start_byte), doc, enc));
        }
    }
    out
}

fn to_lsp_symbol(s: Symbol, doc: &Document, enc: Encoding) -> DocumentSymbol {
    let rope = doc.rope();
    let range = enc.range(rope, s.range);
    let mut selection_range = enc.range(rope, s.selection);
    // VS Code drops the whole outline when one selection lies outside its range.
    if selection_range.start < range.start || selection_range.end > range.end {
        selection_range = Range::new(range.start, range.start);
    }
    #[allow(deprecated)]
    DocumentSymbol {
        name: if s.name.trim().is_empty() {
            "(untitled)".to_string()
        } else {
            s.name
        },
        detail: s.detail,
        kind: match s.kind {
            Kind::Cable => SymbolKind::FILE,
            Kind::Header => SymbolKind::NAMESPACE,
            Kind::Heading => SymbolKind::MODULE,
            Kind::Paragraph => SymbolKind::STRING,
            Kind::Quote => SymbolKind::OBJECT,
        },
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: Some(
            s.children
                .into_iter()
                .map(|c| to_lsp_symbol(c, doc, enc))
                .collect(),
        ),
    }
}

pub fn folding_ranges(doc: &Document) -> Vec<FoldingRange> {
    let mut out = Vec::new();
    for placed in doc.placed() {
        let base = placed.start_line as u32;
        for f in analysis::folding::folds(placed.cable) {
            out.push(FoldingRange {
                start_line: base + f.start_line,
                start_character: None,
                end_line: base + f.end_line,
                end_character: None,
                kind: Some(match f.kind {
                    // Stamps are not the telegram's text; boilerplate is folded by clients that
                    // fold imports by default.
                    FoldKind::Stamp => FoldingRangeKind::Comment,
                    FoldKind::Boilerplate => FoldingRangeKind::Imports,
                    FoldKind::Structure => FoldingRangeKind::Region,
                }),
                collapsed_text: None,
            });
        }
    }
    out
}

/// Runs `f` on the cable holding `pos`, with the position as an offset in that cable; `f`
/// gets the placed cable too, to turn its results back into document terms.
pub(super) fn at_position<T>(
    doc: &Document,
    enc: Encoding,
    pos: Position,
    f: impl FnOnce(&CableText<'_>, usize, &Placed<'_>) -> Option<T>,
) -> Option<T> {
    let offset = enc.offset(doc.rope(), pos);
    let placed = cable_at(doc, offset)?;
    let text = cable_text(doc, &placed);
    let ct = CableText {
        cable: placed.cable,
        text: &text,
    };
    f(&ct, offset - placed.start_byte, &placed)
}

pub fn hover(doc: &Document, enc: Encoding, pos: Position) -> Option<Hover> {
    at_position(doc, enc, pos, |ct, offset, placed| {
        let info = analysis::hover::hover(ct, offset, placed.start_line as u32)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: info.markdown,
            }),
            range: Some(enc.range(doc.rope(), info.range.shift(placed.start_byte))),
        })
    })
}

/// The semantic tokens of the document's lines `lines` (all of them for a full request),
/// encoded as LSP wants them: each token relative to the one before, columns in the
/// negotiated encoding.
pub fn semantic_tokens(doc: &Document, enc: Encoding, lines: Option<(u32, u32)>) -> SemanticTokens {
    let mut data = Vec::new();
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for placed in doc.placed() {
        let first = placed.start_line as u32;
        let count = placed.cable.roles.len() as u32;
        let wanted = match lines {
            Some((from, to)) => {
                from.saturating_sub(first)..to.saturating_sub(first).saturating_add(1).min(count)
            }
            None => 0..count,
        };
        if wanted.is_empty() || lines.is_some_and(|(from, to)| first + count <= from || first > to)
        {
            continue;
        }
        let text = cable_text(doc, &placed);
        let ct = CableText {
            cable: placed.cable,
            text: &text,
        };
        let positions = cable_index(placed.cable, &text);
        for token in highlight::tokens(&ct, wanted) {
            let range = enc.range_in_cable(&positions, ct.range(token.line, token.span));
            let start = range.start.character;
            let length = range.end.character.saturating_sub(start);
            let line = first + token.line;
            let delta_line = line - prev_line;
            let delta_start = if delta_line == 0 {
                start - prev_start
            } else {
                start
            };
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length,
                token_type: token.kind.index(),
                token_modifiers_bitset: 0,
            });
            (prev_line, prev_start) = (line, start);
        }
    }
    SemanticTokens {
        result_id: None,
        data,
    }
}

/// The token types announced in the legend, in the order of their indices.
pub fn semantic_token_legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: highlight::Kind::ALL
            .iter()
            .map(|&k| token_type(k))
            .collect(),
        token_modifiers: Vec::new(),
    }
}

/// A layer of the cable as the standard token type whose colour in editors' default themes
/// suits it: artefacts of print and transmission recede like comments, marker words stand out
/// like keywords, TAGS codes and office symbols read like types and enum members.
fn token_type(kind: highlight::Kind) -> SemanticTokenType {
    use highlight::Kind;
    match kind {
        Kind::Marker => SemanticTokenType::KEYWORD,
        Kind::Number => SemanticTokenType::NUMBER,
        Kind::Artefact => SemanticTokenType::COMMENT,
        Kind::TagsCode => SemanticTokenType::TYPE,
        Kind::OfficeSymbol => SemanticTokenType::ENUM_MEMBER,
        Kind::Post => SemanticTokenType::NAMESPACE,
        Kind::PortionMark => SemanticTokenType::DECORATOR,
        Kind::Label => SemanticTokenType::PROPERTY,
        Kind::Subject => SemanticTokenType::STRING,
        Kind::Classification => SemanticTokenType::MODIFIER,
        Kind::TagsName => SemanticTokenType::PARAMETER,
        // The drafter's delimiters around quoted text, set apart from its words like a
        // preprocessor's directives.
        Kind::QuoteMarker => SemanticTokenType::MACRO,
    }
}
