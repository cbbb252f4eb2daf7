//! Arbitrary bytes, read as (lossy) UTF-8: parsing and dumping must not panic.
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
});
