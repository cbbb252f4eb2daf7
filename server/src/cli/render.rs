//! Human-readable diagnostics in the style of rustc and ruff: the source line with the range
//! underlined, then the related places.

use std::fmt::Write;

use super::escape;
use crate::analysis::Diagnostic;
use crate::position::LineIndex;

const TAB: &str = "    ";

/// A line as printed: tabs expanded, control characters made visible; with, per character,
/// the column where it starts, so that underlines stay under what they mark.
fn shown_line(text: &str) -> (String, Vec<usize>) {
    let mut shown = String::with_capacity(text.len());
    let mut starts = Vec::with_capacity(text.len() + 1);
    let mut width = 0;
    for c in text.chars() {
        starts.push(width);
        let before = shown.len();
        if c == '\t' {
            shown.push_str(TAB);
        } else {
            escape::push_visible(c, &mut shown);
        }
        width += shown[before..].chars().count();
    }
    starts.push(width);
    (shown, starts)
}

pub fn diagnostic(path: &str, index: &LineIndex<'_>, d: &Diagnostic) -> String {
    let (line, col) = index.line_col(d.range.start);
    let (end_line, end_col) = index.line_col(d.range.end);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        d.severity.name(),
        d.code.name(),
        escape::visible(&d.message)
    );
    let path = escape::visible(path);
    let _ = writeln!(out, "  --> {path}:{}:{}", line + 1, col + 1);
    let text = index.line_text(line);
    let gutter = (line + 1).to_string().len().max(3);
    let (shown, starts) = shown_line(text);
    let last_col = starts.len() - 1;
    let at = |c: usize| starts[c.min(last_col)];
    let last = if end_line == line { end_col } else { last_col };
    let _ = writeln!(out, "{:gutter$} |", "");
    let _ = writeln!(out, "{:>gutter$} | {}", line + 1, shown);
    let _ = writeln!(
        out,
        "{:gutter$} | {}{}",
        "",
        " ".repeat(at(col)),
        "^".repeat(at(last).saturating_sub(at(col)).max(1))
    );
    for r in &d.related {
        let (rl, rc) = index.line_col(r.range.start);
        let _ = writeln!(
            out,
            "{:gutter$} = note: {} ({path}:{}:{})",
            "",
            escape::visible(&r.message),
            rl + 1,
            rc + 1
        );
    }
    out
}

pub fn summary(
    errors: usize,
    warnings: usize,
    others: usize,
    files_with: usize,
    files: usize,
) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut s = format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if others > 0 {
        s.push_str(&format!(", {}", plural(others, "note")));
    }
    format!(
        "{s} in {} of {} checked",
        plural(files_with, "file"),
        plural(files, "file")
    )
}
