//! Blind transfer: the current per-target endpoints under
//! `/api/v2/conversations/{cid}/participants/{pid}/…` (genesys-api.md §3).

use super::error::Error;
use super::http::{Method, Request};
use super::input::{parse_object, Fields};
use super::target::{read_target, Target};
use alloc::string::String;
use super::json::{object, Json};

/// A validated transfer, before the queue name and participant are resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferPlan {
    pub conversation_id: String,
    /// Given by the caller to skip the lookup.
    pub participant_id: Option<String>,
    pub target: Target,
}

/// Reads transfer options (JSON): `conversationId`, `to`, optional `participantId`.
pub fn transfer_plan(options_json: &str) -> Result<TransferPlan, Error> {
    let obj = parse_object(options_json, "options")?;
    let mut f = Fields::new(&obj, "");
    let conversation_id = f.id("conversationId")?.ok_or_else(|| f.err("conversationId", "is required"))?;
    let target = read_target(&mut f)?;
    let participant_id = f.id("participantId")?;
    f.finish()?;
    Ok(TransferPlan { conversation_id, participant_id, target })
}

/// The transfer request once the participant and queue id are known.
/// `target` must not be a `QueueName` (resolve it first; passing one sends the
/// name in `queueName`, which the API also accepts).
pub fn transfer_request(conversation_id: &str, participant_id: &str, target: &Target) -> Request {
    let base = super::text::cat(&["/api/v2/conversations/", conversation_id, "/participants/", participant_id]);
    let one = |k: &str, v: &str| object([(k, Some(Json::from(v)))]);
    let (suffix, body) = match target {
        Target::Queue(id) => ("/replace/queue", one("queueId", id)),
        Target::QueueName(name) => ("/replace/queue", one("queueName", name)),
        Target::User(id) => ("/replace/agent", one("userId", id)),
        Target::Contact { contact_id, phone_type } => (
            "/replace/contact/external",
            object([("contactId", Some(Json::from(contact_id.as_str()))), ("phoneType", Some(Json::from(*phone_type)))]),
        ),
        Target::Address(address) => ("/transfer", one("address", address)),
    };
    Request::with_body(Method::Post, base + suffix, &body)
}
