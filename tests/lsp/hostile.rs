//! Hostile traffic: positions far past the end, reversed ranges, control characters, wrong
//! parameter types, unknown methods and broken frames, interleaved with real edits. The server
//! must answer every request, keep running, and still hold exactly the client's text; a
//! didChange it cannot read that names the document puts it out of sync (the user is told),
//! and the client then opens it again.

use cable_grammar::{dump::dump, Document};
use serde_json::{json, Value};

use crate::harness::{capabilities, Enc, Rng, Server};
use crate::support::fixture;

const URI: &str = "file:///hostile.cable";

/// Mostly small numbers, sometimes huge ones.
fn coordinate(rng: &mut Rng) -> u64 {
    match rng.below(10) {
        0 => u64::from(u32::MAX) - rng.below(3) as u64,
        1 => rng.below(1 << 20) as u64,
        _ => rng.below(400) as u64,
    }
}

const TEXTS: &[&str] = &[
    "",
    "x",
    "\r",
    "\n",
    "\r\n",
    "\u{0}",
    "\u{feff}",
    "😀",
    "é\r\n—",
    "NNNN\n",
    "\u{2028}",
    "\u{c}",
    "PAGE 02 QUITO 08812 02 OF 04 141530Z\n",
    "\t\t\t",
    "1. ",
];

#[test]
fn hostile_traffic_never_stops_the_server_nor_changes_its_text() {
    let mut rng = Rng(0x005E_ED0F_BAD1_DEA5);
    let enc = Enc::Utf16;
    let (mut s, _) = Server::start(capabilities(&["utf-16"]), Value::Null);
    let mut text = fixture("lima-style.cable");
    s.open(URI, 1, &text);
    let mut version = 1;
    let mut lost = 0;
    // Each request with the error codes it may get (none: it must succeed).
    let mut pending: Vec<(i64, &[i64])> = Vec::new();
    for _ in 0..3000 {
        match rng.below(8) {
            // An edit anywhere, clamped by both sides alike; a reversed range is empty at its
            // start.
            0..=3 => {
                let (sl, sc, el, ec) = (
                    coordinate(&mut rng),
                    coordinate(&mut rng),
                    coordinate(&mut rng),
                    coordinate(&mut rng),
                );
                let insert = TEXTS[rng.below(TEXTS.len())];
                let a = enc.offset(&text, sl as u32, sc as u32);
                let b = enc.offset(&text, el as u32, ec as u32).max(a);
                version += 1;
                s.change(
                    URI,
                    version,
                    json!([{"range": {"start": {"line": sl, "character": sc},
                                      "end": {"line": el, "character": ec}}, "text": insert}]),
                );
                text = format!("{}{insert}{}", &text[..a], &text[b..]);
            }
            // Requests at any position.
            4 => {
                let method = [
                    "textDocument/hover",
                    "textDocument/completion",
                    "textDocument/documentSymbol",
                    "textDocument/foldingRange",
                    "textDocument/diagnostic",
                    "textDocument/semanticTokens/full",
                    "textDocument/semanticTokens/range",
                ][rng.below(7)];
                let (a, b) = (coordinate(&mut rng), coordinate(&mut rng));
                let id = s.request_async(
                    method,
                    json!({"textDocument": {"uri": URI},
                           "position": {"line": a, "character": b},
                           "range": {"start": {"line": b, "character": a}, "end": {"line": a, "character": b}}}),
                );
                pending.push((id, &[]));
            }
            // Parameters of the wrong shape, and out-of-range numbers, for known methods.
            5 => {
                let params = [json!(null), json!([1, 2]), json!({"textDocument": "x"}),
                    json!({"textDocument": {"uri": URI}, "position": {"line": -1, "character": 0}}),
                    json!({"textDocument": {"uri": URI}, "position": {"line": 1e30, "character": 0}})]
                    [rng.below(5)]
                    .clone();
                pending.push((
                    s.request_async("textDocument/hover", params.clone()),
                    &[-32602],
                ));
                // A didChange with bad parameters: dropped when it names no document, the
                // version not used up; else the document is out of sync until reopened.
                let names_it = params.pointer("/textDocument/uri").is_some();
                s.notify("textDocument/didChange", params);
                if names_it {
                    lost += 1;
                    version += 1;
                    s.open(URI, version, &text);
                }
            }
            // Unknown methods and broken frames.
            6 => pending.push((s.request_async("cable/nothing", json!({})), &[-32601])),
            _ => {
                let junk: &[u8] = [
                    &b"Content-Length: 3\r\n\r\n{x}"[..],
                    b"garbage\r\n",
                    b"Content-Length: nope\r\n\r\n",
                    b"Content-Length: 2\r\n\r\n\xff\xfe",
                ][rng.below(4)];
                s.send_raw(junk);
            }
        }
    }
    for (id, allowed) in pending {
        let r = s.response(id);
        match r["error"]["code"].as_i64() {
            Some(code) => assert!(allowed.contains(&code), "{r}"),
            None => assert!(allowed.is_empty() && r.get("result").is_some(), "{r}"),
        }
    }
    let (v, tree) = s.syntax_tree(URI);
    assert_eq!(v, version);
    assert_eq!(
        tree,
        dump(&Document::new(&text)),
        "the server's text differs from the client's"
    );
    s.diagnostics(URI, version);
    assert!(lost > 0);
    for _ in 0..lost {
        s.wait_for(|m| m["method"] == "window/showMessage")
            .expect("the user is told of each lost change");
    }
    assert!(s.stop().success());
}

/// Every text of the hostile corpus (`tests/support/hostile.rs`) that an editor would open,
/// as the editor would hand it over (UTF-16 decoded, a UTF-8 byte-order mark kept): the server
/// holds exactly that text and reports what `check` reports for the file, as written down in
/// `tests/hostile/<name>.expected`, less what concerns the file's bytes.
#[test]
fn hostile_corpus_over_stdio() {
    let (mut s, _) = Server::start(capabilities(&["utf-32"]), Value::Null);
    let mut failures = Vec::new();
    for case in crate::support::hostile::cases() {
        let Some(text) = crate::support::hostile::editor_text(&case.bytes) else {
            continue;
        };
        let uri = format!("file:///hostile/{}.cable", case.name);
        s.open(&uri, 1, &text);
        // A long text is parsed apart; its diagnostics are those of the finished parse.
        let tree = loop {
            let r = s.request("cable/syntaxTree", json!({"textDocument": {"uri": uri}}));
            if r["result"]["parsed"] == true {
                break r["result"]["tree"].as_str().unwrap().to_string();
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        if tree != dump(&Document::new(&text)) {
            failures.push(format!(
                "{}: the server's text differs from the client's",
                case.name
            ));
        }
        let r = s.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}, "identifier": null, "previousResultId": null}),
        );
        let items = r["result"]["items"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("{r}"));
        let severity = |v: &Value| match v["severity"].as_i64() {
            Some(1) => "error",
            Some(2) => "warning",
            Some(3) => "information",
            _ => "hint",
        };
        let got = crate::support::hostile::summary(items.iter().map(|d| {
            (
                severity(d),
                d["code"].as_str().unwrap_or(""),
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
                d["range"]["start"]["character"].as_u64().unwrap() + 1,
            )
        }));
        // What check reports, unless the server's outcome is written down apart: it publishes
        // at most 1,000 diagnostics of a cable, the most severe, and a note of the rest.
        let path = crate::support::hostile::expected_path(&case.name);
        let apart = path.with_extension("server.expected");
        let want = match std::fs::read_to_string(&apart) {
            Ok(w) => w,
            Err(_) => crate::support::hostile::server_part(
                &std::fs::read_to_string(&path).unwrap_or_default(),
            ),
        };
        if got != want {
            if std::env::var_os("UPDATE_EXPECT").is_some() {
                std::fs::write(&apart, &got).unwrap();
            } else {
                failures.push(format!(
                    "{}:\n--- expected\n{want}--- got\n{got}",
                    case.name
                ));
            }
        }
        s.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(s.stop().success());
}
