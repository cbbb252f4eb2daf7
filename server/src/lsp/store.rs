//! Open documents: the editor's text in a rope with its parse, kept equal to the editor's copy
//! change by change, and the documents whose copy could not be kept equal (out of sync).

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cable_grammar::Document;
use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::coalesce::{Coalesced, MAX_EDITS};
use super::encoding::Encoding;

/// Texts at least this long are parsed on a thread of their own, so that opening a large file
/// does not hold back the messages behind it (a 24 MB document takes about a second).
pub const PARSE_APART: usize = 1 << 20;

pub struct OpenDocument {
    pub version: i32,
    /// Unparsed (text only) while a parse of it runs elsewhere. Behind the editor's text
    /// while `pending` holds edits: read it through `Store::current`.
    doc: Document,
    /// The parse running elsewhere, and the edits made since its text was taken.
    parsing: Option<Parsing>,
    /// Edits made to the text and not yet to the parse (see `coalesce`).
    pending: Option<Coalesced>,
    /// The workspace index has not been given this parse yet.
    unindexed: bool,
}

impl OpenDocument {
    fn new(version: i32, doc: Document, parsing: Option<Parsing>) -> OpenDocument {
        OpenDocument {
            version,
            doc,
            parsing,
            pending: None,
            unindexed: true,
        }
    }

    /// The editor's text.
    fn text(&self) -> &Rope {
        self.pending
            .as_ref()
            .map_or(self.doc.rope(), Coalesced::text)
    }

    /// Bring the parse up to the text.
    fn flush(&mut self, uri: &Uri) {
        let Some(pending) = self.pending.take() else {
            return;
        };
        // Read by `tests/lsp/ordering.rs`: every edit is parsed once, most of a burst together.
        tracing::debug!("parsed {} edits at once in {}", pending.len(), uri.as_str());
        pending.apply(&mut self.doc, edit_guarded);
        self.unindexed = true;
    }
}

struct Parsing {
    generation: u64,
    edits: Vec<(usize, usize, String)>,
    /// Shared with the parse: a parse whose text is replaced or closed is no longer wanted,
    /// and a long one would otherwise hold its memory and a core to its end.
    cancel: Arc<AtomicBool>,
}

impl Drop for Parsing {
    /// Every way a parse stops being wanted (a full-text change, a reopen, a close, a lost
    /// change) drops its `Parsing`; installing it drops it too, when the parse is over.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// A parse to run off the handler: `run` it anywhere, then give the result to `Store::install`.
pub struct ParseJob {
    uri: Uri,
    generation: u64,
    /// The text when the parse started (a clone of the unparsed document's rope: shared, and
    /// unchanged by later edits, which go to copies of the nodes they touch).
    rope: Rope,
    /// The same text as `didOpen` brought it: the parser reads it, and it is dropped when
    /// the parse is done (instead of a third copy made out of the rope for the parser).
    text: String,
    cancel: Arc<AtomicBool>,
}

pub struct Parsed {
    uri: Uri,
    generation: u64,
    doc: Document,
}

impl Parsed {
    pub fn uri(&self) -> &Uri {
        &self.uri
    }
}

impl ParseJob {
    /// The parse, or `None` when its document was replaced or closed before it was done.
    pub fn run(self) -> Option<Parsed> {
        let (rope, text) = (self.rope, self.text);
        let cancelled = || self.cancel.load(Ordering::Relaxed);
        let doc = catch_unwind(AssertUnwindSafe(|| {
            Document::from_text_cancellable(rope.clone(), &text, &cancelled)
        }))
        .unwrap_or_else(|_| {
            tracing::error!("the parser panicked on a document; it is kept unparsed");
            Some(Document::unparsed(&text))
        });
        let Some(doc) = doc else {
            tracing::debug!("a parse of {} was superseded", self.uri.as_str());
            return None;
        };
        Some(Parsed {
            doc,
            uri: self.uri,
            generation: self.generation,
        })
    }
}

#[derive(Default)]
pub struct Store {
    docs: HashMap<Uri, OpenDocument>,
    /// Documents open in the editor whose text the server lost (a change it could not read):
    /// nothing is said about them until a whole text comes again.
    out_of_sync: HashSet<Uri>,
    generation: u64,
}

/// Why a document cannot be used or changed.
#[derive(Debug, PartialEq, Eq)]
pub enum Unavailable {
    NotOpen,
    OutOfSync,
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unavailable::NotOpen => "the document is not open",
            Unavailable::OutOfSync => {
                "the document is out of sync with the editor (an edit could not be read); \
                 close and reopen it"
            }
        })
    }
}

impl Store {
    /// Open (or reopen) a document. A long text is kept unparsed for now and the parse to run
    /// elsewhere is returned.
    pub fn open(&mut self, uri: Uri, version: i32, text: String) -> Option<ParseJob> {
        let (doc, parsing, job) = self.start(&uri, text);
        self.out_of_sync.remove(&uri);
        self.docs
            .insert(uri, OpenDocument::new(version, doc, parsing));
        job
    }

    fn start(&mut self, uri: &Uri, text: String) -> (Document, Option<Parsing>, Option<ParseJob>) {
        if text.len() < PARSE_APART {
            return (parse_guarded(&text), None, None);
        }
        self.generation += 1;
        let cancel = Arc::new(AtomicBool::new(false));
        let parsing = Parsing {
            generation: self.generation,
            edits: Vec::new(),
            cancel: cancel.clone(),
        };
        let doc = Document::unparsed(&text);
        let job = ParseJob {
            uri: uri.clone(),
            generation: self.generation,
            rope: doc.rope().clone(),
            text,
            cancel,
        };
        (doc, Some(parsing), Some(job))
    }

    /// Put a finished parse in place: the edits made meanwhile are replayed on it. Returns
    /// whether the parse was still wanted (not closed, not replaced since).
    pub fn install(&mut self, parsed: Parsed) -> bool {
        let Some(open) = self.docs.get_mut(&parsed.uri) else {
            return false;
        };
        if open.parsing.as_ref().map(|p| p.generation) != Some(parsed.generation) {
            return false;
        }
        let edits = open
            .parsing
            .take()
            .map(|mut p| std::mem::take(&mut p.edits))
            .unwrap_or_default();
        let mut doc = parsed.doc;
        for (start, end, text) in &edits {
            edit_guarded(&mut doc, *start, *end, text);
        }
        if doc.rope() != open.text() {
            tracing::error!("a replayed parse differs from the text; parsing it again");
            doc = parse_guarded(&open.text().to_string());
        }
        open.doc = doc;
        open.pending = None;
        open.unindexed = true;
        true
    }

    pub fn close(&mut self, uri: &Uri) -> bool {
        let lost = self.out_of_sync.remove(uri);
        self.docs.remove(uri).is_some() || lost
    }

    /// A change to `uri` could not be read: its text is no longer the editor's. Returns
    /// whether it was in sync until now (or not known at all).
    pub fn lose(&mut self, uri: &Uri) -> bool {
        self.docs.remove(uri);
        self.out_of_sync.insert(uri.clone())
    }

    pub fn get(&self, uri: &Uri) -> Result<&OpenDocument, Unavailable> {
        self.docs.get(uri).ok_or_else(|| self.unavailable(uri))
    }

    /// An open document with its parse brought up to its text, and whether the workspace
    /// index is still to be given that parse (it is taken as given).
    pub fn current(&mut self, uri: &Uri) -> Result<(&Document, i32, bool), Unavailable> {
        if !self.docs.contains_key(uri) {
            return Err(self.unavailable(uri));
        }
        let open = self.docs.get_mut(uri).ok_or(Unavailable::NotOpen)?;
        open.flush(uri);
        let unindexed = std::mem::take(&mut open.unindexed);
        Ok((&open.doc, open.version, unindexed))
    }

    fn unavailable(&self, uri: &Uri) -> Unavailable {
        if self.out_of_sync.contains(uri) {
            Unavailable::OutOfSync
        } else {
            Unavailable::NotOpen
        }
    }

    /// Apply the changes of one `didChange` in order. Each range is read against the text as
    /// the previous change left it, as the protocol says. A full-text change of a long text
    /// returns a parse to run elsewhere, as `open` does; it also brings a document that was
    /// out of sync back, since it holds all of the editor's text.
    ///
    /// The version is taken as it comes, even when it is not newer than the document's: stdio
    /// delivers messages in the order they were sent, so the ranges of this change refer to
    /// the text the server holds, and the editor has applied it. Refusing it (as this server
    /// once did) would leave the server's text different from the editor's for the rest of the
    /// session; the caller logs the odd version.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        mut changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
    ) -> Result<Option<ParseJob>, Unavailable> {
        // A full-text change replaces everything before it: start from the last one.
        let first = changes.iter().rposition(|c| c.range.is_none());
        let resync = first.is_some() && self.out_of_sync.contains(uri);
        if !resync && !self.docs.contains_key(uri) {
            return Err(self.unavailable(uri));
        }
        let mut job = None;
        if let Some(first) = first {
            let text = std::mem::take(&mut changes[first].text);
            let (doc, parsing, j) = self.start(uri, text);
            job = j;
            if resync {
                self.out_of_sync.remove(uri);
                tracing::info!("{} is in sync again", uri.as_str());
            }
            self.docs
                .insert(uri.clone(), OpenDocument::new(version, doc, parsing));
        }
        let open = self.docs.get_mut(uri).ok_or(Unavailable::NotOpen)?;
        for change in &changes[first.unwrap_or(0)..] {
            let Some(range) = change.range else {
                continue;
            };
            let r = enc.text_range(open.text(), range);
            if let Some(p) = &mut open.parsing {
                p.edits.push((r.start, r.end, change.text.clone()));
            }
            let pending = open
                .pending
                .get_or_insert_with(|| Coalesced::over(&open.doc));
            pending.edit(r.start, r.end, &change.text);
            if pending.len() >= MAX_EDITS {
                open.flush(uri);
            }
        }
        open.version = version;
        Ok(job)
    }
}

/// A fresh parse; should the grammar ever panic, the text is kept with an empty parse so that
/// the server's copy still equals the editor's.
fn parse_guarded(text: &str) -> Document {
    catch_unwind(|| Document::new(text)).unwrap_or_else(|_| {
        tracing::error!("the parser panicked on a document; it is kept unparsed");
        Document::unparsed(text)
    })
}

/// An incremental edit; should it panic, the edit is applied to the text alone and the whole
/// document parsed again.
fn edit_guarded(doc: &mut Document, start: usize, end: usize, text: &str) {
    let before: Rope = doc.rope().clone();
    if catch_unwind(AssertUnwindSafe(|| doc.edit(start, end, text))).is_ok() {
        if paranoid() && doc.is_parsed() && !doc.verify() {
            tracing::error!(
                "paranoid: the incremental parse after an edit of bytes {start}..{end} differs from a fresh parse; parsing the document again"
            );
            *doc = parse_guarded(&doc.text());
        }
        return;
    }
    tracing::error!("an incremental reparse panicked; parsing the document again");
    let mut rope = before;
    let len = rope.len_bytes();
    let (s, e) = (start.min(len), end.min(len).max(start.min(len)));
    let (cs, ce) = (rope.byte_to_char(s), rope.byte_to_char(e));
    rope.remove(cs..ce);
    rope.insert(cs, text);
    *doc = parse_guarded(&rope.to_string());
}

/// `CABLE_LS_PARANOID=1`: after every edit the incremental parse is compared with a fresh parse
/// of the whole text (`Document::verify`), any difference logged and repaired. Slow; for
/// tests and for chasing a wrong diagnostic that appears only while typing.
pub fn paranoid() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| {
        let on = std::env::var("CABLE_LS_PARANOID").is_ok_and(|v| v == "1");
        if on {
            tracing::warn!("paranoid mode: every edit is checked against a fresh parse");
        }
        on
    })
}
