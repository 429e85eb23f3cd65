//! The operations end to end: one-shot `dial` and `transfer`, lookups,
//! hold / mute / hang up, and single flight.

use super::begin;
use super::support::*;
use genesys_callctl::bindings;
use js_sys::{Object, Promise};
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn dial_one_shot_resolves_a_plain_object_and_posts_once() {
    begin().await;
    let result = ok(bindings::dial(js(&json!({
        "apiBase": SERVER,
        "token": AGENT_TOKEN,
        "phoneNumber": "tel:+1 (317) 555-0100",
    }))))
    .await;
    // A plain object (serde-wasm-bindgen's json_compatible), not a Map.
    assert_eq!(JsValue::from(Object::get_prototype_of(&result)), object_prototype(), "{result:?}");
    let cid = conversation_id(&result);
    let posts = requests("POST", DIAL_PATH).await;
    assert_eq!(posts.len(), 1, "one POST {DIAL_PATH}: {posts:?}");
    assert_eq!(posts[0]["body"]["phoneNumber"], "+13175550100", "normalized to E.164");
    assert!(server_conversation(&cid).await["participants"].is_array(), "the server knows conversation {cid}");
}

#[wasm_bindgen_test]
async fn transfer_to_queue_id_replaces_the_agents_own_participant() {
    begin().await;
    let conv = scenario("agent-connected").await;
    let cid = conv["id"].as_str().unwrap().to_string();
    let agent = participant_id(&conv, "agent");
    let result = ok(bindings::transfer(js(&json!({
        "apiBase": SERVER,
        "token": AGENT_TOKEN,
        "conversationId": cid,
        "to": { "queueId": SUPPORT_TIER_2 },
    }))))
    .await;
    assert_eq!(JsValue::from(Object::get_prototype_of(&result)), object_prototype());
    assert_eq!(get_str(&result, "conversationId").as_deref(), Some(cid.as_str()));
    assert_eq!(get_str(&result, "participantId").as_deref(), Some(agent.as_str()));
    assert_eq!(get_str(&result, "queueId").as_deref(), Some(SUPPORT_TIER_2));
    let path = format!("/api/v2/conversations/{cid}/participants/{agent}/replace/queue");
    let sent = requests("POST", &path).await;
    assert_eq!(sent.len(), 1, "one POST {path}");
    assert_eq!(sent[0]["body"]["queueId"], SUPPORT_TIER_2);
    // The server moved the call: the agent's leg is gone, Support Tier 2 has it.
    let after = server_conversation(&cid).await;
    assert_eq!(call_of(&after, &agent)["state"], "disconnected");
    let queued = after["participants"].as_array().unwrap().iter().any(|p| p["queueId"] == SUPPORT_TIER_2 && p["purpose"] == "acd");
    assert!(queued, "an acd participant for Support Tier 2: {after}");
}

#[wasm_bindgen_test]
async fn lookups_return_the_apis_json_and_cache_users_me() {
    begin().await;
    let conv = scenario("agent-connected").await;
    let cid = conv["id"].as_str().unwrap();
    let cc = client();
    let me = ok(cc.me(JsValue::UNDEFINED)).await;
    assert_eq!(get_str(&me, "id").as_deref(), Some(AGENT_ID));
    // findQueues → Queue[] (the listing's entities).
    let queues = ok(cc.find_queues("Support*".into(), JsValue::UNDEFINED)).await;
    assert!(js_sys::Array::is_array(&queues), "an array: {}", json_of(&queues));
    let queues = json_of(&queues);
    let mut names: Vec<&str> = queues.as_array().unwrap().iter().filter_map(|q| q["name"].as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Support Tier 1", "Support Tier 2"]);
    let got = ok(cc.conversation(cid.into(), JsValue::UNDEFINED)).await;
    assert_eq!(get_str(&got, "id").as_deref(), Some(cid));
    // A transfer needs users/me: the client's cached answer is used.
    ok(cc.transfer(js(&json!({ "conversationId": cid, "to": { "queueId": SUPPORT_TIER_2 } })))).await;
    assert_eq!(requests("GET", "/api/v2/users/me").await.len(), 1, "users/me read once per client");
}

#[wasm_bindgen_test]
async fn hold_mute_and_hang_up_change_the_agents_leg() {
    begin().await;
    let conv = scenario("agent-connected").await;
    let cid = conv["id"].as_str().unwrap();
    let agent = participant_id(&conv, "agent");
    let cc = client();
    ok(cc.hold(cid.into(), JsValue::TRUE, JsValue::UNDEFINED)).await;
    ok(cc.mute(cid.into(), JsValue::TRUE, JsValue::UNDEFINED)).await;
    let mid = server_conversation(cid).await;
    assert_eq!(call_of(&mid, &agent)["held"], true);
    assert_eq!(call_of(&mid, &agent)["muted"], true);
    ok(cc.hang_up(cid.into(), JsValue::UNDEFINED)).await;
    assert_eq!(call_of(&server_conversation(cid).await, &agent)["state"], "disconnected");
    let path = format!("/api/v2/conversations/calls/{cid}/participants/{agent}");
    let patches: Vec<_> = requests("PATCH", &path).await.into_iter().map(|r| r["body"].clone()).collect();
    assert_eq!(patches, [json!({ "held": true }), json!({ "muted": true }), json!({ "state": "disconnected" })]);
}

#[wasm_bindgen_test]
async fn identical_dials_in_flight_share_one_request() {
    begin().await;
    let cc = client();
    // A double click: the second dial starts while the first is in flight.
    let (a, b): (Promise, Promise) = (cc.dial(dial_options()), cc.dial(dial_options()));
    let (a, b) = (ok(a).await, ok(b).await);
    assert_eq!(conversation_id(&a), conversation_id(&b));
    assert_eq!(requests("POST", DIAL_PATH).await.len(), 1, "a double click places one call");
    // Once settled, the next identical dial is a new call.
    let c = ok(cc.dial(dial_options())).await;
    assert_ne!(conversation_id(&c), conversation_id(&a));
    assert_eq!(requests("POST", DIAL_PATH).await.len(), 2);
}
