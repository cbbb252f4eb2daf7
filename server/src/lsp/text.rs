//! A cable's text out of the document's rope, for the analysis (which reads `&str`).

use std::borrow::Cow;

use cable_grammar::document::Placed;
use cable_grammar::Document;

/// The bytes of one cable: borrowed when the rope holds them in one chunk, else copied. Only
/// the cable is copied, never the document.
pub fn cable_text<'a>(doc: &'a Document, placed: &Placed<'_>) -> Cow<'a, str> {
    let rope = doc.rope();
    let end = (placed.start_byte + placed.cable.len).min(rope.len_bytes());
    let start = placed.start_byte.min(end);
    rope.byte_slice(start..end).into()
}

/// The cable holding a byte offset (the last one when the offset is the end of the document).
pub fn cable_at(doc: &Document, offset: usize) -> Option<Placed<'_>> {
    let mut last = None;
    for p in doc.placed() {
        if offset < p.start_byte + p.cable.len {
            return Some(p);
        }
        last = Some(p);
    }
    last
}
