//! Retry decisions as pure functions of (policy, method, retries so far,
//! failure, jitter). The client owns the loop, the clock and the randomness.

use super::http::Method;

/// How persistent to be. Defaults live in `config`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub limit: u32,
    /// Longest single wait the package will sleep; a 429 asking for more fails at once.
    pub max_retry_after_ms: u64,
    /// First backoff step; doubles each retry.
    pub backoff_base_ms: u64,
    /// Largest backoff step.
    pub backoff_cap_ms: u64,
}

/// What an attempt ended with, as far as retrying cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// A response with this status (and the wait a 429 asked for).
    Status { status: u16, retry_after_ms: Option<u64> },
    /// fetch failed: the request may or may not have reached the server.
    Network,
    /// The per-attempt timeout fired.
    Timeout,
}

/// Retry after waiting `ms`, or stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    RetryAfter(u64),
    Stop,
}

/// Whether to try again.
///
/// - 429 means the request was not processed, so any method may be retried,
///   after the wait it asked for; a `Retry-After` over the cap stops (the
///   server said "not before then"). Without one, it backs off.
/// - GETs are also retried on network failure and 408/502/503/504.
/// - Nothing else is: a POST/PATCH/DELETE that failed after it may have reached
///   the server (timeout, dropped connection, 5xx) must never be sent twice.
///
/// Our own backoff is shortened to the cap rather than given up on, so the
/// cap bounds every wait and never turns a retry off by chance of jitter.
/// `jitter` is a number in [0, 1) that spreads backoff waits.
pub fn decide(policy: &RetryPolicy, method: Method, retries_done: u32, failure: Failure, jitter: f64) -> Decision {
    if retries_done >= policy.limit {
        return Decision::Stop;
    }
    let backoff = backoff_ms(policy, retries_done, jitter).min(policy.max_retry_after_ms);
    match failure {
        Failure::Status { status: 429, retry_after_ms: Some(ms) } if ms > policy.max_retry_after_ms => Decision::Stop,
        Failure::Status { status: 429, retry_after_ms } => Decision::RetryAfter(retry_after_ms.unwrap_or(backoff)),
        Failure::Status { status: 408 | 502 | 503 | 504, .. } | Failure::Network if method.is_idempotent() => Decision::RetryAfter(backoff),
        _ => Decision::Stop,
    }
}

/// Capped exponential backoff with jitter: a random point in the upper half
/// of `min(cap, base · 2^n)`.
pub fn backoff_ms(policy: &RetryPolicy, retries_done: u32, jitter: f64) -> u64 {
    let step = policy.backoff_base_ms.saturating_mul(1u64 << retries_done.min(20)).min(policy.backoff_cap_ms);
    let j = if jitter.is_finite() { jitter.clamp(0.0, 1.0) } else { 0.0 };
    step / 2 + ((step / 2) as f64 * j) as u64
}
