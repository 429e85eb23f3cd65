//! The happy path, no double call, and GET retries.

use super::*;

// ---------------------------------------------------------------- the happy path

#[test]
fn a_dial_is_one_fetch_with_its_body_and_the_per_attempt_timeout() {
    let c = client("", false);
    let r = run(&c, "dial", dial(), genesys);
    let [Effect::Fetch { method, path, body, timeout_ms, attempt }] = r.effects.as_slice() else { panic!("{:?}", r.effects) };
    assert_eq!(
        (*method, path.as_str(), text(body), *timeout_ms, *attempt),
        (Method::Post, DIAL_PATH, Some(r#"{"phoneNumber":"+13175550100"}"#.into()), 15_000.0, 1)
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
    assert_eq!(text(body).as_deref(), Some(format!(r#"{{"queueId":"{Q2}"}}"#).as_str()));
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
