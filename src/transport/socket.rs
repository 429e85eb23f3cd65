//! The notification WebSocket. The constructor is the global `WebSocket`
//! (pages, workers, service workers, Node ≥ 22) or one the host passes (the
//! `ws` package on Node 20), so the socket is driven through its standard
//! methods only (`addEventListener`, `send`, `close`, `readyState`), looked up
//! on the object, with every call that can throw imported with `catch`.
//! Frames and state changes go to a callback (the session's inbox).

use js_sys::{Array, Function, Reflect};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A WebSocket (the platform's, or the `ws` package's), used structurally.
    pub type RawSocket;
    #[wasm_bindgen(method, catch, js_name = addEventListener)]
    fn add_event_listener(this: &RawSocket, kind: &str, f: &Function) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = removeEventListener)]
    fn remove_event_listener(this: &RawSocket, kind: &str, f: &Function) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn send(this: &RawSocket, text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn close(this: &RawSocket) -> Result<(), JsValue>;
    #[wasm_bindgen(method, structural, getter, js_name = readyState)]
    fn ready_state(this: &RawSocket) -> JsValue;
}

/// What a socket reports.
#[derive(Debug)]
pub enum SocketEvent {
    Open,
    /// A text frame, left a JS string (binary frames are not part of the
    /// protocol and are dropped).
    Text(js_sys::JsString),
    /// Closed, by either side or by a network failure (`error` is always followed by `close`).
    Closed,
}

/// An event listener kept alive while it is registered.
type Listener = (&'static str, Closure<dyn FnMut(JsValue)>);

/// One open (or opening) socket. Dropping it removes its listeners and closes it.
pub struct Socket {
    raw: RawSocket,
    listeners: Vec<Listener>,
}

impl Socket {
    /// Opens a socket to `url` with `constructor` (else `globalThis.WebSocket`);
    /// its events go to `deliver`. `Err` when there is no WebSocket
    /// constructor or it refused the URL.
    pub fn open(url: &str, constructor: Option<&Function>, deliver: Rc<dyn Fn(SocketEvent)>) -> Result<Socket, &'static str> {
        let ctor = match constructor {
            Some(c) => c.clone(),
            None => Reflect::get(&js_sys::global(), &JsValue::from_str("WebSocket"))
                .ok()
                .and_then(|c| c.dyn_into::<Function>().ok())
                .ok_or("this runtime has no WebSocket: pass the WebSocket option (on Node 20, the `ws` package's WebSocket)")?,
        };
        let raw: RawSocket = Reflect::construct(&ctor, &Array::of1(&JsValue::from_str(url)))
            .map_err(|_| "the WebSocket constructor refused the notification URL")?
            .unchecked_into();
        let mut socket = Socket { raw, listeners: Vec::new() };
        for kind in ["open", "message", "close"] {
            let deliver = deliver.clone();
            let f = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let e = match kind {
                    "open" => SocketEvent::Open,
                    "close" => SocketEvent::Closed,
                    _ => match Reflect::get(&event, &JsValue::from_str("data")).ok().and_then(|d| d.dyn_into().ok()) {
                        Some(text) => SocketEvent::Text(text),
                        None => return,
                    },
                };
                deliver(e);
            });
            if socket.raw.add_event_listener(kind, f.as_ref().unchecked_ref()).is_err() {
                return Err("the WebSocket does not take event listeners");
            }
            socket.listeners.push((kind, f));
        }
        Ok(socket)
    }

    /// Sends a text frame; `false` if the socket would not take it.
    pub fn send(&self, text: &str) -> bool {
        self.raw.send(text).is_ok()
    }

    /// Whether the socket is open (`readyState === 1`).
    pub fn is_open(&self) -> bool {
        self.raw.ready_state().as_f64() == Some(1.0)
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        for (kind, f) in self.listeners.drain(..) {
            let _ = self.raw.remove_event_listener(kind, f.as_ref().unchecked_ref());
        }
        let _ = self.raw.close();
    }
}
