//! The only place with `#[wasm_bindgen]`: the package's JS API. Options come
//! in as JS objects (read by [`input`] into JSON data that the core turns
//! into typed, checked models), results leave as plain JS objects through
//! serde-wasm-bindgen, and every failure leaves as a `CallControlError`.
//! Every exported function returns a promise that settles; none throws but
//! `normalizePhoneNumber`, which throws its `CallControlError`.

mod consult;
mod error;
mod input;
mod watch;

pub use consult::Consult;
pub use watch::CallWatch;

use crate::client::driver::{to_js, Host, JsBody, TokenSource};
use crate::client::notify::Session;
use crate::client::{Client, Task};
use crate::core::plan::Output;
use crate::core::{self, phone, Error};
use error::to_error;
use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

/// The client options that are not JSON data.
const FUNCTIONS: [&str; 3] = ["token", "onRequest", "WebSocket"];
/// The client options, for the one-shot `dial` and `transfer`.
const CLIENT_KEYS: [&str; 5] = ["region", "apiBase", "timeoutMs", "totalTimeoutMs", "retry"];

/// Turns an operation's result into what its promise resolves with (a plain
/// function, not a generic closure: one copy of the operation future in the wasm).
type Finish = fn(&Rc<Inner>, Output<JsBody>) -> Result<JsValue, Error>;

/// A result as JS data: the operation's fields, or the body Genesys sent
/// (for `findQueues`, its `entities`).
fn plain(_: &Rc<Inner>, out: Output<JsBody>) -> Result<JsValue, Error> {
    match out {
        Output::Calls(calls) => to_js(&calls),
        Output::Listing(_) | Output::Channel(_) | Output::UserId(_) | Output::Nothing => Ok(JsValue::UNDEFINED),
        Output::Fields(fields) => to_js(&fields),
        Output::Body(JsBody(body)) => Ok(body.unwrap_or(JsValue::NULL)),
        Output::Entities(JsBody(body)) => {
            Ok(body.and_then(|b| Reflect::get(&b, &JsValue::from_str("entities")).ok()).unwrap_or(JsValue::NULL))
        }
    }
}

/// A consult's result as its handle.
fn consult_handle(inner: &Rc<Inner>, out: Output<JsBody>) -> Result<JsValue, Error> {
    match out {
        Output::Fields(fields) => Ok(Consult::new(inner.clone(), fields).into()),
        _ => Err(Error::new(core::Kind::Internal, "a consult ended without its participants")),
    }
}

/// A client, or why its options were refused (reported by every call, so
/// that constructing one never throws).
struct Inner {
    host: Result<Rc<Host>, Error>,
    /// The `WebSocket` constructor option.
    socket: Option<Function>,
    /// The notification session, once a watcher asked for it.
    session: RefCell<Option<Rc<Session>>>,
    /// Operations that change a call, in flight, by the core's single-flight
    /// key: identical ones share one request and one result.
    /// (A short list: a client has a handful of changes in flight at most.)
    in_flight: RefCell<Vec<(String, Promise)>>,
}

impl Inner {
    fn new(options: &JsValue) -> Rc<Inner> {
        let (host, socket) = match host(options) {
            Ok((h, s)) => (Ok(Rc::new(h)), s),
            Err(e) => (Err(e), None),
        };
        Rc::new(Inner { host, socket, session: RefCell::new(None), in_flight: RefCell::new(Vec::new()) })
    }

    /// The client's one notification session.
    fn session(&self) -> Result<Rc<Session>, Error> {
        let host = self.host.as_ref().map_err(Error::clone)?;
        let mut slot = self.session.try_borrow_mut().map_err(|_| Error::new(core::Kind::Internal, "the session is busy"))?;
        Ok(slot.get_or_insert_with(|| Session::new(host.clone(), self.socket.clone())).clone())
    }

    /// Starts operation `name` with `options` (already read), unless an
    /// identical one is in flight; `finish` turns its result into the JS value
    /// the promise resolves with.
    fn start(self: &Rc<Self>, name: &str, options: input::Clean, signal: Option<JsValue>, finish: Finish) -> Promise {
        let begun = self.host.as_ref().map_err(Error::clone).and_then(|host| {
            let signal = input::signal(signal)?;
            let (key, plan) = core::plan::begin(name, options.input())?;
            Ok((key, Task::new(&host.client, plan, crate::transport::now_ms()), signal))
        });
        let (key, task, signal) = match begun {
            Ok(b) => b,
            Err(e) => return Promise::reject(&to_error(&e)),
        };
        let shared = key.as_ref().and_then(|k| {
            let flights = self.in_flight.try_borrow().ok()?;
            flights.iter().find(|(f, _)| f == k).map(|(_, p)| p.clone())
        });
        if let Some(shared) = shared {
            return shared;
        }
        let inner = self.clone();
        let flight = key.clone();
        let promise = settle(async move {
            let result = match &inner.host {
                Ok(host) => host.drive(task, signal.as_ref()).await,
                Err(e) => Err(e.clone()),
            };
            if let (Some(k), Ok(mut flights)) = (flight, inner.in_flight.try_borrow_mut()) {
                flights.retain(|(f, _)| *f != k);
            }
            finish(&inner, result?)
        });
        if let (Some(k), Ok(mut flights)) = (key, self.in_flight.try_borrow_mut()) {
            flights.push((k, promise.clone()));
        }
        promise
    }

    /// Runs `name` on a call: `fields` (the method's arguments) over the
    /// caller's `options` (`signal`, `participantId`).
    fn on_call(self: &Rc<Self>, name: &str, fields: &[(&str, &JsValue)], options: &JsValue) -> Promise {
        let read = input::options(options, "options", &["signal"]).and_then(|(mut copy, mut taken)| {
            for (k, v) in fields {
                input::argument(&mut copy, v, k)?;
            }
            Ok((copy, taken.pop().flatten()))
        });
        match read {
            Ok((copy, signal)) => self.start(name, copy, signal, plain),
            Err(e) => Promise::reject(&to_error(&e)),
        }
    }
}

/// A promise that settles with the future's result, or its error as a `CallControlError`.
fn settle(f: impl Future<Output = Result<JsValue, Error>> + 'static) -> Promise {
    spawn(Box::pin(async move { f.await.map_err(|e| to_error(&e)) }))
}

/// Every promise the package returns comes from this one function, so the
/// wasm holds one copy of the executor glue instead of one per future type.
fn spawn(f: std::pin::Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>) -> Promise {
    future_to_promise(f)
}

/// Reads the client options: the host, and the `WebSocket` constructor option.
fn host(options: &JsValue) -> Result<(Host, Option<Function>), Error> {
    let (copy, mut taken) = input::options(options, "options", &FUNCTIONS)?;
    let socket = taken.pop().flatten();
    let on_request = taken.pop().flatten();
    let host = host_from(copy, taken.pop().flatten(), on_request)?;
    let socket = match socket {
        None => None,
        Some(f) if f.is_undefined() || f.is_null() => None,
        Some(f) if f.is_function() => Some(f.unchecked_into::<Function>()),
        Some(_) => return Err(Error::invalid("WebSocket", "must be a WebSocket constructor")),
    };
    Ok((host, socket))
}

/// The client from its data options (checked by the core first), its token and its hook.
fn host_from(config: input::Clean, token: Option<JsValue>, on_request: Option<JsValue>) -> Result<Host, Error> {
    let config = core::config::parse_config(config.input())?;
    let token = match token {
        Some(t) if t.is_function() => TokenSource::Provider(t.unchecked_into::<Function>()),
        Some(t) if t.is_string() => {
            let t = t.as_string().unwrap_or_default();
            core::token::check(&t).map_err(|p| Error::invalid("token", p))?;
            TokenSource::Fixed(t)
        }
        _ => return Err(Error::invalid("token", "is required: a string, or a function returning a string or a promise of one")),
    };
    let on_request = match on_request {
        None => None,
        Some(f) if f.is_undefined() || f.is_null() => None,
        Some(f) if f.is_function() => Some(f.unchecked_into::<Function>()),
        Some(_) => return Err(Error::invalid("onRequest", "must be a function")),
    };
    let provider = matches!(token, TokenSource::Provider(_));
    Ok(Host { client: Rc::new(Client::new(config, provider)), token, on_request, credentials: Default::default() })
}

/// A client for repeated use: one region, one token source, a cached `users/me`.
#[wasm_bindgen]
pub struct CallControl {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl CallControl {
    /// Never throws: bad options reject every call with `invalid_input`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> CallControl {
        CallControl { inner: Inner::new(&options) }
    }

    /// Places a call for the token's user (or `onBehalfOf`) → `{ conversationId }`.
    pub fn dial(&self, options: JsValue) -> Promise {
        self.with_signal("dial", &options, plain)
    }

    /// Blind-transfers a call → `{ conversationId, participantId, queueId? }`.
    pub fn transfer(&self, options: JsValue) -> Promise {
        self.with_signal("transfer", &options, plain)
    }

    /// Starts a consult (warm) transfer from the customer to `to` → its `Consult` handle.
    pub fn consult(&self, options: JsValue) -> Promise {
        self.with_signal("consult", &options, consult_handle)
    }

    /// The handle of the consult in progress on a call.
    #[wasm_bindgen(js_name = consultFor)]
    pub fn consult_for(&self, conversation_id: JsValue, options: JsValue) -> Promise {
        let read = input::options(&options, "options", &["signal"]).and_then(|(mut copy, mut taken)| {
            input::argument(&mut copy, &conversation_id, "conversationId")?;
            Ok((copy, taken.pop().flatten()))
        });
        match read {
            Ok((copy, signal)) => self.inner.start("consultState", copy, signal, consult_handle),
            Err(e) => Promise::reject(&to_error(&e)),
        }
    }

    /// Holds (`true`, the default) or resumes (`false`) the agent's own leg.
    pub fn hold(&self, conversation_id: JsValue, held: JsValue, options: JsValue) -> Promise {
        let held = if held.is_undefined() { JsValue::TRUE } else { held };
        self.inner.on_call("hold", &[("conversationId", &conversation_id), ("held", &held)], &options)
    }

    /// Mutes (`true`, the default) or unmutes (`false`) the agent's own leg.
    pub fn mute(&self, conversation_id: JsValue, muted: JsValue, options: JsValue) -> Promise {
        let muted = if muted.is_undefined() { JsValue::TRUE } else { muted };
        self.inner.on_call("mute", &[("conversationId", &conversation_id), ("muted", &muted)], &options)
    }

    /// Disconnects the agent's own leg (also declines a ringing call).
    #[wasm_bindgen(js_name = hangUp)]
    pub fn hang_up(&self, conversation_id: JsValue, options: JsValue) -> Promise {
        self.inner.on_call("hangUp", &[("conversationId", &conversation_id)], &options)
    }

    /// The token's user, as Genesys sends it (`GET /api/v2/users/me`).
    pub fn me(&self, options: JsValue) -> Promise {
        self.inner.on_call("me", &[], &options)
    }

    /// A conversation as Genesys sends it (`GET /api/v2/conversations/{id}`).
    pub fn conversation(&self, conversation_id: JsValue, options: JsValue) -> Promise {
        self.inner.on_call("conversation", &[("conversationId", &conversation_id)], &options)
    }

    /// Queues whose name matches; `*` at either end is a wildcard.
    #[wasm_bindgen(js_name = findQueues)]
    pub fn find_queues(&self, name: JsValue, options: JsValue) -> Promise {
        self.inner.on_call("findQueues", &[("name", &name)], &options)
    }

    /// The agent's active calls (`GET /api/v2/conversations/calls`) → `Call[]`.
    pub fn calls(&self, options: JsValue) -> Promise {
        self.inner.on_call("calls", &[], &options)
    }

    /// Answers a ringing call: the agent's own alerting leg → connected.
    pub fn answer(&self, conversation_id: JsValue, options: JsValue) -> Promise {
        self.inner.on_call("answer", &[("conversationId", &conversation_id)], &options)
    }

    /// The agent's calls as they change, over Genesys notifications: an async
    /// iterator (`for await … of`), sharing the client's one socket.
    #[wasm_bindgen(js_name = watchCalls)]
    pub fn watch_calls(&self, options: JsValue) -> Result<CallWatch, JsValue> {
        let (signal, on_status) = watch::options(&options).map_err(|e| to_error(&e))?;
        let session = self.inner.session().map_err(|e| to_error(&e))?;
        Ok(CallWatch::start(&session, signal, on_status))
    }

    fn with_signal(&self, name: &str, options: &JsValue, finish: Finish) -> Promise {
        match input::options(options, "options", &["signal"]) {
            Ok((copy, mut taken)) => self.inner.start(name, copy, taken.pop().flatten(), finish),
            Err(e) => Promise::reject(&to_error(&e)),
        }
    }
}

/// Places one call: the client options and the dial options in one object.
#[wasm_bindgen]
pub fn dial(options: JsValue) -> Promise {
    one_shot("dial", &options)
}

/// Blind-transfers one call: the client options and the transfer options in one object.
#[wasm_bindgen]
pub fn transfer(options: JsValue) -> Promise {
    one_shot("transfer", &options)
}

fn one_shot(name: &str, options: &JsValue) -> Promise {
    let (mut rest, mut taken) = match input::options(options, "options", &["token", "onRequest", "signal"]) {
        Ok(r) => r,
        Err(e) => return Promise::reject(&to_error(&e)),
    };
    let mut config = input::Clean::new();
    for k in CLIENT_KEYS {
        rest.move_to(k, &mut config);
    }
    let signal = taken.pop().flatten();
    let on_request = taken.pop().flatten();
    let host = host_from(config, taken.pop().flatten(), on_request).map(Rc::new);
    let inner = Rc::new(Inner { host, socket: None, session: RefCell::new(None), in_flight: RefCell::new(Vec::new()) });
    inner.start(name, rest, signal, plain)
}

/// The E.164 form of a phone number as the package would send it; throws
/// the `invalid_input` `CallControlError` saying why not.
#[wasm_bindgen(js_name = normalizePhoneNumber)]
pub fn normalize_phone_number(input: JsValue) -> Result<String, JsValue> {
    let text = input.as_string().ok_or_else(|| to_error(&Error::invalid("phoneNumber", "must be a string")))?;
    phone::normalize_e164(&text).map_err(|p| to_error(&Error::invalid("phoneNumber", p)))
}

/// @internal The wasm linear memory's size in bytes (for the memory benchmark).
#[wasm_bindgen(js_name = __wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map_or(0.0, |m| m.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64)
}
