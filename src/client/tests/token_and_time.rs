//! The token, the deadline and the users/me cache.

use super::*;

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
