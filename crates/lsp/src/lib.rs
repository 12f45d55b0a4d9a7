//! rampart's language server: the same engine as `rampart check`, its
//! findings as diagnostics (with provenance as related information), hovers
//! with the rule's documentation, and quick fixes. Only this crate knows the
//! protocol.
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod actions;
mod analysis;
mod index;
mod server;
pub mod transport;
mod workspace;

pub use server::Backend;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower_lsp_server::{LspService, Server};

/// Serve LSP over stdin/stdout until the client says `exit`. Returns
/// whether `shutdown` came first (the exit status is 1 otherwise, as the
/// protocol asks).
pub fn run_stdio() -> std::io::Result<bool> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    runtime.block_on(async move {
        let (service, socket) = LspService::new(move |client| Backend::new(client, flag));
        // tower-lsp-server stops reading after a frame it cannot decode:
        // the transport frames and validates the input itself and hands
        // the server only messages it can decode (see `transport`).
        let (to_server, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, from_server) = tokio::io::duplex(1 << 16);
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let writer = tokio::spawn(transport::write_output(rx, tokio::io::stdout()));
        let pump = tokio::spawn(transport::read_server_output(from_server, tx.clone()));
        let reader = tokio::spawn(transport::read_input(tokio::io::stdin(), to_server, tx));
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
        // The server's pipe is closed: everything it wrote reaches stdout
        // before we return.
        let _ = pump.await;
        reader.abort();
        let _ = reader.await;
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), writer).await;
    });
    // Do not wait for a check still running on a blocking thread.
    runtime.shutdown_background();
    Ok(shut_down.load(Ordering::SeqCst))
}
