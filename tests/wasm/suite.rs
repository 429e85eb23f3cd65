// The wasm-bindgen test suite, included by each runtime's test binary
// (tests/wasm_*.rs), which defines `EXPECTED_SCOPE` and `WORKER` first.
// Every test talks to fake-genesys over real HTTP on loopback.

use serde_json::json;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn suite_runs_in_the_expected_global_scope() {
    let (name, has_window) = scope();
    assert_eq!(name, EXPECTED_SCOPE);
    if WORKER {
        assert!(!has_window, "a worker scope must have no window");
    }
}

#[wasm_bindgen_test]
async fn dial_normalizes_the_number_and_reaches_the_server_once() {
    let number = unique_number(1);
    let typed = format!("{} ({}) {}-{}", &number[..2], &number[2..5], &number[5..8], &number[8..]);
    let c = client(&token("agent"), json!({}));
    let out = settle(c.dial(&json!({ "phoneNumber": typed }).to_string(), JsValue::UNDEFINED)).await.expect("dial");
    let id = out["conversationId"].as_str().unwrap().to_string();
    let sent: Vec<_> = requests("POST", "/api/v2/conversations/calls").await.into_iter().filter(|r| r["body"]["phoneNumber"] == number.as_str()).collect();
    assert_eq!(sent.len(), 1, "the dial must reach the server exactly once");
    assert_eq!(sent[0]["body"], json!({ "phoneNumber": number }));
    assert_eq!(sent[0]["headers"]["authorization"], format!("Bearer {}", token("agent")));
    assert!(sent[0]["headers"]["content-type"].as_str().unwrap().starts_with("application/json"));
    let conv = server_conversation(&id).await;
    assert_eq!(participants(&conv, "customer")[0]["address"], format!("tel:{number}"));
}

#[wasm_bindgen_test]
async fn dial_on_behalf_of_a_user_uses_the_user_path() {
    let number = unique_number(2);
    let alex = user_id("agent");
    let c = client(&token("clientCredentials"), json!({}));
    let opts = json!({ "phoneNumber": number, "onBehalfOf": alex, "callerIdName": "Acme Support", "attributes": { "crmId": "42" } });
    settle(c.dial(&opts.to_string(), JsValue::UNDEFINED)).await.expect("dial on behalf");
    let sent = requests("POST", &format!("/api/v2/conversations/calls/user/{alex}")).await;
    let mine: Vec<_> = sent.iter().filter(|r| r["body"]["phoneNumber"] == number.as_str()).collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["body"], json!({ "phoneNumber": number, "callerIdName": "Acme Support", "attributes": { "crmId": "42" } }));
}

#[wasm_bindgen_test]
async fn plain_dial_with_a_client_credentials_token_is_refused_as_not_a_user() {
    let c = client(&token("clientCredentials"), json!({}));
    let e = settle(c.dial(&json!({ "phoneNumber": unique_number(3) }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "bad_request");
    assert_eq!(e["status"], 400);
    assert_eq!(e["code"], "not.a.user");
    assert!(e["correlationId"].as_str().map_or(false, |s| s.len() == 36));
}

#[wasm_bindgen_test]
async fn invalid_input_is_refused_before_any_request() {
    let number = "+1 555 12";
    let c = client(&token("agent"), json!({}));
    let before = requests("POST", "/api/v2/conversations/calls").await.len();
    let e = settle(c.dial(&json!({ "phoneNumber": number }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "invalid_input");
    assert_eq!(e["field"], "phoneNumber");
    let e = settle(c.transfer(&json!({ "conversationId": "../../users/me", "to": { "queueId": queue_id("Billing") } }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["field"], "conversationId");
    assert_eq!(requests("POST", "/api/v2/conversations/calls").await.len(), before);
}

#[wasm_bindgen_test]
async fn transfer_to_a_queue_by_name_replaces_the_agents_own_participant() {
    let conv = scenario("agent-connected", "agent").await;
    let cid = conv["id"].as_str().unwrap();
    let agent_pid = participants(&conv, "agent")[0]["id"].as_str().unwrap().to_string();
    let c = client(&token("agent"), json!({}));
    let out = settle(c.transfer(&json!({ "conversationId": cid, "to": { "queueName": "Support Tier 2" } }).to_string(), JsValue::UNDEFINED)).await.expect("transfer");
    assert_eq!(out["participantId"], agent_pid.as_str());
    assert_eq!(out["queueId"], queue_id("Support Tier 2").as_str());
    let posts = requests("POST", &format!("/api/v2/conversations/{cid}/participants/*")).await;
    assert_eq!(posts.len(), 1, "one transfer request");
    assert_eq!(posts[0]["path"], format!("/api/v2/conversations/{cid}/participants/{agent_pid}/replace/queue"));
    assert_eq!(posts[0]["body"], json!({ "queueId": queue_id("Support Tier 2") }));
    let lookups = requests("GET", "/api/v2/routing/queues").await;
    assert!(lookups.iter().any(|r| r["query"]["name"] == "Support Tier 2"));
    let after = server_conversation(cid).await;
    assert_eq!(call_state(participants(&after, "agent")[0]), "disconnected");
    let acd: Vec<_> = participants(&after, "acd").into_iter().filter(|p| p["queueName"] == "Support Tier 2").collect();
    assert_eq!(acd.len(), 1);
    assert_eq!(call_state(acd[0]), "connected");
}

#[wasm_bindgen_test]
async fn transfer_to_each_target_uses_its_endpoint() {
    let contact = seed()["externalContacts"][0]["id"].as_str().unwrap().to_string();
    let blair = user_id("agent2");
    let cases = [
        (json!({ "userId": blair }), "/replace/agent", json!({ "userId": blair })),
        (json!({ "address": "+1 317-555-0177" }), "/transfer", json!({ "address": "+13175550177" })),
        (json!({ "contactId": contact, "phoneType": "CellPhone" }), "/replace/contact/external", json!({ "contactId": contact, "phoneType": "CellPhone" })),
        (json!({ "queueId": queue_id("Billing") }), "/replace/queue", json!({ "queueId": queue_id("Billing") })),
    ];
    let c = client(&token("agent"), json!({}));
    for (to, suffix, body) in cases {
        let conv = scenario("agent-connected", "agent").await;
        let cid = conv["id"].as_str().unwrap();
        let pid = participants(&conv, "agent")[0]["id"].as_str().unwrap().to_string();
        settle(c.transfer(&json!({ "conversationId": cid, "to": to }).to_string(), JsValue::UNDEFINED)).await.expect("transfer");
        let posts = requests("POST", &format!("/api/v2/conversations/{cid}/participants/*")).await;
        assert_eq!(posts.len(), 1);
        assert_eq!(posts[0]["path"], format!("/api/v2/conversations/{cid}/participants/{pid}{suffix}"));
        assert_eq!(posts[0]["body"], body);
    }
}

#[wasm_bindgen_test]
async fn an_ambiguous_queue_name_lists_the_candidates_and_sends_no_transfer() {
    let conv = scenario("agent-connected", "agent").await;
    let cid = conv["id"].as_str().unwrap();
    let c = client(&token("agent"), json!({}));
    let e = settle(c.transfer(&json!({ "conversationId": cid, "to": { "queueName": "Support*" } }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "ambiguous");
    let names: Vec<_> = e["candidates"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["Support Tier 1", "Support Tier 2"]);
    assert!(e["message"].as_str().unwrap().contains("Support Tier 2"));
    let e = settle(c.transfer(&json!({ "conversationId": cid, "to": { "queueName": "No Such Queue" } }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "not_found");
    assert!(requests("POST", &format!("/api/v2/conversations/{cid}/participants/*")).await.is_empty());
}

#[wasm_bindgen_test]
async fn transfer_is_refused_before_sending_when_the_agent_is_not_connected() {
    let conv = scenario("agent-alerting", "agent").await;
    let cid = conv["id"].as_str().unwrap();
    let c = client(&token("agent"), json!({}));
    let e = settle(c.transfer(&json!({ "conversationId": cid, "to": { "queueId": queue_id("Billing") } }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "invalid_state");
    assert!(e["message"].as_str().unwrap().contains("not connected"));
    assert!(requests("POST", &format!("/api/v2/conversations/{cid}/participants/*")).await.is_empty());
}

#[wasm_bindgen_test]
async fn a_queued_call_is_moved_with_a_client_credentials_token() {
    let conv = scenario("queued", "agent").await;
    let cid = conv["id"].as_str().unwrap();
    let acd_pid = participants(&conv, "acd")[0]["id"].as_str().unwrap().to_string();
    let c = client(&token("clientCredentials"), json!({}));
    let out = settle(c.transfer(&json!({ "conversationId": cid, "to": { "queueName": "Support Tier 1" } }).to_string(), JsValue::UNDEFINED)).await.expect("move");
    assert_eq!(out["participantId"], acd_pid.as_str());
    let after = server_conversation(cid).await;
    let waiting: Vec<_> = participants(&after, "acd").into_iter().filter(|p| call_state(p) == "connected").collect();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["queueName"], "Support Tier 1");
}

#[wasm_bindgen_test]
async fn genesys_errors_map_to_their_kinds() {
    let conv = scenario("agent-connected", "noPermissions").await;
    let cid = conv["id"].as_str().unwrap();
    let c = client(&token("noPermissions"), json!({}));
    let e = settle(c.transfer(&json!({ "conversationId": cid, "to": { "queueId": queue_id("Billing") }, "participantId": participants(&conv, "agent")[0]["id"] }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "forbidden");
    assert!(e["message"].as_str().unwrap().contains("conversation:communication:blindTransfer"));

    let c = client(&token("agent"), json!({}));
    let e = settle(c.conversation("00000000-0000-4000-8000-000000000000", JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!((e["kind"].clone(), e["status"].clone()), (json!("not_found"), json!(404)));

    let bad = client("not-a-known-token", json!({}));
    let e = settle(bad.me(JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!((e["kind"].clone(), e["code"].clone()), (json!("unauthorized"), json!("bad.credentials")));
    assert!(!e.to_string().contains("not-a-known-token"), "the token never appears in an error");
}

#[wasm_bindgen_test]
async fn a_dial_that_may_have_reached_the_server_is_never_resent() {
    let c = client(&token("agent"), json!({ "retry": 3 }));
    for (tag, f, kind) in [(4, json!({ "type": "drop-mid-response" }), "network"), (6, json!({ "type": "status", "status": 503 }), "server")] {
        let number = unique_number(tag);
        fault("POST", "/api/v2/conversations/calls", 1, f).await;
        let e = settle(c.dial(&json!({ "phoneNumber": number }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
        assert_eq!(e["kind"], kind);
        assert_eq!(e["maybeApplied"], true);
        assert_eq!(e["attempts"], 1);
        let sent: Vec<_> = requests("POST", "/api/v2/conversations/calls").await.into_iter().filter(|r| r["body"]["phoneNumber"] == number.as_str()).collect();
        assert_eq!(sent.len(), 1, "never re-sent");
    }
}

#[wasm_bindgen_test]
async fn a_429_on_dial_is_retried_after_retry_after_and_places_one_call() {
    let number = unique_number(5);
    fault("POST", "/api/v2/conversations/calls", 1, json!({ "type": "status", "status": 429, "retryAfter": 0.05 })).await;
    let c = client(&token("agent"), json!({}));
    settle(c.dial(&json!({ "phoneNumber": number }).to_string(), JsValue::UNDEFINED)).await.expect("dial after 429");
    let all = requests("POST", "/api/v2/conversations/calls").await;
    let mine: Vec<_> = all.iter().filter(|r| r["body"]["phoneNumber"] == number.as_str()).collect();
    assert_eq!(mine.len(), 2, "one rejected with 429, one placed");
}

#[wasm_bindgen_test]
async fn a_429_asking_for_more_than_the_cap_fails_at_once_with_retry_after() {
    fault("GET", "/api/v2/users/me", 1, json!({ "type": "status", "status": 429, "retryAfter": 120 })).await;
    let c = client(&token("agent"), json!({ "retry": { "limit": 3, "maxRetryAfterMs": 1000 } }));
    let e = settle(c.me(JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "rate_limited");
    assert_eq!(e["retryAfterMs"], 120_000);
    assert_eq!(e["attempts"], 1);
}

#[wasm_bindgen_test]
async fn a_hanging_request_times_out_and_a_bad_body_is_unexpected() {
    fault("GET", "/api/v2/users/me", 1, json!({ "type": "hang" })).await;
    let c = client(&token("agent"), json!({ "timeoutMs": 300, "retry": 0 }));
    let e = settle(c.me(JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "timeout");
    fault("GET", "/api/v2/users/me", 1, json!({ "type": "non-json" })).await;
    let e = settle(c.me(JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "unexpected_response");
}

#[wasm_bindgen_test]
async fn a_token_provider_is_asked_again_once_after_a_401() {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let calls = Rc::new(Cell::new(0u32));
    let seen = calls.clone();
    let good = token("agent");
    let provider = Closure::<dyn FnMut() -> JsValue>::new(move || {
        seen.set(seen.get() + 1);
        // First an expired token, then a fresh one, as a host's refresh would.
        let t = if seen.get() == 1 { "expired-token".to_string() } else { good.clone() };
        js_sys::Promise::resolve(&JsValue::from_str(&t)).into()
    });
    let f: js_sys::Function = provider.as_ref().unchecked_ref::<js_sys::Function>().clone();
    let c = genesys_callctl::bindings::WasmClient::new(&json!({ "apiBase": SERVER }).to_string(), f.into(), JsValue::UNDEFINED).ok().unwrap();
    let me = settle(c.me(JsValue::UNDEFINED)).await.expect("me after refresh");
    assert_eq!(me["id"], user_id("agent").as_str());
    assert_eq!(calls.get(), 2);
    drop(provider);
}
