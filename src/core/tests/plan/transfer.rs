//! Transfer plans.

use super::*;

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
