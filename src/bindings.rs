//! The only place with `#[wasm_bindgen]`, and only strings and numbers cross
//! it: options arrive as JSON text (the facade serializes them), so every
//! check lives in `core`; each step of a task leaves as a few lines of text
//! that the JS driver reads (see [`Task::step`]). Errors leave as the JSON
//! text of the error object. Nothing here can panic on any input.

use crate::client::{self, Effect, Reply, SendError, Step, TokenFailure};
use crate::core::error::Error;
use crate::core::http::Response;
use crate::core::phone;
use alloc::rc::Rc;
use alloc::string::String;
use wasm_bindgen::prelude::*;

fn error_text(e: &Error) -> String {
    e.to_json().text()
}

/// A client bound to one region or API base. The token stays in JS.
#[wasm_bindgen(js_name = WasmClient)]
pub struct WasmClient {
    inner: Rc<client::Client>,
}

#[wasm_bindgen(js_class = WasmClient)]
impl WasmClient {
    /// `config_json`: the client options without `token` and `onRequest`;
    /// `provider`: whether the token comes from a function (a 401 asks it again).
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str, provider: bool) -> Result<WasmClient, String> {
        let config = crate::core::config::parse_config(config_json).map_err(|e| error_text(&e))?;
        Ok(WasmClient { inner: Rc::new(client::Client::new(config, provider)) })
    }

    /// `https://api.<domain>` or the checked `apiBase`, without a trailing `/`.
    #[wasm_bindgen(getter)]
    pub fn base(&self) -> String {
        self.inner.config.api_base.clone()
    }

    /// Validates and starts operation `name` at `now` (ms); throws the error
    /// text for bad input, before any request.
    pub fn begin(&self, name: &str, options_json: &str, now: f64) -> Result<WasmTask, String> {
        let (key, plan) = crate::core::plan::begin(name, options_json).map_err(|e| error_text(&e))?;
        Ok(WasmTask { key, task: client::Task::new(&self.inner, plan, now) })
    }
}

/// One operation in progress, driven by `js/driver.js`.
#[wasm_bindgen(js_name = WasmTask)]
pub struct WasmTask {
    key: Option<String>,
    task: client::Task,
}

#[wasm_bindgen(js_class = WasmTask)]
impl WasmTask {
    /// The single-flight key of a mutating operation: identical operations in
    /// flight share one request.
    #[wasm_bindgen(getter)]
    pub fn key(&self) -> Option<String> {
        self.key.clone()
    }

    /// Answers the last effect and runs to the next one. `kind`: 0 first
    /// step, 1 a response (`status`, the three headers, `body`), 2 network
    /// failure, 3 attempt timeout, 4 aborted before sending, 5 slept, 6 token
    /// ready, 7 token failed and 8 token timed out (`body`: the message), 9
    /// aborted in flight.
    ///
    /// Returns lines: how the fetch just answered ended (`ok`, an error kind,
    /// or empty), then `F` method, attempt, timeout ms, path[, body] · `S` ms ·
    /// `T` ms left · `D` result JSON · `E` error JSON.
    #[allow(clippy::too_many_arguments)]
    pub fn step(
        &mut self,
        kind: u32,
        status: u16,
        retry_after: Option<String>,
        correlation_id: Option<String>,
        content_type: Option<String>,
        body: Option<String>,
        now: f64,
        random: f64,
    ) -> String {
        let reply = match kind {
            0 => None,
            1 => Some(Reply::Response(Response { status, retry_after, correlation_id, content_type, body: body.unwrap_or_default() })),
            2 => Some(Reply::Failed(SendError::Network)),
            3 => Some(Reply::Failed(SendError::Timeout)),
            5 => Some(Reply::Slept),
            9 => Some(Reply::Failed(SendError::AbortedInFlight)),
            6 => Some(Reply::Token(Ok(()))),
            7 | 8 => Some(Reply::Token(Err(TokenFailure { timeout: kind == 8, message: body.unwrap_or_default() }))),
            _ => Some(Reply::Failed(SendError::Aborted)),
        };
        let (outcome, step) = self.task.resume(reply, now, random);
        let mut out = String::from(outcome.unwrap_or(""));
        out.push('\n');
        match step {
            Step::Effect(Effect::Fetch { method, path, body, timeout_ms, attempt }) => {
                out.push_str("F\n");
                out.push_str(method.as_str());
                out.push('\n');
                push_u64(&mut out, u64::from(attempt));
                out.push('\n');
                push_u64(&mut out, timeout_ms.max(0.0) as u64);
                out.push('\n');
                out.push_str(&path);
                if let Some(b) = body {
                    out.push('\n');
                    out.push_str(&b);
                }
            }
            Step::Effect(Effect::Sleep { ms }) => {
                out.push_str("S\n");
                push_u64(&mut out, ms.max(0.0) as u64);
            }
            Step::Effect(Effect::Token { left_ms }) => {
                out.push_str("T\n");
                push_u64(&mut out, left_ms.max(0.0) as u64);
            }
            Step::Done(Ok(v)) => {
                out.push_str("D\n");
                v.write(&mut out);
            }
            Step::Done(Err(e)) => {
                out.push_str("E\n");
                e.to_json().write(&mut out);
            }
        }
        out
    }
}

/// Decimal digits of `n`, without the formatting machinery.
fn push_u64(out: &mut String, n: u64) {
    crate::core::json::push_u64(out, n);
}

/// Normalizes a phone number to E.164, or throws the `invalid_input` error
/// text (for as-you-type display).
#[wasm_bindgen(js_name = normalizePhoneNumber)]
pub fn normalize_phone_number(input: &str) -> Result<String, String> {
    phone::normalize_e164(input).map_err(|p| error_text(&Error::invalid("phoneNumber", p)))
}
