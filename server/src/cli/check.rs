//! `cable-ls check`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use cable_grammar::TextRange;

use super::decode::Stored;
use super::input::{self, Found, Source};
use super::segments::{self, Checked, Stitch};
use super::{fix, schedule, Format, Mode};
use super::{github, render, sarif};
use crate::analysis::{Code, Diagnostic, Severity};
use crate::json;
use crate::position::LineIndex;

/// The diagnostics of a file as a whole (`encoding`): invalid bytes, and the name of an
/// encoding other than UTF-8; sorted by position.
fn whole_file(src: &Source) -> Vec<Diagnostic> {
    let text = src.text();
    let mut diags = Vec::new();
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

/// A file to check, read by the first of its jobs to run and shared by the others.
struct File {
    path: PathBuf,
    loaded: OnceLock<Result<Loaded, String>>,
}

/// A file's text, with what `--fix` or `--diff` did to it.
struct Loaded {
    src: Source,
    fixes: Fixed,
    /// The diff (`--diff`), or why the fixes could not be written.
    diff: Result<Option<String>, String>,
}

fn load(path: &Path, mode: Mode) -> Result<Loaded, String> {
    let mut src = input::read(path)?;
    let mut fixes = Fixed::default();
    let diff = if mode == Mode::Report {
        Ok(None)
    } else {
        fix_file(&mut src, mode, &mut fixes)
    };
    Ok(Loaded { src, fixes, diff })
}

/// The work of one job: segment `index` of `of` of a file.
struct Piece {
    file: Arc<File>,
    index: usize,
    of: usize,
}

/// A job's result.
struct Done {
    piece: Piece,
    cables: Vec<Checked>,
}

fn check_piece(piece: Piece, mode: Mode) -> Done {
    let loaded = piece
        .file
        .loaded
        .get_or_init(|| load(&piece.file.path, mode));
    let cables = match loaded {
        Ok(l) => segments::check(l.src.text(), piece.index, piece.of),
        Err(_) => Vec::new(),
    };
    Done { piece, cables }
}

pub fn run(paths: &[PathBuf], format: Format, no_ignore: bool, mode: Mode) -> i32 {
    let threads = schedule::threads();
    let walk_errors = Mutex::new(Vec::new());
    let skipped = Mutex::new(Vec::new());
    let mut report = Report::new(format, mode);
    std::thread::scope(|s| {
        // The walk runs ahead on its own thread, a bounded queue ahead of the checking.
        let (found_tx, found_rx) = std::sync::mpsc::sync_channel(1024);
        s.spawn(move || {
            input::each(paths, no_ignore, |f| {
                let _ = found_tx.send(f);
            })
        });
        let mut pieces = std::collections::VecDeque::new();
        let (walk_errors, skipped) = (&walk_errors, &skipped);
        let next = move || {
            while pieces.is_empty() {
                match found_rx.recv().ok()? {
                    Found::File(path) => pieces.extend(plan(path, threads, mode)),
                    Found::Error(e) => lock(walk_errors).push(e),
                    Found::Skipped(e) => lock(skipped).push(e),
                }
            }
            pieces.pop_front()
        };
        schedule::run(
            threads,
            next,
            |piece| check_piece(piece, mode),
            |done| report.take(done),
        );
    });
    let mut io_errors = walk_errors.into_inner().unwrap_or_else(|e| e.into_inner());
    let skipped = skipped.into_inner().unwrap_or_else(|e| e.into_inner());
    report.finish(&mut io_errors, &skipped)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The jobs of one file: one, or one per segment of a large file when only reporting (fixes
/// need the whole file's diagnostics at once). The file's bytes are charged to the first and
/// given back with the last.
fn plan(path: PathBuf, threads: usize, mode: Mode) -> Vec<schedule::Job<Piece>> {
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    let of = if mode == Mode::Report {
        segments::count(size, threads)
    } else {
        1
    };
    let file = Arc::new(File {
        path,
        loaded: OnceLock::new(),
    });
    let bytes = usize::try_from(size).unwrap_or(usize::MAX);
    (0..of)
        .map(|index| schedule::Job {
            work: Piece {
                file: file.clone(),
                index,
                of,
            },
            charge: if index == 0 { bytes } else { 0 },
            release: if index + 1 == of { bytes } else { 0 },
        })
        .collect()
}

/// What `check` prints, taken a job's result at a time in the order of the files.
struct Report {
    format: Format,
    mode: Mode,
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    closed: bool,
    counts: [usize; 3],
    files_with: usize,
    checked: usize,
    results: usize,
    fixes: Fixed,
    file_errors: Vec<String>,
    /// The file being reported, and the parse of it handed out so far.
    file: Option<FileReport>,
    stitch: Option<Stitch>,
    text: String,
}

struct FileReport {
    shown: String,
    out: FileOut,
    message: MessageJson,
    /// Its first line not yet reported.
    line: usize,
    /// Diagnostics of the whole file (encoding), in order, and how many are reported.
    whole: Vec<Diagnostic>,
    whole_done: usize,
    any: bool,
}

impl Report {
    fn new(format: Format, mode: Mode) -> Report {
        // Standard output flushes every line: a system call per diagnostic.
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let mut closed = false;
        if format == Format::Sarif {
            closed = out.write_all(sarif::head().as_bytes()).is_err();
        }
        Report {
            format,
            mode,
            out,
            closed,
            counts: [0; 3],
            files_with: 0,
            checked: 0,
            results: 0,
            fixes: Fixed::default(),
            file_errors: Vec::new(),
            file: None,
            stitch: None,
            text: String::new(),
        }
    }

    fn take(&mut self, done: Done) {
        let Done { piece, cables } = done;
        let loaded = match piece.file.loaded.get() {
            Some(Ok(l)) => l,
            Some(Err(e)) => {
                if piece.index == 0 {
                    self.file_errors.push(e.clone());
                }
                return;
            }
            None => return,
        };
        let text = loaded.src.text();
        if piece.index == 0 {
            self.start_file(loaded, cables);
        } else if let (Some(mut f), Some(mut stitch)) = (self.file.take(), self.stitch.take()) {
            stitch.next(text, cables, &mut |c| self.cable(&mut f, text, c));
            self.file = Some(f);
            self.stitch = Some(stitch);
        }
        if piece.index + 1 == piece.of {
            if let (Some(mut f), Some(mut stitch)) = (self.file.take(), self.stitch.take()) {
                stitch.finish(text, &mut |c| self.cable(&mut f, text, c));
                self.whole_before(&mut f, text, (usize::MAX, usize::MAX));
                if f.any {
                    self.files_with += 1;
                }
            }
            self.closed = self.closed || self.out.flush().is_err();
        }
    }

    fn start_file(&mut self, loaded: &Loaded, first: Vec<Checked>) {
        self.checked += 1;
        self.fixes.applied += loaded.fixes.applied;
        self.fixes.files += loaded.fixes.files;
        self.fixes.notes.extend(loaded.fixes.notes.iter().cloned());
        match &loaded.diff {
            Ok(Some(diff)) => {
                self.closed = self.closed || self.out.write_all(diff.as_bytes()).is_err()
            }
            Ok(None) => {}
            Err(e) => self.file_errors.push(e.clone()),
        }
        let src = &loaded.src;
        let shown = src.path.display().to_string();
        self.stitch = Some(Stitch::new(first));
        self.file = Some(FileReport {
            out: FileOut::new(self.format, &src.path, &shown),
            shown,
            message: MessageJson::default(),
            line: 0,
            whole: whole_file(src),
            whole_done: 0,
            any: false,
        });
    }

    /// Report one cable of the file's parse, after the diagnostics of the whole file that
    /// come before each of its own (all were sorted by position before).
    fn cable(&mut self, f: &mut FileReport, text: &str, c: Checked) {
        if c.diags.is_empty() {
            // Most cables: no line index to build (its counts walk the cable's bytes).
            f.line += c.lines;
            return;
        }
        let cable_text = text.get(c.start..c.start + c.len).unwrap_or("");
        let index = LineIndex::with_starts(cable_text, &c.line_starts).from_line(f.line);
        for d in &c.diags {
            self.whole_before(f, text, (c.start + d.range.start, c.start + d.range.end));
            self.diagnostic(f, &index, d);
        }
        f.line += c.lines;
    }

    /// Report the diagnostics of the whole file placed before `key`, each with an index of
    /// the lines it is on.
    fn whole_before(&mut self, f: &mut FileReport, text: &str, key: (usize, usize)) {
        while let Some(d) = f.whole.get(f.whole_done) {
            if (d.range.start, d.range.end) >= key {
                break;
            }
            let d = d.clone();
            f.whole_done += 1;
            let (from, line) = line_at(text, d.range.start);
            let to = line_end(text, d.range.end);
            let index = LineIndex::new(&text[from..to]).from_line(line);
            let mut local = d;
            local.range = TextRange::new(local.range.start - from, local.range.end - from);
            self.diagnostic(f, &index, &local);
        }
    }

    fn diagnostic(&mut self, f: &mut FileReport, index: &LineIndex<'_>, d: &Diagnostic) {
        f.any = true;
        match d.severity {
            Severity::Error => self.counts[0] += 1,
            Severity::Warning => self.counts[1] += 1,
            _ => self.counts[2] += 1,
        }
        // A diff is all `--diff` prints on standard output, so `patch` can read it.
        if self.mode == Mode::Diff {
            return;
        }
        let text = &mut self.text;
        text.clear();
        match &f.out {
            FileOut::Human => {
                text.push_str(&render::diagnostic(&f.shown, index, d));
                text.push('\n');
            }
            FileOut::Json(path_json) => {
                json_line(text, path_json, &mut f.message, index, d);
                text.push('\n');
            }
            FileOut::Github(property) => {
                github::annotation(text, &f.shown, property, index, d);
                text.push('\n');
            }
            FileOut::Sarif(artifact) => {
                sarif::result(text, self.results == 0, artifact, index, d);
                self.results += 1;
            }
        }
        // A closed pipe (`| head`) stops the output, not the count behind the exit code.
        self.closed = self.closed || self.out.write_all(text.as_bytes()).is_err();
    }

    fn finish(mut self, io_errors: &mut Vec<String>, skipped: &[String]) -> i32 {
        let _ = self.out.flush();
        drop(self.out);
        let (mode, format, closed, fixes) = (self.mode, self.format, self.closed, self.fixes);
        io_errors.append(&mut self.file_errors);
        for e in skipped.iter().chain(&fixes.notes).chain(io_errors.iter()) {
            super::say_err(&format!("cable-ls: {e}\n"));
        }
        let [errors, warnings, others] = self.counts;
        let summary = render::summary(errors, warnings, others, self.files_with, self.checked);
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
                Format::Sarif => super::say(&sarif::tail(io_errors, skipped)),
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
}

/// The start of the line holding `offset`, and its number (lines end as `split_lines` ends
/// them). Counts from the text's start: only for the few diagnostics of a whole file.
fn line_at(text: &str, offset: usize) -> (usize, usize) {
    let b = &text.as_bytes()[..offset.min(text.len())];
    let from = b
        .iter()
        .rposition(|&c| c == b'\n' || c == b'\r')
        .map_or(0, |i| i + 1);
    let breaks = b[..from]
        .iter()
        .enumerate()
        .filter(|&(i, &c)| c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count();
    (from, breaks)
}

/// The end of the line holding `offset`, without its terminator.
fn line_end(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[offset..]
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map_or(text.len(), |i| offset + i)
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
