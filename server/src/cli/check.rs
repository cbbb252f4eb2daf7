//! `cable-ls check`.

use std::io::Write;

use cable_grammar::{Document, TextRange};
use serde_json::json;

use super::decode::Stored;
use super::input::{self, Source};
use super::render;
use super::Format;
use crate::analysis::{self, Code, Diagnostic, Severity};
use crate::position::LineIndex;

/// Diagnostics of one source, with the `encoding` ones: invalid bytes, and the name of an
/// encoding other than UTF-8.
pub fn diagnostics(src: &Source) -> Vec<Diagnostic> {
    let text = src.text();
    let doc = Document::new(text);
    let mut diags = analysis::check(&doc, text);
    let decoded = &src.decoded;
    let unusual = matches!(decoded.stored, Stored::Utf16Le | Stored::Utf16Be);
    if unusual {
        let mut d = Diagnostic::new(
            Code::Encoding,
            TextRange::new(0, 0),
            format!(
                "read as {}, by the byte-order mark at the start of the file; lines and columns are those of the text",
                decoded.stored.name()
            ),
        );
        d.severity = Severity::Information;
        diags.push(d);
    }
    if let Some(bad) = decoded.invalid {
        diags.push(Diagnostic::new(
            Code::Encoding,
            TextRange::new(bad.start, bad.end.min(text.len())),
            format!(
                "invalid {} at byte {} of the file: the file was read with U+FFFD in place of the bad bytes",
                decoded.stored.name(),
                bad.file_offset
            ),
        ));
    }
    diags.sort_by_key(|d| (d.range.start, d.range.end));
    diags
}

pub fn run(paths: &[std::path::PathBuf], format: Format, no_ignore: bool) -> i32 {
    let collected = input::collect(paths, no_ignore);
    let mut io_errors = collected.errors;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut errors, mut warnings, mut others, mut files_with) = (0, 0, 0, 0);
    let mut closed = false;
    let mut checked = 0;
    for path in &collected.files {
        let src = match input::read(path) {
            Ok(s) => s,
            Err(e) => {
                io_errors.push(e);
                continue;
            }
        };
        checked += 1;
        let diags = diagnostics(&src);
        if !diags.is_empty() {
            files_with += 1;
        }
        let index = LineIndex::new(src.text());
        let shown = src.path.display().to_string();
        for d in &diags {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                _ => others += 1,
            }
            let text = match format {
                Format::Human => render::diagnostic(&shown, &index, d),
                Format::Json => json_line(&shown, &index, d),
            };
            // A closed pipe (`| head`) stops the output, not the count behind the exit code.
            closed = closed || writeln!(out, "{text}").is_err();
        }
    }
    drop(out);
    for e in collected.skipped.iter().chain(&io_errors) {
        super::say_err(&format!("cable-ls: {e}\n"));
    }
    if format == Format::Human && !closed {
        super::say(&format!(
            "{}\n",
            render::summary(errors, warnings, others, files_with, checked)
        ));
    }
    if !io_errors.is_empty() {
        2
    } else if errors > 0 {
        1
    } else {
        0
    }
}

fn json_line(path: &str, index: &LineIndex<'_>, d: &Diagnostic) -> String {
    let (line, col) = index.line_col(d.range.start);
    let (end_line, end_col) = index.line_col(d.range.end);
    json!({
        "path": path,
        "code": d.code.name(),
        "severity": d.severity.name(),
        "message": d.message,
        "line": line + 1,
        "column": col + 1,
        "end_line": end_line + 1,
        "end_column": end_col + 1,
    })
    .to_string()
}
