//! Runs a [`Plan`] as a sans-IO task: the retry loop, deadlines, the token
//! and the per-client `users/me` cache, as a plain state machine. Nothing here
//! touches JS, a clock or a socket: a [`Task`] hands each [`Effect`] ("send
//! this request", "wait this long", "get a token") to its host — the async
//! driver in `driver.rs` — and is resumed with what happened and the time it
//! is now. So every rule about when to retry, when to stop and what may have
//! reached the server runs (and is tested) natively.

use crate::core::config::Config;
use crate::core::conversation::read_me;
use crate::core::http::{Body, Method, Request, RequestBody, Response};
use crate::core::plan::{Next, Output, Plan};
use crate::core::retry::{decide, Decision, Failure};
use crate::core::{reply, Error, Kind};
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::Cell;

/// A configured client. The token itself never enters it: the host attaches
/// it to each request, and only says whether it can ask for a fresh one.
/// `B` is the host's response body (see [`Body`]).
pub struct Client<B> {
    pub config: Config,
    /// The token comes from a provider: asked once per operation, and once
    /// more after a 401.
    provider: bool,
    /// `GET /users/me`, once per client: `Some(None)` for a client-credentials token.
    /// A `Cell` (take, clone, set back), so no borrow can fail at run time.
    me: Cell<Option<Option<(String, B)>>>,
}

impl<B> Client<B> {
    pub fn new(config: Config, provider: bool) -> Self {
        Client { config, provider, me: Cell::new(None) }
    }
}

/// What the host must do before the task can go on.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// One HTTP attempt to the API base + `path`, with `Authorization: Bearer
    /// <token>`, `Accept: application/json`, and `Content-Type:
    /// application/json` when there is a body (the typed body, to serialize
    /// as JSON). Answer `Response` (the whole body read) or `Failed`.
    Fetch { method: Method, path: String, body: Option<RequestBody>, timeout_ms: f64, attempt: u32 },
    /// Wait, unless the caller's signal fires. Answer `Slept` or `Failed(Aborted)`.
    Sleep { ms: f64 },
    /// Ask the token provider, within `left_ms`. Answer `Token`.
    Token { left_ms: f64 },
}

/// Why an attempt produced no response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendError {
    /// The caller's signal fired before the request was handed to fetch:
    /// nothing was sent.
    Aborted,
    /// The caller's signal fired while the request was in flight: it may
    /// have reached the server.
    AbortedInFlight,
    /// The per-attempt timer fired.
    Timeout,
    /// fetch failed: refused, dropped, DNS, CORS, or a body that could not be read.
    Network,
}

/// What happened to the last effect.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply<B> {
    Response(Response<B>),
    Failed(SendError),
    Slept,
    Token(Result<(), TokenFailure>),
}

/// The token provider failed: threw, rejected, gave no usable token, or ran
/// out of the operation's time. The host words the message (it owns the
/// token and its checks); it never contains the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenFailure {
    pub timeout: bool,
    pub message: String,
}

/// What a task says after each step.
#[derive(Debug)]
pub enum Step<B> {
    Effect(Effect),
    Done(Result<Output<B>, Error>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    Start,
    Token,
    Fetch,
    Sleep,
    Ended,
}

/// One operation in progress.
pub struct Task<B> {
    client: Rc<Client<B>>,
    plan: Plan<B>,
    deadline: f64,
    now: f64,
    random: f64,
    wait: Wait,
    has_token: bool,
    /// The request being sent, and whether its answer is `users/me` for the cache.
    req: Option<Request>,
    me_request: bool,
    /// Attempts of the current request (a 401 resend included), and its retries.
    attempt: u32,
    retries: u32,
    refreshed: bool,
}

impl<B: Body> Task<B> {
    /// Starts `plan` for `client` at `now` (ms); nothing is asked for until
    /// the first [`Task::resume`].
    pub fn new(client: &Rc<Client<B>>, plan: Plan<B>, now: f64) -> Task<B> {
        Task {
            client: client.clone(),
            plan,
            deadline: now + client.config.total_timeout_ms as f64,
            now,
            random: 0.0,
            wait: Wait::Start,
            has_token: false,
            req: None,
            me_request: false,
            attempt: 0,
            retries: 0,
            refreshed: false,
        }
    }

    /// Answers the last effect (`None` on the first step) and runs to the
    /// next effect or the end. `now` is the host's clock in ms, `random` a
    /// number in [0, 1) for backoff jitter. Also returns how the fetch just
    /// answered ended (`"ok"` or the error kind it means), for `onRequest`.
    pub fn resume(&mut self, reply: Option<Reply<B>>, now: f64, random: f64) -> (Option<&'static str>, Step<B>) {
        self.now = now;
        self.random = random;
        let outcome = match (&reply, self.wait) {
            (Some(Reply::Response(r)), Wait::Fetch) if (200..300).contains(&r.status) => Some("ok"),
            (Some(Reply::Response(r)), Wait::Fetch) => Some(reply::kind_for(r.status, None).as_str()),
            (Some(Reply::Failed(SendError::Aborted | SendError::AbortedInFlight)), Wait::Fetch) => Some("aborted"),
            (Some(Reply::Failed(SendError::Timeout)), Wait::Fetch) => Some("timeout"),
            (Some(Reply::Failed(SendError::Network)), Wait::Fetch) => Some("network"),
            _ => None,
        };
        let step = match self.step(reply) {
            Ok(s) => s,
            Err(mut e) => {
                // Attempts of the failing request, not of the lookups before it.
                e.set_attempts(self.attempt);
                Step::Done(Err(e))
            }
        };
        if matches!(step, Step::Done(_)) {
            self.wait = Wait::Ended;
        }
        (outcome, step)
    }

    fn step(&mut self, reply: Option<Reply<B>>) -> Result<Step<B>, Error> {
        match (self.wait, reply) {
            (Wait::Start, None) => self.advance(),
            (Wait::Token, Some(Reply::Token(Ok(())))) => {
                self.has_token = true;
                self.send()
            }
            (Wait::Token, Some(Reply::Token(Err(f)))) => {
                Err(Error::new(if f.timeout { Kind::Timeout } else { Kind::Unauthorized }, f.message))
            }
            (Wait::Sleep, Some(Reply::Slept)) => self.send(),
            (Wait::Fetch, Some(Reply::Response(r))) if (200..300).contains(&r.status) => self.answered(&r.body),
            (Wait::Fetch, Some(Reply::Response(r))) if r.status == 401 && !self.refreshed && self.client.provider => {
                // Rejected, so nothing happened: safe to resend with a fresh token.
                self.refreshed = true;
                self.token()
            }
            (Wait::Fetch, Some(Reply::Response(r))) => {
                let e = reply::error_from_response(&r);
                if self.me_request && r.status == 400 && e.code() == Some("not.a.user") {
                    self.client.me.set(Some(None));
                    self.plan.feed_me(None);
                    return self.advance();
                }
                let f = Failure::Status { status: r.status, retry_after_ms: e.retry_after_ms() };
                self.failed(e, f)
            }
            (Wait::Fetch, Some(Reply::Failed(SendError::Timeout))) => {
                self.failed(Error::new(Kind::Timeout, "Genesys did not answer in time (timeoutMs)"), Failure::Timeout)
            }
            (Wait::Fetch, Some(Reply::Failed(SendError::Network))) => self.failed(
                Error::new(Kind::Network, "the request failed before a response arrived (network, CORS or connection drop)"),
                Failure::Network,
            ),
            (Wait::Token | Wait::Fetch | Wait::Sleep, Some(Reply::Failed(e @ (SendError::Aborted | SendError::AbortedInFlight)))) => {
                let mut error = Error::new(Kind::Aborted, "the operation was aborted by its signal");
                // A change cut off in flight may have been applied all the same.
                let in_flight = e == SendError::AbortedInFlight && self.wait == Wait::Fetch;
                error.set_maybe_applied(in_flight && self.req.as_ref().is_some_and(|r| !r.method.is_idempotent()));
                Err(error)
            }
            _ => Err(Error::new(Kind::Internal, "the driver answered out of step")),
        }
    }

    /// Asks the plan what comes next, answering `users/me` from the cache.
    fn advance(&mut self) -> Result<Step<B>, Error> {
        loop {
            self.attempt = 0;
            match self.plan.next()? {
                Next::Done(v) => return Ok(Step::Done(Ok(v))),
                Next::Me => {
                    let cached = self.client.me.take();
                    self.client.me.set(cached.clone());
                    match cached {
                        Some(me) => self.plan.feed_me(me),
                        None => return self.start(Request::get(String::from("/api/v2/users/me")), true),
                    }
                }
                Next::Send(req) => return self.start(req, false),
            }
        }
    }

    fn start(&mut self, req: Request, me_request: bool) -> Result<Step<B>, Error> {
        self.req = Some(req);
        self.me_request = me_request;
        self.retries = 0;
        self.refreshed = false;
        if self.client.provider && !self.has_token {
            return self.token();
        }
        self.send()
    }

    fn token(&mut self) -> Result<Step<B>, Error> {
        self.wait = Wait::Token;
        Ok(Step::Effect(Effect::Token { left_ms: (self.deadline - self.now).max(0.0) }))
    }

    fn send(&mut self) -> Result<Step<B>, Error> {
        let left = self.deadline - self.now;
        if left <= 0.0 {
            return Err(Error::new(Kind::Timeout, "the operation ran out of time (totalTimeoutMs)"));
        }
        let req = self.req.as_ref().ok_or_else(|| Error::new(Kind::Internal, "no request"))?;
        self.attempt += 1;
        self.wait = Wait::Fetch;
        Ok(Step::Effect(Effect::Fetch {
            method: req.method,
            path: req.path_and_query(),
            body: req.body.clone(),
            timeout_ms: left.min(self.client.config.timeout_ms as f64),
            attempt: self.attempt,
        }))
    }

    /// A 2xx: the plan reads it. A body that cannot be read is still a
    /// request that was answered, and for a POST/PATCH/DELETE a 2xx means
    /// Genesys applied it: `maybeApplied`.
    fn answered(&mut self, body: &B) -> Result<Step<B>, Error> {
        let mutating = self.req.as_ref().is_some_and(|r| !r.method.is_idempotent());
        let read = if self.me_request {
            read_me(body).map(|me| {
                self.client.me.set(Some(Some(me.clone())));
                self.plan.feed_me(Some(me));
            })
        } else {
            self.plan.feed(body)
        };
        read.map_err(|mut e| {
            e.set_maybe_applied(mutating);
            e
        })?;
        self.advance()
    }

    /// Retries when the rules allow and the deadline has room, else fails,
    /// saying whether a change may have reached the server.
    fn failed(&mut self, mut error: Error, failure: Failure) -> Result<Step<B>, Error> {
        let method = self.req.as_ref().map_or(Method::Get, |r| r.method);
        if let Decision::RetryAfter(ms) = decide(&self.client.config.retry, method, self.retries, failure, self.random) {
            if self.now + (ms as f64) < self.deadline {
                self.retries += 1;
                self.wait = Wait::Sleep;
                return Ok(Step::Effect(Effect::Sleep { ms: ms as f64 }));
            }
        }
        let uncertain = matches!(failure, Failure::Network | Failure::Timeout | Failure::Status { status: 500..=599, .. });
        if uncertain && !method.is_idempotent() {
            error.set_maybe_applied(true);
        }
        Err(error)
    }
}

#[cfg(test)]
#[path = "tests/mod.rs"]
mod tests;
