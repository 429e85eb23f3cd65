//! The wasm-bindgen-test suites, shared by the four test binaries
//! (`tests/wasm_node.rs`, `wasm_browser.rs`, `wasm_worker.rs`,
//! `wasm_service_worker.rs`): the same tests of the crate's bindings, client
//! and transport in Node, a Chromium page, a dedicated worker and a service
//! worker, against fake-genesys (started by `scripts/wasm-test.mjs`, which
//! passes its URL at compile time as `FAKE_GENESYS_URL`).
//!
//! Each binary names the global scope it runs in (`crate::SCOPE`); every test
//! asserts it first, then resets the server (seed restored, faults and the
//! request log cleared), so tests sharing the one server never interfere
//! (wasm-bindgen-test runs one binary's tests one at a time, and the script
//! runs the binaries one after another). Claims that something was "sent
//! once" or "not sent" are checked in the server's request log.

pub mod support;

mod calls;
mod input;
mod reliability;
mod token;
mod transport;
mod watch;

pub use support::Scope;

/// Every test starts here: the scope check, then a clean server.
async fn begin() {
    support::assert_scope(crate::SCOPE);
    support::reset().await;
}
