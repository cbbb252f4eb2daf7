//! `cargo bench -p cable-grammar --bench parse`: full-parse throughput on a document of many
//! cables (at least 20 MB), a plain line scan of the same bytes as the floor, and the cost of a
//! one-character edit at the start, middle and end of that document.
//!
//! The document is the real cables of `../shared/corpus/**/*.txt` (read at run time, when the
//! folder is there) repeated until it reaches the size; otherwise the synthetic fixtures of
//! `tests/fixtures/*.cable`. `CABLE_BENCH_MB` changes the size.

#[path = "../tests/common/files.rs"]
mod files;
use files::files_with_ext;

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use cable_grammar::document::split_lines;
use cable_grammar::{parse, Document};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

/// Used only when neither the corpus nor the fixtures are there.
const FALLBACK: &str = "\
PAGE 01        ZAGREB  01189  01 OF 02  101200Z
R 101200Z MAY 93
FM AMEMBASSY ZAGREB
TO SECSTATE WASHDC 4410

UNCLAS SECTION 01 OF 02 ZAGREB 01189

E.O. 12356: N/A
TAGS: PGOV, ECON, HR
SUBJECT: HARBOUR WORKS

1. THE PORT AUTHORITY EXPECTS THE NEW QUAY TO OPEN IN THE AUTUMN.
NNNN
";

fn read_all(files: &[PathBuf]) -> String {
    let mut text = String::new();
    for f in files {
        if let Ok(bytes) = fs::read(f) {
            text.push_str(&String::from_utf8_lossy(&bytes));
            if !text.ends_with('\n') {
                text.push('\n');
            }
        }
    }
    text
}

/// The benchmark document and a word saying what it is made of.
fn document_text() -> (String, &'static str) {
    let mb: usize = std::env::var("CABLE_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    files_with_ext(&root.join("../shared/corpus"), "txt", &mut files);
    let (mut unit, source) = if files.is_empty() {
        files_with_ext(&root.join("tests/fixtures"), "cable", &mut files);
        (read_all(&files), "synthetic fixtures")
    } else {
        (read_all(&files), "corpus cables")
    };
    let source = if unit.is_empty() {
        unit = FALLBACK.to_string();
        "built-in cable"
    } else {
        source
    };
    let mut text = String::with_capacity(mb << 20);
    while text.len() < mb << 20 {
        text.push_str(&unit);
    }
    (text, source)
}

/// Just after the first character of the line holding `byte`: an edit inside the line.
fn inside_line(text: &str, byte: usize) -> usize {
    let b = text.as_bytes();
    let start = b[..byte]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    start + text[start..].chars().next().map_or(0, char::len_utf8)
}

fn benches(c: &mut Criterion) {
    let (text, source) = document_text();
    let bytes = text.len() as u64;
    let lines = split_lines(&text).len();
    let cables = parse(&text).len();
    eprintln!(
        "document: {:.1} MB of {source}, {lines} lines, {cables} cables",
        bytes as f64 / 1e6
    );

    let mut full = c.benchmark_group("full");
    full.throughput(Throughput::Bytes(bytes))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15));
    full.bench_function("line_scan_bytes", |b| {
        b.iter(|| {
            let b = black_box(text.as_bytes());
            let mut n = 1usize;
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'\n' => n += 1,
                    b'\r' => {
                        n += 1;
                        if b.get(i + 1) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            n
        })
    });
    full.bench_function("split_lines", |b| {
        b.iter(|| split_lines(black_box(&text)).len())
    });
    full.bench_function("parse", |b| b.iter(|| parse(black_box(&text))));
    full.bench_function("document_new", |b| {
        b.iter(|| Document::new(black_box(&text)))
    });
    full.finish();

    let mut doc = Document::new(&text);
    let mut edit = c.benchmark_group("edit_insert_delete_char");
    edit.sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    // Inside the text of a line: three lines in, the middle, three lines before the end.
    let third_line = text.match_indices('\n').nth(2).map_or(0, |(i, _)| i + 1);
    let places = [
        ("start", inside_line(&text, third_line)),
        ("middle", inside_line(&text, text.len() / 2)),
        ("end", inside_line(&text, text.len().saturating_sub(200))),
    ];
    for (name, at) in places {
        if let Some(p) = doc
            .placed()
            .find(|p| p.start_byte <= at && at < p.start_byte + p.cable.len)
        {
            eprintln!(
                "edit at {name}: byte {at}, in cable {} of {} lines, {} bytes",
                p.index,
                p.cable.line_count(),
                p.cable.len
            );
        }
        edit.bench_function(name, |b| {
            b.iter(|| {
                doc.edit(at, at, "x");
                doc.edit(at, at + 1, "");
            })
        });
    }
    edit.finish();
    assert_eq!(doc.rope().len_bytes(), text.len());
    assert!(
        doc.verify(),
        "after the edits the document equals a fresh parse"
    );
}

criterion_group!(parse_benches, benches);
criterion_main!(parse_benches);
