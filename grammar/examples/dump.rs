//! `cargo run -p cable-grammar --example dump FILE`: print the parse of a file.
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let bytes = std::fs::read(path).expect("readable file");
    let text = String::from_utf8_lossy(&bytes);
    print!(
        "{}",
        cable_grammar::dump::dump(&cable_grammar::Document::new(&text))
    );
}
