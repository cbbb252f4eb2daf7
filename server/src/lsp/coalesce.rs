//! Edits applied to a document's text at once and to its parse later, together.
//!
//! A burst of keystrokes arrives faster than a cable re-parses (a 300-line cable takes about
//! 0.3 ms), and only the last version's diagnostics are published. So a `didChange` changes
//! the text only (the text must equal the editor's at every message: the next change's
//! positions are read against it), and the parse is brought up to it once, when someone
//! needs it: the diagnostics worker as it starts its next batch, or a request. The edits of a
//! burst then cost one re-parse of the cable typed in, however many keystrokes it had.

use cable_grammar::Document;
use ropey::Rope;

/// At most this many bytes (old and new) between the first and the last byte any edit
/// touched are re-parsed as one edit; edits spread wider (typing at both ends of a long
/// document) are replayed one by one, each re-parsing only its own cables.
const ONE_EDIT_SPAN: usize = 64 << 10;

/// Edits kept before the parse is brought up to date anyway (by the caller): a client typing
/// into a server whose diagnostics nobody reads must not grow the list without bound.
pub const MAX_EDITS: usize = 1024;

pub struct Coalesced {
    /// The editor's text: the parse's text with `edits` applied.
    text: Rope,
    /// In order, in bytes of the text each was applied to, snapped to character boundaries.
    edits: Vec<(usize, usize, String)>,
    /// Bytes at the start and at the end that no edit touched, the same in both texts.
    head: usize,
    tail: usize,
}

impl Coalesced {
    /// Nothing yet, over the text of `doc`.
    pub fn over(doc: &Document) -> Coalesced {
        let text = doc.rope().clone();
        let len = text.len_bytes();
        Coalesced {
            text,
            edits: Vec::new(),
            head: len,
            tail: len,
        }
    }

    pub fn text(&self) -> &Rope {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.edits.len()
    }

    /// Replace `start..end` of the current text, clamped and snapped as `Document::edit` does.
    pub fn edit(&mut self, start: usize, end: usize, new_text: &str) {
        let rope = &mut self.text;
        let len = rope.len_bytes();
        let snap = |b: usize| rope.char_to_byte(rope.byte_to_char(b.min(len)));
        let start = snap(start);
        let end = snap(end).max(start);
        self.head = self.head.min(start);
        self.tail = self.tail.min(len - end);
        let (cs, ce) = (rope.byte_to_char(start), rope.byte_to_char(end));
        rope.remove(cs..ce);
        rope.insert(cs, new_text);
        self.edits.push((start, end, new_text.to_string()));
    }

    /// Bring `doc` (whose text this began over) to the current text: one edit over the span
    /// the edits touched when it is narrow, else each edit in turn. `apply` is the caller's
    /// edit (which may guard against a panic).
    pub fn apply(self, doc: &mut Document, apply: impl Fn(&mut Document, usize, usize, &str)) {
        if self.edits.is_empty() {
            return;
        }
        let old_len = doc.rope().len_bytes();
        let new_len = self.text.len_bytes();
        // Both texts are at least `head + tail` long: each edit kept its own bytes out of both.
        let (old_end, new_end) = (old_len - self.tail, new_len - self.tail);
        if (old_end - self.head) + (new_end - self.head) <= ONE_EDIT_SPAN {
            let new = self.text.byte_slice(self.head..new_end).to_string();
            apply(doc, self.head, old_end, &new);
        } else {
            for (start, end, new) in &self.edits {
                apply(doc, *start, *end, new);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A few cables, then edits as `(start, end, text)` in the text as it stands; after each
    /// sequence the coalesced parse equals a fresh parse of the text the edits made.
    #[test]
    fn coalesced_edits_give_the_fresh_parse() {
        let cable = "VZCZC\nP 041200Z MAR 92\nFM AMEMBASSY LIMA\nTO SECSTATE WASHDC\nBT\n\
                     C O N F I D E N T I A L LIMA 014540\n\nE.O. 12356: DECL: OADR\n\
                     TAGS: PGOV, PE\nSUBJECT: A TEST\n\n1. (C) FIRST.\n\n2. (U) SECOND.\nBT\n\
                     #4540\nNNNN\n";
        let text = cable.repeat(3);
        let typed = text.find("FIRST").unwrap();
        let far = text.len() - 10;
        let cases: &[&[(usize, usize, &str)]] = &[
            &[],
            &[(typed, typed, "X")],
            // A burst: letters typed on, one deleted, a line break and a `\r` before it.
            &[
                (typed, typed, "A"),
                (typed + 1, typed + 1, "B"),
                (typed + 2, typed + 2, "C"),
                (typed + 1, typed + 2, ""),
                (typed, typed, "\r"),
                (typed + 1, typed + 1, "\n3. "),
            ],
            // Far apart: replayed one by one.
            &[(0, 0, "Z"), (far, far, "Y"), (1, 1, "\n")],
            // A new cable typed in between, a multi-byte letter, an offset inside it, and
            // offsets past the end.
            &[
                (typed, typed, "\nVZCZC\n"),
                (typed, typed, "É"),
                (typed + 1, typed + 1, "x"),
                (usize::MAX, usize::MAX, "end"),
            ],
            // Everything deleted, then written again.
            &[(0, usize::MAX, ""), (0, 0, cable)],
        ];
        for edits in cases {
            let mut doc = Document::new(&text);
            let mut pending = Coalesced::over(&doc);
            let mut expected = Document::new(&text);
            for &(s, e, t) in *edits {
                pending.edit(s, e, t);
                expected.edit(s, e, t);
            }
            assert_eq!(pending.len(), edits.len());
            assert_eq!(pending.text(), expected.rope(), "{edits:?}");
            pending.apply(&mut doc, |d, s, e, t| d.edit(s, e, t));
            assert_eq!(doc.rope(), expected.rope(), "{edits:?}");
            assert!(doc.verify(), "{edits:?}");
        }
    }
}
