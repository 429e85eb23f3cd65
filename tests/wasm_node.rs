//! The wasm-bindgen-test suites (tests/wasm/) in Node (wasm-bindgen-test's default runtime).
//! Run by `node scripts/wasm-test.mjs`, which starts fake-genesys.
#![cfg(target_arch = "wasm32")]

#[path = "wasm/mod.rs"]
mod wasm;

/// The global scope every test asserts before anything else.
const SCOPE: wasm::Scope = wasm::Scope::Node;
