//! The plugins in the real editors: `editors/test/run-all.sh` runs the TextMate grammar
//! tests, headless Neovim with `editors/neovim` and VS Code (code-server in Chromium) with the
//! packaged extension, all against this build's `cable-ls`. The editors come from
//! `editors/test/install.sh` (the README's test command runs it first); where they are not
//! installed the run says so, and fails under `CI=true`.

use std::path::Path;
use std::process::Command;

#[test]
fn plugins_work_in_the_real_editors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = Command::new("bash")
        .arg(root.join("editors/test/run-all.sh"))
        .env("CABLE_LS", env!("CARGO_BIN_EXE_cable-ls"))
        .current_dir(&root)
        .status()
        .expect("bash runs editors/test/run-all.sh");
    match status.code() {
        Some(0) => {}
        // Not installed, outside CI: run-all.sh has said which and how to install them.
        Some(2) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("editors not installed: run editors/test/install.sh, then the tests again")
        }
        _ => panic!("the editor tests failed: {status}"),
    }
}
