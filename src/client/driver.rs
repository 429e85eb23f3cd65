//! The async driver (wasm only): runs a [`Task`] by performing each effect it
//! asks for through `crate::transport` and resuming it with what happened and
//! the time — quinn's driver around quinn-proto's connection. It decides
//! nothing: retries, deadlines, what an answer means and what may have
//! reached the server are the task's (natively tested) decisions.
//!
//! The token lives here: a string, or a provider function called from Rust
//! and awaited within the operation's time and signal. It is attached only
//! to the request's `Authorization` header, and scrubbed from everything a
//! server sends back before the core reads it.

use super::{Client, Effect, Reply, SendError, Step, Task, TokenFailure};
use crate::core::http::{Body, RequestBody, Response};
use crate::core::plan::Output;
use crate::core::{event, token, Error, Kind};
use crate::transport::{self, Answer, Failure};
use js_sys::{Function, Object, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a JS string, with no copy into the wasm and nothing thrown through it.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn parse_json(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
    /// `text.includes(search)`, both JS strings.
    #[wasm_bindgen(js_namespace = ["String", "prototype", "includes"], js_name = call)]
    fn includes_text(text: &js_sys::JsString, search: &js_sys::JsString) -> bool;
}

impl JsBody {
    /// A body from the text of a response or a frame: parsed, or `None` when
    /// it is not a JSON object or array (the only bodies Genesys sends).
    ///
    /// Only text that starts and ends like one (`{…}` or `[…]`, around any
    /// whitespace) is handed to `JSON.parse`: an empty `202`/`204` body, an
    /// HTML error page from a proxy or a body cut short is not. Besides
    /// sparing a JS exception, this matters because wasm-bindgen 0.2.130
    /// leaks one externref table slot each time a `catch` import that
    /// returns a JS value throws (the slot for its return value is never
    /// freed): before this, every transfer (`202`, no body) grew the wasm's
    /// memory.
    pub fn parse(text: &js_sys::JsString) -> JsBody {
        let blank = |at: u32| matches!(text.char_code_at(at) as u32, 0x20 | 0x09 | 0x0a | 0x0d);
        let (mut at, mut end) = (0, text.length());
        while at < end && blank(at) {
            at += 1;
        }
        while end > at && blank(end - 1) {
            end -= 1;
        }
        // `end - at >= 2`: a lone `{` is not an object.
        if end - at < 2 || !matches!((text.char_code_at(at) as u32, text.char_code_at(end - 1) as u32), (0x7b, 0x7d) | (0x5b, 0x5d)) {
            return JsBody(None);
        }
        JsBody(parse_json(text).ok())
    }
}
use web_sys::AbortSignal;

/// Where the token comes from.
pub enum TokenSource {
    /// A checked token string: a 401 is final.
    Fixed(String),
    /// A function returning a token or a promise of one: asked once per
    /// operation, and once more after a 401.
    Provider(Function),
}

/// A response body as JS data: `JSON.parse` of the text the server sent
/// (with the token scrubbed from it), or `None` when it is not JSON. The
/// core reads the fields it uses through serde-wasm-bindgen; `me`,
/// `conversation` and `findQueues` hand it to the caller as it is.
#[derive(Clone, Debug)]
pub struct JsBody(pub Option<wasm_bindgen::JsValue>);

impl Body for JsBody {
    fn read<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_wasm_bindgen::from_value(self.0.clone()?).ok()
    }
}

/// A configured client: the core's client, its token source and its hook.
pub struct Host {
    pub client: Rc<Client<JsBody>>,
    pub token: TokenSource,
    /// `onRequest`: told about each HTTP attempt; what it throws is ignored.
    pub on_request: Option<Function>,
    /// The request headers for the token last used (a provider's token
    /// changes now and then; a fixed one never does).
    pub credentials: std::cell::RefCell<Option<Rc<transport::Credentials>>>,
}

/// The attempt whose outcome `onRequest` hears about once the task has read it.
struct Attempt {
    method: &'static str,
    path: String,
    attempt: u32,
    started: f64,
    status: Option<u16>,
}

impl Host {
    /// Runs `task` to its end.
    pub async fn drive(&self, mut task: Task<JsBody>, signal: Option<&AbortSignal>) -> Result<Output<JsBody>, Error> {
        let mut current = match &self.token {
            TokenSource::Fixed(t) => Some(t.clone()),
            TokenSource::Provider(_) => None,
        };
        let mut reply = None;
        let mut attempt: Option<Attempt> = None;
        loop {
            let (outcome, step) = task.resume(reply.take(), transport::now_ms(), transport::random());
            if let (Some(outcome), Some(a)) = (outcome, attempt.take()) {
                self.report(&a, outcome);
            }
            let effect = match step {
                Step::Done(result) => return result,
                Step::Effect(e) => e,
            };
            reply = Some(match effect {
                Effect::Sleep { ms } => match transport::sleep(ms, signal).await {
                    true => Reply::Slept,
                    false => Reply::Failed(SendError::Aborted),
                },
                Effect::Token { left_ms } => match self.ask(left_ms, signal).await {
                    Ok(t) => {
                        current = Some(t);
                        Reply::Token(Ok(()))
                    }
                    Err(None) => Reply::Failed(SendError::Aborted),
                    Err(Some(f)) => Reply::Token(Err(f)),
                },
                Effect::Fetch { method, path, body, timeout_ms, attempt: n } => {
                    let Some(credentials) = self.credentials(current.as_deref().unwrap_or_default()) else {
                        return Err(Error::new(Kind::Internal, "the request headers could not be made"));
                    };
                    let url = [self.client.config.api_base.as_str(), path.as_str()].concat();
                    let body = body.as_ref().map(json_text).transpose()?;
                    let body = body.map(JsValue::from);
                    let started = transport::now_ms();
                    let sent = transport::send(&url, method.as_str(), body.as_ref(), &credentials, timeout_ms, signal).await;
                    let status = sent.as_ref().ok().map(|r| r.status);
                    attempt = Some(Attempt { method: method.as_str(), path, attempt: n, started, status });
                    match sent {
                        Ok(answer) => Reply::Response(read(answer, &credentials)),
                        Err(Failure::Aborted) => Reply::Failed(SendError::Aborted),
                        Err(Failure::AbortedInFlight) => Reply::Failed(SendError::AbortedInFlight),
                        Err(Failure::Timeout) => Reply::Failed(SendError::Timeout),
                        Err(Failure::Network) => Reply::Failed(SendError::Network),
                    }
                }
            });
        }
    }

    /// The headers for `token`, made once per token.
    fn credentials(&self, token: &str) -> Option<Rc<transport::Credentials>> {
        let mut slot = self.credentials.try_borrow_mut().ok()?;
        match slot.as_ref() {
            Some(c) if c.token() == token => Some(c.clone()),
            _ => {
                let made = Rc::new(transport::Credentials::new(token)?);
                *slot = Some(made.clone());
                Some(made)
            }
        }
    }

    /// Tells `onRequest` how an attempt ended; a hook that throws is the
    /// host's problem, never the operation's.
    fn report(&self, a: &Attempt, outcome: &str) {
        let Some(hook) = &self.on_request else { return };
        let ms = (transport::now_ms() - a.started).max(0.0) as u64;
        let e = event::request_event(a.method, &a.path, a.status, ms, a.attempt, outcome);
        if let Ok(v) = to_js(&e) {
            let _ = hook.call1(&JsValue::UNDEFINED, &v);
        }
    }

    /// Asks the token provider, bounded by the operation's time left and its
    /// signal (host code might never settle). `Err(None)`: aborted.
    async fn ask(&self, left_ms: f64, signal: Option<&AbortSignal>) -> Result<String, Option<TokenFailure>> {
        let fail = |message: &str| Err(Some(TokenFailure { timeout: false, message: message.into() }));
        let provider = match &self.token {
            TokenSource::Provider(f) => f,
            TokenSource::Fixed(t) => return Ok(t.clone()),
        };
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(None);
        }
        let Ok(value) = provider.call0(&JsValue::UNDEFINED) else { return fail("the token provider threw") };
        // Promise.resolve adopts thenables; a hostile `then` rejects it, never throws here.
        let answer = Promise::resolve(&value);
        let (on_time, on_abort) = (JsValue::from(Object::new()), JsValue::from(Object::new()));
        let (bound, _guards) = transport::deadline(left_ms, signal, &on_time, &on_abort);
        let raced = Promise::race(&js_sys::Array::of2(&answer, &bound));
        match JsFuture::from(raced).await {
            Err(_) => fail("the token provider rejected"),
            Ok(v) if v == on_time => Err(Some(TokenFailure {
                timeout: true,
                message: "the token provider did not answer in time (totalTimeoutMs)".into(),
            })),
            Ok(v) if v == on_abort => Err(None),
            Ok(v) => match v.as_string() {
                None => fail("the token provider did not give a string"),
                Some(t) => match token::check(&t) {
                    Ok(()) => Ok(t),
                    Err(problem) => fail(&["the token provider gave a token that ", problem].concat()),
                },
            },
        }
    }
}

/// The JSON text of a request body (serde-wasm-bindgen with
/// `json_compatible`, then `JSON.stringify`), left a JS string for `fetch`.
fn json_text(body: &RequestBody) -> Result<js_sys::JsString, Error> {
    let value = to_js(body)?;
    js_sys::JSON::stringify(&value).map_err(|_| Error::new(Kind::Internal, "a request body could not be written"))
}

/// The response as the core reads it, with every copy of the token
/// replaced first: nothing the server echoes (a message, a code, a header)
/// carries it into an error or a result.
fn read(answer: Answer, credentials: &transport::Credentials) -> Response<JsBody> {
    let token = credentials.token();
    let scrub = |s: String| match token::redact(&s, token) {
        std::borrow::Cow::Owned(clean) => clean,
        std::borrow::Cow::Borrowed(_) => s,
    };
    // The body is scrubbed and parsed as a JS string: it never enters the wasm.
    let text = if !token.is_empty() && includes_text(&answer.text, credentials.token_text()) { answer.text.replace_all(token, "[redacted]") } else { answer.text };
    Response {
        status: answer.status,
        retry_after: answer.retry_after.map(scrub),
        correlation_id: answer.correlation_id.map(scrub),
        content_type: answer.content_type.map(scrub),
        body: JsBody::parse(&text),
    }
}

/// Plain JS data (serde-wasm-bindgen with `json_compatible`): objects, not
/// `Map`s; numbers, not `BigInt`s.
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| Error::new(crate::core::Kind::UnexpectedResponse, "a value could not be passed to JavaScript"))
}
