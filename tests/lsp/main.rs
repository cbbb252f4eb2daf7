//! The language server tested as editors use it: the built binary, over real stdin and stdout.

#[path = "../support/mod.rs"]
mod support;

mod harness;

mod actions;
mod documents;
mod hostile;
mod lifecycle;
mod ordering;
mod positions;
mod pressure;
mod sync;
mod workspace;
