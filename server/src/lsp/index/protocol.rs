//! The index's part of the session: which folders to read, what the client supports, the
//! progress of the first reading (`$/progress`) and the watch on files
//! (`client/registerCapability` for `workspace/didChangeWatchedFiles`).

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tower_lsp_server::ls_types::notification::Progress as ProgressNotification;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

use super::Indexer;

/// What `initialize` told the index.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    pub folders: Vec<PathBuf>,
    /// `window.workDoneProgress`: the server may create a progress token.
    pub progress: bool,
    /// `workspace.didChangeWatchedFiles.dynamicRegistration`.
    pub watch: bool,
}

impl Setup {
    pub fn from(params: &InitializeParams) -> Setup {
        #[allow(deprecated)]
        let uris: Vec<&Uri> = match &params.workspace_folders {
            Some(f) if !f.is_empty() => f.iter().map(|f| &f.uri).collect(),
            _ => params.root_uri.iter().collect(),
        };
        let caps = &params.capabilities;
        Setup {
            folders: uris
                .into_iter()
                .filter_map(|u| Some(u.to_file_path()?.into_owned()))
                .collect(),
            progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watch: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
        }
    }
}

/// Start reading the folders; register the watch and report progress where the client can.
/// Requests to the client run in tasks of their own: no handler waits for them.
pub fn start(client: &Client, ix: &Indexer, setup: &Setup) {
    ix.start(setup.folders.clone());
    if setup.watch {
        let client = client.clone();
        tokio::spawn(async move {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: ["**/*.cable", "**/*.txt"]
                    .into_iter()
                    .map(|glob| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(glob.to_string()),
                        kind: None,
                    })
                    .collect(),
            };
            let registration = Registration {
                id: "cable-ls/watched-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = client.register_capability(vec![registration]).await {
                tracing::warn!("registering the file watch failed: {e}");
            }
        });
    }
    if setup.progress && !setup.folders.is_empty() {
        let (client, ix) = (client.clone(), ix.clone());
        tokio::spawn(async move { report(client, ix).await });
    }
}

const TOKEN: &str = "cable-ls/index";

async fn send(client: &Client, value: WorkDoneProgress) {
    client
        .send_notification::<ProgressNotification>(ProgressParams {
            token: NumberOrString::String(TOKEN.to_string()),
            value: ProgressParamsValue::WorkDone(value),
        })
        .await;
}

/// Files and bytes read, every tenth of a second while they change, then the end.
async fn report(client: Client, ix: Indexer) {
    let token = NumberOrString::String(TOKEN.to_string());
    if let Err(e) = client.create_work_done_progress(token).await {
        tracing::info!("no progress token: {e}");
        return;
    }
    send(
        &client,
        WorkDoneProgress::Begin(WorkDoneProgressBegin {
            title: "Indexing cables".to_string(),
            cancellable: Some(false),
            message: None,
            percentage: Some(0),
        }),
    )
    .await;
    let p = ix.progress();
    let mut last = None;
    loop {
        if p.done.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        if !p.counted.load(Ordering::SeqCst) {
            continue;
        }
        let files = p.files_read.load(Ordering::SeqCst);
        if last == Some(files) {
            continue;
        }
        last = Some(files);
        let total = p.files_total.load(Ordering::SeqCst).max(1);
        let bytes_total = p.bytes_total.load(Ordering::SeqCst).max(1);
        let bytes = p.bytes_read.load(Ordering::SeqCst);
        send(
            &client,
            WorkDoneProgress::Report(WorkDoneProgressReport {
                cancellable: Some(false),
                message: Some(format!(
                    "{files}/{total} files, {} of {} MB",
                    mb(bytes),
                    mb(bytes_total)
                )),
                percentage: Some(
                    u32::try_from(bytes * 100 / bytes_total)
                        .unwrap_or(100)
                        .min(100),
                ),
            }),
        )
        .await;
    }
    let files = p.files_read.load(Ordering::SeqCst);
    let bytes = p.bytes_read.load(Ordering::SeqCst);
    send(
        &client,
        WorkDoneProgress::End(WorkDoneProgressEnd {
            message: Some(format!("{files} files, {} MB", mb(bytes))),
        }),
    )
    .await;
}

fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / f64::from(1 << 20))
}
