//! Reading the files to check: which paths are files to read, and how their bytes become text.

use std::collections::HashSet;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

use super::decode::{self, Decoded};

/// A file's text as decoded, with how it was stored.
pub struct Source {
    pub path: PathBuf,
    pub decoded: Decoded,
}

impl Source {
    pub fn text(&self) -> &str {
        &self.decoded.text
    }
}

/// Read a file named on the command line or found in a walk. Only regular files are read: a
/// FIFO would block for ever and a device such as `/dev/zero` never ends.
pub fn read(path: &Path) -> Result<Source, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", shown(path)))?;
    if !meta.is_file() {
        return Err(format!(
            "{}: not a regular file ({}); only files are read",
            shown(path),
            kind(&meta)
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", shown(path)))?;
    let decoded = decode::decode(bytes).map_err(|e| format!("{}: {e}", shown(path)))?;
    Ok(Source {
        path: path.to_path_buf(),
        decoded,
    })
}

/// A path as it may be printed: control characters made visible (see `escape`).
pub fn shown(path: &Path) -> String {
    super::escape::visible(&path.display().to_string()).into_owned()
}

fn is_cable_file(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("cable" | "txt")
    )
}

/// The files to read, and what the walk has to say about the rest.
#[derive(Default)]
pub struct Collected {
    pub files: Vec<PathBuf>,
    /// Paths that cannot be used: the exit status says so.
    pub errors: Vec<String>,
    /// Things a walk passed over that a user may want to know about (a FIFO named `x.cable`).
    pub skipped: Vec<String>,
}

/// Expand the command-line paths: files as given, directories walked recursively (sorted, not
/// following symbolic links to directories). A file reached twice (named twice, or named and
/// inside a named directory) is read once.
pub fn collect(paths: &[PathBuf]) -> Collected {
    let mut out = Collected::default();
    let mut seen = HashSet::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut out, &mut seen),
            // Named files are read whatever they are: `read` refuses what is no regular file,
            // with the reason, which counts as an error.
            Ok(_) => add(path, &mut out, &mut seen),
            Err(e) => out.errors.push(format!("{}: {e}", shown(path))),
        }
    }
    out
}

fn add(path: &Path, out: &mut Collected, seen: &mut HashSet<PathBuf>) {
    // The same file by two names is still one file; a path that cannot be resolved is kept
    // as written (reading it will say why).
    let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if seen.insert(key) {
        out.files.push(path.to_path_buf());
    }
}

fn walk(dir: &Path, out: &mut Collected, seen: &mut HashSet<PathBuf>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.errors.push(format!("{}: {e}", shown(dir)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let meta = match std::fs::symlink_metadata(&p) {
            Ok(m) => m,
            Err(e) => {
                out.errors.push(format!("{}: {e}", shown(&p)));
                continue;
            }
        };
        if meta.is_dir() {
            walk(&p, out, seen);
            continue;
        }
        if !is_cable_file(&p) {
            continue;
        }
        // A link is judged by what it points to; links to directories are not followed.
        let target = if meta.file_type().is_symlink() {
            match std::fs::metadata(&p) {
                Ok(t) if t.is_dir() => continue,
                Ok(t) => t,
                Err(e) => {
                    out.skipped
                        .push(format!("{}: skipped, a broken link ({e})", shown(&p)));
                    continue;
                }
            }
        } else {
            meta
        };
        if target.is_file() {
            add(&p, out, seen);
        } else {
            out.skipped.push(format!(
                "{}: skipped, not a regular file ({})",
                shown(&p),
                kind(&target)
            ));
        }
    }
}

/// What a path that is no regular file is, in words.
fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}
