//! The rules and the outline never panic, whatever the text: random garbage, and real
//! structure cut up and shuffled (the grammar itself is fuzzed in `fuzz/`; this covers the
//! analysis on top of it).

mod support;

use cable_grammar::Document;
use cable_ls::analysis::{self, outline::outline};
use proptest::prelude::*;
use support::fixture;

fn analyse(text: &str) {
    let doc = Document::new(text);
    let diags = analysis::check(&doc, text);
    for d in &diags {
        assert!(
            d.range.start <= d.range.end && d.range.end <= text.len(),
            "{d:?}"
        );
        assert!(
            text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end),
            "{d:?}"
        );
    }
    for s in outline(&doc, text) {
        assert!(s.range.contains_range(s.selection));
        assert!(s.range.end <= text.len());
    }
}

/// Lines of the fixtures, plus lines that are nearly structure.
fn line_pool() -> Vec<String> {
    let mut pool: Vec<String> = [
        "lima-style.cable",
        "berlin-style.cable",
        "cablegate-envelope.cable",
        "plusd-1977.cable",
    ]
    .iter()
    .flat_map(|n| fixture(n).lines().map(str::to_string).collect::<Vec<_>>())
    .collect();
    pool.extend(
        [
            "PAGE 00 X 1 00 OF 00 000000Z",
            "PAGE 99999999999 LIMA 99999999999 999 OF 0 999999Z",
            "SECTION 01 OF 00",
            "UNCLAS SECTION 00 OF 00 ¶ 000",
            "¶¶1. (",
            "P 999999Z ÉTÉ 99",
            "O R 000000Z JAN 0000",
            "-----ZZZZZZ 999999Z /",
            "INFO /999999999999W",
            "ACTION A-99 /",
            "TO RUEHC/ NIACT IMMEDIATE 99999999999999999999",
            "NNNN😀",
            "\u{feff}C O N F I D E N T I A L SECTION 01 OF 02 É 1",
            "TAGS: (((",
            "BAGHDAD 00000000 000 OF 000",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    pool
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn shuffled_structure(picks in proptest::collection::vec((0usize..10_000, 0u8..4), 0..300)) {
        let pool = line_pool();
        let mut text = String::new();
        for (i, sep) in picks {
            text.push_str(&pool[i % pool.len()]);
            text.push_str(["\n", "\r\n", "\r", "\n\n"][sep as usize]);
        }
        analyse(&text);
    }

    #[test]
    fn arbitrary_text(s in "\\PC{0,2000}") {
        analyse(&s);
    }
}
