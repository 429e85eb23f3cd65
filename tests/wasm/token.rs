//! The token: a string sent only as `Authorization: Bearer …`; a provider
//! function called from Rust and awaited, asked again after a 401, bounded by
//! `totalTimeoutMs`; a token no header can carry refused before the network.

use super::begin;
use super::support::*;
use genesys_callctl::bindings;
use js_sys::Promise;
use serde_json::json;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn a_string_token_is_sent_as_a_bearer_header() {
    begin().await;
    ok(client().dial(dial_options())).await;
    let posts = requests("POST", DIAL_PATH).await;
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["headers"]["authorization"], format!("Bearer {AGENT_TOKEN}"));
    assert_eq!(posts[0]["headers"]["content-type"], "application/json");
    assert!(posts[0]["query"].as_object().is_some_and(|q| q.is_empty()), "no token in the URL");
}

#[wasm_bindgen_test]
async fn a_token_provider_is_awaited_and_asked_again_after_a_401() {
    begin().await;
    let calls = Rc::new(Cell::new(0u32));
    let counter = calls.clone();
    // Answers with a promise that settles on a later task: the first token is
    // one the server does not know (401), the second is Alex's.
    let provider = Closure::<dyn FnMut() -> Promise>::new(move || {
        counter.set(counter.get() + 1);
        let token = if counter.get() == 1 { "expired-token" } else { AGENT_TOKEN };
        timer(0, &token.into())
    });
    let cc = client_with(json!({}), &[("token", provider.as_ref())]);
    let result = ok(cc.dial(dial_options())).await;
    assert!(!conversation_id(&result).is_empty());
    assert_eq!(calls.get(), 2, "asked once, and once more after the 401");
    let auth: Vec<_> = requests("POST", DIAL_PATH).await.into_iter().map(|r| r["headers"]["authorization"].clone()).collect();
    assert_eq!(auth, [json!("Bearer expired-token"), json!(format!("Bearer {AGENT_TOKEN}"))], "the 401 was retried once");
    // The next operation asks again.
    ok(cc.me(JsValue::UNDEFINED)).await;
    assert_eq!(calls.get(), 3, "asked once per operation");
}

#[wasm_bindgen_test]
async fn a_token_provider_that_never_settles_ends_at_total_timeout() {
    begin().await;
    let never = Closure::<dyn FnMut() -> Promise>::new(|| Promise::new(&mut |_, _| {}));
    let cc = client_with(json!({ "totalTimeoutMs": 200 }), &[("token", never.as_ref())]);
    let start = js_sys::Date::now();
    let settled = within(10_000, cc.dial(dial_options())).await.expect("the dial settled");
    let e = settled.expect_err("a provider that never answers cannot dial");
    assert_call_control_error(&e);
    assert_eq!(get_str(&e, "kind").as_deref(), Some("timeout"), "{}", json_of(&e));
    assert!(js_sys::Date::now() - start < 5_000.0, "bounded by totalTimeoutMs");
    assert_eq!(api_requests().await.len(), 0, "nothing sent without a token");
}

#[wasm_bindgen_test]
async fn a_token_with_a_newline_is_refused_before_the_network() {
    begin().await;
    let bad = "fake-agent-token-1\r\nX-Injected: 1";
    let cc = client_with(json!({ "token": bad }), &[]);
    let e = rejects(cc.dial(dial_options()), "invalid_input").await;
    assert_eq!(get_str(&e, "field").as_deref(), Some("token"));
    assert!(!json_of(&e).to_string().contains("fake-agent-token-1"), "the error does not carry the token");
    let one_shot = json!({ "apiBase": SERVER, "token": bad, "phoneNumber": "+13175550100" });
    let e = rejects(bindings::dial(js(&one_shot)), "invalid_input").await;
    assert_eq!(get_str(&e, "field").as_deref(), Some("token"));
    assert_eq!(api_requests().await.len(), 0, "nothing sent");
}
