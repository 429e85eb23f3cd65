//! The `CallBook`'s folding rules: repeats, hold and mute changes, finals,
//! stale snapshots, legs, interleaved conversations, memory, and the resync.

use super::calls::{agent, calls_of, customer, party, snap, P_AGENT2};
use super::fixtures::*;
use crate::core::calls::{read_listing, Call, CallBook, Party, Snapshot, MAX_CONVERSATIONS};

/// An inbound call on `conv` with ME's leg in `state`.
fn call_on(conv: &str, state: &str, held: bool, muted: bool) -> Snapshot {
    snap(conv, vec![customer("connected"), Party { held, muted, ..agent(state) }])
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
