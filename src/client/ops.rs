//! The operations a host calls: dial, transfer and the lookups around them.

use super::{Client, Op};
use crate::core::conversation::read_conversation;
use crate::core::http::Request;
use crate::core::target::Target;
use crate::core::transfer::{transfer_request, TransferPlan};
use crate::core::{dial, participant, queue, Error};
use super::strings;
use crate::core::json::Json;

impl Client {
    /// Places the call; resolves the new conversation id.
    pub async fn dial(&self, op: &mut Op, req: &Request) -> Result<Json, Error> {
        let id = self.send_and_read(op, req, dial::read_dial_response).await?;
        Ok(strings([("conversationId", &id)]))
    }

    /// Blind transfer: resolves a queue name, finds the participant to
    /// replace (unless given), checks it is connected, then sends once.
    pub async fn transfer(&self, op: &mut Op, plan: &TransferPlan) -> Result<Json, Error> {
        let target = self.resolve(op, &plan.target).await?;
        let participant_id = match &plan.participant_id {
            Some(p) => p.clone(),
            None => {
                let (conv, me) = self.conversation_and_me(op, &plan.conversation_id).await?;
                participant::blind_transfer_participant(&conv, me.as_deref())?
            }
        };
        let req = transfer_request(&plan.conversation_id, &participant_id, &target);
        self.execute(op, &req).await?;
        Ok(match &target {
            Target::Queue(q) => strings([("conversationId", &plan.conversation_id), ("participantId", &participant_id), ("queueId", q)]),
            _ => strings([("conversationId", &plan.conversation_id), ("participantId", &participant_id)]),
        })
    }

    /// The target with a queue name resolved to its id.
    pub(super) async fn resolve(&self, op: &mut Op, target: &Target) -> Result<Target, Error> {
        Ok(match target {
            Target::QueueName(name) => Target::Queue(self.queue_id(op, name).await?),
            t => t.clone(),
        })
    }

    /// The conversation and the token's user id (cached per client).
    pub(super) async fn conversation_and_me(&self, op: &mut Op, cid: &str) -> Result<(crate::core::conversation::Conversation, Option<String>), Error> {
        let (conv, _) = self.read_conversation(op, cid).await?;
        let me = self.me_id(op).await?;
        Ok((conv, me))
    }

    async fn queue_id(&self, op: &mut Op, name: &str) -> Result<String, Error> {
        let req = queue::queues_request(name, "to.queueName")?;
        let (found, _) = self.send_and_read(op, &req, queue::read_queues).await?;
        queue::pick_queue(name, found)
    }

    pub(super) async fn read_conversation(&self, op: &mut Op, id: &str) -> Result<(crate::core::conversation::Conversation, Json), Error> {
        self.send_and_read(op, &Request::get(format!("/api/v2/conversations/{id}")), read_conversation).await
    }

    /// `GET /api/v2/users/me` as Genesys sent it, fetched once per client.
    /// A client-credentials token has no user: 400 `not.a.user` (`bad_request`).
    pub async fn me(&self, op: &mut Op) -> Result<Json, Error> {
        match self.me_cached(op).await? {
            Some((_, body)) => Ok(body),
            None => Err(Error::new(crate::core::Kind::BadRequest, "Genesys answered 400 not.a.user: the token is a client-credentials token, which has no user").with_status(400).with_code(Some("not.a.user".into()))),
        }
    }

    /// `GET /api/v2/conversations/{id}` as Genesys sent it; `id` already checked.
    pub async fn conversation(&self, op: &mut Op, id: &str) -> Result<Json, Error> {
        Ok(self.read_conversation(op, id).await?.1)
    }

    /// Queues whose name matches (`*` wildcards at either end).
    pub async fn find_queues(&self, op: &mut Op, name: &str) -> Result<Json, Error> {
        let req = queue::queues_request(name, "name")?;
        Ok(self.send_and_read(op, &req, queue::read_queues).await?.1)
    }
}
