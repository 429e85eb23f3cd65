//! Errors out: every failure leaves as a `CallControlError`, the `Error`
//! subclass in `js/error.js`, constructed here from the core error's fields
//! (serialized by serde-wasm-bindgen as a plain object).

use crate::core::Error;
use crate::client::driver::to_js;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/error.js")]
extern "C" {
    /// The package's error class (a real `Error` subclass, `name === 'CallControlError'`).
    #[wasm_bindgen(js_name = CallControlError)]
    pub type JsCallControlError;
    #[wasm_bindgen(constructor, js_class = "CallControlError")]
    fn new(fields: &JsValue) -> JsCallControlError;
}

/// The `CallControlError` for `e`.
pub fn to_error(e: &Error) -> JsValue {
    let fields = to_js(e).unwrap_or(JsValue::UNDEFINED);
    JsCallControlError::new(&fields).into()
}
