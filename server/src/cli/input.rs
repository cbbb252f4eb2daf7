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
            kind_of(&meta)
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

/// What the walk finds, one thing at a time.
pub enum Found {
    File(PathBuf),
    /// A path that cannot be used: the exit status says so.
    Error(String),
    /// Something a walk passed over that a user may want to know about (a FIFO `x.cable`).
    Skipped(String),
}

/// [`each`], gathered.
pub fn collect(paths: &[PathBuf], no_ignore: bool) -> Collected {
    let mut out = Collected::default();
    each(paths, no_ignore, |found| match found {
        Found::File(p) => out.files.push(p),
        Found::Error(e) => out.errors.push(e),
        Found::Skipped(s) => out.skipped.push(s),
    });
    out
}

/// Expand the command-line paths, handing each file to `found` as the walk reaches it (a
/// folder of any size is never listed whole): files as given (whatever the ignore rules say:
/// naming a file asks for it), directories walked recursively in sorted order by ripgrep's
/// walker, which honours `.gitignore` and `.ignore` files and skips hidden entries unless
/// `no_ignore`, and does not follow links to directories. A file reached twice (named twice,
/// or named and inside a named directory) is read once.
pub fn each(paths: &[PathBuf], no_ignore: bool, mut found: impl FnMut(Found)) {
    let mut seen = HashSet::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, no_ignore, &mut found, &mut seen),
            // Named files are read whatever they are: `read` refuses what is no regular file,
            // with the reason, which counts as an error.
            Ok(m) => add(path, Some(&m), &mut found, &mut seen),
            Err(e) => found(Found::Error(format!("{}: {e}", shown(path)))),
        }
    }
}

/// What makes two paths the same file: its device and inode where the system has them (16
/// bytes a file, and no system call more than the `metadata` already made), else the
/// canonical path.
#[derive(PartialEq, Eq, Hash)]
enum FileKey {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

fn key(path: &Path, meta: Option<&Metadata>) -> FileKey {
    #[cfg(unix)]
    if let Some(m) = meta {
        use std::os::unix::fs::MetadataExt;
        return FileKey::Inode(m.dev(), m.ino());
    }
    let _ = meta;
    // A path that cannot be resolved is kept as written (reading it will say why).
    FileKey::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

fn add(
    path: &Path,
    meta: Option<&Metadata>,
    found: &mut impl FnMut(Found),
    seen: &mut HashSet<FileKey>,
) {
    // The same file by two names is still one file.
    if seen.insert(key(path, meta)) {
        found(Found::File(path.to_path_buf()));
    }
}

/// The walker with `check`'s rules.
fn walker(dir: &Path, no_ignore: bool) -> ignore::WalkBuilder {
    let mut walker = ignore::WalkBuilder::new(dir);
    walker
        .standard_filters(!no_ignore)
        // An archive's folder is seldom a git repository; its `.gitignore` still says what is
        // not a cable.
        .require_git(false)
        .follow_links(false)
        .sort_by_file_path(|a, b| a.cmp(b));
    walker
}

/// Whether a walk of its folder reads `path` (a regular cable file the ignore rules and the
/// hidden-entry rule let through): for a file the language server hears of by itself.
pub fn walked(path: &Path) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    let mut hit = false;
    let files = walker(dir, false).max_depth(Some(1)).build();
    visit(
        files,
        &mut |f| hit |= matches!(f, Found::File(p) if p == path),
        &mut HashSet::new(),
    );
    hit
}

fn walk(dir: &Path, no_ignore: bool, found: &mut impl FnMut(Found), seen: &mut HashSet<FileKey>) {
    visit(walker(dir, no_ignore).build(), found, seen);
}

fn visit(walker: ignore::Walk, found: &mut impl FnMut(Found), seen: &mut HashSet<FileKey>) {
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                found(Found::Error(
                    super::escape::visible(&e.to_string()).into_owned(),
                ));
                continue;
            }
        };
        let p = entry.path();
        let Some(kind) = entry.file_type() else {
            continue; // stdin, never met in a walk
        };
        if kind.is_dir() || !is_cable_file(p) {
            continue;
        }
        // A link is judged by what it points to; links to directories are not followed.
        let target = match std::fs::metadata(p) {
            Ok(t) if t.is_dir() => continue,
            Ok(t) => t,
            Err(e) => {
                found(Found::Skipped(format!(
                    "{}: skipped, a broken link ({e})",
                    shown(p)
                )));
                continue;
            }
        };
        if target.is_file() {
            add(p, Some(&target), found, seen);
        } else {
            found(Found::Skipped(format!(
                "{}: skipped, not a regular file ({})",
                shown(p),
                kind_of(&target)
            )));
        }
    }
}

/// What a path that is no regular file is, in words.
fn kind_of(meta: &Metadata) -> &'static str {
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
