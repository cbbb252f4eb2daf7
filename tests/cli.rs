//! The command line as a user runs it: the built binary, its output and exit codes.

mod support;

use std::process::{Command, Output};

use support::fixes;
use support::*;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cable-ls"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("cable-ls-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn check_examples_reports_faults_with_source_and_summary() {
    let o = run(&["check", "examples/"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("error[section-count]: section 3 of 4 expected here, found SECTION 03 OF 05"),
        "{out}"
    );
    assert!(
        out.contains("--> examples/quito-08812.cable:273:20"),
        "{out}"
    );
    assert!(
        out.contains("273 | [REDACTED] SECTION 03 OF 05 QUITO 08812"),
        "{out}"
    );
    assert!(out.contains("    |                    ^^^^^^^^\n"), "{out}");
    assert!(out.contains("error[routing-total]"), "{out}");
    assert!(
        out.trim_end()
            .ends_with("2 errors, 0 warnings in 2 files of 2 files checked"),
        "{out}"
    );
}

#[test]
fn check_json_lines() {
    let o = run(&["check", "--format", "json", "examples/quito-08812.cable"]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 1);
    let d = &lines[0];
    assert_eq!(d["code"], "section-count");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], "examples/quito-08812.cable");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(273), Some(20))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(273), Some(28))
    );
}

#[test]
fn columns_on_a_line_of_a_hundred_thousand_codes() {
    let (text, last) = long_tags_line(100_000);
    let d = temp_dir("long-line");
    let path = d.join("tags.cable");
    std::fs::write(&path, &text).unwrap();
    let o = run(&["check", "--format", "json", path.to_str().unwrap()]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 100_000);
    let d: serde_json::Value = serde_json::from_str(lines[lines.len() - 1]).unwrap();
    let line_start = text[..last].rfind('\n').unwrap() + 1;
    let column = text[line_start..last].chars().count() + 1;
    assert_eq!(d["code"], "unknown-tag");
    assert_eq!(d["line"], text[..last].lines().count());
    assert_eq!(
        (d["column"].as_u64(), d["end_column"].as_u64()),
        (Some(column as u64), Some(column as u64 + 2))
    );
}

#[test]
fn quiet_file_exits_zero() {
    let o = run(&["check", "tests/fixtures/lima-style.cable"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 errors, 0 warnings in 0 files of 1 file checked"));
}

#[test]
fn directories_are_walked_for_cable_and_txt_files_only() {
    let d = temp_dir("walk");
    std::fs::create_dir_all(d.join("sub/deeper")).unwrap();
    std::fs::write(d.join("sub/deeper/a.txt"), "P 322105Z NOV 92\n").unwrap();
    std::fs::write(d.join("b.cable"), "P 092105Z NOV 92\n").unwrap();
    std::fs::write(d.join("c.md"), "P 322105Z NOV 92\n").unwrap();
    let o = run(&["check", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("a.txt:1:3"), "{out}");
    assert!(!out.contains("c.md"), "{out}");
    assert!(out.contains("in 1 file of 2 files checked"), "{out}");
}

#[test]
fn invalid_utf8_gets_an_encoding_warning_at_the_first_bad_byte() {
    let d = temp_dir("utf8");
    let p = d.join("bad.cable");
    std::fs::write(&p, b"FM AMEMBASSY LIMA\nTO SECSTATE \xff\xfeWASHDC\n").unwrap();
    let o = run(&["check", "--format=json", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "a warning is not an error");
    let v: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(v["code"], "encoding");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(2), Some(13))
    );
}

#[test]
fn unreadable_paths_and_bad_usage_exit_two() {
    let o = run(&["check", "no/such/path.cable"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/path.cable"));
    for args in [
        &["check"][..],
        &["check", "--format", "xml", "x"],
        &["outline", "--format", "sarif", "examples/quito-08812.cable"],
        &["frobnicate"],
        &["outline"],
        &["check", "--bogus", "x"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("Usage:"),
            "{args:?}"
        );
    }
}

#[test]
fn version_and_help() {
    let o = run(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o).trim(),
        format!("cable-ls {}", env!("CARGO_PKG_VERSION"))
    );
    let o = run(&["--help"]);
    assert!(stdout(&o).contains(
        "cable-ls check [--format human|json|github|sarif] [--no-ignore] [--fix | --diff] PATH..."
    ));
}

#[test]
fn outline_human_and_json() {
    let o = run(&["outline", "tests/fixtures/lima-style.cable"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("QUITO 08812 — "), "{out}");
    assert!(out.contains("\n  U.S. VIEW ON THE VOTE  (lines "), "{out}");
    assert!(out.contains("\n    8. "), "{out}");

    let o = run(&[
        "outline",
        "--format",
        "json",
        "tests/fixtures/lima-style.cable",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let root = &v[0];
    assert_eq!(root["kind"], "cable");
    assert_eq!(root["name"], "QUITO 08812");
    let kids = root["children"].as_array().unwrap();
    assert_eq!(kids[0]["kind"], "header");
    let first_para = kids.iter().find(|k| k["kind"] == "paragraph").unwrap();
    assert!(first_para["name"].as_str().unwrap().starts_with("1. "));
    assert!(first_para["line"].as_u64() <= first_para["end_line"].as_u64());
}

#[test]
fn hostile_inputs_do_not_crash() {
    let d = temp_dir("hostile");
    let huge = "X".repeat(2_000_000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.cable", Vec::new()),
        (
            "cr.cable",
            b"PAGE 01 LIMA 14540 01 OF 04 092105Z\rNNNN\rPAGE 01 LIMA 14540 02 OF 04 092105Z\r"
                .to_vec(),
        ),
        ("huge.cable", huge.into_bytes()),
        ("nul.cable", b"\0\0PAGE\0 01\n\xc3".to_vec()),
        ("deep.cable", "(".repeat(100_000).into_bytes()),
    ];
    for (name, bytes) in cases {
        let p = d.join(name);
        std::fs::write(&p, bytes).unwrap();
        for cmd in ["check", "outline"] {
            let o = run(&[cmd, p.to_str().unwrap()]);
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "{cmd} {name}: {:?}",
                o
            );
        }
    }
}

/// The acceptance on the real FOIA sample (read from `../shared`, skipped when absent).
#[test]
fn lima_sample_is_quiet_and_outlined() {
    let sample = repo().join("../shared/samples/lima-14540-foia-1992.txt");
    if !sample.exists() {
        skip(&format!("{} is absent", sample.display()));
        return;
    }
    let path = sample.to_str().unwrap();
    let o = run(&["check", path]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 errors"), "{}", stdout(&o));

    let o = run(&["outline", "--format", "json", path]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    let root = &v[0];
    assert_eq!(root["name"], "LIMA 14540");
    let mut paragraphs = Vec::new();
    let mut headings = Vec::new();
    fn walk(
        n: &serde_json::Value,
        paragraphs: &mut Vec<serde_json::Value>,
        headings: &mut Vec<String>,
    ) {
        match n["kind"].as_str() {
            Some("paragraph") => paragraphs.push(n.clone()),
            Some("heading") => headings.push(n["name"].as_str().unwrap().to_string()),
            _ => {}
        }
        for c in n["children"].as_array().unwrap() {
            walk(c, paragraphs, headings);
        }
    }
    walk(root, &mut paragraphs, &mut headings);
    let numbers: Vec<u64> = paragraphs
        .iter()
        .map(|p| {
            p["name"]
                .as_str()
                .unwrap()
                .split('.')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert_eq!(numbers, (1..=16).collect::<Vec<u64>>());
    assert_eq!(
        headings,
        [
            "U.S. VIEW ON ELECTIONS",
            "PROCESS GOING WELL",
            "NO OUTSIDE AID",
            "HUMAN RIGHTS AGENDA",
            "SAN JOSE TREATY",
            "U.S. DELEGATION"
        ]
    );
    // Paragraph 8 starts before section 2's PAGE 01 and ends after it.
    let text = std::fs::read_to_string(&sample).unwrap();
    let section2 = text
        .lines()
        .position(|l| l.starts_with("PAGE 01") && l.contains("02 OF 04"))
        .unwrap() as u64
        + 1;
    let p8 = &paragraphs[7];
    assert!(
        p8["line"].as_u64().unwrap() < section2 && p8["end_line"].as_u64().unwrap() > section2,
        "{p8}"
    );
}

#[cfg(unix)]
#[test]
fn file_names_need_not_be_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let d = temp_dir("names");
    let p = d.join(std::ffi::OsStr::from_bytes(b"caf\xe9.cable"));
    std::fs::write(&p, "P 322105Z NOV 92\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_cable-ls"))
        .arg("check")
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(stdout(&o).contains("malformed-dtg"));
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let d = temp_dir("pipe");
    let p = d.join("big.cable");
    std::fs::write(&p, fixture("lima-style.cable").repeat(200)).unwrap();
    for cmd in ["outline", "check"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cable-ls"))
            .args([cmd, p.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut first)
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{cmd}: {out:?}");
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{cmd}: {out:?}"
        );
    }
}

/// Every case of the hostile corpus (`tests/support/hostile.rs`) gives the outcome written
/// down in `tests/hostile/<name>.expected`.
#[test]
fn hostile_corpus_gives_the_written_outcomes() {
    let d = temp_dir("hostile-corpus");
    let mut failures = Vec::new();
    for case in hostile::cases() {
        let p = d.join(format!("{}.cable", case.name));
        std::fs::write(&p, &case.bytes).unwrap();
        let o = run(&["check", "--format", "json", p.to_str().unwrap()]);
        let lines: Vec<serde_json::Value> = stdout(&o)
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
            .collect();
        let diags = lines.iter().map(|v| {
            (
                v["severity"].as_str().unwrap(),
                v["code"].as_str().unwrap(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
            )
        });
        let mut got = format!("exit {}\n", o.status.code().unwrap_or(-1));
        let stderr = String::from_utf8_lossy(&o.stderr).replace(p.to_str().unwrap(), "FILE");
        for l in stderr.lines() {
            got.push_str(&format!("stderr: {l}\n"));
        }
        got.push_str(&hostile::summary(diags));
        if let Err(e) = hostile::check_expected(&case.name, &got) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same cable in every encoding a Windows editor offers is checked alike, with the lines
/// and columns of its text.
#[test]
fn encodings_agree_with_plain_utf8() {
    let diagnostics = |name: &str| {
        hostile::server_part(&std::fs::read_to_string(hostile::expected_path(name)).unwrap())
    };
    let plain = diagnostics("base");
    assert!(plain.contains("error[section-count]"), "{plain}");
    for name in ["bom-utf8", "utf16le", "utf16be", "lone-cr"] {
        assert_eq!(diagnostics(name), plain, "{name}");
    }
    for name in ["bom-utf8", "utf16le", "utf16be"] {
        let e = std::fs::read_to_string(hostile::expected_path(name)).unwrap();
        assert!(e.contains("information[encoding] x1 1:1"), "{name}: {e}");
        assert!(e.starts_with("exit 1\n"), "{name}: {e}");
    }
    for (name, encoding) in [
        ("utf16le-no-bom", "UTF-16 LE"),
        ("utf16be-no-bom", "UTF-16 BE"),
    ] {
        let e = std::fs::read_to_string(hostile::expected_path(name)).unwrap();
        assert!(
            e.starts_with("exit 2\n") && e.contains(encoding),
            "{name}: {e}"
        );
    }
}

/// A FIFO or a device met in a walk is skipped with a message; named, it is refused with the
/// reason. Before, a FIFO stopped the walk for ever and `/dev/zero` was read until memory ran
/// out. (Run under `timeout` semantics: the binary must return by itself.)
#[cfg(unix)]
#[test]
fn fifos_and_devices_are_not_read() {
    let d = temp_dir("fifo");
    std::fs::write(d.join("a.cable"), "P 322105Z NOV 92\n").unwrap();
    let fifo = d.join("b.cable");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::fs::write(d.join("c.cable"), "P 322105Z NOV 92\n").unwrap();

    let o = run(&["check", d.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "the errors found decide: {err}");
    assert!(
        err.contains("b.cable: skipped, not a regular file (a FIFO)"),
        "{err}"
    );
    let out = stdout(&o);
    assert!(
        out.contains("a.cable:1:3") && out.contains("c.cable:1:3"),
        "{out}"
    );
    assert!(out.contains("in 2 files of 2 files checked"), "{out}");

    for (path, kind) in [
        (fifo.to_str().unwrap(), "a FIFO"),
        ("/dev/zero", "a character device"),
    ] {
        let o = run(&["check", path]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{path}: {err}");
        assert!(
            err.contains(&format!("not a regular file ({kind})")),
            "{err}"
        );
        let o = run(&["outline", path]);
        assert_eq!(o.status.code(), Some(2), "outline {path}");
    }
}

/// A file named twice, or named and found in a named folder, is checked once; a link to a
/// folder is not followed even when its name looks like a cable's.
#[cfg(unix)]
#[test]
fn each_file_is_checked_once_and_links_to_folders_are_not_followed() {
    let d = temp_dir("twice");
    let a = d.join("a.cable");
    std::fs::write(&a, "P 322105Z NOV 92\n").unwrap();
    std::os::unix::fs::symlink(&d, d.join("x.txt")).unwrap();
    std::os::unix::fs::symlink(&a, d.join("link.cable")).unwrap();
    let a = a.to_str().unwrap();
    let o = run(&["check", a, a, d.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.is_empty(), "{err}");
    let out = stdout(&o);
    assert_eq!(out.matches("malformed-dtg").count(), 1, "{out}");
    assert!(out.contains("in 1 file of 1 file checked"), "{out}");
}

/// Nothing panics when the reader of stdout or stderr has gone: `cable-ls --help | true`.
#[test]
fn a_reader_that_has_gone_is_no_panic() {
    use std::process::Stdio;
    let closed = || {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        Stdio::from(writer)
    };
    for args in [
        &["--help"][..],
        &["--version"],
        &["check", "examples/"],
        &["outline", "examples/quito-08812.cable"],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_cable-ls"))
            .args(args)
            .current_dir(repo())
            .stdout(closed())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(matches!(o.status.code(), Some(0 | 1)), "{args:?}: {o:?}");
    }
    // A usage error told to a closed stderr.
    let o = Command::new(env!("CARGO_BIN_EXE_cable-ls"))
        .args(["frobnicate"])
        .stdout(Stdio::piped())
        .stderr(closed())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
}

/// Control characters from a document or a file name reach the terminal as visible marks,
/// never as themselves: a file must not be able to rewrite the user's terminal.
#[cfg(unix)]
#[test]
fn control_characters_are_shown_not_sent() {
    let d = temp_dir("control");
    let p = d.join("evil\x1b[2J.cable");
    std::fs::write(
        &p,
        hostile::cases()
            .into_iter()
            .find(|c| c.name == "control")
            .unwrap()
            .bytes,
    )
    .unwrap();
    let o = run(&["check", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(!out.contains('\x1b'), "{out:?}");
    assert!(out.contains("evil␛[2J.cable:3:13"), "{out}");
    assert!(out.contains("TAGS: PGOV, RU, ␛[31mRED"), "{out}");
    // The caption's wrong total is found despite what follows its serial.
    assert!(
        out.contains("8 | UNCLAS SECTION 02 OF 03 LIMA 14540 ␛[2J"),
        "{out}"
    );
    let o = run(&["outline", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
}

/// A walk honours `.gitignore` and `.ignore` (in a folder that is no git repository too) and
/// skips hidden entries; `--no-ignore` takes them all; a file named is read whatever the rules.
#[test]
fn walks_honour_ignore_files_and_hidden_entries() {
    let d = temp_dir("ignore");
    for sub in ["drafts", ".backup", "kept"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
        std::fs::write(d.join(sub).join("a.cable"), "P 322105Z NOV 92\n").unwrap();
    }
    std::fs::write(d.join(".hidden.cable"), "P 322105Z NOV 92\n").unwrap();
    std::fs::write(d.join("old.txt"), "P 322105Z NOV 92\n").unwrap();
    std::fs::write(d.join(".gitignore"), "drafts/\n").unwrap();
    std::fs::write(d.join(".ignore"), "old.txt\n").unwrap();
    let root = d.to_str().unwrap();

    let out = stdout(&run(&["check", "--format", "json", root]));
    let files: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(files, [d.join("kept/a.cable").to_str().unwrap()], "{out}");

    let out = stdout(&run(&["check", "--no-ignore", "--format", "json", root]));
    assert_eq!(out.lines().count(), 5, "{out}");

    let named = d.join("drafts/a.cable");
    let o = run(&["check", named.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
}

/// Run the binary in `dir` (paths relative to it, as `patch -p0` wants them).
fn run_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cable-ls"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// A UTF-16 or BOM-marked copy of a text, as Windows editors save it.
fn stored(text: &str, how: &str) -> Vec<u8> {
    match how {
        "utf8" => text.as_bytes().to_vec(),
        "bom" => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        "utf16le" => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect(),
        _ => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_be_bytes)
            .collect(),
    }
}

/// The fix cases, each as UTF-8 and the routing case in every encoding, in a fresh folder.
fn fix_cases(name: &str) -> (std::path::PathBuf, Vec<(String, Vec<u8>)>) {
    let d = temp_dir(name);
    let mut files = Vec::new();
    for e in std::fs::read_dir(repo().join("tests/fixes"))
        .unwrap()
        .flatten()
    {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "cable") {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            files.push((n, std::fs::read(&p).unwrap()));
        }
    }
    let routing = std::fs::read_to_string(repo().join("tests/fixes/routing-total.cable")).unwrap();
    for how in ["bom", "utf16le", "utf16be"] {
        files.push((format!("routing-{how}.cable"), stored(&routing, how)));
    }
    files.sort();
    for (n, bytes) in &files {
        std::fs::write(d.join(n), bytes).unwrap();
    }
    (d, files)
}

/// `check --fix` writes every safe fix back in the file's own encoding, line ends and
/// permissions, through a link to the file, and reports what remains; the rewritten files
/// have no safe fix left and no diagnostic they did not have before. A file with invalid
/// UTF-8 is not written.
#[cfg(unix)]
#[test]
fn check_fix_writes_safe_fixes_back() {
    use std::os::unix::fs::PermissionsExt;
    let (d, files) = fix_cases("fix");
    std::fs::set_permissions(
        d.join("eo-era.cable"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    std::os::unix::fs::symlink("page-number.cable", d.join("link.cable")).unwrap();
    let mut bad = std::fs::read(d.join("routing-total.cable")).unwrap();
    bad.extend_from_slice(b"\xFF\n");
    std::fs::write(d.join("invalid.txt"), &bad).unwrap();

    let o = run_in(&d, &["check", "--fix", "."]);
    let out = stdout(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "errors remain: {out}{err}");
    assert!(
        out.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("40 problems fixed in 16 files; left: "),
        "{out}"
    );
    assert!(
        err.contains("invalid.txt: not fixed: invalid UTF-8 at byte"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(d.join("invalid.txt")).unwrap(),
        bad,
        "never written"
    );
    assert!(std::fs::symlink_metadata(d.join("link.cable"))
        .unwrap()
        .file_type()
        .is_symlink());
    let mode = std::fs::metadata(d.join("eo-era.cable"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
    assert!(
        std::fs::read_dir(&d)
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().ends_with(".tmp")),
        "no temporary file left"
    );
    let routing_fixed = std::fs::read_to_string(d.join("routing-total.cable")).unwrap();
    assert!(routing_fixed.contains("/002W"), "{routing_fixed}");
    for how in ["bom", "utf16le", "utf16be"] {
        let got = std::fs::read(d.join(format!("routing-{how}.cable"))).unwrap();
        assert_eq!(
            got,
            stored(&routing_fixed, how),
            "{how}: encoding and mark kept"
        );
    }
    for (n, before) in &files {
        let (Ok(before), Ok(after)) = (
            String::from_utf8(before.clone()),
            std::fs::read_to_string(d.join(n)),
        ) else {
            continue;
        };
        let diags = cable_ls::analysis::check(&cable_grammar::Document::new(&after), &after);
        assert!(
            diags.iter().all(|x| x.fixes.iter().all(|f| !f.safe)),
            "{n}: a safe fix is left"
        );
        let mut left = fixes::said(&before);
        for s in fixes::said(&after) {
            let i = left.iter().position(|x| *x == s);
            assert!(i.is_some(), "{n}: new after --fix: {s:?}");
            left.remove(i.unwrap());
        }
        if n.contains("crlf") {
            assert!(after.contains("\r\nNNNN") && !after.replace("\r\n", "").contains('\n'));
        }
    }
    // Nothing left to fix: a second run changes nothing and says so.
    let again = run_in(&d, &["check", "--fix", "routing-total.cable"]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
    assert!(stdout(&again).contains("0 problems fixed in 0 files; left: 0 errors"));
}

/// `check --diff` writes nothing; `patch -p0` applies its output and gives what `--fix`
/// writes, byte for byte (UTF-8 with and without a byte-order mark, CR LF, no final line end).
#[cfg(unix)]
#[test]
fn check_diff_applies_with_patch() {
    let (d, files) = fix_cases("diff");
    let o = run_in(&d, &["check", "--diff", "."]);
    assert_eq!(o.status.code(), Some(1), "a diff was printed");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("40 problems would be fixed in 16 files"),
        "{err}"
    );
    assert!(
        err.contains("routing-utf16le.cable: the diff shows the text"),
        "{err}"
    );
    for (n, bytes) in &files {
        assert_eq!(
            &std::fs::read(d.join(n)).unwrap(),
            bytes,
            "{n}: written by --diff"
        );
    }
    // UTF-16 cannot be patched as text: those files are left out of the comparison.
    let utf8: Vec<&str> = files
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !n.contains("utf16"))
        .collect();
    let patched = temp_dir("patched");
    let fixed = temp_dir("fixed");
    for n in &utf8 {
        std::fs::copy(d.join(n), patched.join(n)).unwrap();
        std::fs::copy(d.join(n), fixed.join(n)).unwrap();
    }
    let diff = stdout(&o);
    let mut patch = Command::new("patch")
        .args(["-p0", "--batch", "--quiet"])
        .current_dir(&patched)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("GNU patch");
    // Only the UTF-8 files' hunks: the UTF-16 ones are text of another encoding.
    let mut keep = String::new();
    let mut on = true;
    for line in diff.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("--- ./") {
            on = !name.contains("utf16");
        }
        if on {
            keep.push_str(line);
        }
    }
    use std::io::Write as _;
    patch
        .stdin
        .take()
        .unwrap()
        .write_all(keep.as_bytes())
        .unwrap();
    assert!(
        patch.wait().unwrap().success(),
        "patch -p0 applies the diff"
    );
    run_in(&fixed, &["check", "--fix", "."]);
    for n in &utf8 {
        assert_eq!(
            std::fs::read(patched.join(n)).unwrap(),
            std::fs::read(fixed.join(n)).unwrap(),
            "{n}: patched and fixed differ"
        );
        // A case whose fixes are all unsafe (paragraph numbers) is left as it is.
        let original = std::fs::read_to_string(d.join(n)).unwrap();
        let safe = cable_ls::analysis::check(&cable_grammar::Document::new(&original), &original)
            .iter()
            .any(|x| x.fixes.iter().any(|f| f.safe));
        assert_eq!(
            std::fs::read(patched.join(n)).unwrap() != original.as_bytes(),
            safe,
            "{n}: fixed exactly when it has a safe fix"
        );
    }
    let usage = run_in(&d, &["check", "--diff", "--format", "json", "."]);
    assert_eq!(usage.status.code(), Some(2));
}

/// Our cables with faults (`tests/fixes`) and without (`tests/fixtures`), in a fixed order.
fn our_cables() -> Vec<Vec<u8>> {
    let mut paths: Vec<_> = ["tests/fixes", "tests/fixtures"]
        .iter()
        .flat_map(|d| std::fs::read_dir(repo().join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "cable"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// Run `check` with `threads` threads.
fn check_with(threads: &str, dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cable-ls"))
        .arg("check")
        .args(args)
        .env("CABLE_LS_THREADS", threads)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn same_output(a: &Output, b: &Output, what: &str) {
    assert_eq!(a.status.code(), b.status.code(), "{what}: exit status");
    assert!(a.stdout == b.stdout, "{what}: standard output differs");
    assert_eq!(
        String::from_utf8_lossy(&a.stderr),
        String::from_utf8_lossy(&b.stderr),
        "{what}"
    );
}

/// `check` on two and three threads prints what it prints on one, byte for byte, in every
/// format and with `--diff` and `--fix`: on a file of 3 MB (cut into segments checked apart,
/// with a run of prose longer than a segment that no segment's parse can start in, and an
/// invalid byte) and on a folder of files of many sizes.
#[test]
fn check_on_every_core_prints_what_one_thread_prints() {
    let cables = our_cables();
    let dir = temp_dir("threads");
    let mut big = Vec::new();
    let mut round = 0;
    while big.len() < 3_000_000 {
        for (k, c) in cables.iter().enumerate() {
            big.extend_from_slice(c);
            if (k + round) % 17 == 0 {
                std::fs::write(dir.join(format!("f{round:02}-{k:02}.cable")), c).unwrap();
            }
        }
        if round == 3 {
            big.extend_from_slice(b"AN UNREADABLE \xFF BYTE\n");
            for k in 0..40_000 {
                big.extend_from_slice(
                    format!("PROSE LINE {k} OF A TEXT WITH NO HEADER\n").as_bytes(),
                );
            }
        }
        round += 1;
    }
    std::fs::write(dir.join("big.cable"), &big).unwrap();
    std::fs::write(dir.join("mid.cable"), &big[..big.len() / 3]).unwrap();
    let json = stdout(&check_with("1", &dir, &["--format", "json", "big.cable"]));
    assert!(
        json.contains(r#""code":"encoding""#),
        "the invalid byte is reported"
    );
    for format in ["human", "json", "github", "sarif"] {
        for target in ["big.cable", "."] {
            let one = check_with("1", &dir, &["--format", format, target]);
            assert!(
                one.stdout.len() > 10_000,
                "{format} {target}: diagnostics are printed"
            );
            for threads in ["2", "3"] {
                let many = check_with(threads, &dir, &["--format", format, target]);
                same_output(
                    &one,
                    &many,
                    &format!("{format}, {target}, {threads} threads"),
                );
            }
        }
    }
    let one = check_with("1", &dir, &["--diff", "."]);
    same_output(&one, &check_with("2", &dir, &["--diff", "."]), "--diff");
    // `--fix` writes: each run on its own copy of the folder.
    let copy = |name: &str| {
        let to = temp_dir(name);
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
        to
    };
    let (a, b) = (copy("threads-fix-1"), copy("threads-fix-2"));
    same_output(
        &check_with("1", &a, &["--fix", "."]),
        &check_with("2", &b, &["--fix", "."]),
        "--fix",
    );
    for e in std::fs::read_dir(&a).unwrap() {
        let name = e.unwrap().file_name();
        assert!(
            std::fs::read(a.join(&name)).unwrap() == std::fs::read(b.join(&name)).unwrap(),
            "--fix wrote {name:?} alike"
        );
    }
    for d in [dir, a, b] {
        let _ = std::fs::remove_dir_all(d);
    }
}
