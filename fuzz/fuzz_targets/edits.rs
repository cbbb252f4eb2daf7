//! Bytes read as an initial text and a sequence of edits; after every edit the incremental
//! parse must equal a fresh parse of the new text, and the text must equal a plain `String`
//! edited the same way.
//!
//! Layout: `u16 LE n`, then `n` bytes of initial text (lossy UTF-8), then edits of
//! `u16 LE start, u16 LE end, u8 k, k bytes of replacement (lossy UTF-8)`. Offsets are taken
//! as they are (past the end and inside characters included): `Document::edit` clamps and
//! snaps them, and the model applies the same rule.
#![no_main]

use cable_grammar::piece::{set_limits, SMALL};
use cable_grammar::{parse, Document};
use libfuzzer_sys::fuzz_target;

/// Replacement texts that the raw bytes rarely make on their own: line breaks, multi-byte
/// characters and the structural lines of the format.
const SNIPPETS: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "é",
    "—",
    "’",
    "¶",
    "😀",
    "NNNN\n",
    "PAGE 01 LIMA 14540 01 OF 04 092105Z\n",
    "PAGE 02 LIMA 14540 02 OF 04 092105Z\n",
    "PAGE 01 QUITO 08812 141530Z\n",
    "SECTION 02 OF 04",
    "C O N F I D E N T I A L SECTION 01 OF 04 LIMA 14540\n",
    "UNCLAS SECTION 02 OF 02 SANTIAGO 000387\n",
    "UNCLAS SANTIAGO 000387\n",
    "BAGHDAD 00000197 002 OF 002\n",
    "VZCZCXYZ0387\n",
    "This record is a partial extract of the original cable.\n",
    "O 061840Z APR 94\n",
    "FM AMEMBASSY LIMA\n",
    "TO SECSTATE WASHDC PRIORITY 4101\n",
    "INFO AMEMBASSY QUITO\n",
    "SUBJECT: ",
    "1. ",
    "\n\n",
];

fn snap(s: &str, b: usize) -> usize {
    let mut b = b.min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    b
}

fn take<'a>(data: &mut &'a [u8], n: usize) -> &'a [u8] {
    let n = n.min(data.len());
    let (head, tail) = data.split_at(n);
    *data = tail;
    head
}

fn u16_le(data: &mut &[u8]) -> Option<usize> {
    match take(data, 2) {
        [a, b] => Some(u16::from_le_bytes([*a, *b]) as usize),
        _ => None,
    }
}

fuzz_target!(|data: &[u8]| {
    // Limits of a few lines, so that inputs of a few KB meet cuts and capped leads.
    set_limits(SMALL);
    let mut data = data;
    let Some(n) = u16_le(&mut data) else { return };
    let mut model = String::from_utf8_lossy(take(&mut data, n)).into_owned();
    let mut doc = Document::new(&model);
    assert!(doc.cables() == parse(&model).as_slice());
    let mut edits = 0;
    while edits < 64 {
        let (Some(start), Some(end)) = (u16_le(&mut data), u16_le(&mut data)) else {
            break;
        };
        let Some(&k) = data.first() else { break };
        data = &data[1..];
        // k >= 0xE0 picks a snippet, otherwise k bytes of the input are the new text.
        let new_text = if k >= 0xE0 {
            SNIPPETS[(k - 0xE0) as usize % SNIPPETS.len()].to_string()
        } else {
            String::from_utf8_lossy(take(&mut data, k as usize)).into_owned()
        };
        doc.edit(start, end, &new_text);
        let s = snap(&model, start);
        let e = snap(&model, end).max(s);
        model.replace_range(s..e, &new_text);
        assert_eq!(doc.text(), model, "text after edit {edits}");
        let fresh = parse(&model);
        assert!(
            doc.cables() == fresh.as_slice(),
            "incremental != fresh parse after edit {edits} ({start}..{end} <- {new_text:?})"
        );
        edits += 1;
    }
});
