//! Blind transfer: the current per-target endpoints under
//! `/api/v2/conversations/{cid}/participants/{pid}/…` (genesys-api.md §3).

use super::error::Error;
use super::http::{Key, Method, Request, RequestBody};
use super::input::{options, parse, Id, Input};
use super::target::{read_target, Target, TargetOptions};
use alloc::string::String;
use serde::Serialize;

/// A validated transfer, before the queue name and participant are resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferPlan {
    pub conversation_id: String,
    /// Given by the caller to skip the lookup.
    pub participant_id: Option<String>,
    pub target: Target,
}

options! {
    /// The transfer options as given.
    struct TransferOptions {
        conversation_id: Id = "conversationId",
        to: TargetOptions = "to" (nested),
        participant_id: Id = "participantId",
    }
}

/// Reads transfer options: `conversationId`, `to`, optional `participantId`.
pub fn transfer_plan<'de, I: Input<'de>>(options: I) -> Result<TransferPlan, Error> {
    let o: TransferOptions = parse(options, "options")?;
    let conversation_id = o.conversation_id.get().ok_or_else(|| Error::invalid("conversationId", "is required"))?.0;
    let target = read_target(o.to.get())?;
    o.unknown.check("")?;
    Ok(TransferPlan { conversation_id, participant_id: o.participant_id.get().map(|p| p.0), target })
}

/// `TransferToQueueRequest`: by id, or (unresolved) by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToQueue {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_name: Option<String>,
}

/// `TransferToAgentRequest`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToAgent {
    pub user_id: String,
}

/// `TransferToExternalContactRequest`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToContact {
    pub contact_id: String,
    pub phone_type: &'static str,
}

/// `TransferRequest` (an address).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToAddress {
    pub address: String,
}

/// The body of the endpoint a target goes to (shared by the consult
/// bodies, which add `speakTo`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum TargetBody {
    Queue(ToQueue),
    Agent(ToAgent),
    Contact(ToContact),
    Address(ToAddress),
}

impl TargetBody {
    pub fn of(target: &Target) -> Self {
        match target {
            Target::Queue(id) => TargetBody::Queue(ToQueue { queue_id: Some(id.clone()), queue_name: None }),
            Target::QueueName(name) => TargetBody::Queue(ToQueue { queue_id: None, queue_name: Some(name.clone()) }),
            Target::User(id) => TargetBody::Agent(ToAgent { user_id: id.clone() }),
            Target::Contact { contact_id, phone_type } => {
                TargetBody::Contact(ToContact { contact_id: contact_id.clone(), phone_type })
            }
            Target::Address(address) => TargetBody::Address(ToAddress { address: address.clone() }),
        }
    }

    /// Writes the body into a single-flight key.
    pub fn key(&self, k: &mut Key) {
        match self {
            TargetBody::Queue(q) => {
                k.tag("queue");
                k.part(q.queue_id.as_deref());
                k.part(q.queue_name.as_deref());
            }
            TargetBody::Agent(a) => {
                k.tag("agent");
                k.part(Some(&a.user_id));
            }
            TargetBody::Contact(c) => {
                k.tag("contact");
                k.part(Some(&c.contact_id));
                k.part(Some(c.phone_type));
            }
            TargetBody::Address(a) => {
                k.tag("address");
                k.part(Some(&a.address));
            }
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
    Request::json(Method::Post, base + suffix, RequestBody::Transfer(TargetBody::of(target)))
}
