//! genesys-callctl: dial and transfer Genesys Cloud voice calls from any JS
//! runtime that has `fetch`, with a token the host hands in.
//!
//! Layers, one direction of imports: `bindings` → `client` → `core`.
//! `core` and `client` are pure Rust and know nothing of JS: the JS driver
//! (`js/driver.js`) performs the effects a `client::Task` asks for.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

// In wasm: no std, so no formatting or unwinding machinery rides along with
// panics (there are none by design; one would trap, and the facade reports
// `internal`), and a small size-class heap instead of dlmalloc.
#[cfg(target_arch = "wasm32")]
mod heap;
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: heap::Heap = heap::Heap::new();
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}

pub mod core;

pub mod client;
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod bindings;
