//! The only code that touches `fetch`, `AbortController` and timers. Every
//! binding reaches the **global scope** (`globalThis.fetch`, `setTimeout`, …),
//! never `window`, so the same code runs in pages, dedicated workers, service
//! workers and Node. Every JS call that can throw is imported with `catch`:
//! nothing here can unwind through the wasm or trap on what a runtime (or a
//! host that patched `fetch`) does.
//!
//! Requests go out through the global `fetch(url, init)`: one plain options
//! object, one `Headers` (made once per token), one call. gloo-net's request
//! builder creates `new Request` twice per call and traps (`unreachable!`)
//! when `fetch` rejects with a value that is not an `Error` (a patched fetch,
//! an abort with a reason), and its header setter throws on an invalid value;
//! responses are read through gloo-net's `Response` wrapper, whose reads only
//! fail with platform errors. Every attempt's timeout is on one shared timer
//! (`deadlines`).

mod clock;
mod deadlines;
mod inbox;
mod socket;

pub use clock::{deadline, now_ms, random, sleep, Guard};
pub use inbox::Inbox;
pub use socket::{Socket, SocketEvent};

use js_sys::Promise;
use std::future::Future;
use std::task::Poll;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers};

#[wasm_bindgen]
extern "C" {
    /// `globalThis.fetch`, looked up at call time (a host may patch it).
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &Init) -> Result<Promise, JsValue>;
    /// `fetch`'s options: a plain object whose strings are JS strings made
    /// once (web-sys's `RequestInit` copies `method` out of the wasm on every
    /// request).
    #[wasm_bindgen(extends = js_sys::Object)]
    type Init;
    #[wasm_bindgen(method, setter = method)]
    fn set_method(this: &Init, method: &js_sys::JsString);
    #[wasm_bindgen(method, setter = redirect)]
    fn set_redirect(this: &Init, redirect: &js_sys::JsString);
    #[wasm_bindgen(method, setter = headers)]
    fn set_headers(this: &Init, headers: &Headers);
    #[wasm_bindgen(method, setter = signal)]
    fn set_signal(this: &Init, signal: &AbortSignal);
    #[wasm_bindgen(method, setter = body)]
    fn set_body(this: &Init, body: &JsValue);
}

thread_local! {
    /// The few constant strings every request hands to `fetch` (its method,
    /// `"manual"`), each made a JS string once.
    static WORDS: std::cell::RefCell<Vec<(&'static str, js_sys::JsString)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `word` as a JS string, made once.
fn word(word: &'static str) -> js_sys::JsString {
    WORDS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut words) => match words.iter().find(|(w, _)| *w == word) {
            Some((_, text)) => text.clone(),
            None => {
                let text = js_sys::JsString::from(word);
                words.push((word, text.clone()));
                text
            }
        },
        Err(_) => js_sys::JsString::from(word),
    })
}

/// A response as read off the wire: status, the headers the package reads,
/// and the body text, left a JS string (it is parsed by `JSON.parse`, so it
/// never needs copying into the wasm).
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    /// `Retry-After`, when the runtime lets us read it (CORS exposes it).
    pub retry_after: Option<String>,
    /// `ININ-Correlation-Id`.
    pub correlation_id: Option<String>,
    pub content_type: Option<String>,
    pub text: js_sys::JsString,
}

/// Why an attempt produced no response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The caller's signal had fired before the request was handed to fetch.
    Aborted,
    /// The caller's signal fired while the request was in flight.
    AbortedInFlight,
    /// The per-attempt timer fired.
    Timeout,
    /// fetch failed (refused, dropped, DNS, CORS, a redirect, an unreadable body).
    Network,
}

/// One HTTP attempt: `Authorization: Bearer <token>`, JSON in and out,
/// redirects not followed (`redirect: "manual"`: the Platform API never
/// redirects, so a 3xx — or the opaque redirect a browser shows instead —
/// comes back as that status, which the core reads as `unexpected_response`,
/// and nothing follows it to another origin), bounded by `timeout_ms` and `signal`. The whole
/// body is read before the timer stops.
pub async fn send(
    url: &str,
    method: &'static str,
    body: Option<&JsValue>,
    credentials: &Credentials,
    timeout_ms: f64,
    signal: Option<&AbortSignal>,
) -> Result<Answer, Failure> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Failure::Aborted);
    }
    let controller = AbortController::new().map_err(|_| Failure::Network)?;
    let init = js_sys::Object::new().unchecked_into::<Init>();
    init.set_method(&word(method));
    init.set_redirect(&word("manual"));
    init.set_signal(&controller.signal());
    init.set_headers(if body.is_some() { &credentials.json } else { &credentials.plain });
    if let Some(b) = body {
        init.set_body(b);
    }
    // The timer and the caller's signal both abort this attempt's controller;
    // which signal fired afterwards tells a timeout from an abort.
    let guard = Guard::abort_on(&controller, timeout_ms, signal);
    // The deadline also ends the wait itself, whatever `fetch` does with its
    // signal: a host's wrapper that drops it cannot hold a call past its
    // timeout (the request is left to run, unobserved).
    let mut exchange = std::pin::pin!(exchange(url, &init));
    let result = std::future::poll_fn(|cx| match exchange.as_mut().poll(cx) {
        Poll::Pending if guard.passed(cx) => Poll::Ready(Err(())),
        other => other,
    })
    .await;
    drop(guard);
    result.map_err(|()| {
        if signal.is_some_and(AbortSignal::aborted) {
            Failure::AbortedInFlight
        } else if controller.signal().aborted() {
            Failure::Timeout
        } else {
            Failure::Network
        }
    })
}

/// The headers of every request made with one token, built once per token
/// rather than once per request (`fetch` copies them into each request and
/// nothing else sees them), and the token as a JS string, for scrubbing it
/// from responses without copying it out of the wasm each time.
pub struct Credentials {
    token: String,
    text: js_sys::JsString,
    /// `Authorization` and `Accept`.
    plain: Headers,
    /// The same and `Content-Type: application/json`.
    json: Headers,
}

impl Credentials {
    /// `None` if the runtime refused the headers (the token was checked
    /// beforehand: visible ASCII only, so it never is).
    pub fn new(token: &str) -> Option<Credentials> {
        let auth = ["Bearer ", token].concat();
        let headers = |json: bool| {
            let h = Headers::new().ok()?;
            h.set("Authorization", &auth).ok()?;
            h.set("Accept", "application/json").ok()?;
            if json {
                h.set("Content-Type", "application/json").ok()?;
            }
            Some(h)
        };
        Some(Credentials { token: token.into(), text: token.into(), plain: headers(false)?, json: headers(true)? })
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn token_text(&self) -> &js_sys::JsString {
        &self.text
    }
}

async fn exchange(url: &str, init: &Init) -> Result<Answer, ()> {
    let promise = global_fetch(url, init).map_err(|_| ())?;
    let raw = JsFuture::from(promise).await.map_err(|_| ())?;
    let raw: web_sys::Response = raw.dyn_into().map_err(|_| ())?;
    let text = raw.text().map_err(|_| ())?;
    let response = gloo_net::http::Response::from(raw);
    let status = response.status();
    // The headers read are for errors only (Retry-After, the correlation id).
    let (retry_after, correlation_id, content_type) = if (200..300).contains(&status) {
        (None, None, None)
    } else {
        let headers = response.headers();
        (headers.get("retry-after"), headers.get("inin-correlation-id"), headers.get("content-type"))
    };
    let text = JsFuture::from(text).await.map_err(|_| ())?.dyn_into::<js_sys::JsString>().map_err(|_| ())?;
    Ok(Answer { status, retry_after, correlation_id, content_type, text })
}
