//! What a host's `onRequest` hook is told about each HTTP attempt: enough to
//! show a request log, nothing secret (no headers, no body, never the token).

use super::json::{object, Json};

/// How one attempt ended: `"ok"` or the error kind it would fail with.
pub fn request_event(method: &str, path_and_query: &str, status: Option<u16>, ms: u64, attempt: u32, outcome: &str) -> Json {
    object([
        ("method", Some(Json::from(method))),
        ("path", Some(Json::from(path_and_query))),
        ("status", Some(Json::from(status.map(u64::from)))),
        ("ms", Some(Json::from(ms))),
        ("attempt", Some(Json::from(u64::from(attempt)))),
        ("outcome", Some(Json::from(outcome))),
    ])
}
