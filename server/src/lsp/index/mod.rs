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
//!
//! Folders added after the start (`workspace/didChangeWorkspaceFolders`) are walked like the
//! first ones; their reading counts as one event, so a request after the change waits for
//! it. A folder removed takes its files out at once; the index keeps the folders and checks
//! them under its lock when it takes a file in, so a file of a removed folder still queued or
//! being read is not put back.

mod entry;
pub mod navigation;
pub mod protocol;
mod store;

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use cable_grammar::Document;
use tower_lsp_server::ls_types::Uri;

pub use store::Index;

use super::encoding::Encoding;
use crate::cli::input;

/// One file to (re)read.
struct Job {
    path: PathBuf,
    why: Why,
}

enum Why {
    /// The first walk's (counted in `Progress`).
    Walk,
    /// A watched-file event (one of `events`).
    Event,
    /// A folder added later: its files together are one of `events`, done with the last.
    Added(Arc<AtomicU64>),
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
    /// Told when the ids or dates of some cable changed (after the first reading is done).
    on_change: OnceLock<Box<dyn Fn() + Send + Sync>>,
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
                on_change: OnceLock::new(),
            }),
        }
    }

    pub fn progress(&self) -> &Progress {
        &self.shared.progress
    }

    /// What to call when the ids or dates of some cable changed: once the first reading is
    /// over, at the change; the changes of the first reading together when it ends.
    pub fn on_change(&self, f: impl Fn() + Send + Sync + 'static) {
        let _ = self.shared.on_change.set(Box::new(f));
    }

    /// Walk `folders` and read every cable file in them, on threads of their own.
    pub fn start(&self, folders: Vec<PathBuf>) {
        lock(&self.shared.index).set_folders(folders.clone());
        let readers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
        for i in 0..readers {
            let shared = self.shared.clone();
            spawn(format!("index-{i}"), move || read_jobs(&shared));
        }
        let shared = self.shared.clone();
        spawn("index-walk".into(), move || walk(&shared, &folders));
    }

    /// A file changed, appeared or went away on the disk.
    pub fn file_changed(&self, path: PathBuf) {
        let mut q = lock(&self.shared.queue);
        q.events_queued += 1;
        q.jobs.push_front(Job {
            path,
            why: Why::Event,
        });
        self.shared.wake.notify_all();
    }

    /// Workspace folders added and removed after the start.
    pub fn folders_changed(&self, added: Vec<PathBuf>, removed: &[PathBuf]) {
        {
            let mut index = lock(&self.shared.index);
            index.remove_folders(removed);
            settle(&self.shared, &mut index);
        }
        for folder in added {
            if !lock(&self.shared.index).add_folder(&folder) {
                continue;
            }
            lock(&self.shared.queue).events_queued += 1;
            let shared = self.shared.clone();
            if !spawn("index-walk".into(), move || walk_added(&shared, &folder)) {
                lock(&self.shared.queue).events_done += 1;
            }
        }
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
        self.peek()
    }

    /// The index with the open documents' changes in it, without waiting for the disk.
    pub fn peek(&self) -> MutexGuard<'_, Index> {
        let s = &self.shared;
        let pending = std::mem::take(&mut *lock(&s.pending));
        let mut index = lock(&s.index);
        for (uri, doc) in pending {
            match doc {
                Some(doc) => index.set_open(&uri, &doc, s.enc),
                None => index.close(&uri),
            }
        }
        settle(s, &mut index);
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

/// A thread of the index; false (and logged) when the system gives none.
fn spawn(name: String, work: impl FnOnce() + Send + 'static) -> bool {
    match std::thread::Builder::new().name(name.clone()).spawn(work) {
        Ok(_) => true,
        Err(e) => {
            tracing::error!("cannot start the index thread {name}: {e}");
            false
        }
    }
}

/// Tell `on_change` of changes to ids or dates, once the first reading is over.
fn settle(shared: &Shared, index: &mut Index) {
    if shared.progress.done.load(Ordering::SeqCst) && index.take_changed() {
        if let Some(f) = shared.on_change.get() {
            f();
        }
    }
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
    q.jobs.extend(found.files.into_iter().map(|path| Job {
        path,
        why: Why::Walk,
    }));
    q.walked = true;
    if q.jobs.is_empty() {
        p.done.store(true, Ordering::SeqCst);
        settle(shared, &mut lock(&shared.index));
    }
    shared.wake.notify_all();
}

/// The walk of a folder added later: its files go to the queue behind the events, and the
/// folder counts as one event until the last of them is read.
fn walk_added(shared: &Shared, folder: &std::path::Path) {
    let found = input::collect(&[folder.to_path_buf()], false);
    let mut q = lock(&shared.queue);
    if found.files.is_empty() {
        q.events_done += 1;
        shared.wake.notify_all();
        return;
    }
    let left = Arc::new(AtomicU64::new(found.files.len() as u64));
    q.jobs.extend(found.files.into_iter().map(|path| Job {
        path,
        why: Why::Added(left.clone()),
    }));
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
        let event = matches!(job.why, Why::Event);
        // Unwind safe: what the reading changes is behind mutexes, taken back after a panic.
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_file(shared, &job.path, event)
        }));
        if read.is_err() {
            tracing::error!("index: reading {} panicked", job.path.display());
        }
        let mut q = lock(&shared.queue);
        match job.why {
            Why::Event => {
                q.events_done += 1;
                shared.wake.notify_all();
            }
            Why::Added(left) => {
                if left.fetch_sub(1, Ordering::SeqCst) == 1 {
                    q.events_done += 1;
                    shared.wake.notify_all();
                }
            }
            Why::Walk => {
                let p = &shared.progress;
                let n = p.files_read.fetch_add(1, Ordering::SeqCst) + 1;
                if q.walked && n >= p.files_total.load(Ordering::SeqCst) {
                    p.done.store(true, Ordering::SeqCst);
                    settle(shared, &mut lock(&shared.index));
                }
            }
        }
    }
}

/// Read one file into the index; a file an event names is read only where the walk would
/// have read it (else it is taken out: deleted, or now ignored). A file under no workspace
/// folder (any more) is taken out too.
fn read_file(shared: &Shared, path: &std::path::Path, event: bool) {
    let Some(uri) = Uri::from_file_path(path) else {
        return;
    };
    if event && !input::walked(path) {
        let mut index = lock(&shared.index);
        index.set_disk(&uri, None);
        settle(shared, &mut index);
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
    let mut index = lock(&shared.index);
    let entry = entry.filter(|_| index.covers(path));
    index.set_disk(&uri, entry);
    settle(shared, &mut index);
}
