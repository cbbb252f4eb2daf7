//! Data-driven tests: a cable in, the expected output beside it.
//!
//! * `tests/rules/NAME.cable` -> `tests/rules/NAME.expected`: every diagnostic with its place,
//!   code, message and related places.
//! * `tests/fixtures/NAME.cable` -> `tests/fixtures/NAME.tree`: the parse (cables, sections,
//!   paragraphs, the role of every line).
//!
//! Run with `UPDATE_EXPECT=1` to rewrite the expected files after a deliberate change, then
//! review the diff.

mod support;

use std::fmt::Write;
use std::path::Path;

use cable_grammar::Document;
use cable_ls::analysis;
use cable_ls::position::LineIndex;
use support::repo;

fn render_diagnostics(text: &str) -> String {
    let doc = Document::new(text);
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in analysis::check(&doc, text) {
        let (l, c) = index.line_col(d.range.start);
        let (el, ec) = index.line_col(d.range.end);
        let _ = writeln!(
            out,
            "{}:{}-{}:{} {}[{}] {}",
            l + 1,
            c + 1,
            el + 1,
            ec + 1,
            d.severity.name(),
            d.code.name(),
            d.message
        );
        for r in &d.related {
            let (rl, rc) = index.line_col(r.range.start);
            let _ = writeln!(out, "    related {}:{} {}", rl + 1, rc + 1, r.message);
        }
    }
    out
}

fn check_dir(dir: &str, expected_ext: &str, render: fn(&str) -> String) {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let dir = repo().join(dir);
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "cable"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no cases in {}", dir.display());
    let mut failures = Vec::new();
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        let got = render(&text);
        let expected_path = path.with_extension(expected_ext);
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != want {
            failures.push(format!(
                "{}:\n--- expected\n{want}--- got\n{got}",
                name(&path)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(UPDATE_EXPECT=1 rewrites the expected files)",
        failures.join("\n")
    );
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn rule_cases() {
    check_dir("tests/rules", "expected", render_diagnostics);
}

#[test]
fn fixture_trees() {
    check_dir("tests/fixtures", "tree", |t| {
        cable_grammar::dump::dump(&Document::new(t))
    });
}
