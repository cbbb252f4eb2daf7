//! cable-ls: checks, outlines and explains US diplomatic telegrams. `analysis` turns the
//! grammar's tree into diagnostics and symbols in byte offsets; `cli` prints them; `position`
//! is the one place that turns byte offsets into lines and columns.

mod address;
pub mod analysis;
pub mod cli;
mod json;
pub mod lsp;
pub mod position;
