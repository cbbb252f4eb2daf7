//! `check --format github` and `--format sarif` over the built binary: a command line in, the
//! expected output beside it in `tests/formats/NAME.github` and `NAME.sarif` (the SARIF log's
//! tool version written as `VERSION`). `UPDATE_EXPECT=1` rewrites them after a deliberate
//! change; review the diff. The SARIF logs of the examples and of every fixture are validated
//! against the SARIF 2.1.0 JSON schema by check-jsonschema, which
//! `tests/tools/install-sarif-validator.sh` installs (version-pinned, outside the clone).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{json_validator, repo, run_ok};

/// A file name with every character a workflow command or a URI must escape.
const ODD_NAME: &str = "50%, a:b\nc.cable";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cable-ls"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// A folder of its own for each test (`test`) holding the annotated fixture under
/// [`ODD_NAME`].
fn odd_names(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cable-ls-formats-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::copy(
        repo().join("tests/formats/annotated.cable"),
        d.join(ODD_NAME),
    )
    .unwrap();
    d
}

/// The cases: name, folder, arguments after `check --format F`, exit status.
fn cases(test: &str) -> Vec<(&'static str, PathBuf, Vec<&'static str>, i32)> {
    vec![
        (
            "annotated",
            repo(),
            vec!["tests/formats/annotated.cable", "examples/"],
            1,
        ),
        // `missing.cable` is not there: the log says so, and the exit status.
        (
            "odd-names",
            odd_names(test),
            vec![ODD_NAME, "missing.cable"],
            2,
        ),
    ]
}

fn expect(name: &str, got: &str) {
    let path = repo().join("tests/formats").join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_EXPECT=1 writes it)", path.display()));
    assert!(
        got == want,
        "{name} differs from its expected output (UPDATE_EXPECT=1 rewrites it):\n--- expected\n{want}\n--- got\n{got}"
    );
}

/// The SARIF log with the tool's version as `VERSION`, so that a release changes no snapshot.
fn versionless(sarif: &str) -> String {
    let version = format!(
        "\"name\":\"cable-ls\",\"version\":\"{}\"",
        env!("CARGO_PKG_VERSION")
    );
    assert!(sarif.contains(&version), "{sarif}");
    sarif.replacen(&version, "\"name\":\"cable-ls\",\"version\":\"VERSION\"", 1)
}

#[test]
fn github_annotations_as_expected() {
    for (name, dir, args, status) in cases("github") {
        let o = run(
            &dir,
            &[&["check", "--format", "github"][..], &args].concat(),
        );
        assert_eq!(o.status.code(), Some(status), "{name}: {o:?}");
        expect(&format!("{name}.github"), &stdout(&o));
    }
    // The README's example is a line of this output.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let example = std::fs::read_to_string(repo().join("tests/formats/annotated.github")).unwrap();
    let example = example.lines().find(|l| l.contains("quito-08812")).unwrap();
    assert!(
        readme.contains(&format!("  {example}\n")),
        "README lacks {example}"
    );
    // Columns count characters: `QZQZ` follows an emoji (one character, two UTF-16 units).
    let o = run(
        &repo(),
        &["check", "--format=github", "tests/formats/annotated.cable"],
    );
    assert!(
        stdout(&o).contains("line=7,col=31,endLine=7,endColumn=34,title=cable-ls (unknown-tag)::"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn sarif_logs_as_expected() {
    for (name, dir, args, status) in cases("sarif") {
        let o = run(&dir, &[&["check", "--format", "sarif"][..], &args].concat());
        assert_eq!(o.status.code(), Some(status), "{name}: {o:?}");
        expect(&format!("{name}.sarif"), &versionless(&stdout(&o)));
    }
    // Columns count UTF-16 units: the emoji before `QZQZ` counts two.
    let o = run(
        &repo(),
        &["check", "--format=sarif", "tests/formats/annotated.cable"],
    );
    let log: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let tag = &run["results"][1];
    assert_eq!(tag["ruleId"], "unknown-tag");
    let region = &tag["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (&region["startColumn"], &region["endColumn"]),
        (&32.into(), &36.into())
    );
}

/// Every rule of the `codes!` table is listed once, in order, with its default level, and
/// every result's `ruleIndex` names the rule of its `ruleId`.
fn check_rules(log: &serde_json::Value) {
    use cable_ls::analysis::{Code, Severity};
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let ids: Vec<_> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, Code::ALL.map(Code::name));
    for (rule, code) in rules.iter().zip(Code::ALL) {
        let level = match code.default_severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information | Severity::Hint => "note",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{rule}");
        assert_eq!(rule["shortDescription"]["text"], code.summary(), "{rule}");
    }
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{result}");
    }
}

#[test]
fn sarif_logs_of_examples_and_fixtures_follow_the_schema() {
    let out = std::env::temp_dir().join(format!("cable-ls-sarif-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let mut logs = Vec::new();
    let mut save = |name: &str, o: Output| {
        let path = out.join(format!("{name}.sarif"));
        let log: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_rules(&log);
        std::fs::write(&path, &o.stdout).unwrap();
        logs.push(path);
    };
    for dir in ["examples", "tests/fixtures", "tests/rules", "tests/formats"] {
        let o = run(&repo(), &["check", "--format", "sarif", dir]);
        save(&dir.replace('/', "-"), o);
    }
    let odd = odd_names("schema");
    save(
        "odd-names",
        run(
            &odd,
            &["check", "--format", "sarif", ODD_NAME, "missing.cable"],
        ),
    );

    let Some(validator) = json_validator(None) else {
        return;
    };
    run_ok(Command::new(&validator).args(&logs));
    // The validator is no rubber stamp: a level SARIF does not have is refused.
    let bad = out.join("bad.sarif");
    let text = std::fs::read_to_string(&logs[0]).unwrap();
    std::fs::write(
        &bad,
        text.replacen("\"level\":\"error\"", "\"level\":\"fatal\"", 1),
    )
    .unwrap();
    let o = Command::new(validator.trim()).arg(&bad).output().unwrap();
    assert!(!o.status.success(), "{o:?}");
}
