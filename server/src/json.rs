//! JSON strings written straight into a buffer, for the outputs that carry a line per
//! diagnostic (`check --format json`, `publishDiagnostics`): a hostile file has a hundred
//! thousand of them, and a serializer per diagnostic costs more than finding them.

/// `s` as a JSON string, exactly as serde_json writes it; most strings need no escape and are
/// copied as they are.
pub fn push_str(out: &mut String, s: &str) {
    // A fold, not `any`: no early exit, so the compiler vectorises it.
    let needs_escape = s
        .bytes()
        .fold(false, |e, b| e | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if needs_escape {
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// A number in decimal, without the formatting machinery (four of them per range).
pub fn push_uint(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_as_serde_json_writes_them() {
        for s in [
            "",
            "plain",
            "`ZZ` é 😀",
            "a\"b",
            "back\\slash",
            "tab\there",
            "\u{1b}[31m",
            "\u{7f}",
            "file:///a%20b.cable",
        ] {
            let mut out = String::new();
            push_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    /// `check --format json` writes code names and severities without escaping them.
    #[test]
    fn codes_and_severities_need_no_escape() {
        use crate::analysis::{Code, Severity};
        let severities = [
            Severity::Hint,
            Severity::Information,
            Severity::Warning,
            Severity::Error,
        ];
        for name in Code::ALL
            .map(Code::name)
            .into_iter()
            .chain(severities.map(Severity::name))
        {
            let mut out = String::new();
            push_str(&mut out, name);
            assert_eq!(out, format!("\"{name}\""));
        }
    }

    #[test]
    fn numbers_in_decimal() {
        for n in [0, 7, 10, 99, 4_294_967_295, u64::MAX] {
            let mut out = String::new();
            push_uint(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }
}
