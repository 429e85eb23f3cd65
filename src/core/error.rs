//! The one error type of the crate: a private kind asked through methods,
//! one pointer wide, never holding a JS value or the token.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// What went wrong, in the terms a caller acts on. Stable strings: these are
/// the `kind` values JS sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Input refused before any request was sent; `field` names it.
    InvalidInput,
    /// 401, or a token provider that failed or gave no usable token.
    Unauthorized,
    /// 403: the user or client lacks a permission.
    Forbidden,
    /// 404, or a queue name with no match.
    NotFound,
    /// The call is not in a state that allows the operation (409, Genesys state codes,
    /// or the package's own check before sending).
    InvalidState,
    /// A queue name matched several queues; `candidates` lists them.
    Ambiguous,
    /// 429 that could not be waited out within the configured caps.
    RateLimited,
    /// Any other 4xx.
    BadRequest,
    /// 5xx.
    Server,
    /// fetch itself failed (connection refused, dropped, DNS, CORS).
    Network,
    /// An attempt or the whole operation ran out of time.
    Timeout,
    /// The caller's AbortSignal fired.
    Aborted,
    /// A 2xx whose body is not what the API documents.
    UnexpectedResponse,
    /// The package itself failed (a bug to report; never seen in the fuzz).
    Internal,
}

impl Kind {
    /// The stable `kind` string.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::InvalidInput => "invalid_input",
            Kind::Unauthorized => "unauthorized",
            Kind::Forbidden => "forbidden",
            Kind::NotFound => "not_found",
            Kind::InvalidState => "invalid_state",
            Kind::Ambiguous => "ambiguous",
            Kind::RateLimited => "rate_limited",
            Kind::BadRequest => "bad_request",
            Kind::Server => "server",
            Kind::Network => "network",
            Kind::Timeout => "timeout",
            Kind::Aborted => "aborted",
            Kind::UnexpectedResponse => "unexpected_response",
            Kind::Internal => "internal",
        }
    }
}

/// A candidate the caller can choose from (ambiguous queue name, or a
/// participant to pass explicitly).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    /// Genesys id.
    pub id: String,
    /// Name, or for a participant its purpose and state.
    pub name: String,
}

#[derive(Clone, Debug)]
struct Inner {
    kind: Kind,
    message: String,
    field: Option<String>,
    status: Option<u16>,
    code: Option<String>,
    correlation_id: Option<String>,
    retry_after_ms: Option<u64>,
    attempts: u32,
    maybe_applied: bool,
    candidates: Vec<Candidate>,
}

/// A failed operation.
#[derive(Clone, Debug)]
pub struct Error(Box<Inner>);

impl Error {
    /// An error of `kind` with a readable message.
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            field: None,
            status: None,
            code: None,
            correlation_id: None,
            retry_after_ms: None,
            attempts: 0,
            maybe_applied: false,
            candidates: Vec::new(),
        }))
    }

    /// `invalid_input` naming `field`; the message starts with the field.
    pub fn invalid(field: &str, problem: &str) -> Self {
        let mut message = String::with_capacity(field.len() + problem.len() + 2);
        message.push_str(field);
        message.push_str(": ");
        message.push_str(problem);
        let mut e = Error::new(Kind::InvalidInput, message);
        e.0.field = Some(field.to_string());
        e
    }

    pub fn kind(&self) -> Kind { self.0.kind }
    pub fn message(&self) -> &str { &self.0.message }
    pub fn field(&self) -> Option<&str> { self.0.field.as_deref() }
    pub fn status(&self) -> Option<u16> { self.0.status }
    pub fn code(&self) -> Option<&str> { self.0.code.as_deref() }
    pub fn correlation_id(&self) -> Option<&str> { self.0.correlation_id.as_deref() }
    pub fn retry_after_ms(&self) -> Option<u64> { self.0.retry_after_ms }
    pub fn attempts(&self) -> u32 { self.0.attempts }
    pub fn maybe_applied(&self) -> bool { self.0.maybe_applied }
    pub fn candidates(&self) -> &[Candidate] { &self.0.candidates }

    pub fn with_status(mut self, status: u16) -> Self { self.0.status = Some(status); self }
    pub fn with_code(mut self, code: Option<String>) -> Self { self.0.code = code; self }
    pub fn with_correlation_id(mut self, id: Option<String>) -> Self { self.0.correlation_id = id; self }
    pub fn with_retry_after_ms(mut self, ms: Option<u64>) -> Self { self.0.retry_after_ms = ms; self }
    pub fn with_candidates(mut self, c: Vec<Candidate>) -> Self { self.0.candidates = c; self }
    pub fn set_attempts(&mut self, n: u32) { self.0.attempts = n; }
    pub fn set_maybe_applied(&mut self, v: bool) { self.0.maybe_applied = v; }
}

/// The fields JS sees, as one object with every key present (absent values
/// are `null`): `{kind, message, field, status, code, correlationId,
/// retryAfterMs, attempts, maybeApplied, candidates: [{id, name}]}`.
impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let i = &self.0;
        let mut s = serializer.serialize_struct("Error", 10)?;
        s.serialize_field("kind", i.kind.as_str())?;
        s.serialize_field("message", &i.message)?;
        s.serialize_field("field", &i.field)?;
        s.serialize_field("status", &i.status)?;
        s.serialize_field("code", &i.code)?;
        s.serialize_field("correlationId", &i.correlation_id)?;
        s.serialize_field("retryAfterMs", &i.retry_after_ms)?;
        s.serialize_field("attempts", &i.attempts)?;
        s.serialize_field("maybeApplied", &i.maybe_applied)?;
        s.serialize_field("candidates", &i.candidates)?;
        s.end()
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}
