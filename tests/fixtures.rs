//! Rules and outline on cables we wrote ourselves: every fixture is quiet, and each single fault
//! typed into the LIMA-style fixture yields its code at the edited place and no other error.

mod support;

use cable_grammar::Document;
use cable_ls::analysis::outline::{outline, SymbolKind};
use cable_ls::position::LineIndex;
use support::*;

#[test]
fn correct_fixtures_have_no_diagnostics() {
    for name in FIXTURES {
        let found = diagnose(&fixture(name));
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

#[test]
fn each_fault_yields_its_code_at_the_edited_place_and_no_other_error() {
    let base = fixture("lima-style.cable");
    for m in faults::FAULTS {
        let (text, from, to) = (m.apply)(&base);
        let found = diagnose(&text);
        let hits: Vec<_> = found.iter().filter(|f| f.code == m.code).collect();
        assert!(
            hits.iter().any(|f| (from..=to).contains(&f.line)),
            "{}: expected on lines {from}..={to}, found {found:#?}",
            m.code
        );
        let other_errors: Vec<_> = errors(&found)
            .into_iter()
            .filter(|f| f.code != m.code)
            .collect();
        assert!(
            other_errors.is_empty(),
            "{}: other errors {other_errors:#?}",
            m.code
        );
        // The edit and its undo: the original text is quiet again.
        assert!(diagnose(&base).is_empty());
    }
}

#[test]
fn example_files_carry_the_faults_their_readme_names() {
    let root = repo().join("examples");
    let read = |n: &str| std::fs::read_to_string(root.join(n)).unwrap();
    let quito = diagnose(&read("quito-08812.cable"));
    assert_eq!(
        quito.iter().map(|f| f.code).collect::<Vec<_>>(),
        ["section-count"],
        "{quito:#?}"
    );
    let accra = diagnose(&read("accra-routing.cable"));
    assert_eq!(
        accra.iter().map(|f| f.code).collect::<Vec<_>>(),
        ["routing-total"],
        "{accra:#?}"
    );
}

/// Rendering of the outline for comparison: `depth name (line, end_line)`.
fn outline_lines(text: &str) -> Vec<String> {
    let doc = Document::new(text);
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    fn walk(
        s: &cable_ls::analysis::outline::Symbol,
        depth: usize,
        index: &LineIndex<'_>,
        out: &mut Vec<String>,
    ) {
        assert!(
            s.range.contains_range(s.selection),
            "selection outside range: {s:#?}"
        );
        let (l, _) = index.line_col(s.range.start);
        let (e, _) = index.line_col(s.range.end);
        out.push(format!(
            "{}{} ({}-{})",
            "  ".repeat(depth),
            s.name,
            l + 1,
            e + 1
        ));
        for c in &s.children {
            assert!(
                s.range.contains_range(c.range),
                "child outside parent: {c:#?}"
            );
            walk(c, depth + 1, index, out);
        }
    }
    for s in outline(&doc, text) {
        walk(&s, 0, &index, &mut out);
    }
    out
}

#[test]
fn lima_style_outline() {
    let text = fixture("lima-style.cable");
    let doc = Document::new(&text);
    let symbols = outline(&doc, &text);
    assert_eq!(symbols.len(), 1);
    let root = &symbols[0];
    assert_eq!(root.name, "QUITO 08812");
    assert_eq!(root.kind, SymbolKind::Cable);
    assert!(root.detail.as_deref().unwrap_or("").starts_with(
        text[text.find("SUBJECT:").unwrap() + 9..]
            .split(',')
            .next()
            .unwrap()
            .trim()
    ));

    let mut numbers = Vec::new();
    let mut headings = Vec::new();
    let mut para8 = None;
    fn collect<'a>(
        s: &'a cable_ls::analysis::outline::Symbol,
        numbers: &mut Vec<u32>,
        headings: &mut Vec<String>,
        para8: &mut Option<&'a cable_ls::analysis::outline::Symbol>,
    ) {
        match s.kind {
            SymbolKind::Paragraph => {
                let n: u32 = s.name.split('.').next().unwrap().parse().unwrap();
                if n == 8 {
                    *para8 = Some(s);
                }
                numbers.push(n);
            }
            SymbolKind::Heading => headings.push(s.name.clone()),
            _ => {}
        }
        for c in &s.children {
            collect(c, numbers, headings, para8);
        }
    }
    collect(root, &mut numbers, &mut headings, &mut para8);
    assert_eq!(numbers, (1..=16).collect::<Vec<_>>());
    assert_eq!(
        headings,
        [
            "U.S. VIEW ON THE VOTE",
            "LOGISTICS ON TRACK",
            "NO DONOR FUNDS",
            "RIGHTS AGENDA",
            "THE TREATY QUESTION",
            "CONGRESSIONAL VISIT"
        ]
    );
    // Paragraph 8 starts in section 1 and ends after section 2's header block.
    let p8 = para8.unwrap();
    let index = LineIndex::new(&text);
    let start = index.line_col(p8.range.start).0 + 1;
    let end = index.line_col(p8.range.end).0 + 1;
    let section2 = line_of(&text, |l| {
        l.starts_with("PAGE 01") && l.contains("02 OF 04")
    })
    .unwrap();
    assert!(
        start < section2 && end > section2,
        "paragraph 8 spans {start}-{end}, section 2 starts {section2}"
    );
    assert!(p8.name.starts_with("8. "));
    outline_lines(&text);
}

#[test]
fn every_fixture_outline_nests_properly() {
    for name in FIXTURES {
        assert!(!outline_lines(&fixture(name)).is_empty(), "{name}");
    }
    let multi = outline(
        &Document::new(&fixture("multi-cable.cable")),
        &fixture("multi-cable.cable"),
    );
    assert_eq!(multi.len(), 3, "{multi:#?}");
}

/// One typo, wherever it is (the first header included), is reported once, where it is.
struct Typo {
    code: &'static str,
    /// Which line to change (a predicate on the line and its 0-based occurrence) and how.
    find: &'static str,
    occurrence: usize,
    from: &'static str,
    to: &'static str,
}

const TYPOS: &[Typo] = &[
    Typo {
        code: "header-mismatch",
        find: "PAGE 01 QUITO 08812 01 OF 04",
        occurrence: 0,
        from: "08812",
        to: "08813",
    },
    Typo {
        code: "section-count",
        find: "PAGE 01 QUITO 08812 01 OF 04",
        occurrence: 0,
        from: "01 OF 04",
        to: "03 OF 04",
    },
    Typo {
        code: "dtg-mismatch",
        find: "P 141530Z MAR 93",
        occurrence: 0,
        from: "141530Z",
        to: "141531Z",
    },
    Typo {
        code: "dtg-mismatch",
        find: "PAGE 01 QUITO 08812 01 OF 04",
        occurrence: 0,
        from: "141530Z",
        to: "141531Z",
    },
    Typo {
        code: "page-number",
        find: "PAGE 02 QUITO 08812 01 OF 04",
        occurrence: 0,
        from: "PAGE 02",
        to: "PAGE 03",
    },
    Typo {
        code: "addressee-serial",
        find: "TO SECSTATE WASHDC PRIORITY 4103",
        occurrence: 0,
        from: "4103",
        to: "4109",
    },
    Typo {
        code: "addressee-serial",
        find: "TO SECSTATE WASHDC PRIORITY 4101",
        occurrence: 0,
        from: "4101",
        to: "4100",
    },
];

#[test]
fn a_typo_is_reported_once_where_it_is() {
    let base = fixture("lima-style.cable");
    for t in TYPOS {
        let n = base
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(t.find))
            .nth(t.occurrence)
            .unwrap_or_else(|| panic!("fixture has no {:?}", t.find))
            .0
            + 1;
        let line = base.lines().nth(n - 1).unwrap().replacen(t.from, t.to, 1);
        let text = replace_line(&base, n, Some(&line));
        let found = diagnose(&text);
        let summary: Vec<(&str, usize)> = found.iter().map(|f| (f.code, f.line)).collect();
        assert_eq!(summary, [(t.code, n)], "{} -> {}: {found:#?}", t.from, t.to);
        let doc = Document::new(&text);
        assert_eq!(
            doc.cables().len(),
            1,
            "{} -> {}: the cable must stay whole",
            t.from,
            t.to
        );
    }
}

#[test]
fn swapped_paragraphs_are_one_diagnostic() {
    let base = fixture("lima-style.cable");
    let three = line_of(&base, |l| l.starts_with("3. ")).unwrap();
    let four = line_of(&base, |l| l.starts_with("4. ")).unwrap();
    let l3 = base
        .lines()
        .nth(three - 1)
        .unwrap()
        .replacen("3. ", "4. ", 1);
    let l4 = base
        .lines()
        .nth(four - 1)
        .unwrap()
        .replacen("4. ", "3. ", 1);
    let text = replace_line(&replace_line(&base, three, Some(&l3)), four, Some(&l4));
    let found = diagnose(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), ("paragraph-number", three));
    assert!(found[0].message.contains("swapped"), "{}", found[0].message);
}
