//! The sans-IO core: builds every request, reads every response, maps errors,
//! decides retries, validates input, resolves regions, picks participants,
//! and folds call events (notification frames in, "what changed" out).
//! Pure Rust: no JS, no clock, no I/O, so it is tested natively with `cargo test`.

pub mod book;
pub mod calls;
pub mod channel;
pub mod config;
pub mod consult;
pub mod conversation;
pub mod dial;
pub mod error;
pub mod event;
pub mod frame;
pub mod http;
pub mod id;
pub mod input;
pub mod notify;
pub mod participant;
pub mod phone;
pub mod plan;
pub mod queue;
pub mod region;
pub mod reply;
pub mod retry;
pub mod target;
pub mod text;
pub mod token;
pub mod transfer;
mod wire;

pub use error::{Error, Kind};

#[cfg(test)]
pub(crate) mod tests;
