//! Reading notification frames: each kind, leniently, never failing.

use super::fixtures::*;
use crate::core::calls::{read_frame, Frame};
use serde_json::json;

fn frame(text: &str) -> Frame {
    read_frame(&text.to_string(), ME)
}

#[test]
fn a_calls_event_for_the_user_is_a_snapshot() {
    let Frame::Calls(s) = frame(&calls_event("connected", true, false)) else { panic!() };
    assert_eq!((s.id.as_str(), s.participants.len()), (CONV, 3));
}

#[test]
fn topic_names_and_user_ids_compare_without_case() {
    let text = calls_event("alerting", false, false).replace("v2.users.", "V2.Users.").replace(".conversations.calls", ".Conversations.CALLS");
    assert!(matches!(frame(&text), Frame::Calls(_)));
    let upper_id = calls_event("alerting", false, false).replace(&format!("v2.users.{ME}"), &format!("v2.users.{}", ME.to_uppercase()));
    assert!(matches!(frame(&upper_id), Frame::Calls(_)));
}

#[test]
fn another_users_calls_and_other_topics_are_other() {
    assert_eq!(read_frame(&calls_event("alerting", false, false), OTHER_AGENT), Frame::Other);
    assert_eq!(read_frame(&calls_event("alerting", false, false), ""), Frame::Other);
    for topic in [format!("v2.users.{ME}.conversations"), format!("v2.users.{ME}.presence"), format!("v2.users.{ME}.conversations.calls.x")] {
        let text = calls_event("alerting", false, false).replace(&format!("v2.users.{ME}.conversations.calls"), &topic);
        assert_eq!(frame(&text), Frame::Other, "{topic}");
    }
}

#[test]
fn heartbeats_and_pongs_are_told_apart() {
    assert_eq!(frame(r#"{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}"#), Frame::Heartbeat);
    assert_eq!(
        frame(r#"{"topicName":"channel.metadata","version":"2","eventBody":{"message":"WebSocket Heartbeat"},"metadata":{"CorrelationId":"x"}}"#),
        Frame::Heartbeat
    );
    assert_eq!(frame(r#"{"topicName":"Channel.Metadata","eventBody":{"message":"pong"}}"#), Frame::Pong);
    assert_eq!(frame(r#"{"topicName":"channel.metadata","eventBody":{"message":"PONG"}}"#), Frame::Pong);
    // Any other metadata message is still the server speaking.
    assert_eq!(frame(r#"{"topicName":"channel.metadata"}"#), Frame::Heartbeat);
    assert_eq!(frame(r#"{"topicName":"channel.metadata","eventBody":{}}"#), Frame::Heartbeat);
}

#[test]
fn socket_closing_and_a_dead_channel_are_recognised() {
    let closing = json!({ "topicName": "v2.system.socket_closing", "version": "2",
        "eventBody": { "channelId": CHANNEL_ID, "systemTopicType": "socket_closing", "message": "Socket closing soon", "data": {} },
        "metadata": { "CorrelationId": "c0ffee00-0000-4000-8000-000000000002" } });
    assert_eq!(frame(&closing.to_string()), Frame::SocketClosing);
    assert_eq!(frame(r#"{"topicName":"V2.SYSTEM.SOCKET_CLOSING"}"#), Frame::SocketClosing);
    assert_eq!(frame(r#"{"result":"404","message":"The channel streaming-2-x does not exist"}"#), Frame::ChannelGone);
    assert_eq!(frame(r#"{"result":404}"#), Frame::ChannelGone);
    assert_eq!(frame(r#"{"result":404.0}"#), Frame::ChannelGone);
    let gone = format!(r#"{{"topicName":"v2.system.no_longer_subscribed.{CHANNEL_ID}","eventBody":{{"systemTopicType":"no_longer_subscribed","reason":"another_channel_subscribed"}}}}"#);
    assert_eq!(frame(&gone), Frame::ChannelGone);
    // Other results (a WebSocket subscribe reply) are not a dead channel.
    assert_eq!(frame(r#"{"result":"200","status":"subscribed"}"#), Frame::Other);
    assert_eq!(frame(r#"{"correlationId":"x","topics":[],"result":"400","status":"error"}"#), Frame::Other);
    assert_eq!(frame(r#"{"result":"4040"}"#), Frame::Other);
    assert_eq!(frame(r#"{"result":-404}"#), Frame::Other);
    assert_eq!(frame(r#"{"result":true}"#), Frame::Other);
}

#[test]
fn malformed_frames_are_other_never_a_failure() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let topic = format!("v2.users.{ME}.conversations.calls");
    for bad in [
        String::new(),
        "ping".into(),
        "null".into(),
        "[]".into(),
        "{}".into(),
        "42".into(),
        r#"{"topicName":5}"#.into(),
        r#"{"topicName":null,"eventBody":null}"#.into(),
        deep.clone(),
        format!(r#"{{"topicName":"{topic}"}}"#),
        format!(r#"{{"topicName":"{topic}","eventBody":{{}}}}"#),
        format!(r#"{{"topicName":"{topic}","eventBody":{{"id":"not-an-id","participants":[]}}}}"#),
        format!(r#"{{"topicName":"{topic}","eventBody":{{"id":"{CONV}","participants":"x"}}}}"#),
        format!(r#"{{"topicName":"{topic}","eventBody":[1,2]}}"#),
        format!(r#"{{"topicName":"{topic}","eventBody":{{"id":"{CONV}","participants":[{{"id":"{P_AGENT}","held":"yes"}}]}}}}"#),
    ] {
        assert_eq!(frame(&bad), Frame::Other, "{:.80}", bad);
    }
    // An unknown deep field is skipped.
    let skipped = format!(r#"{{"topicName":"{topic}","x":{deep},"eventBody":{{"id":"{CONV}"}}}}"#);
    assert!(matches!(frame(&skipped), Frame::Calls(s) if s.participants.is_empty()));
}
