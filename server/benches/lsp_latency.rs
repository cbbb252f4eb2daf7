//! `cargo bench -p cable-ls --bench lsp_latency`: keystroke -> `publishDiagnostics` latency of
//! the release binary through real stdio, and its resident memory.
//!
//! Two documents: one cable of about 6 KB (the corpus file closest to that size, else a
//! fixture) and a document of many cables of at least 20 MB (the corpus repeated, else the
//! fixtures; `CABLE_BENCH_MB` changes the size). For each, two typing patterns in the middle of
//! a paragraph:
//! * single keystrokes: send one `didChange`, wait for the publish of that version;
//! * bursts: send `BURST` keystrokes back to back, time from the last one to the publish of
//!   its version (the versions in between may be coalesced).
//!
//! A publish counts as arrived when its last byte has been read off the pipe, before the
//! client parses it.
//!
//! Resident memory (VmRSS, and the peak VmHWM) is read from /proc after opening and after
//! typing.
//!
//! Then requests, one at a time, each timed to its parsed answer: completion and hover on the
//! first TAGS line, and code actions as VS Code sends them: at a diagnostic that has a fix,
//! with that diagnostic in the context; `source.fixAll.cable` by kind; and its resolve.

#[path = "../../grammar/tests/common/files.rs"]
mod files;
#[path = "../../tests/lsp/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use harness::{capabilities, Enc, Server};
use serde_json::{json, Value};

const URI: &str = "file:///bench.cable";
const KEYSTROKES: usize = 2000;
const BURSTS: usize = 200;
const BURST: usize = 10;

/// Completion, hover and code-action requests per kind.
const REQUESTS: usize = 200;
/// Resolves of `source.fixAll.cable`: each checks the whole document.
const RESOLVES: usize = 20;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    files::files_with_ext(&repo().join("../shared/corpus"), "txt", &mut files);
    files.sort();
    files
}

fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    files::files_with_ext(&repo().join("tests/fixtures"), "cable", &mut files);
    files.sort();
    files
}

fn read(p: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned()
}

/// One cable of about 6 KB.
fn small_document() -> (String, String) {
    let corpus = corpus_files();
    let best = corpus
        .iter()
        .filter_map(|p| Some((p, std::fs::metadata(p).ok()?.len())))
        .min_by_key(|(_, len)| len.abs_diff(6 * 1024));
    match best {
        Some((p, _)) => (read(p), format!("corpus file {}", p.display())),
        None => {
            let p = repo().join("tests/fixtures/berlin-style.cable");
            (read(&p), "fixture berlin-style.cable".into())
        }
    }
}

/// Many cables, at least `CABLE_BENCH_MB` (20) MB.
fn large_document() -> (String, String) {
    let mb: usize = std::env::var("CABLE_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let (files, what) = match corpus_files() {
        f if !f.is_empty() => (f, "the corpus"),
        _ => (fixtures(), "the fixtures"),
    };
    let mut one = String::new();
    for f in &files {
        one.push_str(&read(f));
        if !one.ends_with('\n') {
            one.push('\n');
        }
    }
    let mut text = String::new();
    while text.len() < mb << 20 {
        text.push_str(&one);
    }
    let n = files.len();
    (text, format!("{what} ({n} files) repeated"))
}

/// Where to type: the middle of the line nearest the middle of the document.
fn typing_point(text: &str) -> usize {
    let mid = text.len() / 2;
    let line_start = text[..mid].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[mid..].find('\n').map_or(text.len(), |i| mid + i);
    let mut at = (line_start + line_end) / 2;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn rss_kb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resident memory of the server (and its peak) against the document's size.
fn report_memory(after: &str, pid: u32, size: usize) {
    let (rss, hwm) = rss_kb(pid);
    println!(
        "  resident after {after:<12} {:.1} MB (peak {:.1} MB): {:.2}x the document",
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0,
        (rss * 1024) as f64 / size as f64
    );
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn report(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "  {label:<28} n={:<5} p50 {:>8.0} µs   p99 {:>8.0} µs   max {:>8.0} µs",
        samples.len(),
        us(percentile(&samples, 0.50)),
        us(percentile(&samples, 0.99)),
        us(*samples.last().unwrap()),
    );
}

/// Type `ch` at `(line, col)` as a didChange of `version`; the cursor moves on. The client
/// keeps no copy of the text, so the timings are the server's (and the pipe's).
fn keystroke(s: &mut Server, cursor: &mut (u32, u32), ch: char, version: i64) {
    let (line, col) = *cursor;
    s.change(
        URI,
        version,
        json!([{"range": {"start": {"line": line, "character": col},
                           "end": {"line": line, "character": col}}, "text": ch.to_string()}]),
    );
    cursor.1 += 1;
}

fn run(name: &str, (text, source): (String, String)) {
    let size = text.len();
    println!(
        "{name}: {:.1} MB ({size} bytes) from {source}",
        size as f64 / (1 << 20) as f64
    );
    let mut s = Server::spawn(&[]);
    s.initialize(client(), Value::Null);
    let opened = Instant::now();
    s.open(URI, 1, &text);
    // A long document is parsed apart: its first publish (empty) comes at once, the one with
    // its diagnostics when the parse is in place. The bench measures the second.
    let first = s.diagnostics(URI, 1);
    let first = if text.len() >= cable_ls::lsp::PARSE_APART {
        println!(
            "  open -> first publish       {:.0} ms (before the parse)",
            opened.elapsed().as_secs_f64() * 1e3
        );
        let m = s.first_diagnostics();
        m["params"]["diagnostics"].as_array().unwrap().clone()
    } else {
        first
    };
    println!(
        "  open -> diagnostics         {:.0} ms ({} diagnostics)",
        opened.elapsed().as_secs_f64() * 1e3,
        first.len()
    );
    report_memory("open", s.pid(), size);

    let words = b"THE MINISTER SAID THE ELECTIONS WOULD BE HELD ON TIME ";
    let mut cursor = Enc::Utf16.position(&text, typing_point(&text));
    let mut version = 1;
    let mut single = Vec::with_capacity(KEYSTROKES);
    for i in 0..KEYSTROKES {
        version += 1;
        let t = Instant::now();
        keystroke(&mut s, &mut cursor, words[i % words.len()] as char, version);
        s.diagnostics(URI, version);
        single.push(s.arrived - t);
    }
    report("single keystrokes", single);

    let mut bursts = Vec::with_capacity(BURSTS);
    let mut published = first;
    for b in 0..BURSTS {
        for k in 0..BURST {
            version += 1;
            let ch = words[(b + k) % words.len()] as char;
            keystroke(&mut s, &mut cursor, ch, version);
        }
        let t = Instant::now();
        published = s.diagnostics(URI, version);
        bursts.push(s.arrived - t);
    }
    report(&format!("bursts of {BURST}, last key"), bursts);

    report_memory("typing", s.pid(), size);
    requests(&mut s, &text);
    code_actions(&mut s, &published, cursor.0);
    // The server still holds exactly the client's text.
    let (v, _) = s.syntax_tree(URI);
    assert_eq!(v, version);
    assert!(s.stop().success());
}

/// Completion and hover on the first TAGS line (the typing above happened elsewhere, on one
/// line, so its position is unchanged): every code (an empty prefix), the codes starting
/// with `P`, and the hover of the first entry.
fn requests(s: &mut Server, text: &str) {
    let Some(at) = text.find("\nTAGS: ").map(|i| i + "\nTAGS: ".len()) else {
        return;
    };
    let (line, col) = Enc::Utf16.position(text, at);
    let cases = [
        ("completion, empty prefix", "textDocument/completion", col),
        ("completion, prefix P", "textDocument/completion", col + 1),
        ("hover on a TAGS code", "textDocument/hover", col + 1),
    ];
    for (label, method, character) in cases {
        let position = json!({"line": line, "character": character});
        let params = json!({"textDocument": {"uri": URI}, "position": position});
        let r = timed(s, label, REQUESTS, method, &params);
        assert!(!r["result"].is_null(), "{label}: {r}");
    }
}

/// A client that takes code actions as VS Code does: literals with `isPreferred`, edits as
/// versioned `documentChanges`, and the edit resolved on demand.
fn client() -> Value {
    let mut caps = capabilities(&["utf-16"]);
    caps["textDocument"]["codeAction"] = json!({
        "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}},
        "isPreferredSupport": true,
        "resolveSupport": {"properties": ["edit"]}
    });
    caps["workspace"] = json!({"workspaceEdit": {"documentChanges": true}});
    caps
}

/// Time `n` requests of one kind; the answer of the last is returned for its size.
fn timed(s: &mut Server, label: &str, n: usize, method: &str, params: &Value) -> Value {
    let mut samples = Vec::with_capacity(n);
    let mut last = Value::Null;
    for _ in 0..n {
        let t = Instant::now();
        last = s.request(method, params.clone());
        samples.push(t.elapsed());
    }
    let bytes = last.to_string().len();
    let size = if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{} KB", bytes / 1024)
    };
    report(&format!("{label} ({size})"), samples);
    last
}

/// Code actions where an editor asks for them. The diagnostic: of those published last (so
/// their ranges fit the typed text) that have a quick fix, the one nearest the line typed on.
fn code_actions(s: &mut Server, published: &[Value], typed_line: u32) {
    let at = |d: &Value| {
        json!({"textDocument": {"uri": URI}, "range": d["range"],
               "context": {"diagnostics": [d], "triggerKind": 2}})
    };
    let quick_fixes = |r: &Value| {
        r["result"]
            .as_array()
            .map_or(0, |a| a.iter().filter(|a| a["kind"] == "quickfix").count())
    };
    let line = |d: &Value| d["range"]["start"]["line"].as_u64().unwrap_or(0);
    let mut fixable = Vec::new();
    for d in published {
        if quick_fixes(&s.request("textDocument/codeAction", at(d))) > 0 {
            fixable.push(d);
        }
    }
    let Some(d) = fixable
        .iter()
        .min_by_key(|d| line(d).abs_diff(u64::from(typed_line)))
    else {
        // The 6 KB cable is a correct one.
        let n = published.len();
        println!("  code actions: not timed, none of the {n} diagnostics has a quick fix");
        return;
    };
    println!(
        "  code actions at {} (line {}; {} of {} diagnostics have a fix)",
        d["code"],
        line(d) + 1,
        fixable.len(),
        published.len()
    );
    let r = timed(
        s,
        "code action at it",
        REQUESTS,
        "textDocument/codeAction",
        &at(d),
    );
    assert!(quick_fixes(&r) > 0, "{r}");
    let mut all = at(d);
    all["context"] = json!({"diagnostics": [], "only": ["source.fixAll.cable"], "triggerKind": 1});
    let r = timed(
        s,
        "source.fixAll.cable",
        REQUESTS,
        "textDocument/codeAction",
        &all,
    );
    let action = r["result"][0].clone();
    assert_eq!(action["kind"], "source.fixAll.cable", "{r}");
    let r = timed(
        s,
        "its codeAction/resolve",
        RESOLVES,
        "codeAction/resolve",
        &action,
    );
    assert!(r["result"]["edit"].is_object(), "{r}");
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too, briefly: skip then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    run("6 KB cable", small_document());
    run("large document", large_document());
}
