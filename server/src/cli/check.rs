//! `cable-ls check`.

use std::io::Write;

use cable_grammar::{Document, TextRange};

use super::decode::Stored;
use super::input::{self, Source};
use super::{fix, Format, Mode};
use super::{github, render, sarif};
use crate::analysis::{self, Code, Diagnostic, Severity};
use crate::json;
use crate::position::LineIndex;

/// Diagnostics of one source, with the `encoding` ones: invalid bytes, and the name of an
/// encoding other than UTF-8.
pub fn diagnostics(src: &Source) -> Vec<Diagnostic> {
    let text = src.text();
    let doc = Document::new(text);
    let mut diags = analysis::check(&doc, text);
    let decoded = &src.decoded;
    // Anything but plain UTF-8 is named, as an information: lines and columns are then those
    // of the decoded text, not of the bytes.
    if decoded.stored != Stored::Utf8 {
        let mut d = Diagnostic::new(
            Code::Encoding,
            TextRange::new(0, 0),
            format!(
                "read as {}, by the byte-order mark at the start of the file (not part of the text); lines and columns are those of the text",
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

pub fn run(paths: &[std::path::PathBuf], format: Format, no_ignore: bool, mode: Mode) -> i32 {
    let collected = input::collect(paths, no_ignore);
    let mut io_errors = collected.errors;
    let stdout = std::io::stdout();
    // Standard output flushes every line: a system call per diagnostic.
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut errors, mut warnings, mut others, mut files_with) = (0, 0, 0, 0);
    let mut closed = false;
    let mut checked = 0;
    if format == Format::Sarif {
        closed = out.write_all(sarif::head().as_bytes()).is_err();
    }
    let mut results = 0;
    let mut fixes = Fixed::default();
    for path in &collected.files {
        let mut src = match input::read(path) {
            Ok(s) => s,
            Err(e) => {
                io_errors.push(e);
                continue;
            }
        };
        checked += 1;
        if mode != Mode::Report {
            match fix_file(&mut src, mode, &mut fixes) {
                Ok(Some(diff)) => closed = closed || out.write_all(diff.as_bytes()).is_err(),
                Ok(None) => {}
                Err(e) => io_errors.push(e),
            }
        }
        let diags = diagnostics(&src);
        if !diags.is_empty() {
            files_with += 1;
        }
        let index = LineIndex::new(src.text());
        let shown = src.path.display().to_string();
        let file = FileOut::new(format, &src.path, &shown);
        let mut text = String::new();
        let mut message = MessageJson::default();
        for d in &diags {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                _ => others += 1,
            }
            // A diff is all `--diff` prints on standard output, so `patch` can read it.
            if mode == Mode::Diff {
                continue;
            }
            text.clear();
            match &file {
                FileOut::Human => {
                    text.push_str(&render::diagnostic(&shown, &index, d));
                    text.push('\n');
                }
                FileOut::Json(path_json) => {
                    json_line(&mut text, path_json, &mut message, &index, d);
                    text.push('\n');
                }
                FileOut::Github(property) => {
                    github::annotation(&mut text, &shown, property, &index, d);
                    text.push('\n');
                }
                FileOut::Sarif(artifact) => {
                    sarif::result(&mut text, results == 0, artifact, &index, d);
                    results += 1;
                }
            }
            // A closed pipe (`| head`) stops the output, not the count behind the exit code.
            closed = closed || out.write_all(text.as_bytes()).is_err();
        }
        closed = closed || out.flush().is_err();
    }
    drop(out);
    for e in collected
        .skipped
        .iter()
        .chain(&fixes.notes)
        .chain(&io_errors)
    {
        super::say_err(&format!("cable-ls: {e}\n"));
    }
    let summary = render::summary(errors, warnings, others, files_with, checked);
    let fixed = fixes.summary(mode);
    match (mode, format) {
        (Mode::Diff, _) => super::say_err(&format!("{fixed}; left: {summary}\n")),
        _ if closed => {}
        (Mode::Fix, Format::Human) => super::say(&format!("{fixed}; left: {summary}\n")),
        (Mode::Fix, _) => super::say_err(&format!("{fixed}\n")),
        _ => {}
    }
    if !closed {
        match format {
            Format::Human if mode == Mode::Report => super::say(&format!("{summary}\n")),
            Format::Sarif => super::say(&sarif::tail(&io_errors, &collected.skipped)),
            _ => {}
        }
    }
    if !io_errors.is_empty() {
        2
    } else if errors > 0 || (mode == Mode::Diff && fixes.applied > 0) {
        1
    } else {
        0
    }
}

/// What `--fix` or `--diff` did, for the summary.
#[derive(Default)]
struct Fixed {
    applied: usize,
    files: usize,
    /// Files left as they were, and why.
    notes: Vec<String>,
}

impl Fixed {
    fn summary(&self, mode: Mode) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let verb = if mode == Mode::Diff {
            "would be fixed"
        } else {
            "fixed"
        };
        format!(
            "{} {verb} in {}",
            plural(self.applied, "problem"),
            plural(self.files, "file")
        )
    }
}

/// Apply the safe fixes to one file's text: write the file back (`--fix`) or return its diff
/// (`--diff`). `src` then holds the fixed text, whose diagnostics are what remains. A file
/// whose text was not read exactly is left alone, with a note.
fn fix_file(src: &mut Source, mode: Mode, fixes: &mut Fixed) -> Result<Option<String>, String> {
    let shown = input::shown(&src.path);
    let stored = src.decoded.stored;
    if let Some(bad) = src.decoded.invalid {
        fixes.notes.push(format!(
            "{shown}: not fixed: invalid {} at byte {} of the file, read as U+FFFD; cable-ls \
             writes back only a file it read exactly",
            stored.name(),
            bad.file_offset
        ));
        return Ok(None);
    }
    let (fixed, applied) = fix::fix_text(src.text());
    if applied == 0 {
        return Ok(None);
    }
    let diff = match mode {
        Mode::Fix => {
            fix::write_atomically(&src.path, &fix::encode(&fixed, stored))
                .map_err(|e| format!("{shown}: cannot write the fixes: {e}"))?;
            None
        }
        _ => {
            if matches!(stored, Stored::Utf16Le | Stored::Utf16Be) {
                fixes.notes.push(format!(
                    "{shown}: the diff shows the text of a {} file, which `patch` cannot apply \
                     to its bytes; `--fix` writes it",
                    stored.name()
                ));
            }
            // The byte-order mark is in the file's first line: the diff's lines must match.
            let bom = if stored == Stored::Utf8Bom {
                "\u{FEFF}"
            } else {
                ""
            };
            let path = src.path.display().to_string();
            Some(fix::unified_diff(
                &path,
                &format!("{bom}{}", src.text()),
                &format!("{bom}{fixed}"),
            ))
        }
    };
    fixes.applied += applied;
    fixes.files += 1;
    src.decoded.text = fixed;
    Ok(diff)
}

/// What a format writes of a file's path, made once per file.
enum FileOut {
    Human,
    /// The path as a JSON string.
    Json(String),
    /// The `file` property, escaped.
    Github(String),
    Sarif(sarif::Artifact),
}

impl FileOut {
    fn new(format: Format, path: &std::path::Path, shown: &str) -> FileOut {
        match format {
            Format::Human => FileOut::Human,
            Format::Json => {
                let mut path_json = String::new();
                json::push_str(&mut path_json, shown);
                FileOut::Json(path_json)
            }
            Format::Github => FileOut::Github(github::file_property(shown)),
            Format::Sarif => FileOut::Sarif(sarif::artifact(path)),
        }
    }
}

/// One diagnostic of `--format json`: keys in alphabetical order, as serde_json's map wrote
/// them in the first version. Written by hand because a file can hold a hundred thousand
/// diagnostics and a `Value` per line cost more than finding them.
/// The last message written as JSON: a rule that says the same of many places shares one
/// message, escaped once.
#[derive(Default)]
struct MessageJson {
    message: Option<std::sync::Arc<str>>,
    json: String,
}

impl MessageJson {
    fn of(&mut self, message: &std::sync::Arc<str>) -> &str {
        if !self
            .message
            .as_ref()
            .is_some_and(|m| std::sync::Arc::ptr_eq(m, message))
        {
            self.json.clear();
            json::push_str(&mut self.json, message);
            self.message = Some(message.clone());
        }
        &self.json
    }
}

fn json_line(
    out: &mut String,
    path_json: &str,
    message: &mut MessageJson,
    index: &LineIndex<'_>,
    d: &Diagnostic,
) {
    let (line, col) = index.line_col(d.range.start);
    let (end_line, end_col) = index.line_col(d.range.end);
    // Codes and severities are plain words: no escapes (a test of `json.rs` says so).
    out.push_str("{\"code\":\"");
    out.push_str(d.code.name());
    for (key, n) in [
        ("\",\"column\":", col),
        (",\"end_column\":", end_col),
        (",\"end_line\":", end_line),
        (",\"line\":", line),
    ] {
        out.push_str(key);
        json::push_uint(out, n as u64 + 1);
    }
    out.push_str(",\"message\":");
    out.push_str(message.of(&d.message));
    out.push_str(",\"path\":");
    out.push_str(path_json);
    out.push_str(",\"severity\":\"");
    out.push_str(d.severity.name());
    out.push_str("\"}");
}
