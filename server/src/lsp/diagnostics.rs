//! The diagnostics worker: one thread that owns every document's diagnostics and is the only
//! sender of `publishDiagnostics`.
//!
//! Handlers apply edits synchronously and hand the worker a snapshot (a `Document` clone shares
//! its rope and cables). The worker's mailbox keeps only the latest snapshot (or the close) of
//! each document, the latest settings and the pulls waiting: while the worker computes, or
//! waits for a client that does not read, a burst of keystrokes costs one snapshot, not one per
//! keystroke (each edited cable is a new parse, so 10,000 queued snapshots once took 494 MB).
//! The worker takes everything at once, reuses the diagnostics of every cable the edit did not
//! replace (cables are `Arc`s that the incremental parse keeps when it can), and publishes with
//! the snapshot's version. Publishing from one thread, closes first, means a `[]` after close
//! can never be overtaken by an older result.
//!
//! A keystroke in a document of thousands of cables must not cost thousands of conversions:
//! each cable keeps its diagnostics in protocol form with lines counted from the cable's start
//! (an edit elsewhere moves a cable's lines, never its columns), and the JSON of the last
//! rendering with the line it was rendered at. The publish is written as one JSON text from
//! those pieces and goes straight to the stdout writer.
//!
//! The `ref-order` warnings that depend on the workspace index (`ref_order.rs`) are made at
//! every publish from what each cable cites, kept with its cache; when the index's dates
//! change, every open document is computed again and published only where that changed it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::str::FromStr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use cable_grammar::document::Placed;
use cable_grammar::syntax::Cable;
use cable_grammar::Document;
use tokio::sync::oneshot;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Range as LspRange, Uri,
};

use super::config::Settings;
use super::cores::{runs_on_cores, SPREAD_FROM};
use super::encoding::{cable_index, Encoding};
use super::index::Indexer;
use super::ref_order::Cites;
use super::text::cable_text;
use super::transport::Output;
use crate::analysis::{self, CableText, Code, Diagnostic, Severity};
use crate::json;

pub enum Job {
    /// The document's text changed (or it was opened): the worker asks its `Source` for it.
    Changed {
        uri: Uri,
    },
    Close {
        uri: Uri,
    },
    /// New settings, numbered in the order the client sent them: an answer to an older
    /// `workspace/configuration` request that arrives late is ignored.
    Settings {
        seq: u64,
        settings: Settings,
    },
    /// A `textDocument/diagnostic` request: the diagnostics of the latest snapshot, as the
    /// JSON array.
    Pull {
        uri: Uri,
        reply: oneshot::Sender<Option<String>>,
    },
    /// The workspace index changed what it knows of some cable's id or date: the warnings
    /// that depend on it (`ref_order.rs`) are computed again for every open document.
    IndexChanged,
}

/// An open document's version and its parse brought up to its text, by the worker as it starts
/// a batch (so the edits of a burst are parsed once); `None` once it is closed.
pub type Source = Box<dyn Fn(&Uri) -> Option<(i32, Document)> + Send>;

/// The handlers' end of the worker.
#[derive(Clone)]
pub struct Worker {
    mailbox: Arc<Mailbox>,
}

/// What the worker has still to do: at most one job per document, in the order the documents
/// first came up since the last batch.
#[derive(Default)]
struct Mailbox {
    pending: Mutex<Pending>,
    wake: Condvar,
}

#[derive(Default)]
struct Pending {
    docs: Vec<(Uri, DocJob)>,
    /// The newest settings by number.
    settings: Option<(u64, Settings)>,
    pulls: Vec<(Uri, oneshot::Sender<Option<String>>)>,
    index_changed: bool,
}

enum DocJob {
    Changed,
    Close,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.docs.is_empty()
            && self.settings.is_none()
            && self.pulls.is_empty()
            && !self.index_changed
    }

    fn put(&mut self, job: Job) {
        let (uri, doc_job) = match job {
            Job::Changed { uri } => (uri, DocJob::Changed),
            Job::Close { uri } => (uri, DocJob::Close),
            Job::Settings { seq, settings } => {
                if self.settings.as_ref().is_none_or(|(s, _)| seq >= *s) {
                    self.settings = Some((seq, settings));
                }
                return;
            }
            Job::Pull { uri, reply } => {
                self.pulls.push((uri, reply));
                return;
            }
            Job::IndexChanged => {
                self.index_changed = true;
                return;
            }
        };
        match self.docs.iter_mut().find(|(u, _)| *u == uri) {
            Some(slot) => slot.1 = doc_job,
            None => self.docs.push((uri, doc_job)),
        }
    }
}

impl Mailbox {
    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Everything pending, once there is something.
    fn take(&self) -> Pending {
        let mut pending = self.lock();
        while pending.is_empty() {
            pending = self.wake.wait(pending).unwrap_or_else(|e| e.into_inner());
        }
        std::mem::take(&mut *pending)
    }

    /// Whether `uri` changed since the batch being worked on was taken: its publish would be
    /// out of date before it is written.
    fn changed(&self, uri: &Uri) -> bool {
        self.lock()
            .docs
            .iter()
            .any(|(u, job)| u == uri && matches!(job, DocJob::Changed))
    }
}

impl Worker {
    /// Start the worker thread, which lives as long as the process. `push`: publish after
    /// every update (off when the client pulls).
    pub fn spawn(
        out: Output,
        enc: Encoding,
        push: bool,
        settings: Settings,
        index: Indexer,
        source: Source,
    ) -> Worker {
        let mailbox = Arc::new(Mailbox::default());
        let state = State {
            mailbox: mailbox.clone(),
            source,
            out,
            enc,
            push,
            settings,
            index,
            docs: HashMap::new(),
            settings_generation: 0,
            settings_seq: 0,
            links: Links::new(),
            last_len: 0,
        };
        std::thread::Builder::new()
            .name("diagnostics".into())
            .spawn(move || state.run())
            .expect("the diagnostics thread starts");
        Worker { mailbox }
    }

    /// Hand the worker a job, replacing an older one for the same document; never waits for
    /// the worker.
    pub fn send(&self, job: Job) {
        self.mailbox.lock().put(job);
        self.mailbox.wake.notify_one();
    }
}

struct Snapshot {
    version: i32,
    doc: Document,
    /// Per cable, keyed by the cable's address (the `Arc` kept here holds the address, so it
    /// cannot be reused by another cable).
    by_cable: ByCable,
    /// A hash of the diagnostics last published, to publish again only what the index changed.
    published: u64,
}

type ByCable = HashMap<usize, CableDiagnostics, BuildHasherDefault<AddressHasher>>;

/// Keys are cable addresses, distinct and not chosen by anyone: a multiply is hash enough, and
/// a keystroke in a document of thousands of cables looks every one of them up.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64 >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

struct CableDiagnostics {
    /// Held so that the cable's address, the key, stays its own.
    _cable: Arc<Cable>,
    /// Protocol form, lines counted from the cable's first line, default severities.
    items: Vec<(Code, LspDiagnostic)>,
    /// Says how many diagnostics of the cable are left out (`MAX_PER_CABLE`).
    note: Option<LspDiagnostic>,
    /// The JSON of `items` rendered at a document line, under the settings of that time;
    /// `None` when no item is left once the settings are applied.
    json: Option<(usize, u64, Option<String>)>,
    /// What the cable cites, checked against the index at every publish.
    cites: Cites,
}

struct State {
    mailbox: Arc<Mailbox>,
    source: Source,
    out: Output,
    enc: Encoding,
    push: bool,
    settings: Settings,
    index: Indexer,
    /// Changes with every settings change, so renderings under older settings are redone.
    settings_generation: u64,
    /// The number of the settings in force (0: those of `initializationOptions`).
    settings_seq: u64,
    docs: HashMap<Uri, Snapshot>,
    links: Links,
    /// Length of the last JSON array, to allocate the next one at once.
    last_len: usize,
}

impl State {
    fn run(mut self) {
        loop {
            let batch = self.mailbox.take();
            // A bug here must not end diagnostics for the session: drop the caches (they may
            // be half updated) and go on with the next batch.
            if catch_unwind(AssertUnwindSafe(|| self.run_batch(batch))).is_err() {
                tracing::error!("computing diagnostics failed; caches cleared");
                for snap in self.docs.values_mut() {
                    snap.by_cable.clear();
                }
            }
        }
    }

    fn run_batch(&mut self, batch: Pending) {
        let mut dirty: Vec<Uri> = Vec::new();
        let mut closed: Vec<Uri> = Vec::new();
        for (uri, job) in batch.docs {
            let current = match job {
                DocJob::Changed => (self.source)(&uri),
                DocJob::Close => None,
            };
            match current {
                Some((version, doc)) => {
                    let old = self.docs.remove(&uri).map(|s| s.by_cable);
                    self.docs.insert(
                        uri.clone(),
                        Snapshot {
                            version,
                            doc,
                            by_cable: old.unwrap_or_default(),
                            published: 0,
                        },
                    );
                    dirty.push(uri);
                }
                None => {
                    self.docs.remove(&uri);
                    closed.push(uri);
                }
            }
        }
        if let Some((seq, settings)) = batch.settings {
            if seq >= self.settings_seq {
                self.settings_seq = seq;
                self.settings = settings;
                self.settings_generation += 1;
                // Which diagnostics of a crowded cable are published depends on the settings.
                for snap in self.docs.values_mut() {
                    snap.by_cable.clear();
                }
                dirty = self.docs.keys().cloned().collect();
            }
        }
        let pulls = batch.pulls;
        if self.push {
            // An open document's change or close may change the dates the others cite (a
            // closed one's disk text counts again): computing them folds it into the index.
            let others = batch.index_changed || !dirty.is_empty() || !closed.is_empty();
            for uri in closed {
                self.publish(&uri, "[]", None);
            }
            for uri in &dirty {
                self.publish_doc(uri, false);
            }
            if others {
                let rest: Vec<Uri> = self
                    .docs
                    .keys()
                    .filter(|u| !dirty.contains(u))
                    .cloned()
                    .collect();
                for uri in rest {
                    self.publish_doc(&uri, true);
                }
            }
        }
        for (uri, reply) in pulls {
            let _ = reply.send(self.diagnostics(&uri, false).map(|(items, _)| items));
        }
    }

    /// Publish a document's diagnostics; `if_changed`: only when they differ from the last.
    fn publish_doc(&mut self, uri: &Uri, if_changed: bool) {
        let Some((items, version)) = self.diagnostics(uri, true) else {
            return;
        };
        let mut h = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&items, &mut h);
        let hash = h.finish();
        let Some(snap) = self.docs.get_mut(uri) else {
            return;
        };
        if if_changed && snap.published == hash {
            return;
        }
        snap.published = hash;
        self.publish(uri, &items, Some(version));
    }

    fn publish(&self, uri: &Uri, items: &str, version: Option<i32>) {
        let uri = serde_json::to_string(uri).unwrap_or_else(|_| "null".into());
        let version = version.map_or("null".to_string(), |v| v.to_string());
        self.out.write_now(&format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{{"uri":{uri},"diagnostics":{items},"version":{version}}}}}"#
        ));
    }

    /// The JSON array of a document's diagnostics in its latest snapshot, with its version.
    /// `outdated`: given up (`None`) as soon as the document changes again, to publish the
    /// newer version sooner; the caches made so far are kept.
    fn diagnostics(&mut self, uri: &Uri, outdated: bool) -> Option<(String, i32)> {
        let ix = self.index.clone();
        let index = ix.peek();
        let href = self.links.get(Code::RefOrder);
        let snap = self.docs.get_mut(uri)?;
        let mut previous = std::mem::take(&mut snap.by_cable);
        snap.by_cable.reserve(previous.len());
        // Many cables not in the cache (an opened document, a settings change) are computed
        // on every core first. Stale entries count as cached here: the test only has to see
        // an opened document.
        if snap.doc.cables().len().saturating_sub(previous.len()) >= SPREAD_FROM {
            let made = Made {
                doc: &snap.doc,
                uri,
                enc: self.enc,
                settings: &self.settings,
            };
            previous.extend(made.on_every_core(&previous));
        }
        let mut out = String::with_capacity(self.last_len + 64);
        out.push('[');
        for placed in snap.doc.placed() {
            if outdated && placed.index % LOOK_AGAIN == 0 && self.mailbox.changed(uri) {
                snap.by_cable.extend(previous);
                return None;
            }
            let key = Arc::as_ptr(placed.cable) as usize;
            let mut entry = previous.remove(&key).unwrap_or_else(|| {
                let made = Made {
                    doc: &snap.doc,
                    uri,
                    enc: self.enc,
                    settings: &self.settings,
                };
                made.cable(&placed, &mut self.links)
            });
            let current = (placed.start_line, self.settings_generation);
            let fresh = matches!(&entry.json, Some((l, g, _)) if (*l, *g) == current);
            if !fresh {
                let json = render(
                    &entry.items,
                    entry.note.as_ref(),
                    placed.start_line,
                    &self.settings,
                );
                entry.json = Some((current.0, current.1, json));
            }
            let later = entry.cites.later(&index, &entry.items, uri, href.as_ref());
            let later = render(&later, None, placed.start_line, &self.settings);
            let own = entry.json.as_ref().and_then(|(_, _, json)| json.as_ref());
            for json in own.into_iter().chain(later.as_ref()) {
                if out.len() > 1 {
                    out.push(',');
                }
                out.push_str(json);
            }
            snap.by_cable.insert(key, entry);
        }
        out.push(']');
        self.last_len = out.len();
        Some((out, snap.version))
    }
}

/// What a cable's diagnostics are made from besides the cable.
struct Made<'a> {
    doc: &'a Document,
    uri: &'a Uri,
    enc: Encoding,
    settings: &'a Settings,
}

impl Made<'_> {
    /// A cable's diagnostics from scratch: the rules, their protocol form, what it cites.
    fn cable(&self, placed: &Placed<'_>, links: &mut Links) -> CableDiagnostics {
        let text = cable_text(self.doc, placed);
        let ct = CableText {
            cable: placed.cable,
            text: &text,
        };
        let positions = cable_index(placed.cable, &text);
        let (found, omitted) = most_severe(check_cable_guarded(&ct), self.settings);
        let items = found
            .into_iter()
            .map(|d| (d.code, to_lsp(&d, &positions, self.uri, self.enc, links)))
            .collect();
        let note = (omitted > 0).then(|| omitted_note(omitted));
        CableDiagnostics {
            _cable: placed.cable.clone(),
            items,
            note,
            json: None,
            cites: Cites::of(&ct, &positions, self.enc),
        }
    }

    /// The entries of the cables not in `cached`, computed on every core (opening 3,000
    /// cables took the diagnostics thread 0.6 s alone).
    fn on_every_core(&self, cached: &ByCable) -> Vec<(usize, CableDiagnostics)> {
        let missing: Vec<Placed<'_>> = self
            .doc
            .placed()
            .filter(|p| !cached.contains_key(&(Arc::as_ptr(p.cable) as usize)))
            .collect();
        let made = runs_on_cores(&missing, |run| {
            let mut links = Links::new();
            run.iter().map(|p| self.cable(p, &mut links)).collect()
        });
        let keys = missing.iter().map(|p| Arc::as_ptr(p.cable) as usize);
        keys.zip(made)
            .filter_map(|(key, made)| Some((key, made?)))
            .collect()
    }
}

/// Cables between two looks at whether the document being published changed again: a look
/// locks the mailbox, a cable already converted costs about a third of a microsecond.
const LOOK_AGAIN: usize = 64;

/// A cable's diagnostics as comma-separated JSON objects, moved to document line `first_line`
/// and given the configured severities; `None` when all are off.
fn render(
    items: &[(Code, LspDiagnostic)],
    note: Option<&LspDiagnostic>,
    first_line: usize,
    settings: &Settings,
) -> Option<String> {
    let shift = u32::try_from(first_line).unwrap_or(u32::MAX);
    let mut out = String::new();
    let shown = items
        .iter()
        .filter_map(|(code, d)| Some((d, lsp_severity(settings.severity(*code)?))))
        .chain(note.map(|n| (n, DiagnosticSeverity::INFORMATION)));
    for (d, severity) in shown {
        if !out.is_empty() {
            out.push(',');
        }
        write_diagnostic(&mut out, d, severity, shift);
    }
    (!out.is_empty()).then_some(out)
}

/// At most this many diagnostics of one cable are published. VS Code keeps 1,000 per file and
/// drops the rest (microsoft/vscode#172696), no reader goes through more, and converting and
/// sending a hundred thousand (a hostile TAGS line) on every keystroke costs far more than
/// finding them. `cable-ls check` lists every one.
const MAX_PER_CABLE: usize = 1000;

/// The diagnostics of a cable to publish: those not turned off, and of a crowded cable the
/// `MAX_PER_CABLE` most severe (as configured), in their order; with how many are left out.
fn most_severe(mut found: Vec<Diagnostic>, settings: &Settings) -> (Vec<Diagnostic>, usize) {
    if found.len() <= MAX_PER_CABLE {
        return (found, 0);
    }
    found.retain(|d| settings.severity(d.code).is_some());
    let total = found.len();
    if total > MAX_PER_CABLE {
        // Stable: equally severe ones keep their order of position.
        found.sort_by_key(|d| std::cmp::Reverse(settings.severity(d.code)));
        found.truncate(MAX_PER_CABLE);
        found.sort_by_key(|d| (d.range.start, d.range.end));
    }
    let omitted = total - found.len();
    (found, omitted)
}

/// Where a crowded cable says how much of it is not shown: at its first line.
fn omitted_note(omitted: usize) -> LspDiagnostic {
    LspDiagnostic {
        range: LspRange::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: None,
        code_description: None,
        source: Some("cable-ls".to_string()),
        message: format!(
            "{omitted} more diagnostics of this cable are not shown: cable-ls shows the {MAX_PER_CABLE} most severe of a cable; `cable-ls check` lists every one"
        ),
        related_information: None,
        tags: None,
        data: None,
    }
}

/// One diagnostic as JSON, what serde writes for it with `severity` and its lines moved down
/// by `shift`. Written by hand: a cable can carry a hundred thousand diagnostics, and a clone
/// and a serializer each cost more than finding them.
fn write_diagnostic(out: &mut String, d: &LspDiagnostic, severity: DiagnosticSeverity, shift: u32) {
    out.push_str("{\"range\":");
    write_range(out, &d.range, shift);
    out.push_str(",\"severity\":");
    out.push_str(&serde_json::to_string(&severity).unwrap_or_default());
    match &d.code {
        Some(NumberOrString::String(c)) => {
            out.push_str(",\"code\":");
            json::push_str(out, c);
        }
        Some(NumberOrString::Number(n)) => {
            let _ = write!(out, ",\"code\":{n}");
        }
        None => {}
    }
    if let Some(cd) = &d.code_description {
        out.push_str(",\"codeDescription\":{\"href\":");
        json::push_str(out, cd.href.as_str());
        out.push('}');
    }
    if let Some(source) = &d.source {
        out.push_str(",\"source\":");
        json::push_str(out, source);
    }
    out.push_str(",\"message\":");
    json::push_str(out, &d.message);
    if let Some(related) = &d.related_information {
        out.push_str(",\"relatedInformation\":[");
        for (i, r) in related.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"location\":{\"uri\":");
            json::push_str(out, r.location.uri.as_str());
            out.push_str(",\"range\":");
            write_range(out, &r.location.range, shift);
            out.push_str("},\"message\":");
            json::push_str(out, &r.message);
            out.push('}');
        }
        out.push(']');
    }
    out.push('}');
}

fn write_range(out: &mut String, r: &LspRange, shift: u32) {
    let n = |p: u32| u64::from(p);
    out.push_str("{\"start\":{\"line\":");
    json::push_uint(out, n(r.start.line.saturating_add(shift)));
    out.push_str(",\"character\":");
    json::push_uint(out, n(r.start.character));
    out.push_str("},\"end\":{\"line\":");
    json::push_uint(out, n(r.end.line.saturating_add(shift)));
    out.push_str(",\"character\":");
    json::push_uint(out, n(r.end.character));
    out.push_str("}}");
}

/// The rules on one cable; a panic in a rule costs that cable's diagnostics, not the server.
pub(super) fn check_cable_guarded(ct: &CableText<'_>) -> Vec<Diagnostic> {
    match catch_unwind(AssertUnwindSafe(|| analysis::rules::check_cable(ct))) {
        Ok(mut ds) => {
            ds.sort_by_key(|d| (d.range.start, d.range.end));
            ds
        }
        Err(_) => {
            tracing::error!("a rule panicked; this cable's diagnostics are left out");
            Vec::new()
        }
    }
}

/// `codeDescription` links, parsed once per code.
pub(super) struct Links(HashMap<Code, Option<Uri>>);

impl Links {
    pub(super) fn new() -> Links {
        Links(HashMap::new())
    }

    fn get(&mut self, code: Code) -> Option<Uri> {
        self.0
            .entry(code)
            .or_insert_with(|| {
                let url = crate::address::rules_url()?;
                Uri::from_str(&format!("{url}#{}", code.name())).ok()
            })
            .clone()
    }
}

/// A diagnostic in protocol form, lines counted from the cable's first line.
pub(super) fn to_lsp(
    d: &Diagnostic,
    cable: &crate::position::LineIndex<'_>,
    uri: &Uri,
    enc: Encoding,
    links: &mut Links,
) -> LspDiagnostic {
    let range = |r| enc.range_in_cable(cable, r);
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(r.range)),
            message: r.message.clone(),
        })
        .collect();
    LspDiagnostic {
        range: range(d.range),
        severity: Some(lsp_severity(d.severity)),
        code: Some(NumberOrString::String(d.code.name().to_string())),
        code_description: links.get(d.code).map(|href| CodeDescription { href }),
        source: Some("cable-ls".to_string()),
        message: d.message.to_string(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

pub(super) fn lsp_severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Hint => DiagnosticSeverity::HINT,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Error => DiagnosticSeverity::ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Position;

    #[test]
    fn written_as_serde_writes_it() {
        let uri = Uri::from_str("file:///a%20b.cable").unwrap();
        let range = |l, c| LspRange::new(Position::new(l, c), Position::new(l, c + 2));
        let full = LspDiagnostic {
            range: range(3, 12),
            severity: Some(DiagnosticSeverity::ERROR),
            code: Some(NumberOrString::String("unknown-tag".into())),
            code_description: Some(CodeDescription {
                href: Uri::from_str("https://example.invalid/README.md#unknown-tag").unwrap(),
            }),
            source: Some("cable-ls".into()),
            message: "`ZZ` is \"no\" code\\\t😀".into(),
            related_information: Some(vec![
                DiagnosticRelatedInformation {
                    location: Location::new(uri.clone(), range(0, 0)),
                    message: "here".into(),
                },
                DiagnosticRelatedInformation {
                    location: Location::new(uri, range(1, 5)),
                    message: "and here".into(),
                },
            ]),
            tags: None,
            data: None,
        };
        let bare = LspDiagnostic {
            code: Some(NumberOrString::Number(7)),
            code_description: None,
            source: None,
            related_information: None,
            ..full.clone()
        };
        for d in [full, bare] {
            let mut out = String::new();
            write_diagnostic(&mut out, &d, DiagnosticSeverity::WARNING, 40);
            let mut moved = d.clone();
            moved.severity = Some(DiagnosticSeverity::WARNING);
            for p in [&mut moved.range.start, &mut moved.range.end] {
                p.line += 40;
            }
            for r in moved.related_information.iter_mut().flatten() {
                for p in [&mut r.location.range.start, &mut r.location.range.end] {
                    p.line += 40;
                }
            }
            let ours: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(ours, serde_json::to_value(&moved).unwrap(), "{out}");
        }
    }
}
