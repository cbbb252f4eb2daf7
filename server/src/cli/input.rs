//! Reading the files to check: directory walking and lossy UTF-8 decoding.

use std::path::{Path, PathBuf};

/// A file's text, decoded lossily, with the byte offset of the first invalid UTF-8 sequence.
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    pub first_invalid: Option<(usize, usize)>,
}

pub fn read(path: &Path) -> Result<Source, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source {
            path: path.to_path_buf(),
            text,
            first_invalid: None,
        }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text equals the original up to `at`, where U+FFFD (3 bytes) stands.
            Ok(Source {
                path: path.to_path_buf(),
                text,
                first_invalid: Some((at, at + 3)),
            })
        }
    }
}

fn is_cable_file(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("cable" | "txt")
    )
}

/// Expand the command-line paths: files as given, directories walked recursively (sorted, not
/// following symbolic links to directories). Errors are collected, not fatal.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut files, &mut errors),
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(format!("{}: {e}", path.display())),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, files, errors),
            Ok(_) if is_cable_file(&p) => files.push(p),
            Ok(_) => {}
            Err(e) => errors.push(format!("{}: {e}", p.display())),
        }
    }
}
