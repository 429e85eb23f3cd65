//! The agent's calls: snapshots read from both Genesys shapes, the agent's
//! leg as a `Call`, and the `CallBook`'s folding rules.

use super::fixtures::*;
use crate::core::calls::{agent_call, call_state, read_frame, read_listing, Call, CallBook, Frame, Party, Snapshot, MAX_CONVERSATIONS};
use crate::core::error::Kind;
use serde_json::json;

const P_AGENT2: &str = "a1000000-0000-4000-8000-000000000007";

fn party(id: &str, purpose: &str, state: &str, user: Option<&str>) -> Party {
    Party {
        id: id.into(),
        purpose: purpose.into(),
        state: state.into(),
        direction: "inbound".into(),
        user_id: user.map(String::from),
        ..Party::default()
    }
}

fn customer(state: &str) -> Party {
    Party { address: Some("tel:+13175550100".into()), name: Some("Mobile Number, Indiana".into()), ..party(P_CUSTOMER, "customer", state, None) }
}

fn agent(state: &str) -> Party {
    Party { queue_id: Some(QUEUE.into()), ..party(P_AGENT, "agent", state, Some(ME)) }
}

fn snap(id: &str, participants: Vec<Party>) -> Snapshot {
    Snapshot { id: id.into(), participants }
}

/// An inbound call on `conv` with ME's leg in `state`.
fn call_on(conv: &str, state: &str, held: bool, muted: bool) -> Snapshot {
    snap(conv, vec![customer("connected"), Party { held, muted, ..agent(state) }])
}

fn calls_of(frame: &str) -> Snapshot {
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

// ---------------------------------------------------------------- the book

fn states(calls: &[Call]) -> Vec<&'static str> {
    calls.iter().map(|c| c.state).collect()
}

#[test]
fn a_repeated_snapshot_is_emitted_once() {
    let mut book = CallBook::default();
    let s = calls_of(&calls_event("alerting", false, false));
    assert_eq!(book.apply(&s, ME).unwrap().state, "alerting");
    assert_eq!(book.apply(&s, ME), None);
    assert_eq!(book.apply(&calls_of(&calls_event("alerting", false, false)), ME), None);
}

#[test]
fn hold_and_mute_changes_are_emitted_and_only_once_each() {
    let mut book = CallBook::default();
    let mut seen = Vec::new();
    for (state, held, muted) in [
        ("alerting", false, false),
        ("connected", false, false),
        ("connected", false, false),
        ("connected", true, false),
        ("connected", true, false),
        ("connected", true, true),
        ("connected", false, true),
        ("connected", false, false),
    ] {
        seen.extend(book.apply(&calls_of(&calls_event(state, held, muted)), ME).map(|c| (c.state, c.held, c.muted)));
    }
    assert_eq!(
        seen,
        [
            ("alerting", false, false),
            ("connected", false, false),
            ("connected", true, false),
            ("connected", true, true),
            ("connected", false, true),
            ("connected", false, false),
        ]
    );
}

#[test]
fn disconnected_then_terminated_back_to_back_emit_one_final() {
    let mut book = CallBook::default();
    let mut out = Vec::new();
    for state in ["alerting", "connected", "disconnected", "terminated", "terminated", "disconnected"] {
        out.extend(book.apply(&calls_of(&calls_event(state, false, false)), ME));
    }
    assert_eq!(states(&out), ["alerting", "connected", "disconnected"]);
}

#[test]
fn a_snapshot_older_than_a_final_one_is_ignored() {
    let mut book = CallBook::default();
    assert!(book.apply(&call_on(CONV, "connected", false, false), ME).is_some());
    assert_eq!(book.apply(&call_on(CONV, "disconnected", false, false), ME).unwrap().state, "disconnected");
    // Late deliveries of earlier states of the same leg.
    assert_eq!(book.apply(&call_on(CONV, "connected", true, false), ME), None);
    assert_eq!(book.apply(&call_on(CONV, "alerting", false, false), ME), None);
    // The final arrived first: the earlier states that follow are stale too.
    let mut book = CallBook::default();
    assert_eq!(book.apply(&call_on(CONV, "terminated", false, false), ME).unwrap().state, "terminated");
    assert_eq!(book.apply(&call_on(CONV, "alerting", false, false), ME), None);
    assert_eq!(book.apply(&call_on(CONV, "disconnected", false, false), ME), None);
}

#[test]
fn a_snapshot_without_the_agent_emits_nothing_and_ends_nothing() {
    let mut book = CallBook::default();
    let without = snap(CONV, vec![customer("connected"), party(P_ACD, "acd", "connected", None)]);
    assert_eq!(book.apply(&without, ME), None);
    assert!(book.is_empty(), "nothing to remember");
    assert!(book.apply(&call_on(CONV, "connected", false, false), ME).is_some());
    assert_eq!(book.apply(&without, ME), None);
    // The call goes on: the next change is still emitted.
    assert_eq!(book.apply(&call_on(CONV, "connected", true, false), ME).map(|c| c.held), Some(true));
}

#[test]
fn a_call_transferred_back_is_a_new_leg_and_the_old_leg_stays_over() {
    let mut book = CallBook::default();
    book.apply(&call_on(CONV, "connected", false, false), ME).unwrap();
    let back = snap(CONV, vec![customer("connected"), agent("disconnected"), party(P_AGENT2, "agent", "alerting", Some(ME))]);
    let c = book.apply(&back, ME).unwrap();
    assert_eq!((c.participant_id.as_str(), c.state), (P_AGENT2, "alerting"));
    // A late snapshot from before the transfer shows the old leg connected.
    assert_eq!(book.apply(&call_on(CONV, "connected", false, false), ME), None);
    let answered = snap(CONV, vec![customer("connected"), agent("disconnected"), party(P_AGENT2, "agent", "connected", Some(ME))]);
    assert_eq!(book.apply(&answered, ME).map(|c| c.state), Some("connected"));
}

#[test]
fn two_conversations_interleaved_are_folded_apart() {
    let mut book = CallBook::default();
    let mut out = Vec::new();
    for (conv, state) in [
        (CONV, "alerting"),
        (CONV2, "dialing"),
        (CONV, "connected"),
        (CONV2, "dialing"),
        (CONV2, "connected"),
        (CONV, "disconnected"),
        (CONV2, "connected"),
        (CONV, "terminated"),
        (CONV2, "disconnected"),
    ] {
        out.extend(book.apply(&call_on(conv, state, false, false), ME).map(|c| (c.conversation_id, c.state)));
    }
    let want = [
        (CONV, "alerting"),
        (CONV2, "dialing"),
        (CONV, "connected"),
        (CONV2, "connected"),
        (CONV, "disconnected"),
        (CONV2, "disconnected"),
    ];
    assert_eq!(out, want.map(|(c, s)| (c.to_string(), s)));
}

/// A small deterministic generator (an LCG), so the test is repeatable.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn conv_id(i: usize) -> String {
    format!("5a8d6f3e-1c2b-4e7a-9d3f-{i:012x}")
}

#[test]
fn a_thousand_changes_over_fifty_conversations_end_right_and_in_order() {
    // Each conversation's script: alerting, connected, then hold/mute
    // changes, then disconnected and terminated (20 changes each).
    let script = |i: usize| -> Vec<(&'static str, bool, bool)> {
        let mut s = vec![("alerting", false, false), ("connected", false, false)];
        for k in 0..16 {
            s.push(("connected", (k + i).is_multiple_of(2), (k / 2 + i).is_multiple_of(2)));
        }
        s.push(("disconnected", false, false));
        s.push(("terminated", false, false));
        s
    };
    let scripts: Vec<_> = (0..50).map(script).collect();
    assert_eq!(scripts.iter().map(Vec::len).sum::<usize>(), 1000);
    let mut next = vec![0usize; 50];
    let mut rng = Lcg(7);
    let mut book = CallBook::default();
    let mut emitted: Vec<Vec<(&str, bool, bool)>> = vec![Vec::new(); 50];
    let mut delivered = 0;
    while delivered < 1000 {
        let i = rng.below(50);
        let Some(&(state, held, muted)) = scripts[i].get(next[i]) else { continue };
        next[i] += 1;
        delivered += 1;
        let s = call_on(&conv_id(i), state, held, muted);
        // Every fourth snapshot is delivered twice.
        for _ in 0..(1 + usize::from(rng.below(4) == 0)) {
            if let Some(c) = book.apply(&s, ME) {
                assert_eq!(c.conversation_id, conv_id(i));
                emitted[i].push((c.state, c.held, c.muted));
            }
        }
    }
    for (i, script) in scripts.iter().enumerate() {
        // What each conversation emitted: its script without repeats of the
        // last value and without the terminated after disconnected.
        let mut want: Vec<(&str, bool, bool)> = Vec::new();
        for step in script.iter().take(script.len() - 1) {
            if want.last() != Some(step) {
                want.push(*step);
            }
        }
        assert_eq!(emitted[i], want, "conversation {i}");
        assert_eq!(emitted[i].last().map(|e| e.0), Some("disconnected"));
    }
    assert_eq!(book.len(), 50);
}

#[test]
fn memory_stays_bounded_and_forgets_ended_calls_first() {
    let mut book = CallBook::default();
    // One call that stays live throughout.
    book.apply(&call_on(CONV, "connected", false, false), ME).unwrap();
    for i in 0..1000 {
        book.apply(&call_on(&conv_id(i), "alerting", false, false), ME).unwrap();
        book.apply(&call_on(&conv_id(i), "disconnected", false, false), ME).unwrap();
        assert!(book.len() <= MAX_CONVERSATIONS);
    }
    assert_eq!(book.len(), MAX_CONVERSATIONS);
    // The live call was kept: a repeat of it is still a repeat.
    assert_eq!(book.apply(&call_on(CONV, "connected", false, false), ME), None);
    assert_eq!(book.apply(&call_on(CONV, "disconnected", false, false), ME).map(|c| c.state), Some("disconnected"));
    // Many live calls at once: still bounded.
    let mut book = CallBook::default();
    for i in 0..1000 {
        book.apply(&call_on(&conv_id(i), "alerting", false, false), ME).unwrap();
    }
    assert_eq!(book.len(), MAX_CONVERSATIONS);
}

// ---------------------------------------------------------------- resync

#[test]
fn a_call_that_ended_while_the_socket_was_down_gets_a_final_disconnected() {
    let mut book = CallBook::default();
    let live = book.apply(&call_on(CONV2, "connected", false, false), ME).unwrap();
    let other = book.apply(&call_on(CONV, "connected", true, false), ME).unwrap();
    // The listing still has CONV (unchanged: connected and held) but not CONV2.
    let listing = vec![call_on(CONV, "connected", true, false)];
    let out = book.resync(&listing, ME);
    assert_eq!(out, [Call { state: "disconnected", ..live }]);
    // Unchanged calls: nothing; and the ended one stays ended.
    assert_eq!(book.resync(&listing, ME), []);
    assert_eq!(book.apply(&call_on(CONV2, "connected", false, false), ME), None);
    assert_eq!(book.apply(&call_on(CONV, "connected", true, false), ME), None);
    assert_eq!(other.state, "connected");
}

#[test]
fn resync_emits_what_changed_while_down_and_only_records_old_ended_calls() {
    let mut book = CallBook::default();
    book.apply(&call_on(CONV, "alerting", false, false), ME).unwrap();
    let listing = read_listing(&CALLS_LISTING.to_string()).unwrap();
    let out = book.resync(&listing, ME);
    // CONV was answered (and held) meanwhile; CONV2, already in wrap-up when
    // first seen, is history, not news.
    assert_eq!(out.len(), 1);
    assert_eq!((out[0].conversation_id.as_str(), out[0].state, out[0].held), (CONV, "connected", true));
    assert_eq!(book.len(), 2);
    // CONV2's late terminated is stale.
    let terminated = snap(CONV2, vec![party("b1000000-0000-4000-8000-000000000004", "agent", "terminated", Some(ME))]);
    assert_eq!(book.apply(&terminated, ME), None);
}

#[test]
fn a_listed_conversation_without_the_agent_is_not_ended_by_a_resync() {
    let mut book = CallBook::default();
    book.apply(&call_on(CONV, "connected", false, false), ME).unwrap();
    assert_eq!(book.resync(&[snap(CONV, vec![customer("connected")])], ME), []);
    assert_eq!(book.resync(&[], ME).iter().map(|c| c.state).collect::<Vec<_>>(), ["disconnected"]);
    assert_eq!(book.resync(&[], ME), []);
}

#[test]
fn live_calls_are_the_last_calls_not_yet_final() {
    let mut book = CallBook::default();
    book.apply(&call_on("11111111-1111-4111-8111-111111111111", "connected", false, false), ME);
    book.apply(&call_on("22222222-2222-4222-8222-222222222222", "alerting", false, false), ME);
    book.apply(&call_on("11111111-1111-4111-8111-111111111111", "disconnected", false, false), ME);
    let live: Vec<_> = book.live_calls().into_iter().map(|c| (c.conversation_id, c.state)).collect();
    assert_eq!(live, vec![("22222222-2222-4222-8222-222222222222".to_string(), "alerting")]);
}
