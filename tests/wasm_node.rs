//! wasm-bindgen tests of the client against fake-genesys, run in node (Object).
#![cfg(target_arch = "wasm32")]



#[path = "wasm/support.rs"]
mod support;

const EXPECTED_SCOPE: &str = "Object";
const WORKER: bool = false;

include!("wasm/suite.rs");
include!("wasm/consult_suite.rs");
include!("wasm/abort_suite.rs");
