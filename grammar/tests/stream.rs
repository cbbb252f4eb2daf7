//! The streamed parse (`stream::Cables`) against the parse of the whole text: the same cables,
//! at the same places, whatever the window of lines lexed ahead; from any cable start of the
//! parse the stream goes on as the parse does; with a limit it hands out a prefix of them.
//!
//! Texts: our fixtures, one after another, and (when `../shared` is there) the real cables of
//! `../shared/corpus` concatenated, read at run time. The parse on several threads, stitched,
//! is the serial parse too.

#[path = "common/files.rs"]
mod files;
use files::files_with_ext;

use std::path::{Path, PathBuf};

use cable_grammar::parse;
use cable_grammar::stream::{Cables, Streamed, WINDOW};

fn read_sorted(dir: &Path, ext: &str) -> String {
    let mut paths: Vec<PathBuf> = Vec::new();
    files_with_ext(dir, ext, &mut paths);
    paths.sort();
    paths
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
        .collect()
}

fn fixtures() -> String {
    read_sorted(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures"),
        "cable",
    )
}

fn corpus() -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !dir.is_dir() {
        eprintln!("stream: ../shared/corpus not found, the real-cable checks were skipped");
        return None;
    }
    Some(read_sorted(&dir, "txt"))
}

/// The stream's cables equal the parse's, each where the parse has it.
fn assert_same(text: &str, streamed: Vec<Streamed>, what: &str) {
    let parsed = parse(text);
    assert_eq!(streamed.len(), parsed.len(), "{what}: number of cables");
    let (mut byte, mut line) = (0, 0);
    for (k, (s, p)) in streamed.iter().zip(&parsed).enumerate() {
        assert_eq!(
            (s.start_byte, s.start_line),
            (byte, line),
            "{what}: cable {k}"
        );
        assert_eq!(&s.cable, p.as_ref(), "{what}: cable {k}");
        byte += p.len;
        line += p.line_count();
    }
    assert_eq!(byte, text.len(), "{what}: the cables cover the text");
}

#[test]
fn any_window_gives_the_parse() {
    let text = fixtures();
    assert!(text.len() > 10_000, "the fixtures are there");
    for window in [1, 2, 7, 64, WINDOW] {
        let streamed = Cables::new(&text).window(window).collect();
        assert_same(&text, streamed, &format!("fixtures, window {window}"));
    }
    for edge in ["", "\n", "\r", "a\r\n", "NNNN", "\r\r\n\n"] {
        assert_same(edge, Cables::new(edge).window(1).collect(), edge);
    }
    if let Some(text) = corpus() {
        for window in [64, WINDOW] {
            let streamed = Cables::new(&text).window(window).collect();
            assert_same(&text, streamed, &format!("corpus, window {window}"));
        }
    }
}

/// Texts with no cable in them, which the grammar cuts into pieces (`cable_grammar::piece`),
/// also where the cut depends on lines after it (a mail header a few lines on, a run of blank
/// lines longer than a lead, then a cable).
fn plain_texts() -> [String; 3] {
    let paragraph = |k: usize| match k % 97 {
        40 => "\nFrom: the desk officer\nSent: Monday\n\n".to_string(),
        _ => format!("The delegation met on day {k} and agreed\nto meet again.\n\n"),
    };
    let prose: String = (0..3_000).map(paragraph).collect();
    let cable = fixtures();
    [
        prose.clone(),
        format!("{}X{}", "\r".repeat(5_000), "\r".repeat(5_000)),
        format!("{prose}{}{cable}", "\n".repeat(3_000)),
    ]
}

/// The stream cuts plain text where the parse does.
#[test]
fn plain_text_is_cut_as_the_parse_cuts_it() {
    for (t, text) in plain_texts().iter().enumerate() {
        assert!(parse(text).iter().filter(|c| c.cut).count() > 3, "text {t}");
        for window in [1, 7, 64, WINDOW] {
            let streamed = Cables::new(text).window(window).collect();
            assert_same(text, streamed, &format!("plain text {t}, window {window}"));
        }
    }
}

/// Our fixtures, plain text cut into pieces, and the real cables when they are there.
fn texts() -> Vec<String> {
    let mut texts = vec![fixtures()];
    texts.extend(plain_texts());
    texts.extend(corpus());
    texts
}

#[test]
fn a_stream_from_a_cable_start_goes_on_as_the_parse() {
    for text in &texts() {
        let parsed = parse(text);
        let mut start = 0;
        for (k, c) in parsed.iter().enumerate() {
            if k % 7 == 3 {
                let rest: Vec<_> = Cables::new(&text[start..]).take(3).collect();
                for (j, s) in rest.iter().enumerate() {
                    assert_eq!(
                        &s.cable,
                        parsed[k + j].as_ref(),
                        "from cable {k}, cable {j}"
                    );
                }
            }
            start += c.len;
        }
    }
}

#[test]
fn a_limit_gives_a_prefix_of_the_cables() {
    let text = fixtures();
    let parsed = parse(&text);
    for limit in [0, 1, 500, text.len() / 3, text.len() / 2, text.len()] {
        let mut stream = Cables::new(&text).limit(limit).window(16);
        let got: Vec<_> = stream.by_ref().collect();
        for (k, s) in got.iter().enumerate() {
            assert_eq!(&s.cable, parsed[k].as_ref(), "limit {limit}, cable {k}");
        }
        let covered: usize = got.iter().map(|s| s.cable.len).sum();
        assert_eq!(
            stream.gave_up,
            covered < text.len(),
            "limit {limit}: it gives up exactly when it stops short"
        );
        if limit == text.len() {
            assert_eq!(got.len(), parsed.len());
        }
    }
}

/// The parse cut into segments for several threads and stitched (`parallel::parse`) is the
/// serial parse, on our fixtures and on the real cables.
#[test]
fn the_parse_on_several_threads_is_the_serial_parse() {
    for text in &texts() {
        let serial = parse(text);
        for threads in [2, 5, 16] {
            let got = cable_grammar::parallel::parse(text, threads, &|| false).unwrap();
            assert!(got == serial, "{threads} threads");
        }
    }
}
