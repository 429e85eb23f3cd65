//! Native unit tests of the sans-IO core (`cargo test --lib` on the host).
//! One file per area; `fixtures` holds realistic Genesys response bodies.

mod book;
mod calls;
mod channel;
mod config;
mod consult;
mod conversation;
mod dial;
mod error;
mod frame;
mod fixtures;
mod id;
mod input;
mod notify;
mod participant;
mod phone;
mod queue;
mod region;
mod reply;
mod retry;
mod token;
mod transfer;

use crate::core::error::{Error, Kind};
use crate::core::http::Request;
use serde_json::Value;

/// Native tests hold response bodies as text.
impl crate::core::http::Body for String {
    fn read<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(self).ok()
    }
}

/// The request body as JSON, so comparisons ignore key order.
fn body(r: &Request) -> Value {
    serde_json::to_value(r.body.as_ref().expect("request has a body")).expect("body is JSON")
}

/// The response readers over text bodies, giving what they pass on as parsed
/// JSON (findQueues answers the listing's `entities`).
mod bodies {
    use crate::core::conversation::{self, Conversation};
    use crate::core::error::{Candidate, Error};
    use serde_json::Value;

    fn json(s: String) -> Value {
        serde_json::from_str(&s).expect("a body read is JSON")
    }

    pub fn read_conversation(body: &str) -> Result<(Conversation, Value), Error> {
        conversation::read_conversation(&body.to_string()).map(|(c, raw)| (c, json(raw)))
    }

    pub fn read_me(body: &str) -> Result<(String, Value), Error> {
        conversation::read_me(&body.to_string()).map(|(id, raw)| (id, json(raw)))
    }

    pub fn read_queues(body: &str) -> Result<(Vec<Candidate>, Value), Error> {
        let body = body.to_string();
        crate::core::queue::read_queues(&body).map(|typed| (typed, json(body)["entities"].take()))
    }

    pub fn read_dial_response(body: &str) -> Result<String, Error> {
        crate::core::dial::read_dial_response(&body.to_string())
    }

    pub fn read_consult_response(body: &str) -> Result<String, Error> {
        crate::core::consult::read_consult_response(&body.to_string())
    }
}

/// Asserts `e` is `invalid_input` naming `field`, with a message starting
/// with the field name, and returns the message for further checks.
fn invalid_field(e: Error, field: &str) -> String {
    assert_eq!(e.kind(), Kind::InvalidInput, "kind of {e}");
    assert_eq!(e.field(), Some(field), "field of {e}");
    assert!(e.message().starts_with(&format!("{field}: ")), "message {:?} names {field}", e.message());
    e.message().to_string()
}

/// Asserts a built path holds nothing but `/api/v2/` words and lower-case ids:
/// no `..`, `%`, `?`, `#`, spaces or upper case that input could have smuggled in.
fn assert_clean_path(path: &str) {
    assert!(path.starts_with("/api/v2/"), "{path}");
    assert!(
        path.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '/' || c == '-'),
        "path {path:?} holds a character no id or route word has"
    );
    assert!(!path.contains("//") && !path.contains(".."), "{path}");
}
pub(crate) mod plan;
