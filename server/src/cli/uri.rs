//! A path as a URI reference, for SARIF's `artifactLocation`: a relative path stays relative
//! (to be resolved against `%SRCROOT%`, the checkout in code scanning), an absolute one becomes
//! a `file:` URI. Every byte but the unreserved ASCII of RFC 3986 is percent-encoded, so a
//! name holding `%`, `#`, `?`, `:`, spaces or letters beyond ASCII reads back as itself.

use std::path::{Component, Path};

/// The URI reference of `path`, and whether it is relative.
pub fn of(path: &Path) -> (String, bool) {
    let mut out = String::new();
    let mut relative = true;
    let mut segments = 0;
    for part in path.components() {
        match part {
            Component::Prefix(p) => {
                // `C:` (or `\\server\share`): Windows, where a file URI is `file:///C:/…`.
                relative = false;
                out.push_str("file:///");
                out.push_str(&p.as_os_str().to_string_lossy().replace('\\', "/"));
                continue;
            }
            Component::RootDir => {
                if relative {
                    out.push_str("file://");
                }
                relative = false;
                out.push('/');
                continue;
            }
            // `./a.cable` is `a.cable`.
            Component::CurDir => continue,
            Component::ParentDir | Component::Normal(_) => {}
        }
        if segments > 0 {
            out.push('/');
        }
        segments += 1;
        push_encoded(&mut out, &bytes(part.as_os_str()));
    }
    (out, relative)
}

#[cfg(unix)]
fn bytes(s: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().into()
}

#[cfg(not(unix))]
fn bytes(s: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    match s.to_string_lossy() {
        std::borrow::Cow::Borrowed(t) => t.as_bytes().into(),
        std::borrow::Cow::Owned(t) => t.into_bytes().into(),
    }
}

fn push_encoded(out: &mut String, bytes: &[u8]) {
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_relative_and_odd_bytes_are_encoded() {
        let case = |p: &str| of(Path::new(p));
        assert_eq!(
            case("examples/quito.cable"),
            ("examples/quito.cable".into(), true)
        );
        assert_eq!(case("./a/./b.cable"), ("a/b.cable".into(), true));
        assert_eq!(case("../x y.cable"), ("../x%20y.cable".into(), true));
        assert_eq!(
            case("50%, a:b\nc#?é.cable"),
            ("50%25%2C%20a%3Ab%0Ac%23%3F%C3%A9.cable".into(), true)
        );
    }

    #[cfg(unix)]
    #[test]
    fn absolute_paths_are_file_uris_and_names_need_not_be_utf8() {
        use std::os::unix::ffi::OsStrExt;
        assert_eq!(
            of(Path::new("/tmp/a b/c.cable")),
            ("file:///tmp/a%20b/c.cable".into(), false)
        );
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.cable");
        assert_eq!(of(Path::new(name)), ("caf%E9.cable".into(), true));
    }
}
