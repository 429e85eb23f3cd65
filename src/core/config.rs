//! The resolved client configuration: every default in one place, validated
//! once at the boundary.

use super::error::Error;
use super::input::{parse_object, Fields};
use super::region::{check_api_base, resolve_region};
use super::retry::RetryPolicy;
use alloc::string::String;
use super::json::Json;

/// Per-attempt timeout. @default 15000 (the official SDK uses 16000).
pub const DEFAULT_TIMEOUT_MS: u64 = 15_000;
/// Deadline for a whole operation, waits and lookups included.
pub const DEFAULT_TOTAL_TIMEOUT_MS: u64 = 60_000;
/// Retries after the first attempt.
pub const DEFAULT_RETRY_LIMIT: u32 = 2;
/// Longest wait the package sleeps for a 429 or a backoff.
pub const DEFAULT_MAX_RETRY_AFTER_MS: u64 = 30_000;
const BACKOFF_BASE_MS: u64 = 300;
const BACKOFF_CAP_MS: u64 = 10_000;
const MAX_MS: u64 = 600_000;

/// Client configuration after defaults and checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `https://api.<domain>` or the checked `apiBase`, without a trailing `/`.
    pub api_base: String,
    pub timeout_ms: u64,
    pub total_timeout_ms: u64,
    pub retry: RetryPolicy,
}

/// Reads the client options (JSON, without `token`): `region` or `apiBase`,
/// `timeoutMs`, `totalTimeoutMs`, `retry` (a number: the limit; or
/// `{limit, maxRetryAfterMs}`).
pub fn parse_config(json: &str) -> Result<Config, Error> {
    let obj = parse_object(json, "options")?;
    let mut f = Fields::new(&obj, "");
    let region = f.text("region")?;
    let api_base = f.text("apiBase")?;
    let api_base = match (region, api_base) {
        (Some(_), Some(_)) => return Err(f.err("apiBase", "give region or apiBase, not both")),
        (None, None) => return Err(f.err("region", "is required (a Genesys Cloud region such as mypurecloud.com), or give apiBase")),
        (Some(r), None) => resolve_region(&r).map_err(|p| f.err("region", p))?,
        (None, Some(b)) => check_api_base(&b).map_err(|p| f.err("apiBase", p))?,
    };
    let timeout_ms = f.int("timeoutMs", 1, MAX_MS)?.unwrap_or(DEFAULT_TIMEOUT_MS);
    let total_timeout_ms = f.int("totalTimeoutMs", 1, MAX_MS)?.unwrap_or(DEFAULT_TOTAL_TIMEOUT_MS);
    let mut retry = RetryPolicy {
        limit: DEFAULT_RETRY_LIMIT,
        max_retry_after_ms: DEFAULT_MAX_RETRY_AFTER_MS,
        backoff_base_ms: BACKOFF_BASE_MS,
        backoff_cap_ms: BACKOFF_CAP_MS,
    };
    match f.raw("retry") {
        None => {}
        Some(Json::Num(_)) => retry.limit = f.int("retry", 0, 10)?.unwrap_or(0) as u32,
        Some(Json::Obj(_)) => {
            let mut r = f.object("retry")?.ok_or_else(|| f.err("retry", "must be a number or an object"))?;
            if let Some(l) = r.int("limit", 0, 10)? {
                retry.limit = l as u32;
            }
            if let Some(m) = r.int("maxRetryAfterMs", 0, MAX_MS)? {
                retry.max_retry_after_ms = m;
            }
            r.finish()?;
        }
        Some(_) => return Err(f.err("retry", "must be a number (the retry limit) or {limit, maxRetryAfterMs}")),
    }
    f.finish()?;
    Ok(Config { api_base, timeout_ms, total_timeout_ms, retry })
}
