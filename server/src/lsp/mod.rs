//! The language server: the only module that knows LSP. It keeps the editor's documents,
//! converts positions (`encoding`) and turns the analysis's byte-offset results into protocol
//! values.

mod actions;
mod capabilities;
mod coalesce;
mod completion;
mod config;
mod cores;
mod diagnostics;
mod encoding;
mod features;
mod frame;
mod index;
mod lost;
mod pool;
mod ref_order;
mod server;
mod store;
mod text;
mod transport;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tower_lsp_server::LspService;

pub use store::PARSE_APART;

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
    let (out, out_rx) = transport::Output::new(std::io::BufWriter::with_capacity(
        1 << 16,
        std::io::stdout(),
    ));
    let backend_out = out.clone();
    runtime.block_on(async move {
        let (service, socket) =
            LspService::build(|client| server::Backend::new(client, flag, backend_out))
                .custom_method("cable/syntaxTree", server::Backend::syntax_tree)
                .custom_method(lost::METHOD, server::Backend::lost_change)
                .custom_method(completion::METHOD, server::Backend::completion)
                .finish();
        transport::serve(service, socket, (out, out_rx)).await;
    });
    // A request still working on the blocking pool is not waited for.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
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
