//! Data-driven tests: a cable in, the expected output beside it.
//!
//! * `tests/rules/NAME.cable` -> `tests/rules/NAME.expected`: every diagnostic with its place,
//!   code, message and related places.
//! * `tests/fixtures/NAME.cable` -> `tests/fixtures/NAME.tree`: the parse (cables, sections,
//!   paragraphs, the role of every line).
//! * `tests/fixtures/NAME.cable` -> `tests/folding/NAME.expected`: the folding ranges.
//! * `tests/hover/NAME.cable` -> `tests/hover/NAME.expected`: the hover at every `$0` marker
//!   (the markers are removed before parsing; each is one case).
//! * `tests/completion/NAME.cable` -> `tests/completion/NAME.expected`: the completion at every
//!   `$0` marker: the text replaced, how many candidates, the first ones and the last ones in
//!   order, and the documentation of the first.
//!
//! * `tests/fixtures/NAME.cable` -> `tests/highlight/NAME.expected`: every line with its
//!   semantic tokens (`[kind text]` in place of the text they cover).
//! * `tests/fixes/NAME.cable` -> `tests/fixes/NAME.fixed`: every diagnostic with a fix, each
//!   fix's title and the lines it changes, then what every safe fix together makes of the
//!   cable. Each fix is applied and checked: its diagnostic is gone and no other appeared.
//! * `tests/outline/NAME.cable` -> `tests/outline/NAME.outline`: the outline, one symbol a
//!   line (kind, name, detail, lines), children indented: quoted documents, each a pattern of
//!   issue 13.
//!
//! * `tests/citations/NAME.cable` -> `tests/citations/NAME.expected`: each cable's canonical
//!   id, then every citation it makes (place, item letter, REF list or text, as printed) with
//!   what it cites: a canonical id, an item of the list, or text.
//!
//! Run with `UPDATE_EXPECT=1` to rewrite the expected files after a deliberate change, then
//! review the diff.

mod support;

use std::fmt::Write;
use std::path::Path;

use cable_grammar::Document;
use cable_ls::analysis::{self, completion, fix, folding, highlight, hover, outline, CableText};
use cable_ls::position::LineIndex;
use support::{fixes, repo};

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
    check_dir_into(dir, dir, expected_ext, render);
}

/// Like `check_dir`, with the expected files in `out_dir`.
fn check_dir_into(dir: &str, out_dir: &str, expected_ext: &str, render: fn(&str) -> String) {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let out_dir = repo().join(out_dir);
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
        let expected_path = out_dir
            .join(path.file_name().unwrap())
            .with_extension(expected_ext);
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

fn render_citations(text: &str) -> String {
    use cable_grammar::citation::{self, Cited};
    let doc = Document::new(text);
    let index = LineIndex::new(text);
    let mut out = String::new();
    for placed in doc.placed() {
        let start = placed.start_byte;
        let ct = &text[start..start + placed.cable.len];
        let year = citation::cable_year(placed.cable, ct);
        let _ = writeln!(
            out,
            "CABLE {}",
            citation::own_id(placed.cable, ct).unwrap_or_else(|| "(no id)".into())
        );
        for c in citation::citations(placed.cable, ct) {
            let at = |o: usize| {
                let (l, c) = index.line_col(start + o);
                format!("{}:{}", l + 1, c + 1)
            };
            let cited = match &c.cited {
                Cited::Cable(k) => format!(
                    "{}{}{}",
                    k.canonical(year)
                        .unwrap_or_else(|| format!("{} {} (no year)", k.post, k.serial)),
                    if k.year.is_none() {
                        " (year of the citing cable)"
                    } else {
                        ""
                    },
                    if k.lookalike {
                        " (OCR look-alikes read)"
                    } else {
                        ""
                    }
                ),
                Cited::Item(l) => format!("item {}", *l as char),
                Cited::Reftel => "the only item".into(),
                Cited::Other => "text".into(),
            };
            let _ = writeln!(
                out,
                "  {}-{} {} {} {:?} -> {cited}",
                at(c.range.start),
                at(c.range.end),
                c.label.map_or("-".into(), |l| (l as char).to_string()),
                if c.in_ref_list { "ref " } else { "text" },
                &ct[c.range.start..c.range.end],
            );
        }
    }
    out
}

#[test]
fn citations() {
    // Every case cites something: an empty reading cannot pass for one.
    check_dir("tests/citations", "expected", |text| {
        let out = render_citations(text);
        assert!(out.contains(" -> "), "no citation read:\n{out}");
        out
    });
}

#[test]
fn rule_cases() {
    check_dir("tests/rules", "expected", render_diagnostics);
}

/// Every fix of every diagnostic (see the module's documentation); panics when applying one
/// leaves its diagnostic or adds another.
fn render_fixes(text: &str) -> String {
    let doc = Document::new(text);
    let index = LineIndex::new(text);
    let diags = analysis::check(&doc, text);
    let mut out = String::new();
    for d in diags.iter().filter(|d| !d.fixes.is_empty()) {
        let (l, c) = index.line_col(d.range.start);
        let _ = writeln!(out, "{}:{} {}: {}", l + 1, c + 1, d.code.name(), d.message);
        for fix in &d.fixes {
            let flags: Vec<&str> = [(fix.safe, "safe"), (fix.preferred, "preferred")]
                .into_iter()
                .filter_map(|(on, name)| on.then_some(name))
                .collect();
            let _ = writeln!(out, "  {} [{}]", fix.title, flags.join(", "));
            let after = fix::apply(text, &fix.edits);
            out.push_str(&fixes::changed_lines(text, &after));
            if let Err(e) = fixes::resolved(text, &after, (d.code.name(), &d.message)) {
                panic!("{}: {e}", fix.title);
            }
        }
    }
    let safe: Vec<_> = fix::safe_fixes(&diags)
        .into_iter()
        .flat_map(|f| f.edits.clone())
        .collect();
    let all = fix::apply(text, &safe);
    let _ = writeln!(out, "every safe fix:");
    out.push_str(&fixes::changed_lines(text, &all));
    let _ = writeln!(out, "left:");
    for (code, message) in fixes::said(&all) {
        let _ = writeln!(out, "  {code}: {message}");
    }
    out
}

#[test]
fn fixes() {
    check_dir("tests/fixes", "fixed", render_fixes);
}

/// Every code with fixes has its cases in `tests/fixes/<code>.cable`; a code without offers
/// none there.
#[test]
fn every_fixable_code_has_fix_cases() {
    for code in analysis::Code::ALL {
        let path = repo().join(format!("tests/fixes/{}.cable", code.name()));
        let Ok(text) = std::fs::read_to_string(&path) else {
            assert!(
                code.fix().is_empty(),
                "{} has fixes but no {}",
                code.name(),
                path.display()
            );
            continue;
        };
        let fixes = analysis::check(&Document::new(&text), &text)
            .into_iter()
            .filter(|d| d.code == code)
            .map(|d| d.fixes.len())
            .sum::<usize>();
        assert_eq!(fixes > 0, !code.fix().is_empty(), "{}", code.name());
    }
}

#[test]
fn fixture_trees() {
    check_dir("tests/fixtures", "tree", |t| {
        cable_grammar::dump::dump(&Document::new(t))
    });
}

/// Every fold as `start-end kind: first line`, 1-based document lines.
fn render_folds(text: &str) -> String {
    let doc = Document::new(text);
    let lines: Vec<&str> = cable_grammar::document::split_lines(text);
    let mut out = String::new();
    for placed in doc.placed() {
        let _ = writeln!(out, "cable {}", placed.index);
        for f in folding::folds(placed.cable) {
            let first = placed.start_line + f.start_line as usize;
            let head = lines.get(first).map_or("", |l| l.trim());
            let _ = writeln!(
                out,
                "{}-{} {}: {head}",
                first + 1,
                placed.start_line + f.end_line as usize + 1,
                f.kind.name()
            );
        }
    }
    out
}

/// Each line of the document with its tokens marked in place: `[number 141530Z MAR 93]`.
fn render_highlights(text: &str) -> String {
    let doc = Document::new(text);
    let mut out = String::new();
    for placed in doc.placed() {
        let ct = CableText {
            cable: placed.cable,
            text: &text[placed.start_byte..placed.start_byte + placed.cable.len],
        };
        let tokens = highlight::tokens(&ct, 0..u32::MAX);
        for line in 0..placed.cable.roles.len() as u32 {
            let content = ct.line(line);
            let mut marked = String::new();
            let mut at = 0;
            for t in tokens.iter().filter(|t| t.line == line) {
                let (s, e) = (t.span.start as usize, t.span.end as usize);
                marked.push_str(&content[at..s]);
                let _ = write!(marked, "[{} {}]", t.kind.name(), &content[s..e]);
                at = e;
            }
            marked.push_str(&content[at..]);
            let _ = writeln!(out, "{}", marked.trim_end());
        }
    }
    out
}

#[test]
fn fixture_highlights() {
    check_dir_into(
        "tests/fixtures",
        "tests/highlight",
        "expected",
        render_highlights,
    );
}

const MARKER: &str = "$0";

/// A case at each marker (the markers removed from the text): its 1-based line and column,
/// the first line of the cable holding it, the cable and the offset in that cable.
fn for_each_marker(
    marked: &str,
    mut case: impl FnMut((usize, usize), usize, &CableText<'_>, usize),
) {
    let mut text = String::new();
    let mut offsets = Vec::new();
    for (i, part) in marked.split(MARKER).enumerate() {
        if i > 0 {
            offsets.push(text.len());
        }
        text.push_str(part);
    }
    let doc = Document::new(&text);
    let index = LineIndex::new(&text);
    for off in offsets {
        let (l, c) = index.line_col(off);
        let placed = doc
            .placed()
            .filter(|p| p.start_byte <= off)
            .last()
            .expect("a cable holds every offset");
        let ct = CableText {
            cable: placed.cable,
            text: &text[placed.start_byte..placed.start_byte + placed.cable.len],
        };
        case(
            (l + 1, c + 1),
            placed.start_line,
            &ct,
            off - placed.start_byte,
        );
    }
}

/// The hover at each marker: its place, the range explained and the markdown.
fn render_hovers(marked: &str) -> String {
    let mut out = String::new();
    for_each_marker(marked, |(l, c), start_line, ct, off| {
        let start_line = u32::try_from(start_line).unwrap();
        match hover::hover(ct, off, start_line) {
            None => {
                let _ = writeln!(out, "== {l}:{c} none\n");
            }
            Some(h) => {
                let _ = writeln!(
                    out,
                    "== {l}:{c} `{}`\n{}\n",
                    &ct.text[h.range.start..h.range.end],
                    h.markdown
                );
            }
        }
    });
    out
}

/// The completion at each marker: the text replaced, the number of candidates, the first
/// `HEAD` and the last `TAIL` of them (all of a short list), the first one's documentation.
fn render_completions(marked: &str) -> String {
    const HEAD: usize = 12;
    const TAIL: usize = 4;
    let mut out = String::new();
    for_each_marker(marked, |(l, c), _, ct, off| {
        let Some(found) = completion::complete(ct, off) else {
            let _ = writeln!(out, "== {l}:{c} none\n");
            return;
        };
        let all = &found.candidates;
        let replaced = &ct.text[found.range.start..found.range.end];
        let s = if all.len() == 1 { "" } else { "s" };
        let _ = writeln!(out, "== {l}:{c} `{replaced}`: {} candidate{s}", all.len());
        let line = |out: &mut String, x: &completion::Candidate| {
            let dated = if x.dated { " (dated)" } else { "" };
            let _ = writeln!(
                out,
                "{:<8} {:<12} {}{dated}",
                x.label,
                x.kind.name(),
                x.detail
            );
        };
        if all.len() <= HEAD + TAIL {
            all.iter().for_each(|x| line(&mut out, x));
        } else {
            all[..HEAD].iter().for_each(|x| line(&mut out, x));
            let _ = writeln!(out, "…");
            all[all.len() - TAIL..]
                .iter()
                .for_each(|x| line(&mut out, x));
        }
        if let Some(first) = all.first() {
            let _ = writeln!(out, "-- {}\n{}", first.label, first.documentation());
        }
        out.push('\n');
    });
    out
}

/// The outline, a symbol a line: `kind name — detail  (lines a-b)`, children indented.
fn render_outline(text: &str) -> String {
    fn symbol(index: &LineIndex<'_>, s: &outline::Symbol, depth: usize, out: &mut String) {
        let (first, last) = (
            index.line_col(s.range.start).0,
            index.line_col(s.range.end).0,
        );
        let detail = s
            .detail
            .as_deref()
            .map(|d| format!(" — {d}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}{} {}{detail}  (lines {}-{})",
            "  ".repeat(depth),
            s.kind.name(),
            s.name,
            first + 1,
            last + 1
        );
        for c in &s.children {
            symbol(index, c, depth + 1, out);
        }
    }
    let doc = Document::new(text);
    let index = LineIndex::new(text);
    let mut out = String::new();
    for s in outline::outline(&doc, text) {
        symbol(&index, &s, 0, &mut out);
    }
    out
}

#[test]
fn outlines() {
    check_dir("tests/outline", "outline", render_outline);
}

/// The quoted documents of the outline cases are all well numbered: none of them gives a
/// diagnostic (`1.` `2.` `BEGIN TEXT` `3.` … included).
#[test]
fn outline_cases_are_quiet() {
    let dir = repo().join("tests/outline");
    let mut loud = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = e.path();
        if path.extension().is_some_and(|x| x == "cable") {
            let found = render_diagnostics(&std::fs::read_to_string(&path).unwrap());
            if !found.is_empty() {
                loud.push(format!("{}:\n{found}", name(&path)));
            }
        }
    }
    assert!(loud.is_empty(), "{}", loud.join("\n"));
}

#[test]
fn fixture_folds() {
    check_dir_into("tests/fixtures", "tests/folding", "expected", render_folds);
}

#[test]
fn hovers() {
    check_dir("tests/hover", "expected", render_hovers);
}

#[test]
fn completions() {
    check_dir("tests/completion", "expected", render_completions);
}
