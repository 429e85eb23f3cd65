//! Turning a non-2xx response into an `Error`: status to kind, Genesys's
//! `ErrorBody` (code, message, details, contextId), `ININ-Correlation-Id`,
//! and the wait a 429 asks for.

use super::error::{Error, Kind};
use super::http::{Body, Response};
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;

/// Longest server message copied into an error.
const MAX_MESSAGE: usize = 300;

/// Genesys codes that mean "the call is not in a state for this" (2018 spec
/// error codes for transfer, hold, consult; genesys-api.md §2–4).
const STATE_CODES: [&str; 9] = [
    "conversations.error.transfer.not.connected",
    "conversation.error.hold.alerting",
    "conversation.error.call.disconnected",
    "object.participant.id.required",
    "conversation.error.consult.transfer.not.started",
    "conversation.error.consult.transfer.pending.not.found",
    "conversation.error.consult.transfer.no.initiator",
    "conversation.error.forbidden.not.active.participant",
    "not.a.participant",
];

/// The part of Genesys's `ErrorBody` read (`status` is taken from the
/// response itself).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    message: Option<String>,
    code: Option<String>,
    context_id: Option<String>,
    details: Option<Vec<ErrorDetail>>,
}

/// One entry of `ErrorBody.details`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorDetail {
    field_name: Option<String>,
    error_code: Option<String>,
}

/// The error a non-2xx response stands for. A body that is not an
/// `ErrorBody` (an HTML page from a proxy, nothing at all) is read as empty.
pub fn error_from_response<B: Body>(r: &Response<B>) -> Error {
    let body: ErrorBody = r.body.read().unwrap_or_default();
    let code = body.code;
    let message = body.message.map(|m| clip(&m));
    let correlation_id = r.correlation_id.clone().or(body.context_id);
    let kind = kind_for(r.status, code.as_deref());
    let mut text = super::text::cat(&["Genesys answered ", &super::text::num(u64::from(r.status))]);
    if let Some(c) = &code {
        text.push(' ');
        text.push_str(&clip(c));
    }
    if let Some(m) = &message {
        text.push_str(": ");
        text.push_str(m);
    }
    for d in body.details.unwrap_or_default().iter().take(5) {
        if let Some(f) = &d.field_name {
            text.push_str(" [field ");
            text.push_str(&clip(f));
            if let Some(e) = &d.error_code {
                text.push_str(": ");
                text.push_str(&clip(e));
            }
            text.push(']');
        }
    }
    let retry_after_ms = if r.status == 429 { retry_after_ms(r.retry_after.as_deref(), message.as_deref()) } else { None };
    Error::new(kind, text)
        .with_status(r.status)
        .with_code(code.map(|c| clip(&c)))
        .with_correlation_id(correlation_id.map(|c| clip(&c)))
        .with_retry_after_ms(retry_after_ms)
}

/// Status (and Genesys code) to kind.
pub fn kind_for(status: u16, code: Option<&str>) -> Kind {
    if code.is_some_and(|c| STATE_CODES.contains(&c)) {
        return Kind::InvalidState;
    }
    match status {
        401 => Kind::Unauthorized,
        403 => Kind::Forbidden,
        404 => Kind::NotFound,
        408 => Kind::Timeout,
        409 => Kind::InvalidState,
        429 => Kind::RateLimited,
        400..=499 => Kind::BadRequest,
        500..=599 => Kind::Server,
        _ => Kind::UnexpectedResponse,
    }
}

/// The wait a 429 asks for, in ms: the `Retry-After` header (seconds) if it
/// was readable, else the seconds in Genesys's normalized 429 message
/// ("Retry the request in [N] seconds"), else none.
pub fn retry_after_ms(header: Option<&str>, message: Option<&str>) -> Option<u64> {
    if let Some(secs) = header.and_then(|h| parse_seconds(h.trim())) {
        return Some(secs);
    }
    let m = message?;
    const SAYS: &str = "Retry the request in";
    let at = super::text::find(m, SAYS)? + SAYS.len();
    let rest = m.get(at..)?.trim_start();
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let end = rest.bytes().position(|c| !(c.is_ascii_digit() || c == b'.')).unwrap_or(rest.len());
    parse_seconds(rest.get(..end)?)
}

/// Non-negative seconds (whole or decimal) to ms, longer waits kept as a day:
/// dropping them would make `retry::decide` back off briefly instead of stopping.
/// Integer arithmetic only, so no float parsing is compiled in.
fn parse_seconds(s: &str) -> Option<u64> {
    const DAY_MS: u64 = 86_400_000;
    let (whole, frac) = super::text::split_once(s, b'.').unwrap_or((s, ""));
    if (whole.is_empty() && frac.is_empty()) || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut ms: u64 = 0;
    for b in whole.bytes() {
        ms = ms.saturating_mul(10).saturating_add(u64::from(b - b'0'));
        if ms > DAY_MS {
            return Some(DAY_MS);
        }
    }
    ms *= 1000;
    // Milliseconds from the first three decimals, rounded by the fourth.
    let digits: alloc::vec::Vec<u64> = frac.bytes().take(4).map(|b| u64::from(b - b'0')).collect();
    let scale = [100, 10, 1];
    for (d, k) in digits.iter().zip(scale) {
        ms += d * k;
    }
    if digits.get(3).is_some_and(|d| *d >= 5) {
        ms += 1;
    }
    Some(ms.min(DAY_MS))
}

pub(crate) fn clip(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(MAX_MESSAGE).collect();
    if super::text::char_count(s) > MAX_MESSAGE {
        out.push('…');
    }
    out
}
