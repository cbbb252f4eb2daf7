//! Memory under pressure, measured on the server's process (`/proc/<pid>/status`, so Linux):
//! a client that stops reading while it goes on writing, and long texts replaced before their
//! parse is done. Bounds are generous (debug build, loaded machine) and far below what the
//! server took without backpressure and cancellation; nothing here is timed.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cable_grammar::{dump::dump, Document};
use serde_json::json;

use crate::harness::{frame, Enc, Server};
use crate::support::{diagnose, faults::FAULTS, fixture};

const URI: &str = "file:///pressure/quito.cable";
const MB: u64 = 1024;

/// Wait until `progress` (messages the client got written) and the server's resident size
/// have stopped moving for a couple of seconds: the server has stopped taking input.
fn settle(s: &Server, progress: &AtomicUsize) {
    let mut last = (usize::MAX, 0);
    let mut still = 0;
    while still < 10 {
        std::thread::sleep(Duration::from_millis(200));
        let now = (progress.load(Ordering::SeqCst), s.status("VmRSS") / MB);
        still = if now == last { still + 1 } else { 0 };
        last = now;
    }
}

#[test]
fn a_client_that_stops_reading_holds_the_server_to_bounded_memory() {
    const EDITS: usize = 10_000;
    let mut text = fixture("lima-style.cable");
    let mut s = Server::with_open(URI, &text);
    s.diagnostics(URI, 1);
    s.syntax_tree(URI);
    let resident = s.status("VmRSS");

    // A keystroke and a syntax-tree request, 10,000 times: typing `Z` at a line start and
    // taking it back.
    let at = text.find("FM AMEMBASSY QUITO").unwrap();
    let mut frames = Vec::with_capacity(2 * EDITS);
    let first_id: i64 = 1_000_000;
    for i in 0..EDITS {
        let new = if i % 2 == 0 {
            format!("{}Z{}", &text[..at], &text[at..])
        } else {
            format!("{}{}", &text[..at], &text[at + 1..])
        };
        let (start, end) = if i % 2 == 0 { (at, at) } else { (at, at + 1) };
        let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": URI, "version": i + 2},
            "contentChanges": [{"range": Enc::Utf16.range(&text, start, end),
                                "text": if i % 2 == 0 { "Z" } else { "" }}]}});
        frames.push(frame(change.to_string().as_bytes()));
        let tree = json!({"jsonrpc": "2.0", "id": first_id + i as i64, "method": "cable/syntaxTree",
            "params": {"textDocument": {"uri": URI}}});
        frames.push(frame(tree.to_string().as_bytes()));
        text = new;
    }
    let last_version = (EDITS + 1) as i64;

    s.stop_reading();
    let progress = Arc::new(AtomicUsize::new(0));
    let mut stdin = s.take_stdin();
    // The client writes from a thread of its own: its writes block once the server stops
    // taking input.
    let writer = std::thread::spawn({
        let progress = progress.clone();
        move || {
            for f in frames {
                stdin.write_all(&f).expect("write to the server");
                progress.fetch_add(1, Ordering::SeqCst);
            }
            stdin.flush().unwrap();
            stdin
        }
    });
    settle(&s, &progress);
    let (rss, peak, threads) = (s.status("VmRSS"), s.status("VmHWM"), s.status("Threads"));
    let written = progress.load(Ordering::SeqCst);
    eprintln!(
        "client not reading: {written} of {} messages taken; resident {} -> {} MB, peak {} MB, \
         {threads} threads",
        2 * EDITS,
        resident / MB,
        rss / MB,
        peak / MB
    );
    assert!(
        peak < resident + 64 * MB,
        "the server grew from {} to {} MB while its client did not read",
        resident / MB,
        peak / MB
    );
    assert!(threads < 32, "{threads} threads");

    // Reading again, the client gets every answer and the diagnostics of the last version.
    s.resume_reading();
    let mut answered = vec![false; EDITS];
    let mut published = 0;
    while answered.iter().any(|a| !a) || published != last_version {
        let m = s.next_message().expect("the server answers everything");
        if let Some(id) = m["id"].as_i64().filter(|_| m.get("method").is_none()) {
            assert!(m["result"]["tree"].is_string(), "{}", m["error"]);
            answered[(id - first_id) as usize] = true;
        } else if m["method"] == "textDocument/publishDiagnostics" {
            published = m["params"]["version"].as_i64().unwrap();
        }
    }
    s.give_stdin(writer.join().unwrap());
    let (version, tree) = s.syntax_tree(URI);
    assert_eq!(version, last_version);
    assert!(tree == dump(&Document::new(&text)), "the text differs");
    assert!(s.stop().success());
}

/// About 12 MB of distinct cables (a serial of their own each), `fault` typed into the first.
fn long_text(copies: usize, fault: Option<usize>) -> String {
    let base = fixture("lima-style.cable");
    let first = match fault {
        Some(f) => (FAULTS[f].apply)(&base).0,
        None => base.clone(),
    };
    let mut out = String::with_capacity(base.len() * copies);
    out.push_str(&first);
    for k in 1..copies {
        out.push_str(&base.replace("08812", &format!("{:05}", 10_000 + k)));
    }
    out
}

#[test]
fn superseded_parses_of_long_texts_stop() {
    const CHANGES: usize = 8;
    const COPIES: usize = 900;
    let mut s = Server::with_open(URI, &fixture("lima-style.cable"));
    s.diagnostics(URI, 1);
    let resident = s.status("VmRSS");
    // Each a whole new text, sent one after the other, long before a parse can be done; the
    // last one with a fault, so that its diagnostics show whose parse was installed.
    let mut last = String::new();
    for i in 0..CHANGES {
        let fault = (i + 1 == CHANGES).then_some(1);
        last = long_text(COPIES - i, fault);
        s.change(URI, i as i64 + 2, json!([{"text": last}]));
    }
    let version = CHANGES as i64 + 1;
    let published = s
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["version"] == version
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| !d.is_empty())
        })
        .expect("the diagnostics of the last text");
    let peak = s.status("VmHWM");
    eprintln!(
        "{CHANGES} texts of {} MB: resident {} MB, peak {} MB",
        last.len() >> 20,
        resident / MB,
        peak / MB
    );
    let codes: Vec<&str> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = diagnose(&last).iter().map(|f| f.code).collect();
    assert_eq!(codes, expected);
    let r = s.request("cable/syntaxTree", json!({"textDocument": {"uri": URI}}));
    assert_eq!(
        (r["result"]["version"].as_i64(), &r["result"]["parsed"]),
        (Some(version), &json!(true))
    );
    // One parse of such a text takes about 100 MB at its peak; with the last text's own
    // copies the server peaks near 160 MB. When every parse ran to its end, their overlap
    // took 320-330 MB (six or eight texts, on two cores).
    assert!(
        peak < resident + 250 * MB,
        "the server peaked at {} MB from {} MB: superseded parses ran on",
        peak / MB,
        resident / MB
    );
    assert!(s.stop().success());
}
