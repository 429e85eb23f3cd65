use crate::core::error::{Error, Kind};
/// Tests hold response bodies as text.
type Response = crate::core::http::Response<String>;
use crate::core::reply::{error_from_response, kind_for, retry_after_ms};

const CTX: &str = "8c6b1e2a-3f4d-4e5a-9b6c-7d8e9f0a1b2c";
const HDR: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

fn reply(status: u16, body: &str) -> Error {
    error_from_response(&Response { status, body: body.into(), content_type: Some("application/json".into()), ..Default::default() })
}

#[test]
fn a_bad_request_names_the_fields_from_its_details() {
    let e = reply(400, &format!(r#"{{"message":"The request could not be understood by the server due to malformed syntax.","code":"bad.request","status":400,"contextId":"{CTX}","details":[{{"errorCode":"invalid.value","fieldName":"phoneNumber"}},{{"fieldName":"callerId"}}],"errors":[]}}"#));
    assert_eq!(e.kind(), Kind::BadRequest);
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.code(), Some("bad.request"));
    assert_eq!(e.correlation_id(), Some(CTX));
    assert_eq!(e.field(), None, "field is for input refused before sending");
    assert_eq!(
        e.message(),
        "Genesys answered 400 bad.request: The request could not be understood by the server due to malformed syntax. [field phoneNumber: invalid.value] [field callerId]"
    );
}

#[test]
fn transferring_a_call_that_is_not_connected_is_invalid_state() {
    let e = reply(400, r#"{"message":"Only connected calls can be transferred.","code":"conversations.error.transfer.not.connected","status":400,"details":[],"errors":[]}"#);
    assert_eq!(e.kind(), Kind::InvalidState);
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.code(), Some("conversations.error.transfer.not.connected"));
}

#[test]
fn genesys_state_codes_are_invalid_state_whatever_the_status() {
    for (status, code) in [(400, "conversation.error.hold.alerting"), (400, "conversation.error.call.disconnected"), (403, "conversation.error.forbidden.not.active.participant"), (404, "conversation.error.consult.transfer.pending.not.found"), (400, "not.a.participant")] {
        assert_eq!(kind_for(status, Some(code)), Kind::InvalidState, "{code}");
    }
}

#[test]
fn bad_credentials_are_unauthorized() {
    let e = reply(401, &format!(r#"{{"message":"Invalid login credentials.","code":"bad.credentials","status":401,"contextId":"{CTX}","details":[],"errors":[]}}"#));
    assert_eq!(e.kind(), Kind::Unauthorized);
    assert_eq!(e.code(), Some("bad.credentials"));
    assert!(e.message().contains("Invalid login credentials."), "{e}");
}

#[test]
fn missing_permissions_are_forbidden_and_named_in_the_message() {
    let e = reply(403, &format!(r#"{{"message":"Unable to perform the requested action. You must have at least one of the following permissions assigned: [conversation:communication:blindTransfer, conversation:communication:blindTransferQueue]","code":"missing.any.permissions","status":403,"messageWithParams":"Unable to perform the requested action. You must have at least one of the following permissions assigned: {{permissions}}","messageParams":{{"permissions":"[conversation:communication:blindTransfer, conversation:communication:blindTransferQueue]"}},"contextId":"{CTX}","details":[],"errors":[]}}"#));
    assert_eq!(e.kind(), Kind::Forbidden);
    assert_eq!(e.code(), Some("missing.any.permissions"));
    assert!(e.message().contains("conversation:communication:blindTransfer,"), "{e}");
    assert!(e.message().contains("conversation:communication:blindTransferQueue"), "{e}");
}

#[test]
fn not_found_conflict_and_unsupported_media_type_map_by_status() {
    let e = reply(404, r#"{"message":"The requested resource was not found.","code":"not.found","status":404,"details":[],"errors":[]}"#);
    assert_eq!((e.kind(), e.code()), (Kind::NotFound, Some("not.found")));
    assert_eq!(reply(409, r#"{"message":"Conflict","code":"conflict","status":409}"#).kind(), Kind::InvalidState);
    assert_eq!(reply(415, r#"{"message":"Unsupported Media Type","code":"unsupported.media.type","status":415}"#).kind(), Kind::BadRequest);
    assert_eq!(reply(408, "").kind(), Kind::Timeout);
    assert_eq!(reply(422, "").kind(), Kind::BadRequest);
}

#[test]
fn server_errors_are_server_even_with_a_timeout_code() {
    for (status, code) in [(500, "internal.server.error"), (503, "service.unavailable"), (504, "request.timeout"), (502, "bad.gateway")] {
        let e = reply(status, &format!(r#"{{"message":"x","code":"{code}","status":{status}}}"#));
        assert_eq!(e.kind(), Kind::Server, "{status}");
        assert_eq!(e.status(), Some(status));
    }
}

#[test]
fn a_normalized_429_is_rate_limited_with_the_wait_from_its_message() {
    let e = reply(429, &format!(r#"{{"message":"Rate limit exceeded the maximum. Retry the request in [3] seconds","code":"too.many.requests.retry.after","status":429,"contextId":"{CTX}","details":[],"errors":[]}}"#));
    assert_eq!(e.kind(), Kind::RateLimited);
    assert_eq!(e.retry_after_ms(), Some(3000));
    assert_eq!(e.code(), Some("too.many.requests.retry.after"));
    assert_eq!(e.correlation_id(), Some(CTX));
}

#[test]
fn the_retry_after_header_wins_over_the_message() {
    let e = error_from_response(&Response {
        status: 429,
        retry_after: Some("7".into()),
        body: r#"{"message":"Rate limit exceeded the maximum. Retry the request in [3] seconds","code":"too.many.requests.retry.after","status":429}"#.into(),
        ..Default::default()
    });
    assert_eq!(e.retry_after_ms(), Some(7000));
}

#[test]
fn only_a_429_carries_a_retry_after() {
    let r = Response { status: 503, retry_after: Some("5".into()), body: String::new(), ..Default::default() };
    assert_eq!(error_from_response(&r).retry_after_ms(), None);
}

#[test]
fn a_body_that_is_not_json_is_still_mapped_by_status() {
    let e = error_from_response(&Response { status: 502, body: "<html><body>502 Bad Gateway</body></html>".into(), content_type: Some("text/html".into()), ..Default::default() });
    assert_eq!((e.kind(), e.status(), e.code()), (Kind::Server, Some(502), None));
    assert_eq!(e.message(), "Genesys answered 502");
    assert_eq!(reply(429, "").kind(), Kind::RateLimited);
    assert_eq!(reply(429, "").retry_after_ms(), None);
    assert_eq!(reply(403, "[]").kind(), Kind::Forbidden);
}

#[test]
fn the_correlation_id_comes_from_the_header_else_from_context_id() {
    let body = format!(r#"{{"message":"x","code":"not.found","status":404,"contextId":"{CTX}"}}"#);
    let with_header = error_from_response(&Response { status: 404, correlation_id: Some(HDR.into()), body: body.clone(), ..Default::default() });
    assert_eq!(with_header.correlation_id(), Some(HDR));
    assert_eq!(reply(404, &body).correlation_id(), Some(CTX));
    assert_eq!(reply(404, "{}").correlation_id(), None);
}

#[test]
fn very_long_messages_and_codes_are_clipped() {
    let long = "x".repeat(5000);
    let e = reply(400, &format!(r#"{{"message":"{long}","code":"{long}","status":400,"contextId":"{long}"}}"#));
    assert!(e.message().chars().count() < 700, "{} chars", e.message().len());
    assert!(e.message().contains(&format!("{}…", "x".repeat(300))));
    assert_eq!(e.code().unwrap().chars().count(), 301);
    assert_eq!(e.correlation_id().unwrap().chars().count(), 301);
}

#[test]
fn control_characters_from_the_server_are_dropped() {
    let e = reply(400, r#"{"message":"line one\r\nline two\u001b[31m","code":"bad.request\n"}"#);
    assert_eq!(e.message(), "Genesys answered 400 bad.request: line oneline two[31m");
    assert_eq!(e.code(), Some("bad.request"));
}

#[test]
fn statuses_outside_4xx_and_5xx_are_unexpected() {
    assert_eq!(kind_for(200, None), Kind::UnexpectedResponse);
    assert_eq!(kind_for(302, None), Kind::UnexpectedResponse);
    assert_eq!(kind_for(0, None), Kind::UnexpectedResponse);
}

#[test]
fn retry_after_headers_are_read_as_seconds() {
    assert_eq!(retry_after_ms(Some("3"), None), Some(3000));
    assert_eq!(retry_after_ms(Some("0"), None), Some(0));
    assert_eq!(retry_after_ms(Some("1.5"), None), Some(1500));
    assert_eq!(retry_after_ms(Some(" 7 "), None), Some(7000));
    assert_eq!(retry_after_ms(Some("86400"), None), Some(86_400_000));
}

#[test]
fn unreadable_retry_after_headers_fall_back_to_the_message() {
    let msg = Some("Rate limit exceeded the maximum. Retry the request in [4] seconds");
    for garbage in ["", "soon", "-1", "+3", "1e3", "3s", "Wed, 21 Oct 2015 07:28:00 GMT", "1.2.3", "NaN", "inf"] {
        assert_eq!(retry_after_ms(Some(garbage), None), None, "{garbage:?}");
        assert_eq!(retry_after_ms(Some(garbage), msg), Some(4000), "{garbage:?}");
    }
}

#[test]
fn a_huge_retry_after_is_kept_as_a_day_not_dropped() {
    // Dropping it made a 429 asking for hours fall back to a sub-second backoff.
    for huge in ["86401", "100000", "99999999999", "1000000000000", &"9".repeat(400)] {
        assert_eq!(retry_after_ms(Some(huge), None), Some(86_400_000), "{huge}");
    }
    assert_eq!(retry_after_ms(None, Some("Retry the request in [90000] seconds")), Some(86_400_000));
}

#[test]
fn the_message_wait_is_read_with_or_without_brackets() {
    assert_eq!(retry_after_ms(None, Some("Rate limit exceeded the maximum. Retry the request in [3] seconds")), Some(3000));
    assert_eq!(retry_after_ms(None, Some("Rate limit exceeded the maximum. Retry the request in 12 seconds")), Some(12_000));
    assert_eq!(retry_after_ms(None, Some("Retry the request in [2.5] seconds")), Some(2500));
    assert_eq!(retry_after_ms(None, Some("Retry the request in   [60]")), Some(60_000));
    for none in ["Rate limit exceeded", "Retry the request in [] seconds", "Retry the request in [-3] seconds", "retry the request in [3] seconds", ""] {
        assert_eq!(retry_after_ms(None, Some(none)), None, "{none}");
    }
    assert_eq!(retry_after_ms(None, None), None);
}
