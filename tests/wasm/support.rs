//! Helpers for the wasm-bindgen tests: the fake-genesys control API, the
//! seed, and driving `WasmClient` the way the JS facade does.

use genesys_callctl::bindings::WasmClient;
use js_sys::{Function, Promise, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The fake-genesys base URL, fixed at compile time by scripts/test.mjs.
pub const SERVER: &str = match option_env!("FAKE_GENESYS_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:18080",
};

pub fn seed() -> Value {
    serde_json::from_str(include_str!("../fake-genesys/seed.json")).expect("seed.json")
}

pub fn token(key: &str) -> String {
    seed()["tokens"][key].as_str().expect("token").to_string()
}

pub fn user_id(token_key: &str) -> String {
    let s = seed();
    let u = s["users"].as_array().unwrap().iter().find(|u| u["tokenKey"] == token_key).expect("user");
    u["id"].as_str().unwrap().to_string()
}

pub fn queue_id(name: &str) -> String {
    let s = seed();
    let q = s["queues"].as_array().unwrap().iter().find(|q| q["name"] == name).expect("queue");
    q["id"].as_str().unwrap().to_string()
}

/// The global scope's constructor name (`Window`, `DedicatedWorkerGlobalScope`,
/// `ServiceWorkerGlobalScope`, or `Object` in Node) and whether `window` exists.
pub fn scope() -> (String, bool) {
    let g = js_sys::global();
    let name = Reflect::get(&g, &"constructor".into())
        .ok()
        .and_then(|c| Reflect::get(&c, &"name".into()).ok())
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    let has_window = Reflect::has(&g, &"window".into()).unwrap_or(false);
    (name, has_window)
}

async fn fetch_json(method: &str, path: &str, body: Option<Value>) -> Value {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(b) = body {
        let h = web_sys::Headers::new().unwrap();
        h.set("Content-Type", "application/json").unwrap();
        init.set_headers(&h);
        init.set_body(&JsValue::from_str(&b.to_string()));
    }
    let fetch: Function = Reflect::get(&js_sys::global(), &"fetch".into()).unwrap().dyn_into().unwrap();
    let url = format!("{SERVER}{path}");
    let p: Promise = fetch.call2(&JsValue::UNDEFINED, &url.into(), &init).unwrap().dyn_into().unwrap();
    let resp: web_sys::Response = JsFuture::from(p).await.expect("control fetch").dyn_into().unwrap();
    let text = JsFuture::from(resp.text().unwrap()).await.unwrap().as_string().unwrap();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Creates a conversation from a fake-genesys scenario; returns its JSON.
pub async fn scenario(name: &str, user_key: &str) -> Value {
    fetch_json("POST", "/__control/conversations", Some(json!({ "scenario": name, "userKey": user_key }))).await
}

/// The conversation as the server holds it now.
pub async fn server_conversation(id: &str) -> Value {
    fetch_json("GET", &format!("/__control/conversations/{id}"), None).await
}

/// Queues a fault for the next `count` requests matching method and path.
pub async fn fault(method: &str, path: &str, count: u32, fault: Value) {
    fetch_json("POST", "/__control/faults", Some(json!({ "match": { "method": method, "path": path }, "count": count, "fault": fault }))).await;
}

/// Every /api/v2 request the server received whose method and path match
/// (`path` may end in `*` for a prefix).
pub async fn requests(method: &str, path: &str) -> Vec<Value> {
    let all = fetch_json("GET", "/__control/requests", None).await;
    let prefix = path.strip_suffix('*');
    all.as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r["method"] == method)
        .filter(|r| {
            let p = r["path"].as_str().unwrap_or("");
            match prefix {
                Some(pre) => p.starts_with(pre),
                None => p == path,
            }
        })
        .collect()
}

/// A participant of a server-side conversation by purpose.
pub fn participants<'a>(conv: &'a Value, purpose: &str) -> Vec<&'a Value> {
    conv["participants"].as_array().unwrap().iter().filter(|p| p["purpose"] == purpose).collect()
}

pub fn call_state(p: &Value) -> String {
    p["calls"].as_array().and_then(|c| c.last()).and_then(|c| c["state"].as_str()).unwrap_or("").to_string()
}

/// A client against fake-genesys with a fixed token.
pub fn client(token: &str, extra: Value) -> WasmClient {
    let mut cfg = json!({ "apiBase": SERVER });
    if let Value::Object(m) = extra {
        for (k, v) in m {
            cfg[k] = v;
        }
    }
    WasmClient::new(&cfg.to_string(), JsValue::from_str(token), JsValue::UNDEFINED).map_err(|e| js_json(&e)).expect("client")
}

/// A JS value as JSON (results and error objects are plain objects).
pub fn js_json(v: &JsValue) -> Value {
    js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string()).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or(Value::Null)
}

/// Awaits a promise: Ok(result JSON) or Err(error JSON).
pub async fn settle(p: Promise) -> Result<Value, Value> {
    JsFuture::from(p).await.map(|v| js_json(&v)).map_err(|e| js_json(&e))
}

/// A phone number unique to this test run and scope, so counts at the server
/// belong to one test.
pub fn unique_number(tag: u32) -> String {
    let salt = (js_sys::Math::random() * 9_000_000.0) as u32 + 1_000_000;
    format!("+1{}{:07}", 200 + tag % 700, salt)
}

/// Resolves after `ms` (for bounded polling only).
pub async fn pause(ms: i32) {
    let set_timeout: Function = Reflect::get(&js_sys::global(), &"setTimeout".into()).unwrap().dyn_into().unwrap();
    let p = Promise::new(&mut |resolve, _| {
        let _ = set_timeout.call2(&JsValue::UNDEFINED, &resolve, &JsValue::from(ms));
    });
    let _ = JsFuture::from(p).await;
}

/// A fresh AbortController.
pub fn controller() -> web_sys::AbortController {
    web_sys::AbortController::new().unwrap()
}

/// Milliseconds since the epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}
