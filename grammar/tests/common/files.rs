//! Finding input files, shared by the property test and the benchmark.

use std::fs;
use std::path::{Path, PathBuf};

/// Every file under `dir` (recursively) whose name ends in `.ext`, unsorted.
pub fn files_with_ext(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_with_ext(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}
