//! Native unit tests of the sans-IO core (`cargo test --lib` on the host).
//! One file per area; `fixtures` holds realistic Genesys response bodies.

mod config;
mod consult;
mod conversation;
mod dial;
mod error;
mod fixtures;
mod id;
mod input;
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

/// The request body parsed as JSON, so comparisons ignore key order.
fn body(r: &Request) -> Value {
    serde_json::from_str(r.body.as_deref().expect("request has a body")).expect("body is JSON")
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
mod plan;
