//! The workspace index: every cable file under the workspace folders, read in the background,
//! kept as metadata (`entry`: ids, dates, subjects, references with their places; never the
//! texts) and kept current through the editor's open documents (whose text wins) and
//! `workspace/didChangeWatchedFiles`.
//!
//! Threads: `readers` threads (2 to 4, by the cores) take files from one queue: first the
//! files a watched-file event names (so that a request after the event waits for little),
//! then the walk's. Each reads, parses, summarizes and puts the file's entry in the index
//! under its lock, briefly. The walk is `check`'s (`cli::input::collect`: ignore files, hidden
//! entries, `*.cable` and `*.txt`). Open documents are handed over as snapshots and summarized
//! when a request needs them (an edit costs nothing until then, and a burst of them one
//! summary, of the cables the edits replaced). A request waits until the watched-file events
//! that came before it are read.

mod entry;
pub mod navigation;
pub mod protocol;
mod store;

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use cable_grammar::Document;
use tower_lsp_server::ls_types::Uri;

pub use store::Index;

use super::encoding::Encoding;
use crate::cli::input;

/// One file to (re)read.
struct Job {
    path: PathBuf,
    /// From a watched-file event (counted in `events`), not the walk.
    event: bool,
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    /// The walk is over and its files are queued: readers may stop when the queue is empty.
    walked: bool,
    /// Watched-file events queued and read, for requests to wait on.
    events_queued: u64,
    events_done: u64,
}

/// How far the first reading of the workspace is, for `$/progress`.
#[derive(Default)]
pub struct Progress {
    pub files_total: AtomicU64,
    pub bytes_total: AtomicU64,
    pub files_read: AtomicU64,
    pub bytes_read: AtomicU64,
    /// The walk is over, and so is the reading of its files.
    pub done: AtomicBool,
    /// The walk has counted the files.
    pub counted: AtomicBool,
}

struct Shared {
    enc: Encoding,
    index: Mutex<Index>,
    /// Open documents changed since the index last summarized them (`None`: closed).
    pending: Mutex<HashMap<Uri, Option<Document>>>,
    queue: Mutex<Queue>,
    /// Readers wait here for jobs; requests for events to be read.
    wake: Condvar,
    progress: Progress,
}

#[derive(Clone)]
pub struct Indexer {
    shared: Arc<Shared>,
}

impl Indexer {
    pub fn new(enc: Encoding) -> Indexer {
        Indexer {
            shared: Arc::new(Shared {
                enc,
                index: Mutex::new(Index::default()),
                pending: Mutex::new(HashMap::new()),
                queue: Mutex::new(Queue::default()),
                wake: Condvar::new(),
                progress: Progress::default(),
            }),
        }
    }

    pub fn progress(&self) -> &Progress {
        &self.shared.progress
    }

    /// Walk `folders` and read every cable file in them, on threads of their own.
    pub fn start(&self, folders: Vec<PathBuf>) {
        let readers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
        for i in 0..readers {
            let shared = self.shared.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("index-{i}"))
                .spawn(move || read_jobs(&shared));
            if let Err(e) = spawned {
                tracing::error!("cannot start an index thread: {e}");
            }
        }
        let shared = self.shared.clone();
        let spawned = std::thread::Builder::new()
            .name("index-walk".into())
            .spawn(move || walk(&shared, &folders));
        if let Err(e) = spawned {
            tracing::error!("cannot start the index walk: {e}");
        }
    }

    /// A file changed, appeared or went away on the disk.
    pub fn file_changed(&self, path: PathBuf) {
        let mut q = lock(&self.shared.queue);
        q.events_queued += 1;
        q.jobs.push_front(Job { path, event: true });
        self.shared.wake.notify_all();
    }

    /// An open document's new text (or its close, `None`).
    pub fn document(&self, uri: &Uri, doc: Option<Document>) {
        lock(&self.shared.pending).insert(key(uri), doc);
    }

    /// The index with every change told before now in it. Waits for watched-file events
    /// still being read (at most a few seconds: a request is never held for long).
    pub fn current(&self) -> MutexGuard<'_, Index> {
        let s = &self.shared;
        {
            let q = lock(&s.queue);
            let wanted = q.events_queued;
            let _ = s
                .wake
                .wait_timeout_while(q, Duration::from_secs(5), |q| q.events_done < wanted);
        }
        let pending = std::mem::take(&mut *lock(&s.pending));
        let mut index = lock(&s.index);
        for (uri, doc) in pending {
            match doc {
                Some(doc) => index.set_open(&uri, &doc, s.enc),
                None => index.close(&uri),
            }
        }
        index
    }

    pub fn encoding(&self) -> Encoding {
        self.shared.enc
    }
}

/// The key of a document: a `file:` URI in the form the index gives the files it reads, so
/// that an editor's spelling of the same path (`%3A` for `:`) is the same file.
pub fn key(uri: &Uri) -> Uri {
    uri.to_file_path()
        .and_then(|p| Uri::from_file_path(p.as_ref()))
        .unwrap_or_else(|| uri.clone())
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn walk(shared: &Shared, folders: &[PathBuf]) {
    let found = input::collect(folders, false);
    for e in found.errors.iter().chain(&found.skipped) {
        tracing::info!("index: {e}");
    }
    let p = &shared.progress;
    let bytes: u64 = found
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    p.files_total
        .store(found.files.len() as u64, Ordering::SeqCst);
    p.bytes_total.store(bytes, Ordering::SeqCst);
    p.counted.store(true, Ordering::SeqCst);
    let mut q = lock(&shared.queue);
    q.jobs.extend(
        found
            .files
            .into_iter()
            .map(|path| Job { path, event: false }),
    );
    q.walked = true;
    if q.jobs.is_empty() {
        p.done.store(true, Ordering::SeqCst);
    }
    shared.wake.notify_all();
}

/// A reader thread: forever, the next file.
fn read_jobs(shared: &Shared) {
    loop {
        let job = {
            let mut q = lock(&shared.queue);
            loop {
                if let Some(job) = q.jobs.pop_front() {
                    break job;
                }
                q = shared.wake.wait(q).unwrap_or_else(|e| e.into_inner());
            }
        };
        let read = std::panic::catch_unwind(|| read_file(shared, &job.path, job.event));
        if read.is_err() {
            tracing::error!("index: reading {} panicked", job.path.display());
        }
        let mut q = lock(&shared.queue);
        if job.event {
            q.events_done += 1;
            shared.wake.notify_all();
        } else {
            let p = &shared.progress;
            let n = p.files_read.fetch_add(1, Ordering::SeqCst) + 1;
            if q.walked && n >= p.files_total.load(Ordering::SeqCst) {
                p.done.store(true, Ordering::SeqCst);
            }
        }
    }
}

/// Read one file into the index; a file an event names is read only where the walk would
/// have read it (else it is taken out: deleted, or now ignored).
fn read_file(shared: &Shared, path: &std::path::Path, event: bool) {
    let Some(uri) = Uri::from_file_path(path) else {
        return;
    };
    if event && !input::walked(path) {
        lock(&shared.index).set_disk(&uri, None);
        return;
    }
    let entry = match input::read(path) {
        Ok(source) => {
            shared
                .progress
                .bytes_read
                .fetch_add(source.text().len() as u64, Ordering::SeqCst);
            let cables = cable_grammar::parse(source.text());
            Some(entry::FileEntry::of_text(
                &cables,
                source.text(),
                shared.enc,
            ))
        }
        Err(e) => {
            tracing::debug!("index: {e}");
            None
        }
    };
    lock(&shared.index).set_disk(&uri, entry);
}
