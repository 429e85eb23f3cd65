//! Hold, mute, hang up, and the lookups (me, conversation, findQueues).

use super::*;

// ---------------------------------------------------------------- hold, mute, hang up

#[test]
fn hold_and_mute_patch_the_agents_own_participant() {
    for (name, flag, on, want_op) in [
        ("hold", "held", true, Op::Hold),
        ("hold", "held", false, Op::Hold),
        ("mute", "muted", true, Op::Mute),
        ("mute", "muted", false, Op::Mute),
    ] {
        let p = plan(name, json!({ "conversationId": CONV, flag: on }));
        assert_eq!(p.op(), want_op);
        let (asks, result) = walk(p, Some(ME), genesys(INBOUND_ANSWERED.into()));
        assert_eq!(asks, [get(conv_path()), Ask::Me, send(Method::Patch, calls_participant(P_AGENT), Some(json!({ flag: on })))], "{name} {on}");
        assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_AGENT }));
    }
}

#[test]
fn hang_up_disconnects_the_agents_own_participant() {
    let p = plan("hangUp", json!({ "conversationId": CONV }));
    assert_eq!(p.op(), Op::HangUp);
    let (asks, result) = walk(p, Some(ME), genesys(OUTBOUND_USER.into()));
    assert_eq!(asks, [get(conv_path()), Ask::Me, send(Method::Patch, calls_participant(P_AGENT), Some(json!({ "state": "disconnected" })))]);
    assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_AGENT }));
}

#[test]
fn an_alerting_leg_can_be_hung_up_but_not_held() {
    let (asks, result) = walk(plan("hangUp", json!({ "conversationId": CONV })), Some(OTHER_AGENT), genesys(WAITING_IN_QUEUE.into()));
    assert_eq!(asks[2], send(Method::Patch, calls_participant(P_AGENT), Some(json!({ "state": "disconnected" }))));
    assert!(result.is_ok());
    let (asks, result) = walk(plan("hold", json!({ "conversationId": CONV, "held": true })), Some(OTHER_AGENT), genesys(WAITING_IN_QUEUE.into()));
    assert_eq!(asks.len(), 2);
    assert_eq!(result.unwrap_err().kind(), Kind::InvalidState);
}

#[test]
fn call_controls_with_a_participant_id_send_one_patch() {
    for (name, opts, want) in [
        ("hold", json!({ "held": true }), json!({ "held": true })),
        ("mute", json!({ "muted": false }), json!({ "muted": false })),
        ("hangUp", json!({}), json!({ "state": "disconnected" })),
    ] {
        let mut options = json!({ "conversationId": CONV, "participantId": P_CUSTOMER });
        options.as_object_mut().unwrap().extend(opts.as_object().unwrap().clone());
        let (asks, result) = walk(plan(name, options), None, genesys(String::new()));
        assert_eq!(asks, [send(Method::Patch, calls_participant(P_CUSTOMER), Some(want))], "{name}");
        assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_CUSTOMER }));
    }
}

#[test]
fn call_controls_without_a_user_need_a_participant_id() {
    for (name, opts) in [("hold", json!({ "conversationId": CONV, "held": true })), ("hangUp", json!({ "conversationId": CONV }))] {
        let (asks, result) = walk(plan(name, opts), None, genesys(INBOUND_ANSWERED.into()));
        assert_eq!(asks, [get(conv_path()), Ask::Me], "{name}");
        let e = result.unwrap_err();
        assert_eq!(e.kind(), Kind::InvalidState, "{name}");
        assert!(e.message().contains("participantId"), "{name}: {e}");
    }
}

// ---------------------------------------------------------------- me, conversation, findQueues

#[test]
fn me_asks_me_and_answers_the_users_me_body() {
    let (key, p) = start("me", json!({}));
    assert_eq!(key, None);
    assert_eq!(p.op(), Op::Me);
    let (asks, result) = walk(p, Some(ME), genesys(String::new()));
    assert_eq!(asks, [Ask::Me]);
    assert_eq!(result.unwrap(), serde_json::from_str::<Value>(&users_me(ME)).unwrap());
}

#[test]
fn me_with_a_client_credentials_token_is_bad_request_not_a_user() {
    let (asks, result) = walk(plan("me", json!({})), None, genesys(String::new()));
    assert_eq!(asks, [Ask::Me]);
    let e = result.unwrap_err();
    assert_eq!(e.kind(), Kind::BadRequest);
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.code(), Some("not.a.user"));
}

#[test]
fn conversation_reads_the_call_and_answers_it_as_genesys_sent_it() {
    let (key, p) = start("conversation", json!({ "conversationId": CONV.to_ascii_uppercase() }));
    assert_eq!(key, None);
    assert_eq!(p.op(), Op::Conversation);
    let (asks, result) = walk(p, None, genesys(INBOUND_ANSWERED.into()));
    assert_eq!(asks, [get(conv_path())]);
    assert_eq!(result.unwrap(), serde_json::from_str::<Value>(INBOUND_ANSWERED).unwrap());
}

#[test]
fn find_queues_gets_routing_queues_and_answers_the_entities() {
    let (key, p) = start("findQueues", json!({ "name": "Support*" }));
    assert_eq!(key, None);
    assert_eq!(p.op(), Op::FindQueues);
    let body = listing(&[(QUEUE, "Support Tier 2"), (Q2, "Support Tier 1")]);
    let (asks, result) = walk(p, None, |_| body.clone());
    assert_eq!(asks, [get("/api/v2/routing/queues?name=Support%2A&pageSize=100")]);
    let want = serde_json::from_str::<Value>(&body).unwrap()["entities"].clone();
    assert_eq!(result.unwrap(), want);
}

#[test]
fn find_queues_with_no_match_answers_an_empty_list() {
    let (_, result) = walk(plan("findQueues", json!({ "name": "Nope" })), None, |_| listing(&[]));
    assert_eq!(result.unwrap(), json!([]));
}
