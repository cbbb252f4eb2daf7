//! Reading the files to check: which paths are files to read, and how their bytes become text.

use std::collections::HashSet;
use std::ffi::OsStr;
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

/// Expand the command-line paths, handing each file to `found` as the walk reaches it: files
/// as given (whatever the ignore rules say: naming a file asks for it), directories walked
/// recursively in sorted order with ripgrep's rules (`.gitignore` and `.ignore` files, hidden
/// entries skipped unless `no_ignore`, links to directories not followed). A file reached
/// twice (named twice, or named and inside a named directory) is read once.
pub fn each(paths: &[PathBuf], no_ignore: bool, mut found: impl FnMut(Found)) {
    let mut seen = Seen::default();
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

/// The files already handed out. On Unix a file is its device and inode (16 bytes a file, and
/// no system call more than the `metadata` already made); elsewhere, or without metadata, its
/// canonical path.
#[derive(Default)]
struct Seen {
    inodes: HashSet<(u64, u64)>,
    paths: HashSet<PathBuf>,
}

impl Seen {
    /// Whether `path` is met for the first time.
    fn first(&mut self, path: &Path, meta: Option<&Metadata>) -> bool {
        #[cfg(unix)]
        if let Some(m) = meta {
            use std::os::unix::fs::MetadataExt;
            return self.inodes.insert((m.dev(), m.ino()));
        }
        let _ = meta;
        // A path that cannot be resolved is kept as written (reading it will say why).
        self.paths
            .insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

fn add(path: &Path, meta: Option<&Metadata>, found: &mut impl FnMut(Found), seen: &mut Seen) {
    // The same file by two names is still one file.
    if seen.first(path, meta) {
        found(Found::File(path.to_path_buf()));
    }
}

/// The entries of one folder that a walk goes on with, sorted by name: each a name and
/// whether it is a folder. A folder of a hundred thousand files costs its names, not a walker
/// entry with a full path apiece, which is what sorting inside the walker held.
#[derive(Default)]
struct Listing {
    entries: Vec<(Box<OsStr>, bool)>,
    errors: Vec<String>,
}

impl Listing {
    /// `dir`'s entries as `check`'s rules let them through: folders, and cable files or links.
    /// The ignore files of `dir` and of the folders above it apply (the walker reads its
    /// parents' ignore files), so listing one folder at a time keeps a whole walk's rules.
    fn of(dir: &Path, no_ignore: bool) -> Listing {
        let mut out = Listing::default();
        let walk = ignore::WalkBuilder::new(dir)
            .standard_filters(!no_ignore)
            // An archive's folder is seldom a git repository; its `.gitignore` still says what
            // is not a cable.
            .require_git(false)
            .follow_links(false)
            .max_depth(Some(1))
            .build();
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    out.errors
                        .push(super::escape::visible(&e.to_string()).into_owned());
                    continue;
                }
            };
            // Depth 0 is `dir` itself; a file type is missing only for stdin.
            let (1, Some(kind)) = (entry.depth(), entry.file_type()) else {
                continue;
            };
            let is_dir = kind.is_dir();
            if is_dir || is_cable_file(entry.path()) {
                out.entries.push((entry.file_name().into(), is_dir));
            }
        }
        out.entries.sort_unstable();
        out
    }
}

/// Whether a walk of its folder reads `path` (a regular cable file the ignore rules and the
/// hidden-entry rule let through): for a file the language server hears of by itself.
pub fn walked(path: &Path) -> bool {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return false;
    };
    let listing = Listing::of(dir, false);
    listing.entries.iter().any(|(n, is_dir)| {
        !is_dir && **n == *name && std::fs::metadata(path).is_ok_and(|m| m.is_file())
    })
}

/// Depth first, each folder's entries in name order: the order of a sorted walk.
fn walk(dir: &Path, no_ignore: bool, found: &mut impl FnMut(Found), seen: &mut Seen) {
    let listing = Listing::of(dir, no_ignore);
    for e in &listing.errors {
        found(Found::Error(e.clone()));
    }
    for (name, is_dir) in &listing.entries {
        let path = dir.join(&**name);
        if *is_dir {
            walk(&path, no_ignore, found, seen);
        } else {
            visit(&path, found, seen);
        }
    }
}

/// A cable file or link met in a walk.
fn visit(p: &Path, found: &mut impl FnMut(Found), seen: &mut Seen) {
    // A link is judged by what it points to; links to directories are not followed.
    let target = match std::fs::metadata(p) {
        Ok(t) if t.is_dir() => return,
        Ok(t) => t,
        Err(e) => {
            found(Found::Skipped(format!(
                "{}: skipped, a broken link ({e})",
                shown(p)
            )));
            return;
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
