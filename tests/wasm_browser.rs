//! wasm-bindgen tests of the client against fake-genesys, run in browser (Window).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "wasm/support.rs"]
mod support;

const EXPECTED_SCOPE: &str = "Window";
const WORKER: bool = false;

include!("wasm/suite.rs");
include!("wasm/consult_suite.rs");
include!("wasm/abort_suite.rs");
