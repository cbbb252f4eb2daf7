//! Following a numbered sequence (paragraphs, pages, serials) past a number that is off.

/// Where the sequence goes on after `found` stood where `expected` should have.
pub fn next_last(expected: u32, found: u32, following: Option<u32>) -> u32 {
    if following == Some(expected.saturating_add(1)) {
        expected
    } else {
        found
    }
}
