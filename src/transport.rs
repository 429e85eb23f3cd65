//! The only code that touches `fetch`, `AbortSignal` and timers. Uses the
//! global `fetch`/`setTimeout` (never `window`), so it runs in a page, every
//! kind of worker and Node.

use crate::core::http::Response;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &str, init: &RequestInit) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Why an attempt produced no response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendError {
    /// The caller's signal fired (before or during the attempt).
    Aborted,
    /// The per-attempt timer fired.
    Timeout,
    /// fetch failed: refused, dropped, DNS, CORS, or a body that could not be read.
    Network,
}

/// One HTTP attempt.
pub struct Attempt<'a> {
    pub method: &'static str,
    pub url: &'a str,
    pub token: &'a str,
    pub body: Option<&'a str>,
    pub timeout_ms: f64,
    pub signal: Option<&'a AbortSignal>,
}

/// `controller.abort` bound to its controller, usable as a plain callback.
fn bound_abort(controller: &AbortController) -> Option<Function> {
    let f: Function = Reflect::get(controller, &JsValue::from_str("abort")).ok()?.dyn_into().ok()?;
    Some(f.bind0(controller))
}

/// Sends one attempt and reads the whole body. The attempt's own
/// AbortController is fired by the timeout timer or by the caller's signal;
/// which one fired is read from the signals' state, never from error text.
pub async fn send(a: Attempt<'_>) -> Result<Response, SendError> {
    if a.signal.is_some_and(AbortSignal::aborted) {
        return Err(SendError::Aborted);
    }
    let controller = AbortController::new().map_err(|_| SendError::Network)?;
    let abort = bound_abort(&controller).ok_or(SendError::Network)?;
    let headers = Headers::new().map_err(|_| SendError::Network)?;
    let mut bearer = String::with_capacity(7 + a.token.len());
    bearer.push_str("Bearer ");
    bearer.push_str(a.token);
    headers.set("Authorization", &bearer).map_err(|_| SendError::Network)?;
    headers.set("Accept", "application/json").map_err(|_| SendError::Network)?;
    let init = RequestInit::new();
    init.set_method(a.method);
    if let Some(body) = a.body {
        headers.set("Content-Type", "application/json").map_err(|_| SendError::Network)?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    init.set_signal(Some(&controller.signal()));

    if let Some(s) = a.signal {
        let _ = s.add_event_listener_with_callback("abort", &abort);
    }
    let timer = set_timeout(&abort, a.timeout_ms);
    let result = exchange(a.url, &init).await;
    clear_timeout(&timer);
    if let Some(s) = a.signal {
        let _ = s.remove_event_listener_with_callback("abort", &abort);
    }
    result.map_err(|_| {
        if a.signal.is_some_and(AbortSignal::aborted) {
            SendError::Aborted
        } else if controller.signal().aborted() {
            SendError::Timeout
        } else {
            SendError::Network
        }
    })
}

async fn exchange(url: &str, init: &RequestInit) -> Result<Response, JsValue> {
    let r: web_sys::Response = JsFuture::from(global_fetch(url, init)).await?.dyn_into()?;
    let h = r.headers();
    let header = |name: &str| h.get(name).ok().flatten();
    let status = r.status();
    let retry_after = header("retry-after");
    let correlation_id = header("inin-correlation-id");
    let content_type = header("content-type");
    let body = JsFuture::from(r.text()?).await?.as_string().unwrap_or_default();
    Ok(Response { status, retry_after, correlation_id, content_type, body })
}

/// Waits `ms`, or fails with `Aborted` as soon as `signal` fires. The timer
/// and listener are the promise's own resolve/reject, so nothing outlives it.
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), SendError> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(SendError::Aborted);
    }
    let mut parts: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| parts = Some((resolve, reject)));
    let Some((resolve, reject)) = parts else { return Err(SendError::Aborted) };
    let timer = set_timeout(&resolve, ms);
    if let Some(s) = signal {
        let _ = s.add_event_listener_with_callback("abort", &reject);
    }
    let outcome = JsFuture::from(promise).await;
    clear_timeout(&timer);
    if let Some(s) = signal {
        let _ = s.remove_event_listener_with_callback("abort", &reject);
    }
    outcome.map(|_| ()).map_err(|_| SendError::Aborted)
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A number in [0, 1) for backoff jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// How a raced promise ended without a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Within {
    /// The promise itself rejected.
    Rejected,
    Timeout,
    Aborted,
}

const TIMED_OUT: &str = "genesys-callctl:timeout";
const ABORTED: &str = "genesys-callctl:aborted";

/// Awaits `p`, but no longer than `ms` and no longer than `signal` allows
/// (for host code such as a token provider, which might never settle).
pub async fn within(p: Promise, ms: f64, signal: Option<&AbortSignal>) -> Result<JsValue, Within> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Within::Aborted);
    }
    let mut parts: Option<Function> = None;
    let guard = Promise::new(&mut |_, reject| parts = Some(reject));
    let Some(reject) = parts else { return Err(Within::Aborted) };
    let on_timeout: Function = reject.bind1(&JsValue::UNDEFINED, &JsValue::from_str(TIMED_OUT)).unchecked_into();
    let on_abort: Function = reject.bind1(&JsValue::UNDEFINED, &JsValue::from_str(ABORTED)).unchecked_into();
    let timer = set_timeout(&on_timeout, ms.max(0.0));
    if let Some(s) = signal {
        let _ = s.add_event_listener_with_callback("abort", &on_abort);
    }
    let out = JsFuture::from(Promise::race(&js_sys::Array::of2(&p, &guard))).await;
    clear_timeout(&timer);
    if let Some(s) = signal {
        let _ = s.remove_event_listener_with_callback("abort", &on_abort);
    }
    out.map_err(|e| match e.as_string().as_deref() {
        Some(TIMED_OUT) => Within::Timeout,
        Some(ABORTED) => Within::Aborted,
        _ if signal.is_some_and(AbortSignal::aborted) => Within::Aborted,
        _ => Within::Rejected,
    })
}
