//! Notification channels over REST (genesys-notifications.md §1–§2): create
//! one, subscribe it (PUT replaces the list), ask whether it still exists.

use super::error::{Error, Kind};
use super::http::{Body, Method, Request, RequestBody, TopicRef};
use super::text::cat;
use super::wire::SessionBody;
use alloc::string::String;

/// A notification channel, as the session uses it.
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    /// `streaming-<n>-<chars>`: checked (see [`check_channel_id`]).
    pub id: String,
    /// Where to open the socket, checked by [`super::notify::check_connect_uri`]
    /// against the client's API base.
    pub connect_uri: String,
    /// `expires` in ms since the epoch, when Genesys gave a date this reads
    /// (`YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`).
    pub expires_ms: Option<f64>,
}

/// Longest channel id accepted (Genesys's are about 40 characters).
const MAX_CHANNEL_ID: usize = 128;
/// Most topics on one channel (more is a 400 from Genesys).
const MAX_TOPICS: usize = 1000;
/// Longest topic id (Genesys caps combined topic ids at 200).
const MAX_TOPIC: usize = 200;

/// Whether `id` can go into a path: 1–128 of `[A-Za-z0-9_-]`.
pub fn check_channel_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_CHANNEL_ID && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

fn bad_channel_id() -> Error {
    Error::invalid("channelId", "must be a notification channel id (letters, digits, - and _)")
}

fn channel_path(id: &str) -> Result<String, Error> {
    if check_channel_id(id) {
        Ok(cat(&["/api/v2/notifications/channels/", id]))
    } else {
        Err(bad_channel_id())
    }
}

/// `POST /api/v2/notifications/channels`, no body.
pub fn create_request() -> Request {
    Request::bare(Method::Post, String::from("/api/v2/notifications/channels"))
}

/// `HEAD /api/v2/notifications/channels/{id}`: 200 while the channel exists, 404 once gone.
pub fn alive_request(channel_id: &str) -> Result<Request, Error> {
    Ok(Request::bare(Method::Head, channel_path(channel_id)?))
}

/// `PUT /api/v2/notifications/channels/{id}/subscriptions` with
/// `[{"id": topic}, …]`: the channel's whole list becomes `topics`.
pub fn subscribe_request(channel_id: &str, topics: &[String]) -> Result<Request, Error> {
    let path = channel_path(channel_id)? + "/subscriptions";
    if topics.is_empty() || topics.len() > MAX_TOPICS {
        return Err(Error::invalid("topics", "must list 1 to 1000 topics"));
    }
    if topics.iter().any(|t| t.is_empty() || t.len() > MAX_TOPIC || t.chars().any(|c| c.is_control() || c.is_whitespace())) {
        return Err(Error::invalid("topics", "must be topic names (1 to 200 characters, no spaces)"));
    }
    let body = topics.iter().map(|t| TopicRef { id: t.clone() }).collect();
    Ok(Request::json(Method::Put, path, RequestBody::Topics(body)))
}

/// Reads the answer to [`create_request`]; its `connectUri` must pass
/// [`super::notify::check_connect_uri`] for `api_base`.
pub fn read_channel<B: Body>(body: &B, api_base: &str) -> Result<Channel, Error> {
    let bad = |m: &str| Error::new(Kind::UnexpectedResponse, m);
    let c: SessionBody = body.read().ok_or_else(|| bad("the channel response is not a Channel"))?;
    let id = c.id.filter(|i| check_channel_id(i)).ok_or_else(|| bad("the channel response has no channel id"))?;
    let connect_uri = c.connect_uri.ok_or_else(|| bad("the channel response has no connectUri"))?;
    super::notify::check_connect_uri(&connect_uri, api_base)?;
    Ok(Channel { id, connect_uri, expires_ms: c.expires.as_deref().and_then(parse_timestamp_ms) })
}

/// Reads the answer to [`subscribe_request`]: `forbidden` when it lists one
/// of `topics` as `Rejected` (a missing permission), else subscribed.
/// (Without `ignoreErrors` Genesys refuses such a request with a 403 instead;
/// both end as `forbidden`.)
pub fn read_subscriptions<B: Body>(body: &B, topics: &[String]) -> Result<(), Error> {
    let l: SessionBody = body
        .read()
        .ok_or_else(|| Error::new(Kind::UnexpectedResponse, "the subscriptions response is not a ChannelTopicEntityListing"))?;
    for t in l.entities.unwrap_or_default() {
        let ours = t.id.as_deref().and_then(|id| topics.iter().find(|topic| topic.eq_ignore_ascii_case(id)));
        if let (Some(topic), true) = (ours, t.state.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("rejected"))) {
            let mut m = cat(&["Genesys rejected the subscription to ", topic]);
            if let Some(r) = t.rejection_reason.filter(|r| !r.is_empty()) {
                m.push_str(": ");
                m.push_str(&super::reply::clip(&r));
            }
            return Err(Error::new(Kind::Forbidden, m));
        }
    }
    Ok(())
}

/// An ISO-8601 date-time in the form Genesys writes
/// (`2021-02-03T17:59:07.650Z`; any number of fraction digits, `Z` or a
/// `±HH:MM` offset) as ms since the epoch; `None` for anything else.
pub fn parse_timestamp_ms(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let d = b.get(from..from + len)?;
        d.iter().all(u8::is_ascii_digit).then(|| d.iter().fold(0i64, |n, c| n * 10 + i64::from(c - b'0')))
    };
    let at = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt") && at(13, b":") && at(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let mut i = 19;
    let mut ms = 0;
    if at(i, b".") {
        i += 1;
        let start = i;
        while at(i, b"0123456789") {
            if i - start < 3 {
                ms = ms * 10 + i64::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start)..3 {
            ms *= 10;
        }
    }
    let offset_min = if at(i, b"Zz") {
        i += 1;
        0
    } else if at(i, b"+-") && at(i + 3, b":") {
        let (h, m) = (num(i + 1, 2)?, num(i + 4, 2)?);
        if h > 23 || m > 59 {
            return None;
        }
        let sign = if at(i, b"-") { -1 } else { 1 };
        i += 6;
        sign * (h * 60 + m)
    } else {
        return None;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let days_in_month = *month_days.get(usize::try_from(month - 1).ok()?)?;
    if i != b.len() || day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let minutes = (days_from_civil(year, month, day) * 24 + hour) * 60 + minute - offset_min;
    Some(((minutes * 60 + second) * 1000 + ms) as f64)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`), for years 0–9999.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
