//! Consult transfer and in-call controls: each reads the conversation first,
//! refuses a wrong state before sending, then sends once.

use super::{Client, Op};
use crate::core::consult::{self, CallRef, ConsultPlan};
use crate::core::conversation::Conversation;
use crate::core::{participant, Error, Kind};
use super::{change, strings};
use crate::core::json::Json;

/// A participant change for the agent's own leg.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Hold,
    Mute,
    HangUp,
}

impl Client {
    /// Starts a consult from the customer (or the given participant).
    pub async fn consult(&self, op: &mut Op, plan: &ConsultPlan) -> Result<Json, Error> {
        let target = self.resolve(op, &plan.target).await?;
        let object = match &plan.participant_id {
            Some(p) => p.clone(),
            None => {
                let (conv, me) = self.conversation_and_me(op, &plan.conversation_id).await?;
                if let Some((o, _)) = participant::active_consult(&conv) {
                    return Err(Error::new(Kind::InvalidState, format!("a consult is already in progress from participant {}: complete or cancel it first", o.id)));
                }
                participant::consult_object(&conv, me.as_deref())?.id.clone()
            }
        };
        let req = consult::consult_request(&plan.conversation_id, &object, &target, plan.speak_to);
        let destination = self.send_and_read(op, &req, consult::read_consult_response).await?;
        Ok(strings([
            ("conversationId", &plan.conversation_id),
            ("participantId", &object),
            ("destinationParticipantId", &destination),
            ("speakTo", plan.speak_to),
        ]))
    }

    /// The consult in progress on a call, for rebuilding a handle.
    pub async fn consult_state(&self, op: &mut Op, call: &CallRef) -> Result<Json, Error> {
        let (conv, _) = self.read_conversation(op, &call.conversation_id).await?;
        let (object, dest) = in_progress(&conv)?;
        Ok(strings([("conversationId", &conv.id), ("participantId", &object), ("destinationParticipantId", &dest)]))
    }

    /// Switches who speaks: `PATCH …/consult {speakTo}`.
    pub async fn consult_speak_to(&self, op: &mut Op, call: &CallRef) -> Result<Json, Error> {
        let (conv, _) = self.read_conversation(op, &call.conversation_id).await?;
        let (object, dest) = in_progress(&conv)?;
        let speak_to = call.value.unwrap_or("destination");
        self.execute(op, &consult::speak_to_request(&conv.id, &object, speak_to)).await?;
        Ok(strings([("conversationId", &conv.id), ("participantId", &object), ("destinationParticipantId", &dest), ("speakTo", speak_to)]))
    }

    /// Cancels: `DELETE …/consult`; the destination leaves.
    pub async fn consult_cancel(&self, op: &mut Op, call: &CallRef) -> Result<Json, Error> {
        let (conv, _) = self.read_conversation(op, &call.conversation_id).await?;
        let (object, dest) = in_progress(&conv)?;
        self.execute(op, &consult::cancel_request(&conv.id, &object)).await?;
        Ok(strings([("conversationId", &conv.id), ("participantId", &object), ("destinationParticipantId", &dest)]))
    }

    /// Completes: the agent disconnects its own leg, leaving the customer with
    /// the destination. Genesys documents no dedicated endpoint for this; it is
    /// what the agent UI does.
    pub async fn consult_complete(&self, op: &mut Op, call: &CallRef) -> Result<Json, Error> {
        let (conv, me) = self.conversation_and_me(op, &call.conversation_id).await?;
        let (object, dest) = in_progress(&conv)?;
        let agent = match &call.participant_id {
            Some(p) => p.clone(),
            None => participant::own_participant(&conv, me.as_deref(), false)?.id.clone(),
        };
        let req = consult::participant_request(&conv.id, &agent, &change("state", Json::from("disconnected")));
        self.execute(op, &req).await?;
        Ok(strings([("conversationId", &conv.id), ("participantId", &object), ("destinationParticipantId", &dest)]))
    }

    /// Hold, mute or hang up the agent's own participant.
    pub async fn control(&self, op: &mut Op, call: &CallRef, what: Control) -> Result<Json, Error> {
        let pid = match &call.participant_id {
            Some(p) => p.clone(),
            None => {
                let (conv, me) = self.conversation_and_me(op, &call.conversation_id).await?;
                participant::own_participant(&conv, me.as_deref(), what != Control::HangUp)?.id.clone()
            }
        };
        let on = call.value == Some("true");
        let change = match what {
            Control::Hold => change("held", Json::from(on)),
            Control::Mute => change("muted", Json::from(on)),
            Control::HangUp => change("state", Json::from("disconnected")),
        };
        self.execute(op, &consult::participant_request(&call.conversation_id, &pid, &change)).await?;
        Ok(strings([("conversationId", &call.conversation_id), ("participantId", &pid)]))
    }
}

fn in_progress(conv: &Conversation) -> Result<(String, String), Error> {
    participant::active_consult(conv)
        .map(|(o, d)| (o.id.clone(), d.id.clone()))
        .ok_or_else(|| Error::new(Kind::InvalidState, "no consult is in progress on this call"))
}
