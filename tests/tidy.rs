//! The table of diagnostic codes in `server/src/analysis/diagnostic.rs` is the one source of
//! their names, severities and documentation. What other places need of it is generated here,
//! as rust-analyzer's tidy tests do: each test renders its part from the table and compares it
//! with the file; `UPDATE_EXPECT=1` writes the file instead. Nobody edits those parts by hand.

mod support;

use cable_ls::analysis::Code;
use support::repo;

/// Replace `old` by `new` in the file, or say that they differ.
fn generated(path: &str, old: &str, new: &str) {
    if old == new {
        return;
    }
    let file = repo().join(path);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replacen(old, new, 1)).unwrap();
        return;
    }
    panic!(
        "{path} is out of date with the table of codes (server/src/analysis/diagnostic.rs); \
         `UPDATE_EXPECT=1 cargo test -p cable-ls --test tidy` rewrites it.\n--- in the file\n{old}\n--- from the table\n{new}"
    );
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text between two marker lines (exclusive).
fn between<'a>(text: &'a str, start: &str, end: &str, path: &str) -> &'a str {
    let from = text
        .find(start)
        .map(|i| i + start.len())
        .unwrap_or_else(|| panic!("{path}: no `{start}`"));
    let to = text[from..]
        .find(end)
        .map(|i| from + i)
        .unwrap_or_else(|| panic!("{path}: no `{end}` after `{start}`"));
    &text[from..to]
}

fn severity(code: Code) -> &'static str {
    code.default_severity().name()
}

#[test]
fn readme_rule_table() {
    const START: &str = "<!-- rules: generated from the table in server/src/analysis/diagnostic.rs (tests/tidy.rs) -->\n";
    const END: &str = "<!-- end of rules -->";
    let text = read("README.md");
    let old = between(&text, START, END, "README.md");
    let mut new = String::from(
        "| code | severity | what it finds | example | fix |\n|---|---|---|---|---|\n",
    );
    for code in Code::ALL {
        let name = code.name();
        let fix = match code.fix() {
            "" => "none",
            fix => fix,
        };
        new.push_str(&format!(
            "| <a id=\"{name}\"></a>`{name}` | {} | {} | {} | {fix} |\n",
            severity(code),
            code.finds(),
            code.example()
        ));
    }
    generated("README.md", old, &new);
}

/// One JSON string.
fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[test]
fn vscode_severity_setting() {
    const PATH: &str = "editors/vscode/package.json";
    let text = read(PATH);
    // The setting's schema, from its key to the line that closes it.
    const START: &str = "        \"cable.severity\": ";
    const END: &str = "\n        }";
    let from = text
        .find(START)
        .unwrap_or_else(|| panic!("{PATH}: no cable.severity"));
    let to = from + text[from..].find(END).expect("the end of cable.severity") + END.len();
    let old = &text[from..to];
    let levels = r#"["off", "hint", "information", "warning", "error"]"#;
    let mut new = format!(
        "{START}{{\n          \"type\": \"object\",\n          \"default\": {{}},\n          \"additionalProperties\": false,\n          \"markdownDescription\": {},\n          \"properties\": {{\n",
        js("Severity per diagnostic code (`off` silences a code); a code not named keeps its default. The codes and what they find: the Rules section of the cable-ls README.")
    );
    for (i, code) in Code::ALL.into_iter().enumerate() {
        new.push_str(&format!(
            "            {}: {{\n              \"type\": \"string\",\n              \"enum\": {levels},\n              \"default\": {},\n              \"markdownDescription\": {}\n            }}{}\n",
            js(code.name()),
            js(severity(code)),
            js(&format!("`{}` (default `{}`): {}", code.name(), severity(code), code.summary())),
            if i + 1 < Code::ALL.len() { "," } else { "" }
        ));
    }
    new.push_str("          }\n        }");
    generated(PATH, old, &new);
    // And it is still JSON, with no setting per code left beside it.
    let v: serde_json::Value = serde_json::from_str(&read(PATH)).unwrap();
    let props = v["contributes"]["configuration"]["properties"]
        .as_object()
        .unwrap();
    assert!(
        props.keys().all(|k| !k.starts_with("cable.severity.")),
        "{PATH}"
    );
}

#[test]
fn vimdoc_code_list() {
    const PATH: &str = "editors/neovim/doc/cable.txt";
    const START: &str = "The codes, with their defaults:\n";
    let text = read(PATH);
    let old = between(&text, START, "\n\n", PATH);
    let new: Vec<String> = Code::ALL
        .into_iter()
        .map(|c| format!("                    {:<20}{}", c.name(), severity(c)))
        .collect();
    generated(PATH, old, &new.join("\n"));
}

/// The editors' READMEs and code name no code list of their own: they point at the table.
#[test]
fn no_other_code_lists() {
    for path in [
        "editors/vscode/README.md",
        "editors/vscode/src/extension.ts",
        "editors/neovim/README.md",
        "editors/neovim/lua/cable/config.lua",
    ] {
        let text = read(path);
        let named = Code::ALL
            .into_iter()
            .filter(|c| text.contains(c.name()))
            .count();
        // An example or two is no list.
        assert!(
            named <= 3,
            "{path} names {named} diagnostic codes: a list the table does not keep in step"
        );
    }
}

/// Only `server/src/lsp` speaks the protocol: the grammar and the analysis speak of cables,
/// and the language server maps their kinds to protocol kinds.
#[test]
fn the_protocol_stays_in_the_lsp_module() {
    let mut offenders = Vec::new();
    let mut stack = vec![repo().join("grammar/src"), repo().join("server/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                if !p.ends_with("server/src/lsp") {
                    stack.push(p);
                }
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            for word in ["tower_lsp_server", "lsp_types", "ls_types"] {
                if text.contains(word) {
                    offenders.push(format!("{} names {word}", p.display()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

/// The install commands of the README's Editors section are the ones a test runs: each line of
/// each fenced shell block there stands, as written, in a test script that executes it.
#[test]
fn readme_install_commands_are_run_by_tests() {
    let readme = read("README.md");
    let editors = between(&readme, "## Editors\n", "\n## ", "README.md");
    let scripts: String = ["editors/test/vscode.sh", "editors/test/neovim.sh"]
        .iter()
        .map(|p| read(p))
        .collect();
    let mut commands = Vec::new();
    let mut rest = editors;
    while let Some(start) = rest.find("```sh\n") {
        let body = &rest[start + 6..];
        let end = body.find("```").expect("a closed block");
        commands.extend(body[..end].lines().filter(|l| !l.trim().is_empty()));
        rest = &body[end + 3..];
    }
    assert!(
        !commands.is_empty(),
        "no shell blocks in the README's Editors section"
    );
    for c in commands {
        assert!(
            scripts.lines().any(|l| l.trim() == c.trim()),
            "the README's `{c}` is run by no editor test"
        );
    }
}

/// The `version = "..."` of the workspace's Cargo.toml, the one place a release changes it.
fn workspace_version() -> String {
    let cargo = read("Cargo.toml");
    let section = between(&cargo, "[workspace.package]\n", "\n[", "Cargo.toml");
    let line = section
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .expect("Cargo.toml: a version in [workspace.package]");
    line.trim_end_matches('"').to_string()
}

/// The value of the first `"version": "..."` in a JSON file (the package's own).
fn json_version(path: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(&read(path)).unwrap();
    value["version"].as_str().unwrap_or_default().to_string()
}

/// The tag being released, when there is one: GitHub's tag ref in the release workflow, else a
/// `v*` tag on the checked-out commit.
fn release_tag() -> Option<String> {
    if std::env::var("GITHUB_REF_TYPE").as_deref() == Ok("tag") {
        return std::env::var("GITHUB_REF_NAME").ok();
    }
    let out = std::process::Command::new("git")
        .args(["tag", "--points-at", "HEAD", "--list", "v[0-9]*"])
        .current_dir(repo())
        .output()
        .ok()?;
    String::from_utf8(out.stdout)
        .ok()?
        .lines()
        .next()
        .map(str::to_string)
}

/// One version everywhere: the crate (and so `cable-ls --version`), the extension's
/// package.json and its lock file, the release tag, and a
/// CHANGELOG entry (`## [x.y.z] - YYYY-MM-DD` once released, `## [Unreleased]` above it).
#[test]
fn one_version_everywhere() {
    let version = workspace_version();
    let server = read("server/Cargo.toml");
    assert!(
        server.contains("version.workspace = true"),
        "server/Cargo.toml takes its version from the workspace"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cable-ls"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("cable-ls {version}")
    );
    for path in [
        "editors/vscode/package.json",
        "editors/vscode/package-lock.json",
    ] {
        assert_eq!(json_version(path), version, "{path}");
    }
    let lock: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package-lock.json")).unwrap();
    assert_eq!(lock["packages"][""]["version"], version.as_str());

    let readme = read("README.md");
    for pinned in readme.split("cable-ls==").skip(1) {
        let v: String = pinned
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        assert_eq!(v, version, "README.md pins cable-ls=={v}");
    }
    let changelog = read("CHANGELOG.md");
    let headings: Vec<&str> = changelog
        .lines()
        .filter_map(|l| l.strip_prefix("## ["))
        .collect();
    assert_eq!(
        headings.first().copied(),
        Some("Unreleased]"),
        "CHANGELOG.md starts with ## [Unreleased]"
    );
    let mut released = Vec::new();
    for h in &headings[1..] {
        let (v, date) = h
            .split_once("] - ")
            .unwrap_or_else(|| panic!("CHANGELOG.md: `## [{h}` is not `## [x.y.z] - YYYY-MM-DD`"));
        let numbers: Vec<u64> = v.split('.').map(|n| n.parse().unwrap()).collect();
        assert_eq!(numbers.len(), 3, "CHANGELOG.md: {v}");
        let d: Vec<&str> = date.split('-').collect();
        assert!(
            d.len() == 3 && d.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())),
            "CHANGELOG.md: date of {v}: {date}"
        );
        released.push(numbers);
    }
    assert!(
        released.windows(2).all(|w| w[0] > w[1]),
        "CHANGELOG.md: newest release first"
    );
    let current: Vec<u64> = version.split('.').map(|n| n.parse().unwrap()).collect();
    assert!(
        released.first().is_none_or(|last| &current >= last),
        "the crate's {version} is older than the CHANGELOG's last release"
    );
    if let Some(tag) = release_tag() {
        assert_eq!(tag, format!("v{version}"), "the release tag");
        assert!(
            changelog.contains(&format!("## [{version}] - ")),
            "CHANGELOG.md has no entry for the release {version}"
        );
    }
}
