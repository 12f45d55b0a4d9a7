//! rampart's language server: the same engine as `rampart check`, its
//! findings as diagnostics (with provenance as related information), hovers
//! with the rule's documentation, and quick fixes. Only this crate knows the
//! protocol.
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod actions;
mod analysis;
mod server;

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
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // Do not wait for a check still running on a blocking thread.
    runtime.shutdown_background();
    Ok(shut_down.load(Ordering::SeqCst))
}
