//! The language server: the only module that knows LSP. It keeps the editor's documents,
//! converts positions (`encoding`) and turns the analysis's byte-offset results into protocol
//! values.

mod capabilities;
mod config;
mod diagnostics;
mod encoding;
mod features;
mod server;
mod store;
mod text;
mod transport;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tower_lsp_server::{LspService, Server};

pub use diagnostics::RULES_URL;

/// Handler futures polled at once. The default of 4 lets four slow requests hold back every
/// later message; notifications never wait, so a wider window costs nothing.
const CONCURRENCY: usize = 32;

/// Buffer of the in-process pipes around the server.
const PIPE: usize = 1 << 20;

/// Serve LSP on stdin/stdout until `exit` or the end of input. Returns the process exit code:
/// 0 when `shutdown` came first, 1 otherwise (as the specification says for `exit`).
pub fn serve() -> i32 {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cable-ls: cannot start the runtime: {e}");
            return 2;
        }
    };
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    runtime.block_on(async move {
        let (service, socket) = LspService::build(|client| server::Backend::new(client, flag))
            .custom_method("cable/syntaxTree", server::Backend::syntax_tree)
            .finish();
        // stdin -> pump_input -> server -> pump_server_output -> write_output -> stdout;
        // pump_input also answers malformed messages through write_output.
        let (to_server, server_in) = tokio::io::duplex(PIPE);
        let (server_out, from_server) = tokio::io::duplex(PIPE);
        let (out_tx, out_rx) = transport::channel();
        let stdin = tokio::io::BufReader::new(tokio::io::stdin());
        tokio::spawn(transport::pump_input(stdin, to_server, out_tx.clone()));
        let forward = tokio::spawn(transport::pump_server_output(
            tokio::io::BufReader::new(from_server),
            out_tx,
        ));
        let writer = tokio::spawn(transport::write_output(out_rx, tokio::io::stdout()));
        Server::new(server_in, server_out, socket)
            .concurrency_level(CONCURRENCY)
            .serve(service)
            .await;
        // The server's end of the pipe is closed now: let the last frames reach stdout. The
        // input pump may still wait on a client that keeps stdin open; it is not waited for.
        let _ = forward.await;
        let _ = writer.await;
    });
    let code = if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    };
    tracing::info!("exiting with code {code}");
    code
}

/// Logs go to stderr (stdout is the protocol's). `CABLE_LS_LOG`: error, warn (default), info,
/// debug or trace.
fn init_logging() {
    let level = std::env::var("CABLE_LS_LOG")
        .ok()
        .and_then(|v| v.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::WARN);
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_ansi(false)
        .try_init();
}
