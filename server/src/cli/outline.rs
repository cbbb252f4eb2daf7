//! `cable-ls outline`.

use std::path::Path;

use cable_grammar::Document;
use serde_json::{json, Value};

use super::input;
use super::Format;
use crate::analysis::outline::{outline, Symbol};
use crate::position::LineIndex;

pub fn run(path: &Path, format: Format) -> i32 {
    let src = match input::read(path) {
        Ok(s) => s,
        Err(e) => {
            super::say_err(&format!("cable-ls: {e}\n"));
            return 2;
        }
    };
    let doc = Document::new(src.text());
    let symbols = outline(&doc, src.text());
    let index = LineIndex::new(src.text());
    let text = match format {
        Format::Json => {
            let nodes: Vec<Value> = symbols.iter().map(|s| node(&index, s)).collect();
            format!("{}\n", Value::Array(nodes))
        }
        // Annotations and code-scanning logs are of findings; `run` refuses them here.
        Format::Human | Format::Github | Format::Sarif => {
            let mut out = String::new();
            for s in &symbols {
                human(&index, s, 0, &mut out);
            }
            out
        }
    };
    super::say(&text);
    0
}

fn lines(index: &LineIndex<'_>, s: &Symbol) -> (usize, usize) {
    (
        index.line_col(s.range.start).0 + 1,
        index.line_col(s.range.end).0 + 1,
    )
}

fn node(index: &LineIndex<'_>, s: &Symbol) -> Value {
    let (line, end_line) = lines(index, s);
    json!({
        "name": s.name,
        "detail": s.detail,
        "kind": s.kind.name(),
        "line": line,
        "end_line": end_line,
        "children": s.children.iter().map(|c| node(index, c)).collect::<Vec<_>>(),
    })
}

fn human(index: &LineIndex<'_>, s: &Symbol, depth: usize, out: &mut String) {
    let (line, end_line) = lines(index, s);
    let span = if line == end_line {
        format!("line {line}")
    } else {
        format!("lines {line}-{end_line}")
    };
    let detail = s
        .detail
        .as_deref()
        .map(|d| format!(" — {d}"))
        .unwrap_or_default();
    out.push_str(&format!(
        "{}{}{}  ({span})\n",
        "  ".repeat(depth),
        super::escape::visible(&s.name),
        super::escape::visible(&detail)
    ));
    for c in &s.children {
        human(index, c, depth + 1, out);
    }
}
