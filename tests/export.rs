//! `cable-ls export` through the built binary:
//!
//! * `tests/export/NAME.jsonl`: the JSON Lines export of `tests/fixtures/NAME.cable` and
//!   `tests/citations/NAME.cable`, and `tests/export/citations.{csv,graphml}` of the
//!   citations folder (`UPDATE_EXPECT=1` rewrites them; review the diff);
//! * every exported record (fixtures, and the real cables of `../shared/corpus` when present)
//!   validates against `server/schema/export.schema.json` by check-jsonschema, which is shown
//!   a broken record too;
//! * over the real cables, each record's id, post, serial, DTG, TAGS and subject are those the
//!   outline and hover give.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cable_grammar::syntax::Role;
use cable_grammar::Document;
use cable_ls::analysis::{hover::hover, outline::cable_symbol, CableText};
use serde_json::Value;
use support::*;

fn export(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cable-ls"))
        .arg("export")
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the binary runs")
}

fn ok_stdout(o: Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8")
}

fn cables_in(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join(dir))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "cable"))
        .map(|p| format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    names.sort();
    names
}

/// Compare with the expected file, or write it under `UPDATE_EXPECT`.
fn expect(got: &str, file: &str, failures: &mut Vec<String>) {
    let path = repo().join("tests/export").join(file);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if got != want {
        failures.push(format!("{file}:\n--- expected\n{want}--- got\n{got}"));
    }
}

#[test]
fn exports_are_as_expected() {
    let mut failures = Vec::new();
    for name in cables_in("tests/fixtures")
        .into_iter()
        .chain(cables_in("tests/citations"))
    {
        let got = ok_stdout(export(&["--format", "jsonl", &name]));
        let stem = Path::new(&name).file_stem().unwrap().to_string_lossy();
        let dir = if name.contains("citations") {
            "citations-"
        } else {
            ""
        };
        expect(&got, &format!("{dir}{stem}.jsonl"), &mut failures);
    }
    expect(
        &ok_stdout(export(&["--format", "csv", "tests/citations"])),
        "citations.csv",
        &mut failures,
    );
    let graph = ok_stdout(export(&["--format", "graphml", "tests/citations"]));
    expect(&graph, "citations.graphml", &mut failures);
    assert!(
        failures.is_empty(),
        "{}\n(UPDATE_EXPECT=1 rewrites them)",
        failures.join("\n")
    );

    // `json` is the same records as one array.
    let lines: Vec<Value> = ok_stdout(export(&["--format", "jsonl", "tests/citations"]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let array: Value = serde_json::from_str(&ok_stdout(export(&["tests/citations"]))).unwrap();
    assert_eq!(array, Value::Array(lines));

    // The graph is well-formed XML that a GraphML reader (Gephi) can load: checked by
    // Python's parser, with the node and edge counts.
    let o = Command::new("python3")
        .args([
            "-c",
            "import sys, xml.etree.ElementTree as E; r = E.fromstring(sys.stdin.read()); \
             ns = '{http://graphml.graphdrawing.org/xmlns}'; \
             print(len(r.findall(f'.//{ns}node')), len(r.findall(f'.//{ns}edge')))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(graph.as_bytes())?;
            c.wait_with_output()
        })
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let counts = String::from_utf8_lossy(&o.stdout);
    let nodes = graph.matches("<node ").count();
    let edges = graph.matches("<edge ").count();
    assert_eq!(counts.trim(), format!("{nodes} {edges}"));
    assert!(nodes > 10 && edges > 10, "{nodes} nodes, {edges} edges");
}

#[test]
fn usage_errors() {
    let o = export(&["--format", "xml", "tests/citations"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown export format `xml`"));
    assert_eq!(export(&[]).status.code(), Some(2));
    let o = export(&["tests/citations", "no-such-folder"]);
    assert_eq!(o.status.code(), Some(2), "a missing path is an I/O failure");
    assert!(!o.stdout.is_empty(), "what could be read is still exported");
}

fn corpus() -> Option<PathBuf> {
    let p = repo().join("../shared/corpus");
    p.is_dir().then_some(p)
}

/// Each record of `jsonl` in a file of its own in `dir`, as check-jsonschema reads files.
fn split_records(jsonl: &str, dir: &Path, prefix: &str) -> Vec<PathBuf> {
    jsonl
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let p = dir.join(format!("{prefix}-{i:05}.json"));
            std::fs::write(&p, l).unwrap();
            p
        })
        .collect()
}

#[test]
fn every_record_validates_against_the_schema() {
    let Some(validator) = json_validator(Some("--check-jsonschema")) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("cable-ls-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = split_records(
        &ok_stdout(export(&[
            "--format",
            "jsonl",
            "tests/fixtures",
            "tests/citations",
            "examples",
        ])),
        &dir,
        "ours",
    );
    match corpus() {
        Some(c) => {
            let out = ok_stdout(export(&["--format", "jsonl", &c.to_string_lossy()]));
            let real = split_records(&out, &dir, "real");
            eprintln!("{} real records to validate", real.len());
            assert!(real.len() > 1000, "{}", real.len());
            files.extend(real);
        }
        None => skip("../shared/corpus is absent: only our own cables are validated"),
    }
    let schema = repo().join("server/schema/export.schema.json");
    let validate = |files: &[PathBuf]| {
        let mut cmd = Command::new(&validator);
        cmd.arg("--schemafile").arg(&schema).args(files);
        cmd
    };
    run_ok(&mut validate(&files));
    // No rubber stamp: a record with a date that is no ISO 8601 date is refused.
    let bad = dir.join("bad.json");
    let first = std::fs::read_to_string(&files[0]).unwrap();
    let mut v: Value = serde_json::from_str(&first).unwrap();
    v["date"] = Value::String("14 MARCH 1993".into());
    std::fs::write(&bad, v.to_string()).unwrap();
    assert!(!validate(&[bad]).status().unwrap().success());
    let _ = std::fs::remove_dir_all(&dir);
}

/// What the hover says of the text at `col` of `line` in a cable.
fn hover_text(ct: &CableText<'_>, line: u32, col: usize) -> String {
    let offset = ct.cable.line_starts[line as usize] + col;
    hover(ct, offset, 0).map(|h| h.markdown).unwrap_or_default()
}

#[test]
fn real_records_agree_with_outline_and_hover() {
    let Some(corpus) = corpus() else {
        skip("../shared/corpus is absent");
        return;
    };
    let out = ok_stdout(export(&["--format", "jsonl", &corpus.to_string_lossy()]));
    let mut by_file: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for l in out.lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        by_file
            .entry(v["file"].as_str().unwrap().to_string())
            .or_default()
            .push(v);
    }
    let (mut compared, mut dates, mut tags) = (0, 0, 0);
    let mut differ = Vec::new();
    for (file, records) in &by_file {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        let doc = Document::new(&text);
        let cables: Vec<_> = doc
            .placed()
            .filter(|p| !p.cable.roles.iter().all(|r| *r == Role::Blank))
            .collect();
        assert_eq!(cables.len(), records.len(), "{file}");
        for (p, rec) in cables.iter().zip(records) {
            let ct = CableText {
                cable: p.cable,
                text: &text[p.start_byte..p.start_byte + p.cable.len],
            };
            compared += 1;
            let mut wrong = |what: &str, got: &Value, want: String| {
                differ.push(format!(
                    "{file}: {what}: export {got}, outline/hover {want}"
                ));
            };
            let symbol = cable_symbol(&ct).expect("a cable with content has a symbol");
            if !rec["id"].is_null() && rec["id"].as_str() != Some(symbol.name.as_str()) {
                wrong("id", &rec["id"], symbol.name.clone());
            }
            if let (Some(post), Some(serial)) = (rec["post"].as_str(), rec["serial"].as_u64()) {
                let id = rec["id"].as_str().unwrap_or("");
                let (p, s) = id.rsplit_once(' ').unwrap_or((id, ""));
                if p != post || s.parse::<u64>().ok() != Some(serial) {
                    wrong("post and serial", &rec["id"], format!("{post} {serial}"));
                }
            }
            if rec["subject"].as_str() != symbol.detail.as_deref() {
                wrong("subject", &rec["subject"], format!("{:?}", symbol.detail));
            }
            // The DTG: the hover on the precedence line's DTG names the same ISO moment.
            // (A record dated by a Cablegate date line alone has no printed message DTG.)
            if let (Some(date), Some(dtg)) = (rec["date"].as_str(), rec["dtg"].as_str()) {
                let line = (0..ct.cable.line_count() as u32)
                    .find(|&l| {
                        ct.cable.roles[l as usize] == Role::Precedence && ct.line(l).contains(dtg)
                    })
                    .expect("the DTG's precedence line");
                let col = ct.line(line).find(dtg).unwrap();
                let h = hover_text(&ct, line, col);
                dates += 1;
                if !h.contains(&format!("(`{date}`)")) {
                    wrong("date", &rec["date"], h);
                }
            }
            // TAGS: each code's hover names the kind the export gives it.
            let tag_line = (0..ct.cable.line_count() as u32)
                .find(|&l| ct.cable.roles[l as usize] == Role::Tags);
            for t in rec["tags"].as_array().unwrap() {
                let code = t["code"].as_str().unwrap();
                let Some(line) = tag_line else {
                    wrong("tags", t, "no TAGS line".into());
                    continue;
                };
                // The entry as a word of its own (`GR` is no part of `EAGR`).
                let l = ct.line(line);
                let word = |i: usize| {
                    let before = l[..i].chars().next_back();
                    let after = l[i + code.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                };
                let Some(col) = l.match_indices(code).map(|(i, _)| i).find(|&i| word(i)) else {
                    wrong("tag", t, "not on the TAGS line".into());
                    continue;
                };
                let h = hover_text(&ct, line, col);
                tags += 1;
                let says = match t["kind"].as_str().unwrap() {
                    "subject" => "subject TAGS",
                    "program" => "program TAGS",
                    "geographic" => "geographic TAGS (FIPS",
                    "former-geographic" => "geographic TAGS of an earlier",
                    "region" => "world-region TAGS",
                    "organization" => "organization TAGS",
                    "post-keyword" => "not a TAGS code but a post's own",
                    "name" => "TAGS name",
                    _ => "not a code cable-ls knows",
                };
                if !h.contains(says) {
                    wrong("tag kind", t, h);
                }
            }
        }
    }
    eprintln!(
        "{compared} exported cables compared with outline and hover: {dates} DTGs, {tags} TAGS \
         entries; {} differ: {:?}",
        differ.len(),
        &differ[..differ.len().min(20)]
    );
    assert!(
        compared > 1000 && dates > 500 && tags > 3000,
        "{compared} {dates} {tags}"
    );
    assert!(differ.is_empty(), "{differ:#?}");
}
