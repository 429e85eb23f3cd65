//! genesys-callctl: dial, transfer, answer and follow Genesys Cloud voice
//! calls from any JS runtime that has `fetch`, with a token the host hands in.
//!
//! Layers, one direction of imports: `bindings` → `client` → (`core`, `transport`).
//! `core` is pure Rust and knows nothing of JS: typed models, validation,
//! request building, error mapping, retry decisions, each operation as a
//! sans-IO plan. `client` runs a plan as a state machine (also pure) and, in
//! wasm, drives it with one small async loop over `transport` (fetch, timers,
//! AbortController on the global scope). `bindings` is the only place with
//! `#[wasm_bindgen]`.

extern crate alloc;

pub mod core;

pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod transport;
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod bindings;

// talc instead of std's dlmalloc: the same allocator behaviour for this
// package's small, short-lived allocations, 2.7 KB less gzip (README, Size).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
