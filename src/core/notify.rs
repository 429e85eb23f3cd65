//! The notification session's decisions, as pure functions of what it saw
//! and the time (genesys-notifications.md §3, §6, §7): when a socket is
//! dead, how long to wait before reconnecting, which topic to subscribe,
//! which `connectUri` may be opened, and when to renew the subscription.
//! The session itself (sockets, timers) lives in the client.

use super::error::{Error, Kind};
use super::region::{host_and_port, is_loopback, known_domain};
use super::text::{before, cat};
use alloc::string::String;

pub use super::channel::Channel;

/// Silence after which a socket counts as dead: the server sends a heartbeat
/// about every 30 s, and a hidden tab's timers may fire a minute late
/// (Chrome 88+), so two missed heartbeats and some slack.
pub const SILENCE_MS: f64 = 75_000.0;

/// Whether the socket has been silent too long: `now` and `last_frame` are
/// wall-clock ms (`Date.now()`) taken when checking and when the last frame
/// (any frame) arrived. Only this difference counts: a timer firing late is
/// no proof the socket died. A clock that went backwards, or a value that is
/// not a number, is not silence.
pub fn silent(now: f64, last_frame: f64) -> bool {
    silent_for(now, last_frame, SILENCE_MS)
}

/// [`silent`] with the client's own threshold (`heartbeatTimeoutMs`).
pub fn silent_for(now: f64, last_frame: f64, timeout_ms: f64) -> bool {
    now - last_frame >= timeout_ms
}

/// The first reconnect waits 1–2 s.
pub const RECONNECT_BASE_MS: f64 = 1_000.0;
/// The longest reconnect wait of our own.
pub const RECONNECT_CAP_MS: f64 = 90_000.0;
/// The longest `Retry-After` honoured: a longer one is cut to this (the
/// session tries again then, and a 429 then asks again).
pub const MAX_RECONNECT_RETRY_AFTER_MS: u64 = 600_000;

/// How long to wait before the next (re)connect. `failures`: failed attempts
/// since the last good connection (0 for the first reconnect after a drop);
/// `random` in [0, 1); `retry_after_ms`: what the last failed HTTP step asked
/// for (429 `Retry-After`), if anything.
///
/// A random point in `[s, 2s)` where `s` = 1 s doubling per failure, up to
/// 45 s (so waits spread over 45–90 s at the cap rather than bunching at
/// 90 s). A `Retry-After` longer than that wins, cut to
/// [`MAX_RECONNECT_RETRY_AFTER_MS`].
pub fn reconnect_delay_ms(failures: u32, random: f64, retry_after_ms: Option<u64>) -> f64 {
    let j = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.0 };
    let step = (RECONNECT_BASE_MS * (1u64 << failures.min(20)) as f64).min(RECONNECT_CAP_MS / 2.0);
    let backoff = step * (1.0 + j);
    match retry_after_ms {
        Some(ms) => backoff.max(ms.min(MAX_RECONNECT_RETRY_AFTER_MS) as f64),
        None => backoff,
    }
}

/// Whether the session stops reconnecting after a failed (re)connect step
/// and reports `error` to its watchers: when trying again cannot help. A
/// rejected token (after the provider's one re-ask), a missing permission, a
/// refused request, a malformed answer (an unacceptable `connectUri`
/// included), the caller's abort, or a bug. Network failures, timeouts, 5xx,
/// 429 (after its wait), a 404 (a channel gone: make a new one) and state
/// conflicts are retried with [`reconnect_delay_ms`]. (The official
/// streaming-client also stops on 401/403 while reconnecting.)
pub fn gives_up(error: &Error) -> bool {
    matches!(
        error.kind(),
        Kind::Unauthorized | Kind::Forbidden | Kind::BadRequest | Kind::InvalidInput | Kind::UnexpectedResponse | Kind::Aborted | Kind::Internal | Kind::Ambiguous
    )
}

/// The topic of the user's voice calls: `v2.users.{id}.conversations.calls`.
pub fn calls_topic(user_id: &str) -> String {
    cat(&["v2.users.", user_id, ".conversations.calls"])
}

/// Whether the session may open `uri` (a channel's `connectUri`) for a client
/// whose API base is `api_base`. The socket carries no token (the channel id
/// is the capability), but it must still go only where the API is:
///
/// - `https://api.<known domain>` → `wss://streaming.<that domain>/…`
///   (default port only): the rule every official client encodes;
/// - an API base on loopback (`http` or `https`; 127.0.0.0/8, `localhost`,
///   `[::1]`) → `ws://` or `wss://` on loopback, any port (a local double);
/// - any other `https` API base (a proxy the host chose) → `wss://` on that
///   same host (any port), or `wss://streaming.<known domain>` (default
///   port): a proxy that passes Genesys's answer through unchanged.
///
/// No userinfo (`@`), backslash, fragment, whitespace or control character
/// anywhere. Anything else is `unexpected_response`; the message never
/// repeats the URI (it holds the channel id).
pub fn check_connect_uri(uri: &str, api_base: &str) -> Result<(), Error> {
    if connect_allowed(uri, api_base) {
        Ok(())
    } else {
        Err(Error::new(
            Kind::UnexpectedResponse,
            "the notification channel's connectUri is not a streaming address of this client's API (wss://streaming.<its domain>/…, or ws:// on loopback)",
        ))
    }
}

fn connect_allowed(uri: &str, api_base: &str) -> bool {
    let (Some((ws_secure, ws)), Some((api_secure, api))) = (split_url(uri, "wss://", "ws://"), split_url(api_base, "https://", "http://")) else {
        return false;
    };
    let Ok((ws_host, ws_port)) = host_and_port(&ws) else { return false };
    let Ok((api_host, _)) = host_and_port(&api) else { return false };
    let default_port = matches!(ws_port, "" | ":" | ":443");
    if let Some(domain) = known_domain(api_host, "api.").filter(|_| api_secure) {
        ws_secure && default_port && known_domain(ws_host, "streaming.") == Some(domain)
    } else if is_loopback(api_host) {
        is_loopback(ws_host)
    } else if api_secure {
        ws_secure && (ws_host == api_host || (default_port && known_domain(ws_host, "streaming.").is_some()))
    } else {
        false
    }
}

/// A URL's scheme (secure or plain) and its authority, lower case; `None`
/// for another scheme or a character that has no place in these URLs.
fn split_url(s: &str, secure: &str, plain: &str) -> Option<(bool, String)> {
    if s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '@' | '\\' | '#')) {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let (is_secure, rest) = match (lower.strip_prefix(secure), lower.strip_prefix(plain)) {
        (Some(r), _) => (true, r),
        (None, Some(r)) => (false, r),
        _ => return None,
    };
    Some((is_secure, String::from(before(before(rest, b'/'), b'?'))))
}

/// How long a subscription lasts ("Channels remain active for 24 hours. To
/// maintain a channel for longer than 24 hours, resubscribe to topics").
pub const SUBSCRIPTION_LIFETIME_MS: f64 = 86_400_000.0;
/// Renew this long before expiry.
pub const RENEW_BEFORE_MS: f64 = 3_600_000.0;

/// When the subscription made at `subscribed_at_ms` expires: 24 h later, or
/// the channel's own `expires` if sooner. Pass the channel's `expires_ms`
/// for the first subscription on a channel only: whether a renewal moves it
/// is unverified, so after one the 24 h from the renewal count.
pub fn expiry_ms(subscribed_at_ms: f64, channel_expires_ms: Option<f64>) -> f64 {
    let lifetime = subscribed_at_ms + SUBSCRIPTION_LIFETIME_MS;
    match channel_expires_ms {
        Some(e) if e < lifetime => e,
        _ => lifetime,
    }
}

/// Whether to renew (PUT the subscriptions again) now: within an hour of
/// `expires_ms` (from [`expiry_ms`]). Not a number on either side: not due.
pub fn renew_due(now_ms: f64, expires_ms: f64) -> bool {
    now_ms >= expires_ms - RENEW_BEFORE_MS
}
