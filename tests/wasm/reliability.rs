//! What is retried and what never is, timeouts, aborts, a hostile `fetch`,
//! redirects, and the `onRequest` hook.

use super::begin;
use super::support::*;
use js_sys::{Array, Function, Promise, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::AbortController;

#[wasm_bindgen_test]
async fn a_429_is_retried_after_retry_after_then_succeeds() {
    begin().await;
    fault("POST", DIAL_PATH, 1, json!({ "type": "status", "status": 429, "retryAfter": 1 })).await;
    let start = js_sys::Date::now();
    let result = ok(client().dial(dial_options())).await;
    let waited = js_sys::Date::now() - start;
    assert!(!conversation_id(&result).is_empty());
    assert!(waited >= 900.0, "waited for Retry-After: 1 (took {waited} ms)");
    assert_eq!(requests("POST", DIAL_PATH).await.len(), 2, "the 429, then the retry");
    assert_eq!(faults_left().await, 0);
}

#[wasm_bindgen_test]
async fn a_503_on_dial_is_not_retried_and_may_have_been_applied() {
    begin().await;
    fault("POST", DIAL_PATH, 1, json!({ "type": "status", "status": 503 })).await;
    let e = rejects(client().dial(dial_options()), "server").await;
    assert_eq!(get(&e, "status").as_f64(), Some(503.0));
    assert_eq!(get(&e, "maybeApplied"), JsValue::TRUE);
    assert_eq!(get(&e, "attempts").as_f64(), Some(1.0));
    assert!(get_str(&e, "correlationId").is_some_and(|c| !c.is_empty()), "ININ-Correlation-Id read");
    assert_eq!(requests("POST", DIAL_PATH).await.len(), 1, "a dial is never re-sent");
}

#[wasm_bindgen_test]
async fn a_hanging_dial_times_out_and_may_have_been_applied() {
    begin().await;
    fault("POST", DIAL_PATH, 1, json!({ "type": "hang" })).await;
    let start = js_sys::Date::now();
    let e = rejects(client_with(json!({ "timeoutMs": 300 }), &[]).dial(dial_options()), "timeout").await;
    assert!(js_sys::Date::now() - start < 5_000.0, "ended by timeoutMs");
    assert_eq!(get(&e, "maybeApplied"), JsValue::TRUE);
    assert_eq!(requests("POST", DIAL_PATH).await.len(), 1, "not re-sent after the timeout");
}

#[wasm_bindgen_test]
async fn a_signal_aborted_before_the_call_sends_nothing() {
    begin().await;
    let controller = AbortController::new().unwrap();
    controller.abort();
    let e = rejects(client().dial(options(json!({ "phoneNumber": "+13175550100" }), &[("signal", &controller.signal())])), "aborted").await;
    assert_eq!(get(&e, "maybeApplied"), JsValue::FALSE);
    assert_eq!(api_requests().await.len(), 0, "nothing sent");
}

#[wasm_bindgen_test]
async fn aborting_a_hanging_dial_rejects_aborted_and_may_have_been_applied() {
    begin().await;
    fault("POST", DIAL_PATH, 1, json!({ "type": "hang" })).await;
    let controller = AbortController::new().unwrap();
    let dial = client().dial(options(json!({ "phoneNumber": "+13175550100" }), &[("signal", &controller.signal())]));
    until_received("POST", DIAL_PATH).await;
    controller.abort();
    let settled = within(5_000, dial).await.expect("the abort settled the dial");
    let e = settled.expect_err("an aborted dial");
    assert_call_control_error(&e);
    assert_eq!(get_str(&e, "kind").as_deref(), Some("aborted"), "{}", json_of(&e));
    assert_eq!(get(&e, "maybeApplied"), JsValue::TRUE, "the dial had reached the server");
    assert_eq!(requests("POST", DIAL_PATH).await.len(), 1);
}

/// gloo-net 0.7 traps (`unreachable`) when `fetch` rejects with a value
/// that is not an `Error`; the crate must settle with `network` instead.
#[wasm_bindgen_test]
async fn a_fetch_rejecting_with_a_string_is_a_network_error() {
    begin().await;
    let global = js_sys::global();
    let original = original_fetch();
    let patched = Closure::<dyn FnMut(JsValue, JsValue) -> Promise>::new(|_, _| Promise::reject(&"nope".into()));
    Reflect::set(&global, &"fetch".into(), patched.as_ref()).unwrap();
    let settled = within(5_000, client().dial(dial_options())).await;
    // Restore before any assertion: the other tests need the real fetch.
    Reflect::set(&global, &"fetch".into(), &original).unwrap();
    drop(patched);
    let e = settled.expect("the dial settled (no trap, no hang)").expect_err("fetch failed");
    assert_call_control_error(&e);
    assert_eq!(get_str(&e, "kind").as_deref(), Some("network"), "{}", json_of(&e));
    assert_eq!(api_requests().await.len(), 0);
    // The module still works with the real fetch.
    ok(client().dial(dial_options())).await;
    assert_eq!(requests("POST", DIAL_PATH).await.len(), 1);
}

#[wasm_bindgen_test]
async fn redirects_are_not_followed() {
    begin().await;
    // fake-genesys answers a 302 (its status fault sends no Location).
    fault("POST", DIAL_PATH, 1, json!({ "type": "status", "status": 302 })).await;
    rejects(client().dial(dial_options()), "unexpected_response").await;
    assert_eq!(requests("POST", DIAL_PATH).await.len(), 1, "the 302 is neither followed nor re-sent");
    // A server whose every answer is `302 Location: <fake-genesys><same path>`:
    // nothing reaches the redirect's target.
    let cc = client_with(json!({ "apiBase": REDIRECTOR }), &[]);
    rejects(cc.dial(dial_options()), "unexpected_response").await;
    rejects(cc.me(JsValue::UNDEFINED), "unexpected_response").await;
    assert_eq!(api_requests().await.len(), 1, "only the first dial reached fake-genesys");
}

#[wasm_bindgen_test]
async fn on_request_reports_each_attempt_without_the_token() {
    begin().await;
    fault("POST", DIAL_PATH, 1, json!({ "type": "status", "status": 429, "retryAfter": 0 })).await;
    let events = Array::new();
    let push: Function = Reflect::get(&events, &"push".into()).unwrap().unchecked_into();
    let cc = client_with(json!({}), &[("onRequest", &push.bind0(&events))]);
    ok(cc.dial(dial_options())).await;
    assert_eq!(events.length(), 2, "one event per attempt");
    let mut seen = Vec::new();
    for event in events.iter() {
        assert_eq!(JsValue::from(js_sys::Object::get_prototype_of(&event)), object_prototype());
        let text = js_sys::JSON::stringify(&event).unwrap().as_string().unwrap();
        assert!(!text.contains(AGENT_TOKEN) && !text.contains("Bearer"), "no token in {text}");
        let mut e: Value = serde_json::from_str(&text).unwrap();
        let mut keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["attempt", "method", "ms", "outcome", "path", "status"]);
        assert!(e["ms"].as_f64().is_some_and(|ms| ms >= 0.0), "{e}");
        e.as_object_mut().unwrap().remove("ms");
        seen.push(e);
    }
    assert_eq!(
        seen,
        [
            json!({ "method": "POST", "path": DIAL_PATH, "status": 429, "attempt": 1, "outcome": "rate_limited" }),
            json!({ "method": "POST", "path": DIAL_PATH, "status": 200, "attempt": 2, "outcome": "ok" }),
        ]
    );
    // An attempt with no response: status null, outcome the error kind.
    fault("POST", DIAL_PATH, 1, json!({ "type": "hang" })).await;
    let events = Array::new();
    let cc = client_with(json!({ "timeoutMs": 300 }), &[("onRequest", &push.bind0(&events))]);
    rejects(cc.dial(dial_options()), "timeout").await;
    assert_eq!(events.length(), 1);
    assert_eq!(get(&events.get(0), "status"), JsValue::NULL);
    assert_eq!(get_str(&events.get(0), "outcome").as_deref(), Some("timeout"));
    assert_eq!(faults_left().await, 0);
}
