//! wasm-bindgen tests of the client against fake-genesys, run in dedicated worker (DedicatedWorkerGlobalScope).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[path = "wasm/support.rs"]
mod support;

const EXPECTED_SCOPE: &str = "DedicatedWorkerGlobalScope";
const WORKER: bool = true;

include!("wasm/suite.rs");
include!("wasm/consult_suite.rs");
include!("wasm/abort_suite.rs");
