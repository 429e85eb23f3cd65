//! The agent's calls: snapshots read from both Genesys shapes and the
//! agent's leg as a `Call` (the `CallBook`'s folding rules: `book`).
//! The snapshot builders here are shared with `book`.

use super::fixtures::*;
use crate::core::calls::{agent_call, call_state, read_frame, read_listing, Call, Frame, Party, Snapshot};
use crate::core::error::Kind;
use serde_json::json;

pub(super) const P_AGENT2: &str = "a1000000-0000-4000-8000-000000000007";

pub(super) fn party(id: &str, purpose: &str, state: &str, user: Option<&str>) -> Party {
    Party {
        id: id.into(),
        purpose: purpose.into(),
        state: state.into(),
        direction: "inbound".into(),
        user_id: user.map(String::from),
        ..Party::default()
    }
}

pub(super) fn customer(state: &str) -> Party {
    Party { address: Some("tel:+13175550100".into()), name: Some("Mobile Number, Indiana".into()), ..party(P_CUSTOMER, "customer", state, None) }
}

pub(super) fn agent(state: &str) -> Party {
    Party { queue_id: Some(QUEUE.into()), ..party(P_AGENT, "agent", state, Some(ME)) }
}

pub(super) fn snap(id: &str, participants: Vec<Party>) -> Snapshot {
    Snapshot { id: id.into(), participants }
}

pub(super) fn calls_of(frame: &str) -> Snapshot {
    match read_frame(&frame.to_string(), ME) {
        Frame::Calls(s) => s,
        other => panic!("not a calls frame: {other:?}"),
    }
}

// ---------------------------------------------------------------- reading

#[test]
fn a_calls_event_reads_into_a_snapshot_with_user_and_queue_refs() {
    let s = calls_of(&calls_event("alerting", false, false));
    assert_eq!(s.id, CONV);
    assert_eq!(s.participants.len(), 3);
    let a = &s.participants[2];
    assert_eq!((a.id.as_str(), a.purpose.as_str(), a.state.as_str()), (P_AGENT, "agent", "alerting"));
    assert_eq!((a.user_id.as_deref(), a.queue_id.as_deref()), (Some(ME), Some(QUEUE)));
    assert_eq!(s.participants[1].address, None, "an empty address counts as absent");
}

#[test]
fn the_agents_alerting_leg_is_the_call_with_the_customer_as_remote() {
    let call = agent_call(&calls_of(&calls_event("alerting", false, false)), ME).unwrap();
    assert_eq!(
        serde_json::to_value(&call).unwrap(),
        json!({ "conversationId": CONV, "participantId": P_AGENT, "state": "alerting", "direction": "inbound",
                "held": false, "muted": false, "remote": "tel:+13175550100", "queueId": QUEUE })
    );
    // Someone else's view of the same conversation has no call for them.
    assert_eq!(agent_call(&calls_of(&calls_event("alerting", false, false)), OTHER_AGENT), None);
}

#[test]
fn the_listing_reads_call_conversations_with_domain_entity_refs() {
    let listing = read_listing(&CALLS_LISTING.to_string()).unwrap();
    assert_eq!(listing.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), [CONV, CONV2]);
    let outbound = agent_call(&listing[0], ME).unwrap();
    assert_eq!(
        outbound,
        Call {
            conversation_id: CONV.into(),
            participant_id: P_AGENT.into(),
            state: "connected",
            direction: "outbound",
            held: true,
            muted: false,
            remote: Some("tel:+13175550100".into()),
            queue_id: None,
        }
    );
    let wrapup = agent_call(&listing[1], ME).unwrap();
    assert_eq!((wrapup.state, wrapup.queue_id.as_deref(), wrapup.remote.as_deref()), ("disconnected", Some(QUEUE), Some("tel:+13175550177")));
}

#[test]
fn flat_user_id_and_queue_id_are_read_too_and_ids_are_lower_cased() {
    let body = json!({ "entities": [{ "id": CONV.to_uppercase(), "participants": [
        { "id": P_AGENT.to_uppercase(), "purpose": "agent", "state": "connected", "direction": "inbound",
          "userId": ME.to_uppercase(), "queueId": QUEUE },
        { "id": "not-an-id", "purpose": "customer", "state": "connected" },
        { "purpose": "customer", "state": "connected" },
    ]}]})
    .to_string();
    let listing = read_listing(&body).unwrap();
    assert_eq!(listing[0].id, CONV);
    assert_eq!(listing[0].participants.len(), 1, "participants without a Genesys id are left out");
    let call = agent_call(&listing[0], ME).unwrap();
    assert_eq!((call.participant_id.as_str(), call.queue_id.as_deref()), (P_AGENT, Some(QUEUE)));
    assert_eq!(agent_call(&listing[0], &ME.to_uppercase()).unwrap().participant_id, P_AGENT);
}

#[test]
fn a_listing_of_another_shape_is_an_unexpected_response() {
    for bad in ["", "[]", "{}", "null", "<html>OK</html>", r#"{"entities":{}}"#, r#"{"entities":[1]}"#, r#"{"entities":"x"}"#] {
        assert_eq!(read_listing(&bad.to_string()).unwrap_err().kind(), Kind::UnexpectedResponse, "{bad:?}");
    }
    // Entities without a conversation id are skipped, not fatal.
    assert_eq!(read_listing(&r#"{"entities":[{},{"id":"x"}],"pageSize":25}"#.to_string()).unwrap(), []);
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_eq!(read_listing(&deep).unwrap_err().kind(), Kind::UnexpectedResponse);
}

// ---------------------------------------------------------------- states and legs

#[test]
fn every_genesys_state_maps_to_a_call_state_or_none() {
    for (genesys, ours) in [
        ("alerting", Some("alerting")),
        ("dialing", Some("dialing")),
        ("contacting", Some("contacting")),
        ("offering", Some("offering")),
        ("connected", Some("connected")),
        ("disconnected", Some("disconnected")),
        ("terminated", Some("terminated")),
        ("parked", Some("connected")),
        ("converting", Some("connected")),
        ("uploading", Some("connected")),
        ("transmitting", Some("connected")),
        ("scheduled", Some("contacting")),
        ("CONNECTED", Some("connected")),
        ("none", None),
        ("", None),
        ("teleporting", None),
        ("connected\u{0}", None),
    ] {
        assert_eq!(call_state(genesys), ours, "{genesys:?}");
    }
}

#[test]
fn a_parked_leg_is_a_held_connected_call() {
    let call = agent_call(&snap(CONV, vec![customer("connected"), agent("parked")]), ME).unwrap();
    assert_eq!((call.state, call.held), ("connected", true));
}

#[test]
fn the_agents_leg_is_the_latest_live_one_never_voicemail_nor_an_unknown_state() {
    // Transferred back: the old leg ended, a new one alerts.
    let back = snap(CONV, vec![customer("connected"), agent("disconnected"), party(P_AGENT2, "agent", "alerting", Some(ME))]);
    assert_eq!(agent_call(&back, ME).unwrap().participant_id, P_AGENT2);
    // A live older leg wins over a newer ended one.
    let live_first = snap(CONV, vec![agent("connected"), party(P_AGENT2, "agent", "disconnected", Some(ME))]);
    assert_eq!(agent_call(&live_first, ME).unwrap().participant_id, P_AGENT);
    // All ended: the latest.
    let ended = snap(CONV, vec![agent("disconnected"), party(P_AGENT2, "agent", "terminated", Some(ME))]);
    assert_eq!(agent_call(&ended, ME).unwrap().state, "terminated");
    // Voicemail is not the agent's call; a leg in an unknown state is skipped.
    let vm = snap(CONV, vec![customer("connected"), agent("disconnected"), party(P_VOICEMAIL, "voicemail", "connected", Some(ME))]);
    assert_eq!(agent_call(&vm, ME).unwrap().state, "disconnected");
    let unknown = snap(CONV, vec![customer("connected"), agent("none")]);
    assert_eq!(agent_call(&unknown, ME), None);
    assert_eq!(agent_call(&snap(CONV, vec![]), ME), None);
    assert_eq!(agent_call(&snap(CONV, vec![agent("connected")]), ""), None);
}

#[test]
fn remote_is_the_customers_address_else_name_else_another_persons_name() {
    let remote = |ps: Vec<Party>| agent_call(&snap(CONV, ps), ME).unwrap().remote;
    assert_eq!(remote(vec![customer("connected"), agent("connected")]).as_deref(), Some("tel:+13175550100"));
    let nameless = Party { address: None, ..customer("connected") };
    assert_eq!(remote(vec![nameless, agent("connected")]).as_deref(), Some("Mobile Number, Indiana"));
    // The live customer, not one who left earlier.
    let gone = Party { address: Some("tel:+13175550111".into()), ..party(P_EXTERNAL, "external", "disconnected", None) };
    assert_eq!(remote(vec![customer("connected"), gone.clone(), agent("connected")]).as_deref(), Some("tel:+13175550100"));
    assert_eq!(remote(vec![gone, agent("disconnected")]).as_deref(), Some("tel:+13175550111"));
    // An internal call: the other person's name.
    let colleague = Party { name: Some("Sam Colleague".into()), address: Some("sip:sam@example".into()), ..party(P_AGENT2, "user", "connected", Some(OTHER_AGENT)) };
    assert_eq!(remote(vec![Party { purpose: "user".into(), ..agent("connected") }, colleague]).as_deref(), Some("Sam Colleague"));
    // Queues, IVRs and the agent's own voicemail are nobody to talk to.
    let system = vec![
        party(P_IVR, "ivr", "disconnected", None),
        Party { name: Some("Support Tier 2".into()), ..party(P_ACD, "acd", "connected", None) },
        party(P_VOICEMAIL, "voicemail", "connected", Some(ME)),
        agent("alerting"),
    ];
    assert_eq!(remote(system), None);
}

#[test]
fn the_queue_comes_from_the_acd_leg_when_the_agents_has_none() {
    let acd = Party { queue_id: Some(QUEUE.into()), ..party(P_ACD, "acd", "disconnected", None) };
    let call = agent_call(&snap(CONV, vec![customer("connected"), acd, Party { queue_id: None, ..agent("connected") }]), ME).unwrap();
    assert_eq!(call.queue_id.as_deref(), Some(QUEUE));
}

#[test]
fn a_direction_other_than_outbound_reads_as_inbound() {
    for (given, want) in [("outbound", "outbound"), ("OUTBOUND", "outbound"), ("inbound", "inbound"), ("", "inbound"), ("sideways", "inbound")] {
        let call = agent_call(&snap(CONV, vec![Party { direction: given.into(), ..agent("connected") }]), ME).unwrap();
        assert_eq!(call.direction, want, "{given:?}");
    }
}
