//! A queue that an async task awaits: JS callbacks (socket events, abort
//! signals, watchers coming and going) push, one task takes. Waking is a
//! JS promise resolved by the first push after a wait, so no executor or
//! channel crate is needed beyond wasm-bindgen-futures.

use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

struct State<T> {
    items: VecDeque<T>,
    wake: Option<Function>,
}

/// A single-consumer inbox; clones share it.
pub struct Inbox<T>(Rc<RefCell<State<T>>>);

impl<T> Clone for Inbox<T> {
    fn clone(&self) -> Self {
        Inbox(self.0.clone())
    }
}

impl<T> Default for Inbox<T> {
    fn default() -> Self {
        Inbox(Rc::new(RefCell::new(State { items: VecDeque::new(), wake: None })))
    }
}

impl<T> Inbox<T> {
    /// Adds an item and wakes the waiting task.
    pub fn push(&self, item: T) {
        let wake = match self.0.try_borrow_mut() {
            Ok(mut s) => {
                s.items.push_back(item);
                s.wake.take()
            }
            Err(_) => None,
        };
        if let Some(f) = wake {
            let _ = f.call0(&JsValue::UNDEFINED);
        }
    }

    /// Whether `other` is this inbox (not a copy of its contents).
    pub fn same(&self, other: &Inbox<T>) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// Takes the next item without waiting.
    pub fn take(&self) -> Option<T> {
        self.0.try_borrow_mut().ok()?.items.pop_front()
    }

    /// A promise that resolves once an item is waiting (at once if one is).
    pub fn ready(&self) -> Promise {
        let mut resolve_fn: Option<Function> = None;
        let promise = Promise::new(&mut |resolve, _| resolve_fn = Some(resolve));
        if let (Some(resolve), Ok(mut s)) = (resolve_fn, self.0.try_borrow_mut()) {
            if s.items.is_empty() {
                s.wake = Some(resolve);
            } else {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        }
        promise
    }

    /// Waits until an item is waiting, or `ms` pass; then takes it (`None` on time-out).
    pub async fn next_within(&self, ms: f64) -> Option<T> {
        if let Some(item) = self.take() {
            return Some(item);
        }
        let (timer, _guards) = super::deadline(ms, None, &JsValue::FALSE, &JsValue::FALSE);
        let _ = JsFuture::from(Promise::race(&js_sys::Array::of2(&self.ready(), &timer))).await;
        self.take()
    }
}
