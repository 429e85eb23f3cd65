//! Native tests of the task state machine: a scripted host answers each
//! effect on a simulated clock, and the tests check the rules the package
//! promises (no double call, retries, the token, deadlines, the users/me
//! cache, what an error says).

use super::{Effect, SendError, Step, Task, TokenFailure};
use crate::core::config::parse_config;
use crate::core::error::{Error, Kind};
use crate::core::http::{Method, Response};
use crate::core::plan::begin;
use alloc::rc::Rc;
use serde_json::{json, Value};

/// Tests hold response bodies as text.
type Client = super::Client<String>;
type Reply = super::Reply<String>;

/// A result as JS sees it (the core's plan tests' helper).
use crate::core::tests::plan::output;

/// A request body as the JSON text the transport sends.
fn text(body: &Option<crate::core::http::RequestBody>) -> Option<String> {
    body.as_ref().map(|b| serde_json::to_string(b).unwrap())
}

const ME: &str = "7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const OTHER_AGENT: &str = "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f";
const QUEUE: &str = "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b";
const Q2: &str = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const CONV: &str = "5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50";
const P_CUSTOMER: &str = "a1000000-0000-4000-8000-000000000001";
const P_ACD: &str = "a1000000-0000-4000-8000-000000000003";
const P_AGENT: &str = "a1000000-0000-4000-8000-000000000004";
const DIAL_PATH: &str = "/api/v2/conversations/calls";

// ---------------------------------------------------------------- Genesys bodies

/// An inbound call answered by ME (agent), the customer connected.
fn answered_call() -> String {
    json!({ "id": CONV, "participants": [
        { "id": P_CUSTOMER, "purpose": "customer", "participantType": "External", "address": "tel:+13175550100",
          "calls": [{ "state": "connected", "direction": "inbound", "provider": "Edge" }] },
        { "id": P_ACD, "purpose": "acd", "participantType": "Acd", "queueId": QUEUE, "queueName": "Support Tier 2",
          "calls": [{ "state": "disconnected", "direction": "inbound", "disconnectType": "transfer" }] },
        { "id": P_AGENT, "purpose": "agent", "participantType": "Internal", "userId": ME, "queueId": QUEUE,
          "calls": [{ "state": "connected", "direction": "inbound", "provider": "Edge" }] },
    ]})
    .to_string()
}

/// A call waiting in queue: its ACD leg is connected, another agent alerting.
fn queued_call() -> String {
    json!({ "id": CONV, "participants": [
        { "id": P_CUSTOMER, "purpose": "customer", "calls": [{ "state": "connected", "direction": "inbound" }] },
        { "id": P_ACD, "purpose": "acd", "queueId": QUEUE, "calls": [{ "state": "connected", "direction": "inbound" }] },
        { "id": P_AGENT, "purpose": "agent", "userId": OTHER_AGENT, "calls": [{ "state": "alerting", "direction": "inbound" }] },
    ]})
    .to_string()
}

fn users_me() -> String {
    json!({ "id": ME, "name": "Dana Agent", "email": "dana@example.com", "state": "active", "username": "dana@example.com",
            "division": { "id": "f1e2d3c4-b5a6-4798-8a9b-0c1d2e3f4a5b", "name": "Home" }, "version": 3,
            "selfUri": format!("/api/v2/users/{ME}") })
    .to_string()
}

fn queue_listing() -> String {
    json!({ "entities": [{ "id": QUEUE, "name": "Support Tier 2", "memberCount": 12, "selfUri": format!("/api/v2/routing/queues/{QUEUE}") }],
            "pageSize": 100, "pageNumber": 1, "total": 1, "pageCount": 1 })
    .to_string()
}

fn error_body(status: u16, code: &str, message: &str) -> String {
    json!({ "message": message, "code": code, "status": status, "contextId": "3b3a1c4e-0000-4000-8000-0000000000c1", "details": [], "errors": [] })
        .to_string()
}

// ---------------------------------------------------------------- replies

fn response(status: u16, body: &str) -> Reply {
    Reply::Response(Response {
        status,
        retry_after: None,
        correlation_id: Some("c0ffee00-0000-4000-8000-000000000001".into()),
        content_type: Some("application/json".into()),
        body: body.into(),
    })
}

fn ok(body: &str) -> Reply {
    response(200, body)
}

fn status(code: u16) -> Reply {
    let (c, m) = match code {
        400 => ("bad.request", "The request could not be understood by the server due to malformed syntax."),
        401 => ("authentication.required", "No authentication bearer token specified in authorization header."),
        403 => ("missing.permissions", "Unable to perform the requested action. You are missing the following permission(s): [conversation:call:add]"),
        404 => ("not.found", "The requested resource was not found."),
        409 => ("conflict", "Conflict"),
        429 => ("too.many.requests", "Rate limit exceeded the maximum. Retry the request in [2] seconds"),
        500 => ("internal.server.error", "The server encountered an unexpected condition which prevented it from fulfilling the request."),
        502 => ("bad.gateway", "Bad gateway"),
        503 => ("service.unavailable", "Service Unavailable"),
        504 => ("gateway.timeout", "Gateway timeout"),
        _ => ("error", "error"),
    };
    response(code, &error_body(code, c, m))
}

/// A 429 with `Retry-After: <secs>`.
fn too_many(secs: &str) -> Reply {
    let Reply::Response(mut r) = response(429, &error_body(429, "too.many.requests", "Rate limit exceeded the maximum.")) else { unreachable!() };
    r.retry_after = Some(secs.into());
    Reply::Response(r)
}

// ---------------------------------------------------------------- the scripted host

fn client(extra: &str, provider: bool) -> Rc<Client> {
    let text = format!(r#"{{"apiBase":"http://127.0.0.1:1"{extra}}}"#);
    let options: Value = serde_json::from_str(&text).unwrap();
    Rc::new(Client::new(parse_config(options).unwrap_or_else(|e| panic!("{text}: {e}")), provider))
}

/// What one run of a task saw.
struct Run {
    effects: Vec<Effect>,
    /// The outcome `resume` gave when each effect was answered.
    outcomes: Vec<Option<&'static str>>,
    result: Result<Value, Error>,
    /// The clock when the task ended.
    end: f64,
}

impl Run {
    fn fetches(&self) -> Vec<(Method, &str, u32)> {
        self.effects
            .iter()
            .filter_map(|e| match e {
                Effect::Fetch { method, path, attempt, .. } => Some((*method, path.as_str(), *attempt)),
                _ => None,
            })
            .collect()
    }

    fn paths(&self) -> Vec<&str> {
        self.fetches().into_iter().map(|(_, p, _)| p).collect()
    }

    fn sleeps(&self) -> Vec<f64> {
        self.effects.iter().filter_map(|e| if let Effect::Sleep { ms } = e { Some(*ms) } else { None }).collect()
    }

    fn tokens(&self) -> Vec<f64> {
        self.effects.iter().filter_map(|e| if let Effect::Token { left_ms } = e { Some(*left_ms) } else { None }).collect()
    }

    /// The fetches of a `me` run on `client` after this run.
    fn run_me_paths(&self, client: &Rc<Client>) -> Vec<String> {
        run(client, "me", json!({}), genesys).paths().into_iter().map(String::from).collect()
    }

    fn ok(&self) -> Value {
        match &self.result {
            Ok(v) => v.clone(),
            Err(e) => panic!("failed: {e} after {:?}", self.effects),
        }
    }

    fn err(&self) -> &Error {
        match &self.result {
            Ok(v) => panic!("succeeded with {v} after {:?}", self.effects),
            Err(e) => e,
        }
    }
}

/// Runs `op` with `options` on `client` from `start` ms: each effect is
/// answered by `host` (which may move the clock), with `random` as jitter.
fn run_at(client: &Rc<Client>, op: &str, options: Value, start: f64, random: f64, host: impl FnMut(&Effect, &mut f64) -> Reply) -> Run {
    let (_, plan) = begin(op, options.clone()).unwrap_or_else(|e| panic!("{op} {options}: {e}"));
    run_plan(client, plan, start, random, host)
}

/// Runs `plan` on `client` from `start` ms, as [`run_at`] does.
fn run_plan(client: &Rc<Client>, plan: crate::core::plan::Plan<String>, start: f64, random: f64, mut host: impl FnMut(&Effect, &mut f64) -> Reply) -> Run {
    let mut task = Task::new(client, plan, start);
    let mut now = start;
    let mut effects = Vec::new();
    let mut outcomes = Vec::new();
    let mut reply = None;
    for _ in 0..200 {
        let first = reply.is_none();
        let (outcome, step) = task.resume(reply.take(), now, random);
        if first {
            assert_eq!(outcome, None, "the first step answers nothing");
        } else {
            outcomes.push(outcome);
        }
        match step {
            Step::Done(result) => {
                // Resuming an ended task is refused, never a panic.
                let (o, again) = task.resume(Some(Reply::Slept), now, random);
                assert_eq!(o, None);
                assert!(matches!(again, Step::Done(Err(ref e)) if e.kind() == Kind::Internal), "{again:?}");
                return Run { effects, outcomes, result: result.map(output), end: now };
            }
            Step::Effect(e) => {
                reply = Some(host(&e, &mut now));
                effects.push(e);
            }
        }
    }
    panic!("the task did not end: {effects:?}");
}

fn run(client: &Rc<Client>, op: &str, options: Value, host: impl FnMut(&Effect, &mut f64) -> Reply) -> Run {
    run_at(client, op, options, 1_000_000.0, 0.5, host)
}

/// A healthy Genesys: answers every effect; sleeping moves the clock.
fn genesys(e: &Effect, now: &mut f64) -> Reply {
    match e {
        Effect::Token { .. } => Reply::Token(Ok(())),
        Effect::Sleep { ms } => {
            *now += ms;
            Reply::Slept
        }
        Effect::Fetch { method, path, .. } => {
            *now += 40.0;
            match (method, path.as_str()) {
                (Method::Get, "/api/v2/users/me") => ok(&users_me()),
                (Method::Get, p) if p.starts_with("/api/v2/routing/queues?") => ok(&queue_listing()),
                (Method::Get, p) if p == format!("/api/v2/conversations/{CONV}") => ok(&answered_call()),
                (Method::Post, DIAL_PATH) => ok(&json!({ "id": CONV, "selfUri": format!("/api/v2/conversations/{CONV}") }).to_string()),
                (Method::Post, p) if p.contains("/consult") => ok(r#"{"destinationParticipantId":"d0000000-0000-4000-8000-00000000000d"}"#),
                (Method::Post, _) => response(202, ""),
                (Method::Patch | Method::Delete, _) => ok("{}"),
                other => panic!("unexpected request {other:?}"),
            }
        }
    }
}

/// `genesys`, except that fetches of `path` get the scripted replies in
/// turn (then the healthy answer).
fn scripted(path: impl Into<String>, replies: Vec<Reply>) -> impl FnMut(&Effect, &mut f64) -> Reply {
    let path: String = path.into();
    let mut replies = replies.into_iter();
    move |e, now| match e {
        Effect::Fetch { path: p, .. } if *p == path => match replies.next() {
            Some(r) => {
                *now += 40.0;
                r
            }
            None => genesys(e, now),
        },
        _ => genesys(e, now),
    }
}

fn dial() -> Value {
    json!({ "phoneNumber": "+13175550100" })
}

fn transfer() -> Value {
    json!({ "conversationId": CONV, "to": { "queueId": Q2 } })
}

fn conversation() -> Value {
    json!({ "conversationId": CONV })
}

fn conv_path() -> &'static str {
    "/api/v2/conversations/5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50"
}

fn replace_path() -> String {
    format!("/api/v2/conversations/{CONV}/participants/{P_AGENT}/replace/queue")
}

mod sending;
mod token_and_time;
mod failures;
mod notify;
