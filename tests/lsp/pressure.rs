//! Memory under pressure, measured on the server's process (`/proc/<pid>/status`, so Linux):
//! long texts replaced before their parse is done. Bounds are generous (debug build, loaded
//! machine) and far below what the server took without cancellation; nothing here is timed.

use serde_json::{json, Value};

use crate::harness::{capabilities, Server};
use crate::support::{diagnose, faults::FAULTS, fixture};

const URI: &str = "file:///pressure/quito.cable";
const MB: u64 = 1024;

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
    let (mut s, _) = Server::start(capabilities(&["utf-16"]), Value::Null);
    s.open(URI, 1, &fixture("lima-style.cable"));
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
    // copies the server peaks near 150 MB. When every parse ran to its end, their overlap
    // took 330 MB for six texts, more for eight.
    assert!(
        peak < resident + 250 * MB,
        "the server peaked at {} MB from {} MB: superseded parses ran on",
        peak / MB,
        resident / MB
    );
    assert!(s.stop().success());
}
