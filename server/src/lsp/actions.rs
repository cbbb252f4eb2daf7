//! Code actions: the analysis's fixes in protocol form. A quick fix per fix of each diagnostic
//! at the requested range, tied to that diagnostic; `source.fixAll.cable`, every safe fix of
//! the document in one edit, resolved on demand (it checks the whole document).
//!
//! Fixes are computed when asked for, per cable: the rules run again on the cables the range
//! touches (microseconds each), so publishing diagnostics never pays for them. That is the
//! request an editor sends on every cursor move, answered on the dispatch thread like hover
//! (`is_quick`); what checks many cables goes to the pool.

use std::collections::HashMap;

use cable_grammar::document::Placed;
use cable_grammar::{Document, TextRange};
use serde_json::json;
use tower_lsp_server::ls_types::*;

use super::config::Settings;
use super::diagnostics::{check_cable_guarded, to_lsp, Links};
use super::encoding::{cable_index, Encoding};
use super::text::cable_text;
use crate::analysis::{fix, CableText, Diagnostic as Found, Fix};
use crate::position::LineIndex;

pub const FIX_ALL: &str = "source.fixAll.cable";

/// The kinds advertised in the capabilities.
pub fn kinds() -> Vec<CodeActionKind> {
    vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL)]
}

/// What the client can take.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientSupport {
    /// `documentChanges` in a workspace edit (versioned), else `changes`.
    pub document_changes: bool,
    /// `codeAction/resolve` may fill in an action's edit.
    pub resolve_edit: bool,
}

impl ClientSupport {
    pub fn from(caps: &ClientCapabilities) -> ClientSupport {
        let document_changes = || {
            caps.workspace
                .as_ref()?
                .workspace_edit
                .as_ref()?
                .document_changes
        };
        let resolve = || {
            caps.text_document
                .as_ref()?
                .code_action
                .as_ref()?
                .resolve_support
                .as_ref()
        };
        let document_changes = document_changes().unwrap_or(false);
        let resolve_edit = resolve().is_some_and(|r| r.properties.iter().any(|p| p == "edit"));
        ClientSupport {
            document_changes,
            resolve_edit,
        }
    }
}

/// Whether `kind` is asked for: no `only` asks for everything; `source` asks for
/// `source.fixAll.cable` (kinds are hierarchical, joined by dots).
fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            let o = o.as_str();
            kind == o || kind.strip_prefix(o).is_some_and(|r| r.starts_with('.'))
        })
    })
}

/// One document's request: what it needs from the server's state.
pub struct Request<'a> {
    pub doc: &'a Document,
    pub version: i32,
    pub uri: &'a Uri,
    pub enc: Encoding,
    pub settings: &'a Settings,
    pub support: ClientSupport,
}

/// Most cables a quick answer checks: a selection may end in the next cable.
const QUICK_CABLES: usize = 2;

/// Whether answering checks at most `QUICK_CABLES` cables: the range touches no more, and
/// fix all is not computed now (it is, when asked for by kind by a client that cannot resolve).
pub fn is_quick(
    doc: &Document,
    enc: Encoding,
    support: ClientSupport,
    params: &CodeActionParams,
) -> bool {
    let only = params.context.only.as_deref();
    let fix_all_now = only.is_some() && wanted(only, FIX_ALL) && !support.resolve_edit;
    let asked = enc.text_range(doc.rope(), params.range);
    !fix_all_now && touched(doc, asked).nth(QUICK_CABLES).is_none()
}

/// The cables a byte range touches (an empty range at a boundary touches both sides).
fn touched(doc: &Document, asked: TextRange) -> impl Iterator<Item = Placed<'_>> {
    doc.placed()
        .skip_while(move |p| p.start_byte + p.cable.len < asked.start)
        .take_while(move |p| p.start_byte <= asked.end)
}

pub fn code_actions(req: &Request<'_>, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let only = params.context.only.as_deref();
    let mut out = Vec::new();
    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        quick_fixes(req, params, &mut out);
    }
    // Without `only` an editor asks on every cursor move: the whole document is checked only
    // when the client resolves the action, or asked for it by kind.
    if wanted(only, FIX_ALL) && (only.is_some() || req.support.resolve_edit) {
        let mut action = CodeAction {
            title: "Apply every safe cable-ls fix".to_string(),
            kind: Some(CodeActionKind::new(FIX_ALL)),
            ..Default::default()
        };
        if req.support.resolve_edit {
            action.data = Some(json!({ "uri": req.uri.as_str(), "version": req.version }));
            out.push(CodeActionOrCommand::CodeAction(action));
        } else if let Some(edit) = fix_all_edit(req) {
            action.edit = Some(edit);
            out.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    out
}

/// The document a `source.fixAll.cable` action was made for (its `data`).
pub fn fix_all_target(action: &CodeAction) -> Option<Uri> {
    let data = action.data.as_ref()?;
    if action.kind.as_ref().map(CodeActionKind::as_str) != Some(FIX_ALL) {
        return None;
    }
    data.get("uri")?.as_str()?.parse().ok()
}

/// Every safe fix of the document in one edit; `None` when there is none. Safe fixes of one
/// cable that overlap are resolved by taking the first (see `fix::safe_fixes`): the rest is
/// offered again once the edit is applied and the cable checked again.
pub fn fix_all_edit(req: &Request<'_>) -> Option<WorkspaceEdit> {
    let mut edits = Vec::new();
    for placed in req.doc.placed() {
        let text = cable_text(req.doc, &placed);
        let found = enabled(check(&placed, &text), req.settings);
        if !found.iter().any(|d| d.fixes.iter().any(|f| f.safe)) {
            continue;
        }
        let index = cable_index(placed.cable, &text);
        for f in fix::safe_fixes(&found) {
            edits.extend(text_edits(f, &index, req.enc, placed.start_line));
        }
    }
    (!edits.is_empty()).then(|| workspace_edit(req, edits))
}

fn check(placed: &Placed<'_>, text: &str) -> Vec<Found> {
    check_cable_guarded(&CableText {
        cable: placed.cable,
        text,
    })
}

/// The diagnostics the user sees: none of a code turned off.
fn enabled(mut found: Vec<Found>, settings: &Settings) -> Vec<Found> {
    found.retain(|d| settings.severity(d.code).is_some());
    found
}

fn quick_fixes(req: &Request<'_>, params: &CodeActionParams, out: &mut Vec<CodeActionOrCommand>) {
    let rope = req.doc.rope();
    let asked = req.enc.text_range(rope, params.range);
    // The client's own diagnostics, when it names ours: an action must carry the very object
    // the editor shows to be tied to it (VS Code's lightbulb, Problems' quick fix).
    let theirs: Vec<&Diagnostic> = params
        .context
        .diagnostics
        .iter()
        .filter(|d| d.source.as_deref() == Some("cable-ls"))
        .collect();
    let mut links = Links::new();
    for placed in touched(req.doc, asked) {
        let start = placed.start_byte;
        let text = cable_text(req.doc, &placed);
        let index = cable_index(placed.cable, &text);
        let shift = |mut r: Range| {
            r.start.line += placed.start_line as u32;
            r.end.line += placed.start_line as u32;
            r
        };
        for d in enabled(check(&placed, &text), req.settings) {
            if d.fixes.is_empty() {
                continue;
            }
            let (ds, de) = (start + d.range.start, start + d.range.end);
            if de < asked.start || ds > asked.end {
                continue;
            }
            let mut ours = to_lsp(&d, &index, req.uri, req.enc, &mut links);
            ours.range = shift(ours.range);
            for r in ours.related_information.iter_mut().flatten() {
                r.location.range = shift(r.location.range);
            }
            let tied = if theirs.is_empty() {
                ours.severity = req
                    .settings
                    .severity(d.code)
                    .map(super::diagnostics::lsp_severity);
                ours
            } else {
                match theirs
                    .iter()
                    .find(|t| t.range == ours.range && t.code == ours.code)
                {
                    Some(t) => (*t).clone(),
                    None => continue,
                }
            };
            for f in &d.fixes {
                let edits = text_edits(f, &index, req.enc, placed.start_line);
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: f.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![tied.clone()]),
                    edit: Some(workspace_edit(req, edits)),
                    is_preferred: f.preferred.then_some(true),
                    ..Default::default()
                }));
            }
        }
    }
}

/// A fix's edits in protocol positions; `first_line` is the cable's line in the document.
fn text_edits(f: &Fix, index: &LineIndex<'_>, enc: Encoding, first_line: usize) -> Vec<TextEdit> {
    f.edits
        .iter()
        .map(|e| {
            let mut range = enc.range_in_cable(index, e.range);
            range.start.line += first_line as u32;
            range.end.line += first_line as u32;
            TextEdit {
                range,
                new_text: e.new_text.clone(),
            }
        })
        .collect()
}

/// The edits for the document at the version they were computed on: with `documentChanges`
/// an editor refuses them if the text has changed since.
fn workspace_edit(req: &Request<'_>, edits: Vec<TextEdit>) -> WorkspaceEdit {
    if req.support.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: req.uri.clone(),
                    version: Some(req.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..Default::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(req.uri.clone(), edits)])),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_hierarchical() {
        let k = |s: &str| CodeActionKind::from(s.to_string());
        assert!(wanted(None, FIX_ALL));
        assert!(wanted(Some(&[k("source")]), FIX_ALL));
        assert!(wanted(Some(&[k("source.fixAll")]), FIX_ALL));
        assert!(!wanted(Some(&[k("source.fix")]), FIX_ALL));
        assert!(!wanted(Some(&[k("quickfix")]), FIX_ALL));
        assert!(wanted(Some(&[k("quickfix")]), "quickfix"));
        assert!(!wanted(Some(&[k("refactor")]), "quickfix"));
    }

    /// Three cables of four lines each (lines 0-3, 4-7, 8-11).
    const THREE: &str = "UNCLAS STATE 000001\n\n1. ONE.\nNNNN\n\
                         UNCLAS STATE 000002\n\n1. TWO.\nNNNN\n\
                         UNCLAS STATE 000003\n\n1. THREE.\nNNNN\n";

    #[test]
    fn quick_is_at_most_two_cables_and_no_fix_all_computed_now() {
        let doc = Document::new(THREE);
        assert_eq!(doc.placed().count(), 3, "the fixture has three cables");
        let resolving = ClientSupport {
            document_changes: true,
            resolve_edit: true,
        };
        let plain = ClientSupport::default();
        // (first line, last line, only, client, quick)
        let cases: &[(u32, u32, Option<&str>, ClientSupport, bool)] = &[
            (2, 2, None, plain, true),
            (5, 6, None, resolving, true),
            (2, 6, None, plain, true),
            (3, 4, None, plain, true),
            (2, 10, None, plain, false),
            (0, 11, None, resolving, false),
            (2, 2, Some("source.fixAll.cable"), resolving, true),
            (2, 2, Some("source"), plain, false),
            (2, 2, Some("quickfix"), plain, true),
        ];
        for &(first, last, only, support, quick) in cases {
            let params = CodeActionParams {
                text_document: TextDocumentIdentifier {
                    uri: "file:///t.cable".parse().unwrap(),
                },
                range: Range::new(Position::new(first, 0), Position::new(last, 0)),
                context: CodeActionContext {
                    only: only.map(|o| vec![CodeActionKind::from(o.to_string())]),
                    ..Default::default()
                },
                work_done_progress_params: Default::default(),
                partial_result_params: Default::default(),
            };
            assert_eq!(
                is_quick(&doc, Encoding::Utf16, support, &params),
                quick,
                "lines {first}-{last}, only {only:?}, {support:?}"
            );
        }
    }
}
