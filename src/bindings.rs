//! The only place with `#[wasm_bindgen]`: JS ⇄ Rust conversion. Options
//! arrive as JSON text (the facade serializes them), so every check lives in
//! `core`; results and errors leave as plain JS objects that the facade turns
//! into its classes. Nothing here can panic on any input.

use crate::client::{Client, Control, Op, TokenSource};
use crate::core::error::Error;
use crate::core::consult::{self, CallRef, Extra};
use crate::core::{config, dial, id, input, phone, transfer};
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;

/// Every operation as one future type: `future_to_promise` is then compiled
/// once instead of once per export (tens of KB of wasm).
type OpFuture = Pin<Box<dyn Future<Output = Result<Json, Error>>>>;
use js_sys::{Function, Promise};
use crate::core::json::Json;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

fn to_js(v: &Json) -> JsValue {
    js_sys::JSON::parse(&v.text()).unwrap_or(JsValue::NULL)
}

fn error_to_js(e: &Error) -> JsValue {
    to_js(&e.to_json())
}

fn signal_of(v: &JsValue) -> Option<AbortSignal> {
    v.dyn_ref::<AbortSignal>().cloned()
}

/// A client bound to one region and token source.
#[wasm_bindgen(js_name = WasmClient)]
pub struct WasmClient {
    inner: Rc<Client>,
    /// Identical mutating operations in flight share one promise (a double
    /// click places one call). Keyed by the normalized request.
    in_flight: InFlight,
}

#[wasm_bindgen(js_class = WasmClient)]
impl WasmClient {
    /// `config_json`: the client options without `token` and `onRequest`.
    /// `token`: a string or a function returning a string or a promise of one.
    /// `on_request`: undefined or a function called with each attempt's event.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str, token: JsValue, on_request: JsValue) -> Result<WasmClient, JsValue> {
        let config = config::parse_config(config_json).map_err(|e| error_to_js(&e))?;
        let source = if let Some(t) = token.as_string() {
            input::check_token(&t).map_err(|p| error_to_js(&Error::invalid("token", p)))?;
            TokenSource::Fixed(t)
        } else if let Some(f) = token.dyn_ref::<Function>() {
            TokenSource::Provider(f.clone())
        } else {
            return Err(error_to_js(&Error::invalid("token", "is required: a string, or a function returning a string or a promise of one")));
        };
        let hook = if on_request.is_undefined() || on_request.is_null() {
            None
        } else {
            match on_request.dyn_ref::<Function>() {
                Some(f) => Some(f.clone()),
                None => return Err(error_to_js(&Error::invalid("onRequest", "must be a function"))),
            }
        };
        Ok(WasmClient { inner: Rc::new(Client::new(config, source, hook)), in_flight: Rc::default() })
    }

    /// Places a call. Resolves `{conversationId}`.
    pub fn dial(&self, options_json: &str, signal: JsValue) -> Promise {
        let req = match dial::dial_request(options_json) {
            Ok(r) => r,
            Err(e) => return Promise::reject(&error_to_js(&e)),
        };
        let key = format!("dial {} {}", req.path, req.body.as_deref().unwrap_or(""));
        let client = self.inner.clone();
        self.shared(key, signal, move |mut op| async move { client.dial(&mut op, &req).await })
    }

    /// Blind-transfers a call. Resolves `{conversationId, participantId, queueId?}`.
    pub fn transfer(&self, options_json: &str, signal: JsValue) -> Promise {
        let plan = match transfer::transfer_plan(options_json) {
            Ok(p) => p,
            Err(e) => return Promise::reject(&error_to_js(&e)),
        };
        let key = ["transfer", &plan.conversation_id, plan.participant_id.as_deref().unwrap_or(""), &plan.target.key()].join(" ");
        let client = self.inner.clone();
        self.shared(key, signal, move |mut op| async move { client.transfer(&mut op, &plan).await })
    }

    /// `GET /api/v2/users/me`.
    pub fn me(&self, signal: JsValue) -> Promise {
        let client = self.inner.clone();
        run(client.op(signal_of(&signal)), move |mut op| async move { client.me(&mut op).await })
    }

    /// `GET /api/v2/conversations/{id}`.
    pub fn conversation(&self, conversation_id: &str, signal: JsValue) -> Promise {
        let id = match id::normalize_id(conversation_id) {
            Ok(id) => id,
            Err(p) => return Promise::reject(&error_to_js(&Error::invalid("conversationId", p))),
        };
        let client = self.inner.clone();
        run(client.op(signal_of(&signal)), move |mut op| async move { client.conversation(&mut op, &id).await })
    }

    /// Queues by name (`*` wildcards at either end).
    #[wasm_bindgen(js_name = findQueues)]
    pub fn find_queues(&self, name: &str, signal: JsValue) -> Promise {
        let name = name.to_string();
        let client = self.inner.clone();
        run(client.op(signal_of(&signal)), move |mut op| async move { client.find_queues(&mut op, &name).await })
    }

    /// Starts a consult. Resolves `{conversationId, participantId, destinationParticipantId, speakTo}`.
    pub fn consult(&self, options_json: &str, signal: JsValue) -> Promise {
        let plan = match consult::consult_plan(options_json) {
            Ok(p) => p,
            Err(e) => return Promise::reject(&error_to_js(&e)),
        };
        let key = ["consult", &plan.conversation_id, plan.participant_id.as_deref().unwrap_or(""), plan.speak_to, &plan.target.key()].join(" ");
        let client = self.inner.clone();
        self.shared(key, signal, move |mut op| async move { client.consult(&mut op, &plan).await })
    }

    /// The consult in progress on a call (`{conversationId}`).
    #[wasm_bindgen(js_name = consultState)]
    pub fn consult_state(&self, options_json: &str, signal: JsValue) -> Promise {
        self.on_call("consultState", options_json, Extra::None, signal, |c, mut op, r| async move { c.consult_state(&mut op, &r).await })
    }

    /// `{conversationId, speakTo}`.
    #[wasm_bindgen(js_name = consultSpeakTo)]
    pub fn consult_speak_to(&self, options_json: &str, signal: JsValue) -> Promise {
        self.on_call("speakTo", options_json, Extra::SpeakTo, signal, |c, mut op, r| async move { c.consult_speak_to(&mut op, &r).await })
    }

    /// `{conversationId}`.
    #[wasm_bindgen(js_name = consultCancel)]
    pub fn consult_cancel(&self, options_json: &str, signal: JsValue) -> Promise {
        self.on_call("cancel", options_json, Extra::None, signal, |c, mut op, r| async move { c.consult_cancel(&mut op, &r).await })
    }

    /// `{conversationId, participantId?}` (the agent's own participant).
    #[wasm_bindgen(js_name = consultComplete)]
    pub fn consult_complete(&self, options_json: &str, signal: JsValue) -> Promise {
        self.on_call("complete", options_json, Extra::None, signal, |c, mut op, r| async move { c.consult_complete(&mut op, &r).await })
    }

    /// `{conversationId, held, participantId?}`.
    pub fn hold(&self, options_json: &str, signal: JsValue) -> Promise {
        self.on_call("hold", options_json, Extra::Flag("held"), signal, |c, mut op, r| async move { c.control(&mut op, &r, Control::Hold).await })
    }

    /// `{conversationId, muted, participantId?}`.
    pub fn mute(&self, options_json: &str, signal: JsValue) -> Promise {
        self.on_call("mute", options_json, Extra::Flag("muted"), signal, |c, mut op, r| async move { c.control(&mut op, &r, Control::Mute).await })
    }

    /// `{conversationId, participantId?}`.
    #[wasm_bindgen(js_name = hangUp)]
    pub fn hang_up(&self, options_json: &str, signal: JsValue) -> Promise {
        self.on_call("hangUp", options_json, Extra::None, signal, |c, mut op, r| async move { c.control(&mut op, &r, Control::HangUp).await })
    }

    /// Reads a `CallRef` and runs `f` as a shared (single-flight) operation.
    fn on_call<F, Fut>(&self, name: &str, options_json: &str, extra: Extra, signal: JsValue, f: F) -> Promise
    where
        F: FnOnce(Rc<Client>, Op, CallRef) -> Fut + 'static,
        Fut: Future<Output = Result<Json, Error>> + 'static,
    {
        let call = match consult::call_ref(options_json, extra) {
            Ok(c) => c,
            Err(e) => return Promise::reject(&error_to_js(&e)),
        };
        let key = [name, &call.conversation_id, call.participant_id.as_deref().unwrap_or(""), call.value.unwrap_or("")].join(" ");
        let client = self.inner.clone();
        self.shared(key, signal, move |op| f(client, op, call))
    }

    fn shared<F, Fut>(&self, key: String, signal: JsValue, f: F) -> Promise
    where
        F: FnOnce(Op) -> Fut + 'static,
        Fut: Future<Output = Result<Json, Error>> + 'static,
    {
        if let Some(p) = self.in_flight.borrow().get(&key) {
            return p.clone();
        }
        let op = self.inner.op(signal_of(&signal));
        let promise = settle(Box::pin(f(op)), Some((self.in_flight.clone(), key.clone())));
        self.in_flight.borrow_mut().insert(key, promise.clone());
        promise
    }
}

fn run<F, Fut>(op: Op, f: F) -> Promise
where
    F: FnOnce(Op) -> Fut + 'static,
    Fut: Future<Output = Result<Json, Error>> + 'static,
{
    settle(Box::pin(f(op)), None)
}

type InFlight = Rc<RefCell<BTreeMap<String, Promise>>>;

/// The promise of an operation; frees its single-flight slot when done.
fn settle(fut: OpFuture, slot: Option<(InFlight, String)>) -> Promise {
    future_to_promise(async move {
        let out = fut.await;
        if let Some((map, key)) = slot {
            map.borrow_mut().remove(&key);
        }
        out.map(|v| to_js(&v)).map_err(|e| error_to_js(&e))
    })
}

/// Normalizes a phone number to E.164, or throws the `invalid_input` error
/// object (for as-you-type display).
#[wasm_bindgen(js_name = normalizePhoneNumber)]
pub fn normalize_phone_number(input: &str) -> Result<String, JsValue> {
    phone::normalize_e164(input).map_err(|p| error_to_js(&Error::invalid("phoneNumber", p)))
}
