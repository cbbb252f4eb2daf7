//! `check --fix` and `check --diff`: the safe fixes of a file applied to its text, then
//! written back the way the file was stored, or shown as a unified diff.
//!
//! A file is written only if its text was read exactly: with invalid bytes (read as U+FFFD)
//! writing the text back would destroy them. The write is atomic (a temporary file in the same
//! folder, renamed over the file), keeps the permissions, the encoding and byte-order mark;
//! line endings are the text's own, and the fixes that insert a line end it as its neighbours.

use std::io::Write;
use std::path::{Path, PathBuf};

use similar::{capture_diff_slices, group_diff_ops, Algorithm, DiffTag};

use super::decode::Stored;
use crate::analysis::{self, fix};

/// Applying the fixes of one pass can make others (two that overlapped, a fix that lets a
/// rule see further): checked again and fixed again, at most this many times.
const MAX_PASSES: usize = 10;

/// The text with every safe fix applied, and how many were.
pub fn fix_text(text: &str) -> (String, usize) {
    let mut text = text.to_string();
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let diags = analysis::check_text(&text);
        let chosen = fix::safe_fixes(&diags);
        if chosen.is_empty() {
            break;
        }
        applied += chosen.len();
        let edits: Vec<fix::Edit> = chosen.into_iter().flat_map(|f| f.edits.clone()).collect();
        text = fix::apply(&text, &edits);
    }
    (text, applied)
}

/// The text in the file's own encoding, with its byte-order mark.
pub fn encode(text: &str, stored: Stored) -> Vec<u8> {
    match stored {
        Stored::Utf8 => text.as_bytes().to_vec(),
        Stored::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Stored::Utf16Le => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect(),
        Stored::Utf16Be => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_be_bytes)
            .collect(),
    }
}

/// Replace the file's contents at once: a reader sees the old file or the new one, never a
/// part, and a failure leaves the old one. A link is followed, so it keeps pointing at the
/// fixed file; the file keeps its permissions.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = temp_path(dir, &name)?;
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::set_permissions(&temp, permissions)?;
        std::fs::rename(&temp, &target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// A name for the temporary file beside `name` that no file has yet.
fn temp_path(dir: &Path, name: &str) -> std::io::Result<PathBuf> {
    let pid = std::process::id();
    (0..100)
        .map(|n| dir.join(format!(".{name}.cable-ls-{pid}-{n}.tmp")))
        .find(|p| !p.exists())
        .ok_or_else(|| std::io::Error::other("no free temporary file name"))
}

/// A unified diff of `old` and `new` that `patch -p0` applies to `path`. Lines are split at
/// `\n` only, as `patch` splits them (a `\r` stays in its line), with three lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    let mut out = format!("--- {path}\n+++ {path}\n");
    for group in group_diff_ops(ops, 3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(&old_range),
            hunk_range(&new_range)
        ));
        for op in &group {
            let (tag, o, n) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => lines(&mut out, ' ', &a[o]),
                DiffTag::Delete => lines(&mut out, '-', &a[o]),
                DiffTag::Insert => lines(&mut out, '+', &b[n]),
                DiffTag::Replace => {
                    lines(&mut out, '-', &a[o]);
                    lines(&mut out, '+', &b[n]);
                }
            }
        }
    }
    out
}

/// `start,count` of a hunk, 1-based; an empty range names the line before it.
fn hunk_range(r: &std::ops::Range<usize>) -> String {
    let count = r.len();
    let start = if count == 0 { r.start } else { r.start + 1 };
    format!("{start},{count}")
}

fn lines(out: &mut String, mark: char, lines: &[&str]) {
    for l in lines {
        out.push(mark);
        out.push_str(l);
        if !l.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_in_the_unified_format() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj";
        let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk";
        assert_eq!(
            unified_diff("x.cable", old, new),
            "--- x.cable\n+++ x.cable\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n\
             @@ -7,4 +7,5 @@\n g\n h\n i\n-j\n\\ No newline at end of file\n+j\n+k\n\\ No newline at end of file\n"
        );
        assert_eq!(
            unified_diff("x", "a\r\n", "a\r\nb\r\n"),
            "--- x\n+++ x\n@@ -1,1 +1,2 @@\n a\r\n+b\r\n"
        );
    }

    #[test]
    fn encodings_round_trip() {
        let text = "CAFÉ 😀\r\n";
        for stored in [
            Stored::Utf8,
            Stored::Utf8Bom,
            Stored::Utf16Le,
            Stored::Utf16Be,
        ] {
            let decoded = super::super::decode::decode(encode(text, stored)).unwrap();
            assert_eq!((decoded.text.as_str(), decoded.stored), (text, stored));
        }
    }
}
