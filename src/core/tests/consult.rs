//! Consult transfer and call-control requests, and picking their participants.

use super::fixtures::*;
use super::{assert_clean_path, body, invalid_field};
use crate::core::consult::{call_ref, cancel_request, Change, consult_plan, consult_request, participant_request, speak_to_request, Extra};
use super::bodies::{read_consult_response, read_conversation};
use crate::core::error::Kind;
use crate::core::http::Method;
use crate::core::participant::{active_consult, consult_object, own_participant};
use crate::core::target::Target;
use serde_json::json;

const DEST: &str = "d0000000-0000-4000-8000-00000000000d";

fn consult_in_progress() -> String {
    consult_with("connected", "alerting")
}

fn consult_with(agent_state: &str, dest_state: &str) -> String {
    json!({ "id": CONV, "participants": [
        { "id": P_CUSTOMER, "purpose": "customer", "consultParticipantId": DEST, "calls": [{ "state": "connected" }] },
        { "id": P_AGENT, "purpose": "agent", "userId": ME, "calls": [{ "state": agent_state }] },
        { "id": DEST, "purpose": "agent", "userId": OTHER_AGENT, "consultParticipantId": P_CUSTOMER, "calls": [{ "state": dest_state }] },
    ]}).to_string()
}

#[test]
fn consult_to_each_target_posts_its_endpoint_with_speak_to_in_api_case() {
    let cases = [
        (Target::Queue(QUEUE.into()), "/consult/queue", json!({ "speakTo": "BOTH", "queueId": QUEUE })),
        (Target::User(OTHER_AGENT.into()), "/consult/agent", json!({ "speakTo": "BOTH", "userId": OTHER_AGENT })),
        (Target::Contact { contact_id: OTHER_AGENT.into(), phone_type: "WorkPhone" }, "/consult/contact/external", json!({ "speakTo": "BOTH", "contactId": OTHER_AGENT, "phoneType": "WorkPhone" })),
        (Target::Address("+13175550100".into()), "/voice/consult", json!({ "speakTo": "BOTH", "address": "+13175550100" })),
    ];
    for (target, suffix, want) in cases {
        let r = consult_request(CONV, P_CUSTOMER, &target, "both");
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.path, format!("/api/v2/conversations/calls/{CONV}/participants/{P_CUSTOMER}{suffix}"));
        assert_clean_path(&r.path);
        assert_eq!(body(&r), want);
    }
}

#[test]
fn speak_to_cancel_and_participant_changes_build_the_documented_requests() {
    let base = format!("/api/v2/conversations/calls/{CONV}/participants/{P_CUSTOMER}");
    let r = speak_to_request(CONV, P_CUSTOMER, "object");
    assert_eq!((r.method, r.path.clone()), (Method::Patch, format!("{base}/consult")));
    assert_eq!(body(&r), json!({ "speakTo": "OBJECT" }));
    let r = cancel_request(CONV, P_CUSTOMER);
    assert_eq!((r.method, r.path.clone(), r.body.clone()), (Method::Delete, format!("{base}/consult"), None));
    let r = participant_request(CONV, P_AGENT, Change::Disconnect);
    assert_eq!((r.method, r.path.clone()), (Method::Patch, format!("/api/v2/conversations/calls/{CONV}/participants/{P_AGENT}")));
    assert_eq!(body(&r), json!({ "state": "disconnected" }));
}

#[test]
fn consult_plan_defaults_speak_to_destination_and_checks_its_enum() {
    let p = consult_plan(json!({ "conversationId": CONV, "to": { "queueName": "Billing" } })).unwrap();
    assert_eq!((p.speak_to, p.target), ("destination", Target::QueueName("Billing".into())));
    let e = consult_plan(json!({ "conversationId": CONV, "to": { "userId": ME }, "speakTo": "DESTINATION" })).unwrap_err();
    invalid_field(e, "speakTo");
    let e = consult_plan(json!({ "conversationId": CONV, "to": { "contactId": ME } })).unwrap_err();
    invalid_field(e, "to.phoneType");
}

#[test]
fn call_ref_requires_its_flag_or_speak_to() {
    assert_eq!(call_ref(json!({ "conversationId": CONV, "held": false }), Extra::Flag("held")).unwrap().value, Some("false"));
    invalid_field(call_ref(json!({ "conversationId": CONV }), Extra::Flag("held")).unwrap_err(), "held");
    invalid_field(call_ref(json!({ "conversationId": CONV, "held": "yes" }), Extra::Flag("held")).unwrap_err(), "held");
    invalid_field(call_ref(json!({ "conversationId": CONV }), Extra::SpeakTo).unwrap_err(), "speakTo");
    invalid_field(call_ref(json!({ "conversationId": CONV, "muted": true }), Extra::None).unwrap_err(), "muted");
}

#[test]
fn consult_response_gives_the_destination_participant() {
    assert_eq!(read_consult_response(&json!({ "destinationParticipantId": DEST }).to_string()).unwrap(), DEST);
    assert_eq!(read_consult_response("{}").unwrap_err().kind(), Kind::UnexpectedResponse);
    assert_eq!(read_consult_response(r#"{"destinationParticipantId":"../x"}"#).unwrap_err().kind(), Kind::UnexpectedResponse);
}

#[test]
fn a_consult_starts_from_the_customer_the_agent_is_talking_to() {
    let (conv, _) = read_conversation(INBOUND_ANSWERED).unwrap();
    let object = consult_object(&conv, Some(ME)).unwrap();
    assert_eq!(object.purpose, "customer");
}

#[test]
fn a_consult_is_refused_when_the_agent_is_not_on_a_connected_call() {
    let (conv, _) = read_conversation(WAITING_IN_QUEUE).unwrap();
    let e = consult_object(&conv, Some(ME)).unwrap_err();
    assert_eq!(e.kind(), Kind::InvalidState);
    assert!(e.message().starts_with("cannot consult"), "{e}");
    assert_eq!(consult_object(&conv, None).unwrap_err().kind(), Kind::InvalidState);
}

#[test]
fn the_consult_in_progress_is_found_in_either_link_direction() {
    let (conv, _) = read_conversation(&consult_in_progress()).unwrap();
    let (object, dest) = active_consult(&conv).unwrap();
    assert_eq!((object.id.as_str(), dest.id.as_str()), (P_CUSTOMER, DEST));
    let one_way = consult_in_progress().replace(&format!(r#""consultParticipantId":"{P_CUSTOMER}","#), "");
    assert_ne!(one_way, consult_in_progress(), "the fixture lost its back link");
    let (conv, _) = read_conversation(&one_way).unwrap();
    assert_eq!(active_consult(&conv).map(|(o, d)| (o.id.clone(), d.id.clone())), Some((P_CUSTOMER.into(), DEST.into())));
    let (plain, _) = read_conversation(INBOUND_ANSWERED).unwrap();
    assert!(active_consult(&plain).is_none());
}

#[test]
fn a_finished_consult_is_not_in_progress() {
    let ended = consult_with("connected", "disconnected");
    let (conv, _) = read_conversation(&ended).unwrap();
    assert!(active_consult(&conv).is_none());
}

#[test]
fn hold_needs_a_connected_own_leg_but_hang_up_takes_an_alerting_one() {
    let alerting = consult_with("alerting", "alerting");
    let (conv, _) = read_conversation(&alerting).unwrap();
    assert_eq!(own_participant(&conv, Some(ME), true).unwrap_err().kind(), Kind::InvalidState);
    assert_eq!(own_participant(&conv, Some(ME), false).unwrap().id, P_AGENT);
    assert_eq!(own_participant(&conv, None, false).unwrap_err().kind(), Kind::InvalidState);
}
