//! `transport` against fake-genesys directly: one fetch per `send`, status
//! and (on errors) headers read, timeout and abort told apart, and `sleep`.

use super::begin;
use super::support::*;
use genesys_callctl::transport::{self, Credentials, Failure};
use serde_json::{json, Value};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::AbortController;

const ME: &str = "/api/v2/users/me";

fn url(path: &str) -> String {
    format!("{SERVER}{path}")
}

fn agent() -> Credentials {
    Credentials::new(AGENT_TOKEN).expect("headers for a good token")
}

#[wasm_bindgen_test]
async fn send_reads_status_headers_and_body() {
    begin().await;
    let r = transport::send(&url(ME), "GET", None, &agent(), 5_000.0, None).await.expect("a response");
    assert_eq!(r.status, 200);
    // The headers the package reads serve errors only: a 2xx leaves them unread.
    assert_eq!((r.correlation_id.as_deref(), r.content_type.as_deref(), r.retry_after.as_deref()), (None, None, None));
    let me: Value = serde_json::from_str(&String::from(&r.text)).expect("JSON body");
    assert_eq!(me["id"], AGENT_ID);

    // A body goes out as JSON; an error status is a response, not a failure.
    let body = r#"{"phoneNumber":"+13175550100"}"#;
    let r = transport::send(&url(DIAL_PATH), "POST", Some(&JsValue::from_str(body)), &agent(), 5_000.0, None).await.expect("a response");
    assert_eq!(r.status, 200);
    let posts = requests("POST", DIAL_PATH).await;
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["headers"]["content-type"], "application/json");
    assert_eq!(posts[0]["headers"]["authorization"], format!("Bearer {AGENT_TOKEN}"));
    assert_eq!(posts[0]["body"], json!({ "phoneNumber": "+13175550100" }));

    fault("GET", ME, 1, json!({ "type": "status", "status": 429, "retryAfter": 3 })).await;
    let r = transport::send(&url(ME), "GET", None, &agent(), 5_000.0, None).await.expect("a response");
    assert_eq!((r.status, r.retry_after.as_deref()), (429, Some("3")), "Retry-After exposed to the client");
    assert!(r.correlation_id.as_deref().is_some_and(|c| c.len() == 36), "inin-correlation-id: {:?}", r.correlation_id);
    assert!(r.content_type.as_deref().is_some_and(|c| c.starts_with("application/json")), "{:?}", r.content_type);

    // A value no header can carry: no headers, so nothing can be sent with them.
    assert!(Credentials::new("bad\ntoken").is_none());
    // One set of headers serves every request made with its token.
    let shared = agent();
    for _ in 0..2 {
        assert_eq!(transport::send(&url(ME), "GET", None, &shared, 5_000.0, None).await.expect("a response").status, 200);
    }
    let gets = requests("GET", ME).await;
    assert!(gets.iter().rev().take(2).all(|g| g["headers"]["authorization"] == format!("Bearer {AGENT_TOKEN}") && g["headers"].get("content-type").is_none()));
}

#[wasm_bindgen_test]
async fn send_tells_timeout_from_abort() {
    begin().await;
    fault("GET", ME, 2, json!({ "type": "hang" })).await;

    // Aborted while the request hangs at the server.
    let controller = AbortController::new().unwrap();
    let signal = controller.signal();
    let in_flight = future_to_promise(async move {
        let r = transport::send(&url(ME), "GET", None, &agent(), 30_000.0, Some(&signal)).await;
        Ok(JsValue::from_str(&format!("{:?}", r.err())))
    });
    until_received("GET", ME).await;
    controller.abort();
    let outcome = JsFuture::from(in_flight).await.unwrap().as_string();
    assert_eq!(outcome.as_deref(), Some("Some(AbortedInFlight)"));

    // The per-attempt timer.
    let start = transport::now_ms();
    let r = transport::send(&url(ME), "GET", None, &agent(), 200.0, None).await;
    assert_eq!(r.err(), Some(Failure::Timeout));
    let took = transport::now_ms() - start;
    assert!((150.0..5_000.0).contains(&took), "timed out after {took} ms");

    // A signal that fired before: nothing is sent.
    let r = transport::send(&url(ME), "GET", None, &agent(), 5_000.0, Some(&controller.signal())).await;
    assert_eq!(r.err(), Some(Failure::Aborted));
    assert_eq!(requests("GET", ME).await.len(), 2, "the two hung requests, not the pre-aborted one");
    assert_eq!(faults_left().await, 0);
}

#[wasm_bindgen_test]
async fn one_shared_timer_ends_each_attempt_at_its_own_timeout() {
    begin().await;
    fault("GET", ME, 4, json!({ "type": "hang" })).await;
    let hung = |ms: f64| {
        future_to_promise(async move {
            let start = transport::now_ms();
            // A URL of its own: Chromium holds back a GET while the same URL is in flight.
            let r = transport::send(&url(&format!("{ME}?timeout={ms}")), "GET", None, &agent(), ms, None).await;
            let end = transport::now_ms();
            Ok(js_sys::Array::of3(&JsValue::from_str(&format!("{:?}", r.err())), &JsValue::from(end - start), &JsValue::from(end)).into())
        })
    };
    let outcome = |v: JsValue| {
        let a = js_sys::Array::from(&v);
        (a.get(0).as_string().unwrap_or_default(), a.get(1).as_f64().unwrap_or(f64::NAN), a.get(2).as_f64().unwrap_or(f64::NAN))
    };
    // The timer is armed for 1800 ms, re-armed for an earlier deadline (300),
    // and a later one (1000) joins without re-arming it.
    let (slow, fast, middle) = (hung(1_800.0), hung(300.0), hung(1_000.0));
    // An attempt that answers leaves the shared timer to the others.
    let body = JsValue::from_str(r#"{"phoneNumber":"+13175550100"}"#);
    let r = transport::send(&url(DIAL_PATH), "POST", Some(&body), &agent(), 5_000.0, None).await.expect("a response");
    assert_eq!(r.status, 200);
    // Each ends at its own timeout: not before it, and before the next one's.
    let mut ends = Vec::new();
    for (p, ms, next) in [(fast, 300.0, 1_000.0), (middle, 1_000.0, 1_800.0), (slow, 1_800.0, 5_000.0)] {
        let (err, took, end) = outcome(JsFuture::from(p).await.unwrap());
        assert_eq!(err, "Some(Timeout)", "the {ms} ms attempt");
        assert!((ms - 2.0..next).contains(&took), "the {ms} ms attempt ended after {took} ms");
        ends.push(end);
    }
    assert!(ends[0] < ends[1] && ends[1] < ends[2], "ended in deadline order: {ends:?}");

    // Nothing registered any more: the next attempt arms the timer again.
    let (err, took, _) = outcome(JsFuture::from(hung(100.0)).await.unwrap());
    assert_eq!(err, "Some(Timeout)");
    assert!((98.0..3_100.0).contains(&took), "ended after {took} ms");
    assert_eq!(requests("GET", ME).await.len(), 4, "every attempt reached the server");
    assert_eq!(faults_left().await, 0);
}

#[wasm_bindgen_test]
async fn attempts_share_one_timer() {
    begin().await;
    // Count the global `setTimeout` calls for this test's 5 s timeout (the
    // transport looks `setTimeout` up at each call; Node's fetch arms timers
    // of its own, for other durations).
    let global = js_sys::global();
    let original: js_sys::Function = js_sys::Reflect::get(&global, &"setTimeout".into()).unwrap().dyn_into().unwrap();
    let calls = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let counted = {
        let (calls, original) = (calls.clone(), original.clone());
        Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(move |f: JsValue, ms: JsValue| {
            if ms.as_f64().is_some_and(|ms| ms > 4_000.0 && ms <= 5_000.0) {
                calls.set(calls.get() + 1);
            }
            original.call2(&JsValue::UNDEFINED, &f, &ms).unwrap_or(JsValue::UNDEFINED)
        })
    };
    js_sys::Reflect::set(&global, &"setTimeout".into(), counted.as_ref()).unwrap();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(transport::send(&url(ME), "GET", None, &agent(), 5_000.0, None).await.map(|r| r.status));
    }
    let together: Vec<_> = (0..5)
        .map(|i| {
            future_to_promise(async move {
                let r = transport::send(&url(&format!("{ME}?n={i}")), "GET", None, &agent(), 5_000.0, None).await;
                Ok(JsValue::from(r.map(|r| r.status).unwrap_or(0)))
            })
        })
        .collect();
    for p in together {
        statuses.push(Ok(JsFuture::from(p).await.unwrap().as_f64().unwrap_or(0.0) as u16));
    }
    js_sys::Reflect::set(&global, &"setTimeout".into(), &original).unwrap();
    assert!(statuses.iter().all(|s| *s == Ok(200)), "{statuses:?}");
    // At most one arming (none if a timer from an earlier test is still armed
    // for an earlier time); a timer per attempt would be 10.
    assert!(calls.get() <= 1, "setTimeout called {} times for 10 attempts", calls.get());
}

#[wasm_bindgen_test]
async fn a_fetch_that_ignores_its_signal_still_times_out() {
    begin().await;
    // A `fetch` that never settles and never looks at its signal.
    let global = js_sys::global();
    let original = js_sys::Reflect::get(&global, &"fetch".into()).unwrap();
    let silent = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(|_: JsValue, _: JsValue| js_sys::Promise::new(&mut |_, _| {}).into());
    js_sys::Reflect::set(&global, &"fetch".into(), silent.as_ref()).unwrap();
    let start = transport::now_ms();
    let r = transport::send(&url(ME), "GET", None, &agent(), 200.0, None).await;
    let took = transport::now_ms() - start;
    js_sys::Reflect::set(&global, &"fetch".into(), &original).unwrap();
    assert_eq!(r.err(), Some(Failure::Timeout));
    assert!((198.0..3_000.0).contains(&took), "timed out after {took} ms");

    // The caller's signal ends the wait too, at once, not at the timeout.
    js_sys::Reflect::set(&global, &"fetch".into(), silent.as_ref()).unwrap();
    let controller = AbortController::new().unwrap();
    later(100, &abort_fn(&controller));
    let start = transport::now_ms();
    let r = transport::send(&url(ME), "GET", None, &agent(), 30_000.0, Some(&controller.signal())).await;
    let took = transport::now_ms() - start;
    js_sys::Reflect::set(&global, &"fetch".into(), &original).unwrap();
    assert_eq!(r.err(), Some(Failure::AbortedInFlight));
    assert!(took < 5_000.0, "ended {took} ms after the start, the abort came at 100 ms");
}

#[wasm_bindgen_test]
async fn sleep_waits_and_returns_false_when_the_signal_fires() {
    begin().await;
    let start = transport::now_ms();
    assert!((start - js_sys::Date::now()).abs() < 1_000.0, "now_ms is wall-clock ms");
    assert!(transport::sleep(30.0, None).await, "a sleep that runs out");
    assert!(transport::now_ms() - start >= 25.0);

    let controller = AbortController::new().unwrap();
    later(50, &abort_fn(&controller));
    let start = transport::now_ms();
    assert!(!transport::sleep(60_000.0, Some(&controller.signal())).await, "the signal ends the sleep");
    assert!(transport::now_ms() - start < 5_000.0);
    // Already fired: false at once.
    assert!(!transport::sleep(60_000.0, Some(&controller.signal())).await);
}
