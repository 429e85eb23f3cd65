//! Async operations: core + transport. Owns the retry loop, the token
//! provider, the per-client `users/me` cache and the operation deadline.

mod calls;
mod ops;

pub use calls::Control;

use crate::core::config::Config;
use crate::core::http::{Request, Response};
use crate::core::retry::{decide, Decision, Failure};
use crate::core::json::{object, Json};
use crate::core::{reply, Error, Kind};
use crate::transport::{self, Attempt, SendError, Within};
use core::cell::RefCell;
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

/// Where the token comes from.
pub enum TokenSource {
    /// A fixed string: a 401 fails at once.
    Fixed(String),
    /// A function returning a string or a promise of one: asked once per
    /// operation, and once more after a 401.
    Provider(Function),
}

/// What `GET /users/me` said about the token, cached per client.
#[derive(Clone, Debug)]
enum Me {
    /// The user's id and the `UserMe` body.
    User(String, Json),
    /// 400 `not.a.user`: a client-credentials token.
    NotAUser,
}

/// A configured client.
pub struct Client {
    config: Config,
    token: TokenSource,
    me: RefCell<Option<Me>>,
    /// The host's `onRequest(event)`, told about every HTTP attempt.
    on_request: Option<Function>,
}

/// State of one operation: its signal, deadline, token and attempt count.
pub struct Op {
    signal: Option<AbortSignal>,
    deadline: f64,
    token: Option<String>,
    attempts: u32,
}

impl Client {
    pub fn new(config: Config, token: TokenSource, on_request: Option<Function>) -> Self {
        Client { config, token, me: RefCell::new(None), on_request }
    }

    /// Tells the host's hook about one attempt. A hook that throws is the
    /// host's problem, never the operation's.
    fn emit(&self, req: &Request, status: Option<u16>, started: f64, attempt: u32, outcome: &str) {
        if let Some(hook) = &self.on_request {
            let ms = (transport::now_ms() - started).max(0.0) as u64;
            let event = crate::core::event::request_event(req.method.as_str(), &req.path_and_query(), status, ms, attempt, outcome);
            let _ = hook.call1(&JsValue::UNDEFINED, &js_sys::JSON::parse(&event.text()).unwrap_or(JsValue::NULL));
        }
    }

    /// Starts an operation now.
    pub fn op(&self, signal: Option<AbortSignal>) -> Op {
        Op { signal, deadline: transport::now_ms() + self.config.total_timeout_ms as f64, token: None, attempts: 0 }
    }

    async fn token(&self, op: &mut Op) -> Result<String, Error> {
        if let Some(t) = &op.token {
            return Ok(t.clone());
        }
        let t = match &self.token {
            TokenSource::Fixed(t) => t.clone(),
            TokenSource::Provider(f) => {
                let fail = |m: &str| Error::new(Kind::Unauthorized, m);
                let v = f.call0(&JsValue::UNDEFINED).map_err(|_| fail("the token provider threw"))?;
                let left = op.deadline - transport::now_ms();
                let v = transport::within(Promise::resolve(&v), left, op.signal.as_ref()).await.map_err(|w| match w {
                    Within::Rejected => fail("the token provider rejected"),
                    Within::Timeout => Error::new(Kind::Timeout, "the token provider did not answer in time (totalTimeoutMs)"),
                    Within::Aborted => aborted(),
                })?;
                let t = v.as_string().ok_or_else(|| fail("the token provider did not give a string"))?;
                crate::core::input::check_token(&t).map_err(|p| fail(&format!("the token provider gave a token that {p}")))?;
                t
            }
        };
        if op.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(aborted());
        }
        op.token = Some(t.clone());
        Ok(t)
    }

    /// Sends `req` and reads its 2xx body with `read`. A body that cannot be
    /// read is still one request that was answered, and for a POST/PATCH/DELETE
    /// a 2xx means Genesys applied it: `maybeApplied`.
    pub async fn send_and_read<T>(&self, op: &mut Op, req: &Request, read: impl FnOnce(&str) -> Result<T, Error>) -> Result<T, Error> {
        let before = op.attempts;
        let r = self.execute(op, req).await?;
        read(&r.body).map_err(|mut e| {
            e.set_attempts(op.attempts - before);
            if !req.method.is_idempotent() {
                e.set_maybe_applied(true);
            }
            e
        })
    }

    /// Sends `req` until it succeeds (2xx) or the retry rules say stop.
    /// Errors carry the attempt count, `maybeApplied` for a change that may
    /// have reached the server, and never the token.
    pub async fn execute(&self, op: &mut Op, req: &Request) -> Result<Response, Error> {
        let mut token = self.token(op).await?;
        let before = op.attempts;
        let result = self.attempts(op, req, &mut token).await;
        result.map_err(|mut e| {
            // Attempts of the failing request, not of the lookups before it.
            e.set_attempts(op.attempts - before);
            e.redact(&token);
            e
        })
    }

    async fn attempts(&self, op: &mut Op, req: &Request, token: &mut String) -> Result<Response, Error> {
        let url = format!("{}{}", self.config.api_base, req.path_and_query());
        let mut retries = 0;
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            let left = op.deadline - transport::now_ms();
            if left <= 0.0 {
                return Err(Error::new(Kind::Timeout, "the operation ran out of time (totalTimeoutMs)"));
            }
            op.attempts += 1;
            attempt += 1;
            let started = transport::now_ms();
            let sent = transport::send(Attempt {
                method: req.method.as_str(),
                url: &url,
                token,
                body: req.body.as_deref(),
                timeout_ms: left.min(self.config.timeout_ms as f64),
                signal: op.signal.as_ref(),
            })
            .await;
            match &sent {
                Ok(r) if (200..300).contains(&r.status) => self.emit(req, Some(r.status), started, attempt, "ok"),
                Ok(r) => self.emit(req, Some(r.status), started, attempt, reply::kind_for(r.status, None).as_str()),
                Err(SendError::Aborted) => self.emit(req, None, started, attempt, "aborted"),
                Err(SendError::Timeout) => self.emit(req, None, started, attempt, "timeout"),
                Err(SendError::Network) => self.emit(req, None, started, attempt, "network"),
            }
            let (mut error, failure) = match sent {
                Ok(r) if (200..300).contains(&r.status) => return Ok(r),
                Ok(r) if r.status == 401 && !refreshed && matches!(self.token, TokenSource::Provider(_)) => {
                    // Rejected, so nothing happened: safe to resend with a fresh token.
                    refreshed = true;
                    op.token = None;
                    *token = self.token(op).await?;
                    continue;
                }
                Ok(mut r) => {
                    // Scrub before mapping: the message is clipped, and a clip
                    // through an echoed token would leave a piece redaction can't find.
                    if r.body.contains(token.as_str()) {
                        r.body = r.body.replace(token.as_str(), "[redacted]");
                    }
                    let e = reply::error_from_response(&r);
                    let f = Failure::Status { status: r.status, retry_after_ms: e.retry_after_ms() };
                    (e, f)
                }
                Err(SendError::Aborted) => return Err(aborted()),
                Err(SendError::Timeout) => {
                    (Error::new(Kind::Timeout, "Genesys did not answer in time (timeoutMs)"), Failure::Timeout)
                }
                Err(SendError::Network) => {
                    (Error::new(Kind::Network, "the request failed before a response arrived (network, CORS or connection drop)"), Failure::Network)
                }
            };
            if let Decision::RetryAfter(ms) = decide(&self.config.retry, req.method, retries, failure, transport::random()) {
                if transport::now_ms() + (ms as f64) < op.deadline {
                    transport::sleep(ms as f64, op.signal.as_ref()).await.map_err(|_| aborted())?;
                    retries += 1;
                    continue;
                }
            }
            let uncertain = matches!(failure, Failure::Network | Failure::Timeout | Failure::Status { status: 500..=599, .. });
            if uncertain && !req.method.is_idempotent() {
                error.set_maybe_applied(true);
            }
            return Err(error);
        }
    }

    /// `GET /users/me`, fetched once per client: the user's id and body, or
    /// `None` for a client-credentials token (400 `not.a.user`).
    pub(super) async fn me_cached(&self, op: &mut Op) -> Result<Option<(String, Json)>, Error> {
        let cached = self.me.borrow().clone();
        let me = match cached {
            Some(me) => me,
            None => {
                let req = Request::get("/api/v2/users/me".into());
                let me = match self.send_and_read(op, &req, crate::core::conversation::read_me).await {
                    Ok((id, body)) => Me::User(id, body),
                    Err(e) if e.status() == Some(400) && e.code() == Some("not.a.user") => Me::NotAUser,
                    Err(e) => return Err(e),
                };
                *self.me.borrow_mut() = Some(me.clone());
                me
            }
        };
        Ok(match me {
            Me::User(id, body) => Some((id, body)),
            Me::NotAUser => None,
        })
    }

    /// The token's user id, or `None` for a client-credentials token.
    pub(super) async fn me_id(&self, op: &mut Op) -> Result<Option<String>, Error> {
        Ok(self.me_cached(op).await?.map(|(id, _)| id))
    }
}

/// A result object of string fields.
pub(crate) fn strings<const N: usize>(pairs: [(&str, &str); N]) -> Json {
    Json::Obj(pairs.into_iter().map(|(k, v)| (String::from(k), Json::from(v))).collect())
}

/// `{state: "disconnected"}`, `{held}` or `{muted}`.
pub(crate) fn change(key: &str, value: Json) -> Json {
    object([(key, Some(value))])
}

fn aborted() -> Error {
    Error::new(Kind::Aborted, "the operation was aborted by its signal")
}
