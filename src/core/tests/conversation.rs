use super::fixtures::*;
use super::bodies::{read_conversation, read_me};
use crate::core::conversation::{Conversation, Participant};
use crate::core::error::Kind;

fn read(body: &str) -> Conversation {
    read_conversation(body).unwrap().0
}

/// (id, purpose, state, userId) of each participant, in order.
fn summary(c: &Conversation) -> Vec<(&str, &str, &str, Option<&str>)> {
    c.participants.iter().map(|p| (p.id.as_str(), p.purpose.as_str(), p.state.as_str(), p.user_id.as_deref())).collect()
}

#[test]
fn an_answered_inbound_acd_call_reads_with_ended_ivr_and_acd_legs() {
    let (c, raw) = read_conversation(INBOUND_ANSWERED).unwrap();
    assert_eq!(c.id, CONV);
    assert_eq!(
        summary(&c),
        vec![
            (P_CUSTOMER, "customer", "connected", None),
            (P_IVR, "ivr", "disconnected", None),
            (P_ACD, "acd", "disconnected", None),
            (P_AGENT, "agent", "connected", Some(ME)),
        ]
    );
    assert_eq!(c.participants[2].queue_id.as_deref(), Some(QUEUE));
    assert_eq!(c.participants[3].queue_id.as_deref(), Some(QUEUE));
    assert_eq!(raw["participants"][0]["calls"][0]["direction"], "inbound");
}

#[test]
fn an_outbound_user_call_reads_with_user_purpose_and_no_queue() {
    let c = read(OUTBOUND_USER);
    assert_eq!(summary(&c), vec![(P_AGENT, "user", "connected", Some(ME)), (P_EXTERNAL, "external", "connected", None)]);
    assert_eq!(c.participants[0].queue_id, None);
}

#[test]
fn a_call_waiting_in_queue_reads_with_a_connected_acd_and_an_alerting_agent() {
    let c = read(WAITING_IN_QUEUE);
    assert_eq!(
        summary(&c),
        vec![
            (P_CUSTOMER, "customer", "connected", None),
            (P_IVR, "ivr", "disconnected", None),
            (P_ACD, "acd", "connected", None),
            (P_AGENT, "agent", "alerting", Some(OTHER_AGENT)),
        ]
    );
    assert!(c.participants[2].is_connected());
    assert!(!c.participants[3].is_connected() && !c.participants[3].has_ended());
}

#[test]
fn a_voicemail_participant_reads_with_the_users_id() {
    let c = read(TO_VOICEMAIL);
    assert_eq!(
        summary(&c),
        vec![(P_CUSTOMER, "customer", "connected", None), (P_AGENT, "agent", "disconnected", Some(ME)), (P_VOICEMAIL, "voicemail", "connected", Some(ME))]
    );
    assert!(c.participants[1].has_ended());
}

#[test]
fn a_participant_is_connected_if_any_of_its_calls_is() {
    for calls in [r#"[{"state":"disconnected"},{"state":"connected"}]"#, r#"[{"state":"connected"},{"state":"disconnected"}]"#] {
        let body = format!(r#"{{"id":"{CONV}","participants":[{{"id":"{P_AGENT}","purpose":"agent","calls":{calls}}}]}}"#);
        assert_eq!(read(&body).participants[0].state, "connected", "{calls}");
    }
}

#[test]
fn without_a_connected_call_the_last_calls_state_counts() {
    let body = format!(r#"{{"id":"{CONV}","participants":[{{"id":"{P_AGENT}","purpose":"agent","calls":[{{"state":"disconnected"}},{{"state":"alerting"}}]}}]}}"#);
    assert_eq!(read(&body).participants[0].state, "alerting");
}

#[test]
fn call_conversation_participants_read_their_own_state_and_entity_refs() {
    // The CallConversation model (GET /conversations/calls/{id}): `state` on the
    // participant, `user`/`queue` as {id, name, selfUri}, no `calls[]`.
    let body = format!(
        r#"{{"id":"{CONV}","participants":[{{"id":"{P_AGENT}","purpose":"agent","state":"connected","direction":"inbound",
          "user":{{"id":"{ME}","selfUri":"/api/v2/users/{ME}"}},"queue":{{"id":"{QUEUE}","selfUri":"/api/v2/routing/queues/{QUEUE}"}}}}]}}"#
    );
    let p = &read(&body).participants[0];
    assert_eq!((p.state.as_str(), p.user_id.as_deref(), p.queue_id.as_deref()), ("connected", Some(ME), Some(QUEUE)));
}

#[test]
fn a_participant_with_no_state_anywhere_counts_as_ended() {
    let body = format!(r#"{{"id":"{CONV}","participants":[{{"id":"{P_AGENT}","purpose":"agent","chats":[]}}]}}"#);
    let p = &read(&body).participants[0];
    assert_eq!(p.state, "");
    assert!(p.has_ended() && !p.is_connected());
}

#[test]
fn ended_states_are_disconnected_terminated_and_none() {
    let p = |state: &str| Participant { id: P_AGENT.into(), purpose: "agent".into(), user_id: None, queue_id: None, state: state.into(), consult_participant_id: None };
    for s in ["disconnected", "terminated", "none", ""] {
        assert!(p(s).has_ended(), "{s}");
    }
    for s in ["alerting", "dialing", "contacting", "offering", "connected", "converting", "parked"] {
        assert!(!p(s).has_ended(), "{s}");
    }
}

#[test]
fn participants_without_a_usable_id_are_skipped() {
    let body = format!(
        r#"{{"id":"{CONV}","participants":[{{"purpose":"customer","calls":[{{"state":"connected"}}]}},{{"id":"","purpose":"agent"}},
          {{"id":"../../users/me","purpose":"agent","userId":"{ME}","calls":[{{"state":"connected"}}]}},
          {{"id":"{P_AGENT}","purpose":"agent","consultParticipantId":"{P_ACD}","calls":[{{"state":"connected"}}]}}]}}"#
    );
    let c = read(&body);
    assert_eq!(c.participants.len(), 1);
    assert_eq!(c.participants[0].id, P_AGENT);
    assert_eq!(c.participants[0].consult_participant_id.as_deref(), Some(P_ACD));
}

#[test]
fn a_body_that_is_not_a_conversation_is_unexpected() {
    for bad in ["", "<html></html>", "[]", r#"{"participants":[]}"#, &format!(r#"{{"id":"{CONV}"}}"#), &format!(r#"{{"id":"{CONV}","participants":{{}}}}"#)] {
        assert_eq!(read_conversation(bad).unwrap_err().kind(), Kind::UnexpectedResponse, "{bad}");
    }
}

#[test]
fn users_me_gives_the_users_id() {
    let body = format!(r#"{{"id":"{ME}","name":"Dana Agent","division":{{"id":"d0000000-0000-4000-8000-000000000001"}},"email":"dana@example.com","state":"active","username":"dana@example.com","version":7,"selfUri":"/api/v2/users/{ME}"}}"#);
    let (id, raw) = read_me(&body).unwrap();
    assert_eq!(id, ME);
    assert_eq!(raw["version"], 7);
    for bad in ["", "{}", r#"{"id":"me"}"#, r#"{"id":5}"#] {
        assert_eq!(read_me(bad).unwrap_err().kind(), Kind::UnexpectedResponse, "{bad}");
    }
}

#[test]
fn deeply_nested_bodies_are_refused_instead_of_exhausting_the_stack() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_eq!(read_conversation(&deep).unwrap_err().kind(), Kind::UnexpectedResponse);
    assert_eq!(read_me(&deep).unwrap_err().kind(), Kind::UnexpectedResponse);
    assert_eq!(crate::core::queue::read_queues(&deep).unwrap_err().kind(), Kind::UnexpectedResponse);
    assert_eq!(crate::core::dial::read_dial_response(&deep).unwrap_err().kind(), Kind::UnexpectedResponse);
    assert_eq!(crate::core::consult::read_consult_response(&deep).unwrap_err().kind(), Kind::UnexpectedResponse);
    let r = crate::core::http::Response { status: 500, body: deep.clone(), ..Default::default() };
    assert_eq!(crate::core::reply::error_from_response(&r).kind(), Kind::Server);
    // Conversation, users/me and listings are passed on as the host holds
    // them (never rebuilt in Rust): only the typed fields are read, and an
    // unknown deep field is skipped without recursion, as for any body.
    let deep_field = format!(r#"{{"id":"{CONV}","participants":[],"x":{deep}}}"#);
    let (c, raw) = crate::core::conversation::read_conversation(&deep_field).unwrap();
    assert_eq!((c.id.as_str(), c.participants.len(), raw), (CONV, 0, deep_field));
    // Read for one field: the rest is skipped without recursion.
    let deep_field = format!(r#"{{"id":"{CONV}","x":{deep}}}"#);
    assert_eq!(crate::core::dial::read_dial_response(&deep_field).unwrap(), CONV);
}

#[test]
fn unknown_fields_in_genesys_bodies_are_ignored() {
    let body = format!(r#"{{"id":"{ME}","someFutureField":{{"a":[1,2,{{"b":null}}]}},"name":7}}"#);
    assert_eq!(read_me(&body).unwrap().0, ME);
}
