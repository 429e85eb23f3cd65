//! Consult plans.

use super::*;

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
