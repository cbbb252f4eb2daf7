//! Arbitrary bytes, read as (lossy) UTF-8: parsing, dumping and reading citations must not
//! panic, and every citation lies inside its cable on character boundaries.
#![no_main]

use cable_grammar::{dump::dump, parse, Document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let cables = parse(&text);
    let doc = Document::new(&text);
    assert_eq!(doc.cables(), cables.as_slice());
    let total: usize = cables.iter().map(|c| c.len).sum();
    assert_eq!(total, text.len(), "cables must cover the text");
    let _ = dump(&doc);
    for placed in doc.placed() {
        let ct = &text[placed.start_byte..placed.start_byte + placed.cable.len];
        for c in cable_grammar::citation::citations(placed.cable, ct) {
            assert!(ct.get(c.range.start..c.range.end).is_some(), "{c:?}");
        }
        let _ = cable_grammar::citation::own_id(placed.cable, ct);
    }
});
