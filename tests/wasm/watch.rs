//! Live calls: `CallControl::watch_calls` (the crate's notification session
//! over one WebSocket, and its iterator) against fake-genesys's notification
//! service. The browser runtimes use their native `WebSocket`; Node 20 has
//! none, so its binary passes the `ws` package's (`crate::websocket()`).
//! Sockets are counted at the server (`GET /__control/notifications`).

use super::begin;
use super::support::*;
use genesys_callctl::bindings::CallWatch;
use js_sys::{Array, Function, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// fake-genesys's notification state: totals and channels.
async fn notifications() -> Value {
    control_get("/__control/notifications").await
}

/// Polls the notification state (every 20 ms, at most `ms`) until `pred` holds.
async fn server_until(what: &str, ms: f64, pred: impl Fn(&Value) -> bool) -> Value {
    let start = js_sys::Date::now();
    loop {
        let state = notifications().await;
        if pred(&state) {
            return state;
        }
        assert!(js_sys::Date::now() - start < ms, "{what}: not within {ms} ms; {}", state["totals"]);
        pause(20).await;
    }
}

/// Awaits `watch.next()` (bounded): the `{value, done}` step.
async fn step(watch: &CallWatch, what: &str) -> JsValue {
    match within(10_000, watch.next()).await {
        Some(Ok(v)) => v,
        Some(Err(e)) => panic!("{what}: next() rejected with {}", json_of(&e)),
        None => panic!("{what}: next() did not settle within 10 s"),
    }
}

/// Awaits the next Call (bounded) and returns it as JSON.
async fn next_call(watch: &CallWatch, what: &str) -> Value {
    let s = step(watch, what).await;
    assert_eq!(get(&s, "done"), JsValue::FALSE, "{what}: the iterator ended");
    json_of(&get(&s, "value"))
}

/// A client for watching: the `ws` constructor where the runtime has none.
fn watching_client() -> genesys_callctl::bindings::CallControl {
    match crate::websocket() {
        Some(ws) => client_with(json!({}), &[("WebSocket", &ws)]),
        None => client(),
    }
}

#[wasm_bindgen_test]
async fn watch_calls_yields_an_inbound_call_and_closes_its_socket_when_finished() {
    begin().await;
    let statuses = Array::new();
    let push: Function = Reflect::get(&statuses, &"push".into()).unwrap().unchecked_into();
    let cc = watching_client();
    let watch = cc.watch_calls(options(json!({}), &[("onStatus", &push.bind0(&statuses))])).expect("watch_calls");
    // Live (socket open, resync done) before the call rings, so it comes as an event.
    let start = js_sys::Date::now();
    while !statuses.includes(&"live".into(), 0) {
        assert!(js_sys::Date::now() - start < 10_000.0, "never live: {:?}", json_of(&statuses));
        pause(20).await;
    }
    assert_eq!(json_of(&statuses), json!(["connecting", "live"]));
    let conv = scenario("agent-alerting").await;
    let cid = conv["id"].as_str().unwrap();
    let agent = participant_id(&conv, "agent");
    let ringing = next_call(&watch, "the ringing call").await;
    assert_eq!(
        ringing,
        json!({
            "conversationId": cid, "participantId": agent, "state": "alerting", "direction": "inbound",
            "held": false, "muted": false, "remote": "tel:+13175550100", "queueId": "e23e8fcf-d393-41fc-9d60-7b918618d023",
        })
    );
    assert_eq!(requests("GET", "/api/v2/conversations/calls").await.len(), 1, "an event, not a poll: the listing was read once, at connect");
    ok(cc.answer(cid.into(), JsValue::UNDEFINED)).await;
    let connected = next_call(&watch, "connected").await;
    assert_eq!(connected["state"], "connected");
    assert_eq!(connected["participantId"], agent.as_str());
    let state = notifications().await;
    assert_eq!(state["totals"]["channelsCreated"], 1);
    assert_eq!(state["totals"]["socketOpens"], 1);
    // finish() (what `break` calls): done, and the socket closes at the server.
    let finished = ok(watch.finish()).await;
    assert_eq!(get(&finished, "done"), JsValue::TRUE);
    assert_eq!(get(&step(&watch, "after finish").await, "done"), JsValue::TRUE);
    server_until("the socket closed", 1_500.0, |s| s["totals"]["socketCloses"] == 1 && s["channels"][0]["openSockets"] == 0).await;
}

#[wasm_bindgen_test]
async fn watch_calls_refuses_bad_options() {
    begin().await;
    let cc = watching_client();
    let e = match cc.watch_calls(js(&json!({ "foo": 1 }))) {
        Ok(_) => panic!("an unknown option was accepted"),
        Err(e) => e,
    };
    assert_call_control_error(&e);
    assert_eq!(get_str(&e, "kind").as_deref(), Some("invalid_input"));
    assert_eq!(get_str(&e, "field").as_deref(), Some("foo"));
    let e = cc.watch_calls(js(&json!({ "onStatus": "live" }))).err().expect("a non-function onStatus");
    assert_eq!(get_str(&e, "field").as_deref(), Some("onStatus"));
    if crate::websocket().is_some() {
        // Node 20 without the option: no WebSocket to open.
        let watch = client().watch_calls(JsValue::UNDEFINED).expect("watch_calls");
        let e = match within(10_000, watch.next()).await {
            Some(Err(e)) => e,
            other => panic!("expected invalid_input, got {other:?}"),
        };
        assert_eq!(get_str(&e, "kind").as_deref(), Some("invalid_input"));
        assert_eq!(get_str(&e, "field").as_deref(), Some("WebSocket"));
    }
}
