//! Human-readable diagnostics in the style of rustc and ruff: the source line with the range
//! underlined, then the related places.

use std::fmt::Write;

use crate::analysis::Diagnostic;
use crate::position::LineIndex;

const TAB: &str = "    ";

/// Columns as shown: tabs expanded to four spaces.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { TAB.len() } else { 1 })
        .sum()
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
        d.message
    );
    let _ = writeln!(out, "  --> {path}:{}:{}", line + 1, col + 1);
    let text = index.line_text(line);
    let gutter = (line + 1).to_string().len().max(3);
    let shown = text.replace('\t', TAB);
    let prefix: String = text.chars().take(col).collect();
    let last = if end_line == line {
        end_col
    } else {
        text.chars().count()
    };
    let under: String = text
        .chars()
        .skip(col)
        .take(last.saturating_sub(col))
        .collect();
    let _ = writeln!(out, "{:gutter$} |", "");
    let _ = writeln!(out, "{:>gutter$} | {}", line + 1, shown);
    let _ = writeln!(
        out,
        "{:gutter$} | {}{}",
        "",
        " ".repeat(display_width(&prefix)),
        "^".repeat(display_width(&under).max(1))
    );
    for r in &d.related {
        let (rl, rc) = index.line_col(r.range.start);
        let _ = writeln!(
            out,
            "{:gutter$} = note: {} ({path}:{}:{})",
            "",
            r.message,
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
