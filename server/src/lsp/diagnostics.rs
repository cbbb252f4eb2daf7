//! The diagnostics worker: one thread that owns every document's diagnostics and is the only
//! sender of `publishDiagnostics`.
//!
//! Handlers apply edits synchronously and hand the worker a snapshot (a `Document` clone shares
//! its rope and cables). The worker takes everything queued at once, computes only the latest
//! snapshot of each document (coalescing a burst of keystrokes into one run), reuses the
//! diagnostics of every cable the edit did not replace (cables are `Arc`s that the incremental
//! parse keeps when it can), and publishes with the snapshot's version. Publishing from one
//! thread, in queue order, means a `[]` after close can never be overtaken by an older result.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::str::FromStr;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;

use cable_grammar::syntax::Cable;
use cable_grammar::Document;
use tokio::runtime::Handle;
use tokio::sync::oneshot;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Uri,
};
use tower_lsp_server::Client;

use super::config::Settings;
use super::encoding::Encoding;
use super::text::cable_text;
use crate::analysis::{self, CableText, Code, Diagnostic, Severity};

/// Where the rule table lives; each code is an anchor in it.
pub const RULES_URL: &str = "https://github.com/cable-ls/cable-ls/blob/main/README.md";

pub enum Job {
    Update {
        uri: Uri,
        version: i32,
        doc: Document,
    },
    Close {
        uri: Uri,
    },
    Settings(Settings),
    /// A `textDocument/diagnostic` request: the diagnostics of the latest snapshot.
    Pull {
        uri: Uri,
        reply: oneshot::Sender<Option<Vec<LspDiagnostic>>>,
    },
}

/// The handlers' end of the worker.
#[derive(Clone)]
pub struct Worker {
    tx: Sender<Job>,
}

impl Worker {
    /// Start the worker thread. `push`: publish after every update (off when the client pulls).
    pub fn spawn(
        client: Client,
        handle: Handle,
        enc: Encoding,
        push: bool,
        settings: Settings,
    ) -> Worker {
        let (tx, rx) = mpsc::channel();
        let state = State {
            client,
            handle,
            enc,
            push,
            settings,
            docs: HashMap::new(),
            links: Links::new(),
        };
        std::thread::Builder::new()
            .name("diagnostics".into())
            .spawn(move || state.run(rx))
            .expect("the diagnostics thread starts");
        Worker { tx }
    }

    /// Queue a job; never blocks. Fails only when the worker is gone, which is logged.
    pub fn send(&self, job: Job) {
        if self.tx.send(job).is_err() {
            tracing::error!("the diagnostics worker has stopped");
        }
    }
}

struct Snapshot {
    version: i32,
    doc: Document,
    /// Diagnostics per cable, in cable-relative offsets, keyed by the cable's address (the
    /// `Arc` kept here holds the address, so it cannot be reused by another cable).
    by_cable: HashMap<usize, (Arc<Cable>, Arc<[Diagnostic]>)>,
}

struct State {
    client: Client,
    handle: Handle,
    enc: Encoding,
    push: bool,
    settings: Settings,
    docs: HashMap<Uri, Snapshot>,
    links: Links,
}

impl State {
    fn run(mut self, rx: Receiver<Job>) {
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            batch.extend(rx.try_iter());
            self.run_batch(batch);
        }
    }

    fn run_batch(&mut self, batch: Vec<Job>) {
        let mut dirty: Vec<Uri> = Vec::new();
        let mut closed: Vec<Uri> = Vec::new();
        let mut pulls = Vec::new();
        let mark = |list: &mut Vec<Uri>, uri: &Uri| {
            if !list.contains(uri) {
                list.push(uri.clone());
            }
        };
        for job in batch {
            match job {
                Job::Update { uri, version, doc } => {
                    let old = self.docs.remove(&uri).map(|s| s.by_cable);
                    self.docs.insert(
                        uri.clone(),
                        Snapshot {
                            version,
                            doc,
                            by_cable: old.unwrap_or_default(),
                        },
                    );
                    closed.retain(|u| *u != uri);
                    mark(&mut dirty, &uri);
                }
                Job::Close { uri } => {
                    self.docs.remove(&uri);
                    dirty.retain(|u| *u != uri);
                    mark(&mut closed, &uri);
                }
                Job::Settings(settings) => {
                    self.settings = settings;
                    for uri in self.docs.keys() {
                        mark(&mut dirty, uri);
                    }
                }
                Job::Pull { uri, reply } => pulls.push((uri, reply)),
            }
        }
        if self.push {
            for uri in closed {
                self.publish(uri, Vec::new(), None);
            }
            for uri in dirty {
                if let Some((items, version)) = self.diagnostics(&uri) {
                    self.publish(uri, items, Some(version));
                }
            }
        }
        for (uri, reply) in pulls {
            let _ = reply.send(self.diagnostics(&uri).map(|(items, _)| items));
        }
    }

    fn publish(&self, uri: Uri, items: Vec<LspDiagnostic>, version: Option<i32>) {
        self.handle
            .block_on(self.client.publish_diagnostics(uri, items, version));
    }

    /// The protocol diagnostics of a document's latest snapshot, with its version.
    fn diagnostics(&mut self, uri: &Uri) -> Option<(Vec<LspDiagnostic>, i32)> {
        let snap = self.docs.get_mut(uri)?;
        let mut previous = std::mem::take(&mut snap.by_cable);
        let mut out = Vec::new();
        let rope = snap.doc.rope();
        for placed in snap.doc.placed() {
            let key = Arc::as_ptr(placed.cable) as usize;
            let entry = previous.remove(&key).unwrap_or_else(|| {
                let text = cable_text(&snap.doc, &placed);
                let ct = CableText {
                    cable: placed.cable,
                    text: &text,
                };
                (placed.cable.clone(), check_cable_guarded(&ct))
            });
            for d in entry.1.iter() {
                let Some(severity) = self.settings.severity(d.code) else {
                    continue;
                };
                let d = d.clone().shifted(placed.start_byte);
                out.push(to_lsp(&d, severity, uri, rope, self.enc, &mut self.links));
            }
            snap.by_cable.insert(key, entry);
        }
        Some((out, snap.version))
    }
}

/// The rules on one cable; a panic in a rule costs that cable's diagnostics, not the server.
fn check_cable_guarded(ct: &CableText<'_>) -> Arc<[Diagnostic]> {
    match catch_unwind(AssertUnwindSafe(|| analysis::rules::check_cable(ct))) {
        Ok(mut ds) => {
            ds.sort_by_key(|d| (d.range.start, d.range.end));
            ds.into()
        }
        Err(_) => {
            tracing::error!("a rule panicked; this cable's diagnostics are left out");
            Arc::from(Vec::new())
        }
    }
}

/// `codeDescription` links, parsed once per code.
struct Links(HashMap<Code, Option<Uri>>);

impl Links {
    fn new() -> Links {
        Links(HashMap::new())
    }

    fn get(&mut self, code: Code) -> Option<Uri> {
        self.0
            .entry(code)
            .or_insert_with(|| Uri::from_str(&format!("{RULES_URL}#{}", code.name())).ok())
            .clone()
    }
}

fn to_lsp(
    d: &Diagnostic,
    severity: Severity,
    uri: &Uri,
    rope: &ropey::Rope,
    enc: Encoding,
    links: &mut Links,
) -> LspDiagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), enc.range(rope, r.range)),
            message: r.message.clone(),
        })
        .collect();
    LspDiagnostic {
        range: enc.range(rope, d.range),
        severity: Some(lsp_severity(severity)),
        code: Some(NumberOrString::String(d.code.name().to_string())),
        code_description: links.get(d.code).map(|href| CodeDescription { href }),
        source: Some("cable-ls".to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

fn lsp_severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Hint => DiagnosticSeverity::HINT,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Error => DiagnosticSeverity::ERROR,
    }
}
