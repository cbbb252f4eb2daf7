//! The rules, the outline, folding, hover, completion and highlighting never panic, whatever the text: random garbage,
//! and real structure cut up and shuffled (the grammar itself is fuzzed in `fuzz/`; this
//! covers the analysis on top of it).

mod support;

use cable_grammar::Document;
use cable_ls::analysis::completion::complete;
use cable_ls::analysis::{
    self, folding::folds, highlight, hover::hover, outline::outline, CableText,
};
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
    for placed in doc.placed() {
        let c = placed.cable;
        let ct = &text[placed.start_byte..placed.start_byte + c.len];
        for cite in cable_grammar::citation::citations(c, ct) {
            assert!(
                ct.get(cite.range.start..cite.range.end).is_some(),
                "{cite:?}"
            );
            assert!((cite.line as usize) < c.line_count(), "{cite:?}");
        }
        let fs = folds(c);
        for f in &fs {
            assert!(f.start_line < f.end_line, "{f:?}");
            assert!((f.end_line as usize) < c.line_count(), "{f:?}");
        }
        for (i, a) in fs.iter().enumerate() {
            for b in &fs[i + 1..] {
                // Sorted, one per start line, nested or disjoint.
                assert!(a.start_line < b.start_line, "{a:?} {b:?}");
                assert!(
                    b.end_line <= a.end_line || b.start_line > a.end_line,
                    "{a:?} {b:?}"
                );
            }
        }
    }
}

/// Hover and completion at every byte offset of every cable (and one past its end), and the
/// cable's semantic tokens.
fn hover_everywhere(text: &str) {
    let doc = Document::new(text);
    for placed in doc.placed() {
        let ct = CableText {
            cable: placed.cable,
            text: &text[placed.start_byte..placed.start_byte + placed.cable.len],
        };
        for t in highlight::tokens(&ct, 0..u32::MAX) {
            let line = ct.line(t.line);
            let (a, b) = (t.span.start as usize, t.span.end as usize);
            assert!(a < b && b <= line.len(), "{t:?} in {line:?}");
            assert!(
                line.is_char_boundary(a) && line.is_char_boundary(b),
                "{t:?}"
            );
        }
        for off in 0..=ct.text.len() + 1 {
            if let Some(c) = complete(&ct, off) {
                let r = c.range;
                assert!(r.start <= r.end && r.end <= ct.text.len(), "{off}: {r:?}");
                assert!(
                    ct.text.is_char_boundary(r.start) && ct.text.is_char_boundary(r.end),
                    "{off}: {r:?}"
                );
            }
            let Some(h) = hover(&ct, off, placed.start_line as u32) else {
                continue;
            };
            let r = h.range;
            assert!(r.start <= r.end && r.end <= ct.text.len(), "{off}: {h:?}");
            assert!(
                ct.text.is_char_boundary(r.start) && ct.text.is_char_boundary(r.end),
                "{off}: {h:?}"
            );
            assert!(!h.markdown.is_empty());
        }
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
            "E.O. 99999: DECL: 13/45/2018 X9 25X0 1.6X 1.4(Z) B0 B7(Q) 1.5(",
            "E.O. 12958: DECL: (((((1.6X1)",
            "TAGS: ÉÉÉÉ, ((, X, (é",
            "Classified By: X for reasons 1.4 (b-zz) and (h-a) 1.5 (é)",
            "DE RUEHAC #99999999/999 9999999",
            "DE RUEHAC #0419/01 3662599",
            "ZNY ÉÉÉÉÉ",
            "OO RUEHAC",
            "B1, B9(Z), 25X9, 1.6X8",
            "CLASSIFICATION: CONFIDENTIAL REASON: 25X",
            "1. (S/NF/ZZ) X",
            "TO X NIACT IMMEDIATE 00000000000000000000",
            "-----FFFFFF 009999Z /38",
            "P 310000Z APR 70",
            "P 290000Z FEB 2100",
            "ACTION É-01 ÉÉ-0É /0É",
            "INFO LOG-00 CI",
            "E.O. 1235€: DECL: OADR",
            "TAGS: é,,(, VTPREL, VT",
            "TAGS:é",
            "REF: A) 99 STATE 1 O1684, B) (C) É 9999999 (D)",
            "REFS: (A) 2008 SECSTATE 0, B. TELCON 4/2/93 É",
            "(B) HCMC 1O1O1O1O1O, (C) 1 (D)",
            "1. SEE REF A AND REFS (B), C AND (STATE 344863) REFTEL",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    pool
}

/// Lines of the pool in the picked order, each ended by one of the line ends.
fn shuffled(picks: &[(usize, u8)]) -> String {
    let pool = line_pool();
    let mut text = String::new();
    for &(i, sep) in picks {
        text.push_str(&pool[i % pool.len()]);
        text.push_str(["\n", "\r\n", "\r", "\n\n"][sep as usize]);
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn shuffled_structure(picks in proptest::collection::vec((0usize..10_000, 0u8..4), 0..300)) {
        analyse(&shuffled(&picks));
    }

    #[test]
    fn arbitrary_text(s in "\\PC{0,2000}") {
        analyse(&s);
        hover_everywhere(&s);
    }
}

proptest! {
    // Hover runs at every offset, so these texts are kept shorter.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn hover_on_shuffled_structure(picks in proptest::collection::vec((0usize..10_000, 0u8..4), 0..80)) {
        hover_everywhere(&shuffled(&picks));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// A fixture with a few random insertions and deletions.
    #[test]
    fn hover_on_mutated_fixture(
        which in 0usize..4,
        edits in proptest::collection::vec((0usize..20_000, 0usize..6, "\\PC{0,6}"), 1..8),
    ) {
        let name = ["lima-style.cable", "berlin-style.cable", "cablegate-envelope.cable", "plusd-1977.cable"][which];
        let mut text = fixture(name);
        for (at, delete, insert) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + delete).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, &insert);
        }
        analyse(&text);
        hover_everywhere(&text);
    }
}

#[test]
fn hover_on_fixtures() {
    for name in support::FIXTURES {
        hover_everywhere(&fixture(name));
    }
}
