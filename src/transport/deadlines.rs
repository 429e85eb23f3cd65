//! One timer for every request in flight. Each attempt registers its deadline
//! and its `AbortController`; a single `setTimeout`, armed for the earliest
//! deadline, aborts what is due when it fires and re-arms for the next one.
//!
//! Why not a `setTimeout` per attempt: arming and clearing a timer was the
//! largest single cost of a request in Chromium (about 15% of a transfer's
//! CPU, measured with `bench/cpu.mjs`). With one timer, an attempt whose
//! deadline is later than the armed one (the usual case: every attempt has
//! the same `timeoutMs`) costs no JS call at all. undici keeps its own
//! timeouts the same way.
//!
//! Deadlines are on the monotonic clock (`performance.now()`), so a change of
//! the wall clock neither fires them early nor holds them back. In Node the
//! timer keeps the process alive only while some attempt is registered
//! (`ref`/`unref`), so a script exits as soon as its last call has settled.
//!
//! Ending an attempt (its deadline, or its caller's `AbortSignal` through
//! [`Deadline::ender`]) aborts its controller *and* wakes the task waiting on
//! it ([`Deadline::poll_passed`]), so the wait ends even when `fetch` ignores
//! its signal (a host's wrapper that drops it).

use std::cell::RefCell;
use std::task::{Context, Waker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = performance, js_name = now)]
    fn performance_now() -> Result<f64, JsValue>;
    /// A timer handle that can hold the process open (Node's `Timeout`; a
    /// browser's handle is a number and has neither method).
    type Holder;
    #[wasm_bindgen(method, catch, js_name = ref)]
    fn hold(this: &Holder) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = unref)]
    fn release(this: &Holder) -> Result<(), JsValue>;
}

/// Longest delay `setTimeout` honours (2^31 − 1 ms); longer ones fire at once.
const MAX_DELAY_MS: f64 = 2_147_483_647.0;

/// Monotonic ms (`performance.now()`, or `Date.now()` where there is none).
fn monotonic_ms() -> f64 {
    performance_now().unwrap_or_else(|_| js_sys::Date::now())
}

struct Due {
    at: f64,
    key: u32,
    controller: AbortController,
    /// The attempt's task, woken when the deadline passes.
    waker: Option<Waker>,
}

/// The armed timer: when it fires, and its handle.
struct Armed {
    at: f64,
    handle: JsValue,
    /// Whether it holds the process open (only a handle that is an object can).
    held: bool,
}

struct Deadlines {
    due: Vec<Due>,
    next_key: u32,
    armed: Option<Armed>,
    /// The timer's callback, made once and kept for the module's life.
    fire: Option<js_sys::Function>,
    /// Ends the attempt whose key it is given ([`Deadline::ender`]), made once.
    end: Option<js_sys::Function>,
}

thread_local! {
    static DEADLINES: RefCell<Deadlines> = const { RefCell::new(Deadlines { due: Vec::new(), next_key: 0, armed: None, fire: None, end: None }) };
}

/// An attempt's registered deadline; dropping it unregisters the attempt.
pub struct Deadline {
    key: u32,
}

/// Aborts `controller` `ms` from now unless the returned [`Deadline`] is
/// dropped first. (`None` only if called from inside the timer's own
/// callback, which never happens.)
pub fn abort_after(controller: &AbortController, ms: f64) -> Option<Deadline> {
    let now = monotonic_ms();
    let at = now + ms.clamp(0.0, MAX_DELAY_MS);
    DEADLINES.with(|cell| {
        let mut d = cell.try_borrow_mut().ok()?;
        match &d.armed {
            Some(armed) if armed.at <= at => {}
            _ => {
                let _ = d.arm(at, now);
            }
        }
        d.hold(true);
        let key = d.next_key;
        d.next_key = d.next_key.wrapping_add(1);
        d.due.push(Due { at, key, controller: controller.clone(), waker: None });
        Some(Deadline { key })
    })
}

impl Deadline {
    /// Whether the attempt has ended (its deadline passed, or [`Deadline::ender`]
    /// was called); if not, `cx`'s task is woken when it does.
    pub fn poll_passed(&self, cx: &mut Context<'_>) -> bool {
        DEADLINES.with(|cell| {
            let Ok(mut d) = cell.try_borrow_mut() else { return false };
            // Only the timer and the ender remove an entry before its guard is dropped.
            let Some(due) = d.due.iter_mut().find(|due| due.key == self.key) else { return true };
            if !due.waker.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
                due.waker = Some(cx.waker().clone());
            }
            false
        })
    }

    /// A JS function that ends this attempt at once, as its deadline would:
    /// aborts its controller and wakes its task. For the caller's
    /// `AbortSignal`, so that an abort ends the wait even on a `fetch` that
    /// ignores its own signal.
    pub fn ender(&self) -> Option<js_sys::Function> {
        DEADLINES.with(|cell| {
            let mut d = cell.try_borrow_mut().ok()?;
            let end = d.end.get_or_insert_with(|| {
                Closure::<dyn FnMut(JsValue)>::new(|key: JsValue| {
                    if let Some(key) = key.as_f64() {
                        end(key as u32);
                    }
                })
                .into_js_value()
                .unchecked_into()
            });
            Some(end.bind1(&JsValue::NULL, &JsValue::from(self.key)).unchecked_into())
        })
    }
}

/// Ends the attempt `key` now (the caller's signal fired).
fn end(key: u32) {
    let ended = DEADLINES.with(|cell| {
        let mut d = cell.try_borrow_mut().ok()?;
        let i = d.due.iter().position(|due| due.key == key)?;
        let due = d.due.swap_remove(i);
        if d.due.is_empty() {
            d.hold(false);
        }
        Some(due)
    });
    if let Some(due) = ended {
        due.controller.abort();
        if let Some(w) = due.waker {
            w.wake();
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        DEADLINES.with(|cell| {
            let Ok(mut d) = cell.try_borrow_mut() else { return };
            if let Some(i) = d.due.iter().position(|due| due.key == self.key) {
                d.due.swap_remove(i);
            }
            // The armed timer stays (it costs nothing when it finds nothing
            // due), but no longer keeps a Node process waiting for it.
            if d.due.is_empty() {
                d.hold(false);
            }
        });
    }
}

impl Deadlines {
    /// (Re)arms the timer for `at`, replacing a later one.
    fn arm(&mut self, at: f64, now: f64) -> Option<()> {
        if let Some(old) = self.armed.take() {
            let _ = clear_timeout(&old.handle);
        }
        let fire = self.fire.get_or_insert_with(|| Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| fire()).into_js_value().unchecked_into());
        let handle = set_timeout(fire, (at - now).max(0.0)).ok()?;
        // A new Node timer holds the process open.
        let held = handle.is_object();
        self.armed = Some(Armed { at, handle, held });
        Some(())
    }

    /// Lets the armed timer hold a Node process open, or not.
    fn hold(&mut self, on: bool) {
        if let Some(armed) = self.armed.as_mut().filter(|a| a.held != on && a.handle.is_object()) {
            let holder = armed.handle.unchecked_ref::<Holder>();
            let _ = if on { holder.hold() } else { holder.release() };
            armed.held = on;
        }
    }
}

/// The timer fired: abort every attempt that is due, re-arm for the rest.
fn fire() {
    let due = DEADLINES.with(|cell| {
        let Ok(mut d) = cell.try_borrow_mut() else { return Vec::new() };
        d.armed = None;
        let now = monotonic_ms();
        let mut due = Vec::new();
        let mut next = f64::INFINITY;
        d.due.retain(|x| {
            let keep = x.at > now;
            if keep {
                next = next.min(x.at);
            } else {
                due.push((x.controller.clone(), x.waker.clone()));
            }
            keep
        });
        if next.is_finite() {
            let _ = d.arm(next, now);
        }
        due
    });
    // Outside the borrow: aborting runs the signal's listeners at once.
    for (controller, waker) in due {
        controller.abort();
        if let Some(w) = waker {
            w.wake();
        }
    }
}
