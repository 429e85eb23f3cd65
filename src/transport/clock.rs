//! Time on the global scope: `Date.now`, `Math.random`, `setTimeout`, and the
//! waits built from them. No Rust closures cross into JS here: timers and
//! abort listeners call bound JS functions (a promise's `resolve`), so nothing
//! has to be kept alive or freed by hand. (A request's timeout and its
//! caller's signal go through `deadlines`, whose two callbacks are made once.)

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
    /// A function, seen only for `bind` (untyped, whatever js-sys's typed `Function` says).
    type Bindable;
    #[wasm_bindgen(method, js_name = bind)]
    fn bind_arg(this: &Bindable, context: &JsValue, arg: &JsValue) -> Function;
}

/// `Date.now()`: wall-clock ms. Hidden tabs throttle timers, not this.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `Math.random()`, for backoff jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// Longest delay `setTimeout` honours (2^31 − 1 ms); longer ones fire at once.
const MAX_DELAY_MS: f64 = 2_147_483_647.0;

/// A timer and an abort listener, both calling one JS function; both are
/// cancelled when the guard is dropped.
pub struct Guard {
    timer: Option<JsValue>,
    listener: Option<(AbortSignal, Function)>,
    /// An attempt's place on the shared timer (`abort_on`), left when dropped.
    deadline: Option<super::deadlines::Deadline>,
}

impl Guard {
    /// Calls `f` after `ms` (if given), or when `signal` fires, whichever comes first.
    pub fn call_on(f: &Function, ms: Option<f64>, signal: Option<&AbortSignal>) -> Guard {
        let timer = ms.and_then(|ms| set_timeout(f, ms.clamp(0.0, MAX_DELAY_MS)).ok());
        let listener = signal.and_then(|s| {
            s.add_event_listener_with_callback("abort", f).ok().map(|()| (s.clone(), f.clone()))
        });
        Guard { timer, listener, deadline: None }
    }

    /// Aborts `controller` after `ms` (on the shared timer of
    /// [`super::deadlines`]), or when `signal` fires; either also ends the
    /// wait of [`Guard::passed`].
    pub fn abort_on(controller: &AbortController, ms: f64, signal: Option<&AbortSignal>) -> Guard {
        let deadline = super::deadlines::abort_after(controller, ms);
        let listener = signal.zip(deadline.as_ref()).and_then(|(s, d)| {
            let f = d.ender()?;
            s.add_event_listener_with_callback("abort", &f).ok().map(|()| (s.clone(), f))
        });
        Guard { timer: None, listener, deadline }
    }

    /// Whether the deadline of [`Guard::abort_on`] has passed or its signal
    /// fired; if not, `cx`'s task is woken when either happens.
    pub fn passed(&self, cx: &mut std::task::Context<'_>) -> bool {
        self.deadline.as_ref().is_some_and(|d| d.poll_passed(cx))
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(t) = self.timer.take() {
            let _ = clear_timeout(&t);
        }
        if let Some((s, f)) = self.listener.take() {
            let _ = s.remove_event_listener_with_callback("abort", &f);
        }
    }
}

/// A promise that resolves with `on_time` after `ms`, or with `on_abort`
/// when `signal` fires; and the guards that cancel both.
pub fn deadline(ms: f64, signal: Option<&AbortSignal>, on_time: &JsValue, on_abort: &JsValue) -> (Promise, [Guard; 2]) {
    let mut resolve_fn: Option<Function> = None;
    // The executor runs synchronously inside `new Promise`.
    let promise = Promise::new(&mut |resolve, _reject| resolve_fn = Some(resolve));
    match resolve_fn {
        Some(resolve) => {
            let timer = Guard::call_on(&resolve.unchecked_ref::<Bindable>().bind_arg(&JsValue::UNDEFINED, on_time), Some(ms), None);
            let abort = Guard::call_on(&resolve.unchecked_ref::<Bindable>().bind_arg(&JsValue::UNDEFINED, on_abort), None, signal);
            (promise, [timer, abort])
        }
        None => (Promise::resolve(on_time), [Guard { timer: None, listener: None, deadline: None }, Guard { timer: None, listener: None, deadline: None }]),
    }
}

/// Waits `ms`; `false` if `signal` fired first (or had already).
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> bool {
    if signal.is_some_and(AbortSignal::aborted) {
        return false;
    }
    let (promise, _guards) = deadline(ms, signal, &JsValue::TRUE, &JsValue::FALSE);
    JsFuture::from(promise).await.ok().is_some_and(|v| v.is_truthy())
}
