// Cancellation at each phase and deadlines, included by each runtime's test
// binary. Each test uses its own token (registered per test) so faults and
// counts at the shared server belong to it alone.

async fn private_token(tag: &str) -> String {
    let t = format!("abort-test-{tag}-{}", (js_sys::Math::random() * 1e9) as u64);
    fetch_control_token(&t).await;
    t
}

async fn fetch_control_token(t: &str) {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let h = web_sys::Headers::new().unwrap();
    h.set("Content-Type", "application/json").unwrap();
    init.set_headers(&h);
    init.set_body(&JsValue::from_str(&json!({ "token": t, "userId": user_id("agent") }).to_string()));
    let fetch: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"fetch".into()).unwrap().into();
    let p: js_sys::Promise = fetch.call2(&JsValue::UNDEFINED, &format!("{SERVER}/__control/tokens").into(), &init).unwrap().into();
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

async fn me_requests_with(token: &str) -> usize {
    requests("GET", "/api/v2/users/me").await.iter().filter(|r| r["headers"]["authorization"] == format!("Bearer {token}")).count()
}

/// Waits (bounded: 500 polls of 10 ms) until the server has this token's users/me request.
async fn until_me_received(token: &str) {
    for _ in 0..500 {
        if me_requests_with(token).await >= 1 {
            return;
        }
        pause(10).await;
    }
    panic!("the server never received the request");
}

#[wasm_bindgen_test]
async fn abort_before_sending_sends_nothing() {
    let number = unique_number(7);
    let ac = controller();
    ac.abort();
    let c = client(&token("agent"), json!({}));
    let e = settle(c.dial(&json!({ "phoneNumber": number }).to_string(), ac.signal().into())).await.unwrap_err();
    assert_eq!(e["kind"], "aborted");
    let sent = requests("POST", "/api/v2/conversations/calls").await.into_iter().filter(|r| r["body"]["phoneNumber"] == number.as_str()).count();
    assert_eq!(sent, 0);
}

#[wasm_bindgen_test]
async fn abort_in_flight_rejects_promptly_with_aborted() {
    let t = private_token("flight").await;
    fault("GET", "/api/v2/users/me", 1, json!({ "type": "hang" })).await;
    let c = client(&t, json!({ "timeoutMs": 20000 }));
    let ac = controller();
    let pending = c.me(ac.signal().into());
    until_me_received(&t).await;
    let at = now();
    ac.abort();
    let e = settle(pending).await.unwrap_err();
    assert_eq!(e["kind"], "aborted");
    assert!(now() - at < 1000.0, "aborted promptly, not after the 20 s timeout");
}

#[wasm_bindgen_test]
async fn abort_during_the_wait_before_a_retry_stops_the_wait() {
    let t = private_token("backoff").await;
    fault("GET", "/api/v2/users/me", 1, json!({ "type": "status", "status": 429, "retryAfter": 10 })).await;
    let c = client(&t, json!({}));
    let ac = controller();
    let pending = c.me(ac.signal().into());
    until_me_received(&t).await;
    let at = now();
    ac.abort();
    let e = settle(pending).await.unwrap_err();
    assert_eq!(e["kind"], "aborted");
    assert!(now() - at < 1000.0, "the 10 s wait was cut short");
    assert_eq!(me_requests_with(&t).await, 1, "no retry after the abort");
}

#[wasm_bindgen_test]
async fn a_timeout_and_an_abort_are_told_apart_by_which_signal_fired() {
    let t = private_token("timeout").await;
    fault("GET", "/api/v2/users/me", 1, json!({ "type": "hang" })).await;
    let c = client(&t, json!({ "timeoutMs": 200, "retry": 0 }));
    let ac = controller();
    let at = now();
    let e = settle(c.me(ac.signal().into())).await.unwrap_err();
    assert_eq!(e["kind"], "timeout");
    assert!(now() - at < 2000.0);
    assert!(!ac.signal().aborted(), "the caller's signal is untouched");
}

#[wasm_bindgen_test]
async fn a_wait_past_the_total_deadline_fails_at_once() {
    let t = private_token("deadline").await;
    fault("GET", "/api/v2/users/me", 1, json!({ "type": "status", "status": 429, "retryAfter": 5 })).await;
    let c = client(&t, json!({ "totalTimeoutMs": 1000 }));
    let at = now();
    let e = settle(c.me(JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "rate_limited");
    assert_eq!(e["retryAfterMs"], 5000);
    assert!(now() - at < 1000.0, "no sleeping past the deadline");
}
