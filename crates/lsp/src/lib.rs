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

use tower_lsp_server::{LspService, Server};

/// Serve LSP over stdin/stdout until the client says `exit`.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = LspService::new(Backend::new);
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}
