//! The operations as sans-IO tasks: the retry loop, deadlines, the token
//! and the per-client `users/me` cache, as plain state machines (`task`),
//! and, in wasm, the one small async driver that runs them over `transport`.

mod task;
pub use task::*;

#[cfg(target_arch = "wasm32")]
pub mod driver;
#[cfg(target_arch = "wasm32")]
pub mod notify;
