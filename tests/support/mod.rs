//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

pub mod faults;
pub mod fixes;
pub mod hostile;

use std::path::{Path, PathBuf};

use cable_grammar::Document;
use cable_ls::analysis::{self, Diagnostic, Severity};
use cable_ls::position::LineIndex;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The cables we wrote, each correct: no diagnostics expected.
pub const FIXTURES: &[&str] = &[
    "lima-style.cable",
    "berlin-style.cable",
    "cablegate-envelope.cable",
    "plusd-1977.cable",
    "multi-cable.cable",
    "quoted-letter.cable",
    "fused-caption.cable",
    "mail-header-notes.cable",
    "mail-header-outlook.cable",
    "seventies.cable",
];

pub fn fixture(name: &str) -> String {
    let p = repo().join("tests/fixtures").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The LIMA-style fixture with its first TAGS line made hostile: `TAGS: PGOV, ` and `n`
/// times `😀 ZZ, ` (an unknown code after a character of four bytes, one scalar and two
/// UTF-16 units, so that every encoding counts a different column). Returns the text and the
/// byte offset of the last `ZZ`.
pub fn long_tags_line(n: usize) -> (String, usize) {
    let text = fixture("lima-style.cable");
    let start = text.find("\nTAGS: ").unwrap() + 1;
    let end = start + text[start..].find('\n').unwrap();
    let line = format!("TAGS: PGOV, {}", "😀 ZZ, ".repeat(n));
    let last = start + line.rfind("ZZ").unwrap();
    (format!("{}{line}{}", &text[..start], &text[end..]), last)
}

/// A diagnostic reduced to what tests compare: code, severity, 1-based line, message.
#[derive(Debug, Clone)]
pub struct Found {
    pub code: &'static str,
    pub severity: Severity,
    pub line: usize,
    pub message: String,
}

pub fn diagnose(text: &str) -> Vec<Found> {
    let doc = Document::new(text);
    let index = LineIndex::new(text);
    analysis::check(&doc, text)
        .into_iter()
        .map(|d: Diagnostic| Found {
            code: d.code.name(),
            severity: d.severity,
            line: index.line_col(d.range.start).0 + 1,
            message: d.message.to_string(),
        })
        .collect()
}

pub fn errors(found: &[Found]) -> Vec<&Found> {
    found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// 1-based number of the first line equal to `line` (after trimming trailing blanks).
pub fn line_of(text: &str, pred: impl Fn(&str) -> bool) -> Option<usize> {
    text.lines().position(|l| pred(l.trim_end())).map(|i| i + 1)
}

/// Replace the 1-based line `n` (content only) with `new`; `None` deletes the line.
pub fn replace_line(text: &str, n: usize, new: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == n {
            if let Some(new) = new {
                out.push_str(new);
                if l.ends_with("\r\n") {
                    out.push_str("\r\n");
                } else if l.ends_with('\n') {
                    out.push('\n');
                }
            }
        } else {
            out.push_str(l);
        }
    }
    out
}

/// Say that a test skipped its checks, past the test harness's capture of stdout/stderr, so
/// that every run shows it.
pub fn skip(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// The path of a validator `tests/tools/install-sarif-validator.sh` installs (`flag`: none for
/// the SARIF one, `--check-jsonschema` for check-jsonschema itself); `None`, after saying why,
/// when it cannot be installed outside CI (in CI that fails the test).
pub fn json_validator(flag: Option<&str>) -> Option<String> {
    let install = std::process::Command::new("bash")
        .arg(repo().join("tests/tools/install-sarif-validator.sh"))
        .args(flag)
        .output()
        .expect("bash runs");
    if !install.status.success() {
        let why = String::from_utf8_lossy(&install.stderr);
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the validator could not be installed: {why}"
        );
        skip(&format!("the validator could not be installed: {why}"));
        return None;
    }
    Some(
        String::from_utf8(install.stdout)
            .unwrap()
            .trim()
            .to_string(),
    )
}

/// Run `cmd` and fail the test, with what it printed, unless it succeeds.
pub fn run_ok(cmd: &mut std::process::Command) {
    let o = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        o.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}
