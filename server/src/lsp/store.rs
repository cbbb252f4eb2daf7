//! Open documents: the editor's text in a rope with its parse, kept equal to the editor's copy
//! change by change.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cable_grammar::Document;
use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::encoding::Encoding;

/// Texts at least this long are parsed on a thread of their own, so that opening a large file
/// does not hold back the messages behind it (a 24 MB document takes about a second).
pub const PARSE_APART: usize = 1 << 20;

pub struct OpenDocument {
    pub version: i32,
    /// Unparsed (text only) while a parse of it runs elsewhere.
    pub doc: Document,
    /// The parse running elsewhere, and the edits made since its text was taken.
    parsing: Option<Parsing>,
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
    text: Rope,
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
        let rope = self.text;
        let cancelled = || self.cancel.load(Ordering::Relaxed);
        let doc = catch_unwind(AssertUnwindSafe(|| {
            Document::from_rope_cancellable(rope.clone(), &cancelled)
        }))
        .unwrap_or_else(|_| {
            tracing::error!("the parser panicked on a document; it is kept unparsed");
            Some(Document::unparsed(&rope.to_string()))
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
    generation: u64,
}

/// Why a change was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    NotOpen,
    /// The change's version is not newer than the document's.
    Stale {
        have: i32,
        got: i32,
    },
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotOpen => f.write_str("the document is not open"),
            Refused::Stale { have, got } => write!(
                f,
                "version {got} is not newer than the document's version {have}; change ignored"
            ),
        }
    }
}

impl Store {
    /// Open (or reopen) a document. A long text is kept unparsed for now and the parse to run
    /// elsewhere is returned.
    pub fn open(
        &mut self,
        uri: Uri,
        version: i32,
        text: String,
    ) -> (&OpenDocument, Option<ParseJob>) {
        let (doc, parsing, job) = self.start(&uri, text);
        self.docs.insert(
            uri.clone(),
            OpenDocument {
                version,
                doc,
                parsing,
            },
        );
        (&self.docs[&uri], job)
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
        drop(text);
        let job = ParseJob {
            uri: uri.clone(),
            generation: self.generation,
            text: doc.rope().clone(),
            cancel,
        };
        (doc, Some(parsing), Some(job))
    }

    /// Put a finished parse in place: the edits made meanwhile are replayed on it. Returns the
    /// document when the parse was still wanted (not closed, not replaced since).
    pub fn install(&mut self, parsed: Parsed) -> Option<&OpenDocument> {
        let open = self.docs.get_mut(&parsed.uri)?;
        if open.parsing.as_ref()?.generation != parsed.generation {
            return None;
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
        if doc.rope() != open.doc.rope() {
            tracing::error!("a replayed parse differs from the text; parsing it again");
            doc = parse_guarded(&open.doc.text());
        }
        open.doc = doc;
        Some(open)
    }

    pub fn close(&mut self, uri: &Uri) -> bool {
        self.docs.remove(uri).is_some()
    }

    pub fn get(&self, uri: &Uri) -> Option<&OpenDocument> {
        self.docs.get(uri)
    }

    /// Apply the changes of one `didChange` in order. Each range is read against the text as
    /// the previous change left it, as the protocol says. A full-text change of a long text
    /// returns a parse to run elsewhere, as `open` does.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) -> Result<(&OpenDocument, Option<ParseJob>), Refused> {
        let have = self.docs.get(uri).ok_or(Refused::NotOpen)?.version;
        if version <= have {
            return Err(Refused::Stale { have, got: version });
        }
        // A full-text change replaces everything before it: start from the last one.
        let first = changes.iter().rposition(|c| c.range.is_none()).unwrap_or(0);
        let mut job = None;
        if let Some(full) = changes.get(first).filter(|c| c.range.is_none()) {
            let (doc, parsing, j) = self.start(uri, full.text.clone());
            let open = self.docs.get_mut(uri).ok_or(Refused::NotOpen)?;
            open.doc = doc;
            open.parsing = parsing;
            job = j;
        }
        let open = self.docs.get_mut(uri).ok_or(Refused::NotOpen)?;
        for change in &changes[first..] {
            let Some(range) = change.range else {
                continue;
            };
            let r = enc.text_range(open.doc.rope(), range);
            if let Some(p) = &mut open.parsing {
                p.edits.push((r.start, r.end, change.text.clone()));
            }
            edit_guarded(&mut open.doc, r.start, r.end, &change.text);
        }
        open.version = version;
        Ok((open, job))
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
