//! The resolved client configuration: every default in one place, validated
//! once at the boundary.

use super::error::Error;
use super::input::{options, parse, Input, Keys, Options, Text, Whole, WholeVisitor};
use super::region::{check_api_base, resolve_region};
use super::retry::RetryPolicy;
use alloc::string::String;
use core::fmt;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

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
    /// How long the notification socket may stay silent (no heartbeat, pong
    /// or event) before it is replaced. @default 75000 ([`super::notify::SILENCE_MS`]).
    pub heartbeat_timeout_ms: u64,
}

options! {
    /// The client options as given (without `token` and `onRequest`, which
    /// the bindings keep).
    struct ClientOptions {
        region: Text = "region",
        api_base: Text = "apiBase",
        timeout_ms: Whole<1, MAX_MS> = "timeoutMs",
        total_timeout_ms: Whole<1, MAX_MS> = "totalTimeoutMs",
        retry: RetryOption = "retry" (nested),
        heartbeat_timeout_ms: Whole<1000, MAX_MS> = "heartbeatTimeoutMs",
    }
}

/// `retry`: a number (the limit), or `{limit, maxRetryAfterMs}`.
#[derive(Debug)]
enum RetryOption {
    Limit(u64),
    Policy(RetryOptions),
}

/// The `{limit, maxRetryAfterMs}` form of `retry`; its fields are checked
/// with `retry.` before their names.
impl Options for RetryOption {
    /// A number is a retry option too.
    const OBJECT_ONLY: bool = false;

    fn check(&self, prefix: &str) -> Result<(), Error> {
        match self {
            RetryOption::Limit(_) => Ok(()),
            RetryOption::Policy(r) => r.check(prefix),
        }
    }

    fn unknown_keys(&mut self, keys: &Keys) -> Result<(), &'static str> {
        match self {
            RetryOption::Limit(_) => Ok(()),
            RetryOption::Policy(r) => r.unknown_keys(keys),
        }
    }
}

options! {
    struct RetryOptions {
        limit: Whole<0, 10> = "limit",
        max_retry_after_ms: Whole<0, MAX_MS> = "maxRetryAfterMs",
    }
}

impl<'de> Deserialize<'de> for RetryOption {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RetryOption;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number (the retry limit) or {limit, maxRetryAfterMs}")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RetryOption, E> {
                WholeVisitor::<0, 10>.visit_u64(v).map(RetryOption::Limit)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RetryOption, E> {
                WholeVisitor::<0, 10>.visit_i64(v).map(RetryOption::Limit)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RetryOption, E> {
                WholeVisitor::<0, 10>.visit_f64(v).map(RetryOption::Limit)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RetryOption, A::Error> {
                RetryOptions::deserialize(de::value::MapAccessDeserializer::new(map)).map(RetryOption::Policy)
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads the client options (without `token`): `region` or `apiBase`,
/// `timeoutMs`, `totalTimeoutMs`, `retry` (a number: the limit; or
/// `{limit, maxRetryAfterMs}`).
pub fn parse_config<'de, I: Input<'de>>(options: I) -> Result<Config, Error> {
    let o: ClientOptions = parse(options, "options")?;
    let api_base = match (o.region.get(), o.api_base.get()) {
        (Some(_), Some(_)) => return Err(Error::invalid("apiBase", "give region or apiBase, not both")),
        (None, None) => return Err(Error::invalid("region", "is required (a Genesys Cloud region such as mypurecloud.com), or give apiBase")),
        (Some(Text(r)), None) => resolve_region(&r).map_err(|p| Error::invalid("region", p))?,
        (None, Some(Text(b))) => check_api_base(&b).map_err(|p| Error::invalid("apiBase", p))?,
    };
    let mut retry = RetryPolicy {
        limit: DEFAULT_RETRY_LIMIT,
        max_retry_after_ms: DEFAULT_MAX_RETRY_AFTER_MS,
        backoff_base_ms: BACKOFF_BASE_MS,
        backoff_cap_ms: BACKOFF_CAP_MS,
    };
    match o.retry.get() {
        None => {}
        // At most 10: the casts cannot truncate.
        Some(RetryOption::Limit(n)) => retry.limit = n as u32,
        Some(RetryOption::Policy(r)) => {
            if let Some(Whole(l)) = r.limit.get() {
                retry.limit = l as u32;
            }
            if let Some(Whole(m)) = r.max_retry_after_ms.get() {
                retry.max_retry_after_ms = m;
            }
            r.unknown.check("retry")?;
        }
    }
    o.unknown.check("")?;
    Ok(Config {
        api_base,
        timeout_ms: o.timeout_ms.get().map_or(DEFAULT_TIMEOUT_MS, |w| w.0),
        total_timeout_ms: o.total_timeout_ms.get().map_or(DEFAULT_TOTAL_TIMEOUT_MS, |w| w.0),
        retry,
        heartbeat_timeout_ms: o.heartbeat_timeout_ms.get().map_or(super::notify::SILENCE_MS as u64, |w| w.0),
    })
}
