//! answer, calls, and the notification session's REST steps.

use super::*;
use crate::core::calls::{agent_call, Call, Snapshot};

/// A call ringing on ME's agent leg (the `Conversation` model, as `GET
/// /api/v2/conversations/{id}` answers it), or in `state`.
fn ringing(state: &str) -> String {
    INBOUND_ANSWERED.replace(
        r#""calls": [ { "state": "connected", "initialState": "alerting", "id": "b2000000-0000-4000-8000-000000000004","#,
        &format!(r#""calls": [ {{ "state": "{state}", "initialState": "alerting", "id": "b2000000-0000-4000-8000-000000000004","#),
    )
}

// ---------------------------------------------------------------- answer

#[test]
fn answer_patches_the_agents_alerting_leg_to_connected() {
    for state in ["alerting", "offering"] {
        let p = plan("answer", json!({ "conversationId": CONV }));
        assert_eq!(p.op(), Op::Answer);
        let (asks, result) = walk(p, Some(ME), genesys(ringing(state)));
        assert_eq!(asks, [get(conv_path()), Ask::Me, send(Method::Patch, calls_participant(P_AGENT), Some(json!({ "state": "connected" })))]);
        assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_AGENT }), "{state}");
    }
}

#[test]
fn answer_refuses_before_sending_when_the_agents_leg_is_not_ringing() {
    for (conv, me, says) in [
        (INBOUND_ANSWERED.to_string(), Some(ME), "is connected, not alerting"),
        (ringing("dialing"), Some(ME), "is dialing, not alerting"),
        (REQUEUED.to_string(), Some(ME), "you are not on this call"),
        (WAITING_IN_QUEUE.to_string(), Some(ME), "you are not on this call"),
        (ringing("alerting"), None, "pass participantId"),
    ] {
        let (asks, result) = walk(plan("answer", json!({ "conversationId": CONV })), me, genesys(conv));
        assert_eq!(asks, [get(conv_path()), Ask::Me], "nothing is sent: {says}");
        let e = result.unwrap_err();
        assert_eq!(e.kind(), Kind::InvalidState);
        assert!(e.message().contains(says), "{}", e.message());
    }
    // ME's voicemail ringing is not ME's call to answer.
    let vm = TO_VOICEMAIL.replace(r#""calls": [ { "state": "connected", "direction": "inbound", "provider": "Edge" } ]"#, r#""calls": [ { "state": "alerting", "direction": "inbound" } ]"#);
    assert_eq!(walk(plan("answer", json!({ "conversationId": CONV })), Some(ME), genesys(vm)).1.unwrap_err().kind(), Kind::InvalidState);
}

#[test]
fn answer_with_a_participant_id_sends_one_patch() {
    let (asks, result) = walk(plan("answer", json!({ "conversationId": CONV, "participantId": P_AGENT })), None, genesys(String::new()));
    assert_eq!(asks, [send(Method::Patch, calls_participant(P_AGENT), Some(json!({ "state": "connected" })))]);
    assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_AGENT }));
}

#[test]
fn answer_has_a_single_flight_key_of_its_own() {
    let k = key("answer", json!({ "conversationId": CONV })).unwrap();
    assert_eq!(key("answer", json!({ "conversationId": CONV.to_uppercase() })), Some(k.clone()));
    assert_ne!(key("hangUp", json!({ "conversationId": CONV })), Some(k));
}

// ---------------------------------------------------------------- calls

#[test]
fn calls_reads_the_user_then_lists_their_live_calls() {
    let p = plan("calls", json!({}));
    assert_eq!(p.op(), Op::Calls);
    let (asks, result) = walk(p, Some(ME), |_| CALLS_LISTING.to_string());
    assert_eq!(asks, [Ask::Me, get("/api/v2/conversations/calls")]);
    // CONV2 (ME's leg disconnected, in wrap-up) is not a live call.
    assert_eq!(
        result.unwrap(),
        json!([{ "conversationId": CONV, "participantId": P_AGENT, "state": "connected", "direction": "outbound",
                 "held": true, "muted": false, "remote": "tel:+13175550100", "queueId": null }])
    );
    let (_, result) = walk(plan("calls", json!({})), Some(OTHER_AGENT), |_| CALLS_LISTING.to_string());
    assert_eq!(result.unwrap(), json!([]));
}

#[test]
fn calls_needs_a_user_and_a_listing() {
    let (asks, result) = walk(plan("calls", json!({})), None, |_| CALLS_LISTING.to_string());
    assert_eq!(asks, [Ask::Me]);
    let e = result.unwrap_err();
    assert_eq!((e.kind(), e.status(), e.code()), (Kind::BadRequest, Some(400), Some("not.a.user")));
    let (_, result) = walk(plan("calls", json!({})), Some(ME), |_| "<html/>".to_string());
    assert_eq!(result.unwrap_err().kind(), Kind::UnexpectedResponse);
}

// ---------------------------------------------------------------- the session's steps

fn step(plan: Plan<String>, answer: &str) -> (Vec<Ask>, Result<Output<String>, Error>) {
    let mut plan = plan;
    let mut asks = Vec::new();
    for _ in 0..5 {
        match plan.next() {
            Err(e) => return (asks, Err(e)),
            Ok(Next::Done(v)) => return (asks, Ok(v)),
            Ok(Next::Me) => {
                asks.push(Ask::Me);
                plan.feed_me(Some((ME.into(), users_me(ME))));
            }
            Ok(Next::Send(r)) => {
                asks.push(Ask::Send(r.method, r.path_and_query(), r.body.as_ref().map(|b| serde_json::to_value(b).unwrap())));
                if let Err(e) = plan.feed(&answer.to_string()) {
                    return (asks, Err(e));
                }
            }
        }
    }
    panic!("the step did not end: {asks:?}");
}

#[test]
fn me_id_answers_the_users_id_from_the_cache_ask() {
    let (asks, out) = step(Plan::me_id(), "");
    assert_eq!((asks, out.unwrap()), (vec![Ask::Me], Output::UserId(ME.into())));
    let mut p = Plan::<String>::me_id();
    assert!(matches!(p.next(), Ok(Next::Me)));
    p.feed_me(None);
    assert_eq!(p.next().unwrap_err().code(), Some("not.a.user"));
}

#[test]
fn the_call_listing_step_answers_every_snapshot() {
    let (asks, out) = step(Plan::call_listing(), CALLS_LISTING);
    assert_eq!(asks, [get("/api/v2/conversations/calls")]);
    let Output::Listing(listing) = out.unwrap() else { panic!() };
    assert_eq!(listing.iter().map(|s: &Snapshot| s.id.as_str()).collect::<Vec<_>>(), [CONV, CONV2]);
    assert_eq!(agent_call(&listing[1], ME).map(|c: Call| c.state), Some("disconnected"));
    assert_eq!(step(Plan::call_listing(), "{}").1.unwrap_err().kind(), Kind::UnexpectedResponse);
}

#[test]
fn create_channel_posts_without_a_body_and_checks_the_connect_uri() {
    let (asks, out) = step(Plan::create_channel("https://api.mypurecloud.com"), CHANNEL);
    assert_eq!(asks, [send(Method::Post, "/api/v2/notifications/channels", None)]);
    let Output::Channel(c) = out.unwrap() else { panic!() };
    assert_eq!((c.id.as_str(), c.expires_ms), (CHANNEL_ID, Some(1_612_375_147_650.0)));
    let (_, out) = step(Plan::create_channel("https://api.usw2.pure.cloud"), CHANNEL);
    assert_eq!(out.unwrap_err().kind(), Kind::UnexpectedResponse);
}

#[test]
fn subscribe_puts_the_topics_and_a_rejection_is_forbidden() {
    let topic = format!("v2.users.{ME}.conversations.calls");
    let permitted = json!({ "entities": [{ "id": topic, "state": "Permitted" }] }).to_string();
    let (asks, out) = step(Plan::subscribe(CHANNEL_ID, std::slice::from_ref(&topic)).unwrap(), &permitted);
    assert_eq!(asks, [send(Method::Put, format!("/api/v2/notifications/channels/{CHANNEL_ID}/subscriptions"), Some(json!([{ "id": topic }])))]);
    assert_eq!(out.unwrap(), Output::Nothing);
    let rejected = json!({ "entities": [{ "id": topic, "state": "Rejected", "rejectionReason": "missing permission" }] }).to_string();
    assert_eq!(step(Plan::subscribe(CHANNEL_ID, std::slice::from_ref(&topic)).unwrap(), &rejected).1.unwrap_err().kind(), Kind::Forbidden);
    assert_eq!(Plan::<String>::subscribe("../x", &[topic]).unwrap_err().kind(), Kind::InvalidInput);
}

#[test]
fn channel_alive_is_a_head_of_the_channel() {
    let (asks, out) = step(Plan::channel_alive(CHANNEL_ID).unwrap(), "");
    assert_eq!(asks, [send(Method::Head, format!("/api/v2/notifications/channels/{CHANNEL_ID}"), None)]);
    assert_eq!(out.unwrap(), Output::Nothing);
    assert_eq!(Plan::<String>::channel_alive("a/b").unwrap_err().field(), Some("channelId"));
}
