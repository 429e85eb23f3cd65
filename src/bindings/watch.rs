//! `cc.watchCalls()`: an async iterator of the agent's `Call`s over the
//! client's one notification session. `next()` resolves `{value, done}`;
//! `return()` (what `break` calls), or the signal, ends it and leaves the
//! session, which closes its socket when the last watcher is gone.

use crate::client::driver::to_js;
use crate::client::notify::{Session, Update};
use crate::core::Error;
use crate::transport::Inbox;
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::AbortSignal;

/// The abort listener on the caller's signal, removed when the iterator ends.
type AbortListener = (AbortSignal, Closure<dyn FnMut()>);

struct State {
    session: Rc<Session>,
    feed: Inbox<Update>,
    /// Calls that arrived before anyone asked.
    buffered: RefCell<VecDeque<JsValue>>,
    /// `next()` calls waiting: their resolve and reject.
    waiting: RefCell<VecDeque<(Function, Function)>>,
    done: Cell<bool>,
    failure: RefCell<Option<JsValue>>,
    on_status: Option<Function>,
    abort: RefCell<Option<AbortListener>>,
}

/// The iterator `watchCalls` returns (JS adds `[Symbol.asyncIterator]`).
#[wasm_bindgen]
pub struct CallWatch {
    state: Rc<State>,
}

/// `{ value, done }`.
fn step(value: &JsValue, done: bool) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &JsValue::from_str("value"), value);
    let _ = Reflect::set(&o, &JsValue::from_str("done"), &JsValue::from_bool(done));
    o.into()
}

impl CallWatch {
    pub(super) fn start(session: &Rc<Session>, signal: Option<AbortSignal>, on_status: Option<Function>) -> CallWatch {
        let state = Rc::new(State {
            session: session.clone(),
            feed: session.watch(),
            buffered: RefCell::new(VecDeque::new()),
            waiting: RefCell::new(VecDeque::new()),
            done: Cell::new(false),
            failure: RefCell::new(None),
            on_status,
            abort: RefCell::new(None),
        });
        if let Some(signal) = signal {
            if signal.aborted() {
                end(&state);
            } else {
                let weak = Rc::downgrade(&state);
                let f = Closure::<dyn FnMut()>::new(move || {
                    if let Some(s) = weak.upgrade() {
                        end(&s);
                    }
                });
                if signal.add_event_listener_with_callback("abort", f.as_ref().unchecked_ref()).is_ok() {
                    if let Ok(mut a) = state.abort.try_borrow_mut() {
                        *a = Some((signal, f));
                    }
                }
            }
        }
        let pump = state.clone();
        spawn_local(async move {
            while !pump.done.get() {
                let _ = wasm_bindgen_futures::JsFuture::from(pump.feed.ready()).await;
                while let Some(update) = pump.feed.take() {
                    deliver(&pump, update);
                }
            }
        });
        CallWatch { state }
    }
}

/// Hands one update to the waiting `next()` (or keeps it for the next one).
fn deliver(s: &Rc<State>, update: Update) {
    match update {
        Update::Call(call) => {
            let Ok(value) = to_js(&call) else { return };
            let waiter = s.waiting.try_borrow_mut().ok().and_then(|mut w| w.pop_front());
            match waiter {
                Some((resolve, _)) => {
                    let _ = resolve.call1(&JsValue::UNDEFINED, &step(&value, false));
                }
                None => {
                    if let Ok(mut b) = s.buffered.try_borrow_mut() {
                        b.push_back(value);
                    }
                }
            }
        }
        Update::Status(status) => {
            if let Some(f) = &s.on_status {
                // A hook that throws is the host's problem.
                let _ = f.call1(&JsValue::UNDEFINED, &JsValue::from_str(status));
            }
        }
        Update::Failed(e) => {
            let error = super::error::to_error(&e);
            let waiter = s.waiting.try_borrow_mut().ok().and_then(|mut w| w.pop_front());
            match waiter {
                Some((_, reject)) => {
                    let _ = reject.call1(&JsValue::UNDEFINED, &error);
                }
                None => {
                    if let Ok(mut f) = s.failure.try_borrow_mut() {
                        *f = Some(error);
                    }
                }
            }
            end(s);
        }
        Update::Ended => end(s),
    }
}

/// Ends the iterator: pending `next()`s resolve `done`, the session is left.
fn end(s: &Rc<State>) {
    if s.done.replace(true) {
        return;
    }
    s.session.unwatch(&s.feed);
    // Wakes the pump so it sees `done`.
    s.feed.push(Update::Ended);
    if let Some((signal, f)) = s.abort.try_borrow_mut().ok().and_then(|mut a| a.take()) {
        let _ = signal.remove_event_listener_with_callback("abort", f.as_ref().unchecked_ref());
    }
    let waiting: Vec<_> = s.waiting.try_borrow_mut().map(|mut w| w.drain(..).collect()).unwrap_or_default();
    for (resolve, _) in waiting {
        let _ = resolve.call1(&JsValue::UNDEFINED, &step(&JsValue::UNDEFINED, true));
    }
}

#[wasm_bindgen]
impl CallWatch {
    /// The next change of the agent's calls: `{ value: Call, done: false }`,
    /// or `{ done: true }` once ended; rejects with the `CallControlError`
    /// that ended the session (then `done`).
    pub fn next(&self) -> Promise {
        let s = &self.state;
        if let Some(v) = s.buffered.try_borrow_mut().ok().and_then(|mut b| b.pop_front()) {
            return Promise::resolve(&step(&v, false));
        }
        if let Some(e) = s.failure.try_borrow_mut().ok().and_then(|mut f| f.take()) {
            return Promise::reject(&e);
        }
        if s.done.get() {
            return Promise::resolve(&step(&JsValue::UNDEFINED, true));
        }
        let mut pair: Option<(Function, Function)> = None;
        let promise = Promise::new(&mut |resolve, reject| pair = Some((resolve, reject)));
        if let (Some(p), Ok(mut w)) = (pair, s.waiting.try_borrow_mut()) {
            w.push_back(p);
        }
        promise
    }

    /// Ends the iterator (what `break` and `for await … return` call).
    #[wasm_bindgen(js_name = "return")]
    pub fn finish(&self) -> Promise {
        end(&self.state);
        Promise::resolve(&step(&JsValue::UNDEFINED, true))
    }
}

/// The `watchCalls` options: `signal` and `onStatus`, nothing else.
pub(super) fn options(options: &JsValue) -> Result<(Option<AbortSignal>, Option<Function>), Error> {
    let (copy, mut taken) = super::input::options(options, "options", &["signal", "onStatus"])?;
    if let Some(k) = copy.first_key() {
        let shown: String = k.chars().take(64).collect();
        return Err(Error::invalid(&shown, "is not a known option"));
    }
    let on_status = match taken.pop().flatten() {
        None => None,
        Some(f) if f.is_undefined() || f.is_null() => None,
        Some(f) if f.is_function() => Some(f.unchecked_into::<Function>()),
        Some(_) => return Err(Error::invalid("onStatus", "must be a function")),
    };
    let signal = super::input::signal(taken.pop().flatten())?;
    Ok((signal, on_status))
}
