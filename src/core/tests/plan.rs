//! Native tests of the plans: for each operation, the exact walk of requests
//! (method, path, query, body) and `Me` asks, given realistic Genesys answers,
//! the result it ends with, the errors it stops with and its single-flight key.

use super::fixtures::*;
use super::{assert_clean_path, invalid_field, jj, sj};
use crate::core::error::{Error, Kind};
use crate::core::http::{Method, Request};
use crate::core::plan::{begin, Next, Op, Plan};
use serde_json::{json, Value};

const DEST: &str = "d0000000-0000-4000-8000-00000000000d";
const USER: &str = "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f";
const CONTACT: &str = "9a61b2a3-c4d5-4e7f-8a81-92a3b4c5d6e7";
const Q2: &str = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

/// `GET /api/v2/users/me` for `id` (a `UserMe`, trimmed).
fn users_me(id: &str) -> String {
    json!({
        "id": id, "name": "Dana Agent", "division": { "id": "f1e2d3c4-b5a6-4798-8a9b-0c1d2e3f4a5b", "name": "Home" },
        "chat": { "jabberId": "5f1@example.orgspan.com" }, "email": "dana@example.com", "state": "active",
        "username": "dana@example.com", "version": 42, "acdAutoAnswer": false,
        "selfUri": format!("/api/v2/users/{id}")
    })
    .to_string()
}

/// A `QueueEntityListing` of (id, name) pairs.
fn listing(queues: &[(&str, &str)]) -> String {
    let entities: Vec<Value> = queues
        .iter()
        .map(|(id, name)| {
            json!({ "id": id, "name": name, "division": { "id": "f1e2d3c4-b5a6-4798-8a9b-0c1d2e3f4a5b", "name": "Home" },
                    "memberCount": 12, "joinedMemberCount": 7, "mediaSettings": {}, "acwSettings": { "wrapupPrompt": "OPTIONAL" },
                    "skillEvaluationMethod": "ALL", "selfUri": format!("/api/v2/routing/queues/{id}") })
        })
        .collect();
    json!({ "entities": entities, "pageSize": 100, "pageNumber": 1, "total": queues.len(), "pageCount": 1,
            "firstUri": "/api/v2/routing/queues?pageSize=100&pageNumber=1", "selfUri": "/api/v2/routing/queues?pageSize=100&pageNumber=1" })
    .to_string()
}

/// A call where ME (agent) consults OTHER_AGENT for the customer: the
/// customer and the destination are linked by `consultParticipantId`.
fn consult_in_progress(agent_state: &str) -> String {
    json!({ "id": CONV, "participants": [
        { "id": P_CUSTOMER, "purpose": "customer", "participantType": "External", "address": "tel:+13175550100",
          "consultParticipantId": DEST, "calls": [{ "state": "connected", "direction": "inbound", "held": true }] },
        { "id": P_AGENT, "purpose": "agent", "participantType": "Internal", "userId": ME, "queueId": QUEUE,
          "calls": [{ "state": agent_state, "direction": "inbound" }] },
        { "id": DEST, "purpose": "agent", "participantType": "Internal", "userId": OTHER_AGENT,
          "consultParticipantId": P_CUSTOMER, "calls": [{ "state": "alerting", "direction": "outbound" }] },
    ]})
    .to_string()
}

/// One thing a plan asked for.
#[derive(Debug, PartialEq)]
enum Ask {
    /// Method, path with encoded query, body as JSON.
    Send(Method, String, Option<Value>),
    Me,
}

fn send(method: Method, path: impl Into<String>, body: Option<Value>) -> Ask {
    Ask::Send(method, path.into(), body)
}

fn get(path: impl Into<String>) -> Ask {
    send(Method::Get, path, None)
}

fn conv_path() -> String {
    format!("/api/v2/conversations/{CONV}")
}

fn calls_participant(pid: &str) -> String {
    format!("/api/v2/conversations/calls/{CONV}/participants/{pid}")
}

fn ask_of(r: &Request) -> Ask {
    assert_clean_path(&r.path);
    let body = r.body.as_deref().map(|b| serde_json::from_str(b).expect("request body is JSON"));
    Ask::Send(r.method, r.path_and_query(), body)
}

/// Runs `plan`: answers every request with `answer` (its 2xx body) and every
/// `Me` with `me` (the user id, or `None` for a client-credentials token).
/// Returns what was asked, in order, and how the plan ended.
fn walk(mut plan: Plan, me: Option<&str>, mut answer: impl FnMut(&Request) -> String) -> (Vec<Ask>, Result<Value, Error>) {
    let mut asks = Vec::new();
    for _ in 0..20 {
        match plan.next() {
            Err(e) => return (asks, Err(e)),
            Ok(Next::Done(v)) => return (asks, Ok(sj(&v))),
            Ok(Next::Me) => {
                asks.push(Ask::Me);
                plan.feed_me(me.map(|id| (id.to_string(), jj(serde_json::from_str(&users_me(id)).unwrap()))));
            }
            Ok(Next::Send(r)) => {
                asks.push(ask_of(&r));
                if let Err(e) = plan.feed(&answer(&r)) {
                    return (asks, Err(e));
                }
            }
        }
    }
    panic!("the plan did not end: {asks:?}");
}

/// A Genesys double: the conversation `conv`, one queue "Support Tier 2",
/// and realistic bodies for the requests that change a call.
fn genesys(conv: String) -> impl FnMut(&Request) -> String {
    move |r: &Request| match (r.method, r.path.as_str()) {
        (Method::Get, "/api/v2/routing/queues") => listing(&[(QUEUE, "Support Tier 2")]),
        (Method::Get, p) if p == conv_path() => conv.clone(),
        (Method::Post, p) if p.starts_with("/api/v2/conversations/calls") && !p.contains("/participants/") => json!({ "id": CONV, "selfUri": conv_path() }).to_string(),
        (Method::Post, p) if p.contains("/consult") => json!({ "destinationParticipantId": DEST }).to_string(),
        // Replace/transfer answer 202 with an empty body; PATCH answers the participant.
        (Method::Post, _) | (Method::Delete, _) => String::new(),
        (Method::Patch, _) => json!({ "id": P_AGENT, "state": "connected" }).to_string(),
        other => panic!("unexpected request {other:?}"),
    }
}

fn start(name: &str, options: Value) -> (Option<String>, Plan) {
    begin(name, &options.to_string()).unwrap_or_else(|e| panic!("{name} {options}: {e}"))
}

fn plan(name: &str, options: Value) -> Plan {
    start(name, options).1
}

fn key(name: &str, options: Value) -> Option<String> {
    start(name, options).0
}

fn refused(name: &str, options: &str) -> Error {
    match begin(name, options) {
        Ok(_) => panic!("{name} {options} was accepted"),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------- dial

#[test]
fn dial_posts_one_create_call_request_and_returns_the_conversation_id() {
    let p = plan("dial", json!({ "phoneNumber": "+1 (317) 555-0100", "callerId": "+1 800 555 0199", "callFromQueueId": QUEUE,
                                  "attributes": { "crmId": "A-17" } }));
    assert_eq!(p.op(), Op::Dial);
    let (asks, result) = walk(p, Some(ME), genesys(String::new()));
    assert_eq!(
        asks,
        [send(
            Method::Post,
            "/api/v2/conversations/calls",
            Some(json!({ "phoneNumber": "+13175550100", "callerId": "+18005550199", "callFromQueueId": QUEUE, "attributes": { "crmId": "A-17" } }))
        )]
    );
    assert_eq!(result.unwrap(), json!({ "conversationId": CONV }));
}

#[test]
fn dial_on_behalf_of_a_user_posts_to_calls_user() {
    let (asks, result) = walk(plan("dial", json!({ "callQueueId": QUEUE, "onBehalfOf": USER })), None, genesys(String::new()));
    assert_eq!(asks, [send(Method::Post, format!("/api/v2/conversations/calls/user/{USER}"), Some(json!({ "callQueueId": QUEUE })))]);
    assert_eq!(result.unwrap(), json!({ "conversationId": CONV }));
}

#[test]
fn a_dial_answer_without_a_conversation_id_is_an_unexpected_response() {
    for bad in ["", "{}", "<html>ok</html>", r#"{"id":"../users/me"}"#] {
        let (asks, result) = walk(plan("dial", json!({ "phoneNumber": "+13175550100" })), None, |_| bad.to_string());
        assert_eq!(asks.len(), 1);
        assert_eq!(result.unwrap_err().kind(), Kind::UnexpectedResponse, "{bad:?}");
    }
}

// ---------------------------------------------------------------- transfer

#[test]
fn transfer_to_a_queue_name_looks_up_the_queue_reads_the_call_asks_me_then_replaces_the_agent() {
    let p = plan("transfer", json!({ "conversationId": CONV, "to": { "queueName": "Support Tier 2" } }));
    assert_eq!(p.op(), Op::Transfer);
    let (asks, result) = walk(p, Some(ME), genesys(INBOUND_ANSWERED.into()));
    assert_eq!(
        asks,
        [
            get("/api/v2/routing/queues?name=Support%20Tier%202&pageSize=100"),
            get(conv_path()),
            Ask::Me,
            send(Method::Post, format!("{}/participants/{P_AGENT}/replace/queue", conv_path()), Some(json!({ "queueId": QUEUE }))),
        ]
    );
    assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_AGENT, "queueId": QUEUE }));
}

#[test]
fn the_queue_lookup_carries_name_and_page_size_as_query_pairs() {
    let mut p = plan("transfer", json!({ "conversationId": CONV, "to": { "queueName": " Support* " } }));
    let Ok(Next::Send(r)) = p.next() else { panic!("a lookup first") };
    assert_eq!(r.method, Method::Get);
    assert_eq!(r.path, "/api/v2/routing/queues");
    assert_eq!(r.query, vec![("name", "Support*".to_string()), ("pageSize", "100".to_string())]);
    assert_eq!(r.body, None);
}

#[test]
fn transfer_with_a_participant_id_reads_no_conversation_and_asks_no_user() {
    let p = plan("transfer", json!({ "conversationId": CONV, "participantId": P_AGENT, "to": { "queueId": QUEUE } }));
    let (asks, result) = walk(p, None, genesys(String::new()));
    assert_eq!(asks, [send(Method::Post, format!("{}/participants/{P_AGENT}/replace/queue", conv_path()), Some(json!({ "queueId": QUEUE })))]);
    assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_AGENT, "queueId": QUEUE }));
}

#[test]
fn transfer_with_a_participant_id_and_a_queue_name_only_looks_up_the_queue() {
    let p = plan("transfer", json!({ "conversationId": CONV, "participantId": P_AGENT, "to": { "queueName": "Support Tier 2" } }));
    let (asks, result) = walk(p, None, genesys(String::new()));
    assert_eq!(
        asks,
        [
            get("/api/v2/routing/queues?name=Support%20Tier%202&pageSize=100"),
            send(Method::Post, format!("{}/participants/{P_AGENT}/replace/queue", conv_path()), Some(json!({ "queueId": QUEUE }))),
        ]
    );
    assert_eq!(result.unwrap()["queueId"], QUEUE);
}

#[test]
fn transfer_to_each_other_target_posts_its_endpoint_on_the_agents_participant() {
    let cases = [
        (json!({ "userId": USER }), "/replace/agent", json!({ "userId": USER })),
        (json!({ "address": "+1 317 555 0100" }), "/transfer", json!({ "address": "+13175550100" })),
        (json!({ "address": "Support Desk" }), "/transfer", json!({ "address": "Support Desk" })),
        (json!({ "contactId": CONTACT, "phoneType": "CellPhone" }), "/replace/contact/external", json!({ "contactId": CONTACT, "phoneType": "CellPhone" })),
    ];
    for (to, suffix, want) in cases {
        let (asks, result) = walk(plan("transfer", json!({ "conversationId": CONV, "to": to })), Some(ME), genesys(OUTBOUND_USER.into()));
        assert_eq!(
            asks,
            [get(conv_path()), Ask::Me, send(Method::Post, format!("{}/participants/{P_AGENT}{suffix}", conv_path()), Some(want))],
            "{to}"
        );
        // No queueId in the result when the target is not a queue.
        assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_AGENT }), "{to}");
    }
}

#[test]
fn an_upper_case_conversation_id_is_sent_in_lower_case() {
    let upper = CONV.to_ascii_uppercase();
    let (asks, result) = walk(plan("transfer", json!({ "conversationId": upper, "to": { "queueId": QUEUE } })), Some(ME), genesys(INBOUND_ANSWERED.into()));
    assert_eq!(asks[0], get(conv_path()));
    assert_eq!(result.unwrap()["conversationId"], CONV);
}

#[test]
fn a_client_credentials_transfer_of_a_queued_call_replaces_the_acd_participant() {
    let (asks, result) = walk(plan("transfer", json!({ "conversationId": CONV, "to": { "queueId": Q2 } })), None, genesys(WAITING_IN_QUEUE.into()));
    assert_eq!(
        asks,
        [get(conv_path()), Ask::Me, send(Method::Post, format!("{}/participants/{P_ACD}/replace/queue", conv_path()), Some(json!({ "queueId": Q2 })))]
    );
    assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_ACD, "queueId": Q2 }));
}

#[test]
fn an_agent_who_is_not_connected_gets_invalid_state_from_next_before_anything_is_sent() {
    // OTHER_AGENT's leg is alerting on a queued call.
    let (asks, result) = walk(plan("transfer", json!({ "conversationId": CONV, "to": { "queueId": Q2 } })), Some(OTHER_AGENT), genesys(WAITING_IN_QUEUE.into()));
    assert_eq!(asks, [get(conv_path()), Ask::Me]);
    let e = result.unwrap_err();
    assert_eq!(e.kind(), Kind::InvalidState);
    assert!(e.message().contains("alerting"), "{e}");
}

#[test]
fn a_transfer_with_nobody_to_replace_lists_the_connected_participants() {
    // ME's agent leg ended and the call rolled to ME's voicemail: nothing to replace.
    let (asks, result) = walk(plan("transfer", json!({ "conversationId": CONV, "to": { "queueId": Q2 } })), Some(ME), genesys(TO_VOICEMAIL.into()));
    assert_eq!(asks.len(), 2);
    let e = result.unwrap_err();
    assert_eq!(e.kind(), Kind::InvalidState);
    let ids: Vec<&str> = e.candidates().iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [P_CUSTOMER, P_VOICEMAIL]);
}

#[test]
fn a_queue_name_with_no_match_stops_with_not_found_after_the_lookup() {
    let p = plan("transfer", json!({ "conversationId": CONV, "to": { "queueName": "Nobody" } }));
    let (asks, result) = walk(p, Some(ME), |_| listing(&[]));
    assert_eq!(asks.len(), 1);
    let e = result.unwrap_err();
    assert_eq!(e.kind(), Kind::NotFound);
    assert_eq!(e.code(), Some("queue.not.found"));
}

#[test]
fn a_queue_name_matching_several_queues_stops_with_ambiguous_candidates() {
    let p = plan("transfer", json!({ "conversationId": CONV, "to": { "queueName": "Support*" } }));
    let (asks, result) = walk(p, Some(ME), |_| listing(&[(QUEUE, "Support Tier 2"), (Q2, "Support Tier 1")]));
    assert_eq!(asks.len(), 1);
    let e = result.unwrap_err();
    assert_eq!(e.kind(), Kind::Ambiguous);
    assert_eq!(e.candidates().len(), 2);
}

#[test]
fn an_exact_queue_name_wins_over_a_case_variant() {
    let p = plan("transfer", json!({ "conversationId": CONV, "participantId": P_AGENT, "to": { "queueName": "Support Tier 2" } }));
    let (_, result) = walk(p, None, |r| {
        if r.method == Method::Get { listing(&[(Q2, "SUPPORT TIER 2"), (QUEUE, "Support Tier 2")]) } else { String::new() }
    });
    assert_eq!(result.unwrap()["queueId"], QUEUE);
}

#[test]
fn an_unreadable_conversation_or_queue_listing_is_an_unexpected_response() {
    for bad in ["", "<html>", "{}", r#"{"id":"x"}"#] {
        let (_, r) = walk(plan("transfer", json!({ "conversationId": CONV, "to": { "queueId": QUEUE } })), Some(ME), |_| bad.to_string());
        assert_eq!(r.unwrap_err().kind(), Kind::UnexpectedResponse, "conversation {bad:?}");
        let (_, r) = walk(plan("transfer", json!({ "conversationId": CONV, "to": { "queueName": "Support" } })), Some(ME), |_| bad.to_string());
        assert_eq!(r.unwrap_err().kind(), Kind::UnexpectedResponse, "listing {bad:?}");
    }
}

// ---------------------------------------------------------------- consult

#[test]
fn consult_reads_the_call_asks_me_and_posts_on_the_customer_with_speak_to() {
    let p = plan("consult", json!({ "conversationId": CONV, "to": { "userId": OTHER_AGENT }, "speakTo": "both" }));
    assert_eq!(p.op(), Op::Consult);
    let (asks, result) = walk(p, Some(ME), genesys(INBOUND_ANSWERED.into()));
    assert_eq!(
        asks,
        [
            get(conv_path()),
            Ask::Me,
            send(Method::Post, format!("{}/consult/agent", calls_participant(P_CUSTOMER)), Some(json!({ "speakTo": "BOTH", "userId": OTHER_AGENT }))),
        ]
    );
    assert_eq!(
        result.unwrap(),
        json!({ "conversationId": CONV, "participantId": P_CUSTOMER, "destinationParticipantId": DEST, "speakTo": "both" })
    );
}

#[test]
fn consult_result_takes_the_destination_from_the_answer() {
    let other = "e1000000-0000-4000-8000-0000000000e1";
    let p = plan("consult", json!({ "conversationId": CONV, "to": { "address": "+13175550111" } }));
    let (asks, result) = walk(p, Some(ME), |r| match r.method {
        Method::Get => OUTBOUND_USER.to_string(),
        _ => json!({ "destinationParticipantId": other }).to_string(),
    });
    // The outbound call's other party is `external`; speakTo defaults to destination.
    assert_eq!(
        asks[2],
        send(Method::Post, format!("{}/voice/consult", calls_participant(P_EXTERNAL)), Some(json!({ "speakTo": "DESTINATION", "address": "+13175550111" })))
    );
    let v = result.unwrap();
    assert_eq!(v["destinationParticipantId"], other);
    assert_eq!(v["participantId"], P_EXTERNAL);
    assert_eq!(v["speakTo"], "destination");
}

#[test]
fn consult_to_a_queue_name_resolves_the_queue_first() {
    let p = plan("consult", json!({ "conversationId": CONV, "to": { "queueName": "Support Tier 2" }, "speakTo": "object" }));
    let (asks, result) = walk(p, Some(ME), genesys(INBOUND_ANSWERED.into()));
    assert_eq!(
        asks,
        [
            get("/api/v2/routing/queues?name=Support%20Tier%202&pageSize=100"),
            get(conv_path()),
            Ask::Me,
            send(Method::Post, format!("{}/consult/queue", calls_participant(P_CUSTOMER)), Some(json!({ "speakTo": "OBJECT", "queueId": QUEUE }))),
        ]
    );
    assert_eq!(result.unwrap()["destinationParticipantId"], DEST);
}

#[test]
fn consult_with_a_participant_id_sends_only_the_consult() {
    let p = plan("consult", json!({ "conversationId": CONV, "participantId": P_CUSTOMER, "to": { "contactId": CONTACT, "phoneType": "WorkPhone" } }));
    let (asks, result) = walk(p, None, genesys(String::new()));
    assert_eq!(
        asks,
        [send(
            Method::Post,
            format!("{}/consult/contact/external", calls_participant(P_CUSTOMER)),
            Some(json!({ "speakTo": "DESTINATION", "contactId": CONTACT, "phoneType": "WorkPhone" }))
        )]
    );
    assert_eq!(result.unwrap()["participantId"], P_CUSTOMER);
}

#[test]
fn a_second_consult_on_a_call_already_consulting_is_refused_before_sending() {
    let p = plan("consult", json!({ "conversationId": CONV, "to": { "userId": USER } }));
    let (asks, result) = walk(p, Some(ME), genesys(consult_in_progress("connected")));
    assert_eq!(asks, [get(conv_path()), Ask::Me]);
    let e = result.unwrap_err();
    assert_eq!(e.kind(), Kind::InvalidState);
    assert!(e.message().contains(P_CUSTOMER), "{e}");
}

#[test]
fn consult_without_a_user_or_with_the_agent_not_connected_is_invalid_state() {
    let p = plan("consult", json!({ "conversationId": CONV, "to": { "userId": USER } }));
    let (_, result) = walk(p, None, genesys(INBOUND_ANSWERED.into()));
    assert_eq!(result.unwrap_err().kind(), Kind::InvalidState);
    let p = plan("consult", json!({ "conversationId": CONV, "to": { "userId": USER } }));
    let (asks, result) = walk(p, Some(OTHER_AGENT), genesys(WAITING_IN_QUEUE.into()));
    assert_eq!(asks.len(), 2);
    assert_eq!(result.unwrap_err().kind(), Kind::InvalidState);
}

#[test]
fn a_consult_answer_without_a_destination_is_an_unexpected_response() {
    let p = plan("consult", json!({ "conversationId": CONV, "participantId": P_CUSTOMER, "to": { "userId": USER } }));
    let (asks, result) = walk(p, None, |_| "{}".to_string());
    assert_eq!(asks.len(), 1);
    assert_eq!(result.unwrap_err().kind(), Kind::UnexpectedResponse);
}

#[test]
fn consult_state_answers_from_the_conversation_with_no_final_request() {
    let p = plan("consultState", json!({ "conversationId": CONV }));
    assert_eq!(p.op(), Op::ConsultState);
    let (asks, result) = walk(p, Some(ME), genesys(consult_in_progress("connected")));
    assert_eq!(asks, [get(conv_path())]);
    assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_CUSTOMER, "destinationParticipantId": DEST }));
}

#[test]
fn consult_operations_on_a_call_without_a_consult_are_invalid_state() {
    for name in ["consultState", "consultCancel", "consultComplete"] {
        let (asks, result) = walk(plan(name, json!({ "conversationId": CONV })), Some(ME), genesys(INBOUND_ANSWERED.into()));
        assert!(!asks.iter().any(|a| matches!(a, Ask::Send(m, ..) if *m != Method::Get)), "{name}: {asks:?}");
        let e = result.unwrap_err();
        assert_eq!(e.kind(), Kind::InvalidState, "{name}");
        assert!(e.message().contains("no consult"), "{name}: {e}");
    }
    let (_, result) = walk(plan("consultSpeakTo", json!({ "conversationId": CONV, "speakTo": "both" })), Some(ME), genesys(INBOUND_ANSWERED.into()));
    assert_eq!(result.unwrap_err().kind(), Kind::InvalidState);
}

#[test]
fn consult_speak_to_patches_the_consult_of_the_object_participant() {
    let p = plan("consultSpeakTo", json!({ "conversationId": CONV, "speakTo": "conference" }));
    assert_eq!(p.op(), Op::SpeakTo);
    let (asks, result) = walk(p, Some(ME), genesys(consult_in_progress("connected")));
    assert_eq!(
        asks,
        [get(conv_path()), send(Method::Patch, format!("{}/consult", calls_participant(P_CUSTOMER)), Some(json!({ "speakTo": "CONFERENCE" })))]
    );
    assert_eq!(
        result.unwrap(),
        json!({ "conversationId": CONV, "participantId": P_CUSTOMER, "destinationParticipantId": DEST, "speakTo": "conference" })
    );
}

#[test]
fn consult_cancel_deletes_the_consult_with_no_body() {
    let p = plan("consultCancel", json!({ "conversationId": CONV }));
    assert_eq!(p.op(), Op::Cancel);
    let (asks, result) = walk(p, Some(ME), genesys(consult_in_progress("connected")));
    assert_eq!(asks, [get(conv_path()), send(Method::Delete, format!("{}/consult", calls_participant(P_CUSTOMER)), None)]);
    assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_CUSTOMER, "destinationParticipantId": DEST }));
}

#[test]
fn consult_complete_disconnects_the_agents_own_participant() {
    let p = plan("consultComplete", json!({ "conversationId": CONV }));
    assert_eq!(p.op(), Op::Complete);
    let (asks, result) = walk(p, Some(ME), genesys(consult_in_progress("connected")));
    assert_eq!(
        asks,
        [get(conv_path()), Ask::Me, send(Method::Patch, calls_participant(P_AGENT), Some(json!({ "state": "disconnected" })))]
    );
    assert_eq!(result.unwrap(), json!({ "conversationId": CONV, "participantId": P_CUSTOMER, "destinationParticipantId": DEST }));
}

#[test]
fn consult_complete_needs_the_agents_leg_live_but_not_connected() {
    // The agent's leg is not connected (e.g. dialing) but still live: completing is allowed.
    let (asks, _) = walk(plan("consultComplete", json!({ "conversationId": CONV })), Some(ME), genesys(consult_in_progress("dialing")));
    assert_eq!(asks[2], send(Method::Patch, calls_participant(P_AGENT), Some(json!({ "state": "disconnected" }))));
    let (asks, result) = walk(plan("consultComplete", json!({ "conversationId": CONV })), Some(ME), genesys(consult_in_progress("disconnected")));
    assert_eq!(asks.len(), 2);
    assert_eq!(result.unwrap_err().kind(), Kind::InvalidState);
}

#[test]
fn consult_complete_with_a_participant_id_disconnects_that_participant() {
    let (asks, _) = walk(plan("consultComplete", json!({ "conversationId": CONV, "participantId": P_AGENT })), None, genesys(consult_in_progress("connected")));
    // The conversation is still read (to find the consult); no user is needed to pick the agent.
    assert_eq!(asks[0], get(conv_path()));
    assert!(!asks.contains(&Ask::Me), "no users/me when the participant is given: {asks:?}");
    assert_eq!(asks.last().unwrap(), &send(Method::Patch, calls_participant(P_AGENT), Some(json!({ "state": "disconnected" }))));
}

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

// ---------------------------------------------------------------- input refused by begin

#[test]
fn invalid_input_is_refused_by_begin_naming_the_field() {
    let cid = CONV;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("dial", json!({}), "phoneNumber"),
        ("dial", json!({ "phoneNumber": "12345" }), "phoneNumber"),
        ("dial", json!({ "phoneNumber": "+13175550100", "callerId": "abc" }), "callerId"),
        ("dial", json!({ "phoneNumber": "+13175550100", "callFromQueueId": "q1" }), "callFromQueueId"),
        ("dial", json!({ "phoneNumber": "+13175550100", "tenant": "x" }), "tenant"),
        ("transfer", json!({ "to": { "queueId": QUEUE } }), "conversationId"),
        ("transfer", json!({ "conversationId": "../../users/me", "to": { "queueId": QUEUE } }), "conversationId"),
        ("transfer", json!({ "conversationId": cid }), "to"),
        ("transfer", json!({ "conversationId": cid, "to": {} }), "to"),
        ("transfer", json!({ "conversationId": cid, "to": { "queueId": QUEUE, "userId": USER } }), "to"),
        ("transfer", json!({ "conversationId": cid, "to": { "queueId": "support" } }), "to.queueId"),
        ("transfer", json!({ "conversationId": cid, "to": { "queueName": "" } }), "to.queueName"),
        ("transfer", json!({ "conversationId": cid, "to": { "address": "+0123" } }), "to.address"),
        ("transfer", json!({ "conversationId": cid, "to": { "contactId": CONTACT } }), "to.phoneType"),
        ("transfer", json!({ "conversationId": cid, "to": { "contactId": CONTACT, "phoneType": "Pager" } }), "to.phoneType"),
        ("transfer", json!({ "conversationId": cid, "to": { "userId": USER, "note": 1 } }), "to.note"),
        ("transfer", json!({ "conversationId": cid, "participantId": "p1", "to": { "userId": USER } }), "participantId"),
        ("consult", json!({ "conversationId": cid, "to": { "userId": USER }, "speakTo": "everyone" }), "speakTo"),
        ("consult", json!({ "conversationId": cid }), "to"),
        ("consultState", json!({}), "conversationId"),
        ("consultSpeakTo", json!({ "conversationId": cid }), "speakTo"),
        ("consultSpeakTo", json!({ "conversationId": cid, "speakTo": "DESTINATION" }), "speakTo"),
        ("consultCancel", json!({ "conversationId": cid, "force": true }), "force"),
        ("consultComplete", json!({ "conversationId": 42 }), "conversationId"),
        ("hold", json!({ "conversationId": cid }), "held"),
        ("hold", json!({ "conversationId": cid, "held": "yes" }), "held"),
        ("mute", json!({ "conversationId": cid, "held": true }), "muted"),
        ("hangUp", json!({ "conversationId": cid, "participantId": "../x" }), "participantId"),
        ("conversation", json!({}), "conversationId"),
        ("conversation", json!({ "conversationId": "5a8d6f3e" }), "conversationId"),
        ("findQueues", json!({}), "name"),
        ("findQueues", json!({ "name": "   " }), "name"),
    ];
    for (name, options, field) in cases {
        let e = refused(name, &options.to_string());
        assert_eq!(e.field(), Some(field), "{name} {options}: {e}");
        invalid_field(e, field);
    }
}

#[test]
fn options_that_are_not_an_object_are_refused_as_options() {
    for name in ["dial", "transfer", "consult", "consultState", "hold", "me", "conversation", "findQueues"] {
        for text in ["[]", "null", "42", "\"x\"", "{", ""] {
            invalid_field(refused(name, text), "options");
        }
    }
}

#[test]
fn an_unknown_operation_is_an_internal_error() {
    for name in ["", "Dial", "transferCall", "consult_state"] {
        assert_eq!(refused(name, "{}").kind(), Kind::Internal, "{name:?}");
    }
}

// ---------------------------------------------------------------- single-flight keys

#[test]
fn identical_options_give_identical_keys_whatever_their_spelling() {
    let pairs = [
        ("dial", json!({ "phoneNumber": "+1 317 555 0100", "callerId": "+18005550199" }), json!({ "callerId": "+1-800-555-0199", "phoneNumber": "+13175550100" })),
        ("transfer", json!({ "conversationId": CONV, "to": { "queueId": QUEUE } }), json!({ "to": { "queueId": QUEUE.to_ascii_uppercase() }, "conversationId": CONV.to_ascii_uppercase() })),
        ("consult", json!({ "conversationId": CONV, "to": { "userId": USER } }), json!({ "conversationId": CONV, "to": { "userId": USER }, "speakTo": "destination" })),
        ("hold", json!({ "conversationId": CONV, "held": true }), json!({ "held": true, "conversationId": CONV })),
        ("hangUp", json!({ "conversationId": CONV }), json!({ "conversationId": CONV, "participantId": null })),
    ];
    for (name, a, b) in pairs {
        let (ka, kb) = (key(name, a.clone()), key(name, b.clone()));
        assert!(ka.is_some(), "{name} has a key");
        assert_eq!(ka, kb, "{name}: {a} vs {b}");
    }
}

#[test]
fn different_numbers_targets_and_calls_give_different_keys() {
    let other_conv = "6b9e7a4f-2d3c-4f8b-8e4a-1c2d3e4f5a61";
    let variants: Vec<(&str, Value)> = vec![
        ("dial", json!({ "phoneNumber": "+13175550100" })),
        ("dial", json!({ "phoneNumber": "+13175550101" })),
        ("dial", json!({ "phoneNumber": "+13175550100", "callerId": "+18005550199" })),
        ("dial", json!({ "phoneNumber": "+13175550100", "callFromQueueId": QUEUE })),
        ("dial", json!({ "callUserId": USER })),
        ("transfer", json!({ "conversationId": CONV, "to": { "queueId": QUEUE } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "queueId": Q2 } })),
        ("transfer", json!({ "conversationId": other_conv, "to": { "queueId": QUEUE } })),
        ("transfer", json!({ "conversationId": CONV, "participantId": P_AGENT, "to": { "queueId": QUEUE } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "queueName": "Support Tier 2" } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "userId": QUEUE } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "address": "+13175550100" } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "contactId": CONTACT, "phoneType": "WorkPhone" } })),
        ("transfer", json!({ "conversationId": CONV, "to": { "contactId": CONTACT, "phoneType": "CellPhone" } })),
        ("consult", json!({ "conversationId": CONV, "to": { "queueId": QUEUE } })),
        ("consult", json!({ "conversationId": CONV, "to": { "queueId": QUEUE }, "speakTo": "both" })),
        ("consultSpeakTo", json!({ "conversationId": CONV, "speakTo": "both" })),
        ("consultSpeakTo", json!({ "conversationId": CONV, "speakTo": "object" })),
        ("consultCancel", json!({ "conversationId": CONV })),
        ("consultComplete", json!({ "conversationId": CONV })),
        ("consultState", json!({ "conversationId": CONV })),
        ("hold", json!({ "conversationId": CONV, "held": true })),
        ("hold", json!({ "conversationId": CONV, "held": false })),
        ("mute", json!({ "conversationId": CONV, "muted": true })),
        ("hangUp", json!({ "conversationId": CONV })),
        ("hangUp", json!({ "conversationId": other_conv })),
    ];
    let keys: Vec<String> = variants.iter().map(|(n, o)| key(n, o.clone()).unwrap_or_else(|| panic!("{n} {o} has a key"))).collect();
    for i in 0..keys.len() {
        for j in i + 1..keys.len() {
            assert_ne!(keys[i], keys[j], "{:?} and {:?} share a key", variants[i], variants[j]);
        }
    }
}

#[test]
fn read_only_operations_have_no_single_flight_key() {
    assert_eq!(key("me", json!({})), None);
    assert_eq!(key("conversation", json!({ "conversationId": CONV })), None);
    assert_eq!(key("findQueues", json!({ "name": "Support" })), None);
}
