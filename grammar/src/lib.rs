//! The cable language: a line-local lexer, an error-tolerant parser to a lossless tree of
//! cables, sections, pages and paragraphs, and an incremental reparse over a rope.
//!
//! No LSP types, no I/O, no async: this crate maps text to structure and nothing else.

pub mod caption;
pub mod citation;
pub mod dtg;
pub mod lexer;
pub mod line;
pub mod lookalike;
pub mod mail;
pub mod span;

pub use span::{Span, TextRange};
pub mod document;
pub mod dump;
pub mod envelope;
pub mod parallel;
pub mod parser;
pub mod piece;
mod quote;
pub mod stream;
pub mod syntax;

pub use document::{parse, Document};
