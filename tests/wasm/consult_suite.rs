// Consult transfer and in-call controls, included by each runtime's test
// binary after suite.rs. State is asserted at the server after every step.

fn by_id<'a>(conv: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    conv["participants"].as_array().unwrap().iter().find(|p| p["id"] == id).expect("participant")
}

async fn call(p: js_sys::Promise) -> serde_json::Value {
    settle(p).await.unwrap_or_else(|e| panic!("call failed: {e}"))
}

#[wasm_bindgen_test]
async fn consult_then_speak_to_both_then_complete_leaves_customer_with_destination() {
    let conv = scenario("agent-connected", "agent").await;
    let cid = conv["id"].as_str().unwrap();
    let customer = participants(&conv, "customer")[0]["id"].as_str().unwrap().to_string();
    let agent = participants(&conv, "agent")[0]["id"].as_str().unwrap().to_string();
    let blair = user_id("agent2");
    let c = client(&token("agent"), json!({}));
    let started = call(c.consult(&json!({ "conversationId": cid, "to": { "userId": blair } }).to_string(), JsValue::UNDEFINED)).await;
    assert_eq!(started["participantId"], customer.as_str(), "a consult starts from the customer");
    let dest = started["destinationParticipantId"].as_str().unwrap().to_string();
    let posts = requests("POST", &format!("/api/v2/conversations/calls/{cid}/participants/*")).await;
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["path"], format!("/api/v2/conversations/calls/{cid}/participants/{customer}/consult/agent"));
    assert_eq!(posts[0]["body"], json!({ "speakTo": "DESTINATION", "userId": blair }));
    let s = server_conversation(cid).await;
    assert_eq!(by_id(&s, &dest)["userId"], blair.as_str());
    assert_eq!(by_id(&s, &customer)["consultSpeakTo"], "DESTINATION");

    call(c.consult_speak_to(&json!({ "conversationId": cid, "speakTo": "both" }).to_string(), JsValue::UNDEFINED)).await;
    let s = server_conversation(cid).await;
    assert_eq!(by_id(&s, &customer)["consultSpeakTo"], "BOTH");

    call(c.consult_complete(&json!({ "conversationId": cid }).to_string(), JsValue::UNDEFINED)).await;
    let s = server_conversation(cid).await;
    assert_eq!(call_state(by_id(&s, &agent)), "disconnected");
    assert_eq!(call_state(by_id(&s, &customer)), "connected");
    assert_ne!(call_state(by_id(&s, &dest)), "disconnected");
    let patches = requests("PATCH", &format!("/api/v2/conversations/calls/{cid}/participants/{agent}")).await;
    assert_eq!(patches.len(), 1);
    assert_eq!(patches[0]["body"], json!({ "state": "disconnected" }));
}

#[wasm_bindgen_test]
async fn consult_to_a_queue_by_name_then_cancel_keeps_agent_and_customer() {
    let conv = scenario("agent-connected", "agent").await;
    let cid = conv["id"].as_str().unwrap();
    let customer = participants(&conv, "customer")[0]["id"].as_str().unwrap().to_string();
    let c = client(&token("agent"), json!({}));
    let started = call(c.consult(&json!({ "conversationId": cid, "to": { "queueName": "Billing" }, "speakTo": "object" }).to_string(), JsValue::UNDEFINED)).await;
    let dest = started["destinationParticipantId"].as_str().unwrap().to_string();
    let post = &requests("POST", &format!("/api/v2/conversations/calls/{cid}/participants/{customer}/consult/queue")).await[0];
    assert_eq!(post["body"], json!({ "speakTo": "OBJECT", "queueId": queue_id("Billing") }));
    let rebuilt = call(c.consult_state(&json!({ "conversationId": cid }).to_string(), JsValue::UNDEFINED)).await;
    assert_eq!(rebuilt["destinationParticipantId"], dest.as_str());
    call(c.consult_cancel(&json!({ "conversationId": cid }).to_string(), JsValue::UNDEFINED)).await;
    let s = server_conversation(cid).await;
    assert_eq!(call_state(by_id(&s, &dest)), "disconnected");
    assert_eq!(call_state(participants(&s, "agent")[0]), "connected");
    assert_eq!(call_state(by_id(&s, &customer)), "connected");
    assert_eq!(requests("DELETE", &format!("/api/v2/conversations/calls/{cid}/participants/{customer}/consult")).await.len(), 1);
}

#[wasm_bindgen_test]
async fn hold_unhold_mute_and_hang_up_change_the_agents_own_leg() {
    let conv = scenario("agent-connected", "agent").await;
    let cid = conv["id"].as_str().unwrap();
    let agent = participants(&conv, "agent")[0]["id"].as_str().unwrap().to_string();
    let c = client(&token("agent"), json!({}));
    let flag = |s: &serde_json::Value, k: &str| by_id(s, &agent)["calls"].as_array().unwrap().last().unwrap()[k].clone();
    call(c.hold(&json!({ "conversationId": cid, "held": true }).to_string(), JsValue::UNDEFINED)).await;
    assert_eq!(flag(&server_conversation(cid).await, "held"), true);
    call(c.hold(&json!({ "conversationId": cid, "held": false }).to_string(), JsValue::UNDEFINED)).await;
    assert_eq!(flag(&server_conversation(cid).await, "held"), false);
    call(c.mute(&json!({ "conversationId": cid, "muted": true }).to_string(), JsValue::UNDEFINED)).await;
    assert_eq!(flag(&server_conversation(cid).await, "muted"), true);
    call(c.hang_up(&json!({ "conversationId": cid }).to_string(), JsValue::UNDEFINED)).await;
    assert_eq!(call_state(by_id(&server_conversation(cid).await, &agent)), "disconnected");
    let bodies: Vec<_> = requests("PATCH", &format!("/api/v2/conversations/calls/{cid}/participants/{agent}")).await.into_iter().map(|r| r["body"].clone()).collect();
    assert_eq!(bodies, [json!({ "held": true }), json!({ "held": false }), json!({ "muted": true }), json!({ "state": "disconnected" })]);
}

#[wasm_bindgen_test]
async fn wrong_states_are_refused_before_sending() {
    let c = client(&token("agent"), json!({}));
    // No consult in progress: speakTo, complete and cancel are refused.
    let conv = scenario("agent-connected", "agent").await;
    let cid = conv["id"].as_str().unwrap();
    let e = settle(c.consult_speak_to(&json!({ "conversationId": cid, "speakTo": "both" }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "invalid_state");
    let e = settle(c.consult_complete(&json!({ "conversationId": cid }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "invalid_state");
    let e = settle(c.consult_cancel(&json!({ "conversationId": cid }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "invalid_state");
    assert!(requests("PATCH", &format!("/api/v2/conversations/calls/{cid}/*")).await.is_empty());
    assert!(requests("DELETE", &format!("/api/v2/conversations/calls/{cid}/*")).await.is_empty());
    // A consult on a call that is not connected; hold on an alerting call.
    let alerting = scenario("agent-alerting", "agent").await;
    let aid = alerting["id"].as_str().unwrap();
    let e = settle(c.consult(&json!({ "conversationId": aid, "to": { "address": "+13175550199" } }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "invalid_state");
    let e = settle(c.hold(&json!({ "conversationId": aid, "held": true }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["kind"], "invalid_state");
    assert!(requests("POST", &format!("/api/v2/conversations/calls/{aid}/*")).await.is_empty());
    // Genesys's own state error maps to invalid_state too (participantId skips the pre-check).
    let agent = participants(&alerting, "agent")[0]["id"].as_str().unwrap();
    let e = settle(c.hold(&json!({ "conversationId": aid, "held": true, "participantId": agent }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!((e["kind"].clone(), e["status"].clone()), (json!("invalid_state"), json!(400)));
    // Bad speakTo and a missing flag are input errors.
    let e = settle(c.consult_speak_to(&json!({ "conversationId": cid, "speakTo": "everyone" }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["field"], "speakTo");
    let e = settle(c.hold(&json!({ "conversationId": cid }).to_string(), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(e["field"], "held");
}
