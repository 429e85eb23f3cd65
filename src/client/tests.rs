//! Native tests of the task state machine: a scripted host answers each
//! effect on a simulated clock, and the tests check the rules the package
//! promises (no double call, retries, the token, deadlines, the users/me
//! cache, what an error says).

use super::{Client, Effect, Reply, SendError, Step, Task, TokenFailure};
use crate::core::config::parse_config;
use crate::core::error::{Error, Kind};
use crate::core::http::{Method, Response};
use crate::core::json::Json;
use crate::core::plan::begin;
use alloc::rc::Rc;
use serde_json::{json, Value};

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
    Rc::new(Client::new(parse_config(&text).unwrap_or_else(|e| panic!("{text}: {e}")), provider))
}

/// What one run of a task saw.
struct Run {
    effects: Vec<Effect>,
    /// The outcome `resume` gave when each effect was answered.
    outcomes: Vec<Option<&'static str>>,
    result: Result<Json, Error>,
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
            Ok(v) => serde_json::from_str(&v.text()).unwrap(),
            Err(e) => panic!("failed: {e} after {:?}", self.effects),
        }
    }

    fn err(&self) -> &Error {
        match &self.result {
            Ok(v) => panic!("succeeded with {} after {:?}", v.text(), self.effects),
            Err(e) => e,
        }
    }
}

/// Runs `op` with `options` on `client` from `start` ms: each effect is
/// answered by `host` (which may move the clock), with `random` as jitter.
fn run_at(client: &Rc<Client>, op: &str, options: Value, start: f64, random: f64, mut host: impl FnMut(&Effect, &mut f64) -> Reply) -> Run {
    let (_, plan) = begin(op, &options.to_string()).unwrap_or_else(|e| panic!("{op} {options}: {e}"));
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
                return Run { effects, outcomes, result, end: now };
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

// ---------------------------------------------------------------- the happy path

#[test]
fn a_dial_is_one_fetch_with_its_body_and_the_per_attempt_timeout() {
    let c = client("", false);
    let r = run(&c, "dial", dial(), genesys);
    assert_eq!(
        r.effects,
        [Effect::Fetch { method: Method::Post, path: DIAL_PATH.into(), body: Some(r#"{"phoneNumber":"+13175550100"}"#.into()), timeout_ms: 15_000.0, attempt: 1 }]
    );
    assert_eq!(r.outcomes, [Some("ok")]);
    assert_eq!(r.ok(), json!({ "conversationId": CONV }));
}

#[test]
fn a_transfer_reads_the_call_and_the_user_then_posts_once() {
    let c = client("", false);
    let r = run(&c, "transfer", transfer(), genesys);
    assert_eq!(r.paths(), [conv_path(), "/api/v2/users/me", replace_path().as_str()]);
    let Some(Effect::Fetch { method, body, .. }) = r.effects.last() else { panic!() };
    assert_eq!(*method, Method::Post);
    assert_eq!(body.as_deref(), Some(format!(r#"{{"queueId":"{Q2}"}}"#).as_str()));
    assert_eq!(r.outcomes, [Some("ok"); 3]);
    assert_eq!(r.ok(), json!({ "conversationId": CONV, "participantId": P_AGENT, "queueId": Q2 }));
}

#[test]
fn a_queue_name_lookup_is_sent_with_its_encoded_query() {
    let c = client("", false);
    let r = run(&c, "transfer", json!({ "conversationId": CONV, "to": { "queueName": "Support Tier 2" } }), genesys);
    assert_eq!(r.paths()[0], "/api/v2/routing/queues?name=Support%20Tier%202&pageSize=100");
    assert_eq!(r.ok()["queueId"], QUEUE);
}

// ---------------------------------------------------------------- no double call

#[test]
fn a_dial_is_never_resent_after_a_network_failure_a_timeout_or_a_5xx() {
    let cases = [
        (Reply::Failed(SendError::Network), Kind::Network, None, "network"),
        (Reply::Failed(SendError::Timeout), Kind::Timeout, None, "timeout"),
        (status(500), Kind::Server, Some(500), "server"),
        (status(502), Kind::Server, Some(502), "server"),
        (status(503), Kind::Server, Some(503), "server"),
        (status(504), Kind::Server, Some(504), "server"),
    ];
    for (reply, kind, code, outcome) in cases {
        let c = client(r#","retry":{"limit":5}"#, false);
        let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![reply.clone()]));
        assert_eq!(r.fetches(), [(Method::Post, DIAL_PATH, 1)], "{reply:?}");
        assert!(r.sleeps().is_empty(), "{reply:?}");
        assert_eq!(r.outcomes, [Some(outcome)]);
        let e = r.err();
        assert_eq!(e.kind(), kind, "{reply:?}");
        assert_eq!(e.status(), code);
        assert!(e.maybe_applied(), "{reply:?}: maybeApplied");
        assert_eq!(e.attempts(), 1);
    }
}

#[test]
fn a_transfer_post_that_failed_uncertainly_is_not_resent_and_may_have_applied() {
    let c = client("", false);
    let path = replace_path();
    let path = path.as_str();
    let r = run(&c, "transfer", transfer(), scripted(path, vec![Reply::Failed(SendError::Timeout)]));
    assert_eq!(r.paths(), [conv_path(), "/api/v2/users/me", path]);
    let e = r.err();
    assert_eq!(e.kind(), Kind::Timeout);
    assert!(e.maybe_applied());
    assert_eq!(e.attempts(), 1);
}

#[test]
fn a_refused_post_did_not_apply() {
    for (code, kind) in [(400, Kind::BadRequest), (403, Kind::Forbidden), (404, Kind::NotFound), (409, Kind::InvalidState)] {
        let c = client("", false);
        let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![status(code)]));
        assert_eq!(r.fetches().len(), 1, "{code}");
        let e = r.err();
        assert_eq!(e.kind(), kind, "{code}");
        assert_eq!(e.status(), Some(code));
        assert!(!e.maybe_applied(), "{code}");
        assert_eq!(e.correlation_id(), Some("c0ffee00-0000-4000-8000-000000000001"));
    }
}

#[test]
fn a_429_on_a_dial_is_retried_after_exactly_its_retry_after() {
    let c = client("", false);
    let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![too_many("2")]));
    assert_eq!(r.effects.len(), 3);
    assert_eq!(r.effects[1], Effect::Sleep { ms: 2000.0 });
    assert_eq!(r.fetches(), [(Method::Post, DIAL_PATH, 1), (Method::Post, DIAL_PATH, 2)]);
    assert_eq!(r.outcomes, [Some("rate_limited"), None, Some("ok")]);
    assert_eq!(r.ok(), json!({ "conversationId": CONV }));
}

#[test]
fn a_429_without_the_header_waits_the_seconds_in_genesys_message() {
    let c = client("", false);
    // status(429)'s body says "Retry the request in [2] seconds".
    let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![status(429)]));
    assert_eq!(r.sleeps(), [2000.0]);
    assert!(r.result.is_ok());
}

#[test]
fn a_429_without_any_wait_backs_off() {
    let c = client("", false);
    let r = run_at(&c, "dial", dial(), 0.0, 0.0, scripted(DIAL_PATH, vec![response(429, "")]));
    assert_eq!(r.sleeps(), [150.0]);
    assert!(r.result.is_ok());
}

#[test]
fn a_429_asking_more_than_max_retry_after_fails_at_once() {
    let c = client(r#","retry":{"limit":3,"maxRetryAfterMs":5000}"#, false);
    let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![too_many("6")]));
    assert_eq!(r.fetches().len(), 1);
    assert!(r.sleeps().is_empty());
    let e = r.err();
    assert_eq!(e.kind(), Kind::RateLimited);
    assert_eq!(e.status(), Some(429));
    assert_eq!(e.retry_after_ms(), Some(6000));
    assert_eq!(e.attempts(), 1);
    assert!(!e.maybe_applied(), "a 429 was not processed");
    // Exactly the cap is waited.
    let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![too_many("5")]));
    assert_eq!(r.sleeps(), [5000.0]);
    assert!(r.result.is_ok());
}

#[test]
fn the_retry_limit_is_respected() {
    for limit in [0u32, 1, 2, 4] {
        let c = client(&format!(r#","retry":{{"limit":{limit}}}"#), false);
        let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![too_many("1"); 10]));
        let attempts: Vec<u32> = r.fetches().iter().map(|f| f.2).collect();
        assert_eq!(attempts, (1..=limit + 1).collect::<Vec<_>>(), "limit {limit}");
        assert_eq!(r.sleeps(), vec![1000.0; limit as usize]);
        let e = r.err();
        assert_eq!(e.kind(), Kind::RateLimited);
        assert_eq!(e.attempts(), limit + 1);
        assert_eq!(e.retry_after_ms(), Some(1000));
    }
}

#[test]
fn the_retry_number_form_of_the_option_sets_the_limit() {
    let c = client(r#","retry":1"#, false);
    let r = run(&c, "conversation", conversation(), scripted(conv_path(), vec![status(503); 5]));
    assert_eq!(r.fetches().len(), 2);
}

// ---------------------------------------------------------------- GET retries

#[test]
fn a_get_is_retried_on_network_502_503_504_and_408_with_jittered_backoff() {
    let failures = [Reply::Failed(SendError::Network), status(502), status(503), status(504), status(408)];
    for f in failures {
        let c = client("", false);
        let r = run(&c, "conversation", conversation(), scripted(conv_path(), vec![f.clone(), f.clone()]));
        assert_eq!(r.fetches(), [(Method::Get, conv_path(), 1), (Method::Get, conv_path(), 2), (Method::Get, conv_path(), 3)], "{f:?}");
        assert_eq!(r.sleeps().len(), 2, "{f:?}");
        assert_eq!(r.ok()["id"], CONV);
    }
}

#[test]
fn backoff_waits_lie_in_the_upper_half_of_a_doubling_step() {
    for random in [0.0, 0.25, 0.5, 0.999_999] {
        let c = client(r#","retry":{"limit":4}"#, false);
        let r = run_at(&c, "conversation", conversation(), 0.0, random, scripted(conv_path(), vec![status(503); 4]));
        let sleeps = r.sleeps();
        assert_eq!(sleeps.len(), 4);
        for (i, ms) in sleeps.iter().enumerate() {
            let step = 300.0 * f64::from(1u32 << i);
            assert!(*ms >= step / 2.0 && *ms < step, "retry {i} random {random}: {ms} not in [{}, {step})", step / 2.0);
        }
        assert!(r.result.is_ok());
    }
    let c = client(r#","retry":{"limit":3}"#, false);
    let r = run_at(&c, "conversation", conversation(), 0.0, 0.0, scripted(conv_path(), vec![status(503); 3]));
    assert_eq!(r.sleeps(), [150.0, 300.0, 600.0]);
    // The host's random number spreads the waits.
    let r = run_at(&c, "conversation", conversation(), 0.0, 0.999_999, scripted(conv_path(), vec![status(503); 3]));
    assert_eq!(r.sleeps(), [299.0, 599.0, 1199.0]);
}

#[test]
fn a_get_that_keeps_failing_stops_at_the_limit_without_maybe_applied() {
    let c = client(r#","retry":{"limit":2}"#, false);
    let r = run(&c, "conversation", conversation(), scripted(conv_path(), vec![status(503); 10]));
    assert_eq!(r.fetches().len(), 3);
    let e = r.err();
    assert_eq!(e.kind(), Kind::Server);
    assert_eq!(e.status(), Some(503));
    assert_eq!(e.attempts(), 3);
    assert!(!e.maybe_applied());
    let r = run(&c, "conversation", conversation(), scripted(conv_path(), vec![Reply::Failed(SendError::Network); 10]));
    let e = r.err();
    assert_eq!(e.kind(), Kind::Network);
    assert_eq!(e.attempts(), 3);
    assert!(!e.maybe_applied());
}

#[test]
fn a_404_a_500_or_an_attempt_timeout_on_a_get_is_not_retried() {
    let timeout = (Reply::Failed(SendError::Timeout), Kind::Timeout, "timeout");
    let cases = [(status(404), Kind::NotFound, "not_found"), (status(500), Kind::Server, "server"), (status(403), Kind::Forbidden, "forbidden"), timeout];
    for (reply, kind, outcome) in cases {
        let code = format!("{reply:?}");
        let c = client("", false);
        let r = run(&c, "conversation", conversation(), scripted(conv_path(), vec![reply]));
        assert_eq!(r.fetches().len(), 1, "{code}");
        assert_eq!(r.outcomes, [Some(outcome)]);
        let e = r.err();
        assert_eq!(e.kind(), kind);
        assert_eq!(e.attempts(), 1);
        assert!(!e.maybe_applied());
    }
}

// ---------------------------------------------------------------- the token

#[test]
fn a_provider_is_asked_once_per_operation_first_with_the_whole_budget() {
    let c = client(r#","totalTimeoutMs":20000"#, true);
    let r = run(&c, "transfer", json!({ "conversationId": CONV, "to": { "queueName": "Support Tier 2" } }), genesys);
    assert_eq!(r.effects[0], Effect::Token { left_ms: 20_000.0 });
    assert_eq!(r.tokens().len(), 1, "one token for four requests: {:?}", r.effects);
    assert_eq!(r.fetches().len(), 4);
    assert!(r.result.is_ok());
    // A new operation asks again.
    let r = run(&c, "dial", dial(), genesys);
    assert_eq!(r.tokens(), [20_000.0]);
    assert!(matches!(r.effects[1], Effect::Fetch { .. }));
}

#[test]
fn a_401_asks_the_provider_once_more_and_resends() {
    let c = client(r#","totalTimeoutMs":20000"#, true);
    let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![status(401)]));
    assert!(matches!(r.effects[0], Effect::Token { .. }));
    assert_eq!(r.tokens(), [20_000.0, 19_960.0]);
    assert_eq!(r.fetches(), [(Method::Post, DIAL_PATH, 1), (Method::Post, DIAL_PATH, 2)]);
    assert_eq!(r.outcomes, [None, Some("unauthorized"), None, Some("ok")]);
    assert!(r.result.is_ok());
}

#[test]
fn a_second_401_fails_unauthorized() {
    let c = client("", true);
    let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![status(401), status(401), status(401)]));
    assert_eq!(r.tokens().len(), 2);
    assert_eq!(r.fetches().len(), 2);
    let e = r.err();
    assert_eq!(e.kind(), Kind::Unauthorized);
    assert_eq!(e.status(), Some(401));
    assert_eq!(e.attempts(), 2);
    assert!(!e.maybe_applied(), "a 401 was rejected");
}

#[test]
fn each_request_of_an_operation_may_refresh_once() {
    let c = client("", true);
    let path = replace_path();
    let path = path.as_str();
    let r = run(&c, "transfer", transfer(), {
        let mut conv = scripted(conv_path(), vec![status(401)]);
        let mut post = scripted(path, vec![status(401)]);
        move |e, now| match e {
            Effect::Fetch { path: p, .. } if p == path => post(e, now),
            _ => conv(e, now),
        }
    });
    assert_eq!(r.tokens().len(), 3, "the first token and one refresh for each rejected request: {:?}", r.effects);
    assert_eq!(r.fetches(), [
        (Method::Get, conv_path(), 1),
        (Method::Get, conv_path(), 2),
        (Method::Get, "/api/v2/users/me", 1),
        (Method::Post, path, 1),
        (Method::Post, path, 2),
    ]);
    assert!(r.result.is_ok());
}

#[test]
fn without_a_provider_a_401_fails_at_once_and_no_token_is_asked() {
    let c = client("", false);
    let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![status(401)]));
    assert!(r.tokens().is_empty());
    assert_eq!(r.fetches().len(), 1);
    assert_eq!(r.outcomes, [Some("unauthorized")]);
    let e = r.err();
    assert_eq!(e.kind(), Kind::Unauthorized);
    assert_eq!(e.attempts(), 1);
}

#[test]
fn a_failing_provider_is_unauthorized_or_timeout() {
    for (timeout, kind) in [(false, Kind::Unauthorized), (true, Kind::Timeout)] {
        let c = client("", true);
        let r = run(&c, "dial", dial(), |e, now| match e {
            Effect::Token { .. } => Reply::Token(Err(TokenFailure { timeout, message: "the token provider rejected".into() })),
            _ => genesys(e, now),
        });
        assert!(r.fetches().is_empty());
        assert_eq!(r.outcomes, [None]);
        let e = r.err();
        assert_eq!(e.kind(), kind);
        assert_eq!(e.message(), "the token provider rejected");
        assert_eq!(e.attempts(), 0);
    }
}

#[test]
fn a_provider_failing_on_the_refresh_after_a_401_ends_the_operation() {
    let c = client("", true);
    let mut asked = 0;
    let r = run(&c, "dial", dial(), move |e, now| match e {
        Effect::Token { .. } => {
            asked += 1;
            if asked == 1 { Reply::Token(Ok(())) } else { Reply::Token(Err(TokenFailure { timeout: false, message: "no token".into() })) }
        }
        Effect::Fetch { .. } => status(401),
        _ => genesys(e, now),
    });
    assert_eq!(r.fetches().len(), 1);
    assert_eq!(r.err().kind(), Kind::Unauthorized);
}

// ---------------------------------------------------------------- the deadline

#[test]
fn past_the_deadline_the_next_send_fails_with_timeout_and_nothing_is_fetched() {
    let c = client(r#","totalTimeoutMs":1000"#, false);
    let r = run_at(&c, "transfer", transfer(), 0.0, 0.5, |e, now| {
        let reply = genesys(e, now);
        *now = 1500.0;
        reply
    });
    assert_eq!(r.paths(), [conv_path()], "nothing sent after the deadline");
    let e = r.err();
    assert_eq!(e.kind(), Kind::Timeout);
    assert!(!e.maybe_applied());
    assert_eq!(r.end, 1500.0);
}

#[test]
fn a_token_that_arrives_after_the_deadline_sends_nothing() {
    let c = client(r#","totalTimeoutMs":1000"#, true);
    let r = run_at(&c, "dial", dial(), 0.0, 0.5, |e, now| {
        *now = 1000.0;
        genesys(e, now)
    });
    assert_eq!(r.tokens(), [1000.0]);
    assert!(r.fetches().is_empty());
    assert_eq!(r.err().kind(), Kind::Timeout);
}

#[test]
fn a_retry_wait_that_would_pass_the_deadline_is_not_slept() {
    // Retry-After 5 s with 3 s left: fail now, with what Genesys said.
    let c = client(r#","totalTimeoutMs":3000"#, false);
    let r = run_at(&c, "dial", dial(), 0.0, 0.5, scripted(DIAL_PATH, vec![too_many("5")]));
    assert!(r.sleeps().is_empty());
    assert_eq!(r.fetches().len(), 1);
    let e = r.err();
    assert_eq!(e.kind(), Kind::RateLimited);
    assert_eq!(e.retry_after_ms(), Some(5000));
    // A GET's backoff too: 100 ms left, the first backoff is at least 150 ms.
    let c = client(r#","totalTimeoutMs":1000"#, false);
    let r = run_at(&c, "conversation", conversation(), 0.0, 0.0, |e, now| {
        *now = 900.0;
        genesys(e, now);
        status(503)
    });
    assert!(r.sleeps().is_empty());
    assert_eq!(r.fetches().len(), 1);
    assert_eq!(r.err().kind(), Kind::Server);
}

#[test]
fn a_sleep_that_overran_the_deadline_sends_nothing_more() {
    let c = client(r#","totalTimeoutMs":3000"#, false);
    let r = run_at(&c, "dial", dial(), 0.0, 0.5, |e, now| match e {
        Effect::Sleep { .. } => {
            *now = 3001.0; // the host's timer fired late
            Reply::Slept
        }
        _ => {
            *now += 10.0;
            too_many("1")
        }
    });
    assert_eq!(r.sleeps(), [1000.0]);
    assert_eq!(r.fetches().len(), 1);
    assert_eq!(r.err().kind(), Kind::Timeout);
}

#[test]
fn each_attempt_timeout_is_the_smaller_of_timeout_ms_and_the_time_left() {
    let c = client(r#","timeoutMs":5000,"totalTimeoutMs":8000"#, false);
    let r = run_at(&c, "transfer", transfer(), 0.0, 0.5, |e, now| {
        let reply = genesys(e, now);
        *now += 2960.0; // each answer takes 3 s in all
        reply
    });
    let timeouts: Vec<f64> = r.effects.iter().filter_map(|e| if let Effect::Fetch { timeout_ms, .. } = e { Some(*timeout_ms) } else { None }).collect();
    assert_eq!(timeouts, [5000.0, 5000.0, 2000.0]);
    assert!(r.result.is_ok());
}

#[test]
fn the_token_is_asked_within_the_time_left() {
    let c = client(r#","totalTimeoutMs":10000"#, true);
    let r = run_at(&c, "dial", dial(), 0.0, 0.5, scripted(DIAL_PATH, vec![status(401)]));
    // 40 ms passed while the first attempt was answered.
    assert_eq!(r.tokens(), [10_000.0, 9_960.0]);
}

// ---------------------------------------------------------------- users/me cache

#[test]
fn users_me_is_fetched_once_per_client() {
    let c = client("", true);
    let first = run(&c, "transfer", transfer(), genesys);
    assert_eq!(first.paths(), [conv_path(), "/api/v2/users/me", replace_path().as_str()]);
    let second = run(&c, "transfer", transfer(), genesys);
    assert_eq!(second.paths(), [conv_path(), replace_path().as_str()]);
    assert_eq!(second.tokens().len(), 1);
    let me = run(&c, "me", json!({}), genesys);
    assert!(me.fetches().is_empty());
    assert_eq!(me.ok()["id"], ME);
    // Another client has its own cache.
    let other = client("", true);
    assert_eq!(run(&other, "me", json!({}), genesys).paths(), ["/api/v2/users/me"]);
}

#[test]
fn a_client_credentials_token_transfers_a_queued_call_and_not_a_user_is_cached() {
    let c = client("", false);
    let acd = format!("/api/v2/conversations/{CONV}/participants/{P_ACD}/replace/queue");
    let host = |e: &Effect, now: &mut f64| match e {
        Effect::Fetch { path, .. } if path == "/api/v2/users/me" => {
            response(400, &error_body(400, "not.a.user", "This request requires a user context. Client credentials cannot be used for requests to this resource."))
        }
        Effect::Fetch { path, .. } if path == conv_path() => ok(&queued_call()),
        _ => genesys(e, now),
    };
    let first = run(&c, "transfer", transfer(), host);
    assert_eq!(first.paths(), [conv_path(), "/api/v2/users/me", acd.as_str()]);
    assert_eq!(first.outcomes, [Some("ok"), Some("bad_request"), Some("ok")]);
    assert_eq!(first.ok(), json!({ "conversationId": CONV, "participantId": P_ACD, "queueId": Q2 }));
    let second = run(&c, "transfer", transfer(), host);
    assert_eq!(second.paths(), [conv_path(), acd.as_str()]);
    let me = run(&c, "me", json!({}), host);
    assert!(me.fetches().is_empty());
    let e = me.err();
    assert_eq!(e.kind(), Kind::BadRequest);
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.code(), Some("not.a.user"));
}

#[test]
fn me_with_a_client_credentials_token_is_bad_request_not_a_user() {
    let c = client("", false);
    let r = run(&c, "me", json!({}), |e, _| match e {
        Effect::Fetch { .. } => response(400, &error_body(400, "not.a.user", "This request requires a user context.")),
        _ => Reply::Slept,
    });
    assert_eq!(r.paths(), ["/api/v2/users/me"]);
    let e = r.err();
    assert_eq!(e.kind(), Kind::BadRequest);
    assert_eq!(e.code(), Some("not.a.user"));
}

#[test]
fn not_a_user_on_another_request_is_an_error_and_is_not_cached() {
    let c = client("", false);
    let not_a_user = || response(400, &error_body(400, "not.a.user", "This request requires a user context."));
    let r = run(&c, "conversation", conversation(), scripted(conv_path(), vec![not_a_user()]));
    let e = r.err();
    assert_eq!(e.kind(), Kind::BadRequest);
    assert_eq!(e.code(), Some("not.a.user"));
    assert_eq!(r.run_me_paths(&c), ["/api/v2/users/me"]);
    let c = client("", false);
    let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![not_a_user()]));
    assert_eq!(r.err().kind(), Kind::BadRequest);
    assert_eq!(r.run_me_paths(&c), ["/api/v2/users/me"]);
}

#[test]
fn a_failed_users_me_is_not_cached() {
    let c = client(r#","retry":0"#, false);
    let r = run(&c, "me", json!({}), scripted("/api/v2/users/me", vec![status(503)]));
    assert_eq!(r.err().kind(), Kind::Server);
    let r = run(&c, "me", json!({}), genesys);
    assert_eq!(r.paths(), ["/api/v2/users/me"]);
    assert_eq!(r.ok()["id"], ME);
}

// ---------------------------------------------------------------- unreadable 2xx

#[test]
fn an_unreadable_2xx_on_a_post_may_have_applied_and_on_a_get_did_not() {
    for body in ["", "<html>OK</html>", "{}", r#"{"id":"not-an-id"}"#] {
        let c = client("", false);
        let r = run(&c, "dial", dial(), scripted(DIAL_PATH, vec![ok(body)]));
        assert_eq!(r.fetches().len(), 1);
        assert_eq!(r.outcomes, [Some("ok")]);
        let e = r.err();
        assert_eq!(e.kind(), Kind::UnexpectedResponse, "{body:?}");
        assert!(e.maybe_applied(), "dial {body:?}");
        assert_eq!(e.attempts(), 1);

        let r = run(&c, "conversation", conversation(), scripted(conv_path(), vec![ok(body)]));
        assert_eq!(r.fetches().len(), 1, "an unreadable 2xx is not retried");
        let e = r.err();
        assert_eq!(e.kind(), Kind::UnexpectedResponse, "{body:?}");
        assert!(!e.maybe_applied(), "conversation {body:?}");

        let r = run(&c, "me", json!({}), scripted("/api/v2/users/me", vec![ok(body)]));
        let e = r.err();
        assert_eq!(e.kind(), Kind::UnexpectedResponse, "{body:?}");
        assert!(!e.maybe_applied());
    }
}

#[test]
fn an_unreadable_consult_answer_may_have_applied() {
    let c = client("", false);
    let path = format!("/api/v2/conversations/calls/{CONV}/participants/{P_CUSTOMER}/consult/agent");
    let path = path.as_str();
    let r = run(&c, "consult", json!({ "conversationId": CONV, "to": { "userId": OTHER_AGENT } }), scripted(path, vec![ok("[]")]));
    assert_eq!(r.paths(), [conv_path(), "/api/v2/users/me", path]);
    let e = r.err();
    assert_eq!(e.kind(), Kind::UnexpectedResponse);
    assert!(e.maybe_applied());
}

// ---------------------------------------------------------------- abort and out-of-step replies

#[test]
fn an_abort_in_flight_marks_a_change_maybe_applied_but_not_a_read_or_an_abort_before_sending() {
    let c = client("", false);
    // Cut off after fetch had it: the dial may have reached Genesys.
    let r = run(&c, "dial", dial(), |_, _| Reply::Failed(SendError::AbortedInFlight));
    assert_eq!(r.outcomes, [Some("aborted")]);
    assert_eq!(r.err().kind(), Kind::Aborted);
    assert!(r.err().maybe_applied());
    assert_eq!(r.fetches().len(), 1, "never re-sent");
    // Aborted before fetch was called: nothing was sent.
    let r = run(&c, "dial", dial(), |_, _| Reply::Failed(SendError::Aborted));
    assert!(!r.err().maybe_applied());
    // A GET changes nothing.
    let r = run(&c, "conversation", conversation(), |_, _| Reply::Failed(SendError::AbortedInFlight));
    assert_eq!(r.err().kind(), Kind::Aborted);
    assert!(!r.err().maybe_applied());
}

#[test]
fn an_abort_during_a_fetch_a_sleep_or_a_token_ends_with_aborted() {
    let c = client("", false);
    let r = run(&c, "dial", dial(), |_, _| Reply::Failed(SendError::Aborted));
    assert_eq!(r.outcomes, [Some("aborted")]);
    assert_eq!(r.err().kind(), Kind::Aborted);
    assert_eq!(r.err().attempts(), 1);

    let r = run(&c, "dial", dial(), |e, _| match e {
        Effect::Sleep { .. } => Reply::Failed(SendError::Aborted),
        _ => too_many("1"),
    });
    assert_eq!(r.sleeps(), [1000.0]);
    assert_eq!(r.fetches().len(), 1);
    assert_eq!(r.outcomes, [Some("rate_limited"), None]);
    assert_eq!(r.err().kind(), Kind::Aborted);

    let c = client("", true);
    let r = run(&c, "dial", dial(), |_, _| Reply::Failed(SendError::Aborted));
    assert!(r.fetches().is_empty());
    assert_eq!(r.outcomes, [None]);
    assert_eq!(r.err().kind(), Kind::Aborted);
}

#[test]
fn a_reply_that_does_not_match_the_awaited_effect_is_internal_not_a_panic() {
    let wrong_for = |e: &Effect| -> Vec<Reply> {
        match e {
            Effect::Fetch { .. } => vec![Reply::Slept, Reply::Token(Ok(())), Reply::Token(Err(TokenFailure { timeout: true, message: "x".into() }))],
            Effect::Sleep { .. } => vec![ok("{}"), Reply::Failed(SendError::Network), Reply::Failed(SendError::Timeout), Reply::Token(Ok(()))],
            Effect::Token { .. } => vec![ok("{}"), status(401), Reply::Slept, Reply::Failed(SendError::Timeout), Reply::Failed(SendError::Network)],
        }
    };
    // Each effect kind: the first Fetch, a Sleep after a 429, the first Token.
    let setups: [(bool, Vec<Reply>); 3] = [(false, vec![]), (false, vec![too_many("1")]), (true, vec![])];
    for (provider, before) in setups {
        let probe = {
            let c = client("", provider);
            let (_, plan) = begin("dial", &dial().to_string()).unwrap();
            let mut t = Task::new(&c, plan, 0.0);
            let (_, mut step) = t.resume(None, 0.0, 0.5);
            for r in before.iter().cloned() {
                step = t.resume(Some(r), 10.0, 0.5).1;
            }
            let Step::Effect(e) = step else { panic!("{step:?}") };
            e
        };
        for wrong in wrong_for(&probe) {
            let c = client("", provider);
            let (_, plan) = begin("dial", &dial().to_string()).unwrap();
            let mut t = Task::new(&c, plan, 0.0);
            t.resume(None, 0.0, 0.5);
            for r in before.iter().cloned() {
                t.resume(Some(r), 10.0, 0.5);
            }
            let (_, step) = t.resume(Some(wrong.clone()), 20.0, 0.5);
            match step {
                Step::Done(Err(e)) => assert_eq!(e.kind(), Kind::Internal, "{wrong:?} for {probe:?}"),
                other => panic!("{wrong:?} for {probe:?}: {other:?}"),
            }
            // And it stays ended.
            let (_, step) = t.resume(None, 30.0, 0.5);
            assert!(matches!(step, Step::Done(Err(ref e)) if e.kind() == Kind::Internal), "{step:?}");
        }
    }
}

#[test]
fn a_first_step_with_a_reply_or_a_later_step_without_one_is_internal() {
    let c = client("", false);
    let (_, plan) = begin("dial", &dial().to_string()).unwrap();
    let mut t = Task::new(&c, plan, 0.0);
    let (o, step) = t.resume(Some(ok("{}")), 0.0, 0.5);
    assert_eq!(o, None, "no fetch was awaited");
    assert!(matches!(step, Step::Done(Err(ref e)) if e.kind() == Kind::Internal), "{step:?}");

    let (_, plan) = begin("dial", &dial().to_string()).unwrap();
    let mut t = Task::new(&c, plan, 0.0);
    assert!(matches!(t.resume(None, 0.0, 0.5).1, Step::Effect(Effect::Fetch { .. })));
    let (o, step) = t.resume(None, 1.0, 0.5);
    assert_eq!(o, None);
    assert!(matches!(step, Step::Done(Err(ref e)) if e.kind() == Kind::Internal), "{step:?}");
}

#[test]
fn resuming_after_done_keeps_answering_internal() {
    let c = client("", false);
    let (_, plan) = begin("dial", &dial().to_string()).unwrap();
    let mut t = Task::new(&c, plan, 0.0);
    t.resume(None, 0.0, 0.5);
    let (_, step) = t.resume(Some(ok(&format!(r#"{{"id":"{CONV}"}}"#))), 1.0, 0.5);
    assert!(matches!(step, Step::Done(Ok(_))));
    for reply in [None, Some(ok("{}")), Some(Reply::Slept), Some(Reply::Failed(SendError::Aborted)), Some(Reply::Token(Ok(())))] {
        let (o, step) = t.resume(reply.clone(), 2.0, 0.5);
        assert_eq!(o, None, "{reply:?}");
        assert!(matches!(step, Step::Done(Err(ref e)) if e.kind() == Kind::Internal), "{reply:?}: {step:?}");
    }
}

// ---------------------------------------------------------------- outcomes and attempts

#[test]
fn each_answered_fetch_reports_its_outcome() {
    let cases: [(Reply, &str); 14] = [
        (ok("{}"), "ok"),
        (response(201, "{}"), "ok"),
        (response(204, ""), "ok"),
        (status(400), "bad_request"),
        (status(401), "unauthorized"),
        (status(403), "forbidden"),
        (status(404), "not_found"),
        (status(409), "invalid_state"),
        (status(429), "rate_limited"),
        (status(500), "server"),
        (status(503), "server"),
        (Reply::Failed(SendError::Network), "network"),
        (Reply::Failed(SendError::Timeout), "timeout"),
        (Reply::Failed(SendError::Aborted), "aborted"),
    ];
    for (reply, want) in cases {
        let c = client(r#","retry":0"#, false);
        let (_, plan) = begin("conversation", &conversation().to_string()).unwrap();
        let mut t = Task::new(&c, plan, 0.0);
        t.resume(None, 0.0, 0.5);
        let (outcome, _) = t.resume(Some(reply.clone()), 1.0, 0.5);
        assert_eq!(outcome, Some(want), "{reply:?}");
    }
}

#[test]
fn attempts_count_only_the_failing_requests_attempts() {
    let c = client(r#","retry":{"limit":3}"#, false);
    let path = replace_path();
    let path = path.as_str();
    let mut conv_reads = 0;
    let r = run(&c, "transfer", transfer(), move |e, now| match e {
        Effect::Fetch { path: p, .. } if p == conv_path() && conv_reads < 2 => {
            conv_reads += 1;
            status(502)
        }
        Effect::Fetch { path: p, .. } if p == path => status(500),
        _ => genesys(e, now),
    });
    assert_eq!(r.fetches(), [
        (Method::Get, conv_path(), 1),
        (Method::Get, conv_path(), 2),
        (Method::Get, conv_path(), 3),
        (Method::Get, "/api/v2/users/me", 1),
        (Method::Post, path, 1),
    ]);
    let e = r.err();
    assert_eq!(e.kind(), Kind::Server);
    assert_eq!(e.attempts(), 1);
    assert!(e.maybe_applied());

    // A lookup that fails counts its own attempts.
    let c = client(r#","retry":{"limit":1}"#, false);
    let r = run(&c, "transfer", transfer(), scripted("/api/v2/users/me", vec![status(504); 5]));
    assert_eq!(r.paths(), [conv_path(), "/api/v2/users/me", "/api/v2/users/me"]);
    let e = r.err();
    assert_eq!(e.kind(), Kind::Server);
    assert_eq!(e.attempts(), 2);
    assert!(!e.maybe_applied());
}

#[test]
fn an_error_picking_the_participant_counts_no_attempt_and_sends_nothing_that_changes_the_call() {
    let c = client("", false);
    let r = run(&c, "hold", json!({ "conversationId": CONV, "held": true }), |e, now| match e {
        Effect::Fetch { path, .. } if path == conv_path() => ok(&queued_call()),
        _ => genesys(e, now),
    });
    assert!(r.fetches().iter().all(|(m, ..)| *m == Method::Get));
    let e = r.err();
    assert_eq!(e.kind(), Kind::InvalidState);
    assert!(!e.maybe_applied());
}
