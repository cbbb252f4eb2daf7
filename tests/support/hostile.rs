//! The hostile-input corpus: files a transcriber can really have (byte-order marks, UTF-16,
//! NUL and control characters, numbers past any field, lone `\r`) and sizes that expose
//! superlinear costs (a 1 MB line, a TAGS line of 100,000 codes, 40,000 PAGE headers, 50,000
//! wrong paragraph numbers). Small cases are files in `tests/hostile/`; the rest are made here
//! from them or from a recipe.
//! The outcome of each is written down in `tests/hostile/<name>.expected`: the exit status,
//! what `check` says on stderr, and its diagnostics summed up per code (count, first and last
//! place, 1-based lines and columns of the decoded text in Unicode scalar values).

use super::repo;

pub struct Case {
    pub name: String,
    pub bytes: Vec<u8>,
}

const UTF8_BOM: &str = "\u{FEFF}";

fn file(name: &str) -> Vec<u8> {
    let p = repo().join("tests/hostile").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn utf16(text: &str, bom: bool, big_endian: bool) -> Vec<u8> {
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    if big_endian {
        units.flat_map(u16::to_be_bytes).collect()
    } else {
        units.flat_map(u16::to_le_bytes).collect()
    }
}

pub fn cases() -> Vec<Case> {
    let base = String::from_utf8(file("base.cable")).expect("base.cable is UTF-8");
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("base", base.clone().into_bytes()),
        ("bom-utf8", format!("{UTF8_BOM}{base}").into_bytes()),
        // Files joined with `cat`: a second byte-order mark at the start of a later line.
        (
            "bom-utf8-joined",
            format!(
                "{UTF8_BOM}{base}{UTF8_BOM}{}",
                base.replace("14540", "14541")
            )
            .into_bytes(),
        ),
        ("utf16le", utf16(&base, true, false)),
        ("utf16be", utf16(&base, true, true)),
        ("utf16le-no-bom", utf16(&base, false, false)),
        ("utf16be-no-bom", utf16(&base, false, true)),
        ("invalid-utf8", {
            let mut b = base.clone().into_bytes();
            let at = base.find("ACCENTS").expect("the paragraph");
            b.splice(at..at, [0xFF, 0xFE]);
            b
        }),
        ("lone-cr", file("lone-cr.cable")),
        ("nul", file("nul.cable")),
        ("control", file("control.cable")),
        ("numbers", file("numbers.cable")),
        (
            "tags-100k",
            format!("TAGS: PGOV, {}\n", "ZZ, ".repeat(100_000)).into_bytes(),
        ),
        (
            "page-40k",
            "PAGE 02 QUITO 08812 01 OF 04 141530Z\n"
                .repeat(40_000)
                .into_bytes(),
        ),
        (
            "line-1mb",
            format!(
                "1. {}\n",
                "TEXT OF A SCAN WITHOUT LINE BREAKS ".repeat(30_000)
            )
            .into_bytes(),
        ),
        ("cr-1m", "\r".repeat(1_000_000).into_bytes()),
        // One paragraph number wrong 50,000 times in one run: each anomaly's "renumber from
        // here" would visit the rest of the run (the square of it) without a bound.
        (
            "paragraphs-50k",
            "2. REPEATED.\n\n".repeat(50_000).into_bytes(),
        ),
        // Quoted documents opened and never closed, each inside the one before.
        (
            "quotes-20k",
            "BEGIN TEXT:\n1. QUOTED.\n".repeat(20_000).into_bytes(),
        ),
    ];
    cases
        .drain(..)
        .map(|(name, bytes)| Case {
            name: name.to_string(),
            bytes,
        })
        .collect()
}

/// The text an editor would hand the server for these bytes: decoded as the editor does, the
/// byte-order mark of UTF-8 kept (a client may send it), `None` for what an editor would not
/// open as text without being told the encoding.
pub fn editor_text(bytes: &[u8]) -> Option<String> {
    let from_units = |units: Vec<u16>| String::from_utf16_lossy(&units);
    match bytes {
        [0xFF, 0xFE, rest @ ..] => Some(from_units(
            rest.chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect(),
        )),
        [0xFE, 0xFF, rest @ ..] => Some(from_units(
            rest.chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect(),
        )),
        _ if bytes.len() > 2 && bytes.iter().skip(1).step_by(2).take(8).all(|&b| b == 0) => None,
        _ if bytes.len() > 2 && bytes.iter().step_by(2).take(8).all(|&b| b == 0) => None,
        _ => Some(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// Diagnostics as `(severity, code, line, column)`, summed up per code in order of first
/// appearance: `error[section-count] x1 8:16`, `warning[unknown-tag] x100000 1:13 .. 1:400010`.
pub fn summary<'a>(diagnostics: impl IntoIterator<Item = (&'a str, &'a str, u64, u64)>) -> String {
    struct Group {
        key: String,
        count: usize,
        first: (u64, u64),
        last: (u64, u64),
    }
    let mut groups: Vec<Group> = Vec::new();
    for (severity, code, line, col) in diagnostics {
        let key = format!("{severity}[{code}]");
        match groups.iter_mut().find(|g| g.key == key) {
            Some(g) => {
                g.count += 1;
                g.last = (line, col);
            }
            None => groups.push(Group {
                key,
                count: 1,
                first: (line, col),
                last: (line, col),
            }),
        }
    }
    let mut out = String::new();
    for g in groups {
        out.push_str(&format!(
            "{} x{} {}:{}",
            g.key, g.count, g.first.0, g.first.1
        ));
        if g.count > 1 {
            out.push_str(&format!(" .. {}:{}", g.last.0, g.last.1));
        }
        out.push('\n');
    }
    out
}

pub fn expected_path(name: &str) -> std::path::PathBuf {
    repo()
        .join("tests/hostile")
        .join(format!("{name}.expected"))
}

/// Compare with the written-down outcome; `UPDATE_EXPECT=1` writes it instead.
pub fn check_expected(name: &str, got: &str) -> Result<(), String> {
    let path = expected_path(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, got).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if want == got {
        Ok(())
    } else {
        Err(format!(
            "{name}:\n--- expected ({})\n{want}--- got\n{got}",
            path.display()
        ))
    }
}

/// The lines of an expected outcome that the language server also gives: its diagnostics, less
/// those about the file's bytes (the server is handed text).
pub fn server_part(expected: &str) -> String {
    expected
        .lines()
        .filter(|l| l.contains('[') && !l.contains("[encoding]") && !l.starts_with("stderr"))
        .map(|l| format!("{l}\n"))
        .collect()
}
