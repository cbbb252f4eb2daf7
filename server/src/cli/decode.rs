//! Bytes to text. Cables are read as UTF-8, or as UTF-16 when the file begins with its
//! byte-order mark ("Unicode" in Windows editors). A UTF-8 byte-order mark (Notepad, many OCR
//! tools) is dropped, so lines and columns are those of the text as an editor shows it.
//! Invalid sequences become U+FFFD and are reported; UTF-16 without a byte-order mark is
//! refused with its name rather than read as garbage.

/// How the file's text was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

impl Stored {
    pub fn name(self) -> &'static str {
        match self {
            Stored::Utf8 => "UTF-8",
            Stored::Utf8Bom => "UTF-8 with a byte-order mark",
            Stored::Utf16Le => "UTF-16 LE",
            Stored::Utf16Be => "UTF-16 BE",
        }
    }
}

/// The first place where the bytes were not valid in their encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    /// Where the U+FFFD standing for the bad bytes is in the decoded text.
    pub start: usize,
    pub end: usize,
    /// Where the bad bytes are in the file.
    pub file_offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub stored: Stored,
    pub invalid: Option<Invalid>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn decode(mut bytes: Vec<u8>) -> Result<Decoded, String> {
    match bytes.as_slice() {
        [0xFF, 0xFE, ..] => return Ok(utf16(&bytes[2..], Stored::Utf16Le)),
        [0xFE, 0xFF, ..] => return Ok(utf16(&bytes[2..], Stored::Utf16Be)),
        _ => {}
    }
    if bytes.starts_with(UTF8_BOM) {
        // In place: a file can be large, and a copy would hold it twice.
        bytes.drain(..UTF8_BOM.len());
        return Ok(utf8(bytes, Stored::Utf8Bom));
    }
    if let Some(stored) = bare_utf16(&bytes) {
        return Err(format!(
            "the file looks like {} without a byte-order mark (a NUL in every other byte); \
             cable-ls reads UTF-8, and UTF-16 only with its byte-order mark: save it as UTF-8",
            stored.name()
        ));
    }
    Ok(utf8(bytes, Stored::Utf8))
}

fn utf8(bytes: Vec<u8>, stored: Stored) -> Decoded {
    let skipped = if stored == Stored::Utf8Bom {
        UTF8_BOM.len()
    } else {
        0
    };
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            stored,
            invalid: None,
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            // The lossy text equals the original up to `at`, where U+FFFD (3 bytes) stands.
            Decoded {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                stored,
                invalid: Some(Invalid {
                    start: at,
                    end: at + '\u{FFFD}'.len_utf8(),
                    file_offset: skipped + at,
                }),
            }
        }
    }
}

fn utf16(bytes: &[u8], stored: Stored) -> Decoded {
    let unit = |pair: &[u8]| match stored {
        Stored::Utf16Be => u16::from_be_bytes([pair[0], pair[1]]),
        _ => u16::from_le_bytes([pair[0], pair[1]]),
    };
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut invalid = None;
    let mut file_offset = 2;
    let mut bad = |text: &mut String, file_offset: usize| {
        if invalid.is_none() {
            invalid = Some(Invalid {
                start: text.len(),
                end: text.len() + '\u{FFFD}'.len_utf8(),
                file_offset,
            });
        }
        text.push('\u{FFFD}');
    };
    for c in char::decode_utf16(bytes.chunks_exact(2).map(unit)) {
        match c {
            Ok(c) => {
                text.push(c);
                file_offset += c.len_utf16() * 2;
            }
            Err(_) => {
                bad(&mut text, file_offset);
                file_offset += 2;
            }
        }
    }
    if bytes.len() % 2 == 1 {
        bad(&mut text, file_offset);
    }
    Decoded {
        text,
        stored,
        invalid,
    }
}

/// UTF-16 saved without a byte-order mark: text whose characters are mostly ASCII has a NUL
/// in every other byte, on the odd bytes for little-endian and the even ones for big-endian.
/// UTF-8 text has NUL nowhere, or in runs, never in such a rhythm.
fn bare_utf16(bytes: &[u8]) -> Option<Stored> {
    let sample = &bytes[..bytes.len().min(1 << 16)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let nul_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    let mostly = |n: usize| n * 10 >= pairs * 3;
    let hardly = |n: usize| n * 20 <= pairs;
    if mostly(odd) && hardly(even) {
        Some(Stored::Utf16Le)
    } else if mostly(even) && hardly(odd) {
        Some(Stored::Utf16Be)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(s: &str) -> Vec<u8> {
        let mut out = vec![0xFE, 0xFF];
        out.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    const TEXT: &str = "UNCLAS SECTION 01 OF 02 LIMA 14540\r\nCAFÉ — 😀\n";

    #[test]
    fn every_encoding_gives_the_same_text() {
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        for (bytes, stored) in [
            (TEXT.as_bytes().to_vec(), Stored::Utf8),
            (bom, Stored::Utf8Bom),
            (utf16le(TEXT, true), Stored::Utf16Le),
            (utf16be(TEXT), Stored::Utf16Be),
        ] {
            let d = decode(bytes).unwrap();
            assert_eq!((d.text.as_str(), d.stored, d.invalid), (TEXT, stored, None));
        }
    }

    #[test]
    fn invalid_sequences_are_placed_in_text_and_file() {
        let d = decode(b"\xEF\xBB\xBFAB\xFFC".to_vec()).unwrap();
        assert_eq!(d.text, "AB\u{FFFD}C");
        assert_eq!(
            d.invalid,
            Some(Invalid {
                start: 2,
                end: 5,
                file_offset: 5
            })
        );
        // A lone high surrogate, then an odd final byte.
        let mut bytes = utf16le("AB", true);
        bytes.extend_from_slice(&[0x00, 0xD8, b'C', 0, b'x']);
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "AB\u{FFFD}C\u{FFFD}");
        assert_eq!(
            d.invalid,
            Some(Invalid {
                start: 2,
                end: 5,
                file_offset: 6
            })
        );
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_refused_by_name() {
        let le = decode(utf16le(TEXT, false)).unwrap_err();
        assert!(le.contains("UTF-16 LE"), "{le}");
        let be: Vec<u8> = TEXT.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(decode(be).unwrap_err().contains("UTF-16 BE"));
        // NUL bytes in runs are text with NULs, not UTF-16.
        let nuls = decode(b"TAGS: PGOV\0\0\0\0\0\0\nNNNN\n".to_vec()).unwrap();
        assert_eq!(nuls.stored, Stored::Utf8);
        assert_eq!(decode(vec![]).unwrap().text, "");
        assert_eq!(decode(vec![0]).unwrap().text, "\0");
    }
}
