//! Completion in protocol terms: the list, in the short form LSP 3.17 allows where the client
//! takes it, and the documentation of one item on `completionItem/resolve`.

use cable_grammar::Document;
use serde::Serialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::ls_types::*;

use super::encoding::Encoding;
use super::features::at_position;
use crate::analysis::completion::{self, About, Candidate, Kind as CodeKind};

/// The method `textDocument/completion` is served under. tower-lsp-server's handler must
/// answer its own `CompletionResponse`, which has no `itemDefaults`; the transport hands the
/// request to this custom method instead (`route`).
pub const METHOD: &str = "$/cable/completion";

/// A `textDocument/completion` request renamed to [`METHOD`]; any other request as it came.
pub fn route(req: Request) -> Request {
    if req.method() != "textDocument/completion" || req.id().is_none() {
        return req;
    }
    let (_, id, params) = req.into_parts();
    let mut renamed = Request::build(METHOD);
    if let Some(id) = id {
        renamed = renamed.id(id);
    }
    if let Some(params) = params {
        renamed = renamed.params(params);
    }
    renamed.finish()
}

/// The `CompletionList.itemDefaults` the client declares it applies to every item.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListDefaults {
    edit_range: bool,
    data: bool,
}

impl ListDefaults {
    pub fn from(caps: &ClientCapabilities) -> ListDefaults {
        let completion = caps
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref());
        let list = completion.and_then(|c| c.completion_list.as_ref());
        let declared = list.and_then(|l| l.item_defaults.as_deref());
        let has = |name: &str| declared.is_some_and(|d| d.iter().any(|d| d == name));
        ListDefaults {
            edit_range: has("editRange"),
            data: has("data"),
        }
    }
}

/// `CompletionList` with the 3.17 `itemDefaults` (not in ls-types).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct List {
    is_incomplete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    item_defaults: Option<ItemDefaults>,
    items: Vec<CompletionItem>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemDefaults {
    #[serde(skip_serializing_if = "Option::is_none")]
    edit_range: Option<Range>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Value>,
}

/// Completion at a position: `None` where nothing is completed. The list is complete
/// (`isIncomplete: false`): the client filters it as the user types. Every item replaces the
/// same range with its label, and a list's codes are all offered in one place (`About`): where
/// the client takes them, the range and the `data` are said once for the list (of 597 codes,
/// the range alone was 60 KB of a 130 KB answer) and the item's text is its label.
pub fn completion(
    doc: &Document,
    enc: Encoding,
    pos: Position,
    defaults: ListDefaults,
) -> Option<List> {
    let (found, start) = at_position(doc, enc, pos, |ct, offset, placed| {
        Some((completion::complete(ct, offset)?, placed.start_byte))
    })?;
    let range = enc.range(doc.rope(), found.range.shift(start));
    let first = found.candidates.first().map(|c| c.about);
    let one_about = first.filter(|a| found.candidates.iter().all(|c| c.about == *a));
    let item_defaults = ItemDefaults {
        edit_range: defaults.edit_range.then_some(range),
        data: one_about.filter(|_| defaults.data).map(about_json),
    };
    let items = found
        .candidates
        .into_iter()
        .map(|c| {
            let mut item = completion_item(c, range);
            if item_defaults.edit_range.is_some() {
                item.text_edit = None;
            }
            if item_defaults.data.is_some() {
                item.data = None;
            }
            item
        })
        .collect();
    let has_defaults = item_defaults.edit_range.is_some() || item_defaults.data.is_some();
    Some(List {
        is_incomplete: false,
        item_defaults: has_defaults.then_some(item_defaults),
        items,
    })
}

fn completion_item(c: Candidate, range: Range) -> CompletionItem {
    CompletionItem {
        label: c.label.to_string(),
        // Icons only: the detail says the kind in words.
        kind: Some(match c.kind {
            CodeKind::Subject => CompletionItemKind::KEYWORD,
            CodeKind::Program => CompletionItemKind::EVENT,
            CodeKind::Country | CodeKind::Historical => CompletionItemKind::CONSTANT,
            CodeKind::Region => CompletionItemKind::ENUM,
            CodeKind::Organization => CompletionItemKind::STRUCT,
            CodeKind::Office => CompletionItemKind::MODULE,
        }),
        tags: c.dated.then(|| vec![CompletionItemTag::DEPRECATED]),
        sort_text: Some(c.sort_key()),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range,
            new_text: c.label.to_string(),
        })),
        detail: Some(c.detail),
        // The documentation comes on `completionItem/resolve`: all of it for every code was
        // two thirds of a list of 600 codes (206 KB).
        data: Some(about_json(c.about)),
        ..Default::default()
    }
}

/// What `completionItem/resolve` needs besides the label: where the code was offered.
fn about_json(about: About) -> Value {
    match about {
        About::Tags { year } => serde_json::json!({"tags": year}),
        About::Office => serde_json::json!({"office": true}),
    }
}

fn about_of(data: &Value) -> Option<About> {
    if let Some(year) = data.get("tags") {
        let year = match year {
            Value::Null => None,
            y => Some(u16::try_from(y.as_u64()?).ok()?),
        };
        return Some(About::Tags { year });
    }
    data.get("office").map(|_| About::Office)
}

/// A completion item with its documentation, from its label and `data` (the client puts a
/// list's default `data` into the item it resolves); an item that is not ours (no such
/// `data`) comes back as it came.
pub fn resolve(mut item: CompletionItem) -> CompletionItem {
    let about = item.data.as_ref().and_then(about_of);
    if let Some(value) = about.and_then(|a| completion::documentation(&item.label, a)) {
        item.documentation = Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }));
    }
    item
}
