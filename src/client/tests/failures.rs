//! Unreadable 2xx, aborts, out-of-step replies, outcomes and attempts.

use super::*;

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
            let (_, plan) = begin("dial", dial()).unwrap();
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
            let (_, plan) = begin("dial", dial()).unwrap();
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
    let (_, plan) = begin("dial", dial()).unwrap();
    let mut t = Task::new(&c, plan, 0.0);
    let (o, step) = t.resume(Some(ok("{}")), 0.0, 0.5);
    assert_eq!(o, None, "no fetch was awaited");
    assert!(matches!(step, Step::Done(Err(ref e)) if e.kind() == Kind::Internal), "{step:?}");

    let (_, plan) = begin("dial", dial()).unwrap();
    let mut t = Task::new(&c, plan, 0.0);
    assert!(matches!(t.resume(None, 0.0, 0.5).1, Step::Effect(Effect::Fetch { .. })));
    let (o, step) = t.resume(None, 1.0, 0.5);
    assert_eq!(o, None);
    assert!(matches!(step, Step::Done(Err(ref e)) if e.kind() == Kind::Internal), "{step:?}");
}

#[test]
fn resuming_after_done_keeps_answering_internal() {
    let c = client("", false);
    let (_, plan) = begin("dial", dial()).unwrap();
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
        let (_, plan) = begin("conversation", conversation()).unwrap();
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
