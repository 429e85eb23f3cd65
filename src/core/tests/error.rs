use crate::core::error::{Candidate, Error, Kind};
use serde_json::json;


fn full() -> Error {
    let mut e = Error::new(Kind::RateLimited, "Genesys answered 429 too.many.requests.retry.after: Retry the request in [40] seconds")
        .with_status(429)
        .with_code(Some("too.many.requests.retry.after".into()))
        .with_correlation_id(Some("8c6b1e2a-3f4d-4e5a-9b6c-7d8e9f0a1b2c".into()))
        .with_retry_after_ms(Some(40_000))
        .with_candidates(vec![Candidate { id: "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b".into(), name: "Support".into() }]);
    e.set_attempts(3);
    e.set_maybe_applied(true);
    e
}

#[test]
fn serializing_carries_every_field_under_its_js_name() {
    assert_eq!(
        serde_json::to_value(full()).unwrap(),
        json!({
            "kind": "rate_limited",
            "message": "Genesys answered 429 too.many.requests.retry.after: Retry the request in [40] seconds",
            "field": null,
            "status": 429,
            "code": "too.many.requests.retry.after",
            "correlationId": "8c6b1e2a-3f4d-4e5a-9b6c-7d8e9f0a1b2c",
            "retryAfterMs": 40000,
            "attempts": 3,
            "maybeApplied": true,
            "candidates": [{ "id": "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b", "name": "Support" }],
        })
    );
}

#[test]
fn a_bare_error_has_null_fields_and_no_candidates() {
    assert_eq!(
        serde_json::to_value(Error::new(Kind::Network, "offline")).unwrap(),
        json!({ "kind": "network", "message": "offline", "field": null, "status": null, "code": null, "correlationId": null,
                "retryAfterMs": null, "attempts": 0, "maybeApplied": false, "candidates": [] })
    );
}

#[test]
fn invalid_input_names_its_field_in_json_and_message() {
    let e = Error::invalid("to.queueId", "must be a Genesys id");
    assert_eq!(serde_json::to_value(&e).unwrap()["kind"], "invalid_input");
    assert_eq!(serde_json::to_value(&e).unwrap()["field"], "to.queueId");
    assert_eq!(serde_json::to_value(&e).unwrap()["message"], "to.queueId: must be a Genesys id");
    assert_eq!(e.to_string(), "to.queueId: must be a Genesys id");
}

#[test]
fn every_kind_has_its_stable_string() {
    let all = [
        (Kind::InvalidInput, "invalid_input"),
        (Kind::Unauthorized, "unauthorized"),
        (Kind::Forbidden, "forbidden"),
        (Kind::NotFound, "not_found"),
        (Kind::InvalidState, "invalid_state"),
        (Kind::Ambiguous, "ambiguous"),
        (Kind::RateLimited, "rate_limited"),
        (Kind::BadRequest, "bad_request"),
        (Kind::Server, "server"),
        (Kind::Network, "network"),
        (Kind::Timeout, "timeout"),
        (Kind::Aborted, "aborted"),
        (Kind::UnexpectedResponse, "unexpected_response"),
    ];
    for (k, s) in all {
        assert_eq!(k.as_str(), s);
        assert_eq!(serde_json::to_value(Error::new(k, "m")).unwrap()["kind"], s);
    }
}

#[test]
fn an_error_serializes_to_exactly_the_ten_keys_js_sees_every_one_present() {
    let keys = |e: &Error| -> Vec<String> {
        let v = serde_json::to_value(e).unwrap();
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let want = ["attempts", "candidates", "code", "correlationId", "field", "kind", "maybeApplied", "message", "retryAfterMs", "status"];
    assert_eq!(keys(&full()), want);
    assert_eq!(keys(&Error::new(Kind::Internal, "x")), want);
    let bare = serde_json::to_value(Error::new(Kind::Timeout, "slow")).unwrap();
    for k in ["field", "status", "code", "correlationId", "retryAfterMs"] {
        assert!(bare[k].is_null(), "{k} is null when absent");
    }
    assert_eq!(serde_json::to_string(&Error::invalid("to", "is required")).unwrap(),
        r#"{"kind":"invalid_input","message":"to: is required","field":"to","status":null,"code":null,"correlationId":null,"retryAfterMs":null,"attempts":0,"maybeApplied":false,"candidates":[]}"#);
}
