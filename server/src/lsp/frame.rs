//! Frames of the base protocol on a byte stream: `Content-Length` headers and a body. The
//! reader survives anything: a header it cannot use is reported and skipped, a body whose
//! length was wrong does not swallow the next frame, an overlong header line is not kept in
//! memory, and the end of input or a truncated body is the end.

use std::io::{BufRead, Read, Write};

/// Larger frames are refused: no editor sends one, and reading it would only exhaust memory.
const MAX_BODY: usize = 1 << 30;
/// How long the end waits for requests still running, and then for the writer.
/// A header line longer than this is garbage, skipped without being kept in memory.
const MAX_HEADER_LINE: usize = 8 * 1024;

#[derive(Debug)]
pub enum Frame {
    Body(Vec<u8>),
    /// A header that cannot be used; the reader has skipped past it.
    Bad(String),
    End,
}

pub fn read_frame(r: &mut impl BufRead) -> Frame {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_header = false;
    loop {
        let line = match read_line_capped(r) {
            Ok(Some(line)) => line,
            Ok(None) | Err(_) => return Frame::End,
        };
        let Some(line) = line else {
            return Frame::Bad("a header line longer than 8 KiB was skipped".into());
        };
        let text = String::from_utf8_lossy(&line);
        let mut text = text.trim_end_matches(['\r', '\n']);
        // The body of a frame whose length could not be read runs on into the next frame's
        // header (a JSON body has no line break): pick the header up where it starts.
        if let Some(at) = text
            .to_ascii_lowercase()
            .find("content-length:")
            .filter(|&i| i > 0)
        {
            tracing::error!("skipped `{}` before a header", short(&text[..at]));
            text = &text[at..];
        }
        if text.is_empty() {
            if !seen_header {
                continue;
            }
            break;
        }
        seen_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("bad Content-Length header `{}`", value.trim())),
                );
            }
            // Other headers (Content-Type) are allowed and carry nothing we need.
            Some((name, _)) if is_token(name) => {}
            _ => return Frame::Bad(format!("not a message header: `{}`", short(text))),
        }
    }
    let len = match length {
        Some(Ok(n)) => n,
        Some(Err(e)) => return Frame::Bad(e),
        None => return Frame::Bad("a message without a Content-Length header".into()),
    };
    if len > MAX_BODY {
        let skipped = std::io::copy(&mut r.take(len as u64), &mut std::io::sink());
        if skipped.map_or(true, |n| n < len as u64) {
            return Frame::End;
        }
        return Frame::Bad(format!(
            "a message of {len} bytes is larger than 1 GiB; skipped"
        ));
    }
    let mut body = vec![0; len];
    match r.read_exact(&mut body) {
        Ok(()) => Frame::Body(body),
        Err(_) => Frame::End,
    }
}

/// A header name as HTTP allows it (letters, digits and a few marks; no blanks, no braces).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// One line including its `\n`: `Ok(None)` at the end of input, `Ok(Some(None))` for a line
/// too long to keep (consumed all the same).
fn read_line_capped(r: &mut impl BufRead) -> std::io::Result<Option<Option<Vec<u8>>>> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok((!line.is_empty() || too_long).then_some((!too_long).then_some(line)));
        }
        let (n, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if !too_long {
            line.extend_from_slice(&buf[..n]);
            if line.len() > MAX_HEADER_LINE {
                too_long = true;
                line = Vec::new();
            }
        }
        r.consume(n);
        if done {
            return Ok(Some((!too_long).then_some(line)));
        }
    }
}

pub fn write_frame(sink: &mut (impl Write + ?Sized), body: &[u8]) -> std::io::Result<()> {
    write!(sink, "Content-Length: {}\r\n\r\n", body.len())?;
    sink.write_all(body)
}

/// The start of a text for a log line.
pub fn short(s: &str) -> String {
    let mut t: String = s.chars().take(80).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    t
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every frame of `input`: bodies, or the reason a header was skipped.
    pub(crate) fn frames(input: &[u8]) -> Vec<Result<Vec<u8>, String>> {
        let mut r = std::io::BufReader::new(input);
        let mut out = Vec::new();
        loop {
            match read_frame(&mut r) {
                Frame::Body(b) => out.push(Ok(b)),
                Frame::Bad(e) => out.push(Err(e)),
                Frame::End => return out,
            }
        }
    }

    #[test]
    fn reads_frames_and_recovers_from_bad_headers() {
        let long = "x".repeat(MAX_HEADER_LINE * 2);
        let input = format!(
            "Content-Length: 2\r\n\r\n{{}}garbage line\r\nContent-Length: 2\r\n\r\n[]\
             Content-Length: x\r\n\r\n{long}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 1\r\n\r\n1"
        );
        let got = frames(input.as_bytes());
        assert_eq!(got[0], Ok(b"{}".to_vec()));
        assert!(got[1]
            .as_ref()
            .unwrap_err()
            .contains("not a message header"));
        assert_eq!(got[2], Ok(b"[]".to_vec()));
        assert!(got[3].as_ref().unwrap_err().contains("Content-Length"));
        assert!(got[4].as_ref().unwrap_err().contains("8 KiB"));
        assert_eq!(got[5], Ok(b"1".to_vec()));
        assert_eq!(got.len(), 6, "{got:?}");
    }

    #[test]
    fn a_body_after_a_bad_length_does_not_swallow_the_next_frame() {
        let input = b"Content-Length: 4x\r\n\r\n{\"id\":1}Content-Length: 2\r\n\r\n{}\
                      Content-Length: 2\r\n\r\n[]";
        let got = frames(input);
        assert!(
            got[0].as_ref().unwrap_err().contains("bad Content-Length"),
            "{got:?}"
        );
        assert_eq!(
            got[1..],
            [Ok(b"{}".to_vec()), Ok(b"[]".to_vec())],
            "{got:?}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        /// Any bytes at all: the reader ends, never panics, and every body it returns is one
        /// whose length a header announced.
        #[test]
        fn any_input_is_read_to_its_end(input in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            for body in frames(&input).into_iter().flatten() {
                proptest::prop_assert!(body.len() <= input.len());
                let announced = format!("Content-Length: {}", body.len()).to_ascii_lowercase();
                proptest::prop_assert!(String::from_utf8_lossy(&input).to_ascii_lowercase().contains(&announced));
            }
        }

        /// Valid frames with garbage lines between them: every frame after a line break is
        /// read back whole, in order.
        #[test]
        fn frames_survive_garbage_between_them(
            items in proptest::collection::vec(("[a-z{}\"0-9 ]{0,30}", proptest::prelude::any::<bool>()), 1..20)
        ) {
            let mut input = Vec::new();
            let mut expected = Vec::new();
            for (text, garbage) in &items {
                if *garbage {
                    input.extend_from_slice(format!("{text}\r\n").as_bytes());
                } else {
                    let body = format!("[{}]", serde_json::to_string(text).unwrap());
                    input.extend_from_slice(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
                    expected.push(body.into_bytes());
                }
            }
            let got: Vec<Vec<u8>> = frames(&input).into_iter().filter_map(Result::ok).collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn a_truncated_body_is_the_end() {
        assert!(frames(b"Content-Length: 10\r\n\r\nabc").is_empty());
    }
}
