//! The notification session's REST steps and the call operations run as
//! tasks: HEAD and PUT retried like reads, a channel never re-created by a
//! retry, answer and calls end to end.

use super::*;
use crate::core::plan::Plan;

const CHANNEL_ID: &str = "streaming-2-aa5h48uk0srhpugh2994klj918";

fn alive_path() -> String {
    format!("/api/v2/notifications/channels/{CHANNEL_ID}")
}

fn topic() -> String {
    format!("v2.users.{ME}.conversations.calls")
}

/// `answered_call` with ME's leg ringing.
fn ringing_call() -> String {
    answered_call().replacen(
        r#""calls":[{"direction":"inbound","provider":"Edge","state":"connected"}],"id":"a1000000-0000-4000-8000-000000000004""#,
        r#""calls":[{"direction":"inbound","provider":"Edge","state":"alerting"}],"id":"a1000000-0000-4000-8000-000000000004""#,
        1,
    )
}

fn answer_path() -> String {
    format!("/api/v2/conversations/calls/{CONV}/participants/{P_AGENT}")
}

/// A HEAD answers a status and no body.
fn head(status: u16) -> Reply {
    Reply::Response(Response { status, retry_after: None, correlation_id: None, content_type: None, body: String::new() })
}

#[test]
fn a_head_is_retried_on_network_failure_503_and_429_like_a_get() {
    let c = client(r#","retry":{"limit":5}"#, false);
    let plan = Plan::channel_alive(CHANNEL_ID).unwrap();
    let path = alive_path();
    let replies = vec![Reply::Failed(SendError::Network), head(503), too_many("1"), head(200)];
    let r = run_plan(&c, plan, 0.0, 0.0, scripted(path.as_str(), replies));
    assert_eq!(r.fetches(), [(Method::Head, path.as_str(), 1), (Method::Head, path.as_str(), 2), (Method::Head, path.as_str(), 3), (Method::Head, path.as_str(), 4)]);
    assert_eq!(r.sleeps().len(), 3);
    assert_eq!(r.sleeps()[2], 1000.0, "the 429's Retry-After");
    assert_eq!(r.outcomes, [Some("network"), None, Some("server"), None, Some("rate_limited"), None, Some("ok")]);
    assert_eq!(r.ok(), Value::Null);
}

#[test]
fn a_head_404_is_not_found_at_once() {
    let c = client("", false);
    let r = run_plan(&c, Plan::channel_alive(CHANNEL_ID).unwrap(), 0.0, 0.5, scripted(alive_path(), vec![head(404)]));
    assert_eq!(r.fetches().len(), 1);
    let e = r.err();
    assert_eq!((e.kind(), e.status(), e.maybe_applied()), (Kind::NotFound, Some(404), false));
}

#[test]
fn a_subscription_put_is_retried_after_a_network_failure_but_a_channel_post_is_not() {
    let c = client("", false);
    let path = format!("{}/subscriptions", alive_path());
    let permitted = json!({ "entities": [{ "id": topic(), "state": "Permitted" }] }).to_string();
    let plan = Plan::subscribe(CHANNEL_ID, &[topic()]).unwrap();
    let r = run_plan(&c, plan, 0.0, 0.5, scripted(path.as_str(), vec![Reply::Failed(SendError::Network), ok(&permitted)]));
    assert_eq!(r.fetches(), [(Method::Put, path.as_str(), 1), (Method::Put, path.as_str(), 2)]);
    assert_eq!(r.ok(), Value::Null);

    let r = run_plan(&c, Plan::create_channel(&c.config.api_base), 0.0, 0.5, scripted("/api/v2/notifications/channels", vec![Reply::Failed(SendError::Network)]));
    assert_eq!(r.fetches(), [(Method::Post, "/api/v2/notifications/channels", 1)]);
    assert_eq!(r.err().kind(), Kind::Network);
}

#[test]
fn a_new_channel_on_a_loopback_api_is_read_with_its_ws_uri() {
    let c = client("", false);
    let body = json!({ "id": CHANNEL_ID, "connectUri": format!("ws://127.0.0.1:1/channels/{CHANNEL_ID}"), "expires": "2021-02-03T17:59:07.650Z" });
    let r = run_plan(&c, Plan::create_channel(&c.config.api_base), 0.0, 0.5, scripted("/api/v2/notifications/channels", vec![ok(&body.to_string())]));
    let Effect::Fetch { body, .. } = &r.effects[0] else { panic!() };
    assert_eq!(*body, None, "no request body");
    assert_eq!(r.ok(), json!({ "id": CHANNEL_ID, "connectUri": format!("ws://127.0.0.1:1/channels/{CHANNEL_ID}"), "expiresMs": 1_612_375_147_650.0 }));
    // A connectUri elsewhere is refused.
    let evil = json!({ "id": CHANNEL_ID, "connectUri": "wss://evil.example/channels/x" });
    let r = run_plan(&c, Plan::create_channel(&c.config.api_base), 0.0, 0.5, scripted("/api/v2/notifications/channels", vec![ok(&evil.to_string())]));
    assert_eq!(r.err().kind(), Kind::UnexpectedResponse);
}

#[test]
fn answer_reads_the_call_and_the_user_then_patches_once() {
    let c = client("", false);
    let r = run(&c, "answer", conversation(), scripted(conv_path(), vec![ok(&ringing_call())]));
    assert_eq!(r.paths(), [conv_path(), "/api/v2/users/me", answer_path().as_str()]);
    let Some(Effect::Fetch { method, body, .. }) = r.effects.last() else { panic!() };
    assert_eq!((*method, text(body).as_deref()), (Method::Patch, Some(r#"{"state":"connected"}"#)));
    assert_eq!(r.ok(), json!({ "conversationId": CONV, "participantId": P_AGENT }));
}

#[test]
fn answer_of_a_connected_call_sends_no_patch() {
    let c = client("", false);
    let r = run(&c, "answer", conversation(), genesys);
    assert_eq!(r.paths(), [conv_path(), "/api/v2/users/me"]);
    assert_eq!(r.err().kind(), Kind::InvalidState);
}

#[test]
fn an_answer_patch_that_timed_out_is_not_resent_and_may_have_applied() {
    let c = client(r#","retry":{"limit":5}"#, false);
    let path = answer_path();
    let r = run(&c, "answer", json!({ "conversationId": CONV, "participantId": P_AGENT }), scripted(path.as_str(), vec![Reply::Failed(SendError::Timeout)]));
    assert_eq!(r.fetches(), [(Method::Patch, path.as_str(), 1)]);
    assert!(r.err().maybe_applied());
}

#[test]
fn calls_and_me_id_share_the_clients_users_me() {
    let c = client("", false);
    let listing = json!({ "entities": [{ "id": CONV, "participants": [
        { "id": P_CUSTOMER, "purpose": "customer", "state": "connected", "direction": "inbound", "address": "tel:+13175550100" },
        { "id": P_AGENT, "purpose": "agent", "state": "alerting", "direction": "inbound", "user": { "id": ME }, "queue": { "id": QUEUE } },
    ]}], "pageSize": 25, "pageNumber": 1, "total": 1 })
    .to_string();
    let r = run(&c, "calls", json!({}), scripted(DIAL_PATH, vec![ok(&listing)]));
    assert_eq!(r.fetches(), [(Method::Get, "/api/v2/users/me", 1), (Method::Get, DIAL_PATH, 1)]);
    assert_eq!(
        r.ok(),
        json!([{ "conversationId": CONV, "participantId": P_AGENT, "state": "alerting", "direction": "inbound",
                 "held": false, "muted": false, "remote": "tel:+13175550100", "queueId": QUEUE }])
    );
    let r = run_plan(&c, Plan::me_id(), 0.0, 0.5, genesys);
    assert!(r.effects.is_empty(), "users/me is cached per client");
    assert_eq!(r.ok(), json!(ME));
}
