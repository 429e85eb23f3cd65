//! A request as data: what the transport sends, built by pure functions.

use alloc::string::String;
use alloc::vec::Vec;

/// HTTP methods this package uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether sending it twice is harmless. Only GETs are: every POST, PATCH
    /// and DELETE here places, moves or changes a live call.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get)
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
    pub body: Option<String>,
}

impl Request {
    pub fn get(path: String) -> Self {
        Request { method: Method::Get, path, query: Vec::new(), body: None }
    }

    /// A request whose body is `body` as JSON text. The bodies here are plain
    /// structs of strings, numbers, booleans and string-keyed maps, which
    /// always serialize; were one ever to fail, the request goes without a
    /// body (and Genesys answers 400) rather than panicking.
    pub fn json(method: Method, path: String, body: &impl serde::Serialize) -> Self {
        Request { method, path, query: Vec::new(), body: serde_json::to_string(body).ok() }
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
pub struct Response {
    pub status: u16,
    /// `Retry-After`, when the runtime let us read it.
    pub retry_after: Option<String>,
    /// `ININ-Correlation-Id`.
    pub correlation_id: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
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
