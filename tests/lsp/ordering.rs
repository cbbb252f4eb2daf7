//! Bursts of changes as fast as the pipe takes them, and a long random soak: the server's text
//! and tree never differ from the client's.

use cable_grammar::{dump::dump, Document};
use serde_json::{json, Value};

use crate::harness::{capabilities, frame, Enc, Rng, Server};
use crate::support::fixture;

const URI: &str = "file:///burst.cable";

/// The server's tree must be the tree of the client's text, parsed from scratch.
fn assert_same_tree(s: &mut Server, text: &str, version: i64, context: &str) {
    let (v, tree) = s.syntax_tree(URI);
    assert_eq!(v, version, "{context}: the server is at another version");
    let expected = dump(&Document::new(text));
    if tree != expected {
        let first = tree
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{context}: the server's tree differs from the client's text, first at dump line {}:\nserver: {:?}\nclient: {:?}",
            first + 1,
            tree.lines().nth(first),
            expected.lines().nth(first)
        );
    }
}

/// Diagnostics reduced to what identifies them.
fn summary(diags: &[Value]) -> Vec<(String, u64, u64)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_burst_of_keystrokes_ends_at_the_last_version() {
    let base = fixture("lima-style.cable");
    let mut s = Server::with_open(URI, &base);
    s.diagnostics(URI, 1);

    // Type a new paragraph 9 in front of the old one, one character at a time, every change
    // sent without waiting for anything: the numbering is wrong from the moment `9.` is
    // typed (two paragraphs 9)...
    let at = base.find("\n9. ").expect("paragraph 9") + 1;
    let sentence = "THE AMBASSADOR ASKED WHETHER THE GOVERNMENT WOULD ACCEPT OBSERVERS \
                    FROM THE OAS; THE MINISTER SAID IT WOULD, AND THAT THE DATE WOULD BE \
                    SET BY THE ELECTORAL COURT IN NOVEMBER. ";
    let typed = format!("9. {}\n", sentence.repeat(3));
    let mut text = base.clone();
    let mut version = 1;
    let mut cursor = at;
    for ch in typed.chars() {
        let next = format!("{}{ch}{}", &text[..cursor], &text[cursor..]);
        version += 1;
        s.edit(URI, version, &text, &next, Enc::Utf16);
        text = next;
        cursor += ch.len_utf8();
    }
    // ...and right again once its `9. ` is deleted, still within the burst.
    for _ in 0..3 {
        let next = format!("{}{}", &text[..at], &text[at + 1..]);
        version += 1;
        s.edit(URI, version, &text, &next, Enc::Utf16);
        text = next;
    }
    assert!(version > 500, "the burst has {version} changes");

    let last = s.diagnostics(URI, version);
    // Every publish of the burst came in version order, the last one last.
    let versions: Vec<i64> = s
        .publishes_within(200)
        .iter()
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]) && versions.iter().all(|&v| v < version),
        "publishes out of order: {versions:?}"
    );
    ends_as_fresh(s, &text, version, &last);
}

/// The server holds the client's text at `version`, and `published` (its last publish) is
/// exactly what a fresh server says about that text.
fn ends_as_fresh(mut s: Server, text: &str, version: i64, published: &[Value]) {
    assert_same_tree(&mut s, text, version, "after the burst");
    let mut fresh = Server::with_open(URI, text);
    assert_eq!(summary(published), summary(&fresh.diagnostics(URI, 1)));
    assert!(fresh.stop().success());
    assert!(s.stop().success());
}

/// The edits the server parsed, batch by batch, as its debug log says (`store.rs`).
fn parse_batches(s: &Server) -> Vec<usize> {
    let log = s.stderr.lock().unwrap();
    log.lines()
        .filter_map(|l| l.split("parsed ").nth(1)?.split(" edits at once").next())
        .map(|n| n.parse().unwrap())
        .collect()
}

#[test]
fn a_burst_is_parsed_once_and_published_at_its_last_version() {
    const KEYS: usize = 300;
    // Long enough that two syntax trees fill the pipe to a client that does not read.
    let base = fixture("lima-style.cable").repeat(20);
    let mut s = Server::spawn_with(&[], &[("CABLE_LS_LOG", "debug")]);
    s.initialize(capabilities(&["utf-16"]), Value::Null);
    s.open(URI, 1, &base);
    s.diagnostics(URI, 1);

    // The client stops reading and asks for two trees (the reader takes in the first): once
    // they are made, the server's output blocks, and with it the diagnostics worker, which
    // publishes through it; until then the worker takes what the burst has brought each time
    // it is done with a batch (in a debug build a parse and publish take milliseconds, a
    // keystroke microseconds).
    s.stop_reading();
    let trees = [
        s.request_async("cable/syntaxTree", json!({"textDocument": {"uri": URI}})),
        s.request_async("cable/syntaxTree", json!({"textDocument": {"uri": URI}})),
    ];
    let mut text = base.clone();
    let mut cursor = text.find("\n9. ").expect("paragraph 9") + 1;
    let mut burst = Vec::new();
    for (i, ch) in "9. THE MINISTER SAID SO.\n"
        .chars()
        .cycle()
        .take(KEYS)
        .enumerate()
    {
        let range = Enc::Utf16.range(&text, cursor, cursor);
        let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": URI, "version": i + 2},
            "contentChanges": [{"range": range, "text": ch.to_string()}]}});
        burst.extend(frame(change.to_string().as_bytes()));
        text.insert(cursor, ch);
        cursor += ch.len_utf8();
    }
    let last = (KEYS + 1) as i64;
    s.send_raw(&burst);
    s.resume_reading();
    for id in trees {
        assert!(s.response(id)["result"]["tree"].is_string());
    }
    let published = s.diagnostics(URI, last);

    // Every keystroke was parsed exactly once, and together with many others (parsing each
    // on its own, as the server once did, is `KEYS` batches of one).
    let batches = parse_batches(&s);
    assert_eq!(batches.iter().sum::<usize>(), KEYS, "{batches:?}");
    assert!(
        batches.len() <= KEYS / 10,
        "{} parses: {batches:?}",
        batches.len()
    );
    // Nothing older than the last version comes after it, and the text is the client's.
    let later = s.publishes_within(300);
    assert!(
        later.iter().all(|m| m["params"]["version"] == last),
        "{later:?}"
    );
    ends_as_fresh(s, &text, last, &published);
}

/// Bits of cable text, line ends of every kind and non-ASCII characters.
const PIECES: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "NNNN\n",
    "PAGE 02 QUITO 08812 02 OF 04 141530Z\n",
    "SECTION 02 OF 04",
    "P 141530Z MAR 93\n",
    "10. ",
    "BT\n",
    " ",
    "é",
    "—",
    "’",
    "😀",
    "/080W",
    "INFO AMEMBASSY LIMA\n",
    "TAGS: PGOV, PE\n",
    "1",
    "A",
    "\n\n",
];

/// The nearest place at or before `i` that a position can name: not inside a character, and
/// not between the `\r` and `\n` of one line end.
fn char_floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    if i > 0 && text[..i].ends_with('\r') && text[i..].starts_with('\n') {
        i -= 1;
    }
    i
}

#[test]
fn soak_twenty_thousand_random_edits_never_diverge() {
    const EDITS: usize = 20_000;
    // SOAK_CHECK_EVERY=1 finds the first edit that diverges when replaying a failure.
    let check_every: usize = std::env::var("SOAK_CHECK_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(250);
    let mut rng = Rng(0x00C0_FFEE_D15E_A5E5);
    let mut total_edits = 0;
    let encodings = [
        (Enc::Utf16, "utf-16"),
        (Enc::Utf8, "utf-8"),
        (Enc::Utf32, "utf-32"),
    ];
    for (enc, name) in encodings {
        // Paranoid: the server also compares its incremental parse with a fresh one after
        // every edit and says so on stderr when they differ.
        let mut s = Server::spawn_with(&[], &[("CABLE_LS_PARANOID", "1")]);
        let init = s.initialize(capabilities(&[name]), Value::Null);
        assert_eq!(init["capabilities"]["positionEncoding"], name);
        let mut text = fixture("lima-style.cable");
        s.open(URI, 1, &text);
        let mut version = 1;
        let mut edits = 0;
        // A third of the notifications per encoding; with the multi-change ones, more edits
        // than EDITS in all (asserted at the end).
        for i in 0..EDITS / encodings.len() {
            version += 1;
            let mut changes = Vec::new();
            // Most notifications carry one change; some carry several, read in sequence.
            for _ in 0..if rng.below(10) == 0 { 3 } else { 1 } {
                let len = text.len();
                let start = char_floor(&text, rng.below(len + 1));
                let end = char_floor(&text, (start + rng.below(12)).min(len));
                let insert = match rng.below(3) {
                    0 => String::new(),
                    _ => PIECES[rng.below(PIECES.len())].to_string(),
                };
                let next = format!("{}{insert}{}", &text[..start], &text[end..]);
                changes.push(json!({"range": enc.range(&text, start, end), "text": insert}));
                text = next;
                edits += 1;
            }
            // Now and then a full-text change, or a range past the end of the document.
            if rng.below(500) == 0 {
                changes.push(json!({"text": text}));
            }
            if rng.below(200) == 0 {
                changes.push(json!({"range": {"start": {"line": 99999, "character": 0},
                    "end": {"line": 99999, "character": 5}}, "text": "\n"}));
                text.push('\n');
            }
            let last_changes = Value::Array(changes);
            s.change(URI, version, last_changes.clone());
            if (i + 1) % check_every == 0 {
                if check_every == 1 {
                    eprintln!("{}", serde_json::to_string(&last_changes).unwrap());
                }
                assert_same_tree(&mut s, &text, version, &format!("{name}, edit {}", i + 1));
            }
            // Keep the document from growing without bound.
            if text.len() > 40_000 {
                version += 1;
                let trimmed = text[..char_floor(&text, 20_000)].to_string();
                s.edit(URI, version, &text, &trimmed, enc);
                text = trimmed;
            }
        }
        assert_same_tree(&mut s, &text, version, &format!("{name}, end"));
        total_edits += edits;
        s.diagnostics(URI, version);
        let log = s.stderr.lock().unwrap().clone();
        assert!(log.contains("paranoid mode"), "{log}");
        assert!(!log.contains("differs from a fresh parse"), "{name}: {log}");
        assert!(s.stop().success());
    }
    assert!(total_edits >= EDITS, "{total_edits} edits");
}
