//! OCR look-alikes: the digits and letters OCR reads for one another in scanned releases
//! (`0`/`O`, `1`/`I`/`L`/`l`, `5`/`S`, `8`/`B`, `2`/`Z`, `6`/`G`).
//!
//! The recognisers read a field the format allows only digits in (a serial, `SECTION nn OF mm`,
//! a DTG's day and time) with these letters as the digits they stand for, and a field of
//! letters (a month, a classification word) with these digits as letters, where the rest of
//! the line makes the field's shape clear. The value is then the one the cable meant, so the
//! structural rules check what the cable says; the analysis reports the look-alikes
//! themselves (`ocr-confusion`). Nothing here allocates: every line of a document passes.

/// Each group: characters OCR confuses with one another, the digit first.
pub const GROUPS: &[&[char]] = &[
    &['0', 'O'],
    &['1', 'I', 'L', 'l'],
    &['5', 'S'],
    &['8', 'B'],
    &['2', 'Z'],
    &['6', 'G'],
];

/// The digit a character of a field of digits stands for: a digit itself, or the digit OCR
/// read as this letter.
pub fn digit_of(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b),
        b'O' => Some(b'0'),
        b'I' | b'L' | b'l' => Some(b'1'),
        b'S' => Some(b'5'),
        b'B' => Some(b'8'),
        b'Z' => Some(b'2'),
        b'G' => Some(b'6'),
        _ => None,
    }
}

/// Whether `b` is a digit OCR reads for a letter (`0`, `1`, `2`, `5`, `6`, `8`).
pub fn is_letter_digit(b: u8) -> bool {
    matches!(b, b'0' | b'1' | b'2' | b'5' | b'6' | b'8')
}

/// Whether `found`, in a field of letters, may be `letter` (an upper-case ASCII letter): the
/// letter, or the digit OCR reads for it.
pub fn may_be_letter(found: u8, letter: u8) -> bool {
    found == letter || found.is_ascii_digit() && digit_of(letter) == Some(found)
}

/// Whether `found` may be `word` (upper case) read with look-alike digits: as many
/// characters, each the letter or its look-alike, and more letters than digits.
pub fn may_be_word(found: &str, word: &str) -> bool {
    let (f, w) = (found.as_bytes(), word.as_bytes());
    if f.len() != w.len() || f == w {
        return f == w;
    }
    let mut digits = 0;
    for (&a, &b) in f.iter().zip(w) {
        if !may_be_letter(a, b) {
            return false;
        }
        digits += usize::from(a.is_ascii_digit());
    }
    digits * 2 < f.len()
}

/// Whether `text` is a field of digits, some read as look-alike letters: only digits and
/// look-alikes, and at least as many digits as look-alikes (so that `OSLO` or `SIB` stay
/// words while `O1`, `1454O` and `O92105` are numbers).
pub fn is_number(text: &str) -> bool {
    let mut digits = 0usize;
    let mut letters = 0usize;
    for b in text.bytes() {
        match digit_of(b) {
            Some(d) if d == b => digits += 1,
            Some(_) => letters += 1,
            None => return false,
        }
    }
    digits > 0 && letters <= digits
}

/// `text` with every look-alike letter read as its digit, into `buf` (no allocation); `None`
/// when it does not fit or holds other characters.
pub fn as_digits<'b>(text: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    let out = buf.get_mut(..text.len())?;
    for (o, b) in out.iter_mut().zip(text.bytes()) {
        *o = digit_of(b)?;
    }
    std::str::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings() {
        for n in ["O1", "1454O", "O92105", "0I", "14S40", "9Z", "01"] {
            assert!(is_number(n), "{n}");
        }
        for w in ["OSLO", "SIB", "OI", "LIMA", "B52X", "", "OO0"] {
            assert!(!is_number(w), "{w}");
        }
        let mut buf = [0u8; 8];
        assert_eq!(as_digits("1454O", &mut buf), Some("14540"));
        assert_eq!(as_digits("l2", &mut buf), Some("12"));
        assert_eq!(as_digits("12X", &mut buf), None);
        assert_eq!(
            as_digits("123456789", &mut buf),
            None,
            "too long for the buffer"
        );
        assert!(may_be_word("0CT", "OCT") && may_be_word("5ECRET", "SECRET"));
        assert!(may_be_word("JU1", "JUL") && !may_be_word("Nov", "NOV"));
        assert!(!may_be_word("0C7", "OCT") && !may_be_word("00T", "OCT"));
        assert!(!may_be_word("OCTO", "OCT"));
    }
}
