//! What a host's `onRequest` hook is told about each HTTP attempt: enough to
//! show a request log, nothing secret (no headers, no body, never the token).

use alloc::string::String;
use serde::Serialize;

/// One HTTP attempt, as `onRequest` sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestEvent {
    pub method: String,
    /// Path and encoded query, relative to the API base.
    pub path: String,
    /// `null` when no response arrived.
    pub status: Option<u16>,
    pub ms: u64,
    pub attempt: u32,
    /// `"ok"` or the error kind the attempt would fail with.
    pub outcome: String,
}

/// How one attempt ended: `outcome` is `"ok"` or the error kind it would fail with.
pub fn request_event(method: &str, path_and_query: &str, status: Option<u16>, ms: u64, attempt: u32, outcome: &str) -> RequestEvent {
    RequestEvent { method: method.into(), path: path_and_query.into(), status, ms, attempt, outcome: outcome.into() }
}
