//! Open documents: the editor's text in a rope with its parse, kept equal to the editor's copy
//! change by change.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use cable_grammar::Document;
use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::encoding::Encoding;

pub struct OpenDocument {
    pub version: i32,
    pub doc: Document,
}

#[derive(Default)]
pub struct Store {
    docs: HashMap<Uri, OpenDocument>,
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
    pub fn open(&mut self, uri: Uri, version: i32, text: &str) -> &OpenDocument {
        let doc = parse_guarded(text);
        self.docs.insert(uri.clone(), OpenDocument { version, doc });
        &self.docs[&uri]
    }

    pub fn close(&mut self, uri: &Uri) -> bool {
        self.docs.remove(uri).is_some()
    }

    pub fn get(&self, uri: &Uri) -> Option<&OpenDocument> {
        self.docs.get(uri)
    }

    /// Apply the changes of one `didChange` in order. Each range is read against the text as
    /// the previous change left it, as the protocol says.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) -> Result<&OpenDocument, Refused> {
        let open = self.docs.get_mut(uri).ok_or(Refused::NotOpen)?;
        if version <= open.version {
            return Err(Refused::Stale {
                have: open.version,
                got: version,
            });
        }
        // A full-text change replaces everything before it: start from the last one.
        let first = changes.iter().rposition(|c| c.range.is_none()).unwrap_or(0);
        for change in &changes[first..] {
            match change.range {
                None => open.doc = parse_guarded(&change.text),
                Some(range) => {
                    let r = enc.text_range(open.doc.rope(), range);
                    edit_guarded(&mut open.doc, r.start, r.end, &change.text);
                }
            }
        }
        open.version = version;
        Ok(open)
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
