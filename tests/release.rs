//! The release, as `.github/workflows/release.yml` makes it, on this machine's platform
//! (Linux x86_64): `release/test.sh` lints the workflow, builds the archive, its checksum and
//! the installers with the one documented command and installs from those local files, builds
//! and installs the wheel, and runs the pre-commit hooks. The tools come from
//! `release/install-tools.sh` (the README's test command runs it first); where they are not
//! installed the test says so, and fails under `CI=true`.

use std::path::Path;
use std::process::Command;

#[test]
fn the_release_builds_installs_and_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let ci = std::env::var("CI").as_deref() == Ok("true");
    // Compiling cargo-dist takes a quarter of an hour: never as a side effect of `cargo test`.
    let ready = Command::new("bash")
        .arg(root.join("release/install-tools.sh"))
        .arg("--check")
        .current_dir(&root)
        .status()
        .expect("bash runs release/install-tools.sh");
    if !ready.success() {
        assert!(!ci, "the release tools are not installed: {ready}");
        eprintln!(
            "release tools not installed: run release/install-tools.sh, then the tests again"
        );
        return;
    }
    let status = Command::new("bash")
        .arg(root.join("release/test.sh"))
        .current_dir(&root)
        .status()
        .expect("bash runs release/test.sh");
    assert!(status.success(), "the release tests failed: {status}");
}
