//! The wasm-bindgen-test suites (tests/wasm/) in Node (wasm-bindgen-test's default runtime).
//! Run by `node scripts/wasm-test.mjs`, which starts fake-genesys.
#![cfg(target_arch = "wasm32")]

#[path = "wasm/mod.rs"]
mod wasm;

/// The global scope every test asserts before anything else.
const SCOPE: wasm::Scope = wasm::Scope::Node;

#[wasm_bindgen::prelude::wasm_bindgen(module = "ws")]
extern "C" {
    /// The `ws` package's WebSocket (resolved by Node from /work/main/node_modules).
    #[wasm_bindgen(thread_local_v2, js_name = WebSocket)]
    static WS: wasm_bindgen::JsValue;
}

/// The WebSocket constructor `watch_calls` is given: Node 20 has no global
/// one, so the `ws` package's.
fn websocket() -> Option<wasm_bindgen::JsValue> {
    Some(WS.with(wasm_bindgen::JsValue::clone))
}
