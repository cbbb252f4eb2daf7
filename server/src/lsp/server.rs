//! The protocol handlers.
//!
//! Ordering: the transport polls each handler once as its message arrives, then lets the
//! unfinished ones run together; an `.await` before a notification's state change would let
//! later messages overtake it. So every notification here changes the state synchronously and
//! never awaits at all; requests take a snapshot synchronously, then may await work done
//! elsewhere. No handler awaits a request to the client (those run in spawned tasks).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use cable_grammar::Document;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::oneshot;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::actions::{self, ClientSupport};
use super::capabilities::{capabilities, client_pulls};
use super::completion::{self, ListDefaults};
use super::config::Settings;
use super::diagnostics::{Job, Worker};
use super::encoding::Encoding;
use super::features;
use super::index::protocol::Setup;
use super::index::{navigation, Indexer};
use super::lost::LostChange;
use super::pool::Pool;
use super::store::{ParseJob, Store, Unavailable};
use super::transport::Output;

/// What `initialize` decided; fixed for the rest of the session.
struct Session {
    enc: Encoding,
    worker: Worker,
    /// The client answers `workspace/configuration`: settings are pulled when a
    /// `didChangeConfiguration` carries none (the model vscode-languageclient uses).
    pulls_configuration: bool,
    /// The client registers `workspace/didChangeConfiguration` dynamically (VS Code sends the
    /// notification only to servers that registered for it).
    registers_configuration: bool,
    /// Diagnostics are pulled and the client can be told to pull again.
    refresh_pulled: bool,
    /// Problems found in `initializationOptions`, told to the client once it is initialized.
    config_problems: Vec<String>,
    /// What code actions may carry.
    actions: ClientSupport,
    /// What a completion list may say once for all its items.
    completion_defaults: ListDefaults,
    /// The workspace index, and what the client told it.
    index: Indexer,
    index_setup: Setup,
}

pub struct Backend {
    client: Client,
    /// Shared with the threads that parse long documents apart.
    store: Arc<Mutex<Store>>,
    session: OnceLock<Session>,
    shutdown: Arc<AtomicBool>,
    out: Output,
    /// Numbers settings changes in the order they arrive (see `Job::Settings`).
    settings_seq: AtomicU64,
    /// Where requests do their heavy work.
    pool: Pool,
    /// The newest settings and their number (see `Job::Settings`): code actions offer no fix
    /// for a code turned off.
    settings: Arc<Mutex<(u64, Settings)>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyntaxTreeParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(Debug, Serialize)]
pub struct SyntaxTree {
    pub version: i32,
    /// False while a long document is still being parsed (the tree is then empty).
    pub parsed: bool,
    pub tree: String,
}

impl Backend {
    pub fn new(client: Client, shutdown: Arc<AtomicBool>, out: Output) -> Backend {
        Backend {
            client,
            store: Arc::new(Mutex::new(Store::default())),
            session: OnceLock::new(),
            shutdown,
            out,
            settings_seq: AtomicU64::new(0),
            pool: Pool::new(),
            settings: Arc::new(Mutex::new((0, Settings::default()))),
        }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    /// Parse a long document on a thread of its own, then put the parse in place and have its
    /// diagnostics computed. Jobs are queued while the store is locked, so the worker sees
    /// them in the order the store changed.
    fn parse_apart(&self, job: ParseJob) {
        let store = self.store.clone();
        let worker = self.session.get().map(|s| s.worker.clone());
        let index = self.session.get().map(|s| s.index.clone());
        let spawned = std::thread::Builder::new()
            .name("parse".into())
            .spawn(move || {
                let Some(parsed) = job.run() else {
                    return;
                };
                let uri = parsed.uri().clone();
                let mut store = lock(&store);
                if let (true, Some(worker)) = (store.install(parsed), worker) {
                    if let Some(index) = index {
                        let _ = current(&mut store, &index, &uri);
                    }
                    worker.send(Job::Changed { uri });
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start a parse thread: {e}");
        }
    }

    fn session(&self) -> Result<&Session> {
        self.session.get().ok_or_else(Error::invalid_request)
    }

    /// A snapshot of an open document, its parse brought up to its text: cheap (the rope and
    /// the cables are shared).
    fn snapshot(&self, uri: &Uri) -> Result<(Document, i32, Encoding)> {
        let session = self.session()?;
        let (doc, version) = current(&mut self.store(), &session.index, uri)
            .map_err(|why| unavailable(uri, &why))?;
        Ok((doc, version, session.enc))
    }

    /// Run a request's work on the pool: the reader keeps reading, `$/cancelRequest` can drop
    /// the wait, and a panic becomes an error response.
    async fn off_thread<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        self.pool
            .run(work)
            .await
            .map_err(|e| internal(&format!("the request failed: {e}")))
    }

    fn current_settings(&self) -> Settings {
        self.settings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clone()
    }

    /// An open document's new text, or its close (`None`), for the index.
    fn index_document(&self, uri: &Uri, doc: Option<&Document>) {
        if let Some(s) = self.session.get() {
            s.index.document(uri, doc.cloned());
        }
    }

    fn index(&self) -> Result<&Indexer> {
        Ok(&self.session()?.index)
    }

    fn send(&self, job: Job) {
        if let Some(s) = self.session.get() {
            s.worker.send(job);
        }
    }

    /// Tell the client in its log, without waiting for it.
    fn log(&self, typ: MessageType, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(typ, message).await });
    }

    fn next_settings_seq(&self) -> u64 {
        self.settings_seq.fetch_add(1, Ordering::SeqCst) + 1
    }

    fn apply_settings(&self, value: &Value) {
        let (settings, problems) = Settings::from_json(value);
        let seq = self.next_settings_seq();
        remember(&self.settings, seq, &settings);
        self.send(Job::Settings { seq, settings });
        self.refresh_pulled_diagnostics();
        if !problems.is_empty() {
            let client = self.client.clone();
            tokio::spawn(async move { report_settings(&client, problems).await });
        }
    }

    /// In pull mode the client asks again only when told to; the request is not awaited here.
    fn refresh_pulled_diagnostics(&self) {
        if self.session.get().is_some_and(|s| s.refresh_pulled) {
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.workspace_diagnostic_refresh().await {
                    tracing::warn!("workspace/diagnostic/refresh failed: {e}");
                }
            });
        }
    }

    /// Ask the client for the `cable` section, in a task of its own: a handler that awaited
    /// the answer would hold back every message behind it. The number is taken now, so a late
    /// answer cannot undo a newer change. An answer of `null` (no such section) changes
    /// nothing.
    fn pull_configuration(&self) {
        let Some(session) = self.session.get() else {
            return;
        };
        let (client, worker) = (self.client.clone(), session.worker.clone());
        let refresh = session.refresh_pulled;
        let seq = self.next_settings_seq();
        let current = self.settings.clone();
        tokio::spawn(async move {
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some("cable".to_string()),
            };
            let value = match client.configuration(vec![item]).await {
                Ok(values) => values.into_iter().next().unwrap_or(Value::Null),
                Err(e) => {
                    tracing::warn!("workspace/configuration failed: {e}");
                    return;
                }
            };
            if value.is_null() {
                return;
            }
            let (settings, problems) = Settings::from_json(&value);
            remember(&current, seq, &settings);
            worker.send(Job::Settings { seq, settings });
            if refresh {
                let _ = client.workspace_diagnostic_refresh().await;
            }
            report_settings(&client, problems).await;
        });
    }

    /// `textDocument/completion`, under the name the transport gives it
    /// (`completion::METHOD`) so that the answer may carry `itemDefaults`.
    pub async fn completion(&self, params: CompletionParams) -> Result<Option<completion::List>> {
        let p = params.text_document_position;
        let (doc, _, enc) = self.snapshot(&p.text_document.uri)?;
        let defaults = self.session()?.completion_defaults;
        // A list of at most a few hundred codes from static tables: done here, like hover.
        Ok(completion::completion(&doc, enc, p.position, defaults))
    }

    pub async fn syntax_tree(&self, params: SyntaxTreeParams) -> Result<SyntaxTree> {
        let (doc, version, _) = self.snapshot(&params.text_document.uri)?;
        let parsed = doc.is_parsed();
        let tree = self
            .off_thread(move || cable_grammar::dump::dump(&doc))
            .await?;
        Ok(SyntaxTree {
            version,
            parsed,
            tree,
        })
    }

    /// An edit to a document could not be read (see `lost`): its diagnostics are cleared and
    /// stop, and the user is told once, until a whole text comes again.
    pub async fn lost_change(&self, params: LostChange) {
        let uri = params.uri;
        tracing::error!(
            "{} for {} could not be read; the document is out of sync",
            params.method,
            uri.as_str()
        );
        let newly = {
            let mut store = self.store();
            // An edit to a document the server does not have would have been ignored anyway.
            let opening = params.method == "textDocument/didOpen";
            if !opening && store.get(&uri).err() == Some(Unavailable::NotOpen) {
                return;
            }
            let newly = store.lose(&uri);
            self.index_document(&uri, None);
            self.send(Job::Close { uri: uri.clone() });
            newly
        };
        self.refresh_pulled_diagnostics();
        if newly {
            let client = self.client.clone();
            let message = out_of_sync_message(&uri, &params.method);
            tokio::spawn(async move { client.show_message(MessageType::ERROR, message).await });
        }
    }
}

/// For the user, who may know nothing of protocols.
fn out_of_sync_message(uri: &Uri, method: &str) -> String {
    let name = uri.as_str().rsplit('/').next().unwrap_or(uri.as_str());
    let what = if method == "textDocument/didOpen" {
        "the text of the file as it was opened"
    } else {
        "an edit"
    };
    format!(
        "cable-ls could not read {what} in {name}, so its copy of the file may differ from \
         yours. Checking of this file is paused and its problems are cleared; close and \
         reopen the file to resume."
    )
}

fn report(items: Vec<Diagnostic>) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        },
    ))
}

fn unavailable(uri: &Uri, why: &Unavailable) -> Error {
    match why {
        Unavailable::NotOpen => {
            Error::invalid_params(format!("document not open: {}", uri.as_str()))
        }
        Unavailable::OutOfSync => Error {
            code: ErrorCode::ContentModified,
            message: format!("{}: {why}", uri.as_str()).into(),
            data: None,
        },
    }
}

/// Tell stderr and the client's log what in the settings was not understood.
async fn report_settings(client: &Client, problems: Vec<String>) {
    for p in problems {
        tracing::warn!("settings: {p}");
        client
            .log_message(MessageType::WARNING, format!("cable-ls settings: {p}"))
            .await;
    }
}

/// Keep settings numbered `seq` unless newer ones are kept already (a late answer to
/// `workspace/configuration`).
fn remember(current: &Mutex<(u64, Settings)>, seq: u64, settings: &Settings) {
    let mut current = current.lock().unwrap_or_else(|e| e.into_inner());
    if seq > current.0 {
        *current = (seq, settings.clone());
    }
}

/// An open document with the edits made to its text since its last parse parsed (once for
/// all of them, see `coalesce`); the index is given the new parse.
fn current(
    store: &mut Store,
    index: &Indexer,
    uri: &Uri,
) -> std::result::Result<(Document, i32), Unavailable> {
    let (doc, version, unindexed) = store.current(uri)?;
    if unindexed {
        index.document(uri, Some(doc.clone()));
    }
    Ok((doc.clone(), version))
}

/// The store, also after a panic elsewhere poisoned the lock: every change leaves it
/// consistent (see `store`), so the data is still good.
fn lock(store: &Mutex<Store>) -> MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|e| e.into_inner())
}

fn internal(message: &str) -> Error {
    tracing::error!("{message}");
    Error {
        code: ErrorCode::InternalError,
        message: message.to_string().into(),
        data: None,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let enc = Encoding::negotiate(&params.capabilities);
        let index_setup = Setup::from(&params);
        let options = params.initialization_options.unwrap_or(Value::Null);
        let (settings, config_problems) = Settings::from_json(&options);
        remember(&self.settings, self.next_settings_seq(), &settings);
        let pull = client_pulls(&params.capabilities, &options);
        let index = Indexer::new(enc);
        // The worker brings each document's parse up to its text as it starts a batch.
        let source = {
            let (store, index) = (self.store.clone(), index.clone());
            move |uri: &Uri| {
                let (doc, version) = current(&mut lock(&store), &index, uri).ok()?;
                Some((version, doc))
            }
        };
        let worker = Worker::spawn(
            self.out.clone(),
            enc,
            !pull,
            settings,
            index.clone(),
            Box::new(source),
        );
        // `ref-order` against the index's dates: a change there is published again.
        index.on_change({
            let worker = worker.clone();
            move || worker.send(Job::IndexChanged)
        });
        let pulls_configuration = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        let workspace = params.capabilities.workspace.as_ref();
        let registers_configuration = workspace
            .and_then(|w| w.did_change_configuration.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let refresh_pulled = pull
            && workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
        let _ = self.session.set(Session {
            enc,
            worker,
            pulls_configuration,
            registers_configuration,
            refresh_pulled,
            config_problems,
            actions: ClientSupport::from(&params.capabilities),
            completion_defaults: ListDefaults::from(&params.capabilities),
            index,
            index_setup,
        });
        Ok(InitializeResult {
            capabilities: capabilities(enc, pull),
            server_info: Some(ServerInfo {
                name: "cable-ls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let Ok(session) = self.session() else {
            return;
        };
        for p in &session.config_problems {
            tracing::warn!("initializationOptions: {p}");
            self.log(
                MessageType::WARNING,
                format!("cable-ls initializationOptions: {p}"),
            );
        }
        if session.registers_configuration {
            let client = self.client.clone();
            tokio::spawn(async move {
                let registration = Registration {
                    id: "cable-ls/configuration".to_string(),
                    method: "workspace/didChangeConfiguration".to_string(),
                    register_options: None,
                };
                if let Err(e) = client.register_capability(vec![registration]).await {
                    tracing::warn!("registering for configuration changes failed: {e}");
                }
            });
        }
        super::index::protocol::start(&self.client, &session.index, &session.index_setup);
        // Settings the editor holds (VS Code's `cable.*`) come in answer to this.
        if session.pulls_configuration {
            self.pull_configuration();
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let mut store = self.store();
        let job = store.open(d.uri.clone(), d.version, d.text);
        // The index has every open document at once (a long one unparsed until its parse
        // is in place).
        if let Ok(index) = self.index() {
            let _ = current(&mut store, index, &d.uri);
        }
        self.send(Job::Changed { uri: d.uri });
        if let Some(job) = job {
            self.parse_apart(job);
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let Ok(enc) = self.session().map(|s| s.enc) else {
            return;
        };
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let mut store = self.store();
        // Applied all the same (see `Store::change`), and said.
        if let Some(have) = store
            .get(&uri)
            .ok()
            .map(|o| o.version)
            .filter(|&v| version <= v)
        {
            let msg = format!(
                "didChange for {}: version {version} is not newer than the document's version \
                 {have}; applied all the same, as the editor has applied it",
                uri.as_str()
            );
            tracing::warn!("{msg}");
            self.log(MessageType::WARNING, msg);
        }
        let whole = params.content_changes.iter().any(|c| c.range.is_none());
        match store.change(&uri, version, params.content_changes, enc) {
            // The parse and the index follow when the worker or a request needs them: a burst
            // of keystrokes is parsed once. A new whole text goes to the index at once, as
            // an opened one does.
            Ok(job) => {
                if let (true, Ok(index)) = (whole, self.index()) {
                    let _ = current(&mut store, index, &uri);
                }
                self.send(Job::Changed { uri });
                if let Some(job) = job {
                    self.parse_apart(job);
                }
            }
            // The user was told when the document went out of sync.
            Err(Unavailable::OutOfSync) => {
                tracing::debug!("didChange for {} ignored: out of sync", uri.as_str());
            }
            Err(why @ Unavailable::NotOpen) => {
                let msg = format!("didChange for {}: {why}", uri.as_str());
                tracing::warn!("{msg}");
                self.log(MessageType::WARNING, msg);
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let mut store = self.store();
        if store.close(&uri) {
            self.index_document(&uri, None);
            self.send(Job::Close { uri });
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let empty = match &params.settings {
            Value::Null => true,
            Value::Object(map) => map.is_empty(),
            _ => false,
        };
        if empty && self.session().is_ok_and(|s| s.pulls_configuration) {
            self.pull_configuration();
            return;
        }
        self.apply_settings(&params.settings);
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let session = self.session()?;
        let json = match self.store().get(&uri) {
            Ok(_) => {
                let (reply, answer) = oneshot::channel();
                session.worker.send(Job::Pull { uri, reply });
                answer
            }
            // Nothing is said about a text the server does not have, as when pushing.
            Err(Unavailable::OutOfSync) => return Ok(report(Vec::new())),
            Err(why) => return Err(unavailable(&uri, &why)),
        };
        let json = json
            .await
            .map_err(|_| internal("the diagnostics worker has stopped"))?;
        let items = match json {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| internal(&format!("diagnostics do not read back: {e}")))?,
            None => Vec::new(),
        };
        Ok(report(items))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let (doc, _, enc) = self.snapshot(&params.text_document.uri)?;
        let symbols = self
            .off_thread(move || features::document_symbols(&doc, enc))
            .await?;
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let (doc, _, _) = self.snapshot(&params.text_document.uri)?;
        Ok(Some(
            self.off_thread(move || features::folding_ranges(&doc))
                .await?,
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let (doc, _, enc) = self.snapshot(&p.text_document.uri)?;
        let index = self.index()?.clone();
        // A reference's hover says what the index knows of the cable it cites.
        self.off_thread(move || {
            navigation::hover(&index, &doc, p.position)
                .or_else(|| features::hover(&doc, enc, p.position))
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let (doc, _, _) = self.snapshot(&p.text_document.uri)?;
        let index = self.index()?.clone();
        self.off_thread(move || navigation::definition(&index, &doc, p.position))
            .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let (doc, _, _) = self.snapshot(&p.text_document.uri)?;
        let index = self.index()?.clone();
        let declaration = params.context.include_declaration;
        self.off_thread(move || navigation::references(&index, &doc, p.position, declaration))
            .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri;
        self.snapshot(&uri)?;
        let index = self.index()?.clone();
        Ok(Some(
            self.off_thread(move || navigation::document_links(&index, &uri))
                .await?,
        ))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let index = self.index()?.clone();
        let found = self
            .off_thread(move || navigation::symbols(&index, &params.query))
            .await?;
        Ok(Some(WorkspaceSymbolResponse::Flat(found)))
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let Ok(index) = self.index() else {
            return;
        };
        let paths = |folders: Vec<WorkspaceFolder>| -> Vec<_> {
            folders
                .into_iter()
                .filter_map(|f| Some(f.uri.to_file_path()?.into_owned()))
                .collect()
        };
        let removed = paths(params.event.removed);
        index.folders_changed(paths(params.event.added), &removed);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let Ok(index) = self.index() else {
            return;
        };
        for change in params.changes {
            if let Some(path) = change.uri.to_file_path() {
                index.file_changed(path.into_owned());
            }
        }
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let (doc, _, enc) = self.snapshot(&params.text_document.uri)?;
        // A whole document's tokens: off the dispatch thread, like the outline.
        let tokens = self
            .off_thread(move || features::semantic_tokens(&doc, enc, None))
            .await?;
        Ok(Some(SemanticTokensResult::Tokens(tokens)))
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let (doc, _, enc) = self.snapshot(&params.text_document.uri)?;
        let r = params.range;
        let lines = (r.start.line.min(r.end.line), r.start.line.max(r.end.line));
        let tokens = self
            .off_thread(move || features::semantic_tokens(&doc, enc, Some(lines)))
            .await?;
        Ok(Some(SemanticTokensRangeResult::Tokens(tokens)))
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        // One code's documentation from the static tables: done here, like completion.
        Ok(completion::resolve(item))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let (doc, version, enc) = self.snapshot(&params.text_document.uri)?;
        let support = self.session()?.actions;
        let settings = self.current_settings();
        // The cursor's cable (what an editor asks on every move) is done here, like hover: a
        // trip to the pool and back cost more than the work, and twice the chances to wait
        // for a core on a busy machine. Many cables go to the pool.
        let quick = actions::is_quick(&doc, enc, support, &params);
        let answer = move || {
            let req = actions::Request {
                doc: &doc,
                version,
                uri: &params.text_document.uri,
                enc,
                settings: &settings,
                support,
            };
            actions::code_actions(&req, &params)
        };
        let found = if quick {
            answer()
        } else {
            self.off_thread(answer).await?
        };
        Ok(Some(found))
    }

    /// Fills in the edit of `source.fixAll.cable` (an empty one when nothing is left to fix);
    /// any other action comes back as it came.
    async fn code_action_resolve(&self, mut action: CodeAction) -> Result<CodeAction> {
        let Some(uri) = actions::fix_all_target(&action) else {
            return Ok(action);
        };
        let (doc, version, enc) = self.snapshot(&uri)?;
        let support = self.session()?.actions;
        let settings = self.current_settings();
        let edit = self
            .off_thread(move || {
                actions::fix_all_edit(&actions::Request {
                    doc: &doc,
                    version,
                    uri: &uri,
                    enc,
                    settings: &settings,
                    support,
                })
            })
            .await?;
        action.edit = Some(edit.unwrap_or_default());
        Ok(action)
    }
}
