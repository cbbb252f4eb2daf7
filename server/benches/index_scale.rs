//! `cargo bench -p cable-ls --bench index_scale`: the workspace index of a folder of 10,000
//! cable files (`CABLE_BENCH_FILES`), the corpus repeated into a temporary folder, through the
//! release binary's stdio as an editor drives it:
//! * time from `initialized` to the index's progress `end`;
//! * the server's resident memory then (VmRSS, and the peak VmHWM, from /proc);
//! * `textDocument/definition` and `textDocument/references` on references that resolve (the
//!   server's own document links of a few open files say where they are), and
//!   `workspace/symbol` for ids, id prefixes, posts and subject words: p50, p99, max.

#[path = "../../grammar/tests/common/files.rs"]
mod files;
#[path = "../../tests/lsp/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use harness::Server;
use serde_json::{json, Value};

const REQUESTS: usize = 300;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn sources() -> (Vec<PathBuf>, &'static str) {
    let mut found = Vec::new();
    files::files_with_ext(&repo().join("../shared/corpus"), "txt", &mut found);
    if !found.is_empty() {
        found.sort();
        return (found, "the corpus");
    }
    files::files_with_ext(&repo().join("tests/workspace/cables"), "cable", &mut found);
    found.sort();
    (found, "tests/workspace/cables")
}

/// `n` files: the sources copied round after round into folders `r000`, `r001`, …
fn workspace(n: usize) -> (PathBuf, u64, String) {
    let dir = std::env::temp_dir().join(format!("cable-ls-index-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (src, what) = sources();
    let mut bytes = 0;
    for i in 0..n {
        let from = &src[i % src.len()];
        let round = dir.join(format!("r{:03}", i / src.len()));
        if i % src.len() == 0 {
            std::fs::create_dir_all(&round).unwrap();
        }
        let to = round.join(from.file_name().unwrap());
        bytes += std::fs::copy(from, &to).unwrap();
    }
    (dir, bytes, format!("{what} ({} files)", src.len()))
}

fn status_kb(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn report(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "  {label:<34} n={:<4} p50 {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms",
        samples.len(),
        ms(at(0.50)),
        ms(at(0.99)),
        ms(*samples.last().unwrap()),
    );
}

/// The server's resident memory now, and its peak so far.
fn resident(s: &Server, when: &str) {
    let mb = |field| status_kb(s.pid(), field) as f64 / 1024.0;
    println!(
        "  resident {:<26} {:.1} MB (peak {:.1} MB; anon {:.1}, file {:.1}; {} threads)",
        when,
        mb("VmRSS"),
        mb("VmHWM"),
        mb("RssAnon"),
        mb("RssFile"),
        status_kb(s.pid(), "Threads")
    );
}

fn uri_of(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// Answer the server's requests until its progress ends.
fn until_indexed(s: &mut Server) -> String {
    loop {
        let m = s
            .wait_for(|m| m["method"].is_string())
            .expect("the index's progress");
        match m["method"].as_str() {
            Some("$/progress") if m["params"]["value"]["kind"] == "end" => {
                return m["params"]["value"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .into()
            }
            Some("window/workDoneProgress/create" | "client/registerCapability") => {
                s.respond(&m["id"], Value::Null)
            }
            _ => {}
        }
    }
}

fn timed(s: &mut Server, method: &str, params: Value) -> (Duration, Value) {
    let t = Instant::now();
    let r = s.request(method, params);
    (t.elapsed(), r)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n: usize = std::env::var("CABLE_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let (dir, bytes, what) = workspace(n);
    println!(
        "{n} files, {:.1} MB, from {what} repeated",
        bytes as f64 / f64::from(1 << 20)
    );
    let mut s = Server::spawn(&[]);
    let r = s.request(
        "initialize",
        json!({"processId": null, "rootUri": uri_of(&dir),
               "capabilities": {"window": {"workDoneProgress": true},
                                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}),
    );
    assert!(r.get("result").is_some(), "{r}");
    let t = Instant::now();
    s.notify("initialized", json!({}));
    let end = until_indexed(&mut s);
    println!(
        "  initialized -> progress end      {:.2} s ({end})",
        t.elapsed().as_secs_f64()
    );
    resident(&s, "after indexing");

    // Reference places: the document links of open files of the first round.
    let mut places = Vec::new();
    let mut first_round: Vec<PathBuf> = std::fs::read_dir(dir.join("r000"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    first_round.sort();
    let (mut opened, mut kept) = (0, 0);
    for f in first_round {
        if places.len() >= 60 {
            break;
        }
        opened += 1;
        let uri = uri_of(&f);
        s.open(
            &uri,
            1,
            &String::from_utf8_lossy(&std::fs::read(&f).unwrap()),
        );
        let r = s.request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": uri}}),
        );
        let links = r["result"].as_array().map_or(&[][..], Vec::as_slice);
        if links.is_empty() {
            // An editor holds a few files open, not a thousand: one without a reference
            // that resolves is closed again (open, each costs about 4 times its text).
            s.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}}),
            );
            continue;
        }
        kept += 1;
        for l in links {
            places.push((uri.clone(), l["range"]["start"].clone()));
        }
    }
    assert!(!places.is_empty(), "no reference resolves");
    println!(
        "  {} resolving references in {kept} files kept open ({opened} opened, the rest closed)",
        places.len()
    );
    resident(&s, "after opening them");
    for (label, method) in [
        ("definition", "textDocument/definition"),
        ("references", "textDocument/references"),
    ] {
        let mut samples = Vec::with_capacity(REQUESTS);
        let mut found = 0;
        for i in 0..REQUESTS {
            let (uri, position) = &places[i % places.len()];
            let (d, r) = timed(
                &mut s,
                method,
                json!({"textDocument": {"uri": uri}, "position": position,
                       "context": {"includeDeclaration": true}}),
            );
            found += r["result"].as_array().map_or(0, Vec::len);
            samples.push(d);
        }
        report(
            &format!("{label} ({:.1} locations)", found as f64 / REQUESTS as f64),
            samples,
        );
        resident(&s, &format!("after {label}"));
    }
    let queries = [
        "94QUITO8812",
        "09STATE",
        "STATE",
        "LIMA 14540",
        "election",
        "human rights",
        "1992-11",
        "z",
    ];
    let mut samples = Vec::with_capacity(REQUESTS);
    let mut found = 0;
    for i in 0..REQUESTS {
        let (d, r) = timed(
            &mut s,
            "workspace/symbol",
            json!({"query": queries[i % queries.len()]}),
        );
        found += r["result"].as_array().map_or(0, Vec::len);
        samples.push(d);
    }
    report(
        &format!(
            "workspace/symbol ({:.1} symbols)",
            found as f64 / REQUESTS as f64
        ),
        samples,
    );
    resident(&s, "after the requests");
    assert!(s.stop().success());
    let _ = std::fs::remove_dir_all(&dir);
}
