use super::fixtures::*;
use super::bodies::read_conversation;
use crate::core::conversation::Conversation;
use crate::core::error::{Candidate, Kind};
use crate::core::participant::blind_transfer_participant;

fn read(body: &str) -> Conversation {
    read_conversation(body).unwrap().0
}

const STRANGER: &str = "e0e0e0e0-0000-4000-8000-00000000e0e0";

#[test]
fn the_users_own_connected_participant_is_replaced() {
    assert_eq!(blind_transfer_participant(&read(INBOUND_ANSWERED), Some(ME)).unwrap(), P_AGENT);
}

#[test]
fn a_user_purpose_leg_counts_as_the_users_own() {
    assert_eq!(blind_transfer_participant(&read(OUTBOUND_USER), Some(ME)).unwrap(), P_AGENT);
}

#[test]
fn the_users_own_alerting_leg_is_refused_as_not_connected() {
    // OTHER_AGENT is alerting on a call still waiting in queue.
    let e = blind_transfer_participant(&read(WAITING_IN_QUEUE), Some(OTHER_AGENT)).unwrap_err();
    assert_eq!(e.kind(), Kind::InvalidState);
    assert!(e.message().contains(P_AGENT), "{e}");
    assert!(e.message().contains("alerting, not connected"), "{e}");
}

#[test]
fn the_users_voicemail_is_never_picked() {
    let e = blind_transfer_participant(&read(TO_VOICEMAIL), Some(ME)).unwrap_err();
    assert_eq!(e.kind(), Kind::InvalidState);
    assert!(!e.message().contains("your participant"), "the voicemail leg is not the user's: {e}");
}

#[test]
fn without_a_user_a_call_waiting_in_queue_is_taken_from_its_acd_participant() {
    // A client-credentials token has no user (users/me answers not.a.user).
    assert_eq!(blind_transfer_participant(&read(WAITING_IN_QUEUE), None).unwrap(), P_ACD);
}

#[test]
fn a_user_not_on_the_call_takes_the_waiting_acd_participant() {
    assert_eq!(blind_transfer_participant(&read(WAITING_IN_QUEUE), Some(STRANGER)).unwrap(), P_ACD);
}

#[test]
fn a_user_whose_leg_ended_takes_the_waiting_acd_participant() {
    assert_eq!(blind_transfer_participant(&read(REQUEUED), Some(ME)).unwrap(), P_ACD);
}

#[test]
fn a_disconnected_acd_participant_is_not_taken() {
    let e = blind_transfer_participant(&read(INBOUND_ANSWERED), None).unwrap_err();
    assert_eq!(e.kind(), Kind::InvalidState);
    assert_eq!(
        e.candidates(),
        &[Candidate { id: P_CUSTOMER.into(), name: "customer (connected)".into() }, Candidate { id: P_AGENT.into(), name: "agent (connected)".into() }]
    );
}

#[test]
fn when_nothing_fits_the_error_lists_connected_participants_and_asks_for_participant_id() {
    let e = blind_transfer_participant(&read(TO_VOICEMAIL), Some(ME)).unwrap_err();
    assert_eq!(e.kind(), Kind::InvalidState);
    assert_eq!(
        e.candidates(),
        &[Candidate { id: P_CUSTOMER.into(), name: "customer (connected)".into() }, Candidate { id: P_VOICEMAIL.into(), name: "voicemail (connected)".into() }]
    );
    let m = e.message();
    assert!(m.contains("pass participantId"), "{m}");
    assert!(m.contains(&format!("{P_CUSTOMER} = customer (connected)")), "{m}");
    assert!(!m.contains(P_AGENT), "ended legs are not offered: {m}");
    assert_eq!(serde_json::to_value(&e).unwrap()["candidates"][1]["id"], P_VOICEMAIL);
}

#[test]
fn with_nobody_connected_the_error_says_so() {
    let body = format!(r#"{{"id":"{CONV}","participants":[{{"id":"{P_AGENT}","purpose":"agent","userId":"{ME}","calls":[{{"state":"terminated"}}]}}]}}"#);
    let e = blind_transfer_participant(&read(&body), Some(ME)).unwrap_err();
    assert_eq!(e.kind(), Kind::InvalidState);
    assert!(e.candidates().is_empty());
    assert!(e.message().contains("no participant is connected"), "{e}");
}

#[test]
fn the_latest_connected_leg_of_the_user_wins() {
    let a = "a2000000-0000-4000-8000-00000000000a";
    let b = "a2000000-0000-4000-8000-00000000000b";
    let body = format!(
        r#"{{"id":"{CONV}","participants":[
          {{"id":"{a}","purpose":"agent","userId":"{ME}","calls":[{{"state":"connected"}}]}},
          {{"id":"{P_VOICEMAIL}","purpose":"voicemail","userId":"{ME}","calls":[{{"state":"connected"}}]}},
          {{"id":"{b}","purpose":"agent","userId":"{ME}","calls":[{{"state":"connected"}}]}}]}}"#
    );
    assert_eq!(blind_transfer_participant(&read(&body), Some(ME)).unwrap(), b);
}

#[test]
fn a_connected_own_leg_wins_over_an_alerting_one() {
    let a = "a2000000-0000-4000-8000-00000000000a";
    let body = format!(
        r#"{{"id":"{CONV}","participants":[
          {{"id":"{a}","purpose":"agent","userId":"{ME}","calls":[{{"state":"connected"}}]}},
          {{"id":"{P_AGENT}","purpose":"agent","userId":"{ME}","calls":[{{"state":"alerting"}}]}}]}}"#
    );
    assert_eq!(blind_transfer_participant(&read(&body), Some(ME)).unwrap(), a);
}

#[test]
fn a_participant_id_from_the_response_that_is_not_an_id_never_reaches_the_path() {
    // The server's answer is read, not trusted: a participant whose id could
    // change the transfer path is not offered at all.
    let body = format!(
        r#"{{"id":"{CONV}","participants":[
          {{"id":"../../../users/me?x#","purpose":"agent","userId":"{ME}","calls":[{{"state":"connected"}}]}},
          {{"id":"a/b","purpose":"acd","calls":[{{"state":"connected"}}]}}]}}"#
    );
    let e = blind_transfer_participant(&read(&body), Some(ME)).unwrap_err();
    assert_eq!(e.kind(), Kind::InvalidState);
    assert!(e.candidates().is_empty());
}
