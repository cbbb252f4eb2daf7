//! The command line: `check`, `outline`, `--version`, `--help`. Exit codes: 0 no errors,
//! 1 errors found, 2 usage or I/O failure.

mod check;
mod decode;
mod escape;
mod export;
mod fix;
mod github;
pub(crate) mod input;
mod outline;
mod render;
mod sarif;
mod schedule;
mod segments;
mod uri;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

pub const USAGE: &str = "\
cable-ls: checks, outlines and explains US diplomatic telegrams (cables)

Usage:
  cable-ls [serve] [--stdio]                     the language server, on stdin and stdout
  cable-ls check [--format human|json|github|sarif] [--no-ignore] [--fix | --diff] PATH...
                                                 check files; directories are walked for *.cable and
                                                 *.txt, skipping hidden and .gitignore'd entries
                                                 unless --no-ignore; github: workflow annotations,
                                                 sarif: one SARIF 2.1.0 log for code scanning;
                                                 --fix: write the safe fixes back, then report what
                                                 remains; --diff: print them as a unified diff for
                                                 `patch -p0`, writing nothing
  cable-ls outline [--format human|json] FILE    print the outline (cables, headings, paragraphs)
  cable-ls export [--format json|jsonl|csv|graphml] [--no-ignore] PATH...
                                                 every cable's metadata (ids, date, addressees,
                                                 TAGS, subject, references, sections, paragraphs,
                                                 release stamps), or with graphml the graph of
                                                 which cable cites which
  cable-ls --version
  cable-ls --help

Exit status: 0 no errors, 1 errors found (with --fix: errors left; with --diff: also a diff
printed), 2 usage or I/O failure.
";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
}

/// What `check` does with the safe fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Report,
    Fix,
    Diff,
}

struct Parsed {
    /// As given; each command reads it (`check` and `outline` with `parse_format`).
    format_name: Option<String>,
    paths: Vec<PathBuf>,
    no_ignore: bool,
    mode: Mode,
}

/// Options are text; paths are whatever the system gives (not necessarily UTF-8).
fn parse_args(args: &[OsString]) -> Result<Parsed, String> {
    let mut format_name = None;
    let mut paths = Vec::new();
    let mut no_ignore = false;
    let mut mode = Mode::Report;
    let mut it = args.iter();
    let mut only_paths = false;
    while let Some(a) = it.next() {
        match a.to_str() {
            _ if only_paths => paths.push(PathBuf::from(a)),
            Some("--") => only_paths = true,
            Some("--no-ignore") => no_ignore = true,
            Some("--fix") if mode == Mode::Report => mode = Mode::Fix,
            Some("--diff") => mode = Mode::Diff,
            Some("--fix") => {}
            Some("--format") => {
                let v = it.next().ok_or("--format needs a value")?;
                format_name = Some(v.to_string_lossy().into_owned());
            }
            Some(s) if s.starts_with("--format=") => {
                format_name = Some(s["--format=".len()..].to_string())
            }
            Some(s) if s.starts_with('-') && s.len() > 1 => {
                return Err(format!("unknown option `{s}`"))
            }
            _ => paths.push(PathBuf::from(a)),
        }
    }
    Ok(Parsed {
        format_name,
        paths,
        no_ignore,
        mode,
    })
}

impl Parsed {
    /// The `--format` of `check` and `outline`; human when not given.
    fn format(&self) -> Result<Format, String> {
        self.format_name
            .as_deref()
            .map_or(Ok(Format::Human), parse_format)
    }
}

fn parse_format(v: &str) -> Result<Format, String> {
    match v {
        "human" => Ok(Format::Human),
        "json" => Ok(Format::Json),
        "github" => Ok(Format::Github),
        "sarif" => Ok(Format::Sarif),
        other => Err(format!(
            "unknown format `{other}`: expected human, json, github or sarif"
        )),
    }
}

fn usage_error(msg: &str) -> i32 {
    say_err(&format!("cable-ls: {msg}\n\n{USAGE}\n"));
    2
}

/// Write to stdout. `print!` panics when the reader has gone (`cable-ls --help | true`); a
/// closed pipe only means nobody reads any more, so the output stops quietly, as in other
/// command-line tools.
fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Write to stderr, as quietly as [`say`].
fn say_err(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Run the command line; returns the process exit code.
pub fn run(args: &[OsString]) -> i32 {
    let Some(cmd) = args.first() else {
        return crate::lsp::serve();
    };
    let rest = &args[1..];
    match cmd.to_string_lossy().as_ref() {
        "--version" | "-V" | "version" => {
            say(&format!("cable-ls {}\n", env!("CARGO_PKG_VERSION")));
            0
        }
        // vscode-languageclient appends `--stdio`; stdio is the only transport.
        "serve" | "--stdio" => match rest {
            [] => crate::lsp::serve(),
            [flag] if flag == "--stdio" => crate::lsp::serve(),
            _ => usage_error("serve takes no arguments but --stdio"),
        },
        "--help" | "-h" | "help" => {
            say(USAGE);
            0
        }
        "check" => match parse_args(rest).and_then(|p| Ok((p.format()?, p))) {
            Ok((_, p)) if p.paths.is_empty() => usage_error("check needs at least one PATH"),
            Ok((format, p)) if p.mode == Mode::Diff && format != Format::Human => {
                usage_error("--diff prints a diff: it takes no --format")
            }
            Ok((format, p)) => finish(check::run(&p.paths, format, p.no_ignore, p.mode)),
            Err(e) => usage_error(&e),
        },
        "outline" => match parse_args(rest).and_then(|p| Ok((p.format()?, p))) {
            Ok((Format::Github | Format::Sarif, _)) => {
                usage_error("outline prints human or json only")
            }
            Ok((_, p)) if p.mode != Mode::Report => usage_error("outline takes no --fix or --diff"),
            Ok((format, p)) if p.paths.len() == 1 => finish(outline::run(&p.paths[0], format)),
            Ok(_) => usage_error("outline needs exactly one FILE"),
            Err(e) => usage_error(&e),
        },
        "export" => match parse_args(rest).and_then(|p| {
            let format = p
                .format_name
                .as_deref()
                .map_or(Ok(export::ExportFormat::Json), export::ExportFormat::parse)?;
            Ok((format, p))
        }) {
            Ok((_, p)) if p.paths.is_empty() => usage_error("export needs at least one PATH"),
            Ok((_, p)) if p.mode != Mode::Report => usage_error("export takes no --fix or --diff"),
            Ok((format, p)) => finish(export::run(&p.paths, format, p.no_ignore)),
            Err(e) => usage_error(&e),
        },
        other => usage_error(&format!("unknown command `{other}`")),
    }
}

/// Flush stdout; a closed pipe (`cable-ls check . | head`) is not a failure worth a panic.
fn finish(code: i32) -> i32 {
    let _ = std::io::stdout().flush();
    code
}
