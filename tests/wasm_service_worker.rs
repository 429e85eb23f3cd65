//! The wasm-bindgen-test suites (tests/wasm/) in a service worker in headless Chromium.
//! Run by `node scripts/wasm-test.mjs`, which starts fake-genesys.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_service_worker);

#[path = "wasm/mod.rs"]
mod wasm;

/// The global scope every test asserts before anything else.
const SCOPE: wasm::Scope = wasm::Scope::ServiceWorker;

/// The WebSocket constructor `watch_calls` is given: none, the runtime's own.
fn websocket() -> Option<wasm_bindgen::JsValue> {
    None
}
