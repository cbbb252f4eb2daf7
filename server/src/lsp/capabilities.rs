//! What the server offers, and what it learns from the client's capabilities.

use serde_json::Value;
use tower_lsp_server::ls_types::*;

use super::encoding::Encoding;

/// Pull diagnostics are used instead of push when the client supports them and the user asked
/// for them (`"diagnosticMode": "pull"`): offering both makes VS Code and Neovim show every
/// diagnostic twice, as they keep pulled and pushed diagnostics in separate collections.
pub fn client_pulls(caps: &ClientCapabilities, options: &Value) -> bool {
    let supports = caps
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    let root = super::config::section(options);
    supports && root.get("diagnosticMode").and_then(Value::as_str) == Some("pull")
}

pub fn capabilities(enc: Encoding, pull: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(enc.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        // No trigger characters: codes start with a letter, and typing a letter opens
        // completion in VS Code (quick suggestions) and in completion plugins. A space would
        // send a request for every space of every cable's text and open the whole list of
        // about 600 codes after every TAGS entry; a comma is followed by a space, which closes
        // the list it opened. Ctrl+Space on an empty entry offers every code.
        // Documentation on `completionItem/resolve`, for the one item the editor shows.
        completion_provider: Some(CompletionOptions {
            resolve_provider: Some(true),
            ..Default::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        // From the workspace index: references between cables.
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        // Folders added or removed after the start are read into the index or dropped.
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        // Edits of quick fixes come with the action; `source.fixAll.cable` checks the whole
        // document, so its edit is made when the client resolves the action.
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(super::actions::kinds()),
            resolve_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        // Full and range: an editor colours what is on screen from a range request while the
        // whole document's tokens are computed.
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: super::features::semantic_token_legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            },
        )),
        diagnostic_provider: pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("cable-ls".to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        }),
        ..Default::default()
    }
}
