//! `cargo bench -p cable-ls --bench hostile_scaling`: the cost of hostile inputs as they
//! double, through the release binary: `cable-ls check --format json` end to end, and the
//! language server in UTF-16 (open to its diagnostics, and a keystroke on the hostile part to
//! the publish of its version). Each row should cost about twice the one before; the ratio
//! column says how far it is.
//!
//! Inputs, made from `tests/fixtures/lima-style.cable`:
//! * `tags`: its first TAGS line replaced by `TAGS: PGOV, ` + `ZZ, ` × n, one line of n
//!   unknown codes (n = 100,000 is the 413 KB line of issue 10);
//! * `tags-é`: the same with `É ZZ, ` × n, so that every column differs between UTF-8,
//!   UTF-16 and scalars;
//! * `pages`: n more lines `PAGE 02 QUITO 08812 01 OF 04 141530Z` in its first section;
//!
//! and two texts with no cable in them, which the grammar cuts into pieces (`piece.rs`),
//! each followed by the fixture with one unknown TAGS code (so that the parse's publish is
//! told from the empty one the server sends before it):
//! * `prose`: n paragraphs of written-out prose, about 250 bytes each (80,000: 20 MB);
//! * `lone-cr`: 12.5 × n lone `\r` (80,000: a million empty lines).
//!
//! Environment: `HOSTILE_SIZES` (comma-separated, default `10000,20000,40000,80000`),
//! `HOSTILE_KEYS` (keystrokes per input, default 5), `HOSTILE_RUNS` (runs of `check`, the
//! best is shown, default 3), `HOSTILE_ONLY` (one shape's name), `CABLE_LS_BIN`
//! (another binary, e.g. an older build, for the numbers before a change).

#[path = "../../tests/lsp/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use harness::{capabilities, Enc, Server};
use serde_json::{json, Value};

const URI: &str = "file:///hostile.cable";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A hostile input: its name, how to make it with n entries, and where to type in it.
struct Shape {
    name: &'static str,
    make: fn(usize) -> String,
}

fn fixture() -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/lima-style.cable")).unwrap()
}

fn replace_first_tags(entry: &str, n: usize) -> String {
    let text = fixture();
    let start = text.find("\nTAGS: ").unwrap() + 1;
    let end = start + text[start..].find('\n').unwrap();
    format!(
        "{}TAGS: PGOV, {}{}",
        &text[..start],
        entry.repeat(n),
        &text[end..]
    )
}

fn tags(n: usize) -> String {
    replace_first_tags("ZZ, ", n)
}

fn tags_accented(n: usize) -> String {
    replace_first_tags("É ZZ, ", n)
}

fn pages(n: usize) -> String {
    let text = fixture();
    let at = text.find("\nPAGE 02 ").unwrap() + 1;
    format!(
        "{}{}{}",
        &text[..at],
        "PAGE 02 QUITO 08812 01 OF 04 141530Z\n".repeat(n),
        &text[at..]
    )
}

/// Paragraphs of prose from a fixed seed: sentences of common words, a blank line after each.
fn prose(n: usize) -> String {
    const WORDS: &[&str] = &[
        "the",
        "delegation",
        "met",
        "with",
        "officials",
        "of",
        "ministry",
        "and",
        "agreed",
        "to",
        "review",
        "budget",
        "before",
        "next",
        "session;",
        "minister",
        "said",
        "that",
        "government",
        "would",
        "consider",
        "proposal",
        "in",
        "spring.",
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = String::with_capacity(n * 256);
    for _ in 0..n {
        let mut line = 0;
        while line < 4 {
            let mut len = 0;
            while len < 56 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let w = WORDS[(x % WORDS.len() as u64) as usize];
                out.push_str(w);
                out.push(' ');
                len += w.len() + 1;
            }
            out.push('\n');
            line += 1;
        }
        out.push('\n');
    }
    out + &tags(1)
}

fn lone_cr(n: usize) -> String {
    "\r".repeat(n * 25 / 2) + &tags(1)
}

/// Where a keystroke goes: the middle of the hostile part (of the long line, or of the run of
/// PAGE headers), before a comma or at a line's end; the keystrokes type a letter there and
/// delete it in turn.
fn typing_point(text: &str) -> usize {
    let mid = text.len() / 2;
    match text[mid..].find(['\n', ',', '\r']) {
        Some(i) => mid + i,
        None => text.len(),
    }
}

struct Row {
    n: usize,
    bytes: usize,
    diagnostics: usize,
    check: Duration,
    open: Duration,
    key: Duration,
}

/// The best of `runs` runs of `check --format json` on the file, with the number of lines
/// it printed (one per diagnostic).
fn check(path: &Path, runs: usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut lines = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let out = Command::new(harness::binary())
            .args(["check", "--format", "json"])
            .arg(path)
            .stderr(Stdio::inherit())
            .output()
            .expect("cable-ls check runs");
        best = best.min(t.elapsed());
        lines = out.stdout.iter().filter(|&&b| b == b'\n').count();
    }
    (best, lines)
}

/// Requests timed at the typing point after the keystrokes (the document is as opened).
const REQUESTS: [(&str, &str); 5] = [
    ("hover", "textDocument/hover"),
    ("completion", "textDocument/completion"),
    ("semantic tokens", "textDocument/semanticTokens/full"),
    ("folding", "textDocument/foldingRange"),
    ("outline", "textDocument/documentSymbol"),
];

/// Open the text over UTF-16 and time it to its diagnostics; then `keys` keystrokes at
/// `typing_point` (typing a letter, then deleting it), each timed from the didChange to the
/// arrival of the publish of its version; then each of `REQUESTS` once, to its answer.
/// Returns (open, median keystroke, diagnostics, request times).
fn lsp(text: &str, keys: usize) -> (Duration, Duration, usize, Vec<Duration>) {
    let mut s = Server::spawn(&[]);
    s.initialize(capabilities(&["utf-16"]), Value::Null);
    let opened = Instant::now();
    s.open(URI, 1, text);
    let m = s.first_diagnostics();
    let open = s.arrived - opened;
    let count = m["params"]["diagnostics"].as_array().map_or(0, Vec::len);
    let (line, character) = Enc::Utf16.position(text, typing_point(text));
    let at = json!({"line": line, "character": character});
    let after = json!({"line": line, "character": character + 1});
    let mut samples = Vec::with_capacity(keys);
    for k in 0..keys {
        let version = 2 + k as i64;
        let change = if k % 2 == 0 {
            json!([{"range": {"start": at, "end": at}, "text": "X"}])
        } else {
            json!([{"range": {"start": at, "end": after}, "text": ""}])
        };
        let t = Instant::now();
        s.change(URI, version, change);
        s.diagnostics(URI, version);
        samples.push(s.arrived - t);
    }
    // An even number of keystrokes leaves the text as opened.
    if keys % 2 == 1 {
        let version = 2 + keys as i64;
        s.change(
            URI,
            version,
            json!([{"range": {"start": at, "end": after}, "text": ""}]),
        );
        s.diagnostics(URI, version);
    }
    let requests = REQUESTS
        .iter()
        .map(|(_, method)| {
            let t = Instant::now();
            let r = s.request(
                method,
                json!({"textDocument": {"uri": URI}, "position": at}),
            );
            let took = s.arrived - t;
            assert!(r.get("error").is_none(), "{method}: {r}");
            took
        })
        .collect();
    assert!(s.stop().success());
    samples.sort();
    (open, samples[samples.len() / 2], count, requests)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn ratio(now: Duration, before: Option<Duration>) -> String {
    before.map_or("".into(), |b| {
        format!("×{:.2}", now.as_secs_f64() / b.as_secs_f64())
    })
}

fn run(shape: &Shape, sizes: &[usize], keys: usize, runs: usize, dir: &Path) {
    println!("\n{}", shape.name);
    println!(
        "| n | bytes | diagnostics | check | ratio | LSP open | ratio | keystroke (median of {keys}) | ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut prev: Option<Row> = None;
    let mut request_rows = Vec::new();
    for &n in sizes {
        let text = (shape.make)(n);
        let path = dir.join(format!("{}-{n}.cable", shape.name));
        std::fs::write(&path, &text).unwrap();
        let (check, lines) = check(&path, runs);
        let (open, key, count, requests) = lsp(&text, keys);
        request_rows.push((n, requests));
        // The server publishes at most 1,000 diagnostics of a cable and a note of the rest.
        assert_eq!(
            lines.min(1000) + usize::from(lines > 1000),
            count,
            "check and the server agree on the diagnostics"
        );
        let row = Row {
            n,
            bytes: text.len(),
            diagnostics: lines,
            check,
            open,
            key,
        };
        let doubled = prev.as_ref().filter(|p| p.n * 2 == n);
        println!(
            "| {} | {} | {} | {:.1} ms | {} | {:.1} ms | {} | {:.1} ms | {} |",
            row.n,
            row.bytes,
            row.diagnostics,
            ms(row.check),
            ratio(row.check, doubled.map(|p| p.check)),
            ms(row.open),
            ratio(row.open, doubled.map(|p| p.open)),
            ms(row.key),
            ratio(row.key, doubled.map(|p| p.key)),
        );
        prev = Some(row);
    }
    println!("\nrequests at the typing point, {}", shape.name);
    let names: Vec<&str> = REQUESTS.iter().map(|(name, _)| *name).collect();
    println!("| n | {} |", names.join(" | "));
    println!("|---|{}", "---|".repeat(names.len()));
    let mut before: Option<&(usize, Vec<Duration>)> = None;
    for row in &request_rows {
        let cells: Vec<String> = row
            .1
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                let doubled = before.filter(|b| b.0 * 2 == row.0).map(|b| b.1[i]);
                format!("{:.1} ms {}", ms(d), ratio(d, doubled))
            })
            .collect();
        println!("| {} | {} |", row.0, cells.join(" | "));
        before = Some(row);
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too: skip then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sizes: Vec<usize> = std::env::var("HOSTILE_SIZES")
        .unwrap_or_else(|_| "10000,20000,40000,80000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let keys = env_or("HOSTILE_KEYS", 5usize).max(1);
    let runs = env_or("HOSTILE_RUNS", 3usize).max(1);
    let only = std::env::var("HOSTILE_ONLY").ok();
    let dir = std::env::temp_dir().join(format!("cable-ls-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    println!("binary: {}", harness::binary());
    let shapes = [
        Shape {
            name: "tags",
            make: tags,
        },
        Shape {
            name: "tags-é",
            make: tags_accented,
        },
        Shape {
            name: "pages",
            make: pages,
        },
        Shape {
            name: "prose",
            make: prose,
        },
        Shape {
            name: "lone-cr",
            make: lone_cr,
        },
    ];
    for shape in &shapes {
        if only.as_deref().is_none_or(|o| o == shape.name) {
            run(shape, &sizes, keys, runs, &dir);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
