//! Blind transfer: the current per-target endpoints under
//! `/api/v2/conversations/{cid}/participants/{pid}/…` (genesys-api.md §3).

use super::error::Error;
use super::http::{Method, Request};
use super::input::{parse, Id, Unknown};
use super::target::{read_target, Target, TargetOptions};
use alloc::string::String;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A validated transfer, before the queue name and participant are resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferPlan {
    pub conversation_id: String,
    /// Given by the caller to skip the lookup.
    pub participant_id: Option<String>,
    pub target: Target,
}

/// The transfer options as given.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TransferOptions {
    conversation_id: Option<Id>,
    to: Option<TargetOptions>,
    participant_id: Option<Id>,
    #[serde(flatten)]
    unknown: Unknown,
}

/// Reads transfer options: `conversationId`, `to`, optional `participantId`.
pub fn transfer_plan(options: Value) -> Result<TransferPlan, Error> {
    let o: TransferOptions = parse(options, "options")?;
    let conversation_id = o.conversation_id.ok_or_else(|| Error::invalid("conversationId", "is required"))?.0;
    let target = read_target(o.to)?;
    o.unknown.check("")?;
    Ok(TransferPlan { conversation_id, participant_id: o.participant_id.map(|p| p.0), target })
}

/// `TransferToQueueRequest`: by id, or (unresolved) by name.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToQueue<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_name: Option<&'a str>,
}

/// `TransferToAgentRequest`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToAgent<'a> {
    pub user_id: &'a str,
}

/// `TransferToExternalContactRequest`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToContact<'a> {
    pub contact_id: &'a str,
    pub phone_type: &'a str,
}

/// `TransferRequest` (an address).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToAddress<'a> {
    pub address: &'a str,
}

/// The body of the endpoint a target goes to (shared by the consult
/// bodies, which add `speakTo`).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum TargetBody<'a> {
    Queue(ToQueue<'a>),
    Agent(ToAgent<'a>),
    Contact(ToContact<'a>),
    Address(ToAddress<'a>),
}

impl<'a> TargetBody<'a> {
    pub fn of(target: &'a Target) -> Self {
        match target {
            Target::Queue(id) => TargetBody::Queue(ToQueue { queue_id: Some(id), queue_name: None }),
            Target::QueueName(name) => TargetBody::Queue(ToQueue { queue_id: None, queue_name: Some(name) }),
            Target::User(id) => TargetBody::Agent(ToAgent { user_id: id }),
            Target::Contact { contact_id, phone_type } => TargetBody::Contact(ToContact { contact_id, phone_type }),
            Target::Address(address) => TargetBody::Address(ToAddress { address }),
        }
    }
}

/// The transfer request once the participant and queue id are known.
/// `target` must not be a `QueueName` (resolve it first; passing one sends the
/// name in `queueName`, which the API also accepts).
pub fn transfer_request(conversation_id: &str, participant_id: &str, target: &Target) -> Request {
    let base = super::text::cat(&["/api/v2/conversations/", conversation_id, "/participants/", participant_id]);
    let suffix = match target {
        Target::Queue(_) | Target::QueueName(_) => "/replace/queue",
        Target::User(_) => "/replace/agent",
        Target::Contact { .. } => "/replace/contact/external",
        Target::Address(_) => "/transfer",
    };
    Request::json(Method::Post, base + suffix, &TargetBody::of(target))
}
