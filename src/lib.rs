//! genesys-callctl: dial and transfer Genesys Cloud voice calls from any JS
//! runtime that has `fetch`, with a token the host hands in.
//!
//! Layers, one direction of imports: `bindings` → `client` → (`core`, `transport`).
//! `core` is pure Rust and knows nothing of JS.

extern crate alloc;

pub mod core;

#[cfg(target_arch = "wasm32")]
mod transport;
#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod bindings;
