//! Native tests of the plans: for each operation, the exact walk of requests
//! (method, path, query, body) and `Me` asks, given realistic Genesys answers,
//! the result it ends with, the errors it stops with and its single-flight key.

use super::fixtures::*;
use super::{assert_clean_path, invalid_field};
use crate::core::error::{Error, Kind};
use crate::core::http::{Method, Request};
use crate::core::plan::{begin, Next, Op, Output, Plan};
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
    let body = r.body.as_ref().map(|b| serde_json::to_value(b).expect("request body is JSON"));
    Ask::Send(r.method, r.path_and_query(), body)
}

/// Runs `plan`: answers every request with `answer` (its 2xx body) and every
/// `Me` with `me` (the user id, or `None` for a client-credentials token).
/// Returns what was asked, in order, and how the plan ended.
fn walk(mut plan: Plan<String>, me: Option<&str>, mut answer: impl FnMut(&Request) -> String) -> (Vec<Ask>, Result<Value, Error>) {
    let mut asks = Vec::new();
    for _ in 0..20 {
        match plan.next() {
            Err(e) => return (asks, Err(e)),
            Ok(Next::Done(v)) => return (asks, Ok(output(v))),
            Ok(Next::Me) => {
                asks.push(Ask::Me);
                plan.feed_me(me.map(|id| (id.to_string(), users_me(id))));
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

/// A result as JS sees it.
pub(crate) fn output(o: Output<String>) -> Value {
    match o {
        Output::Fields(r) => serde_json::to_value(r).unwrap(),
        Output::Body(b) => serde_json::from_str(&b).unwrap(),
        Output::Entities(b) => serde_json::from_str::<Value>(&b).unwrap()["entities"].take(),
        Output::Calls(calls) => serde_json::to_value(calls).unwrap(),
        Output::Listing(snapshots) => snapshots.iter().map(|s| Value::from(s.id.as_str())).collect(),
        Output::Channel(c) => serde_json::json!({ "id": c.id, "connectUri": c.connect_uri, "expiresMs": c.expires_ms }),
        Output::UserId(id) => Value::from(id),
        Output::Nothing => Value::Null,
    }
}

fn start(name: &str, options: Value) -> (Option<String>, Plan<String>) {
    begin(name, options.clone()).unwrap_or_else(|e| panic!("{name} {options}: {e}"))
}

fn plan(name: &str, options: Value) -> Plan<String> {
    start(name, options).1
}

fn key(name: &str, options: Value) -> Option<String> {
    start(name, options).0
}

fn refused(name: &str, options: Value) -> Error {
    match begin::<String, _>(name, options.clone()) {
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

mod transfer;
mod consult;
mod calls;
mod begin;
mod notify;
