//! Text from a document or a file name, made safe to print to a terminal: a cable's line
//! holding `ESC [ 2 J` must not clear the user's screen, and a name holding a right-to-left
//! override must not reorder what follows it. Control characters are shown as their Unicode
//! control pictures (`␛`, as rustc does), other invisible controls as `<U+202E>`; tabs stay.

use std::borrow::Cow;

pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_visible(c, &mut out);
    }
    Cow::Owned(out)
}

/// One character as [`visible`] shows it.
pub fn push_visible(c: char, out: &mut String) {
    match c {
        '\t' => out.push(c),
        '\0'..='\x1F' => out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('?')),
        '\x7F' => out.push('\u{2421}'),
        c if needs_escape(c) => out.push_str(&format!("<U+{:04X}>", u32::from(c))),
        c => out.push(c),
    }
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        // Bidirectional embeddings, overrides and isolates.
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_and_the_rest_stays() {
        assert!(matches!(visible("TAGS: PGOV\té—😀"), Cow::Borrowed(_)));
        assert_eq!(visible("RU, \x1b[31mRED\x07"), "RU, ␛[31mRED␇");
        assert_eq!(visible("a\u{7f}b\u{85}c"), "a␡b<U+0085>c");
        assert_eq!(visible("x\u{202E}fdp.exe"), "x<U+202E>fdp.exe");
        assert_eq!(visible("\r\n\0"), "␍␊␀");
    }
}
