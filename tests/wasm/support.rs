//! Helpers for the wasm-bindgen tests: the global-scope check, fake-genesys's
//! control API (reset, scenarios, faults, the request log), JS values in and
//! out, and the crate called the way JS calls it.

use genesys_callctl::bindings::CallControl;
use js_sys::{Array, Function, Object, Promise, Reflect};
use serde_json::{json, Value};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// fake-genesys's base URL, fixed at compile time by scripts/wasm-test.mjs.
pub const SERVER: &str = match option_env!("FAKE_GENESYS_URL") {
    Some(u) => u,
    None => "",
};

/// A server that answers every request with `302 Location: <fake-genesys><same path>`
/// (scripts/wasm-test.mjs), to prove redirects are not followed.
pub const REDIRECTOR: &str = match option_env!("FAKE_REDIRECT_URL") {
    Some(u) => u,
    None => "",
};

/// Alex Agent: the seeded agent token and user id.
pub const AGENT_TOKEN: &str = "fake-agent-token-1";
pub const AGENT_ID: &str = "52c05c5e-c1f0-435d-b4b9-89f485ebe9ff";
pub const SUPPORT_TIER_2: &str = "cba61183-3b44-4252-8329-ea8dac582ca0";
pub const DIAL_PATH: &str = "/api/v2/conversations/calls";

/// The runtime a test binary runs in; each test checks it first. (Each
/// binary names one, so the others are unused there.)
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Node,
    Window,
    DedicatedWorker,
    ServiceWorker,
}

fn global_get(name: &str) -> JsValue {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn type_of(v: &JsValue) -> String {
    v.js_typeof().as_string().unwrap_or_default()
}

/// Asserts the test really runs in `expected`: `globalThis.constructor.name`,
/// and `typeof window` (`'undefined'` in workers); in Node, `typeof process`.
/// Also that the binary was built with fake-genesys's URL.
pub fn assert_scope(expected: Scope) {
    assert!(!SERVER.is_empty(), "FAKE_GENESYS_URL was not set at compile time: run `node scripts/wasm-test.mjs`");
    let global = js_sys::global();
    let constructor = Reflect::get(&global, &"constructor".into())
        .and_then(|c| Reflect::get(&c, &"name".into()))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    let window = type_of(&global_get("window"));
    let process = type_of(&global_get("process"));
    match expected {
        Scope::Node => {
            assert_eq!(process, "object", "typeof process in Node");
            assert_eq!(window, "undefined", "typeof window in Node");
        }
        Scope::Window => {
            assert_eq!(constructor, "Window");
            assert_eq!(window, "object", "typeof window in a page");
            assert_eq!(process, "undefined", "typeof process in a page");
        }
        Scope::DedicatedWorker => {
            assert_eq!(constructor, "DedicatedWorkerGlobalScope");
            assert_eq!(window, "undefined", "typeof window in a dedicated worker");
        }
        Scope::ServiceWorker => {
            assert_eq!(constructor, "ServiceWorkerGlobalScope");
            assert_eq!(window, "undefined", "typeof window in a service worker");
        }
    }
}

// ---- fake-genesys's control API ------------------------------------------

thread_local! {
    /// `globalThis.fetch` as it was when the first helper ran: a test that
    /// patches `fetch` cannot break the control calls of the tests after it.
    static FETCH: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// The runtime's own `fetch`.
pub fn original_fetch() -> Function {
    FETCH.with(|f| {
        f.borrow_mut()
            .get_or_insert_with(|| global_get("fetch").dyn_into::<Function>().expect("globalThis.fetch"))
            .clone()
    })
}

async fn control(method: &str, path: &str, body: Option<Value>) -> Value {
    let init = Object::new();
    set(&init, "method", &method.into());
    if let Some(b) = body {
        set(&init, "headers", &js(&json!({ "Content-Type": "application/json" })));
        set(&init, "body", &JsValue::from_str(&b.to_string()));
    }
    let url = format!("{SERVER}{path}");
    let promise: Promise = original_fetch()
        .call2(&global(), &url.into(), &init)
        .expect("control fetch threw")
        .dyn_into()
        .expect("control fetch gave a promise");
    let response: web_sys::Response = JsFuture::from(promise).await.expect("control request failed").dyn_into().unwrap();
    let status = response.status();
    let text = JsFuture::from(response.text().unwrap()).await.unwrap().as_string().unwrap_or_default();
    assert!((200..300).contains(&status), "control {method} {path} answered {status}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn global() -> JsValue {
    js_sys::global().into()
}

/// Restores the seed and clears conversations, faults and the request log:
/// every test starts from here, so tests sharing the server never interfere.
pub async fn reset() {
    original_fetch();
    control("POST", "/__control/reset", Some(json!({}))).await;
}

/// A control endpoint's JSON (`GET`), e.g. `/__control/notifications`.
pub async fn control_get(path: &str) -> Value {
    control("GET", path, None).await
}

/// A conversation from a fake-genesys scenario (control view), for Alex.
pub async fn scenario(name: &str) -> Value {
    control("POST", "/__control/conversations", Some(json!({ "scenario": name, "userKey": "agent" }))).await
}

/// A conversation as the server holds it now.
pub async fn server_conversation(id: &str) -> Value {
    control("GET", &format!("/__control/conversations/{id}"), None).await
}

/// Queues `fault` for the next `count` requests with this method and path.
pub async fn fault(method: &str, path: &str, count: u32, fault: Value) {
    control("POST", "/__control/faults", Some(json!({ "match": { "method": method, "path": path }, "count": count, "fault": fault }))).await;
}

/// The faults still queued (a test uses up every fault it queues).
pub async fn faults_left() -> usize {
    control("GET", "/__control/faults", None).await.as_array().map_or(0, Vec::len)
}

/// Every /api/v2 request the server received (preflights included).
pub async fn all_requests() -> Vec<Value> {
    control("GET", "/__control/requests", None).await.as_array().cloned().unwrap_or_default()
}

/// The /api/v2 requests with this method and path, as the server recorded them.
pub async fn requests(method: &str, path: &str) -> Vec<Value> {
    all_requests().await.into_iter().filter(|r| r["method"] == method && r["path"] == path).collect()
}

/// The /api/v2 requests other than CORS preflights.
pub async fn api_requests() -> Vec<Value> {
    all_requests().await.into_iter().filter(|r| r["method"] != "OPTIONS").collect()
}

/// Waits until the server has received a request with this method and path
/// (polling the request log; bounded at 10 s).
pub async fn until_received(method: &str, path: &str) {
    let start = js_sys::Date::now();
    while requests(method, path).await.is_empty() {
        assert!(js_sys::Date::now() - start < 10_000.0, "{method} {path} never reached the server");
        pause(20).await;
    }
}

/// Resolves after `ms`: only between polls of the request log, and as the
/// trigger of a signal in the transport test.
pub async fn pause(ms: u32) {
    let _ = JsFuture::from(timer(ms, &JsValue::UNDEFINED)).await;
}

/// A promise resolving with `value` after `ms`.
pub fn timer(ms: u32, value: &JsValue) -> Promise {
    let set_timeout: Function = global_get("setTimeout").dyn_into().unwrap();
    let value = value.clone();
    Promise::new(&mut |resolve, _| {
        let _ = set_timeout.call3(&JsValue::UNDEFINED, &resolve, &JsValue::from(ms), &value);
    })
}

/// Calls `f` after `ms` (a bound JS function: no Rust closure to keep alive).
pub fn later(ms: u32, f: &Function) {
    let set_timeout: Function = global_get("setTimeout").dyn_into().unwrap();
    let _ = set_timeout.call2(&JsValue::UNDEFINED, f, &JsValue::from(ms));
}

/// `controller.abort` bound to `controller`.
pub fn abort_fn(controller: &web_sys::AbortController) -> Function {
    let abort: Function = Reflect::get(controller, &"abort".into()).unwrap().dyn_into().unwrap();
    abort.bind0(controller)
}

// ---- JS values ------------------------------------------------------------

/// JSON data as plain JS data (objects, not `Map`s).
pub fn js(v: &Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

use serde::Serialize;

/// A JS value as JSON data (`JSON.stringify`).
pub fn json_of(v: &JsValue) -> Value {
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null)
}

pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(target, &key.into(), value).unwrap();
}

pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

pub fn get_str(target: &JsValue, key: &str) -> Option<String> {
    get(target, key).as_string()
}

/// Options for a call: JSON data, plus JS values (a signal, a function) set on top.
pub fn options(data: Value, extra: &[(&str, &JsValue)]) -> JsValue {
    let o = js(&data);
    for (k, v) in extra {
        set(&o, k, v);
    }
    o
}

/// A client against fake-genesys: `apiBase` and Alex's token, `data` on top;
/// JS values (`token` functions, `onRequest`) in `extra`.
pub fn client_with(data: Value, extra: &[(&str, &JsValue)]) -> CallControl {
    let mut o = json!({ "apiBase": SERVER, "token": AGENT_TOKEN });
    if let Value::Object(m) = data {
        for (k, v) in m {
            o[k] = v;
        }
    }
    CallControl::new(options(o, extra))
}

pub fn client() -> CallControl {
    client_with(json!({}), &[])
}

/// A dial for Alex to the customer's number.
pub fn dial_options() -> JsValue {
    js(&json!({ "phoneNumber": "+1 (317) 555-0100" }))
}

/// Awaits a promise: its value, or what it rejected with.
pub async fn settle(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

/// Awaits a promise that must resolve.
pub async fn ok(p: Promise) -> JsValue {
    match settle(p).await {
        Ok(v) => v,
        Err(e) => panic!("expected success, got {}", json_of(&e)),
    }
}

/// Awaits a promise that must reject with a `CallControlError` of `kind`;
/// returns the error (read its fields with [`get`]).
pub async fn rejects(p: Promise, kind: &str) -> JsValue {
    match settle(p).await {
        Ok(v) => panic!("expected a {kind} error, got success {}", json_of(&v)),
        Err(e) => {
            assert_call_control_error(&e);
            assert_eq!(get_str(&e, "kind").as_deref(), Some(kind), "kind of {}", json_of(&e));
            e
        }
    }
}

/// A real `Error` subclass named `CallControlError`, with a message.
pub fn assert_call_control_error(e: &JsValue) {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    assert_eq!(get_str(e, "name").as_deref(), Some("CallControlError"));
    assert!(get_str(e, "message").is_some_and(|m| !m.is_empty()), "no message");
}

/// Races `p` against a timer: `None` if it has not settled within `ms`.
pub async fn within(ms: u32, p: Promise) -> Option<Result<JsValue, JsValue>> {
    let marker: JsValue = Object::new().into();
    let raced = Promise::race(&Array::of2(&p, &timer(ms, &marker)));
    match JsFuture::from(raced).await {
        Ok(v) if v == marker => None,
        other => Some(other),
    }
}

/// The conversation id a dial or transfer resolved with.
pub fn conversation_id(result: &JsValue) -> String {
    get_str(result, "conversationId").expect("conversationId")
}

/// The id of the participant with `purpose` in a (control view) conversation.
pub fn participant_id(conv: &Value, purpose: &str) -> String {
    conv["participants"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["purpose"] == purpose))
        .and_then(|p| p["id"].as_str())
        .expect("participant")
        .to_string()
}

/// The last call state of the participant `pid` as the server holds it.
pub fn call_of<'a>(conv: &'a Value, pid: &str) -> &'a Value {
    let p = conv["participants"].as_array().and_then(|ps| ps.iter().find(|p| p["id"] == pid)).expect("participant");
    p["calls"].as_array().and_then(|c| c.last()).expect("call")
}

/// `Object.prototype`.
pub fn object_prototype() -> JsValue {
    get(&global_get("Object"), "prototype")
}
