//! A request as data: what the transport sends, built by pure functions; a
//! response as data, its body read through [`Body`].

use super::consult::{ConsultBody, HeldBody, MutedBody, SpeakToBody, StateBody};
use super::dial::CreateCallRequest;
use super::transfer::TargetBody;
use alloc::string::String;
use alloc::vec::Vec;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A response body as the host holds it (in wasm, the value `JSON.parse`
/// gave, or "not JSON"; in native tests, the text). The core reads typed
/// views of it and passes it on whole where an operation answers it as
/// Genesys sent it (`me`, `conversation`, `findQueues`).
pub trait Body: Clone {
    /// The body as `T`: `None` when it is not JSON or not of that shape.
    fn read<T: DeserializeOwned>(&self) -> Option<T>;
}

/// The JSON body of a request, typed. The transport serializes it (in wasm
/// with serde-wasm-bindgen's `json_compatible` serializer and
/// `JSON.stringify`); it serializes as the inner body (untagged).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RequestBody {
    /// `CreateCallRequest` (dial).
    CreateCall(alloc::boxed::Box<CreateCallRequest>),
    /// A blind-transfer body: `{queueId}`, `{userId}`, `{address}`, … .
    Transfer(TargetBody),
    /// A consult start: `speakTo` and the target's fields.
    Consult(ConsultBody),
    /// `ConsultTransferUpdate`.
    SpeakTo(SpeakToBody),
    Held(HeldBody),
    Muted(MutedBody),
    State(StateBody),
    /// A subscription list: `[{"id": topic}, …]` (`ChannelTopic`s, only `id` sent).
    Topics(Vec<TopicRef>),
}

/// A `ChannelTopic` as sent: `{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicRef {
    pub id: String,
}

impl RequestBody {
    /// A string that differs for every distinct body (single-flight keys).
    pub fn key(&self) -> String {
        let mut k = Key::default();
        match self {
            RequestBody::CreateCall(b) => b.key(&mut k),
            RequestBody::Transfer(b) => {
                k.tag("transfer");
                b.key(&mut k);
            }
            RequestBody::Consult(b) => {
                k.tag("consult");
                k.part(Some(b.speak_to));
                b.target.key(&mut k);
            }
            RequestBody::SpeakTo(b) => {
                k.tag("speakTo");
                k.part(Some(b.speak_to));
            }
            RequestBody::Held(b) => k.tag(if b.held { "held" } else { "unheld" }),
            RequestBody::Muted(b) => k.tag(if b.muted { "muted" } else { "unmuted" }),
            RequestBody::State(b) => {
                k.tag("state");
                k.part(Some(b.state));
            }
            RequestBody::Topics(topics) => {
                k.tag("topics");
                for t in topics {
                    k.part(Some(&t.id));
                }
            }
        }
        k.0
    }
}

/// Builds a key from parts that cannot run into each other: each value is
/// written with its length first, and an absent one as `-`.
#[derive(Default)]
pub struct Key(pub String);

impl Key {
    pub fn tag(&mut self, t: &str) {
        self.0.push_str(t);
        self.0.push(';');
    }

    pub fn part(&mut self, v: Option<&str>) {
        match v {
            None => self.0.push('-'),
            Some(v) => {
                self.0.push_str(&super::text::num(v.len() as u64));
                self.0.push(':');
                self.0.push_str(v);
            }
        }
        self.0.push(';');
    }
}

/// HTTP methods this package uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    /// `HEAD /notifications/channels/{id}`: does the channel still exist?
    Head,
    Post,
    /// `PUT …/subscriptions`: replaces the whole list.
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether sending it twice is harmless: GET and HEAD read; the one PUT
    /// (a channel's subscriptions) replaces the whole list with the same one.
    /// Every POST, PATCH and DELETE here places, moves or changes a live call
    /// (or creates a channel, which may evict the user's oldest).
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Head | Method::Put)
    }
}

/// One request to the Platform API, relative to the API base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// Path starting with `/api/v2/`; every segment taken from input is a checked id.
    pub path: String,
    /// Query pairs, not yet encoded.
    pub query: Vec<(&'static str, String)>,
    /// JSON body, sent with `Content-Type: application/json`.
    pub body: Option<RequestBody>,
}

impl Request {
    pub fn get(path: String) -> Self {
        Request::bare(Method::Get, path)
    }

    /// A request without a body.
    pub fn bare(method: Method, path: String) -> Self {
        Request { method, path, query: Vec::new(), body: None }
    }

    /// A request with a JSON body.
    pub fn json(method: Method, path: String, body: RequestBody) -> Self {
        Request { method, path, query: Vec::new(), body: Some(body) }
    }

    /// Path and encoded query, to append to the API base.
    pub fn path_and_query(&self) -> String {
        let mut s = self.path.clone();
        for (i, (k, v)) in self.query.iter().enumerate() {
            s.push(if i == 0 { '?' } else { '&' });
            s.push_str(k);
            s.push('=');
            percent_encode(v, &mut s);
        }
        s
    }
}

/// A response as the transport read it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response<B> {
    pub status: u16,
    /// `Retry-After`, when the runtime let us read it.
    pub retry_after: Option<String>,
    /// `ININ-Correlation-Id`.
    pub correlation_id: Option<String>,
    pub content_type: Option<String>,
    pub body: B,
}

/// Percent-encodes everything but RFC 3986 unreserved characters (so `*`,
/// used by Genesys name wildcards, is sent as `%2A`, which servers decode).
pub fn percent_encode(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}
