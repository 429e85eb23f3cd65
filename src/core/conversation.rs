//! Reading `GET /api/v2/conversations/{id}` (the `Conversation` model, with
//! flat `participants[].userId` and `calls[].state`) into what selection needs.

use super::error::{Error, Kind};
use super::http::Body;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;

/// One participant, reduced to what picking a participant needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    pub id: String,
    /// `agent`, `user`, `customer`, `external`, `acd`, `ivr`, `voicemail`, … (free string).
    pub purpose: String,
    pub user_id: Option<String>,
    pub queue_id: Option<String>,
    /// The participant's call state: `connected` if any of its calls is, else
    /// the last call's state (or the participant's own `state` field).
    pub state: String,
    pub consult_participant_id: Option<String>,
}

impl Participant {
    pub fn is_connected(&self) -> bool {
        self.state == "connected"
    }

    /// Whether the participant has left for good.
    pub fn has_ended(&self) -> bool {
        matches!(self.state.as_str(), "disconnected" | "terminated" | "none" | "")
    }
}

/// A conversation: its id and participants in the order Genesys lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversation {
    pub id: String,
    pub participants: Vec<Participant>,
}

/// The part of a `Conversation` body read.
#[derive(Debug, Deserialize)]
struct ConversationBody {
    id: Option<String>,
    participants: Option<Vec<ParticipantBody>>,
}

/// The part of a `Participant` read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ParticipantBody {
    id: Option<String>,
    purpose: Option<String>,
    user_id: Option<String>,
    /// Older shapes nest the user and queue as `{id}` references.
    user: Option<IdRef>,
    queue_id: Option<String>,
    queue: Option<IdRef>,
    state: Option<String>,
    consult_participant_id: Option<String>,
    calls: Option<Vec<CallBody>>,
}

/// `{id}`: a user or queue reference, `UserMe` and `CreateCallResponse` as
/// far as the package reads them (one type, one deserializer in the wasm).
#[derive(Debug, Deserialize)]
pub(crate) struct IdRef {
    pub(crate) id: Option<String>,
}

/// The part of a `Call` read.
#[derive(Debug, Deserialize)]
struct CallBody {
    state: Option<String>,
}

/// A text field, with an empty string counting as absent.
fn text(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

/// Reads a conversation body, returning the typed view and the body as sent.
pub fn read_conversation<B: Body>(body: &B) -> Result<(Conversation, B), Error> {
    let bad = |m: &str| Error::new(Kind::UnexpectedResponse, m);
    let c: ConversationBody = body.read().ok_or_else(|| bad("the conversation response is not a Conversation"))?;
    let id = text(c.id).ok_or_else(|| bad("the conversation response has no id"))?;
    let list = c.participants.ok_or_else(|| bad("the conversation response has no participants"))?;
    let participants = list.into_iter().filter_map(read_participant).collect();
    Ok((Conversation { id, participants }, body.clone()))
}

fn read_participant(p: ParticipantBody) -> Option<Participant> {
    // The id goes into the transfer path: anything but a Genesys id is skipped.
    let id = text(p.id).filter(|s| super::id::is_uuid(s))?;
    let call_states: Vec<String> = p.calls.unwrap_or_default().into_iter().filter_map(|c| c.state).collect();
    let state = if call_states.iter().any(|s| s == "connected") {
        "connected".into()
    } else if let Some(last) = call_states.last() {
        last.clone()
    } else {
        text(p.state).unwrap_or_default()
    };
    Some(Participant {
        id,
        purpose: text(p.purpose).unwrap_or_default(),
        user_id: text(p.user_id).or_else(|| p.user.and_then(|u| text(u.id))),
        queue_id: text(p.queue_id).or_else(|| p.queue.and_then(|q| text(q.id))),
        state,
        consult_participant_id: text(p.consult_participant_id),
    })
}

/// Reads `GET /api/v2/users/me`: the user's id and the body as sent.
pub fn read_me<B: Body>(body: &B) -> Result<(String, B), Error> {
    let bad = |m: &str| Error::new(Kind::UnexpectedResponse, m);
    let me: IdRef = body.read().ok_or_else(|| bad("the users/me response is not a UserMe"))?;
    match text(me.id) {
        Some(id) if super::id::is_uuid(&id) => Ok((id, body.clone())),
        _ => Err(bad("the users/me response has no user id")),
    }
}
